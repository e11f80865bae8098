#include "server/core/exam/staff_sessions.hpp"

#include "shared/crypto/digest.hpp"

#include <algorithm>

namespace craftmark::core {

staff_sessions::staff_sessions(util::clock const& clock, std::chrono::seconds idle)
    : clock_(clock), idle_(idle) {}

staff_sessions::opened staff_sessions::open(std::string const& username) {
    opened o;
    o.token = crypto::random_hex(32);
    o.id = crypto::sha256_hex(o.token);
    std::lock_guard lock(mutex_);
    // Sessions nobody resumed are dropped here, so the map holds only the living.
    std::erase_if(by_id_, [&](auto const& s) { return expired(s.second); });
    by_id_[o.id] = {username, clock_.now()};
    return o;
}

bool staff_sessions::expired(session const& s) const {
    return clock_.now() - s.last_request >=
           std::chrono::duration_cast<std::chrono::milliseconds>(idle_).count();
}

staff_sessions::session* staff_sessions::live(std::string const& id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return nullptr;
    if (expired(it->second)) {
        by_id_.erase(it);
        return nullptr;
    }
    return &it->second;
}

std::optional<staff_sessions::resumed> staff_sessions::resume(std::string const& token) {
    auto id = crypto::sha256_hex(token);
    std::lock_guard lock(mutex_);
    auto* s = live(id);
    if (!s) return std::nullopt;
    s->last_request = clock_.now();
    return resumed{id, s->username};
}

bool staff_sessions::touch(std::string const& id) {
    std::lock_guard lock(mutex_);
    auto* s = live(id);
    if (!s) return false;
    s->last_request = clock_.now();
    return true;
}

std::chrono::milliseconds staff_sessions::left(std::string const& id) {
    std::lock_guard lock(mutex_);
    auto* s = live(id);
    if (!s) return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(idle_) -
           std::chrono::milliseconds(clock_.now() - s->last_request);
}

void staff_sessions::end(std::string const& id) {
    std::lock_guard lock(mutex_);
    by_id_.erase(id);
}

void staff_sessions::end_all(std::string const& username) {
    std::lock_guard lock(mutex_);
    std::erase_if(by_id_, [&](auto const& s) { return s.second.username == username; });
}

} // namespace craftmark::core
