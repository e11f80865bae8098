#!/usr/bin/env bash
# Backup under load and restore: while a candidate saves without pause, `craftmark backup` copies
# the live data folder; `craftmark restore` checks and writes it as a new folder, which holds
# every save acknowledged before the backup began, every certificate and the signing keys.
# Tampered files, an edited manifest and a wrong passphrase are refused, and nothing is written.
set -u
cli="$1"; server="$2"; terminal="$3"; repo="$4"
work=$(mktemp -d)
cleanup() { kill "$server_pid" "${saver_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$repo/tests/tools/certificate_fixture.sh"
c() { "$cli" --data "$data" "$@"; }

c sitting create --id load --assessment cert-exam --start now --checkin not_required >/dev/null
printf 'ticket,name,national_id,seat\nL001,Load Candidate,0,1\n' > "$work/load.csv"
c sitting register load "$work/load.csv" >/dev/null
code=$(c sitting codes load | awk '$2 == "L001" { print $3 }')
/usr/bin/python3 "$repo/tests/tools/backup_saver.py" "$port" "$data/pki/ca.pem" L001 "$code" > "$work/acked" 2>"$work/saver.err" &
saver_pid=$!
acked() { wc -l < "$work/acked"; }
wait_for_acks() { for _ in $(seq 600); do [ "$(acked)" -ge "$1" ] && return; sleep 0.05; done; fail "saves stopped at $(acked): $(cat "$work/saver.err")"; }
wait_for_acks 20

printf 'correct horse battery staple\n' > "$work/passphrase"
acked_before=$(acked) # each of these was acknowledged before the backup began
c backup "$work/backup" --passphrase-file "$work/passphrase" > "$work/backup.out" 2>&1 || fail "backup: $(cat "$work/backup.out")"
wait_for_acks $((acked_before + 20)) # the candidate went on saving through the backup
kill "$saver_pid" || fail "the candidate stopped saving: $(cat "$work/saver.err")"
grep -q "audit log of [0-9]* entries verified" "$work/backup.out" || fail "backup report: $(cat "$work/backup.out")"
grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$work"/backup/credentials/keys/*.key || fail "signing keys are not encrypted in the backup"
grep -rq "BEGIN PRIVATE KEY\|BEGIN EC PRIVATE KEY" "$work/backup" && fail "a private key in the clear in the backup"
[ "$(sqlite3 "$data/craftmark.db" "SELECT actor FROM audit WHERE action = 'backup.create'")" = staff:admin ] || fail "the backup is not audited under its administrator"

# Refusals first, each leaving no folder behind.
refused() { # WHY SOURCE PASSPHRASE-FILE EXPECTED
  "$cli" --data "$work/refused" restore "$2" --passphrase-file "$3" > "$work/r.out" 2>&1 && fail "$1 was restored"
  grep -q "$4" "$work/r.out" || fail "$1: $(cat "$work/r.out")"
  [ ! -e "$work/refused" ] && [ ! -e "$work/refused.restoring" ] || fail "$1 left files behind"
}
printf 'not the passphrase at all\n' > "$work/wrong"
refused "a wrong passphrase" "$work/backup" "$work/wrong" "does not match this passphrase"
cp -r "$work/backup" "$work/changed"
published=$(find "$work/changed/public/c" -name credential.json | head -1)
printf 'X' | dd of="$published" bs=1 seek=3 conv=notrunc 2>/dev/null
refused "a changed certificate file" "$work/changed" "$work/passphrase" "changed since the backup was made: public/c/"
cp -r "$work/backup" "$work/edited"
# The answer as it is stored, in the log of recent saves or folded into the kept answers.
for table in answer_log answers_kept; do
  sqlite3 "$work/edited/craftmark.db" "UPDATE $table SET response = '{\"value\":true}' WHERE seq = 1"
done
[ "$(sqlite3 "$work/edited/craftmark.db" "SELECT group_concat(DISTINCT response) FROM answers WHERE seq = 1")" = '{"value":true}' ] \
  || fail "the edit did not reach the answer"
digest=$(sha256sum "$work/edited/craftmark.db" | cut -c1-64)
/usr/bin/python3 - "$work/edited/manifest.json" "$digest" <<'PY'
import json, sys
path, digest = sys.argv[1:3]
m = json.load(open(path))
for f in m["files"]:
    if f["path"] == "craftmark.db":
        f["sha256"] = digest
json.dump(m, open(path, "w"))
PY
refused "a database edited with its digest fixed in the manifest" "$work/edited" "$work/passphrase" "does not match this passphrase"
mkdir "$work/occupied" && touch "$work/occupied/x"
c backup "$work/occupied" --passphrase-file "$work/passphrase" 2>&1 | grep -q "is not empty" || fail "a backup into a folder in use"
env -u CRAFTMARK_AS -u CRAFTMARK_AS_PASSWORD_FILE "$cli" --data "$data" backup "$work/anonymous" --passphrase-file "$work/passphrase" < /dev/null 2>&1 \
  | grep -q "who is acting?" || fail "a backup without an account"

restored="$work/restored"
"$cli" --data "$restored" restore "$work/backup" --passphrase-file "$work/passphrase" > "$work/restore.out" 2>&1 \
  || fail "restore: $(cat "$work/restore.out")"
attempt=$(sqlite3 "$restored/craftmark.db" "SELECT id FROM attempts WHERE ticket = 'L001'")
kept=$(sqlite3 "$restored/craftmark.db" "SELECT count(*) FROM answers WHERE attempt_id = $attempt AND seq <= $acked_before")
[ "$kept" = "$acked_before" ] || fail "acknowledged saves lost: $kept of $acked_before"
live_certificates=$(sqlite3 "$data/craftmark.db" "SELECT group_concat(id || status) FROM certificates ORDER BY id")
[ -n "$live_certificates" ] && [ "$(sqlite3 "$restored/craftmark.db" "SELECT group_concat(id || status) FROM certificates ORDER BY id")" = "$live_certificates" ] \
  || fail "certificates differ after the restore"
for key in "$data"/credentials/keys/*.key; do
  [ "$(openssl pkey -in "$key" -pubout)" = "$(openssl pkey -in "$restored/credentials/keys/$(basename "$key")" -pubout)" ] \
    || fail "signing key $(basename "$key") differs after the restore"
  [ "$(stat -c %a "$restored/credentials/keys/$(basename "$key")")" = 600 ] || fail "a restored key readable by others"
done
"$cli" --data "$restored" audit verify | grep -q "chain intact" || fail "the restored audit log"
"$cli" --data "$restored" cert issue --sitting s1 2>/dev/null | grep -q "2 already issued" || fail "the restored folder does not issue as before"
echo "backup under load: $acked_before acknowledged saves, the certificates and keys restored; tampering refused"
