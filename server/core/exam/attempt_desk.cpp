#include "server/core/exam/attempt_desk.hpp"

#include "server/core/bank/scoring.hpp"
#include "server/core/exam/result.hpp"
#include "server/core/exam/upload_desk.hpp"
#include "server/core/marking/marking_service.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/protocol/envelope.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

namespace {
constexpr util::millis time_push_interval = 30'000;

// Each attempt's time is pushed every 30 s at a moment of its own, spread over the 30 s by its
// id. Pushed all at one tick, 10,000 attempts' frames held the I/O thread for 100 – 200 ms,
// and every save behind them waited as long.
bool time_push_due(std::int64_t attempt, util::millis previous_tick, util::millis now) {
    auto offset = attempt % time_push_interval * 7'919 % time_push_interval; // a prime
    auto period = [&](util::millis t) { return (t - offset) / time_push_interval; };
    return period(now) != period(previous_tick);
}

std::uint64_t fresh_seed() {
    std::uint64_t seed = 0;
    for (unsigned char c : crypto::random_bytes(8)) seed = (seed << 8) | c;
    return seed;
}
} // namespace

outcome session_ended() {
    // The session's token was retired (a new sign-in, another terminal approved, a move): it
    // may have been closed already, but a message can still be on its way.
    return outcome::fail(errc::session_ended);
}

attempt_desk::attempt_desk(live_sittings& live, attempt_repository& attempts)
    : live_(live), attempts_(attempts) {}

std::string attempt_desk::paper_view(live_attempt const& a) const {
    auto const& p = a.record.paper.value();
    // protocol::paper, written as text: the sections, nearly all of a paper, are assembled from
    // the items' written views (each item's ids drawn once, for its view and its answer). The
    // paper tests read it back as the struct.
    json answers = json::object();
    std::string view = R"({"sections":[)";
    view.reserve(1024 * a.paper_items() + 1024);
    for (auto const& part : p.parts) {
        if (&part != &p.parts.front()) view += ',';
        auto head = protocol::sendable_text({{"id", part.section_id}, {"title", part.title}});
        view.append(head, 0, head.size() - 1);
        view += R"(,"items":[)";
        bool first = true;
        for (auto const& e : part.entries) {
            auto it = a.sitting->views.find(e.item_id);
            if (it == a.sitting->views.end()) continue;
            if (!std::exchange(first, false)) view += ',';
            auto ids = a.ids_of(e.item_id);
            append_candidate_view(view, it->second, ids, e.points);
            if (auto answer = a.answers.find(e.item_id); answer != a.answers.end())
                answers[e.item_id] = {
                    {"seq", answer->second.seq},
                    {"response", to_candidate_response(a.sitting->items.at(e.item_id), ids,
                                                       answer->second.response)}};
        }
        view += "]}";
    }
    json rest = {{"flags", a.flags}, {"last_seq", a.last_seq}, {"time", live_.time_of(a)}};
    rest["answers"] = std::move(answers);
    if (a.sitting->assessment_.practical()) {
        json tasks = json::array();
        for (auto const& t : a.sitting->assessment_.tasks) tasks.push_back(practical_task_view(t));
        rest["tasks"] = std::move(tasks);
        rest["receipts"] = receipts_of(a);
    }
    view += "],";
    view.append(protocol::sendable_text(rest), 1); // its members, after its opening brace
    return view;
}

void attempt_desk::lobby(session_context const& ctx, protocol::no_fields const&, reply_fn done) {
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    done(outcome::ok(live_.session_view(*a)));
}

