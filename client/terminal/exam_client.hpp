#pragma once
#include "client/net/connection.hpp"
#include "client/terminal/journal.hpp"
#include "shared/protocol/exam_replies.hpp"

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace craftmark::client {

struct exam_options {
    connect_options server;
    std::filesystem::path journal_dir;
    std::string ticket;
    std::string access_code;
    std::filesystem::path hand_in_dir; // practical work: <hand_in_dir>/<task id>/ holds the files
};

/// Thrown when the server refuses something the candidate asked for; carries the wire code.
class exam_error : public std::runtime_error {
  public:
    exam_error(std::string code, std::string const& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    std::string const& code() const { return code_; }

  private:
    std::string code_;
};

/// The candidate's side of an attempt: signs in (or resumes from the local journal), keeps
/// every answer in the journal before sending it, and a background thread keeps the link up:
/// it reconnects, resumes and replays unacknowledged saves in order. Screens and scripts read
/// a snapshot; they never block on the network except for sign-in, paper and submit.
class exam_client {
  public:
    explicit exam_client(exam_options options);
    ~exam_client();

    /// Connects and signs in, or resumes with the journal's token. Returns the session view.
    protocol::session_view start();
    /// The sitting and clock, for the lobby.
    protocol::session_view lobby();
    /// The paper, or nullopt while the sitting has not opened. Answers the candidate entered
    /// but the server has not acknowledged yet are merged in.
    std::optional<protocol::paper> open_paper();

    /// Records the answer locally (durably) and queues it for the server.
    void save(std::string const& item_id, nlohmann::json const& response);
    void flag(std::string const& item_id, bool flagged);
    /// Waits (up to `wait`) for queued saves to be acknowledged, then hands in the paper.
    protocol::submitted submit(std::chrono::milliseconds wait = std::chrono::seconds(20));
    protocol::result_reply result();

    struct status {
        bool online = false;
        std::size_t unsent = 0;
        bool closed = false;
        std::string closed_reason;
        std::string time_state = "waiting";
        std::int64_t deadline = 0;     // server time
        std::int64_t remaining_ms = 0; // as of the last time status (used while paused)
        std::int64_t offset_ms = 0;    // server time - local time
        std::string last_problem;      // for the status line
        // The server ended this terminal's session: the attempt continues on another terminal
        // (a proctor approved it, or moved the candidate). Nothing more is sent from here.
        std::string ended;
    };
    status snapshot() const;

    /// Announcements to the room and private messages from the proctor, oldest first.
    struct notice {
        std::string kind; // "announcement" or "message"
        std::string text;
        std::int64_t at = 0;
    };
    std::vector<notice> notices() const;
    /// Asks the proctor for help (shows on the proctor's seat map).
    void raise_hand();
    /// Tells the proctor the terminal lost (false) or regained (true) focus.
    void report_focus(bool focused);
    std::map<std::string, nlohmann::json> answers() const;
    std::set<std::string> flags() const;
    /// Uploads a file for a practical task and returns the server's receipt. A dropped
    /// connection resumes where the server's bytes end (the link is re-established in the
    /// background); gives up with connection_error after `patience` without progress.
    /// `progress(sent, total)` is called after every acknowledged chunk.
    protocol::upload_receipt
    upload(std::string const& task,
           std::filesystem::path const& file,
           std::function<void(std::int64_t, std::int64_t)> const& progress = {},
           std::chrono::milliseconds patience = std::chrono::seconds(60));

    /// Waits until every save is acknowledged or `timeout` passes; true when all are.
    bool wait_until_sent(std::chrono::milliseconds timeout);

  private:
    nlohmann::json call(std::string_view type, nlohmann::json const& body);
    /// The reply as its protocol struct.
    template <class Reply> Reply call_for(std::string_view type, nlohmann::json const& body) {
        return call(type, body).get<Reply>();
    }
    std::shared_ptr<connection> online_connection() const;
    void connect_and_sign_in();
    void run();
    bool replay();
    void drain_pushes();
    void take_push(protocol::incoming const& m);
    void note_time(protocol::time_status const& t);

    exam_options options_;
    std::string terminal_id_;
    journal journal_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::shared_ptr<connection> connection_;
    status status_;
    std::map<std::string, nlohmann::json> answers_;
    std::set<std::string> flags_;
    std::vector<notice> notices_;
    std::atomic<bool> stopping_{false};
    std::thread worker_;
};

} // namespace craftmark::client
