#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) into build-fuzz/ and runs
# each from a copy of its seed corpus. A crash stops the run with the input saved in
# build-fuzz/crashes/; copy it into tests/fuzz/regressions/<target>/ once fixed.
# Usage: tools/fuzz.sh [SECONDS]        explore SECONDS (default 20) per target, random seed
#        tools/fuzz.sh --repeatable N   N inputs per target from seed 1: the test command's form,
#                                       a budget that does not depend on the machine's speed
#                                       (coverage feedback still varies a little between runs, so
#                                       explore for longer before a change lands)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == --repeatable ]]; then
  budget=(-runs="${2:?--repeatable needs a number of inputs}" -seed=1)
  what="${2} inputs from seed 1"
else
  budget=(-max_total_time="${1:-20}")
  what="${1:-20} s"
fi
targets=(message_decoder gift_parser bank_loader certificate_verifier text_encoding text_layout workbook moodle_xml qti figure outbox_segment
  venue_package)
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCRAFTMARK_FUZZ=ON -DCRAFTMARK_JEMALLOC=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
ninja -C build-fuzz -j2 "${targets[@]/%/_fuzz}" | tail -1
mkdir -p build-fuzz/crashes
for t in "${targets[@]}"; do
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/"$t"/* "$corpus"/
  echo "== fuzzing $t: $what"
  if ! build-fuzz/tests/fuzz/"${t}"_fuzz "$corpus" "${budget[@]}" -max_len=65536 -timeout=10 \
       -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crashes/"$t"- -print_final_stats=1 \
       > build-fuzz/"$t".log 2>&1; then
    tail -40 build-fuzz/"$t".log
    echo "FAIL: $t crashed; the input is in build-fuzz/crashes/"
    exit 1
  fi
  grep -E "stat::number_of_executed_units|cov:" build-fuzz/"$t".log | tail -2
  rm -rf "$corpus"
done
echo "fuzzing: no crash in ${#targets[@]} targets"
