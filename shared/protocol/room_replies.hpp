#pragma once
// What the server tells the staff about a room. Typed here for the server, the proctor console
// and the browser console, which all read docs/protocol.md's `room.watch`.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace craftmark::protocol {

/// One seat of the room: each element of room.watch's `seats`, and the body of a room.seat
/// push. Never carries a national ID number.
struct seat_status {
    std::string ticket;
    std::string name;
    std::string seat;
    std::string checkin;           // "", checked_in, late, no_show, checked_out
    std::int64_t checkin_at = 0;   // server time, 0 if never
    std::int64_t locked_until = 0; // when the ticket's sign-in lock ends, 0: not locked
    std::string connection;        // not_signed_in, connected, missing, submitted
    std::int64_t missing_since = 0;
    std::string state; // the time status: waiting, running, paused, closed
    std::string close_reason;
    std::int64_t answered = 0;
    std::int64_t total = 0;
    std::int64_t remaining_ms = 0;
    std::int64_t deadline = 0;
    std::int64_t server_time = 0; // when the server wrote this seat
    bool hand_raised = false;
    bool terminal_request = false; // another terminal asks for the attempt
    std::int64_t incidents_open = 0;
    std::int64_t focus_lost = 0; // how often the terminal lost the focus
    friend bool operator==(seat_status const&, seat_status const&) = default;
};

void to_json(nlohmann::json& j, seat_status const& s);
/// Lenient, as a client reading a newer server should be: a missing field keeps its default.
void from_json(nlohmann::json const& j, seat_status& s);

} // namespace craftmark::protocol