void attempt_desk::paper(session_context const& ctx, protocol::no_fields const&, reply_fn done) {
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    auto now = live_.clock().now();
    if (a->record.state != attempt_state::waiting) return done(outcome::ok_text(paper_view(*a)));
    if (now < a->sitting->sitting.starts_at) return done(outcome::fail(errc::sitting_not_open));
    core::paper p;
    try {
        p = draw_paper(a->sitting->assessment_, a->sitting->pool, fresh_seed());
    } catch (std::exception const& e) {
        return done(
            outcome::fail(errc::internal_error, std::string("cannot draw a paper: ") + e.what()));
    }
    a->record.paper = std::move(p);
    a->record.state = attempt_state::running;
    a->record.clock.start(now);
    auto view = paper_view(*a);
    auto snapshot = a->record;
    after_unlock after;
    live_.push_seat(*a, after);
    a.unlock();
    run_all(after);
    auto const& drawn = snapshot.paper.value();
    live_.persist(snapshot,
                  {"candidate:" + snapshot.ticket,
                   "attempt.start",
                   snapshot.ticket,
                   {{"seed", std::to_string(drawn.seed)}, {"form", drawn.form}}},
                  std::move(done), outcome::ok_text(std::move(view)));
}

void attempt_desk::save(session_context const& ctx,
                        protocol::answer_save const& request,
                        reply_fn done) {
    after_unlock after;
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    auto now = live_.clock().now();
    if (a->record.state == attempt_state::waiting)
        return done(outcome::fail(errc::sitting_not_open, "open the paper before saving answers"));
    if (a->record.state == attempt_state::running && a->record.clock.expired(now))
        live_.close(*a, "deadline", a->record.clock.deadline(now), after);
    if (a->record.state != attempt_state::running || a->record.clock.paused()) {
        auto code =
            a->record.state == attempt_state::running ? errc::attempt_paused : errc::attempt_closed;
        a.unlock();
        run_all(after);
        return done(outcome::fail(code, code == errc::attempt_closed
                                            ? "the attempt is closed; this answer was not saved"
                                            : ""));
    }
    if (!a->on_paper(request.item_id)) return done(outcome::fail(errc::unknown_item));
    auto const& it = a->sitting->items.at(request.item_id);
    if (!response_fits(it, request.response)) return done(outcome::fail(errc::invalid_response));
    // Stored and scored in the bank's ids; the candidate only ever sees the attempt's.
    auto stored = from_candidate_response(it, a->ids_of(request.item_id), request.response);
    if (!stored)
        return done(outcome::fail(errc::invalid_response,
                                  "the response names an option that is not on this item, "
                                  "or one more often than the item allows"));
    answer_record record{ctx.attempt_id, request.item_id, request.seq, std::move(*stored), now};
    a.unlock();
    attempts_.save_answer(record, [this, record, done = std::move(done)](write_status s) {
        if (s == write_status::failed) return done(outcome::fail(errc::storage_failed));
        if (s == write_status::conflict) return done(outcome::fail(errc::sequence_conflict));
        after_unlock pushes;
        if (auto live = live_.attempt(record.attempt_id)) {
            live->last_seq = std::max(live->last_seq, record.seq);
            auto& current = live->answers[record.item_id];
            if (record.seq > current.seq) current = record;
            live_.push_seat(*live, pushes);
        }
        run_all(pushes);
        done(outcome::ok(protocol::answer_saved{.item_id = record.item_id,
                                                .seq = record.seq,
                                                .saved_at = record.saved_at,
                                                .duplicate = s == write_status::duplicate}));
    });
}

void attempt_desk::flag(session_context const& ctx,
                        protocol::item_flag const& request,
                        reply_fn done) {
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    if (a->record.state != attempt_state::running) return done(outcome::fail(errc::attempt_closed));
    if (!a->on_paper(request.item_id)) return done(outcome::fail(errc::unknown_item));
    if (request.flagged)
        a->flags.insert(request.item_id);
    else
        a->flags.erase(request.item_id);
    audit_event event{"candidate:" + a->record.ticket,
                      "item.flag",
                      a->record.ticket,
                      {{"item", request.item_id}, {"flagged", request.flagged}}};
    a.unlock();
    attempts_.set_flag(ctx.attempt_id, request.item_id, request.flagged, std::move(event),
                       [done = std::move(done), request](write_status s) {
                           if (s == write_status::failed)
                               return done(outcome::fail(errc::storage_failed));
                           done(outcome::ok(request)); // the flag as it now stands
                       });
}

void attempt_desk::time(session_context const& ctx, protocol::no_fields const&, reply_fn done) {
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    done(outcome::ok(live_.time_of(*a)));
}

