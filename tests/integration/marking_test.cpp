// Marking practical work over the real server: blind codes, the automatic check, independent
// judges, reconciliation, exclusion by organisation and the chief examiner's lock.
#include "server/checks/sandboxed_runner.hpp"
#include "server/core/marking/marking_service.hpp"
#include "server/store/admin.hpp"
#include "server/store/appeals.hpp"
#include "server/store/database.hpp"
#include "server/store/rechecks.hpp"
#include "server/store/results.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "tests/integration/marking_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <regex>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

TEST_CASE("practical work is marked blind by independent judges, reconciled and locked") {
    marking_server s;
    // P001 hands in an NC program with one move outside the safe zone, then submits.
    auto program = std::string("O1000 (SHAFT)\nG0 X50 Z2\nG1 X40 Z-20\nM30\n");
    hand_in(s, "P001", program);
    s.server.marking().wait_idle();

    auto& j1 = s.as("j1");
    auto queue = j1.call("marking.queue", {{"sitting_id", "prac-1"}}).body["works"];
    REQUIRE(queue.size() == 2); // P001's two tasks; P002 has not finished
    auto t1 = queue[0]["task"] == "T1" ? queue[0] : queue[1];
    CHECK(t1["checker"] == "ok");
    auto code = t1["code"].get<std::string>();
    json at = {{"sitting_id", "prac-1"}, {"code", code}};

    // The checker filled its two aspects; the rest waits for the examiners.
    auto form = j1.call("marking.work", at).body;
    CHECK(form["files"][0]["sha256"] == crypto::sha256_hex(program));
    CHECK(form["marks"]["C1.1"]["entry"] == json{{"met", true}});
    CHECK(form["marks"]["C1.2"]["entry"]["faults"]["outside"] == 1);
    CHECK(form["marks"]["C1.1"]["by"] == "checker");
    auto download = at;
    download["name"] = "O1000.nc";
    auto piece = j1.call("marking.file", download).body;
    CHECK(piece["last"] == true);
    CHECK(crypto::base64url_decode(piece["data"].get<std::string>()) == program);
    download["name"] = "other.nc";
    CHECK(code_of(j1.call("marking.file", download)) == "invalid_field");

    // An examiner from the candidate's own college neither sees nor opens the work.
    auto& j4 = s.as("j4");
    CHECK(j4.call("marking.queue", {{"sitting_id", "prac-1"}}).body["works"].empty());
    CHECK(code_of(j4.call("marking.work", at)) == "forbidden");
    CHECK(code_of(j4.call("marking.enter", {{"sitting_id", "prac-1"},
                                            {"code", code},
                                            {"aspect", "B1.1"},
                                            {"entry", {{"score", 3}}}})) == "forbidden");

    // j1 enters every measurement; the three judges score each judgement aspect.
    auto enter = [&](std::string const& who, std::string const& aspect, json entry) {
        json body = at;
        body["aspect"] = aspect;
        body["entry"] = entry;
        return s.as(who).call("marking.enter", body);
    };
    for (auto const& criterion : form["scheme"]["criteria"])
        for (auto const& a : criterion["aspects"]) {
            auto aspect = a["code"].get<std::string>();
            if (a["type"] == "judgement") continue;
            if (aspect == "C1.1" || aspect == "C1.2") continue; // the checker's
            json entry = a["rule"] == "all_or_nothing" ? json{{"met", true}}
                         : a["rule"] == "deductions"   ? json{{"faults", json::object()}}
                                                       : json{{"value", a["nominal"]}};
            REQUIRE(code_of(enter("j1", aspect, entry)) == "");
        }
    CHECK(code_of(enter("j1", "A1.1", {{"value", "forty"}})) == "invalid_field");
    CHECK(code_of(enter("j1", "veto:nonsense", {{"happened", true}})) == "invalid_field");
    REQUIRE(code_of(enter("j1", "B1.1", {{"score", 1}})) == "");
    // j2 cannot see j1's score until all three have entered.
    auto seen = s.as("j2").call("marking.work", at).body["marks"]["B1.1"];
    CHECK(seen["entered"] == 1);
    CHECK_FALSE(seen.contains("scores"));
    for (auto const& judge : {"j1", "j2", "j3"})
        for (auto const& aspect : {"B1.2", "B1.3", "B1.4", "D1.3"})
            REQUIRE(code_of(enter(judge, aspect, {{"score", 2}})) == "");
    REQUIRE(code_of(enter("j2", "B1.1", {{"score", 3}})) == "");
    auto last = enter("j3", "B1.1", {{"score", 2}});
    CHECK(last.body["reconcile"] == json{"B1.1"}); // 1 and 3: more than one point apart
    CHECK(s.as("j1").call("marking.work", at).body["marks"]["B1.1"]["scores"] ==
          json{{"j1", 1}, {"j2", 3}, {"j3", 2}});

    // Not ready: the chief cannot lock; an examiner never can.
    auto& chief = s.as("chief");
    auto refused = chief.call("marking.lock", at);
    CHECK(code_of(refused) == "invalid_field");
    CHECK(refused.message.find("B1.1 (to reconcile)") != std::string::npos);
    REQUIRE(code_of(enter("j1", "B1.1", {{"score", 2}})) == ""); // after the discussion
    CHECK(code_of(j1.call("marking.lock", at)) == "forbidden");
    auto locked = chief.call("marking.lock", at);
    REQUIRE(code_of(locked) == "");
    // C1.2: 10 marks less one fault of 2, as the checker found.
    CHECK(locked.body["score"]["complete"] == true);
    CHECK(locked.body["score"]["aspects"]["C1.2"]["mark"] == 8);
    CHECK(code_of(enter("j3", "B1.2", {{"score", 3}})) == "marking_locked");
    // T2 is still open, so there is no practical result yet.
    auto attempt = SQLite::Database(s.database().string(), SQLite::OPEN_READONLY)
                       .execAndGet("SELECT id FROM attempts WHERE ticket = 'P001'")
                       .getInt64();
    CHECK(s.server.marking().practical_result("prac-1", attempt).is_null());

    // Blind: no examiner ever received the candidate's name, ticket or station. The station
    // is matched as a word: random work codes such as 5EYW12 may hold the letters "W1".
    std::regex station("\\bW1\\b");
    for (auto const& [user, r] : s.staff_)
        for (auto const& frame : r.frames) {
            for (auto const& secret : {"赵六", "P001", "城南技师学院"})
                CHECK_MESSAGE(frame.find(secret) == std::string::npos, user << " saw " << secret);
            CHECK_MESSAGE(!std::regex_search(frame, station), user << " saw the station");
        }
}

