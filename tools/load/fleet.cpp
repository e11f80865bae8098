#include "tools/load/fleet.hpp"

#include "shared/protocol/exam_replies.hpp"

#include <boost/asio/post.hpp>
#include <random>

namespace craftmark::load {

namespace asio = boost::asio;
using nlohmann::json;
using steady = std::chrono::steady_clock;
using incoming = protocol::incoming;

namespace {

double ms_since(steady::time_point t) {
    return std::chrono::duration<double, std::milli>(steady::now() - t).count();
}

std::int64_t epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double seconds_since(steady::time_point t) {
    return std::chrono::duration<double>(steady::now() - t).count();
}

// Counts a reply: acknowledged ones give a latency from `since`, refusals count by code.
void record(step_result& r, incoming const& reply, steady::time_point since) {
    if (reply.what == incoming::kind::error) return r.count(reply.code);
    ++r.ok;
    r.latencies.add(ms_since(since));
}

// Which handshake failed, as an error code: "tcp_connect_failed" and the like.
std::string connect_failure_code(std::string const& error) {
    for (auto [prefix, code] : {std::pair{"TLS", "tls_handshake_failed"},
                                std::pair{"WebSocket", "websocket_handshake_failed"}})
        if (error.rfind(prefix, 0) == 0) return code;
    return "tcp_connect_failed";
}

// The network's failures, which a terminal meets by trying again; refusals are final.
bool worth_retrying(std::string const& code) {
    return code == "tcp_connect_failed" || code == "tls_handshake_failed" ||
           code == "websocket_handshake_failed" || code == "connection_lost";
}

} // namespace

fleet::fleet(client::connect_options const& server, bool echo, std::vector<credentials> people)
    : client_(io_, server), echo_(echo) {
    for (auto& who : people) {
        candidate c;
        c.who = std::move(who);
        c.timer = std::make_unique<asio::steady_timer>(io_);
        candidates_.push_back(std::move(c));
    }
}

void fleet::forget_tls_sessions() {
    for (auto& c : candidates_) c.tls = nullptr;
}

void fleet::run_until_done(int const& outstanding, std::chrono::seconds limit) {
    auto give_up = steady::now() + limit;
    asio::steady_timer check(io_);
    std::function<void()> poll = [&] {
        if (outstanding <= 0 || steady::now() > give_up) return io_.stop();
        check.expires_after(std::chrono::milliseconds(10));
        check.async_wait([&](boost::system::error_code) { poll(); });
    };
    poll();
    io_.restart();
    io_.run();
}

void fleet::join(candidate& c, way_in how, finished done) {
    c.ready = false;
    c.connection = client_.make_connection(c.tls);
    c.connection->connect([this, &c, how, done](std::string const& error) {
        if (!error.empty()) return done(false, connect_failure_code(error));
        if (echo_)
            return c.connection->call("hello", json::object(), [&c, done](incoming const& in) {
                c.ready = in.what != incoming::kind::error;
                done(c.ready, in.code);
            });
        auto terminal = "load-" + c.who.ticket;
        bool resume = how != way_in::sign_in;
        auto body = resume ? json{{"resume_token", c.resume_token}, {"terminal_id", terminal}}
                           : json{{"ticket", c.who.ticket},
                                  {"access_code", c.who.access_code},
                                  {"terminal_id", terminal}};
        auto type = resume ? "auth.resume" : "auth.sign_in";
        c.connection->call(type, body, [this, &c, how, done](incoming const& in) {
            if (in.what == incoming::kind::error) return done(false, in.code);
            // The echo baseline answers with the request: no token, the old one stays.
            if (auto view = in.body.get<protocol::session_view>(); !view.resume_token.empty())
                c.resume_token = view.resume_token;
            if (how != way_in::resume) return open_paper(c, done);
            c.ready = true;
            done(true, "");
        });
    });
}

void fleet::open_paper(candidate& c, finished done) {
    c.connection->call("paper.get", json::object(), [&c, done](incoming const& in) {
        if (in.what == incoming::kind::error) return done(false, in.code);
        c.items.clear();
        // protocol::paper's sections and items, walked in place: reading the whole struct (or
        // value()) would copy each section, and papers are large.
        auto const sections = in.body.find("sections");
        if (sections != in.body.end() && sections->is_array())
            for (auto const& section : *sections)
                if (auto items = section.find("items"); items != section.end() && items->is_array())
                    for (auto const& item : *items)
                        if (item.value("type", "") == "true_false")
                            c.items.push_back(item.value("id", ""));
        c.ready = true;
        done(true, "");
    });
}

void fleet::save_once(candidate& c, std::function<void(incoming const&)> done) {
    ++c.seq;
    auto item = c.items.empty() ? std::string("x")
                                : c.items[static_cast<std::size_t>(c.seq) % c.items.size()];
    json response{{"value", c.seq % 2 == 0}};
    if (keep_acknowledged_)
        done = [this, &c, seq = c.seq, item, response, done](incoming const& reply) {
            if (reply.what != incoming::kind::error)
                acknowledged_ += c.who.ticket + '\t' + std::to_string(seq) + '\t' + item + '\t' +
                                 response.dump() + '\t' + std::to_string(epoch_ms()) + '\n';
            done(reply);
        };
    c.connection->call("answer.save", protocol::answer_save{item, c.seq, response},
                       std::move(done));
}

step_result fleet::connect_all() {
    step_result r;
    int outstanding = static_cast<int>(candidates_.size());
    auto start = steady::now();
    for (auto& c : candidates_) join_retrying(c, way_in::sign_in, {r, outstanding, start}, 1);
    run_until_done(outstanding, std::chrono::seconds(300));
    r.seconds = seconds_since(start);
    if (outstanding > 0) r.errors["no_reply"] += outstanding;
    return r;
}

// A terminal that cannot get through tries again after a pause that grows with each try and
// is jittered, so a crowd does not retry in step; so does the simulated one.
void fleet::join_retrying(candidate& c, way_in how, join_run run, int attempt) {
    join(c, how, [this, &c, how, run, attempt](bool ok, std::string const& error) {
        if (ok) {
            ++run.r.ok;
            run.r.tls_resumed += c.connection->tls_resumed() ? 1 : 0;
            run.r.latencies.add(ms_since(run.start));
        } else if (worth_retrying(error) && attempt < 8) {
            ++run.r.retries;
            auto pause = std::uniform_int_distribution<int>(250, 1000)(random_) * attempt;
            c.timer->expires_after(std::chrono::milliseconds(pause));
            c.timer->async_wait([this, &c, how, run, attempt](boost::system::error_code ec) {
                if (!ec) join_retrying(c, how, run, attempt + 1);
            });
            return;
        } else {
            run.r.count(error);
        }
        --run.outstanding;
    });
}

step_result fleet::save(int interval_ms, int duration_s) {
    save_run run;
    auto start = steady::now();
    auto end = start + std::chrono::seconds(duration_s);
    for (auto& c : candidates_) {
        if (!c.ready) continue;
        ++run.outstanding;
        if (interval_ms == 0) {
            asio::post(io_, [this, &c, end, &run] { closed_loop(c, end, run); });
            continue;
        }
        auto first =
            start + std::chrono::milliseconds(random_() % static_cast<unsigned>(interval_ms));
        schedule_save(c, first, end, interval_ms, run);
    }
    run_until_done(run.outstanding, std::chrono::seconds(duration_s + 60));
    run.r.seconds = duration_s;
    if (run.outstanding > 0) run.r.errors["no_reply"] += run.outstanding;
    return run.r;
}

void fleet::schedule_save(
    candidate& c, steady::time_point at, steady::time_point end, int interval_ms, save_run& run) {
    if (at >= end) {
        --run.outstanding;
        return;
    }
    c.timer->expires_at(at);
    c.timer->async_wait([this, &c, at, end, interval_ms, &run](boost::system::error_code ec) {
        if (ec) return;
        ++run.outstanding;
        save_once(c, [at, &run](incoming const& reply) {
            record(run.r, reply, at);
            --run.outstanding;
        });
        schedule_save(c, at + std::chrono::milliseconds(interval_ms), end, interval_ms, run);
    });
}

void fleet::closed_loop(candidate& c, steady::time_point end, save_run& run) {
    if (steady::now() >= end) {
        --run.outstanding;
        return;
    }
    auto sent = steady::now();
    save_once(c, [this, &c, end, &run, sent](incoming const& reply) {
        record(run.r, reply, sent);
        if (reply.code != "connection_lost") return closed_loop(c, end, run);
        if (rejoin_) return rejoin(c, end, run);
        --run.outstanding;
    });
}

void fleet::rejoin(candidate& c, steady::time_point end, save_run& run) {
    join(c, way_in::resume, [this, &c, end, &run](bool ok, std::string const& error) {
        if (ok) {
            ++run.r.rejoined;
            return closed_loop(c, end, run);
        }
        if (!worth_retrying(error)) run.r.count(error); // refused: this candidate stops
        if (!worth_retrying(error) || steady::now() >= end) {
            --run.outstanding;
            return;
        }
        c.timer->expires_after(
            std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 500)(random_)));
        c.timer->async_wait([this, &c, end, &run](boost::system::error_code ec) {
            if (ec) return;
            rejoin(c, end, run);
        });
    });
}

