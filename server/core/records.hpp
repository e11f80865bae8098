#pragma once
#include "server/core/exam/attempt_clock.hpp"
#include "shared/protocol/exam_replies.hpp"
#include "shared/protocol/room_replies.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// A scheduled sitting of an assessment in one room.
struct sitting_record {
    std::string id;
    std::string assessment_id;
    std::string title;
    std::string venue;
    std::string room;
    millis starts_at = 0;
    millis duration_ms = 0; // 0: the assessment's duration
    std::string review;     // empty: the assessment's review policy
    // Whether candidates get their access codes by check-in ("required") or at registration
    // ("not_required": rooms that do not check candidates in).
    std::string checkin = "required";
    // "any": the terminal or the browser; "browser": only the browser exam (/exam), for papers
    // whose figures and formulas a character terminal cannot show.
    std::string delivery = "any";
    // The paper came sealed in the centre's package and its key has not opened it yet: the
    // sitting's banks are not here, and no candidate may sign in.
    bool paper_sealed = false;
};

/// A registered candidate. The national ID number is stored for identity checks by staff and
/// never sent to candidates or shown publicly.
struct candidate_record {
    std::string sitting_id;
    std::string ticket;
    std::string name; // as on the candidate's ID card
    std::string national_id;
    std::string seat;
    std::string access_code;    // "" while none is issued: before check-in, after a no-show
    std::string checkin;        // "", "checked_in", "late", "no_show", "checked_out"
    std::string organisation;   // employer, college or delegation (judges from it are excluded)
    millis checkin_at = 0;      // when the check-in state was last recorded
    std::string romanised_name; // optional (Zhang Sanfeng): certificates show both names
    std::vector<std::string> accommodations; // how the exam is shown to them (see roster.hpp)
};

/// Whether a check-in state gives the candidate an access code (they are in the room).
inline bool present(std::string_view checkin) {
    return checkin == "checked_in" || checkin == "late";
}

/// A staff account. Scopes say where it may act: "*" (everywhere), "sitting:ID" or "venue:NAME".
struct staff_record {
    std::string username;
    std::string display_name;
    std::string role; // "admin", "proctor", "examiner"
    std::string password_hash;
    std::vector<std::string> scopes;
    std::string organisation; // an examiner never marks candidates of their own organisation

    /// A chief examiner (scope "chief") locks and signs off marking.
    bool chief() const;
};

/// Whether `staff` may act on `sitting`.
bool in_scope(staff_record const& staff, sitting_record const& sitting);
/// Whether the account's scopes include * (the whole centre): what defining assessments, staff
/// accounts, the audit log and competitions ask for, since they are no one sitting's.
bool whole_centre(staff_record const& staff);

/// An incident as proctors record them, linked to the seats involved.
struct incident_record {
    std::int64_t id = 0;
    std::string sitting_id;
    std::string category; // one of protocol::incident_categories()
    std::vector<std::string> tickets;
    std::string description;
    std::string opened_by;
    util::millis opened_at = 0;
    std::string closed_by;
    util::millis closed_at = 0;
    std::string resolution;
};

protocol::incident incident_view(incident_record const& i);

enum class attempt_state { waiting, running, closed };
std::string_view state_name(attempt_state s);
attempt_state parse_state(std::string_view s);

/// One candidate's paper: items by section with their points, drawn reproducibly from a seed.
struct paper {
    struct entry {
        std::string item_id;
        double points = 0;
    };
    struct part {
        std::string section_id;
        std::string title;
        std::vector<entry> entries;
    };
    std::uint64_t seed = 0;
    std::string form; // fixed form id, empty for a drawn paper
    std::vector<part> parts;
};

struct attempt_record {
    std::int64_t id = 0;
    std::string sitting_id;
    std::string ticket;
    std::string terminal_id;
    std::string resume_token_hash;
    attempt_state state = attempt_state::waiting;
    attempt_clock clock;
    std::optional<core::paper> paper; // drawn when the attempt starts
    std::string close_reason;         // "submitted", "deadline"
    millis closed_at = 0;
    nlohmann::json result; // set when closed
};

/// One saved answer; saves are kept as a history, the highest seq per item is the answer.
struct answer_record {
    std::int64_t attempt_id = 0;
    std::string item_id;
    std::int64_t seq = 0;
    nlohmann::json response;
    millis saved_at = 0;
};

/// A file a candidate hands in for a practical task. While it is arriving, `received` counts
/// the bytes on disk; once its size and SHA-256 are checked it is complete, and the receipt
/// (task, name, size, SHA-256, time) is what the candidate was shown.
struct upload_record {
    std::int64_t id = 0;
    std::int64_t attempt_id = 0;
    std::string task;
    std::string name;
    std::int64_t size = 0; // declared by the terminal
    std::string sha256;    // declared by the terminal
    std::int64_t received = 0;
    bool complete = false;
    millis started_at = 0;
    millis completed_at = 0;
};

protocol::upload_receipt receipt_of(upload_record const& u);

/// An entry for the hash-chained audit log: who did what to which object, and why.
/// A candidate's work on one practical task, as examiners know it: by a random code. The
/// candidate behind it is joined back only once every work of the sitting is locked.
struct work_record {
    std::int64_t id = 0;
    std::string sitting_id;
    std::int64_t attempt_id = 0;
    std::string task;
    std::string code;
    std::string state = "open"; // open | locked
    int round = 1;              // 2 for the second marking after an appeal
    nlohmann::json checker;     // the automatic check's outcome, null when none ran
    nlohmann::json score;       // protocol::work_score, set at lock
    std::string locked_by;
    util::millis locked_at = 0;
};

/// One entry of one judge for one aspect (or "veto:ID", "overtime").
struct mark_record {
    std::int64_t work_id = 0;
    std::string aspect;
    std::string judge; // staff user name, or "checker"
    nlohmann::json entry;
    std::string comment;
    util::millis entered_at = 0;
};

struct audit_event {
    std::string actor;  // "candidate:T001", "server", "admin:cli"
    std::string action; // "attempt.start", "answer.save", ...
    std::string subject;
    nlohmann::json detail = nlohmann::json::object();
};

} // namespace craftmark::core
