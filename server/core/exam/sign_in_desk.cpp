#include "server/core/exam/sign_in_desk.hpp"

#include "shared/crypto/digest.hpp"
#include "shared/crypto/password.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

sign_in_desk::sign_in_desk(live_sittings& live,
                           sitting_repository& sittings,
                           sign_in_throttle& throttle,
                           staff_sessions& sessions,
                           util::clock const& clock)
    : live_(live), sittings_(sittings), throttle_(throttle), sessions_(sessions), clock_(clock) {}

// A sitting whose paper needs the browser (figures, formulas) is refused to other clients, which
// say which they are; one that says nothing is a terminal, as before the field existed.
bool sign_in_desk::delivered_to(live_attempt const& a, std::string const& client) {
    return a.sitting->sitting.delivery != "browser" || client == "browser";
}

void sign_in_desk::refuse(std::string const& ticket, reply_fn done) {
    auto left = throttle_.failed("ticket:" + ticket);
    if (left > 0)
        return done(outcome::fail(errc::bad_credentials,
                                  "wrong ticket number or access code; " + std::to_string(left) +
                                      (left == 1 ? " try" : " tries") +
                                      " left before this ticket is locked for 5 minutes"));
    // Locked now: the proctor's seat shows it, with the unlock action.
    after_unlock after;
    if (auto a = live_.by_ticket(ticket)) {
        live_.push_seat(*a, after);
        a.unlock();
    }
    run_all(after);
    done(outcome::fail(errc::rate_limited,
                       "too many wrong access codes: this ticket is locked for 5 minutes; "
                       "ask the proctor to unlock it"));
}

void sign_in_desk::hold_for_approval(locked_attempt a,
                                     std::string const& terminal_id,
                                     reply_fn done) {
    // The seat map shows the request until a proctor approves the new terminal.
    after_unlock after;
    if (a->terminal_request != terminal_id) {
        a->terminal_request = terminal_id;
        live_.push_seat(*a, after);
    }
    a.unlock();
    run_all(after);
    done(outcome::fail(errc::ticket_in_use,
                       "this attempt is bound to another terminal; the proctor has been asked "
                       "to approve this one"));
}

void sign_in_desk::sign_in(session_context const&,
                           protocol::sign_in const& request,
                           reply_fn done) {
    // Six-digit codes must not be guessable: five wrong codes lock the ticket for five minutes.
    if (throttle_.locked_until("ticket:" + request.ticket))
        return done(outcome::fail(errc::rate_limited,
                                  "this ticket is locked after too many wrong access codes; "
                                  "ask the proctor to unlock it"));
    auto candidate = sittings_.find_candidate(request.ticket);
    // A candidate has a code only once checked in (or released): none before, none after a
    // no-show or a check-out.
    if (!candidate || candidate->access_code.empty() ||
        !crypto::constant_time_equal(candidate->access_code, request.access_code))
        return refuse(request.ticket, std::move(done));
    throttle_.forget("ticket:" + request.ticket);
    if (auto sitting = live_.sitting(candidate->sitting_id);
        sitting && sitting->sitting.paper_sealed)
        return done(outcome::fail(errc::sitting_not_open,
                                  "the paper is still sealed: it opens when the centre's key "
                                  "arrives at the start; 试卷尚未解密，开考时由中心下发密钥"));
    auto a = live_.by_ticket(request.ticket);
    if (!a)
        return done(outcome::fail(errc::internal_error, "the candidate's sitting is not set up"));
    if (!delivered_to(*a, request.client)) return done(outcome::fail(errc::browser_required));
    if (!a->record.terminal_id.empty() && a->record.terminal_id != request.terminal_id)
        return hold_for_approval(std::move(a), request.terminal_id, std::move(done));
    a->terminal_request.clear();
    auto token = crypto::random_hex(32);
    a->record.terminal_id = request.terminal_id;
    // A new sign-in retires the old token and ends the connections that still use it.
    after_unlock after;
    live_.set_token(*a, crypto::sha256_hex(token), after);
    auto view = live_.session_view(*a, token);
    auto snapshot = a->record;
    a.unlock();
    live_.persist(
        snapshot,
        {"candidate:" + request.ticket,
         "auth.sign_in",
         request.ticket,
         {{"terminal", request.terminal_id}}},
        [this, done = std::move(done), after = std::move(after),
         signed_in = effect::candidate_signed_in{snapshot.id, snapshot.sitting_id, snapshot.ticket,
                                                 snapshot.resume_token_hash}](outcome o) mutable {
            if (!o.error) {
                run_all(after);
                o.effect = signed_in;
                connected(signed_in.attempt_id);
            }
            done(std::move(o));
        },
        outcome::ok(std::move(view)));
}

