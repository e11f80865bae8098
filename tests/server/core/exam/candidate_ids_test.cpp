#include "server/core/bank/scoring.hpp"
#include "server/core/exam/candidate_ids.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace craftmark::core;
using nlohmann::json;

namespace {

item choices_item(item_type type) {
    item it;
    it.id = "c1";
    it.type = type;
    it.points = 4;
    it.choices = {{"A", "right", type == item_type::multiple_choice ? 0.5 : 1, ""},
                  {"B", "also right", type == item_type::multiple_choice ? 0.5 : 0, ""},
                  {"C", "wrong", 0, ""}};
    return it;
}

item matching_item() {
    item it;
    it.id = "m1";
    it.type = item_type::matching;
    it.points = 3;
    it.pairs = {{"230 V", "mains"}, {"12 V", "extra-low"}, {"24 V", "extra-low"}};
    it.distractors = {"high voltage"};
    return it;
}

} // namespace

TEST_CASE("an attempt's ids are distinct, reproducible from its seed, and differ between seeds") {
    auto a = draw_candidate_ids(1234, "DG4-010", 6, 5);
    CHECK(a.options.size() == 6);
    CHECK(a.premises.size() == 5);
    std::set<std::string> all(a.options.begin(), a.options.end());
    all.insert(a.premises.begin(), a.premises.end());
    CHECK(all.size() == 11);
    CHECK(draw_candidate_ids(1234, "DG4-010", 6, 5).options == a.options);
    CHECK(draw_candidate_ids(1235, "DG4-010", 6, 5).options != a.options);
    CHECK(draw_candidate_ids(1234, "DG4-011", 6, 5).options != a.options);
}

TEST_CASE("a choice saved with the attempt's ids is stored and scored with the bank's") {
    auto it = choices_item(item_type::single_choice);
    auto ids = draw_candidate_ids(99, it);
    auto stored = from_candidate_response(it, ids, {{"choice", ids.options[0]}});
    REQUIRE(stored);
    CHECK(*stored == json{{"choice", "A"}});
    CHECK(score(it, *stored).points == 4);
    CHECK(to_candidate_response(it, ids, *stored) == json{{"choice", ids.options[0]}});
    // The bank's own id is not an id of this attempt.
    CHECK_FALSE(from_candidate_response(it, ids, {{"choice", "A"}}));
    CHECK(from_candidate_response(it, ids, json::object()) == json::object());
}

TEST_CASE("multiple choice refuses unknown and repeated ids") {
    auto it = choices_item(item_type::multiple_choice);
    auto ids = draw_candidate_ids(5, it);
    auto both = from_candidate_response(it, ids, {{"choices", {ids.options[1], ids.options[0]}}});
    REQUIRE(both);
    CHECK(*both == json{{"choices", {"B", "A"}}});
    CHECK(score(it, *both).points == 4);
    CHECK_FALSE(from_candidate_response(it, ids, {{"choices", {ids.options[0], ids.options[0]}}}));
    CHECK_FALSE(from_candidate_response(it, ids, {{"choices", {ids.options[0], "zzzz"}}}));
}

TEST_CASE("matching maps premises and responses back, and a response is used as often as the "
          "pairs use it") {
    auto it = matching_item();
    auto ids = draw_candidate_ids(77, it);
    REQUIRE(ids.premises.size() == 3);
    REQUIRE(ids.options.size() == 3); // mains, extra-low, high voltage
    json right{{"pairs",
                {{ids.premises[0], ids.options[0]},
                 {ids.premises[1], ids.options[1]},
                 {ids.premises[2], ids.options[1]}}}};
    auto stored = from_candidate_response(it, ids, right);
    REQUIRE(stored);
    CHECK(*stored == json{{"pairs", {{"p1", "r1"}, {"p2", "r2"}, {"p3", "r2"}}}});
    CHECK(score(it, *stored).points == 3);
    CHECK(to_candidate_response(it, ids, *stored) == right);
    // "mains" belongs to one pair only: naming it twice is refused.
    CHECK_FALSE(from_candidate_response(
        it, ids,
        {{"pairs", {{ids.premises[0], ids.options[0]}, {ids.premises[1], ids.options[0]}}}}));
    CHECK_FALSE(from_candidate_response(it, ids, {{"pairs", {{"p1", ids.options[0]}}}}));
    CHECK_FALSE(from_candidate_response(it, ids, {{"pairs", {{ids.premises[0], "r1"}}}}));
}
