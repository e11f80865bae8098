#include "server/store/appeals.hpp"

#include "server/core/marking/appeals.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "server/store/results.hpp"
#include "shared/util/clock.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace craftmark::store {

using nlohmann::json;

namespace {

json json_column(SQLite::Column const& c) {
    return c.isNull() ? json() : json::parse(c.getString());
}

/// The sitting's result row of `ticket` (the practical result as it stands).
result_row row_of(SQLite::Database& db, std::string const& sitting_id, std::string const& ticket) {
    for (auto& row : sitting_results(db, sitting_id))
        if (row.ticket == ticket) return row;
    throw std::invalid_argument("candidate " + ticket + " has no attempt in sitting " + sitting_id);
}

appeal_record read_appeal(SQLite::Statement& q) {
    return {q.getColumn(0).getInt64(),   q.getColumn(1).getString(),  q.getColumn(2).getString(),
            q.getColumn(3).getString(),  q.getColumn(4).getString(),  q.getColumn(5).getInt64(),
            json_column(q.getColumn(6)), q.getColumn(7).getString(),  json_column(q.getColumn(8)),
            q.getColumn(9).getString(),  q.getColumn(10).getString(), q.getColumn(11).getString(),
            q.getColumn(12).getInt64()};
}

constexpr char const* appeal_columns =
    "SELECT id, sitting_id, ticket, reason, opened_by, opened_at, before, state, after, outcome, "
    "note, decided_by, decided_at FROM appeals ";

appeal_record appeal_by_id(SQLite::Database& db, std::int64_t id) {
    SQLite::Statement q(db, std::string(appeal_columns) + "WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) throw std::invalid_argument("no appeal " + std::to_string(id));
    return read_appeal(q);
}

} // namespace

appeal_record open_appeal(SQLite::Database& db,
                          std::string const& sitting_id,
                          std::string const& ticket,
                          std::string const& reason,
                          std::string const& actor) {
    write_transaction tx(db);
    SQLite::Statement attempt(db, "SELECT id FROM attempts WHERE ticket = ?");
    attempt.bind(1, ticket);
    if (!attempt.executeStep()) throw std::invalid_argument("no candidate " + ticket);
    auto attempt_id = attempt.getColumn(0).getInt64();
    SQLite::Statement open(db, "SELECT id FROM appeals WHERE attempt_id = ? AND state = 'open'");
    open.bind(1, attempt_id);
    auto open_appeal =
        open.executeStep() ? std::optional(open.getColumn(0).getInt64()) : std::nullopt;
    auto row = row_of(db, sitting_id, ticket);
    if (auto why = core::appeal_refusal(ticket, sitting_id, reason, open_appeal, row.result);
        !why.empty())
        throw std::invalid_argument(why);
    SQLite::Statement latest(db, "SELECT id, task, round, checker FROM works w WHERE attempt_id "
                                 "= ? AND round = (SELECT MAX(round) FROM works WHERE attempt_id "
                                 "= w.attempt_id AND task = w.task)");
    latest.bind(1, attempt_id);
    std::vector<core::work_record> works; // read first: rows added while reading would be read
    while (latest.executeStep()) {
        core::work_record w;
        w.id = latest.getColumn(0).getInt64();
        w.sitting_id = sitting_id;
        w.attempt_id = attempt_id;
        w.task = latest.getColumn(1).getString();
        w.round = latest.getColumn(2).getInt();
        w.checker = json_column(latest.getColumn(3));
        works.push_back(std::move(w));
    }
    auto now = util::system_clock().now();
    auto next = core::second_marking(works);
    for (std::size_t i = 0; i < next.size(); ++i) {
        auto const& w = next[i];
        SQLite::Statement add(db, "INSERT INTO works (sitting_id, attempt_id, task, code, round, "
                                  "checker) VALUES (?, ?, ?, ?, ?, ?)");
        add.bind(1, w.sitting_id);
        add.bind(2, w.attempt_id);
        add.bind(3, w.task);
        add.bind(4, w.code);
        add.bind(5, w.round);
        if (w.checker.is_null())
            add.bind(6);
        else
            add.bind(6, w.checker.dump());
        add.exec();
        // The checker's entries go with the check they came from.
        SQLite::Statement carry(db,
                                "INSERT INTO marks SELECT ?, aspect, judge, entry, comment, "
                                "entered_at FROM marks WHERE work_id = ? AND judge = 'checker'");
        carry.bind(1, db.getLastInsertRowid());
        carry.bind(2, works[i].id);
        carry.exec();
    }
    SQLite::Statement insert(db, "INSERT INTO appeals (sitting_id, ticket, attempt_id, reason, "
                                 "opened_by, opened_at, before) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, sitting_id);
    insert.bind(2, ticket);
    insert.bind(3, attempt_id);
    insert.bind(4, reason);
    insert.bind(5, actor);
    insert.bind(6, static_cast<std::int64_t>(now));
    insert.bind(7, row.result.dump());
    insert.exec();
    auto id = db.getLastInsertRowid();
    append_audit(db,
                 {actor,
                  "appeal.open",
                  std::to_string(id),
                  {{"sitting", sitting_id},
                   {"ticket", ticket},
                   {"reason", reason},
                   {"before", row.result["total"]}}},
                 now);
    tx.commit();
    return appeal_by_id(db, id);
}

std::vector<appeal_record> appeals(SQLite::Database& db, std::string const& sitting_id) {
    SQLite::Statement q(db, std::string(appeal_columns) + "WHERE sitting_id = ? ORDER BY id");
    q.bind(1, sitting_id);
    std::vector<appeal_record> out;
    while (q.executeStep()) out.push_back(read_appeal(q));
    return out;
}

appeal_record decide_appeal(SQLite::Database& db,
                            std::int64_t appeal_id,
                            std::string const& note,
                            std::string const& actor) {
    write_transaction tx(db);
    auto a = appeal_by_id(db, appeal_id);
    if (a.state != "open")
        throw std::invalid_argument("appeal " + std::to_string(appeal_id) + " is already decided");
    auto row = row_of(db, a.sitting_id, a.ticket);
    auto outcome = core::appeal_outcome(a.before, row.result);
    if (!outcome)
        throw std::invalid_argument("the second marking of appeal " + std::to_string(appeal_id) +
                                    " is not locked yet");
    auto now = util::system_clock().now();
    SQLite::Statement q(db, "UPDATE appeals SET state = 'decided', after = ?, outcome = ?, note = "
                            "?, decided_by = ?, decided_at = ? WHERE id = ?");
    q.bind(1, row.result.dump());
    q.bind(2, *outcome);
    q.bind(3, note);
    q.bind(4, actor);
    q.bind(5, static_cast<std::int64_t>(now));
    q.bind(6, appeal_id);
    q.exec();
    append_audit(db,
                 {actor,
                  "appeal.decide",
                  std::to_string(appeal_id),
                  {{"outcome", *outcome},
                   {"before", a.before["total"]},
                   {"after", row.result["total"]},
                   {"note", note}}},
                 now);
    tx.commit();
    return appeal_by_id(db, appeal_id);
}

} // namespace craftmark::store
