#!/usr/bin/env bash
# The centre's figures, each beside its baseline from the same run, on a throwaway PostgreSQL
# cluster (tests/tools/postgres_cluster.sh):
#   1. ingest: venues' outbox entries through the centre's store (craftmark-ingest-bench: two
#      venues at once, batches of 1,000) against pgbench inserting rows of the same shape, 1,000
#      per statement, two clients, `ON CONFLICT DO NOTHING` — PostgreSQL's own rate for them;
#   2. drain: a venue's chain of ENTRIES answer entries (default 4,000,000: a 3-hour sitting of
#      2,000 candidates saving every 5 s, at the 0.93 entries a save the server writes at that
#      load) uploaded by `craftmark outbox upload` to `craftmark-centre serve` over mutual TLS.
# Venue, centre and PostgreSQL share this machine's cores, so the drain is a floor.
# Usage: tools/bench/centre.sh [ENTRIES]     (CRAFTMARK_BUILD: the build folder, build/ by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${CRAFTMARK_BUILD:-build}
entries=${1:-4000000}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; tests/tools/postgres_cluster.sh stop "$work/pg.env"; rm -rf "$work"; }
trap cleanup EXIT
tests/tools/postgres_cluster.sh start "$work/pg.env" >/dev/null
pg=$(cat "$work/pg.env")
psql "$pg dbname=postgres" -qc "CREATE DATABASE bench" -c "CREATE DATABASE drain"
"$build/server/craftmark-centre" --database "$pg dbname=bench" --data "$work/centre" init --name bench >/dev/null
psql "$pg dbname=bench" -qc "CREATE TABLE pgbench_outbox (LIKE outbox_entries INCLUDING ALL)"

cat > "$work/insert.sql" <<'SQL'
\set base random(1, 100000000000)
INSERT INTO pgbench_outbox (venue, epoch, seq, at, actor, action, subject, detail, prev_hash, hash)
SELECT 'pgbench', 'e1', :base::bigint * 10000 + g, 1796000000000, 'candidate:T1234', 'answer.save', 'T1234',
  '{"saves":[{"attempt":1234,"seq":' || g || ',"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}',
  repeat('p', 64), repeat('h', 64) FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING;
SQL
host=$(sed 's/^host=\([^ ]*\) .*/\1/' "$work/pg.env")
tps=$(pgbench -h "$host" -p 5433 -U postgres -n -c 2 -j 2 -T 15 -f "$work/insert.sql" bench 2>/dev/null |
  sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
baseline=$(python3 -c "print(int($tps * 1000))")
ingest=$("$build/tools/craftmark-ingest-bench" --database "$pg dbname=bench" --venues 2 \
  --entries 200000 --batch 1000 | python3 -c 'import json,sys; print(json.load(sys.stdin)["per_second"])')

cli="$build/tools/craftmark"; centre="$build/server/craftmark-centre"
cc() { "$centre" --database "$pg dbname=drain" --data "$work/drain-centre" "$@"; }
cc init --name bench >/dev/null
cc organisation add school-1 --name "school 1" --kind school >/dev/null
cc venue add v1 --name "venue 1" --organisation school-1 -o "$work/v1.venue.pem" >/dev/null
. tools/admin-account.sh "$cli" "$work/venue"
"$cli" --data "$work/venue" venue join "$work/v1.venue.pem" >/dev/null
python3 tools/bench/synthetic_chain.py "$work/venue/craftmark.db" "$entries"
"$centre" --database "$pg dbname=drain" --data "$work/drain-centre" serve --listen 127.0.0.1:0 \
  > "$work/serve.log" 2>&1 &
for _ in $(seq 100); do grep -q "taking venues" "$work/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.log")
start=$(date +%s.%N)
"$cli" --data "$work/venue" outbox upload --centre "https://127.0.0.1:$port" >/dev/null
drain=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
cc verify | grep -q "intact, $(sqlite3 "$work/venue/craftmark.db" 'SELECT count(*) FROM audit') entries" \
  || { echo "the drained chain does not verify" >&2; exit 1; }

python3 - "$baseline" "$ingest" "$entries" "$drain" <<'PY'
import sys
baseline, ingest, entries, drain = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print("| Measure | Craftmark | Baseline (same run) | Ratio |")
print("|---|---|---|---|")
print(f"| Ingest, entries/s (2 venues, batches of 1,000) | {ingest:,} | pgbench, same rows: {baseline:,} | {ingest / baseline:.2f} |")
print(f"| Drain of {entries:,} entries, one venue, mutual TLS | {drain} s ({int(entries / drain):,}/s) | — | — |")
PY
