#pragma once
#include "server/core/repositories.hpp"
#include "shared/protocol/catalog.hpp"
#include "shared/protocol/messages.hpp"
#include "shared/util/clock.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <variant>

namespace craftmark::core {

class marking_service;

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
/// auth.staff_sign_in: the session's new identity.
struct staff_signed_in {
    staff_record staff;
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
using reply_fn = std::function<void(outcome)>;

/// Who is on the other end of a session, as far as the core is concerned.
struct session_context {
    protocol::role role = protocol::role::none;
    std::int64_t attempt_id = 0;
    // The resume-token hash a candidate session signed in with: once the attempt's token is
    // another (a new sign-in, an approved terminal, a move), this session speaks for nobody.
    std::string credential;
    std::optional<staff_record> staff;
};

/// The written-assessment logic: sign-in, papers, durable saves, time, submission, results.
/// Thread-safe: sessions call it from their strands; one mutex guards the live attempts and
/// is never held across a storage call. Replies may be delivered on the writer thread.
class exam_service {
  public:
    exam_service(sitting_repository& sittings,
                 attempt_repository& attempts,
                 upload_repository& uploads,
                 util::clock const& clock,
                 notifier& notify);
    ~exam_service();

    /// Routes one decoded request: checks the role against the protocol table, then handles it.
    void handle(session_context const& ctx, protocol::request const& req, reply_fn done);

    /// Credits time the server was down (since `last_alive`) to every running attempt.
    void recover(util::millis last_alive);

    /// Closes attempts whose deadline has passed and sends periodic time pushes; call often.
    void tick();

    /// Forgets cached sittings so that changes made by the admin CLI are seen.
    void reload_sittings();

    /// A candidate's connection ended: the seat shows "missing since".
    void session_closed(std::int64_t attempt_id);

    /// Where marking.* messages go, and who hears that a practical attempt closed.
    void set_marking(marking_service* marking) { marking_ = marking; }
    /// Where scoreboard.watch finds competition boards.
    void set_scoreboards(scoreboard_source* boards) { boards_ = boards; }

  private:
    struct sitting_data;
    struct live_attempt;

    void sign_in(nlohmann::json const& body, reply_fn done);
    void resume(nlohmann::json const& body, reply_fn done);
    void connected(std::int64_t attempt_id);
    /// Sign-in throttling by key ("ticket:…", "staff:…"): five failures in five minutes lock it.
    bool throttled(std::string const& key);
    /// Counts a failure (or forgets the failures after a success); the tries left before the
    /// key is locked.
    int note_sign_in(std::string const& key, bool succeeded);
    /// When the key's lock ends, or 0 when it is not locked. Called with the lock held.
    util::millis locked_until(std::string const& key) const;
    /// A refused sign-in: the tries left, and the seat updated once the ticket is locked.
    void refuse_sign_in(std::string const& ticket, reply_fn done);
    /// Holds a sign-in or resume from a terminal the attempt is not bound to for the proctor.
    void hold_for_approval(live_attempt& a,
                           std::string const& terminal_id,
                           std::unique_lock<std::mutex>& lock,
                           reply_fn done);
    /// Kills the attempt's resume token (the connections that used it are ended with `reason`
    /// once `after` runs).
    void retire_token(live_attempt& a,
                      std::string const& reason,
                      std::vector<std::function<void()>>& after);
    void lobby(std::int64_t attempt_id, reply_fn done);
    void get_paper(std::int64_t attempt_id, reply_fn done);
    void save_answer(std::int64_t attempt_id, nlohmann::json const& body, reply_fn done);
    void flag_item(std::int64_t attempt_id, nlohmann::json const& body, reply_fn done);
    void time_sync(std::int64_t attempt_id, reply_fn done);
    void submit(std::int64_t attempt_id, reply_fn done);
    void result(std::int64_t attempt_id, reply_fn done);

