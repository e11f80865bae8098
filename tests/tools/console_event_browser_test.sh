#!/usr/bin/env bash
# The chief judge's reveal in the staff console, in headless Chromium: see
# tests/web/console_event_test.mjs. The data folder holds a drawn event whose module has locked
# marks (written directly: this tests the reveal, not marking), not revealed yet; its chief judge
# and another examiner; the centre's certificate keys.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
. "$repo/tests/tools/drawn-event.sh"
c pki init --name "市职业技能鉴定中心 City Skills Assessment Centre" --base-url https://verify.test.example
node "$repo/tests/web/console_event_test.mjs" "$server" "$data"
# The reveal is in the hash-chained audit log under the chief judge's own account, and the chain
# still verifies with the server's entries and the console's reveal in it.
actor=$(sqlite3 "$data/craftmark.db" "SELECT actor FROM audit WHERE action = 'event.reveal'")
[ "$actor" = "staff:chief" ] || { echo "FAIL: the reveal's audit entry names '$actor'"; exit 1; }
"$cli" --data "$data" audit verify >/dev/null || { echo "FAIL: the audit chain does not verify"; exit 1; }
echo "ok   the reveal is audited under staff:chief and the chain verifies"
