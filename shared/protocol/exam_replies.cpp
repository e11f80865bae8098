#include "shared/protocol/exam_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, pong const& m) {
    j = {{"server_time", m.server_time}};
}
void from_json(json const& j, pong& m) {
    read_lenient(j, "server_time", m.server_time);
}

void to_json(json& j, candidate_card const& m) {
    j = {{"ticket", m.ticket}, {"name", m.name}, {"seat", m.seat}};
}
void from_json(json const& j, candidate_card& m) {
    read_lenient(j, "ticket", m.ticket);
    read_lenient(j, "name", m.name);
    read_lenient(j, "seat", m.seat);
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
    read_lenient(j, "id", m.id);
    read_lenient(j, "title", m.title);
    read_lenient(j, "venue", m.venue);
    read_lenient(j, "room", m.room);
    read_lenient(j, "starts_at", m.starts_at);
    read_lenient(j, "duration_ms", m.duration_ms);
    read_lenient(j, "occupation", m.occupation);
    read_lenient(j, "level", m.level);
}

void to_json(json& j, session_view const& m) {
    j = {{"candidate", m.candidate}, {"sitting", m.sitting}, {"time", m.time}};
    if (!m.resume_token.empty()) j["resume_token"] = m.resume_token;
}
void from_json(json const& j, session_view& m) {
    read_lenient(j, "resume_token", m.resume_token);
    read_lenient(j, "candidate", m.candidate);
    read_lenient(j, "sitting", m.sitting);
    read_lenient(j, "time", m.time);
}

void to_json(json& j, stem_text const& m) {
    j = {{"format", m.format}, {"text", m.text}};
}
void from_json(json const& j, stem_text& m) {
    read_lenient(j, "format", m.format);
    read_lenient(j, "text", m.text);
}

void to_json(json& j, option_text const& m) {
    j = {{"id", m.id}, {"text", m.text}};
}
void from_json(json const& j, option_text& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "text", m.text);
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
    read_lenient(j, "id", m.id);
    read_lenient(j, "type", m.type);
    read_lenient(j, "points", m.points);
    read_lenient(j, "stem", m.stem);
    read_lenient(j, "title", m.title);
    read_lenient(j, "media", m.media);
    read_lenient(j, "choices", m.choices);
    read_lenient(j, "premises", m.premises);
    read_lenient(j, "responses", m.responses);
}

void to_json(json& j, paper_section const& m) {
    j = {{"id", m.id}, {"title", m.title}, {"items", m.items}};
}
void from_json(json const& j, paper_section& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "title", m.title);
    read_lenient(j, "items", m.items);
}

void to_json(json& j, saved_answer const& m) {
    j = {{"seq", m.seq}, {"response", m.response}};
}
void from_json(json const& j, saved_answer& m) {
    read_lenient(j, "seq", m.seq);
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
    read_lenient(j, "files", m.files);
    read_lenient(j, "types", m.types);
    read_lenient(j, "maxMegabytes", m.max_megabytes);
    read_lenient(j, "maxFiles", m.max_files);
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
    read_lenient(j, "id", m.id);
    read_lenient(j, "title", m.title);
    read_lenient(j, "sheet", m.sheet);
    read_lenient(j, "attachments", m.attachments);
    read_lenient(j, "durationMinutes", m.duration_minutes);
    read_lenient(j, "handIn", m.hand_in);
}

void to_json(json& j, upload_receipt const& m) {
    j = {{"task", m.task},
         {"name", m.name},
         {"size", m.size},
         {"sha256", m.sha256},
         {"received_at", m.received_at}};
}
void from_json(json const& j, upload_receipt& m) {
    read_lenient(j, "task", m.task);
    read_lenient(j, "name", m.name);
    read_lenient(j, "size", m.size);
    read_lenient(j, "sha256", m.sha256);
    read_lenient(j, "received_at", m.received_at);
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
    read_lenient(j, "sections", m.sections);
    read_lenient(j, "answers", m.answers);
    read_lenient(j, "flags", m.flags);
    read_lenient(j, "last_seq", m.last_seq);
    read_lenient(j, "time", m.time);
    read_lenient(j, "tasks", m.tasks);
    read_lenient(j, "receipts", m.receipts);
}

