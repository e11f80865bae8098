#pragma once
#include <string>
#include <string_view>

namespace craftmark::crypto {

/// Hashes a staff password with scrypt (OpenSSL's EVP_PBE_scrypt, N=2^15, r=8, p=1, 16-byte
/// random salt) into "scrypt$N$r$p$salt$hash" (hex), so the parameters travel with the hash.
std::string hash_password(std::string_view password);

/// Checks `password` against a stored hash in constant time; false for malformed hashes.
bool verify_password(std::string_view password, std::string_view stored);

} // namespace craftmark::crypto
