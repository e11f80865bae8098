#include "shared/protocol/marking_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

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

void to_json(json& j, marking_queue const& m) {
    j = {{"sitting_id", m.sitting_id}, {"works", m.works}};
}
void from_json(json const& j, marking_queue& m) {
    read_lenient(j, "sitting_id", m.sitting_id);
    read_lenient(j, "works", m.works);
}

void to_json(json& j, mark_entered const& m) {
    j = {{"aspect", m.aspect},
         {"entry", m.entry},
         {"pending", m.pending},
         {"reconcile", m.reconcile}};
}
void from_json(json const& j, mark_entered& m) {
    read_lenient(j, "aspect", m.aspect);
    m.entry = j.value("entry", json());
    read_lenient(j, "pending", m.pending);
    read_lenient(j, "reconcile", m.reconcile);
}

void to_json(json& j, work_locked const& m) {
    j = {{"code", m.code}, {"state", m.state}, {"score", m.score}};
}
void from_json(json const& j, work_locked& m) {
    read_lenient(j, "code", m.code);
    read_lenient(j, "state", m.state);
    m.score = j.value("score", json());
}

void to_json(json& j, file_piece const& m) {
    j = {{"name", m.name},     {"size", m.size}, {"sha256", m.sha256},
         {"offset", m.offset}, {"data", m.data}, {"last", m.last}};
}
void from_json(json const& j, file_piece& m) {
    read_lenient(j, "name", m.name);
    read_lenient(j, "size", m.size);
    read_lenient(j, "sha256", m.sha256);
    read_lenient(j, "offset", m.offset);
    read_lenient(j, "data", m.data);
    read_lenient(j, "last", m.last);
}

} // namespace craftmark::protocol
