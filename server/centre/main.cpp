// craftmark-centre: the centre of an alliance's venues, on PostgreSQL. It keeps the venues it
// trusts, the sittings it sends them (with rosters and sealed papers), and each venue's outbox
// chain, as it arrives in sealed segments.
//
// A program of its own rather than a mode of craftmark-server: the centre links libpq and
// never runs a sitting, a venue never needs PostgreSQL, and each is installed where it runs.
#include "server/centre/certificate_commands.hpp"
#include "server/centre/delivery.hpp"
#include "server/centre/ingest_server.hpp"
#include "server/centre/live_view.hpp"
#include "server/centre/package_commands.hpp"
#include "server/centre/results_commands.hpp"
#include "server/centre/venue_authority.hpp"
#include "server/store/postgres/centre_schema.hpp"
#include "server/store/postgres/venue_chains.hpp"
#include "shared/util/files.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

namespace {

using namespace craftmark;

struct options {
    std::string database = "dbname=craftmark_centre";
    std::filesystem::path data = "centre-data";
};

struct venue_options {
    std::string id, name, organisation;
    std::filesystem::path out;
};

constexpr int usage_error = 64;

/// Reads one sealed segment file and gives it to the centre; returns whether it was applied in
/// full.
bool import_segment(store::venue_chains& chains,
                    centre::venue_authority const& authority,
                    std::filesystem::path const& file) {
    auto seal_file = std::filesystem::path(file.string() + ".p7s");
    auto seal = std::filesystem::exists(seal_file) ? util::read_file(seal_file) : std::string();
    auto d = centre::deliver_segment(chains, authority.ca_pem(), util::read_file(file), seal, "",
                                     "file " + file.filename().string());
    std::cout << file.string() << ": ";
    auto const& report = d.report;
    if (!report.refusal.empty()) {
        std::cout << "refused: " << report.refusal;
        if (report.received)
            std::cout << " (nothing applied; the venue's chain stays at " << report.acknowledged
                      << ")";
        std::cout << "\n";
        return false;
    }
    std::cout << "venue " << d.venue << ": " << report.applied << " applied, " << report.duplicates
              << " held already; the centre holds entries 1 to " << report.acknowledged;
    if (report.missing_from)
        std::cout << "; entries from " << *report.missing_from
                  << " are missing: export them with `craftmark outbox export --from "
                  << *report.missing_from << "`";
    std::cout << "\n";
    return !report.missing_from;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"Craftmark centre: the venues of an alliance, on PostgreSQL. It sends each venue "
                 "its sittings, rosters and sealed papers (each paper's key at its start); the "
                 "venues run their sittings on their own and their outboxes come back as sealed "
                 "segments, applied exactly once, their hash chains checked end to end; results "
                 "released there make qualifications over every venue, and the bureau issues "
                 "their certificates."};
    app.add_option("--database", o.database,
                   "the PostgreSQL database, as libpq takes it (\"host=/run/postgresql "
                   "dbname=craftmark_centre\" or a postgresql:// URI)")
        ->envname("CRAFTMARK_CENTRE_DATABASE")
        ->capture_default_str();
    app.add_option("--data", o.data,
                   "the centre's folder: its venue authority's keys and its issuing office")
        ->envname("CRAFTMARK_CENTRE_DATA")
        ->capture_default_str();
    app.set_version_flag("--version", "craftmark-centre 0.1.0");
    app.require_subcommand(1);
    app.footer("Exit codes: 0 done; 1 refused or failed (the message says why); 2 a segment was "
               "refused or left a gap; 64 wrong usage.");

    std::function<int()> run;
    auto connect = [&o] {
        store::pg::connection db(o.database);
        store::migrate_centre(db);
        return db;
    };
    auto authority = [&o] { return centre::venue_authority(o.data / "venues"); };

