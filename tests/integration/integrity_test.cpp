// Exam integrity as a candidate who wants an unfair advantage would try it: the key read off the
// ids, an access code used before check-in, a stolen resume token, a terminal left live after a
// move, and saves that name options the item does not have.
#include "server/store/admin.hpp"
#include "server/store/database.hpp"
#include "shared/protocol/upload_frame.hpp"
#include "tests/integration/fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <thread>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr int choice_items = 200;
constexpr int matching_items = 20;
constexpr int pairs_per_item = 4;

/// A bank written the way banks are: every single-choice key is "A", and every matching item
/// lists its pairs in order — plus one item whose options must keep their order.
json keyed_first_bank() {
    json items = json::array();
    for (int i = 0; i < choice_items; ++i)
        items.push_back({{"id", "sc" + std::to_string(i)},
                         {"type", "single_choice"},
                         {"stem", "question " + std::to_string(i)},
                         {"choices",
                          {{{"id", "A"}, {"text", "right " + std::to_string(i)}, {"fraction", 1}},
                           {{"id", "B"}, {"text", "wrong b"}, {"fraction", 0}},
                           {{"id", "C"}, {"text", "wrong c"}, {"fraction", 0}},
                           {{"id", "D"}, {"text", "wrong d"}, {"fraction", 0}}}}});
    for (int i = 0; i < matching_items; ++i) {
        json pairs = json::array();
        for (int p = 0; p < pairs_per_item; ++p)
            pairs.push_back({{"premise", "premise " + std::to_string(p)},
                             {"response", "response " + std::to_string(p)}});
        items.push_back({{"id", "ma" + std::to_string(i)},
                         {"type", "matching"},
                         {"stem", "match " + std::to_string(i)},
                         {"pairs", pairs}});
    }
    items.push_back({{"id", "fixed"},
                     {"type", "single_choice"},
                     {"stem", "Which is right?"},
                     {"shuffle", false},
                     {"points", 0},
                     {"choices",
                      {{{"id", "A"}, {"text", "first"}, {"fraction", 1}},
                       {{"id", "B"}, {"text", "second"}, {"fraction", 0}},
                       {{"id", "C"}, {"text", "all of the above"}, {"fraction", 0}}}}});
    return {
        {"kind", "qbank"}, {"bank", {{"id", "keyed"}, {"title", "keys first"}}}, {"items", items}};
}

/// The database for the tests below: the whole bank on every paper, a sitting open since a
/// minute ago without check-in, candidates K1 and K2. Returns ticket -> access code.
std::map<std::string, std::string> seed_keyed(std::filesystem::path const& data,
                                              util::millis starts_at) {
    auto db = store::open_database(data / "craftmark.db");
    store::import_bank(*db, core::bank_from_json(keyed_first_bank()), "test");
    store::put_assessment(
        *db,
        core::assessment_from_json(
            {{"kind", "assessment"},
             {"id", "keyed"},
             {"title", "keys first"},
             {"durationMinutes", 60},
             {"reviewPolicy", "items"},
             {"sections",
              {{{"id", "S1"},
                {"title", "all"},
                {"draw", {{{"bank", "keyed"}, {"count", choice_items + matching_items + 1}}}}}}}}),
        "test");
    store::create_sitting(*db, {"k", "keyed", "Keys", "V", "R", starts_at, 0, "", "not_required"},
                          "test");
    std::vector<core::candidate_record> people{{"", "K1", "One", "1", "1", "", ""},
                                               {"", "K2", "Two", "2", "2", "", ""}};
    store::register_candidates(*db, "k", people, "test");
    return {{"K1", people[0].access_code}, {"K2", people[1].access_code}};
}

std::unique_ptr<client::connection> open(app::server& server) {
    return client::connection::open(
        {"localhost", server.port(), server.ca_certificate(), std::chrono::seconds(10)});
}

std::vector<json> items_of(json const& paper) {
    std::vector<json> out;
    for (auto const& s : paper["sections"])
        for (auto const& it : s["items"]) out.push_back(it);
    return out;
}

/// What "answer A everywhere" becomes when the ids are opaque: the smallest id of each item,
/// and premises paired with responses in the order of their ids (p1↔r1, p2↔r2, …).
json guess(json const& item) {
    auto ids = [](json const& options) {
        std::vector<std::string> out;
        for (auto const& o : options) out.push_back(o["id"].get<std::string>());
        std::sort(out.begin(), out.end());
        return out;
    };
    if (item["type"] == "single_choice") return {{"choice", ids(item["choices"]).front()}};
    auto premises = ids(item["premises"]), responses = ids(item["responses"]);
    json pairs = json::object();
    for (std::size_t i = 0; i < premises.size(); ++i) pairs[premises[i]] = responses[i];
    return {{"pairs", pairs}};
}

