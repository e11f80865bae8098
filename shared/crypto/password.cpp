#include "shared/crypto/password.hpp"

#include "shared/crypto/digest.hpp"

#include <cstdint>
#include <openssl/evp.h>
#include <sstream>
#include <vector>

namespace craftmark::crypto {
namespace {

constexpr std::uint64_t default_n = 1u << 15;
constexpr std::uint64_t default_r = 8;
constexpr std::uint64_t default_p = 1;
constexpr std::size_t key_length = 32;

std::string scrypt(std::string_view password,
                   std::string const& salt,
                   std::uint64_t n,
                   std::uint64_t r,
                   std::uint64_t p) {
    std::string key(key_length, '\0');
    // 64 MiB covers N=2^15, r=8 (32 MiB) with room to spare.
    if (1 != EVP_PBE_scrypt(password.data(), password.size(),
                            reinterpret_cast<unsigned char const*>(salt.data()), salt.size(), n, r,
                            p, 64u << 20, reinterpret_cast<unsigned char*>(key.data()), key.size()))
        throw crypto_error(openssl_error("EVP_PBE_scrypt"));
    return key;
}

std::string from_hex(std::string_view hex) {
    std::string out;
    if (hex.size() % 2) return out;
    for (std::size_t i = 0; i < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return out;
}

} // namespace

std::string hash_password(std::string_view password) {
    auto salt = random_bytes(16);
    std::ostringstream out;
    out << "scrypt$" << default_n << '$' << default_r << '$' << default_p << '$' << to_hex(salt)
        << '$' << to_hex(scrypt(password, salt, default_n, default_r, default_p));
    return out.str();
}

bool verify_password(std::string_view password, std::string_view stored) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in{std::string(stored)};
    while (std::getline(in, part, '$')) parts.push_back(part);
    if (parts.size() != 6 || parts[0] != "scrypt") return false;
    try {
        auto n = std::stoull(parts[1]), r = std::stoull(parts[2]), p = std::stoull(parts[3]);
        if (n < 2 || n > (1u << 20) || r == 0 || r > 32 || p == 0 || p > 16) return false;
        auto computed = to_hex(scrypt(password, from_hex(parts[4]), n, r, p));
        return constant_time_equal(computed, parts[5]);
    } catch (std::exception const&) {
        return false;
    }
}

} // namespace craftmark::crypto
