#pragma once
// Encryption to a certificate's key (CMS AuthEnvelopedData, RFC 5083: AES-256-GCM under a key
// agreed with the recipient's EC key, what `openssl cms -encrypt -aes-256-gcm` makes and
// `openssl cms -decrypt` opens), and AES-256-GCM under a key of our own for what must stay
// shut until that key is given.
#include "shared/crypto/openssl_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace craftmark::crypto {

/// DER AuthEnvelopedData of `content` for the holder of `recipient`'s private key.
std::string cms_encrypt(std::string_view content, X509* recipient);

/// The content of an envelope made for `certificate`, or nullopt when the bytes are not an
/// envelope, it was made for another key, or it was changed (the GCM tag fails).
std::optional<std::string> cms_decrypt(std::string_view der, X509* certificate, EVP_PKEY* key);

/// AES-256-GCM: a fresh 12-byte nonce, the ciphertext, then the 16-byte tag. `aad` is bound to
/// the ciphertext without being in it (what the box is for: the venue and the sitting).
std::string aead_seal(std::string_view key, std::string_view aad, std::string_view plaintext);

/// The plaintext, or nullopt when `key` or `aad` is not the one it was sealed with or a byte
/// of the box was changed. `key` must be 32 bytes.
std::optional<std::string>
aead_open(std::string_view key, std::string_view aad, std::string_view box);

inline constexpr std::size_t aead_key_size = 32;

} // namespace craftmark::crypto
