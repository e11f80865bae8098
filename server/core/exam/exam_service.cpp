#include "server/core/exam/exam_service.hpp"

#include "server/core/bank/scoring.hpp"
#include "server/core/exam/exam_state.hpp"
#include "server/core/exam/result.hpp"
#include "server/core/marking/marking_service.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/protocol/messages.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

exam_service::exam_service(sitting_repository& sittings,
                           attempt_repository& attempts,
                           upload_repository& uploads,
                           util::clock const& clock,
                           notifier& notify)
    : sittings_(sittings), attempts_(attempts), uploads_(uploads), clock_(clock), notify_(notify) {}

exam_service::~exam_service() = default;

void exam_service::handle(session_context const& ctx, protocol::request const& req, reply_fn done) {
    auto const* spec = protocol::find_message(req.type);
    if (!spec)
        return done(outcome::fail(errc::unknown_type, "unknown message type \"" + req.type + "\""));
    if (!spec->allows(ctx.role))
        return done(outcome::fail(ctx.role == protocol::role::none ? errc::not_signed_in
                                                                   : errc::forbidden));
    auto const& t = req.type;
    auto id = ctx.attempt_id;
    if (ctx.role == protocol::role::candidate) {
        std::lock_guard lock(mutex_);
        auto* a = find_live(id);
        // The session's token was retired (a new sign-in, another terminal approved, a move):
        // it may have been closed already, but a message can still be on its way.
        if (!a || a->record.resume_token_hash != ctx.credential)
            return done(outcome::fail(errc::session_ended));
        // A candidate's messages are scoped to their own attempt: naming another is refused.
        if (req.body.contains("ticket") &&
            (!req.body["ticket"].is_string() || req.body["ticket"] != a->record.ticket))
            return done(
                outcome::fail(errc::forbidden, "a candidate can only see their own attempt"));
    }
    if (t == "ping") return done(outcome::ok({{"server_time", clock_.now()}}));
    if (t == "auth.sign_in") return sign_in(req.body, std::move(done));
    if (t == "auth.resume") return resume(req.body, std::move(done));
    if (t == "auth.staff_sign_in") return staff_sign_in(req.body, std::move(done));
    if (t == "lobby.status") return lobby(id, std::move(done));
    if (t == "paper.get") return get_paper(id, std::move(done));
    if (t == "answer.save") return save_answer(id, req.body, std::move(done));
    if (t == "item.flag") return flag_item(id, req.body, std::move(done));
    if (t == "time.sync") return time_sync(id, std::move(done));
    if (t == "attempt.submit") return submit(id, std::move(done));
    if (t == "result.get") return result(id, std::move(done));
    if (t == "hand.raise") return raise_hand(id, std::move(done));
    if (t == "terminal.focus") return report_focus(id, req.body, std::move(done));
    if (t == "upload.begin") return begin_upload(id, req.body, std::move(done));
    if (t == "upload.chunk") return upload_chunk(id, req, std::move(done));
    if (t == "upload.finish") return finish_upload(id, req.body, std::move(done));
    if (t == "room.watch") return watch(ctx, req.body, std::move(done));
    if (t == "candidate.check_in") return check_in(ctx, req.body, std::move(done));
    if (t == "candidate.unlock") return unlock_ticket(ctx, req.body, std::move(done));
    if (t.rfind("attempt.", 0) == 0) return control(ctx, t, req.body, std::move(done));
    if (t == "terminal.approve") return approve_terminal(ctx, req.body, std::move(done));
    if (t == "candidate.move") return move_seat(ctx, req.body, std::move(done));
    if (t == "room.announce") return announce(ctx, req.body, std::move(done));
    if (t == "candidate.message") return message(ctx, req.body, std::move(done));
    if (t == "incident.open") return open_incident(ctx, req.body, std::move(done));
    if (t == "incident.close") return close_incident(ctx, req.body, std::move(done));
    if (t == "incident.list") return list_incidents(ctx, req.body, std::move(done));
    if (t == "scoreboard.watch") return watch_board(ctx, req.body, std::move(done));
    if (t.rfind("marking.", 0) == 0 && marking_) return marking_->handle(ctx, req, std::move(done));
    done(outcome::fail(errc::unknown_type));
}

