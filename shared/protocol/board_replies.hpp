#pragma once
// A competition's scoreboard: scoreboard.watch's reply and the scoreboard push (docs/protocol.md,
// "Competition scoreboards"), and what the CLI prints and the portal's board page shows. Read
// leniently (lenient.hpp).
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::protocol {

/// A module of a skill: its weight in the total and whether its marks are out.
struct board_module {
    std::string id;
    std::string name;
    double weight = 0;
    bool released = false;
    friend bool operator==(board_module const&, board_module const&) = default;
};

/// One competitor (or team) of a skill. Before a module is revealed a competitor is a number:
/// no name, organisation or members.
struct board_row {
    std::int64_t rank = 0;
    std::string number;
    std::string workstation;
    double total = 0;      // weighted, out of 100, over the modules shown
    double score = 0;      // the total, or its standardised score
    std::string medal;     // gold, silver, bronze, medallion or "" (once final)
    std::string broken_by; // the tie-break that placed this row
    std::optional<std::string> name;
    std::optional<std::string> organisation;
    std::optional<std::vector<std::string>> members; // teams
    std::map<std::string, double> modules;           // module id -> percent
    friend bool operator==(board_row const&, board_row const&) = default;
};

struct skill_board {
    std::string id;
    std::string name;
    std::vector<board_module> modules;
    bool drawn = false;    // competitor numbers are drawn
    bool released = false; // some module is revealed
    std::vector<board_row> rows;
    std::optional<bool> final; // every module revealed (absent while nothing is shown)
    friend bool operator==(skill_board const&, skill_board const&) = default;
};

struct scoreboard {
    std::string event;
    std::string name;
    std::string view; // staff, public
    bool frozen = false;
    std::vector<skill_board> skills;
    skill_board const* find_skill(std::string const& id) const {
        for (auto const& s : skills)
            if (s.id == id) return &s;
        return nullptr;
    }
    friend bool operator==(scoreboard const&, scoreboard const&) = default;
};

/// scoreboard.watch's reply and the scoreboard push.
struct board_update {
    scoreboard board;
    friend bool operator==(board_update const&, board_update const&) = default;
};

void to_json(nlohmann::json& j, board_row const& m);
void from_json(nlohmann::json const& j, board_row& m);
void to_json(nlohmann::json& j, skill_board const& m);
void from_json(nlohmann::json const& j, skill_board& m);

// Members named as on the wire; a missing one keeps its default.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(board_module, id, name, weight, released)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(scoreboard, event, name, view, frozen, skills)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(board_update, board)

} // namespace craftmark::protocol
