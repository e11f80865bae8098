#include "shared/crypto/cms.hpp"

#include "shared/crypto/digest.hpp"

#include <ctime>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace craftmark::crypto {
namespace {

bio_ptr memory_reader(std::string_view bytes) {
    bio_ptr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (!bio) throw crypto_error(openssl_error("BIO_new_mem_buf"));
    return bio;
}

void free_infos(STACK_OF(X509_INFO) * s) {
    sk_X509_INFO_pop_free(s, X509_INFO_free);
}
void free_certificates(STACK_OF(X509) * s) {
    sk_X509_pop_free(s, X509_free);
}

cms_failure classify(int x509_error) {
    switch (x509_error) {
    case X509_V_ERR_CERT_REVOKED: return cms_failure::signer_revoked;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE: return cms_failure::unknown_signer;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE: return cms_failure::crl_missing;
    default: return cms_failure::signer_invalid;
    }
}

std::string der_of(CMS_ContentInfo* cms) {
    bio_ptr out(BIO_new(BIO_s_mem()));
    if (!out || i2d_CMS_bio(out.get(), cms) != 1) throw crypto_error(openssl_error("i2d_CMS_bio"));
    char* data = nullptr;
    long length = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

} // namespace

std::int64_t cms_signing_time(CMS_ContentInfo* cms) {
    auto* infos = CMS_get0_SignerInfos(cms);
    if (!infos || sk_CMS_SignerInfo_num(infos) < 1) return 0;
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    int index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (index < 0) return 0;
    ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, index), 0);
    if (!value || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
        return 0;
    std::tm tm{};
    if (ASN1_TIME_to_tm(value->value.utctime, &tm) != 1) return 0;
    return static_cast<std::int64_t>(timegm(&tm));
}

std::string cms_sign_detached(std::string_view content, X509* signer, EVP_PKEY* key) {
    auto in = memory_reader(content);
    cms_ptr cms(CMS_sign(signer, key, nullptr, in.get(), CMS_DETACHED | CMS_BINARY));
    if (!cms) throw crypto_error(openssl_error("CMS_sign"));
    return der_of(cms.get());
}

std::string cms_sign_pades(std::string_view content, X509* signer, EVP_PKEY* key) {
    unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
    cms_ptr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
    if (!cms) throw crypto_error(openssl_error("CMS_sign"));
    CMS_SignerInfo* si = CMS_add1_signer(cms.get(), signer, key, EVP_sha256(), flags);
    if (!si) throw crypto_error(openssl_error("CMS_add1_signer"));
    // OpenSSL 3.0 has no CMS_add1_signing_cert_v2 in its API: the attribute is encoded here.
    openssl_ptr<ESS_SIGNING_CERT_V2, ESS_SIGNING_CERT_V2_free> ess(
        OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), signer, nullptr, 0));
    unsigned char* der = nullptr;
    int length = ess ? i2d_ESS_SIGNING_CERT_V2(ess.get(), &der) : -1;
    if (length <= 0) throw crypto_error(openssl_error("ESS signing-certificate-v2"));
    int added = CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
                                            V_ASN1_SEQUENCE, der, length);
    OPENSSL_free(der);
    if (added != 1) throw crypto_error(openssl_error("CMS_signed_add1_attr_by_NID"));
    auto in = memory_reader(content);
    if (CMS_final(cms.get(), in.get(), nullptr, flags) != 1)
        throw crypto_error(openssl_error("CMS_final"));
    return der_of(cms.get());
}

x509_store_ptr trust_store(std::string const& pem, bool check_crl) {
    x509_store_ptr store(X509_STORE_new());
    if (!store) throw crypto_error(openssl_error("X509_STORE_new"));
    auto in = memory_reader(pem);
    openssl_ptr<STACK_OF(X509_INFO), free_infos> infos(
        PEM_X509_INFO_read_bio(in.get(), nullptr, nullptr, nullptr));
    if (!infos) throw crypto_error(openssl_error("the trust file is not PEM"));
    int certificates = 0;
    for (int i = 0; i < sk_X509_INFO_num(infos.get()); ++i) {
        X509_INFO* info = sk_X509_INFO_value(infos.get(), i);
        if (info->x509 && X509_STORE_add_cert(store.get(), info->x509) == 1) ++certificates;
        if (info->crl) X509_STORE_add_crl(store.get(), info->crl);
    }
    if (certificates == 0) throw crypto_error("the trust file holds no certificate");
    if (check_crl) X509_STORE_set_flags(store.get(), X509_V_FLAG_CRL_CHECK);
    return store;
}

bio_ptr detached_content_reader(std::string_view content) {
    bio_ptr buffer(BIO_new(BIO_f_buffer()));
    if (!buffer) throw crypto_error(openssl_error("BIO_new"));
    BIO_push(buffer.get(), memory_reader(content).release());
    return buffer;
}

cms_verification
cms_verify_detached(std::string_view content, std::string_view der, X509_STORE* trust) {
    cms_verification result;
    auto in = memory_reader(der);
    cms_ptr cms(d2i_CMS_bio(in.get(), nullptr));
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
        result.failure = cms_failure::malformed;
        result.detail = openssl_error("not a CMS SignedData");
        return result;
    }
    auto data = detached_content_reader(content);
    if (CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr,
                   CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
        result.failure = cms_failure::content_changed;
        result.detail = openssl_error("signature check");
        return result;
    }
    STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
    if (!signers || sk_X509_num(signers) != 1) {
        sk_X509_free(signers);
        result.failure = cms_failure::malformed;
        result.detail = "expected exactly one signer";
        return result;
    }
    X509* signer = sk_X509_value(signers, 0);
    X509_up_ref(signer);
    result.signer.reset(signer);
    sk_X509_free(signers);
    result.signed_at = cms_signing_time(cms.get());

    // The chain is checked like `openssl cms -verify` does: S/MIME signing purpose, the CRL
    // flags of the store, the other certificates in the CMS as untrusted intermediates.
    openssl_ptr<STACK_OF(X509), free_certificates> untrusted(CMS_get1_certs(cms.get()));
    openssl_ptr<X509_STORE_CTX, X509_STORE_CTX_free> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), trust, signer, untrusted.get()) != 1 ||
        X509_STORE_CTX_set_default(ctx.get(), "smime_sign") != 1)
        throw crypto_error(openssl_error("X509_STORE_CTX"));
    if (X509_verify_cert(ctx.get()) != 1) {
        int error = X509_STORE_CTX_get_error(ctx.get());
        result.failure = classify(error);
        result.detail = X509_verify_cert_error_string(error);
    }
    ERR_clear_error();
    return result;
}

} // namespace craftmark::crypto
