#include "shared/crypto/dev_pki.hpp"

#include "shared/crypto/digest.hpp"

#include <fstream>
#include <memory>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace craftmark::crypto {
namespace {

using pkey_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using x509_ptr = std::unique_ptr<X509, decltype(&X509_free)>;

void check(int ok, char const* what) {
    if (ok != 1) throw crypto_error(openssl_error(what));
}

pkey_ptr make_p256_key() {
    pkey_ptr key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    if (!key) throw crypto_error(openssl_error("EVP_EC_gen"));
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, char const* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value), X509_EXTENSION_free);
    if (!ext) throw crypto_error(openssl_error("X509V3_EXT_conf_nid"));
    check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

// Signed later by the caller, once its extensions are added.
x509_ptr
make_certificate(EVP_PKEY* key, std::string const& common_name, X509* issuer, long valid_days) {
    x509_ptr cert(X509_new(), X509_free);
    if (!cert) throw crypto_error(openssl_error("X509_new"));
    check(X509_set_version(cert.get(), 2), "X509_set_version");
    std::string serial = random_bytes(16);
    serial[0] = static_cast<char>(serial[0] & 0x7f); // keep the serial positive
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(
        BN_bin2bn(reinterpret_cast<unsigned char const*>(serial.data()), 16, nullptr), BN_free);
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())))
        throw crypto_error(openssl_error("serial"));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), valid_days * 24 * 3600);
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(
              name, "O", MBSTRING_UTF8,
              reinterpret_cast<unsigned char const*>("Craftmark development"), -1, -1, 0),
          "subject O");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<unsigned char const*>(common_name.c_str()),
                                     -1, -1, 0),
          "subject CN");
    X509* signer = issuer ? issuer : cert.get();
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)), "issuer");
    return cert;
}

void write_file(std::filesystem::path const& path, std::string const& text, bool secret) {
    auto temporary = path;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (secret)
            std::filesystem::permissions(temporary, std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
        out << text;
        if (!out.flush()) throw crypto_error("cannot write " + temporary.string());
    }
    std::filesystem::rename(temporary, path);
}

template <class Write> std::string to_pem(Write write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || write(bio.get()) != 1) throw crypto_error(openssl_error("PEM_write"));
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

std::string subject_alt_names(std::vector<std::string> const& extra_names) {
    std::string san = "DNS:localhost,IP:127.0.0.1,IP:::1";
    for (auto const& name : extra_names) {
        bool is_ip = name.find_first_not_of("0123456789.:") == std::string::npos;
        san += (is_ip ? ",IP:" : ",DNS:") + name;
    }
    return san;
}

} // namespace

tls_files ensure_dev_pki(std::filesystem::path const& dir,
                         std::vector<std::string> const& extra_names) {
    tls_files files{dir / "ca.pem", dir / "server.pem", dir / "server.key"};
    if (std::filesystem::exists(files.ca_certificate) &&
        std::filesystem::exists(files.server_certificate) &&
        std::filesystem::exists(files.server_key))
        return files;
    std::filesystem::create_directories(dir);

    auto ca_key = make_p256_key();
    auto ca = make_certificate(ca_key.get(), "Craftmark development CA", nullptr, 3650);
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(ca.get(), ca_key.get(), EVP_sha256()) <= 0)
        throw crypto_error(openssl_error("X509_sign CA"));

    auto server_key = make_p256_key();
    auto server = make_certificate(server_key.get(), "localhost", ca.get(), 825);
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_subject_alt_name,
                  subject_alt_names(extra_names).c_str());
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    if (X509_sign(server.get(), ca_key.get(), EVP_sha256()) <= 0)
        throw crypto_error(openssl_error("X509_sign server"));

    write_file(dir / "ca.key", to_pem([&](BIO* b) {
                   return PEM_write_bio_PrivateKey(b, ca_key.get(), nullptr, nullptr, 0, nullptr,
                                                   nullptr);
               }),
               true);
    write_file(files.server_key, to_pem([&](BIO* b) {
                   return PEM_write_bio_PrivateKey(b, server_key.get(), nullptr, nullptr, 0,
                                                   nullptr, nullptr);
               }),
               true);
    write_file(files.ca_certificate,
               to_pem([&](BIO* b) { return PEM_write_bio_X509(b, ca.get()); }), false);
    write_file(files.server_certificate,
               to_pem([&](BIO* b) { return PEM_write_bio_X509(b, server.get()); }), false);
    return files;
}

} // namespace craftmark::crypto
