#include "shared/protocol/statistics_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

namespace {
json or_null(std::optional<double> const& x) {
    return x ? json(*x) : json();
}
} // namespace

void to_json(json& j, option_stats const& m) {
    j = {{"id", m.id},
         {"text", m.text},
         {"key", m.key},
         {"chosen", m.chosen},
         {"share", m.share},
         {"upperShare", m.upper_share},
         {"lowerShare", m.lower_share}};
}
void from_json(json const& j, option_stats& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "text", m.text);
    read_lenient(j, "key", m.key);
    read_lenient(j, "chosen", m.chosen);
    read_lenient(j, "share", m.share);
    read_lenient(j, "upperShare", m.upper_share);
    read_lenient(j, "lowerShare", m.lower_share);
}

void to_json(json& j, item_stats const& m) {
    j = {{"id", m.id},
         {"type", m.type},
         {"knowledgePoint", m.knowledge_point},
         {"difficulty", m.difficulty},
         {"candidates", m.candidates},
         {"facility", m.facility},
         {"sd", m.sd},
         {"discrimination", or_null(m.discrimination)},
         {"upperLower", or_null(m.upper_lower)},
         {"omitRate", m.omit_rate},
         {"options", m.options},
         {"flags", m.flags}};
}
void from_json(json const& j, item_stats& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "type", m.type);
    read_lenient(j, "knowledgePoint", m.knowledge_point);
    read_lenient(j, "difficulty", m.difficulty);
    read_lenient(j, "candidates", m.candidates);
    read_lenient(j, "facility", m.facility);
    read_lenient(j, "sd", m.sd);
    read_lenient(j, "discrimination", m.discrimination);
    read_lenient(j, "upperLower", m.upper_lower);
    read_lenient(j, "omitRate", m.omit_rate);
    read_lenient(j, "options", m.options);
    read_lenient(j, "flags", m.flags);
}

void to_json(json& j, group_stats const& m) {
    j = {{"name", m.name},
         {"items", m.items},
         {"facility", m.facility},
         {"discrimination", or_null(m.discrimination)}};
}
void from_json(json const& j, group_stats& m) {
    read_lenient(j, "name", m.name);
    read_lenient(j, "items", m.items);
    read_lenient(j, "facility", m.facility);
    read_lenient(j, "discrimination", m.discrimination);
}

void to_json(json& j, sitting_statistics const& m) {
    j = {{"sitting", m.sitting},
         {"candidates", m.candidates},
         {"meanPercent", m.mean_percent},
         {"sdPercent", m.sd_percent},
         {"commonItems", m.common_items},
         {"alpha", or_null(m.alpha)},
         {"semPercent", or_null(m.sem_percent)},
         {"distribution", m.distribution},
         {"items", m.items},
         {"byKnowledgePoint", m.by_knowledge_point},
         {"byDifficulty", m.by_difficulty}};
}
void from_json(json const& j, sitting_statistics& m) {
    read_lenient(j, "sitting", m.sitting);
    read_lenient(j, "candidates", m.candidates);
    read_lenient(j, "meanPercent", m.mean_percent);
    read_lenient(j, "sdPercent", m.sd_percent);
    read_lenient(j, "commonItems", m.common_items);
    read_lenient(j, "alpha", m.alpha);
    read_lenient(j, "semPercent", m.sem_percent);
    read_lenient(j, "distribution", m.distribution);
    read_lenient(j, "items", m.items);
    read_lenient(j, "byKnowledgePoint", m.by_knowledge_point);
    read_lenient(j, "byDifficulty", m.by_difficulty);
}

} // namespace craftmark::protocol
