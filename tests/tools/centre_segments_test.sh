#!/usr/bin/env bash
# The USB path from a venue to the centre, on the shared throwaway PostgreSQL cluster: a venue
# joins with the file the centre issued, exports sealed segments of its audit chain, and the
# centre applies them exactly once whatever the order, the repeats and the damage; its copy of
# the chain verifies end to end, and a change made at the centre is found.
set -eu
cli="$1"; centre="$2"; repo="$3"; pg_env="$4"
work=$(mktemp -d)
. "$repo/tests/tools/centre_fixture.sh" "$pg_env" centre_segments
cd "$work"

cc init --name "杭州市职业技能鉴定中心" >/dev/null
# The alliance: organisations of four kinds, each venue in one.
cc organisation add school-east --name "东区职业学院" --kind school >/dev/null
cc organisation add park-west --name "西区产业园" --kind park >/dev/null
cc organisation add hz-bureau --name "杭州市人力资源和社会保障局" --kind bureau >/dev/null
cc organisation add acme --name "Acme" --kind factory 2>err && fail "an organisation of kind factory was added"
grep -q 'the kind is bureau, school, enterprise or park, not "factory"' err || fail "kind: $(cat err)"
cc organisation add school-east --name again --kind school 2>err && fail "a second school-east was added"
grep -q "organisation school-east exists already" err || fail "a second school-east: $(cat err)"
cc venue add north --name "北区" --organisation nowhere -o north.venue.pem 2>err && fail "a venue of no organisation was added"
grep -q "there is no organisation nowhere" err || fail "no organisation: $(cat err)"
[ -f north.venue.pem ] && fail "a refused venue got a venue file"
cc venue add east --name "东区职业学院 East College" --organisation school-east -o east.venue.pem >/dev/null
cc venue add west --name "西区实训基地 West Park" --organisation park-west -o west.venue.pem >/dev/null
[ "$(stat -c %a east.venue.pem)" = 600 ] || fail "the venue file (a private key) is not owner-only"
cc organisation list | grep -q "^school-east	school	东区职业学院	venues: east$" || fail "organisations: $(cc organisation list)"
cc organisation list | grep -q "^hz-bureau	bureau	.*	venues:$" || fail "the bureau: $(cc organisation list)"
cc venue add east --name again --organisation school-east 2>err && fail "a second venue east was registered"
grep -q "exists already" err || fail "no clear refusal of a second east: $(cat err)"

data="$work/east"
. "$repo/tools/admin-account.sh" "$cli" "$data"
v() { "$cli" --data "$data" "$@"; }
v outbox export -o early.json 2>err && fail "a venue that has not joined exported a segment"
grep -q "has not joined a centre" err || fail "no clear refusal before joining: $(cat err)"
v venue join east.venue.pem | grep -q "joined 杭州市职业技能鉴定中心 as venue east" || fail "join"
echo "secret-password-1" > pw
for n in 1 2 3 4 5 6; do v staff add "proctor$n" --role proctor --scope '*' --password-file pw >/dev/null; done
total=$(sqlite3 "$data/craftmark.db" "SELECT count(*) FROM audit")
[ "$total" -ge 8 ] || fail "expected at least 8 audit entries, found $total"
epoch=$(sqlite3 "$data/craftmark.db" "SELECT epoch FROM venue_link")

# Three segments: 1–4, 5–7 and the rest; stock openssl accepts their seals.
v outbox export --from 1 --limit 4 -o a.json >/dev/null
v outbox export --from 5 --limit 3 -o b.json >/dev/null
v outbox export --from 8 -o c.json >/dev/null
openssl cms -verify -binary -CAfile centre/venues/venue-ca.pem -content b.json -inform DER \
  -in b.json.p7s -out /dev/null 2>/dev/null || fail "openssl does not accept the seal"

cc import a.json | grep -q "4 applied, 0 held already; the centre holds entries 1 to 4" || fail "first segment"
cc import a.json | grep -q "0 applied, 4 held already" || fail "a repeated segment was applied again"
# Out of order: c before b leaves a gap that the centre asks for, and keeps nothing of c.
set +e; cc import c.json > out; code=$?; set -e
[ "$code" = 2 ] || fail "a segment after a gap exited $code, not 2"
grep -q "0 applied.*holds entries 1 to 4; entries from 5 are missing: export them with \`craftmark outbox export --from 5\`" out \
  || fail "the gap is not asked for: $(cat out)"
