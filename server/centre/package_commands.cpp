#include "server/centre/package_commands.hpp"

#include "server/centre/packages.hpp"
#include "server/core/bank/assessment.hpp"
#include "server/core/bank/bank.hpp"
#include "server/core/centre/outbox_segment.hpp"
#include "server/core/proctoring/roster.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/envelope.hpp"
#include "shared/util/files.hpp"
#include "shared/util/time_text.hpp"

#include <iostream>
#include <memory>

namespace craftmark::centre {
namespace {

using nlohmann::json;

struct sitting_options {
    std::string id, venue, title, room = "1", start, review, checkin = "required", delivery = "any",
                                  encoding = "auto";
    std::filesystem::path assessment, roster;
    std::vector<std::filesystem::path> banks;
    double minutes = 0;
};

json read_json(std::filesystem::path const& file) {
    auto j = json::parse(util::read_file(file), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw std::invalid_argument(file.string() + " is not a JSON object");
    return j;
}

/// The sitting as its package will hold it, checked as the venue would check it: the
/// assessment reads, a paper can be drawn from the banks given, and the roster is right.
core::packaged_sitting packaged(sitting_options const& o, std::string const& paper_key) {
    auto starts = util::parse_start(o.start, util::system_clock().now());
    if (!starts)
        throw std::invalid_argument(
            "--start must be now, +15m, +2h or \"YYYY-MM-DD HH:MM\" (local time)");
    core::check_venue_id(o.id, "sitting id");
    auto document = read_json(o.assessment);
    auto a = core::assessment_from_json(document);
    core::item_pool pool;
    std::vector<json> banks;
    for (auto const& file : o.banks) {
        auto b = core::bank_from_json(read_json(file));
        pool[b.id] = b.items;
        banks.push_back(core::bank_to_json(b));
    }
    core::draw_paper(a, pool, 1); // throws, naming the rule, when the banks cannot meet it
    if (!o.review.empty()) core::parse_review(o.review);
    core::packaged_sitting s;
    s.sitting = {o.id,
                 a.id,
                 o.title,
                 o.venue,
                 o.room,
                 *starts,
                 static_cast<util::millis>(o.minutes * 60'000),
                 o.review,
                 o.checkin,
                 o.delivery};
    s.assessment = std::move(document);
    s.candidates =
        core::read_roster_file(util::read_file(o.roster), o.roster.filename().string(), o.encoding);
    s.paper =
        crypto::aead_seal(paper_key, core::paper_binding(o.venue, o.id), core::paper_text(banks));
    return s;
}

void write_letter(signed_letter const& letter, std::filesystem::path const& out) {
    util::write_file_atomically(out, letter.text, util::file_kind::secret);
    util::write_file_atomically(out.string() + ".p7s", letter.seal, util::file_kind::secret);
}

store::venue_row known_venue(store::pg::connection& db, std::string const& id) {
    auto v = store::venue_chains(db).venue(id);
    if (!v)
        throw std::invalid_argument("there is no venue " + id + " (craftmark-centre venue list)");
    return *v;
}

} // namespace

void add_package_commands(CLI::App& app, centre_cli& cli) {
    auto o = std::make_shared<sitting_options>();
    auto* sitting = app.add_subcommand(
        "sitting", "the sittings the centre sends its venues, each with its roster and its paper");
    sitting->require_subcommand(1);
    auto* add = sitting->add_subcommand(
        "add", "add a sitting for a venue: its assessment, the banks its paper is drawn from "
               "(sealed until the start) and its roster; `package make` then carries it there");
    add->add_option("ID", o->id, "sitting id, e.g. 2026-12-hz-welder-3-r101")->required();
    add->add_option("--venue", o->venue, "the venue that runs it")->required();
    add->add_option("--assessment", o->assessment,
                    "assessment JSON (as `craftmark assessment add`)")
        ->required()
        ->check(CLI::ExistingFile);
    add->add_option("--bank", o->banks,
                    "a bank JSON its paper draws from (as `craftmark bank "
                    "export` writes); repeat for more")
        ->required()
        ->check(CLI::ExistingFile);
    add->add_option("--roster", o->roster,
                    "candidates, CSV or .xlsx (as `craftmark sitting register`)")
        ->required()
        ->check(CLI::ExistingFile);
    add->add_option("--start", o->start, "\"YYYY-MM-DD HH:MM\" (local time), +2h or now")
        ->required();
    add->add_option("--title", o->title, "title shown to candidates (default: the assessment's)");
    add->add_option("--room", o->room, "room")->capture_default_str();
    add->add_option("--duration", o->minutes, "minutes (default: the assessment's)");
    add->add_option("--review", o->review, "none, score or items (default: the assessment's)")
        ->check(CLI::IsMember({"none", "score", "items"}));
    add->add_option("--checkin", o->checkin, "required or not_required")
        ->check(CLI::IsMember({"required", "not_required"}))
        ->capture_default_str();
    add->add_option("--delivery", o->delivery, "any or browser")
        ->check(CLI::IsMember({"any", "browser"}))
        ->capture_default_str();
    add->add_option("--encoding", o->encoding, "the roster's encoding (default auto: UTF-8 or GBK)")
        ->capture_default_str();
    add->callback([&cli, o] {
        cli.run = [&cli, o] {
            auto db = cli.connect();
            known_venue(db, o->venue);
            auto key = crypto::random_bytes(crypto::aead_key_size);
            auto s = packaged(*o, key);
            store::centre_sittings(db).add(s, key);
            std::cout << "sitting " << s.sitting.id << " for venue " << o->venue << ": "
                      << s.candidates.size() << " candidates, starts "
                      << util::local_time(s.sitting.starts_at)
                      << "; its paper is sealed until then (craftmark-centre package make "
                      << o->venue << ")\n";
            return 0;
        };
    });
    auto* list = sitting->add_subcommand("list", "the sittings, their venues and their keys");
    list->callback([&cli] {
        cli.run = [&cli] {
            auto db = cli.connect();
            for (auto const& s : store::centre_sittings(db).list())
                std::cout << s.id << "\t" << s.venue << "\t" << util::local_time(s.starts_at)
                          << "\t" << s.candidates << " candidates\tkey "
                          << (s.key_released_at.empty() ? "sealed" : "given " + s.key_released_at)
                          << "\n";
            return 0;
        };
    });

    auto* package = app.add_subcommand(
        "package", "what goes down to a venue, as files for a USB stick (a venue online fetches "
                   "the same with `craftmark package fetch`)");
    package->require_subcommand(1);
    auto venue_id = std::make_shared<std::string>();
    auto out = std::make_shared<std::filesystem::path>();
    auto early = std::make_shared<double>(0);
    auto* make = package->add_subcommand(
        "make", "write the venue's package (FILE and FILE.p7s): its sittings, rosters and sealed "
                "papers, encrypted to the venue and signed by the centre");
    make->add_option("VENUE", *venue_id, "the venue")->required();
    make->add_option("-o,--output", *out, "the package file (default VENUE.package.json)");
    make->callback([&cli, venue_id, out] {
        cli.run = [&cli, venue_id, out] {
            auto db = cli.connect();
            store::centre_sittings sittings(db);
            auto letter = package_for(sittings, cli.authority(), known_venue(db, *venue_id),
                                      util::system_clock().now());
            auto file = out->empty() ? std::filesystem::path(*venue_id + ".package.json") : *out;
            write_letter(letter, file);
            std::cout << "package for " << *venue_id << ": " << file.string() << " and "
                      << file.string() << ".p7s ("
                      << core::parse_letter(letter.text, core::venue_package_format).about
                      << "); at the venue: craftmark package receive " << file.filename().string()
                      << "\n";
            return 0;
        };
    });
    auto sitting_id = std::make_shared<std::string>();
    auto* key = package->add_subcommand(
        "key", "write a sitting's paper key for its venue (FILE and FILE.p7s), from the "
               "sitting's start: for a venue whose link is down");
    key->add_option("SITTING", *sitting_id, "the sitting")->required();
    key->add_option("-o,--output", *out, "the key file (default SITTING.key.json)");
    key->add_option("--early", *early,
                    "minutes before the start it may be written, to carry it to the venue")
        ->check(CLI::Range(0.0, 24.0 * 60));
    key->callback([&cli, sitting_id, out, early] {
        cli.run = [&cli, sitting_id, out, early] {
            auto db = cli.connect();
            store::centre_sittings sittings(db);
            auto s = sittings.find(*sitting_id);
            if (!s) throw std::invalid_argument("there is no sitting " + *sitting_id);
            auto letter = paper_key_for(
                sittings, cli.authority(), known_venue(db, s->sitting.venue), *sitting_id,
                util::system_clock().now(), static_cast<util::millis>(*early * 60'000));
            auto file = out->empty() ? std::filesystem::path(*sitting_id + ".key.json") : *out;
            write_letter(letter, file);
            std::cout << "paper key of " << *sitting_id << " for venue " << s->sitting.venue << ": "
                      << file.string() << " and " << file.string()
                      << ".p7s; at the venue: craftmark package open " << *sitting_id << " --key "
                      << file.filename().string() << "\n";
            return 0;
        };
    });
}

} // namespace craftmark::centre
