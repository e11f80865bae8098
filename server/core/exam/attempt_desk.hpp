#pragma once
#include "server/core/exam/live_sittings.hpp"

namespace craftmark::core {

/// The running attempt as its candidate sees it: the lobby, the paper (which starts the clock),
/// durable saves, flags, time, submission and the result; and the deadlines the server keeps.
class attempt_desk {
  public:
    attempt_desk(live_sittings& live, attempt_repository& attempts);

    void lobby(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    void paper(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    void save(session_context const& ctx, protocol::answer_save const& request, reply_fn done);
    void flag(session_context const& ctx, protocol::item_flag const& request, reply_fn done);
    void time(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    void submit(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    void result(session_context const& ctx, protocol::no_fields const&, reply_fn done);

    /// Closes attempts whose deadline has passed and pushes each running attempt its time
    /// every 30 s; call often (a few times a second).
    void tick();
    /// Credits time the server was down (since `last_alive`) to every running attempt.
    void recover(util::millis last_alive);

  private:
    /// The candidate's paper, its answers, flags and time, as JSON text.
    std::string paper_view(live_attempt const& a) const;

    live_sittings& live_;
    attempt_repository& attempts_;
    std::atomic<util::millis> last_tick_{0};
};

/// The refusal for a candidate session whose attempt is not (or no longer) its own.
outcome session_ended();

} // namespace craftmark::core
