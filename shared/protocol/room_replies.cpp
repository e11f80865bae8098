#include "shared/protocol/room_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, seat_status const& s) {
    j = {{"ticket", s.ticket},
         {"name", s.name},
         {"seat", s.seat},
         {"checkin", s.checkin},
         {"checkin_at", s.checkin_at},
         {"locked_until", s.locked_until},
         {"connection", s.connection},
         {"missing_since", s.missing_since},
         {"state", s.state},
         {"close_reason", s.close_reason},
         {"answered", s.answered},
         {"total", s.total},
         {"remaining_ms", s.remaining_ms},
         {"deadline", s.deadline},
         {"server_time", s.server_time},
         {"hand_raised", s.hand_raised},
         {"terminal_request", s.terminal_request},
         {"incidents_open", s.incidents_open},
         {"focus_lost", s.focus_lost}};
}

void from_json(json const& j, seat_status& s) {
    auto text = [&](char const* key) { return j.value(key, std::string()); };
    auto number = [&](char const* key) { return j.value(key, std::int64_t{0}); };
    auto flag = [&](char const* key) { return j.value(key, false); };
    s.ticket = text("ticket");
    s.name = text("name");
    s.seat = text("seat");
    s.checkin = text("checkin");
    s.checkin_at = number("checkin_at");
    s.locked_until = number("locked_until");
    s.connection = text("connection");
    s.missing_since = number("missing_since");
    s.state = text("state");
    s.close_reason = text("close_reason");
    s.answered = number("answered");
    s.total = number("total");
    s.remaining_ms = number("remaining_ms");
    s.deadline = number("deadline");
    s.server_time = number("server_time");
    s.hand_raised = flag("hand_raised");
    s.terminal_request = flag("terminal_request");
    s.incidents_open = number("incidents_open");
    s.focus_lost = number("focus_lost");
}

void to_json(json& j, staff_session const& m) {
    j = {{"username", m.username},
         {"display_name", m.display_name},
         {"role", m.role},
         {"scopes", m.scopes},
         {"server_time", m.server_time}};
}
void from_json(json const& j, staff_session& m) {
    read_lenient(j, "username", m.username);
    read_lenient(j, "display_name", m.display_name);
    read_lenient(j, "role", m.role);
    read_lenient(j, "scopes", m.scopes);
    read_lenient(j, "server_time", m.server_time);
}

void to_json(json& j, room_card const& m) {
    j = {{"id", m.id},
         {"title", m.title},
         {"venue", m.venue},
         {"room", m.room},
         {"starts_at", m.starts_at}};
}
void from_json(json const& j, room_card& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "title", m.title);
    read_lenient(j, "venue", m.venue);
    read_lenient(j, "room", m.room);
    read_lenient(j, "starts_at", m.starts_at);
}

void to_json(json& j, room_view const& m) {
    j = {{"sitting", m.sitting}, {"seats", m.seats}, {"server_time", m.server_time}};
}
void from_json(json const& j, room_view& m) {
    read_lenient(j, "sitting", m.sitting);
    read_lenient(j, "seats", m.seats);
    read_lenient(j, "server_time", m.server_time);
}

void to_json(json& j, checked_in const& m) {
    j = {{"ticket", m.ticket},
         {"state", m.state},
         {"name", m.name},
         {"seat", m.seat},
         {"national_id", m.national_id},
         {"checkin_at", m.checkin_at}};
    if (!m.access_code.empty()) j["access_code"] = m.access_code;
}
void from_json(json const& j, checked_in& m) {
    read_lenient(j, "ticket", m.ticket);
    read_lenient(j, "state", m.state);
    read_lenient(j, "name", m.name);
    read_lenient(j, "seat", m.seat);
    read_lenient(j, "national_id", m.national_id);
    read_lenient(j, "checkin_at", m.checkin_at);
    read_lenient(j, "access_code", m.access_code);
}

void to_json(json& j, unlocked const& m) {
    j = {{"ticket", m.ticket}, {"was_locked", m.was_locked}};
}
void from_json(json const& j, unlocked& m) {
    read_lenient(j, "ticket", m.ticket);
    read_lenient(j, "was_locked", m.was_locked);
}

void to_json(json& j, skipped_seat const& m) {
    j = {{"ticket", m.ticket}, {"why", m.why}};
}
void from_json(json const& j, skipped_seat& m) {
    read_lenient(j, "ticket", m.ticket);
    read_lenient(j, "why", m.why);
}

void to_json(json& j, control_result const& m) {
    j = {{"applied", m.applied}, {"skipped", m.skipped}, {"unknown", m.unknown}};
}
void from_json(json const& j, control_result& m) {
    read_lenient(j, "applied", m.applied);
    read_lenient(j, "skipped", m.skipped);
    read_lenient(j, "unknown", m.unknown);
}

void to_json(json& j, terminal_approved const& m) {
    j = {{"ticket", m.ticket}, {"terminal", m.terminal}};
}
void from_json(json const& j, terminal_approved& m) {
    read_lenient(j, "ticket", m.ticket);
    read_lenient(j, "terminal", m.terminal);
}

void to_json(json& j, told const& m) {
    j = {{"at", m.at}};
    if (!m.sitting_id.empty()) j["sitting_id"] = m.sitting_id;
    if (!m.ticket.empty()) j["ticket"] = m.ticket;
}
void from_json(json const& j, told& m) {
    read_lenient(j, "sitting_id", m.sitting_id);
    read_lenient(j, "ticket", m.ticket);
    read_lenient(j, "at", m.at);
}

void to_json(json& j, incident const& m) {
    j = {{"id", m.id},
         {"sitting_id", m.sitting_id},
         {"category", m.category},
         {"tickets", m.tickets},
         {"description", m.description},
         {"opened_by", m.opened_by},
         {"opened_at", m.opened_at},
         {"closed_by", m.closed_by},
         {"closed_at", m.closed_at},
         {"resolution", m.resolution}};
}
void from_json(json const& j, incident& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "sitting_id", m.sitting_id);
    read_lenient(j, "category", m.category);
    read_lenient(j, "tickets", m.tickets);
    read_lenient(j, "description", m.description);
    read_lenient(j, "opened_by", m.opened_by);
    read_lenient(j, "opened_at", m.opened_at);
    read_lenient(j, "closed_by", m.closed_by);
    read_lenient(j, "closed_at", m.closed_at);
    read_lenient(j, "resolution", m.resolution);
}

void to_json(json& j, incident_closed const& m) {
    j = {{"id", m.id}};
}
void from_json(json const& j, incident_closed& m) {
    read_lenient(j, "id", m.id);
}

void to_json(json& j, incident_list const& m) {
    j = {{"incidents", m.incidents}, {"categories", m.categories}};
}
void from_json(json const& j, incident_list& m) {
    read_lenient(j, "incidents", m.incidents);
    read_lenient(j, "categories", m.categories);
}

} // namespace craftmark::protocol
