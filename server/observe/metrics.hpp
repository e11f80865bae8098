#pragma once
// What the server counts for /metrics, and the Prometheus text exposition format (version
// 0.0.4) it is read in. Hand-written: bookworm packages no Prometheus client for C++, and the
// format is a few lines of text per metric. Every instrument is lock-free to update from any
// thread; label families take a lock only the first time they meet a label value.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

namespace craftmark::observe {

class counter {
  public:
    void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::uint64_t> value_{0};
};

class gauge {
  public:
    void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::int64_t> value_{0};
};

/// Counts of observations at or below each bound, their sum and their number.
class histogram {
  public:
    explicit histogram(std::vector<double> bounds);
    void observe(double value);

    struct snapshot {
        std::vector<double> bounds;
        std::vector<std::uint64_t> cumulative; // one per bound, then +Inf
        double sum = 0;
    };
    snapshot read() const;

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_; // per bucket, not cumulative
    std::atomic<double> sum_{0};
};

/// One instrument per value of a label ("type", "code", "role").
template <typename Instrument> class family {
  public:
    Instrument& operator[](std::string const& label) {
        std::lock_guard lock(mutex_);
        auto& slot = members_[label];
        if (!slot) slot = std::make_unique<Instrument>();
        return *slot;
    }
    template <typename Fn> void each(Fn fn) const {
        std::lock_guard lock(mutex_);
        for (auto const& [label, instrument] : members_) fn(label, *instrument);
    }

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<Instrument>> members_;
};

/// Everything the running server counts as it goes; what is better counted at scrape time
/// (attempts by state, certificates, process figures) is read then.
struct server_metrics {
    family<gauge> connections; // open WebSocket connections by role
    family<counter> messages;  // messages received by type
    family<counter> refusals;  // error replies by code
    counter writer_jobs;       // durable writes committed
    histogram commit_batch_jobs{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}};
    histogram commit_seconds{{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}};
};

/// Writes metrics in the text exposition format.
class exposition {
  public:
    /// A metric's HELP and TYPE lines.
    void describe(std::string const& name, char const* type, std::string const& help);
    void sample(std::string const& name, double value, std::string const& labels = {});
    /// `name="value"`, with the value escaped as the format requires.
    static std::string label(std::string const& name, std::string const& value);
    /// A family of gauges or counters, one sample per label value.
    template <typename Instrument>
    void write(std::string const& name,
               std::string const& help,
               family<Instrument> const& f,
               std::string const& label_name) {
        describe(name, std::is_same_v<Instrument, counter> ? "counter" : "gauge", help);
        f.each([&](std::string const& value, Instrument const& i) {
            sample(name, static_cast<double>(i.value()), label(label_name, value));
        });
    }
    void write(std::string const& name, std::string const& help, histogram const& h);

    std::string const& text() const { return text_; }

  private:
    std::string text_;
};

/// server_metrics and the process's own figures (CPU seconds, resident memory, open files,
/// start time, from /proc/self) as exposition text.
void write_server_metrics(exposition& out, server_metrics const& m);

} // namespace craftmark::observe