    std::string centre_name;
    std::vector<std::string> hosts;
    auto* init = app.add_subcommand(
        "init", "create the centre's schema in the database and its venue authority (the CA "
                "that certifies each venue's key)");
    init->add_option("--name", centre_name, "the centre, e.g. 杭州市职业技能鉴定中心")->required();
    init->add_option("--host", hosts,
                     "a name or address venues reach the centre by (its TLS certificate names "
                     "these and localhost); repeat for more");
    init->callback([&] {
        run = [&] {
            auto db = connect();
            if (!authority().exists()) {
                authority().create(centre_name);
                authority().issue_centre_tls(hosts);
            }
            std::cout << "centre ready: schema at version " << store::migrate_centre(db)
                      << ", venue authority in " << (o.data / "venues").string() << "\n";
            return 0;
        };
    });

    auto* organisation = app.add_subcommand(
        "organisation", "the alliance's organisations: the bureau, schools, enterprises and "
                        "industrial parks, each with its venues");
    organisation->require_subcommand(1);
    store::organisation_row org;
    auto* organisation_add = organisation->add_subcommand("add", "add an organisation");
    organisation_add->add_option("ID", org.id, "its id, e.g. hz-vocational-3")->required();
    organisation_add->add_option("--name", org.name, "its name")->required();
    organisation_add->add_option("--kind", org.kind, "bureau, school, enterprise or park")
        ->required();
    organisation_add->callback([&] {
        run = [&] {
            auto db = connect();
            store::venue_chains(db).add_organisation(org);
            std::cout << "organisation " << org.id << " (" << org.kind << ") added\n";
            return 0;
        };
    });
    auto* organisation_list =
        organisation->add_subcommand("list", "the organisations and their venues");
    organisation_list->callback([&] {
        run = [&] {
            auto db = connect();
            store::venue_chains chains(db);
            auto venues = chains.venues();
            for (auto const& row : chains.organisations()) {
                std::cout << row.id << "\t" << row.kind << "\t" << row.name << "\tvenues:";
                for (auto const& v : venues)
                    if (v.organisation == row.id) std::cout << " " << v.id;
                std::cout << "\n";
            }
            return 0;
        };
    });

    auto* venue = app.add_subcommand("venue", "the venues this centre trusts");
    venue->require_subcommand(1);
    venue_options v;
    auto* add = venue->add_subcommand(
        "add", "register a venue and write its venue file (its key, certificate and the centre's "
               "CA): carry it to the venue and run `craftmark venue join FILE` there");
    add->add_option("ID", v.id, "the venue's id, e.g. hz-college-3")->required();
    add->add_option("--name", v.name, "the venue's name")->required();
    add->add_option("--organisation", v.organisation,
                    "the organisation it belongs to (`organisation add` first)")
        ->required();
    add->add_option("-o,--output", v.out, "the venue file (default ID.venue.pem here)");
    add->callback([&] {
        run = [&] {
            auto db = connect();
            if (!authority().exists())
                throw std::runtime_error("no venue authority: run `craftmark-centre init` first");
            auto issued = authority().issue(v.id, v.name);
            store::venue_chains(db).add_venue({v.id, v.name, v.organisation, issued.certificate});
            auto out = v.out.empty() ? std::filesystem::path(v.id + ".venue.pem") : v.out;
            util::write_file_atomically(out, issued.venue_file, util::file_kind::secret);
            std::cout << "venue " << v.id << " registered; its venue file is " << out.string()
                      << " (it holds the venue's private key: hand it over in person)\n";
            return 0;
        };
    });
    auto* list = venue->add_subcommand("list", "the registered venues");
    list->callback([&] {
        run = [&] {
            auto db = connect();
            for (auto const& row : store::venue_chains(db).venues())
                std::cout << row.id << "\t" << row.name << "\t" << row.organisation << "\n";
            return 0;
        };
    });

    centre::centre_cli cli{connect, authority, run, o.data};
    centre::add_package_commands(app, cli);
    centre::add_results_commands(app, cli);
    centre::add_certificate_commands(app, cli);

    std::vector<std::filesystem::path> files;
    auto* importing = app.add_subcommand(
        "import", "apply sealed outbox segments (each FILE with FILE.p7s beside it), in any "
                  "order and as often as they come: what the centre holds is never applied twice");
    importing->add_option("FILE", files, "segment files")->required()->check(CLI::ExistingFile);
    importing->callback([&] {
        run = [&] {
            auto db = connect();
            store::venue_chains chains(db);
            bool all = true;
            for (auto const& f : files) all = import_segment(chains, authority(), f) && all;
            return all ? 0 : 2;
        };
    });

