#pragma once
// What the server answers a candidate, and what it pushes to one: docs/protocol.md section 4
// as structs, for the server, the terminal and the load generator.
//
// Every from_json here is lenient (lenient.hpp). to_json writes what the server sends, leaving
// out the members the protocol marks optional when they are empty.
#include "shared/protocol/messages.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::protocol {

/// ping's reply.
struct pong {
    std::int64_t server_time = 0;
    friend bool operator==(pong const&, pong const&) = default;
};

/// Who is signed in, as the session view names them.
struct candidate_card {
    std::string ticket;
    std::string name;
    std::string seat;
    std::vector<std::string> accommodations; // "large_text", "high_contrast"; optional
    friend bool operator==(candidate_card const&, candidate_card const&) = default;
};

/// The sitting as its candidates see it.
struct sitting_card {
    std::string id;
    std::string title;
    std::string venue;
    std::string room;
    std::int64_t starts_at = 0;
    std::int64_t duration_ms = 0;
    std::string occupation;
    std::string level;
    friend bool operator==(sitting_card const&, sitting_card const&) = default;
};

/// The reply to auth.sign_in (with `resume_token`), auth.resume and lobby.status.
struct session_view {
    std::string resume_token; // auth.sign_in only
    candidate_card candidate;
    sitting_card sitting;
    time_status time;
    friend bool operator==(session_view const&, session_view const&) = default;
};

/// A stem or option text and how it is written: plain, markdown, html or moodle.
struct stem_text {
    std::string format = "plain";
    std::string text;
    friend bool operator==(stem_text const&, stem_text const&) = default;
};

/// A choice, a premise or a matching response, with the id this attempt gives it.
struct option_text {
    std::string id;
    std::string text;
    friend bool operator==(option_text const&, option_text const&) = default;
};

/// figure.get's reply: the figure (base64url) with its type and SHA-256. An SVG has been
/// cleaned of script and links when its bank was imported.
struct figure_data {
    std::string item_id;
    std::string name;
    std::string media_type; // image/png, image/jpeg or image/svg+xml
    std::string data;
    std::string sha256; // hex, of the bytes
    friend bool operator==(figure_data const&, figure_data const&) = default;
};

/// One item of a paper as the candidate sees it: never a key, a weight or feedback.
struct paper_item {
    std::string id;
    std::string type; // single_choice, multiple_choice, true_false, short_answer, ...
    double points = 0;
    stem_text stem;
    std::string title;                  // optional
    std::vector<std::string> media;     // file names, optional
    std::vector<option_text> choices;   // single and multiple choice, in the order shown
    std::vector<option_text> premises;  // matching
    std::vector<option_text> responses; // matching, in the order shown
    friend bool operator==(paper_item const&, paper_item const&) = default;
};

struct paper_section {
    std::string id;
    std::string title;
    std::vector<paper_item> items;
    friend bool operator==(paper_section const&, paper_section const&) = default;
};

/// An item's current answer: the save with the highest sequence.
struct saved_answer {
    std::int64_t seq = 0;
    nlohmann::json response; // as answer.save's `response`
    friend bool operator==(saved_answer const&, saved_answer const&) = default;
};

/// What a practical task takes in: files or nothing (observed work).
struct hand_in_rule {
    bool files = false;
    std::vector<std::string> types; // file name endings, ".nc"
    double max_megabytes = 0;
    std::int64_t max_files = 0;
    friend bool operator==(hand_in_rule const&, hand_in_rule const&) = default;
};

/// A practical task's sheet as the candidate sees it.
struct task_sheet {
    std::string id;
    std::string title;
    std::string sheet;
    std::vector<std::string> attachments;
    double duration_minutes = 0;
    hand_in_rule hand_in;
    friend bool operator==(task_sheet const&, task_sheet const&) = default;
};

/// A file the server has kept for a task: the candidate is shown the same receipt.
struct upload_receipt {
    std::string task;
    std::string name;
    std::int64_t size = 0;
    std::string sha256;
    std::int64_t received_at = 0;
    friend bool operator==(upload_receipt const&, upload_receipt const&) = default;
};

/// paper.get's reply. A practical component's paper has no sections but tasks and receipts.
struct paper {
    std::vector<paper_section> sections;
    std::map<std::string, saved_answer> answers;
    std::vector<std::string> flags;
    std::int64_t last_seq = 0;
    time_status time;
    std::optional<std::vector<task_sheet>> tasks; // practical components only
    std::vector<upload_receipt> receipts;         // with tasks
    friend bool operator==(paper const&, paper const&) = default;
};

/// answer.save's reply.
struct answer_saved {
    std::string item_id;
    std::int64_t seq = 0;
    std::int64_t saved_at = 0;
    bool duplicate = false;
    friend bool operator==(answer_saved const&, answer_saved const&) = default;
};

