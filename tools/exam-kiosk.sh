#!/usr/bin/env bash
# Starts the browser exam locked down on a Debian exam PC: Chromium in kiosk mode (full screen,
# no address bar, no tabs, no menus) on the venue server's /exam page, trusting the centre's CA.
# Run it as the exam account from its desktop session's autostart; see docs/operations.md.
set -euo pipefail

usage() {
  cat <<'TEXT'
usage: tools/exam-kiosk.sh SERVER [--ca CA.pem] [--profile DIR] [--dry-run]

  SERVER       the venue server, as candidates' PCs reach it: exam.example.edu.cn:8443
  --ca FILE    the centre's CA certificate (the server's pki/ca.pem), added to this account's
               certificate store so Chromium trusts the server (needs libnss3-tools)
  --profile D  Chromium's profile folder (default ~/.craftmark-kiosk). It holds the exam's
               journal of unsent answers: keep it on the PC's disk, never in a temporary folder.
  --dry-run    print what would run and change nothing

考场电脑以锁定的浏览器打开考试页面：全屏、无地址栏、无标签页。
TEXT
}

server="" ca="" profile="$HOME/.craftmark-kiosk" dry=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ca) ca="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *) server="$1"; shift ;;
  esac
done
[ -n "$server" ] || { usage >&2; exit 2; }

run() { if [ -n "$dry" ]; then echo "$*"; else "$@"; fi; }

if [ -n "$ca" ]; then
  [ -r "$ca" ] || { echo "cannot read the CA certificate $ca" >&2; exit 1; }
  command -v certutil >/dev/null || [ -n "$dry" ] ||
    { echo "certutil is missing: apt install libnss3-tools" >&2; exit 1; }
  run mkdir -p "$HOME/.pki/nssdb"
  run certutil -d "sql:$HOME/.pki/nssdb" -A -t "C,," -n "Craftmark centre CA" -i "$ca"
fi
command -v chromium >/dev/null || [ -n "$dry" ] || { echo "Chromium is missing: apt install chromium" >&2; exit 1; }
# Not --incognito: the page keeps unsent answers in the profile's IndexedDB, which must outlive a
# crash or a restart of the PC.
run chromium --kiosk --no-first-run --no-default-browser-check --noerrdialogs \
  --disable-translate --disable-features=Translate,TranslateUI --disable-pinch \
  --overscroll-history-navigation=0 --disable-session-crashed-bubble \
  --user-data-dir="$profile" "https://$server/exam"
