#!/usr/bin/env bash
# The chief judge's reveal in the staff console, in headless Chromium: see
# tests/web/console_event_test.mjs. The data folder holds a drawn event whose module has locked
# marks (written directly: this tests the reveal, not marking), not revealed yet; its chief judge
# and another examiner.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
c scheme import "$repo/question-banks/cnc-turning-worldskills-scheme.json"
c assessment add "$repo/question-banks/demo/cnc-turning-practical.json" --checkers "$repo/question-banks/checkers"
c sitting create --id p1 --assessment cnc-turning-l4-practical --start now
c sitting register p1 "$repo/question-banks/demo/practical-candidates.csv"
echo "chief-secret" > "$work/chief.pw"
c staff add chief --role examiner --name "裁判长" --scope sitting:p1 --scope chief --password-file "$work/chief.pw"
c staff add judge2 --role examiner --name "裁判" --scope sitting:p1 --password-file "$work/chief.pw"
sed 's/"demo-practical"/"p1"/; s/"examiner"/"chief"/; s/, "judge3"//' "$repo/question-banks/demo/competition.json" > "$work/event.json"
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
node "$repo/tests/web/console_event_test.mjs" "$server" "$data"
# The reveal is in the hash-chained audit log under the chief judge's own account, and the chain
# still verifies with the server's entries and the console's reveal in it.
actor=$(sqlite3 "$data/craftmark.db" "SELECT actor FROM audit WHERE action = 'event.reveal'")
[ "$actor" = "staff:chief" ] || { echo "FAIL: the reveal's audit entry names '$actor'"; exit 1; }
"$cli" --data "$data" audit verify >/dev/null || { echo "FAIL: the audit chain does not verify"; exit 1; }
echo "ok   the reveal is audited under staff:chief and the chain verifies"
