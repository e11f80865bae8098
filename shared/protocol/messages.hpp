#pragma once
#include "shared/protocol/envelope.hpp"

#include <cstdint>
#include <string>

namespace craftmark::protocol {

/// Limits on untrusted fields (bytes).
inline constexpr std::size_t max_identifier = 64;
inline constexpr std::size_t max_answer_json = 64 * 1024;

/// auth.sign_in: a candidate signs in with the admission ticket and the one-time access code.
struct sign_in {
    std::string ticket;
    std::string access_code;
    std::string terminal_id;
    friend bool operator==(sign_in const&, sign_in const&) = default;
};

/// auth.resume: the same attempt continues after a reconnect, on the terminal that signed in.
struct resume {
    std::string resume_token;
    std::string terminal_id;
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

void to_json(nlohmann::json& j, sign_in const& m);
void from_json(nlohmann::json const& j, sign_in& m);
void to_json(nlohmann::json& j, resume const& m);
void from_json(nlohmann::json const& j, resume& m);
void to_json(nlohmann::json& j, answer_save const& m);
void from_json(nlohmann::json const& j, answer_save& m);
void to_json(nlohmann::json& j, item_flag const& m);
void from_json(nlohmann::json const& j, item_flag& m);
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

} // namespace craftmark::protocol