struct keyed_server {
    temp_dir dir;
    util::manual_clock clock{util::system_clock().now()};
    std::map<std::string, std::string> codes = seed_keyed(dir.path, clock.now() - 60'000);
    std::unique_ptr<app::server> server = started();

    std::unique_ptr<app::server> started(std::uint16_t port = 0) {
        // A whole paper is saved at once here, faster than a person: no message rate limit.
        craftmark::server::net::session_limits limits;
        limits.message_burst = 1000;
        auto s = std::make_unique<app::server>(
            app::server_settings{dir.path, "127.0.0.1", port, {}, {}, 2, false, limits}, clock);
        s->start();
        return s;
    }
    void restart() {
        auto port = server->port();
        server->stop();
        server.reset();
        server = started(port);
    }
    std::unique_ptr<client::connection> signed_in(std::string const& ticket, json& reply) {
        auto c = open(*server);
        reply = c->call("auth.sign_in", {{"ticket", ticket},
                                         {"access_code", codes.at(ticket)},
                                         {"terminal_id", "pc-" + ticket}})
                    .body;
        REQUIRE(reply.contains("resume_token"));
        return c;
    }
};

json paper_of(client::connection& c) {
    auto reply = c.call("paper.get", json::object());
    REQUIRE(code_of(reply) == "");
    return reply.body;
}

} // namespace

TEST_CASE("guessing the key from the ids scores at chance level, not full marks") {
    keyed_server s;
    json view;
    auto c = s.signed_in("K1", view);
    auto paper = paper_of(*c);
    std::int64_t seq = 0;
    for (auto const& item : items_of(paper)) {
        if (item["id"] == "fixed") continue;
        auto saved = c->call("answer.save",
                             {{"item_id", item["id"]}, {"seq", ++seq}, {"response", guess(item)}});
        REQUIRE(code_of(saved) == "");
    }
    auto submitted = c->call("attempt.submit", json::object());
    REQUIRE(code_of(submitted) == "");
    auto total = submitted.body["result"]["total"].get<double>();
    // Under the null hypothesis that the ids tell nothing, each choice item is right with
    // p = 1/4 and each matching item (all or nothing) with p = 1/4! = 1/24. Six standard
    // deviations above the binomial mean is exceeded by chance less than once in 10^8 runs.
    double const p_choice = 1.0 / 4, p_matching = 1.0 / 24;
    double mean = choice_items * p_choice + matching_items * p_matching;
    double variance =
        choice_items * p_choice * (1 - p_choice) + matching_items * p_matching * (1 - p_matching);
    double bound = mean + 6 * std::sqrt(variance);
    double full = choice_items + matching_items;
    CAPTURE(total);
    CAPTURE(bound);
    CHECK(submitted.body["result"]["max"] == full);
    CHECK(total <= bound);
    CHECK(bound < full / 2); // the bound itself is far from full marks
}

TEST_CASE("a paper shows the same ids after a reconnect and after a server restart") {
    keyed_server s;
    json view;
    auto first = paper_of(*s.signed_in("K1", view));
    auto token = view["resume_token"].get<std::string>();
    auto resume = [&] {
        auto c = open(*s.server);
        REQUIRE(code_of(c->call("auth.resume",
                                {{"resume_token", token}, {"terminal_id", "pc-K1"}})) == "");
        return paper_of(*c);
    };
    CHECK(resume()["sections"] == first["sections"]);
    s.restart();
    CHECK(resume()["sections"] == first["sections"]);
}

TEST_CASE(
    "two candidates see different ids and orders, and a do-not-shuffle item keeps its order") {
    keyed_server s;
    json view;
    auto one = items_of(paper_of(*s.signed_in("K1", view)));
    auto two = items_of(paper_of(*s.signed_in("K2", view)));
    auto by_id = [](std::vector<json> const& items, std::string const& id) {
        return *std::find_if(items.begin(), items.end(),
                             [&](json const& it) { return it["id"] == id; });
    };
    auto texts = [](json const& item) {
        std::vector<std::string> out;
        for (auto const& c : item["choices"]) out.push_back(c["text"].get<std::string>());
        return out;
    };
    int same_ids = 0, same_order = 0;
    for (int i = 0; i < choice_items; ++i) {
        auto id = "sc" + std::to_string(i);
        auto a = by_id(one, id), b = by_id(two, id);
        same_ids += a["choices"][0]["id"] == b["choices"][0]["id"];
        same_order += texts(a) == texts(b);
    }
    // Four options shuffled independently agree with p = 1/24; their ids almost never.
    CHECK(same_order < choice_items / 4);
    CHECK(same_ids < 5);
    std::vector<std::string> bank_order{"first", "second", "all of the above"};
    CHECK(texts(by_id(one, "fixed")) == bank_order);
    CHECK(texts(by_id(two, "fixed")) == bank_order);
    CHECK(by_id(one, "fixed")["choices"][0]["id"] != "A");
}

