#pragma once
#include "shared/util/clock.hpp"

#include <algorithm>
#include <optional>

namespace craftmark::core {

using util::millis;

/// An attempt's time, all in server milliseconds. The deadline is
/// start + duration + extra time + time spent paused (including server downtime credited back),
/// so a pause stops the countdown and a resume continues it with the same time left.
struct attempt_clock {
    millis started_at = 0; // 0: not started
    millis duration = 0;
    millis extra = 0;
    millis paused_total = 0;
    std::optional<millis> paused_since;

    bool started() const { return started_at != 0; }
    bool paused() const { return paused_since.has_value(); }

    /// The deadline as of `now`: while paused it moves forward with the clock.
    millis deadline(millis now) const {
        if (!started()) return 0;
        millis pause_now = paused() ? now - *paused_since : 0;
        return started_at + duration + extra + paused_total + pause_now;
    }

    millis remaining(millis now) const {
        if (!started()) return duration + extra;
        return std::max<millis>(0, deadline(now) - now);
    }

    bool expired(millis now) const { return started() && !paused() && now >= deadline(now); }

    void start(millis now) { started_at = now; }
    void pause(millis now) {
        if (!paused()) paused_since = now;
    }
    void resume(millis now) {
        if (paused()) paused_total += now - *paused_since;
        paused_since.reset();
    }
    /// Time the server was down is given back, as if the attempt had been paused.
    void credit(millis outage) { paused_total += std::max<millis>(0, outage); }
};

} // namespace craftmark::core
