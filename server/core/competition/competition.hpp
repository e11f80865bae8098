#pragma once
// A skills competition: skills (occupations), each with modules that are sittings of written or
// practical assessments marked as certification marks them, competitors ranked per skill,
// medals. The event file's format is question-banks/schema/event.schema.json.
#include "shared/protocol/board_replies.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

struct competition_module {
    std::string id; // "A"
    std::string name;
    std::string sitting; // the sitting the module is run as
    double weight = 0;   // share of the skill's total (weights add up to 100)
};

/// Breaks a tie on equal scores: the higher percentage on a module, or with a criterion the
/// higher marks on that criterion of the module's marking (fewer deductions there).
struct tie_break {
    std::string module;
    std::string criterion;
    std::string text() const;
};

/// WorldSkills-style standardisation: the skill's median total is placed at `center` and one
/// standard deviation is `spread` points. Off: the score is the weighted total out of 100.
struct score_scale {
    bool standardised = false;
    double center = 700;
    double spread = 100;
};

/// Medals by rank (counts; tied competitors share a medal) or by score thresholds; the
/// Medallion for Excellence goes to those without a medal who reach `medallion`.
struct medal_rule {
    bool by_score = false;
    int gold = 1, silver = 1, bronze = 1;                // by rank
    double gold_min = 0, silver_min = 0, bronze_min = 0; // by score
    std::optional<double> medallion;
};

/// A team competes as one competitor: its members (by national ID) sit the modules, and the
/// team's module result is the mean of its members' results there.
struct competition_team {
    std::string id;
    std::string name;
    std::vector<std::string> members;
};

struct competition_skill {
    std::string id;
    std::string name;
    std::string chief_judge; // the staff user who reveals identities
    std::vector<std::string> judges;
    std::vector<competition_module> modules;
    std::vector<std::string> workstations;
    std::vector<competition_team> teams; // empty: every person competes alone
    score_scale scale;
    std::vector<tie_break> tie_breaks;
    medal_rule medals;
    /// Medals that also earn the skill's occupation level certificate (empty: none do).
    std::vector<std::string> level_for;

    competition_module const* find_module(std::string const& id) const;
};

struct competition_event {
    std::string id;
    std::string name;
    std::vector<competition_skill> skills;

    competition_skill const* find_skill(std::string const& id) const;
};

/// Reads and checks an event file; throws std::invalid_argument naming the first problem.
competition_event competition_event_from_json(nlohmann::json const& j);

/// A uniformly random order of 0 … n−1 (Fisher–Yates) from `random` (full 64-bit values): the
/// lots competitors draw.
std::vector<std::size_t> draw_lots(std::size_t n, std::function<std::uint64_t()> const& random);

/// One competitor's results so far: module → percentage, and module → criterion → marks.
struct competitor_result {
    std::string key; // the competitor number
    std::map<std::string, double> modules;
    std::map<std::string, std::map<std::string, double>> criteria;
};

struct ranked_competitor {
    std::string key;
    double total = 0;      // weighted total out of 100 over the modules present
    double score = 0;      // the total, or its standardised score
    int rank = 0;          // tied competitors share a rank
    std::string medal;     // gold | silver | bronze | medallion | "" (only with `award_medals`)
    std::string broken_by; // the tie-break that placed this competitor, when one was needed
};

/// Ranks a skill's competitors: by score, then the tie-breaks in order; medals only when
/// `award_medals` (every module's results are final and released).
std::vector<ranked_competitor> rank_skill(competition_skill const& skill,
                                          std::vector<competitor_result> const& results,
                                          bool award_medals);

/// A competitor's number from the draw: "07" for the seventh of up to 99 competitors, "007"
/// beyond, so that numbers sort as they read.
std::string competitor_number(std::size_t n, std::size_t count);

/// Why a module's marks cannot be revealed while this candidate's attempt is in `state` with
/// `result` (null: the work is not locked), or "" when it does not hold the reveal up. Absent
/// candidates (never started) have nothing to mark.
std::string
reveal_refusal(std::string const& ticket, std::string const& state, nlohmann::json const& result);

/// What revealing a module depends on, as the store finds it.
struct reveal_facts {
    bool password_matches = false; // the chief judge gave their own password
    bool revealed_already = false;
    bool numbers_drawn = false;
    std::string results_refusal; // the first reveal_refusal among the module's attempts, or ""
};

/// Why `chief` may not reveal module `module_id` of `skill`, or "" when they may: only the
/// skill's chief judge, with their password, once per module, after the numbers are drawn and
/// when every competitor's work in the module is final.
std::string module_reveal_refusal(competition_skill const& skill,
                                  std::string const& module_id,
                                  std::string const& chief,
                                  reveal_facts const& facts);

/// A medal as a certificate names it, in Chinese and English.
std::string medal_title(std::string const& medal);

/// What a competition award certifies: the rank among `competitors` and the score, in
/// Chinese and English (`where`: the skill and event).
std::string
award_criteria(int rank, double score, std::size_t competitors, std::string const& where);

/// The two draws of a skill: competitor numbers, then workstations.
enum class draw_kind { numbers, workstations };

/// Why `skill` cannot draw `kind` now, or "" when it can: numbers are drawn once, for at least
/// one competitor; workstations once, after the numbers, with a workstation per competitor.
std::string draw_refusal(competition_skill const& skill,
                         draw_kind kind,
                         bool numbers_drawn,
                         bool workstations_drawn,
                         std::size_t competitors);

/// What a medal on a skill's final board brings each member of the competitor: an award
/// certificate, and the skill's occupation level certificate when `level_for` names the medal.
struct skill_award {
    std::string number; // the competitor's number on the board
    std::string award_title;
    std::string award_path; // event/skill/medal
    std::string criteria;
    std::string level_criteria; // empty: the medal earns no level
};

/// The awards of `skill`'s board (its entry of the event board); `names` gives each number's
/// competitor (a team's name for a team skill). Throws std::invalid_argument while a module is not
/// yet revealed: awards wait for final results.
std::vector<skill_award> skill_awards(competition_event const& event,
                                      competition_skill const& skill,
                                      protocol::skill_board const& board,
                                      std::map<std::string, std::string> const& names);

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
double median(std::vector<double> values);

} // namespace craftmark::core
