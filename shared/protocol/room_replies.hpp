#pragma once
// What the server tells the staff about a room: docs/protocol.md section 5's replies, typed here
// for the server, the proctor console and the browser console. Read leniently, as
// exam_replies.hpp says.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

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

/// auth.staff_sign_in's reply: who signed in and where they may act.
struct staff_session {
    std::string username;
    std::string display_name;
    std::string role;                // admin, proctor, examiner
    std::vector<std::string> scopes; // "*", "sitting:ID", "venue:NAME", "chief"
    std::int64_t server_time = 0;
    friend bool operator==(staff_session const&, staff_session const&) = default;
};

/// The sitting as its staff see it.
struct room_card {
    std::string id;
    std::string title;
    std::string venue;
    std::string room;
    std::int64_t starts_at = 0;
    friend bool operator==(room_card const&, room_card const&) = default;
};

/// room.watch's reply: the room and one seat per registered candidate.
struct room_view {
    room_card sitting;
    std::vector<seat_status> seats;
    std::int64_t server_time = 0;
    friend bool operator==(room_view const&, room_view const&) = default;
};

/// candidate.check_in's reply: what the proctor checks against the ID card, and the new
/// access code to read out (when the candidate is present).
struct checked_in {
    std::string ticket;
    std::string state;
    std::string name;
    std::string seat;
    std::string national_id; // to compare with the card in hand; never on the seat map
    std::int64_t checkin_at = 0;
    std::string access_code; // checked_in and late only
    friend bool operator==(checked_in const&, checked_in const&) = default;
};

/// candidate.unlock's reply.
struct unlocked {
    std::string ticket;
    bool was_locked = false;
    friend bool operator==(unlocked const&, unlocked const&) = default;
};

/// A seat a clock control passed over, and why ("already paused", "not running", ...).
struct skipped_seat {
    std::string ticket;
    std::string why;
    friend bool operator==(skipped_seat const&, skipped_seat const&) = default;
};

/// The reply to attempt.pause, .resume, .extra_time, .terminate and .reopen.
struct control_result {
    std::vector<std::string> applied;
    std::vector<skipped_seat> skipped;
    std::vector<std::string> unknown; // tickets named that are not in this room
    friend bool operator==(control_result const&, control_result const&) = default;
};

/// terminal.approve's reply.
struct terminal_approved {
    std::string ticket;
    std::string terminal;
    friend bool operator==(terminal_approved const&, terminal_approved const&) = default;
};

/// room.announce's reply (`sitting_id`) and candidate.message's (`ticket`).
struct told {
    std::string sitting_id;
    std::string ticket;
    std::int64_t at = 0;
    friend bool operator==(told const&, told const&) = default;
};

/// An incident as stored: incident.open's reply and each of incident.list's.
struct incident {
    std::int64_t id = 0;
    std::string sitting_id;
    std::string category;
    std::vector<std::string> tickets;
    std::string description;
    std::string opened_by;
    std::int64_t opened_at = 0;
    std::string closed_by;
    std::int64_t closed_at = 0; // 0 while open
    std::string resolution;
    friend bool operator==(incident const&, incident const&) = default;
};

/// incident.close's reply.
struct incident_closed {
    std::int64_t id = 0;
    friend bool operator==(incident_closed const&, incident_closed const&) = default;
};

/// incident.list's reply.
struct incident_list {
    std::vector<incident> incidents;
    std::vector<std::string> categories;
    friend bool operator==(incident_list const&, incident_list const&) = default;
};

void to_json(nlohmann::json& j, staff_session const& m);
void from_json(nlohmann::json const& j, staff_session& m);
void to_json(nlohmann::json& j, room_card const& m);
void from_json(nlohmann::json const& j, room_card& m);
void to_json(nlohmann::json& j, room_view const& m);
void from_json(nlohmann::json const& j, room_view& m);
void to_json(nlohmann::json& j, checked_in const& m);
void from_json(nlohmann::json const& j, checked_in& m);
void to_json(nlohmann::json& j, unlocked const& m);
void from_json(nlohmann::json const& j, unlocked& m);
void to_json(nlohmann::json& j, skipped_seat const& m);
void from_json(nlohmann::json const& j, skipped_seat& m);
void to_json(nlohmann::json& j, control_result const& m);
void from_json(nlohmann::json const& j, control_result& m);
void to_json(nlohmann::json& j, terminal_approved const& m);
void from_json(nlohmann::json const& j, terminal_approved& m);
void to_json(nlohmann::json& j, told const& m);
void from_json(nlohmann::json const& j, told& m);
void to_json(nlohmann::json& j, incident const& m);
void from_json(nlohmann::json const& j, incident& m);
void to_json(nlohmann::json& j, incident_closed const& m);
void from_json(nlohmann::json const& j, incident_closed& m);
void to_json(nlohmann::json& j, incident_list const& m);
void from_json(nlohmann::json const& j, incident_list& m);

} // namespace craftmark::protocol
