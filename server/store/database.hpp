#pragma once
#include <filesystem>
#include <memory>

namespace SQLite {
class Database;
}

namespace craftmark::store {

/// Opens (creating if needed) the server database: WAL journal, synchronous=FULL so that a
/// committed transaction survives power loss, foreign keys on, and every migration applied.
std::unique_ptr<SQLite::Database> open_database(std::filesystem::path const& file);

/// Opens an existing database for reading only (exports, audit checks, the server's readers).
std::unique_ptr<SQLite::Database> open_reader(std::filesystem::path const& file);

/// The schema version this build migrates to.
int schema_version();

} // namespace craftmark::store