TEST_CASE("saves naming options that are not on the item, or one twice, are refused") {
    test_server s;
    auto c = s.signed_in("T001");
    auto paper = paper_of(*c);
    auto copper = shown_id(paper, "mc1", "copper");
    auto brown = shown_id(paper, "ma1", "brown"), blue = shown_id(paper, "ma1", "blue");
    auto live = shown_id(paper, "ma1", "live");
    std::int64_t seq = 0;
    auto save = [&](std::string item, json response) {
        return code_of(
            c->call("answer.save", {{"item_id", item}, {"seq", ++seq}, {"response", response}}));
    };
    CHECK(save("sc1", {{"choice", "A"}}) == "invalid_response"); // the bank's id, not the paper's
    CHECK(save("sc1", {{"choice", copper}}) == "invalid_response"); // another item's option
    CHECK(save("mc1", {{"choices", {copper, copper}}}) == "invalid_response");
    CHECK(save("ma1", {{"pairs", {{"p1", live}}}}) == "invalid_response");
    CHECK(save("ma1", {{"pairs", {{brown, "r1"}}}}) == "invalid_response");
    CHECK(save("ma1", {{"pairs", {{brown, live}, {blue, live}}}}) == "invalid_response");
    CHECK(save("ma1", {{"pairs", {{brown, live}}}}) == "");
    auto stored = paper_of(*c)["answers"];
    CHECK(stored.size() == 1); // nothing refused was kept
    CHECK(stored["ma1"]["response"] == json{{"pairs", {{brown, live}}}});
}

