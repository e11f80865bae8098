#include "server/core/exam/live_sittings.hpp"

#include "server/core/bank/scoring.hpp"
#include "server/core/exam/result.hpp"
#include "server/core/marking/marking_service.hpp"
#include "shared/protocol/envelope.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

bool live_attempt::on_paper(std::string const& item) const {
    if (record.paper)
        for (auto const& part : record.paper->parts)
            for (auto const& e : part.entries)
                if (e.item_id == item) return true;
    return false;
}

candidate_ids live_attempt::ids_of(std::string const& item_id) const {
    return draw_candidate_ids(record.paper.value().seed, sitting->items.at(item_id));
}

std::size_t live_attempt::paper_items() const {
    std::size_t n = 0;
    if (record.paper)
        for (auto const& part : record.paper->parts) n += part.entries.size();
    return n;
}

/// One sitting's lock, its data and the attempts loaded so far.
struct live_sittings::sitting_room {
    std::string id;
    std::mutex mutex;
    std::shared_ptr<sitting_data> data; // null until read
    std::vector<live_attempt*> attempts;
};

live_sittings::live_sittings(sitting_repository& sittings,
                             attempt_repository& attempts,
                             room_repository& room_store,
                             upload_repository& uploads,
                             sign_in_throttle& throttle,
                             util::clock const& clock,
                             notifier& notify)
    : sittings_(sittings), attempts_(attempts), room_store_(room_store), uploads_(uploads),
      throttle_(throttle), clock_(clock), notify_(notify) {}

live_sittings::~live_sittings() = default;

live_sittings::sitting_room& live_sittings::room_of(std::string const& sitting_id) {
    {
        std::shared_lock read(index_mutex_);
        if (auto it = rooms_.find(sitting_id); it != rooms_.end()) return *it->second;
    }
    std::unique_lock write(index_mutex_);
    auto& room = rooms_[sitting_id];
    if (!room) {
        room = std::make_unique<sitting_room>();
        room->id = sitting_id;
    }
    return *room;
}

std::shared_ptr<sitting_data> live_sittings::data_of(sitting_room& room) {
    // A paper that came sealed from the centre is looked for again until its key has opened it;
    // then the room's seats move to the opened paper.
    if (room.data && !room.data->sitting.paper_sealed) return room.data;
    auto sitting = sittings_.find_sitting(room.id);
    if (!sitting) return nullptr;
    auto a = sittings_.find_assessment(sitting->assessment_id);
    if (!a) return nullptr;
    auto data = std::make_shared<sitting_data>();
    data->sitting = *sitting;
    data->assessment_ = *a;
    // A sitting may run the assessment with its own duration and review policy.
    if (sitting->duration_ms > 0) data->assessment_.duration_ms = sitting->duration_ms;
    if (!sitting->review.empty()) data->assessment_.review = parse_review(sitting->review);
    if (!sitting->paper_sealed) data->pool = sittings_.items_for(*a);
    for (auto const& [bank, items] : data->pool)
        for (auto const& it : items) {
            data->items.emplace(it.id, it);
            data->bank_of.emplace(it.id, bank);
            data->views.emplace(it.id, write_candidate_view(it));
        }
    for (auto const& incident : room_store_.incidents(room.id))
        if (!incident.closed_at)
            for (auto const& ticket : incident.tickets) ++data->open_incidents[ticket];
    room.data = data;
    for (auto* seat : room.attempts) seat->sitting = data;
    return data;
}

live_attempt* live_sittings::find(std::int64_t attempt_id) {
    std::shared_lock read(index_mutex_);
    auto it = live_.find(attempt_id);
    return it == live_.end() ? nullptr : it->second.get();
}

live_attempt* live_sittings::load(sitting_room& room, attempt_record record) {
    if (auto* a = find(record.id)) return a;
    auto sitting = data_of(room);
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
    live->sitting_lock = &room.mutex;
    auto* raw = live.get();
    room.attempts.push_back(raw);
    std::unique_lock write(index_mutex_);
    if (!raw->record.resume_token_hash.empty())
        by_token_[raw->record.resume_token_hash] = raw->record.id;
    live_[raw->record.id] = std::move(live);
    return raw;
}

