// craftmark backup DEST | restore SRC
#include "server/store/admin.hpp"
#include "server/store/venue_link.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/secret_input.hpp"
#include "tools/craftmark/backup.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>

namespace craftmark::cli {
namespace {

std::string passphrase_from(std::filesystem::path const& file) {
    auto passphrase = util::read_secret(file, "the backup's passphrase");
    if (passphrase.size() < 12)
        throw std::runtime_error("a backup passphrase has at least 12 characters: it guards "
                                 "the certificate signing keys");
    return passphrase;
}

void say(std::string const& step) {
    std::cerr << "  " << step << "\n";
}

} // namespace

void add_backup_commands(CLI::App& app, context& ctx) {
    struct options {
        std::filesystem::path folder, passphrase_file;
    };
    auto o = std::make_shared<options>();

    auto* backup = app.add_subcommand(
        "backup", "copy the data folder while the server runs: the database (SQLite's online "
                  "backup), uploads, checkers, the certificate PKI and published files, with "
                  "private keys encrypted under a passphrase and a manifest of SHA-256 sums");
    backup->add_option("DEST", o->folder, "a new folder for the backup")->required();
    backup
        ->add_option("--passphrase-file", o->passphrase_file,
                     "read the passphrase from this file (typed when left out)")
        ->check(CLI::ExistingFile);
    backup->callback([&ctx, o] {
        auto passphrase = passphrase_from(o->passphrase_file);
        std::cerr << "backing up " << ctx.data_dir.string() << ":\n";
        auto report = make_backup(ctx.data_dir, o->folder, passphrase, ctx.actor, say);
        store::record_admin_action(*ctx.open(), ctx.actor, "backup.create", o->folder.string(),
                                   {{"files", report.files}, {"bytes", report.bytes}});
        std::cout << "backup in " << o->folder.string() << ": " << report.files << " files, "
                  << report.bytes << " bytes, audit log of " << report.audit_entries
                  << " entries verified\n";
    });

    auto* restore = app.add_subcommand(
        "restore", "check a backup (manifest, passphrase, every file's SHA-256, the audit "
                   "chain) and only then write it as a new data folder (--data)");
    restore->add_option("SRC", o->folder, "the backup folder")
        ->required()
        ->check(CLI::ExistingDirectory);
    restore
        ->add_option("--passphrase-file", o->passphrase_file,
                     "read the passphrase from this file (typed when left out)")
        ->check(CLI::ExistingFile);
    restore->callback([&ctx, o] {
        auto passphrase = util::read_secret(o->passphrase_file, "the backup's passphrase");
        std::cerr << "checking " << o->folder.string() << ":\n";
        auto report = restore_backup(o->folder, ctx.data_dir, passphrase, say);
        // The restored chain goes on differently from the one the centre may hold already.
        store::start_new_epoch(*ctx.open(), "admin:cli", util::system_clock().now());
        std::cout << "restored into " << ctx.data_dir.string() << ": " << report.files
                  << " files checked and written, audit log of " << report.audit_entries
                  << " entries verified; start the server on it, or stop the running one and "
                     "put this folder in its place\n";
    });
}

} // namespace craftmark::cli