TEST_CASE("a save before the sitting opens is refused as not open, an unknown upload as unknown") {
    temp_dir dir;
    util::manual_clock clock(util::system_clock().now());
    auto codes = seed_database(dir.path, clock.now() + 3'600'000);
    auto practical = seed_practical(dir.path, clock.now() - 60'000);
    app::server server({dir.path, "127.0.0.1", 0, {}, {}, 1, false, {}}, clock);
    server.start();
    auto c = open(server);
    REQUIRE(code_of(c->call("auth.sign_in", {{"ticket", "T001"},
                                             {"access_code", codes["T001"]},
                                             {"terminal_id", "t1"}})) == "");
    CHECK(code_of(c->call("answer.save",
                          {{"item_id", "tf1"}, {"seq", 1}, {"response", {{"value", true}}}})) ==
          "sitting_not_open");
    auto p = open(server);
    REQUIRE(code_of(p->call("auth.sign_in", {{"ticket", "P001"},
                                             {"access_code", practical["P001"]},
                                             {"terminal_id", "w1"}})) == "");
    REQUIRE(code_of(p->call("paper.get", json::object())) == "");
    auto chunk = p->call_binary(
        [](std::int64_t id) {
            return protocol::encode_upload_chunk(id, 4711, 0, std::string("G0 X0\n"));
        },
        milliseconds(5000));
    CHECK(code_of(chunk) == "unknown_upload");
    CHECK(code_of(p->call("upload.finish", {{"upload", 4711}})) == "unknown_upload");
}

TEST_CASE("an access code works only from check-in until a no-show or check-out, the newest only") {
    test_server s;
    seed_staff(s.dir.path);
    auto proctor = s.staff("proctor-b");
    auto sign_in = [&](std::string const& code) {
        return code_of(s.connect()->call(
            "auth.sign_in", {{"ticket", "T200"}, {"access_code", code}, {"terminal_id", "b1"}}));
    };
    auto stored_code = [&] {
        SQLite::Database db(s.database().string(), SQLite::OPEN_READONLY);
        return db.execAndGet("SELECT access_code FROM candidates WHERE ticket = 'T200'")
            .getString();
    };
    CHECK(stored_code().empty()); // registered for a room that checks in: no code yet
    CHECK(sign_in("") == "invalid_field");
    auto check_in = [&](std::string const& state) {
        auto reply = proctor->call("candidate.check_in", {{"ticket", "T200"}, {"state", state}});
        REQUIRE(code_of(reply) == "");
        return reply.body.value("access_code", "");
    };
    CHECK(check_in("no_show").empty());
    auto first = check_in("checked_in");
    auto second = check_in("late");
    CHECK(first != second);
    CHECK(sign_in(first) == "bad_credentials"); // a second check-in replaced it
    CHECK(check_in("checked_out").empty());
    CHECK(sign_in(second) == "bad_credentials"); // checked out: dead
    auto third = check_in("checked_in");
    CHECK(sign_in(third) == "");
}

TEST_CASE("a resume token from another terminal is held, the approval cuts the old terminal off") {
    test_server s;
    seed_staff(s.dir.path);
    auto owner = s.connect();
    auto in = owner->call(
        "auth.sign_in",
        {{"ticket", "T001"}, {"access_code", s.codes["T001"]}, {"terminal_id", "pc-07"}});
    REQUIRE(code_of(in) == "");
    auto token = in.body["resume_token"];
    auto paper = paper_of(*owner);
    json fifty{{"choice", shown_id(paper, "sc1", "50 Hz")}};
    auto proctor = s.staff("proctor-a");
    REQUIRE(code_of(proctor->call("room.watch", {{"sitting_id", "sit-1"}})) == "");

    auto thief = s.connect();
    CHECK(code_of(thief->call("auth.resume", {{"resume_token", token},
                                              {"terminal_id", "pc-99"}})) == "ticket_in_use");
    CHECK(code_of(thief->call("paper.get", json::object())) == "not_signed_in");
    std::optional<protocol::incoming> seat;
    for (int i = 0; i < 50 && !(seat && seat->body.value("terminal_request", false)); ++i)
        seat = proctor->next_message(milliseconds(100));
    REQUIRE(seat);
    CHECK(seat->body["terminal_request"] == true);
    // The owner carries on while the request waits.
    CHECK(code_of(owner->call("answer.save",
                              {{"item_id", "sc1"}, {"seq", 1}, {"response", fifty}})) == "");

    auto approved =
        proctor->call("terminal.approve", {{"ticket", "T001"}, {"reason", "terminal_failure"}});
    REQUIRE(code_of(approved) == "");
    CHECK(approved.body["terminal"] == "pc-99");
    std::optional<protocol::incoming> ended;
    for (int i = 0; i < 50 && !ended; ++i)
        if (auto m = owner->next_message(milliseconds(100)); m && m->type == "session.ended")
            ended = m;
    REQUIRE(ended);
    CHECK(ended->body["reason"] == "terminal_replaced");
    std::string late_save;
    try {
        late_save = code_of(owner->call(
            "answer.save", {{"item_id", "tf1"}, {"seq", 2}, {"response", {{"value", true}}}}));
    } catch (client::connection_error const&) {
        late_save = "closed";
    }
    CHECK((late_save == "session_ended" || late_save == "closed"));
    for (int i = 0; i < 50 && owner->connected(); ++i)
        std::this_thread::sleep_for(milliseconds(100));
    CHECK_FALSE(owner->connected());
    // The token is dead everywhere; the approved terminal signs in with the access code.
    for (auto terminal : {"pc-07", "pc-99"})
        CHECK(code_of(s.connect()->call("auth.resume",
                                        {{"resume_token", token}, {"terminal_id", terminal}})) ==
              "invalid_token");
    auto replacement = s.connect();
    REQUIRE(code_of(replacement->call("auth.sign_in", {{"ticket", "T001"},
                                                       {"access_code", s.codes["T001"]},
                                                       {"terminal_id", "pc-99"}})) == "");
    auto answers = paper_of(*replacement)["answers"];
    CHECK(answers["sc1"]["response"] == fifty);
    CHECK_FALSE(answers.contains("tf1")); // nothing from the old terminal after the approval
    CHECK(code_of(s.connect()->call(
              "auth.sign_in",
              {{"ticket", "T001"}, {"access_code", s.codes["T001"]}, {"terminal_id", "pc-07"}})) ==
          "ticket_in_use");
}

TEST_CASE("after a move the old terminal's connection is closed and its saves refused") {
    test_server s;
    seed_staff(s.dir.path);
    auto old_terminal = s.signed_in("T002", "pc-02");
    auto paper = paper_of(*old_terminal);
    json fifty{{"choice", shown_id(paper, "sc1", "50 Hz")}};
    auto proctor = s.staff("proctor-a");
    REQUIRE(code_of(proctor->call(
                "candidate.move",
                {{"ticket", "T002"}, {"seat", "B07"}, {"reason", "terminal_failure"}})) == "");
    // Whatever reaches the server from the old terminal now is refused, then it is closed.
    std::string outcome;
    try {
        outcome = code_of(old_terminal->call(
            "answer.save", {{"item_id", "sc1"}, {"seq", 1}, {"response", fifty}}));
    } catch (client::connection_error const&) {
        outcome = "closed"; // closed before the save went out: as good
    }
    CHECK((outcome == "session_ended" || outcome == "closed"));
    for (int i = 0; i < 50 && old_terminal->connected(); ++i)
        std::this_thread::sleep_for(milliseconds(100));
    CHECK_FALSE(old_terminal->connected());
    auto at_b07 = s.signed_in("T002", "pc-b07");
    CHECK(paper_of(*at_b07)["answers"].empty());
}

TEST_CASE("proctor controls report tickets that are not in the room") {
    test_server s;
    seed_staff(s.dir.path);
    auto candidate = s.signed_in("T001");
    paper_of(*candidate);
    auto proctor = s.staff("admin");
    auto reply = proctor->call("attempt.extra_time", {{"sitting_id", "sit-1"},
                                                      {"tickets", {"T001", "T0001", "T200"}},
                                                      {"minutes", 5},
                                                      {"reason", "power_outage"}});
    REQUIRE(code_of(reply) == "");
    CHECK(reply.body["applied"] == json{"T001"});
    CHECK(reply.body["unknown"] == json{"T0001", "T200"}); // a typo, and a ticket of sit-2
}

TEST_CASE("a locked ticket shows on the seat and a proctor unlocks it, with an audit entry") {
    test_server s;
    seed_staff(s.dir.path);
    auto proctor = s.staff("proctor-a");
    REQUIRE(code_of(proctor->call("room.watch", {{"sitting_id", "sit-1"}})) == "");
    for (int i = 0; i < 5; ++i)
        s.connect()->call("auth.sign_in",
                          {{"ticket", "T003"}, {"access_code", "000000"}, {"terminal_id", "t3"}});
    std::optional<protocol::incoming> seat;
    for (int i = 0; i < 50 && !(seat && seat->body.value("locked_until", 0) > 0); ++i)
        seat = proctor->next_message(milliseconds(100));
    REQUIRE(seat);
    CHECK(seat->body["ticket"] == "T003");
    CHECK(seat->body["locked_until"].get<std::int64_t>() > s.clock.now());
    json right{{"ticket", "T003"}, {"access_code", s.codes["T003"]}, {"terminal_id", "t3"}};
    CHECK(code_of(s.connect()->call("auth.sign_in", right)) == "rate_limited");
    auto unlocked = proctor->call("candidate.unlock", {{"ticket", "T003"}, {"reason", "identity"}});
    REQUIRE(code_of(unlocked) == "");
    CHECK(unlocked.body["was_locked"] == true);
    CHECK(code_of(s.connect()->call("auth.sign_in", right)) == "");
    auto watch = proctor->call("room.watch", {{"sitting_id", "sit-1"}});
    for (auto const& seat_now : watch.body["seats"])
        if (seat_now["ticket"] == "T003") CHECK(seat_now["locked_until"] == 0);
    SQLite::Database db(s.database().string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT actor FROM audit WHERE action = 'candidate.unlock'").getString() ==
          "staff:proctor-a");
}

TEST_CASE("the seat shows its check-in, and a submit lowers a raised hand") {
    test_server s;
    seed_staff(s.dir.path);
    auto proctor = s.staff("proctor-a");
    auto in = proctor->call("candidate.check_in", {{"ticket", "T001"}, {"state", "checked_in"}});
    REQUIRE(code_of(in) == "");
    s.codes["T001"] = in.body["access_code"].get<std::string>();
    auto c = s.signed_in("T001");
    paper_of(*c);
    REQUIRE(code_of(c->call("hand.raise", json::object())) == "");
    REQUIRE(code_of(c->call("attempt.submit", json::object())) == "");
    auto watch = proctor->call("room.watch", {{"sitting_id", "sit-1"}});
    auto const& seat = watch.body["seats"][0];
    REQUIRE(seat["ticket"] == "T001");
    CHECK(seat["checkin"] == "checked_in");
    CHECK(seat["checkin_at"] == in.body["checkin_at"]);
    CHECK(seat["hand_raised"] == false);
    CHECK(seat["connection"] == "submitted");
}
