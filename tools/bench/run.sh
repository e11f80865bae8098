#!/usr/bin/env bash
# Runs craftmark-load against the bare Beast TLS echo baseline and then craftmark-server, back
# to back on this machine, plus the disk's single-row durable-commit rate, and prints a Markdown
# table of both with their ratios. The server and the echo get the same cores (0 .. N-1, with as
# many threads), the load generator the cores after them: figures are per N server cores.
# Usage: tools/bench/run.sh [--doc NAME] [--server-cores N] CANDIDATES INTERVAL_MS DURATION_S
#                           [STEPS] [SUBMIT_WINDOW_S]
#   INTERVAL_MS 0 = closed loop; STEPS e.g. saves,reconnect,reload,restart,submit (default saves).
#   --doc NAME also puts the table, dated and with this command, into docs/performance.md
#   between the markers <!-- bench:NAME --> and <!-- /bench:NAME -->.
#   --server BINARY measures that craftmark-server instead of the one built here, and
#   --no-baseline leaves out the echo and the disk and prints craftmark's figures alone: run
#   alternately with two builds, they compare a change within the same minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
command="tools/bench/run.sh $*"
doc=""; cores=1; server=build/server/craftmark-server; baseline=1
while [ $# -gt 0 ]; do
  case "$1" in
    --doc) doc="$2"; shift 2 ;;
    --server-cores) cores="$2"; shift 2 ;;
    --server) server="$2"; shift 2 ;;
    --no-baseline) baseline=""; shift ;;
    *) break ;;
  esac
done
if [ -z "$baseline" ] && [ -n "$doc" ]; then
  echo "--doc puts a table with its baseline into docs/performance.md: leave out --no-baseline" >&2
  exit 2
fi
n="${1:-2000}"; interval="${2:-2000}"; duration="${3:-30}"; steps="${4:-saves}"; window="${5:-60}"
work=$(mktemp -d)
# Servers restarted by the restart step are not this shell's jobs: their ids are in *.pid.
trap 'kill $(jobs -p) $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -n 20000 2>/dev/null || true
b=build
if [ "$(nproc)" -gt "$cores" ]; then
  server_core="taskset -c 0-$((cores - 1))"; load_core="taskset -c $cores-$(($(nproc) - 1))"
elif [ "$cores" = 1 ]; then
  server_core=""; load_core="" # one core: everything shares it
else
  echo "--server-cores $cores needs at least $((cores + 1)) cores (the load generator needs its own)" >&2
  exit 2
fi
load_args=(--candidates "$n" --interval-ms "$interval" --duration-s "$duration" --steps "$steps" --submit-window-s "$window")

# craftmark-load's --restart-with: the same server again at the same port (tools/bench/restart.sh).
restart_with() { printf '%q ' tools/bench/restart.sh "$@"; }

wait_ready() { for _ in $(seq 100); do grep -q "ready port=" "$1" 2>/dev/null && return; sleep 0.1; done; echo "no ready line in $1"; exit 1; }

if [ -n "$baseline" ]; then
  echo "== baseline: bare Beast TLS WebSocket echo" >&2
  $server_core $b/tools/craftmark-echo-bench "$work/echo-pki" 0 "$cores" > "$work/echo.out" &
  echo $! > "$work/echo.pid"; disown; wait_ready "$work/echo.out"
  port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/echo.out")
  $load_core $b/tools/craftmark-load --mode echo --port "$port" --ca "$work/echo-pki/ca.pem" \
    "${load_args[@]}" --server-pid "$(cat "$work/echo.pid")" \
    --restart-with "$(restart_with "$work/echo.pid" "$work/echo.out" $server_core $b/tools/craftmark-echo-bench "$work/echo-pki" "$port" "$cores")" \
    > "$work/echo.json" || true
  tools/bench/stop.sh "$work/echo.pid"

  echo "== baseline: single-row durable commits on the same disk" >&2
  $server_core $b/tools/craftmark-commit-bench "$work" 5 > "$work/commit.json"
fi

echo "== craftmark-server" >&2
data="$work/data"
cli() { $b/tools/craftmark --data "$data" "$@" >/dev/null; }
. tools/admin-account.sh $b/tools/craftmark "$data"
cli bank import question-banks/electrician-l4.json
cli assessment add question-banks/demo/electrician-l4-theory.json
cli sitting create --id bench --assessment electrician-l4-theory --start now
{ echo "ticket,name,national_id,seat"; for i in $(seq -w 1 "$n"); do echo "B$i,Candidate $i,0,$i"; done; } > "$work/c.csv"
cli sitting register bench "$work/c.csv"
$b/tools/craftmark --data "$data" sitting codes bench --release > "$work/codes.tsv"
$server_core "$server" --data "$data" --listen 127.0.0.1:0 --threads "$cores" > "$work/server.out" 2>/dev/null &
echo $! > "$work/server.pid"; disown; wait_ready "$work/server.out"
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
$load_core $b/tools/craftmark-load --mode craftmark --port "$port" --ca "$data/pki/ca.pem" --codes "$work/codes.tsv" \
  "${load_args[@]}" --server-pid "$(cat "$work/server.pid")" \
  --restart-with "$(restart_with "$work/server.pid" "$work/server.out" $server_core "$server" --data "$data" --listen "127.0.0.1:$port" --threads "$cores")" \
  > "$work/craftmark.json" || true
tools/bench/stop.sh "$work/server.pid"

if [ -z "$baseline" ]; then
  /usr/bin/python3 tools/bench/table.py --alone "$work/craftmark.json"
  exit
fi
/usr/bin/python3 tools/bench/table.py "$work/echo.json" "$work/craftmark.json" "$work/commit.json" > "$work/table.md"
cat "$work/table.md"
[ -z "$doc" ] || /usr/bin/python3 tools/bench/into_doc.py docs/performance.md "$doc" "$command" "$work/table.md"
