#include "server/store/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <array>
#include <sstream>
#include <string_view>

namespace craftmark::store {
namespace {

// Append-only: never edit a migration that has shipped; add the next one.
constexpr std::array<std::string_view, 19> migrations = {R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE banks (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, document TEXT NOT NULL, imported_at INTEGER NOT NULL);
CREATE TABLE items (
  bank_id TEXT NOT NULL REFERENCES banks(id) ON DELETE CASCADE, id TEXT NOT NULL,
  type TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (bank_id, id));
CREATE TABLE assessments (id TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE sittings (
  id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL REFERENCES assessments(id),
  title TEXT NOT NULL, venue TEXT NOT NULL, room TEXT NOT NULL, starts_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL DEFAULT 0, review_policy TEXT NOT NULL DEFAULT '');
CREATE TABLE candidates (
  ticket TEXT PRIMARY KEY, sitting_id TEXT NOT NULL REFERENCES sittings(id),
  name TEXT NOT NULL, national_id TEXT NOT NULL, seat TEXT NOT NULL, access_code TEXT NOT NULL);
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY, ticket TEXT NOT NULL UNIQUE REFERENCES candidates(ticket),
  sitting_id TEXT NOT NULL REFERENCES sittings(id), terminal_id TEXT NOT NULL DEFAULT '',
  resume_token_hash TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT 'waiting',
  started_at INTEGER NOT NULL DEFAULT 0, duration_ms INTEGER NOT NULL,
  extra_ms INTEGER NOT NULL DEFAULT 0, paused_total_ms INTEGER NOT NULL DEFAULT 0,
  paused_since INTEGER, paper TEXT, close_reason TEXT NOT NULL DEFAULT '',
  closed_at INTEGER NOT NULL DEFAULT 0, result TEXT);
CREATE INDEX attempts_by_token ON attempts(resume_token_hash);
CREATE TABLE answers (
  attempt_id INTEGER NOT NULL REFERENCES attempts(id), seq INTEGER NOT NULL,
  item_id TEXT NOT NULL, response TEXT NOT NULL, saved_at INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, seq)) WITHOUT ROWID;
CREATE TABLE flags (
  attempt_id INTEGER NOT NULL REFERENCES attempts(id), item_id TEXT NOT NULL,
  PRIMARY KEY (attempt_id, item_id)) WITHOUT ROWID;
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  subject TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
)sql",
                                                         R"sql(
CREATE TABLE staff (
  username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE staff_scopes (
  username TEXT NOT NULL REFERENCES staff(username) ON DELETE CASCADE, scope TEXT NOT NULL,
  PRIMARY KEY (username, scope)) WITHOUT ROWID;
ALTER TABLE candidates ADD COLUMN checkin TEXT NOT NULL DEFAULT '';
)sql",
                                                         R"sql(
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY, sitting_id TEXT NOT NULL REFERENCES sittings(id),
  category TEXT NOT NULL, tickets TEXT NOT NULL, description TEXT NOT NULL,
  opened_by TEXT NOT NULL, opened_at INTEGER NOT NULL,
  closed_by TEXT NOT NULL DEFAULT '', closed_at INTEGER NOT NULL DEFAULT 0,
  resolution TEXT NOT NULL DEFAULT '');
CREATE INDEX incidents_by_sitting ON incidents(sitting_id);
)sql",
                                                         R"sql(
CREATE TABLE issuer (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1), name TEXT NOT NULL,
  organization_identifier TEXT NOT NULL, issuer_id TEXT NOT NULL, base_url TEXT NOT NULL,
  number_prefix TEXT NOT NULL, crl_number INTEGER NOT NULL DEFAULT 0);
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY, serial TEXT NOT NULL, certificate TEXT NOT NULL,
  created_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL DEFAULT 0,
  revoke_reason TEXT NOT NULL DEFAULT '');
