#include "server/core/qualification/results_sheet.hpp"

#include "shared/util/time_text.hpp"

#include <algorithm>
#include <sstream>

namespace craftmark::core {

using nlohmann::json;

namespace {

// A mark as people write it: 70, 39.5 (JSON would print 70.0).
std::string number(json const& v) {
    if (!v.is_number()) return "";
    std::ostringstream out;
    out << v.get<double>();
    return out.str();
}

// Column names in first-seen order.
struct columns {
    std::vector<std::string> names;
    void add(std::string const& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
};

} // namespace

sheet::table results_table(std::vector<result_row> const& rows) {
    columns sections, tasks, aspects;
    for (auto const& r : rows) {
        if (!r.result.is_object()) continue;
        auto const listed = r.result.value("sections", json::array());
        for (auto const& s : listed) sections.add(s["id"].get<std::string>());
        auto const scores = r.result.value("tasks", json::object());
        for (auto const& [task, score] : scores.items()) {
            tasks.add(task);
            for (auto const& [aspect, mark] : score["aspects"].items())
                aspects.add(task + ":" + aspect);
        }
    }
    sheet::table t{"results", {}, {}};
    std::vector<std::string> head = {"ticket",       "name",       "seat",      "state",
                                     "close_reason", "started_at", "closed_at", "total",
                                     "max",          "percent",    "passed",    "pending_items"};
    for (auto const& s : sections.names) head.push_back("section_" + s);
    for (auto const& task : tasks.names) head.push_back("task_" + task);
    for (auto const& a : aspects.names) head.push_back(a);
    head.insert(head.end(), {"qualification", "qualification_reason"});
    for (std::size_t c = 7; c + 2 < head.size(); ++c)
        if (c != 10) t.number_columns.push_back(c); // "passed" is yes/no
    t.rows.push_back({1, std::move(head)});
    for (auto const& r : rows) {
        std::vector<std::string> cells = {r.ticket,
                                          r.name,
                                          r.seat,
                                          r.state,
                                          r.close_reason,
                                          util::local_time(r.started_at),
                                          util::local_time(r.closed_at)};
        auto const& res = r.result;
        if (res.is_object())
            cells.insert(cells.end(),
                         {number(res["total"]), number(res["max"]), number(res["percent"]),
                          res["passed"].get<bool>() ? "yes" : "no",
                          res.contains("pendingItems") ? res["pendingItems"].dump() : ""});
        else
            cells.resize(cells.size() + 5);
        for (auto const& id : sections.names) {
            std::string points;
            if (res.is_object() && res.contains("sections"))
                for (auto const& s : res["sections"])
                    if (s["id"] == id) points = number(s["points"]);
            cells.push_back(points);
        }
        auto task_scores = res.is_object() ? res.value("tasks", json::object()) : json::object();
        for (auto const& task : tasks.names)
            cells.push_back(task_scores.contains(task) ? number(task_scores[task]["total"]) : "");
        for (auto const& column : aspects.names) {
            auto task = column.substr(0, column.find(':'));
            auto aspect = column.substr(column.find(':') + 1);
            bool marked =
                task_scores.contains(task) && task_scores[task]["aspects"].contains(aspect);
            cells.push_back(marked ? number(task_scores[task]["aspects"][aspect]["mark"]) : "");
        }
        auto const& q = r.qualification;
        cells.push_back(q.value("passed", false)  ? "passed"
                        : q.value("final", false) ? "failed"
                                                  : "pending");
        cells.push_back(q.value("why", ""));
        t.rows.push_back({static_cast<int>(t.rows.size()) + 1, std::move(cells)});
    }
    return t;
}

json results_json(std::string const& sitting, std::vector<result_row> const& rows) {
    json list = json::array();
    for (auto const& r : rows)
        list.push_back({{"ticket", r.ticket},
                        {"name", r.name},
                        {"seat", r.seat},
                        {"state", r.state},
                        {"closeReason", r.close_reason},
                        {"startedAt", r.started_at},
                        {"closedAt", r.closed_at},
                        {"result", r.result},
                        {"qualification", r.qualification}});
    return {{"sitting", sitting}, {"candidates", list}};
}

} // namespace craftmark::core
