#include "server/store/admin.hpp"

#include "server/core/marking/marking_scheme.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/bank_media.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/password.hpp"
#include "shared/util/clock.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <optional>
#include <set>
#include <stdexcept>

namespace craftmark::store {

using nlohmann::json;

namespace {
util::millis now() {
    return util::system_clock().now();
}

} // namespace

namespace in_transaction {

void import_bank(SQLite::Database& db,
                 core::bank const& b,
                 std::string const& actor,
                 std::vector<core::item_figure> const& figures) {
    SQLite::Statement del(db, "DELETE FROM items WHERE bank_id = ?");
    del.bind(1, b.id);
    del.exec();
    SQLite::Statement bank(db, "INSERT INTO banks VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                               "SET title = excluded.title, document = excluded.document, "
                               "imported_at = excluded.imported_at");
    auto head = core::bank_to_json(b);
    head.erase("items");
    bank.bind(1, b.id);
    bank.bind(2, b.title);
    bank.bind(3, head.dump());
    bank.bind(4, now());
    bank.exec();
    SQLite::Statement item(db, "INSERT INTO items VALUES (?, ?, ?, ?)");
    for (auto const& it : b.items) {
        item.bind(1, b.id);
        item.bind(2, it.id);
        item.bind(3, std::string(core::type_name(it.type)));
        item.bind(4, json(it).dump());
        item.exec();
        item.reset();
    }
    add_figures(db, b.id, figures);
    drop_unused_figures(db);
    append_audit(
        db, {actor, "bank.import", b.id, {{"items", b.items.size()}, {"figures", figures.size()}}},
        now());
}

} // namespace in_transaction

std::optional<core::bank> load_bank(SQLite::Database& db, std::string const& id) {
    SQLite::Statement head(db, "SELECT document FROM banks WHERE id = ?");
    head.bind(1, id);
    if (!head.executeStep()) return std::nullopt;
    auto j = json::parse(head.getColumn(0).getString());
    j["items"] = json::array();
    SQLite::Statement items(db, "SELECT document FROM items WHERE bank_id = ? ORDER BY rowid");
    items.bind(1, id);
    while (items.executeStep()) j["items"].push_back(json::parse(items.getColumn(0).getString()));
    return core::bank_from_json(j);
}

void record_admin_action(SQLite::Database& db,
                         std::string const& actor,
                         std::string const& action,
                         std::string const& subject,
                         json detail) {
    write_transaction tx(db);
    append_audit(db, {actor, action, subject, std::move(detail)}, now());
    tx.commit();
}

void put_marking_scheme(SQLite::Database& db, json const& document, std::string const& actor) {
    auto scheme = core::marking_scheme_from_json(document);
    write_transaction tx(db);
    SQLite::Statement q(db, "INSERT OR REPLACE INTO marking_schemes VALUES (?, ?)");
    q.bind(1, scheme.id);
    q.bind(2, document.dump());
    q.exec();
    append_audit(db, {actor, "scheme.put", scheme.id, {{"total", scheme.total_marks}}}, now());
    tx.commit();
}

namespace in_transaction {

void put_assessment(SQLite::Database& db, core::assessment const& a, std::string const& actor) {
    check_drawable(db, a);
    store_assessment(db, a.id, core::assessment_to_json(a), actor);
}

void store_assessment(SQLite::Database& db,
                      std::string const& id,
                      json const& document,
                      std::string const& actor) {
    SQLite::Statement q(db, "INSERT INTO assessments VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
                            "SET document = excluded.document");
    q.bind(1, id);
    q.bind(2, document.dump());
    q.exec();
    append_audit(db, {actor, "assessment.put", id, {}}, now());
}

void check_drawable(SQLite::Database& db, core::assessment const& a) {
    core::item_pool pool;
    std::set<std::string> banks;
    for (auto const& s : a.sections)
        for (auto const& d : s.draws) banks.insert(d.bank);
    for (auto const& id : banks) {
        auto b = load_bank(db, id);
        if (!b)
            throw std::invalid_argument("assessment " + a.id + " draws from bank " + id +
                                        ", which is not imported");
        pool[id] = b->items;
    }
    if (!a.forms.empty()) {
        SQLite::Statement all(db, "SELECT id FROM banks");
        while (all.executeStep()) {
            auto id = all.getColumn(0).getString();
            if (!pool.count(id)) pool[id] = load_bank(db, id)->items;
        }
    }
    core::draw_paper(a, pool, 1); // throws with a clear message when a rule cannot be met
}

void create_sitting(SQLite::Database& db, core::sitting_record const& s, std::string const& actor) {
    if (!s.review.empty()) core::parse_review(s.review); // throws on a bad name
    if (s.checkin != "required" && s.checkin != "not_required")
        throw std::invalid_argument("check-in must be required or not_required, not \"" +
                                    s.checkin + "\"");
    if (s.delivery != "any" && s.delivery != "browser")
        throw std::invalid_argument("delivery must be any or browser, not \"" + s.delivery + "\"");
    SQLite::Statement q(db, "INSERT INTO sittings (id, assessment_id, title, venue, room, "
                            "starts_at, duration_ms, review_policy, checkin, delivery) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, s.id);
    q.bind(2, s.assessment_id);
    q.bind(3, s.title);
    q.bind(4, s.venue);
    q.bind(5, s.room);
    q.bind(6, s.starts_at);
    q.bind(7, s.duration_ms);
    q.bind(8, s.review);
    q.bind(9, s.checkin);
    q.bind(10, s.delivery);
    q.exec();
    append_audit(db,
                 {actor,
                  "sitting.create",
                  s.id,
                  {{"assessment", s.assessment_id},
                   {"starts_at", s.starts_at},
                   {"room", s.room},
                   {"checkin", s.checkin},
                   {"delivery", s.delivery}}},
                 now());
}

} // namespace in_transaction

namespace {
constexpr char const* sitting_columns =
    "SELECT id, assessment_id, title, venue, room, starts_at, duration_ms, review_policy, "
    "checkin, delivery, EXISTS (SELECT 1 FROM sealed_papers p WHERE p.sitting_id = sittings.id "
    "AND p.opened_at IS NULL) FROM sittings";

core::sitting_record sitting_row(SQLite::Statement& q) {
    return core::sitting_record{
        q.getColumn(0).getString(), q.getColumn(1).getString(),   q.getColumn(2).getString(),
        q.getColumn(3).getString(), q.getColumn(4).getString(),   q.getColumn(5).getInt64(),
        q.getColumn(6).getInt64(),  q.getColumn(7).getString(),   q.getColumn(8).getString(),
        q.getColumn(9).getString(), q.getColumn(10).getInt() != 0};
}
} // namespace

std::optional<core::sitting_record> find_sitting(SQLite::Database& db, std::string const& id) {
    SQLite::Statement q(db, std::string(sitting_columns) + " WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return sitting_row(q);
}

std::vector<core::sitting_record> all_sittings(SQLite::Database& db) {
    SQLite::Statement q(db, sitting_columns);
    std::vector<core::sitting_record> out;
    while (q.executeStep()) out.push_back(sitting_row(q));
    return out;
}

std::optional<core::assessment> find_assessment(SQLite::Database& db, std::string const& id) {
    SQLite::Statement q(db, "SELECT document FROM assessments WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return core::assessment_from_json(json::parse(q.getColumn(0).getString()));
}

std::vector<core::assessment> all_assessments(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT document FROM assessments ORDER BY id");
    std::vector<core::assessment> out;
    while (q.executeStep())
        out.push_back(core::assessment_from_json(json::parse(q.getColumn(0).getString())));
    return out;
}

std::vector<std::string> registered_tickets(SQLite::Database& db,
                                            std::vector<core::candidate_record> const& people) {
    SQLite::Statement q(db, "SELECT 1 FROM candidates WHERE ticket = ?");
    std::vector<std::string> taken;
    for (auto const& c : people) {
        q.bind(1, c.ticket);
        if (q.executeStep()) taken.push_back(c.ticket);
        q.reset();
    }
    return taken;
}

namespace in_transaction {

void register_candidates(SQLite::Database& db,
                         std::string const& sitting_id,
                         std::vector<core::candidate_record>& candidates,
                         std::string const& actor) {
    SQLite::Statement duration(
        db, "SELECT a.document, s.duration_ms, s.checkin FROM sittings s JOIN assessments a "
            "ON a.id = s.assessment_id WHERE s.id = ?");
    duration.bind(1, sitting_id);
    if (!duration.executeStep()) throw std::invalid_argument("no sitting " + sitting_id);
    auto assessment = core::assessment_from_json(json::parse(duration.getColumn(0).getString()));
    if (auto own = duration.getColumn(1).getInt64(); own > 0) assessment.duration_ms = own;
    // Where candidates are checked in, their codes are issued then, not now.
    bool codes_now = duration.getColumn(2).getString() == "not_required";
    duration.reset();
    SQLite::Statement candidate(db,
                                "INSERT INTO candidates (ticket, sitting_id, name, national_id, "
                                "seat, access_code, organisation, romanised_name, accommodations) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement attempt(
        db, "INSERT INTO attempts (ticket, sitting_id, duration_ms) VALUES (?, ?, ?)");
    for (auto& c : candidates) {
        c.sitting_id = sitting_id;
        c.access_code = codes_now ? crypto::random_digits(6) : "";
        candidate.bind(1, c.ticket);
        candidate.bind(2, sitting_id);
        candidate.bind(3, c.name);
        candidate.bind(4, c.national_id);
        candidate.bind(5, c.seat);
        candidate.bind(6, c.access_code);
        candidate.bind(7, c.organisation);
        candidate.bind(8, c.romanised_name);
        std::string accommodations;
        for (auto const& a : c.accommodations)
            accommodations += (accommodations.empty() ? "" : ",") + a;
        candidate.bind(9, accommodations);
        try {
            candidate.exec();
        } catch (SQLite::Exception const&) {
            throw std::invalid_argument("ticket " + c.ticket + " is already registered");
        }
        candidate.reset();
        attempt.bind(1, c.ticket);
        attempt.bind(2, sitting_id);
        attempt.bind(3, assessment.duration_ms);
        attempt.exec();
        attempt.reset();
    }
    append_audit(db, {actor, "candidates.register", sitting_id, {{"count", candidates.size()}}},
                 now());
}

} // namespace in_transaction

// Each takes the write lock first (BEGIN IMMEDIATE), then reads: a read before it would keep a
// snapshot open, and BEGIN IMMEDIATE could then not wait for a live server's writer
// (SQLITE_BUSY_SNAPSHOT, "database is locked", at once).

void import_bank(SQLite::Database& db,
                 core::bank const& b,
                 std::string const& actor,
                 std::vector<core::item_figure> const& figures) {
    write_transaction tx(db);
    in_transaction::import_bank(db, b, actor, figures);
    tx.commit();
}

void put_assessment(SQLite::Database& db, core::assessment const& a, std::string const& actor) {
    write_transaction tx(db);
    in_transaction::put_assessment(db, a, actor);
    tx.commit();
}

void create_sitting(SQLite::Database& db, core::sitting_record const& s, std::string const& actor) {
    write_transaction tx(db);
    in_transaction::create_sitting(db, s, actor);
    tx.commit();
}

void register_candidates(SQLite::Database& db,
                         std::string const& sitting_id,
                         std::vector<core::candidate_record>& candidates,
                         std::string const& actor) {
    write_transaction tx(db);
    in_transaction::register_candidates(db, sitting_id, candidates, actor);
    tx.commit();
}

void put_staff(SQLite::Database& db,
               core::staff_record const& s,
               std::optional<std::string> const& password,
               std::string const& actor) {
    if (s.role != "admin" && s.role != "proctor" && s.role != "examiner")
        throw std::invalid_argument("the role must be admin, proctor or examiner");
    auto existing = password ? std::nullopt : find_staff(db, s.username);
    if (!password && !existing) throw std::invalid_argument("a new account needs a password");
    if (password && password->size() < 8)
        throw std::invalid_argument("a staff password needs at least 8 characters");
    if (s.scopes.empty())
        throw std::invalid_argument("give at least one scope: *, sitting:ID or venue:NAME");
    for (auto const& scope : s.scopes)
        if (scope != "*" && scope != "chief" && scope.rfind("sitting:", 0) != 0 &&
            scope.rfind("venue:", 0) != 0)
            throw std::invalid_argument("scope \"" + scope +
                                        "\" is not *, sitting:ID, venue:NAME or chief");
    auto hash = password ? crypto::hash_password(*password) : existing->password_hash;
    write_transaction tx(db);
    SQLite::Statement q(db,
                        "INSERT INTO staff VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO "
                        "UPDATE SET display_name = excluded.display_name, role = excluded.role, "
                        "password_hash = excluded.password_hash, "
                        "organisation = excluded.organisation");
    q.bind(1, s.username);
    q.bind(2, s.display_name);
    q.bind(3, s.role);
    q.bind(4, hash);
    q.bind(5, now());
    q.bind(6, s.organisation);
    q.exec();
    SQLite::Statement clear(db, "DELETE FROM staff_scopes WHERE username = ?");
    clear.bind(1, s.username);
    clear.exec();
    SQLite::Statement scope(db, "INSERT INTO staff_scopes VALUES (?, ?)");
    for (auto const& sc : s.scopes) {
        scope.bind(1, s.username);
        scope.bind(2, sc);
        scope.exec();
        scope.reset();
    }
    append_audit(
        db,
        {actor,
         "staff.put",
         s.username,
         {{"role", s.role}, {"scopes", s.scopes}, {"password_changed", password.has_value()}}},
        now());
    tx.commit();
}

std::optional<core::staff_record> find_staff(SQLite::Database& db, std::string const& username) {
    SQLite::Statement q(db, "SELECT username, display_name, role, password_hash, organisation "
                            "FROM staff WHERE username = ?");
    q.bind(1, username);
    if (!q.executeStep()) return std::nullopt;
    core::staff_record s{q.getColumn(0).getString(),
                         q.getColumn(1).getString(),
                         q.getColumn(2).getString(),
                         q.getColumn(3).getString(),
                         {},
                         q.getColumn(4).getString()};
    SQLite::Statement scopes(db, "SELECT scope FROM staff_scopes WHERE username = ?");
    scopes.bind(1, username);
    while (scopes.executeStep()) s.scopes.push_back(scopes.getColumn(0).getString());
    return s;
}

std::vector<core::staff_record> list_staff(SQLite::Database& db) {
    std::vector<core::staff_record> out;
    SQLite::Statement q(
        db, "SELECT username, display_name, role, organisation FROM staff ORDER BY username");
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(),
                       q.getColumn(1).getString(),
                       q.getColumn(2).getString(),
                       "",
                       {},
                       q.getColumn(3).getString()});
    SQLite::Statement scopes(db, "SELECT scope FROM staff_scopes WHERE username = ?");
    for (auto& s : out) {
        scopes.bind(1, s.username);
        while (scopes.executeStep()) s.scopes.push_back(scopes.getColumn(0).getString());
        scopes.reset();
    }
    return out;
}

std::vector<core::candidate_record> sitting_candidates(SQLite::Database& db,
                                                       std::string const& sitting_id) {
    SQLite::Statement q(db, std::string("SELECT ") + candidate_columns +
                                " FROM candidates WHERE sitting_id = ? ORDER BY ticket");
    q.bind(1, sitting_id);
    std::vector<core::candidate_record> out;
    while (q.executeStep()) out.push_back(read_candidate(q));
    return out;
}

std::vector<core::candidate_record>
release_codes(SQLite::Database& db, std::string const& sitting_id, std::string const& actor) {
    write_transaction tx(db);
    auto people = sitting_candidates(db, sitting_id);
    if (people.empty()) throw std::invalid_argument("no candidates registered for " + sitting_id);
    SQLite::Statement issue(db, "UPDATE candidates SET access_code = ? WHERE ticket = ?");
    json released = json::array();
    for (auto& c : people) {
        if (!c.access_code.empty() || c.checkin == "no_show" || c.checkin == "checked_out")
            continue;
        c.access_code = crypto::random_digits(6);
        issue.bind(1, c.access_code);
        issue.bind(2, c.ticket);
        issue.exec();
        issue.reset();
        released.push_back(c.ticket);
    }
    if (!released.empty())
        append_audit(db, {actor, "candidate.codes_release", sitting_id, {{"tickets", released}}},
                     now());
    tx.commit();
    return people;
}

} // namespace craftmark::store
