#include "server/store/answer_fold.hpp"

#include "server/store/statement_cache.hpp"

#include <SQLiteCpp/Column.h>
#include <map>

namespace craftmark::store {

void answer_fold::fold_all(statement_cache& statements) {
    statements("INSERT INTO answers_kept SELECT l.attempt_id, l.seq, l.item_id, l.response, "
               "l.saved_at FROM answer_log l, answer_fold f "
               "WHERE l.rowid > f.upto_rowid OR l.attempt_id > f.through_attempt "
               "ORDER BY l.attempt_id, l.seq")
        ->exec();
    statements("DELETE FROM answer_log")->exec();
    statements("UPDATE answer_fold SET upto_rowid = 0, through_attempt = 0")->exec();
    upto_rowid_ = 0;
    through_attempt_ = 0;
    slice_ends_.clear();
    next_slice_ = 0;
}

void answer_fold::plan(std::int64_t upto_rowid,
                       std::int64_t after_attempt,
                       logged_answers const& logged) {
    std::map<std::int64_t, std::size_t> rows_of; // attempt → its rows in the cycle, in order
    for (auto const& [k, rowid] : logged)
        if (rowid <= upto_rowid && k.first > after_attempt) ++rows_of[k.first];
    slice_ends_.clear();
    std::size_t in_slice = 0;
    for (auto [attempt, rows] : rows_of) {
        in_slice += rows;
        if (in_slice >= sizes_.slice) {
            slice_ends_.push_back(attempt);
            in_slice = 0;
        }
    }
    // The last slice (perhaps empty, when only the log's rows are left to delete).
    if (in_slice > 0 || slice_ends_.empty())
        slice_ends_.push_back(rows_of.empty() ? after_attempt : rows_of.rbegin()->first);
    upto_rowid_ = upto_rowid;
    through_attempt_ = after_attempt;
    next_slice_ = 0;
}

std::optional<std::int64_t> answer_fold::step(statement_cache& statements,
                                              logged_answers const& logged) {
    if (upto_rowid_ == 0) {
        if (logged.size() < sizes_.at) return std::nullopt;
        std::int64_t last = 0;
        for (auto const& [k, rowid] : logged) last = std::max(last, rowid);
        plan(last, 0, logged);
    }
    auto through = slice_ends_[next_slice_];
    auto move = statements("INSERT INTO answers_kept SELECT attempt_id, seq, item_id, response, "
                           "saved_at FROM answer_log "
                           "WHERE rowid <= ? AND attempt_id > ? AND attempt_id <= ? "
                           "ORDER BY attempt_id, seq");
    move->bind(1, upto_rowid_);
    move->bind(2, through_attempt_);
    move->bind(3, through);
    move->exec();
    bool last_slice = next_slice_ + 1 == slice_ends_.size();
    if (last_slice) {
        auto gone = statements("DELETE FROM answer_log WHERE rowid <= ?");
        gone->bind(1, upto_rowid_);
        gone->exec();
        statements("UPDATE answer_fold SET upto_rowid = 0, through_attempt = 0")->exec();
    } else {
        auto progress = statements("UPDATE answer_fold SET upto_rowid = ?, through_attempt = ?");
        progress->bind(1, upto_rowid_);
        progress->bind(2, through);
        progress->exec();
    }
    // Only now that the database has it.
    if (!last_slice) {
        through_attempt_ = through;
        ++next_slice_;
        return std::nullopt;
    }
    auto moved = upto_rowid_;
    upto_rowid_ = 0;
    through_attempt_ = 0;
    slice_ends_.clear();
    next_slice_ = 0;
    return moved;
}

void answer_fold::reread(statement_cache& statements, logged_answers const& logged) {
    auto q = statements("SELECT upto_rowid, through_attempt FROM answer_fold");
    q->executeStep();
    auto upto = q->getColumn(0).getInt64();
    if (upto == 0) {
        upto_rowid_ = 0;
        through_attempt_ = 0;
        slice_ends_.clear();
        next_slice_ = 0;
        return;
    }
    plan(upto, q->getColumn(1).getInt64(), logged);
}

} // namespace craftmark::store
