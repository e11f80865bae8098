#pragma once
// The competition room's port: the boards as the store builds them.
#include <nlohmann/json.hpp>
#include <string>

namespace craftmark::core {

/// Competition scoreboards as the store builds them; the core only hands them to watchers.
class scoreboard_source {
  public:
    virtual ~scoreboard_source() = default;
    /// The board staff (or everyone else) may see, or null for an unknown event.
    virtual nlohmann::json board(std::string const& event_id, bool staff) = 0;
};

} // namespace craftmark::core
