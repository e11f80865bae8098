#pragma once
// The competition room's port: the boards as the store builds them.
#include "shared/protocol/board_replies.hpp"

#include <optional>
#include <string>

namespace craftmark::core {

/// Competition scoreboards as the store builds them; the core only hands them to watchers.
class scoreboard_source {
  public:
    virtual ~scoreboard_source() = default;
    /// The board staff (or everyone else) may see, or nothing for an unknown event.
    virtual std::optional<protocol::scoreboard> board(std::string const& event_id, bool staff) = 0;
};

} // namespace craftmark::core
