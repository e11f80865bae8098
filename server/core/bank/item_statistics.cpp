#include "server/core/bank/item_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <stdexcept>

namespace craftmark::core {
namespace {

// Thresholds of the flags (docs/item-statistics.md).
constexpr double too_easy = 0.95, too_hard = 0.20, weak_discrimination = 0.15, dead_share = 0.05,
                 omit_limit = 0.10, group_share = 0.27;

double mean(std::vector<double> const& x) {
    return x.empty() ? 0 : std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

/// The population standard deviation (divided by n), as α and the facility's spread use it.
double sd(std::vector<double> const& x) {
    auto m = mean(x);
    double sum = 0;
    for (double v : x) sum += (v - m) * (v - m);
    return x.empty() ? 0 : std::sqrt(sum / static_cast<double>(x.size()));
}

std::optional<double> correlation(std::vector<double> const& x, std::vector<double> const& y) {
    auto sx = sd(x), sy = sd(y);
    if (x.size() < 2 || sx < 1e-12 || sy < 1e-12) return std::nullopt;
    auto mx = mean(x), my = mean(y);
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += (x[i] - mx) * (y[i] - my);
    return sum / static_cast<double>(x.size()) / (sx * sy);
}

double share(item_outcome const& o) {
    return o.max > 0 ? o.points / o.max : 0;
}

struct paper_score {
    double points = 0, max = 0;
    double percent() const { return max > 0 ? 100 * points / max : 0; }
};

std::vector<option_statistics> option_rows(item const& it) {
    std::vector<option_statistics> rows;
    if (it.type == item_type::true_false) {
        rows.push_back({"true", "对 true", it.correct});
        rows.push_back({"false", "错 false", !it.correct});
    } else if (it.type == item_type::single_choice || it.type == item_type::multiple_choice) {
        for (auto const& c : it.choices) rows.push_back({c.id, c.text, c.fraction > 0});
    }
    return rows;
}

std::string percent_text(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + " %";
}

} // namespace

std::vector<std::string> chosen_options(item const& it, nlohmann::json const& r) {
    if (!r.is_object()) return {};
    if (it.type == item_type::single_choice && r.contains("choice") && r["choice"].is_string())
        return {r["choice"].get<std::string>()};
    if (it.type == item_type::multiple_choice && r.contains("choices") && r["choices"].is_array()) {
        std::vector<std::string> out;
        for (auto const& c : r["choices"])
            if (c.is_string()) out.push_back(c.get<std::string>());
        return out;
    }
    if (it.type == item_type::true_false && r.contains("value") && r["value"].is_boolean())
        return {r["value"].get<bool>() ? "true" : "false"};
    return {};
}

test_statistics analyse(std::vector<scored_paper> const& papers,
                        std::map<std::string, item> const& items) {
    if (papers.empty()) throw std::invalid_argument("no scored paper to analyse");
    test_statistics out;
    out.candidates = static_cast<int>(papers.size());

    std::vector<paper_score> scores(papers.size());
    std::vector<double> percents;
    for (std::size_t p = 0; p < papers.size(); ++p) {
        for (auto const& [id, o] : papers[p]) {
            scores[p].points += o.points;
            scores[p].max += o.max;
        }
        percents.push_back(scores[p].percent());
    }
    out.mean_percent = mean(percents);
    out.sd_percent = sd(percents);
    out.distribution.assign(10, 0);
    for (double p : percents) ++out.distribution[std::min(9, static_cast<int>(p / 10))];

    // The top and bottom 27 % by paper score, over all candidates; each item's groups are the
    // candidates of these two given the item.
    std::vector<std::size_t> order(papers.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return percents[a] > percents[b]; });
    auto group =
        static_cast<std::size_t>(std::ceil(group_share * static_cast<double>(papers.size())));
    std::vector<int> rank_group(papers.size(), 0); // +1 top, -1 bottom
    if (papers.size() >= 4)
        for (std::size_t i = 0; i < group; ++i) {
            rank_group[order[i]] = 1;
            rank_group[order[order.size() - 1 - i]] = -1;
        }

