#include "shared/credential/canonical_json.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/credential/status_list.hpp"
#include "shared/credential/verify.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/crypto/x509.hpp"
#include "tests/shared/credential/sample_facts.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace craftmark;
using nlohmann::json;

using testing::sample_facts;

TEST_CASE("a certificate document is canonical: re-serialising gives the same bytes") {
    std::string bytes =
        credential::canonical_json(credential::open_badge_credential(sample_facts()));
    CHECK(bytes.find('\n') == std::string::npos);
    CHECK(json::parse(bytes).dump() == bytes);
    CHECK(credential::is_canonical_json(bytes));
    CHECK_FALSE(credential::is_canonical_json(json::parse(bytes).dump(2)));
    CHECK_FALSE(credential::is_canonical_json(bytes + " "));
}

TEST_CASE("values outside the canonical subset are refused, not silently rounded") {
    CHECK_THROWS_WITH(credential::canonical_json({{"score", 87.5}}),
                      doctest::Contains("floating-point"));
    CHECK_THROWS_WITH(credential::canonical_json({{"n", 9007199254740993ULL}}),
                      doctest::Contains("2^53"));
    CHECK_THROWS_WITH(credential::canonical_json({{"名字", "x"}}),
                      doctest::Contains("non-ASCII key"));
    CHECK(credential::canonical_json({{"n", 9007199254740991LL}, {"s", "87.5"}}) ==
          R"({"n":9007199254740991,"s":"87.5"})");
}

TEST_CASE("the Open Badges document carries what a certificate needs and no ID number") {
    auto f = sample_facts();
    auto doc = credential::open_badge_credential(f);
    CHECK(doc["type"] == json{"VerifiableCredential", "OpenBadgeCredential"});
    CHECK(doc["id"] == "https://verify.example.cn/c/" + f.id);
    auto const& achievement = doc["credentialSubject"]["achievement"];
    CHECK(achievement["achievementType"] == "Certificate");
    CHECK(achievement["alignment"][0]["targetCode"] == "6-31-01-03");
    CHECK(achievement["name"] == "电工 三级/高级工");
    CHECK(credential::holder_name_of(doc) == "张三丰");
    CHECK(credential::number_of(doc) == "CM2026000123");
    CHECK(doc["credentialStatus"][0]["statusListIndex"] == "94567");
    CHECK(doc["credentialStatus"][1]["statusPurpose"] == "suspension");
    f.kind = "award";
    CHECK(credential::open_badge_credential(
              f)["credentialSubject"]["achievement"]["achievementType"] == "Award");
}

TEST_CASE("certificate ids: 26 characters of Crockford base32, 128 random bits, all different") {
    std::set<std::string> ids;
    for (int i = 0; i < 200; ++i) {
        auto id = credential::new_certificate_id();
        CHECK(credential::is_certificate_id(id));
        CHECK(std::string("01234567").find(id[0]) != std::string::npos); // 130 bits − 2
        ids.insert(id);
    }
    CHECK(ids.size() == 200);
    CHECK_FALSE(credential::is_certificate_id("01JDX7Q4K9M2T8V5R3N6P1W0ZI")); // I is not base32
    CHECK_FALSE(credential::is_certificate_id("../../craftmark.db"));
}

TEST_CASE("the public view masks the holder and the number") {
    auto summary = credential::public_summary(credential::open_badge_credential(sample_facts()));
    CHECK(summary["holder"] == "张**");
    CHECK(summary["number"] == "********0123");
    CHECK(summary["level"] == "三级/高级工");
    CHECK(summary.dump().find("张三丰") == std::string::npos);
    CHECK(credential::mask_name("Li Ming") == "L* ****");
    CHECK(credential::mask_number("123") == "***");
}

