#include "server/core/proctoring/proctor_desk.hpp"

#include "server/core/proctoring/staff_scope.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/protocol/envelope.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

proctor_desk::proctor_desk(live_sittings& live,
                           room_repository& room_store,
                           sign_in_throttle& throttle)
    : live_(live), room_store_(room_store), throttle_(throttle) {}

void proctor_desk::watch(session_context const& ctx,
                         protocol::sitting_ref const& request,
                         reply_fn done) {
    auto room = live_.room(request.sitting_id);
    if (auto refusal = refuse_scope(ctx, room.sitting.get(), request.sitting_id))
        return done(*refusal);
    auto const& s = room.sitting->sitting;
    protocol::room_view view{
        .sitting = {.id = s.id,
                    .title = s.title.empty() ? room.sitting->assessment_.title : s.title,
                    .venue = s.venue,
                    .room = s.room,
                    .starts_at = s.starts_at},
        .server_time = live_.clock().now()};
    for (auto* a : room.seats) view.seats.push_back(live_.seat_view(*a));
    auto o = outcome::ok(std::move(view));
    o.effect = effect::watching_room{request.sitting_id};
    done(std::move(o));
}

void proctor_desk::check_in(session_context const& ctx,
                            protocol::check_in const& request,
                            reply_fn done) {
    // Named, not structured bindings: clang 14 (the fuzzing build) cannot capture those.
    auto const& ticket = request.ticket;
    auto const& state = request.state;
    auto a = staff_target(live_, ctx, ticket, done);
    if (!a) return;
    // The code is what the proctor hands over after checking identity: each check-in issues a
    // new one (the one before stops working), and a no-show or a check-out kills it.
    auto& c = a->candidate;
    auto previous = c.access_code;
    c.access_code.clear();
    if (present(state))
        while (c.access_code.empty() || c.access_code == previous)
            c.access_code = crypto::random_digits(6);
    c.checkin = state;
    c.checkin_at = live_.clock().now();
    protocol::checked_in reply{.ticket = ticket,
                               .state = state,
                               .name = c.name,
                               .seat = c.seat,
                               .national_id = c.national_id,
                               .checkin_at = c.checkin_at,
                               .access_code = c.access_code};
    auto snapshot = c;
    auto id = a->record.id;
    a.unlock();
    reply.photo = room_store_.has_photo(snapshot.national_id);
    room_store_.set_checkin(snapshot,
                            {staff_actor(ctx), "candidate.check_in", ticket, {{"state", state}}},
                            [this, done = std::move(done), reply, id](write_status s) {
                                if (s == write_status::failed)
                                    return done(outcome::fail(errc::storage_failed));
                                after_unlock pushes;
                                if (auto live = live_.attempt(id)) live_.push_seat(*live, pushes);
                                run_all(pushes);
                                done(outcome::ok(reply));
                            });
}

void proctor_desk::photo(session_context const& ctx,
                         protocol::photo_request const& request,
                         reply_fn done) {
    auto a = staff_target(live_, ctx, request.ticket, done);
    if (!a) return;
    auto national_id = a->candidate.national_id;
    a.unlock();
    protocol::candidate_photo reply{.ticket = request.ticket};
    if (auto p = room_store_.photo(national_id))
        reply = {request.ticket, p->media_type, crypto::base64url_encode(p->bytes), p->sha256};
    done(outcome::ok(std::move(reply)));
}

void proctor_desk::unlock(session_context const& ctx,
                          protocol::candidate_unlock const& request,
                          reply_fn done) {
    auto const& ticket = request.ticket;
    auto a = staff_target(live_, ctx, ticket, done);
    if (!a) return;
    bool was_locked = throttle_.forget("ticket:" + ticket);
    after_unlock after;
    live_.push_seat(*a, after);
    a.unlock();
    run_all(after);
    room_store_.record({staff_actor(ctx),
                        "candidate.unlock",
                        ticket,
                        {{"reason", request.reason}, {"was_locked", was_locked}}},
                       [done = std::move(done), ticket, was_locked](write_status s) {
                           if (s == write_status::failed)
                               return done(outcome::fail(errc::storage_failed));
                           done(outcome::ok(protocol::unlocked{ticket, was_locked}));
                       });
}

void proctor_desk::pause(session_context const& ctx,
                         protocol::attempt_control const& r,
                         reply_fn done) {
    control(ctx, control_action::pause, r, 0, std::move(done));
}
void proctor_desk::resume(session_context const& ctx,
                          protocol::attempt_control const& r,
                          reply_fn done) {
    control(ctx, control_action::resume, r, 0, std::move(done));
}
void proctor_desk::terminate(session_context const& ctx,
                             protocol::attempt_control const& r,
                             reply_fn done) {
    control(ctx, control_action::terminate, r, 0, std::move(done));
}
void proctor_desk::extra_time(session_context const& ctx,
                              protocol::attempt_extension const& r,
                              reply_fn done) {
    control(ctx, control_action::extra_time, r.control, r.minutes, std::move(done));
}
void proctor_desk::reopen(session_context const& ctx,
                          protocol::attempt_extension const& r,
                          reply_fn done) {
    control(ctx, control_action::reopen, r.control, r.minutes, std::move(done));
}

namespace {
/// The audit action and the time push's reason of a control.
char const* action_name(int action) {
    static char const* const names[] = {"pause", "resume", "extra_time", "terminate", "reopen"};
    return names[action];
}
} // namespace