CREATE TABLE status_lists (
  id INTEGER PRIMARY KEY, purpose TEXT NOT NULL, bits BLOB NOT NULL,
  signed_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE certificates (
  id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, sitting_id TEXT NOT NULL,
  ticket TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active',
  status_reason TEXT NOT NULL DEFAULT '', issued_at INTEGER NOT NULL, kid TEXT NOT NULL,
  document TEXT NOT NULL,
  revocation_list INTEGER NOT NULL, revocation_index INTEGER NOT NULL,
  suspension_list INTEGER NOT NULL, suspension_index INTEGER NOT NULL,
  UNIQUE (sitting_id, ticket, kind),
  UNIQUE (revocation_list, revocation_index), UNIQUE (suspension_list, suspension_index));
CREATE TABLE signing_log (
  seq INTEGER PRIMARY KEY, subject TEXT NOT NULL, kid TEXT NOT NULL, signed_at INTEGER NOT NULL);
)sql",
                                                         R"sql(
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL, task TEXT NOT NULL, name TEXT NOT NULL,
  size INTEGER NOT NULL, sha256 TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'partial', -- partial | complete | replaced
  started_at INTEGER NOT NULL, completed_at INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX current_upload ON uploads(attempt_id, task, name, state)
  WHERE state != 'replaced';
)sql",
                                                         R"sql(
ALTER TABLE candidates ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
CREATE TABLE marking_schemes (id TEXT PRIMARY KEY, document TEXT NOT NULL);
-- A practical task's work, known to examiners only by its random code until it is locked.
CREATE TABLE works (
  id INTEGER PRIMARY KEY, sitting_id TEXT NOT NULL, attempt_id INTEGER NOT NULL,
  task TEXT NOT NULL, code TEXT NOT NULL UNIQUE, state TEXT NOT NULL DEFAULT 'open',
  checker TEXT, score TEXT, locked_by TEXT NOT NULL DEFAULT '',
  locked_at INTEGER NOT NULL DEFAULT 0, UNIQUE (attempt_id, task));
CREATE TABLE marks (
  work_id INTEGER NOT NULL REFERENCES works(id), aspect TEXT NOT NULL, judge TEXT NOT NULL,
  entry TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', entered_at INTEGER NOT NULL,
  PRIMARY KEY (work_id, aspect, judge)) WITHOUT ROWID;
)sql",
                                                         R"sql(
-- An appeal's second marking adds works of round 2 (with new codes) beside the first round's:
-- works and marks are rebuilt, as SQLite cannot change a UNIQUE constraint in place.
CREATE TABLE works_v7 (
  id INTEGER PRIMARY KEY, sitting_id TEXT NOT NULL, attempt_id INTEGER NOT NULL,
  task TEXT NOT NULL, code TEXT NOT NULL UNIQUE, state TEXT NOT NULL DEFAULT 'open',
  checker TEXT, score TEXT, locked_by TEXT NOT NULL DEFAULT '',
  locked_at INTEGER NOT NULL DEFAULT 0, round INTEGER NOT NULL DEFAULT 1,
  UNIQUE (attempt_id, task, round));
INSERT INTO works_v7 (id, sitting_id, attempt_id, task, code, state, checker, score, locked_by,
  locked_at) SELECT id, sitting_id, attempt_id, task, code, state, checker, score, locked_by,
  locked_at FROM works;
CREATE TABLE marks_v7 (
  work_id INTEGER NOT NULL REFERENCES works_v7(id), aspect TEXT NOT NULL, judge TEXT NOT NULL,
  entry TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', entered_at INTEGER NOT NULL,
  PRIMARY KEY (work_id, aspect, judge)) WITHOUT ROWID;
INSERT INTO marks_v7 SELECT * FROM marks;
DROP TABLE marks;
DROP TABLE works;
ALTER TABLE works_v7 RENAME TO works;
ALTER TABLE marks_v7 RENAME TO marks;
CREATE INDEX works_by_sitting ON works(sitting_id);
CREATE TABLE appeals (
  id INTEGER PRIMARY KEY, sitting_id TEXT NOT NULL, ticket TEXT NOT NULL,
  attempt_id INTEGER NOT NULL, reason TEXT NOT NULL, opened_by TEXT NOT NULL,
  opened_at INTEGER NOT NULL, before TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'open',
  after TEXT, outcome TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '', decided_at INTEGER NOT NULL DEFAULT 0);
-- A re-check: a fixed checker run again over a task's open works, applied only after review.
CREATE TABLE rechecks (
  id INTEGER PRIMARY KEY, sitting_id TEXT NOT NULL, task TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', -- pending | applied | cancelled
  created_by TEXT NOT NULL, created_at INTEGER NOT NULL, detail TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '', decided_at INTEGER NOT NULL DEFAULT 0);
-- Component results of one person are found by national ID across sittings.
CREATE INDEX candidates_by_national_id ON candidates(national_id);
)sql",
                                                         R"sql(
