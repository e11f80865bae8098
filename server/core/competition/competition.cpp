#include "server/core/competition/competition.hpp"

#include "server/core/marking/marking.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace craftmark::core {

using nlohmann::json;

namespace {

[[noreturn]] void fail(std::string const& where, std::string const& why) {
    throw std::invalid_argument(where + ": " + why);
}

std::string text_of(json const& j, char const* key, std::string const& where) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
        fail(where, std::string("\"") + key + "\" must be a non-empty string");
    return j[key].get<std::string>();
}

/// An optional string; `fallback` when absent.
std::string
optional_text(json const& j, char const* key, std::string fallback, std::string const& where) {
    if (!j.contains(key)) return fallback;
    if (!j[key].is_string()) fail(where, std::string("\"") + key + "\" must be a string");
    return j[key].get<std::string>();
}

double number_of(json const& j, char const* key, double fallback, std::string const& where) {
    if (!j.contains(key)) return fallback;
    if (!j[key].is_number()) fail(where, std::string("\"") + key + "\" must be a number");
    return j[key].get<double>();
}

std::vector<std::string> names_of(json const& j, char const* key, std::string const& where) {
    std::vector<std::string> out;
    if (!j.contains(key)) return out;
    if (!j[key].is_array()) fail(where, std::string("\"") + key + "\" must be a list");
    for (auto const& v : j[key]) {
        if (!v.is_string() || v.get<std::string>().empty())
            fail(where, std::string("\"") + key + "\" holds non-empty strings");
        out.push_back(v.get<std::string>());
    }
    if (std::set<std::string>(out.begin(), out.end()).size() != out.size())
        fail(where, std::string("\"") + key + "\" lists a name twice");
    return out;
}

std::vector<competition_module> modules_of(json const& j, std::string const& where) {
    if (!j.contains("modules") || !j["modules"].is_array() || j["modules"].empty())
        fail(where, "\"modules\" must list at least one module");
    std::vector<competition_module> modules;
    std::set<std::string> ids, sittings;
    double weights = 0;
    for (auto const& m : j["modules"]) {
        if (!m.is_object()) fail(where, "each module is an object");
        competition_module module{text_of(m, "id", where + ", a module"), "", "", 0};
        auto at = where + ", module " + module.id;
        module.name = optional_text(m, "name", module.id, at);
        module.sitting = text_of(m, "sitting", at);
        module.weight = number_of(m, "weight", 0, at);
        if (module.weight <= 0) fail(at, "\"weight\" must be above 0");
        if (!ids.insert(module.id).second) fail(at, "module ids must be unique");
        if (!sittings.insert(module.sitting).second) fail(at, "each module has its own sitting");
        weights += module.weight;
        modules.push_back(std::move(module));
    }
    if (std::abs(weights - 100) > 1e-6)
        fail(where, "module weights add up to " + std::to_string(weights) + ", not 100");
    return modules;
}

std::vector<competition_team> teams_of(json const& j, std::string const& where) {
    std::vector<competition_team> teams;
    if (!j.contains("teams")) return teams;
    if (!j["teams"].is_array()) fail(where, "\"teams\" must be a list");
    std::set<std::string> ids, members;
    for (auto const& t : j["teams"]) {
        if (!t.is_object()) fail(where, "each team is an object");
        competition_team team{text_of(t, "id", where + ", a team"), "", {}};
        auto at = where + ", team " + team.id;
        team.name = optional_text(t, "name", team.id, at);
        team.members = names_of(t, "members", at);
        if (team.members.empty()) fail(at, "\"members\" lists the members' national IDs");
        if (!ids.insert(team.id).second) fail(at, "team ids must be unique");
        for (auto const& m : team.members)
            if (!members.insert(m).second) fail(at, "member " + m + " is in two teams");
        teams.push_back(std::move(team));
    }
    return teams;
}

