// sqlite_store's marking: schemes, works (by code) and each judge's entries.
#include "server/store/audit_log.hpp"
#include "server/store/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace craftmark::store {

using nlohmann::json;

namespace {
writer::done report_stored(core::write_done done) {
    return [done = std::move(done)](bool durable) {
        done(durable ? core::write_status::stored : core::write_status::failed);
    };
}

json json_column(SQLite::Column const& c) {
    return c.isNull() ? json() : json::parse(c.getString());
}
} // namespace

std::optional<core::marking_scheme> sqlite_store::find_scheme(std::string const& id) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, "SELECT document FROM marking_schemes WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return core::marking_scheme_from_json(json::parse(q.getColumn(0).getString()));
}

std::vector<core::work_record> sqlite_store::works(std::string const& sitting_id) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_,
                        "SELECT id, attempt_id, task, code, state, round, checker, score, "
                        "locked_by, locked_at FROM works WHERE sitting_id = ? ORDER BY id");
    q.bind(1, sitting_id);
    std::vector<core::work_record> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getInt64(), sitting_id, q.getColumn(1).getInt64(),
                       q.getColumn(2).getString(), q.getColumn(3).getString(),
                       q.getColumn(4).getString(), q.getColumn(5).getInt(),
                       json_column(q.getColumn(6)), json_column(q.getColumn(7)),
                       q.getColumn(8).getString(), q.getColumn(9).getInt64()});
    return out;
}

void sqlite_store::add_works(std::vector<core::work_record> const& works, core::write_done done) {
    writer_.submit(
        [works](SQLite::Database& db) {
            SQLite::Statement q(db, "INSERT OR IGNORE INTO works (sitting_id, attempt_id, task, "
                                    "code, round) VALUES (?, ?, ?, ?, ?)");
            for (auto const& w : works) {
                q.bind(1, w.sitting_id);
                q.bind(2, w.attempt_id);
                q.bind(3, w.task);
                q.bind(4, w.code);
                q.bind(5, w.round);
                q.exec();
                q.reset();
            }
        },
        report_stored(std::move(done)));
}

std::vector<core::mark_record> sqlite_store::marks(std::int64_t work_id) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, "SELECT aspect, judge, entry, comment, entered_at FROM marks "
                                  "WHERE work_id = ? ORDER BY entered_at, aspect, judge");
    q.bind(1, work_id);
    std::vector<core::mark_record> out;
    while (q.executeStep())
        out.push_back({work_id, q.getColumn(0).getString(), q.getColumn(1).getString(),
                       json::parse(q.getColumn(2).getString()), q.getColumn(3).getString(),
                       q.getColumn(4).getInt64()});
    return out;
}

void sqlite_store::put_mark(core::mark_record const& m,
                            core::audit_event e,
                            core::write_done done) {
    writer_.submit(
        [m, e = std::move(e)](SQLite::Database& db) {
            SQLite::Statement q(db, "INSERT OR REPLACE INTO marks VALUES (?, ?, ?, ?, ?, ?)");
            q.bind(1, m.work_id);
            q.bind(2, m.aspect);
            q.bind(3, m.judge);
            q.bind(4, m.entry.dump());
            q.bind(5, m.comment);
            q.bind(6, m.entered_at);
            q.exec();
            append_audit(db, e, m.entered_at);
        },
        report_stored(std::move(done)));
}

void sqlite_store::set_checker(std::int64_t work_id, json const& outcome, core::write_done done) {
    auto at = clock_.now();
    writer_.submit(
        [work_id, outcome, at](SQLite::Database& db) {
            SQLite::Statement q(db, "UPDATE works SET checker = ? WHERE id = ?");
            q.bind(1, outcome.dump());
            q.bind(2, work_id);
            q.exec();
            append_audit(db, {"checker", "marking.checked", std::to_string(work_id), outcome}, at);
        },
        report_stored(std::move(done)));
}

void sqlite_store::lock_work(core::work_record const& w,
                             core::audit_event e,
                             core::write_done done) {
    writer_.submit(
        [w, e = std::move(e)](SQLite::Database& db) {
            SQLite::Statement q(db, "UPDATE works SET state = 'locked', score = ?, locked_by = ?, "
                                    "locked_at = ? WHERE id = ? AND state = 'open'");
            q.bind(1, w.score.dump());
            q.bind(2, w.locked_by);
            q.bind(3, w.locked_at);
            q.bind(4, w.id);
            if (q.exec() != 1) throw std::runtime_error("the work is already locked");
            append_audit(db, e, w.locked_at);
        },
        report_stored(std::move(done)));
}

} // namespace craftmark::store
