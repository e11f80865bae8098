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

/// auth.staff_sign_in's reply: who signed in and where they may act.
struct staff_session {
    std::string username;
    std::string display_name;
    std::string role;                // admin, proctor, examiner
    std::vector<std::string> scopes; // "*", "sitting:ID", "venue:NAME", "chief"
    std::int64_t server_time = 0;
    /// Presented by auth.staff_resume after a dropped connection, instead of the password.
    std::string session_token;
    /// The session ends after this long without a request.
    std::int64_t idle_seconds = 0;
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

/// room.list's reply: the sittings in the account's scope, the latest first.
struct room_list {
    std::vector<room_card> sittings;
    friend bool operator==(room_list const&, room_list const&) = default;
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
    bool photo = false;      // the roster brought a photo (candidate.photo fetches it)
    friend bool operator==(checked_in const&, checked_in const&) = default;
};

/// candidate.photo's reply: the photo (base64url) with its type and SHA-256, or no type and no
/// data when the roster brought none.
struct candidate_photo {
    std::string ticket;
    std::string media_type; // image/jpeg, image/png or ""
    std::string data;
    std::string sha256; // hex, of the bytes
    friend bool operator==(candidate_photo const&, candidate_photo const&) = default;
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

void to_json(nlohmann::json& j, checked_in const& m);
void from_json(nlohmann::json const& j, checked_in& m);
void to_json(nlohmann::json& j, candidate_photo const& m);
void from_json(nlohmann::json const& j, candidate_photo& m);
void to_json(nlohmann::json& j, told const& m);
void from_json(nlohmann::json const& j, told& m);

// Members named as on the wire; a missing one keeps its default.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(seat_status,
                                                ticket,
                                                name,
                                                seat,
                                                checkin,
                                                checkin_at,
                                                locked_until,
                                                connection,
                                                missing_since,
                                                state,
                                                close_reason,
                                                answered,
                                                total,
                                                remaining_ms,
                                                deadline,
                                                server_time,
                                                hand_raised,
                                                terminal_request,
                                                incidents_open,
                                                focus_lost)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    staff_session, username, display_name, role, scopes, server_time, session_token, idle_seconds)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(room_card, id, title, venue, room, starts_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(room_list, sittings)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(room_view, sitting, seats, server_time)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(unlocked, ticket, was_locked)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(skipped_seat, ticket, why)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(control_result, applied, skipped, unknown)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(terminal_approved, ticket, terminal)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(incident,
                                                id,
                                                sitting_id,
                                                category,
                                                tickets,
                                                description,
                                                opened_by,
                                                opened_at,
                                                closed_by,
                                                closed_at,
                                                resolution)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(incident_closed, id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(incident_list, incidents, categories)

} // namespace craftmark::protocol
