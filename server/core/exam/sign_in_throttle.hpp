#pragma once
#include "shared/util/clock.hpp"

#include <map>
#include <mutex>
#include <string>

namespace craftmark::core {

/// Failed sign-ins by key ("ticket:…", "staff:…"): five failures in five minutes lock the key for
/// five minutes, so a six-digit access code or a password cannot be guessed. Thread-safe; its
/// lock is taken after any sitting's and held only here.
class sign_in_throttle {
  public:
    static constexpr int max_failures = 5;
    static constexpr util::millis lockout = 5 * 60'000;

    explicit sign_in_throttle(util::clock const& clock) : clock_(clock) {}

    /// When the key's lock ends, or 0 when it is not locked.
    util::millis locked_until(std::string const& key) const;
    /// Counts a failure; the tries left before the key is locked.
    int failed(std::string const& key);
    /// Forgets the key's failures (a success, or a proctor's unlock); whether it was locked.
    bool forget(std::string const& key);

  private:
    struct failures {
        int count = 0;
        util::millis last = 0;
    };
    util::millis locked_until_locked(std::string const& key) const;

    util::clock const& clock_;
    mutable std::mutex mutex_;
    std::map<std::string, failures> failures_;
};

} // namespace craftmark::core
