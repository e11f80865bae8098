#pragma once
// A competition's records: the event file, the two draws (the "double encryption": competitor
// numbers by person, then workstations by number), the chief judge's reveals, the freeze.
// Each write runs in one transaction with its audit entry.
#include "server/core/competition/competition.hpp"
#include "shared/util/clock.hpp"

#include <functional>
#include <set>

namespace SQLite {
class Database;
}

namespace craftmark::store {

/// Stores an event after checking that every module's sitting exists and that every registered
/// competitor has a national ID (a person is one competitor across a skill's modules).
core::competition_event add_event(SQLite::Database& db,
                                  nlohmann::json const& document,
                                  std::string const& actor,
                                  util::millis now);

core::competition_event load_event(SQLite::Database& db, std::string const& event_id);
std::vector<std::string> event_ids(SQLite::Database& db);

/// A person registered in a skill's module sittings.
struct member {
    std::string national_id, name, organisation;
    std::map<std::string, std::string> tickets; // module → ticket in its sitting
};

/// A person, or a team in a team skill, with what the draws gave them.
struct competitor {
    std::string key; // the person's national ID, or "team:<id>"
    std::string name, organisation;
    std::string number, workstation; // empty before the draws
    std::vector<member> members;     // a person: themself
};
/// Throws std::invalid_argument when a team skill has a registered person in no team.
std::vector<competitor> skill_competitors(SQLite::Database& db,
                                          core::competition_event const& event,
                                          core::competition_skill const& skill);

using random_source = std::function<std::uint64_t()>;

/// Round one: every competitor of the skill draws a competitor number (01, 02, …).
void draw_numbers(SQLite::Database& db,
                  core::competition_event const& event,
                  std::string const& skill_id,
                  std::string const& actor,
                  util::millis now,
                  random_source const& random);
/// Round two: every competitor number draws a workstation. The audit entry maps numbers to
/// workstations only, never persons.
void draw_workstations(SQLite::Database& db,
                       core::competition_event const& event,
                       std::string const& skill_id,
                       std::string const& actor,
                       util::millis now,
                       random_source const& random);

/// The chief judge (their password checked) joins a module's locked marks to the competitors
/// and releases them: refused while any of its attempts runs or any result is not final.
void reveal_module(SQLite::Database& db,
                   core::competition_event const& event,
                   std::string const& skill_id,
                   std::string const& module_id,
                   std::string const& chief,
                   std::string const& password,
                   util::millis now);

/// Modules revealed so far: skill → module ids.
std::map<std::string, std::set<std::string>> revealed_modules(SQLite::Database& db,
                                                              std::string const& event_id);

/// Freezing keeps the public board as it stands (`board`) until unfreezing; staff still see the
/// live one.
void freeze_board(SQLite::Database& db,
                  std::string const& event_id,
                  nlohmann::json const& board,
                  std::string const& actor,
                  util::millis now);
void unfreeze_board(SQLite::Database& db,
                    std::string const& event_id,
                    std::string const& actor,
                    util::millis now);
/// The frozen public board, or null when the board is live.
nlohmann::json frozen_board(SQLite::Database& db, std::string const& event_id);

/// 64 random bits from OpenSSL's generator (what the draws use outside tests).
std::uint64_t secure_random();

} // namespace craftmark::store
