#include "server/store/sqlite_store.hpp"

#include "server/core/bank/bank.hpp"
#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/bank_media.hpp"
#include "server/store/database.hpp"
#include "server/store/item_analysis.hpp"
#include "server/store/photos.hpp"
#include "server/store/statement_cache.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <set>

namespace craftmark::store {

using nlohmann::json;

namespace {
constexpr char attempt_columns[] =
    "SELECT id, sitting_id, ticket, terminal_id, resume_token_hash, state, started_at, "
    "duration_ms, extra_ms, paused_total_ms, paused_since, paper, close_reason, closed_at, result "
    "FROM attempts ";

core::attempt_record read_attempt(SQLite::Statement& q) {
    core::attempt_record a;
    a.id = q.getColumn(0).getInt64();
    a.sitting_id = q.getColumn(1).getString();
    a.ticket = q.getColumn(2).getString();
    a.terminal_id = q.getColumn(3).getString();
    a.resume_token_hash = q.getColumn(4).getString();
    a.state = core::parse_state(q.getColumn(5).getString());
    a.clock.started_at = q.getColumn(6).getInt64();
    a.clock.duration = q.getColumn(7).getInt64();
    a.clock.extra = q.getColumn(8).getInt64();
    a.clock.paused_total = q.getColumn(9).getInt64();
    if (!q.getColumn(10).isNull()) a.clock.paused_since = q.getColumn(10).getInt64();
    if (!q.getColumn(11).isNull())
        a.paper = core::paper_from_json(json::parse(q.getColumn(11).getString()));
    a.close_reason = q.getColumn(12).getString();
    a.closed_at = q.getColumn(13).getInt64();
    if (!q.getColumn(14).isNull()) a.result = json::parse(q.getColumn(14).getString());
    return a;
}

} // namespace

std::vector<core::incident_record> read_incidents(SQLite::Database& db,
                                                  std::string const& sitting_id) {
    SQLite::Statement q(
        db, "SELECT id, sitting_id, category, tickets, description, opened_by, opened_at, "
            "closed_by, closed_at, resolution FROM incidents WHERE sitting_id = ? ORDER BY id");
    q.bind(1, sitting_id);
    std::vector<core::incident_record> out;
    while (q.executeStep())
        out.push_back(
            {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
             json::parse(q.getColumn(3).getString()).get<std::vector<std::string>>(),
             q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getInt64(),
             q.getColumn(7).getString(), q.getColumn(8).getInt64(), q.getColumn(9).getString()});
    return out;
}

namespace {
writer::done report(core::write_status on_success, core::write_done done) {
    return [on_success, done = std::move(done)](bool durable) {
        done(durable ? on_success : core::write_status::failed);
    };
}
} // namespace

sqlite_store::sqlite_store(std::filesystem::path const& file, writer& w, util::clock const& clock)
    : uploads_dir_(file.parent_path() / "uploads"), reader_(open_reader(file)), writer_(w),
      answer_log_(w), clock_(clock) {}

sqlite_store::~sqlite_store() = default;

std::optional<core::sitting_record> sqlite_store::find_sitting(std::string const& id) {
    std::lock_guard lock(reader_mutex_);
    return store::find_sitting(*reader_, id);
}

core::scored_sitting sqlite_store::scored_papers(std::string const& sitting_id) {
    std::lock_guard lock(reader_mutex_);
    return store::scored_papers(*reader_, sitting_id);
}

std::vector<core::sitting_record> sqlite_store::all_sittings() {
    std::lock_guard lock(reader_mutex_);
    return store::all_sittings(*reader_);
}

std::optional<core::candidate_record> sqlite_store::find_candidate(std::string const& ticket) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, std::string("SELECT ") + candidate_columns +
                                      " FROM candidates WHERE ticket = ?");
    q.bind(1, ticket);
    if (!q.executeStep()) return std::nullopt;
    return read_candidate(q);
}

std::optional<core::assessment> sqlite_store::find_assessment(std::string const& id) {
    std::lock_guard lock(reader_mutex_);
    return store::find_assessment(*reader_, id);
}

core::item_pool sqlite_store::items_for(core::assessment const& a) {
    std::set<std::string> banks;
    for (auto const& s : a.sections)
        for (auto const& d : s.draws) banks.insert(d.bank);
    std::lock_guard lock(reader_mutex_);
    core::item_pool pool;
    SQLite::Statement q(*reader_, a.forms.empty()
                                      ? "SELECT bank_id, document FROM items WHERE bank_id = ?"
                                      : "SELECT bank_id, document FROM items");
    auto read_all = [&] {
        while (q.executeStep())
            pool[q.getColumn(0).getString()].push_back(
                json::parse(q.getColumn(1).getString()).get<core::item>());
        q.reset();
    };
    if (!a.forms.empty()) {
        read_all();
        return pool;
    }
    for (auto const& b : banks) {
        q.bind(1, b);
        read_all();
    }
    return pool;
}

