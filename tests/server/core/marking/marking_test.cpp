#include "server/core/marking/marking.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

using namespace craftmark::core;
using nlohmann::json;

namespace {

json load(std::string const& name) {
    std::ifstream in(std::string(CRAFTMARK_SOURCE_DIR) + "/question-banks/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

marking_scheme sheet() {
    return marking_scheme_from_json(load("electrician-l4-practical-scheme.json"));
}

marking_scheme worldskills() {
    return marking_scheme_from_json(load("cnc-turning-worldskills-scheme.json"));
}

// Marks every aspect of the WorldSkills example at its best, except those the test sets.
task_marks full_marks(marking_scheme const& s) {
    task_marks m;
    for (auto const* a : s.aspects()) {
        if (a->type == aspect::kind::judgement) {
            m.judged[a->code] = {{"j1", 3}, {"j2", 3}, {"j3", 3}};
        } else if (a->rule == measurement_kind::all_or_nothing) {
            m.measured[a->code] = {{"met", true}};
        } else if (a->rule == measurement_kind::deductions) {
            m.measured[a->code] = {{"faults", json::object()}};
        } else {
            m.measured[a->code] = {{"value", a->nominal}};
        }
    }
    return m;
}

double mark_of(task_score const& s, std::string const& code) {
    for (auto const& a : s.aspects)
        if (a.code == code) return a.mark;
    FAIL("no aspect " << code);
    return -1;
}

std::string problem(json const& j) {
    try {
        marking_scheme_from_json(j);
    } catch (std::invalid_argument const& e) {
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("both shipped schemes load, and their aspects add up to 100") {
    auto a = sheet();
    auto b = worldskills();
    CHECK(a.style == "deduction_sheet");
    CHECK(b.style == "worldskills");
    for (auto const* s : {&a, &b}) {
        double sum = 0;
        for (auto const* asp : s->aspects()) sum += asp->max_mark;
        CHECK(sum == doctest::Approx(100));
        CHECK(score_task(*s, full_marks(*s)).total == doctest::Approx(100));
    }
    CHECK(a.find_aspect("3.1")->deductions.size() == 5);
    CHECK(b.find_aspect("C1.1")->checker == "runs_without_alarm");
}

TEST_CASE("all-or-nothing gives the full mark or none") {
    auto s = worldskills();
    auto m = full_marks(s);
    m.measured["A2.3"] = {{"met", false}};
    auto score = score_task(s, m);
    CHECK(mark_of(score, "A2.3") == 0);
    CHECK(score.total == doctest::Approx(95));
}

TEST_CASE("deductions take off per fault and never go below zero") {
    auto s = sheet();
    auto m = full_marks(s);
    m.measured["3.1"] = {{"faults", {{"routing", 3}, {"terminal", 2}}}}; // 3×2 + 2×1
    m.measured["2.1"] = {{"faults", {{"damaged", 2}}}};                  // 20 off a 15-mark row
    m.measured["4.1"] = {{"faults", {{"fuse", 4}}}};                     // once, however often
    auto score = score_task(s, m);
    CHECK(mark_of(score, "3.1") == doctest::Approx(32));
    CHECK(mark_of(score, "2.1") == 0);
    CHECK(mark_of(score, "4.1") == doctest::Approx(5));
    CHECK(score.total == doctest::Approx(100 - 8 - 15 - 5));
}

TEST_CASE("a measured value earns the tightest tolerance band it is within") {
    auto s = worldskills();
    auto const& a = *s.find_aspect("A1.2"); // Ø32: ±0.02 → 5, ±0.05 → 2
    CHECK(measurement_mark(a, {{"value", 32.02}}) == 5);
    CHECK(measurement_mark(a, {{"value", 31.985}}) == 5);
    CHECK(measurement_mark(a, {{"value", 32.03}}) == 2);
    CHECK(measurement_mark(a, {{"value", 31.95}}) == 2);
    CHECK(measurement_mark(a, {{"value", 32.051}}) == 0);
}

TEST_CASE("a judgement aspect follows the WorldSkills rule: mark × mean score / 3") {
    auto s = worldskills();
    auto const& a = *s.find_aspect("B1.1"); // 6 marks
    CHECK(judgement_mark(a, {2, 2, 3}) == doctest::Approx(6 * (7.0 / 3) / 3));
    CHECK(judgement_mark(a, {0, 0, 0}) == 0);
    aspect five = a;
    five.judges = 5;
    // Five judges: the highest and the lowest are dropped.
    CHECK(judgement_mark(five, {0, 2, 2, 2, 3}) == doctest::Approx(4));
}

TEST_CASE("judges' scores more than one apart must be reconciled, until then the task is open") {
    auto s = worldskills();
    auto m = full_marks(s);
    m.judged["B1.2"] = {{"j1", 1}, {"j2", 3}, {"j3", 2}};
    auto score = score_task(s, m);
    CHECK(score.to_reconcile() == std::vector<std::string>{"B1.2"});
    CHECK_FALSE(score.complete());
    m.judged["B1.2"]["j1"] = 2; // after the discussion j1 re-scores
    score = score_task(s, m);
    CHECK(score.complete());
    CHECK(mark_of(score, "B1.2") == doctest::Approx(round_mark(4 * (7.0 / 3) / 3)));
}

TEST_CASE("an aspect without every judge's score is pending") {
    auto s = worldskills();
    auto m = full_marks(s);
    m.judged["D1.3"].erase("j3");
    m.measured.erase("A1.1");
    auto score = score_task(s, m);
    CHECK(score.pending() == std::vector<std::string>{"A1.1", "D1.3"});
    CHECK_FALSE(score.complete());
}

TEST_CASE("a veto item makes the task score zero, overtime deducts per started period") {
    auto s = sheet(); // 每超时5分钟扣5分, stop after 10 minutes
    auto m = full_marks(s);
    m.overtime_ms = 6 * 60'000; // two started periods
    auto score = score_task(s, m);
    CHECK(score.overtime_deduction == 10);
    CHECK(score.total == 90);
    CHECK_FALSE(score.stopped);
    m.overtime_ms = 10 * 60'000;
    CHECK(score_task(s, m).stopped);
    m.vetoes = {"shock"};
    score = score_task(s, m);
    CHECK(score.vetoed);
    CHECK(score.total == 0);
    CHECK(score.raw == 100); // what was achieved stays on the record
}

TEST_CASE("entries that do not fit their aspect are refused with the reason") {
    auto s = sheet();
    auto const& a = *s.find_aspect("3.1");
    CHECK_FALSE(check_measurement(a, {{"faults", {{"routing", 2}}}}));
    CHECK(*check_measurement(a, {{"faults", {{"painting", 1}}}}) ==
          "\"painting\" is not a deduction of aspect 3.1");
    CHECK(check_measurement(a, {{"faults", {{"routing", -1}}}}));
    CHECK(check_measurement(a, {{"faults", {{"routing", 1.5}}}}));
    CHECK(check_measurement(a, {{"met", true}}));
    auto w = worldskills();
    CHECK(check_measurement(*w.find_aspect("A1.1"), {{"value", "39.99"}}));
    CHECK(check_measurement(*w.find_aspect("A2.3"), json::array()));
}

TEST_CASE("a scheme whose marks do not add up, or with broken rules, is refused by name") {
    auto j = load("cnc-turning-worldskills-scheme.json");
    auto bad = j;
    bad["criteria"][0]["subCriteria"][0]["aspects"][0]["maxMark"] = 6;
    CHECK(problem(bad).find("criterion A: its aspects add up to 41") == 0);
    bad = j;
    bad["totalMarks"] = 90;
    CHECK(problem(bad).find("criteria add up to 100") != std::string::npos);
    bad = j;
    bad["criteria"][1]["subCriteria"][0]["aspects"][0]["scale"] = {"only", "three", "levels"};
    CHECK(problem(bad).find("descriptor for each score") != std::string::npos);
    bad = j;
    bad["criteria"][0]["subCriteria"][0]["aspects"][1]["code"] = "A1.1";
    CHECK(problem(bad) == "scheme: aspect A1.1 appears twice");
    bad = j;
    bad["criteria"][0]["subCriteria"][0]["aspects"][0]["rule"]["kind"] = "vibes";
    CHECK(problem(bad).find("rule kind \"vibes\"") != std::string::npos);
    bad = j;
    bad["criteria"][1]["subCriteria"][0]["aspects"][0]["judges"] = "three";
    CHECK(problem(bad).find("\"judges\" must be a whole number") != std::string::npos);
    CHECK(problem(json::array()).find("not a marking scheme") == 0);
    CHECK(problem({{"kind", "markingScheme"}, {"id", "x"}, {"totalMarks", 100}}) ==
          "scheme: \"criteria\" is empty");
}
