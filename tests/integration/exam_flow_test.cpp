#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "server/store/writer.hpp"
#include "tests/integration/fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {
json paper_of(client::connection& c) {
    auto reply = c.call("paper.get", json::object());
    REQUIRE(code_of(reply) == "");
    return reply.body;
}

std::optional<protocol::incoming> wait_push(client::connection& c,
                                            std::string const& type,
                                            milliseconds timeout = milliseconds(5000)) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        auto m = c.next_message(milliseconds(100));
        if (m && m->what == protocol::incoming::kind::push && m->type == type) return m;
    }
    return std::nullopt;
}

int stored_answers(test_server& s) {
    SQLite::Database db(s.database().string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM answers").getInt();
}
} // namespace

TEST_CASE("sign in: a wrong access code is refused, the right one opens the session") {
    test_server s;
    auto c = s.connect();
    CHECK(code_of(c->call("paper.get", json::object())) == "not_signed_in");
    auto sign_in = [](client::connection& on, std::string ticket, std::string code) {
        return on.call("auth.sign_in",
                       {{"ticket", ticket}, {"access_code", code}, {"terminal_id", "t-" + ticket}});
    };
    CHECK(code_of(sign_in(*c, "T001", "000000x")) == "bad_credentials");
    CHECK(code_of(sign_in(*c, "NOPE", "123456")) == "bad_credentials");
    auto ok =
        c->call("auth.sign_in",
                {{"ticket", "T001"}, {"access_code", s.codes["T001"]}, {"terminal_id", "t1"}});
    REQUIRE(code_of(ok) == "");
    CHECK(ok.body["candidate"]["name"] == "张三");
    // Guessing codes: five wrong ones lock the ticket, even for the right code, for five minutes.
    for (int i = 0; i < 5; ++i) {
        auto wrong = sign_in(*s.connect(), "T002", "000000");
        CHECK(code_of(wrong) == (i < 4 ? "bad_credentials" : "rate_limited"));
        if (i < 4) // the candidate is told how many tries are left
            CHECK(wrong.message.find(std::to_string(4 - i) + (i == 3 ? " try" : " tries")) !=
                  std::string::npos);
    }
    CHECK(code_of(sign_in(*s.connect(), "T002", s.codes["T002"])) == "rate_limited");
    s.clock.advance(5 * 60'000 + 1);
    CHECK(code_of(sign_in(*s.connect(), "T002", s.codes["T002"])) == "");
    CHECK(ok.body["resume_token"].get<std::string>().size() == 64);
    CHECK(ok.body["time"]["state"] == "waiting");
    CHECK(ok.body.dump().find("110101199001061234") == std::string::npos); // never the national ID
}

TEST_CASE("the paper has every item and no answer keys") {
    test_server s;
    auto c = s.signed_in("T001");
    auto paper = paper_of(*c);
    CHECK(paper["time"]["state"] == "running");
    CHECK(paper["sections"][0]["items"].size() == 7);
    auto text = paper.dump();
    for (auto key : {"fraction", "\"correct\"", "\"answers\":[", "\"numeric\":", "\"pairs\"",
                     "feedback", "origin"})
        CHECK_MESSAGE(text.find(key) == std::string::npos, std::string(key));
    CHECK(text.find("live") != std::string::npos); // matching responses are shown, unpaired
}

TEST_CASE("saves are acknowledged, idempotent, validated, and survive a reconnect") {
    test_server s;
    std::string token, fifty_hz;
    {
        auto c = s.connect();
        auto in =
            c->call("auth.sign_in",
                    {{"ticket", "T002"}, {"access_code", s.codes["T002"]}, {"terminal_id", "t2"}});
        token = in.body["resume_token"].get<std::string>();
        auto save = [&](std::string item, int seq, json response) {
            return c->call("answer.save",
                           {{"item_id", item}, {"seq", seq}, {"response", response}});
        };
        auto paper = paper_of(*c);
        fifty_hz = shown_id(paper, "sc1", "50 Hz");
        auto sixty_hz = shown_id(paper, "sc1", "60 Hz");
        auto first = save("sc1", 1, {{"choice", fifty_hz}});
        REQUIRE(code_of(first) == "");
        CHECK(first.body["duplicate"] == false);
        CHECK(save("sc1", 1, {{"choice", fifty_hz}}).body["duplicate"] == true);
        CHECK(code_of(save("sc1", 1, {{"choice", sixty_hz}})) == "sequence_conflict");
        CHECK(code_of(save("zz9", 2, {{"choice", fifty_hz}})) == "unknown_item");
        CHECK(code_of(save("sc1", 2, {{"choices", {fifty_hz}}})) == "invalid_response");
        CHECK(code_of(save("tf1", 3, {{"value", true}})) == "");
        CHECK(code_of(c->call("item.flag", {{"item_id", "tf1"}, {"flagged", true}})) == "");
    } // the connection drops here
    auto c = s.connect();
    auto resumed = c->call("auth.resume", {{"resume_token", token}, {"terminal_id", "t2"}});
    REQUIRE(code_of(resumed) == "");
    auto paper = paper_of(*c);
    CHECK(paper["answers"]["sc1"]["response"] == json{{"choice", fifty_hz}});
    CHECK(shown_id(paper, "sc1", "50 Hz") == fifty_hz); // the same ids after a reconnect
    CHECK(paper["answers"]["tf1"]["seq"] == 3);
    CHECK(paper["flags"] == json{"tf1"});
    CHECK(paper["last_seq"] == 3);
    auto resume = [&](client::connection& on, json with) {
        return on.call("auth.resume", {{"resume_token", with}, {"terminal_id", "t2"}});
    };
    CHECK(code_of(resume(*s.connect(), std::string(64, 'a'))) == "invalid_token");
    CHECK(code_of(resume(*c, token)) == "forbidden"); // already signed in

    // Signing in again replaces the token: the old one resumes nothing, the new one does.
    auto again = s.connect()->call(
        "auth.sign_in",
        {{"ticket", "T002"}, {"access_code", s.codes["T002"]}, {"terminal_id", "t2"}});
    REQUIRE(code_of(again) == "");
    CHECK(code_of(resume(*s.connect(), token)) == "invalid_token");
    CHECK(code_of(resume(*s.connect(), again.body["resume_token"])) == "");
}

TEST_CASE("a second sign-in from another terminal is refused") {
    test_server s;
    auto first = s.signed_in("T001", "term-A");
    auto second = s.connect();
    CHECK(code_of(second->call("auth.sign_in", {{"ticket", "T001"},
                                                {"access_code", s.codes["T001"]},
                                                {"terminal_id", "term-B"}})) == "ticket_in_use");
    // The same terminal may sign in again (for instance after losing its local journal).
    CHECK(code_of(second->call("auth.sign_in", {{"ticket", "T001"},
                                                {"access_code", s.codes["T001"]},
                                                {"terminal_id", "term-A"}})) == "");
}

TEST_CASE("a candidate cannot ask for another candidate's attempt") {
    test_server s;
    auto c = s.signed_in("T001");
    paper_of(*c);
    CHECK(code_of(c->call("paper.get", {{"ticket", "T002"}})) == "forbidden");
    CHECK(code_of(c->call("result.get", {{"ticket", "T002"}})) == "forbidden");
    CHECK(code_of(c->call("paper.get", {{"ticket", "T001"}})) == "");
}

TEST_CASE("at the deadline the server closes the attempt, pushes it, and refuses later saves") {
    test_server s;
    auto c = s.signed_in("T003");
    auto const shown = paper_of(*c);
    REQUIRE(code_of(c->call("answer.save",
                            {{"item_id", "sc1"},
                             {"seq", 1},
                             {"response", {{"choice", shown_id(shown, "sc1", "50 Hz")}}}})) == "");
    s.clock.advance(90 * 60'000 + 1);
    auto closed = wait_push(*c, "attempt.closed");
    REQUIRE(closed);
    CHECK(closed->body["reason"] == "deadline");
    auto late =
        c->call("answer.save", {{"item_id", "sc1"},
                                {"seq", 2},
                                {"response", {{"choice", shown_id(shown, "sc1", "60 Hz")}}}});
    CHECK(code_of(late) == "attempt_closed");
    auto result = c->call("result.get", json::object());
    REQUIRE(code_of(result) == "");
    CHECK(result.body["result"]["total"] == 2);
}

TEST_CASE("submit scores the paper and names the unanswered items") {
    test_server s;
    auto c = s.signed_in("T001");
    auto const shown = paper_of(*c);
    int seq = 0;
    auto save = [&](std::string item, json response) {
        REQUIRE(code_of(c->call("answer.save",
                                {{"item_id", item}, {"seq", ++seq}, {"response", response}})) ==
                "");
    };
    auto id = [&](std::string item, std::string text) { return shown_id(shown, item, text); };
    save("sc1", {{"choice", id("sc1", "50 Hz")}});
    save("mc1", {{"choices", {id("mc1", "copper"), id("mc1", "aluminium")}}});
    save("tf1", {{"value", true}});
    save("sa1", {{"text", " Ohm "}});
    save("nu1", {{"value", 22.05}});
    save("ma1",
         {{"pairs",
           {{id("ma1", "brown"), id("ma1", "live")}, {id("ma1", "blue"), id("ma1", "neutral")}}}});
    auto reply = c->call("attempt.submit", json::object());
    REQUIRE(code_of(reply) == "");
    CHECK(reply.body["unanswered"] == json{"es1"});
    auto const& r = reply.body["result"];
    CHECK(r["total"] == 9);
    CHECK(r["max"] == 14);
    CHECK(r["pendingItems"] == 1);
    CHECK(r["items"]["sc1"]["points"] == 2);
    CHECK(code_of(c->call("attempt.submit", json::object())) == "attempt_closed");
    CHECK(code_of(c->call("answer.save",
                          {{"item_id", "es1"}, {"seq", ++seq}, {"response", {{"text", "x"}}}})) ==
          "attempt_closed");
}

TEST_CASE("the review policy decides what the candidate sees") {
    test_server s("none");
    auto c = s.signed_in("T001");
    paper_of(*c);
    auto submitted = c->call("attempt.submit", json::object());
    CHECK(submitted.body["result"].is_null());
    CHECK(code_of(c->call("result.get", json::object())) == "result_not_available");
}

TEST_CASE("bad input gets a clear error, the connection survives, nothing stored changes") {
    test_server s;
    auto c = s.signed_in("T001");
    auto const shown = paper_of(*c);
    REQUIRE(code_of(c->call("answer.save",
                            {{"item_id", "sc1"},
                             {"seq", 1},
                             {"response", {{"choice", shown_id(shown, "sc1", "50 Hz")}}}})) == "");
    auto before = stored_answers(s);
    auto expect_error = [&](std::string frame, std::string code) {
        c->send_raw(std::move(frame));
        auto m = c->next_message(milliseconds(5000));
        REQUIRE(m);
        CHECK(m->what == protocol::incoming::kind::error);
        CHECK(m->code == code);
    };
    expect_error("{not json", "bad_request");
    expect_error(
        R"({"v":1,"id":90,"type":"answer.save","body":{"item_id":5,"seq":2,"response":{}}})",
        "invalid_field");
    expect_error(
        R"({"v":1,"id":91,"type":"answer.save","body":{"item_id":"sc1","seq":"2","response":{}}})",
        "invalid_field");
    expect_error(R"({"v":1,"id":92,"type":"exam.hack","body":{}})", "unknown_type");
    expect_error(R"({"v":7,"id":93,"type":"ping"})", "unsupported_version");
    c->send_raw("\x01\x02", true);
    auto binary = c->next_message(milliseconds(5000));
    REQUIRE(binary);
    CHECK(binary->code == "bad_request");
    CHECK(code_of(c->call("ping", json::object())) == "");
    CHECK(stored_answers(s) == before);
}

TEST_CASE("an oversized frame closes that connection only, the server carries on") {
    test_server s;
    auto c = s.signed_in("T001");
    paper_of(*c);
    auto before = stored_answers(s);
    json huge{
        {"item_id", "sa1"}, {"seq", 1}, {"response", {{"text", std::string(300 * 1024, 'x')}}}};
    CHECK_THROWS_AS(c->call("answer.save", huge, milliseconds(5000)), client::connection_error);
    CHECK_FALSE(c->connected());
    auto other = s.signed_in("T002", "t2");
    CHECK(code_of(other->call("ping", json::object())) == "");
    CHECK(stored_answers(s) == before);
}

TEST_CASE("the sitting must be open before the paper is handed out") {
    temp_dir dir;
    util::manual_clock clock(util::system_clock().now());
    auto codes = seed_database(dir.path, clock.now() + 3'600'000);
    app::server server({dir.path, "127.0.0.1", 0, {}, {}, 1, false, {}}, clock);
    server.start();
    auto c = client::connection::open(
        {"localhost", server.port(), server.ca_certificate(), milliseconds(5000)});
    REQUIRE(code_of(c->call("auth.sign_in", {{"ticket", "T001"},
                                             {"access_code", codes["T001"]},
                                             {"terminal_id", "t1"}})) == "");
    CHECK(code_of(c->call("paper.get", json::object())) == "sitting_not_open");
    clock.advance(3'600'000);
    CHECK(code_of(c->call("paper.get", json::object())) == "");
}

TEST_CASE("every state change is in the audit chain and it verifies") {
    test_server s;
    {
        auto c = s.signed_in("T001");
        auto const shown = paper_of(*c);
        c->call("answer.save", {{"item_id", "sc1"},
                                {"seq", 1},
                                {"response", {{"choice", shown_id(shown, "sc1", "50 Hz")}}}});
        c->call("attempt.submit", json::object());
    }
    s.server.stop();
    auto db = store::open_reader(s.database());
    auto check = store::verify_audit(*db);
    CHECK(check.intact());
    SQLite::Statement actions(*db, "SELECT action FROM audit ORDER BY seq");
    std::vector<std::string> seen;
    while (actions.executeStep()) seen.push_back(actions.getColumn(0).getString());
    for (auto a : {"auth.sign_in", "attempt.start", "answer.save", "attempt.close"})
        CHECK_MESSAGE(std::find(seen.begin(), seen.end(), a) != seen.end(), a);
}

TEST_CASE("healthz answers over HTTPS on the same port") {
    test_server s;
    auto c = s.connect();
    CHECK(code_of(c->call("ping", json::object())) == "");
    CHECK(c->clock_offset_ms() < 5'000);
}

TEST_CASE("when storage fails a save is refused as not saved and acknowledged answers stay") {
    test_server s;
    auto c = s.signed_in("T001");
    auto const shown = paper_of(*c);
    json const fifty{{"choice", shown_id(shown, "sc1", "50 Hz")}};
    json const sixty{{"choice", shown_id(shown, "sc1", "60 Hz")}};
    REQUIRE(code_of(c->call("answer.save",
                            {{"item_id", "sc1"}, {"seq", 1}, {"response", fifty}})) == "");
    s.server.writer().fail_commits_for_test(true); // as a full disk would
    auto refused = c->call("answer.save", {{"item_id", "sc1"}, {"seq", 2}, {"response", sixty}});
    CHECK(code_of(refused) == "storage_failed");
    CHECK(refused.message.find("not saved") != std::string::npos);
    s.server.writer().fail_commits_for_test(false);
    auto paper = paper_of(*c);
    CHECK(paper["answers"]["sc1"]["response"] == fifty);
    CHECK(stored_answers(s) == 1);
    // The terminal sends it again once storage is back.
    CHECK(code_of(c->call("answer.save", {{"item_id", "sc1"}, {"seq", 2}, {"response", sixty}})) ==
          "");
    CHECK(paper_of(*c)["answers"]["sc1"]["response"] == sixty);
}

TEST_CASE("a sitting may run the assessment with its own duration and review policy") {
    test_server s; // the assessment: 90 minutes, review policy "items"
    std::string code;
    {
        auto db = store::open_database(s.database());
        store::create_sitting(*db,
                              {"sit-short", "test-assessment", "Retake", "V", "R",
                               s.clock.now() - 1000, 10 * 60'000, "none", "not_required"},
                              "test");
        std::vector<core::candidate_record> people{{"", "T100", "Zhao", "1", "9", "", ""}};
        store::register_candidates(*db, "sit-short", people, "test");
        code = people[0].access_code;
    }
    auto c = s.connect();
    REQUIRE(code_of(c->call("auth.sign_in",
                            {{"ticket", "T100"}, {"access_code", code}, {"terminal_id", "t"}})) ==
            "");
    auto paper = paper_of(*c);
    CHECK(paper["time"]["remaining_ms"] == 10 * 60'000);
    CHECK(c->call("attempt.submit", json::object()).body["result"].is_null());
}
