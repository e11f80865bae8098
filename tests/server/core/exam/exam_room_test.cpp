// The exam room driven through the core alone: in-memory ports, the clock in the test's hand,
// no TLS server. What the loopback tests show end to end, here in microseconds.
#include "shared/crypto/base64.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/password.hpp"
#include "tests/server/core/dispatch.hpp"
#include "tests/server/core/fake_ports.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

namespace {

core::item choice_item(std::string id) {
    core::item it;
    it.id = std::move(id);
    it.type = core::item_type::single_choice;
    it.stem = "Which?";
    it.points = 2;
    it.choices = {{"A", "right", 1, ""}, {"B", "wrong", 0, ""}, {"C", "also wrong", 0, ""}};
    return it;
}

/// The candidate session a successful sign-in makes.
core::session_context session_of(core::outcome const& signed_in) {
    auto const& e = std::get<core::effect::candidate_signed_in>(signed_in.effect);
    return {protocol::role::candidate, e.attempt_id, e.ticket, e.credential, {}};
}

/// A sitting that opened a minute ago with two candidates, a proctor scoped to it, and the
/// rooms over the fakes, reached through the dispatcher as the server reaches them.
struct room {
    util::manual_clock clock;
    fake_sittings sittings;
    fake_attempts attempts;
    fake_uploads uploads;
    fake_notifier pushes;
    api::rooms rooms{sittings, attempts, attempts, uploads, clock, pushes};
    api::dispatcher dispatcher{rooms};
    core::session_context proctor{protocol::role::proctor,
                                  0,
                                  {},
                                  {},
                                  core::staff_record{"li", "Li", "proctor", "", {"sitting:s"}}};

