#pragma once
#include "server/store/logged_answers.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace craftmark::store {

class statement_cache;

/// Moves the answer log's rows into answers_kept, sorted by attempt, so that each candidate's
/// page there is written once for many saves. Once the log holds `at` rows a cycle starts: it
/// moves the log's rows up to the cycle's last rowid, a slice of whole attempts per batch
/// (found by their rowids, which are kept in memory in attempt order), then deletes them from
/// the log, a range of rowids per batch. A fold of the whole log in one batch held every save
/// behind it for a tenth of a second at 8,000 saves a second, and planning the slices or
/// deleting the moved rows in one batch still held them for 10 – 15 ms, so every part of a
/// cycle is spread over batches. The row of `answer_fold` says how far the cycle has gone,
/// and the view `answers` leaves out the log's rows already moved.
class answer_fold {
  public:
    struct sizes {
        std::size_t at = 32768;  // log rows that start a cycle
        std::size_t slice = 128; // rows: 2,048 held saves at 8,000 a second for 20 ms
    };

    explicit answer_fold(sizes s) : sizes_(s) {}

    /// Whether a batch has a step to take: a cycle is under way, or the log is full.
    bool due(std::size_t logged_rows) const { return upto_rowid_ != 0 || logged_rows >= sizes_.at; }

    /// Everything the log holds, in one go: at start, before any candidate waits on a batch.
    void fold_all(statement_cache& statements);

    /// Inside a batch: starts a cycle once the log holds `at` rows, and moves its next slice
    /// of at least `at_least` rows (twice what the batch added: the log never grows faster
    /// than it is folded), or deletes the next range of moved rows. Returns the keys it moved:
    /// the caller forgets them once the batch holds the step.
    std::vector<answer_key>
    step(statement_cache& statements, logged_answers const& logged, std::size_t at_least);

    /// After a batch that did not commit: the cycle as the database has it.
    void reread(statement_cache& statements);

  private:
    bool delete_moved(statement_cache& statements, std::int64_t upto);
    void end_cycle(statement_cache& statements); // in the database and here

    // Every attempt's rows are moved: the cycle is deleting them from the log.
    static constexpr std::int64_t all_moved = std::numeric_limits<std::int64_t>::max();

    sizes sizes_;
    std::int64_t upto_rowid_ = 0;      // the cycle's last rowid; 0: no cycle
    std::int64_t through_attempt_ = 0; // moved so far: attempts up to this one
};

} // namespace craftmark::store
