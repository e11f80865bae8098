#include "shared/protocol/seat_messages.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, check_in const& m) {
    j = {{"ticket", m.ticket}, {"state", m.state}};
}
void from_json(json const& j, check_in& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
    m.state = required_string(j, "state", 16);
    if (m.state != "checked_in" && m.state != "late" && m.state != "no_show" &&
        m.state != "checked_out")
        throw protocol_error(errc::invalid_field,
                             "field \"state\" must be checked_in, late, no_show or checked_out");
}

void to_json(json& j, photo_request const& m) {
    j = {{"ticket", m.ticket}};
}
void from_json(json const& j, photo_request& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
}

void to_json(json& j, candidate_unlock const& m) {
    j = {{"ticket", m.ticket}, {"reason", m.reason}};
}
void from_json(json const& j, candidate_unlock& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
    m.reason = required_string(j, "reason", max_identifier);
}

void to_json(json& j, terminal_approve const& m) {
    j = {{"ticket", m.ticket}, {"reason", m.reason}};
}
void from_json(json const& j, terminal_approve& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
    m.reason = required_string(j, "reason", max_identifier);
}

void to_json(json& j, candidate_move const& m) {
    j = {{"ticket", m.ticket}, {"seat", m.seat}, {"reason", m.reason}};
}
void from_json(json const& j, candidate_move& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
    m.seat = required_string(j, "seat", max_identifier);
    m.reason = required_string(j, "reason", max_identifier);
}

void to_json(json& j, candidate_message const& m) {
    j = {{"ticket", m.ticket}, {"text", m.text}};
}
void from_json(json const& j, candidate_message& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
    m.text = required_string(j, "text", 2000);
}

} // namespace craftmark::protocol