void to_json(json& j, answer_saved const& m) {
    j = {{"item_id", m.item_id},
         {"seq", m.seq},
         {"saved_at", m.saved_at},
         {"duplicate", m.duplicate}};
}
void from_json(json const& j, answer_saved& m) {
    read_lenient(j, "item_id", m.item_id);
    read_lenient(j, "seq", m.seq);
    read_lenient(j, "saved_at", m.saved_at);
    read_lenient(j, "duplicate", m.duplicate);
}

void to_json(json& j, upload_progress const& m) {
    j = {{"upload", m.upload},
         {"received", m.received},
         {"chunk", m.chunk},
         {"complete", m.complete}};
    if (m.receipt) j["receipt"] = *m.receipt;
}
void from_json(json const& j, upload_progress& m) {
    read_lenient(j, "upload", m.upload);
    read_lenient(j, "received", m.received);
    read_lenient(j, "chunk", m.chunk);
    read_lenient(j, "complete", m.complete);
    read_lenient(j, "receipt", m.receipt);
}

void to_json(json& j, upload_received const& m) {
    j = {{"upload", m.upload}, {"received", m.received}};
}
void from_json(json const& j, upload_received& m) {
    read_lenient(j, "upload", m.upload);
    read_lenient(j, "received", m.received);
}

void to_json(json& j, upload_kept const& m) {
    j = {{"receipt", m.receipt}};
}
void from_json(json const& j, upload_kept& m) {
    read_lenient(j, "receipt", m.receipt);
}

void to_json(json& j, section_score const& m) {
    j = {{"id", m.id}, {"title", m.title}, {"points", m.points}, {"max", m.max}};
}
void from_json(json const& j, section_score& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "title", m.title);
    read_lenient(j, "points", m.points);
    read_lenient(j, "max", m.max);
}

void to_json(json& j, item_mark const& m) {
    j = {{"max", m.max}};
    if (m.points) j["points"] = *m.points;
    if (m.pending) j["pending"] = true;
    if (m.marked) j["marked"] = true;
}
void from_json(json const& j, item_mark& m) {
    read_lenient(j, "points", m.points);
    read_lenient(j, "max", m.max);
    read_lenient(j, "pending", m.pending);
    read_lenient(j, "marked", m.marked);
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
    read_lenient(j, "total", m.total);
    read_lenient(j, "max", m.max);
    read_lenient(j, "percent", m.percent);
    read_lenient(j, "passMark", m.pass_mark);
    read_lenient(j, "passed", m.passed);
    read_lenient(j, "pendingItems", m.pending_items);
    read_lenient(j, "sections", m.sections);
    read_lenient(j, "items", m.items);
    read_lenient(j, "tasks", m.tasks);
}

void to_json(json& j, submitted const& m) {
    j = {{"submitted_at", m.submitted_at},
         {"unanswered", m.unanswered},
         {"result", m.result ? json(*m.result) : json()}};
}
void from_json(json const& j, submitted& m) {
    read_lenient(j, "submitted_at", m.submitted_at);
    read_lenient(j, "unanswered", m.unanswered);
    read_lenient(j, "result", m.result);
}

void to_json(json& j, result_reply const& m) {
    j = {{"result", m.result}, {"closed_at", m.closed_at}, {"reason", m.reason}};
}
void from_json(json const& j, result_reply& m) {
    read_lenient(j, "result", m.result);
    read_lenient(j, "closed_at", m.closed_at);
    read_lenient(j, "reason", m.reason);
}

void to_json(json& j, attempt_closed const& m) {
    j = {{"reason", m.reason}, {"closed_at", m.closed_at}};
}
void from_json(json const& j, attempt_closed& m) {
    read_lenient(j, "reason", m.reason);
    read_lenient(j, "closed_at", m.closed_at);
}

void to_json(json& j, room_text const& m) {
    j = {{"text", m.text}, {"at", m.at}};
}
void from_json(json const& j, room_text& m) {
    read_lenient(j, "text", m.text);
    read_lenient(j, "at", m.at);
}

void to_json(json& j, session_ended const& m) {
    j = {{"reason", m.reason}};
}
void from_json(json const& j, session_ended& m) {
    read_lenient(j, "reason", m.reason);
}

} // namespace craftmark::protocol
