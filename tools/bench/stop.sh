#!/usr/bin/env bash
# Stops the benchmarked server whose process id is in PIDFILE and returns once it holds no port:
# when it is gone, or a zombie its parent has not reaped yet (a server started by another script
# is not this shell's child, so `wait` cannot be used).
# Usage: tools/bench/stop.sh PIDFILE [SIGNAL]   (SIGNAL: TERM by default; KILL for a crash)
set -euo pipefail
pid=$(cat "$1")
kill "-${2:-TERM}" "$pid" 2>/dev/null || true
while [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; do sleep 0.02; done
