// Staff sign-in and the proctor's controls: the room's seat map, check-in, pause and resume,
// extra time, terminate, reopen, terminal moves, announcements, messages, raised hands.
#include "server/core/bank/scoring.hpp"
#include "server/core/exam/exam_service.hpp"
#include "server/core/exam/exam_state.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/password.hpp"
#include "shared/protocol/seat_messages.hpp"

#include <atomic>

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

namespace {

/// Answers `done` once `count` durable writes have reported, with `body` if all succeeded.
std::function<void(outcome)> after_all(std::size_t count, reply_fn done, json body) {
    if (count == 0) {
        done(outcome::ok(std::move(body)));
        return {};
    }
    struct state {
        std::atomic<std::size_t> left;
        std::atomic<bool> failed{false};
        reply_fn done;
        json body;
    };
    auto s = std::make_shared<state>();
    s->left = count;
    s->done = std::move(done);
    s->body = std::move(body);
    return [s](outcome o) {
        if (o.error) s->failed = true;
        if (--s->left == 0)
            s->done(s->failed ? outcome::fail(errc::storage_failed) : outcome::ok(s->body));
    };
}
} // namespace

std::optional<outcome> exam_service::refuse_scope(session_context const& ctx,
                                                  std::string const& sitting_id) {
    auto sitting = sitting_for(sitting_id);
    if (!sitting) return outcome::fail(errc::invalid_field, "no sitting " + sitting_id);
    if (!ctx.staff || !in_scope(*ctx.staff, sitting->sitting))
        return outcome::fail(errc::forbidden, "this account may not act on sitting " + sitting_id);
    return std::nullopt;
}

exam_service::live_attempt*
exam_service::staff_target(session_context const& ctx, std::string const& ticket, reply_fn& done) {
    auto record = attempts_.find_attempt(ticket);
    auto* a = record ? load(*record) : nullptr;
    if (!a) {
        done(outcome::fail(errc::invalid_field, "no candidate " + ticket));
        return nullptr;
    }
    if (auto refusal = refuse_scope(ctx, a->record.sitting_id)) {
        done(*refusal);
        return nullptr;
    }
    return a;
}

std::vector<exam_service::live_attempt*> exam_service::room(std::string const& sitting_id) {
    std::vector<live_attempt*> seats;
    for (auto& record : attempts_.attempts_of(sitting_id))
        if (auto* a = load(std::move(record))) seats.push_back(a);
    return seats;
}

json exam_service::seat_view(live_attempt const& a) const {
    auto now = clock_.now();
    std::size_t answered = 0;
    for (auto const& [item, answer] : a.answers) // only items on the paper can be saved
        if (is_answered(answer.response)) ++answered;
    std::string connection = a.record.state == attempt_state::closed ? "submitted"
                             : a.connections > 0                     ? "connected"
                             : a.missing_since > 0                   ? "missing"
                                                                     : "not_signed_in";
    auto t = time_of(a);
    return {{"ticket", a.record.ticket},
            {"name", a.candidate.name},
            {"seat", a.candidate.seat},
            {"checkin", a.candidate.checkin},
            {"checkin_at", a.candidate.checkin_at},
            {"locked_until", locked_until("ticket:" + a.record.ticket)},
            {"connection", connection},
            {"missing_since", a.connections > 0 ? 0 : a.missing_since},
            {"state", t.state},
            {"close_reason", a.record.close_reason},
            {"answered", answered},
            {"total", a.paper_items()},
            {"remaining_ms", t.remaining_ms},
            {"deadline", t.deadline},
            {"server_time", now},
            {"hand_raised", a.hand_raised},
            {"terminal_request", !a.terminal_request.empty()},
            {"incidents_open", a.sitting->open_incidents.count(a.record.ticket)
                                   ? a.sitting->open_incidents.at(a.record.ticket)
                                   : 0},
            {"focus_lost", a.focus_lost}};
}

