#include "server/store/answer_fold.hpp"

#include "server/store/statement_cache.hpp"

#include <SQLiteCpp/Column.h>
#include <map>
#include <nlohmann/json.hpp>

namespace craftmark::store {

void answer_fold::fold_all(statement_cache& statements) {
    statements("INSERT INTO answers_kept SELECT l.attempt_id, l.seq, l.item_id, l.response, "
               "l.saved_at FROM answer_log l, answer_fold f "
               "WHERE l.rowid > f.upto_rowid OR l.attempt_id > f.through_attempt "
               "ORDER BY l.attempt_id, l.seq")
        ->exec();
    statements("DELETE FROM answer_log")->exec();
    end_cycle(statements);
}

void answer_fold::end_cycle(statement_cache& statements) {
    statements("UPDATE answer_fold SET upto_rowid = 0, through_attempt = 0")->exec();
    forget_cycle();
}

void answer_fold::forget_cycle() {
    upto_rowid_ = 0;
    through_attempt_ = 0;
    slices_.clear();
    next_slice_ = 0;
}

void answer_fold::plan(std::int64_t upto_rowid,
                       std::int64_t after_attempt,
                       logged_answers const& logged) {
    std::map<std::int64_t, std::vector<std::int64_t>> rows_of; // attempt → its rows' rowids
    for (auto const& [k, rowid] : logged)
        if (rowid <= upto_rowid && k.first > after_attempt) rows_of[k.first].push_back(rowid);
    slices_.clear();
    for (auto& [attempt, rowids] : rows_of) {
        if (slices_.empty() || slices_.back().rowids.size() >= sizes_.slice)
            slices_.push_back({attempt, {}});
        auto& slice = slices_.back();
        slice.through_attempt = attempt;
        slice.rowids.insert(slice.rowids.end(), rowids.begin(), rowids.end());
    }
    // The last slice (perhaps empty, when only the log's rows are left to delete).
    if (slices_.empty()) slices_.push_back({after_attempt, {}});
    upto_rowid_ = upto_rowid;
    through_attempt_ = after_attempt;
    next_slice_ = 0;
}

std::optional<std::int64_t>
answer_fold::step(statement_cache& statements, logged_answers const& logged, std::size_t at_least) {
    if (upto_rowid_ == 0) {
        if (logged.size() < sizes_.at) return std::nullopt;
        std::int64_t last = 0;
        for (auto const& [k, rowid] : logged) last = std::max(last, rowid);
        plan(last, 0, logged);
    }
    // One slice at least, and more while they move fewer rows than asked for.
    auto end = next_slice_;
    std::vector<std::int64_t> rowids;
    do {
        auto const& more = slices_[end++].rowids;
        rowids.insert(rowids.end(), more.begin(), more.end());
    } while (end < slices_.size() && rowids.size() < at_least);
    auto through = slices_[end - 1].through_attempt;
    // Found by rowid: a scan of the log for each slice cost more than the slice itself.
    auto move = statements("INSERT INTO answers_kept SELECT attempt_id, seq, item_id, response, "
                           "saved_at FROM answer_log "
                           "WHERE rowid IN (SELECT value FROM json_each(?)) "
                           "ORDER BY attempt_id, seq");
    move->bind(1, nlohmann::json(rowids).dump());
    move->exec();
    bool last_slice = end == slices_.size();
    if (last_slice) {
        auto gone = statements("DELETE FROM answer_log WHERE rowid <= ?");
        gone->bind(1, upto_rowid_);
        gone->exec();
    } else {
        auto progress = statements("UPDATE answer_fold SET upto_rowid = ?, through_attempt = ?");
        progress->bind(1, upto_rowid_);
        progress->bind(2, through);
        progress->exec();
    }
    // Only now that the database has it.
    if (!last_slice) {
        through_attempt_ = through;
        next_slice_ = end;
        return std::nullopt;
    }
    auto moved = upto_rowid_;
    end_cycle(statements);
    return moved;
}

void answer_fold::reread(statement_cache& statements, logged_answers const& logged) {
    auto q = statements("SELECT upto_rowid, through_attempt FROM answer_fold");
    q->executeStep();
    auto upto = q->getColumn(0).getInt64();
    if (upto == 0) {
        forget_cycle();
        return;
    }
    plan(upto, q->getColumn(1).getInt64(), logged);
}

} // namespace craftmark::store
