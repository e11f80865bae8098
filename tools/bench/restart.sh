#!/usr/bin/env bash
# Restarts a benchmarked server for craftmark-load's restart step (--restart-with): kills the
# process whose id is in PIDFILE with SIGKILL, as a crash or a power cut would, starts COMMAND
# again with its output in OUTFILE, waits for its "ready port=" line and prints the new id.
# Usage: tools/bench/restart.sh PIDFILE OUTFILE COMMAND...
set -euo pipefail
pidfile="$1"; out="$2"; shift 2
old=$(cat "$pidfile")
kill -KILL "$old" 2>/dev/null || true
# Gone, or a zombie its parent has not reaped yet: either way it holds no port.
while [ -e "/proc/$old" ] && ! grep -q '^State:.*Z' "/proc/$old/status" 2>/dev/null; do sleep 0.02; done
"$@" > "$out" 2>/dev/null &
echo $! > "$pidfile"
for _ in $(seq 1200); do grep -q "ready port=" "$out" && break; sleep 0.05; done
grep -q "ready port=" "$out" || { echo "no ready line in $out" >&2; exit 1; }
cat "$pidfile"
