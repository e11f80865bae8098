#pragma once
// A competition's scoreboard, built from the module sittings' results as they stand. Staff see
// every module's final results; everyone else sees only modules the chief judge has revealed,
// and the board as it stood at the freeze while it is frozen. Names and organisations appear
// only once a module of the skill is revealed; before that a competitor is a number.
#include "shared/protocol/board_replies.hpp"

#include <string>

namespace SQLite {
class Database;
}

namespace craftmark::store {

/// The board for staff (live, even while frozen, with "frozen" saying so) or for the public.
protocol::scoreboard event_board(SQLite::Database& db, std::string const& event_id, bool staff);

/// The public board as it stands now, frozen or not (what a freeze keeps).
protocol::scoreboard live_public_board(SQLite::Database& db, std::string const& event_id);

} // namespace craftmark::store