std::shared_ptr<exam_service::sitting_data>
exam_service::sitting_for(std::string const& sitting_id) {
    if (auto it = sitting_cache_.find(sitting_id); it != sitting_cache_.end()) return it->second;
    auto sitting = sittings_.find_sitting(sitting_id);
    if (!sitting) return nullptr;
    auto a = sittings_.find_assessment(sitting->assessment_id);
    if (!a) return nullptr;
    auto data = std::make_shared<sitting_data>();
    data->sitting = *sitting;
    data->assessment_ = *a;
    // A sitting may run the assessment with its own duration and review policy.
    if (sitting->duration_ms > 0) data->assessment_.duration_ms = sitting->duration_ms;
    if (!sitting->review.empty()) data->assessment_.review = parse_review(sitting->review);
    data->pool = sittings_.items_for(*a);
    for (auto const& [bank, items] : data->pool)
        for (auto const& it : items) {
            data->items.emplace(it.id, it);
            data->views.emplace(it.id, write_candidate_view(it));
        }
    for (auto const& incident : attempts_.incidents(sitting_id))
        if (!incident.closed_at)
            for (auto const& ticket : incident.tickets) ++data->open_incidents[ticket];
    sitting_cache_[sitting_id] = data;
    return data;
}

void exam_service::reload_sittings() {
    std::lock_guard lock(mutex_);
    sitting_cache_.clear();
}

exam_service::live_attempt* exam_service::load(attempt_record record) {
    if (auto it = live_.find(record.id); it != live_.end()) return it->second.get();
    auto sitting = sitting_for(record.sitting_id);
    if (!sitting) return nullptr;
    auto live = std::make_unique<live_attempt>();
    for (auto& answer : attempts_.answers(record.id)) {
        live->last_seq = std::max(live->last_seq, answer.seq);
        auto& current = live->answers[answer.item_id];
        if (answer.seq > current.seq) current = std::move(answer);
    }
    for (auto& f : attempts_.flags(record.id)) live->flags.insert(std::move(f));
    for (auto& u : uploads_.uploads(record.id)) live->uploads[u.id] = std::move(u);
    if (auto c = sittings_.find_candidate(record.ticket)) live->candidate = *c;
    live->record = std::move(record);
    live->sitting = std::move(sitting);
    auto* raw = live.get();
    if (!raw->record.resume_token_hash.empty())
        live_by_token_[raw->record.resume_token_hash] = raw->record.id;
    live_[raw->record.id] = std::move(live);
    return raw;
}

exam_service::live_attempt* exam_service::find_live(std::int64_t attempt_id) {
    auto it = live_.find(attempt_id);
    return it == live_.end() ? nullptr : it->second.get();
}

exam_service::live_attempt* exam_service::find_live_by_token(std::string const& token_hash) {
    auto it = live_by_token_.find(token_hash);
    if (it == live_by_token_.end()) return nullptr;
    auto* a = find_live(it->second);
    return a && a->record.resume_token_hash == token_hash ? a : nullptr;
}

protocol::time_status exam_service::time_of(live_attempt const& a, std::string reason) const {
    auto now = clock_.now();
    auto const& c = a.record.clock;
    std::string state = a.record.state == attempt_state::closed ? "closed"
                        : !c.started()                          ? "waiting"
                        : c.paused()                            ? "paused"
                                                                : "running";
    return {now,
            state,
            a.sitting->sitting.starts_at,
            c.deadline(now),
            a.record.state == attempt_state::closed ? 0 : c.remaining(now),
            std::move(reason)};
}

json exam_service::session_view(live_attempt const& a, std::string const& token) const {
    auto const& s = a.sitting->sitting;
    auto const& as = a.sitting->assessment_;
    json view{
        {"candidate",
         {{"ticket", a.record.ticket}, {"name", a.candidate.name}, {"seat", a.candidate.seat}}},
        {"sitting",
         {{"id", s.id},
          {"title", s.title.empty() ? as.title : s.title},
          {"venue", s.venue},
          {"room", s.room},
          {"starts_at", s.starts_at},
          {"duration_ms", as.duration_ms},
          {"occupation", as.occupation_name},
          {"level", as.level}}},
        {"time", time_of(a)}};
    if (!token.empty()) view["resume_token"] = token;
    return view;
}

