#pragma once
#include "server/core/exam/live_sittings.hpp"
#include "server/core/proctoring/room_repository.hpp"
#include "shared/protocol/room_messages.hpp"
#include "shared/protocol/seat_messages.hpp"

namespace craftmark::core {

/// The proctor's hold on the room: the live seat map, check-in (which issues the access code and
/// shows the roster's photo),
/// unlocking a ticket, the clock controls on a seat, a selection or the room, and moving a
/// candidate to another seat or terminal.
class proctor_desk {
  public:
    proctor_desk(live_sittings& live, room_repository& room_store, sign_in_throttle& throttle);

    void watch(session_context const& ctx, protocol::sitting_ref const& request, reply_fn done);
    void check_in(session_context const& ctx, protocol::check_in const& request, reply_fn done);
    void photo(session_context const& ctx, protocol::photo_request const& request, reply_fn done);
    void
    unlock(session_context const& ctx, protocol::candidate_unlock const& request, reply_fn done);
    void pause(session_context const& ctx, protocol::attempt_control const& r, reply_fn done);
    void resume(session_context const& ctx, protocol::attempt_control const& r, reply_fn done);
    void terminate(session_context const& ctx, protocol::attempt_control const& r, reply_fn done);
    void
    extra_time(session_context const& ctx, protocol::attempt_extension const& r, reply_fn done);
    void reopen(session_context const& ctx, protocol::attempt_extension const& r, reply_fn done);
    void approve_terminal(session_context const& ctx,
                          protocol::terminal_approve const& request,
                          reply_fn done);
    void move(session_context const& ctx, protocol::candidate_move const& request, reply_fn done);

  private:
    enum class control_action { pause, resume, extra_time, terminate, reopen };
    void control(session_context const& ctx,
                 control_action action,
                 protocol::attempt_control const& request,
                 std::int64_t minutes,
                 reply_fn done);

    live_sittings& live_;
    room_repository& room_store_;
    sign_in_throttle& throttle_;
};

} // namespace craftmark::core
