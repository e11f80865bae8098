#include "shared/protocol/room_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, checked_in const& m) {
    j = {{"ticket", m.ticket},
         {"state", m.state},
         {"name", m.name},
         {"seat", m.seat},
         {"national_id", m.national_id},
         {"checkin_at", m.checkin_at},
         {"photo", m.photo}};
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
    read_lenient(j, "photo", m.photo);
}

void to_json(json& j, candidate_photo const& m) {
    j = {{"ticket", m.ticket}, {"media_type", m.media_type}};
    if (!m.media_type.empty()) {
        j["data"] = m.data;
        j["sha256"] = m.sha256;
    }
}
void from_json(json const& j, candidate_photo& m) {
    read_lenient(j, "ticket", m.ticket);
    read_lenient(j, "media_type", m.media_type);
    read_lenient(j, "data", m.data);
    read_lenient(j, "sha256", m.sha256);
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
