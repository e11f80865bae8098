#include "tools/craftmark/outbox_upload.hpp"

#include "server/centre/segment_seal.hpp"
#include "server/store/venue_link.hpp"
#include "tools/craftmark/centre_client.hpp"

#include <SQLiteCpp/Database.h>
#include <chrono>
#include <future>
#include <iostream>
#include <thread>

namespace craftmark::cli {
namespace {

using seconds = std::chrono::duration<double>;

/// A run of the chain, written and sealed, ready to send.
struct sealed_segment {
    std::string venue, epoch;
    std::int64_t from = 0, first = 0, last = 0; // first and last are 0 when it is empty
    std::string text, seal;
};

sealed_segment seal_from(SQLite::Database& db,
                         centre::venue_identity const& identity,
                         std::int64_t from,
                         std::int64_t limit) {
    auto segment = store::outbox_segment_from(db, from, limit);
    sealed_segment s{segment.venue, segment.epoch, from, 0, 0, core::segment_text(segment), {}};
    if (!segment.entries.empty()) {
        s.first = segment.entries.front().seq;
        s.last = segment.entries.back().seq;
    }
    s.seal = centre::seal_segment(s.text, identity);
    return s;
}

} // namespace

std::filesystem::path venue_identity_file(context const& ctx) {
    return ctx.data_dir / "venue" / "identity.pem";
}

centre::venue_identity venue_identity_of(context const& ctx) {
    auto file = venue_identity_file(ctx);
    if (!std::filesystem::exists(file))
        throw std::runtime_error("this venue has not joined a centre: run `craftmark venue join "
                                 "FILE` with the file the centre gave you");
    return centre::read_venue_file(read_file(file));
}

int upload_outbox(context const& ctx, upload_options const& o) {
    auto identity = venue_identity_of(ctx);
    centre_client centre(o.centre, identity);
    auto db = ctx.open();
    constexpr std::int64_t unknown = -1;
    std::int64_t held = unknown; // the centre's head for the current epoch, once it said
    std::string epoch;
    std::future<sealed_segment> ahead; // the batch after the one in flight
    auto backoff = seconds(o.every);
    auto last_asked = std::chrono::steady_clock::now();
    bool reachable = true;
    for (;;) {
        try {
            // The first segment of an epoch is empty: it asks where the centre's copy ends.
            auto from = held == unknown ? 1 : held + 1;
            auto limit = held == unknown ? 0 : o.batch;
            auto segment = ahead.valid() ? ahead.get() : seal_from(*db, identity, from, limit);
            if (segment.from != from) segment = seal_from(*db, identity, from, limit);
            if (segment.epoch != epoch) { // joined again or restored: a chain it may not have
                held = unknown;
                epoch = segment.epoch;
                if (limit) segment = seal_from(*db, identity, 1, 0);
            }
            if (held != unknown && !segment.last) {
                if (!o.follow) {
                    std::cout << "the centre holds all " << held << " entries of venue "
                              << segment.venue << "\n";
                    return 0;
                }
                std::this_thread::sleep_for(seconds(o.every));
                // Now and then ask again where the centre's copy ends: it acknowledges batches
                // before they reach its disk, so a crash of its database may have lost the last.
                if (std::chrono::steady_clock::now() - last_asked > seconds(30)) held = unknown;
                continue;
            }
            if (segment.last) // read and seal the next batch while the centre applies this one
                ahead =
                    std::async(std::launch::async, [&db, &identity, &o, next = segment.last + 1] {
                        return seal_from(*db, identity, next, o.batch);
                    });
            auto answer = centre.send(segment.text, segment.seal);
            if (!reachable) std::cout << "the centre can be reached again\n" << std::flush;
            reachable = true;
            if (!segment.last) last_asked = std::chrono::steady_clock::now();
            if (answer.status == 200) {
                auto acknowledged = answer.body.value("acknowledged", std::int64_t{0});
                if (segment.last)
                    std::cout << "sent entries " << segment.first << " to " << segment.last
                              << ": the centre holds 1 to " << acknowledged << "\n"
                              << std::flush;
                held = acknowledged;
                backoff = seconds(o.every);
                continue;
            }
            auto why = answer.body.value("refusal", std::string("no reason given"));
            std::cout << "the centre refused (" << answer.status << "): " << why << "\n"
                      << std::flush;
            if (!o.follow) return 1;
        } catch (std::runtime_error const& e) {
            if (!o.follow)
                throw std::runtime_error("the centre at " + o.centre +
                                         " cannot be reached: " + e.what());
            if (reachable)
                std::cout << "the centre cannot be reached (" << e.what()
                          << "); the outbox keeps everything and is sent when it can be\n"
                          << std::flush;
            reachable = false;
        }
        if (ahead.valid()) ahead.wait(); // it reads the database: never two readers at once
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, seconds(30));
    }
}

} // namespace craftmark::cli
