#pragma once
// The sittings being served: their attempts in memory, one lock per sitting. Every desk of the
// exam and proctoring rooms works on this state; none keeps its own copy.
#include "server/core/exam/candidate_ids.hpp"
#include "server/core/exam/item_view.hpp"
#include "server/core/exam/ports.hpp"
#include "server/core/exam/sign_in_throttle.hpp"
#include "server/core/outcome.hpp"
#include "server/core/proctoring/room_repository.hpp"
#include "shared/protocol/messages.hpp"
#include "shared/protocol/room_replies.hpp"
#include "shared/util/clock.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>

namespace craftmark::core {

class marking_service;

/// A sitting with its assessment and the items its papers draw from, read on first use.
struct sitting_data {
    sitting_record sitting;
    assessment assessment_;
    item_pool pool;
    std::map<std::string, item> items;
    std::map<std::string, std::string> bank_of;  // item id -> the bank it is drawn from
    std::map<std::string, item_view_text> views; // of the same items, as candidates see them
    std::map<std::string, int> open_incidents;   // ticket -> open incidents naming it
};

/// An attempt the server is serving, with its current answers (highest seq per item).
struct live_attempt {
    attempt_record record;
    candidate_record candidate;
    std::shared_ptr<sitting_data> sitting;
    std::mutex* sitting_lock = nullptr; // its sitting's, which guards everything here
    std::map<std::string, answer_record> answers;
    std::set<std::string> flags;
    std::int64_t last_seq = 0;
    std::map<std::int64_t, upload_record> uploads; // current versions, by upload id
    std::set<std::int64_t> uploads_busy;           // a chunk of it is being written now
    // What the proctor's seat map shows.
    int connections = 0;
    util::millis missing_since = 0; // 0: never connected, or connected now
    bool hand_raised = false;
    std::string terminal_request; // another terminal asked to take over this attempt
    int focus_lost = 0;

    // The paper is kept once, in its compact form (a JSON copy and a set of its items took
    // 23 KB per candidate); papers hold tens of items, so looking one up is a short scan.
    bool on_paper(std::string const& item) const;
    /// The ids this attempt's candidate sees for one of its paper's items.
    candidate_ids ids_of(std::string const& item_id) const;
    std::size_t paper_items() const;
};

/// Work that waits until the sitting's lock is released: durable writes and pushes.
using after_unlock = std::vector<std::function<void()>>;
inline void run_all(after_unlock& after) {
    for (auto& f : after) f();
    after.clear();
}

/// A live attempt with its sitting's lock held; empty when there is no such attempt.
class locked_attempt {
  public:
    locked_attempt() = default;
    locked_attempt(std::unique_lock<std::mutex> lock, live_attempt* a)
        : lock_(std::move(lock)), a_(a) {}
    explicit operator bool() const { return a_ != nullptr; }
    live_attempt* operator->() const { return a_; }
    live_attempt& operator*() const { return *a_; }
    void unlock() { lock_.unlock(); }

  private:
    std::unique_lock<std::mutex> lock_;
    live_attempt* a_ = nullptr;
};

/// A sitting's seats with its lock held; `sitting` is null when there is no such sitting.
struct locked_room {
    std::unique_lock<std::mutex> lock;
    std::shared_ptr<sitting_data> sitting;
    std::vector<live_attempt*> seats;
};

/// Live attempts by sitting. Concurrency: each sitting has its own mutex, held while its
/// attempts are read or changed and never across a storage write, so sittings never wait for
/// each other and a commit never holds a lock. A small index (attempt id, resume token ->
/// attempt; sitting id -> sitting) has a reader-writer lock, always taken after a sitting's
/// lock and held only for a lookup or an insert. Attempts are never unloaded while the server
/// runs, so a pointer to one stays valid.
class live_sittings {
  public:
    live_sittings(sitting_repository& sittings,
                  attempt_repository& attempts,
                  room_repository& room_store, // the open incidents each seat shows
                  upload_repository& uploads,
                  sign_in_throttle& throttle,
                  util::clock const& clock,
                  notifier& notify);
    ~live_sittings();

