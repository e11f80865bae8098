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

} // namespace craftmark::protocol
