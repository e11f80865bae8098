// craftmark-server: reads its settings, builds the server, runs it until SIGINT/SIGTERM, and
// reloads on SIGHUP. Tells systemd (Type=notify) when it is ready, reloading and stopping.
#include "server/app/server.hpp"
#include "shared/util/layered_settings.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <systemd/sd-daemon.h>

namespace {

using craftmark::app::server_settings;

struct command_line {
    server_settings settings;
    std::string listen = "127.0.0.1:8443";
    std::vector<std::string> operators;
    unsigned staff_idle_minutes = 30;
    bool print_config = false;
    std::string effective; // what --print-config prints
};

/// The settings from the command line, the environment and the configuration file (see
/// util::layered_settings); throws CLI::ParseError, which `app` prints.
command_line read_settings(CLI::App& app, int argc, char** argv) {
    command_line out;
    app.add_option("--data", out.settings.data_dir,
                   "folder for the database, the log and the development PKI")
        ->capture_default_str();
    app.add_option("--listen", out.listen, "HOST:PORT to listen on (port 0 picks a free port)")
        ->capture_default_str();
    app.add_option("--cert", out.settings.certificate,
                   "TLS certificate chain (PEM); without it a development CA and certificate "
                   "are created in <data>/pki");
    app.add_option("--key", out.settings.private_key, "TLS private key (PEM) for --cert");
    app.add_option("--log-file", out.settings.log_file,
                   "the log (default: craftmark-server.log in the data folder); reopened on "
                   "SIGHUP, after logrotate");
    app.add_option("--metrics-listen", out.settings.metrics_listen,
                   "HOST:PORT serving /metrics (Prometheus text format) in plain HTTP, e.g. "
                   "127.0.0.1:9464; keep it off the candidates' network (default: not served)");
    app.add_option("--threads", out.settings.threads, "worker threads (default: one per core)")
        ->capture_default_str();
    app.add_option("--portal-rate", out.settings.portal_rate.per_second,
                   "verification portal: guesses and API calls per second per client address "
                   "(bursts of 30; 0 = no limit, e.g. behind a proxy that limits)")
        ->capture_default_str();
    app.add_option("--max-connections", out.settings.limits.max_connections,
                   "at this many open connections new ones wait in the kernel's queue until "
                   "one closes (keep it below the process's open-file limit, `ulimit -n`)")
        ->capture_default_str();
    app.add_option("--message-rate", out.settings.limits.messages_per_second,
                   "messages per second one connection may send (bursts of twice as many); "
                   "beyond it each is refused with rate_limited")
        ->capture_default_str();
    app.add_option("--idle-timeout", out.settings.limits.idle_timeout,
                   "seconds: a WebSocket silent for half of this is pinged, one that answers "
                   "nothing for all of it is dropped (its network is gone)")
        ->default_str(std::to_string(out.settings.limits.idle_timeout.count()));
    app.add_option("--staff-idle-minutes", out.staff_idle_minutes,
                   "a staff console (proctor, examiner, administrator) is signed out after this "
                   "many minutes without a request; it then asks for the password again")
        ->check(CLI::Range(1u, 24u * 60u))
        ->capture_default_str();
    // The craftmark CLI's key in the shared configuration file: known here, so that a key the
    // server does not know is an error rather than a setting silently ignored.
    app.add_option("--operators", out.operators)->group("");
    app.add_flag("--print-config", out.print_config,
                 "print the effective configuration, each value with where it comes from, and "
                 "exit")
        ->configurable(false);
    app.set_version_flag("--version", "craftmark-server 0.1.0");
    app.allow_config_extras(CLI::config_extras_mode::error);
    craftmark::util::layered_settings layers(app);
    layers.parse(argc, argv);
    out.effective = layers.describe();

    out.settings.limits.message_burst = 2 * out.settings.limits.messages_per_second;
    out.settings.staff_idle = std::chrono::minutes(out.staff_idle_minutes);
    auto colon = out.listen.rfind(':');
    if (colon == std::string::npos)
        throw CLI::ValidationError("--listen", "must be HOST:PORT, for example 0.0.0.0:8443");
    out.settings.host = out.listen.substr(0, colon);
    out.settings.port = static_cast<std::uint16_t>(std::stoi(out.listen.substr(colon + 1)));
    return out;
}

constexpr char const* description =
    "Craftmark assessment server: delivers timed assessments over TLS WebSocket (/ws), stores "
    "every answer durably, and serves /healthz, the verification portal and public boards. "
    "SIGHUP reopens the log, loads the TLS certificate again and reports settings that need a "
    "restart; SIGTERM stops gracefully.";

} // namespace

int main(int argc, char** argv) {
    CLI::App app{description};
    command_line options;
    try {
        options = read_settings(app, argc, argv);
    } catch (CLI::ParseError const& e) {
        return app.exit(e);
    }
    if (options.print_config) {
        std::cout << options.effective;
        return 0;
    }

    // Signals are handled by waiting for them on this thread, so the workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    craftmark::util::system_clock clock;
    craftmark::app::server server(options.settings, clock);
    try {
        server.start();
    } catch (std::exception const& e) {
        std::cerr << "craftmark-server: cannot start: " << e.what() << '\n';
        return 1;
    }
    std::cout << "ready port=" << server.port() << " ca=" << server.ca_certificate().string();
    if (server.metrics_port()) std::cout << " metrics=" << server.metrics_port();
    std::cout << std::endl;
    // Ready only now: migrations have run and downtime has been credited to running attempts.
    sd_notifyf(0, "READY=1\nSTATUS=serving on port %u", unsigned{server.port()});
    for (;;) {
        int received = 0;
        sigwait(&signals, &received);
        if (received != SIGHUP) break;
        sd_notify(0, "RELOADING=1");
        try {
            CLI::App again{description};
            auto fresh = read_settings(again, argc, argv);
            std::cout << server.reload(fresh.settings) << std::endl;
        } catch (std::exception const& e) {
            std::cerr << "craftmark-server: not reloaded, still running as before: " << e.what()
                      << std::endl;
        }
        sd_notify(0, "READY=1");
    }
    sd_notify(0, "STOPPING=1\nSTATUS=closing sessions and finishing queued writes");
    server.stop();
    return 0;
}
