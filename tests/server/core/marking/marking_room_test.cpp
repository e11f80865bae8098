// The marking room driven through the core alone: in-memory ports, the dispatcher as the server
// uses it, no TLS server. Judges' independence, reconciliation, the chief's lock, blind marking;
// and the rules of appeals and re-checks that the store applies in its transactions.
#include "server/core/marking/appeals.hpp"
#include "server/core/marking/marking_service.hpp"
#include "tests/server/core/dispatch.hpp"
#include "tests/server/core/fake_ports.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

namespace {

core::marking_scheme worldskills_scheme() {
    std::ifstream in(std::string(CRAFTMARK_SOURCE_DIR) +
                     "/question-banks/cnc-turning-worldskills-scheme.json");
    std::stringstream text;
    text << in.rdbuf();
    return core::marking_scheme_from_json(json::parse(text.str()));
}

core::session_context examiner(std::string name,
                               std::vector<std::string> scopes = {"sitting:s"},
                               std::string organisation = "Other college") {
    return {protocol::role::examiner,
            0,
            {},
            {},
            core::staff_record{name, name, "examiner", "", std::move(scopes), organisation}};
}

/// A practical sitting whose one candidate has handed in, and the marking room over the fakes.
struct marking_room {
    util::manual_clock clock;
    fake_sittings sittings;
    fake_attempts attempts;
    fake_uploads uploads;
    fake_marking marking_store;
    fake_notifier pushes;
    api::rooms rooms{sittings, attempts, attempts, uploads, clock, pushes};
    api::dispatcher dispatcher{rooms};
    core::marking_service marking{
        sittings,
        attempts,
        uploads,
        marking_store,
        clock,
        [](core::practical_task const&,
           std::vector<core::work_file> const&,
           std::filesystem::path const&) { return core::check_outcome{}; },
        std::filesystem::temp_directory_path()};
    core::marking_scheme scheme = worldskills_scheme();

    marking_room() {
        attempts.sittings = &sittings;
        rooms.set_marking(&marking);
        marking_store.schemes[scheme.id] = scheme;
        sittings.assessments["p"] = core::assessment_from_json(json::parse(R"({
          "kind": "assessment", "id": "p", "title": "CNC", "durationMinutes": 60,
          "tasks": [{"id": "T1", "title": "Turned shaft", "sheet": "Turn the shaft.",
                     "durationMinutes": 60, "markingScheme": "cnc-turning-module-a"}]})"));
        sittings.sittings["s"] = {"s", "p", "Workshop", "V", "1", clock.now() - 3'600'000};
        sittings.candidates["P1"] = {"s", "P1", "赵六", "1", "W1", "", ""};
        sittings.candidates["P1"].organisation = "Company A";
        core::attempt_record a;
        a.id = 1;
        a.sitting_id = "s";
        a.ticket = "P1";
        a.state = core::attempt_state::closed;
        attempts.attempts[1] = a;
        rooms.set_marking(&marking);
    }
    ~marking_room() { rooms.set_marking(nullptr); }

    core::outcome send(core::session_context const& ctx, std::string type, json body) {
        return testing::send(dispatcher, testing::with_session(rooms, ctx), std::move(type),
                             std::move(body));
    }
    core::outcome enter(core::session_context const& judge,
                        std::string const& work,
                        std::string const& aspect,
                        json entry) {
        return send(judge, "marking.enter",
                    {{"sitting_id", "s"}, {"code", work}, {"aspect", aspect}, {"entry", entry}});
    }
};

} // namespace

TEST_CASE("marking in the core: judges enter independently, a disagreement is reconciled, "
          "the chief locks") {
    marking_room r;
    auto j1 = examiner("j1"), j2 = examiner("j2"), j3 = examiner("j3");
    auto chief = examiner("chief", {"sitting:s", "chief"});

    auto queue = r.send(j1, "marking.queue", {{"sitting_id", "s"}});
    REQUIRE(code_of(queue) == "");
    REQUIRE(queue.body["works"].size() == 1); // made on first listing, by code only
    auto work = queue.body["works"][0]["code"].get<std::string>();
    // Blind: no ticket (as a value: a random work code may hold the letters P1), no name.
    CHECK(queue.body.dump().find("\"P1\"") == std::string::npos);
    CHECK(queue.body.dump().find("赵六") == std::string::npos);

    // A judge sees how many have entered, never the others' scores until all three have.
    REQUIRE(code_of(r.enter(j1, work, "B1.1", {{"score", 3}})) == "");
    auto seen = r.send(j2, "marking.work", {{"sitting_id", "s"}, {"code", work}});
    REQUIRE(code_of(seen) == "");
    CHECK(seen.body["marks"]["B1.1"]["entered"] == 1);
    CHECK_FALSE(seen.body["marks"]["B1.1"].contains("scores"));
    CHECK(seen.body.dump().find("赵六") == std::string::npos);
    REQUIRE(code_of(r.enter(j2, work, "B1.1", {{"score", 3}})) == "");
    auto third = r.enter(j3, work, "B1.1", {{"score", 1}});
    REQUIRE(code_of(third) == "");
    CHECK(third.body["reconcile"] == json::array({"B1.1"})); // 3, 3 and 1: more than one apart
    seen = r.send(j1, "marking.work", {{"sitting_id", "s"}, {"code", work}});
    CHECK(seen.body["marks"]["B1.1"]["scores"] == json({{"j1", 3}, {"j2", 3}, {"j3", 1}}));

    // Not ready: aspects pending and one to reconcile. A judge cannot lock at all.
    auto early = r.send(chief, "marking.lock", {{"sitting_id", "s"}, {"code", work}});
    CHECK(code_of(early) == "invalid_field");
    CHECK(early.message.find("B1.1 (to reconcile)") != std::string::npos);
    CHECK(code_of(r.send(j1, "marking.lock", {{"sitting_id", "s"}, {"code", work}})) ==
          "forbidden");

    // Reconciled, then every other aspect entered: the chief locks and signs off.
    CHECK(r.enter(j3, work, "B1.1", {{"score", 2}}).body["reconcile"] == json::array());
    for (auto const* a : r.scheme.aspects()) {
        if (a->code == "B1.1") continue;
        if (a->type == core::aspect::kind::judgement) {
            for (auto const* judge : {&j1, &j2, &j3})
                REQUIRE(code_of(r.enter(*judge, work, a->code, {{"score", 3}})) == "");
        } else if (a->rule == core::measurement_kind::all_or_nothing) {
            REQUIRE(code_of(r.enter(j1, work, a->code, {{"met", true}})) == "");
        } else if (a->rule == core::measurement_kind::deductions) {
            REQUIRE(code_of(r.enter(j1, work, a->code, {{"faults", json::object()}})) == "");
        } else {
            REQUIRE(code_of(r.enter(j1, work, a->code, {{"value", a->nominal}})) == "");
        }
    }
    auto locked = r.send(chief, "marking.lock", {{"sitting_id", "s"}, {"code", work}});
    REQUIRE(code_of(locked) == "");
    CHECK(locked.body["state"] == "locked");
    CHECK(locked.body["score"]["max"] == 100);
    CHECK(locked.body["score"]["total"].get<double>() < 100); // B1.1 at 3, 3, 2 of 3
    CHECK(r.marking_store.audit.back().actor == "staff:chief");
    CHECK(r.marking_store.audit.back().action == "marking.lock");
    // Locked is final: no more entries, no second lock.
    CHECK(code_of(r.enter(j1, work, "B1.1", {{"score", 0}})) == "marking_locked");
    CHECK(code_of(r.send(chief, "marking.lock", {{"sitting_id", "s"}, {"code", work}})) ==
          "marking_locked");
}