    auto* chains_cmd = app.add_subcommand("chains", "each venue's chain at the centre");
    chains_cmd->callback([&] {
        run = [&] {
            auto db = connect();
            for (auto const& c : store::venue_chains(db).chains())
                std::cout << c.venue << "\tepoch " << c.epoch << "\t" << c.head_seq
                          << " entries\tlast received "
                          << (c.last_received.empty() ? "never" : c.last_received) << "\n";
            return 0;
        };
    });

    auto* verify = app.add_subcommand(
        "verify", "walk every venue's chain at the centre from its first entry: every link and "
                  "every hash");
    verify->callback([&] {
        run = [&] {
            auto db = connect();
            store::venue_chains chains(db);
            bool intact = true;
            for (auto const& c : chains.chains()) {
                auto verdict = chains.verify(c.venue, c.epoch);
                std::cout << c.venue << " epoch " << c.epoch << ": "
                          << (verdict.reason.empty()
                                  ? "intact, " + std::to_string(verdict.entries) + " entries"
                                  : "BROKEN: " + verdict.reason)
                          << "\n";
                intact = intact && verdict.reason.empty();
            }
            return intact ? 0 : 1;
        };
    });

    centre::ingest_server_options serving;
    std::string listen = "0.0.0.0:9443";
    auto* serve = app.add_subcommand(
        "serve", "the venues' door: HTTPS with mutual TLS, each venue known by the certificate in "
                 "its venue file; takes their uploads (`craftmark outbox upload`) and gives their "
                 "packages and paper keys (`craftmark package fetch`, `package open`)");
    serve->add_option("--listen", listen, "address and port (port 0: any free port)")
        ->envname("CRAFTMARK_CENTRE_LISTEN")
        ->capture_default_str();
    serve->callback([&] {
        run = [&] {
            auto colon = listen.rfind(':');
            if (colon == std::string::npos) throw std::runtime_error("--listen HOST:PORT");
            serving.host = listen.substr(0, colon);
            serving.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
            serving.database = o.database;
            connect(); // the schema is migrated, and the database reachable, before venues come
            centre::run_ingest_server(serving, authority(), [&](unsigned short port) {
                std::cout << "craftmark-centre: taking venues' uploads on https://" << serving.host
                          << ":" << port << "/outbox" << std::endl;
            });
            return 0;
        };
    });

    bool once = false;
    auto* watch = app.add_subcommand(
        "watch", "the exam day's live view: what each venue has sent (sign-ins, answers, "
                 "submissions), when, and what was refused; redrawn every second");
    watch->add_flag("--once", once, "print the table once and stop");
    watch->callback([&] {
        run = [&] {
            auto db = connect();
            store::venue_chains chains(db);
            centre::live_view view(chains);
            for (;;) {
                std::ostringstream table;
                view.refresh(table);
                if (once) {
                    std::cout << table.str();
                    return 0;
                }
                std::cout << "\x1b[H\x1b[2J" << table.str() << "\n(Ctrl-C stops)" << std::flush;
                std::this_thread::sleep_for(std::chrono::seconds(1));
            }
        };
    });

    auto* refusals = app.add_subcommand("refusals", "the batches the centre refused, and why");
    refusals->callback([&] {
        run = [&] {
            auto db = connect();
            for (auto const& r : store::venue_chains(db).refusals())
                std::cout << r.received_at << "\t" << r.venue << "\t" << r.source << "\t"
                          << r.reason << "\n";
            return 0;
        };
    });

    try {
        app.parse(argc, argv);
        return run ? run() : 0;
    } catch (CLI::ParseError const& e) {
        return app.exit(e) == 0 ? 0 : usage_error;
    } catch (std::exception const& e) {
        std::cerr << "craftmark-centre: " << e.what() << '\n';
        return 1;
    }
}
