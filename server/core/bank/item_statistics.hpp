#pragma once
// Which items worked: classical test theory over a scored sitting, as Moodle's quiz statistics
// and the item-analysis reports of national examination centres give it.
//
//   facility        mean share of the item's points scored (the "p value" of a right/wrong item)
//   discrimination  corrected point-biserial: the correlation of the item's score with the
//                   score on the rest of the paper (the item itself left out)
//   upper-lower     facility in the top 27 % of candidates by paper score less that in the
//                   bottom 27 % (Kelley)
//   omit rate       share of the candidates given the item who left it unanswered
//   α               Cronbach's alpha over the items every candidate was given (KR-20 when they
//                   are all right/wrong), and the standard error of measurement SD·√(1−α)
//
// Flags, with the thresholds of docs/item-statistics.md: facility ≥ 0.95 (too easy) or ≤ 0.20
// (too hard); discrimination < 0 (check the key) or < 0.15 (weak); a distractor chosen by fewer
// than 5 % (dead) or by more of the top group than of the bottom (draws strong candidates); an
// omit rate above 10 %.
#include "server/core/bank/item.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// One candidate's score on one item, and what they chose.
struct item_outcome {
    double points = 0;
    double max = 0;
    bool answered = false;
    std::vector<std::string> chosen; // the bank's choice ids ("true"/"false" for true/false)
};

/// One candidate's scored paper: the items it held, by id (pending essays left out).
using scored_paper = std::map<std::string, item_outcome>;

struct option_statistics {
    std::string id;
    std::string text;
    bool key = false;
    int chosen = 0;
    double share = 0;       // of the candidates given the item
    double upper_share = 0; // within the top 27 %
    double lower_share = 0; // within the bottom 27 %
};

struct item_statistics {
    std::string id;
    item_type type = item_type::single_choice;
    std::string knowledge_point;
    std::string difficulty; // as the bank says: easy, medium, hard
    int candidates = 0;
    double facility = 0;
    double sd = 0;                        // of the item's share scored
    std::optional<double> discrimination; // none when the item or the rest does not vary
    std::optional<double> upper_lower;    // none below 4 candidates
    double omit_rate = 0;
    std::vector<option_statistics> options; // choice and true/false items
    std::vector<std::string> flags;
};

/// Mean facility and discrimination of a group of items (a knowledge point, a difficulty).
struct group_statistics {
    std::string name;
    int items = 0;
    double facility = 0;
    std::optional<double> discrimination; // mean over the items that have one
};

struct test_statistics {
    int candidates = 0;
    double mean_percent = 0;
    double sd_percent = 0;
    int common_items = 0;        // given to every candidate: what α is computed over
    std::optional<double> alpha; // none with fewer than two common items or no spread
    std::optional<double> sem_percent;
    std::vector<int> distribution; // candidates per 10 % band of the paper score: 0–9 … 90–100
    std::vector<item_statistics> items;
    std::vector<group_statistics> by_knowledge_point;
    std::vector<group_statistics> by_difficulty;
};

/// A sitting's scored papers as analyse() reads them.
struct scored_sitting {
    std::vector<scored_paper> papers;  // one per candidate with a result
    std::map<std::string, item> items; // of the banks the assessment draws from
};

/// The statistics of `papers` for `items` (the bank's, by id). Items no one was given are left
/// out. Throws std::invalid_argument with no paper.
test_statistics analyse(std::vector<scored_paper> const& papers,
                        std::map<std::string, item> const& items);

/// What a stored response chose, in the bank's ids: choices for choice items, "true"/"false"
/// for true/false, nothing for other types.
std::vector<std::string> chosen_options(item const& it, nlohmann::json const& response);

} // namespace craftmark::core