-- A competition event: its file as imported, and the public board as it stood when frozen.
CREATE TABLE events (
  id TEXT PRIMARY KEY, document TEXT NOT NULL, created_at INTEGER NOT NULL,
  frozen_board TEXT, frozen_at INTEGER NOT NULL DEFAULT 0);
-- The two draws: a competitor number per competitor (a person's national ID, or team:<id>;
-- round one), then a workstation per number (round two).
CREATE TABLE event_competitors (
  event_id TEXT NOT NULL REFERENCES events(id), skill_id TEXT NOT NULL,
  competitor TEXT NOT NULL, number TEXT NOT NULL, workstation TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, skill_id, competitor), UNIQUE (event_id, skill_id, number));
-- A module whose locked marks the chief judge has joined to the competitors and released.
CREATE TABLE event_reveals (
  event_id TEXT NOT NULL REFERENCES events(id), skill_id TEXT NOT NULL, module_id TEXT NOT NULL,
  revealed_by TEXT NOT NULL, revealed_at INTEGER NOT NULL,
  PRIMARY KEY (event_id, skill_id, module_id));
)sql",
                                                         R"sql(
-- Access codes are issued by check-in: a candidate who is not checked in has none ('').
-- Sittings that do not check candidates in say so ('not_required') and issue codes at
-- registration, as every sitting did before.
ALTER TABLE sittings ADD COLUMN checkin TEXT NOT NULL DEFAULT 'required';
ALTER TABLE candidates ADD COLUMN checkin_at INTEGER NOT NULL DEFAULT 0;
UPDATE candidates SET access_code = '' WHERE checkin NOT IN ('checked_in', 'late');
)sql",
                                                         R"sql(
-- Certificates are dated in the issuing body's time zone (an IANA name).
ALTER TABLE issuer ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
)sql",
                                                         R"sql(
-- A candidate's name in Latin letters (as on a passport), beside the name on the ID card.
ALTER TABLE candidates ADD COLUMN romanised_name TEXT NOT NULL DEFAULT '';
)sql",
                                                         R"sql(
-- One status entry per certificate, as the Open Badges 3.0 schema wants: a slot of a two-bit
-- "message" list (0 valid, 1 suspended, 2 revoked). Certificates issued before keep their
-- revocation and suspension slots, which stay in force: their signed documents name them.
CREATE TABLE certificates_new (
  id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, sitting_id TEXT NOT NULL,
  ticket TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active',
  status_reason TEXT NOT NULL DEFAULT '', issued_at INTEGER NOT NULL, kid TEXT NOT NULL,
  document TEXT NOT NULL,
  message_list INTEGER, message_index INTEGER,
  revocation_list INTEGER, revocation_index INTEGER,
  suspension_list INTEGER, suspension_index INTEGER,
  CHECK ((message_list IS NULL) != (revocation_list IS NULL AND suspension_list IS NULL)),
  UNIQUE (sitting_id, ticket, kind), UNIQUE (message_list, message_index),
  UNIQUE (revocation_list, revocation_index), UNIQUE (suspension_list, suspension_index));
INSERT INTO certificates_new (id, number, sitting_id, ticket, kind, status, status_reason,
  issued_at, kid, document, revocation_list, revocation_index, suspension_list, suspension_index)
  SELECT id, number, sitting_id, ticket, kind, status, status_reason, issued_at, kid, document,
    revocation_list, revocation_index, suspension_list, suspension_index FROM certificates;
DROP TABLE certificates;
ALTER TABLE certificates_new RENAME TO certificates;
)sql",
                                                         R"sql(
-- A candidate's photo from the roster, kept with the person (found by national ID in every
-- sitting they register for) and shown only to the staff who check them in.
CREATE TABLE candidate_photos (
  national_id TEXT PRIMARY KEY, media_type TEXT NOT NULL, bytes BLOB NOT NULL,
  sha256 TEXT NOT NULL, added_by TEXT NOT NULL, added_at INTEGER NOT NULL);
)sql",
                                                         R"sql(
-- Banks' figures, kept once by their content however many items and banks show them; each
-- item names its figures as its text does.
CREATE TABLE media (sha256 TEXT PRIMARY KEY, media_type TEXT NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE item_media (
  bank_id TEXT NOT NULL, item_id TEXT NOT NULL, name TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES media(sha256), PRIMARY KEY (bank_id, item_id, name),
  FOREIGN KEY (bank_id, item_id) REFERENCES items(bank_id, id) ON DELETE CASCADE);
)sql",
                                                         R"sql(
