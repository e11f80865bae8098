#pragma once
// The simulated candidates of a load run, all on one io_context and one thread, each with one
// real TLS WebSocket connection from the client library.
#include "client/net/async_connection.hpp"
#include "tools/load/measures.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <random>

namespace craftmark::load {

struct credentials {
    std::string ticket;
    std::string access_code;
};

class fleet {
  public:
    /// `echo`: the peer is the bare echo baseline, so there is no sign-in and every request is
    /// answered by its own echo. Otherwise `people` holds one candidate's codes each.
    fleet(client::connect_options const& server, bool echo, std::vector<credentials> people);
    /// Every connection makes a full TLS handshake, as if terminals kept no session.
    void forget_tls_sessions();

    /// Every candidate connects, signs in and opens the paper at once (the start of an exam).
    /// A candidate whose connection fails tries again, up to eight times (`retries`).
    step_result connect_all();
    /// Saves for `duration_s`: one per candidate every `interval_ms` (open loop: latency counts
    /// from the scheduled time), or with `interval_ms` 0 the next as soon as one is
    /// acknowledged (closed loop).
    step_result save(int interval_ms, int duration_s);
    /// In the closed loop, a candidate whose connection drops resumes its attempt (trying
    /// again until the step ends) and carries on saving, as a terminal does (`rejoined`).
    void rejoin_on_loss() { rejoin_ = true; }
    /// Keeps every acknowledged save as a line: ticket, seq, item, response (JSON), and the
    /// moment of the acknowledgement (ms since the epoch), tab-separated.
    void keep_acknowledged() { keep_acknowledged_ = true; }
    std::string const& acknowledged() const { return acknowledged_; }
    /// Every connection drops at once (closed without a word, as when the network goes), then
    /// every candidate reconnects and resumes its attempt, as craftmark-terminal does: it keeps
    /// the paper on screen and sends again what was not acknowledged. With `reopen_paper` each
    /// also fetches the paper again, as a terminal that was restarted must. `seconds` is until
    /// the last one is back.
    step_result reconnect_all(bool reopen_paper);
    /// Every connection drops at once, `restart` stops the server and starts it again (it
    /// returns once the new one is ready), then every candidate reconnects and resumes: with
    /// full TLS handshakes, since a new process cannot read the old session tickets, against a
    /// server that read the attempts back from its database. `seconds` counts from readiness.
    step_result restart_all(std::function<void()> const& restart);
    /// Each candidate submits at a random moment within `window_s` (latency from that moment).
    step_result submit_all(int window_s);

  private:
    struct candidate {
        credentials who;
        std::string resume_token;
        std::shared_ptr<client::async_connection> connection;
        // Kept across reconnects, as a terminal keeps it: a reconnect resumes the TLS session.
        std::shared_ptr<client::tls_session> tls = std::make_shared<client::tls_session>();
        std::vector<std::string> items; // true/false items: any of them takes a save
        std::int64_t seq = 1'000'000;   // above anything a terminal used
        std::unique_ptr<boost::asio::steady_timer> timer;
        bool ready = false;
    };
    using finished = std::function<void(bool ok, std::string const& error)>;
    // A save step: `outstanding` counts candidates still saving plus replies still awaited.
    struct save_run {
        step_result r;
        int outstanding = 0;
    };

    // Joining counts into `r` (latency from `start`) and ends by decrementing `outstanding`.
    struct join_run {
        step_result& r;
        int& outstanding;
        std::chrono::steady_clock::time_point start;
    };
    enum class way_in {
        sign_in, // then the paper
        resume,  // the terminal still shows the paper
        reload,  // resume, then the paper: the terminal restarted
    };
    void drop_all();
    step_result come_back(way_in how, std::chrono::steady_clock::time_point start);
    void join(candidate& c, way_in how, finished done);
    void join_retrying(candidate& c, way_in how, join_run run, int attempt);
    void open_paper(candidate& c, finished done);
    void save_once(candidate& c, std::function<void(protocol::incoming const&)> done);
    void schedule_save(candidate& c,
                       std::chrono::steady_clock::time_point at,
                       std::chrono::steady_clock::time_point end,
                       int interval_ms,
                       save_run& run);
    void closed_loop(candidate& c, std::chrono::steady_clock::time_point end, save_run& run);
    void rejoin(candidate& c, std::chrono::steady_clock::time_point end, save_run& run);
    /// Runs the loop until `outstanding` reaches zero (or `limit` passes), then stops it.
    void run_until_done(int const& outstanding, std::chrono::seconds limit);

    boost::asio::io_context io_;
    client::async_client client_;
    bool echo_;
    bool rejoin_ = false;
    bool keep_acknowledged_ = false;
    std::string acknowledged_;
    std::mt19937 random_{1};
    std::vector<candidate> candidates_;
};

} // namespace craftmark::load
