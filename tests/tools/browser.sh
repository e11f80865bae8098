#!/usr/bin/env bash
# One headless Debian Chromium for every browser test (a ctest fixture: started before the first
# of them, stopped after the last). Each test connects to it over the DevTools protocol and works
# in a browser context of its own, so tests share the browser's start-up and nothing else.
#   browser.sh start FILE   starts it and writes its DevTools address into FILE
#   browser.sh stop FILE    stops it and removes its profile
set -eu
action="$1"; file="$2"
case "$action" in
start)
  profile=$(mktemp -d /tmp/craftmark-chromium.XXXXXX)
  # The log exists before Chromium starts: read before the shell behind `&` had opened it, it was
  # missing, and the failed read ended this script (set -e).
  : > "$profile/stderr.log"
  # --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
  setsid "${CHROMIUM:-/usr/bin/chromium}" --headless --no-sandbox --no-first-run \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port=0 --user-data-dir="$profile" \
    about:blank 2> "$profile/stderr.log" > /dev/null < /dev/null &
  echo "$!" > "$file.pid"
  echo "$profile" > "$file.profile"
  for _ in $(seq 300); do
    endpoint=$(sed -n 's/^DevTools listening on \(ws:.*\)$/\1/p' "$profile/stderr.log")
    [ -n "$endpoint" ] && { echo "$endpoint" > "$file"; exit 0; }
    sleep 0.1
  done
  echo "chromium did not start: $(tail -5 "$profile/stderr.log")" >&2
  exit 1
  ;;
stop)
  [ -f "$file.pid" ] && { kill -- "-$(cat "$file.pid")" 2>/dev/null || kill "$(cat "$file.pid")" 2>/dev/null || true; }
  if [ -f "$file.profile" ]; then
    profile=$(cat "$file.profile")
    # Its helper processes leave on their own a moment later; the profile goes after them.
    for _ in $(seq 100); do pgrep -f -- "$profile" > /dev/null || break; sleep 0.1; done
    rm -rf "$profile"
  fi
  rm -f "$file" "$file.pid" "$file.profile"
  ;;
*)
  echo "usage: browser.sh start|stop FILE" >&2; exit 64
  ;;
esac
