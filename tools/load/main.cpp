// craftmark-load: N simulated candidates over real TLS WebSockets (the client library), each
// saving an answer at a fixed interval (open loop: latency counts from the scheduled send time,
// so a slow server cannot hide its queueing). --mode echo drives the bare echo baseline with
// frames of the same size. Reports throughput, latency percentiles, errors by code, and the
// server's CPU and memory (from /proc, given --server-pid).
#include "client/net/connection.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

using namespace craftmark;
using nlohmann::json;
using steady = std::chrono::steady_clock;

namespace {

struct options {
    std::string mode = "craftmark";
    client::connect_options server;
    std::string ca;
    std::string codes_file;
    int candidates = 100;
    int interval_ms = 2000;
    int duration_s = 20;
    int server_pid = 0;
};

struct results {
    std::mutex mutex;
    std::vector<double> latencies_ms;
    std::map<std::string, int> errors;
    std::atomic<int> connected{0};
    std::atomic<int> ready{0};
};

long rss_kib(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    auto close = stat.rfind(')');
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; rest >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) {
            stime = std::stod(field);
            break;
        }
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::vector<std::pair<std::string, std::string>> read_codes(std::string const& file) {
    std::vector<std::pair<std::string, std::string>> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string seat, ticket, code;
        if (std::getline(fields, seat, '\t') && std::getline(fields, ticket, '\t') &&
            std::getline(fields, code, '\t') && ticket != "ticket")
            out.emplace_back(ticket, code);
    }
    return out;
}

void fail(results& r, std::string const& code) {
    std::lock_guard lock(r.mutex);
    ++r.errors[code];
}

