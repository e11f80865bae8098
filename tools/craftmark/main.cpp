// craftmark: the administrator's command line (banks, assessments, sittings, results, audit).
#include "server/store/database.hpp"
#include "shared/sheet/csv.hpp"
#include "shared/sheet/xlsx.hpp"
#include "shared/util/files.hpp"
#include "shared/util/layered_settings.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <fstream>
#include <iostream>

namespace craftmark::cli {

std::unique_ptr<SQLite::Database> context::open() const {
    auto file = data_dir / "craftmark.db";
    // A mistyped or forgotten folder must not quietly become a new, empty database.
    if (!std::filesystem::exists(file))
        throw std::runtime_error(
            "no Craftmark database in " + data_dir.string() +
            " (the data folder is --data, CRAFTMARK_DATA or `data` in the configuration file; "
            "`craftmark init` creates a new one)");
    return store::open_database(file);
}

std::string read_file(std::filesystem::path const& path) {
    return util::read_file(path);
}

std::string html(std::string const& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

void write_table(sheet::table const& table, std::string const& format, std::string const& path) {
    if (format != "xlsx") return write_output(path, sheet::csv_text(table));
    if (path.empty() || path == "-")
        throw std::runtime_error("a workbook needs a file to go to: -o FILE.xlsx");
    sheet::write_xlsx({table}, path);
}

bool print_json(context const& ctx, nlohmann::json const& document) {
    if (ctx.json) std::cout << document.dump(2) << "\n";
    return ctx.json;
}

void write_output(std::string const& path, std::string const& text) {
    if (path.empty() || path == "-") {
        std::cout << text;
        return;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + path);
    std::cerr << "wrote " << path << "\n";
}

} // namespace craftmark::cli

namespace {

using namespace craftmark::cli;

/// The commands that work on files alone (or create the database), or change nothing in it, and
/// so need no account.
bool needs_no_account(std::string const& command) {
    return command == "init" || command == "restore" || command == "verify" ||
           command == "bank validate" || command == "scheme check" ||
           command == "outbox upload"; // a service: it changes nothing in the database
}

/// "cert suspend" for `craftmark cert suspend …`; the deepest command given.
std::pair<std::string, CLI::App*> chosen_command(CLI::App& app) {
    std::string path;
    auto* at = &app;
    while (!at->get_subcommands().empty()) {
        at = at->get_subcommands().front();
        path += (path.empty() ? "" : " ") + at->get_name();
    }
    return {path, at};
}

/// CLI11 says only "A subcommand is required": name the word it did not know and list the
/// commands there are. Returns false when the error was something else.
bool explain_missing_command(CLI::App& app) {
    auto [path, at] = chosen_command(app);
    if (at->get_require_subcommand_min() == 0) return false;
    std::string where = "craftmark" + (path.empty() ? "" : " " + path);
    auto unknown = at->remaining();
    if (unknown.empty())
        std::cerr << where << ": which command?";
    else
        std::cerr << where << ": there is no command \"" << unknown.front() << "\".";
    std::cerr << " The commands are:";
    for (auto const* sub : at->get_subcommands({})) std::cerr << " " << sub->get_name();
    std::cerr << "\n(" << where << " --help explains each)\n";
    return true;
}

constexpr int usage_error = 64; // EX_USAGE of sysexits.h

constexpr char const* exit_codes =
    R"(Exit codes: 0 done; 1 refused or failed, nothing changed (the message says why);
64 wrong usage (an unknown command or option, a missing argument); `verify` has its own.)";

} // namespace

int main(int argc, char** argv) {
    context ctx;
    CLI::App app{
        "Craftmark administration: question banks, assessments, sittings, results, "
        "certificates and the audit log. Works on the server's data folder; safe while the "
        "server runs. Every change is recorded under the administrator who made it (--as)."};
    app.add_option("--data", ctx.data_dir, "the server's data folder")->capture_default_str();
    app.add_option("--as", ctx.account.as,
                   "the administrator account acting (its password is typed, or read from "
                   "--as-password-file)");
    app.add_option("--as-password-file", ctx.account.password_file,
                   "read the --as account's password from this file")
        ->check(CLI::ExistingFile);
    app.add_option("--operators", ctx.account.operators,
                   "LOGIN:ACCOUNT pairs, usually in the configuration file: the machine's login "
                   "LOGIN acts as ACCOUNT without --as or a password");
    app.add_flag("--json", ctx.json,
                 "list and show commands print JSON (for scripts) instead of tab-separated text")
        ->configurable(false);
    app.set_version_flag("--version", "craftmark 0.1.0");
    // `craftmark bank list --json` as well as `craftmark --json bank list`.
    app.fallthrough();
    app.footer(exit_codes);
    app.require_subcommand(1);
    add_init_command(app, ctx);
    add_bank_commands(app, ctx);
    add_sitting_commands(app, ctx);
    add_staff_commands(app, ctx);
    add_incident_commands(app, ctx);
    add_audit_commands(app, ctx);
    add_pki_commands(app, ctx);
    add_cert_commands(app, ctx);
    add_verify_command(app, ctx);
    add_scheme_commands(app, ctx);
    add_appeal_commands(app, ctx);
    add_event_commands(app, ctx);
    add_recheck_commands(app, ctx);
    add_backup_commands(app, ctx);
    add_stats_command(app, ctx);
    add_venue_commands(app, ctx);
    add_package_commands(app, ctx);
    // Runs once the command line is read and before the chosen command does anything.
    app.parse_complete_callback([&app, &ctx] {
        if (needs_no_account(chosen_command(app).first)) return;
        ctx.actor = sign_in_operator(*ctx.open(), ctx.account);
    });
    // The server's settings share the configuration file; this program reads what it knows.
    app.allow_config_extras(CLI::config_extras_mode::ignore);
    craftmark::util::layered_settings layers(app);
    try {
        layers.parse(argc, argv);
    } catch (CLI::RuntimeError const& e) {
        return e.get_exit_code(); // a command's own exit code (verify's verdicts)
    } catch (CLI::RequiredError const& e) {
        if (explain_missing_command(app)) return usage_error;
        return app.exit(e) == 0 ? 0 : usage_error;
    } catch (CLI::ParseError const& e) {
        return app.exit(e) == 0 ? 0 : usage_error;
    } catch (std::exception const& e) {
        std::cerr << "craftmark: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
