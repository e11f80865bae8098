#include "server/core/marking/essay_marking.hpp"

#include "server/core/marking/marking.hpp"

namespace craftmark::core {

using nlohmann::json;

namespace {

constexpr std::string_view prefix = "item:";

json default_rubric(double points) {
    return json::array(
        {{{"code", "E1"},
          {"type", "judgement"},
          {"description", "整体评价 the answer as a whole"},
          {"maxMark", points},
          {"judges", 2},
          {"maxSpread", 1},
          {"scale",
           {"未答或答非所问 no relevant answer", "要点部分正确 some key points right",
            "要点基本正确，略有欠缺 most key points, small gaps",
            "要点完整准确 complete and correct"}}}});
}

} // namespace

std::string essay_task(std::string const& item_id) {
    return std::string(prefix) + item_id;
}

std::string essay_item(std::string const& task) {
    return task.rfind(prefix, 0) == 0 ? task.substr(prefix.size()) : "";
}

marking_scheme rubric_scheme(item const& it) {
    auto aspects = it.rubric.is_null() ? default_rubric(it.points) : it.rubric;
    return marking_scheme_from_json({{"kind", "markingScheme"},
                                     {"id", essay_task(it.id)},
                                     {"title", it.title.empty() ? it.id : it.title},
                                     {"style", "rubric"},
                                     {"totalMarks", it.points},
                                     {"criteria",
                                      {{{"code", "R"},
                                        {"name", "评分要点 rubric"},
                                        {"maxMarks", it.points},
                                        {"aspects", aspects}}}}});
}

std::map<std::string, double> marked_shares(std::vector<work_record> const& works) {
    std::map<std::string, work_record const*> latest;
    for (auto const& w : works)
        if (auto id = essay_item(w.task);
            !id.empty() && (!latest[id] || latest[id]->round < w.round))
            latest[id] = &w;
    std::map<std::string, double> shares;
    for (auto const& [id, w] : latest)
        if (w->state == "locked" && w->score.value("max", 0.0) > 0)
            shares[id] = w->score.value("total", 0.0) / w->score["max"].get<double>();
    return shares;
}

json apply_item_marks(json result,
                      paper const& p,
                      std::map<std::string, double> const& shares,
                      double pass_percent) {
    if (!result.is_object()) return result;
    double total = 0;
    int pending = 0;
    auto& items = result["items"];
    for (std::size_t s = 0; s < p.parts.size(); ++s) {
        double section = 0;
        for (auto const& entry : p.parts[s].entries) {
            if (!items.contains(entry.item_id)) continue;
            auto& scored = items[entry.item_id];
            if (scored.value("pending", false)) {
                auto share = shares.find(entry.item_id);
                if (share == shares.end()) {
                    ++pending;
                    continue;
                }
                scored = {{"points", round_mark(share->second * entry.points)},
                          {"max", entry.points},
                          {"marked", true}};
            }
            section += scored.value("points", 0.0);
        }
        if (s < result["sections"].size()) result["sections"][s]["points"] = round_mark(section);
        total += section;
    }
    double max = result.value("max", 0.0);
    double percent = max > 0 ? round_mark(100 * total / max) : 0;
    result["total"] = round_mark(total);
    result["percent"] = percent;
    result["pendingItems"] = pending;
    result["passed"] = pending == 0 && percent + 1e-9 >= pass_percent;
    return result;
}

} // namespace craftmark::core
