#include "server/store/venue_link.hpp"

#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/digest.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <stdexcept>

namespace craftmark::store {
std::optional<venue_link> venue_link_of(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT venue_id, epoch, centre, joined_at FROM venue_link");
    if (!q.executeStep()) return std::nullopt;
    return venue_link{q.getColumn(0).getString(), q.getColumn(1).getString(),
                      q.getColumn(2).getString(), q.getColumn(3).getInt64()};
}

venue_link join_centre(SQLite::Database& db,
                       std::string const& venue_id,
                       std::string const& centre,
                       std::string const& actor,
                       util::millis at) {
    core::check_venue_id(venue_id);
    venue_link link{venue_id, crypto::random_hex(16), centre, at};
    write_transaction tx(db);
    SQLite::Statement put(db, "INSERT OR REPLACE INTO venue_link (only_row, venue_id, epoch, "
                              "centre, joined_at) VALUES (1, ?, ?, ?, ?)");
    put.bind(1, link.venue_id);
    put.bind(2, link.epoch);
    put.bind(3, link.centre);
    put.bind(4, link.joined_at);
    put.exec();
    append_audit(db, {actor, "venue.join", venue_id, {{"centre", centre}, {"epoch", link.epoch}}},
                 at);
    tx.commit();
    return link;
}

void start_new_epoch(SQLite::Database& db, std::string const& actor, util::millis at) {
    auto link = venue_link_of(db);
    if (!link) return;
    auto epoch = crypto::random_hex(16);
    write_transaction tx(db);
    SQLite::Statement put(db, "UPDATE venue_link SET epoch = ?");
    put.bind(1, epoch);
    put.exec();
    append_audit(
        db, {actor, "venue.epoch", link->venue_id, {{"epoch", epoch}, {"previous", link->epoch}}},
        at);
    tx.commit();
}

core::outbox_segment
outbox_segment_from(SQLite::Database& db, std::int64_t from, std::int64_t limit) {
    auto link = venue_link_of(db);
    if (!link)
        throw std::logic_error("this venue has not joined a centre: run `craftmark venue join` "
                               "with the file the centre gave you");
    core::outbox_segment segment{link->venue_id, link->epoch, {}};
    SQLite::Statement q(db, "SELECT seq, at, actor, action, subject, detail, prev_hash, hash "
                            "FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?");
    q.bind(1, from);
    q.bind(2, limit);
    while (q.executeStep())
        segment.entries.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                                   q.getColumn(4).getString(), q.getColumn(5).getString(),
                                   q.getColumn(6).getString(), q.getColumn(7).getString()});
    return segment;
}

} // namespace craftmark::store