    /// The attempt if it is being served.
    locked_attempt attempt(std::int64_t attempt_id);
    /// A candidate session's attempt, if the session still speaks for it (its token is the
    /// attempt's current one); otherwise empty: the session has ended.
    locked_attempt of_session(session_context const& ctx);
    /// The candidate's attempt, read from the store if it is not served yet.
    locked_attempt by_ticket(std::string const& ticket);
    /// The attempt whose current resume token has this hash, read from the store if needed.
    locked_attempt by_token(std::string const& token_hash);
    /// Every attempt of a sitting (read from the store as needed), with the sitting's lock.
    locked_room room(std::string const& sitting_id);
    /// The sitting's data, read on first use; null for an unknown sitting.
    std::shared_ptr<sitting_data> sitting(std::string const& sitting_id);
    /// Each running attempt of every sitting, with its sitting's lock held.
    void for_each_running(std::function<void(live_attempt&, after_unlock&)> const& visit);
    /// Reads every open attempt into memory (at start).
    std::vector<live_attempt*> load_open();

    /// The attempt's new resume token (its hash); the old one, if any, is retired first.
    void set_token(live_attempt& a, std::string const& token_hash, after_unlock& after);
    /// Kills the attempt's resume token: the connections that used it are sent `reason` and
    /// closed once `after` runs.
    void retire_token(live_attempt& a, std::string const& reason, after_unlock& after);

    protocol::time_status time_of(live_attempt const& a, std::string reason = {}) const;
    /// The candidate, the sitting and the time, as sign-in and the lobby show them (with the
    /// new resume token after a sign-in).
    protocol::session_view session_view(live_attempt const& a, std::string const& token = {}) const;
    /// The seat as the proctor's seat map shows it.
    protocol::seat_status seat_view(live_attempt const& a) const;
    /// Queues the seat's update for the staff watching its room (if anyone is).
    void push_seat(live_attempt const& a, after_unlock& after);
    /// Closes and scores `a`; `after` receives the durable write and the push. `done`
    /// (optional) is answered with `body` once the write is durable.
    void close(live_attempt& a,
               std::string const& reason,
               util::millis at,
               after_unlock& after,
               reply_fn done = {},
               nlohmann::json body = nlohmann::json::object());
    /// Stores `record` with its audit entry; `done` is answered `reply` once it is durable.
    void persist(attempt_record const& record, audit_event event, reply_fn done, outcome reply);

    /// Who hears that a practical attempt closed (its works are made and checked).
    void set_marking(marking_service* marking) { marking_ = marking; }
    marking_service* marking() const { return marking_; }
    util::clock const& clock() const { return clock_; }
    notifier& notify() { return notify_; }

  private:
    struct sitting_room;
    sitting_room& room_of(std::string const& sitting_id);
    /// Called with the room's lock held: the room's data, read if needed.
    std::shared_ptr<sitting_data> data_of(sitting_room& room);
    /// Called with the room's lock held: the attempt, read into memory if needed.
    live_attempt* load(sitting_room& room, attempt_record record);
    live_attempt* find(std::int64_t attempt_id);
    locked_attempt lock_loaded(attempt_record record);

    sitting_repository& sittings_;
    attempt_repository& attempts_;
    room_repository& room_store_;
    upload_repository& uploads_;
    sign_in_throttle& throttle_;
    util::clock const& clock_;
    notifier& notify_;
    std::atomic<marking_service*> marking_{nullptr};
    mutable std::shared_mutex index_mutex_;
    std::unordered_map<std::string, std::unique_ptr<sitting_room>> rooms_;
    // Every message looks its attempt up here. Hashed: with 10,000 saving once a second the
    // lookup in a tree took 2.8 % of the server's CPU (cache misses down its levels), 1.7 % now.
    std::unordered_map<std::int64_t, std::unique_ptr<live_attempt>> live_;
    /// Resume-token hash -> attempt id: a reconnecting terminal is found without reading its
    /// attempt (and paper) back from the database.
    std::unordered_map<std::string, std::int64_t> by_token_;
};

} // namespace craftmark::core
