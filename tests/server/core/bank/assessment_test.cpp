#include "server/core/bank/assessment.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace craftmark::core;
using nlohmann::json;

namespace {
item_pool make_pool() {
    std::vector<item> items;
    for (int i = 0; i < 30; ++i) {
        item it;
        it.id = "i" + std::to_string(i);
        it.type = i % 3 == 0 ? item_type::true_false : item_type::single_choice;
        it.choices = {{"A", "a", 1, ""}, {"B", "b", 0, ""}};
        it.category = {i < 15 ? "安全" : "电路"};
        it.difficulty = i % 2 ? "easy" : "hard";
        items.push_back(it);
    }
    return {{"b", items}};
}

assessment make_assessment() {
    return assessment_from_json(json::parse(R"({
      "kind": "assessment", "id": "a1", "title": "t", "durationMinutes": 90,
      "sections": [
        {"id": "S1", "title": "单选", "pointsPerItem": 2,
         "draw": [{"bank": "b", "type": "single_choice", "category": "安全", "count": 5},
                  {"bank": "b", "type": "single_choice", "category": "电路", "count": 5}]},
        {"id": "S2", "title": "判断", "draw": [{"bank": "b", "type": "true_false", "count": 4}]}
      ]})"));
}
} // namespace

TEST_CASE("a paper drawn from the same seed is the same paper") {
    auto a = make_assessment();
    auto pool = make_pool();
    auto p1 = draw_paper(a, pool, 12345);
    auto p2 = draw_paper(a, pool, 12345);
    CHECK(paper_to_json(p1) == paper_to_json(p2));
    CHECK(paper_to_json(draw_paper(a, pool, 99)) != paper_to_json(p1));
    CHECK(paper_to_json(paper_from_json(paper_to_json(p1))) == paper_to_json(p1));
}

TEST_CASE("a draw honours the blueprint's filters and never repeats an item") {
    auto a = make_assessment();
    auto pool = make_pool();
    for (std::uint64_t seed = 1; seed < 50; ++seed) {
        auto p = draw_paper(a, pool, seed);
        REQUIRE(p.parts.size() == 2);
        CHECK(p.parts[0].entries.size() == 10);
        CHECK(p.parts[1].entries.size() == 4);
        std::set<std::string> seen;
        for (auto const& part : p.parts)
            for (auto const& e : part.entries) CHECK(seen.insert(e.item_id).second);
        for (int i = 0; i < 5; ++i) {
            auto n = std::stoi(p.parts[0].entries[i].item_id.substr(1));
            CHECK(n < 15);
            CHECK(n % 3 != 0);
            CHECK(p.parts[0].entries[i].points == 2);
        }
    }
}

TEST_CASE("a blueprint the bank cannot satisfy is refused with a clear message") {
    auto a = make_assessment();
    a.sections[1].draws[0].count = 50;
    CHECK_THROWS_WITH_AS(draw_paper(a, make_pool(), 1),
                         "section S2 wants 50 items but bank b has only 10 that match",
                         std::invalid_argument);
}

TEST_CASE("fixed forms give everyone on a form the same items") {
    auto a = make_assessment();
    a.forms = {{"A", {{"S1", {"i1", "i2"}}, {"S2", {"i0"}}}},
               {"B", {{"S1", {"i4", "i5"}}, {"S2", {"i3"}}}}};
    std::set<std::string> forms;
    for (std::uint64_t seed = 1; seed < 20; ++seed) {
        auto p = draw_paper(a, make_pool(), seed);
        forms.insert(p.form);
        CHECK(p.parts[0].entries[0].item_id == (p.form == "A" ? "i1" : "i4"));
    }
    CHECK(forms.size() == 2);
}
