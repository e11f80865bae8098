#include "server/store/competitions.hpp"

#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "server/store/results.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/password.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>

namespace craftmark::store {

using nlohmann::json;

namespace {

core::competition_skill const& skill_of(core::competition_event const& event,
                                        std::string const& skill_id) {
    auto const* skill = event.find_skill(skill_id);
    if (!skill)
        throw std::invalid_argument("event " + event.id + " has no skill \"" + skill_id + "\"");
    return *skill;
}

bool drawn(SQLite::Database& db,
           std::string const& event_id,
           std::string const& skill_id,
           char const* column) {
    SQLite::Statement q(db, std::string("SELECT COUNT(*) FROM event_competitors WHERE event_id = ? "
                                        "AND skill_id = ? AND ") +
                                column + " != ''");
    q.bind(1, event_id);
    q.bind(2, skill_id);
    q.executeStep();
    return q.getColumn(0).getInt() > 0;
}

/// Why the module's marks cannot be revealed yet, or "" when they can.
std::string not_ready(std::vector<result_row> const& rows) {
    for (auto const& row : rows)
        if (auto why = core::reveal_refusal(row.ticket, row.state, row.result); !why.empty())
            return why;
    return "";
}

} // namespace

core::competition_event
add_event(SQLite::Database& db, json const& document, std::string const& actor, util::millis now) {
    auto event = core::competition_event_from_json(document);
    write_transaction tx(db);
    for (auto const& skill : event.skills) {
        for (auto const& judge : skill.judges) {
            SQLite::Statement account(db, "SELECT role FROM staff WHERE username = ?");
            account.bind(1, judge);
            if (!account.executeStep() || account.getColumn(0).getString() == "proctor")
                throw std::invalid_argument("skill " + skill.id + ": judge \"" + judge +
                                            "\" is not an examiner account (craftmark staff add "
                                            "--role examiner)");
        }
        for (auto const& module : skill.modules) {
            SQLite::Statement sitting(db, "SELECT COUNT(*) FROM sittings WHERE id = ?");
            sitting.bind(1, module.sitting);
            sitting.executeStep();
            if (sitting.getColumn(0).getInt() == 0)
                throw std::invalid_argument("skill " + skill.id + ", module " + module.id +
                                            ": no sitting \"" + module.sitting +
                                            "\" (create it first)");
            SQLite::Statement anonymous(db, "SELECT ticket FROM candidates WHERE sitting_id = ? "
                                            "AND national_id = '' LIMIT 1");
            anonymous.bind(1, module.sitting);
            if (anonymous.executeStep())
                throw std::invalid_argument(
                    "sitting " + module.sitting + ": candidate " +
                    anonymous.getColumn(0).getString() +
                    " has no national ID, which joins a competitor's modules");
        }
    }
    bool started = std::any_of(event.skills.begin(), event.skills.end(), [&](auto const& skill) {
        return drawn(db, event.id, skill.id, "number");
    });
    if (started || !revealed_modules(db, event.id).empty())
        throw std::invalid_argument("event " + event.id +
                                    " has drawn lots already; it can no longer be replaced");
    SQLite::Statement put(db, "INSERT INTO events (id, document, created_at) VALUES (?, ?, ?) "
                              "ON CONFLICT(id) DO UPDATE SET document = excluded.document");
    put.bind(1, event.id);
    put.bind(2, document.dump());
    put.bind(3, static_cast<std::int64_t>(now));
    put.exec();
    append_audit(db, {actor, "event.add", event.id, {{"skills", event.skills.size()}}}, now);
    tx.commit();
    return event;
}

core::competition_event load_event(SQLite::Database& db, std::string const& event_id) {
    SQLite::Statement q(db, "SELECT document FROM events WHERE id = ?");
    q.bind(1, event_id);
    if (!q.executeStep()) throw std::invalid_argument("no event \"" + event_id + "\"");
    return core::competition_event_from_json(json::parse(q.getColumn(0).getString()));
}

std::vector<std::string> event_ids(SQLite::Database& db) {
    std::vector<std::string> ids;
    SQLite::Statement q(db, "SELECT id FROM events ORDER BY created_at, id");
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    return ids;
}

std::vector<competitor> skill_competitors(SQLite::Database& db,
                                          core::competition_event const& event,
                                          core::competition_skill const& skill) {
    std::map<std::string, member> people;
    for (auto const& module : skill.modules) {
        SQLite::Statement q(db, "SELECT ticket, name, national_id, organisation FROM candidates "
                                "WHERE sitting_id = ? ORDER BY ticket");
        q.bind(1, module.sitting);
        while (q.executeStep()) {
            auto& m = people[q.getColumn(2).getString()];
            if (m.national_id.empty())
                m = {q.getColumn(2).getString(),
                     q.getColumn(1).getString(),
                     q.getColumn(3).getString(),
                     {}};
            m.tickets[module.id] = q.getColumn(0).getString();
        }
    }
    std::map<std::string, competitor> by_key;
    if (skill.teams.empty()) {
        for (auto& [id, m] : people) by_key[id] = {id, m.name, m.organisation, "", "", {m}};
    } else {
        for (auto const& team : skill.teams) {
            auto& c = by_key["team:" + team.id];
            c.key = "team:" + team.id;
            c.name = team.name;
            std::set<std::string> organisations;
            for (auto const& id : team.members)
                if (auto it = people.find(id); it != people.end()) {
                    if (organisations.insert(it->second.organisation).second)
                        c.organisation +=
                            (c.organisation.empty() ? "" : ", ") + it->second.organisation;
                    c.members.push_back(std::move(it->second));
                    people.erase(it);
                }
        }
        if (!people.empty())
            throw std::invalid_argument(
                "skill " + skill.id + " is for teams, but " + people.begin()->second.name + " (" +
                people.begin()->second.tickets.begin()->second + ") is in none");
    }
    SQLite::Statement draws(db, "SELECT competitor, number, workstation FROM event_competitors "
                                "WHERE event_id = ? AND skill_id = ?");
    draws.bind(1, event.id);
    draws.bind(2, skill.id);
    while (draws.executeStep())
        if (auto it = by_key.find(draws.getColumn(0).getString()); it != by_key.end()) {
            it->second.number = draws.getColumn(1).getString();
            it->second.workstation = draws.getColumn(2).getString();
        }
    std::vector<competitor> out;
    for (auto& [key, c] : by_key)
        if (!c.members.empty()) out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [](auto const& a, auto const& b) {
        return std::tie(a.number, a.key) < std::tie(b.number, b.key);
    });
    return out;
}

