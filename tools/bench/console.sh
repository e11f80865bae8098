#!/usr/bin/env bash
# What the staff console costs in the browser, on this machine: a proctor's room of 60 seats while
# every candidate saves every 2 s (30 seat changes a second), against the same room with nobody
# saving (the baseline, in the same run): the page's main-thread CPU and how long after a change
# its seat shows it; then a hall of 2,000 seats: how long it takes to open and to filter, and the
# longest task that held the page (a freeze is a long one). Debian's Chromium via playwright-core.
# Usage: tools/bench/console.sh [SECONDS]   (build and install-deps first)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
data="$work/data"
c() { build/tools/craftmark --data "$data" "$@" >/dev/null; }
. tools/admin-account.sh build/tools/craftmark "$data"
c bank import question-banks/electrician-l4.json
c assessment add question-banks/demo/electrician-l4-theory.json
for sitting in room hall; do
  c sitting create --id "$sitting" --assessment electrician-l4-theory --room "$sitting" --start now
done
{ echo "ticket,name,national_id,seat"; for i in $(seq -w 1 60); do echo "R$i,考生 Candidate $i,0,$i"; done; } > "$work/room.csv"
{ echo "ticket,name,national_id,seat"; for i in $(seq -w 1 2000); do echo "H$i,考生 Candidate $i,0,$i"; done; } > "$work/hall.csv"
c sitting register room "$work/room.csv"
c sitting register hall "$work/hall.csv"
build/tools/craftmark --data "$data" sitting codes room --release > "$work/codes.tsv"
build/server/craftmark-server --data "$data" --listen 127.0.0.1:0 > "$work/server.out" 2>/dev/null &
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
node tools/bench/console.mjs "https://127.0.0.1:$port" "$(cat "$data/admin.password")" "$seconds" \
  build/tools/craftmark-load --port "$port" --ca "$data/pki/ca.pem" --codes "$work/codes.tsv" \
  --candidates 60 --interval-ms 2000 --duration-s "$seconds"
