#include "server/core/bank/scoring.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace craftmark::core;
using nlohmann::json;

namespace {
item choice_item(item_type type, credit c = credit::all_or_nothing) {
    item it;
    it.id = std::string(1, 'q'); // not = "q": GCC 12 warns wrongly about that (its bug 105651)
    it.type = type;
    it.points = 2;
    it.scoring = c;
    if (type == item_type::single_choice)
        it.choices = {{"A", "a", 1, ""}, {"B", "b", 0, ""}, {"C", "c", 0.5, ""}};
    else
        it.choices = {
            {"A", "a", 0.5, ""}, {"B", "b", 0.5, ""}, {"C", "c", -1, ""}, {"D", "d", 0, ""}};
    return it;
}
} // namespace

TEST_CASE("single choice scores the chosen option's fraction") {
    auto it = choice_item(item_type::single_choice);
    CHECK(score(it, {{"choice", "A"}}).points == 2);
    CHECK(score(it, {{"choice", "B"}}).points == 0);
    CHECK(score(it, {{"choice", "C"}}).points == 1);
    CHECK(score(it, json::object()).points == 0);
}

TEST_CASE("multiple choice all-or-nothing needs exactly the right set") {
    auto it = choice_item(item_type::multiple_choice);
    CHECK(score(it, {{"choices", {"A", "B"}}}).points == 2);
    CHECK(score(it, {{"choices", {"B", "A"}}}).points == 2);
    CHECK(score(it, {{"choices", {"A"}}}).points == 0);
    CHECK(score(it, {{"choices", {"A", "B", "D"}}}).points == 0);
}

TEST_CASE("multiple choice partial credit adds weights and floors at zero") {
    auto it = choice_item(item_type::multiple_choice, credit::partial);
    CHECK(score(it, {{"choices", {"A"}}}).points == 1);
    CHECK(score(it, {{"choices", {"A", "B"}}}).points == 2);
    CHECK(score(it, {{"choices", {"A", "C"}}}).points == 0);
    CHECK(score(it, {{"choices", {"A", "A"}}}).points == 1); // a repeated id counts once
}

TEST_CASE("true/false") {
    item it;
    it.type = item_type::true_false;
    it.correct = false;
    CHECK(score(it, {{"value", false}}).points == 1);
    CHECK(score(it, {{"value", true}}).points == 0);
}

TEST_CASE("short answer: alternatives, case rule, wildcard, spaces") {
    item it;
    it.type = item_type::short_answer;
    it.answers = {{"接地", 1, ""}, {"保护接零", 0.5, ""}, {"Ohm*", 1, ""}};
    CHECK(score(it, {{"text", " 接地 "}}).points == 1);
    CHECK(score(it, {{"text", "保护接零"}}).points == 0.5);
    CHECK(score(it, {{"text", "ohm's law"}}).points == 1);
    it.case_sensitive = true;
    CHECK(score(it, {{"text", "ohm's law"}}).points == 0);
    CHECK(score(it, {{"text", "短路"}}).points == 0);
}

TEST_CASE("numerical: tolerance and range are inclusive") {
    item it;
    it.type = item_type::numerical;
    it.numeric = {{219.5, 220.5, 1, ""}, {215, 225, 0.5, ""}};
    CHECK(score(it, {{"value", 220}}).points == 1);
    CHECK(score(it, {{"value", 220.5}}).points == 1);
    CHECK(score(it, {{"value", 224}}).points == 0.5);
    CHECK(score(it, {{"value", 380}}).points == 0);
}

TEST_CASE("matching: partial or all-or-nothing over the pairs") {
    item it;
    it.type = item_type::matching;
    it.pairs = {{"红", "火线"}, {"蓝", "零线"}, {"黄绿", "地线"}};
    it.distractors = {"控制线"};
    it.points = 3;
    it.scoring = credit::partial;
    // responses are numbered r1.. in pair order, then distractors
    CHECK(score(it, {{"pairs", {{"p1", "r1"}, {"p2", "r2"}, {"p3", "r3"}}}}).points == 3);
    CHECK(score(it, {{"pairs", {{"p1", "r1"}, {"p2", "r4"}}}}).points == 1);
    it.scoring = credit::all_or_nothing;
    CHECK(score(it, {{"pairs", {{"p1", "r1"}, {"p2", "r2"}}}}).points == 0);
}

TEST_CASE("essays wait for an examiner") {
    item it;
    it.type = item_type::essay;
    CHECK(score(it, {{"text", "..."}}).needs_marking);
}

TEST_CASE("responses of the wrong shape do not fit") {
    auto it = choice_item(item_type::single_choice);
    CHECK(response_fits(it, json::object()));
    CHECK(response_fits(it, {{"choice", "A"}}));
    CHECK_FALSE(response_fits(it, {{"choice", 1}}));
    CHECK_FALSE(response_fits(it, {{"choices", {"A"}}}));
    CHECK_FALSE(response_fits(it, json::array()));
}
