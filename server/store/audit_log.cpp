#include "server/store/audit_log.hpp"

#include "server/core/centre/outbox_chain.hpp"
#include "server/store/answer_log.hpp"
#include "server/store/statement_cache.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace craftmark::store {

void append_audit(SQLite::Database& db, core::audit_event const& event, util::millis at) {
    statement_cache once(db);
    append_audit(once, event, at);
}

void append_audit(statement_cache& statements, core::audit_event const& event, util::millis at) {
    std::int64_t seq = 1;
    std::string prev = core::chain_genesis;
    {
        auto last = statements("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        if (last->executeStep()) {
            seq = last->getColumn(0).getInt64() + 1;
            prev = last->getColumn(1).getString();
        }
    }
    auto detail = event.detail.dump();
    auto insert = statements("INSERT INTO audit (seq, at, actor, action, subject, detail, "
                             "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, seq);
    insert->bind(2, at);
    insert->bind(3, event.actor);
    insert->bind(4, event.action);
    insert->bind(5, event.subject);
    insert->bind(6, detail);
    insert->bind(7, prev);
    insert->bind(
        8, core::chain_entry_hash(prev, seq, at, event.actor, event.action, event.subject, detail));
    insert->exec();
}

audit_check verify_audit(SQLite::Database& db) {
    audit_check check;
    SQLite::Statement rows(db, "SELECT seq, at, actor, action, subject, detail, prev_hash, hash "
                               "FROM audit ORDER BY seq");
    std::string prev = core::chain_genesis;
    std::int64_t expected_seq = 1;
    while (rows.executeStep()) {
        auto seq = rows.getColumn(0).getInt64();
        auto fail = [&](std::string reason) {
            check.first_broken = seq;
            check.reason = "entry " + std::to_string(seq) + ": " + std::move(reason);
        };
        if (seq != expected_seq) {
            check.first_broken = expected_seq;
            check.reason = "entry " + std::to_string(expected_seq) + " is missing";
            return check;
        }
        if (rows.getColumn(6).getString() != prev) {
            fail("its previous-hash does not match the entry before it");
            return check;
        }
        auto hash =
            core::chain_entry_hash(prev, seq, rows.getColumn(1).getInt64(),
                                   rows.getColumn(2).getString(), rows.getColumn(3).getString(),
                                   rows.getColumn(4).getString(), rows.getColumn(5).getString());
        if (hash != rows.getColumn(7).getString()) {
            fail("its content does not match its hash (edited after it was written)");
            return check;
        }
        prev = hash;
        ++expected_seq;
        ++check.entries;
    }
    auto answers = verify_answers(db);
    check.answers = answers.covered;
    check.first_broken = answers.entry;
    check.reason = answers.reason;
    return check;
}

} // namespace craftmark::store