TEST_CASE("an appeal is marked again by other examiners, and its outcome is recorded") {
    marking_server s;
    {
        auto db = store::open_database(s.database());
        for (auto const& user : {"j5", "j6", "j7"})
            store::put_staff(*db, {user, user, "examiner", "", {"sitting:prac-1"}, ""},
                             staff_password, "test");
    }
    hand_in(s, "P001");
    s.server.marking().wait_idle();
    for (auto const& w : queue_of(s, "j1"))
        mark_fully(s, w["code"].get<std::string>(), {"j1", "j2", "j3"}, 1);
    auto db = store::open_database(s.database());
    auto attempt = db->execAndGet("SELECT id FROM attempts WHERE ticket = 'P001'").getInt64();
    auto first = s.server.marking().practical_result("prac-1", attempt);
    REQUIRE(first.is_object());

    auto appeal = store::open_appeal(*db, "prac-1", "P001", "操作规范评分过严 judged too harshly",
                                     "admin:cli");
    CHECK(appeal.before["total"] == first["total"]);
    CHECK_THROWS_WITH(store::open_appeal(*db, "prac-1", "P001", "again", "admin:cli"),
                      doctest::Contains("already has an open appeal"));
    CHECK_THROWS_WITH(store::open_appeal(*db, "prac-1", "P002", "mine too", "admin:cli"),
                      doctest::Contains("no locked practical result"));
    // While the second marking is open there is no final result.
    CHECK(s.server.marking().practical_result("prac-1", attempt).is_null());
    CHECK_THROWS_WITH(store::decide_appeal(*db, appeal.id, "", "admin:cli"),
                      doctest::Contains("not locked yet"));

    // The first examiners neither see nor open the second round; new ones see it by new codes.
    CHECK(queue_of(s, "j1").size() == 2);
    auto second = queue_of(s, "j5");
    REQUIRE(second.size() == 4);
    std::vector<std::string> round_two;
    for (auto const& w : second)
        if (w["round"] == 2) round_two.push_back(w["code"].get<std::string>());
    REQUIRE(round_two.size() == 2);
    CHECK(code_of(s.as("j1").call(
              "marking.work", {{"sitting_id", "prac-1"}, {"code", round_two[0]}})) == "forbidden");
    for (auto const& code : round_two) mark_fully(s, code, {"j5", "j6", "j7"}, 3);

    auto decided = store::decide_appeal(*db, appeal.id, "复核后提高 raised on review", "admin:cli");
    CHECK(decided.state == "decided");
    CHECK(decided.outcome == "changed");
    CHECK(decided.after["total"].get<double>() > decided.before["total"].get<double>());
    auto now = s.server.marking().practical_result("prac-1", attempt);
    CHECK(now["total"] == decided.after["total"]);
    CHECK(now["tasks"]["T1"]["round"] == 2);
    CHECK_THROWS_WITH(store::decide_appeal(*db, appeal.id, "", "admin:cli"),
                      doctest::Contains("already decided"));
    CHECK(db->execAndGet("SELECT COUNT(*) FROM audit WHERE action IN ('appeal.open', "
                         "'appeal.decide')")
              .getInt() == 2);
}

