#!/usr/bin/env bash
# The practical component in headless Chromium: see tests/web/exam_practical_test.mjs. The data
# folder holds the demo's CNC practical sitting, open now, and one candidate.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
c assessment add "$repo/question-banks/demo/cnc-turning-practical.json" --checkers "$repo/question-banks/checkers"
c sitting create --id p --assessment cnc-turning-l4-practical --room "Workshop 2" --start now
printf 'ticket,name,national_id,seat\nW1,李明 Li Ming,1,L03\n' > "$work/c.csv"
c sitting register p "$work/c.csv"
code=$("$cli" --data "$data" sitting codes p --release | sed -n 2p | cut -f3)
node "$repo/tests/web/exam_practical_test.mjs" "$server" "$data" W1 "$code"
