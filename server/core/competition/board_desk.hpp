#pragma once
#include "server/core/competition/scoreboard_source.hpp"
#include "server/core/outcome.hpp"
#include "shared/protocol/messages.hpp"

#include <atomic>

namespace craftmark::core {

/// scoreboard.watch: a competition's board now (staff: live; everyone else: what is released),
/// then its changes by push.
class board_desk {
  public:
    void
    watch(session_context const& ctx, protocol::scoreboard_watch const& request, reply_fn done);
    /// Where boards come from (the server's cache of competition results).
    void set_source(scoreboard_source* boards) { boards_ = boards; }

  private:
    std::atomic<scoreboard_source*> boards_{nullptr};
};

} // namespace craftmark::core
