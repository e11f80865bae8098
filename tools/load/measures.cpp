#include "tools/load/measures.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace craftmark::load {

double latency_set::percentile(double p) {
    if (values_.empty()) return 0;
    auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values_.size() - 1));
    std::nth_element(values_.begin(), values_.begin() + static_cast<long>(k), values_.end());
    return values_[k];
}

nlohmann::json step_result::to_json() {
    auto rate = seconds > 0 ? static_cast<double>(latencies.size()) / seconds : 0.0;
    return {
        {"seconds", seconds},
        {"ok", ok},
        {"retries", retries},
        {"rejoined", rejoined},
        {"tls_resumed", tls_resumed},
        {"errors", errors},
        {"messages", latencies.size()},
        {"per_second", rate},
        {"p50_ms", latencies.percentile(50)},
        {"p99_ms", latencies.percentile(99)},
        {"p999_ms", latencies.percentile(99.9)},
        {"server_cpu_percent", wall_seconds > 0 ? 100.0 * server_cpu_seconds / wall_seconds : 0.0}};
}

long resident_kib(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    auto name_end = stat.rfind(')');
    if (name_end == std::string::npos) return 0;
    // Fields after the command name start at field 3; utime and stime are fields 14 and 15.
    std::istringstream rest(stat.substr(name_end + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; rest >> field && i <= 15; ++i)
        if (i >= 14) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

} // namespace craftmark::load
