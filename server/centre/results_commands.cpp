#include "server/centre/results_commands.hpp"

#include "server/centre/centre_account.hpp"
#include "server/core/proctoring/roster.hpp"
#include "server/store/postgres/centre_results.hpp"
#include "server/store/postgres/centre_staff.hpp"
#include "shared/util/secret_input.hpp"

#include <iostream>
#include <memory>
#include <sstream>

namespace craftmark::centre {
namespace {

struct viewer_options {
    centre_account account;
    std::string person;
    bool json = false;
};

void add_viewer_options(CLI::App* command, viewer_options& o) {
    add_account_options(command, o.account, " (`staff add`)");
    command->add_option("--person", o.person, "one person, by national ID");
    command->add_flag("--json", o.json, "JSON instead of tab-separated text");
}

std::string percent_of(nlohmann::json const& result) {
    if (!result.contains("percent") || !result["percent"].is_number()) return "-";
    std::ostringstream out;
    out << result["percent"].get<double>() << "%";
    return out.str();
}

} // namespace

void add_results_commands(CLI::App& app, centre_cli& cli) {
    struct staff_options {
        std::string username, organisation;
        std::filesystem::path password_file;
    };
    auto s = std::make_shared<staff_options>();
    auto* staff = app.add_subcommand(
        "staff", "accounts of the alliance's organisations: each sees its own members' results "
                 "(the bureau's, everyone's)");
    staff->require_subcommand(1);
    auto* add = staff->add_subcommand("add", "add an account of an organisation");
    add->add_option("USER", s->username, "user name")->required();
    add->add_option("--organisation", s->organisation, "its organisation")->required();
    add->add_option("--password-file", s->password_file, "its password (default: typed)");
    add->callback([&cli, s] {
        cli.run = [&cli, s] {
            auto db = cli.connect();
            store::centre_staff(db).add(s->username, s->organisation,
                                        util::read_secret(s->password_file, s->username));
            std::cout << "account " << s->username << " of " << s->organisation << " added\n";
            return 0;
        };
    });
    auto* list = staff->add_subcommand("list", "the accounts and their organisations");
    list->callback([&cli] {
        cli.run = [&cli] {
            auto db = cli.connect();
            for (auto const& row : store::centre_staff(db).list())
                std::cout << row.username << "\t" << row.organisation << "\n";
            return 0;
        };
    });

    auto o = std::make_shared<viewer_options>();
    auto* results = app.add_subcommand(
        "results", "the results venues released (`craftmark results release`) that your "
                   "organisation may see");
    add_viewer_options(results, *o);
    results->callback([&cli, o] {
        cli.run = [&cli, o] {
            auto db = cli.connect();
            auto rows = store::centre_results(db).visible_to(sign_in(db, o->account), o->person);
            if (o->json) {
                auto doc = nlohmann::json::array();
                for (auto const& r : rows)
                    doc.push_back({{"venue", r.venue},
                                   {"sitting", r.sitting},
                                   {"ticket", r.ticket},
                                   {"national_id", core::mask_national_id(r.national_id)},
                                   {"name", r.name},
                                   {"organisation", r.organisation},
                                   {"component", r.component},
                                   {"final", r.final},
                                   {"result", r.result}});
                std::cout << doc.dump(2) << "\n";
                return 0;
            }
            for (auto const& r : rows)
                std::cout << r.venue << "/" << r.sitting << "\t" << r.ticket << "\t"
                          << core::mask_national_id(r.national_id) << "\t" << r.name << "\t"
                          << r.organisation << "\t" << r.component << "\t" << percent_of(r.result)
                          << "\t"
                          << (!r.final                          ? "waits for marking"
                              : r.result.value("passed", false) ? "passed"
                                                                : "not passed")
                          << "\n";
            return 0;
        };
    });

    auto* qualifications = app.add_subcommand(
        "qualifications", "each person's qualifications (an occupation at a level) over every "
                          "venue's results: theory at one, practical at another, combined by "
                          "the qualification's rule");
    add_viewer_options(qualifications, *o);
    qualifications->callback([&cli, o] {
        cli.run = [&cli, o] {
            auto db = cli.connect();
            auto rows =
                store::centre_results(db).qualifications(sign_in(db, o->account), o->person);
            if (o->json) {
                auto doc = nlohmann::json::array();
                for (auto const& q : rows)
                    doc.push_back({{"national_id", core::mask_national_id(q.national_id)},
                                   {"name", q.name},
                                   {"organisation", q.organisation},
                                   {"occupation_code", q.occupation_code},
                                   {"occupation", q.occupation_name},
                                   {"level", q.level},
                                   {"outcome", q.outcome}});
                std::cout << doc.dump(2) << "\n";
                return 0;
            }
            for (auto const& q : rows) {
                auto const& out = q.outcome;
                std::cout << core::mask_national_id(q.national_id) << "\t" << q.name << "\t"
                          << q.organisation << "\t" << q.occupation_name << " " << q.level << "\t"
                          << (out.value("passed", false)  ? "qualified"
                              : out.value("final", false) ? "not qualified: " + out.value("why", "")
                                                          : "not yet: " + out.value("why", ""));
                // Which venue's sitting each component came from: theory at one, practical at
                // another.
                for (auto const& [component, c] : out["components"].items())
                    std::cout << "\t" << component << " "
                              << (c.contains("sitting")
                                      ? c["sitting"].get<std::string>() + " " + percent_of(c)
                                      : c.value("state", ""));
                std::cout << "\n";
            }
            return 0;
        };
    });
}

} // namespace craftmark::centre
