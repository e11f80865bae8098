// craftmark cert issue | list | revoke | suspend | unsuspend | publish
#include "shared/util/time_text.hpp"
#include "tools/craftmark/issuing.hpp"
#include "tools/craftmark/print_run.hpp"
#include "tools/craftmark/register_files.hpp"

#include <iostream>
#include <unistd.h>

namespace craftmark::cli {
namespace {

/// A bar on a terminal, a line every 10 % otherwise (logs stay readable).
certificates::progress_callback progress_bar(std::string verb) {
    bool tty = isatty(STDERR_FILENO);
    return [tty, verb, last = std::size_t{0}](std::size_t done, std::size_t total) mutable {
        std::size_t percent = 100 * done / total;
        if (tty) {
            std::size_t filled = 30 * done / total;
            std::cerr << "\r" << verb << " [" << std::string(filled, '#')
                      << std::string(30 - filled, ' ') << "] " << done << "/" << total
                      << (done == total ? "\n" : "") << std::flush;
        } else if (percent / 10 != last / 10 || done == total) {
            std::cerr << verb << ": " << done << "/" << total << " (" << percent << " %)\n";
        }
        last = percent;
    };
}

} // namespace

void add_cert_commands(CLI::App& app, context& ctx) {
    struct options {
        std::string sitting, ticket, id, reason, format = "csv", output;
        std::filesystem::path pdf_dir, print_file;
    };
    auto o = std::make_shared<options>();
    auto* cert =
        app.add_subcommand("cert", "qualification certificates: issue, list, revoke, suspend");
    cert->require_subcommand(1);

    auto* issue = cert->add_subcommand(
        "issue", "sign certificates for the passing candidates of a sitting (or one candidate)");
    issue->add_option("--sitting", o->sitting, "the sitting")->required();
    issue->add_option("--ticket", o->ticket, "only this candidate");
    issue->add_option("--pdf-dir", o->pdf_dir,
                      "where each certificate's signed PDF is written as NUMBER.pdf (default: "
                      "<data>/print/<sitting>/)");
    issue->add_option("--print", o->print_file,
                      "also one PDF of every certificate in seat order, for the printer");
    issue->callback([&ctx, o] {
        issuing session(ctx);
        auto& issuer = session.issuer;
        std::optional<std::string> ticket;
        if (!o->ticket.empty()) ticket = o->ticket;
        auto report = issuer.issue(o->sitting, ticket, ctx.actor, progress_bar("signing"));
        std::cout << "issued " << report.issued.size() << " certificate(s)";
        if (report.already_issued) std::cout << ", " << report.already_issued << " already issued";
        std::cout << "\n";
        for (auto const& why : report.refused) std::cout << "not issued: " << why << "\n";
        auto base = issuer.keys().profile()->base_url;
        for (auto const& id : report.issued) std::cout << "  " << base << "/c/" << id << "\n";

        print_run_request run{o->sitting, ticket, o->pdf_dir, o->print_file};
        if (run.pdf_dir.empty()) run.pdf_dir = ctx.data_dir / "print" / o->sitting;
        std::size_t printed = write_print_run(issuer, run, progress_bar("PDF"));
        if (printed == 0) return;
        std::cout << printed << " PDF(s) in " << run.pdf_dir.string() << "\n";
        if (!run.print_file.empty())
            std::cout << "print file (seat order): " << run.print_file.string() << "\n";
    });

    auto* list =
        cert->add_subcommand("list", "certificates with their state and verification link");
    list->add_option("--sitting", o->sitting, "only this sitting");
    list->callback([&ctx, o] {
        issuing session(ctx);
        auto& issuer = session.issuer;
        auto profile = issuer.keys().profile();
        auto rows = issuer.list(o->sitting);
        auto base = profile ? profile->base_url : std::string();
        auto document = nlohmann::json::array();
        for (auto const& c : rows)
            document.push_back({{"id", c.id},
                                {"number", c.number},
                                {"sitting", c.sitting_id},
                                {"ticket", c.ticket},
                                {"name", c.holder},
                                {"status", c.status},
                                {"status_reason", c.status_reason},
                                {"issued", util::iso8601(c.issued_at)},
                                {"key", c.kid},
                                {"link", base + "/c/" + c.id}});
        if (print_json(ctx, document)) return;
        std::cout << "number\tticket\tname\tstatus\tissued\tkey\tlink\n";
        for (auto const& c : rows)
            std::cout << c.number << "\t" << c.ticket << "\t" << c.holder << "\t" << c.status
                      << "\t" << util::iso_date(c.issued_at) << "\t" << c.kid << "\t"
                      << (profile ? profile->base_url : "") << "/c/" << c.id << "\n";
    });

    auto* register_command = cert->add_subcommand(
        "register", "the register of certificates issued, revoked and suspended, for a national "
                    "register upload: number, name, masked ID number, occupation and level, "
                    "issuing body, date, status");
    register_command->add_option("--sitting", o->sitting, "only this sitting");
    register_command->add_option("--format", o->format, "csv (UTF-8 for Excel) or xlsx")
        ->check(CLI::IsMember({"csv", "xlsx"}))
        ->capture_default_str();
    register_command->add_option("--output,-o", o->output, "file to write (csv: - for stdout)");
    register_command->callback([&ctx, o] {
        if (o->format == "xlsx" && (o->output.empty() || o->output == "-"))
            throw CLI::ValidationError("--output", "an xlsx register needs a file: -o FILE.xlsx");
        issuing session(ctx);
        auto entries = certificates::certificate_register(*session.db, o->sitting);
        write_table(register_table(entries), o->format, o->output);
        if (o->format == "xlsx")
            std::cerr << "wrote " << o->output << " (" << entries.size() << " certificates)\n";
    });

    auto status_command = [&ctx, o, cert](char const* name, char const* status, char const* done,
                                          char const* help) {
        auto* sub = cert->add_subcommand(name, help);
        sub->add_option("CERTIFICATE", o->id, "certificate id or number")->required();
        sub->add_option("--reason", o->reason, "why (kept on the record)")->required();
        sub->callback([&ctx, o, status, done] {
            issuing session(ctx);
            auto& issuer = session.issuer;
            issuer.set_status(o->id, status, o->reason, ctx.actor);
            std::cout << o->id << ": " << done << "; status lists re-signed and published\n";
        });
    };
    status_command("revoke", "revoked", "revoked",
                   "withdraw a certificate for good (its revocation bit is set)");
    status_command("suspend", "suspended", "suspended",
                   "suspend a certificate until `cert unsuspend`");
    status_command("unsuspend", "active", "reinstated", "reinstate a suspended certificate");

    cert->add_subcommand("publish", "re-sign every status list now (the server also does it "
                                    "daily), publish the signing keys' key set, and write the "
                                    "PDF of any certificate that has none")
        ->callback([&ctx] {
            issuing session(ctx);
            auto& issuer = session.issuer;
            std::cout << "re-signed " << issuer.publish_status_lists() << " status list(s)\n";
            if (auto pdfs = issuer.publish_missing_pdfs())
                std::cout << "wrote " << pdfs << " missing certificate PDF(s)\n";
            issuer.keys().publish_key_set();
            std::cout << "published the key set (/.well-known/jwks.json)\n";
        });
}

} // namespace craftmark::cli
