#include "server/core/competition/board_desk.hpp"

namespace craftmark::core {

void board_desk::watch(session_context const& ctx,
                       protocol::scoreboard_watch const& request,
                       reply_fn done) {
    // Staff see the live board; candidates and anyone not signed in only what is released.
    bool staff = ctx.role == protocol::role::proctor || ctx.role == protocol::role::examiner ||
                 ctx.role == protocol::role::admin;
    auto* boards = boards_.load();
    auto board = boards ? boards->board(request.event, staff) : std::nullopt;
    if (!board)
        return done(
            outcome::fail(protocol::errc::invalid_field, "no event \"" + request.event + "\""));
    auto o = outcome::ok(protocol::board_update{std::move(*board)});
    o.effect = effect::watching_board{request.event, staff};
    done(std::move(o));
}

} // namespace craftmark::core
