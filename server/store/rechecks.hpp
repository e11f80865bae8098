#pragma once
// Re-checks: after a checker is fixed, it runs again over a task's open works; the differences
// are stored as a batch that an administrator reviews, then applies or cancels.
#include "server/core/marking/marking_service.hpp"

namespace SQLite {
class Database;
}

namespace craftmark::store {

struct recheck_batch {
    std::int64_t id = 0;
    std::string sitting_id, task, state, created_by; // state: pending | applied | cancelled
    util::millis created_at = 0;
    /// {"works": [{"work", "code", "record", "measured", "before": {aspect: entry|null},
    ///             "after": {aspect: entry|null}, "status": [before, after]}],
    ///  "locked": [codes of locked works, not re-checked]}
    nlohmann::json detail;
    /// Aspects whose mark would change, as (code, aspect, before, after).
    std::vector<std::tuple<std::string, std::string, nlohmann::json, nlohmann::json>>
    differences() const;
};

using recheck_progress = std::function<void(std::size_t done, std::size_t total)>;

/// Runs the task's checker (through `run`) over every open work of `task` in `sitting_id` and
/// stores what would change as a pending batch. Changes no mark.
recheck_batch prepare_recheck(SQLite::Database& db,
                              std::filesystem::path const& data_dir,
                              std::string const& sitting_id,
                              std::string const& task,
                              core::checker_runner const& run,
                              std::string const& actor,
                              recheck_progress const& progress = {});

recheck_batch find_recheck(SQLite::Database& db, std::int64_t id);

/// Applies a pending batch: the checker's new entries replace its old ones and each work's
/// check record is replaced, all or nothing. Refuses when a work was locked or its marks changed
/// since the batch was prepared (run the re-check again).
recheck_batch apply_recheck(SQLite::Database& db, std::int64_t id, std::string const& actor);

/// Cancels a pending batch; nothing changes but the batch's state.
recheck_batch cancel_recheck(SQLite::Database& db, std::int64_t id, std::string const& actor);

} // namespace craftmark::store
