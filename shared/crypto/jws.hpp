#pragma once
// JWS compact serialisation with ES256 (RFC 7515/7518), for VC-JWT exports of certificates.
#include "shared/crypto/base64.hpp"
#include "shared/crypto/openssl_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace craftmark::crypto {

/// `header.payload.signature` over the given JSON texts; the signature is raw r‖s (64 bytes),
/// as JWS requires, not DER.
std::string
es256_sign_compact(std::string const& header_json, std::string const& payload_json, EVP_PKEY* key);

/// A P-256 public key as a JWK (RFC 7517/7518: kty EC, crv P-256, x, y), with `kid`, for
/// verifiers that find the key by the JWS header's kid. Returns the JSON text.
std::string es256_public_jwk(EVP_PKEY* key, std::string const& kid);

/// The decoded payload when the signature verifies with `public_key` and the header says ES256.
std::optional<std::string> es256_verify_compact(std::string_view jws, EVP_PKEY* public_key);

} // namespace craftmark::crypto
