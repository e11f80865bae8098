#include "shared/protocol/exam_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

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

void to_json(json& j, figure_data const& m) {
    j = {{"item_id", m.item_id},
         {"name", m.name},
         {"media_type", m.media_type},
         {"data", m.data},
         {"sha256", m.sha256}};
}
void from_json(json const& j, figure_data& m) {
    read_lenient(j, "item_id", m.item_id);
    read_lenient(j, "name", m.name);
    read_lenient(j, "media_type", m.media_type);
    read_lenient(j, "data", m.data);
    read_lenient(j, "sha256", m.sha256);
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

} // namespace craftmark::protocol
