#include "server/store/rechecks.hpp"

#include "server/core/marking/appeals.hpp"
#include "server/core/marking/work_check.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "shared/util/clock.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <set>

namespace craftmark::store {

using nlohmann::json;

namespace {

core::assessment assessment_of(SQLite::Database& db, std::string const& sitting_id) {
    SQLite::Statement q(db, "SELECT a.document FROM sittings s JOIN assessments a ON a.id = "
                            "s.assessment_id WHERE s.id = ?");
    q.bind(1, sitting_id);
    if (!q.executeStep()) throw std::invalid_argument("no sitting \"" + sitting_id + "\"");
    return core::assessment_from_json(json::parse(q.getColumn(0).getString()));
}

std::optional<core::marking_scheme> scheme_of(SQLite::Database& db, std::string const& id) {
    SQLite::Statement q(db, "SELECT document FROM marking_schemes WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return core::marking_scheme_from_json(json::parse(q.getColumn(0).getString()));
}

core::work_entries marks_of(SQLite::Database& db, std::int64_t work_id) {
    SQLite::Statement q(db, "SELECT aspect, judge, entry FROM marks WHERE work_id = ? "
                            "ORDER BY entered_at, aspect, judge");
    q.bind(1, work_id);
    core::work_entries m;
    while (q.executeStep())
        m.add(q.getColumn(0).getString(), q.getColumn(1).getString(),
              json::parse(q.getColumn(2).getString()));
    return m;
}

recheck_batch read_batch(SQLite::Statement& q) {
    return {q.getColumn(0).getInt64(),
            q.getColumn(1).getString(),
            q.getColumn(2).getString(),
            q.getColumn(3).getString(),
            q.getColumn(4).getString(),
            q.getColumn(5).getInt64(),
            json::parse(q.getColumn(6).getString())};
}

void set_state(SQLite::Database& db,
               std::int64_t id,
               std::string const& state,
               std::string const& actor,
               util::millis now) {
    SQLite::Statement q(db, "UPDATE rechecks SET state = ?, decided_by = ?, decided_at = ? "
                            "WHERE id = ?");
    q.bind(1, state);
    q.bind(2, actor);
    q.bind(3, static_cast<std::int64_t>(now));
    q.bind(4, id);
    q.exec();
}

recheck_batch pending(SQLite::Database& db, std::int64_t id) {
    auto batch = find_recheck(db, id);
    if (batch.state != "pending")
        throw std::invalid_argument("re-check " + std::to_string(id) + " is already " +
                                    batch.state);
    return batch;
}

} // namespace

std::vector<std::tuple<std::string, std::string, json, json>> recheck_batch::differences() const {
    std::vector<std::tuple<std::string, std::string, json, json>> out;
    for (auto const& w : detail["works"])
        for (auto const& [aspect, before] : w["before"].items())
            if (before != w["after"][aspect])
                out.emplace_back(w["code"].get<std::string>(), aspect, before, w["after"][aspect]);
    return out;
}

recheck_batch prepare_recheck(SQLite::Database& db,
                              std::filesystem::path const& data_dir,
                              std::string const& sitting_id,
                              std::string const& task_id,
                              core::checker_runner const& run,
                              std::string const& actor,
                              recheck_progress const& progress) {
    auto a = assessment_of(db, sitting_id);
    auto const* task = a.find_task(task_id);
    if (!task) throw std::invalid_argument("sitting " + sitting_id + " has no task " + task_id);
    if (task->checker_command.empty())
        throw std::invalid_argument("task " + task_id + " has no checker to run again");
    auto scheme = scheme_of(db, task->marking_scheme);

    struct target {
        std::int64_t id, attempt;
        std::string code, state, record;
    };
    std::vector<target> targets;
    SQLite::Statement q(db, "SELECT id, attempt_id, code, state, COALESCE(checker, 'null') FROM "
                            "works w WHERE sitting_id = ? AND task = ? AND round = (SELECT "
                            "MAX(round) FROM works WHERE attempt_id = w.attempt_id AND task = "
                            "w.task) ORDER BY id");
    q.bind(1, sitting_id);
    q.bind(2, task_id);
    while (q.executeStep())
        targets.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                           q.getColumn(2).getString(), q.getColumn(3).getString(),
                           q.getColumn(4).getString()});

