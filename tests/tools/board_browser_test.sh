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
. "$repo/tests/tools/drawn-event.sh"
c event freeze city-2026
c event reveal city-2026 cnc-turning P --chief chief --password-file "$work/chief.pw"

"$server" --data "$data" --listen 127.0.0.1:0 > "$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
[ -n "$port" ] || { echo "FAIL: server did not start"; cat "$work/server.err"; exit 1; }
node "$repo/tests/web/board_test.mjs" "https://127.0.0.1:$port" "$cli" "$data"
