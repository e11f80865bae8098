#pragma once
// A qualification (an occupation at a level) is earned by passing its components: the theory
// examination and the practical assessment, usually sat on different days. Every assessment
// with the same occupation code and level is a component of the same qualification.
#include "server/core/bank/assessment.hpp"
#include "server/core/records.hpp"

#include <functional>
#include <optional>

namespace craftmark::core {

/// "theory" (sections of items) or "practical" (tasks).
std::string component_of(assessment const& a);

/// One candidate of a sitting, with their result in it and in the qualification.
struct result_row {
    std::string ticket, name, national_id, seat, state, close_reason;
    util::millis started_at = 0, closed_at = 0;
    /// This sitting's result: the paper's (theory) or the locked works' (practical); null while
    /// there is none.
    nlohmann::json result;
    /// core::combine over the candidate's components, found by national ID across sittings.
    nlohmann::json qualification;
    std::string romanised_name; // "" when the roster gave none
};

/// How component results combine: each component at its own pass mark (the national rule:
/// theory ≥ 60 and practical ≥ 60 of 100), or a weighted total against one pass mark (as many
/// competitions do).
struct combination_rule {
    bool weighted = false;
    std::map<std::string, double> pass;    // each component's pass mark (both rules)
    std::map<std::string, double> weights; // weighted: each component's weight
    double pass_percent = 60;              // weighted: the pass mark of the total
};

/// The rule of a qualification's assessments (the first listed is the one being looked at):
/// the first "combination" any of them states, else every component present at its own
/// assessment's pass mark. Throws std::invalid_argument for a malformed "combination".
combination_rule combination_of(std::vector<assessment const*> const& assessments);

/// Checks an assessment's "combination" (when it has one); throws std::invalid_argument.
void check_combination(nlohmann::json const& combination);

/// One of a person's results in one component.
struct component_result {
    std::string component;
    std::string sitting_id;
    std::string attempt_state; // the attempt's state ("closed" once it has a result)
    nlohmann::json result;     // percent, passed, …; null while there is none
    bool final = false;        // nothing is waiting for marking
    util::millis closed_at = 0;
};

/// Combines a person's component results (retakes included) by `rule`: per component the latest
/// passing final result, else the latest final one, else the latest. The outcome names the
/// components used, whether it is final and passed, and why not in a sentence.
nlohmann::json combine(combination_rule const& rule, std::vector<component_result> const& results);

/// The criteria a certificate states, from the rule, in Chinese and English.
std::string criteria_text(combination_rule const& rule);

/// The practical result of one attempt from its works (per task the latest round): total, max,
/// percent, pass and per task its score; null while any task's work is open or missing.
nlohmann::json practical_result(assessment const& a,
                                std::vector<work_record> const& works,
                                std::function<double(std::string const& scheme_id)> const& max_of);

} // namespace craftmark::core
