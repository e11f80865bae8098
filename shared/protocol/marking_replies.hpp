#pragma once
// What the server answers an examiner: the queue, an entry, the chief's lock and a file's
// pieces (docs/protocol.md, "Marking practical work"). No reply names a candidate: works are
// known by code. Read leniently (lenient.hpp).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::protocol {

/// One work in marking.queue.
struct work_summary {
    std::string code;
    std::string task;
    std::string state; // open, marked, locked ...
    std::int64_t round = 1;
    std::string checker;                   // the automatic check's status, "none" without one
    std::optional<std::int64_t> pending;   // aspects still to enter (when the work has a scheme)
    std::optional<std::int64_t> reconcile; // aspects whose judges disagree
    friend bool operator==(work_summary const&, work_summary const&) = default;
};

/// marking.queue's reply.
struct marking_queue {
    std::string sitting_id;
    std::vector<work_summary> works;
    friend bool operator==(marking_queue const&, marking_queue const&) = default;
};

/// marking.enter's reply: the entry as stored, and what the work still needs.
struct mark_entered {
    std::string aspect;
    nlohmann::json entry;
    std::vector<std::string> pending;   // aspects with entries still missing
    std::vector<std::string> reconcile; // aspects whose judges disagree
    friend bool operator==(mark_entered const&, mark_entered const&) = default;
};

/// marking.lock's reply: the chief's final score of the work.
struct work_locked {
    std::string code;
    std::string state;
    nlohmann::json score; // the marking scheme's score, as marking.work shows it
    friend bool operator==(work_locked const&, work_locked const&) = default;
};

/// marking.file's reply: one piece of a handed-in file, base64url.
struct file_piece {
    std::string name;
    std::int64_t size = 0;
    std::string sha256;
    std::int64_t offset = 0;
    std::string data;
    bool last = false;
    friend bool operator==(file_piece const&, file_piece const&) = default;
};

void to_json(nlohmann::json& j, work_summary const& m);
void from_json(nlohmann::json const& j, work_summary& m);

// Members named as on the wire; a missing one keeps its default.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(marking_queue, sitting_id, works)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(mark_entered, aspect, entry, pending, reconcile)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(work_locked, code, state, score)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(file_piece, name, size, sha256, offset, data, last)

} // namespace craftmark::protocol
