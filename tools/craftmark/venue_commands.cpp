// craftmark venue join FILE | venue show | outbox export | outbox upload
#include "server/centre/segment_seal.hpp"
#include "server/store/venue_link.hpp"
#include "shared/crypto/x509.hpp"
#include "shared/util/files.hpp"
#include "tools/craftmark/commands.hpp"
#include "tools/craftmark/outbox_upload.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>

namespace craftmark::cli {
namespace {

struct export_options {
    std::int64_t from = 1;
    std::int64_t limit = 100'000;
    std::string out;
};

} // namespace

void add_venue_commands(CLI::App& app, context& ctx) {
    auto* venue = app.add_subcommand("venue", "this venue's link to its centre");
    venue->require_subcommand(1);

    auto file = std::make_shared<std::filesystem::path>();
    auto* join = venue->add_subcommand(
        "join", "join the centre that issued FILE (`craftmark-centre venue add` writes it): keeps "
                "the venue's key in the data folder and starts the venue's chain at the centre");
    join->add_option("FILE", *file, "the venue file from the centre")
        ->required()
        ->check(CLI::ExistingFile);
    join->callback([&ctx, file] {
        auto pem = read_file(*file);
        auto identity = centre::read_venue_file(pem);
        auto ca = crypto::certificate_from_pem(identity.ca_pem);
        auto db = ctx.open();
        auto target = venue_identity_file(ctx);
        std::filesystem::create_directories(target.parent_path());
        util::write_file_atomically(target, pem, util::file_kind::secret);
        auto link = store::join_centre(*db, identity.venue_id, centre::common_name(ca.get()),
                                       ctx.actor, util::system_clock().now());
        std::cout << "joined " << link.centre << " as venue " << link.venue_id << " (epoch "
                  << link.epoch << "); `craftmark outbox export` writes what the centre needs\n";
    });

    auto* show = venue->add_subcommand("show", "the venue's id, centre, epoch and chain length");
    show->callback([&ctx] {
        auto db = ctx.open();
        auto link = store::venue_link_of(*db);
        auto entries = db->execAndGet("SELECT count(*) FROM audit").getInt64();
        nlohmann::json doc = link ? nlohmann::json{{"venue", link->venue_id},
                                                   {"centre", link->centre},
                                                   {"epoch", link->epoch},
                                                   {"entries", entries}}
                                  : nlohmann::json{{"venue", nullptr}, {"entries", entries}};
        if (print_json(ctx, doc)) return;
        if (!link) {
            std::cout << "not joined to a centre (" << entries << " audit entries)\n";
            return;
        }
        std::cout << "venue " << link->venue_id << " of " << link->centre << ", epoch "
                  << link->epoch << ", " << entries << " entries in its chain\n";
    });

    auto* outbox = app.add_subcommand("outbox", "what this venue sends its centre");
    outbox->require_subcommand(1);
    auto u = std::make_shared<upload_options>();
    auto* uploading = outbox->add_subcommand(
        "upload", "send the centre what it does not hold yet, over HTTPS with the venue's "
                  "certificate; with --follow, keep sending as the venue works and wait out a "
                  "broken link (nothing is lost: the outbox is the audit log)");
    uploading->add_option("--centre", u->centre, "the centre, https://HOST:PORT")->required();
    uploading->add_flag("--follow", u->follow, "keep running: send new entries as they come");
    uploading->add_option("--batch", u->batch, "entries per upload")
        ->capture_default_str()
        ->check(CLI::Range(1, 100'000));
    uploading->add_option("--every", u->every, "seconds between looks for new entries (--follow)")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 3600.0));
    uploading->callback([&ctx, u] {
        if (int code = upload_outbox(ctx, *u)) throw CLI::RuntimeError(code);
    });
    auto o = std::make_shared<export_options>();
    auto* exported = outbox->add_subcommand(
        "export",
        "write a run of the venue's chain as a sealed segment for the centre (the USB path): "
        "FILE and FILE.p7s, its signature. The centre ignores what it holds already, so "
        "exporting from 1 every time is safe");
    exported->add_option("--from", o->from, "the first entry")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    exported->add_option("--limit", o->limit, "at most this many entries")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    exported->add_option("-o,--output", o->out,
                         "the segment file (default outbox-VENUE-FROM-TO.json here)");
    exported->callback([&ctx, o] {
        auto identity = venue_identity_of(ctx);
        auto db = ctx.open();
        auto segment = store::outbox_segment_from(*db, o->from, o->limit);
        if (segment.venue != identity.venue_id)
            throw std::runtime_error("the database belongs to venue " + segment.venue +
                                     " but the key to venue " + identity.venue_id);
        if (segment.entries.empty())
            throw std::runtime_error("no entries from " + std::to_string(o->from) +
                                     ": the chain has " +
                                     db->execAndGet("SELECT count(*) FROM audit").getString());
        auto text = core::segment_text(segment);
        auto path = o->out.empty() ? "outbox-" + segment.venue + "-" +
                                         std::to_string(segment.entries.front().seq) + "-" +
                                         std::to_string(segment.entries.back().seq) + ".json"
                                   : o->out;
        util::write_file_atomically(path, text);
        util::write_file_atomically(path + ".p7s", centre::seal_segment(text, identity));
        std::cout << "wrote " << path << " and " << path << ".p7s: entries "
                  << segment.entries.front().seq << " to " << segment.entries.back().seq
                  << " of venue " << segment.venue << "\n";
    });
}

} // namespace craftmark::cli
