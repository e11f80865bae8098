#pragma once
// What the load generator measures: latencies and the server process's CPU and memory.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::load {

class latency_set {
  public:
    void add(double ms) { values_.push_back(ms); }
    std::size_t size() const { return values_.size(); }
    /// p in 0…100; 0 when empty.
    double percentile(double p);

  private:
    std::vector<double> values_;
};

/// One step of a run (connect, saves, reconnect, submit): what came back and how fast.
struct step_result {
    double seconds = 0;
    int ok = 0;
    int retries = 0;     // connections tried again after a failure
    int rejoined = 0;    // candidates back in their attempts after losing the connection
    int tls_resumed = 0; // connections made by resuming an earlier TLS session
    std::map<std::string, int> errors;
    latency_set latencies;
    double server_cpu_seconds = 0;
    double wall_seconds = 0; // the step from start to its last reply (saves can lag `seconds`)

    void count(std::string const& error_code) { ++errors[error_code]; }
    nlohmann::json to_json();
};

/// Resident memory and CPU time of a process, from /proc; 0 when there is no such process.
long resident_kib(int pid);
double cpu_seconds(int pid);

} // namespace craftmark::load
