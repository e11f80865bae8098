#pragma once
// What every room's handler answers, and who it answers: the reply or refusal, the session's
// effect, and the session as the core sees it.
#include "server/core/records.hpp"
#include "shared/protocol/catalog.hpp"
#include "shared/protocol/errors.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

namespace craftmark::core {

/// What the session must do once a reply is sent, named (the network layer carries it out).
namespace effect {
/// auth.sign_in / auth.resume: the session now speaks for this attempt, with this resume-token
/// hash (once the attempt's token is another, the session speaks for nobody).
struct candidate_signed_in {
    std::int64_t attempt_id = 0;
    std::string sitting_id;
    std::string ticket;
    std::string credential;
};
/// auth.staff_sign_in / auth.staff_resume: the session's new identity, and the staff session
/// (staff_sessions) its requests keep alive.
struct staff_signed_in {
    staff_record staff;
    std::string session;
};
/// auth.sign_out: the session closes once the reply is sent; with `everywhere`, the account's
/// other connections are told and closed too.
struct staff_signed_out {
    bool everywhere = false;
};
/// room.watch: send the session this sitting's seat updates.
struct watching_room {
    std::string sitting_id;
};
/// scoreboard.watch: send the session this event's board (staff's or everyone's) when it changes.
struct watching_board {
    std::string event_id;
    bool staff = false;
};
} // namespace effect
using session_effect = std::variant<std::monostate,
                                    effect::candidate_signed_in,
                                    effect::staff_signed_in,
                                    effect::staff_signed_out,
                                    effect::watching_room,
                                    effect::watching_board>;

/// What a handler answers: a reply body or a refusal with a stable code, and what the session
/// must do afterwards.
struct outcome {
    std::optional<protocol::errc> error;
    std::string message;
    nlohmann::json body = nlohmann::json::object();
    std::string body_text; // the body written as JSON text (a paper); `body` is then unused
    session_effect effect;

    static outcome ok(nlohmann::json body) {
        outcome o;
        o.body = std::move(body);
        return o;
    }
    static outcome ok_text(std::string body_text) {
        outcome o;
        o.body_text = std::move(body_text);
        return o;
    }
    static outcome fail(protocol::errc code, std::string message = {}) {
        outcome o;
        o.error = code;
        o.message =
            message.empty() ? std::string(protocol::default_message(code)) : std::move(message);
        return o;
    }
};
/// Answers a request; may run on the writer's thread once a write is durable.
using reply_fn = std::function<void(outcome)>;

/// Who is on the other end of a session, as far as the core is concerned.
struct session_context {
    protocol::role role = protocol::role::none;
    std::int64_t attempt_id = 0;
    std::string ticket; // a candidate's
    // The resume-token hash a candidate session signed in with: once the attempt's token is
    // another (a new sign-in, an approved terminal, a move), this session speaks for nobody.
    std::string credential;
    std::optional<staff_record> staff;
    std::string staff_session; // the id of a staff connection's session (staff_sessions)
    // Sends a push to this connection alone, from any thread (a long change's progress);
    // pushes sent before the request's reply arrive before it.
    std::function<void(std::string frame)> push;
};

/// How a staff member appears in the audit log.
inline std::string staff_actor(session_context const& ctx) {
    return "staff:" + ctx.staff->username;
}

} // namespace craftmark::core
