#include "server/core/records.hpp"

#include <algorithm>

namespace craftmark::core {

std::string_view state_name(attempt_state s) {
    switch (s) {
    case attempt_state::waiting: return "waiting";
    case attempt_state::running: return "running";
    case attempt_state::closed: return "closed";
    }
    return "waiting";
}

protocol::incident incident_view(incident_record const& i) {
    return {.id = i.id,
            .sitting_id = i.sitting_id,
            .category = i.category,
            .tickets = i.tickets,
            .description = i.description,
            .opened_by = i.opened_by,
            .opened_at = i.opened_at,
            .closed_by = i.closed_by,
            .closed_at = i.closed_at,
            .resolution = i.resolution};
}

bool in_scope(staff_record const& staff, sitting_record const& sitting) {
    for (auto const& s : staff.scopes)
        if (s == "*" || s == "sitting:" + sitting.id ||
            (!sitting.venue.empty() && s == "venue:" + sitting.venue))
            return true;
    return false;
}

bool whole_centre(staff_record const& staff) {
    return std::find(staff.scopes.begin(), staff.scopes.end(), "*") != staff.scopes.end();
}

attempt_state parse_state(std::string_view s) {
    if (s == "running") return attempt_state::running;
    if (s == "closed") return attempt_state::closed;
    return attempt_state::waiting;
}

bool staff_record::chief() const {
    return role == "admin" || std::find(scopes.begin(), scopes.end(), "chief") != scopes.end();
}

protocol::upload_receipt receipt_of(upload_record const& u) {
    return {.task = u.task,
            .name = u.name,
            .size = u.size,
            .sha256 = u.sha256,
            .received_at = u.completed_at};
}

} // namespace craftmark::core
