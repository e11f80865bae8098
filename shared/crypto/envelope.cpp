#include "shared/crypto/envelope.hpp"

#include "shared/crypto/digest.hpp"

#include <openssl/err.h>

namespace craftmark::crypto {
namespace {

constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;

using cipher_ctx_ptr = openssl_ptr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;

bio_ptr reader(std::string_view bytes) {
    bio_ptr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (!bio) throw crypto_error(openssl_error("BIO_new_mem_buf"));
    return bio;
}

std::string bytes_of(BIO* bio) {
    char* data = nullptr;
    long length = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(length));
}

void free_stack(STACK_OF(X509) * s) {
    sk_X509_free(s); // the stack only: the certificate stays the caller's
}

unsigned char const* bytes(std::string_view s) {
    return reinterpret_cast<unsigned char const*>(s.data());
}

} // namespace

std::string cms_encrypt(std::string_view content, X509* recipient) {
    openssl_ptr<STACK_OF(X509), free_stack> recipients(sk_X509_new_null());
    if (!recipients || !sk_X509_push(recipients.get(), recipient))
        throw crypto_error(openssl_error("sk_X509_push"));
    auto in = reader(content);
    cms_ptr cms(CMS_encrypt(recipients.get(), in.get(), EVP_aes_256_gcm(), CMS_BINARY));
    if (!cms) throw crypto_error(openssl_error("CMS_encrypt"));
    bio_ptr out(BIO_new(BIO_s_mem()));
    if (!out || i2d_CMS_bio(out.get(), cms.get()) != 1)
        throw crypto_error(openssl_error("i2d_CMS_bio"));
    return bytes_of(out.get());
}

std::optional<std::string> cms_decrypt(std::string_view der, X509* certificate, EVP_PKEY* key) {
    auto in = reader(der);
    cms_ptr cms(d2i_CMS_bio(in.get(), nullptr));
    bio_ptr out(BIO_new(BIO_s_mem()));
    if (!out) throw crypto_error(openssl_error("BIO_new"));
    bool opened =
        cms && CMS_decrypt(cms.get(), key, certificate, nullptr, out.get(), CMS_BINARY) == 1;
    ERR_clear_error(); // a refusal is an answer here, not an error for the next caller to find
    if (!opened) return std::nullopt;
    return bytes_of(out.get());
}

std::string aead_seal(std::string_view key, std::string_view aad, std::string_view plaintext) {
    if (key.size() != aead_key_size)
        throw std::invalid_argument("aead_seal: the key must be 32 bytes");
    auto nonce = random_bytes(nonce_size);
    cipher_ctx_ptr ctx(EVP_CIPHER_CTX_new());
    std::string box = nonce;
    box.resize(nonce_size + plaintext.size() + tag_size);
    auto* out = reinterpret_cast<unsigned char*>(box.data()) + nonce_size;
    int n = 0, tail = 0;
    if (!ctx ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out, &n, bytes(plaintext),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out + n, &tail) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size, out + plaintext.size()) != 1)
        throw crypto_error(openssl_error("AES-256-GCM"));
    return box;
}

std::optional<std::string>
aead_open(std::string_view key, std::string_view aad, std::string_view box) {
    if (key.size() != aead_key_size || box.size() < nonce_size + tag_size) return std::nullopt;
    auto nonce = box.substr(0, nonce_size);
    auto sealed = box.substr(nonce_size, box.size() - nonce_size - tag_size);
    std::string tag(box.substr(box.size() - tag_size));
    std::string plain(sealed.size(), '\0');
    auto* out = reinterpret_cast<unsigned char*>(plain.data());
    cipher_ctx_ptr ctx(EVP_CIPHER_CTX_new());
    int n = 0, tail = 0;
    bool ok =
        ctx &&
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) == 1 &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(aad), static_cast<int>(aad.size())) == 1 &&
        EVP_DecryptUpdate(ctx.get(), out, &n, bytes(sealed), static_cast<int>(sealed.size())) ==
            1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data()) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), out + n, &tail) == 1; // the tag is checked here
    ERR_clear_error();
    if (!ok) return std::nullopt;
    return plain;
}

} // namespace craftmark::crypto