    json works = json::array(), locked = json::array();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        auto const& t = targets[i];
        if (t.state != "open") {
            locked.push_back(t.code);
        } else {
            std::vector<core::work_file> files;
            SQLite::Statement u(db, "SELECT id, name FROM uploads WHERE attempt_id = ? AND task = "
                                    "? AND state = 'complete'");
            u.bind(1, t.attempt);
            u.bind(2, task_id);
            while (u.executeStep())
                files.push_back({data_dir / "uploads" / u.getColumn(0).getString(),
                                 u.getColumn(1).getString()});
            auto checked = core::check_work(*task, scheme, files, run,
                                            data_dir / "checking" / ("recheck-" + t.code));
            auto [before, after] = core::recheck_difference(marks_of(db, t.id), checked.measured);
            works.push_back(
                {{"work", t.id},
                 {"code", t.code},
                 {"record", checked.record},
                 {"measured", checked.measured},
                 {"before", before},
                 {"after", after},
                 {"status",
                  {json::parse(t.record).value("status", "none"), checked.record["status"]}}});
        }
        if (progress) progress(i + 1, targets.size());
    }

    auto now = util::system_clock().now();
    json detail = {{"works", works}, {"locked", locked}};
    write_transaction tx(db);
    SQLite::Statement insert(db, "INSERT INTO rechecks (sitting_id, task, created_by, created_at, "
                                 "detail) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, sitting_id);
    insert.bind(2, task_id);
    insert.bind(3, actor);
    insert.bind(4, static_cast<std::int64_t>(now));
    insert.bind(5, detail.dump());
    insert.exec();
    auto id = db.getLastInsertRowid();
    append_audit(db,
                 {actor,
                  "marking.recheck.prepare",
                  std::to_string(id),
                  {{"sitting", sitting_id}, {"task", task_id}, {"works", works.size()}}},
                 now);
    tx.commit();
    return find_recheck(db, id);
}

recheck_batch find_recheck(SQLite::Database& db, std::int64_t id) {
    SQLite::Statement q(db, "SELECT id, sitting_id, task, state, created_by, created_at, detail "
                            "FROM rechecks WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) throw std::invalid_argument("no re-check " + std::to_string(id));
    return read_batch(q);
}

recheck_batch apply_recheck(SQLite::Database& db, std::int64_t id, std::string const& actor) {
    write_transaction tx(db);
    auto batch = pending(db, id);
    auto now = util::system_clock().now();
    for (auto const& w : batch.detail["works"]) {
        auto work_id = w["work"].get<std::int64_t>();
        auto code = w["code"].get<std::string>();
        SQLite::Statement state(db, "SELECT state FROM works WHERE id = ?");
        state.bind(1, work_id);
        if (!state.executeStep() || state.getColumn(0).getString() != "open")
            throw std::invalid_argument("work " + code +
                                        " was locked after the re-check; nothing was applied");
        std::map<std::string, json> measured;
        for (auto const& [aspect, entry] : w["measured"].items()) measured[aspect] = entry;
        if (core::recheck_difference(marks_of(db, work_id), measured).first != w["before"])
            throw std::invalid_argument("the marks of work " + code +
                                        " changed after the re-check; nothing was applied — run "
                                        "the re-check again");
        SQLite::Statement clear(db, "DELETE FROM marks WHERE work_id = ? AND judge = 'checker'");
        clear.bind(1, work_id);
        clear.exec();
        for (auto const& [aspect, entry] : measured) {
            SQLite::Statement put(db, "INSERT INTO marks (work_id, aspect, judge, entry, "
                                      "entered_at) VALUES (?, ?, 'checker', ?, ?)");
            put.bind(1, work_id);
            put.bind(2, aspect);
            put.bind(3, entry.dump());
            put.bind(4, static_cast<std::int64_t>(now));
            put.exec();
        }
        SQLite::Statement record(db, "UPDATE works SET checker = ? WHERE id = ?");
        record.bind(1, w["record"].dump());
        record.bind(2, work_id);
        record.exec();
        append_audit(db,
                     {actor,
                      "marking.recheck",
                      code,
                      {{"batch", id}, {"before", w["before"]}, {"after", w["after"]}}},
                     now);
    }
    set_state(db, id, "applied", actor, now);
    append_audit(db, {actor, "marking.recheck.apply", std::to_string(id)}, now);
    tx.commit();
    return find_recheck(db, id);
}

recheck_batch cancel_recheck(SQLite::Database& db, std::int64_t id, std::string const& actor) {
    write_transaction tx(db);
    pending(db, id);
    auto now = util::system_clock().now();
    set_state(db, id, "cancelled", actor, now);
    append_audit(db, {actor, "marking.recheck.cancel", std::to_string(id)}, now);
    tx.commit();
    return find_recheck(db, id);
}

} // namespace craftmark::store