TEST_CASE("status lists: bit order, GZIP round trip, corrupt and oversized input refused") {
    credential::status_list list;
    CHECK(list.size() == 131072);
    list.set(0, true);
    list.set(94567, true);
    CHECK(static_cast<unsigned char>(list.bytes()[0]) == 0x80); // index 0 is the left-most bit
    CHECK((static_cast<unsigned char>(list.bytes()[94567 / 8]) >> (7 - 94567 % 8) & 1) == 1);
    auto gz = list.gzip();
    CHECK(gz.size() < 200);
    CHECK(gz == list.gzip()); // deterministic: no time stamp
    auto back = credential::status_list::from_gzip(gz);
    REQUIRE(back);
    CHECK(back->get(94567));
    CHECK_FALSE(back->get(94568));
    list.set(94567, false);
    CHECK_FALSE(list.get(94567));
    CHECK_FALSE(credential::status_list::from_gzip(gz.substr(0, gz.size() / 2)));
    CHECK_FALSE(credential::status_list::from_gzip("not gzip at all"));
    CHECK_FALSE(credential::status_list::from_gzip(credential::status_list(64 * 131072).gzip()));
    CHECK_THROWS_AS(list.set(131072, true), std::out_of_range);
}

TEST_CASE("a certificate's one status entry: two bits, named by its statusMessage") {
    auto f = sample_facts();
    f.status = {{.purpose = "message", .list = 3, .index = 15819, .size = 2}};
    auto doc = credential::open_badge_credential(f);
    auto const& status = doc["credentialStatus"];
    REQUIRE(status.is_object()); // one entry is one object, as the OB 3.0 schema wants
    CHECK(status["statusPurpose"] == "message");
    CHECK(status["statusSize"] == 2);
    CHECK(status["statusMessage"] == json::parse(R"([{"message":"valid","status":"0x0"},
        {"message":"suspended","status":"0x1"},{"message":"revoked","status":"0x2"}])"));
    auto entries = credential::status_entries(doc);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].size == 2);
    CHECK(entries[0].list == 3);
    CHECK(entries[0].list_url == "https://verify.example.cn/status/3");

    credential::status_list list(credential::status_list::default_size * 2);
    list.set_entry(15819, 2, 2);
    CHECK(list.get(2 * 15819)); // bits 2i and 2i+1, the first the most significant
    CHECK_FALSE(list.get(2 * 15819 + 1));
    CHECK(credential::status_value(list, entries[0]) == 2u);
    list.set_entry(15819, 2, 1);
    CHECK(credential::status_value(list, entries[0]) == 1u);
    CHECK_THROWS_AS(list.set_entry(15819, 2, 4), std::out_of_range);
    auto beyond = entries[0];
    beyond.index = credential::status_list::default_size;
    CHECK_FALSE(credential::status_value(list, beyond));
}

TEST_CASE("what a status value means, in the one-entry form and the two-entry form of before") {
    using credential::verdict;
    credential::status_entry message{.purpose = "message", .size = 2};
    CHECK(credential::status_meaning(message, 0) == verdict::valid);
    CHECK(credential::status_meaning(message, 1) == verdict::suspended);
    CHECK(credential::status_meaning(message, 2) == verdict::revoked);
    CHECK_FALSE(credential::status_meaning(message, 3)); // undefined: not checked, never valid
    CHECK(credential::status_meaning({.purpose = "revocation"}, 1) == verdict::revoked);
    CHECK(credential::status_meaning({.purpose = "suspension"}, 1) == verdict::suspended);
    CHECK(credential::status_meaning({.purpose = "suspension"}, 0) == verdict::valid);
    CHECK_FALSE(credential::status_meaning({.purpose = "refresh"}, 1));
}

TEST_CASE("base64url and ES256 compact JWS: sign, verify, refuse changes") {
    CHECK(crypto::base64url_encode("\xfb\xff") == "-_8");
    CHECK(crypto::base64url_decode("-_8") == std::string("\xfb\xff"));
    CHECK_FALSE(crypto::base64url_decode("a+b"));
    auto key = crypto::make_p256_key();
    std::string jws = crypto::es256_sign_compact(R"({"alg":"ES256"})", R"({"n":1})", key.get());
    auto payload = crypto::es256_verify_compact(jws, key.get());
    REQUIRE(payload);
    CHECK(*payload == R"({"n":1})");
    std::string changed = jws;
    changed[changed.find('.') + 2] ^= 1;
    CHECK_FALSE(crypto::es256_verify_compact(changed, key.get()));
    auto other = crypto::make_p256_key();
    CHECK_FALSE(crypto::es256_verify_compact(jws, other.get()));
    CHECK_FALSE(crypto::es256_verify_compact("garbage", key.get()));
    CHECK_FALSE(crypto::es256_verify_compact(
        crypto::es256_sign_compact(R"({"alg":"none"})", "{}", key.get()), key.get()));
}
