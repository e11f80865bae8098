#include "server/core/marking/appeals.hpp"

#include "server/core/marking/work_list.hpp"

#include <set>

namespace craftmark::core {

using nlohmann::json;

std::string appeal_refusal(std::string const& ticket,
                           std::string const& sitting_id,
                           std::string const& reason,
                           std::optional<std::int64_t> open_appeal,
                           json const& result) {
    if (reason.empty()) return "give the appeal's reason (--reason)";
    if (open_appeal)
        return ticket + " already has an open appeal (" + std::to_string(*open_appeal) + ")";
    if (result.is_null() || !result.contains("tasks"))
        return ticket + " has no locked practical result in " + sitting_id +
               " to appeal against (an appeal follows the chief examiner's lock)";
    return {};
}

std::vector<work_record> second_marking(std::vector<work_record> const& latest) {
    std::vector<work_record> next;
    for (auto const& w : latest) {
        work_record n;
        n.sitting_id = w.sitting_id;
        n.attempt_id = w.attempt_id;
        n.task = w.task;
        n.code = new_work_code();
        n.round = w.round + 1;
        n.checker = w.checker;
        next.push_back(std::move(n));
    }
    return next;
}

std::optional<std::string> appeal_outcome(json const& before, json const& after) {
    if (after.is_null()) return std::nullopt;
    return after.value("total", json()) == before.value("total", json()) ? "unchanged" : "changed";
}

void work_entries::add(std::string const& aspect, std::string const& judge, json const& entry) {
    effective[aspect] = entry;
    (judge == "checker" ? by_checker : by_examiners)[aspect] = entry;
}

std::pair<json, json> recheck_difference(work_entries const& now,
                                         std::map<std::string, json> const& measured) {
    json before = json::object(), after = json::object();
    std::set<std::string> aspects;
    for (auto const& [aspect, entry] : now.by_checker) aspects.insert(aspect);
    for (auto const& [aspect, entry] : measured) aspects.insert(aspect);
    for (auto const& aspect : aspects) {
        auto current = now.effective.find(aspect);
        before[aspect] = current == now.effective.end() ? json() : current->second;
        if (auto m = measured.find(aspect); m != measured.end())
            after[aspect] = m->second;
        else if (auto e = now.by_examiners.find(aspect); e != now.by_examiners.end())
            after[aspect] = e->second;
        else
            after[aspect] = nullptr;
    }
    return {before, after};
}

} // namespace craftmark::core