TEST_CASE("a re-check shows what a fixed checker changes, then is applied whole or cancelled") {
    marking_server s;
    auto program = std::string("O1000 (SHAFT)\nG0 X50 Z2\nG1 X40 Z-20\nM30\n");
    hand_in(s, "P001", program);
    s.server.marking().wait_idle();
    std::string code;
    for (auto const& w : queue_of(s, "j1"))
        if (w["task"] == "T1") code = w["code"].get<std::string>();
    json at = {{"sitting_id", "prac-1"}, {"code", code}};
    auto c12 = [&] { return s.as("j1").call("marking.work", at).body["marks"]["C1.2"]["entry"]; };
    REQUIRE(c12() == json{{"faults", {{"outside", 1}}}});

    // The checker is "fixed": the move to X50 is now allowed.
    std::ofstream(s.dir.path / "checkers/cnc-program/check.sh")
        << "echo '{\"results\": {\"runs_without_alarm\": {\"met\": true}, "
           "\"moves_outside_safe_zone\": {\"faults\": {\"outside\": 0}}}}'\n";
    auto db = store::open_database(s.database());
    auto runner = checks::sandboxed_runner(s.dir.path / "checkers", checks::find_sandbox(""));
    auto recheck = [&] {
        return store::prepare_recheck(*db, s.dir.path, "prac-1", "T1", runner, "admin:cli");
    };

    auto first = recheck();
    using change = std::tuple<std::string, std::string, json, json>;
    CHECK(first.differences() ==
          std::vector<change>{
              {code, "C1.2", {{"faults", {{"outside", 1}}}}, {{"faults", {{"outside", 0}}}}}});
    CHECK(c12() == json{{"faults", {{"outside", 1}}}}); // reviewing changes nothing
    CHECK(store::cancel_recheck(*db, first.id, "admin:cli").state == "cancelled");
    CHECK_THROWS_WITH(store::apply_recheck(*db, first.id, "admin:cli"),
                      doctest::Contains("already cancelled"));
    CHECK(c12() == json{{"faults", {{"outside", 1}}}});

    // An examiner's entry after the review makes the batch stale: nothing is applied.
    auto stale = recheck();
    json body = at;
    body["aspect"] = "C1.2";
    body["entry"] = {{"faults", {{"outside", 2}}}};
    REQUIRE(code_of(s.as("j1").call("marking.enter", body)) == "");
    CHECK_THROWS_WITH(store::apply_recheck(*db, stale.id, "admin:cli"),
                      doctest::Contains("changed after the re-check"));
    CHECK(c12() == json{{"faults", {{"outside", 2}}}});

    auto fresh = recheck();
    CHECK(std::get<2>(fresh.differences().at(0)) == json{{"faults", {{"outside", 2}}}});
    CHECK(store::apply_recheck(*db, fresh.id, "admin:cli").state == "applied");
    auto form = s.as("j1").call("marking.work", at).body;
    CHECK(form["marks"]["C1.2"]["entry"] == json{{"faults", {{"outside", 0}}}});
    CHECK(form["marks"]["C1.2"]["by"] == "checker");
    CHECK(db->execAndGet("SELECT COUNT(*) FROM audit WHERE action = 'marking.recheck'").getInt() ==
          1);
}

