#pragma once
#include "server/core/records.hpp"

#include <optional>
#include <string>

namespace SQLite {
class Database;
}

namespace craftmark::store {

class statement_cache;

/// Appends one entry to the hash-chained audit log inside the caller's transaction. Each entry
/// carries the SHA-256 of the previous entry, so editing or deleting any row breaks the chain.
void append_audit(SQLite::Database& db, core::audit_event const& event, util::millis at);
/// The same with statements prepared once (the writer's hot path).
void append_audit(statement_cache& statements, core::audit_event const& event, util::millis at);

struct audit_check {
    std::int64_t entries = 0;
    std::int64_t answers = 0;                 // answers whose content the chain covers
    std::optional<std::int64_t> first_broken; // seq of the first entry that does not verify
    std::string reason;                       // empty when everything verifies

    bool intact() const { return reason.empty(); }
};

/// Walks the whole chain and reports the first entry that does not verify, then checks every
/// stored answer against the entry that covers it (`verify_answers`).
audit_check verify_audit(SQLite::Database& db);

} // namespace craftmark::store
