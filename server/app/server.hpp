#pragma once
#include "server/net/session_deps.hpp"
#include "shared/util/clock.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace craftmark::store {
class writer;
}

namespace craftmark::core {
class marking_service;
}

namespace craftmark::app {

struct server_settings {
    std::filesystem::path data_dir = "data";
    std::string host = "127.0.0.1";
    std::uint16_t port = 8443;         // 0 picks a free port (tests)
    std::filesystem::path certificate; // empty: a development PKI in <data>/pki
    std::filesystem::path private_key;
    /// Worker threads: one per core by default. Sittings do not wait for each other (one lock
    /// each), so a venue server uses every core it has.
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    bool log_to_stderr = true;
    craftmark::server::net::session_limits limits;
    web::rate_limit portal_rate;
    /// The checker sandbox; empty: craftmark-sandbox beside this program, or in ../server/.
    std::filesystem::path sandbox_program;
    /// The log; empty: craftmark-server.log in the data folder.
    std::filesystem::path log_file;
    /// A staff session (a console signed in) ends after this long without a request.
    std::chrono::seconds staff_idle = std::chrono::minutes(30);
    /// HOST:PORT for /metrics in plain HTTP; empty: not served.
    std::string metrics_listen;
};

/// The composition root of craftmark-server, shared by main() and the integration tests:
/// storage, the exam core, TLS, the listener, the timers and the worker threads.
class server {
  public:
    server(server_settings settings, util::clock const& clock);
    ~server();

    /// Opens the database, credits any downtime, binds, and starts the worker threads.
    void start();
    /// Graceful: stop accepting, close sessions, finish queued writes, join the threads.
    void stop();
    /// Blocks until stop() has completed (from a signal handler's thread, for instance).
    void wait();
    /// SIGHUP: reopens the log (after logrotate moved it), loads the TLS certificate and key
    /// again for new connections (a renewed certificate), and names the settings in `fresh`
    /// that differ from the running ones and take effect only at a restart. Returns that
    /// summary (also logged); throws, changing nothing else, when the certificate cannot be used.
    std::string reload(server_settings const& fresh);

    std::uint16_t port() const;
    /// The /metrics port, 0 when not served.
    std::uint16_t metrics_port() const;
    std::filesystem::path ca_certificate() const;
    store::writer& writer();
    core::marking_service& marking();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace craftmark::app