[ "$(sql "SELECT count(*) FROM outbox_entries")" = 4 ] || fail "entries after the gap were kept"
cc import b.json c.json >/dev/null || fail "b then c"
[ "$(sql "SELECT count(*) FROM outbox_entries")" = "$total" ] || fail "not all $total entries arrived once"
cc import a.json b.json c.json | grep -c "0 applied" | grep -q 3 || fail "a repeat of everything applied something"

# Damage and forgery: each refused, logged, and nothing applied.
v staff add proctor7 --role proctor --scope '*' --password-file pw >/dev/null
v outbox export --from 1 -o d.json >/dev/null
key() { sed -n '/BEGIN PRIVATE KEY/,/END PRIVATE KEY/p' "$1.venue.pem" > "$1.key"; \
        awk '/BEGIN CERTIFICATE/{n++} n==1' "$1.venue.pem" | sed '/END CERTIFICATE/q' > "$1.pem"; }
key east; key west
seal() { openssl cms -sign -binary -noattr -signer "$2.pem" -inkey "$2.key" -in "$1" -outform DER -out "$1.p7s"; }
# A flipped byte in transit.
cp d.json flipped.json; cp d.json.p7s flipped.json.p7s
at=$(($(grep -bo '"subject":"' flipped.json | head -1 | cut -d: -f1) + 11)) # a byte of a value
printf 'X' | dd of=flipped.json bs=1 seek="$at" conv=notrunc 2>/dev/null
cmp -s d.json flipped.json && fail "no byte was flipped"
cc import flipped.json > out && fail "a flipped byte was accepted"
grep -q "refused: the segment was changed after it was sealed" out || fail "flipped: $(cat out)"
# An entry rewritten and sealed again with the venue's own key: the chain gives it away.
python3 - d.json forged.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["entries"][-1]["actor"] = "staff:nobody"
open(sys.argv[2], "w").write(json.dumps(s, separators=(",", ":")))
PY
seal forged.json east
cc import forged.json > out && fail "a rewritten entry was accepted"
grep -q "refused: entry $((total + 1)): its content does not match its hash (nothing applied" out || fail "forged: $(cat out)"
# East's segment sealed by west.
cp d.json stolen.json; seal stolen.json west
cc import stolen.json > out && fail "another venue's seal was accepted"
grep -q "refused: the seal is by west, not by the certificate registered for this venue" out || fail "stolen: $(cat out)"
# No seal; not a segment.
cp d.json bare.json
cc import bare.json > out && fail "a segment without its seal was accepted"
grep -q "it has no seal" out || fail "bare: $(cat out)"
echo '{"format":"something-else"}' > other.json
cc import other.json > out && fail "another format was accepted"
grep -q "not an outbox segment" out || fail "other: $(cat out)"
[ "$(sql "SELECT count(*) FROM outbox_entries")" = "$total" ] || fail "a refused segment changed the chain"
[ "$(sql "SELECT count(*) FROM refused_batches")" = 4 ] || fail "not 4 refusals logged: $(cc refusals)"
cc refusals | grep -q "file forged.json	entry $((total + 1)): its content does not match its hash" || fail "the log: $(cc refusals)"

cc import d.json | grep -q "1 applied, $total held already" || fail "the intact segment"
cc verify | grep -q "east epoch $epoch: intact, $((total + 1)) entries" || fail "verify: $(cc verify)"
cc chains | grep -q "^east	epoch $epoch	$((total + 1)) entries	last received 20" || fail "chains: $(cc chains)"

