#include "client/terminal/exam_client.hpp"
#include "server/store/database.hpp"
#include "server/store/photos.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/protocol/catalog.hpp"
#include "tests/integration/fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <thread>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {
// The next push of `type` whose body has `state` (any, when empty): the periodic time pushes
// may come first on a slow machine.
std::optional<protocol::incoming> wait_push(client::connection& c,
                                            std::string const& type,
                                            std::string const& state = "",
                                            milliseconds timeout = milliseconds(5000)) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end)
        if (auto m = c.next_message(milliseconds(100));
            m && m->type == type && (state.empty() || m->body.value("state", "") == state))
            return m;
    return std::nullopt;
}

struct room_fixture {
    test_server s;
    bool seeded = (seed_staff(s.dir.path), true);
    std::unique_ptr<client::connection> candidate = s.signed_in("T001");
    std::unique_ptr<client::connection> proctor = s.staff("proctor-a");
    json paper = candidate->call("paper.get", json::object()).body;
    json fifty_hz{{"choice", shown_id(paper, "sc1", "50 Hz")}};
};

std::int64_t remaining(client::connection& c) {
    return c.call("time.sync", json::object()).body["remaining_ms"].get<std::int64_t>();
}
} // namespace

TEST_CASE("staff sign-in: a wrong password is refused and repeated failures are throttled") {
    test_server s;
    seed_staff(s.dir.path);
    auto c = s.connect();
    for (int i = 0; i < 5; ++i)
        CHECK(code_of(c->call("auth.staff_sign_in", {{"username", "proctor-a"},
                                                     {"password", "wrong"}})) == "bad_credentials");
    CHECK(code_of(c->call("auth.staff_sign_in", {{"username", "proctor-a"},
                                                 {"password", staff_password}})) == "rate_limited");
    auto other = s.staff("proctor-b"); // throttling is per account
    CHECK(code_of(other->call("ping", json::object())) == "");
}

/// Waits until the server has closed `c`.
bool closed_by_server(client::connection& c) {
    for (int i = 0; i < 100 && c.connected(); ++i) c.next_message(milliseconds(100));
    return !c.connected();
}

TEST_CASE("a staff session survives a dropped connection by its token, and signing out "
          "everywhere closes the account's other consoles") {
    test_server s;
    seed_staff(s.dir.path);
    auto laptop = s.connect();
    auto signed_in = laptop->call("auth.staff_sign_in",
                                  {{"username", "proctor-a"}, {"password", staff_password}});
    REQUIRE(code_of(signed_in) == "");
    auto token = signed_in.body["session_token"].get<std::string>();
    CHECK(signed_in.body["idle_seconds"] == 1800);
    laptop->close(); // the network blipped

    auto again = s.connect();
    auto resumed = again->call("auth.staff_resume", {{"token", token}});
    REQUIRE(code_of(resumed) == "");
    CHECK(resumed.body["role"] == "proctor");
    CHECK(code_of(again->call("room.watch", {{"sitting_id", "sit-1"}})) == "");

    auto tablet = s.staff("proctor-a");
    auto colleague = s.staff("proctor-b");
    CHECK(code_of(tablet->call("auth.sign_out", {{"everywhere", true}})) == "");
    CHECK(closed_by_server(*tablet));
    auto ended = wait_push(*again, "session.ended");
    REQUIRE(ended);
    CHECK(ended->body["reason"] == "signed_out_everywhere");
    CHECK(closed_by_server(*again));
    CHECK(code_of(s.connect()->call("auth.staff_resume", {{"token", token}})) == "bad_credentials");
    // Another account is untouched.
    CHECK(code_of(colleague->call("room.list", json::object())) == "");
}

