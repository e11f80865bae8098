#!/usr/bin/env bash
# craftmark-server's configuration: the file, the environment and the command line, strongest
# last, as --print-config reports them; a key the server does not know is refused; what
# --print-config prints reads back as a configuration file.
set -eu
server="$1"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
setting() { grep "^$1 = " "$work/out" || true; }

cat > "$work/craftmark.toml" <<TOML
data = "/var/lib/craftmark"
listen = "0.0.0.0:9443"
threads = 3
max-connections = 900
operators = ["root:admin"]
TOML
CRAFTMARK_THREADS=5 CRAFTMARK_MAX_CONNECTIONS= "$server" --config "$work/craftmark.toml" \
  --print-config --message-rate 40 > "$work/out"
setting data | grep -q '"/var/lib/craftmark" *# file' || fail "data from the file: $(setting data)"
setting listen | grep -q '"0.0.0.0:9443" *# file' || fail "listen from the file"
setting threads | grep -q '= 5 *# environment CRAFTMARK_THREADS' || fail "the environment beats the file: $(setting threads)"
setting max-connections | grep -q '= 900 *# file' || fail "an empty variable is not a setting"
setting message-rate | grep -q '= 40 *# command line' || fail "the flag beats all"
setting idle-timeout | grep -q '= 30 *# default' || fail "the default: $(setting idle-timeout)"
CRAFTMARK_LISTEN=127.0.0.1:1 "$server" --config "$work/craftmark.toml" --listen 127.0.0.1:2 --print-config > "$work/out"
setting listen | grep -q '"127.0.0.1:2" *# command line' || fail "the flag beats the environment"
CRAFTMARK_CONFIG="$work/craftmark.toml" "$server" --print-config > "$work/out"
head -1 "$work/out" | grep -q "configuration file: $work/craftmark.toml" || fail "CRAFTMARK_CONFIG names the file"

# What it prints is a configuration file that gives the same settings.
"$server" --config "$work/craftmark.toml" --print-config > "$work/effective.toml"
"$server" --config "$work/effective.toml" --print-config > "$work/again"
diff <(sed 's/ *#.*//' "$work/effective.toml" | grep =) <(sed 's/ *#.*//' "$work/again" | grep =) \
  || fail "the printed configuration reads back differently"

# Mistakes are named and nothing starts.
echo 'max_conections = 10' >> "$work/craftmark.toml"
if "$server" --config "$work/craftmark.toml" --print-config > "$work/out" 2>&1; then fail "an unknown key was accepted"; fi
grep -q 'no setting "max_conections"' "$work/out" || fail "the unknown key is named: $(cat "$work/out")"
if "$server" --config "$work/missing.toml" --print-config > "$work/out" 2>&1; then fail "a missing --config file was accepted"; fi
grep -q "missing.toml" "$work/out" || fail "the missing file is named"
echo "server configuration: file < environment < command line, as printed"
