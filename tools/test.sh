#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test, fuzzes each
# decoder and loader with a fixed budget of inputs, then runs the whole suite again built with
# AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
ctest --test-dir build --output-on-failure --timeout 300 -j2
# Hostile input: each libFuzzer target (clang, ASan + UBSan), the same 20,000 inputs every run.
tools/fuzz.sh --repeatable 20000
# Memory and undefined-behaviour errors: the whole suite again, instrumented (build-asan/).
tools/test-sanitizers.sh