void proctor_desk::control(session_context const& ctx,
                           control_action action,
                           protocol::attempt_control const& request,
                           std::int64_t minutes,
                           reply_fn done) {
    std::string name = action_name(static_cast<int>(action));
    std::set<std::string> only(request.tickets.begin(), request.tickets.end());
    after_unlock after;
    std::vector<attempt_record> writes;
    protocol::control_result result;
    auto room = live_.room(request.sitting_id);
    if (auto refusal = refuse_scope(ctx, room.sitting.get(), request.sitting_id))
        return done(*refusal);
    auto now = live_.clock().now();
    json detail{{"reason", request.reason}, {"comment", request.comment}};
    if (minutes) detail["minutes"] = minutes;
    std::vector<live_attempt*> terminated;
    // Tickets named that are not in this room (mistyped, or of another sitting) are reported,
    // not silently passed over.
    std::set<std::string> unknown = only;
    for (auto* a : room.seats) {
        auto& r = a->record;
        if (!only.empty() && !only.count(r.ticket)) continue;
        unknown.erase(r.ticket);
        bool running = r.state == attempt_state::running;
        std::string why;
        switch (action) {
        case control_action::pause:
            if (running && !r.clock.paused())
                r.clock.pause(now);
            else
                why = running ? "already paused" : "not running";
            break;
        case control_action::resume:
            if (running && r.clock.paused())
                r.clock.resume(now);
            else
                why = "not paused";
            break;
        case control_action::extra_time:
            if (r.state != attempt_state::closed)
                r.clock.extra += minutes * 60'000;
            else
                why = "closed; reopen it instead";
            break;
        case control_action::terminate:
            if (running)
                terminated.push_back(a);
            else
                why = "not running";
            break;
        case control_action::reopen:
            if (r.state == attempt_state::closed && r.paper) {
                r.state = attempt_state::running;
                r.close_reason.clear();
                r.closed_at = 0;
                r.result = nullptr;
                r.clock.extra += now + minutes * 60'000 - r.clock.deadline(now);
            } else {
                why = "not closed";
            }
            break;
        }
        if (!why.empty()) {
            result.skipped.push_back({r.ticket, why});
            continue;
        }
        result.applied.push_back(r.ticket);
        if (action == control_action::terminate) continue;
        writes.push_back(r);
        auto t = live_.time_of(*a, name);
        after.push_back([this, id = r.id, t] {
            live_.notify().to_attempt(id, protocol::encode_push("time.changed", t));
        });
        live_.push_seat(*a, after);
    }
    result.unknown = {unknown.begin(), unknown.end()};
    auto reply = after_all(writes.size() + terminated.size(), std::move(done), result);
    for (auto* a : terminated) live_.close(*a, "terminated", now, after, reply);
    room.lock.unlock();
    for (auto& snapshot : writes) {
        auto event = audit_event{staff_actor(ctx), "attempt." + name, snapshot.ticket, detail};
        live_.persist(snapshot, std::move(event), reply, outcome::ok(json::object()));
    }
    run_all(after);
}

void proctor_desk::approve_terminal(session_context const& ctx,
                                    protocol::terminal_approve const& request,
                                    reply_fn done) {
    auto const& ticket = request.ticket;
    auto a = staff_target(live_, ctx, ticket, done);
    if (!a) return;
    // The waiting terminal (or, with none waiting, the next to sign in with the access code)
    // gets the attempt; the old one is cut off and its token is dead.
    auto previous = a->record.terminal_id;
    auto approved = std::exchange(a->terminal_request, std::string());
    a->record.terminal_id = approved;
    after_unlock after;
    live_.retire_token(*a, "terminal_replaced", after);
    auto snapshot = a->record;
    live_.push_seat(*a, after);
    a.unlock();
    run_all(after);
    live_.persist(
        snapshot,
        {staff_actor(ctx),
         "terminal.approve",
         ticket,
         {{"reason", request.reason}, {"previous_terminal", previous}, {"terminal", approved}}},
        std::move(done), outcome::ok(protocol::terminal_approved{ticket, approved}));
}

void proctor_desk::move(session_context const& ctx,
                        protocol::candidate_move const& request,
                        reply_fn done) {
    auto const& ticket = request.ticket;
    auto const& seat = request.seat;
    auto a = staff_target(live_, ctx, ticket, done);
    if (!a) return;
    auto from = a->candidate.seat;
    a->candidate.seat = seat;
    // The candidate continues at the new seat's terminal with the access code; the old
    // terminal is cut off and its token is dead.
    a->record.terminal_id.clear();
    a->terminal_request.clear();
    after_unlock after;
    live_.retire_token(*a, "moved", after);
    auto snapshot = a->record;
    live_.push_seat(*a, after);
    a.unlock();
    run_all(after);
    auto reply = after_all(2, std::move(done), {{"ticket", ticket}, {"seat", seat}});
    live_.persist(snapshot, {staff_actor(ctx), "attempt.unbind", ticket, {{"reason", "moved"}}},
                  reply, outcome::ok(json::object()));
    room_store_.set_seat(ticket, seat,
                         {staff_actor(ctx),
                          "candidate.move",
                          ticket,
                          {{"from", from}, {"to", seat}, {"reason", request.reason}}},
                         [reply](write_status s) {
                             reply(s == write_status::failed ? outcome::fail(errc::storage_failed)
                                                             : outcome::ok(json::object()));
                         });
}

} // namespace craftmark::core