locked_attempt live_sittings::lock_loaded(attempt_record record) {
    auto& room = room_of(record.sitting_id);
    std::unique_lock lock(room.mutex);
    auto* a = load(room, std::move(record));
    return a ? locked_attempt(std::move(lock), a) : locked_attempt();
}

locked_attempt live_sittings::attempt(std::int64_t attempt_id) {
    auto* a = find(attempt_id);
    if (!a) return {};
    return {std::unique_lock(*a->sitting_lock), a};
}

locked_attempt live_sittings::of_session(session_context const& ctx) {
    auto a = attempt(ctx.attempt_id);
    if (!a || a->record.resume_token_hash != ctx.credential) return {};
    return a;
}

locked_attempt live_sittings::by_ticket(std::string const& ticket) {
    auto record = attempts_.find_attempt(ticket);
    if (!record) return {};
    if (auto a = attempt(record->id)) return a;
    return lock_loaded(std::move(*record));
}

locked_attempt live_sittings::by_token(std::string const& token_hash) {
    std::int64_t id = 0;
    {
        std::shared_lock read(index_mutex_);
        if (auto it = by_token_.find(token_hash); it != by_token_.end()) id = it->second;
    }
    locked_attempt a;
    if (id) {
        a = attempt(id);
    } else {
        // Not served since the server started: the stored token hash is durable before a
        // sign-in is answered, so the database knows every valid token.
        auto record = attempts_.find_by_token(token_hash);
        if (!record) return {};
        a = attempt(record->id);
        if (!a) a = lock_loaded(std::move(*record));
    }
    if (!a || a->record.resume_token_hash != token_hash) return {};
    return a;
}

locked_room live_sittings::room(std::string const& sitting_id) {
    auto& room = room_of(sitting_id);
    locked_room out{std::unique_lock(room.mutex), nullptr, {}};
    out.sitting = data_of(room);
    if (!out.sitting) return out;
    for (auto& record : attempts_.attempts_of(sitting_id))
        if (auto* a = load(room, std::move(record))) out.seats.push_back(a);
    return out;
}

std::shared_ptr<sitting_data> live_sittings::sitting(std::string const& sitting_id) {
    auto& room = room_of(sitting_id);
    std::lock_guard lock(room.mutex);
    return data_of(room);
}

void live_sittings::for_each_running(
    std::function<void(live_attempt&, after_unlock&)> const& visit) {
    std::vector<sitting_room*> rooms;
    {
        std::shared_lock read(index_mutex_);
        for (auto& [id, room] : rooms_) rooms.push_back(room.get());
    }
    for (auto* room : rooms) {
        after_unlock after;
        {
            std::lock_guard lock(room->mutex);
            for (auto* a : room->attempts)
                if (a->record.state == attempt_state::running) visit(*a, after);
        }
        run_all(after);
    }
}

std::vector<live_attempt*> live_sittings::load_open() {
    std::vector<live_attempt*> loaded;
    for (auto& record : attempts_.open_attempts())
        if (auto a = lock_loaded(std::move(record))) loaded.push_back(&*a);
    return loaded;
}

void live_sittings::set_token(live_attempt& a, std::string const& token_hash, after_unlock& after) {
    retire_token(a, "signed_in_again", after);
    a.record.resume_token_hash = token_hash;
    std::unique_lock write(index_mutex_);
    by_token_[token_hash] = a.record.id;
}

void live_sittings::retire_token(live_attempt& a, std::string const& reason, after_unlock& after) {
    if (a.record.resume_token_hash.empty()) return; // never signed in: no session to end
    {
        std::unique_lock write(index_mutex_);
        by_token_.erase(a.record.resume_token_hash);
    }
    a.record.resume_token_hash.clear();
    auto frame = protocol::encode_push("session.ended", protocol::session_ended{reason});
    after.push_back([this, id = a.record.id, frame] { notify_.end_attempt_sessions(id, frame); });
}

