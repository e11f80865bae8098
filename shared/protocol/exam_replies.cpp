#include "shared/protocol/exam_replies.hpp"

namespace craftmark::protocol {

using nlohmann::json;

namespace {

/// Reads `key` into `out` when the object has it and it is not null; keeps the default
/// otherwise. A member of the wrong type is a broken reply and throws.
template <class T> void read(json const& j, char const* key, T& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->template get<T>();
}

template <class T> void read(json const& j, char const* key, std::optional<T>& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->template get<T>();
}

} // namespace

void to_json(json& j, pong const& m) {
    j = {{"server_time", m.server_time}};
}
void from_json(json const& j, pong& m) {
    read(j, "server_time", m.server_time);
}

void to_json(json& j, candidate_card const& m) {
    j = {{"ticket", m.ticket}, {"name", m.name}, {"seat", m.seat}};
}
void from_json(json const& j, candidate_card& m) {
    read(j, "ticket", m.ticket);
    read(j, "name", m.name);
    read(j, "seat", m.seat);
}

void to_json(json& j, sitting_card const& m) {
    j = {{"id", m.id},
         {"title", m.title},
         {"venue", m.venue},
         {"room", m.room},
         {"starts_at", m.starts_at},
         {"duration_ms", m.duration_ms},
         {"occupation", m.occupation},
         {"level", m.level}};
}
void from_json(json const& j, sitting_card& m) {
    read(j, "id", m.id);
    read(j, "title", m.title);
    read(j, "venue", m.venue);
    read(j, "room", m.room);
    read(j, "starts_at", m.starts_at);
    read(j, "duration_ms", m.duration_ms);
    read(j, "occupation", m.occupation);
    read(j, "level", m.level);
}

void to_json(json& j, session_view const& m) {
    j = {{"candidate", m.candidate}, {"sitting", m.sitting}, {"time", m.time}};
    if (!m.resume_token.empty()) j["resume_token"] = m.resume_token;
}
void from_json(json const& j, session_view& m) {
    read(j, "resume_token", m.resume_token);
    read(j, "candidate", m.candidate);
    read(j, "sitting", m.sitting);
    read(j, "time", m.time);
}

void to_json(json& j, stem_text const& m) {
    j = {{"format", m.format}, {"text", m.text}};
}
void from_json(json const& j, stem_text& m) {
    read(j, "format", m.format);
    read(j, "text", m.text);
}

void to_json(json& j, option_text const& m) {
    j = {{"id", m.id}, {"text", m.text}};
}
void from_json(json const& j, option_text& m) {
    read(j, "id", m.id);
    read(j, "text", m.text);
}

void to_json(json& j, paper_item const& m) {
    j = {{"id", m.id}, {"type", m.type}, {"points", m.points}, {"stem", m.stem}};
    if (!m.title.empty()) j["title"] = m.title;
    if (!m.media.empty()) j["media"] = m.media;
    if (!m.choices.empty()) j["choices"] = m.choices;
    if (!m.premises.empty()) j["premises"] = m.premises;
    if (!m.responses.empty()) j["responses"] = m.responses;
}
void from_json(json const& j, paper_item& m) {
    read(j, "id", m.id);
    read(j, "type", m.type);
    read(j, "points", m.points);
    read(j, "stem", m.stem);
    read(j, "title", m.title);
    read(j, "media", m.media);
    read(j, "choices", m.choices);
    read(j, "premises", m.premises);
    read(j, "responses", m.responses);
}

void to_json(json& j, paper_section const& m) {
    j = {{"id", m.id}, {"title", m.title}, {"items", m.items}};
}
void from_json(json const& j, paper_section& m) {
    read(j, "id", m.id);
    read(j, "title", m.title);
    read(j, "items", m.items);
}

void to_json(json& j, saved_answer const& m) {
    j = {{"seq", m.seq}, {"response", m.response}};
}
void from_json(json const& j, saved_answer& m) {
    read(j, "seq", m.seq);
    m.response = j.value("response", json::object());
}

void to_json(json& j, hand_in_rule const& m) {
    j = {{"files", m.files}};
    if (!m.files) return; // observed work: nothing more to say
    j["types"] = m.types;
    j["maxMegabytes"] = m.max_megabytes;
    j["maxFiles"] = m.max_files;
}
void from_json(json const& j, hand_in_rule& m) {
    read(j, "files", m.files);
    read(j, "types", m.types);
    read(j, "maxMegabytes", m.max_megabytes);
    read(j, "maxFiles", m.max_files);
}

void to_json(json& j, task_sheet const& m) {
    j = {{"id", m.id},
         {"title", m.title},
         {"sheet", m.sheet},
         {"attachments", m.attachments},
         {"durationMinutes", m.duration_minutes},
         {"handIn", m.hand_in}};
}
void from_json(json const& j, task_sheet& m) {
    read(j, "id", m.id);
    read(j, "title", m.title);
    read(j, "sheet", m.sheet);
    read(j, "attachments", m.attachments);
    read(j, "durationMinutes", m.duration_minutes);
    read(j, "handIn", m.hand_in);
}

void to_json(json& j, upload_receipt const& m) {
    j = {{"task", m.task},
         {"name", m.name},
         {"size", m.size},
         {"sha256", m.sha256},
         {"received_at", m.received_at}};
}
void from_json(json const& j, upload_receipt& m) {
    read(j, "task", m.task);
    read(j, "name", m.name);
    read(j, "size", m.size);
    read(j, "sha256", m.sha256);
    read(j, "received_at", m.received_at);
}

void to_json(json& j, paper const& m) {
    j = {{"sections", m.sections},
         {"answers", m.answers},
         {"flags", m.flags},
         {"last_seq", m.last_seq},
         {"time", m.time}};
    if (m.tasks) {
        j["tasks"] = *m.tasks;
        j["receipts"] = m.receipts;
    }
}
void from_json(json const& j, paper& m) {
    read(j, "sections", m.sections);
    read(j, "answers", m.answers);
    read(j, "flags", m.flags);
    read(j, "last_seq", m.last_seq);
    read(j, "time", m.time);
    read(j, "tasks", m.tasks);
    read(j, "receipts", m.receipts);
}

void to_json(json& j, answer_saved const& m) {
    j = {{"item_id", m.item_id},
         {"seq", m.seq},
         {"saved_at", m.saved_at},
         {"duplicate", m.duplicate}};
}
void from_json(json const& j, answer_saved& m) {
    read(j, "item_id", m.item_id);
    read(j, "seq", m.seq);
    read(j, "saved_at", m.saved_at);
    read(j, "duplicate", m.duplicate);
}

void to_json(json& j, upload_progress const& m) {
    j = {{"upload", m.upload},
         {"received", m.received},
         {"chunk", m.chunk},
         {"complete", m.complete}};
    if (m.receipt) j["receipt"] = *m.receipt;
}
void from_json(json const& j, upload_progress& m) {
    read(j, "upload", m.upload);
    read(j, "received", m.received);
    read(j, "chunk", m.chunk);
    read(j, "complete", m.complete);
    read(j, "receipt", m.receipt);
}

void to_json(json& j, upload_received const& m) {
    j = {{"upload", m.upload}, {"received", m.received}};
}
void from_json(json const& j, upload_received& m) {
    read(j, "upload", m.upload);
    read(j, "received", m.received);
}

void to_json(json& j, upload_kept const& m) {
    j = {{"receipt", m.receipt}};
}
void from_json(json const& j, upload_kept& m) {
    read(j, "receipt", m.receipt);
}

void to_json(json& j, section_score const& m) {
    j = {{"id", m.id}, {"title", m.title}, {"points", m.points}, {"max", m.max}};
}
void from_json(json const& j, section_score& m) {
    read(j, "id", m.id);
    read(j, "title", m.title);
    read(j, "points", m.points);
    read(j, "max", m.max);
}

void to_json(json& j, item_mark const& m) {
    j = {{"max", m.max}};
    if (m.points) j["points"] = *m.points;
    if (m.pending) j["pending"] = true;
    if (m.marked) j["marked"] = true;
}
void from_json(json const& j, item_mark& m) {
    read(j, "points", m.points);
    read(j, "max", m.max);
    read(j, "pending", m.pending);
    read(j, "marked", m.marked);
}

void to_json(json& j, exam_result const& m) {
    j = {{"total", m.total},
         {"max", m.max},
         {"percent", m.percent},
         {"passMark", m.pass_mark},
         {"passed", m.passed}};
    if (!m.tasks) { // a written paper
        j["pendingItems"] = m.pending_items;
        j["sections"] = m.sections;
    }
    if (m.items) j["items"] = *m.items;
    if (m.tasks) j["tasks"] = *m.tasks;
}
void from_json(json const& j, exam_result& m) {
    read(j, "total", m.total);
    read(j, "max", m.max);
    read(j, "percent", m.percent);
    read(j, "passMark", m.pass_mark);
    read(j, "passed", m.passed);
    read(j, "pendingItems", m.pending_items);
    read(j, "sections", m.sections);
    read(j, "items", m.items);
    read(j, "tasks", m.tasks);
}

void to_json(json& j, submitted const& m) {
    j = {{"submitted_at", m.submitted_at},
         {"unanswered", m.unanswered},
         {"result", m.result ? json(*m.result) : json()}};
}
void from_json(json const& j, submitted& m) {
    read(j, "submitted_at", m.submitted_at);
    read(j, "unanswered", m.unanswered);
    read(j, "result", m.result);
}

void to_json(json& j, result_reply const& m) {
    j = {{"result", m.result}, {"closed_at", m.closed_at}, {"reason", m.reason}};
}
void from_json(json const& j, result_reply& m) {
    read(j, "result", m.result);
    read(j, "closed_at", m.closed_at);
    read(j, "reason", m.reason);
}

void to_json(json& j, attempt_closed const& m) {
    j = {{"reason", m.reason}, {"closed_at", m.closed_at}};
}
void from_json(json const& j, attempt_closed& m) {
    read(j, "reason", m.reason);
    read(j, "closed_at", m.closed_at);
}

void to_json(json& j, room_text const& m) {
    j = {{"text", m.text}, {"at", m.at}};
}
void from_json(json const& j, room_text& m) {
    read(j, "text", m.text);
    read(j, "at", m.at);
}

void to_json(json& j, session_ended const& m) {
    j = {{"reason", m.reason}};
}
void from_json(json const& j, session_ended& m) {
    read(j, "reason", m.reason);
}

} // namespace craftmark::protocol