/// upload.begin's reply: where to continue, or the receipt of a file already kept.
struct upload_progress {
    std::int64_t upload = 0;
    std::int64_t received = 0;
    std::int64_t chunk = 0;
    bool complete = false;
    std::optional<upload_receipt> receipt; // when complete
    friend bool operator==(upload_progress const&, upload_progress const&) = default;
};

/// upload.chunk's reply, once the bytes are on disk.
struct upload_received {
    std::int64_t upload = 0;
    std::int64_t received = 0;
    friend bool operator==(upload_received const&, upload_received const&) = default;
};

/// upload.finish's reply.
struct upload_kept {
    upload_receipt receipt;
    friend bool operator==(upload_kept const&, upload_kept const&) = default;
};

struct section_score {
    std::string id;
    std::string title;
    double points = 0;
    double max = 0;
    friend bool operator==(section_score const&, section_score const&) = default;
};

/// One item's mark in a result released item by item.
struct item_mark {
    std::optional<double> points; // absent while pending
    double max = 0;
    bool pending = false;
    bool marked = false; // an examiner marked it (essays)
    friend bool operator==(item_mark const&, item_mark const&) = default;
};

/// A result as far as the review policy releases it. A written paper has sections (and items
/// with policy `items`); a practical component has its tasks' marks.
struct exam_result {
    double total = 0;
    double max = 0;
    double percent = 0;
    double pass_mark = 0;
    bool passed = false;
    std::int64_t pending_items = 0;
    std::vector<section_score> sections;
    std::optional<std::map<std::string, item_mark>> items;
    // Practical work: each task's score as the examiners locked it (the marking scheme's
    // score object with its round), shown as the examiners' consoles show it.
    std::optional<nlohmann::json> tasks;
    /// Only a final result tells a score and a pass or fail.
    bool final() const { return pending_items == 0 && max > 0; }
    friend bool operator==(exam_result const&, exam_result const&) = default;
};

/// attempt.submit's reply.
struct submitted {
    std::int64_t submitted_at = 0;
    std::vector<std::string> unanswered;
    std::optional<exam_result> result; // null: policy none, or marked later
    friend bool operator==(submitted const&, submitted const&) = default;
};

/// result.get's reply.
struct result_reply {
    exam_result result;
    std::int64_t closed_at = 0;
    std::string reason; // submitted, deadline, terminated
    friend bool operator==(result_reply const&, result_reply const&) = default;
};

/// The attempt.closed push.
struct attempt_closed {
    std::string reason;
    std::int64_t closed_at = 0;
    friend bool operator==(attempt_closed const&, attempt_closed const&) = default;
};

/// The announcement and message pushes.
struct room_text {
    std::string text;
    std::int64_t at = 0;
    friend bool operator==(room_text const&, room_text const&) = default;
};

/// The session.ended push: terminal_replaced, moved or signed_in_again (a candidate's);
/// inactive or signed_out_everywhere (staff).
struct session_ended {
    std::string reason;
    friend bool operator==(session_ended const&, session_ended const&) = default;
};

void to_json(nlohmann::json& j, session_view const& m);
void from_json(nlohmann::json const& j, session_view& m);
void to_json(nlohmann::json& j, paper_item const& m);
void from_json(nlohmann::json const& j, paper_item& m);
void to_json(nlohmann::json& j, saved_answer const& m);
void from_json(nlohmann::json const& j, saved_answer& m);
void to_json(nlohmann::json& j, hand_in_rule const& m);
void from_json(nlohmann::json const& j, hand_in_rule& m);
void to_json(nlohmann::json& j, task_sheet const& m);
void from_json(nlohmann::json const& j, task_sheet& m);
void to_json(nlohmann::json& j, paper const& m);
void from_json(nlohmann::json const& j, paper& m);
void to_json(nlohmann::json& j, upload_progress const& m);
void from_json(nlohmann::json const& j, upload_progress& m);
void to_json(nlohmann::json& j, item_mark const& m);
void from_json(nlohmann::json const& j, item_mark& m);
void to_json(nlohmann::json& j, exam_result const& m);
void from_json(nlohmann::json const& j, exam_result& m);
void to_json(nlohmann::json& j, figure_data const& m);
void from_json(nlohmann::json const& j, figure_data& m);
void to_json(nlohmann::json& j, submitted const& m);
void from_json(nlohmann::json const& j, submitted& m);

// Members named as on the wire; a missing one keeps its default.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(pong, server_time)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(candidate_card, ticket, name, seat, accommodations)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    sitting_card, id, title, venue, room, starts_at, duration_ms, occupation, level)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(stem_text, format, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(option_text, id, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(paper_section, id, title, items)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    upload_receipt, task, name, size, sha256, received_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(answer_saved, item_id, seq, saved_at, duplicate)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(upload_received, upload, received)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(upload_kept, receipt)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(section_score, id, title, points, max)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(result_reply, result, closed_at, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(attempt_closed, reason, closed_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(room_text, text, at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(session_ended, reason)

} // namespace craftmark::protocol
