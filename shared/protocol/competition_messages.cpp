#include "shared/protocol/competition_messages.hpp"

#include "shared/protocol/errors.hpp"
#include "shared/protocol/messages.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, event_reveal const& m) {
    j = {{"event", m.event}, {"skill", m.skill}, {"module", m.module}, {"password", m.password}};
}
void from_json(json const& j, event_reveal& m) {
    m.event = required_string(j, "event", max_identifier);
    m.skill = required_string(j, "skill", max_identifier);
    m.module = required_string(j, "module", max_identifier);
    m.password = required_string(j, "password", 256);
}

void to_json(json& j, event_draw const& m) {
    j = {{"event", m.event}, {"skill", m.skill}, {"round", m.round}};
}
void from_json(json const& j, event_draw& m) {
    m.event = required_string(j, "event", max_identifier);
    m.skill = required_string(j, "skill", max_identifier);
    m.round = required_string(j, "round", 16);
    if (m.round != "numbers" && m.round != "workstations")
        throw protocol_error(errc::invalid_field, "\"round\" must be numbers or workstations");
}

void to_json(json& j, event_freeze const& m) {
    j = {{"event", m.event}, {"frozen", m.frozen}};
}
void from_json(json const& j, event_freeze& m) {
    m.event = required_string(j, "event", max_identifier);
    m.frozen = required_bool(j, "frozen");
}

void to_json(json& j, event_awards const& m) {
    j = {{"event", m.event}, {"skill", m.skill}};
}
void from_json(json const& j, event_awards& m) {
    m.event = required_string(j, "event", max_identifier);
    m.skill = required_string(j, "skill", max_identifier);
}

void to_json(json& j, event_put const& m) {
    j = {{"event", m.event}};
}
void from_json(json const& j, event_put& m) {
    auto it = j.find("event");
    if (it == j.end() || !it->is_object())
        throw protocol_error(errc::invalid_field, "\"event\" must be a competition's JSON object");
    m.event = *it; // the frame's limit bounds it; competition_event_from_json reads it
}

} // namespace craftmark::protocol
