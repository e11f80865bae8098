#pragma once
#include "server/core/exam/live_sittings.hpp"
#include "server/core/exam/staff_sessions.hpp"

namespace craftmark::core {

/// Who may speak: candidates sign in with ticket and access code (or resume with their token on
/// the terminal they signed in from), staff with user name and password; connections coming and
/// going show on the seat map.
class sign_in_desk {
  public:
    sign_in_desk(live_sittings& live,
                 sitting_repository& sittings,
                 sign_in_throttle& throttle,
                 staff_sessions& sessions,
                 util::clock const& clock);

    void sign_in(session_context const& ctx, protocol::sign_in const& request, reply_fn done);
    void resume(session_context const& ctx, protocol::resume const& request, reply_fn done);
    void staff_sign_in(session_context const& ctx,
                       protocol::staff_sign_in const& request,
                       reply_fn done);
    void
    staff_resume(session_context const& ctx, protocol::staff_resume const& request, reply_fn done);
    void sign_out(session_context const& ctx, protocol::sign_out const& request, reply_fn done);
    /// A candidate's connection ended: the seat shows "missing since".
    void session_closed(std::int64_t attempt_id);

  private:
    /// Whether `client` ("browser", "terminal" or "") may sit the attempt's sitting.
    static bool delivered_to(live_attempt const& a, std::string const& client);
    void connected(std::int64_t attempt_id);
    /// A refused sign-in: the tries left, and the seat updated once the ticket is locked.
    void refuse(std::string const& ticket, reply_fn done);
    /// Holds a sign-in or resume from a terminal the attempt is not bound to for the proctor.
    void hold_for_approval(locked_attempt a, std::string const& terminal_id, reply_fn done);
    /// The reply to a staff sign-in or resume, with its session effect.
    outcome staff_session_opened(staff_record staff, std::string token, std::string session);

    live_sittings& live_;
    sitting_repository& sittings_;
    sign_in_throttle& throttle_;
    staff_sessions& sessions_;
    util::clock const& clock_;
};

} // namespace craftmark::core
