#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace craftmark::store {

class statement_cache;

/// An answer's key: (attempt, seq).
using answer_key = std::pair<std::int64_t, std::int64_t>;
struct answer_key_hash {
    std::size_t operator()(answer_key k) const {
        return std::hash<std::int64_t>()(k.first * 1'000'003 + k.second);
    }
};
/// What answer_log holds: key → rowid.
using logged_answers = std::unordered_map<answer_key, std::int64_t, answer_key_hash>;

/// Moves the answer log's rows into answers_kept, sorted by attempt, so that each candidate's
/// page there is written once for many saves. A fold of the whole log in one batch held every
/// save behind it for a tenth of a second at 8,000 saves a second, so a fold is a cycle of
/// slices, one per batch: each moves the log's rows up to the cycle's last rowid of a range of
/// attempts (about `slice` rows, found by their rowids, which are kept in memory). The row of
/// `answer_fold` says how far the cycle has gone, and the view `answers` leaves out the log's rows
/// already moved; the last slice deletes them.
class answer_fold {
  public:
    struct sizes {
        std::size_t at = 32768;  // log rows that start a cycle
        std::size_t slice = 128; // rows: 2,048 held saves at 8,000 a second for 20 ms
    };

    explicit answer_fold(sizes s) : sizes_(s) {}

    /// Whether a batch has a slice to move: a cycle is under way, or the log is full.
    bool due(std::size_t logged_rows) const { return upto_rowid_ != 0 || logged_rows >= sizes_.at; }

    /// Everything the log holds, in one go: at start, before any candidate waits on a batch.
    void fold_all(statement_cache& statements);

    /// Inside a batch: starts a cycle once the log holds `at` rows, and moves its next slice,
    /// or slices until `at_least` rows moved (twice what the batch added: the log never grows
    /// faster than it is folded). Returns the cycle's last rowid when this step ended it (those
    /// rows left the log).
    std::optional<std::int64_t>
    step(statement_cache& statements, logged_answers const& logged, std::size_t at_least);

    /// After a batch that did not commit: the cycle as the database has it.
    void reread(statement_cache& statements, logged_answers const& logged);

  private:
    void plan(std::int64_t upto_rowid, std::int64_t after_attempt, logged_answers const& logged);
    void end_cycle(statement_cache& statements); // in the database and here
    void forget_cycle();

    sizes sizes_;
    std::int64_t upto_rowid_ = 0;      // the cycle's last rowid; 0: no cycle
    std::int64_t through_attempt_ = 0; // moved so far: attempts up to this one
    struct slice_plan {
        std::int64_t through_attempt;
        std::vector<std::int64_t> rowids;
    };
    std::vector<slice_plan> slices_;
    std::size_t next_slice_ = 0;
};

} // namespace craftmark::store