void fleet::drop_all() {
    for (auto& c : candidates_)
        if (c.ready) c.connection->drop(); // the network went: nothing is closed politely
    io_.restart();
    io_.poll(); // every connection is gone before the first terminal comes back
}

step_result fleet::come_back(way_in how, steady::time_point start) {
    step_result r;
    int outstanding = 0;
    for (auto& c : candidates_) {
        if (!c.ready) continue;
        ++outstanding;
        join_retrying(c, how, {r, outstanding, start}, 1);
    }
    run_until_done(outstanding, std::chrono::seconds(300));
    r.seconds = seconds_since(start);
    if (outstanding > 0) r.errors["no_reply"] += outstanding;
    return r;
}

step_result fleet::reconnect_all(bool reopen_paper) {
    auto start = steady::now();
    drop_all();
    return come_back(reopen_paper ? way_in::reload : way_in::resume, start);
}

step_result fleet::restart_all(std::function<void()> const& restart) {
    drop_all();
    restart();
    return come_back(way_in::resume, steady::now());
}

step_result fleet::submit_all(int window_s) {
    step_result r;
    int outstanding = 0;
    auto start = steady::now();
    std::uniform_int_distribution<int> moment(0, std::max(0, window_s * 1000 - 1));
    for (auto& c : candidates_) {
        if (!c.ready) continue;
        ++outstanding;
        auto at = start + std::chrono::milliseconds(moment(random_));
        c.timer->expires_at(at);
        c.timer->async_wait([&, at](boost::system::error_code ec) {
            if (ec) return;
            c.connection->call("attempt.submit", json::object(), [&, at](incoming const& reply) {
                record(r, reply, at);
                --outstanding;
            });
        });
    }
    run_until_done(outstanding, std::chrono::seconds(window_s + 60));
    r.seconds = seconds_since(start);
    if (outstanding > 0) r.errors["no_reply"] += outstanding;
    return r;
}

} // namespace craftmark::load
