#include "server/observe/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace craftmark::observe {

histogram::histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void histogram::observe(double value) {
    auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

histogram::snapshot histogram::read() const {
    snapshot s{bounds_, {}, sum_.load(std::memory_order_relaxed)};
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        running += counts_[i].load(std::memory_order_relaxed);
        s.cumulative.push_back(running);
    }
    return s;
}

namespace {

std::string number(double value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, end);
}

} // namespace

void exposition::describe(std::string const& name, char const* type, std::string const& help) {
    text_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void exposition::sample(std::string const& name, double value, std::string const& labels) {
    text_ += name + (labels.empty() ? "" : "{" + labels + "}") + " " + number(value) + "\n";
}

std::string exposition::label(std::string const& name, std::string const& value) {
    std::string out = name + "=\"";
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out + "\"";
}

void exposition::write(std::string const& name, std::string const& help, histogram const& h) {
    describe(name, "histogram", help);
    auto s = h.read();
    for (std::size_t i = 0; i < s.bounds.size(); ++i)
        sample(name + "_bucket", static_cast<double>(s.cumulative[i]),
               label("le", number(s.bounds[i])));
    sample(name + "_bucket", static_cast<double>(s.cumulative.back()), label("le", "+Inf"));
    sample(name + "_sum", s.sum);
    sample(name + "_count", static_cast<double>(s.cumulative.back()));
}

void write_server_metrics(exposition& out, server_metrics const& m) {
    out.write("craftmark_connections", "open WebSocket connections by role", m.connections, "role");
    out.write("craftmark_messages_total", "WebSocket messages received, by type", m.messages,
              "type");
    out.write("craftmark_refusals_total", "error replies, by error code", m.refusals, "code");
    out.describe("craftmark_writer_jobs_total", "counter",
                 "writes committed durably (answers, events, uploads, marks)");
    out.sample("craftmark_writer_jobs_total", static_cast<double>(m.writer_jobs.value()));
    out.write("craftmark_commit_batch_jobs", "writes per group commit", m.commit_batch_jobs);
    out.write("craftmark_commit_duration_seconds",
              "time from a group commit's first write to its fsync'd COMMIT", m.commit_seconds);

    // The process, as Prometheus' own clients name these figures.
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the command name, which ends at the last ')': state is field 3.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::vector<std::string> f{std::istream_iterator<std::string>(fields), {}};
    double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    if (f.size() > 21) {
        out.describe("process_cpu_seconds_total", "counter", "user and system CPU time");
        out.sample("process_cpu_seconds_total", (std::stod(f[11]) + std::stod(f[12])) / ticks);
        out.describe("process_resident_memory_bytes", "gauge", "resident memory");
        out.sample("process_resident_memory_bytes",
                   std::stod(f[21]) * static_cast<double>(sysconf(_SC_PAGESIZE)));
        std::ifstream uptime("/proc/uptime");
        double up = 0;
        uptime >> up;
        auto now = static_cast<double>(std::time(nullptr));
        out.describe("process_start_time_seconds", "gauge", "start time, seconds since 1970");
        out.sample("process_start_time_seconds", now - up + std::stod(f[19]) / ticks);
    }
    std::error_code ec;
    auto descriptors = std::distance(std::filesystem::directory_iterator("/proc/self/fd", ec),
                                     std::filesystem::directory_iterator{});
    out.describe("process_open_fds", "gauge", "open file descriptors");
    out.sample("process_open_fds", static_cast<double>(descriptors));
}

} // namespace craftmark::observe
