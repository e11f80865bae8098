// docs/protocol.md's replies and pushes are the structs of shared/protocol: every one the real
// server sends reads as its struct and writes back as the same JSON, so a client reading the
// structs sees everything the server says, and nothing the server says is missing from them.
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/protocol/exam_replies.hpp"
#include "shared/protocol/marking_messages.hpp"
#include "shared/protocol/marking_replies.hpp"
#include "shared/protocol/room_messages.hpp"
#include "shared/protocol/room_replies.hpp"
#include "shared/protocol/seat_messages.hpp"
#include "shared/protocol/upload_frame.hpp"
#include "tests/integration/fixture.hpp"
#include "tests/integration/marking_fixture.hpp"

#include <doctest/doctest.h>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

/// The reply's body as its struct, after checking that the struct holds all of it.
template <class T> T reads_as(protocol::incoming const& reply) {
    REQUIRE_MESSAGE(code_of(reply) == "", reply.message);
    INFO(reply.body.dump());
    auto typed = reply.body.get<T>();
    CHECK(json(typed) == reply.body);
    return typed;
}

protocol::incoming next_push(client::connection& c, std::string const& type) {
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < end)
        if (auto m = c.next_message(milliseconds(100));
            m && m->what == protocol::incoming::kind::push && m->type == type)
            return *m;
    FAIL("no ", type, " push");
    return {};
}

} // namespace

TEST_CASE("a written exam's replies and pushes are the protocol's structs") {
    test_server s("items");
    auto c = s.connect();
    CHECK(reads_as<protocol::pong>(c->call("ping", json::object())).server_time == s.clock.now());
    auto view = reads_as<protocol::session_view>(
        c->call("auth.sign_in", protocol::sign_in{"T001", s.codes.at("T001"), "term-1"}));
    CHECK(view.candidate.name == "张三");
    CHECK(view.resume_token.size() == 64);
    CHECK(reads_as<protocol::session_view>(c->call("lobby.status", json::object()))
              .resume_token.empty());

    auto paper = reads_as<protocol::paper>(c->call("paper.get", json::object()));
    REQUIRE(!paper.sections.empty());
    CHECK(!paper.tasks);
    protocol::paper_item item;
    for (auto const& section : paper.sections)
        for (auto const& i : section.items)
            if (i.type == "single_choice") item = i;
    REQUIRE(!item.choices.empty());

    auto saved = reads_as<protocol::answer_saved>(c->call(
        "answer.save", protocol::answer_save{item.id, 1, {{"choice", item.choices[0].id}}}));
    CHECK(saved.seq == 1);
    CHECK(!saved.duplicate);
    CHECK(reads_as<protocol::item_flag>(c->call("item.flag", protocol::item_flag{item.id, true})) ==
          protocol::item_flag{item.id, true});
    CHECK(reads_as<protocol::time_status>(c->call("time.sync", json::object())).state == "running");
    // The paper again, now with an answer and a flag.
    auto again = reads_as<protocol::paper>(c->call("paper.get", json::object()));
    CHECK(again.answers.at(item.id).seq == 1);
    CHECK(again.flags == std::vector<std::string>{item.id});
    CHECK(again.sections == paper.sections); // the same ids and order after a reload

    seed_staff(s.dir.path);
    auto proctor = s.staff("proctor-a");
    REQUIRE(code_of(proctor->call("room.announce", protocol::room_announce{"sit-1", "请注意"})) ==
            "");
    CHECK(next_push(*c, "announcement").body.get<protocol::room_text>().text == "请注意");

    auto handed_in = reads_as<protocol::submitted>(c->call("attempt.submit", json::object()));
    REQUIRE(handed_in.result);
    CHECK(handed_in.result->items); // review policy "items"
    CHECK(!handed_in.unanswered.empty());
    auto closed = next_push(*c, "attempt.closed");
    CHECK(json(closed.body.get<protocol::attempt_closed>()) == closed.body);
    auto result = reads_as<protocol::result_reply>(c->call("result.get", json::object()));
    CHECK(result.reason == "submitted");
    CHECK(result.result == *handed_in.result);

    // Signing in again from the same terminal ends the first connection's session.
    auto second = s.connect();
    reads_as<protocol::session_view>(
        second->call("auth.sign_in", protocol::sign_in{"T001", s.codes.at("T001"), "term-1"}));
    auto ended = next_push(*c, "session.ended");
    CHECK(ended.body.get<protocol::session_ended>().reason == "signed_in_again");
}

