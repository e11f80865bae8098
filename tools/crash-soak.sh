#!/usr/bin/env bash
# Kills craftmark-server with SIGKILL at random moments while candidates save answers as fast
# as they are acknowledged, restarts it each time, and then checks: every acknowledged save is
# stored as acknowledged, every running attempt was credited each outage (from the server's last
# sign of life before the kill to its recovery), the audit chain verifies, and every candidate
# resumed after the last restart.
# Usage: tools/crash-soak.sh [ROUNDS] [CANDIDATES]     (default 20 rounds, 50 candidates)
# The test suite runs a short form (ctest: crash_soak_short, 3 rounds of 20).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"; n="${2:-50}"
b="${CRAFTMARK_BUILD:-build}"
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
data="$work/data"
cli() { "$b/tools/craftmark" --data "$data" "$@"; }
. tools/admin-account.sh "$b/tools/craftmark" "$data"
now_ms() { date +%s%3N; }
pause() { sleep "$(awk -v lo="$1" -v hi="$2" -v r="$RANDOM" 'BEGIN { print lo + (hi - lo) * r / 32767 }')"; }

cli bank import question-banks/electrician-l4.json >/dev/null
cli assessment add question-banks/demo/electrician-l4-theory.json >/dev/null
cli sitting create --id soak --assessment electrician-l4-theory --start now >/dev/null
{ echo "ticket,name,national_id,seat"; for i in $(seq -w 1 "$n"); do echo "S$i,Candidate $i,0,$i"; done; } > "$work/c.csv"
cli sitting register soak "$work/c.csv" >/dev/null
cli sitting codes soak --release > "$work/codes.tsv"

port=0
start_server() {
  : > "$work/server.out"
  # Closed-loop saves outrun the per-connection rate limit, which is not what this tests.
  "$b/server/craftmark-server" --data "$data" --listen "127.0.0.1:$port" --message-rate 100000 > "$work/server.out" 2>>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 200); do
    p=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
    [ -n "$p" ] && { port=$p; return; }
    sleep 0.05
  done
  echo "crash-soak: the server did not start again; its log:" >&2; tail -20 "$work/server.err" >&2; exit 1
}

start_server
duration=$((rounds * 3 + 4))
"$b/tools/craftmark-load" --port "$port" --ca "$data/pki/ca.pem" --codes "$work/codes.tsv" \
  --candidates "$n" --interval-ms 0 --duration-s "$duration" --steps saves --rejoin \
  --acknowledged "$work/acknowledged.tsv" > "$work/load.json" &
load_pid=$!
: > "$work/outages.tsv"
for round in $(seq "$rounds"); do
  pause 1 2.5
  # The time of the kill is read once the process is gone: read before, a heartbeat written
  # between the reading and the signal would seem to come after the kill.
  kill -KILL "$server_pid"; wait "$server_pid" 2>/dev/null || true; killed=$(now_ms)
  pause 0 0.5
  start_server
  echo -e "$killed\t$(now_ms)" >> "$work/outages.tsv"
  echo "crash-soak: round $round of $rounds: killed and restarted" >&2
done
wait "$load_pid" || true # connections lost at each kill count as errors there
kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true

cli audit verify
/usr/bin/python3 - "$work" "$data/craftmark.db" "$n" <<'PY'
import json, sqlite3, sys
work, db_file, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(db_file)
stored = {(t, s): (i, r) for t, s, i, r in db.execute(
    "SELECT a.ticket, s.seq, s.item_id, s.response FROM answers s JOIN attempts a ON a.id = s.attempt_id")}
acknowledged = [line.rstrip("\n").split("\t") for line in open(f"{work}/acknowledged.tsv")]
lost = [(t, s) for t, s, i, r, _ in acknowledged
        if stored.get((t, int(s))) != (i, r)]
outages = [tuple(map(int, l.split("\t"))) for l in open(f"{work}/outages.tsv")]
outage_ms = sum(ready - killed for killed, ready in outages)
credits = {}
for who, start, end, ms in db.execute(
        "SELECT subject, json_extract(detail, '$.from'), json_extract(detail, '$.to'), "
        "json_extract(detail, '$.credited_ms') FROM audit "
        "WHERE action = 'attempt.downtime_credit' ORDER BY seq"):
    credits.setdefault(who, []).append((start, end, ms))
credited = {who: sum(ms for _, _, ms in c) for who, c in credits.items()}
# Each outage is credited from the server's last sign of life before the kill to the moment it
# recovered (which comes before it says "ready", so the outage as this script saw it, up to
# "ready", is no bound).
def covers(c):
    return len(c) == len(outages) and all(
        start <= killed <= end and ms == end - start for (start, end, ms), (killed, _) in zip(c, outages))
short = {who: credited[who] for who, c in credits.items() if not covers(c)}
last_restart = outages[-1][1]
resumed = {t for t, s, i, r, at in acknowledged if int(at) > last_restart}
load = json.load(open(f"{work}/load.json"))
errors = {code: count for code, count in load["saves"]["errors"].items() if code != "connection_lost"}
print(f"crash-soak: {len(outages)} kills; {len(acknowledged)} acknowledged saves, {len(lost)} lost; "
      f"outages {outage_ms} ms in all, credited to {len(credited)} attempts "
      f"(least {min(credited.values(), default=0)} ms); {len(resumed)} of {n} candidates saved "
      f"after the last restart; rejoined {load['saves']['rejoined']} times; other errors {errors or 'none'}")
ok = (not lost and len(credited) == n and not short and len(resumed) == n and not errors
      and len(acknowledged) > 0)
sys.exit(0 if ok else 1)
PY
