#!/usr/bin/env bash
# Configures and builds Craftmark into build/ (Ninja, two jobs: this is a 2-core machine):
# everything, or only the targets named (tools/run-demo.sh builds the programs it runs).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j2 "$@"
