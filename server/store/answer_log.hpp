#pragma once
#include "server/core/exam/ports.hpp"
#include "server/core/records.hpp"
#include "server/store/answer_fold.hpp"

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
///
/// The rows go to `answer_log`, a table with no index, so a batch writes the one or two pages
/// at its end. Which (attempt, seq) it holds is kept here, in memory, to find a save sent
/// again; `answer_fold` moves the log into `answers_kept`, in (attempt, seq) order, a slice
/// per batch. The view `answers` reads both.
class answer_log {
  public:
    /// Folds what a stopped server left in the log, then seals each of `w`'s batches that
    /// stored answers with their audit entry, and folds a slice of the log in each.
    explicit answer_log(writer& w, answer_fold::sizes folding = {});

    /// On the writer's thread, inside a job: stores `a` unless its (attempt, seq) exists, and
    /// says whether it was stored, or is the same save again, or a different save with that
    /// sequence (nothing is stored for those two).
    core::write_status append(SQLite::Database& db,
                              statement_cache& statements,
                              core::answer_record const& a,
                              std::string const& response);

  private:
    struct state;
    std::shared_ptr<state> state_;
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
