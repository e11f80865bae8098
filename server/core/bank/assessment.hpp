#pragma once
#include "server/core/bank/item.hpp"
#include "server/core/bank/practical_task.hpp"
#include "server/core/records.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// Draws `count` items from a bank that match every filter that is set.
struct draw_rule {
    std::string bank;
    std::optional<item_type> type;
    std::string category;        // first category element, or empty for any
    std::string knowledge_point; // prefix match, or empty for any
    std::string difficulty;      // easy | medium | hard, or empty for any
    int count = 0;
};

struct section {
    std::string id;
    std::string title;
    std::vector<draw_rule> draws;
    std::optional<double> points_per_item; // overrides the items' own points
};

/// A fixed form (paper A, paper B): the same items for everybody who gets it.
struct fixed_form {
    std::string id;
    std::vector<std::pair<std::string, std::vector<std::string>>>
        sections; // section id -> item ids
};

enum class review_policy { none, score, items };

/// A component as defined in JSON (question-banks/schema/assessment.schema.json): theory
/// (sections of drawn items) or practical (tasks, marked against marking schemes).
struct assessment {
    std::string id;
    std::string title;
    std::string occupation_code;
    std::string occupation_name;
    std::string level;
    std::int64_t duration_ms = 0;
    double pass_percent = 60;
    review_policy review = review_policy::score;
    std::vector<section> sections;
    std::vector<fixed_form> forms;
    std::vector<practical_task> tasks;
    nlohmann::json combination; // how this and its sister components combine; null: default

    bool practical() const { return !tasks.empty(); }
    practical_task const* find_task(std::string const& task_id) const;
};

assessment assessment_from_json(nlohmann::json const& j);
nlohmann::json assessment_to_json(assessment const& a);
std::string_view review_name(review_policy r);
/// "none", "score" or "items"; throws std::invalid_argument otherwise.
review_policy parse_review(std::string const& name);

nlohmann::json paper_to_json(paper const& p);
paper paper_from_json(nlohmann::json const& j);

/// The items a draw can use, keyed by bank id.
using item_pool = std::map<std::string, std::vector<item>>;

/// Draws a paper; the same assessment, pool and seed always give the same paper. Throws
/// std::invalid_argument when the pool cannot satisfy a rule (named in the message).
paper draw_paper(assessment const& a, item_pool const& pool, std::uint64_t seed);

} // namespace craftmark::core
