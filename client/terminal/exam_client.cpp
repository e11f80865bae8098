#include "client/terminal/exam_client.hpp"

#include "shared/protocol/exam_replies.hpp"

#include <algorithm>
#include <chrono>
#include <random>

namespace craftmark::client {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {
std::int64_t local_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
constexpr auto save_timeout = 5s;

// The pause before the next try to reconnect: it grows with each failure (1, 2, 4 s, then 5 s
// at most) and is jittered, so a room that lost the network together does not knock together.
std::chrono::milliseconds reconnect_pause(int failures) {
    static thread_local std::mt19937 random{std::random_device{}()};
    int ceiling = std::min(5000, 1000 << std::min(failures, 3));
    return std::chrono::milliseconds(
        std::uniform_int_distribution<int>(ceiling / 2, ceiling)(random));
}
} // namespace

exam_client::exam_client(exam_options options)
    : options_(std::move(options)), terminal_id_(terminal_id(options_.journal_dir)),
      journal_(options_.journal_dir, options_.ticket) {
    answers_ = journal_.latest();
}

exam_client::~exam_client() {
    stopping_ = true;
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
    if (connection_) connection_->close();
}

std::shared_ptr<connection> exam_client::online_connection() const {
    std::shared_ptr<connection> c;
    {
        std::lock_guard lock(mutex_);
        c = connection_;
    }
    if (!c || !c->connected()) throw connection_error("offline");
    return c;
}

json exam_client::call(std::string_view type, json const& body) {
    auto c = online_connection();
    auto reply = c->call(type, body, save_timeout);
    if (reply.what == protocol::incoming::kind::error) throw exam_error(reply.code, reply.message);
    return reply.body;
}

void exam_client::connect_and_sign_in() {
    std::shared_ptr<connection> c = connection::open(options_.server);
    auto token = [&] {
        std::lock_guard lock(mutex_);
        return journal_.resume_token();
    }();
    std::optional<protocol::session_view> view;
    if (!token.empty()) {
        auto r = c->call("auth.resume", protocol::resume{token, terminal_id_, "terminal"});
        if (r.what == protocol::incoming::kind::reply) view = r.body.get<protocol::session_view>();
    }
    if (!view) {
        auto r = c->call("auth.sign_in", protocol::sign_in{options_.ticket, options_.access_code,
                                                           terminal_id_, "terminal"});
        if (r.what == protocol::incoming::kind::error) throw exam_error(r.code, r.message);
        view = r.body.get<protocol::session_view>();
        std::lock_guard lock(mutex_);
        journal_.set_resume_token(view->resume_token);
    }
    std::lock_guard lock(mutex_);
    connection_ = std::move(c);
    status_.online = true;
    status_.last_problem.clear();
    note_time(view->time);
}

protocol::session_view exam_client::start() {
    connect_and_sign_in();
    auto view = lobby();
    worker_ = std::thread([this] { run(); });
    return view;
}

protocol::session_view exam_client::lobby() {
    return call_for<protocol::session_view>("lobby.status", json::object());
}

std::optional<protocol::paper> exam_client::open_paper() {
    protocol::paper paper;
    try {
        paper = call_for<protocol::paper>("paper.get", json::object());
    } catch (exam_error const& e) {
        if (e.code() == "sitting_not_open") return std::nullopt;
        throw;
    }
    std::lock_guard lock(mutex_);
    journal_.advance_seq(paper.last_seq);
    for (auto const& [item, a] : paper.answers)
        if (!answers_.count(item)) answers_[item] = a.response;
    // Answers typed here but not yet acknowledged win over the server's older copy.
    for (auto const& s : journal_.unacknowledged()) answers_[s.item_id] = s.response;
    for (auto const& [item, response] : answers_) paper.answers[item].response = response;
    flags_ = {paper.flags.begin(), paper.flags.end()};
    note_time(paper.time);
    return paper;
}

void exam_client::save(std::string const& item_id, json const& response) {
    std::lock_guard lock(mutex_);
    journal_.record_save(item_id, response);
    answers_[item_id] = response;
    status_.unsent = journal_.unacknowledged().size();
    wake_.notify_all();
}

void exam_client::flag(std::string const& item_id, bool flagged) {
    {
        std::lock_guard lock(mutex_);
        if (flagged)
            flags_.insert(item_id);
        else
            flags_.erase(item_id);
    }
    try {
        call("item.flag", protocol::item_flag{item_id, flagged});
    } catch (std::exception const&) {
        // A flag is only a reminder for the candidate; it is kept on screen regardless.
    }
}

bool exam_client::wait_until_sent(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return wake_.wait_for(lock, timeout, [this] {
        return journal_.unacknowledged().empty() || status_.closed;
    }) && journal_.unacknowledged().empty();
}

protocol::submitted exam_client::submit(std::chrono::milliseconds wait) {
    if (!wait_until_sent(wait))
        throw exam_error("not_sent", "some answers have not reached the server yet; wait until the "
                                     "status shows \"saved\" and try again");
    auto handed_in = call_for<protocol::submitted>("attempt.submit", json::object());
    std::lock_guard lock(mutex_);
    status_.closed = true;
    status_.closed_reason = "submitted";
    return handed_in;
}

protocol::result_reply exam_client::result() {
    return call_for<protocol::result_reply>("result.get", json::object());
}

std::vector<exam_client::notice> exam_client::notices() const {
    std::lock_guard lock(mutex_);
    return notices_;
}

void exam_client::report_focus(bool focused) {
    call("terminal.focus", protocol::terminal_focus{focused});
}

void exam_client::raise_hand() {
    call("hand.raise", json::object());
}

exam_client::status exam_client::snapshot() const {
    std::lock_guard lock(mutex_);
    return status_;
}

std::map<std::string, json> exam_client::answers() const {
    std::lock_guard lock(mutex_);
    return answers_;
}

std::set<std::string> exam_client::flags() const {
    std::lock_guard lock(mutex_);
    return flags_;
}

void exam_client::note_time(protocol::time_status const& t) {
    // Called with mutex_ held.
    status_.time_state = t.state;
    status_.deadline = t.deadline;
    status_.remaining_ms = t.remaining_ms;
    status_.offset_ms = t.server_time - local_now();
    if (status_.time_state == "closed") status_.closed = true;
}

// Sends unacknowledged saves in order; false when the link failed.
bool exam_client::replay() {
    for (;;) {
        std::optional<pending_save> next;
        {
            std::lock_guard lock(mutex_);
            auto pending = journal_.unacknowledged();
            status_.unsent = pending.size();
            if (pending.empty() || status_.closed || !status_.ended.empty()) return true;
            next = pending.front();
        }
        try {
            call("answer.save", protocol::answer_save{next->item_id, next->seq, next->response});
            std::lock_guard lock(mutex_);
            journal_.record_ack(next->seq);
            status_.last_problem.clear();
        } catch (exam_error const& e) {
            std::lock_guard lock(mutex_);
            status_.last_problem = e.what();
            if (e.code() == "attempt_closed") {
                status_.closed = true;
                return true;
            }
            if (e.code() == "session_ended") {
                status_.ended = "session_ended";
                return true; // kept in the journal: it is this terminal's record of what was typed
            }
            if (e.code() == "storage_failed" || e.code() == "attempt_paused")
                return false; // kept in the journal; sent again later
            // Refused for good (an invalid response, say): resending it would not help.
            journal_.record_ack(next->seq);
        } catch (connection_error const&) {
            return false;
        }
        wake_.notify_all();
    }
}

void exam_client::drain_pushes() {
    std::shared_ptr<connection> c;
    {
        std::lock_guard lock(mutex_);
        c = connection_;
    }
    if (!c) return;
    while (auto m = c->next_message(0ms)) {
        if (m->what != protocol::incoming::kind::push) continue;
        std::lock_guard lock(mutex_);
        try {
            take_push(*m);
        } catch (std::exception const&) {
            // A push this terminal cannot read is left out: the next time status corrects the
            // clock, and the server repeats nothing else that matters to the attempt.
        }
    }
}

void exam_client::take_push(protocol::incoming const& m) {
    // Called with mutex_ held.
    if (m.type == "time.changed") {
        auto t = m.body.get<protocol::time_status>();
        note_time(t);
        // A proctor's change to the clock is said in words too, not only by the countdown.
        static std::map<std::string, std::string> const said{
            {"pause", "考试已暂停，请等候 the exam is paused; please wait"},
            {"resume", "考试继续 the exam continues"},
            {"extra_time", "监考老师延长了考试时间 your time has been extended"},
            {"reopen", "试卷已重新开放 your paper has been reopened"}};
        if (auto it = said.find(t.reason); it != said.end())
            notices_.push_back({"message", it->second, t.server_time});
    }
    if (m.type == "announcement" || m.type == "message") {
        auto said = m.body.get<protocol::room_text>();
        notices_.push_back({m.type, said.text, said.at});
    }
    if (m.type == "session.ended") {
        auto reason = m.body.get<protocol::session_ended>().reason;
        status_.ended = reason.empty() ? "session_ended" : reason;
    }
    if (m.type == "attempt.closed") {
        status_.closed = true;
        status_.closed_reason = m.body.get<protocol::attempt_closed>().reason;
        status_.time_state = "closed";
    }
}

void exam_client::run() {
    auto next_try = std::chrono::steady_clock::now();
    int failures = 0;
    while (!stopping_) {
        bool online;
        {
            std::lock_guard lock(mutex_);
            online = connection_ && connection_->connected();
            status_.online = online;
        }
        if (!online) drain_pushes(); // what came just before the close (session.ended) counts
        {
            // Reconnecting after the session was ended would only ask for this terminal back.
            std::lock_guard lock(mutex_);
            if (!status_.ended.empty()) return;
        }
        if (!online && std::chrono::steady_clock::now() >= next_try) {
            try {
                connect_and_sign_in();
                online = true;
                failures = 0;
            } catch (std::exception const& e) {
                std::lock_guard lock(mutex_);
                status_.last_problem = e.what();
            }
            if (!online) next_try = std::chrono::steady_clock::now() + reconnect_pause(failures++);
        }
        if (online) {
            if (!replay()) {
                std::unique_lock lock(mutex_);
                wake_.wait_for(lock, 500ms, [this] { return stopping_.load(); });
            }
            drain_pushes();
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, 200ms, [this] {
            return stopping_ ||
                   (!journal_.unacknowledged().empty() && status_.online && !status_.closed);
        });
    }
}

} // namespace craftmark::client
