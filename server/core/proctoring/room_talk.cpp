#include "server/core/proctoring/room_talk.hpp"

#include "server/core/exam/attempt_desk.hpp"
#include "server/core/proctoring/staff_scope.hpp"
#include "shared/protocol/envelope.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

room_talk::room_talk(live_sittings& live, room_repository& room_store)
    : live_(live), room_store_(room_store) {}

void room_talk::announce(session_context const& ctx,
                         protocol::room_announce const& request,
                         reply_fn done) {
    auto const& sitting_id = request.sitting_id;
    auto const& text = request.text;
    if (auto refusal = refuse_scope(ctx, live_.sitting(sitting_id).get(), sitting_id))
        return done(*refusal);
    auto now = live_.clock().now();
    room_store_.record(
        {staff_actor(ctx), "room.announce", sitting_id, {{"text", text}}},
        [this, sitting_id, text, now, done = std::move(done)](write_status s) {
            if (s == write_status::failed) return done(outcome::fail(errc::storage_failed));
            live_.notify().to_sitting(
                sitting_id, protocol::encode_push("announcement", protocol::room_text{text, now}));
            done(outcome::ok(protocol::told{.sitting_id = sitting_id, .at = now}));
        });
}

void room_talk::message(session_context const& ctx,
                        protocol::candidate_message const& request,
                        reply_fn done) {
    auto const& ticket = request.ticket;
    auto const& text = request.text;
    auto a = staff_target(live_, ctx, ticket, done);
    if (!a) return;
    auto id = a->record.id;
    a->hand_raised = false; // answering a raised hand lowers it
    after_unlock after;
    live_.push_seat(*a, after);
    a.unlock();
    run_all(after);
    auto now = live_.clock().now();
    room_store_.record({staff_actor(ctx), "candidate.message", ticket, {{"text", text}}},
                       [this, id, text, now, ticket, done = std::move(done)](write_status s) {
                           if (s == write_status::failed)
                               return done(outcome::fail(errc::storage_failed));
                           live_.notify().to_attempt(
                               id,
                               protocol::encode_push("message", protocol::room_text{text, now}));
                           done(outcome::ok(protocol::told{.ticket = ticket, .at = now}));
                       });
}

void room_talk::raise_hand(session_context const& ctx, protocol::no_fields const&, reply_fn done) {
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    a->hand_raised = true;
    after_unlock after;
    live_.push_seat(*a, after);
    auto ticket = a->record.ticket;
    a.unlock();
    run_all(after);
    room_store_.record({"candidate:" + ticket, "hand.raise", ticket, {}},
                       [done = std::move(done)](write_status) {
                           done(outcome::ok(json::object())); // the proctor has already been told
                       });
}

void room_talk::focus(session_context const& ctx,
                      protocol::terminal_focus const& request,
                      reply_fn done) {
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    if (!request.focused) ++a->focus_lost;
    after_unlock after;
    live_.push_seat(*a, after);
    auto ticket = a->record.ticket;
    a.unlock();
    run_all(after);
    room_store_.record(
        {"candidate:" + ticket,
         request.focused ? "terminal.focus_back" : "terminal.focus_lost",
         ticket,
         {}},
        [done = std::move(done)](write_status) { done(outcome::ok(json::object())); });
}

} // namespace craftmark::core