void sign_in_desk::resume(session_context const&, protocol::resume const& request, reply_fn done) {
    auto token_hash = crypto::sha256_hex(request.resume_token);
    auto a = live_.by_token(token_hash);
    if (!a) return done(outcome::fail(errc::invalid_token));
    if (!delivered_to(*a, request.client)) return done(outcome::fail(errc::browser_required));
    // The token is bound to the terminal that signed in: from any other it is only a request.
    if (a->record.terminal_id != request.terminal_id)
        return hold_for_approval(std::move(a), request.terminal_id, std::move(done));
    auto o = outcome::ok(live_.session_view(*a));
    auto attempt_id = a->record.id;
    o.effect =
        effect::candidate_signed_in{attempt_id, a->record.sitting_id, a->record.ticket, token_hash};
    a.unlock();
    connected(attempt_id);
    done(std::move(o));
}

void sign_in_desk::connected(std::int64_t attempt_id) {
    after_unlock after;
    if (auto a = live_.attempt(attempt_id)) {
        ++a->connections;
        a->missing_since = 0;
        live_.push_seat(*a, after);
    }
    run_all(after);
}

void sign_in_desk::session_closed(std::int64_t attempt_id) {
    after_unlock after;
    if (auto a = live_.attempt(attempt_id); a && a->connections > 0) {
        if (--a->connections == 0) a->missing_since = clock_.now();
        live_.push_seat(*a, after);
    }
    run_all(after);
}

void sign_in_desk::staff_sign_in(session_context const&,
                                 protocol::staff_sign_in const& request,
                                 reply_fn done) {
    auto key = "staff:" + request.username;
    if (throttle_.locked_until(key))
        return done(outcome::fail(errc::rate_limited,
                                  "too many failed sign-ins for this account; wait 5 minutes"));
    auto staff = sittings_.find_staff(request.username);
    // Hash even for unknown accounts, so timing does not tell which usernames exist.
    bool ok = crypto::verify_password(request.password,
                                      staff ? staff->password_hash : "scrypt$32768$8$1$00$00");
    if (!staff || !ok) {
        throttle_.failed(key);
        return done(outcome::fail(errc::bad_credentials, "user name or password is wrong"));
    }
    throttle_.forget(key);
    auto session = sessions_.open(staff->username);
    done(staff_session_opened(std::move(*staff), std::move(session.token), std::move(session.id)));
}

void sign_in_desk::staff_resume(session_context const&,
                                protocol::staff_resume const& request,
                                reply_fn done) {
    auto session = sessions_.resume(request.token);
    // The account is read again: a role, scope or account changed since sign-in counts now.
    auto staff = session ? sittings_.find_staff(session->username) : std::nullopt;
    if (!staff) {
        if (session) sessions_.end(session->id);
        return done(outcome::fail(errc::bad_credentials,
                                  "the staff session has ended; sign in with the password"));
    }
    done(staff_session_opened(std::move(*staff), request.token, std::move(session->id)));
}

outcome
sign_in_desk::staff_session_opened(staff_record staff, std::string token, std::string session) {
    staff.password_hash.clear();
    auto o = outcome::ok(protocol::staff_session{.username = staff.username,
                                                 .display_name = staff.display_name,
                                                 .role = staff.role,
                                                 .scopes = staff.scopes,
                                                 .server_time = clock_.now(),
                                                 .session_token = std::move(token),
                                                 .idle_seconds = sessions_.idle().count()});
    o.effect = effect::staff_signed_in{std::move(staff), std::move(session)};
    return o;
}

void sign_in_desk::sign_out(session_context const& ctx,
                            protocol::sign_out const& request,
                            reply_fn done) {
    if (request.everywhere)
        sessions_.end_all(ctx.staff->username);
    else
        sessions_.end(ctx.staff_session);
    auto o = outcome::ok(request);
    o.effect = effect::staff_signed_out{request.everywhere};
    done(std::move(o));
}

} // namespace craftmark::core
