#!/usr/bin/env bash
# The admin CLI end to end on the shipped banks: import, export, assessment, sitting,
# registration, results export and audit verification; bad files are refused and change nothing.
set -eu  # no pipefail: "grep -q" may close a pipe early
cli="$1"; repo="$2"
data=$(mktemp -d); trap 'rm -rf "$data"' EXIT
run() { "$cli" --data "$data" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

for bank in "$repo"/question-banks/*.json "$repo"/question-banks/*.gift; do
  if grep -q '"kind": "markingScheme"' "$bank"; then
    "$cli" scheme check "$bank" >/dev/null || fail "shipped marking scheme is refused: $bank"
    continue
  fi
  "$cli" bank validate "$bank" >/dev/null || fail "shipped bank does not validate: $bank"
done
"$cli" scheme check "$repo/question-banks/electrician-l4-practical-scheme.json" | grep -q "overtime: 5 off per started 5 min, stopped after 10 min" || fail "scheme outline"
sed 's/"maxMark": 15,/"maxMark": 16,/' "$repo/question-banks/electrician-l4-practical-scheme.json" > "$data/bad-scheme.json"
"$cli" scheme check "$data/bad-scheme.json" 2>&1 | grep -q "criterion 2: its aspects add up to 16" || fail "a scheme that does not add up"
run bank import "$repo/question-banks/electrician-l4.json" | grep -q "71 questions" || fail "import summary"
run bank import "$repo/question-banks/elderly-care-l5.gift" --id elderly-care-l5 | grep -q "12 questions" || fail "gift import"

# GIFT export, re-import under another id: same number of questions by type.
run bank export electrician-l4 --format gift -o "$data/e.gift" 2>/dev/null
a=$(run bank import "$data/e.gift" --id roundtrip | head -1 | cut -d: -f2)
[ "$a" = " 71 questions (essay 2, matching 2, multiple_choice 8, numerical 4, short_answer 4, single_choice 36, true_false 15)" ] || fail "gift round trip: $a"

entries_before=$(run audit verify | grep -o '[0-9]* entries')
echo '{"kind":"qbank","bank":{"id":"broken"},"items":[{"id":"x","type":"single_choice","choices":[]}]}' > "$data/bad.json"
if run bank import "$data/bad.json" >/dev/null 2>&1; then fail "a bank with an unusable item was imported"; fi
echo '{ not json' > "$data/worse.json"
run bank import "$data/worse.json" 2>&1 | grep -q "not valid JSON" || fail "malformed JSON message"
run bank list | grep -q broken && fail "refused bank is listed"
[ "$(run audit verify | grep -o '[0-9]* entries')" = "$entries_before" ] || fail "refusal changed the audit log"

run assessment add "$repo/question-banks/demo/electrician-l4-theory.json" | grep -q "5 sections" || fail "assessment"
run sitting create --id s1 --assessment electrician-l4-theory --room 301 --start now >/dev/null
run sitting register s1 "$repo/question-banks/demo/candidates.csv" | grep -q "registered 8" || fail "register"
if run sitting register s1 "$repo/question-banks/demo/candidates.csv" >/dev/null 2>&1; then fail "duplicate registration"; fi
[ "$(run sitting codes s1 | tail -n +2 | wc -l)" = 8 ] || fail "codes"
run results export s1 --format csv | head -1 | grep -q "^ticket,name,seat,state" || fail "csv header"
run results export s1 --format json | grep -q '"DG2026110001"' || fail "json export"
run incidents export s1 --format csv | head -1 | grep -q "^id,sitting,category" || fail "incidents csv"
run incidents export s1 --format json | grep -q '"incidents": \[\]' || fail "incidents json"
run audit verify | grep -q "chain intact" || fail "audit"
sqlite3 "$data/craftmark.db" "UPDATE audit SET actor = 'mallory' WHERE seq = 3"
out=$(run audit verify || true)
echo "$out" | grep -q "BROKEN at entry 3" || fail "tampering not named: $out"
echo "craftmark CLI: all checks passed"
