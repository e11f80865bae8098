#include "shared/crypto/x509.hpp"

#include "shared/crypto/digest.hpp"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace craftmark::crypto {
namespace {

void check(int ok, char const* what) {
    if (ok != 1) throw crypto_error(openssl_error(what));
}

template <class Write> std::string pem_text(Write write) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1) throw crypto_error(openssl_error("PEM_write"));
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

bio_ptr reader(std::string const& text) {
    bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) throw crypto_error(openssl_error("BIO_new_mem_buf"));
    return bio;
}

} // namespace

int crl_reason_code(std::string const& reason) {
    static constexpr std::pair<char const*, int> reasons[] = {
        {"unspecified", CRL_REASON_UNSPECIFIED},
        {"keyCompromise", CRL_REASON_KEY_COMPROMISE},
        {"affiliationChanged", CRL_REASON_AFFILIATION_CHANGED},
        {"superseded", CRL_REASON_SUPERSEDED},
        {"cessationOfOperation", CRL_REASON_CESSATION_OF_OPERATION},
    };
    for (auto const& [name, code] : reasons)
        if (reason == name) return code;
    throw std::invalid_argument("unknown revocation reason \"" + reason +
                                "\" (unspecified, keyCompromise, affiliationChanged, superseded, "
                                "cessationOfOperation)");
}

pkey_ptr make_p256_key() {
    pkey_ptr key(EVP_EC_gen("P-256"));
    if (!key) throw crypto_error(openssl_error("EVP_EC_gen"));
    return key;
}

x509_ptr
make_certificate(EVP_PKEY* key, name_fields const& subject, X509* issuer, long valid_days) {
    x509_ptr cert(X509_new());
    if (!cert) throw crypto_error(openssl_error("X509_new"));
    check(X509_set_version(cert.get(), 2), "X509_set_version");
    std::string serial = random_bytes(16);
    serial[0] = static_cast<char>(serial[0] & 0x7f); // keep the serial positive
    openssl_ptr<BIGNUM, BN_free> bn(
        BN_bin2bn(reinterpret_cast<unsigned char const*>(serial.data()), 16, nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())))
        throw crypto_error(openssl_error("serial"));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), valid_days * 24 * 3600);
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(cert.get());
    for (auto const& [field, value] : subject)
        check(X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                         reinterpret_cast<unsigned char const*>(value.c_str()), -1,
                                         -1, 0),
              "subject name");
    X509* signer = issuer ? issuer : cert.get();
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)), "issuer name");
    return cert;
}

void add_extension(X509* cert, X509* issuer, int nid, std::string const& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
    openssl_ptr<X509_EXTENSION, X509_EXTENSION_free> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext) throw crypto_error(openssl_error("X509V3_EXT_conf_nid"));
    check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

void sign_certificate(X509* cert, EVP_PKEY* issuer_key) {
    if (X509_sign(cert, issuer_key, EVP_sha256()) <= 0)
        throw crypto_error(openssl_error("X509_sign"));
}

std::string serial_hex(X509 const* cert) {
    openssl_ptr<BIGNUM, BN_free> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!bn) throw crypto_error(openssl_error("serial"));
    char* hex = BN_bn2hex(bn.get());
    std::string out(hex);
    OPENSSL_free(hex);
    return out;
}

std::string fingerprint_sha256(X509* cert) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &length) != 1)
        throw crypto_error(openssl_error("X509_digest"));
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        if (i) out += ':';
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string san_uri(X509* cert) {
    openssl_ptr<GENERAL_NAMES, GENERAL_NAMES_free> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    if (!names) return "";
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        GENERAL_NAME const* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type != GEN_URI) continue;
        auto const* uri = name->d.uniformResourceIdentifier;
        return std::string(reinterpret_cast<char const*>(ASN1_STRING_get0_data(uri)),
                           static_cast<std::size_t>(ASN1_STRING_length(uri)));
    }
    return "";
}

