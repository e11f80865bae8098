#include "server/centre/certificate_commands.hpp"

#include "server/centre/centre_account.hpp"
#include "server/certificates/issuer.hpp"
#include "server/certificates/register.hpp"
#include "server/core/proctoring/roster.hpp"
#include "server/store/database.hpp"
#include "server/store/postgres/centre_certificates.hpp"
#include "server/store/postgres/centre_results.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>
#include <memory>

namespace craftmark::centre {
namespace {

struct certificate_options {
    centre_account account;
    std::string person, occupation, level, number, reason, slug = "centre";
    certificates::issuer_profile profile;
};

/// Issuing and revoking are the bureau's: an account of the bureau, signed in.
store::organisation_row signed_in_bureau(store::pg::connection& db, centre_account const& a) {
    auto organisation = sign_in(db, a);
    if (organisation.kind != "bureau")
        throw std::runtime_error("certificates are issued and revoked by the bureau's staff; " +
                                 a.username + " is of " + organisation.id);
    return organisation;
}

/// The issuing office's folder, database and clock (which the issuer keeps by reference),
/// made on first use.
struct issuing_office {
    std::filesystem::path dir;
    std::unique_ptr<SQLite::Database> db;
    util::system_clock clock;
    explicit issuing_office(std::filesystem::path folder)
        : dir(std::move(folder)), db(store::open_database(dir / "craftmark.db")) {}
};

/// Brings the centre's register (PostgreSQL) up to the office's certificates and their status.
void update_register(store::pg::connection& db, issuing_office& issuing) {
    std::vector<store::registered_certificate> all;
    for (auto const& e : certificates::certificate_register(*issuing.db, ""))
        all.push_back({e.number, e.id, e.ticket, e.holder, e.occupation, e.occupation_code, e.level,
                       e.issued, e.status, e.status_reason});
    store::centre_certificates(db).record(all);
}

} // namespace

void add_certificate_commands(CLI::App& app, centre_cli& cli) {
    auto o = std::make_shared<certificate_options>();
    o->profile.base_url = "https://localhost:8443";
    auto* certificates = app.add_subcommand(
        "certificates", "certificates issued at the centre over every venue's results, in its "
                        "issuing office (<data>/issuing: keys, status lists and the published "
                        "files under public/ that any web server can serve)");
    certificates->require_subcommand(1);
    auto office = [&cli] { return issuing_office(cli.data / "issuing"); };

    auto* init = certificates->add_subcommand(
        "init", "create the issuing office's root CA, first signing key and CRL");
    add_account_options(init, o->account, ", of the bureau");
    init->add_option("--name", o->profile.name, "the issuing body, as printed on certificates")
        ->required();
    init->add_option("--org-id", o->profile.organization_identifier,
                     "organizationIdentifier, e.g. NTRCN-91330100MA2XXXXX");
    init->add_option("--base-url", o->profile.base_url,
                     "the verification site (QR codes point here)")
        ->capture_default_str();
    init->add_option("--slug", o->slug, "short name in the issuer id URL")->capture_default_str();
    init->add_option("--number-prefix", o->profile.number_prefix,
                     "certificate numbers start with this")
        ->capture_default_str();
    init->callback([&cli, o, office] {
        cli.run = [&cli, o, office] {
            auto db = cli.connect();
            signed_in_bureau(db, o->account);
            auto issuing = office();
            certificates::pki keys(*issuing.db, issuing.dir, issuing.clock);
            o->profile.issuer_id = o->profile.base_url + "/issuers/" + o->slug;
            keys.init(o->profile, o->account.actor());
            std::cout << "issuing office ready in " << issuing.dir.string() << ": issuer id "
                      << o->profile.issuer_id << "; publish " << (issuing.dir / "public").string()
                      << " on the verification site\n";
            return 0;
        };
    });

    auto* issue = certificates->add_subcommand(
        "issue", "a certificate for each person qualified over the venues' released results "
                 "(theory at one venue, practical at another); each person once per "
                 "qualification");
    add_account_options(issue, o->account, ", of the bureau");
    issue->add_option("--occupation", o->occupation, "only this occupation code, e.g. 6-18-01-01");
    issue->add_option("--level", o->level, "only this level, e.g. L4");
    issue->add_option("--person", o->person, "only this person, by national ID");
    issue->callback([&cli, o, office] {
        cli.run = [&cli, o, office] {
            auto db = cli.connect();
            auto bureau = signed_in_bureau(db, o->account);
            std::vector<certificates::qualified_person> people;
            std::size_t not_qualified = 0;
            for (auto const& q : store::centre_results(db).qualifications(bureau, o->person)) {
                if ((!o->occupation.empty() && q.occupation_code != o->occupation) ||
                    (!o->level.empty() && q.level != o->level) || q.occupation_code.empty())
                    continue;
                if (!q.outcome.value("passed", false)) {
                    ++not_qualified;
                    continue;
                }
                people.push_back(
                    {q.national_id, q.name, q.romanised_name, q.assessment, q.criteria});
            }
            auto issuing = office();
            certificates::issuer issuer(*issuing.db, issuing.dir, issuing.clock);
            auto report = issuer.issue_qualified(people, o->account.actor());
            update_register(db, issuing);
            std::cout << "issued " << report.issued.size() << ", held already "
                      << report.already_issued << ", not qualified (yet) " << not_qualified << "\n";
            return 0;
        };
    });

    auto* list = certificates->add_subcommand(
        "register", "the centre's register: the certificates it issued that your organisation "
                    "may see (its members'; the bureau, all), their holders, qualifications, "
                    "dates and status");
    add_account_options(list, o->account, "");
    list->add_option("--number", o->number, "one certificate, by its number (an enquiry)");
    list->callback([&cli, o] {
        cli.run = [&cli, o] {
            auto db = cli.connect();
            auto viewer = sign_in(db, o->account);
            auto found = store::centre_certificates(db).visible_to(viewer, o->number);
            if (!o->number.empty() && found.empty())
                throw std::runtime_error("no certificate " + o->number + " that you may see");
            for (auto const& e : found)
                std::cout << e.number << "\t" << e.holder << "\t"
                          << core::mask_national_id(e.national_id) << "\t" << e.occupation << "\t"
                          << e.level << "\t" << e.issued << "\t" << e.status
                          << (e.status_reason.empty() ? "" : " (" + e.status_reason + ")") << "\n";
            return 0;
        };
    });

    for (auto [verb, status] : {std::pair{"revoke", "revoked"}, std::pair{"suspend", "suspended"},
                                std::pair{"reinstate", "active"}}) {
        auto* change = certificates->add_subcommand(
            verb, std::string(verb) + " a certificate: its status list is signed again at once, "
                                      "and every verifier sees it");
        add_account_options(change, o->account, ", of the bureau");
        change->add_option("NUMBER", o->number, "the certificate number")->required();
        change->add_option("--reason", o->reason, "why (kept in the register)");
        change->callback([&cli, o, office, status = std::string(status)] {
            cli.run = [&cli, o, office, status] {
                auto db = cli.connect();
                signed_in_bureau(db, o->account);
                auto issuing = office();
                certificates::issuer(*issuing.db, issuing.dir, issuing.clock)
                    .set_status(o->number, status, o->reason, o->account.actor());
                update_register(db, issuing);
                std::cout << o->number << ": " << status << "\n";
                return 0;
            };
        });
    }
}

} // namespace craftmark::centre
