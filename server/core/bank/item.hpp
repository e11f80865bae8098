#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

enum class item_type {
    single_choice,
    multiple_choice,
    true_false,
    short_answer,
    numerical,
    matching,
    essay,
    description
};

std::string_view type_name(item_type t);
std::optional<item_type> parse_type(std::string_view name);

/// How a multiple-choice or matching item turns a partly right answer into points.
enum class credit { all_or_nothing, partial };

struct choice {
    std::string id; // stable: "A", "B", ... (shuffling changes the order shown, not ids)
    std::string text;
    double fraction = 0; // share of the item's points this choice carries (may be negative)
    std::string feedback;
};

struct text_answer {
    std::string text; // may contain * as a wildcard
    double fraction = 1;
    std::string feedback;
};

struct numeric_answer {
    double min = 0; // the accepted closed interval
    double max = 0;
    double fraction = 1;
    std::string feedback;
};

struct match_pair {
    std::string premise;
    std::string response;
};

/// Where an imported item came from, kept so that nothing of the original is lost.
struct item_origin {
    std::string format; // "gift", "native"
    std::string file;
    int line = 0;
    std::string raw;
};

/// One question of a bank, in Craftmark's native model (question-banks/schema/qbank.schema.json).
struct item {
    std::string id;
    item_type type = item_type::single_choice;
    std::string title;
    std::string stem;
    std::string stem_format = "plain"; // plain | markdown | html | moodle
    std::vector<std::string> category;
    std::string knowledge_point;
    std::string difficulty = "medium"; // easy | medium | hard
    double points = 1;
    std::vector<std::string> media;
    std::vector<std::string> tags;
    std::string general_feedback;

    std::vector<choice> choices; // single/multiple choice
    credit scoring = credit::all_or_nothing;
    bool shuffle = true;
    bool correct = true;              // true/false
    std::vector<text_answer> answers; // short answer
    bool case_sensitive = false;
    std::vector<numeric_answer> numeric;  // numerical
    std::vector<match_pair> pairs;        // matching
    std::vector<std::string> distractors; // matching: extra responses
    std::optional<item_origin> origin;
    nlohmann::json rubric; // essay: marking-scheme aspects worth the item's points; null: default
};

/// Problems that make an item unusable, one sentence each; empty when the item is sound.
std::vector<std::string> validate(item const& it);

void to_json(nlohmann::json& j, item const& it);
/// Reads an item from a bank file; throws std::invalid_argument naming the bad field.
void from_json(nlohmann::json const& j, item& it);

/// The distinct responses of a matching item (pairs first, then distractors); the candidate
/// sees them as "r1", "r2", ... in this order's numbering.
std::vector<std::string> matching_responses(item const& it);

} // namespace craftmark::core