medal_rule medals_of(json const& j, std::string const& where) {
    medal_rule rule;
    if (!j.contains("medals")) return rule;
    auto const& m = j["medals"];
    auto at = where + ", \"medals\"";
    if (!m.is_object()) fail(at, "must be an object");
    auto by = optional_text(m, "by", "rank", at);
    if (by != "rank" && by != "score") fail(at, "\"by\" is \"rank\" or \"score\"");
    rule.by_score = by == "score";
    if (rule.by_score) {
        rule.gold_min = number_of(m, "gold", 0, at);
        rule.silver_min = number_of(m, "silver", 0, at);
        rule.bronze_min = number_of(m, "bronze", 0, at);
        if (!(rule.gold_min > rule.silver_min && rule.silver_min > rule.bronze_min))
            fail(at, "score thresholds must fall from gold to silver to bronze");
    } else {
        for (auto [key, count] : {std::pair{"gold", &rule.gold}, std::pair{"silver", &rule.silver},
                                  std::pair{"bronze", &rule.bronze}}) {
            double n = number_of(m, key, *count, at);
            if (n < 0 || n > 100000 || n != std::floor(n))
                fail(at, std::string("\"") + key + "\" is a count");
            *count = static_cast<int>(n);
        }
    }
    if (m.contains("medallion")) rule.medallion = number_of(m, "medallion", 0, at);
    return rule;
}

competition_skill skill_of(json const& j) {
    if (!j.is_object()) throw std::invalid_argument("each skill is an object");
    competition_skill s;
    s.id = text_of(j, "id", "a skill");
    auto where = "skill " + s.id;
    s.name = optional_text(j, "name", s.id, where);
    s.chief_judge = text_of(j, "chiefJudge", where);
    s.judges = names_of(j, "judges", where);
    if (std::find(s.judges.begin(), s.judges.end(), s.chief_judge) == s.judges.end())
        s.judges.insert(s.judges.begin(), s.chief_judge);
    s.modules = modules_of(j, where);
    s.workstations = names_of(j, "workstations", where);
    s.teams = teams_of(j, where);
    if (j.contains("scale")) {
        auto const& scale = j["scale"];
        if (!scale.is_object()) fail(where, "\"scale\" must be an object");
        if (scale.contains("standardised") && !scale["standardised"].is_boolean())
            fail(where, "the scale's \"standardised\" is true or false");
        s.scale.standardised = scale.contains("standardised") && scale["standardised"].get<bool>();
        s.scale.center = number_of(scale, "center", 700, where + ", \"scale\"");
        s.scale.spread = number_of(scale, "spread", 100, where + ", \"scale\"");
        if (s.scale.spread <= 0) fail(where, "the scale's \"spread\" must be above 0");
    }
    if (j.contains("tieBreaks")) {
        if (!j["tieBreaks"].is_array()) fail(where, "\"tieBreaks\" must be a list");
        for (auto const& t : j["tieBreaks"]) {
            if (!t.is_object()) fail(where, "each tie-break is an object");
            tie_break tb{text_of(t, "module", where + ", a tie-break"),
                         optional_text(t, "criterion", "", where)};
            if (!s.find_module(tb.module))
                fail(where, "a tie-break names module \"" + tb.module + "\", which it lacks");
            s.tie_breaks.push_back(std::move(tb));
        }
    }
    s.medals = medals_of(j, where);
    s.level_for = names_of(j, "levelCertificateFor", where);
    for (auto const& medal : s.level_for)
        if (medal != "gold" && medal != "silver" && medal != "bronze" && medal != "medallion")
            fail(where, "\"levelCertificateFor\" names medals: gold, silver, bronze, medallion");
    return s;
}

/// The value a tie-break compares (higher is better).
double tie_value(tie_break const& tb, competitor_result const& r) {
    if (tb.criterion.empty()) {
        auto it = r.modules.find(tb.module);
        return it == r.modules.end() ? -1 : it->second;
    }
    auto module = r.criteria.find(tb.module);
    if (module == r.criteria.end()) return -1;
    auto it = module->second.find(tb.criterion);
    return it == module->second.end() ? -1 : it->second;
}

std::string medal_by_rank(medal_rule const& m, int rank) {
    if (rank <= m.gold) return "gold";
    if (rank <= m.gold + m.silver) return "silver";
    if (rank <= m.gold + m.silver + m.bronze) return "bronze";
    return "";
}

std::string medal_by_score(medal_rule const& m, double score) {
    if (score >= m.gold_min) return "gold";
    if (score >= m.silver_min) return "silver";
    if (score >= m.bronze_min) return "bronze";
    return "";
}

} // namespace

std::string tie_break::text() const {
    return criterion.empty() ? "module " + module
                             : "criterion " + criterion + " of module " + module;
}

competition_module const* competition_skill::find_module(std::string const& module_id) const {
    for (auto const& m : modules)
        if (m.id == module_id) return &m;
    return nullptr;
}

