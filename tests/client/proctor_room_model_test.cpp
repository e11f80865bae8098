#include "client/proctor/room_model.hpp"

#include <doctest/doctest.h>

using namespace craftmark::client;
using craftmark::protocol::seat_status;
using nlohmann::json;

namespace {
seat_status seat(std::string ticket,
                 std::string seat_no,
                 std::string connection,
                 std::int64_t remaining,
                 bool hand = false,
                 std::string state = "running") {
    return json{{"ticket", ticket},
                {"seat", seat_no},
                {"name", "n"},
                {"connection", connection},
                {"remaining_ms", remaining},
                {"state", state},
                {"hand_raised", hand},
                {"focus_lost", 0},
                {"server_time", 1000},
                {"missing_since", connection == "missing" ? 1795413000000 : 0}}
        .get<seat_status>();
}

room_model room() {
    room_model m;
    m.load({.sitting = {.id = "s"},
            .seats = {seat("T3", "A03", "connected", 500), seat("T1", "A01", "missing", 900),
                      seat("T2", "A02", "not_signed_in", 5400),
                      seat("T4", "A04", "connected", 100, true),
                      seat("T5", "A05", "submitted", 0, false, "closed")}});
    return m;
}

std::vector<std::string> tickets(std::vector<seat_status> const& seats) {
    std::vector<std::string> out;
    for (auto const& s : seats) out.push_back(s.ticket);
    return out;
}
} // namespace

TEST_CASE("seats are ordered by seat, by attention or by time left") {
    auto m = room();
    CHECK(tickets(m.visible()) == std::vector<std::string>{"T1", "T2", "T3", "T4", "T5"});
    m.set_sort(room_model::sort_by::attention);
    CHECK(tickets(m.visible()) == std::vector<std::string>{"T1", "T4", "T2", "T3", "T5"});
    m.set_sort(room_model::sort_by::time_left);
    CHECK(tickets(m.visible()) == std::vector<std::string>{"T5", "T4", "T3", "T1", "T2"});
    m.next_sort();
    CHECK(m.sort() == room_model::sort_by::seat);
}

TEST_CASE("filters show the seats a proctor is looking for") {
    auto m = room();
    m.set_filter(room_model::filter::attention);
    CHECK(tickets(m.visible()) == std::vector<std::string>{"T1", "T4"});
    m.set_filter(room_model::filter::missing);
    CHECK(tickets(m.visible()) == std::vector<std::string>{"T1"});
    m.set_filter(room_model::filter::not_signed_in);
    CHECK(tickets(m.visible()) == std::vector<std::string>{"T2"});
    m.set_filter(room_model::filter::submitted);
    CHECK(tickets(m.visible()) == std::vector<std::string>{"T5"});
}

TEST_CASE("pushes update a seat, counts follow") {
    auto m = room();
    CHECK(m.counts()["connected"] == 2);
    CHECK(m.counts()["attention"] == 2);
    m.update(seat("T2", "A02", "connected", 5400));
    CHECK(m.counts()["connected"] == 3);
    m.update(seat("T4", "A04", "connected", 100, false));
    CHECK(m.counts()["attention"] == 1);
    m.update(seat("T3", "A03", "connected", 500, false, "paused"));
    CHECK(needs_attention(m.visible()[2]));
}

TEST_CASE("actions apply to the selection, or else to the seat under the cursor") {
    auto m = room();
    CHECK(m.targets("T3") == std::vector<std::string>{"T3"});
    m.toggle("T1");
    m.toggle("T4");
    CHECK(m.targets("T3") == std::vector<std::string>{"T1", "T4"});
    m.toggle("T1");
    CHECK(m.targets("T3") == std::vector<std::string>{"T4"});
    m.set_filter(room_model::filter::attention);
    m.clear_selection();
    m.select_all();
    CHECK(m.targets("") == std::vector<std::string>{"T1", "T4"});
}

TEST_CASE("labels: missing since a local time, and a countdown that runs between pushes") {
    auto s = seat("T1", "A01", "missing", 900);
    CHECK(connection_label(s).rfind("missing since ", 0) == 0);
    CHECK(connection_label(seat("T2", "A02", "not_signed_in", 0)) == "not signed in");
    auto running = seat("T3", "A03", "connected", 60'000);
    CHECK(seat_remaining_ms(running, 1000 + 15'000) == 45'000);
    CHECK(seat_remaining_ms(seat("T3", "A03", "connected", 60'000, false, "paused"),
                            1000 + 15'000) == 60'000);
    CHECK(seat_remaining_ms(running, 1000 + 90'000) == 0);
}

TEST_CASE("labels: the seat's check-in, and a sign-in lock that counts as needing attention") {
    auto s = seat("T1", "A01", "not_signed_in", 0);
    CHECK(checkin_label(s) == "未签到 not checked in");
    s.checkin = "late";
    s.checkin_at = 1000;
    CHECK(checkin_label(s).rfind("迟到 late ", 0) == 0);
    s.checkin = "no_show";
    CHECK(checkin_label(s) == "缺考 no-show");
    CHECK_FALSE(locked(s));
    CHECK(lock_label(s).empty());
    s.locked_until = 301'000; // the seat's server_time is 1000
    CHECK(locked(s));
    CHECK(needs_attention(s));
    CHECK(lock_label(s).rfind("锁定至 ", 0) == 0);
    s.server_time = 302'000; // the lock has run out by now
    CHECK_FALSE(locked(s));
    s.terminal_request = true;
    CHECK(needs_attention(s));
}

TEST_CASE("a seat reads back what the server wrote, and a newer server's extra field is ignored") {
    auto s = seat("T1", "A01", "connected", 900, true);
    s.incidents_open = 2;
    s.locked_until = 5;
    json j = s;
    CHECK(j.size() == 19); // every field of the protocol's seat is written
    CHECK(j.get<seat_status>() == s);
    j["from_a_newer_server"] = "x";
    j.erase("focus_lost");
    auto read = j.get<seat_status>();
    CHECK(read.ticket == "T1");
    CHECK(read.focus_lost == 0);
}
