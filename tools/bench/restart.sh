#!/usr/bin/env bash
# Restarts a benchmarked server for craftmark-load's restart step (--restart-with): kills the
# process whose id is in PIDFILE with SIGKILL, as a crash or a power cut would, starts COMMAND
# again with its output in OUTFILE, waits for its "ready port=" line and prints the new id.
# Usage: tools/bench/restart.sh PIDFILE OUTFILE COMMAND...
set -euo pipefail
pidfile="$1"; out="$2"; shift 2
"$(dirname "$0")/stop.sh" "$pidfile" KILL
"$@" > "$out" 2>/dev/null &
echo $! > "$pidfile"
for _ in $(seq 1200); do grep -q "ready port=" "$out" && break; sleep 0.05; done
grep -q "ready port=" "$out" || { echo "no ready line in $out" >&2; exit 1; }
cat "$pidfile"