competition_skill const* competition_event::find_skill(std::string const& skill_id) const {
    for (auto const& s : skills)
        if (s.id == skill_id) return &s;
    return nullptr;
}

competition_event competition_event_from_json(json const& j) {
    if (!j.is_object()) throw std::invalid_argument("an event file is a JSON object");
    if (j.contains("kind") && j["kind"] != "competitionEvent")
        throw std::invalid_argument("not an event file (\"kind\" is not \"competitionEvent\")");
    competition_event e;
    e.id = text_of(j, "id", "the event");
    e.name = optional_text(j, "name", e.id, "the event");
    if (!j.contains("skills") || !j["skills"].is_array() || j["skills"].empty())
        fail("event " + e.id, "\"skills\" must list at least one skill");
    std::set<std::string> ids, sittings;
    for (auto const& s : j["skills"]) {
        auto skill = skill_of(s);
        if (!ids.insert(skill.id).second) fail("skill " + skill.id, "skill ids must be unique");
        for (auto const& m : skill.modules)
            if (!sittings.insert(m.sitting).second)
                fail("skill " + skill.id, "sitting \"" + m.sitting + "\" is used twice");
        e.skills.push_back(std::move(skill));
    }
    return e;
}

std::vector<std::size_t> draw_lots(std::size_t n, std::function<std::uint64_t()> const& random) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    for (std::size_t i = n; i > 1; --i) {
        // Rejection sampling keeps every order equally likely (no modulo bias).
        std::uint64_t limit = UINT64_MAX - UINT64_MAX % i, r = 0;
        do r = random();
        while (r >= limit);
        std::swap(order[i - 1], order[r % i]);
    }
    return order;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::vector<ranked_competitor> rank_skill(competition_skill const& skill,
                                          std::vector<competitor_result> const& results,
                                          bool award_medals) {
    std::vector<ranked_competitor> out;
    std::vector<double> totals;
    for (auto const& r : results) {
        double total = 0;
        for (auto const& m : skill.modules)
            if (auto it = r.modules.find(m.id); it != r.modules.end())
                total += it->second * m.weight / 100;
        out.push_back({r.key, round_mark(total), round_mark(total), 0, "", ""});
        totals.push_back(total);
    }
    if (skill.scale.standardised && !totals.empty()) {
        double mid = median(totals), mean = 0, variance = 0;
        for (double t : totals) mean += t / static_cast<double>(totals.size());
        for (double t : totals)
            variance += (t - mean) * (t - mean) / static_cast<double>(totals.size());
        double sd = std::sqrt(variance);
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i].score =
                round_mark(sd > 0 ? skill.scale.center + skill.scale.spread * (totals[i] - mid) / sd
                                  : skill.scale.center);
    }
    std::map<std::string, competitor_result const*> by_key;
    for (auto const& r : results) by_key[r.key] = &r;
    // Order by score, then by each tie-break; the first tie-break that differs decides.
    auto decider = [&](ranked_competitor const& a, ranked_competitor const& b) -> int {
        for (std::size_t i = 0; i < skill.tie_breaks.size(); ++i)
            if (tie_value(skill.tie_breaks[i], *by_key[a.key]) !=
                tie_value(skill.tie_breaks[i], *by_key[b.key]))
                return static_cast<int>(i);
        return -1;
    };
    std::stable_sort(out.begin(), out.end(), [&](auto const& a, auto const& b) {
        if (a.score != b.score) return a.score > b.score;
        int d = decider(a, b);
        if (d < 0) return a.key < b.key; // still tied: a stable order, the same rank
        auto const& tb = skill.tie_breaks[static_cast<std::size_t>(d)];
        return tie_value(tb, *by_key[a.key]) > tie_value(tb, *by_key[b.key]);
    });
    for (std::size_t i = 0; i < out.size(); ++i) {
        bool tied_with_previous = i > 0 && out[i].score == out[i - 1].score;
        int d = tied_with_previous ? decider(out[i - 1], out[i]) : -1;
        out[i].rank = tied_with_previous && d < 0 ? out[i - 1].rank : static_cast<int>(i) + 1;
        if (d >= 0) {
            auto text = skill.tie_breaks[static_cast<std::size_t>(d)].text();
            out[i].broken_by = text;
            if (out[i - 1].broken_by.empty()) out[i - 1].broken_by = text;
        }
    }
    if (!award_medals) return out;
    for (auto& r : out) {
        r.medal = skill.medals.by_score ? medal_by_score(skill.medals, r.score)
                                        : medal_by_rank(skill.medals, r.rank);
        if (r.medal.empty() && skill.medals.medallion && r.score >= *skill.medals.medallion)
            r.medal = "medallion";
    }
    return out;
}

