// Combining a person's theory and practical results into the qualification's result; a
// certificate's status.
#include "server/core/qualification/certificate_status.hpp"
#include "server/core/qualification/qualification.hpp"

#include <doctest/doctest.h>

using namespace craftmark::core;
using nlohmann::json;

namespace {

component_result theory(double percent, std::int64_t at = 1, int pending = 0) {
    return {
        "theory",     "t" + std::to_string(at),
        "closed",     {{"percent", percent}, {"passed", percent >= 60}, {"pendingItems", pending}},
        pending == 0, at};
}

component_result practical(double percent, std::int64_t at = 1) {
    return {"practical", "p" + std::to_string(at), "closed", {{"percent", percent}}, true, at};
}

assessment with(std::string id, bool tasks, double pass = 60, json combination = nullptr) {
    assessment a;
    a.id = std::move(id);
    a.pass_percent = pass;
    if (tasks) a.tasks.push_back({});
    a.combination = std::move(combination);
    return a;
}

} // namespace

TEST_CASE("by default each component passes at its own assessment's pass mark") {
    auto t = with("theory", false, 60), p = with("practical", true, 70);
    auto rule = combination_of({&t, &p});
    CHECK_FALSE(rule.weighted);
    CHECK(rule.pass == std::map<std::string, double>{{"practical", 70}, {"theory", 60}});

    auto both = combine(rule, {theory(72), practical(75)});
    CHECK(both["passed"] == true);
    CHECK(both["components"]["practical"]["passMark"] == 70);

    auto low = combine(rule, {theory(72), practical(65)});
    CHECK(low["final"] == true);
    CHECK(low["passed"] == false);
    CHECK(low["why"] == "did not pass (practical 65 %, needs 70)");

    auto missing = combine(rule, {theory(90)});
    CHECK(missing["final"] == false);
    CHECK(missing["why"] == "no practical result");
    CHECK(missing["components"]["practical"]["state"] == "missing");

    component_result open{"practical", "p1", "closed", nullptr, false, 5};
    CHECK(combine(rule, {theory(90), open})["why"] == "practical marking not locked yet");
    CHECK(combine(rule, {theory(90, 1, 2), practical(80)})["why"] ==
          "results not final (2 item(s) await marking)");
}

TEST_CASE("a retake counts when it passes, a later failure does not undo a pass") {
    auto t = with("theory", false), p = with("practical", true);
    auto rule = combination_of({&t, &p});
    auto retaken = combine(rule, {theory(40, 1), theory(66, 2), practical(80)});
    CHECK(retaken["passed"] == true);
    CHECK(retaken["components"]["theory"]["sitting"] == "t2");
    auto after_pass = combine(rule, {theory(70, 1), theory(30, 2), practical(80)});
    CHECK(after_pass["components"]["theory"]["sitting"] == "t1");
    auto both_failed = combine(rule, {theory(40, 1), theory(50, 2), practical(80)});
    CHECK(both_failed["components"]["theory"]["percent"] == 50);
}

TEST_CASE("a weighted rule adds the components by weight against one pass mark") {
    auto t = with("theory", false), p = with("practical", true, 60,
                                             {{"rule", "weighted"},
                                              {"weights", {{"theory", 30}, {"practical", 70}}},
                                              {"passPercent", 60}});
    auto rule = combination_of({&t, &p});
    CHECK(rule.weighted);
    auto r = combine(rule, {theory(50), practical(70)}); // 15 + 49
    CHECK(r["percent"] == 64);
    CHECK(r["passed"] == true);
    auto low = combine(rule, {theory(20), practical(70)}); // 6 + 49
    CHECK(low["passed"] == false);
    CHECK(low["why"] == "did not pass (total 55 %, needs 60)");
    CHECK(criteria_text(rule).find("practical assessment 70 %") != std::string::npos);
}

