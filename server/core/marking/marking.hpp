#pragma once
#include "server/core/marking/marking_scheme.hpp"
#include "shared/protocol/marking_replies.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace craftmark::core {

/// What the examiners entered for one candidate's task.
struct task_marks {
    /// Measurement aspect → {"met": bool} | {"faults": {deduction id: count}} | {"value": number}.
    std::map<std::string, nlohmann::json> measured;
    /// Judgement aspect → judge → score 0..3.
    std::map<std::string, std::map<std::string, int>> judged;
    std::set<std::string> vetoes; // veto item ids that happened
    std::int64_t overtime_ms = 0; // time used beyond the task's limit
};

enum class aspect_state { marked, pending, reconcile };

struct aspect_mark {
    std::string code;
    double mark = 0;
    aspect_state state = aspect_state::pending;
};

struct task_score {
    double raw = 0; // sum of the aspects' marks
    double overtime_deduction = 0;
    bool vetoed = false;  // a veto item happened: the task scores zero
    bool stopped = false; // overtime reached the point where work is stopped
    double total = 0;     // what the task scores: raw less overtime, zero when vetoed
    std::vector<aspect_mark> aspects;

    /// Aspects still waiting for a mark or a judge's score.
    std::vector<std::string> pending() const;
    /// Judgement aspects whose scores differ by more than the scheme allows.
    std::vector<std::string> to_reconcile() const;
    bool complete() const { return pending().empty() && to_reconcile().empty(); }
};

/// Why `entry` does not fit measurement aspect `a`, or nullopt when it does.
std::optional<std::string> check_measurement(aspect const& a, nlohmann::json const& entry);

/// The mark a valid measurement entry earns.
double measurement_mark(aspect const& a, nlohmann::json const& entry);

/// The WorldSkills rule: the aspect's mark × mean score / 3; with five judges the highest and the
/// lowest score are dropped first.
double judgement_mark(aspect const& a, std::vector<int> scores);

task_score score_task(marking_scheme const& scheme, task_marks const& marks);

/// The score as examiners see it (and as a locked work keeps it).
protocol::work_score score_view(task_score const& s);

/// Marks to two decimals, as scoring sheets and WorldSkills CIS show them.
double round_mark(double v);

} // namespace craftmark::core
