#pragma once
// What the server answers an examiner: the queue, a work's form, an entry, the chief's lock and
// a file's pieces (docs/protocol.md, "Marking practical work"). No reply names a candidate: works
// are known by code. Read leniently (lenient.hpp).
#include <cstdint>
#include <map>
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

/// An aspect's mark in a work's score.
struct aspect_score {
    double mark = 0;
    std::string state; // marked, pending, reconcile
    friend bool operator==(aspect_score const&, aspect_score const&) = default;
};

/// A work's score under its marking scheme: marking.work's and marking.lock's `score`.
struct work_score {
    double raw = 0; // the aspects' marks added up
    double overtime_deduction = 0;
    bool vetoed = false;  // a veto item happened: the task scores zero
    bool stopped = false; // overtime reached the point where work is stopped
    double total = 0;
    bool complete = false; // nothing pending, nothing to reconcile
    std::map<std::string, aspect_score> aspects;
    std::optional<double> max; // the scheme's total, once locked
    friend bool operator==(work_score const&, work_score const&) = default;
};

/// A fault a measurement aspect deducts marks for.
struct scheme_deduction {
    std::string id;
    std::string text;
    double amount = 0;
    friend bool operator==(scheme_deduction const&, scheme_deduction const&) = default;
};

/// One aspect of the marking scheme as the form shows it: a judgement on the 0–3 scale with
/// its descriptors, or a measurement with its rule.
struct scheme_aspect {
    std::string code;
    std::string description;
    double max_mark = 0;
    std::string type;                   // judgement, measurement
    std::vector<std::string> scale;     // judgement: what 0, 1, 2 and 3 mean
    std::optional<std::int64_t> judges; // judgement: how many judges score it
    std::string rule;                   // measurement: all_or_nothing, deductions, bands
    std::vector<scheme_deduction> deductions;
    std::optional<double> nominal; // bands: the value aimed at, in `unit`
    std::string unit;
    friend bool operator==(scheme_aspect const&, scheme_aspect const&) = default;
};

struct scheme_criterion {
    std::string code;
    std::string name;
    double max_marks = 0;
    std::vector<scheme_aspect> aspects;
    friend bool operator==(scheme_criterion const&, scheme_criterion const&) = default;
};

/// Something that, when it happens, makes the task score zero.
struct scheme_veto {
    std::string id;
    std::string text;
    friend bool operator==(scheme_veto const&, scheme_veto const&) = default;
};

struct scheme_form {
    std::string id;
    std::string title;
    std::vector<scheme_criterion> criteria;
    std::vector<scheme_veto> veto;
    bool overtime = false; // the scheme deducts for overtime
    friend bool operator==(scheme_form const&, scheme_form const&) = default;
};

/// The task a work answers; an essay's form carries the candidate's answer.
struct work_task {
    std::string id;
    std::string title;
    std::optional<std::string> answer;
    friend bool operator==(work_task const&, work_task const&) = default;
};

/// A file handed in for the work (fetched with marking.file).
struct work_file {
    std::string name;
    std::int64_t size = 0;
    std::string sha256;
    friend bool operator==(work_file const&, work_file const&) = default;
};

/// What the automatic check found.
struct check_report {
    std::string status; // ok, failed, timed_out, bad_output, unavailable
    std::string message;
    std::string diagnostics;
    std::vector<std::string> problems;
    friend bool operator==(check_report const&, check_report const&) = default;
};

/// The entries for one aspect as this examiner may see them: their own, a measurement's (and
/// who entered it), and the judges' scores only once all have entered theirs.
struct aspect_entries {
    nlohmann::json mine; // null until this examiner enters it
    std::optional<nlohmann::json> entry;
    std::optional<std::string> by;
    std::optional<std::int64_t> entered; // judgement: how many judges have
    std::optional<std::int64_t> of;
    std::optional<std::map<std::string, nlohmann::json>> scores; // judge -> score
    friend bool operator==(aspect_entries const&, aspect_entries const&) = default;
};

/// marking.work's reply: the form.
struct work_form {
    std::string code;
    std::string state;
    work_task task;
    scheme_form scheme;
    std::vector<work_file> files;
    std::optional<check_report> checker; // null: the task has no automatic check
    std::map<std::string, aspect_entries> marks;
    work_score score;
    friend bool operator==(work_form const&, work_form const&) = default;
};

/// marking.lock's reply: the chief's final score of the work.
struct work_locked {
    std::string code;
    std::string state;
    work_score score;
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

void to_json(nlohmann::json& j, work_score const& m);
void from_json(nlohmann::json const& j, work_score& m);
void to_json(nlohmann::json& j, scheme_aspect const& m);
void from_json(nlohmann::json const& j, scheme_aspect& m);
void to_json(nlohmann::json& j, scheme_criterion const& m);
void from_json(nlohmann::json const& j, scheme_criterion& m);
void to_json(nlohmann::json& j, work_task const& m);
void from_json(nlohmann::json const& j, work_task& m);
void to_json(nlohmann::json& j, aspect_entries const& m);
void from_json(nlohmann::json const& j, aspect_entries& m);
void to_json(nlohmann::json& j, work_form const& m);
void from_json(nlohmann::json const& j, work_form& m);
void to_json(nlohmann::json& j, work_summary const& m);
void from_json(nlohmann::json const& j, work_summary& m);

// Members named as on the wire; a missing one keeps its default.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(aspect_score, mark, state)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(scheme_deduction, id, text, amount)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(scheme_veto, id, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(scheme_form, id, title, criteria, veto, overtime)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(work_file, name, size, sha256)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    check_report, status, message, diagnostics, problems)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(marking_queue, sitting_id, works)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(mark_entered, aspect, entry, pending, reconcile)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(work_locked, code, state, score)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(file_piece, name, size, sha256, offset, data, last)

} // namespace craftmark::protocol
