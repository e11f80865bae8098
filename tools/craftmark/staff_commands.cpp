// craftmark staff add | list
#include "server/store/admin.hpp"
#include "shared/util/secret_input.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>

namespace craftmark::cli {

void add_staff_commands(CLI::App& app, context& ctx) {
    struct options {
        core::staff_record staff;
        std::filesystem::path password_file;
    };
    auto o = std::make_shared<options>();
    auto* staff =
        app.add_subcommand("staff", "staff accounts: administrators, proctors, examiners");
    staff->require_subcommand(1);
    auto* add = staff->add_subcommand(
        "add", "create or update an account; the password is read from standard input (or "
               "--password-file) and stored as an scrypt hash");
    add->add_option("USER", o->staff.username, "user name")->required();
    add->add_option("--role", o->staff.role, "admin, proctor or examiner")
        ->required()
        ->check(CLI::IsMember({"admin", "proctor", "examiner"}));
    add->add_option("--name", o->staff.display_name, "name shown in logs and on screens");
    add->add_option("--scope", o->staff.scopes,
                    "where the account may act: * , sitting:ID or venue:NAME (repeatable); "
                    "add chief for an examiner who locks and signs off marking")
        ->required();
    add->add_option("--organisation", o->staff.organisation,
                    "the examiner's employer or college: they never mark its candidates");
    add->add_option("--password-file", o->password_file, "read the password from this file")
        ->check(CLI::ExistingFile);
    add->callback([&ctx, o] {
        store::put_staff(*ctx.open(), o->staff,
                         util::read_secret(o->password_file, o->staff.username), ctx.actor);
        std::cout << "staff " << o->staff.username << " (" << o->staff.role << ") saved\n";
    });
    auto* list = staff->add_subcommand("list", "list staff accounts and their scopes");
    list->callback([&ctx] {
        auto accounts = store::list_staff(*ctx.open());
        auto document = nlohmann::json::array();
        for (auto const& s : accounts)
            document.push_back({{"username", s.username},
                                {"role", s.role},
                                {"scopes", s.scopes},
                                {"name", s.display_name}});
        if (print_json(ctx, document)) return;
        for (auto const& s : accounts) {
            std::cout << s.username << '\t' << s.role << '\t';
            for (auto const& sc : s.scopes) std::cout << sc << ' ';
            std::cout << '\t' << s.display_name << '\n';
        }
    });
}

} // namespace craftmark::cli
