#include "server/core/exam/sign_in_throttle.hpp"

#include <algorithm>

namespace craftmark::core {

util::millis sign_in_throttle::locked_until_locked(std::string const& key) const {
    auto it = failures_.find(key);
    if (it == failures_.end() || it->second.count < max_failures) return 0;
    auto until = it->second.last + lockout;
    return clock_.now() < until ? until : 0;
}

util::millis sign_in_throttle::locked_until(std::string const& key) const {
    std::lock_guard lock(mutex_);
    return locked_until_locked(key);
}

int sign_in_throttle::failed(std::string const& key) {
    std::lock_guard lock(mutex_);
    auto now = clock_.now();
    // Failures older than the lockout are forgotten here, so that a stream of wrong guesses at
    // many keys cannot grow the table without end.
    std::erase_if(failures_, [&](auto const& entry) { return now - entry.second.last >= lockout; });
    auto& f = failures_[key];
    f.count += 1;
    f.last = now;
    return std::max(0, max_failures - f.count);
}

bool sign_in_throttle::forget(std::string const& key) {
    std::lock_guard lock(mutex_);
    bool was_locked = locked_until_locked(key) != 0;
    failures_.erase(key);
    return was_locked;
}

} // namespace craftmark::core