std::string subject_line(X509* cert) {
    return pem_text([&](BIO* b) {
        auto flags =
            (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN;
        return X509_NAME_print_ex(b, X509_get_subject_name(cert), 0,
                                  static_cast<unsigned long>(flags)) >= 0
                   ? 1
                   : 0;
    });
}

x509_crl_ptr make_crl(X509* ca,
                      EVP_PKEY* ca_key,
                      std::vector<revoked_entry> const& revoked,
                      long crl_number,
                      long next_update_days) {
    x509_crl_ptr crl(X509_CRL_new());
    if (!crl) throw crypto_error(openssl_error("X509_CRL_new"));
    check(X509_CRL_set_version(crl.get(), 1), "X509_CRL_set_version");
    check(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca)), "CRL issuer");
    openssl_ptr<ASN1_TIME, ASN1_TIME_free> now(X509_gmtime_adj(nullptr, 0));
    openssl_ptr<ASN1_TIME, ASN1_TIME_free> next(X509_gmtime_adj(nullptr, next_update_days * 86400));
    check(X509_CRL_set1_lastUpdate(crl.get(), now.get()), "CRL lastUpdate");
    check(X509_CRL_set1_nextUpdate(crl.get(), next.get()), "CRL nextUpdate");
    for (auto const& entry : revoked) {
        X509_REVOKED* r = X509_REVOKED_new();
        BIGNUM* bn = nullptr;
        if (!r || !BN_hex2bn(&bn, entry.serial_hex.c_str()))
            throw crypto_error(openssl_error("revoked serial"));
        openssl_ptr<BIGNUM, BN_free> serial(bn);
        openssl_ptr<ASN1_INTEGER, ASN1_INTEGER_free> asn1_serial(BN_to_ASN1_INTEGER(bn, nullptr));
        openssl_ptr<ASN1_TIME, ASN1_TIME_free> when(
            ASN1_TIME_set(nullptr, static_cast<time_t>(entry.revoked_at_unix)));
        openssl_ptr<ASN1_ENUMERATED, ASN1_ENUMERATED_free> reason(ASN1_ENUMERATED_new());
        if (!asn1_serial || !when || !reason ||
            !ASN1_ENUMERATED_set(reason.get(), crl_reason_code(entry.reason)) ||
            !X509_REVOKED_set_serialNumber(r, asn1_serial.get()) ||
            !X509_REVOKED_set_revocationDate(r, when.get()) ||
            !X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, reason.get(), 0, 0) ||
            !X509_CRL_add0_revoked(crl.get(), r)) {
            X509_REVOKED_free(r);
            throw crypto_error(openssl_error("revoked entry"));
        }
    }
    openssl_ptr<ASN1_INTEGER, ASN1_INTEGER_free> number(ASN1_INTEGER_new());
    if (!number || !ASN1_INTEGER_set(number.get(), crl_number) ||
        !X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0))
        throw crypto_error(openssl_error("CRL number"));
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, ca, nullptr, nullptr, crl.get(), 0);
    openssl_ptr<X509_EXTENSION, X509_EXTENSION_free> aki(
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
    if (!aki || !X509_CRL_add_ext(crl.get(), aki.get(), -1))
        throw crypto_error(openssl_error("CRL authority key identifier"));
    check(X509_CRL_sort(crl.get()), "X509_CRL_sort");
    if (X509_CRL_sign(crl.get(), ca_key, EVP_sha256()) <= 0)
        throw crypto_error(openssl_error("X509_CRL_sign"));
    return crl;
}

std::string to_pem(X509* cert) {
    return pem_text([&](BIO* b) { return PEM_write_bio_X509(b, cert); });
}

std::string to_pem(X509_CRL* crl) {
    return pem_text([&](BIO* b) { return PEM_write_bio_X509_CRL(b, crl); });
}

std::string private_key_pem(EVP_PKEY* key) {
    return pem_text([&](BIO* b) {
        return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
    });
}

x509_ptr certificate_from_pem(std::string const& pem) {
    x509_ptr cert(PEM_read_bio_X509(reader(pem).get(), nullptr, nullptr, nullptr));
    if (!cert) throw crypto_error(openssl_error("not a PEM certificate"));
    return cert;
}

x509_crl_ptr crl_from_pem(std::string const& pem) {
    x509_crl_ptr crl(PEM_read_bio_X509_CRL(reader(pem).get(), nullptr, nullptr, nullptr));
    if (!crl) throw crypto_error(openssl_error("not a PEM CRL"));
    return crl;
}

pkey_ptr private_key_from_pem(std::string const& pem) {
    pkey_ptr key(PEM_read_bio_PrivateKey(reader(pem).get(), nullptr, nullptr, nullptr));
    if (!key) throw crypto_error(openssl_error("not a PEM private key"));
    return key;
}

} // namespace craftmark::crypto