    // Practical work handed in as files (exam_uploads.cpp).
    void begin_upload(std::int64_t attempt_id, nlohmann::json const& body, reply_fn done);
    void upload_chunk(std::int64_t attempt_id, protocol::request const& req, reply_fn done);
    void finish_upload(std::int64_t attempt_id, nlohmann::json const& body, reply_fn done);
    /// The attempt if it takes uploads now (closing it if its time is up); otherwise answers
    /// `done` with the refusal, unlocks and returns null.
    live_attempt*
    accepting_uploads(std::int64_t attempt_id, std::unique_lock<std::mutex>& lock, reply_fn& done);
    nlohmann::json receipts_of(live_attempt const& a) const;

    // Staff and proctoring (exam_proctor.cpp).
    void staff_sign_in(nlohmann::json const& body, reply_fn done);
    void watch(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void check_in(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void unlock_ticket(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void control(session_context const& ctx,
                 std::string const& type,
                 nlohmann::json const& body,
                 reply_fn done);
    void approve_terminal(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void move_seat(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void announce(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void message(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void raise_hand(std::int64_t attempt_id, reply_fn done);
    void open_incident(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void close_incident(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    void list_incidents(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    /// Adds `delta` to the open-incident marks of `tickets` and pushes their seats.
    void mark_incidents(std::string const& sitting_id,
                        std::vector<std::string> const& tickets,
                        int delta);
    void report_focus(std::int64_t attempt_id, nlohmann::json const& body, reply_fn done);
    void watch_board(session_context const& ctx, nlohmann::json const& body, reply_fn done);
    /// The refusal for `ctx` acting on `sitting_id`, or nullopt when it may.
    std::optional<outcome> refuse_scope(session_context const& ctx, std::string const& sitting_id);
    std::vector<live_attempt*> room(std::string const& sitting_id);
    /// The candidate `ticket` if `ctx` may act on them; otherwise answers `done` and returns null.
    live_attempt*
    staff_target(session_context const& ctx, std::string const& ticket, reply_fn& done);
    nlohmann::json seat_view(live_attempt const& a) const;
    void push_seat(live_attempt const& a, std::vector<std::function<void()>>& after);

    std::shared_ptr<sitting_data> sitting_for(std::string const& sitting_id);
    live_attempt* load(attempt_record record);
    live_attempt* find_live(std::int64_t attempt_id);
    /// The live attempt whose current resume token has this hash, if it is live.
    live_attempt* find_live_by_token(std::string const& token_hash);
    nlohmann::json session_view(live_attempt const& a, std::string const& token) const;
    /// The candidate's paper, its answers, flags and time, as JSON text.
    std::string paper_view(live_attempt const& a) const;
    protocol::time_status time_of(live_attempt const& a, std::string reason = {}) const;
    /// Closes and scores `a`; `after` receives the durable write and the push, to run once the
    /// lock is released. `done` (optional) is answered with `body` when the write is durable.
    void close(live_attempt& a,
               std::string const& reason,
               util::millis at,
               std::vector<std::function<void()>>& after,
               reply_fn done = {},
               nlohmann::json body = nlohmann::json::object());
    /// Stores `record` with its audit entry; `done` is answered `reply` once it is durable.
    void persist(attempt_record const& record, audit_event event, reply_fn done, outcome reply);

    sitting_repository& sittings_;
    attempt_repository& attempts_;
    upload_repository& uploads_;
    marking_service* marking_ = nullptr;
    scoreboard_source* boards_ = nullptr;
    util::clock const& clock_;
    notifier& notify_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<sitting_data>> sitting_cache_;
    // Every message looks its attempt up here. Hashed: with 10,000 saving once a second the
    // lookup in a tree took 2.8 % of the server's CPU (cache misses down its levels), 1.7 % now.
    std::unordered_map<std::int64_t, std::unique_ptr<live_attempt>> live_;
    /// Resume-token hash -> attempt id, for the live attempts: a reconnecting terminal is found
    /// without reading its attempt (and paper) back from the database.
    std::unordered_map<std::string, std::int64_t> live_by_token_;
    util::millis last_time_push_ = 0;
    std::map<std::string, std::pair<int, util::millis>> failed_sign_ins_; // username -> count, last
};

} // namespace craftmark::core
