#pragma once
// What a backup does with a passphrase: private keys travel encrypted under it, and its
// manifest is authenticated by a key derived from it.
#include <string>
#include <string_view>

namespace craftmark::crypto {

/// A PEM private key re-encrypted as PKCS#8 (PBES2: PBKDF2 and AES-256-CBC) under `passphrase`.
std::string encrypt_private_key(std::string_view pem, std::string const& passphrase);
/// The key back as unencrypted PEM; throws when the passphrase is wrong or the key damaged.
std::string decrypt_private_key(std::string_view pem, std::string const& passphrase);

/// PBKDF2-HMAC-SHA256: 32 bytes from `passphrase` and `salt`.
std::string derive_key(std::string const& passphrase, std::string_view salt, int iterations);
/// HMAC-SHA256 of `data` under `key`, as 64 hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

} // namespace craftmark::crypto
