// craftmark: the administrator's command line (banks, assessments, sittings, results, audit).
#include "server/store/database.hpp"
#include "shared/util/files.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <fstream>
#include <iostream>

namespace craftmark::cli {

std::unique_ptr<SQLite::Database> context::open() const {
    return store::open_database(data_dir / "craftmark.db");
}

std::string read_file(std::filesystem::path const& path) {
    return util::read_file(path);
}

std::string csv_field(std::string const& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
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

int main(int argc, char** argv) {
    craftmark::cli::context ctx;
    CLI::App app{
        "Craftmark administration: question banks, assessments, sittings, results, "
        "certificates and the audit log. Works on the server's data folder; safe while the "
        "server runs."};
    app.add_option("--data", ctx.data_dir, "the server's data folder")->capture_default_str();
    app.set_version_flag("--version", "craftmark 0.1.0");
    app.require_subcommand(1);
    craftmark::cli::add_bank_commands(app, ctx);
    craftmark::cli::add_sitting_commands(app, ctx);
    craftmark::cli::add_staff_commands(app, ctx);
    craftmark::cli::add_incident_commands(app, ctx);
    craftmark::cli::add_audit_commands(app, ctx);
    craftmark::cli::add_pki_commands(app, ctx);
    craftmark::cli::add_cert_commands(app, ctx);
    craftmark::cli::add_verify_command(app, ctx);
    craftmark::cli::add_scheme_commands(app, ctx);
    craftmark::cli::add_appeal_commands(app, ctx);
    craftmark::cli::add_event_commands(app, ctx);
    craftmark::cli::add_recheck_commands(app, ctx);
    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        return app.exit(e);
    } catch (std::exception const& e) {
        std::cerr << "craftmark: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