void exam_service::push_seat(live_attempt const& a, std::vector<std::function<void()>>& after) {
    if (!notify_.watched(a.record.sitting_id)) return; // a save must not pay for an empty room
    auto frame = protocol::encode_push("room.seat", seat_view(a));
    after.push_back(
        [this, sitting = a.record.sitting_id, frame] { notify_.to_staff(sitting, frame); });
}

void exam_service::staff_sign_in(json const& body, reply_fn done) {
    auto username = protocol::required_string(body, "username", protocol::max_identifier);
    auto password = protocol::required_string(body, "password", 256);
    auto now = clock_.now();
    if (throttled("staff:" + username))
        return done(outcome::fail(errc::rate_limited,
                                  "too many failed sign-ins for this account; wait 5 minutes"));
    auto staff = sittings_.find_staff(username);
    // Hash even for unknown accounts, so timing does not tell which usernames exist.
    bool ok =
        crypto::verify_password(password, staff ? staff->password_hash : "scrypt$32768$8$1$00$00");
    if (!staff || !ok) {
        note_sign_in("staff:" + username, false);
        return done(outcome::fail(errc::bad_credentials, "user name or password is wrong"));
    }
    note_sign_in("staff:" + username, true);
    staff->password_hash.clear();
    auto o = outcome::ok({{"username", staff->username},
                          {"display_name", staff->display_name},
                          {"role", staff->role},
                          {"scopes", staff->scopes},
                          {"server_time", now}});
    o.effect = effect::staff_signed_in{*staff};
    done(std::move(o));
}

void exam_service::watch(session_context const& ctx, json const& body, reply_fn done) {
    auto sitting_id = protocol::required_string(body, "sitting_id", protocol::max_identifier);
    std::lock_guard lock(mutex_);
    if (auto refusal = refuse_scope(ctx, sitting_id)) return done(*refusal);
    auto const& s = sitting_for(sitting_id)->sitting;
    json seats = json::array();
    for (auto* a : room(sitting_id)) seats.push_back(seat_view(*a));
    auto const& title = s.title.empty() ? sitting_for(sitting_id)->assessment_.title : s.title;
    auto o = outcome::ok({{"sitting",
                           {{"id", s.id},
                            {"title", title},
                            {"venue", s.venue},
                            {"room", s.room},
                            {"starts_at", s.starts_at}}},
                          {"seats", seats},
                          {"server_time", clock_.now()}});
    o.effect = effect::watching_room{sitting_id};
    done(std::move(o));
}

void exam_service::watch_board(session_context const& ctx, json const& body, reply_fn done) {
    auto event_id = protocol::required_string(body, "event", protocol::max_identifier);
    // Staff see the live board; candidates and anyone not signed in only what is released.
    bool staff = ctx.role == protocol::role::proctor || ctx.role == protocol::role::examiner ||
                 ctx.role == protocol::role::admin;
    auto board = boards_ ? boards_->board(event_id, staff) : json();
    if (board.is_null())
        return done(outcome::fail(errc::invalid_field, "no event \"" + event_id + "\""));
    auto o = outcome::ok({{"board", std::move(board)}});
    o.effect = effect::watching_board{event_id, staff};
    done(std::move(o));
}

void exam_service::check_in(session_context const& ctx, json const& body, reply_fn done) {
    // Named, not structured bindings: clang 14 (the fuzzing build) cannot capture those.
    auto request = body.get<protocol::check_in>();
    auto const& ticket = request.ticket;
    auto const& state = request.state;
    std::unique_lock lock(mutex_);
    auto* a = staff_target(ctx, ticket, done);
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
    c.checkin_at = clock_.now();
    json reply{{"ticket", ticket},
               {"state", state},
               {"name", c.name},
               {"seat", c.seat},
               {"national_id", c.national_id},
               {"checkin_at", c.checkin_at}};
    if (present(state)) reply["access_code"] = c.access_code;
    auto snapshot = c;
    auto id = a->record.id;
    lock.unlock();
    attempts_.set_checkin(snapshot,
                          {staff_actor(ctx), "candidate.check_in", ticket, {{"state", state}}},
                          [this, done = std::move(done), reply, id](write_status s) {
                              if (s == write_status::failed)
                                  return done(outcome::fail(errc::storage_failed));
                              std::vector<std::function<void()>> pushes;
                              {
                                  std::lock_guard relock(mutex_);
                                  if (auto* live = find_live(id)) push_seat(*live, pushes);
                              }
                              for (auto& f : pushes) f();
                              done(outcome::ok(reply));
                          });
}