std::string competitor_number(std::size_t n, std::size_t count) {
    auto text = std::to_string(n);
    std::size_t width = std::max<std::size_t>(2, std::to_string(count).size());
    return std::string(width - std::min(width, text.size()), '0') + text;
}

std::string
reveal_refusal(std::string const& ticket, std::string const& state, nlohmann::json const& result) {
    if (state == "waiting") return ""; // absent: nothing to mark
    if (state != "closed") return "the attempt of " + ticket + " is still " + state;
    if (result.is_null()) return "the work of " + ticket + " is not locked yet";
    if (result.value("pendingItems", 0) > 0)
        return "the paper of " + ticket + " has essays not yet locked";
    return "";
}

std::string module_reveal_refusal(competition_skill const& skill,
                                  std::string const& module_id,
                                  std::string const& chief,
                                  reveal_facts const& facts) {
    if (!skill.find_module(module_id)) return "skill " + skill.id + " has no module " + module_id;
    if (chief != skill.chief_judge)
        return chief + " is not the chief judge of " + skill.id + " (" + skill.chief_judge + " is)";
    if (!facts.password_matches) return "the chief judge's password does not match";
    if (facts.revealed_already)
        return "module " + module_id + " of " + skill.id + " is revealed already";
    if (!facts.numbers_drawn) return "skill " + skill.id + " has not drawn its numbers yet";
    if (!facts.results_refusal.empty())
        return "module " + module_id + " cannot be revealed: " + facts.results_refusal;
    return "";
}

std::string medal_title(std::string const& medal) {
    if (medal == "gold") return "金牌 Gold medal";
    if (medal == "silver") return "银牌 Silver medal";
    if (medal == "bronze") return "铜牌 Bronze medal";
    return "优胜奖 Medallion for Excellence";
}

std::string
award_criteria(int rank, double score, std::size_t competitors, std::string const& where) {
    std::ostringstream out;
    out << "第" << rank << "名(共" << competitors << "名), 得分 " << score << "。Rank " << rank
        << " of " << competitors << " with a score of " << score << " in " << where << ".";
    return out.str();
}

std::string draw_refusal(competition_skill const& skill,
                         draw_kind kind,
                         bool numbers_drawn,
                         bool workstations_drawn,
                         std::size_t competitors) {
    if (kind == draw_kind::numbers) {
        if (numbers_drawn) return "skill " + skill.id + " has drawn its competitor numbers";
        if (competitors == 0) return "skill " + skill.id + " has no competitors registered yet";
        return "";
    }
    if (!numbers_drawn) return "draw the competitor numbers of " + skill.id + " first";
    if (workstations_drawn) return "skill " + skill.id + " has drawn its workstations";
    if (skill.workstations.size() < competitors)
        return "skill " + skill.id + " has " + std::to_string(competitors) + " competitors but " +
               std::to_string(skill.workstations.size()) + " workstations";
    return "";
}

std::vector<skill_award> skill_awards(competition_event const& event,
                                      competition_skill const& skill,
                                      protocol::skill_board const& board,
                                      std::map<std::string, std::string> const& names) {
    if (!board.final.value_or(false))
        throw std::invalid_argument("not every module of " + skill.id +
                                    " is revealed yet: awards wait for the final results");
    auto where = event.name + ", " + skill.name;
    std::vector<skill_award> out;
    for (auto const& row : board.rows) {
        auto const& medal = row.medal;
        if (medal.empty()) continue;
        auto const& number = row.number;
        auto winner = skill.teams.empty() ? where : where + " (" + names.at(number) + ")";
        skill_award award{
            number, winner + ": " + medal_title(medal), event.id + "/" + skill.id + "/" + medal,
            award_criteria(static_cast<int>(row.rank), row.score, board.rows.size(), winner), ""};
        if (std::count(skill.level_for.begin(), skill.level_for.end(), medal))
            award.level_criteria = "技能竞赛获奖晋升等级: " + medal_title(medal) + ", " + where +
                                   ". Level granted for a " + medal + " in " + where + ".";
        out.push_back(std::move(award));
    }
    return out;
}

} // namespace craftmark::core
