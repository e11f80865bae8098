#pragma once
#include "server/core/exam/live_sittings.hpp"
#include "server/core/proctoring/room_repository.hpp"
#include "shared/protocol/room_messages.hpp"

namespace craftmark::core {

/// Incidents as proctors record them: a category, the seats involved (marked on the seat map
/// while the incident is open) and the resolution.
class incident_desk {
  public:
    incident_desk(live_sittings& live, room_repository& room_store);

    void open(session_context const& ctx, protocol::incident_open const& request, reply_fn done);
    void close(session_context const& ctx, protocol::incident_close const& request, reply_fn done);
    void list(session_context const& ctx, protocol::sitting_ref const& request, reply_fn done);

  private:
    /// Adds `delta` to the open-incident marks of `tickets` and pushes their seats.
    void mark(std::string const& sitting_id, std::vector<std::string> const& tickets, int delta);

    live_sittings& live_;
    room_repository& room_store_;
};

} // namespace craftmark::core