void attempt_desk::submit(session_context const& ctx, protocol::no_fields const&, reply_fn done) {
    after_unlock after;
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    auto now = live_.clock().now();
    if (a->record.state == attempt_state::waiting)
        return done(outcome::fail(errc::sitting_not_open, "open the paper before submitting"));
    if (a->record.state == attempt_state::closed) return done(outcome::fail(errc::attempt_closed));
    if (a->record.clock.expired(now)) { // the time ran out first: refused once that is durable
        live_.close(*a, "deadline", a->record.clock.deadline(now), after,
                    [done = std::move(done)](outcome o) {
                        done(o.error ? std::move(o) : outcome::fail(errc::attempt_closed));
                    });
        a.unlock();
        run_all(after);
        return;
    }
    std::vector<std::string> unanswered;
    for (auto const& part : a->record.paper.value().parts)
        for (auto const& e : part.entries)
            if (!a->answers.count(e.item_id) || !is_answered(a->answers.at(e.item_id).response))
                unanswered.push_back(e.item_id);
    auto review = a->sitting->assessment_.review;
    // Practical work has no result until examiners have marked it (result.get tells then).
    auto marked_later = a->sitting->assessment_.practical();
    live_.close(*a, "submitted", now, after,
                [done = std::move(done), unanswered, now, review, marked_later, this,
                 id = ctx.attempt_id](outcome o) {
                    if (!o.error) {
                        auto closed = live_.attempt(id);
                        o.body = protocol::submitted{
                            .submitted_at = now,
                            .unanswered = unanswered,
                            .result = closed && !marked_later
                                          ? result_view(closed->record.result, review)
                                          : std::nullopt};
                    }
                    done(std::move(o));
                });
    a.unlock();
    run_all(after);
}

void attempt_desk::result(session_context const& ctx, protocol::no_fields const&, reply_fn done) {
    auto a = live_.of_session(ctx);
    if (!a) return done(session_ended());
    if (a->record.state != attempt_state::closed)
        return done(outcome::fail(errc::result_not_available, "submit first"));
    auto* marking = live_.marking();
    auto result =
        marking ? marking->current_result(a->record, a->sitting->assessment_) : a->record.result;
    if (result.is_null())
        return done(outcome::fail(errc::result_not_available, "the work is still being marked"));
    auto view = result_view(result, a->sitting->assessment_.review);
    if (!view) return done(outcome::fail(errc::result_not_available));
    done(outcome::ok(protocol::result_reply{
        .result = std::move(*view),
        .closed_at = a->record.closed_at,
        .reason = a->record.close_reason,
    }));
}

void attempt_desk::tick() {
    auto now = live_.clock().now();
    auto previous = last_tick_.exchange(now); // 0: this is the first, which only notes the time
    live_.for_each_running([&](live_attempt& a, after_unlock& after) {
        if (a.record.clock.expired(now)) {
            live_.close(a, "deadline", a.record.clock.deadline(now), after);
        } else if (previous != 0 && time_push_due(a.record.id, previous, now)) {
            json t = live_.time_of(a, "tick");
            after.push_back([this, id = a.record.id, t] {
                live_.notify().to_attempt(id, protocol::encode_push("time.changed", t));
            });
        }
    });
}

void attempt_desk::recover(util::millis last_alive) {
    auto now = live_.clock().now();
    auto outage = std::max<util::millis>(0, now - last_alive);
    std::vector<attempt_record> snapshots;
    for (auto* a : live_.load_open()) {
        std::lock_guard lock(*a->sitting_lock);
        if (a->record.state != attempt_state::running || outage == 0) continue;
        a->record.clock.credit(outage);
        snapshots.push_back(a->record);
    }
    for (auto const& s : snapshots)
        attempts_.update_attempt(s,
                                 {"server",
                                  "attempt.downtime_credit",
                                  s.ticket,
                                  {{"from", last_alive}, {"to", now}, {"credited_ms", outage}}},
                                 [](write_status) {});
}

} // namespace craftmark::core