void exam_service::unlock_ticket(session_context const& ctx, json const& body, reply_fn done) {
    auto request = body.get<protocol::candidate_unlock>();
    auto const& ticket = request.ticket;
    auto const& reason = request.reason;
    std::vector<std::function<void()>> after;
    std::unique_lock lock(mutex_);
    auto* a = staff_target(ctx, ticket, done);
    if (!a) return;
    bool was_locked = locked_until("ticket:" + ticket) != 0;
    failed_sign_ins_.erase("ticket:" + ticket);
    push_seat(*a, after);
    lock.unlock();
    for (auto& f : after) f();
    attempts_.record({staff_actor(ctx),
                      "candidate.unlock",
                      ticket,
                      {{"reason", reason}, {"was_locked", was_locked}}},
                     [done = std::move(done), ticket, was_locked](write_status s) {
                         if (s == write_status::failed)
                             return done(outcome::fail(errc::storage_failed));
                         done(outcome::ok({{"ticket", ticket}, {"was_locked", was_locked}}));
                     });
}

void exam_service::control(session_context const& ctx,
                           std::string const& type,
                           json const& body,
                           reply_fn done) {
    auto sitting_id = protocol::required_string(body, "sitting_id", protocol::max_identifier);
    auto reason = protocol::required_string(body, "reason", protocol::max_identifier);
    auto comment = protocol::optional_string(body, "comment", 1000);
    std::int64_t minutes = 0;
    if (type == "attempt.extra_time") minutes = protocol::required_integer(body, "minutes", 1, 600);
    if (type == "attempt.reopen") minutes = protocol::required_integer(body, "minutes", 1, 600);
    std::set<std::string> only;
    if (body.contains("tickets")) {
        if (!body["tickets"].is_array())
            throw protocol::protocol_error(errc::invalid_field,
                                           "field \"tickets\" must be an array");
        for (auto const& t : body["tickets"]) {
            if (!t.is_string())
                throw protocol::protocol_error(errc::invalid_field,
                                               "\"tickets\" holds ticket strings");
            only.insert(t.get<std::string>());
        }
    }
    std::vector<std::function<void()>> after;
    std::vector<std::pair<attempt_record, std::string>> writes; // snapshot, action
    json applied = json::array(), skipped = json::array();
    std::unique_lock lock(mutex_);
    if (auto refusal = refuse_scope(ctx, sitting_id)) return done(*refusal);
    auto now = clock_.now();
    json detail{{"reason", reason}, {"comment", comment}};
    if (minutes) detail["minutes"] = minutes;
    std::vector<live_attempt*> terminated;
    // Tickets named that are not in this room (mistyped, or of another sitting) are reported,
    // not silently passed over.
    auto unknown = only;
    for (auto* a : room(sitting_id)) {
        auto& r = a->record;
        if (!only.empty() && !only.count(r.ticket)) continue;
        unknown.erase(r.ticket);
        bool running = r.state == attempt_state::running;
        std::string why;
        if (type == "attempt.pause") {
            if (running && !r.clock.paused())
                r.clock.pause(now);
            else
                why = running ? "already paused" : "not running";
        } else if (type == "attempt.resume") {
            if (running && r.clock.paused())
                r.clock.resume(now);
            else
                why = "not paused";
        } else if (type == "attempt.extra_time") {
            if (r.state != attempt_state::closed)
                r.clock.extra += minutes * 60'000;
            else
                why = "closed; reopen it instead";
        } else if (type == "attempt.terminate") {
            if (running)
                terminated.push_back(a);
            else
                why = "not running";
        } else if (type == "attempt.reopen") {
            if (r.state == attempt_state::closed && r.paper) {
                r.state = attempt_state::running;
                r.close_reason.clear();
                r.closed_at = 0;
                r.result = nullptr;
                r.clock.extra += now + minutes * 60'000 - r.clock.deadline(now);
            } else {
                why = "not closed";
            }
        }
        if (!why.empty()) {
            skipped.push_back({{"ticket", r.ticket}, {"why", why}});
            continue;
        }
        applied.push_back(r.ticket);
        if (type == "attempt.terminate") continue;
        writes.emplace_back(r, type);
        auto t = time_of(*a, type.substr(8)); // "pause", "resume", "extra_time", "reopen"
        after.push_back([this, id = r.id, t] {
            notify_.to_attempt(id, protocol::encode_push("time.changed", t));
        });
        push_seat(*a, after);
    }
    auto reply = after_all(writes.size() + terminated.size(), std::move(done),
                           {{"applied", applied}, {"skipped", skipped}, {"unknown", unknown}});
    for (auto* a : terminated) {
        close(*a, "terminated", now, after, reply);
        push_seat(*a, after);
    }
    lock.unlock();
    for (auto& [snapshot, action] : writes) {
        auto event = audit_event{staff_actor(ctx), action, snapshot.ticket, detail};
        persist(snapshot, std::move(event), reply, outcome::ok(json::object()));
    }
    for (auto& f : after) f();
}

