// craftmark-load: N simulated candidates over real TLS WebSockets (the client library's async
// connection, all on one thread), through the steps of an exam: everyone connects, signs in
// and opens the paper at once; saves answers (open loop at a set rate, latency from the
// scheduled send time so a slow server cannot hide its queueing; or closed loop, as fast as
// acknowledged); every connection drops and comes back at once (resuming, as the terminal
// does; or also fetching the paper again, as a restarted terminal does); everyone submits
// within a window. --mode echo drives the bare echo baseline with the same frames. Prints JSON:
// per step throughput, latency percentiles, errors by code, and the server's CPU and memory.
#include "tools/load/fleet.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

using namespace craftmark;
using nlohmann::json;

namespace {

// The output of `craftmark sitting codes`: seat, ticket, access code (tab-separated).
std::vector<load::credentials> read_codes(std::string const& file) {
    std::vector<load::credentials> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string seat, ticket, code;
        if (std::getline(fields, seat, '\t') && std::getline(fields, ticket, '\t') &&
            std::getline(fields, code, '\t') && ticket != "ticket")
            out.push_back({ticket, code});
    }
    return out;
}

// Runs the --restart-with command, which prints the new server's process id once it is ready.
int restart_server(std::string const& command) {
    FILE* out = popen(command.c_str(), "r");
    if (!out) throw std::runtime_error("cannot run the restart command");
    std::string printed;
    char chunk[256];
    while (auto n = std::fread(chunk, 1, sizeof chunk, out)) printed.append(chunk, n);
    int status = pclose(out);
    int pid = 0;
    std::istringstream(printed) >> pid;
    if (status != 0 || pid <= 0)
        throw std::runtime_error("the restart command failed or printed no process id: " + command);
    return pid;
}

} // namespace

