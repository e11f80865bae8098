#pragma once
// Competition scoreboards for scoreboard.watch, and the pushes that keep their watchers
// current. Reveals and freezes are made by the craftmark CLI in another process and marks are
// locked here, so rather than be told of each change the server rebuilds every watched board
// once a second and pushes it only when it differs from what its watchers last received.
#include "server/core/competition/scoreboard_source.hpp"
#include "server/net/session_registry.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace SQLite {
class Database;
}

namespace craftmark::util {
class logger;
}

namespace craftmark::app {

class scoreboards final : public core::scoreboard_source {
  public:
    scoreboards(std::filesystem::path const& db_file,
                craftmark::server::net::session_registry& registry,
                util::logger& log);
    ~scoreboards() override;

    /// Any thread. Null for an unknown event.
    std::optional<protocol::scoreboard> board(std::string const& event_id, bool staff) override;

    /// Rebuilds every watched board and pushes those that changed; on the server's timer.
    void refresh();

  private:
    std::mutex mutex_; // one reading connection, used by sessions and the timer
    std::unique_ptr<SQLite::Database> db_;
    craftmark::server::net::session_registry& registry_;
    util::logger& log_;
    std::map<craftmark::server::net::board_view, std::string> last_pushed_;
};

} // namespace craftmark::app