void exam_service::approve_terminal(session_context const& ctx, json const& body, reply_fn done) {
    auto request = body.get<protocol::terminal_approve>();
    auto const& ticket = request.ticket;
    auto const& reason = request.reason;
    std::unique_lock lock(mutex_);
    auto* a = staff_target(ctx, ticket, done);
    if (!a) return;
    // The waiting terminal (or, with none waiting, the next to sign in with the access code)
    // gets the attempt; the old one is cut off and its token is dead.
    auto previous = a->record.terminal_id;
    auto approved = std::exchange(a->terminal_request, std::string());
    a->record.terminal_id = approved;
    std::vector<std::function<void()>> after;
    retire_token(*a, "terminal_replaced", after);
    auto snapshot = a->record;
    push_seat(*a, after);
    lock.unlock();
    for (auto& f : after) f();
    persist(snapshot,
            {staff_actor(ctx),
             "terminal.approve",
             ticket,
             {{"reason", reason}, {"previous_terminal", previous}, {"terminal", approved}}},
            std::move(done), outcome::ok({{"ticket", ticket}, {"terminal", approved}}));
}

void exam_service::announce(session_context const& ctx, json const& body, reply_fn done) {
    auto sitting_id = protocol::required_string(body, "sitting_id", protocol::max_identifier);
    auto text = protocol::required_string(body, "text", 2000);
    {
        std::lock_guard lock(mutex_);
        if (auto refusal = refuse_scope(ctx, sitting_id)) return done(*refusal);
    }
    auto now = clock_.now();
    attempts_.record({staff_actor(ctx), "room.announce", sitting_id, {{"text", text}}},
                     [this, sitting_id, text, now, done = std::move(done)](write_status s) {
                         if (s == write_status::failed)
                             return done(outcome::fail(errc::storage_failed));
                         notify_.to_sitting(
                             sitting_id,
                             protocol::encode_push("announcement", {{"text", text}, {"at", now}}));
                         done(outcome::ok({{"sitting_id", sitting_id}, {"at", now}}));
                     });
}

