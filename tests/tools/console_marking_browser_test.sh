#!/usr/bin/env bash
# Marking and item statistics in the staff console, in headless Chromium: see
# tests/web/console_marking_test.mjs. The data folder holds the demo's CNC practical sitting, open
# now, with one candidate of 城南技师学院; three judges and a chief examiner, and one judge from the
# candidate's own college; and a written sitting of four choice items for eight candidates, one
# option's text hostile HTML.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
c scheme import "$repo/question-banks/cnc-turning-worldskills-scheme.json"
c assessment add "$repo/question-banks/demo/cnc-turning-practical.json" --checkers "$repo/question-banks/checkers"
c sitting create --id p --assessment cnc-turning-l4-practical --room "Workshop 2" --start now
printf 'ticket,name,national_id,seat,organisation\nW1,李明 Li Ming,1,L03,城南技师学院\n' > "$work/c.csv"
c sitting register p "$work/c.csv"
code=$("$cli" --data "$data" sitting codes p --release | sed -n 2p | cut -f3)
echo "judge-secret-1" > "$work/pw"
c staff add zhou --role examiner --name "周评委" --scope sitting:p --organisation 市机械厂 --password-file "$work/pw"
c staff add j2 --role examiner --scope sitting:p --organisation 市职教中心 --password-file "$work/pw"
c staff add j3 --role examiner --scope sitting:p --password-file "$work/pw"
c staff add own --role examiner --scope sitting:p --organisation 城南技师学院 --password-file "$work/pw"
c staff add chen --role examiner --name "陈裁判长" --scope sitting:p --scope chief --organisation 市鉴定中心 --password-file "$work/pw"
python3 - "$work/written.json" <<'PY'
import json, sys
items = [{"id": f"S{n}", "type": "single_choice", "points": 1, "knowledgePoint": f"K{(n + 1) // 2}",
          "stem": {"format": "plain", "text": f"第 {n} 题 Question {n}"},
          "choices": [{"id": "A", "text": "right", "fraction": 1}, {"id": "B", "text": "wrong", "fraction": 0},
                      {"id": "C", "text": "<img src=x onerror=\"window.hacked=1\">", "fraction": 0}]}
         for n in range(1, 5)]
json.dump({"kind": "qbank", "bank": {"id": "written"}, "items": items}, open(sys.argv[1], "w"))
PY
printf '{"kind": "assessment", "id": "written", "title": "车工理论 Theory", "durationMinutes": 30, "reviewPolicy": "score", "sections": [{"id": "S", "title": "S", "draw": [{"bank": "written", "count": 4}]}]}' > "$work/written-assessment.json"
c bank import "$work/written.json"
c assessment add "$work/written-assessment.json"
c sitting create --id w --assessment written --room 301 --start now
{ echo 'ticket,name,national_id,seat'; for n in 1 2 3 4 5 6 7 8; do echo "C$n,考生 $n,10$n,A0$n"; done; } > "$work/w.csv"
c sitting register w "$work/w.csv"
"$cli" --data "$data" sitting codes w --release | tail -n +2 | cut -f2,3 > "$work/w-codes.tsv"
node "$repo/tests/web/console_marking_test.mjs" "$server" "$data" W1 "$code" "$work/w-codes.tsv"
# The bank the administrator imported in the console is stored, audited under that account, with
# the three sound questions only.
"$cli" --data "$data" bank list | grep -q "^electric" || { echo "FAIL: the bank is not stored"; exit 1; }
[ "$(sqlite3 "$data/craftmark.db" "SELECT count(*) FROM items WHERE bank_id = 'electric'")" = 3 ] || { echo "FAIL: not 3 items"; exit 1; }
[ "$(sqlite3 "$data/craftmark.db" "SELECT actor FROM audit WHERE subject LIKE '%electric%' LIMIT 1")" = "staff:admin" ] || { echo "FAIL: the import is not audited under staff:admin"; exit 1; }
! "$cli" --data "$data" bank list | grep -qE "^(bad|broken)" || { echo "FAIL: a refused bank was stored"; exit 1; }
echo "ok   the imported bank is stored with its three questions, audited under staff:admin; refused ones are not"
