#pragma once
#include "server/core/records.hpp"

#include <SQLiteCpp/Transaction.h>
#include <filesystem>
#include <memory>

namespace SQLite {
class Statement;
}

namespace craftmark::store {

/// Opens (creating if needed) the server database: WAL journal, synchronous=FULL so that a
/// committed transaction survives power loss, foreign keys on, and every migration applied.
std::unique_ptr<SQLite::Database> open_database(std::filesystem::path const& file);

/// Opens an existing database for reading only (exports, audit checks, the server's readers).
std::unique_ptr<SQLite::Database> open_reader(std::filesystem::path const& file);

/// A write transaction that takes the write lock at BEGIN (IMMEDIATE), so that waiting for the
/// other process's writer (server or CLI) uses the busy timeout. A deferred transaction that
/// reads first fails at once with SQLITE_BUSY when the other writer commits in between — the
/// server's heartbeat commits every two seconds.
struct write_transaction : SQLite::Transaction {
    explicit write_transaction(SQLite::Database& db)
        : SQLite::Transaction(db, SQLite::TransactionBehavior::IMMEDIATE) {}
};

/// The columns `read_candidate` reads, in its order.
inline constexpr char candidate_columns[] =
    "sitting_id, ticket, name, national_id, seat, access_code, checkin, organisation, checkin_at, "
    "romanised_name, accommodations";

/// A candidate from a statement that selected `candidate_columns`.
core::candidate_record read_candidate(SQLite::Statement& q);

/// The schema version this build migrates to.
int schema_version();

} // namespace craftmark::store
