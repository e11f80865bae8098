// craftmark package receive | fetch | list | open: what the venue's centre sends it.
#include "server/centre/package_seal.hpp"
#include "server/store/admin.hpp"
#include "server/store/venue_link.hpp"
#include "server/store/venue_packages.hpp"
#include "shared/util/time_text.hpp"
#include "tools/craftmark/centre_client.hpp"
#include "tools/craftmark/commands.hpp"
#include "tools/craftmark/outbox_upload.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>
#include <thread>

namespace craftmark::cli {
namespace {

struct package_options {
    std::filesystem::path file, key;
    std::string centre, sitting;
    bool wait = false;
};

centre::signed_letter letter_file(std::filesystem::path const& file) {
    auto seal = std::filesystem::path(file.string() + ".p7s");
    return {read_file(file), std::filesystem::exists(seal) ? read_file(seal) : std::string()};
}

/// The venue's identity, checked against the database it speaks for.
centre::venue_identity joined_venue(context const& ctx, SQLite::Database& db) {
    auto identity = venue_identity_of(ctx);
    auto link = store::venue_link_of(db);
    if (!link || link->venue_id != identity.venue_id)
        throw std::runtime_error("the database is not venue " + identity.venue_id +
                                 "'s: run craftmark venue join again");
    return identity;
}

void receive(context const& ctx, SQLite::Database& db, centre::signed_letter const& letter) {
    auto package = centre::open_package(letter, joined_venue(ctx, db));
    auto received = store::receive_package(db, package, ctx.actor, util::system_clock().now());
    if (received.empty()) std::cout << "the package holds no sittings\n";
    for (auto const& r : received) {
        auto sitting = store::find_sitting(db, r.id);
        std::cout << "sitting " << r.id << ": " << r.candidates << " candidates, starts "
                  << util::local_time(sitting ? sitting->starts_at : 0)
                  << (r.held_already ? " (received before; unchanged)"
                                     : "; its paper stays sealed until the centre's key opens it")
                  << "\n";
    }
}

/// The sitting's key from the centre; with --wait, waits for the start and through a link that
/// is down.
centre::signed_letter key_from_centre(centre_client& client, package_options const& o) {
    for (;;) {
        centre_letter letter;
        try {
            letter = client.fetch("/paper-key/" + o.sitting);
        } catch (std::runtime_error const& e) {
            if (!o.wait) throw;
            std::cout << "the centre cannot be reached (" << e.what() << "); trying again"
                      << std::endl;
            std::this_thread::sleep_for(std::chrono::seconds(5));
            continue;
        }
        if (letter.status == 200) return {letter.text, letter.seal};
        if (letter.status != 425 || !o.wait)
            throw std::runtime_error("the centre gives no key: " + letter.refusal);
        auto wait_ms = std::max<std::int64_t>(letter.from - util::system_clock().now(), 1000);
        std::cout << letter.refusal << "; waiting" << std::endl;
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::min<std::int64_t>(wait_ms, 30'000)));
    }
}

} // namespace

void add_package_commands(CLI::App& app, context& ctx) {
    auto o = std::make_shared<package_options>();
    auto* package = app.add_subcommand(
        "package", "what the centre sends this venue: sittings with their rosters and sealed "
                   "papers, and each paper's key at its start");
    package->require_subcommand(1);

    auto* receive_file = package->add_subcommand(
        "receive", "take the centre's package from a file (FILE and FILE.p7s, from "
                   "`craftmark-centre package make`): its sittings and rosters are ready for "
                   "check-in; their papers stay sealed");
    receive_file->add_option("FILE", o->file, "the package file")
        ->required()
        ->check(CLI::ExistingFile);
    receive_file->callback([&ctx, o] {
        auto db = ctx.open();
        receive(ctx, *db, letter_file(o->file));
    });

    auto* fetch = package->add_subcommand(
        "fetch", "take this venue's package from the centre online (the same as `receive`)");
    fetch->add_option("--centre", o->centre, "the centre, https://HOST:PORT")->required();
    fetch->callback([&ctx, o] {
        auto db = ctx.open();
        centre_client client(o->centre, joined_venue(ctx, *db));
        auto letter = client.fetch("/package");
        if (letter.status != 200)
            throw std::runtime_error("the centre sends no package: " + letter.refusal);
        receive(ctx, *db, {letter.text, letter.seal});
    });

    auto* list = package->add_subcommand("list", "the sittings that came from the centre, and "
                                                 "whether their papers are open");
    list->callback([&ctx] {
        auto db = ctx.open();
        auto all = store::packaged_sittings(*db);
        auto doc = nlohmann::json::array();
        for (auto const& s : all)
            doc.push_back({{"sitting", s.id},
                           {"starts_at", util::iso8601(s.starts_at)},
                           {"candidates", s.candidates},
                           {"paper", s.opened_at ? "open" : "sealed"}});
        if (print_json(ctx, doc)) return;
        for (auto const& s : all)
            std::cout << s.id << "\t" << util::local_time(s.starts_at) << "\t" << s.candidates
                      << " candidates\tpaper "
                      << (s.opened_at ? "open since " + util::local_time(*s.opened_at) : "sealed")
                      << "\n";
    });

    auto* open = package->add_subcommand(
        "open", "open a sitting's paper with its key, from the centre online (given from the "
                "start) or from a file (`craftmark-centre package key`): candidates may then "
                "sign in");
    open->add_option("SITTING", o->sitting, "the sitting")->required();
    auto* from_file = open->add_option("--key", o->key, "the key file (KEY and KEY.p7s)")
                          ->check(CLI::ExistingFile);
    auto* from_centre = open->add_option("--centre", o->centre, "the centre, https://HOST:PORT");
    from_file->excludes(from_centre);
    open->add_flag("--wait", o->wait,
                   "with --centre: before the start, wait for it (and for a link that is down) "
                   "and open the paper then");
    open->callback([&ctx, o] {
        if (o->key.empty() && o->centre.empty())
            throw std::runtime_error("give --key FILE or --centre URL");
        auto db = ctx.open();
        auto venue = joined_venue(ctx, *db);
        centre::signed_letter letter;
        if (!o->key.empty()) {
            letter = letter_file(o->key);
        } else {
            centre_client client(o->centre, venue);
            letter = key_from_centre(client, *o);
        }
        auto key = centre::open_paper_key(letter, venue);
        if (key.sitting != o->sitting)
            throw std::runtime_error("the key is for sitting " + key.sitting + ", not " +
                                     o->sitting);
        auto opened =
            store::open_paper(*db, venue.venue_id, key, ctx.actor, util::system_clock().now());
        if (opened.opened_before)
            std::cout << "the paper of " << o->sitting << " was open already\n";
        else
            std::cout << "the paper of " << o->sitting << " is open: " << opened.banks << " banks, "
                      << opened.items << " items; candidates may sign in\n";
    });
}

} // namespace craftmark::cli
