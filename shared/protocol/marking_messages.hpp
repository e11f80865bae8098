#pragma once
// The examiners' messages: the queue of works, one work, an entry, the chief's lock and the
// files handed in. Typed here for the server and every client.
#include "shared/protocol/messages.hpp"

#include <string>

namespace craftmark::protocol {

/// marking.work, marking.lock: one work of a sitting, by its code.
struct work_ref {
    std::string sitting_id;
    std::string code;
    friend bool operator==(work_ref const&, work_ref const&) = default;
};

/// marking.enter: this examiner's entry for one aspect (a score, a measurement, a veto or the
/// overtime), checked against the marking scheme by the server.
struct marking_enter {
    work_ref work;
    std::string aspect;
    nlohmann::json entry;
    std::string comment;
    friend bool operator==(marking_enter const&, marking_enter const&) = default;
};

/// marking.file: a piece of one of the work's files, from `offset`.
struct marking_file {
    work_ref work;
    std::string name;
    std::int64_t offset = 0;
    friend bool operator==(marking_file const&, marking_file const&) = default;
};

void to_json(nlohmann::json& j, work_ref const& m);
void from_json(nlohmann::json const& j, work_ref& m);
void to_json(nlohmann::json& j, marking_enter const& m);
void from_json(nlohmann::json const& j, marking_enter& m);
void to_json(nlohmann::json& j, marking_file const& m);
void from_json(nlohmann::json const& j, marking_file& m);

} // namespace craftmark::protocol