void exam_service::persist(attempt_record const& record,
                           audit_event event,
                           reply_fn done,
                           outcome reply) {
    attempts_.update_attempt(record, std::move(event),
                             [done = std::move(done), reply = std::move(reply)](write_status s) {
                                 if (s == write_status::failed)
                                     return done(outcome::fail(errc::storage_failed));
                                 done(reply);
                             });
}

namespace {
constexpr int max_failed_sign_ins = 5;
constexpr util::millis sign_in_lockout = 5 * 60'000;
} // namespace

bool exam_service::throttled(std::string const& key) {
    std::lock_guard lock(mutex_);
    return locked_until(key) != 0;
}

util::millis exam_service::locked_until(std::string const& key) const {
    auto it = failed_sign_ins_.find(key);
    if (it == failed_sign_ins_.end() || it->second.first < max_failed_sign_ins) return 0;
    auto until = it->second.second + sign_in_lockout;
    return clock_.now() < until ? until : 0;
}

int exam_service::note_sign_in(std::string const& key, bool succeeded) {
    std::lock_guard lock(mutex_);
    if (succeeded) {
        failed_sign_ins_.erase(key);
        return max_failed_sign_ins;
    }
    auto now = clock_.now();
    auto& [count, last] = failed_sign_ins_[key];
    count = now - last < sign_in_lockout ? count + 1 : 1;
    last = now;
    return std::max(0, max_failed_sign_ins - count);
}

void exam_service::refuse_sign_in(std::string const& ticket, reply_fn done) {
    auto left = note_sign_in("ticket:" + ticket, false);
    if (left > 0)
        return done(outcome::fail(errc::bad_credentials,
                                  "wrong ticket number or access code; " + std::to_string(left) +
                                      (left == 1 ? " try" : " tries") +
                                      " left before this ticket is locked for 5 minutes"));
    // Locked now: the proctor's seat shows it, with the unlock action.
    std::vector<std::function<void()>> after;
    if (auto record = attempts_.find_attempt(ticket)) {
        std::lock_guard lock(mutex_);
        if (auto* a = load(*record)) push_seat(*a, after);
    }
    for (auto& f : after) f();
    done(outcome::fail(errc::rate_limited,
                       "too many wrong access codes: this ticket is locked for 5 minutes; "
                       "ask the proctor to unlock it"));
}

void exam_service::hold_for_approval(live_attempt& a,
                                     std::string const& terminal_id,
                                     std::unique_lock<std::mutex>& lock,
                                     reply_fn done) {
    // The seat map shows the request until a proctor approves the new terminal.
    std::vector<std::function<void()>> after;
    if (a.terminal_request != terminal_id) {
        a.terminal_request = terminal_id;
        push_seat(a, after);
    }
    lock.unlock();
    for (auto& f : after) f();
    done(outcome::fail(errc::ticket_in_use,
                       "this attempt is bound to another terminal; the proctor has been asked "
                       "to approve this one"));
}

void exam_service::retire_token(live_attempt& a,
                                std::string const& reason,
                                std::vector<std::function<void()>>& after) {
    if (a.record.resume_token_hash.empty()) return; // never signed in: no session to end
    live_by_token_.erase(a.record.resume_token_hash);
    a.record.resume_token_hash.clear();
    auto frame = protocol::encode_push("session.ended", {{"reason", reason}});
    after.push_back([this, id = a.record.id, frame] { notify_.end_attempt_sessions(id, frame); });
}

