#pragma once
// The proctor's messages about a whole room (or a selection of its seats): controls of the
// clock, announcements and incidents. Typed here for the server and every client.
#include "shared/protocol/messages.hpp"

#include <string>
#include <vector>

namespace craftmark::protocol {

/// attempt.pause, attempt.resume, attempt.terminate: a control of the room's attempts (or only
/// of `tickets`), with its reason code.
struct attempt_control {
    std::string sitting_id;
    std::string reason;
    std::string comment;
    std::vector<std::string> tickets; // empty: the whole room
    friend bool operator==(attempt_control const&, attempt_control const&) = default;
};

/// attempt.extra_time, attempt.reopen: the same, with the minutes to add (or to finish in).
struct attempt_extension {
    attempt_control control;
    std::int64_t minutes = 0;
    friend bool operator==(attempt_extension const&, attempt_extension const&) = default;
};

/// room.announce: an announcement to every candidate of the room.
struct room_announce {
    std::string sitting_id;
    std::string text;
    friend bool operator==(room_announce const&, room_announce const&) = default;
};

/// incident.open: an incident in one of the categories, linked to the seats involved.
struct incident_open {
    std::string sitting_id;
    std::string category; // one of incident_categories()
    std::string description;
    std::vector<std::string> tickets;
    friend bool operator==(incident_open const&, incident_open const&) = default;
};

/// incident.close: an open incident of the sitting, closed with its resolution.
struct incident_close {
    std::string sitting_id;
    std::int64_t id = 0;
    std::string resolution;
    friend bool operator==(incident_close const&, incident_close const&) = default;
};

void to_json(nlohmann::json& j, attempt_control const& m);
void from_json(nlohmann::json const& j, attempt_control& m);
void to_json(nlohmann::json& j, attempt_extension const& m);
void from_json(nlohmann::json const& j, attempt_extension& m);
void to_json(nlohmann::json& j, room_announce const& m);
void from_json(nlohmann::json const& j, room_announce& m);
void to_json(nlohmann::json& j, incident_open const& m);
void from_json(nlohmann::json const& j, incident_open& m);
void to_json(nlohmann::json& j, incident_close const& m);
void from_json(nlohmann::json const& j, incident_close& m);

} // namespace craftmark::protocol