void draw_numbers(SQLite::Database& db,
                  core::competition_event const& event,
                  std::string const& skill_id,
                  std::string const& actor,
                  util::millis now,
                  random_source const& random) {
    auto const& skill = skill_of(event, skill_id);
    write_transaction tx(db);
    bool numbers_drawn = drawn(db, event.id, skill.id, "number");
    // Nothing to list once the numbers are drawn: the refusal below says so first.
    auto competitors =
        numbers_drawn ? std::vector<competitor>{} : skill_competitors(db, event, skill);
    if (auto why = core::draw_refusal(skill, core::draw_kind::numbers, numbers_drawn, false,
                                      competitors.size());
        !why.empty())
        throw std::invalid_argument(why);
    auto order = core::draw_lots(competitors.size(), random);
    json numbers = json::object(); // a ticket of each competitor → number: the draw on record
    SQLite::Statement put(db, "INSERT INTO event_competitors (event_id, skill_id, competitor, "
                              "number) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < competitors.size(); ++i) {
        auto number = core::competitor_number(order[i] + 1, competitors.size());
        put.reset();
        put.bind(1, event.id);
        put.bind(2, skill.id);
        put.bind(3, competitors[i].key);
        put.bind(4, number);
        put.exec();
        numbers[competitors[i].members.front().tickets.begin()->second] = number;
    }
    append_audit(
        db, {actor, "event.draw", event.id + "/" + skill.id, {{"round", 1}, {"numbers", numbers}}},
        now);
    tx.commit();
}

void draw_workstations(SQLite::Database& db,
                       core::competition_event const& event,
                       std::string const& skill_id,
                       std::string const& actor,
                       util::millis now,
                       random_source const& random) {
    auto const& skill = skill_of(event, skill_id);
    write_transaction tx(db);
    std::vector<std::string> numbers;
    SQLite::Statement q(db, "SELECT number FROM event_competitors WHERE event_id = ? AND "
                            "skill_id = ? ORDER BY number");
    q.bind(1, event.id);
    q.bind(2, skill.id);
    while (q.executeStep()) numbers.push_back(q.getColumn(0).getString());
    if (auto why = core::draw_refusal(skill, core::draw_kind::workstations,
                                      drawn(db, event.id, skill.id, "number"),
                                      drawn(db, event.id, skill.id, "workstation"), numbers.size());
        !why.empty())
        throw std::invalid_argument(why);
    auto order = core::draw_lots(skill.workstations.size(), random);
    json stations = json::object();
    SQLite::Statement put(db, "UPDATE event_competitors SET workstation = ? WHERE event_id = ? "
                              "AND skill_id = ? AND number = ?");
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        auto const& station = skill.workstations[order[i]];
        put.reset();
        put.bind(1, station);
        put.bind(2, event.id);
        put.bind(3, skill.id);
        put.bind(4, numbers[i]);
        put.exec();
        stations[numbers[i]] = station;
    }
    append_audit(db,
                 {actor,
                  "event.draw",
                  event.id + "/" + skill.id,
                  {{"round", 2}, {"workstations", stations}}},
                 now);
    tx.commit();
}