void exam_service::message(session_context const& ctx, json const& body, reply_fn done) {
    auto ticket = protocol::required_string(body, "ticket", protocol::max_identifier);
    auto text = protocol::required_string(body, "text", 2000);
    std::unique_lock lock(mutex_);
    auto* a = staff_target(ctx, ticket, done);
    if (!a) return;
    auto id = a->record.id;
    a->hand_raised = false; // answering a raised hand lowers it
    std::vector<std::function<void()>> after;
    push_seat(*a, after);
    lock.unlock();
    for (auto& f : after) f();
    auto now = clock_.now();
    attempts_.record(
        {staff_actor(ctx), "candidate.message", ticket, {{"text", text}}},
        [this, id, text, now, ticket, done = std::move(done)](write_status s) {
            if (s == write_status::failed) return done(outcome::fail(errc::storage_failed));
            notify_.to_attempt(id, protocol::encode_push("message", {{"text", text}, {"at", now}}));
            done(outcome::ok({{"ticket", ticket}, {"at", now}}));
        });
}

void exam_service::raise_hand(std::int64_t attempt_id, reply_fn done) {
    std::vector<std::function<void()>> after;
    std::unique_lock lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    a->hand_raised = true;
    push_seat(*a, after);
    auto ticket = a->record.ticket;
    lock.unlock();
    for (auto& f : after) f();
    attempts_.record({"candidate:" + ticket, "hand.raise", ticket, {}},
                     [done = std::move(done)](write_status) {
                         done(outcome::ok(json::object())); // the proctor has already been told
                     });
}

void exam_service::report_focus(std::int64_t attempt_id, json const& body, reply_fn done) {
    if (!body.contains("focused") || !body["focused"].is_boolean())
        throw protocol::protocol_error(errc::invalid_field,
                                       "field \"focused\" must be true or false");
    bool focused = body["focused"].get<bool>();
    std::vector<std::function<void()>> after;
    std::unique_lock lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    if (!focused) ++a->focus_lost;
    push_seat(*a, after);
    auto ticket = a->record.ticket;
    lock.unlock();
    for (auto& f : after) f();
    attempts_.record({"candidate:" + ticket,
                      focused ? "terminal.focus_back" : "terminal.focus_lost",
                      ticket,
                      {}},
                     [done = std::move(done)](write_status) { done(outcome::ok(json::object())); });
}

void exam_service::session_closed(std::int64_t attempt_id) {
    std::vector<std::function<void()>> after;
    {
        std::lock_guard lock(mutex_);
        auto* a = find_live(attempt_id);
        if (!a || a->connections == 0) return;
        if (--a->connections == 0) a->missing_since = clock_.now();
        push_seat(*a, after);
    }
    for (auto& f : after) f();
}

void exam_service::move_seat(session_context const& ctx, json const& body, reply_fn done) {
    auto request = body.get<protocol::candidate_move>();
    auto const& ticket = request.ticket;
    auto const& seat = request.seat;
    auto const& reason = request.reason;
    std::vector<std::function<void()>> after;
    std::unique_lock lock(mutex_);
    auto* a = staff_target(ctx, ticket, done);
    if (!a) return;
    auto from = a->candidate.seat;
    a->candidate.seat = seat;
    // The candidate continues at the new seat's terminal with the access code; the old
    // terminal is cut off and its token is dead.
    a->record.terminal_id.clear();
    a->terminal_request.clear();
    retire_token(*a, "moved", after);
    auto snapshot = a->record;
    push_seat(*a, after);
    lock.unlock();
    for (auto& f : after) f();
    auto reply = after_all(2, std::move(done), {{"ticket", ticket}, {"seat", seat}});
    persist(snapshot, {staff_actor(ctx), "attempt.unbind", ticket, {{"reason", "moved"}}}, reply,
            outcome::ok(json::object()));
    attempts_.set_seat(ticket, seat,
                       {staff_actor(ctx),
                        "candidate.move",
                        ticket,
                        {{"from", from}, {"to", seat}, {"reason", reason}}},
                       [reply](write_status s) {
                           reply(s == write_status::failed ? outcome::fail(errc::storage_failed)
                                                           : outcome::ok(json::object()));
                       });
}

} // namespace craftmark::core
