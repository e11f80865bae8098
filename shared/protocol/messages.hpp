#pragma once
#include "shared/protocol/envelope.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace craftmark::protocol {

/// Limits on untrusted fields (bytes).
inline constexpr std::size_t max_identifier = 64;
inline constexpr std::size_t max_answer_json = 64 * 1024;
/// A file an administrator hands in over the socket (a bank package with its figures, a roster),
/// as base64. A connection reads such messages only once an administrator has signed in there;
/// every other connection's messages stay within 256 KiB.
inline constexpr std::size_t max_file_base64 = 16 * 1024 * 1024;
/// The largest integer a JSON number carries exactly (ids, offsets, sizes).
inline constexpr std::int64_t max_safe_integer = std::int64_t{1} << 53;

/// auth.sign_in: a candidate signs in with the admission ticket and the one-time access code.
struct sign_in {
    std::string ticket;
    std::string access_code;
    std::string terminal_id;
    std::string client; // "browser" or "terminal" (empty: a terminal); see sitting delivery
    friend bool operator==(sign_in const&, sign_in const&) = default;
};

/// auth.resume: the same attempt continues after a reconnect, on the terminal that signed in.
struct resume {
    std::string resume_token;
    std::string terminal_id;
    std::string client;
    friend bool operator==(resume const&, resume const&) = default;
};

/// answer.save: one answer, numbered by the terminal; the sequence rises by one per save
/// within an attempt, and a repeat of (item, seq) is acknowledged again without a change.
struct answer_save {
    std::string item_id;
    std::int64_t seq = 0;
    nlohmann::json response;
    friend bool operator==(answer_save const&, answer_save const&) = default;
};

/// item.flag: mark an item for review (only the candidate sees it).
struct item_flag {
    std::string item_id;
    bool flagged = false;
    friend bool operator==(item_flag const&, item_flag const&) = default;
};

/// figure.get: a figure an item of the candidate's paper shows, by the name in the item's media.
struct figure_request {
    std::string item_id;
    std::string name; // "circuit.png", "images/part-3.svg"
    friend bool operator==(figure_request const&, figure_request const&) = default;
};

/// upload.begin: a file for a practical task, announced with its size and SHA-256 (lower-case
/// hex). Beginning the same file again resumes it.
struct upload_begin {
    std::string task;
    std::string name; // a plain file name: no folders
    std::int64_t size = 0;
    std::string sha256;
    friend bool operator==(upload_begin const&, upload_begin const&) = default;
};

/// The clock as the server sees it: pushed as time.changed and returned by time.sync.
struct time_status {
    std::int64_t server_time = 0;
    std::string state;          // "waiting", "running", "paused", "closed"
    std::int64_t starts_at = 0; // the sitting's start (server time, ms)
    std::int64_t deadline = 0;  // 0 until the attempt has started
    std::int64_t remaining_ms = 0;
    std::string reason; // why it changed (pushes only): "tick", "extra_time", ...
    friend bool operator==(time_status const&, time_status const&) = default;
};

/// A request with nothing in its body (lobby.status, paper.get, time.sync, attempt.submit,
/// result.get, hand.raise, ping): any object is accepted.
struct no_fields {
    friend bool operator==(no_fields const&, no_fields const&) = default;
};

/// auth.staff_sign_in: staff sign in with their user name and password.
struct staff_sign_in {
    std::string username;
    std::string password;
    friend bool operator==(staff_sign_in const&, staff_sign_in const&) = default;
};

/// auth.staff_resume: a console whose connection dropped continues its staff session.
struct staff_resume {
    std::string token;
    friend bool operator==(staff_resume const&, staff_resume const&) = default;
};

/// auth.sign_out: end this staff session, or every session of the account.
struct sign_out {
    bool everywhere = false;
    friend bool operator==(sign_out const&, sign_out const&) = default;
};

/// terminal.focus: the terminal lost (or regained) the screen's focus.
struct terminal_focus {
    bool focused = true;
    friend bool operator==(terminal_focus const&, terminal_focus const&) = default;
};

/// upload.chunk: the next bytes of an upload, where they go in the file. Travels as a binary
/// frame (upload_frame.hpp), never as JSON.
struct upload_chunk {
    std::int64_t upload = 0;
    std::int64_t offset = 0;
    std::string bytes;
    friend bool operator==(upload_chunk const&, upload_chunk const&) = default;
};

/// upload.finish: check the upload's size and SHA-256 and keep it.
struct upload_finish {
    std::int64_t upload = 0;
    friend bool operator==(upload_finish const&, upload_finish const&) = default;
};

/// room.watch, incident.list, marking.queue: a request about one sitting.
struct sitting_ref {
    std::string sitting_id;
    friend bool operator==(sitting_ref const&, sitting_ref const&) = default;
};

/// scoreboard.watch: a competition's board, then its changes.
struct scoreboard_watch {
    std::string event;
    friend bool operator==(scoreboard_watch const&, scoreboard_watch const&) = default;
};

void to_json(nlohmann::json& j, no_fields const& m);
void from_json(nlohmann::json const& j, no_fields& m);
void to_json(nlohmann::json& j, staff_sign_in const& m);
void from_json(nlohmann::json const& j, staff_sign_in& m);
void to_json(nlohmann::json& j, staff_resume const& m);
void from_json(nlohmann::json const& j, staff_resume& m);
void to_json(nlohmann::json& j, sign_out const& m);
void from_json(nlohmann::json const& j, sign_out& m);
void to_json(nlohmann::json& j, terminal_focus const& m);
void from_json(nlohmann::json const& j, terminal_focus& m);
void to_json(nlohmann::json& j, upload_finish const& m);
void from_json(nlohmann::json const& j, upload_finish& m);
void to_json(nlohmann::json& j, sitting_ref const& m);
void from_json(nlohmann::json const& j, sitting_ref& m);
void to_json(nlohmann::json& j, scoreboard_watch const& m);
void from_json(nlohmann::json const& j, scoreboard_watch& m);
/// The chunk a binary frame carries (parse_upload_chunk's request).
upload_chunk upload_chunk_of(request const& r);

void to_json(nlohmann::json& j, sign_in const& m);
void from_json(nlohmann::json const& j, sign_in& m);
void to_json(nlohmann::json& j, resume const& m);
void from_json(nlohmann::json const& j, resume& m);
void to_json(nlohmann::json& j, answer_save const& m);
void from_json(nlohmann::json const& j, answer_save& m);
void to_json(nlohmann::json& j, item_flag const& m);
void from_json(nlohmann::json const& j, item_flag& m);
void to_json(nlohmann::json& j, figure_request const& m);
void from_json(nlohmann::json const& j, figure_request& m);
void to_json(nlohmann::json& j, upload_begin const& m);
void from_json(nlohmann::json const& j, upload_begin& m);
void to_json(nlohmann::json& j, time_status const& m);
void from_json(nlohmann::json const& j, time_status& m);

/// Reads `key` from an untrusted object as a non-empty string of at most `max` bytes;
/// throws protocol_error(invalid_field) naming the field.
std::string required_string(nlohmann::json const& j, char const* key, std::size_t max);
std::string optional_string(nlohmann::json const& j, char const* key, std::size_t max);
std::int64_t
required_integer(nlohmann::json const& j, char const* key, std::int64_t min, std::int64_t max);
bool required_bool(nlohmann::json const& j, char const* key);
/// An optional array of non-empty strings of at most `max` bytes each (empty when absent).
std::vector<std::string>
optional_strings(nlohmann::json const& j, char const* key, std::size_t max);

} // namespace craftmark::protocol