    room() {
        attempts.sittings = &sittings;
        sittings.pool["b"] = {choice_item("q1"), choice_item("q2")};
        sittings.assessments["a"] = core::assessment_from_json(
            {{"kind", "assessment"},
             {"id", "a"},
             {"title", "A"},
             {"durationMinutes", 30},
             {"reviewPolicy", "score"},
             {"sections",
              {{{"id", "S"}, {"title", "S"}, {"draw", {{{"bank", "b"}, {"count", 2}}}}}}}});
        sittings.sittings["s"] = {"s", "a", "Room", "V", "1", clock.now() - 60'000};
        for (auto [ticket, id] : {std::pair{"T1", 1}, std::pair{"T2", 2}}) {
            sittings.candidates[ticket] = {"s", ticket, ticket, "", "", ""};
            core::attempt_record a;
            a.id = id;
            a.sitting_id = "s";
            a.ticket = ticket;
            a.clock.duration = 30 * 60'000;
            attempts.attempts[id] = a;
        }
    }

    core::outcome
    send(core::session_context const& ctx, std::string type, json body = json::object()) {
        return testing::send(dispatcher, testing::with_session(rooms, ctx), std::move(type),
                             std::move(body));
    }

    /// A candidate session signed in from `terminal` (after a check-in).
    core::session_context candidate(std::string const& ticket, std::string const& terminal) {
        auto in =
            send(proctor, "candidate.check_in", {{"ticket", ticket}, {"state", "checked_in"}});
        REQUIRE(code_of(in) == "");
        auto o = send({}, "auth.sign_in",
                      {{"ticket", ticket},
                       {"access_code", in.body["access_code"]},
                       {"terminal_id", terminal}});
        REQUIRE(code_of(o) == "");
        return session_of(o);
    }
};

json paper_of(core::outcome const& o) {
    return json::parse(o.body_text);
}

/// The `attempt.closed` pushes an attempt's candidate has been sent.
std::ptrdiff_t closed_pushes(room& r, std::int64_t attempt) {
    auto const& frames = r.pushes.to_attempts[attempt];
    return std::count_if(frames.begin(), frames.end(), [](std::string const& f) {
        return f.find("\"attempt.closed\"") != f.npos;
    });
}

/// Hands in while the store holds the close, as a commit in flight does, and checks that the
/// candidate hears nothing of it until the store answers `as`; returns the reply then.
core::outcome hand_in_held(room& r,
                           core::session_context const& candidate,
                           core::write_status as = core::write_status::stored) {
    std::optional<core::outcome> reply;
    r.attempts.hold_updates = true;
    r.dispatcher.handle(candidate, {1, "attempt.submit", json::object(), {}},
                        [&](core::outcome o) { reply = std::move(o); });
    CHECK_FALSE(reply);
    CHECK(closed_pushes(r, candidate.attempt_id) == 0);
    r.attempts.release_updates(as);
    REQUIRE(reply);
    return *reply;
}

} // namespace

TEST_CASE("a sitting's life in the core: check-in, paper, saves, pause, extra time, submit") {
    room r;
    auto t1 = r.candidate("T1", "pc-1");
    auto paper = paper_of(r.send(t1, "paper.get"));
    auto const& q1 = paper["sections"][0]["items"][0];
    std::string right;
    for (auto const& c : q1["choices"])
        if (c["text"] == "right") right = c["id"].get<std::string>();
    auto save = [&](int seq, json response) {
        return code_of(r.send(t1, "answer.save",
                              {{"item_id", q1["id"]}, {"seq", seq}, {"response", response}}));
    };
    CHECK(save(1, {{"choice", "A"}}) == "invalid_response"); // the bank's id is not the paper's
    CHECK(save(1, {{"choice", right}}) == "");
    CHECK(r.attempts.saved[1].back().response == json{{"choice", "A"}}); // stored in the bank's ids

    REQUIRE(code_of(r.send(r.proctor, "attempt.pause",
                           {{"sitting_id", "s"}, {"reason", "noise"}})) == "");
    CHECK(save(2, {{"choice", right}}) == "attempt_paused");
    r.clock.advance(10 * 60'000); // paused time is not exam time
    REQUIRE(code_of(r.send(r.proctor, "attempt.resume",
                           {{"sitting_id", "s"}, {"reason", "noise"}})) == "");
    auto extra = r.send(r.proctor, "attempt.extra_time",
                        {{"sitting_id", "s"},
                         {"tickets", {"T1", "T9"}},
                         {"minutes", 5},
                         {"reason", "power_outage"}});
    CHECK(extra.body["applied"] == json{"T1"});
    CHECK(extra.body["unknown"] == json{"T9"});
    auto time = r.send(t1, "time.sync").body;
    CHECK(time["remaining_ms"] == 35 * 60'000 - 0); // 30 minutes, none used while paused, +5

    REQUIRE(code_of(r.send(t1, "hand.raise")) == "");
    auto submitted = r.send(t1, "attempt.submit");
    REQUIRE(code_of(submitted) == "");
    CHECK(submitted.body["result"]["total"] == 2);
    CHECK(save(3, {{"choice", right}}) == "attempt_closed");
    r.pushes.watching.insert("s");
    auto seats = r.send(r.proctor, "room.watch", {{"sitting_id", "s"}}).body["seats"];
    CHECK(seats[0]["hand_raised"] == false); // the submit lowered it
    CHECK(seats[0]["checkin"] == "checked_in");
    auto actions = r.attempts.actions();
    for (auto a : {"candidate.check_in", "auth.sign_in", "attempt.start", "answer.save",
                   "attempt.pause", "attempt.resume", "attempt.extra_time", "attempt.close"})
        CHECK_MESSAGE(std::find(actions.begin(), actions.end(), a) != actions.end(), a);
}

TEST_CASE(
    "in the core: a move retires the token and ends the old session, whose saves are refused") {
    room r;
    auto t2 = r.candidate("T2", "pc-2");
    auto paper = paper_of(r.send(t2, "paper.get"));
    auto const& q = paper["sections"][0]["items"][0];
    json response{{"choice", q["choices"][0]["id"]}};
    REQUIRE(code_of(r.send(r.proctor, "candidate.move",
                           {{"ticket", "T2"}, {"seat", "B7"}, {"reason", "x"}})) == "");
    CHECK(r.pushes.ended == std::vector<std::int64_t>{2});
    CHECK(code_of(r.send(t2, "answer.save",
                         {{"item_id", q["id"]}, {"seq", 1}, {"response", response}})) ==
          "session_ended");
    CHECK(r.attempts.saved[2].empty());
    CHECK(r.sittings.candidates["T2"].seat == "B7");
    // At the new seat the candidate signs in again with the code and sees the same ids.
    auto again = r.send({}, "auth.sign_in",
                        {{"ticket", "T2"},
                         {"access_code", r.sittings.candidates["T2"].access_code},
                         {"terminal_id", "pc-b7"}});
    REQUIRE(code_of(again) == "");
    auto b7 = session_of(again);
    CHECK(paper_of(r.send(b7, "paper.get"))["sections"] == paper["sections"]);
    CHECK(code_of(r.send(b7, "answer.save",
                         {{"item_id", q["id"]}, {"seq", 1}, {"response", response}})) == "");
}

TEST_CASE("each running attempt's time is pushed every 30 s, at a moment of its own") {
    room r;
    for (auto [ticket, terminal] : {std::pair{"T1", "pc-1"}, std::pair{"T2", "pc-2"}})
        REQUIRE(code_of(r.send(r.candidate(ticket, terminal), "paper.get")) ==
                ""); // the clock runs
    auto ticks_to = [&](std::int64_t attempt) {
        auto const& frames = r.pushes.to_attempts[attempt];
        return std::count_if(frames.begin(), frames.end(), [](std::string const& f) {
            return f.find("\"time.changed\"") != f.npos && f.find("\"tick\"") != f.npos;
        });
    };
    std::map<std::int64_t, std::vector<util::millis>> pushed_at;
    r.rooms.attempts.tick();
    for (int i = 0; i < 4 * 60; ++i) { // a minute of ticks, four a second
        r.clock.advance(250);
        auto before = std::pair{ticks_to(1), ticks_to(2)};
        r.rooms.attempts.tick();
        if (ticks_to(1) > before.first) pushed_at[1].push_back(r.clock.now());
        if (ticks_to(2) > before.second) pushed_at[2].push_back(r.clock.now());
    }
    REQUIRE(pushed_at[1].size() == 2);
    REQUIRE(pushed_at[2].size() == 2);
    CHECK(pushed_at[1][1] - pushed_at[1][0] == 30'000);
    CHECK(pushed_at[2][1] - pushed_at[2][0] == 30'000);
    CHECK(pushed_at[1][0] != pushed_at[2][0]); // not the same tick
}

TEST_CASE(
    "a candidate is told the attempt is closed, by reply or push, once the close is durable") {
    room r;
    auto t1 = r.candidate("T1", "pc-1");
    auto t2 = r.candidate("T2", "pc-2");
    for (auto const& t : {t1, t2}) REQUIRE(code_of(r.send(t, "paper.get")) == "");
    CHECK(code_of(hand_in_held(r, t1)) == "");
    CHECK(closed_pushes(r, 1) == 1);
    // A hand-in after the time ran out closes the attempt at its deadline and is refused, and
    // neither the refusal nor the push comes before that close is stored.
    r.clock.advance(31 * 60'000);
    CHECK(code_of(hand_in_held(r, t2)) == "attempt_closed");
    CHECK(closed_pushes(r, 2) == 1);
    CHECK(r.attempts.attempts[2].close_reason == "deadline");
}

TEST_CASE("a hand-in the store could not keep is refused, and the attempt is not announced "
          "closed") {
    room r;
    auto t1 = r.candidate("T1", "pc-1");
    REQUIRE(code_of(r.send(t1, "paper.get")) == "");
    CHECK(code_of(hand_in_held(r, t1, core::write_status::failed)) == "storage_failed");
    CHECK(closed_pushes(r, 1) == 0);
}

TEST_CASE("the dispatcher routes every message type of the catalog, and only those") {
    room r;
    auto routed = r.dispatcher.types();
    std::set<std::string_view> types(routed.begin(), routed.end());
    CHECK(types.size() == routed.size());
    CHECK(types.size() == protocol::client_messages().size());
    for (auto const& m : protocol::client_messages()) CHECK_MESSAGE(types.count(m.type), m.type);
    CHECK(code_of(r.send(r.proctor, "nope")) == "unknown_type");
}

TEST_CASE("a figure goes to a candidate whose paper shows it, while the attempt runs") {
    room r;
    r.sittings.pool["b"][0].media = {"circuit.png"};
    auto other = choice_item("q9"); // in the pool the sitting reads, on nobody's paper
    other.media = {"secret.png"};
    r.sittings.pool["other"] = {other};
    core::figure png{"image/png", "\x89PNG fake bytes", "ab12"};
    r.sittings.figures["b/q1/circuit.png"] = png;
    r.sittings.figures["other/q9/secret.png"] = png;
    auto t1 = r.candidate("T1", "pc-1");
    auto get = [&](std::string const& item, std::string const& name) {
        return r.send(t1, "figure.get", {{"item_id", item}, {"name", name}});
    };
    CHECK(code_of(get("q1", "circuit.png")) == "sitting_not_open"); // before the paper opens

    paper_of(r.send(t1, "paper.get"));
    auto fetched = get("q1", "circuit.png");
    REQUIRE(code_of(fetched) == "");
    CHECK(fetched.body["media_type"] == "image/png");
    CHECK(fetched.body["sha256"] == "ab12");
    CHECK(crypto::base64url_decode(fetched.body["data"].get<std::string>()) == png.bytes);
    CHECK(code_of(get("q9", "secret.png")) == "unknown_item");  // not on this paper
    CHECK(code_of(get("q1", "secret.png")) == "unknown_item");  // not this item's
    CHECK(code_of(get("q2", "circuit.png")) == "unknown_item"); // q2 shows none
    CHECK(code_of(r.send(r.proctor, "figure.get", {{"item_id", "q1"}, {"name", "circuit.png"}})) ==
          "forbidden");

    REQUIRE(code_of(r.send(t1, "attempt.submit")) == "");
    CHECK(code_of(get("q1", "circuit.png")) == "attempt_closed"); // review policy "score"
}

TEST_CASE("after the attempt, figures stay visible only where candidates review their items") {
    room r;
    r.sittings.assessments["a"].review = core::review_policy::items;
    r.sittings.pool["b"][0].media = {"circuit.png"};
    r.sittings.figures["b/q1/circuit.png"] = {"image/png", "\x89PNG", "ab12"};
    auto t1 = r.candidate("T1", "pc-1");
    paper_of(r.send(t1, "paper.get"));
    REQUIRE(code_of(r.send(t1, "attempt.submit")) == "");
    CHECK(code_of(r.send(t1, "figure.get", {{"item_id", "q1"}, {"name", "circuit.png"}})) == "");
}

TEST_CASE("a sitting sat only in the browser refuses other clients at sign-in and resume") {
    room r;
    r.sittings.sittings["s"].delivery = "browser";
    auto in = r.send(r.proctor, "candidate.check_in", {{"ticket", "T1"}, {"state", "checked_in"}});
    REQUIRE(code_of(in) == "");
    auto sign_in = [&](json client) {
        json body{{"ticket", "T1"}, {"access_code", in.body["access_code"]}, {"terminal_id", "pc"}};
        if (!client.is_null()) body["client"] = client;
        return r.send({}, "auth.sign_in", body);
    };
    CHECK(code_of(sign_in(nullptr)) == "browser_required"); // a terminal from before the field
    CHECK(code_of(sign_in("terminal")) == "browser_required");
    CHECK(code_of(sign_in("telnet")) == "invalid_field");
    auto browser = sign_in("browser");
    REQUIRE(code_of(browser) == "");
    auto token = browser.body["resume_token"];
    auto resume = [&](std::string client) {
        return code_of(
            r.send({}, "auth.resume",
                   {{"resume_token", token}, {"terminal_id", "pc"}, {"client", client}}));
    };
    CHECK(resume("terminal") == "browser_required");
    CHECK(resume("browser") == "");
    // The refusals opened nothing: the attempt started once, by the browser's sign-in.
    auto actions = r.attempts.actions();
    CHECK(std::count(actions.begin(), actions.end(), "auth.sign_in") == 1);
}

TEST_CASE("a staff account lists the sittings of its scope only, the latest first") {
    room r;
    r.sittings.sittings["old"] = {"old", "a", "", "V", "2", r.clock.now() - 86'400'000};
    r.sittings.sittings["other"] = {"other", "a", "Other", "W", "3", r.clock.now()};
    auto ids = [](core::outcome const& o) {
        std::vector<std::string> out;
        for (auto const& s : o.body["sittings"]) out.push_back(s["id"].get<std::string>());
        return out;
    };
    auto admin = r.proctor;
    admin.role = protocol::role::admin;
    admin.staff->scopes = {"venue:V"};
    auto list = r.send(admin, "room.list");
    REQUIRE(code_of(list) == "");
    CHECK(ids(list) == std::vector<std::string>{"s", "old"});
    CHECK(list.body["sittings"][1]["title"] == "A"); // none of its own: the assessment's
    CHECK(ids(r.send(r.proctor, "room.list")) == std::vector<std::string>{"s"});
    CHECK(code_of(r.send({}, "room.list")) == "not_signed_in");
    auto t1 = r.candidate("T1", "pc-1");
    CHECK(code_of(r.send(t1, "room.list")) == "forbidden");
}

TEST_CASE("a staff session resumes with its token, ends after the idle time without a request, "
          "and ends here or everywhere at sign-out") {
    using namespace std::chrono_literals;
    room r;
    r.sittings.staff["li"] = {
        "li", "Li", "proctor", crypto::hash_password("a long pass phrase"), {"sitting:s"}};
    auto sign_in = [&] {
        return r.send({}, "auth.staff_sign_in",
                      {{"username", "li"}, {"password", "a long pass phrase"}});
    };
    // The session as the network layer keeps it after the reply.
    auto session_of = [](core::outcome const& o) {
        auto const& e = std::get<core::effect::staff_signed_in>(o.effect);
        return core::session_context{protocol::role::proctor, 0, {}, {}, e.staff, e.session};
    };
    auto first = sign_in();
    REQUIRE(code_of(first) == "");
    auto token = first.body["session_token"].get<std::string>();
    CHECK(token.size() == 64);
    CHECK(first.body["idle_seconds"] == 1800);
    auto laptop = session_of(first);
    CHECK(laptop.staff->password_hash.empty());
    CHECK(laptop.staff_session != token); // the server keeps the token's hash, not the token

    // Each request renews it.
    r.clock.advance(std::chrono::milliseconds(29min).count());
    CHECK(code_of(r.send(laptop, "room.list")) == "");
    r.clock.advance(std::chrono::milliseconds(29min).count());
    CHECK(code_of(r.send(laptop, "room.list")) == "");
    // A new connection continues it with the token, and nothing else.
    auto resumed = r.send({}, "auth.staff_resume", {{"token", token}});
    REQUIRE(code_of(resumed) == "");
    CHECK(session_of(resumed).staff_session == laptop.staff_session);
    CHECK(resumed.body["username"] == "li");
    CHECK(code_of(r.send({}, "auth.staff_resume", {{"token", std::string(64, '0')}})) ==
          "bad_credentials");
    // Thirty minutes without a request end it.
    r.clock.advance(std::chrono::milliseconds(30min).count());
    CHECK(code_of(r.send(laptop, "room.list")) == "session_ended");
    CHECK(code_of(r.send({}, "auth.staff_resume", {{"token", token}})) == "bad_credentials");

    // Sign-out ends this session; everywhere, every session of the account.
    auto desk = session_of(sign_in()), tablet = session_of(sign_in()),
         phone = session_of(sign_in());
    auto here = r.send(desk, "auth.sign_out", {});
    CHECK(std::get<core::effect::staff_signed_out>(here.effect).everywhere == false);
    CHECK(code_of(r.send(desk, "room.list")) == "session_ended");
    CHECK(code_of(r.send(tablet, "room.list")) == "");
    auto everywhere = r.send(tablet, "auth.sign_out", {{"everywhere", true}});
    CHECK(std::get<core::effect::staff_signed_out>(everywhere.effect).everywhere);
    CHECK(code_of(r.send(phone, "room.list")) == "session_ended");
    CHECK(code_of(r.send(phone, "auth.sign_out", {})) == "session_ended");

    // An account removed since sign-in cannot resume.
    auto last = sign_in();
    r.sittings.staff.erase("li");
    CHECK(code_of(r.send({}, "auth.staff_resume",
                         {{"token", last.body["session_token"].get<std::string>()}})) ==
          "bad_credentials");
    // Only staff sign out.
    CHECK(code_of(r.send({}, "auth.sign_out", {})) == "not_signed_in");
    CHECK(code_of(r.send(r.candidate("T1", "pc-1"), "auth.sign_out", {})) == "forbidden");
}

TEST_CASE("stats.sitting: examiners and administrators in scope, once the papers are scored") {
    room r;
    struct fake_papers final : core::scored_papers_source {
        core::scored_sitting scored;
        core::scored_sitting scored_papers(std::string const&) override { return scored; }
    } papers;
    auto examiner = r.proctor;
    examiner.role = protocol::role::examiner;
    examiner.staff->role = "examiner";
    json sitting{{"sitting_id", "s"}};
    CHECK(code_of(r.send(examiner, "stats.sitting", sitting)) == "unknown_type"); // not served
    r.rooms.statistics.set_source(&papers);
    CHECK(code_of(r.send(examiner, "stats.sitting", sitting)) == "result_not_available");

    // Four papers: q1 right for the two strongest, q2 for three.
    papers.scored.items = {{"q1", choice_item("q1")}, {"q2", choice_item("q2")}};
    for (int n = 0; n < 4; ++n)
        papers.scored.papers.push_back({{"q1", {n < 2 ? 2.0 : 0.0, 2, true, {n < 2 ? "A" : "B"}}},
                                        {"q2", {n < 3 ? 2.0 : 0.0, 2, true, {n < 3 ? "A" : "B"}}}});
    auto reply = r.send(examiner, "stats.sitting", sitting);
    REQUIRE(code_of(reply) == "");
    auto stats = reply.body.get<protocol::sitting_statistics>();
    CHECK(stats.candidates == 4);
    REQUIRE(stats.items.size() == 2);
    CHECK(stats.items[0].id == "q1");
    CHECK(stats.items[0].facility == doctest::Approx(0.5));
    CHECK(stats.items[1].facility == doctest::Approx(0.75));
    CHECK(json(stats) == reply.body); // the struct carries every member

    auto elsewhere = examiner;
    elsewhere.staff->scopes = {"sitting:other"};
    CHECK(code_of(r.send(elsewhere, "stats.sitting", sitting)) == "forbidden");
    CHECK(code_of(r.send(r.proctor, "stats.sitting", sitting)) == "forbidden");
    CHECK(code_of(r.send(examiner, "stats.sitting", {{"sitting_id", "nope"}})) == "invalid_field");
}