    std::set<std::string> given;
    for (auto const& p : papers)
        for (auto const& [id, o] : p) given.insert(id);
    for (auto const& id : given) {
        auto found = items.find(id);
        if (found == items.end()) continue;
        auto const& it = found->second;
        item_statistics s{id, it.type, it.knowledge_point, it.difficulty};
        s.options = option_rows(it);
        std::vector<double> item_share, rest;
        double upper = 0, lower = 0;
        int upper_n = 0, lower_n = 0, omitted = 0;
        for (std::size_t p = 0; p < papers.size(); ++p) {
            auto o = papers[p].find(id);
            if (o == papers[p].end()) continue;
            item_share.push_back(share(o->second));
            double rest_max = scores[p].max - o->second.max;
            rest.push_back(rest_max > 0 ? (scores[p].points - o->second.points) / rest_max : 0);
            omitted += o->second.answered ? 0 : 1;
            if (rank_group[p] == 1) upper += share(o->second), ++upper_n;
            if (rank_group[p] == -1) lower += share(o->second), ++lower_n;
            for (auto& option : s.options) {
                bool picked = std::find(o->second.chosen.begin(), o->second.chosen.end(),
                                        option.id) != o->second.chosen.end();
                if (!picked) continue;
                ++option.chosen;
                if (rank_group[p] == 1) option.upper_share += 1;
                if (rank_group[p] == -1) option.lower_share += 1;
            }
        }
        s.candidates = static_cast<int>(item_share.size());
        s.facility = mean(item_share);
        s.sd = sd(item_share);
        s.discrimination = correlation(item_share, rest);
        if (upper_n > 0 && lower_n > 0) s.upper_lower = upper / upper_n - lower / lower_n;
        s.omit_rate = static_cast<double>(omitted) / s.candidates;
        for (auto& option : s.options) {
            option.share = static_cast<double>(option.chosen) / s.candidates;
            option.upper_share = upper_n ? option.upper_share / upper_n : 0;
            option.lower_share = lower_n ? option.lower_share / lower_n : 0;
        }

        if (s.facility >= too_easy)
            s.flags.push_back("too easy: facility " + percent_text(s.facility));
        if (s.facility <= too_hard)
            s.flags.push_back("too hard: facility " + percent_text(s.facility));
        if (s.discrimination && *s.discrimination < 0)
            s.flags.push_back("negative discrimination: strong candidates do worse; check the key");
        else if (s.discrimination && *s.discrimination < weak_discrimination)
            s.flags.push_back("weak discrimination");
        for (auto const& option : s.options) {
            if (option.key) continue;
            if (option.share < dead_share)
                s.flags.push_back("option " + option.id + " is a dead distractor (chosen by " +
                                  percent_text(option.share) + ")");
            else if (upper_n && option.upper_share > option.lower_share)
                s.flags.push_back("option " + option.id + " draws strong candidates (top " +
                                  percent_text(option.upper_share) + ", bottom " +
                                  percent_text(option.lower_share) + ")");
        }
        if (s.omit_rate > omit_limit)
            s.flags.push_back("left unanswered by " + percent_text(s.omit_rate));
        out.items.push_back(std::move(s));
    }

    // α over the items every candidate was given: the only complete candidate × item matrix
    // when papers are drawn from a pool.
    std::vector<std::string> common;
    for (auto const& s : out.items)
        if (s.candidates == out.candidates) common.push_back(s.id);
    out.common_items = static_cast<int>(common.size());
    if (common.size() >= 2) {
        std::vector<double> totals(papers.size(), 0);
        double item_variances = 0, common_max = 0;
        for (auto const& id : common) {
            std::vector<double> points;
            for (std::size_t p = 0; p < papers.size(); ++p) {
                auto const& o = papers[p].at(id);
                points.push_back(o.points);
                totals[p] += o.points;
            }
            common_max += papers.front().at(id).max;
            item_variances += sd(points) * sd(points);
        }
        auto total_sd = sd(totals);
        auto k = static_cast<double>(common.size());
        if (total_sd > 1e-12) {
            out.alpha = k / (k - 1) * (1 - item_variances / (total_sd * total_sd));
            if (common_max > 0)
                out.sem_percent =
                    100 * total_sd * std::sqrt(std::max(0.0, 1 - *out.alpha)) / common_max;
        }
    }

    auto summarise = [&](auto key) {
        std::map<std::string, std::vector<item_statistics const*>> groups;
        for (auto const& s : out.items) groups[key(s)].push_back(&s);
        std::vector<group_statistics> rows;
        for (auto const& [name, members] : groups) {
            group_statistics g{name, static_cast<int>(members.size())};
            std::vector<double> facility, discrimination;
            for (auto const* s : members) {
                facility.push_back(s->facility);
                if (s->discrimination) discrimination.push_back(*s->discrimination);
            }
            g.facility = mean(facility);
            if (!discrimination.empty()) g.discrimination = mean(discrimination);
            rows.push_back(std::move(g));
        }
        return rows;
    };
    out.by_knowledge_point = summarise([](auto const& s) {
        return s.knowledge_point.empty() ? std::string("(none)") : s.knowledge_point;
    });
    out.by_difficulty = summarise([](auto const& s) { return s.difficulty; });
    return out;
}

} // namespace craftmark::core