# A restored venue database starts a new epoch: its chain is kept apart from the first.
mkdir backup && printf 'backup-passphrase-2026\n' > pp
v backup "$work/backup/b1" --passphrase-file pp >/dev/null 2>&1
rm -rf "$data.restored"
"$cli" --data "$data.restored" restore "$work/backup/b1" --passphrase-file pp >/dev/null 2>&1
new_epoch=$(sqlite3 "$data.restored/craftmark.db" "SELECT epoch FROM venue_link")
[ -n "$new_epoch" ] && [ "$new_epoch" != "$epoch" ] || fail "the restore kept epoch $epoch"
cp -r "$data/venue" "$data.restored/"
"$cli" --data "$data.restored" outbox export -o restored.json >/dev/null
cc import restored.json | grep -q "applied, 0 held already" || fail "the new epoch's chain"
[ "$(sql "SELECT count(DISTINCT epoch) FROM venue_chains WHERE venue = 'east'")" = 2 ] || fail "not two epochs"

# Online, the door is mutual TLS: no certificate, or another CA's, does not get in; a venue's
# certificate may send only its own venue's segments.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$centre" --database "$pg dbname=$db_name" --data "$work/centre" serve --listen "127.0.0.1:$port" > serve.log 2>&1 &
echo $! > serve.pid
for _ in $(seq 100); do grep -q "taking venues" serve.log && break; sleep 0.1; done
post() { curl -s --cacert centre/venues/venue-ca.pem "$@" -H "Craftmark-Seal: $(base64 -w0 d.json.p7s)" \
  --data-binary @d.json "https://127.0.0.1:$port/outbox"; }
post -o /dev/null && fail "an upload without a client certificate got in"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=east -days 1 \
  -keyout stranger.key -out stranger.pem 2>/dev/null
post --cert stranger.pem --key stranger.key -o /dev/null && fail "a certificate of another CA got in"
post --cert west.pem --key west.key > out
grep -q '"refusal":"venue west sent a segment of venue east"' out || fail "west sent east's: $(cat out)"
post --cert east.pem --key east.key > out
grep -q '"acknowledged":'"$((total + 1))"',"applied":0,"duplicates":'"$((total + 1))" out || fail "east online: $(cat out)"
# Requests that are not a sealed segment get a clear answer and change nothing.
door() { curl -s --cacert centre/venues/venue-ca.pem --cert east.pem --key east.key -o out -w '%{http_code}' "$@"; }
[ "$(door "https://127.0.0.1:$port/outbox")" = 405 ] || fail "GET /outbox: $(cat out)"
[ "$(door -X POST --data-binary @d.json "https://127.0.0.1:$port/elsewhere")" = 404 ] || fail "POST elsewhere"
[ "$(door -X POST --data-binary @d.json "https://127.0.0.1:$port/outbox")" = 400 ] || fail "no seal: $(cat out)"
grep -q "Craftmark-Seal header" out || fail "no seal: $(cat out)"
[ "$(door -H "Craftmark-Seal: %%%" --data-binary @d.json "https://127.0.0.1:$port/outbox")" = 400 ] || fail "a seal not in base64"
head -c 70000000 /dev/zero > huge.json
[ "$(door -H "Craftmark-Seal: $(base64 -w0 d.json.p7s)" --data-binary @huge.json "https://127.0.0.1:$port/outbox")" = 413 ] \
  || fail "a 70 MB body: $(cat out)"
echo '{"format":"craftmark-outbox-segment/1","venue":"east","epoch":"x","entries":[{"seq":1}]}' > broken.json
[ "$(door -H "Craftmark-Seal: $(base64 -w0 d.json.p7s)" --data-binary @broken.json "https://127.0.0.1:$port/outbox")" = 422 ] \
  || fail "a broken segment: $(cat out)"
grep -q '"refusal":"entry 1 of the segment: \\"at\\" must be a whole number"' out || fail "broken: $(cat out)"
[ "$(sql "SELECT count(*) FROM outbox_entries WHERE epoch = '$epoch'")" = "$((total + 1))" ] || fail "a bad request changed the chain"
kill "$(cat serve.pid)"

# Changed at the centre: verify names the entry.
sql "UPDATE outbox_entries SET detail = '{}' WHERE venue = 'east' AND epoch = '$epoch' AND seq = 3" >/dev/null
cc verify > out && fail "verify passed a chain changed at the centre"
grep -q "east epoch $epoch: BROKEN: entry 3: its content does not match its hash" out || fail "verify: $(cat out)"
echo "ok   $total + 1 entries of venue east applied exactly once across repeats, a gap and five refusals; the chain verifies, and a change at the centre is named"