protocol::time_status live_sittings::time_of(live_attempt const& a, std::string reason) const {
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

protocol::session_view live_sittings::session_view(live_attempt const& a,
                                                   std::string const& token) const {
    auto const& s = a.sitting->sitting;
    auto const& as = a.sitting->assessment_;
    return {.resume_token = token,
            .candidate = {a.record.ticket, a.candidate.name, a.candidate.seat,
                          a.candidate.accommodations},
            .sitting = {.id = s.id,
                        .title = s.title.empty() ? as.title : s.title,
                        .venue = s.venue,
                        .room = s.room,
                        .starts_at = s.starts_at,
                        .duration_ms = as.duration_ms,
                        .occupation = as.occupation_name,
                        .level = as.level},
            .time = time_of(a)};
}

protocol::seat_status live_sittings::seat_view(live_attempt const& a) const {
    std::int64_t answered = 0;
    for (auto const& [item, answer] : a.answers) // only items on the paper can be saved
        if (is_answered(answer.response)) ++answered;
    std::string connection = a.record.state == attempt_state::closed ? "submitted"
                             : a.connections > 0                     ? "connected"
                             : a.missing_since > 0                   ? "missing"
                                                                     : "not_signed_in";
    auto t = time_of(a);
    auto incidents = a.sitting->open_incidents.find(a.record.ticket);
    return {.ticket = a.record.ticket,
            .name = a.candidate.name,
            .seat = a.candidate.seat,
            .checkin = a.candidate.checkin,
            .checkin_at = a.candidate.checkin_at,
            .locked_until = throttle_.locked_until("ticket:" + a.record.ticket),
            .connection = std::move(connection),
            .missing_since = a.connections > 0 ? 0 : a.missing_since,
            .state = t.state,
            .close_reason = a.record.close_reason,
            .answered = answered,
            .total = static_cast<std::int64_t>(a.paper_items()),
            .remaining_ms = t.remaining_ms,
            .deadline = t.deadline,
            .server_time = clock_.now(),
            .hand_raised = a.hand_raised,
            .terminal_request = !a.terminal_request.empty(),
            .incidents_open = incidents == a.sitting->open_incidents.end() ? 0 : incidents->second,
            .focus_lost = a.focus_lost};
}

void live_sittings::push_seat(live_attempt const& a, after_unlock& after) {
    if (!notify_.watched(a.record.sitting_id)) return; // a save must not pay for an empty room
    auto frame = protocol::encode_push("room.seat", seat_view(a));
    after.push_back(
        [this, sitting = a.record.sitting_id, frame] { notify_.to_staff(sitting, frame); });
}

void live_sittings::close(live_attempt& a,
                          std::string const& reason,
                          util::millis at,
                          after_unlock& after,
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
    auto push = protocol::encode_push("attempt.closed", protocol::attempt_closed{reason, at});
    after.push_back(
        [this, snapshot, practical, push, reason, done = std::move(done), body = std::move(body)] {
            audit_event event{reason == "submitted" ? "candidate:" + snapshot.ticket : "server",
                              "attempt.close",
                              snapshot.ticket,
                              {{"reason", reason}, {"total", snapshot.result.value("total", 0.0)}}};
            // A submit is answered, and the candidate told the attempt is closed, only once the
            // closed attempt is durable: a page that shows "handed in" must be right. A practical
            // attempt's automatic checks start then too.
            auto* marking = practical ? marking_.load() : nullptr;
            reply_fn answer = [this, done, push, marking, id = snapshot.id,
                               sitting = snapshot.sitting_id](outcome o) {
                bool stored = !o.error;
                if (done) done(std::move(o));
                if (!stored) return;
                notify_.to_attempt(id, push);
                if (marking) marking->attempt_closed(id, sitting);
            };
            persist(snapshot, std::move(event), std::move(answer), outcome::ok(body));
        });
    push_seat(a, after);
}

void live_sittings::persist(attempt_record const& record,
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

} // namespace craftmark::core