-- How the exam is shown to a candidate who needs it, from the roster: "large_text,high_contrast".
ALTER TABLE candidates ADD COLUMN accommodations TEXT NOT NULL DEFAULT '';
)sql",
                                                         R"sql(
-- Where a sitting is sat: 'any' (the terminal or the browser) or 'browser' (only /exam, for
-- papers with figures and formulas).
ALTER TABLE sittings ADD COLUMN delivery TEXT NOT NULL DEFAULT 'any';
)sql",
                                                         R"sql(
-- The venue this database is, once it has joined a centre: its id at the centre and the epoch
-- of its chain (new when the database is restored from a backup, so the centre never mistakes
-- a restored chain for the one it holds).
CREATE TABLE venue_link (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1), venue_id TEXT NOT NULL,
  epoch TEXT NOT NULL, centre TEXT NOT NULL, joined_at INTEGER NOT NULL);
)sql",
                                                         R"sql(
-- A sitting that came in the centre's package keeps its paper sealed (the AES-256-GCM box of its
-- banks) until the centre's key opens it at the start; until then no candidate signs in.
CREATE TABLE sealed_papers (
  sitting_id TEXT PRIMARY KEY REFERENCES sittings(id), box BLOB NOT NULL,
  received_at INTEGER NOT NULL, opened_at INTEGER);
)sql",
                                                         R"sql(
-- A save is appended to answer_log, which has no index: a group commit of a hundred candidates'
-- saves writes one or two of its pages, where a table in (attempt, seq) order had a page to
-- write for each candidate. The writer folds the log into answers_kept, sorted by attempt, a
-- slice of attempts per batch (store/answer_fold); answer_fold says how far a fold has gone:
-- the log's rows up to upto_rowid of attempts up to through_attempt are in answers_kept too.
-- Readers read the answers through the view, as they read the table before.
ALTER TABLE answers RENAME TO answers_kept;
CREATE TABLE answer_log (
  attempt_id INTEGER NOT NULL, seq INTEGER NOT NULL, item_id TEXT NOT NULL,
  response TEXT NOT NULL, saved_at INTEGER NOT NULL);
CREATE TABLE answer_fold (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1), upto_rowid INTEGER NOT NULL,
  through_attempt INTEGER NOT NULL);
INSERT INTO answer_fold VALUES (1, 0, 0);
CREATE VIEW answers AS
  SELECT attempt_id, seq, item_id, response, saved_at FROM answers_kept
  UNION ALL SELECT l.attempt_id, l.seq, l.item_id, l.response, l.saved_at
  FROM answer_log l, answer_fold f WHERE l.rowid > f.upto_rowid OR l.attempt_id > f.through_attempt;
)sql"};

void migrate(SQLite::Database& db) {
    int current = db.execAndGet("PRAGMA user_version").getInt();
    for (int v = current; v < static_cast<int>(migrations.size()); ++v) {
        write_transaction tx(db);
        db.exec(std::string(migrations[v]));
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        tx.commit();
    }
}

} // namespace

core::candidate_record read_candidate(SQLite::Statement& q) {
    core::candidate_record c{q.getColumn(0).getString(), q.getColumn(1).getString(),
                             q.getColumn(2).getString(), q.getColumn(3).getString(),
                             q.getColumn(4).getString(), q.getColumn(5).getString(),
                             q.getColumn(6).getString(), q.getColumn(7).getString(),
                             q.getColumn(8).getInt64(),  q.getColumn(9).getString()};
    std::istringstream accommodations(q.getColumn(10).getString()); // "large_text,high_contrast"
    for (std::string a; std::getline(accommodations, a, ',');)
        if (!a.empty()) c.accommodations.push_back(a);
    return c;
}

int schema_version() {
    return static_cast<int>(migrations.size());
}

std::unique_ptr<SQLite::Database> open_database(std::filesystem::path const& file) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    auto db = std::make_unique<SQLite::Database>(file.string(),
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->setBusyTimeout(10'000);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = FULL");
    db->exec("PRAGMA foreign_keys = ON");
    migrate(*db);
    return db;
}

std::unique_ptr<SQLite::Database> open_reader(std::filesystem::path const& file) {
    auto db = std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READONLY);
    db->setBusyTimeout(10'000);
    return db;
}

} // namespace craftmark::store
