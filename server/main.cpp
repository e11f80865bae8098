// craftmark-server: parses options, builds the server, runs it until SIGINT/SIGTERM.
#include "server/app/server.hpp"
#include "shared/util/layered_settings.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

int main(int argc, char** argv) {
    craftmark::app::server_settings settings;
    std::string listen = "127.0.0.1:8443";
    CLI::App app{"Craftmark assessment server: delivers timed assessments over TLS WebSocket "
                 "(/ws), stores every answer durably, and serves /healthz."};
    app.add_option("--data", settings.data_dir,
                   "folder for the database, the log and the development PKI")
        ->capture_default_str();
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks a free port)")
        ->capture_default_str();
    app.add_option("--cert", settings.certificate,
                   "TLS certificate chain (PEM); without it a development CA and certificate "
                   "are created in <data>/pki");
    app.add_option("--key", settings.private_key, "TLS private key (PEM) for --cert");
    app.add_option("--threads", settings.threads, "worker threads (default: one per core)")
        ->capture_default_str();
    app.add_option("--portal-rate", settings.portal_rate.per_second,
                   "verification portal: guesses and API calls per second per client address "
                   "(bursts of 30; 0 = no limit, e.g. behind a proxy that limits)")
        ->capture_default_str();
    app.add_option("--max-connections", settings.limits.max_connections,
                   "at this many open connections new ones wait in the kernel's queue until "
                   "one closes (keep it below the process's open-file limit, `ulimit -n`)")
        ->capture_default_str();
    app.add_option("--message-rate", settings.limits.messages_per_second,
                   "messages per second one connection may send (bursts of twice as many); "
                   "beyond it each is refused with rate_limited")
        ->capture_default_str();
    app.add_option("--idle-timeout", settings.limits.idle_timeout,
                   "seconds: a WebSocket silent for half of this is pinged, one that answers "
                   "nothing for all of it is dropped (its network is gone)")
        ->default_str(std::to_string(settings.limits.idle_timeout.count()));
    // The craftmark CLI's key in the shared configuration file: known here, so that a key the
    // server does not know is an error rather than a setting silently ignored.
    std::vector<std::string> operators;
    app.add_option("--operators", operators)->group("");
    bool print_config = false;
    app.add_flag("--print-config", print_config,
                 "print the effective configuration, each value with where it comes from, and "
                 "exit")
        ->configurable(false);
    app.set_version_flag("--version", "craftmark-server 0.1.0");
    app.allow_config_extras(CLI::config_extras_mode::error);
    craftmark::util::layered_settings layers(app);
    try {
        layers.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        return app.exit(e);
    }
    if (print_config) {
        std::cout << layers.describe();
        return 0;
    }

    settings.limits.message_burst = 2 * settings.limits.messages_per_second;
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "--listen must be HOST:PORT, for example 0.0.0.0:8443\n";
        return 2;
    }
    settings.host = listen.substr(0, colon);
    settings.port = static_cast<std::uint16_t>(std::stoi(listen.substr(colon + 1)));

    // Signals are handled by waiting for them on this thread, so the workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    craftmark::util::system_clock clock;
    craftmark::app::server server(settings, clock);
    try {
        server.start();
    } catch (std::exception const& e) {
        std::cerr << "craftmark-server: cannot start: " << e.what() << '\n';
        return 1;
    }
    std::cout << "ready port=" << server.port() << " ca=" << server.ca_certificate().string()
              << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
    return 0;
}
