#!/usr/bin/env bash
# Builds the Debian packages craftmark-server and craftmark-clients into build/packages/
# (cpack -G DEB over the install() rules of packaging/CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${CRAFTMARK_BUILD:-build}"
tools/install-deps.sh
tools/build.sh
mkdir -p "$build/packages"
(cd "$build" && cpack -G DEB -B "$PWD/packages" >/dev/null)
rm -rf "$build/packages/_CPack_Packages"
ls "$build"/packages/*.deb
