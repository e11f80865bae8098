// craftmark init: the one command that creates a database, with its first administrator.
#include "server/store/admin.hpp"
#include "server/store/database.hpp"
#include "shared/util/secret_input.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>

namespace craftmark::cli {

void add_init_command(CLI::App& app, context& ctx) {
    struct options {
        core::staff_record admin{.role = "admin", .scopes = {"*"}};
        std::filesystem::path password_file;
    };
    auto o = std::make_shared<options>();
    auto* init = app.add_subcommand(
        "init", "create the data folder's database and its first administrator account (or add "
                "one to a database that has none); every other command needs both");
    init->add_option("--admin", o->admin.username, "the administrator's account name")->required();
    init->add_option("--name", o->admin.display_name, "their name, as shown in the audit log");
    init->add_option("--password-file", o->password_file,
                     "read their password from this file (typed when left out)")
        ->check(CLI::ExistingFile);
    init->callback([&ctx, o] {
        auto file = ctx.data_dir / "craftmark.db";
        bool existed = std::filesystem::exists(file);
        if (existed) {
            std::vector<std::string> admins;
            for (auto const& s : store::list_staff(*store::open_database(file)))
                if (s.role == "admin") admins.push_back(s.username);
            if (!admins.empty())
                throw std::runtime_error(file.string() + " already has administrators (" +
                                         admins.front() + (admins.size() > 1 ? ", …" : "") +
                                         "): they add accounts with `craftmark staff add`");
        }
        auto password = util::read_secret(o->password_file, o->admin.username);
        if (password.size() < 8)
            throw std::runtime_error("an administrator's password has at least 8 characters");
        try {
            store::put_staff(*store::open_database(file), o->admin, password,
                             "staff:" + o->admin.username);
        } catch (...) {
            // A refused first account leaves no half-made database behind.
            if (!existed)
                for (auto const* end : {"", "-wal", "-shm"})
                    std::filesystem::remove(file.string() + end);
            throw;
        }
        std::cout << (existed ? "added to " : "created ") << file.string() << ": administrator "
                  << o->admin.username << "; act as them with --as " << o->admin.username << "\n";
    });
}

} // namespace craftmark::cli
