#pragma once
// Owning pointers for the OpenSSL objects Craftmark handles, so that every path frees them.
#include <memory>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace craftmark::crypto {

template <class T, void (*Free)(T*)> struct openssl_deleter {
    void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using openssl_ptr = std::unique_ptr<T, openssl_deleter<T, Free>>;

using pkey_ptr = openssl_ptr<EVP_PKEY, EVP_PKEY_free>;
using x509_ptr = openssl_ptr<X509, X509_free>;
using x509_crl_ptr = openssl_ptr<X509_CRL, X509_CRL_free>;
using x509_store_ptr = openssl_ptr<X509_STORE, X509_STORE_free>;
using bio_ptr = openssl_ptr<BIO, BIO_free_all>;
using cms_ptr = openssl_ptr<CMS_ContentInfo, CMS_ContentInfo_free>;

} // namespace craftmark::crypto
