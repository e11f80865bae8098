// The running attempt: paper, saves, flags, submission, deadline, results and recovery.
#include "server/core/bank/scoring.hpp"
#include "server/core/exam/exam_service.hpp"
#include "server/core/exam/exam_state.hpp"
#include "server/core/exam/result.hpp"
#include "server/core/marking/marking_service.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/protocol/envelope.hpp"
#include "shared/protocol/messages.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

namespace {
constexpr util::millis time_push_interval = 30'000;

std::uint64_t fresh_seed() {
    std::uint64_t seed = 0;
    for (unsigned char c : crypto::random_bytes(8)) seed = (seed << 8) | c;
    return seed;
}
} // namespace

std::string exam_service::paper_view(live_attempt const& a) const {
    auto const& p = a.record.paper.value();
    // The sections, nearly all of a paper, are assembled from the items' written views; each
    // item's ids are drawn once, for its view and its answer.
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
    json rest = {{"flags", a.flags}, {"last_seq", a.last_seq}, {"time", time_of(a)}};
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

void exam_service::get_paper(std::int64_t attempt_id, reply_fn done) {
    std::unique_lock lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    auto now = clock_.now();
    if (a->record.state != attempt_state::waiting) return done(outcome::ok_text(paper_view(*a)));
    if (now < a->sitting->sitting.starts_at) return done(outcome::fail(errc::sitting_not_open));
    paper p;
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
    std::vector<std::function<void()>> after;
    push_seat(*a, after);
    lock.unlock();
    for (auto& f : after) f();
    persist(snapshot,
            {"candidate:" + snapshot.ticket,
             "attempt.start",
             snapshot.ticket,
             {{"seed", std::to_string(p.seed)}, {"form", p.form}}},
            std::move(done), outcome::ok_text(std::move(view)));
}

void exam_service::save_answer(std::int64_t attempt_id, json const& body, reply_fn done) {
    auto request = body.get<protocol::answer_save>();
    std::vector<std::function<void()>> after;
    std::unique_lock lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    auto now = clock_.now();
    if (a->record.state == attempt_state::waiting)
        return done(outcome::fail(errc::sitting_not_open, "open the paper before saving answers"));
    if (a->record.state == attempt_state::running && a->record.clock.expired(now)) {
        close(*a, "deadline", a->record.clock.deadline(now), after);
    }
    if (a->record.state != attempt_state::running || a->record.clock.paused()) {
        auto code =
            a->record.state == attempt_state::running ? errc::attempt_paused : errc::attempt_closed;
        lock.unlock();
        for (auto& f : after) f();
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
    answer_record record{attempt_id, request.item_id, request.seq, std::move(*stored), now};
    audit_event event{"candidate:" + a->record.ticket,
                      "answer.save",
                      a->record.ticket,
                      {{"item", request.item_id},
                       {"seq", request.seq},
                       {"sha256", crypto::sha256_hex(record.response.dump())}}};
    lock.unlock();
    attempts_.save_answer(record, std::move(event),
                          [this, record, done = std::move(done)](write_status s) {
                              if (s == write_status::failed)
                                  return done(outcome::fail(errc::storage_failed));
                              if (s == write_status::conflict)
                                  return done(outcome::fail(errc::sequence_conflict));
                              std::vector<std::function<void()>> pushes;
                              {
                                  std::lock_guard relock(mutex_);
                                  if (auto* live = find_live(record.attempt_id)) {
                                      live->last_seq = std::max(live->last_seq, record.seq);
                                      auto& current = live->answers[record.item_id];
                                      if (record.seq > current.seq) current = record;
                                      push_seat(*live, pushes);
                                  }
                              }
                              for (auto& f : pushes) f();
                              done(outcome::ok({{"item_id", record.item_id},
                                                {"seq", record.seq},
                                                {"saved_at", record.saved_at},
                                                {"duplicate", s == write_status::duplicate}}));
                          });
}

void exam_service::flag_item(std::int64_t attempt_id, json const& body, reply_fn done) {
    auto request = body.get<protocol::item_flag>();
    std::unique_lock lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
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
    lock.unlock();
    attempts_.set_flag(
        attempt_id, request.item_id, request.flagged, std::move(event),
        [done = std::move(done), request](write_status s) {
            if (s == write_status::failed) return done(outcome::fail(errc::storage_failed));
            done(outcome::ok({{"item_id", request.item_id}, {"flagged", request.flagged}}));
        });
}

void exam_service::close(live_attempt& a,
                         std::string const& reason,
                         util::millis at,
                         std::vector<std::function<void()>>& after,
                         reply_fn done,
                         json body) {
    a.record.state = attempt_state::closed;
    a.hand_raised = false; // nothing left to help with
    a.record.close_reason = reason;
    a.record.closed_at = at;
    a.record.clock.resume(at);
    a.record.result =
        score_paper(a.sitting->assessment_, a.record.paper.value(), a.sitting->items, a.answers);
    auto snapshot = a.record;
    bool practical = a.sitting->assessment_.practical();
    auto push = protocol::encode_push("attempt.closed", {{"reason", reason}, {"closed_at", at}});
    after.push_back([this, snapshot, practical, push, reason, done = std::move(done),
                     body = std::move(body)] {
        audit_event event{reason == "submitted" ? "candidate:" + snapshot.ticket : "server",
                          "attempt.close",
                          snapshot.ticket,
                          {{"reason", reason}, {"total", snapshot.result.value("total", 0.0)}}};
        // A submit is answered only once the closed attempt is durable; a practical attempt's
        // automatic checks start then too.
        reply_fn answer = done ? done : reply_fn([](outcome) {});
        if (marking_ && practical)
            answer = [this, answer, id = snapshot.id, sitting = snapshot.sitting_id](outcome o) {
                bool stored = !o.error;
                answer(std::move(o));
                if (stored) marking_->attempt_closed(id, sitting);
            };
        persist(snapshot, std::move(event), std::move(answer), outcome::ok(body));
        notify_.to_attempt(snapshot.id, push);
    });
    push_seat(a, after);
}

void exam_service::submit(std::int64_t attempt_id, reply_fn done) {
    std::vector<std::function<void()>> after;
    std::unique_lock lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    auto now = clock_.now();
    if (a->record.state == attempt_state::waiting)
        return done(outcome::fail(errc::sitting_not_open, "open the paper before submitting"));
    if (a->record.state == attempt_state::closed || a->record.clock.expired(now)) {
        if (a->record.state != attempt_state::closed)
            close(*a, "deadline", a->record.clock.deadline(now), after);
        lock.unlock();
        for (auto& f : after) f();
        return done(outcome::fail(errc::attempt_closed));
    }
    json unanswered = json::array();
    for (auto const& part : a->record.paper.value().parts)
        for (auto const& e : part.entries)
            if (!a->answers.count(e.item_id) || !is_answered(a->answers.at(e.item_id).response))
                unanswered.push_back(e.item_id);
    auto review = a->sitting->assessment_.review;
    // Practical work has no result until examiners have marked it (result.get tells then).
    auto marked_later = a->sitting->assessment_.practical();
    close(*a, "submitted", now, after,
          [done = std::move(done), unanswered, now, review, marked_later, this,
           id = attempt_id](outcome o) {
              if (!o.error) {
                  std::lock_guard relock(mutex_);
                  auto* closed = find_live(id);
                  o.body = {{"submitted_at", now},
                            {"unanswered", unanswered},
                            {"result", closed && !marked_later
                                           ? result_view(closed->record.result, review)
                                           : json()}};
              }
              done(std::move(o));
          });
    lock.unlock();
    for (auto& f : after) f();
}

void exam_service::result(std::int64_t attempt_id, reply_fn done) {
    std::lock_guard lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    if (a->record.state != attempt_state::closed)
        return done(outcome::fail(errc::result_not_available, "submit first"));
    auto result =
        marking_ ? marking_->current_result(a->record, a->sitting->assessment_) : a->record.result;
    if (result.is_null())
        return done(outcome::fail(errc::result_not_available, "the work is still being marked"));
    auto view = result_view(result, a->sitting->assessment_.review);
    if (view.is_null()) return done(outcome::fail(errc::result_not_available));
    done(outcome::ok({{"result", view},
                      {"closed_at", a->record.closed_at},
                      {"reason", a->record.close_reason}}));
}

void exam_service::tick() {
    std::vector<std::function<void()>> after;
    {
        std::lock_guard lock(mutex_);
        auto now = clock_.now();
        bool push_time = now - last_time_push_ >= time_push_interval;
        if (push_time) last_time_push_ = now;
        for (auto& [id, a] : live_) {
            if (a->record.state != attempt_state::running) continue;
            if (a->record.clock.expired(now)) {
                close(*a, "deadline", a->record.clock.deadline(now), after);
            } else if (push_time) {
                json t = time_of(*a, "tick");
                after.push_back([this, id = id, t] {
                    notify_.to_attempt(id, protocol::encode_push("time.changed", t));
                });
            }
        }
    }
    for (auto& f : after) f();
}

void exam_service::recover(util::millis last_alive) {
    auto now = clock_.now();
    auto outage = std::max<util::millis>(0, now - last_alive);
    std::vector<attempt_record> snapshots;
    {
        std::lock_guard lock(mutex_);
        for (auto& record : attempts_.open_attempts()) {
            auto* a = load(std::move(record));
            if (!a || a->record.state != attempt_state::running || outage == 0) continue;
            a->record.clock.credit(outage);
            snapshots.push_back(a->record);
        }
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
