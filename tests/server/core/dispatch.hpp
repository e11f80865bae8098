#pragma once
// Requests sent to the rooms through the dispatcher, as the server sends them, in a doctest case:
// the fakes answer at once, so the reply is there when the call returns.
#include "server/api/dispatcher.hpp"

#include <doctest/doctest.h>
#include <optional>
#include <string>

namespace craftmark::testing {

/// The reply to one request; a body the dispatcher refuses to decode is the refusal the session
/// would send.
inline core::outcome send(api::dispatcher const& dispatcher,
                          core::session_context const& ctx,
                          std::string type,
                          nlohmann::json body = nlohmann::json::object()) {
    std::optional<core::outcome> reply;
    try {
        dispatcher.handle(ctx, {1, std::move(type), std::move(body), {}},
                          [&](core::outcome o) { reply = std::move(o); });
    } catch (protocol::protocol_error const& e) {
        return core::outcome::fail(e.code(), e.what());
    }
    REQUIRE(reply);
    return *reply;
}

/// A staff context as sign-in leaves it, with a live staff session: the dispatcher refuses a
/// staff request whose session has ended (or never began).
inline core::session_context with_session(api::rooms& rooms, core::session_context ctx) {
    if (ctx.staff && ctx.staff_session.empty())
        ctx.staff_session = rooms.staff_sessions.open(ctx.staff->username).id;
    return ctx;
}

/// The refusal's code, or "" for a reply.
inline std::string code_of(core::outcome const& o) {
    return o.error ? std::string(protocol::code_name(*o.error)) : "";
}

} // namespace craftmark::testing
