#pragma once
// Detached CMS signatures (RFC 5652) over exact bytes: what `openssl cms -sign -binary` makes and
// `openssl cms -verify -binary` checks.
#include "shared/crypto/openssl_types.hpp"

#include <string>
#include <string_view>

namespace craftmark::crypto {

/// DER SignedData over `content` (ECDSA/SHA-256, signed attributes kept, signer certificate
/// included, identified by issuer and serial so that old PKCS#7 verifiers read it too).
std::string cms_sign_detached(std::string_view content, X509* signer, EVP_PKEY* key);

/// The same, for a PDF signature (PAdES baseline B, ETSI EN 319 142-1): also signs the
/// ESS signing-certificate-v2 attribute, which binds the signer's certificate to the signature.
/// OpenSSL 3.0 always adds a signingTime attribute as well, which baseline B leaves out (the
/// PDF's /M says when); readers and pdfsig accept it.
std::string cms_sign_pades(std::string_view content, X509* signer, EVP_PKEY* key);

/// Trust for verification: every certificate and CRL in `pem` (a root, then its CRL). With
/// `check_crl` every certificate on the chain must be covered by a current CRL, as with
/// `openssl cms -verify -crl_check`.
x509_store_ptr trust_store(std::string const& pem, bool check_crl);

/// Why a detached signature was not accepted.
enum class cms_failure {
    none,
    malformed,       // not a DER CMS SignedData
    content_changed, // the signature does not cover these bytes
    unknown_signer,  // the signer does not chain to the trusted root
    signer_revoked,  // the signing certificate is on the CRL
    crl_missing,     // no current CRL for the chain (expired or not supplied)
    signer_invalid,  // expired, wrong purpose, or another chain error
};

struct cms_verification {
    cms_failure failure = cms_failure::none;
    std::string detail;         // OpenSSL's words, for logs
    x509_ptr signer;            // when the structure could be read
    std::int64_t signed_at = 0; // signingTime attribute (seconds since 1970), 0 if absent
    bool ok() const { return failure == cms_failure::none; }
};

/// Checks the signature over `content` and the signer's chain to `trust`, as
/// `openssl cms -verify -binary` does.
cms_verification
cms_verify_detached(std::string_view content, std::string_view der, X509_STORE* trust);

/// `content` as CMS_verify should read it: through a buffer, not straight from memory. Given a
/// memory BIO, OpenSSL 3.0 (3.0.19 here) copies it and leaks the copy when the signature's
/// digest algorithms cannot be set up (openssl/openssl#30471) — one BIO per forged upload to
/// the verification portal.
bio_ptr detached_content_reader(std::string_view content);

/// The first signer's signingTime attribute (seconds since 1970), 0 if absent.
std::int64_t cms_signing_time(CMS_ContentInfo* cms);

} // namespace craftmark::crypto
