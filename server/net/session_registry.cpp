#include "server/net/session_registry.hpp"

#include <algorithm>

namespace craftmark::server::net {

void session_registry::add(std::shared_ptr<push_target> const& s) {
    std::lock_guard lock(mutex_);
    std::erase_if(all_, [](auto const& w) { return w.expired(); });
    all_.push_back(s);
}

void session_registry::attach(std::int64_t attempt_id, std::shared_ptr<push_target> const& s) {
    std::lock_guard lock(mutex_);
    by_attempt_[attempt_id] = s;
}

void session_registry::to_attempt(std::int64_t attempt_id, std::string frame) {
    std::shared_ptr<push_target> target;
    {
        std::lock_guard lock(mutex_);
        auto it = by_attempt_.find(attempt_id);
        if (it == by_attempt_.end()) return;
        target = it->second.lock();
        if (!target) by_attempt_.erase(it);
    }
    if (target) target->send(std::make_shared<std::string const>(std::move(frame)));
}

void session_registry::close_all() {
    std::vector<std::shared_ptr<push_target>> live;
    {
        std::lock_guard lock(mutex_);
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
