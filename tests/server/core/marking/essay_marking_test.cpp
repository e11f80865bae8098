// An essay's rubric as a marking scheme, and marked essays completing a paper's result.
#include "server/core/marking/essay_marking.hpp"

#include <doctest/doctest.h>

using namespace craftmark::core;
using nlohmann::json;

TEST_CASE("an essay's rubric must add up to its points, and only essays take one") {
    item essay;
    essay.id = "es1";
    essay.type = item_type::essay;
    essay.stem = "写出停电作业的安全步骤。";
    essay.points = 6;
    auto standard = rubric_scheme(essay);
    CHECK(standard.total_marks == 6);
    REQUIRE(standard.aspects().size() == 1);
    CHECK(standard.aspects()[0]->judges == 2);

    auto judged = [](std::string code, double mark) {
        return json{{"code", code},
                    {"type", "judgement"},
                    {"maxMark", mark},
                    {"scale", {"none", "some", "most", "all"}}};
    };
    essay.rubric = {judged("R1", 4),
                    {{"code", "R2"},
                     {"type", "measurement"},
                     {"maxMark", 2},
                     {"description", "names the four steps"},
                     {"rule", {{"kind", "all_or_nothing"}}}}};
    CHECK(validate(essay).empty());
    CHECK(rubric_scheme(essay).aspects().size() == 2);
    essay.rubric = {judged("R1", 4)};
    REQUIRE(validate(essay).size() == 1);
    CHECK(validate(essay)[0].find("rubric: criterion R: its aspects add up to 4") !=
          std::string::npos);
    item choice;
    choice.id = "sc1";
    choice.stem = "?";
    choice.choices = {{"A", "yes", 1, ""}, {"B", "no", 0, ""}};
    choice.rubric = {judged("R1", 1)};
    CHECK(validate(choice) == std::vector<std::string>{"sc1: only an essay takes a \"rubric\""});
}

TEST_CASE("marked essays fill their points, the section and the total") {
    paper p;
    p.parts = {{"S1", "One", {{"sc1", 2}, {"es1", 10}}}, {"S2", "Two", {{"es2", 10}}}};
    json result = {{"total", 2},
                   {"max", 22},
                   {"percent", 9.09},
                   {"passed", false},
                   {"pendingItems", 2},
                   {"sections", {{{"id", "S1"}, {"points", 2}}, {{"id", "S2"}, {"points", 0}}}},
                   {"items",
                    {{"sc1", {{"points", 2}, {"max", 2}}},
                     {"es1", {{"pending", true}, {"max", 10}}},
                     {"es2", {{"pending", true}, {"max", 10}}}}}};
    auto one = apply_item_marks(result, p, {{"es1", 0.75}}, 60);
    CHECK(one["pendingItems"] == 1);
    CHECK(one["passed"] == false);
    CHECK(one["sections"][0]["points"] == 9.5);
    auto both = apply_item_marks(result, p, {{"es1", 0.75}, {"es2", 0.5}}, 60);
    CHECK(both["pendingItems"] == 0);
    CHECK(both["total"] == 14.5);
    CHECK(both["percent"].get<double>() == doctest::Approx(65.91));
    CHECK(both["passed"] == true);
    CHECK(both["items"]["es2"]["points"] == 5);
}
