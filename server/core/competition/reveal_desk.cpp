#include "server/core/competition/reveal_desk.hpp"

namespace craftmark::core {

using protocol::errc;

void reveal_desk::reveal(session_context const& ctx,
                         protocol::event_reveal const& request,
                         reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "reveals are not served here"));
    // The signed-in account reveals as itself: the skill's chief judge, with their password again
    // (a console left open is not enough to release results).
    changes->reveal(request, ctx.staff->username,
                    [request, done = std::move(done)](std::string const& refusal) {
                        if (!refusal.empty())
                            return done(outcome::fail(errc::invalid_field, refusal));
                        done(outcome::ok(protocol::event_revealed{request.event, request.skill,
                                                                  request.module}));
                    });
}

} // namespace craftmark::core
