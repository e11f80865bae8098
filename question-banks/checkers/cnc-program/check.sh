#!/bin/sh
# Checker for task T1 of cnc-turning-l4-practical: reads the candidate's NC program(s) in the
# folder given as $1 and reports two results of the marking scheme cnc-turning-module-a:
#   runs_without_alarm       the program has an O number and ends with M30 (met / not met)
#   moves_outside_safe_zone  moves with X beyond 45 or Z beyond 5 (one fault each)
# It runs inside craftmark-sandbox: no network, a copy of the work, limited time and space.
set -eu
program=$(find "$1" -type f \( -name '*.nc' -o -name '*.NC' \) | sort | head -n 1)
if [ -z "$program" ]; then
  echo '{"results": {"runs_without_alarm": {"met": false}, "moves_outside_safe_zone": {"faults": {}}}}'
  exit 0
fi
awk '
  /^[[:space:]]*O[0-9]+/ { numbered = 1 }
  /M30/ { ended = 1 }
  {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^X-?[0-9.]+$/ && substr($i, 2) + 0 > 45) outside++
      if ($i ~ /^Z-?[0-9.]+$/ && substr($i, 2) + 0 > 5) outside++
    }
  }
  END {
    met = (numbered && ended) ? "true" : "false"
    printf "{\"results\": {\"runs_without_alarm\": {\"met\": %s}, ", met
    printf "\"moves_outside_safe_zone\": {\"faults\": {\"outside\": %d}}}}\n", outside
  }' "$program"
