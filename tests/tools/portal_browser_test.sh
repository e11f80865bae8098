#!/usr/bin/env bash
# The verification portal in headless Chromium: see tests/web/portal_test.mjs.
set -u
cli="$1"; server="$2"; terminal="$3"; repo="$4"
work=$(mktemp -d)
cleanup() { kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. "$repo/tests/tools/certificate_fixture.sh"
"$cli" --data "$data" cert revoke "$(id_of C002)" --reason "test" >/dev/null || { echo "FAIL: revoke"; exit 1; }
files="$work/files"; mkdir -p "$files"
cp "$(ls -d "$data/public/c/$(id_of C001)"/*/ | head -1)"/credential.json* "$files/"
node "$repo/tests/web/portal_test.mjs" "$url" "$(id_of C001)" "$(id_of C002)" "$files"
