#include "shared/crypto/passphrase.hpp"

#include "shared/crypto/digest.hpp"

#include <memory>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdexcept>

namespace craftmark::crypto {
namespace {

using bio_ptr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

key_ptr read_key(std::string_view pem, std::string const& passphrase) {
    bio_ptr in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    key_ptr key(
        PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, const_cast<char*>(passphrase.c_str())),
        EVP_PKEY_free);
    if (!key) throw std::runtime_error(openssl_error("cannot read the private key"));
    return key;
}

std::string write_key(EVP_PKEY* key, EVP_CIPHER const* cipher, std::string const& passphrase) {
    bio_ptr out(BIO_new(BIO_s_mem()), BIO_free);
    if (PEM_write_bio_PKCS8PrivateKey(
            out.get(), key, cipher, cipher ? const_cast<char*>(passphrase.data()) : nullptr,
            cipher ? static_cast<int>(passphrase.size()) : 0, nullptr, nullptr) != 1)
        throw std::runtime_error(openssl_error("cannot write the private key"));
    char* data = nullptr;
    auto size = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

} // namespace

std::string encrypt_private_key(std::string_view pem, std::string const& passphrase) {
    auto key = read_key(pem, "");
    return write_key(key.get(), EVP_aes_256_cbc(), passphrase);
}

std::string decrypt_private_key(std::string_view pem, std::string const& passphrase) {
    auto key = read_key(pem, passphrase);
    return write_key(key.get(), nullptr, "");
}

std::string derive_key(std::string const& passphrase, std::string_view salt, int iterations) {
    std::string key(32, '\0');
    if (PKCS5_PBKDF2_HMAC(passphrase.data(), static_cast<int>(passphrase.size()),
                          reinterpret_cast<unsigned char const*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(key.size()),
                          reinterpret_cast<unsigned char*>(key.data())) != 1)
        throw std::runtime_error(openssl_error("PBKDF2"));
    return key;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<unsigned char const*>(data.data()), data.size(), mac, &length))
        throw std::runtime_error(openssl_error("HMAC"));
    return to_hex(std::string_view(reinterpret_cast<char const*>(mac), length));
}

} // namespace craftmark::crypto
