#include "server/store/scoreboard.hpp"

#include "server/core/marking/marking.hpp"
#include "server/store/competitions.hpp"
#include "server/store/results.hpp"

#include <cctype>

namespace craftmark::store {

using nlohmann::json;

namespace {

/// The percentage of a final result, or nothing while it is missing or waits for marking.
std::optional<double> final_percent(json const& result) {
    if (result.is_null() || result.value("pendingItems", 0) > 0) return std::nullopt;
    return result.value("percent", 0.0);
}

/// Whether aspect `code` ("E1.2") belongs to criterion `criterion` ("E").
bool in_criterion(std::string const& code, std::string const& criterion) {
    if (code.compare(0, criterion.size(), criterion) != 0) return false;
    if (code.size() == criterion.size()) return true;
    char next = code[criterion.size()];
    return next == '.' || std::isdigit(static_cast<unsigned char>(next));
}

/// Marks per criterion the tie-breaks of `skill` ask about, from a practical result's aspects.
std::map<std::string, double> criteria_marks(core::competition_skill const& skill,
                                             std::string const& module,
                                             json const& result) {
    std::map<std::string, double> out;
    if (!result.contains("tasks")) return out;
    for (auto const& tb : skill.tie_breaks) {
        if (tb.module != module || tb.criterion.empty()) continue;
        double sum = 0;
        for (auto const& [task, score] : result["tasks"].items()) {
            auto aspects = score.value("aspects", json::object()); // kept alive while iterated
            for (auto const& [code, aspect] : aspects.items())
                if (in_criterion(code, tb.criterion)) sum += aspect.value("mark", 0.0);
        }
        out[tb.criterion] = sum;
    }
    return out;
}

protocol::skill_board skill_board(SQLite::Database& db,
                                  core::competition_event const& event,
                                  core::competition_skill const& skill,
                                  std::set<std::string> const& revealed,
                                  bool staff) {
    protocol::skill_board board{.id = skill.id, .name = skill.name};
    for (auto const& m : skill.modules)
        board.modules.push_back({m.id, m.name, m.weight, revealed.count(m.id) > 0});
    auto competitors = skill_competitors(db, event, skill);
    bool drawn = !competitors.empty() && !competitors.front().number.empty();
    board.drawn = drawn;
    board.released = !revealed.empty();
    if (!drawn || (!staff && revealed.empty())) return board;

    std::map<std::string, competitor const*> by_number;
    std::vector<core::competitor_result> results;
    for (auto const& c : competitors) by_number[c.number] = &c;
    for (auto const& c : competitors) results.push_back({c.number, {}, {}});
    for (auto const& m : skill.modules) {
        if (!staff && !revealed.count(m.id)) continue;
        std::map<std::string, json> by_ticket;
        for (auto& row : sitting_own_results(db, m.sitting)) by_ticket[row.ticket] = row.result;
        for (auto& r : results) {
            // A person's result, or a team's: the mean over its members' final results.
            int counted = 0;
            for (auto const& member : by_number[r.key]->members) {
                auto ticket = member.tickets.find(m.id);
                if (ticket == member.tickets.end()) continue;
                auto const& result = by_ticket[ticket->second];
                auto percent = final_percent(result);
                if (!percent) continue;
                ++counted;
                r.modules[m.id] += *percent;
                for (auto const& [criterion, marks] : criteria_marks(skill, m.id, result))
                    r.criteria[m.id][criterion] += marks;
            }
            if (counted == 0) continue;
            r.modules[m.id] = core::round_mark(r.modules[m.id] / counted);
            for (auto& [criterion, marks] : r.criteria[m.id]) marks /= counted;
        }
    }
    bool all_revealed = revealed.size() == skill.modules.size();
    board.final = all_revealed;
    for (auto const& ranked : core::rank_skill(skill, results, all_revealed)) {
        auto const& c = *by_number[ranked.key];
        protocol::board_row row{.rank = ranked.rank,
                                .number = c.number,
                                .workstation = c.workstation,
                                .total = ranked.total,
                                .score = ranked.score,
                                .medal = ranked.medal,
                                .broken_by = ranked.broken_by};
        if (!revealed.empty()) {
            row.name = c.name;
            row.organisation = c.organisation;
            if (!skill.teams.empty()) {
                row.members.emplace();
                for (auto const& member : c.members) row.members->push_back(member.name);
            }
        }
        for (auto const& r : results)
            if (r.key == ranked.key) row.modules = {r.modules.begin(), r.modules.end()};
        board.rows.push_back(std::move(row));
    }
    return board;
}

protocol::scoreboard board(SQLite::Database& db, std::string const& event_id, bool staff) {
    auto event = load_event(db, event_id);
    auto revealed = revealed_modules(db, event_id);
    protocol::scoreboard out{
        .event = event.id, .name = event.name, .view = staff ? "staff" : "public"};
    for (auto const& skill : event.skills)
        out.skills.push_back(skill_board(db, event, skill, revealed[skill.id], staff));
    return out;
}

} // namespace

protocol::scoreboard live_public_board(SQLite::Database& db, std::string const& event_id) {
    return board(db, event_id, false);
}

protocol::scoreboard event_board(SQLite::Database& db, std::string const& event_id, bool staff) {
    auto frozen = frozen_board(db, event_id);
    if (!frozen.is_null() && !staff) {
        auto kept = frozen.get<protocol::scoreboard>();
        kept.frozen = true;
        return kept;
    }
    auto live = board(db, event_id, staff);
    live.frozen = !frozen.is_null();
    return live;
}

} // namespace craftmark::store
