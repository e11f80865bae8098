#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace craftmark::util {

/// Milliseconds since the Unix epoch; the one time unit on the wire and in storage.
using millis = std::int64_t;

/// The server's clock, injected so that tests can move time.
class clock {
  public:
    virtual ~clock() = default;
    virtual millis now() const = 0;
};

class system_clock final : public clock {
  public:
    millis now() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

/// A clock that only moves when told to; safe to read from any thread.
class manual_clock final : public clock {
  public:
    explicit manual_clock(millis start = 1'800'000'000'000) : now_(start) {}
    millis now() const override { return now_.load(); }
    void advance(millis by) { now_ += by; }
    void set(millis to) { now_ = to; }

  private:
    std::atomic<millis> now_;
};

} // namespace craftmark::util
