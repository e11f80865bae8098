#!/usr/bin/env bash
# Runs the save benchmark against the bare Beast TLS echo baseline and craftmark-server, back to
# back on this machine (server on core 0, load on core 1), and prints a Markdown table of both
# with their ratios. Usage: tools/bench/run.sh [CANDIDATES] [INTERVAL_MS] [DURATION_S]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-2000}"; interval="${2:-2000}"; duration="${3:-30}"
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -n 20000 2>/dev/null || true
b=build
server_core="taskset -c 0"; load_core="taskset -c 1"
[ "$(nproc)" -ge 2 ] || { server_core=""; load_core=""; }

wait_ready() { for _ in $(seq 100); do grep -q "ready port=" "$1" 2>/dev/null && return; sleep 0.1; done; echo "no ready line in $1"; exit 1; }

echo "== baseline: bare Beast TLS WebSocket echo" >&2
$server_core $b/tools/craftmark-echo-bench "$work/echo-pki" 0 1 > "$work/echo.out" &
echo_pid=$!; wait_ready "$work/echo.out"
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/echo.out")
$load_core $b/tools/craftmark-load --mode echo --port "$port" --ca "$work/echo-pki/ca.pem" \
  --candidates "$n" --interval-ms "$interval" --duration-s "$duration" --server-pid "$echo_pid" > "$work/echo.json" || true
kill "$echo_pid"; wait "$echo_pid" 2>/dev/null || true

echo "== craftmark-server: durable saves" >&2
data="$work/data"
cli() { $b/tools/craftmark --data "$data" "$@" >/dev/null; }
cli bank import question-banks/electrician-l4.json
cli assessment add question-banks/demo/electrician-l4-theory.json
cli sitting create --id bench --assessment electrician-l4-theory --start now
{ echo "ticket,name,national_id,seat"; for i in $(seq -w 1 "$n"); do echo "B$i,Candidate $i,0,$i"; done; } > "$work/c.csv"
cli sitting register bench "$work/c.csv"
$b/tools/craftmark --data "$data" sitting codes bench > "$work/codes.tsv"
$server_core $b/server/craftmark-server --data "$data" --listen 127.0.0.1:0 --threads 1 > "$work/server.out" 2>/dev/null &
server_pid=$!; wait_ready "$work/server.out"
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
$load_core $b/tools/craftmark-load --mode craftmark --port "$port" --ca "$data/pki/ca.pem" --codes "$work/codes.tsv" \
  --candidates "$n" --interval-ms "$interval" --duration-s "$duration" --server-pid "$server_pid" > "$work/craftmark.json" || true
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

/usr/bin/python3 - "$work/echo.json" "$work/craftmark.json" "$n" "$interval" "$duration" <<'PY'
import json, sys
e, c = (json.load(open(f)) for f in sys.argv[1:3])
n, interval, duration = sys.argv[3:6]
def ratio(a, b): return f"{a / b:.2f}" if b else "-"
rows = [("messages per second", "per_second", "{:.0f}"), ("p50 latency (ms)", "p50_ms", "{:.2f}"),
        ("p99 latency (ms)", "p99_ms", "{:.2f}"), ("p99.9 latency (ms)", "p999_ms", "{:.2f}"),
        ("server CPU (% of one core)", "server_cpu_percent", "{:.0f}"),
        ("server memory per connection (KiB)", "server_kib_per_connection", "{:.1f}"),
        ("connect + sign-in of all candidates (s)", "connect_seconds", "{:.2f}")]
print(f"{n} candidates, one save every {interval} ms each, {duration} s, TLS both; server on core 0, load on core 1.\n")
print("| measure | echo baseline | craftmark (durable save) | craftmark / baseline |")
print("| --- | --- | --- | --- |")
for label, key, fmt in rows:
    print(f"| {label} | {fmt.format(e[key])} | {fmt.format(c[key])} | {ratio(c[key], e[key])} |")
print(f"\nErrors: echo {e['errors'] or 'none'}; craftmark {c['errors'] or 'none'}. "
      f"Connected: echo {e['connected']}/{n}, craftmark {c['connected']}/{n}.")
PY
