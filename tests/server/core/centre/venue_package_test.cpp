#include "server/core/centre/venue_package.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/envelope.hpp"

#include <doctest/doctest.h>

using namespace craftmark;
using namespace craftmark::core;

namespace {

venue_package east_package() {
    packaged_sitting s;
    s.sitting = {"east-now", "electrician-l4-theory",
                 "",         "east",
                 "R101",     1'765'000'000'000,
                 0,          "",
                 "required", "any"};
    s.assessment = {{"id", "electrician-l4-theory"}};
    candidate_record c;
    c.ticket = "E01";
    c.name = "张三";
    c.national_id = "330106199001011234";
    c.seat = "1";
    s.candidates.push_back(c);
    s.paper = std::string("\x00\x01\xff box", 8);
    return {"east", "2026-12-07T08:00:00Z", {s}, "东区职业学院 East College"};
}

} // namespace

TEST_CASE("a package's contents and its letter read back as written") {
    auto package = parse_package_contents(package_contents_text(east_package()));
    REQUIRE(package.sittings.size() == 1);
    auto const& s = package.sittings[0];
    CHECK(package.venue == "east");
    CHECK(s.sitting.id == "east-now");
    CHECK(s.sitting.venue == "东区职业学院 East College"); // what candidates see
    CHECK(package.venue_name == "东区职业学院 East College");
    CHECK(s.sitting.room == "R101");
    CHECK(s.sitting.starts_at == 1'765'000'000'000);
    CHECK(s.candidates.at(0).name == "张三");
    CHECK(s.candidates.at(0).sitting_id == "east-now");
    CHECK(s.paper == east_package().sittings[0].paper);

    auto letter = parse_letter(letter_text({venue_package_format, "east", "sittings east-now",
                                            std::string("\x30\x82\x00", 3)}),
                               venue_package_format);
    CHECK(letter.venue == "east");
    CHECK(letter.sealed == std::string("\x30\x82\x00", 3));
}

TEST_CASE("malformed letters, packages and keys are refused with the reason") {
    auto refused = [](auto read, std::string const& text, std::string const& reason) {
        try {
            read(text);
            FAIL("accepted: " << text);
        } catch (std::invalid_argument const& e) {
            CHECK_MESSAGE(std::string(e.what()).find(reason) != std::string::npos, e.what());
        }
    };
    auto letter = [](std::string const& t) { return parse_letter(t, paper_key_format); };
    refused(letter, "not json", "not a JSON object");
    refused(letter, R"({"format":"craftmark-venue-package/1","venue":"east","sealed":""})",
            "not a \"craftmark-paper-key/1\"");
    refused(letter, R"({"format":"craftmark-paper-key/1","venue":"../east","sealed":""})",
            "venue id \"../east\"");
    refused(letter, R"({"format":"craftmark-paper-key/1","venue":"east","sealed":"*not base64*"})",
            "\"sealed\" is not base64");
    refused(parse_package_contents, R"({"venue":"east","sittings":{}})",
            "\"sittings\" must be a list");
    refused(parse_package_contents, R"({"venue":"east","sittings":[{"sitting":{"id":"s"}}]})",
            "\"assessment\" must be a string");
    auto no_roster = package_contents_text(east_package());
    no_roster.replace(no_roster.find("\"candidates\""), 12, "\"people\"");
    refused(parse_package_contents, no_roster, "sitting east-now: \"candidates\" must be a list");
    refused(parse_paper_key, R"({"venue":"east","sitting":"s","key":"AAAA"})", "not 32 bytes");
    refused(parse_paper, R"({"id":"bank"})", "not a JSON list of banks");
}

TEST_CASE("a sealed paper opens only with its key, under its own venue and sitting") {
    auto key = crypto::random_bytes(crypto::aead_key_size);
    auto box = crypto::aead_seal(key, paper_binding("east", "east-now"), R"([{"id":"b"}])");
    CHECK(crypto::aead_open(key, paper_binding("east", "east-now"), box) == R"([{"id":"b"}])");
    CHECK_FALSE(
        crypto::aead_open(crypto::random_bytes(32), paper_binding("east", "east-now"), box));
    CHECK_FALSE(crypto::aead_open(key, paper_binding("west", "east-now"), box));
    CHECK_FALSE(crypto::aead_open(key, paper_binding("east", "east-later"), box));
    for (std::size_t at : {std::size_t{0}, box.size() / 2, box.size() - 1}) {
        auto changed = box;
        changed[at] = static_cast<char>(changed[at] ^ 0x01);
        CHECK_FALSE(crypto::aead_open(key, paper_binding("east", "east-now"), changed));
    }
    CHECK_FALSE(crypto::aead_open(key, paper_binding("east", "east-now"), box.substr(0, 20)));
    CHECK_FALSE(crypto::aead_open(key.substr(0, 16), paper_binding("east", "east-now"), box));
    // The same paper sealed twice gives two boxes (a fresh nonce each time).
    CHECK(crypto::aead_seal(key, "b", "p") != crypto::aead_seal(key, "b", "p"));
}