TEST_CASE("a result released by score leaves the items out of the struct and the reply") {
    test_server s("score");
    auto c = s.signed_in("T001");
    reads_as<protocol::paper>(c->call("paper.get", json::object()));
    auto handed_in = reads_as<protocol::submitted>(c->call("attempt.submit", json::object()));
    REQUIRE(handed_in.result);
    CHECK(!handed_in.result->items);
    CHECK(!handed_in.result->sections.empty());
}

TEST_CASE("a practical paper's tasks and the upload replies are the protocol's structs") {
    test_server s;
    auto codes = seed_practical(s.dir.path, s.clock.now() - 60'000);
    auto c = s.connect();
    reads_as<protocol::session_view>(
        c->call("auth.sign_in", protocol::sign_in{"P001", codes.at("P001"), "ws-P001"}));
    auto paper = reads_as<protocol::paper>(c->call("paper.get", json::object()));
    REQUIRE(paper.tasks);
    REQUIRE(paper.tasks->size() == 2);
    CHECK(paper.tasks->at(0).hand_in.files);
    CHECK(!paper.tasks->at(1).hand_in.files);

    std::string bytes(1000, 'G');
    auto begun = reads_as<protocol::upload_progress>(c->call(
        "upload.begin", protocol::upload_begin{"T1", "O1000.nc", 1000, crypto::sha256_hex(bytes)}));
    CHECK(!begun.complete);
    auto received = reads_as<protocol::upload_received>(c->call_binary([&](std::int64_t id) {
        return protocol::encode_upload_chunk(id, begun.upload, 0, bytes);
    }));
    CHECK(received.received == 1000);
    auto kept = reads_as<protocol::upload_kept>(
        c->call("upload.finish", protocol::upload_finish{begun.upload}));
    CHECK(kept.receipt.sha256 == crypto::sha256_hex(bytes));
    auto again = reads_as<protocol::upload_progress>(c->call(
        "upload.begin", protocol::upload_begin{"T1", "O1000.nc", 1000, crypto::sha256_hex(bytes)}));
    CHECK(again.complete);
    CHECK(again.receipt == kept.receipt);
    auto reloaded = reads_as<protocol::paper>(c->call("paper.get", json::object()));
    CHECK(reloaded.receipts == std::vector<protocol::upload_receipt>{kept.receipt});
}

TEST_CASE("a proctor's replies are the protocol's structs") {
    test_server s;
    seed_staff(s.dir.path);
    auto proctor = s.connect();
    auto staff = reads_as<protocol::staff_session>(
        proctor->call("auth.staff_sign_in", protocol::staff_sign_in{"proctor-a", staff_password}));
    CHECK(staff.username == "proctor-a");
    CHECK(staff.scopes == std::vector<std::string>{"sitting:sit-1"});

    auto room =
        reads_as<protocol::room_view>(proctor->call("room.watch", protocol::sitting_ref{"sit-1"}));
    CHECK(room.sitting.id == "sit-1");
    REQUIRE(!room.seats.empty());
    auto checked = reads_as<protocol::checked_in>(
        proctor->call("candidate.check_in", protocol::check_in{"T001", "checked_in"}));
    CHECK(checked.access_code.size() == 6);
    CHECK(reads_as<protocol::checked_in>(
              proctor->call("candidate.check_in", protocol::check_in{"T002", "no_show"}))
              .access_code.empty());
    CHECK(!reads_as<protocol::unlocked>(
               proctor->call("candidate.unlock", protocol::candidate_unlock{"T001", "identity"}))
               .was_locked);

    auto candidate = s.connect();
    reads_as<protocol::session_view>(
        candidate->call("auth.sign_in", protocol::sign_in{"T001", checked.access_code, "term-1"}));
    reads_as<protocol::paper>(candidate->call("paper.get", json::object()));
    protocol::attempt_control pause{"sit-1", "technical", "", {"T001", "T404"}};
    auto paused = reads_as<protocol::control_result>(proctor->call("attempt.pause", pause));
    CHECK(paused.applied == std::vector<std::string>{"T001"});
    CHECK(paused.unknown == std::vector<std::string>{"T404"});
    auto again = reads_as<protocol::control_result>(proctor->call("attempt.pause", pause));
    REQUIRE(again.skipped.size() == 1);
    CHECK(again.skipped[0].why == "already paused");
    CHECK(reads_as<protocol::told>(
              proctor->call("room.announce", protocol::room_announce{"sit-1", "请注意"}))
              .sitting_id == "sit-1");
    CHECK(reads_as<protocol::told>(
              proctor->call("candidate.message", protocol::candidate_message{"T001", "请举手"}))
              .ticket == "T001");
    CHECK(next_push(*candidate, "message").body.get<protocol::room_text>().text == "请举手");

    auto opened = reads_as<protocol::incident>(proctor->call(
        "incident.open",
        protocol::incident_open{"sit-1", "technical.terminal_failure", "黑屏", {"T001"}}));
    CHECK(opened.opened_by == "proctor-a");
    auto listed = reads_as<protocol::incident_list>(
        proctor->call("incident.list", protocol::sitting_ref{"sit-1"}));
    CHECK(listed.incidents == std::vector<protocol::incident>{opened});
    CHECK(!listed.categories.empty());
    CHECK(reads_as<protocol::incident_closed>(
              proctor->call("incident.close", protocol::incident_close{"sit-1", opened.id, "换机"}))
              .id == opened.id);
    CHECK(next_push(*proctor, "room.seat").body.get<protocol::seat_status>().ticket != "");
}

TEST_CASE("an examiner's replies are the protocol's structs") {
    marking_server s;
    std::string program = "O1000\nG0 X0 Z0\nM30\n";
    hand_in(s, "P001", program);
    auto queue = reads_as<protocol::marking_queue>(
        s.as("j1").call("marking.queue", protocol::sitting_ref{"prac-1"}));
    std::string code;
    for (auto const& w : queue.works)
        if (w.task == "T1") code = w.code;
    REQUIRE(!code.empty());
    protocol::work_ref work{"prac-1", code};

    auto form = reads_as<protocol::work_form>(s.as("j1").call("marking.work", work));
    CHECK(form.files ==
          std::vector<protocol::work_file>{{"O1000.nc", static_cast<std::int64_t>(program.size()),
                                            crypto::sha256_hex(program)}});
    std::string judged;
    for (auto const& criterion : form.scheme.criteria)
        for (auto const& a : criterion.aspects)
            if (a.type == "judgement" && judged.empty()) judged = a.code;
    REQUIRE(!judged.empty());
    auto entered = reads_as<protocol::mark_entered>(s.as("j1").call(
        "marking.enter", protocol::marking_enter{work, judged, {{"score", 2}}, ""}));
    CHECK(entered.aspect == judged);
    CHECK(!entered.pending.empty()); // the other judges have not entered theirs
    auto after = reads_as<protocol::work_form>(s.as("j1").call("marking.work", work));
    CHECK(after.marks.at(judged).mine == json{{"score", 2}});
    CHECK(!after.marks.at(judged).scores); // hidden until every judge has entered

    auto piece = reads_as<protocol::file_piece>(
        s.as("j1").call("marking.file", protocol::marking_file{work, "O1000.nc", 0}));
    CHECK(piece.last);
    CHECK(crypto::base64url_decode(piece.data) == program);

    mark_fully(s, code, {"j1", "j2", "j3"}, 2, {}, {}, false);
    auto locked = reads_as<protocol::work_locked>(s.as("chief").call("marking.lock", work));
    CHECK(locked.state == "locked");
    CHECK(locked.score.complete);
    CHECK(locked.score.max);
}
