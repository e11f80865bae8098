#!/usr/bin/env bash
# The walls between the parts (ARCHITECTURE.md, "Layout"): which folder may include which. The
# compiler cannot tell, since SQLiteCpp's, Asio's and Beast's headers are on the system include
# path for every target; this does, from the #include lines.
set -eu
cd "$1"
failed=0
# FOLDER  FORBIDDEN-INCLUDES (an extended regular expression)  WHY
check() {
  local hits
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1" --include='*.hpp' --include='*.cpp' || true)
  if [ -n "$hits" ]; then
    echo "$hits"
    echo "FAIL: $1 must not include $2 ($3)"
    failed=1
  fi
}
check server/core 'SQLiteCpp|sqlite3|boost/(asio|beast)|server/(store|net|app|web|certificates|checks)/|client/' \
  "the core is the domain: storage, network and processes come in through its ports"
check server/api 'SQLiteCpp|sqlite3|boost/(asio|beast)|server/(store|net|app|web|certificates|checks)/|client/' \
  "the dispatcher routes to the rooms; storage and network stay outside"
check shared 'server/|client/|SQLiteCpp' "shared code is used by server and clients alike"
check server/store 'server/(net|app|web)/|boost/(asio|beast)' "the store implements the core's ports and sees no network"
check server/checks 'server/(store|net|app|web|certificates)/' "checks only run checkers"
check server/net 'server/app/' "the application composes the network layer, not the other way round"
check client/ui 'client/(terminal|proctor)/' "the curses helpers are shared by the terminal and the console"
check client/net 'client/(terminal|proctor|ui)/' "the protocol client knows no screen"
# Small files in the room of their feature: a file past 500 lines is several things in one.
long=$(find server -name '*.[ch]pp' -exec wc -l {} + | awk '$2 != "total" && $1 > 500')
if [ -n "$long" ]; then
  echo "$long"
  echo "FAIL: these files under server/ are longer than 500 lines; split them by what they do"
  failed=1
fi
[ "$failed" = 0 ] || exit 1
echo "walls: every include goes the allowed way, and no file under server/ passes 500 lines"
