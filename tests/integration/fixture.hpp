#pragma once
// A real craftmark server on 127.0.0.1 (port 0, generated PKI, SQLite in a temporary folder)
// and real protocol clients for it.
#include "client/net/connection.hpp"
#include "server/app/server.hpp"
#include "server/core/records.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace craftmark::testing {

/// A temporary folder removed at the end of the test.
struct temp_dir {
    std::filesystem::path path;
    temp_dir();
    ~temp_dir();
};

/// Creates a demo-like database: a bank with one item of every type, an assessment drawing
/// all of them (90 minutes, review policy `review`), a sitting that opened at `starts_at` and
/// candidates T001..T003. Returns ticket -> access code.
std::map<std::string, std::string> seed_database(std::filesystem::path const& data_dir,
                                                 util::millis starts_at,
                                                 std::string const& review = "items");

/// Adds a practical component to a seeded database: task T1 takes up to two .nc/.txt files of
/// at most 1 MiB, task T2 is observed (no files); a 60-minute sitting "prac-1" that opened at
/// `starts_at` with candidates P001 and P002. Returns ticket -> access code.
std::map<std::string, std::string> seed_practical(std::filesystem::path const& data_dir,
                                                  util::millis starts_at);

/// Staff accounts for the seeded database (password "correct horse"): "admin" (everywhere),
/// "proctor-a" (sitting sit-1), "proctor-b" (sitting sit-2, with candidate T200, who gets an
/// access code only by check-in).
void seed_staff(std::filesystem::path const& data_dir);
inline constexpr char staff_password[] = "correct horse";

struct test_server {
    temp_dir dir;
    util::manual_clock clock;
    std::map<std::string, std::string> codes;
    app::server server;

    explicit test_server(std::string const& review = "items",
                         craftmark::server::net::session_limits limits = {},
                         std::chrono::seconds staff_idle = std::chrono::minutes(30));
    std::unique_ptr<client::connection> connect();
    /// Signs `ticket` in on a new connection; checks that it succeeded.
    std::unique_ptr<client::connection> signed_in(std::string const& ticket,
                                                  std::string const& terminal = "term-1");
    std::filesystem::path database() const { return dir.path / "craftmark.db"; }
    /// Signs a staff account in on a new connection; checks that it succeeded.
    std::unique_ptr<client::connection> staff(std::string const& username);
};

/// The id a candidate's `paper` shows for item `item`'s choice, premise or response whose text
/// is `text` (each attempt has its own ids).
std::string shown_id(nlohmann::json const& paper, std::string const& item, std::string const& text);

/// The error code of a reply, or "" when it succeeded.
std::string code_of(protocol::incoming const& reply);

} // namespace craftmark::testing
