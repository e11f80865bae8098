#include "shared/crypto/digest.hpp"

#include <fstream>
#include <memory>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <vector>

namespace craftmark::crypto {

std::string openssl_error(std::string_view what) {
    std::string message(what);
    while (unsigned long e = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(e, buffer, sizeof buffer);
        message += ": ";
        message += buffer;
    }
    return message;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 0xf];
    }
    return out;
}

namespace {
/// SHA-256 fetched from OpenSSL's default provider once: the implicit fetch that EVP_sha256()
/// implies costs about as much as hashing a short input, and the server hashes many (resume
/// tokens, audit entries, a paper's option ids).
EVP_MD const* sha256_md() {
    static std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(
        EVP_MD_fetch(nullptr, "SHA256", nullptr), EVP_MD_free);
    if (!md) throw crypto_error(openssl_error("sha256: cannot fetch the digest"));
    return md.get();
}
} // namespace

std::string sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (1 != EVP_Digest(data.data(), data.size(), md, &length, sha256_md(), nullptr))
        throw crypto_error(openssl_error("sha256"));
    return {reinterpret_cast<char const*>(md), length};
}

std::string sha256_hex(std::string_view data) {
    return to_hex(sha256(data));
}

std::string sha256_file_hex(std::filesystem::path const& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || 1 != EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr))
        throw crypto_error(openssl_error("sha256"));
    std::vector<char> buffer(1 << 16);
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)
        if (1 != EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount())))
            throw crypto_error(openssl_error("sha256"));
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (1 != EVP_DigestFinal_ex(ctx.get(), md, &length))
        throw crypto_error(openssl_error("sha256"));
    return to_hex({reinterpret_cast<char const*>(md), length});
}

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (n > 0 && 1 != RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)))
        throw crypto_error(openssl_error("RAND_bytes"));
    return out;
}

std::string random_hex(std::size_t n) {
    return to_hex(random_bytes(n));
}

std::string random_digits(std::size_t length) {
    std::string out;
    while (out.size() < length) {
        // Rejection sampling keeps every digit equally likely.
        for (unsigned char c : random_bytes(length)) {
            if (c < 250 && out.size() < length) out += static_cast<char>('0' + c % 10);
        }
    }
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace craftmark::crypto
