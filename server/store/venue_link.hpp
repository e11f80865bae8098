#pragma once
// A venue's side of the link to its centre: which venue this database is, and its chain read
// out as outbox segments (core/centre/outbox_segment.hpp). The outbox is the audit log itself,
// written in the same transaction as every change, so nothing extra is written on the exam's
// hot path.
#include "server/core/centre/outbox_segment.hpp"
#include "shared/util/clock.hpp"

#include <optional>
#include <string>

namespace SQLite {
class Database;
}

namespace craftmark::store {

struct venue_link {
    std::string venue_id, epoch, centre;
    util::millis joined_at = 0;
};

std::optional<venue_link> venue_link_of(SQLite::Database& db);

/// Records the venue's id at `centre` with a new epoch, with its audit entry; replaces an
/// earlier link (a venue moved to another centre starts a new chain there).
venue_link join_centre(SQLite::Database& db,
                       std::string const& venue_id,
                       std::string const& centre,
                       std::string const& actor,
                       util::millis at);

/// A restored database starts a new epoch: the entries after the backup were written again
/// differently, and the centre keeps both chains apart. Does nothing before a venue joins.
void start_new_epoch(SQLite::Database& db, std::string const& actor, util::millis at);

/// The entries from seq `from`, at most `limit`, as one segment of the linked venue's chain.
/// Throws std::logic_error when the database has not joined a centre.
core::outbox_segment
outbox_segment_from(SQLite::Database& db, std::int64_t from, std::int64_t limit);

} // namespace craftmark::store