int main(int argc, char** argv) {
    std::string mode = "craftmark", ca, codes_file;
    client::connect_options server;
    std::string acknowledged_file, restart_command;
    bool rejoin = false, full_handshakes = false;
    int candidates = 100, interval_ms = 2000, duration_s = 20, submit_window_s = 60, pid = 0;
    std::vector<std::string> steps{"saves"};
    CLI::App app{"craftmark-load: simulated candidates over TLS WebSockets, one exam at a time"};
    app.add_option("--mode", mode, "craftmark, or echo for the bare baseline")
        ->check(CLI::IsMember({"craftmark", "echo"}))
        ->capture_default_str();
    app.add_option("--host", server.host)->capture_default_str();
    app.add_option("--port", server.port)->required();
    app.add_option("--ca", ca, "CA certificate of the server")->required();
    app.add_option("--codes", codes_file, "output of `craftmark sitting codes` (craftmark mode)");
    app.add_option("--candidates", candidates)->capture_default_str();
    app.add_option("--steps", steps,
                   "after everyone connects, in order: saves; reconnect (all drop and resume, as "
                   "the terminal does); reload (all drop, resume and fetch the paper again, as "
                   "a restarted terminal does); restart (all drop, the server restarts, all "
                   "resume: needs --restart-with); submit")
        ->check(CLI::IsMember({"saves", "reconnect", "reload", "restart", "submit"}))
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("--interval-ms", interval_ms,
                   "each candidate saves this often; 0 = closed loop (next save on the reply)")
        ->capture_default_str();
    app.add_option("--duration-s", duration_s, "how long the saves step lasts")
        ->capture_default_str();
    app.add_option("--submit-window-s", submit_window_s, "everyone submits within this time")
        ->capture_default_str();
    app.add_option("--server-pid", pid, "measure this process's CPU and memory");
    app.add_flag("--rejoin", rejoin,
                 "closed-loop saves: a candidate who loses the connection resumes and carries on");
    app.add_flag("--full-handshakes", full_handshakes,
                 "reconnects make full TLS handshakes (by default each candidate resumes its "
                 "TLS session, as the terminal does)");
    app.add_option("--restart-with", restart_command,
                   "for the restart step: a shell command that stops the server, starts it again "
                   "at the same address and prints the new process's id once it is ready");
    app.add_option("--acknowledged", acknowledged_file,
                   "write every acknowledged save here: ticket, seq, item, response, time (ms)");
    CLI11_PARSE(app, argc, argv);
    if (std::count(steps.begin(), steps.end(), "restart") && restart_command.empty()) {
        std::cerr << "craftmark-load: the restart step needs --restart-with\n";
        return 2;
    }
    server.ca_file = ca;
    server.timeout = std::chrono::seconds(60);

    std::vector<load::credentials> people;
    if (mode == "craftmark") {
        people = read_codes(codes_file);
        if (static_cast<int>(people.size()) < candidates) {
            std::cerr << "only " << people.size() << " candidates in " << codes_file << "\n";
            return 2;
        }
    }
    people.resize(static_cast<std::size_t>(candidates));
    try {
        load::fleet fleet(server, mode == "echo", std::move(people));
        if (rejoin) fleet.rejoin_on_loss();
        if (full_handshakes) fleet.forget_tls_sessions();
        if (!acknowledged_file.empty()) fleet.keep_acknowledged();
        // Each step's start and end go to stderr as they happen (the JSON comes at the end), so
        // a long run shows where it is and a profiler can be started at a step.
        auto measured = [&pid](std::string const& name, auto&& step) {
            std::cerr << "craftmark-load: " << name << " started" << std::endl;
            int measured_pid = pid;
            auto cpu = load::cpu_seconds(pid);
            auto start = std::chrono::steady_clock::now();
            load::step_result r = step();
            // After a restart the server is a new process: all of its CPU time is this step's.
            r.server_cpu_seconds = load::cpu_seconds(pid) - (pid == measured_pid ? cpu : 0);
            r.wall_seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            json result = r.to_json();
            std::cerr << "craftmark-load: " << name << " done in " << r.wall_seconds << " s, "
                      << result["ok"] << " acknowledged, " << result["errors"].size()
                      << " kinds of error" << std::endl;
            return result;
        };
        json report{{"mode", mode}, {"candidates", candidates}};
        auto idle_kib = load::resident_kib(pid);
        report["connect"] = measured("connect", [&] { return fleet.connect_all(); });
        std::this_thread::sleep_for(std::chrono::seconds(1)); // let the server settle
        auto connected_kib = load::resident_kib(pid);
        report["server_kib_per_connection"] =
            static_cast<double>(connected_kib - idle_kib) / candidates;
        bool clean = report["connect"]["errors"].empty();
        for (auto const& step : steps) {
            if (step == "saves")
                report["saves"] =
                    measured(step, [&] { return fleet.save(interval_ms, duration_s); });
            if (step == "reconnect" || step == "reload")
                report[step] =
                    measured(step, [&] { return fleet.reconnect_all(step == "reload"); });
            if (step == "restart") {
                double restart_seconds = 0;
                report[step] = measured(step, [&] {
                    return fleet.restart_all([&] {
                        auto began = std::chrono::steady_clock::now();
                        pid = restart_server(restart_command);
                        restart_seconds =
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - began)
                                .count();
                    });
                });
                report[step]["restart_seconds"] = restart_seconds;
            }
            if (step == "submit")
                report["submit"] =
                    measured(step, [&] { return fleet.submit_all(submit_window_s); });
            clean = clean && report[step]["errors"].empty();
        }
        if (!acknowledged_file.empty()) std::ofstream(acknowledged_file) << fleet.acknowledged();
        report["interval_ms"] = interval_ms;
        report["duration_s"] = duration_s;
        std::cout << report.dump(2) << std::endl;
        return clean ? 0 : 1;
    } catch (std::exception const& e) {
        std::cerr << "craftmark-load: " << e.what() << "\n";
        return 2;
    }
}