// One simulated candidate.
// Connects and signs in, then waits for `start_signal` to give the common start time.
void candidate(options const& o,
               std::pair<std::string, std::string> credentials,
               int index,
               std::function<steady::time_point()> const& start_signal,
               results& r) {
    std::unique_ptr<client::connection> c;
    try {
        c = client::connection::open(o.server);
    } catch (std::exception const&) {
        fail(r, "connect_failed");
        ++r.ready;
        return;
    }
    ++r.connected;
    std::vector<std::string> items;
    if (o.mode == "craftmark") {
        auto in = c->call("auth.sign_in", {{"ticket", credentials.first},
                                           {"access_code", credentials.second},
                                           {"terminal_id", "load-" + credentials.first}});
        auto paper =
            in.what == protocol::incoming::kind::reply ? c->call("paper.get", json::object()) : in;
        if (paper.what != protocol::incoming::kind::reply) {
            fail(r, paper.code.empty() ? "sign_in_failed" : paper.code);
            ++r.ready;
            return;
        }
        for (auto const& s : paper.body["sections"])
            for (auto const& it : s["items"])
                if (it["type"] == "true_false") items.push_back(it["id"].get<std::string>());
    }
    ++r.ready;
    auto start = start_signal();
    std::vector<double> mine;
    std::int64_t seq = 1'000'000; // above anything a terminal used
    std::mt19937 random(static_cast<unsigned>(index));
    auto next = start + std::chrono::milliseconds(random() % static_cast<unsigned>(o.interval_ms));
    auto end = start + std::chrono::seconds(o.duration_s);
    while (next < end) {
        std::this_thread::sleep_until(next);
        auto item =
            items.empty() ? std::string("x") : items[static_cast<std::size_t>(seq) % items.size()];
        json body{{"item_id", item}, {"seq", ++seq}, {"response", {{"value", seq % 2 == 0}}}};
        try {
            if (o.mode == "echo") {
                c->send_raw(protocol::encode_request(seq, "answer.save", body));
                if (!c->next_message(std::chrono::seconds(10)))
                    throw client::connection_error("timeout");
            } else {
                auto reply = c->call("answer.save", body, std::chrono::seconds(10));
                if (reply.what == protocol::incoming::kind::error) fail(r, reply.code);
            }
            mine.push_back(std::chrono::duration<double, std::milli>(steady::now() - next).count());
        } catch (std::exception const&) {
            fail(r, "timeout_or_disconnect");
        }
        next += std::chrono::milliseconds(o.interval_ms);
    }
    std::lock_guard lock(r.mutex);
    r.latencies_ms.insert(r.latencies_ms.end(), mine.begin(), mine.end());
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

} // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"craftmark-load: simulated candidates saving answers over TLS WebSockets"};
    app.add_option("--mode", o.mode, "craftmark or echo")
        ->check(CLI::IsMember({"craftmark", "echo"}))
        ->capture_default_str();
    app.add_option("--host", o.server.host)->capture_default_str();
    app.add_option("--port", o.server.port)->required();
    app.add_option("--ca", o.ca, "CA certificate of the server")->required();
    app.add_option("--codes", o.codes_file, "output of `craftmark sitting codes` (craftmark mode)");
    app.add_option("--candidates", o.candidates)->capture_default_str();
    app.add_option("--interval-ms", o.interval_ms, "each candidate saves this often")
        ->capture_default_str();
    app.add_option("--duration-s", o.duration_s)->capture_default_str();
    app.add_option("--server-pid", o.server_pid, "measure this process's CPU and memory");
    CLI11_PARSE(app, argc, argv);
    o.server.ca_file = o.ca;
    o.server.timeout = std::chrono::seconds(30);

    std::vector<std::pair<std::string, std::string>> codes;
    if (o.mode == "craftmark") {
        codes = read_codes(o.codes_file);
        if (static_cast<int>(codes.size()) < o.candidates) {
            std::cerr << "only " << codes.size() << " candidates in " << o.codes_file << "\n";
            return 2;
        }
    }
    codes.resize(static_cast<std::size_t>(o.candidates));
    long rss_idle = o.server_pid ? rss_kib(o.server_pid) : 0;
    results r;
    // Connections are made first (the start-of-exam spike), then the saving starts for all.
    auto connect_start = steady::now();
    std::promise<steady::time_point> go;
    auto shared_start = go.get_future().share();
    auto start_signal = [shared_start] { return shared_start.get(); };
    std::vector<std::thread> threads;
    for (int i = 0; i < o.candidates; ++i)
        threads.emplace_back(
            [&, i] { candidate(o, codes[static_cast<std::size_t>(i)], i, start_signal, r); });
    while (r.ready < o.candidates) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    double connect_s = std::chrono::duration<double>(steady::now() - connect_start).count();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    long rss_connected = o.server_pid ? rss_kib(o.server_pid) : 0;
    double cpu_before = o.server_pid ? cpu_seconds(o.server_pid) : 0;
    go.set_value(steady::now());
    for (auto& t : threads) t.join();
    double cpu = o.server_pid ? cpu_seconds(o.server_pid) - cpu_before : 0;
    auto& l = r.latencies_ms;
    json report{{"mode", o.mode},
                {"candidates", o.candidates},
                {"connected", r.connected.load()},
                {"connect_seconds", connect_s},
                {"interval_ms", o.interval_ms},
                {"duration_s", o.duration_s},
                {"messages", l.size()},
                {"per_second", static_cast<double>(l.size()) / o.duration_s},
                {"p50_ms", percentile(l, 50)},
                {"p99_ms", percentile(l, 99)},
                {"p999_ms", percentile(l, 99.9)},
                {"errors", r.errors},
                {"server_cpu_percent", 100.0 * cpu / o.duration_s},
                {"server_rss_idle_kib", rss_idle},
                {"server_rss_connected_kib", rss_connected},
                {"server_kib_per_connection",
                 o.candidates ? static_cast<double>(rss_connected - rss_idle) / o.candidates : 0}};
    std::cout << report.dump(2) << std::endl;
    return r.errors.empty() ? 0 : 1;
}
