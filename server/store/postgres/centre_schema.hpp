#pragma once
#include "server/store/postgres/pg.hpp"

namespace craftmark::store {

/// Brings the centre's PostgreSQL schema to the newest version, as the venues' SQLite schema is
/// migrated: versioned scripts, each in its own transaction, under an advisory lock so that two
/// centre processes starting at once do not race. Returns the version reached.
int migrate_centre(pg::connection& db);

} // namespace craftmark::store