std::vector<core::attempt_record> sqlite_store::query_attempts(std::string const& where,
                                                               std::string const& value) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, attempt_columns + where);
    if (!value.empty()) q.bind(1, value);
    std::vector<core::attempt_record> out;
    while (q.executeStep()) out.push_back(read_attempt(q));
    return out;
}

std::optional<core::attempt_record> sqlite_store::find_attempt(std::string const& ticket) {
    auto rows = query_attempts("WHERE ticket = ?", ticket);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::optional<core::attempt_record> sqlite_store::find_by_token(std::string const& token_hash) {
    auto rows = query_attempts("WHERE resume_token_hash = ?", token_hash);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::optional<core::staff_record> sqlite_store::find_staff(std::string const& username) {
    std::lock_guard lock(reader_mutex_);
    return store::find_staff(*reader_, username);
}

std::vector<core::attempt_record> sqlite_store::attempts_of(std::string const& sitting_id) {
    return query_attempts("WHERE sitting_id = ? ORDER BY ticket", sitting_id);
}

std::vector<core::attempt_record> sqlite_store::open_attempts() {
    return query_attempts("WHERE state != 'closed'", "");
}

std::vector<core::answer_record> sqlite_store::answers(std::int64_t attempt_id) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, "SELECT item_id, seq, response, saved_at FROM answers "
                                  "WHERE attempt_id = ? ORDER BY seq");
    q.bind(1, attempt_id);
    std::vector<core::answer_record> out;
    while (q.executeStep())
        out.push_back({attempt_id, q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                       json::parse(q.getColumn(2).getString()), q.getColumn(3).getInt64()});
    return out;
}

std::vector<std::string> sqlite_store::flags(std::int64_t attempt_id) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, "SELECT item_id FROM flags WHERE attempt_id = ?");
    q.bind(1, attempt_id);
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

void sqlite_store::update_attempt(core::attempt_record const& a,
                                  core::audit_event e,
                                  core::write_done done) {
    auto at = clock_.now();
    writer_.submit(
        [a, e = std::move(e), at](SQLite::Database& db) {
            SQLite::Statement q(db, "UPDATE attempts SET terminal_id = ?, resume_token_hash = ?, "
                                    "state = ?, started_at = ?, duration_ms = ?, extra_ms = ?, "
                                    "paused_total_ms = ?, paused_since = ?, paper = ?, "
                                    "close_reason = ?, closed_at = ?, result = ? WHERE id = ?");
            q.bind(1, a.terminal_id);
            q.bind(2, a.resume_token_hash);
            q.bind(3, std::string(core::state_name(a.state)));
            q.bind(4, a.clock.started_at);
            q.bind(5, a.clock.duration);
            q.bind(6, a.clock.extra);
            q.bind(7, a.clock.paused_total);
            if (a.clock.paused_since)
                q.bind(8, *a.clock.paused_since);
            else
                q.bind(8);
            if (!a.paper)
                q.bind(9);
            else
                q.bind(9, core::paper_to_json(*a.paper).dump());
            q.bind(10, a.close_reason);
            q.bind(11, a.closed_at);
            if (a.result.is_null())
                q.bind(12);
            else
                q.bind(12, a.result.dump());
            q.bind(13, a.id);
            if (q.exec() != 1) throw std::runtime_error("no such attempt");
            append_audit(db, e, at);
        },
        report(core::write_status::stored, std::move(done)));
}

void sqlite_store::save_answer(core::answer_record const& a, core::write_done done) {
    auto status = std::make_shared<core::write_status>(core::write_status::stored);
    writer_.submit(
        [this, a, status](SQLite::Database& db) { // the hot path: statements prepared once
            *status = answer_log_.append(db, writer_.statements(), a, a.response.dump());
        },
        [status, done = std::move(done)](bool durable) {
            done(durable ? *status : core::write_status::failed);
        });
}

void sqlite_store::set_flag(std::int64_t attempt_id,
                            std::string const& item_id,
                            bool flagged,
                            core::audit_event e,
                            core::write_done done) {
    auto at = clock_.now();
    writer_.submit(
        [=, e = std::move(e)](SQLite::Database& db) {
            SQLite::Statement q(db, flagged
                                        ? "INSERT OR IGNORE INTO flags VALUES (?, ?)"
                                        : "DELETE FROM flags WHERE attempt_id = ? AND item_id = ?");
            q.bind(1, attempt_id);
            q.bind(2, item_id);
            q.exec();
            append_audit(db, e, at);
        },
        report(core::write_status::stored, std::move(done)));
}

