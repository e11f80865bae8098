#!/usr/bin/env bash
# Installs the Debian bookworm packages Craftmark builds and runs with (only missing ones).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-url1.81-dev libssl-dev openssl libsqlitecpp-dev libsqlite3-dev sqlite3
  nlohmann-json3-dev doctest-dev libncurses-dev libcli11-dev zlib1g-dev libpango1.0-dev libcairo2-dev libqpdf-dev libicu-dev libqrencode-dev
  libjemalloc-dev libsystemd-dev libseccomp-dev bubblewrap libxlsxwriter-dev libzip-dev libpugixml-dev
  libpq-dev postgresql curl
  tmux python3-jsonschema python3-pyld python3-websockets python3-prometheus-client python3-openpyxl clang-format git
  poppler-utils poppler-data zbar-tools fonts-noto-cjk fonts-hanazono fonts-dejavu-core libnss3-tools chromium
  clang-14 libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Node.js and npm for the browser tests of the verification portal (Debian's, unless present).
if ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi
# playwright-core (it drives Debian's chromium), jose and axe-core (the console's accessibility
# check), pinned by tests/web/package-lock.json.
if [ ! -d tests/web/node_modules/playwright-core ] || [ ! -d tests/web/node_modules/jose ] ||
   [ ! -d tests/web/node_modules/axe-core ]; then
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
fi
# KaTeX and marked, pinned by server/web/package-lock.json: the build compiles them into the
# server for the browser exam (formulas and Markdown), so nothing is fetched at run time.
if [ ! -d server/web/node_modules/katex ] || [ ! -d server/web/node_modules/marked ]; then
  npm ci --prefix server/web --no-audit --no-fund --loglevel=error
fi
