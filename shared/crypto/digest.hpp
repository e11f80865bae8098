#pragma once
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace craftmark::crypto {

/// Thrown when an OpenSSL call fails; carries OpenSSL's error queue as text.
class crypto_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// SHA-256 of `data`: 32 raw bytes.
std::string sha256(std::string_view data);

/// SHA-256 of `data`, lower-case hex.
std::string sha256_hex(std::string_view data);

/// SHA-256 of a file's contents, lower-case hex, read in pieces.
std::string sha256_file_hex(std::filesystem::path const& file);

/// `n` bytes from OpenSSL's CSPRNG.
std::string random_bytes(std::size_t n);

/// `n` random bytes as lower-case hex (2n characters).
std::string random_hex(std::size_t n);

/// A random string of `length` digits, for access codes read aloud or typed.
std::string random_digits(std::size_t length);

/// Lower-case hex of arbitrary bytes.
std::string to_hex(std::string_view bytes);

/// Compares in constant time (for tokens and codes).
bool constant_time_equal(std::string_view a, std::string_view b);

/// Drains OpenSSL's error queue into a message that starts with `what`.
std::string openssl_error(std::string_view what);

} // namespace craftmark::crypto
