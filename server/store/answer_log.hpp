#pragma once
#include "server/core/records.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::store {

class statement_cache;
class writer;

/// Answers are an append-only log keyed by (attempt, sequence). A save is one row; its audit
/// entry is shared with every other save of the same group commit: one `answer.save` entry per
/// batch names the saves it covers, in order, and carries a SHA-256 over their records.
/// That keeps each save's content in the hash chain at a fraction of an entry per save (the
/// audit row was 40 % of a save's cost, see docs/performance.md).
class answer_log {
  public:
    /// Seals each of `w`'s batches that stored answers with their audit entry.
    explicit answer_log(writer& w);

    /// On the writer's thread, inside a job: stores `a` unless its (attempt, seq) exists.
    /// Returns false, storing nothing, when it does.
    bool
    append(statement_cache& statements, core::answer_record const& a, std::string const& response);

  private:
    struct pending;
    std::shared_ptr<pending> pending_;
};

/// What `verify_answers` found: the first answer that its audit entry does not cover.
struct answers_check {
    std::int64_t covered = 0;
    std::optional<std::int64_t> entry; // the audit entry that no longer matches, if any
    std::string reason;
};

/// Recomputes every `answer.save` entry's hash from the answers it names (older databases have
/// one entry per save, with the response's hash), and finds answers no entry covers: an
/// edited, removed, renumbered or inserted answer is reported.
answers_check verify_answers(SQLite::Database& db);

} // namespace craftmark::store
