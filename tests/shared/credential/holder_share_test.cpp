#include "shared/credential/holder_share.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/crypto/x509.hpp"
#include "tests/shared/credential/sample_facts.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace craftmark;
using nlohmann::json;

namespace {

json sample_credential() {
    auto f = testing::sample_facts();
    f.holder_romanised = "Zhang Sanfeng";
    return credential::open_badge_credential(f);
}

std::vector<std::string> parts_of(std::string const& sd_jwt) { // JWT, then each disclosure
    std::vector<std::string> parts;
    for (std::size_t at = 0, tilde; (tilde = sd_jwt.find('~', at)) != std::string::npos;
         at = tilde + 1)
        parts.push_back(sd_jwt.substr(at, tilde - at));
    return parts;
}

/// The claims `disclosures` reveal, each checked against the digests `payload` signs (RFC 9901
/// §7.1), as the verification page does it; throws for anything else.
json disclosed_claims(json const& payload, std::vector<std::string> const& disclosures) {
    if (payload.value("_sd_alg", "") != "sha-256" || !payload.contains("_sd"))
        throw std::invalid_argument("not an SD-JWT with SHA-256 digests");
    json out = json::object();
    for (auto const& disclosure : disclosures) {
        auto digest = crypto::base64url_encode(crypto::sha256(disclosure));
        if (std::find(payload["_sd"].begin(), payload["_sd"].end(), digest) == payload["_sd"].end())
            throw std::invalid_argument("a disclosure the issuer did not sign");
        auto claim = json::parse(*crypto::base64url_decode(disclosure));
        if (claim.size() != 3 || out.contains(claim[1].get<std::string>()))
            throw std::invalid_argument("a malformed disclosure");
        out[claim[1].get<std::string>()] = claim[2];
    }
    return out;
}

} // namespace

TEST_CASE(
    "a holder's SD-JWT signs the public view and hides the names and number until disclosed") {
    auto key = crypto::make_p256_key();
    auto credential = sample_credential();
    auto sd_jwt = credential::holder_share_sd_jwt(credential, R"({"alg":"ES256"})", key.get());
    REQUIRE(sd_jwt.back() == '~'); // no key-binding JWT: anyone holding the link may present it
    auto parts = parts_of(sd_jwt);
    REQUIRE(parts.size() == 4);
    auto payload_text = crypto::es256_verify_compact(parts[0], key.get());
    REQUIRE(payload_text);
    auto payload = json::parse(*payload_text);
    CHECK("https://verify.example.cn/c/" + payload["id"].get<std::string>() == credential["id"]);
    CHECK(payload["holder"] == "张**");
    CHECK(payload["_sd"].size() == 3);
    for (auto const& secret : {"张三丰", "Zhang Sanfeng", "CM2026000123"})
        CHECK(payload_text->find(secret) == std::string::npos);

    auto all = disclosed_claims(payload, {parts[1], parts[2], parts[3]});
    CHECK(all == json{{"holderName", "张三丰"},
                      {"holderRomanisedName", "Zhang Sanfeng"},
                      {"certificateNumber", "CM2026000123"}});
    CHECK(disclosed_claims(payload, {parts[3]}) == json{{"certificateNumber", "CM2026000123"}});
    CHECK(disclosed_claims(payload, {}).empty());
}

TEST_CASE("a disclosure the issuer did not sign, or a repeated claim, is refused") {
    auto key = crypto::make_p256_key();
    auto parts = parts_of(
        credential::holder_share_sd_jwt(sample_credential(), R"({"alg":"ES256"})", key.get()));
    auto payload = json::parse(*crypto::es256_verify_compact(parts[0], key.get()));
    auto forged = crypto::base64url_encode(R"(["c2FsdHNhbHRzYWx0","holderName","王五"])");
    CHECK_THROWS_WITH(disclosed_claims(payload, {forged}), doctest::Contains("did not sign"));
    CHECK_THROWS_WITH(disclosed_claims(payload, {parts[1], parts[1]}),
                      doctest::Contains("malformed"));
    json unsigned_payload = payload;
    unsigned_payload.erase("_sd_alg");
    CHECK_THROWS(disclosed_claims(unsigned_payload, {parts[1]}));
}

TEST_CASE("salts are fresh: two SD-JWTs of one certificate share no digest") {
    auto key = crypto::make_p256_key();
    auto credential = sample_credential();
    auto a = parts_of(credential::holder_share_sd_jwt(credential, R"({"alg":"ES256"})", key.get()));
    auto b = parts_of(credential::holder_share_sd_jwt(credential, R"({"alg":"ES256"})", key.get()));
    for (std::size_t i = 1; i < a.size(); ++i) CHECK(a[i] != b[i]);
}
