#pragma once
// What a holder shares: an IETF SD-JWT (RFC 9901) with the certificate's public summary in
// clear and the holder's names and the certificate number as selectively disclosable claims.
// The holder passes on the issuer-signed JWT with only the disclosures they choose; a verifier
// sees the rest of them as salted digests, which reveal nothing. The verification page checks
// the links (portal.js, disclosedClaims).
#include "shared/crypto/openssl_types.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace craftmark::credential {

/// `<issuer-signed JWT>~<disclosure>~…~` for `credential`, signed with `key` under
/// `header_json` (ES256). Salts are fresh 128-bit random values.
std::string holder_share_sd_jwt(nlohmann::json const& credential,
                                std::string const& header_json,
                                EVP_PKEY* key);

} // namespace craftmark::credential
