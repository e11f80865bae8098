#include "server/core/exam/result.hpp"

#include "server/core/bank/scoring.hpp"

#include <cmath>

namespace craftmark::core {

using nlohmann::json;

namespace {
double round2(double x) {
    return std::round(x * 100) / 100;
}
} // namespace

json score_paper(assessment const& a,
                 paper const& p,
                 std::map<std::string, item> const& items,
                 std::map<std::string, answer_record> const& answers) {
    json sections = json::array();
    json per_item = json::object();
    double total = 0, max = 0;
    int pending = 0;
    for (auto const& part : p.parts) {
        double section_points = 0, section_max = 0;
        for (auto const& entry : part.entries) {
            auto it = items.find(entry.item_id);
            if (it == items.end()) continue;
            item scored = it->second;
            scored.points = entry.points;
            auto answer = answers.find(entry.item_id);
            auto s = answer == answers.end() ? item_score{0, scored.type == item_type::essay}
                                             : score(scored, answer->second.response);
            section_points += s.points;
            section_max += entry.points;
            pending += s.needs_marking ? 1 : 0;
            per_item[entry.item_id] =
                s.needs_marking ? json{{"pending", true}, {"max", entry.points}}
                                : json{{"points", round2(s.points)}, {"max", entry.points}};
        }
        total += section_points;
        max += section_max;
        sections.push_back({{"id", part.section_id},
                            {"title", part.title},
                            {"points", round2(section_points)},
                            {"max", round2(section_max)}});
    }
    double percent = max > 0 ? round2(100 * total / max) : 0;
    return {{"total", round2(total)},
            {"max", round2(max)},
            {"percent", percent},
            {"passMark", a.pass_percent},
            {"passed", pending == 0 && percent + 1e-9 >= a.pass_percent},
            {"pendingItems", pending},
            {"sections", sections},
            {"items", per_item}};
}

std::optional<protocol::exam_result> result_view(json const& result, review_policy policy) {
    if (policy == review_policy::none || result.is_null()) return std::nullopt;
    auto view = result.get<protocol::exam_result>();
    if (policy == review_policy::score) view.items.reset();
    return view;
}

} // namespace craftmark::core
