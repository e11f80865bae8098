#pragma once
#include "server/core/exam/live_sittings.hpp"
#include "server/core/proctoring/room_repository.hpp"
#include "shared/protocol/room_messages.hpp"
#include "shared/protocol/seat_messages.hpp"

namespace craftmark::core {

/// What passes between the proctor and the candidates besides the exam itself: announcements
/// to the room, private messages, raised hands and a terminal losing focus. Each is audited.
class room_talk {
  public:
    room_talk(live_sittings& live, room_repository& room_store);

    void
    announce(session_context const& ctx, protocol::room_announce const& request, reply_fn done);
    void
    message(session_context const& ctx, protocol::candidate_message const& request, reply_fn done);
    void raise_hand(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    void focus(session_context const& ctx, protocol::terminal_focus const& request, reply_fn done);

  private:
    live_sittings& live_;
    room_repository& room_store_;
};

} // namespace craftmark::core