TEST_CASE("an essay is marked like practical work, by two markers, and completes the result") {
    test_server s;
    seed_staff(s.dir.path);
    {
        auto db = store::open_database(s.database());
        store::put_staff(*db, {"e2", "E2", "examiner", "", {"sitting:sit-1"}, ""}, staff_password,
                         "test");
        store::put_staff(*db, {"lead", "Lead", "examiner", "", {"sitting:sit-1", "chief"}, ""},
                         staff_password, "test");
    }
    auto answer = std::string("断开电源，挂牌上锁，验电确认无电。Isolate, lock, tag, test.");
    auto candidate = s.signed_in("T001");
    REQUIRE(code_of(candidate->call("paper.get", json::object())) == "");
    REQUIRE(code_of(candidate->call(
                "answer.save",
                {{"item_id", "es1"}, {"seq", 1}, {"response", {{"text", answer}}}})) == "");
    auto closed = candidate->call("attempt.submit", json::object()).body["result"];
    REQUIRE(closed["pendingItems"] == 1);

    std::vector<std::string> frames;
    auto examiner = s.staff("examiner"), e2 = s.staff("e2"), lead = s.staff("lead");
    auto call = [&](client::connection& c, std::string const& type, json body) {
        auto r = c.call(type, std::move(body));
        frames.push_back(r.body.dump() + r.message);
        return r;
    };
    auto works = call(*examiner, "marking.queue", {{"sitting_id", "sit-1"}}).body["works"];
    REQUIRE(works.size() == 1); // T001's essay; the others have not finished
    CHECK(works[0]["task"] == "item:es1");
    json at = {{"sitting_id", "sit-1"}, {"code", works[0]["code"]}};
    auto form = call(*examiner, "marking.work", at).body;
    CHECK(form["task"]["answer"] == answer);
    CHECK(form["task"]["title"] == "Describe lock-out/tag-out.");
    auto const& aspect = form["scheme"]["criteria"][0]["aspects"][0];
    CHECK(aspect["type"] == "judgement");
    CHECK(aspect["judges"] == 2);

    auto enter = [&](client::connection& c, int score) {
        json body = at;
        body["aspect"] = "E1";
        body["entry"] = {{"score", score}};
        return code_of(call(c, "marking.enter", body));
    };
    REQUIRE(enter(*examiner, 3) == "");
    CHECK(code_of(candidate->call("result.get", json::object())) == ""); // still pending there
    CHECK(candidate->call("result.get", json::object()).body["result"]["pendingItems"] == 1);
    REQUIRE(enter(*e2, 2) == "");
    REQUIRE(code_of(call(*lead, "marking.lock", at)) == "");

    // 5 points × the mean score 2.5 of 3.
    auto result = candidate->call("result.get", json::object()).body["result"];
    CHECK(result["pendingItems"] == 0);
    CHECK(result["items"]["es1"]["points"].get<double>() == doctest::Approx(4.17));
    CHECK(result["total"].get<double>() == doctest::Approx(closed["total"].get<double>() + 4.17));
    auto db = store::open_database(s.database());
    for (auto const& row : store::sitting_results(*db, "sit-1"))
        if (row.ticket == "T001") CHECK(row.result["pendingItems"] == 0);
    for (auto const& frame : frames)
        for (auto const& secret : {"张三", "T001", "110101199001061234"})
            CHECK_MESSAGE(frame.find(secret) == std::string::npos, "an examiner saw " << secret);
}
