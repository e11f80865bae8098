#!/usr/bin/env bash
# The centre's exam day in the staff console, in headless Chromium: see
# tests/web/console_centre_test.mjs. The data folder holds the certificate keys, an administrator
# scoped to the venue 东区 and a proctor; everything else is made in the console. Afterwards the
# shell checks what was stored.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
fail() { echo "FAIL: $*"; exit 1; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
c pki init --name "市职业技能鉴定中心 City Skills Assessment Centre" \
  --org-id NTRCN-91330100MA2XXXXX --base-url https://verify.test.example --slug centre-01
echo "clerk-secret-1" > "$work/pw"
c staff add clerk --role admin --scope venue:东区 --password-file "$work/pw"
c staff add wang --role proctor --scope '*' --password-file "$work/pw"
node "$repo/tests/web/console_centre_test.mjs" "$server" "$data" "$cli" "$work"

db="$data/craftmark.db"
[ "$(sqlite3 "$db" "SELECT count(*) FROM candidates WHERE sitting_id = 'day-1'")" = 3 ] || fail "not 3 candidates in day-1"
for action in assessment.put sitting.create candidates.register; do
  [ "$(sqlite3 "$db" "SELECT actor FROM audit WHERE action = '$action' LIMIT 1")" = "staff:admin" ] \
    || fail "$action is not audited under staff:admin"
done
[ "$(sqlite3 "$db" "SELECT count(*) FROM sittings WHERE id LIKE 'west%'")" = 0 ] || fail "a refused sitting was stored"
"$cli" --data "$data" cert list --sitting day-1 > "$work/certs.tsv"
[ "$(grep -c 'revoked' "$work/certs.tsv")" = 1 ] || fail "not one revoked certificate: $(cat "$work/certs.tsv")"
[ "$(grep -c 'active' "$work/certs.tsv")" = 1 ] || fail "not one active certificate"
echo "ok   the sitting, its three candidates and the certificates are stored, audited under staff:admin; refused changes stored nothing"
