#include "server/core/centre/outbox_chain.hpp"
#include "server/core/centre/outbox_segment.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace craftmark::core;

namespace {

/// A venue's chain of `n` entries, as its audit log writes them.
std::vector<chain_entry> chain_of(int n) {
    std::vector<chain_entry> chain;
    std::string prev = chain_genesis;
    for (int i = 1; i <= n; ++i) {
        chain_entry e{
            i,    1000 + i, "server", "answer.save", "T00" + std::to_string(i), R"({"saves":[]})",
            prev, ""};
        e.hash = chain_entry_hash(e);
        prev = e.hash;
        chain.push_back(e);
    }
    return chain;
}

std::vector<chain_entry> slice(std::vector<chain_entry> const& chain, int from, int to) {
    return {chain.begin() + (from - 1), chain.begin() + to};
}

std::map<std::int64_t, std::string> held_of(std::vector<chain_entry> const& chain, int to) {
    std::map<std::int64_t, std::string> held;
    for (int i = 0; i < to; ++i) held[chain[i].seq] = chain[i].hash;
    return held;
}

} // namespace

TEST_CASE("a batch that continues the chain extends it to its last entry") {
    auto chain = chain_of(6);
    auto plan = plan_batch({}, slice(chain, 1, 3), {});
    CHECK_FALSE(plan.refused());
    CHECK(plan.extend.size() == 3);
    CHECK(plan.head.seq == 3);
    CHECK(plan.head.hash == chain[2].hash);

    plan = plan_batch(plan.head, slice(chain, 4, 6), {});
    CHECK(plan.extend.size() == 3);
    CHECK(plan.head.seq == 6);
    CHECK_FALSE(plan.missing_from);
}

TEST_CASE("the same batch twice is held once: the repeat is all duplicates") {
    auto chain = chain_of(4);
    chain_head head{4, chain[3].hash};
    auto plan = plan_batch(head, slice(chain, 2, 4), held_of(chain, 4));
    CHECK_FALSE(plan.refused());
    CHECK(plan.extend.empty());
    CHECK(plan.duplicates == 3);
    CHECK(plan.head.seq == 4);
}

TEST_CASE("a batch overlapping what is held applies only its new entries") {
    auto chain = chain_of(5);
    auto plan = plan_batch({3, chain[2].hash}, slice(chain, 2, 5), held_of(chain, 3));
    CHECK(plan.duplicates == 2);
    REQUIRE(plan.extend.size() == 2);
    CHECK(plan.extend.front().seq == 4);
    CHECK(plan.head.seq == 5);
}

TEST_CASE("a batch after a gap keeps nothing and asks for the gap") {
    auto chain = chain_of(9);
    auto plan = plan_batch({3, chain[2].hash}, slice(chain, 6, 9), held_of(chain, 3));
    CHECK_FALSE(plan.refused());
    CHECK(plan.extend.empty());
    REQUIRE(plan.missing_from);
    CHECK(*plan.missing_from == 4);
    CHECK(plan.head.seq == 3);
}

TEST_CASE("a batch with a hole inside applies up to the hole") {
    auto chain = chain_of(8);
    auto entries = slice(chain, 1, 3);
    auto tail = slice(chain, 6, 8);
    entries.insert(entries.end(), tail.begin(), tail.end());
    auto plan = plan_batch({}, entries, {});
    CHECK(plan.extend.size() == 3);
    CHECK(plan.head.seq == 3);
    REQUIRE(plan.missing_from);
    CHECK(*plan.missing_from == 4);
}

TEST_CASE("entries out of order within a batch are put in order") {
    auto chain = chain_of(4);
    std::vector<chain_entry> shuffled{chain[2], chain[0], chain[3], chain[1]};
    auto plan = plan_batch({}, shuffled, {});
    CHECK_FALSE(plan.refused());
    CHECK(plan.head.seq == 4);
    CHECK(plan.extend[1].seq == 2);
}

TEST_CASE("a changed entry refuses the whole batch") {
    auto chain = chain_of(5);
    SUBCASE("its content no longer matches its hash") {
        chain[3].detail = R"({"saves":[1]})";
        auto plan = plan_batch({}, chain, {});
        CHECK(plan.refusal == "entry 4: its content does not match its hash");
        CHECK(plan.extend.empty());
        CHECK(plan.head.seq == 0);
    }
    SUBCASE("re-hashed, it no longer follows the entry before it") {
        chain[3].detail = R"({"saves":[1]})";
        chain[3].hash = chain_entry_hash(chain[3]);
        auto plan = plan_batch({}, chain, {});
        CHECK(plan.refusal == "entry 5: it does not follow entry 4");
        CHECK(plan.extend.empty());
    }
    SUBCASE("a whole forged chain does not continue the one held") {
        auto forged = chain_of(5);
        for (auto& e : forged) e.actor = "forger";
        std::string prev = "ab";
        for (auto& e : forged) {
            e.prev_hash = prev;
            e.hash = chain_entry_hash(e);
            prev = e.hash;
        }
        auto plan = plan_batch({2, chain[1].hash}, slice(forged, 3, 5), held_of(chain, 2));
        CHECK(plan.refusal == "entry 3: it does not continue the chain held at the centre");
    }
    SUBCASE("a repeat that differs from the entry held") {
        auto other = chain_of(3);
        other[1].subject = "T999";
        other[1].hash = chain_entry_hash(other[1]);
        auto plan = plan_batch({3, chain[2].hash}, {other[1]}, held_of(chain, 3));
        CHECK(plan.refusal == "entry 2: it differs from the entry already received");
    }
    SUBCASE("a changed entry beyond a gap is refused too") {
        chain[4].actor = "forger";
        auto plan = plan_batch({}, slice(chain, 3, 5), {});
        CHECK(plan.refusal == "entry 5: its content does not match its hash");
        CHECK_FALSE(plan.missing_from);
    }
}

TEST_CASE("an entry that comes twice in one batch is refused") {
    auto chain = chain_of(2);
    auto plan = plan_batch({}, {chain[0], chain[1], chain[1]}, {});
    CHECK(plan.refusal == "entry 2: it comes twice");
}

TEST_CASE("a segment's text reads back field for field, whatever its entries hold") {
    auto chain = chain_of(2);
    chain[0].subject = "王小明 \"quoted\" back\\slash";
    chain[1].detail = std::string("{\"name\":\"tab\tnew\nline\"}") + '\x01';
    outbox_segment segment{"east-1", "e0", chain};
    auto text = segment_text(segment);
    CHECK(nlohmann::json::parse(text)["entries"][0]["subject"] == chain[0].subject);
    auto again = parse_segment(text);
    REQUIRE(again.entries.size() == 2);
    CHECK(again.entries[0].subject == chain[0].subject);
    CHECK(again.entries[1].detail == chain[1].detail);
    CHECK(again.entries[1].hash == chain[1].hash);
    CHECK(again.venue == "east-1");
}

TEST_CASE("a segment that is not one is refused with what is wrong") {
    CHECK_THROWS_WITH(parse_segment("[1]"), "not an outbox segment: the file is not a JSON object");
    CHECK_THROWS_WITH(parse_segment(R"({"format":"craftmark-outbox-segment/1","venue":"../x"})"),
                      doctest::Contains("venue id \"../x\""));
    CHECK_THROWS_WITH(
        parse_segment(
            R"({"format":"craftmark-outbox-segment/1","venue":"a","epoch":"e","entries":[{"seq":"1"}]})"),
        "entry 1 of the segment: \"seq\" must be a whole number");
}
