#include "server/net/session_registry.hpp"

#include <algorithm>

namespace craftmark::server::net {

void session_registry::add(std::shared_ptr<push_target> const& s) {
    std::lock_guard lock(mutex_);
    // Pruned once the list has doubled since the last pruning, not on every add: that made
    // ten thousand terminals reconnecting at once cost 10,000² checks.
    if (all_.size() >= 2 * all_after_pruning_) {
        std::erase_if(all_, [](auto const& w) { return w.expired(); });
        all_after_pruning_ = std::max<std::size_t>(all_.size(), 64);
    }
    all_.push_back(s);
}

void session_registry::attach(std::int64_t attempt_id,
                              std::string const& sitting_id,
                              std::shared_ptr<push_target> const& s) {
    std::lock_guard lock(mutex_);
    auto& sessions = by_attempt_[attempt_id];
    std::erase_if(sessions, [](auto const& w) { return w.expired(); });
    sessions.push_back(s);
    candidates_[sitting_id][attempt_id] = s;
}

void session_registry::attach_staff(std::string const& username,
                                    std::shared_ptr<push_target> const& s) {
    std::lock_guard lock(mutex_);
    auto& connections = accounts_[username];
    std::erase_if(connections, [](auto const& w) { return w.expired(); });
    connections.push_back(s);
}

void session_registry::end_staff_sessions(std::string const& username,
                                          push_target const* except,
                                          std::string frame) {
    std::vector<std::shared_ptr<push_target>> live;
    {
        std::lock_guard lock(mutex_);
        auto it = accounts_.find(username);
        if (it == accounts_.end()) return;
        for (auto const& w : it->second)
            if (auto s = w.lock(); s && s.get() != except) live.push_back(std::move(s));
        accounts_.erase(it);
    }
    auto shared = std::make_shared<std::string const>(std::move(frame));
    for (auto const& s : live) s->end_session(shared);
}

void session_registry::watch(std::string const& sitting_id, std::shared_ptr<push_target> const& s) {
    std::lock_guard lock(mutex_);
    auto& staff = staff_[sitting_id];
    std::erase_if(staff, [](auto const& w) { return w.expired(); });
    staff.push_back(s);
}

void session_registry::watch_board(board_view const& view, std::shared_ptr<push_target> const& s) {
    std::lock_guard lock(mutex_);
    auto& board = boards_[view];
    std::erase_if(board, [](auto const& w) { return w.expired(); });
    board.push_back(s);
}

std::vector<board_view> session_registry::watched_boards() {
    std::lock_guard lock(mutex_);
    std::vector<board_view> out;
    for (auto const& [view, board] : boards_)
        if (std::any_of(board.begin(), board.end(), [](auto const& w) { return !w.expired(); }))
            out.push_back(view);
    return out;
}

namespace {
/// Sends one shared frame to every live target (outside the registry's lock).
void send_all(std::vector<std::shared_ptr<push_target>> const& targets, std::string frame) {
    auto shared = std::make_shared<std::string const>(std::move(frame));
    for (auto const& t : targets) t->send(shared);
}
} // namespace

void session_registry::to_sitting(std::string const& sitting_id, std::string frame) {
    std::vector<std::shared_ptr<push_target>> live;
    {
        std::lock_guard lock(mutex_);
        if (closing_) return;
        for (auto const& [attempt, w] : candidates_[sitting_id])
            if (auto s = w.lock()) live.push_back(std::move(s));
    }
    send_all(live, std::move(frame));
}

template <typename Key>
void session_registry::to_watchers(watchers<Key> const& all, Key const& key, std::string frame) {
    std::vector<std::shared_ptr<push_target>> live;
    {
        std::lock_guard lock(mutex_);
        if (closing_) return;
        auto it = all.find(key);
        if (it == all.end()) return;
        for (auto const& w : it->second)
            if (auto s = w.lock()) live.push_back(std::move(s));
    }
    send_all(live, std::move(frame));
}

void session_registry::to_staff(std::string const& sitting_id, std::string frame) {
    to_watchers(staff_, sitting_id, std::move(frame));
}

void session_registry::to_board(board_view const& view, std::string frame) {
    to_watchers(boards_, view, std::move(frame));
}

void session_registry::to_attempt(std::int64_t attempt_id, std::string frame) {
    std::vector<std::shared_ptr<push_target>> live;
    {
        std::lock_guard lock(mutex_);
        if (closing_) return;
        auto it = by_attempt_.find(attempt_id);
        if (it == by_attempt_.end()) return;
        for (auto const& w : it->second)
            if (auto s = w.lock()) live.push_back(std::move(s));
        if (live.empty()) by_attempt_.erase(it);
    }
    send_all(live, std::move(frame));
}

void session_registry::end_attempt_sessions(std::int64_t attempt_id, std::string frame) {
    std::vector<std::shared_ptr<push_target>> live;
    {
        std::lock_guard lock(mutex_);
        auto it = by_attempt_.find(attempt_id);
        if (it == by_attempt_.end()) return;
        for (auto const& w : it->second)
            if (auto s = w.lock()) live.push_back(std::move(s));
        by_attempt_.erase(it);
        // The room's announcements no longer reach them either (a new session re-attaches).
        for (auto& [sitting, attempts] : candidates_) attempts.erase(attempt_id);
    }
    auto shared = std::make_shared<std::string const>(std::move(frame));
    for (auto const& s : live) s->end_session(shared);
}

bool session_registry::watched(std::string const& sitting_id) {
    std::lock_guard lock(mutex_);
    auto it = staff_.find(sitting_id);
    return it != staff_.end() && std::any_of(it->second.begin(), it->second.end(),
                                             [](auto const& w) { return !w.expired(); });
}

void session_registry::close_all() {
    std::vector<std::shared_ptr<push_target>> live;
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        for (auto const& w : all_)
            if (auto s = w.lock()) live.push_back(std::move(s));
    }
    for (auto const& s : live) s->close_for_shutdown();
}

std::size_t session_registry::live_sessions() {
    std::lock_guard lock(mutex_);
    return std::count_if(all_.begin(), all_.end(), [](auto const& w) { return !w.expired(); });
}

} // namespace craftmark::server::net
