#pragma once
#include "server/core/records.hpp"
#include "shared/sheet/table.hpp"
#include "tools/craftmark/acting_account.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace SQLite {
class Database;
}

namespace craftmark::cli {

/// Options every command shares.
struct context {
    std::filesystem::path data_dir = "data";
    acting_account_options account;
    /// --json: list and show commands print JSON instead of tab-separated text.
    bool json = false;
    /// The signed-in administrator's audit name ("staff:NAME"), set before a command that
    /// works on the database runs.
    std::string actor;
    /// Opens <data>/craftmark.db, migrating it if needed; throws when there is none (only
    /// `craftmark init` creates one).
    std::unique_ptr<SQLite::Database> open() const;
};

void add_bank_commands(CLI::App& app, context& ctx);
void add_sitting_commands(CLI::App& app, context& ctx);
void add_audit_commands(CLI::App& app, context& ctx);
void add_staff_commands(CLI::App& app, context& ctx);
void add_incident_commands(CLI::App& app, context& ctx);
void add_pki_commands(CLI::App& app, context& ctx);
void add_cert_commands(CLI::App& app, context& ctx);
void add_verify_command(CLI::App& app, context& ctx);
void add_scheme_commands(CLI::App& app, context& ctx);
void add_appeal_commands(CLI::App& app, context& ctx);
void add_recheck_commands(CLI::App& app, context& ctx);
void add_event_commands(CLI::App& app, context& ctx);
void add_init_command(CLI::App& app, context& ctx);
void add_backup_commands(CLI::App& app, context& ctx);
void add_stats_command(CLI::App& app, context& ctx);
/// `venue join`, `venue show` and `outbox export`: the venue's link to its centre.
void add_venue_commands(CLI::App& app, context& ctx);
/// `package receive | fetch | list | open`: what the centre sends the venue.
void add_package_commands(CLI::App& app, context& ctx);
/// `sitting photos` and `sitting sheet`, under the `sitting` command.
void add_photo_commands(CLI::App& sitting, context& ctx);
/// `sitting admission`, under the `sitting` command.
void add_admission_command(CLI::App& sitting, context& ctx);
/// The candidate's roster photo as an <img> with a data URI, or "no photo" (printouts).
std::string photo_img(SQLite::Database& db, core::candidate_record const& c);

/// Reads a whole file, or throws std::runtime_error naming it.
std::string read_file(std::filesystem::path const& path);
/// With --json, prints `document` and returns true; the command then prints nothing else.
bool print_json(context const& ctx, nlohmann::json const& document);
/// Writes `text` to `path`, or to stdout when `path` is empty or "-".
void write_output(std::string const& path, std::string const& text);
/// `s` as HTML text: & < > " escaped (the printable result sheets and reports).
std::string html(std::string const& s);
/// Writes a table as `format` "csv" (to `path` or stdout) or "xlsx" (to `path`, which it needs).
void write_table(sheet::table const& table, std::string const& format, std::string const& path);

} // namespace craftmark::cli