TEST_CASE("a staff console idle for the configured time is told so and closed") {
    test_server s("items", {}, std::chrono::seconds(1));
    seed_staff(s.dir.path);
    auto idle = s.staff("proctor-a");
    s.clock.advance(2'000); // the server's clock: what the session's age is measured by
    auto ended = wait_push(*idle, "session.ended");
    REQUIRE(ended);
    CHECK(ended->body["reason"] == "inactive");
    CHECK(closed_by_server(*idle));
    // A request after the time is refused even before the push (the clock has moved on).
    auto late = s.staff("proctor-a");
    s.clock.advance(2'000);
    CHECK(code_of(late->call("room.list", json::object())) == "session_ended");
}

TEST_CASE("pause stops the candidate's clock and resume restarts it with the same time left") {
    room_fixture f;
    auto before = remaining(*f.candidate);
    auto paused = f.proctor->call("attempt.pause", {{"sitting_id", "sit-1"},
                                                    {"tickets", {"T001"}},
                                                    {"reason", "illness"},
                                                    {"comment", "feels unwell"}});
    REQUIRE(code_of(paused) == "");
    CHECK(paused.body["applied"] == json{"T001"});
    auto push = wait_push(*f.candidate, "time.changed", "paused");
    REQUIRE(push);
    CHECK(push->body["reason"] == "pause");
    CHECK(code_of(f.candidate->call("answer.save",
                                    {{"item_id", "sc1"}, {"seq", 1}, {"response", f.fifty_hz}})) ==
          "attempt_paused");
    f.s.clock.advance(10 * 60'000);
    CHECK(remaining(*f.candidate) <= before);
    CHECK(remaining(*f.candidate) >= before - 2'000);
    REQUIRE(code_of(f.proctor->call("attempt.resume",
                                    {{"sitting_id", "sit-1"}, {"reason", "recovered"}})) == "");
    auto resumed = wait_push(*f.candidate, "time.changed", "running");
    REQUIRE(resumed);
    CHECK(remaining(*f.candidate) >= before - 2'000);
    CHECK(code_of(f.candidate->call(
              "answer.save", {{"item_id", "sc1"}, {"seq", 1}, {"response", f.fifty_hz}})) == "");
}

TEST_CASE("extra time moves the candidate's deadline and the push arrives") {
    room_fixture f;
    auto deadline = f.paper["time"]["deadline"].get<std::int64_t>();
    auto reply = f.proctor->call("attempt.extra_time", {{"sitting_id", "sit-1"},
                                                        {"tickets", {"T001"}},
                                                        {"minutes", 15},
                                                        {"reason", "power_outage"},
                                                        {"comment", ""}});
    REQUIRE(code_of(reply) == "");
    auto push = wait_push(*f.candidate, "time.changed");
    REQUIRE(push);
    CHECK(push->body["deadline"].get<std::int64_t>() == deadline + 15 * 60'000);
    CHECK(push->body["reason"] == "extra_time");
    CHECK(code_of(f.proctor->call("attempt.extra_time",
                                  {{"sitting_id", "sit-1"}, {"minutes", 0}, {"reason", "x"}})) ==
          "invalid_field");
}

TEST_CASE("terminate closes the attempt and later saves are refused") {
    room_fixture f;
    auto reply =
        f.proctor->call("attempt.terminate",
                        {{"sitting_id", "sit-1"}, {"tickets", {"T001"}}, {"reason", "misconduct"}});
    REQUIRE(code_of(reply) == "");
    auto closed = wait_push(*f.candidate, "attempt.closed");
    REQUIRE(closed);
    CHECK(closed->body["reason"] == "terminated");
    CHECK(code_of(f.candidate->call("answer.save",
                                    {{"item_id", "sc1"}, {"seq", 1}, {"response", f.fifty_hz}})) ==
          "attempt_closed");
    // Reopened by mistake? The proctor gives it back with minutes to finish.
    auto reopened = f.proctor->call("attempt.reopen", {{"sitting_id", "sit-1"},
                                                       {"tickets", {"T001"}},
                                                       {"minutes", 20},
                                                       {"reason", "wrong_candidate"}});
    REQUIRE(code_of(reopened) == "");
    CHECK(remaining(*f.candidate) == 20 * 60'000);
    CHECK(code_of(f.candidate->call(
              "answer.save", {{"item_id", "sc1"}, {"seq", 1}, {"response", f.fifty_hz}})) == "");
}

TEST_CASE("announcements reach every candidate of the room and no other room") {
    room_fixture f;
    auto second = f.s.signed_in("T002", "term-2");
    auto elsewhere = f.s.connect();
    auto t200 = f.s.staff("proctor-b")
                    ->call("candidate.check_in", {{"ticket", "T200"}, {"state", "checked_in"}});
    REQUIRE(code_of(t200) == "");
    REQUIRE(code_of(elsewhere->call("auth.sign_in", {{"ticket", "T200"},
                                                     {"access_code", t200.body["access_code"]},
                                                     {"terminal_id", "room-b-1"}})) == "");
    REQUIRE(code_of(f.proctor->call("room.announce", {{"sitting_id", "sit-1"},
                                                      {"text", "还有 30 分钟 30 minutes left"}})) ==
            "");
    for (auto* c : {f.candidate.get(), second.get()}) {
        auto a = wait_push(*c, "announcement");
        REQUIRE(a);
        CHECK(a->body["text"] == "还有 30 分钟 30 minutes left");
    }
    CHECK_FALSE(wait_push(*elsewhere, "announcement", "", milliseconds(500)));
    REQUIRE(code_of(f.proctor->call("candidate.message",
                                    {{"ticket", "T002"}, {"text", "请坐回座位"}})) == "");
    auto m = wait_push(*second, "message");
    REQUIRE(m);
    CHECK(m->body["text"] == "请坐回座位");
}

TEST_CASE("a proctor scoped to room A cannot act on room B") {
    room_fixture f;
    for (auto [type, body] : std::vector<std::pair<std::string, json>>{
             {"room.watch", {{"sitting_id", "sit-2"}}},
             {"attempt.pause", {{"sitting_id", "sit-2"}, {"reason", "x"}}},
             {"room.announce", {{"sitting_id", "sit-2"}, {"text", "x"}}},
             {"candidate.check_in", {{"ticket", "T200"}, {"state", "checked_in"}}},
             {"candidate.message", {{"ticket", "T200"}, {"text", "x"}}},
             {"terminal.approve", {{"ticket", "T200"}, {"reason", "x"}}}}) {
        CAPTURE(type);
        CHECK(code_of(f.proctor->call(type, body)) == "forbidden");
    }
    auto admin = f.s.staff("admin");
    CHECK(code_of(admin->call("room.watch", {{"sitting_id", "sit-2"}})) == "");
}

TEST_CASE("the roster's photo goes to the staff of the candidate's sitting and to no one else") {
    room_fixture f;
    // A PNG's signature and header (120 × 160), as `craftmark sitting photos` checks and keeps.
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x78\0\0\0\xa0", 24);
    png += std::string(200, '\x42');
    {
        auto db = store::open_database(f.s.dir.path / "craftmark.db");
        store::add_photos(*db, "sit-1",
                          {{"110101199001061234", {"image/png", png, crypto::sha256_hex(png)}}},
                          "test");
    }
    auto checked = f.proctor->call("candidate.check_in", {{"ticket", "T001"}, {"state", "late"}});
    CHECK(checked.body["photo"] == true);
    auto photo = f.proctor->call("candidate.photo", {{"ticket", "T001"}});
    REQUIRE(code_of(photo) == "");
    CHECK(photo.body["media_type"] == "image/png");
    CHECK(crypto::base64url_decode(photo.body["data"].get<std::string>()) == png);
    CHECK(photo.body["sha256"] == crypto::sha256_hex(png));

    // Someone the roster brought no photo of: said so, with nothing to show.
    CHECK(f.proctor->call("candidate.check_in", {{"ticket", "T002"}, {"state", "checked_in"}})
              .body["photo"] == false);
    auto none = f.proctor->call("candidate.photo", {{"ticket", "T002"}});
    CHECK(none.body == json{{"ticket", "T002"}, {"media_type", ""}});

    // Not to a proctor of another room, a candidate, or a connection that has not signed in.
    CHECK(code_of(f.s.staff("proctor-b")->call("candidate.photo", {{"ticket", "T001"}})) ==
          "forbidden");
    CHECK(code_of(f.candidate->call("candidate.photo", {{"ticket", "T001"}})) == "forbidden");
    CHECK(code_of(f.s.connect()->call("candidate.photo", {{"ticket", "T001"}})) == "not_signed_in");
}

TEST_CASE("a candidate cannot send any staff message") {
    room_fixture f;
    int checked = 0;
    for (auto const& m : protocol::client_messages()) {
        if (m.allows(protocol::role::candidate)) continue;
        CAPTURE(m.type);
        auto code =
            code_of(f.candidate->call(m.type, {{"sitting_id", "sit-1"}, {"ticket", "T001"}}));
        CHECK(code == "forbidden");
        ++checked;
    }
    CHECK(checked >= 10);
}

TEST_CASE("the seat map: snapshot, then pushes for saves, raised hands and disconnects") {
    room_fixture f;
    auto watch = f.proctor->call("room.watch", {{"sitting_id", "sit-1"}});
    REQUIRE(code_of(watch) == "");
    auto seats = watch.body["seats"];
    REQUIRE(seats.size() == 3);
    CHECK(seats[0]["ticket"] == "T001");
    CHECK(seats[0]["connection"] == "connected");
    CHECK(seats[1]["connection"] == "not_signed_in");
    CHECK(seats[0].dump().find("110101") == std::string::npos); // no ID numbers in the seat map
    REQUIRE(code_of(f.candidate->call(
                "answer.save", {{"item_id", "sc1"}, {"seq", 1}, {"response", f.fifty_hz}})) == "");
    auto seat = wait_push(*f.proctor, "room.seat");
    REQUIRE(seat);
    CHECK(seat->body["answered"] == 1);
    CHECK(seat->body["total"] == 7);
    REQUIRE(code_of(f.candidate->call("hand.raise", json::object())) == "");
    auto hand = wait_push(*f.proctor, "room.seat");
    REQUIRE(hand);
    CHECK(hand->body["hand_raised"] == true);
    REQUIRE(code_of(f.candidate->call("terminal.focus", {{"focused", false}})) == "");
    auto focus = wait_push(*f.proctor, "room.seat");
    REQUIRE(focus);
    CHECK(focus->body["focus_lost"] == 1);
    CHECK(code_of(f.candidate->call("terminal.focus", {{"focused", "no"}})) == "invalid_field");
    f.candidate->close();
    auto gone = wait_push(*f.proctor, "room.seat");
    REQUIRE(gone);
    CHECK(gone->body["connection"] == "missing");
    CHECK(gone->body["missing_since"].get<std::int64_t>() > 0);
}

TEST_CASE("check-in issues a new access code, a move to another terminal needs the proctor") {
    room_fixture f;
    auto in = f.proctor->call("candidate.check_in", {{"ticket", "T002"}, {"state", "late"}});
    REQUIRE(code_of(in) == "");
    CHECK(in.body["access_code"].get<std::string>().size() == 6);
    CHECK(in.body["access_code"] != f.s.codes["T002"]); // the one before stops working
    CHECK(in.body["national_id"] == "110101199001055678");
    CHECK_FALSE(f.proctor->call("candidate.check_in", {{"ticket", "T003"}, {"state", "no_show"}})
                    .body.contains("access_code"));
    auto moved = f.s.connect();
    json sign_in{
        {"ticket", "T001"}, {"access_code", f.s.codes["T001"]}, {"terminal_id", "spare-pc"}};
    CHECK(code_of(moved->call("auth.sign_in", sign_in)) == "ticket_in_use");
    auto approved =
        f.proctor->call("terminal.approve", {{"ticket", "T001"}, {"reason", "terminal_failure"}});
    REQUIRE(code_of(approved) == "");
    CHECK(approved.body["terminal"] == "spare-pc");
    auto reply = moved->call("auth.sign_in", sign_in);
    REQUIRE(code_of(reply) == "");
    CHECK(moved->call("paper.get", json::object()).body["time"]["state"] == "running");
}

TEST_CASE("the exam terminal's client keeps announcements and messages and can raise a hand") {
    test_server s;
    seed_staff(s.dir.path);
    temp_dir journal;
    client::exam_client exam(
        {{"localhost", s.server.port(), s.server.ca_certificate(), std::chrono::seconds(5)},
         journal.path,
         "T001",
         s.codes["T001"]});
    exam.start();
    REQUIRE(exam.open_paper());
    auto proctor = s.staff("proctor-a");
    REQUIRE(code_of(proctor->call("room.watch", {{"sitting_id", "sit-1"}})) == "");
    REQUIRE(code_of(proctor->call("room.announce",
                                  {{"sitting_id", "sit-1"}, {"text", "请检查准考证"}})) == "");
    REQUIRE(code_of(proctor->call("attempt.pause",
                                  {{"sitting_id", "sit-1"}, {"reason", "noise"}})) == "");
    for (int i = 0; i < 50 && (exam.notices().empty() || exam.snapshot().time_state != "paused");
         ++i)
        std::this_thread::sleep_for(milliseconds(100));
    REQUIRE(exam.notices().size() == 2);
    CHECK(exam.notices()[0].text == "请检查准考证");
    CHECK(exam.notices()[1].text.find("paused") != std::string::npos);
    CHECK(exam.snapshot().time_state == "paused");
    exam.raise_hand();
    CHECK(wait_push(*proctor, "room.seat"));
}

TEST_CASE("authorisation matrix: every message type against every role") {
    // Generated from the protocol's own table, so a new message cannot be added without a row.
    room_fixture f;
    std::vector<std::pair<protocol::role, client::connection*>> roles;
    auto nobody = f.s.connect();
    auto examiner = f.s.staff("examiner");
    auto admin = f.s.staff("admin");
    roles = {{protocol::role::none, nobody.get()},
             {protocol::role::candidate, f.candidate.get()},
             {protocol::role::proctor, f.proctor.get()},
             {protocol::role::examiner, examiner.get()},
             {protocol::role::admin, admin.get()}};
    json body{{"sitting_id", "sit-1"},
              {"ticket", "T001"},
              {"reason", "matrix"},
              {"text", "x"},
              {"minutes", 1},
              {"state", "late"},
              {"item_id", "zz"},
              {"seq", 1},
              {"response", json::object()},
              {"flagged", true},
              {"focused", true},
              {"username", "nobody"},
              {"password", "x"},
              {"access_code", "x"},
              {"resume_token", "x"},
              {"tickets", json::array({"T003"})}};
    int rows = 0;
    for (auto const& m : protocol::client_messages()) {
        for (auto [role, c] : roles) {
            CAPTURE(m.type);
            CAPTURE(protocol::role_name(role));
            auto reply = c->call(m.type, body);
            auto code = code_of(reply);
            if (code.empty() && reply.body.contains("access_code")) // each check-in issues one
                f.s.codes["T001"] = reply.body["access_code"].get<std::string>();
            bool refused_for_role = code == "forbidden" || code == "not_signed_in";
            CHECK(refused_for_role == !m.allows(role));
            ++rows;
        }
        // An approved terminal or a move cuts the candidate's terminal off: sign in again.
        if (m.type == "terminal.approve" || m.type == "candidate.move") {
            for (int i = 0; i < 50 && f.candidate->connected(); ++i)
                std::this_thread::sleep_for(milliseconds(100));
            f.candidate = f.s.signed_in("T001");
            roles[1].second = f.candidate.get();
        }
        // Signing out ends each staff connection: sign in again.
        if (m.type == "auth.sign_out") {
            f.proctor = f.s.staff("proctor-a");
            examiner = f.s.staff("examiner");
            admin = f.s.staff("admin");
            roles[2].second = f.proctor.get();
            roles[3].second = examiner.get();
            roles[4].second = admin.get();
        }
    }
    CHECK(rows == static_cast<int>(protocol::client_messages().size()) * 5);
}

TEST_CASE("incidents are recorded against seats, shown on the seat map, and closed") {
    room_fixture f;
    REQUIRE(code_of(f.proctor->call("room.watch", {{"sitting_id", "sit-1"}})) == "");
    CHECK(code_of(f.proctor->call("incident.open", {{"sitting_id", "sit-1"},
                                                    {"category", "weather"},
                                                    {"description", "x"}})) == "invalid_field");
    auto opened = f.proctor->call("incident.open", {{"sitting_id", "sit-1"},
                                                    {"category", "technical.terminal_failure"},
                                                    {"tickets", {"T001"}},
                                                    {"description", "座位 1 的终端死机 PC froze"}});
    REQUIRE(code_of(opened) == "");
    auto id = opened.body["id"].get<std::int64_t>();
    auto seat = wait_push(*f.proctor, "room.seat");
    REQUIRE(seat);
    CHECK(seat->body["incidents_open"] == 1);
    auto listed = f.proctor->call("incident.list", {{"sitting_id", "sit-1"}});
    REQUIRE(listed.body["incidents"].size() == 1);
    CHECK(listed.body["incidents"][0]["opened_by"] == "proctor-a");
    REQUIRE(code_of(f.proctor->call("incident.close",
                                    {{"sitting_id", "sit-1"},
                                     {"id", id},
                                     {"resolution", "spare PC, 5 minutes given"}})) == "");
    CHECK(code_of(f.proctor->call(
              "incident.close", {{"sitting_id", "sit-1"}, {"id", id}, {"resolution", "again"}})) ==
          "invalid_field");
    CHECK(f.proctor->call("incident.list", {{"sitting_id", "sit-1"}})
              .body["incidents"][0]["closed_at"] > 0);
    auto elsewhere = f.s.staff("proctor-b");
    CHECK(code_of(elsewhere->call("incident.list", {{"sitting_id", "sit-1"}})) == "forbidden");
}

TEST_CASE("a second terminal is held and shown on the seat until approved, seats can move") {
    room_fixture f;
    REQUIRE(code_of(f.proctor->call("room.watch", {{"sitting_id", "sit-1"}})) == "");
    auto spare = f.s.connect();
    json sign_in{{"ticket", "T001"}, {"access_code", f.s.codes["T001"]}, {"terminal_id", "spare"}};
    CHECK(code_of(spare->call("auth.sign_in", sign_in)) == "ticket_in_use");
    auto held = wait_push(*f.proctor, "room.seat");
    REQUIRE(held);
    CHECK(held->body["terminal_request"] == true);
    REQUIRE(code_of(f.proctor->call("terminal.approve",
                                    {{"ticket", "T001"}, {"reason", "terminal_failure"}})) == "");
    REQUIRE(code_of(spare->call("auth.sign_in", sign_in)) == "");
    auto moved = f.proctor->call(
        "candidate.move", {{"ticket", "T001"}, {"seat", "B07"}, {"reason", "terminal_failure"}});
    REQUIRE(code_of(moved) == "");
    auto seats = f.proctor->call("room.watch", {{"sitting_id", "sit-1"}}).body["seats"];
    CHECK(seats[0]["seat"] == "B07");
    CHECK(seats[0]["terminal_request"] == false);
}