// One column of a candidate's row, with its audit entry, in the same transaction.
void sqlite_store::update_candidate(char const* sql,
                                    std::string const& value,
                                    std::string const& ticket,
                                    core::audit_event e,
                                    core::write_done done) {
    auto at = clock_.now();
    writer_.submit(
        [=, e = std::move(e)](SQLite::Database& db) {
            SQLite::Statement q(db, sql);
            q.bind(1, value);
            q.bind(2, ticket);
            q.exec();
            append_audit(db, e, at);
        },
        report(core::write_status::stored, std::move(done)));
}

void sqlite_store::set_checkin(core::candidate_record const& c,
                               core::audit_event e,
                               core::write_done done) {
    auto at = clock_.now();
    writer_.submit(
        [c, at, e = std::move(e)](SQLite::Database& db) {
            SQLite::Statement q(db, "UPDATE candidates SET checkin = ?, checkin_at = ?, "
                                    "access_code = ? WHERE ticket = ?");
            q.bind(1, c.checkin);
            q.bind(2, c.checkin_at);
            q.bind(3, c.access_code);
            q.bind(4, c.ticket);
            q.exec();
            append_audit(db, e, at);
        },
        report(core::write_status::stored, std::move(done)));
}

void sqlite_store::set_seat(std::string const& ticket,
                            std::string const& seat,
                            core::audit_event e,
                            core::write_done done) {
    update_candidate("UPDATE candidates SET seat = ? WHERE ticket = ?", seat, ticket, std::move(e),
                     std::move(done));
}

void sqlite_store::record(core::audit_event e, core::write_done done) {
    auto at = clock_.now();
    writer_.submit([e = std::move(e), at](SQLite::Database& db) { append_audit(db, e, at); },
                   report(core::write_status::stored, std::move(done)));
}

void sqlite_store::open_incident(core::incident_record const& i,
                                 core::audit_event e,
                                 std::function<void(std::int64_t)> done) {
    auto id = std::make_shared<std::int64_t>(0);
    writer_.submit(
        [i, e = std::move(e), id](SQLite::Database& db) {
            SQLite::Statement q(
                db, "INSERT INTO incidents (sitting_id, category, tickets, description, "
                    "opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?)");
            q.bind(1, i.sitting_id);
            q.bind(2, i.category);
            q.bind(3, json(i.tickets).dump());
            q.bind(4, i.description);
            q.bind(5, i.opened_by);
            q.bind(6, i.opened_at);
            q.exec();
            *id = db.getLastInsertRowid();
            auto event = e;
            event.subject = std::to_string(*id);
            append_audit(db, event, i.opened_at);
        },
        [id, done = std::move(done)](bool durable) { done(durable ? *id : 0); });
}

void sqlite_store::close_incident(std::int64_t id,
                                  std::string const& by,
                                  std::string const& resolution,
                                  util::millis at,
                                  core::audit_event e,
                                  core::write_done done) {
    writer_.submit(
        [=, e = std::move(e)](SQLite::Database& db) {
            SQLite::Statement q(db,
                                "UPDATE incidents SET closed_by = ?, closed_at = ?, resolution = ? "
                                "WHERE id = ? AND closed_at = 0");
            q.bind(1, by);
            q.bind(2, at);
            q.bind(3, resolution);
            q.bind(4, id);
            if (q.exec() != 1) throw std::runtime_error("no open incident");
            append_audit(db, e, at);
        },
        report(core::write_status::stored, std::move(done)));
}

std::vector<core::incident_record> sqlite_store::incidents(std::string const& sitting_id) {
    std::lock_guard lock(reader_mutex_);
    return read_incidents(*reader_, sitting_id);
}

std::optional<core::figure> sqlite_store::find_figure(std::string const& bank_id,
                                                      std::string const& item_id,
                                                      std::string const& name) {
    std::lock_guard lock(reader_mutex_);
    return store::find_figure(*reader_, bank_id, item_id, name);
}

bool sqlite_store::has_photo(std::string const& national_id) {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, "SELECT 1 FROM candidate_photos WHERE national_id = ?");
    q.bind(1, national_id);
    return q.executeStep();
}

std::optional<core::photo_record> sqlite_store::photo(std::string const& national_id) {
    std::lock_guard lock(reader_mutex_);
    auto p = photo_of(*reader_, national_id);
    if (!p) return std::nullopt;
    return core::photo_record{std::move(p->media_type), std::move(p->bytes), std::move(p->sha256)};
}

util::millis sqlite_store::last_alive() {
    std::lock_guard lock(reader_mutex_);
    SQLite::Statement q(*reader_, "SELECT value FROM meta WHERE key = 'last_alive'");
    return q.executeStep() ? std::stoll(q.getColumn(0).getString()) : 0;
}

void sqlite_store::record_alive(core::write_done done) {
    auto now = clock_.now();
    writer_.submit(
        [now](SQLite::Database& db) {
            SQLite::Statement q(db, "INSERT INTO meta VALUES ('last_alive', ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            q.bind(1, std::to_string(now));
            q.exec();
        },
        report(core::write_status::stored, std::move(done)));
}

} // namespace craftmark::store
