#include "shared/protocol/marking_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, work_score const& m) {
    j = {{"raw", m.raw},        {"overtimeDeduction", m.overtime_deduction},
         {"vetoed", m.vetoed},  {"stopped", m.stopped},
         {"total", m.total},    {"complete", m.complete},
         {"aspects", m.aspects}};
    if (m.max) j["max"] = *m.max;
}
void from_json(json const& j, work_score& m) {
    read_lenient(j, "raw", m.raw);
    read_lenient(j, "overtimeDeduction", m.overtime_deduction);
    read_lenient(j, "vetoed", m.vetoed);
    read_lenient(j, "stopped", m.stopped);
    read_lenient(j, "total", m.total);
    read_lenient(j, "complete", m.complete);
    read_lenient(j, "aspects", m.aspects);
    read_lenient(j, "max", m.max);
}

void to_json(json& j, scheme_aspect const& m) {
    j = {{"code", m.code},
         {"description", m.description},
         {"maxMark", m.max_mark},
         {"type", m.type}};
    if (m.type == "judgement") {
        j["scale"] = m.scale;
        if (m.judges) j["judges"] = *m.judges;
        return;
    }
    j["rule"] = m.rule;
    if (!m.deductions.empty()) j["deductions"] = m.deductions;
    if (m.nominal) j["nominal"] = *m.nominal, j["unit"] = m.unit;
}
void from_json(json const& j, scheme_aspect& m) {
    read_lenient(j, "code", m.code);
    read_lenient(j, "description", m.description);
    read_lenient(j, "maxMark", m.max_mark);
    read_lenient(j, "type", m.type);
    read_lenient(j, "scale", m.scale);
    read_lenient(j, "judges", m.judges);
    read_lenient(j, "rule", m.rule);
    read_lenient(j, "deductions", m.deductions);
    read_lenient(j, "nominal", m.nominal);
    read_lenient(j, "unit", m.unit);
}

void to_json(json& j, scheme_criterion const& m) {
    j = {{"code", m.code}, {"name", m.name}, {"maxMarks", m.max_marks}, {"aspects", m.aspects}};
}
void from_json(json const& j, scheme_criterion& m) {
    read_lenient(j, "code", m.code);
    read_lenient(j, "name", m.name);
    read_lenient(j, "maxMarks", m.max_marks);
    read_lenient(j, "aspects", m.aspects);
}

void to_json(json& j, work_task const& m) {
    j = {{"id", m.id}, {"title", m.title}};
    if (m.answer) j["answer"] = *m.answer;
}
void from_json(json const& j, work_task& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "title", m.title);
    read_lenient(j, "answer", m.answer);
}

void to_json(json& j, aspect_entries const& m) {
    j = {{"mine", m.mine}};
    if (m.entry) j["entry"] = *m.entry;
    if (m.by) j["by"] = *m.by;
    if (m.entered) j["entered"] = *m.entered;
    if (m.of) j["of"] = *m.of;
    if (m.scores) j["scores"] = *m.scores;
}
void from_json(json const& j, aspect_entries& m) {
    m.mine = j.value("mine", json());
    read_lenient(j, "entry", m.entry);
    read_lenient(j, "by", m.by);
    read_lenient(j, "entered", m.entered);
    read_lenient(j, "of", m.of);
    read_lenient(j, "scores", m.scores);
}

void to_json(json& j, work_form const& m) {
    j = {{"code", m.code},   {"state", m.state}, {"task", m.task},   {"scheme", m.scheme},
         {"files", m.files}, {"marks", m.marks}, {"score", m.score}, {"checker", nullptr}};
    if (m.checker) j["checker"] = *m.checker;
}
void from_json(json const& j, work_form& m) {
    read_lenient(j, "code", m.code);
    read_lenient(j, "state", m.state);
    read_lenient(j, "task", m.task);
    read_lenient(j, "scheme", m.scheme);
    read_lenient(j, "files", m.files);
    read_lenient(j, "checker", m.checker);
    read_lenient(j, "marks", m.marks);
    read_lenient(j, "score", m.score);
}

void to_json(json& j, work_summary const& m) {
    j = {{"code", m.code},
         {"task", m.task},
         {"state", m.state},
         {"round", m.round},
         {"checker", m.checker}};
    if (m.pending) j["pending"] = *m.pending;
    if (m.reconcile) j["reconcile"] = *m.reconcile;
}
void from_json(json const& j, work_summary& m) {
    read_lenient(j, "code", m.code);
    read_lenient(j, "task", m.task);
    read_lenient(j, "state", m.state);
    read_lenient(j, "round", m.round);
    read_lenient(j, "checker", m.checker);
    read_lenient(j, "pending", m.pending);
    read_lenient(j, "reconcile", m.reconcile);
}

} // namespace craftmark::protocol
