#include "shared/crypto/base64.hpp"

#include <cstdint>

namespace craftmark::crypto {
namespace {

// Written by hand rather than with OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock: those know only
// the standard alphabet, pad always, and decode trailing padding into zero bytes.

constexpr char url_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char standard_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string encode(std::string_view bytes, char const* alphabet) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 0x3f];
    return out;
}

std::optional<std::string> decode(std::string_view text, char const* alphabet, bool skip_space) {
    std::string out;
    out.reserve(text.size() / 4 * 3 + 3);
    std::uint32_t buffer = 0;
    int bits = 0;
    bool padded = false;
    for (char c : text) {
        if (skip_space && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) continue;
        if (c == '=') {
            padded = true;
            continue;
        }
        char const* at = std::char_traits<char>::find(alphabet, 64, c);
        if (!at || padded) return std::nullopt; // no data after padding
        buffer = (buffer << 6) | static_cast<std::uint32_t>(at - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
    return encode(bytes, url_alphabet);
}

std::optional<std::string> base64url_decode(std::string_view text) {
    return decode(text, url_alphabet, false);
}

std::string base64_encode(std::string_view bytes) {
    auto out = encode(bytes, standard_alphabet);
    out.append((4 - out.size() % 4) % 4, '=');
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    return decode(text, standard_alphabet, true);
}

} // namespace craftmark::crypto
