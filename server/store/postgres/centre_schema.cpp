#include "server/store/postgres/centre_schema.hpp"

#include <array>
#include <string>

namespace craftmark::store {
namespace {

// Each script is one version; never edit a released one, add the next.
constexpr std::array migrations{
    R"sql(
-- The alliance: the human-resources bureau, vocational schools, enterprises and industrial
-- parks, each with its venues.
CREATE TABLE organisations (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('bureau', 'school', 'enterprise', 'park')),
  added_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE venues (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  name text NOT NULL, organisation text NOT NULL REFERENCES organisations(id),
  certificate text NOT NULL, added_at timestamptz NOT NULL DEFAULT now());
-- One venue database's chain: a venue that starts a new database (a new epoch) starts a new
-- chain, so a restored backup can never overwrite entries the centre holds.
CREATE TABLE venue_chains (
  venue text NOT NULL REFERENCES venues(id), epoch text NOT NULL,
  head_seq bigint NOT NULL DEFAULT 0, head_hash text NOT NULL,
  last_received timestamptz, PRIMARY KEY (venue, epoch));
CREATE TABLE outbox_entries (
  venue text NOT NULL, epoch text NOT NULL, seq bigint NOT NULL CHECK (seq > 0),
  at bigint NOT NULL, actor text NOT NULL, action text NOT NULL, subject text NOT NULL,
  detail text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (venue, epoch, seq));
-- No foreign key to venue_chains: entries are only added in the transaction that holds their
-- chain's row locked, and a per-row check would halve the ingest rate (docs/performance.md).
CREATE TABLE refused_batches (
  id bigserial PRIMARY KEY, venue text NOT NULL, epoch text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(), source text NOT NULL,
  first_seq bigint, last_seq bigint, reason text NOT NULL);
)sql",
    R"sql(
-- What goes down to a venue before an exam day: each sitting with its roster and its paper.
-- The paper (its banks) is kept as sent, sealed under its own key (AES-256-GCM), and the key is
-- given to the venue only from the sitting's start (venue_package.hpp).
CREATE TABLE sittings (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  venue text NOT NULL REFERENCES venues(id),
  assessment_id text NOT NULL, title text NOT NULL, room text NOT NULL,
  starts_at bigint NOT NULL, duration_ms bigint NOT NULL, review text NOT NULL,
  checkin text NOT NULL, delivery text NOT NULL,
  assessment text NOT NULL, paper bytea NOT NULL, paper_key bytea NOT NULL,
  key_released_at timestamptz, added_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX sittings_by_venue ON sittings (venue, starts_at);
-- One person is one national ID across venues.
CREATE TABLE sitting_candidates (
  sitting text NOT NULL REFERENCES sittings(id), ticket text NOT NULL,
  national_id text NOT NULL, name text NOT NULL, seat text NOT NULL,
  organisation text NOT NULL, romanised_name text NOT NULL,
  PRIMARY KEY (sitting, ticket));
CREATE INDEX sitting_candidates_by_person ON sitting_candidates (national_id);
)sql",
    R"sql(
-- Results as venues release them: a results.release entry of a venue's chain, projected in the
-- transaction that applies it. One row per candidate of a sitting; a later release wins.
CREATE TABLE results (
  venue text NOT NULL, sitting text NOT NULL, ticket text NOT NULL,
  national_id text NOT NULL, name text NOT NULL, romanised_name text NOT NULL,
  organisation text NOT NULL, assessment_id text NOT NULL, component text NOT NULL,
  closed_at bigint NOT NULL, final boolean NOT NULL, result jsonb NOT NULL,
  released_at bigint NOT NULL, PRIMARY KEY (venue, sitting, ticket));
CREATE INDEX results_by_person ON results (national_id);
CREATE INDEX results_by_organisation ON results (organisation);
-- The assessments those results were sat under, as released: a qualification (an occupation at
-- a level) combines its components by their rule.
CREATE TABLE released_assessments (
  id text PRIMARY KEY, occupation_code text NOT NULL, level text NOT NULL, document text NOT NULL);
-- The organisations' staff at the centre: each sees what its organisation may.
CREATE TABLE staff (
  username text PRIMARY KEY, organisation text NOT NULL REFERENCES organisations(id),
  password_hash text NOT NULL, added_at timestamptz NOT NULL DEFAULT now());
)sql",
    R"sql(
-- A competition's results are released to the whole alliance.
ALTER TABLE results ADD COLUMN shared boolean NOT NULL DEFAULT false;
-- The register of the certificates the centre issued, as its issuing office signed them (the
-- office keeps the keys and status lists; this is what the alliance and employers look up).
CREATE TABLE certificates (
  number text PRIMARY KEY, id text NOT NULL UNIQUE, national_id text NOT NULL,
  holder text NOT NULL, occupation text NOT NULL, occupation_code text NOT NULL,
  level text NOT NULL, issued text NOT NULL, status text NOT NULL, status_reason text NOT NULL);
CREATE INDEX certificates_by_person ON certificates (national_id);
)sql",
};

} // namespace

int migrate_centre(pg::connection& db) {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
    int version = 0;
    for (std::size_t next = 0; next < migrations.size(); ++next) {
        pg::transaction tx(db);
        // Held until this transaction ends: a second process waits here, then sees the version.
        db.exec("SELECT pg_advisory_xact_lock(72616674)");
        auto current = db.exec("SELECT coalesce(max(version), 0) FROM schema_version");
        version = static_cast<int>(current.integer(0, 0));
        if (version > static_cast<int>(next)) continue;
        db.run_script(migrations[next]);
        db.exec("INSERT INTO schema_version (version) VALUES ($1)", {static_cast<int>(next) + 1});
        tx.commit();
        version = static_cast<int>(next) + 1;
    }
    return version;
}

} // namespace craftmark::store
