#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test, then fuzzes
# each decoder and loader for 15 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
ctest --test-dir build --output-on-failure --timeout 300 -j2
# Hostile input: each libFuzzer target (clang, ASan + UBSan) for a bounded time.
tools/fuzz.sh 15