void exam_service::sign_in(json const& body, reply_fn done) {
    auto request = body.get<protocol::sign_in>();
    // Six-digit codes must not be guessable: five wrong codes lock the ticket for five minutes.
    if (throttled("ticket:" + request.ticket))
        return done(outcome::fail(errc::rate_limited,
                                  "this ticket is locked after too many wrong access codes; "
                                  "ask the proctor to unlock it"));
    auto candidate = sittings_.find_candidate(request.ticket);
    // A candidate has a code only once checked in (or released): none before, none after a
    // no-show or a check-out.
    if (!candidate || candidate->access_code.empty() ||
        !crypto::constant_time_equal(candidate->access_code, request.access_code))
        return refuse_sign_in(request.ticket, std::move(done));
    note_sign_in("ticket:" + request.ticket, true);
    auto record = attempts_.find_attempt(request.ticket);
    std::unique_lock lock(mutex_);
    live_attempt* a = record ? load(*record) : nullptr;
    if (!a)
        return done(outcome::fail(errc::internal_error, "the candidate's sitting is not set up"));
    if (!a->record.terminal_id.empty() && a->record.terminal_id != request.terminal_id)
        return hold_for_approval(*a, request.terminal_id, lock, std::move(done));
    a->terminal_request.clear();
    auto token = crypto::random_hex(32);
    a->record.terminal_id = request.terminal_id;
    // A new sign-in retires the old token and ends the connections that still use it.
    std::vector<std::function<void()>> after;
    retire_token(*a, "signed_in_again", after);
    a->record.resume_token_hash = crypto::sha256_hex(token);
    live_by_token_[a->record.resume_token_hash] = a->record.id;
    auto view = session_view(*a, token);
    auto snapshot = a->record;
    lock.unlock();
    persist(
        snapshot,
        {"candidate:" + request.ticket,
         "auth.sign_in",
         request.ticket,
         {{"terminal", request.terminal_id}}},
        [this, done = std::move(done), after = std::move(after),
         signed_in = effect::candidate_signed_in{snapshot.id, snapshot.sitting_id, snapshot.ticket,
                                                 snapshot.resume_token_hash}](outcome o) {
            if (!o.error) {
                for (auto& f : after) f();
                o.effect = signed_in;
                connected(signed_in.attempt_id);
            }
            done(std::move(o));
        },
        outcome::ok(std::move(view)));
}

void exam_service::resume(json const& body, reply_fn done) {
    auto request = body.get<protocol::resume>();
    auto token_hash = crypto::sha256_hex(request.resume_token);
    std::unique_lock lock(mutex_);
    auto* a = find_live_by_token(token_hash);
    if (!a) {
        // Not served since the server started: the stored token hash is durable before a
        // sign-in is answered, so the database knows every valid token.
        lock.unlock();
        auto record = attempts_.find_by_token(token_hash);
        if (!record) return done(outcome::fail(errc::invalid_token));
        lock.lock();
        a = load(*record);
    }
    if (!a || a->record.resume_token_hash != token_hash)
        return done(outcome::fail(errc::invalid_token));
    // The token is bound to the terminal that signed in: from any other it is only a request.
    if (a->record.terminal_id != request.terminal_id)
        return hold_for_approval(*a, request.terminal_id, lock, std::move(done));
    auto o = outcome::ok(session_view(*a, {}));
    auto attempt_id = a->record.id;
    o.effect =
        effect::candidate_signed_in{attempt_id, a->record.sitting_id, a->record.ticket, token_hash};
    lock.unlock();
    connected(attempt_id);
    done(std::move(o));
}

void exam_service::connected(std::int64_t attempt_id) {
    std::vector<std::function<void()>> after;
    {
        std::lock_guard lock(mutex_);
        auto* a = find_live(attempt_id);
        if (!a) return;
        ++a->connections;
        a->missing_since = 0;
        push_seat(*a, after);
    }
    for (auto& f : after) f();
}

void exam_service::lobby(std::int64_t attempt_id, reply_fn done) {
    std::lock_guard lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    done(outcome::ok(session_view(*a, {})));
}

void exam_service::time_sync(std::int64_t attempt_id, reply_fn done) {
    std::lock_guard lock(mutex_);
    auto* a = find_live(attempt_id);
    if (!a) return done(outcome::fail(errc::not_signed_in));
    done(outcome::ok(time_of(*a)));
}

} // namespace craftmark::core
