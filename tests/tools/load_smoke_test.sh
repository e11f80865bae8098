#!/usr/bin/env bash
# craftmark-load end to end, small: twenty candidates connect, save, drop and resume at once (then
# again, fetching the paper too; then again across a server restart), and submit, against the
# real server; then the echo baseline. Checks the tool's own counts against the server's records
# (every candidate's attempt submitted, the audit chain intact).
set -eu
load="$1"; echo_bench="$2"; server="$3"; cli="$4"; repo="$5"
work=$(mktemp -d)
cleanup() { kill $(jobs -p) $(cat "$work/server.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@"; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
c bank import "$repo/question-banks/electrician-l4.json" >/dev/null
c assessment add "$repo/question-banks/demo/electrician-l4-theory.json" >/dev/null
c sitting create --id smoke --assessment electrician-l4-theory --start now >/dev/null
{ echo "ticket,name,national_id,seat"; for i in $(seq -w 1 20); do echo "L$i,Candidate $i,0,$i"; done; } > "$work/c.csv"
c sitting register smoke "$work/c.csv" >/dev/null
c sitting codes smoke --release > "$work/codes.tsv"

ready_port() { for _ in $(seq 100); do p=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$1"); [ -n "$p" ] && { echo "$p"; return; }; sleep 0.1; done; echo "no ready line in $1" >&2; exit 1; }

"$server" --data "$data" --listen 127.0.0.1:0 > "$work/server.out" 2>/dev/null &
echo $! > "$work/server.pid"
port=$(ready_port "$work/server.out")
# The restart step kills the server (SIGKILL) and starts it again at the same port.
restart=$(printf '%q ' "$repo/tools/bench/restart.sh" "$work/server.pid" "$work/server.out" \
  "$server" --data "$data" --listen "127.0.0.1:$port")
"$load" --port "$port" --ca "$data/pki/ca.pem" --codes "$work/codes.tsv" --candidates 20 \
  --interval-ms 200 --duration-s 2 --steps saves,reconnect,reload,restart,submit --submit-window-s 1 \
  --server-pid "$(cat "$work/server.pid")" --restart-with "$restart" \
  > "$work/craftmark.json" 2> "$work/progress.txt"
"$repo/tools/bench/stop.sh" "$work/server.pid"
c results export smoke --format json > "$work/results.json"
c audit verify >/dev/null
# Item statistics of the sitting just played: every format, from the real server's records.
c stats smoke --format json > "$work/stats.json"
c stats smoke --format html -o "$work/stats.html"
c stats smoke --format xlsx -o "$work/stats.xlsx"
c stats smoke | grep -q "^smoke: 20 candidates, mean" || { echo "FAIL: stats text"; exit 1; }

"$echo_bench" "$work/echo-pki" 0 1 > "$work/echo.out" &
port=$(ready_port "$work/echo.out")
"$load" --mode echo --port "$port" --ca "$work/echo-pki/ca.pem" --candidates 20 \
  --interval-ms 0 --duration-s 1 --steps saves,reconnect > "$work/echo.json"

/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
stats = json.load(open(f"{work}/stats.json"))
assert stats["candidates"] == 20 and sum(stats["distribution"]) == 20, stats
assert stats["items"] and all(0 <= i["facility"] <= 1 and i["candidates"] <= 20 for i in stats["items"])
choice = [i for i in stats["items"] if i["type"] == "single_choice"]
assert choice and all(sum(o["chosen"] for o in i["options"]) <= i["candidates"] for i in choice)
page = open(f"{work}/stats.html", encoding="utf-8").read()
assert page.count("<svg") == 2 and "<script" not in page
import openpyxl
book = openpyxl.load_workbook(f"{work}/stats.xlsx")
assert book.sheetnames == ["items", "options", "groups"], book.sheetnames
assert book["items"].max_row == len(stats["items"]) + 1
r = json.load(open(f"{work}/craftmark.json"))
steps = ("connect", "saves", "reconnect", "reload", "restart", "submit")
for step in steps:
    assert r[step]["errors"] == {}, (step, r[step]["errors"])
assert all(r[step]["ok"] == 20 for step in steps if step != "saves"), r
# Dropped without a TLS close, every candidate still resumes its TLS session.
assert r["connect"]["tls_resumed"] == 0 and r["reconnect"]["tls_resumed"] == r["reload"]["tls_resumed"] == 20, r
# A restarted server cannot read the old session tickets: full handshakes, then resumed attempts.
assert r["restart"]["tls_resumed"] == 0 and r["restart"]["restart_seconds"] > 0, r["restart"]
# Twenty candidates, one save every 200 ms for 2 s: ten each.
assert r["saves"]["ok"] == 200, r["saves"]
assert r["server_kib_per_connection"] > 0
closed = [c["closeReason"] for c in json.load(open(f"{work}/results.json"))["candidates"]]
assert closed == ["submitted"] * 20, closed
# Each step says when it starts and ends, in order, while the JSON waits for the end.
progress = [line.split(":")[1].split()[:2] for line in open(f"{work}/progress.txt")]
assert progress == [[s, w] for s in steps for w in ("started", "done")], progress
e = json.load(open(f"{work}/echo.json"))
assert e["connect"]["ok"] == e["reconnect"]["ok"] == 20 and e["saves"]["ok"] > 20, e
assert e["saves"]["errors"] == {}, e
print("load smoke: ok")
PY