TEST_CASE("marking refuses examiners of the candidate's organisation, other sittings and bad "
          "entries") {
    marking_room r;
    auto queue = r.send(examiner("j1"), "marking.queue", {{"sitting_id", "s"}});
    auto work = queue.body["works"][0]["code"].get<std::string>();
    auto colleague = examiner("j9", {"sitting:s"}, "Company A");
    CHECK(r.send(colleague, "marking.queue", {{"sitting_id", "s"}}).body["works"].empty());
    CHECK(code_of(r.send(colleague, "marking.work", {{"sitting_id", "s"}, {"code", work}})) ==
          "forbidden");
    CHECK(code_of(r.send(examiner("j8", {"sitting:other"}), "marking.queue",
                         {{"sitting_id", "s"}})) == "forbidden");
    auto j1 = examiner("j1");
    CHECK(code_of(r.enter(j1, work, "B1.1", {{"score", 4}})) == "invalid_field");
    CHECK(code_of(r.enter(j1, work, "Z9", {{"score", 1}})) == "invalid_field");
    CHECK(code_of(r.enter(j1, "NOPE42", "B1.1", {{"score", 1}})) == "invalid_field");
    CHECK(r.marking_store.all_marks.empty()); // nothing refused was stored
}

TEST_CASE("an appeal needs a reason, one at a time, and a locked result, and its second marking is "
          "the next round under new codes") {
    json locked{{"total", 71.5}, {"tasks", {{"T1", {{"round", 1}}}}}};
    CHECK(core::appeal_refusal("P1", "s", "", std::nullopt, locked).find("reason") !=
          std::string::npos);
    CHECK(core::appeal_refusal("P1", "s", "re-measure", 7, locked) ==
          "P1 already has an open appeal (7)");
    CHECK(core::appeal_refusal("P1", "s", "re-measure", std::nullopt, json())
              .find("follows the chief examiner's lock") != std::string::npos);
    CHECK(core::appeal_refusal("P1", "s", "re-measure", std::nullopt, locked).empty());

    core::work_record first;
    first.id = 4;
    first.sitting_id = "s";
    first.attempt_id = 1;
    first.task = "T1";
    first.code = "ABC123";
    first.state = "locked";
    first.checker = {{"status", "passed"}};
    auto next = core::second_marking({first});
    REQUIRE(next.size() == 1);
    CHECK(next[0].round == 2);
    CHECK(next[0].state == "open");
    CHECK(next[0].code.size() == 6);
    CHECK(next[0].code != first.code); // the first examiners cannot recognise it
    CHECK(next[0].checker == first.checker);

    CHECK_FALSE(core::appeal_outcome(locked, json()));
    CHECK(core::appeal_outcome(locked, locked) == "unchanged");
    CHECK(core::appeal_outcome(locked, {{"total", 74.0}}) == "changed");
}

TEST_CASE("a re-check replaces only the checker's entries and shows what changes") {
    core::work_entries now;
    now.add("A1.1", "checker", {{"value", 39.99}});
    now.add("A1.2", "checker", {{"value", 32.0}});
    now.add("A1.2", "j1", {{"value", 32.01}}); // an examiner's later entry counts now
    now.add("B1.1", "j1", {{"score", 3}});
    auto [before, after] = core::recheck_difference(now, {{"A1.1", {{"value", 40.1}}}});
    CHECK(before == json({{"A1.1", {{"value", 39.99}}}, {"A1.2", {{"value", 32.01}}}}));
    CHECK(after == json({{"A1.1", {{"value", 40.1}}}, {"A1.2", {{"value", 32.01}}}}));
    CHECK_FALSE(before.contains("B1.1")); // judged aspects are the examiners' alone
}
