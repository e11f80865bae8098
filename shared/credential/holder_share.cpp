#include "shared/credential/holder_share.hpp"

#include "shared/credential/canonical_json.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"

#include <algorithm>

namespace craftmark::credential {
namespace {

using json = nlohmann::json;

/// RFC 9901 §4.2.3: the digest is over the disclosure's base64url text as sent.
std::string digest_of(std::string const& disclosure) {
    return crypto::base64url_encode(crypto::sha256(disclosure));
}

} // namespace

std::string
holder_share_sd_jwt(json const& credential, std::string const& header_json, EVP_PKEY* key) {
    auto names = holder_names_of(credential);
    std::vector<std::pair<std::string, std::string>> claims;
    if (!names.empty()) claims.emplace_back("holderName", names[0]);
    if (names.size() > 1) claims.emplace_back("holderRomanisedName", names[1]);
    claims.emplace_back("certificateNumber", number_of(credential));

    json payload = public_summary(credential);
    payload["_sd_alg"] = "sha-256";
    payload["_sd"] = json::array();
    std::string disclosures;
    for (auto const& [name, value] : claims) {
        auto salt = crypto::base64url_encode(crypto::random_bytes(16));
        auto disclosure = crypto::base64url_encode(json::array({salt, name, value}).dump());
        payload["_sd"].push_back(digest_of(disclosure));
        disclosures += disclosure + "~";
    }
    // Sorted, so that the digests' order says nothing about which claim is which (§4.2.4.1).
    std::sort(payload["_sd"].begin(), payload["_sd"].end());
    return crypto::es256_sign_compact(header_json, canonical_json(payload), key) + "~" +
           disclosures;
}

} // namespace craftmark::credential
