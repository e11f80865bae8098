#pragma once
#include "server/core/exam/ports.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace craftmark::server::net {

/// What the registry can do with a live WebSocket session, from any thread.
class push_target {
  public:
    virtual ~push_target() = default;
    virtual void send(std::shared_ptr<std::string const> frame) = 0;
    virtual void close_for_shutdown() = 0;
    /// Sends `frame`, then closes: the session no longer speaks for its attempt.
    virtual void end_session(std::shared_ptr<std::string const> frame) = 0;
};

/// A competition's scoreboard as staff or as everyone else see it.
struct board_view {
    std::string event_id;
    bool staff = false;
    auto operator<=>(board_view const&) const = default;
};

/// Live sessions: all of them (for shutdown) and those that speak for each attempt (for
/// pushes). Holds weak pointers only; a session's lifetime is its own.
class session_registry final : public core::notifier {
  public:
    void add(std::shared_ptr<push_target> const& s);
    void attach(std::int64_t attempt_id,
                std::string const& sitting_id,
                std::shared_ptr<push_target> const& s);
    /// A connection signed in with a staff account.
    void attach_staff(std::string const& username, std::shared_ptr<push_target> const& s);
    /// Sends `frame` to the account's other connections and closes them (sign-out everywhere).
    void
    end_staff_sessions(std::string const& username, push_target const* except, std::string frame);
    /// A staff session that watches a sitting's seats.
    void watch(std::string const& sitting_id, std::shared_ptr<push_target> const& s);
    /// A session that watches a competition's board.
    void watch_board(board_view const& view, std::shared_ptr<push_target> const& s);
    /// Boards somebody watches now.
    std::vector<board_view> watched_boards();
    void to_board(board_view const& view, std::string frame);
    void to_attempt(std::int64_t attempt_id, std::string frame) override;
    void to_sitting(std::string const& sitting_id, std::string frame) override;
    void to_staff(std::string const& sitting_id, std::string frame) override;
    bool watched(std::string const& sitting_id) override;
    void end_attempt_sessions(std::int64_t attempt_id, std::string frame) override;
    void end_staff_sessions(std::string const& username, std::string frame) override {
        end_staff_sessions(username, nullptr, std::move(frame));
    }
    void close_all();
    std::size_t live_sessions();

  private:
    template <typename Key> using watchers = std::map<Key, std::vector<std::weak_ptr<push_target>>>;
    template <typename Key>
    void to_watchers(watchers<Key> const& all, Key const& key, std::string frame);

    std::mutex mutex_;
    bool closing_ = false; // after close_all: no more pushes (the io_context is going away)
    std::vector<std::weak_ptr<push_target>> all_;
    std::size_t all_after_pruning_ = 64;
    // Usually one per attempt; more while a dropped connection has not timed out yet.
    std::map<std::int64_t, std::vector<std::weak_ptr<push_target>>> by_attempt_;
    std::map<std::string, std::map<std::int64_t, std::weak_ptr<push_target>>>
        candidates_;                 // sitting
    watchers<std::string> staff_;    // sitting
    watchers<std::string> accounts_; // staff username
    watchers<board_view> boards_;
};

} // namespace craftmark::server::net
