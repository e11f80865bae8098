#pragma once
// stats.sitting's reply (and `craftmark stats --format json`): which items of a scored sitting
// worked, as core::analyse computes them (docs/item-statistics.md). Read leniently (lenient.hpp).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::protocol {

/// How the candidates given a choice or true/false item chose one option.
struct option_stats {
    std::string id;
    std::string text;
    bool key = false;
    std::int64_t chosen = 0;
    double share = 0;       // of the candidates given the item
    double upper_share = 0; // within the top 27 %
    double lower_share = 0; // within the bottom 27 %
    friend bool operator==(option_stats const&, option_stats const&) = default;
};

struct item_stats {
    std::string id;
    std::string type;
    std::string knowledge_point;
    std::string difficulty;
    std::int64_t candidates = 0;
    double facility = 0;
    double sd = 0;
    std::optional<double> discrimination; // none when the item or the rest does not vary
    std::optional<double> upper_lower;    // none below 4 candidates
    double omit_rate = 0;
    std::vector<option_stats> options;
    std::vector<std::string> flags; // too_easy, too_hard, negative_discrimination, …
    friend bool operator==(item_stats const&, item_stats const&) = default;
};

/// A knowledge point's or a difficulty's items, on average.
struct group_stats {
    std::string name;
    std::int64_t items = 0;
    double facility = 0;
    std::optional<double> discrimination;
    friend bool operator==(group_stats const&, group_stats const&) = default;
};

struct sitting_statistics {
    std::string sitting;
    std::int64_t candidates = 0;
    double mean_percent = 0;
    double sd_percent = 0;
    std::int64_t common_items = 0;
    std::optional<double> alpha;
    std::optional<double> sem_percent;
    std::vector<std::int64_t> distribution; // candidates per 10 % band: 0–9 … 90–100
    std::vector<item_stats> items;
    std::vector<group_stats> by_knowledge_point;
    std::vector<group_stats> by_difficulty;
    friend bool operator==(sitting_statistics const&, sitting_statistics const&) = default;
};

void to_json(nlohmann::json& j, option_stats const& m);
void from_json(nlohmann::json const& j, option_stats& m);
void to_json(nlohmann::json& j, item_stats const& m);
void from_json(nlohmann::json const& j, item_stats& m);
void to_json(nlohmann::json& j, group_stats const& m);
void from_json(nlohmann::json const& j, group_stats& m);
void to_json(nlohmann::json& j, sitting_statistics const& m);
void from_json(nlohmann::json const& j, sitting_statistics& m);

} // namespace craftmark::protocol
