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

} // namespace craftmark::protocol