void reveal_module(SQLite::Database& db,
                   core::competition_event const& event,
                   std::string const& skill_id,
                   std::string const& module_id,
                   std::string const& chief,
                   std::string const& password,
                   util::millis now) {
    auto const& skill = skill_of(event, skill_id);
    auto const* module = skill.find_module(module_id);
    core::reveal_facts facts;
    SQLite::Statement account(db, "SELECT password_hash FROM staff WHERE username = ?");
    account.bind(1, chief);
    facts.password_matches = account.executeStep() &&
                             crypto::verify_password(password, account.getColumn(0).getString());
    account.reset(); // its read snapshot must end before BEGIN IMMEDIATE (see register_candidates)
    write_transaction tx(db);
    if (module) {
        facts.revealed_already = revealed_modules(db, event.id)[skill.id].count(module->id) > 0;
        facts.numbers_drawn = drawn(db, event.id, skill.id, "number");
        facts.results_refusal = not_ready(sitting_own_results(db, module->sitting));
    }
    if (auto why = core::module_reveal_refusal(skill, module_id, chief, facts); !why.empty())
        throw std::invalid_argument(why);
    SQLite::Statement put(db, "INSERT INTO event_reveals (event_id, skill_id, module_id, "
                              "revealed_by, revealed_at) VALUES (?, ?, ?, ?, ?)");
    put.bind(1, event.id);
    put.bind(2, skill.id);
    put.bind(3, module->id);
    put.bind(4, chief);
    put.bind(5, static_cast<std::int64_t>(now));
    put.exec();
    append_audit(db,
                 {"staff:" + chief,
                  "event.reveal",
                  event.id + "/" + skill.id,
                  {{"module", module->id}, {"sitting", module->sitting}}},
                 now);
    tx.commit();
}

std::map<std::string, std::set<std::string>> revealed_modules(SQLite::Database& db,
                                                              std::string const& event_id) {
    std::map<std::string, std::set<std::string>> out;
    SQLite::Statement q(db, "SELECT skill_id, module_id FROM event_reveals WHERE event_id = ?");
    q.bind(1, event_id);
    while (q.executeStep()) out[q.getColumn(0).getString()].insert(q.getColumn(1).getString());
    return out;
}

void freeze_board(SQLite::Database& db,
                  std::string const& event_id,
                  json const& board,
                  std::string const& actor,
                  util::millis now) {
    write_transaction tx(db);
    if (!frozen_board(db, event_id).is_null())
        throw std::invalid_argument("the board of " + event_id + " is frozen already");
    SQLite::Statement q(db, "UPDATE events SET frozen_board = ?, frozen_at = ? WHERE id = ?");
    q.bind(1, board.dump());
    q.bind(2, static_cast<std::int64_t>(now));
    q.bind(3, event_id);
    q.exec();
    append_audit(db, {actor, "event.freeze", event_id, json::object()}, now);
    tx.commit();
}

void unfreeze_board(SQLite::Database& db,
                    std::string const& event_id,
                    std::string const& actor,
                    util::millis now) {
    write_transaction tx(db);
    if (frozen_board(db, event_id).is_null())
        throw std::invalid_argument("the board of " + event_id + " is not frozen");
    SQLite::Statement q(db, "UPDATE events SET frozen_board = NULL, frozen_at = 0 WHERE id = ?");
    q.bind(1, event_id);
    q.exec();
    append_audit(db, {actor, "event.unfreeze", event_id, json::object()}, now);
    tx.commit();
}

json frozen_board(SQLite::Database& db, std::string const& event_id) {
    SQLite::Statement q(db, "SELECT frozen_board FROM events WHERE id = ?");
    q.bind(1, event_id);
    if (!q.executeStep()) throw std::invalid_argument("no event \"" + event_id + "\"");
    return q.getColumn(0).isNull() ? json() : json::parse(q.getColumn(0).getString());
}

std::uint64_t secure_random() {
    std::uint64_t value = 0;
    for (unsigned char c : crypto::random_bytes(8)) value = (value << 8) | c;
    return value;
}

} // namespace craftmark::store
