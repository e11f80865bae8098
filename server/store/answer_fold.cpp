#include "server/store/answer_fold.hpp"

#include "server/store/statement_cache.hpp"

#include <SQLiteCpp/Column.h>
#include <algorithm>
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
    upto_rowid_ = 0;
    through_attempt_ = 0;
}

std::vector<answer_key>
answer_fold::step(statement_cache& statements, logged_answers const& logged, std::size_t at_least) {
    if (through_attempt_ == all_moved) {
        if (delete_moved(statements, upto_rowid_)) end_cycle(statements);
        return {};
    }
    auto upto = upto_rowid_;
    if (upto == 0) {
        if (logged.size() < sizes_.at) return {};
        auto newest = statements("SELECT max(rowid) FROM answer_log");
        newest->executeStep();
        upto = newest->getColumn(0).getInt64();
    }
    // Whole attempts, from the one after the last moved, until the slice holds enough rows.
    // Rows after the cycle's last rowid stay in the log for the next cycle.
    auto want = std::max(at_least, sizes_.slice);
    std::vector<answer_key> moved;
    std::vector<std::int64_t> rowids;
    auto through = through_attempt_;
    auto at = logged.after(through_attempt_);
    for (; at != logged.end() && rowids.size() < want; ++at) {
        through = at->first;
        for (auto const& row : at->second.rows) { // by rowid: the cycle's are the first
            if (row.rowid > upto) break;
            moved.push_back({at->first, row.seq});
            rowids.push_back(row.rowid);
        }
    }
    if (at == logged.end()) through = all_moved;
    if (!rowids.empty()) {
        // Found by rowid: a scan of the log for each slice cost more than the slice itself.
        auto move = statements("INSERT INTO answers_kept SELECT attempt_id, seq, item_id, "
                               "response, saved_at FROM answer_log "
                               "WHERE rowid IN (SELECT value FROM json_each(?)) "
                               "ORDER BY attempt_id, seq");
        move->bind(1, nlohmann::json(rowids).dump());
        move->exec();
    }
    auto progress = statements("UPDATE answer_fold SET upto_rowid = ?, through_attempt = ?");
    progress->bind(1, upto);
    progress->bind(2, through);
    progress->exec();
    // The last slice's batch deletes the first range too (a small log's whole cycle).
    if (through == all_moved && delete_moved(statements, upto)) {
        end_cycle(statements);
        return moved;
    }
    // Only now that the database has it.
    upto_rowid_ = upto;
    through_attempt_ = through;
    return moved;
}

// The moved rows leave the log a range at a time: deleting a whole cycle's 32,768 rows in one
// batch took 7 ms. The range starts at the log's first row, so no position is kept. Says
// whether the last range is gone.
bool answer_fold::delete_moved(statement_cache& statements, std::int64_t upto) {
    auto first = statements("SELECT coalesce(min(rowid), 0) FROM answer_log");
    first->executeStep();
    auto from = first->getColumn(0).getInt64();
    auto range = static_cast<std::int64_t>(sizes_.slice) * 16;
    auto last = from == 0 || from > upto ? upto : std::min(upto, from + range - 1);
    auto gone = statements("DELETE FROM answer_log WHERE rowid <= ?");
    gone->bind(1, last);
    gone->exec();
    return last == upto;
}

void answer_fold::reread(statement_cache& statements) {
    auto q = statements("SELECT upto_rowid, through_attempt FROM answer_fold");
    q->executeStep();
    upto_rowid_ = q->getColumn(0).getInt64();
    through_attempt_ = q->getColumn(1).getInt64();
}

} // namespace craftmark::store
