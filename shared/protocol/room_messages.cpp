#include "shared/protocol/room_messages.hpp"

#include "shared/protocol/catalog.hpp"

#include <algorithm>

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, attempt_control const& m) {
    j = {{"sitting_id", m.sitting_id}, {"reason", m.reason}};
    if (!m.comment.empty()) j["comment"] = m.comment;
    if (!m.tickets.empty()) j["tickets"] = m.tickets;
}
void from_json(json const& j, attempt_control& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    m.reason = required_string(j, "reason", max_identifier);
    m.comment = optional_string(j, "comment", 1000);
    m.tickets = optional_strings(j, "tickets", max_identifier);
}

void to_json(json& j, attempt_extension const& m) {
    to_json(j, m.control);
    j["minutes"] = m.minutes;
}
void from_json(json const& j, attempt_extension& m) {
    from_json(j, m.control);
    m.minutes = required_integer(j, "minutes", 1, 600);
}

void to_json(json& j, room_announce const& m) {
    j = {{"sitting_id", m.sitting_id}, {"text", m.text}};
}
void from_json(json const& j, room_announce& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    m.text = required_string(j, "text", 2000);
}

void to_json(json& j, incident_open const& m) {
    j = {{"sitting_id", m.sitting_id},
         {"category", m.category},
         {"description", m.description},
         {"tickets", m.tickets}};
}
void from_json(json const& j, incident_open& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    m.category = required_string(j, "category", max_identifier);
    m.description = required_string(j, "description", 4000);
    auto categories = incident_categories();
    if (std::find(categories.begin(), categories.end(), m.category) == categories.end())
        throw protocol_error(errc::invalid_field,
                             "unknown incident category \"" + m.category + "\"");
    m.tickets = optional_strings(j, "tickets", max_identifier);
}

void to_json(json& j, incident_close const& m) {
    j = {{"sitting_id", m.sitting_id}, {"id", m.id}, {"resolution", m.resolution}};
}
void from_json(json const& j, incident_close& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    m.id = required_integer(j, "id", 1, max_safe_integer);
    m.resolution = required_string(j, "resolution", 4000);
}

} // namespace craftmark::protocol
