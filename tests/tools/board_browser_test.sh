#!/usr/bin/env bash
# The public competition board in headless Chromium: see tests/web/board_test.mjs. The data
# folder holds a drawn event whose module has locked marks (written directly: this tests the
# board, not marking), frozen before the chief judge's reveal.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
cleanup() { kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
server_pid=""
trap cleanup EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
c scheme import "$repo/question-banks/cnc-turning-worldskills-scheme.json"
c assessment add "$repo/question-banks/demo/cnc-turning-practical.json" --checkers "$repo/question-banks/checkers"
c sitting create --id p1 --assessment cnc-turning-l4-practical --start now
c sitting register p1 "$repo/question-banks/demo/practical-candidates.csv"
echo "chief-secret" > "$work/chief.pw"
c staff add chief --role examiner --name "裁判长" --scope sitting:p1 --scope chief --password-file "$work/chief.pw"
sed 's/"demo-practical"/"p1"/; s/"examiner"/"chief"/; s/, "judge2", "judge3"//' "$repo/question-banks/demo/competition.json" > "$work/event.json"
c event add "$work/event.json"
c event draw city-2026 cnc-turning
c event draw city-2026 cnc-turning --round workstations
# Locked works: 李明 90 %, 周强 80 %, 吴静 70 % on both tasks.
sqlite3 "$data/craftmark.db" "UPDATE attempts SET state = 'closed';
  INSERT INTO works (sitting_id, attempt_id, task, code, state, score)
    SELECT 'p1', a.id, t.task, a.ticket || t.task, 'locked',
           json_object('total', CASE a.ticket WHEN 'CNC2026110001' THEN 90
                                              WHEN 'CNC2026110002' THEN 80 ELSE 70 END)
    FROM attempts a, (SELECT 'T1' AS task UNION SELECT 'T2') t"
c event freeze city-2026
c event reveal city-2026 cnc-turning P --chief chief --password-file "$work/chief.pw"

"$server" --data "$data" --listen 127.0.0.1:0 > "$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
[ -n "$port" ] || { echo "FAIL: server did not start"; cat "$work/server.err"; exit 1; }
node "$repo/tests/web/board_test.mjs" "https://127.0.0.1:$port" "$cli" "$data"