TEST_CASE("one component alone keeps the familiar wording, the criteria name the rule") {
    auto t = with("theory", false);
    auto rule = combination_of({&t});
    CHECK(combine(rule, {theory(25)})["why"] == "did not pass (25 %)");
    CHECK(criteria_text(rule) ==
          "理论知识考试成绩达到60分及以上 (theory examination passed at 60 % or above)");
    auto p = with("practical", true);
    CHECK(criteria_text(combination_of({&t, &p})) ==
          "技能操作考核成绩达到60分及以上，理论知识考试成绩达到60分及以上 (practical assessment "
          "passed at 60 % or above; theory examination passed at 60 % or above)");
}

TEST_CASE("a malformed combination is refused with the reason") {
    CHECK_THROWS_WITH(check_combination({{"rule", "average"}}),
                      doctest::Contains("\"each\" or \"weighted\""));
    CHECK_THROWS_WITH(check_combination({{"rule", "weighted"}, {"weights", {{"theory", 50}}}}),
                      doctest::Contains("add up to 100"));
    CHECK_THROWS_WITH(
        check_combination({{"rule", "weighted"}, {"weights", {{"oral", 50}, {"theory", 50}}}}),
        doctest::Contains("not \"oral\""));
    CHECK_THROWS_WITH(check_combination({{"theory", 120}}), doctest::Contains("0–100"));
    CHECK_THROWS_WITH(check_combination(json::object()), doctest::Contains("pass marks"));
    CHECK_NOTHROW(check_combination({{"theory", 60}, {"practical", 60}}));
}

TEST_CASE("the practical result takes each task's latest round, and waits for every lock") {
    assessment a = with("p", true);
    a.tasks = {{}, {}};
    a.tasks[0].id = "T1", a.tasks[0].marking_scheme = "s";
    a.tasks[1].id = "T2", a.tasks[1].marking_scheme = "s";
    auto max_of = [](std::string const&) { return 50.0; };
    auto work = [](std::string task, int round, std::string state, double total) {
        work_record w;
        w.task = std::move(task), w.round = round, w.state = std::move(state);
        w.score = {{"total", total}};
        return w;
    };
    CHECK(practical_result(a, {work("T1", 1, "locked", 40)}, max_of).is_null());
    auto r =
        practical_result(a, {work("T1", 1, "locked", 40), work("T2", 1, "locked", 20)}, max_of);
    CHECK(r["percent"] == 60);
    CHECK(r["passed"] == true);
    // An appeal's second marking: open, no result; locked, it replaces the first.
    CHECK(practical_result(
              a,
              {work("T1", 1, "locked", 40), work("T2", 1, "locked", 20), work("T2", 2, "open", 0)},
              max_of)
              .is_null());
    auto second = practical_result(
        a, {work("T1", 1, "locked", 40), work("T2", 1, "locked", 20), work("T2", 2, "locked", 30)},
        max_of);
    CHECK(second["percent"] == 70);
    CHECK(second["tasks"]["T2"]["round"] == 2);
}

TEST_CASE("a certificate is suspended and reinstated while it stands, and revoked for good") {
    auto change = [](std::string current, std::string wanted) {
        return certificate_status_change("C1", current, wanted);
    };
    CHECK(change("active", "suspended").suspended);
    CHECK(change("active", "suspended").action == "certificate.suspend");
    CHECK_FALSE(change("suspended", "active").suspended); // reinstated: both bits clear
    CHECK(change("suspended", "active").action == "certificate.unsuspend");
    auto revoked = change("suspended", "revoked");
    CHECK(revoked.revoked);
    CHECK_FALSE(revoked.suspended); // the revocation bit alone says it
    CHECK_THROWS_WITH_AS(change("revoked", "active"), "certificate C1 is revoked; that is final",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(change("active", "active"), "certificate C1 is already active",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(change("active", "reinstated"),
                         "status must be revoked, suspended or active", std::invalid_argument);
}
