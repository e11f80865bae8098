#!/usr/bin/env bash
# Drives the real craftmark-terminal under tmux against a real server: the paper appears with
# Chinese text, an answer shows "saved" and is stored, and submitting shows the final screen.
set -eu
terminal="$1"; server="$2"; cli="$3"; repo="$4"
work=$(mktemp -d)
sock="craftmark-test-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- screen:"; tmux -L "$sock" capture-pane -p -t t 2>/dev/null || true; exit 1; }

c() { "$cli" --data "$work/data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$work/data"
c bank import "$repo/question-banks/electrician-l4.json"
c assessment add "$repo/question-banks/demo/electrician-l4-theory.json"
c sitting create --id s --assessment electrician-l4-theory --room 301 --start now
printf 'ticket,name,national_id,seat\nT1,张伟 Zhang Wei,1,A01\n' > "$work/c.csv"
c sitting register s "$work/c.csv"
code=$("$cli" --data "$work/data" sitting codes s --release | sed -n 2p | cut -f3)

"$server" --data "$work/data" --listen 127.0.0.1:0 > "$work/server.out" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
[ -n "$port" ] || fail "server did not start"

tmux -L "$sock" new-session -d -s t -x 100 -y 30 \
  "LANG=C.UTF-8 LC_ALL=C.UTF-8 $terminal --port $port --ca $work/data/pki/ca.pem --journal $work/journal --ticket T1 --code $code"
screen_has() { # TEXT [SECONDS]
  for _ in $(seq $((${2:-10} * 10))); do tmux -L "$sock" capture-pane -p -t t | grep -q "$1" && return 0; sleep 0.1; done
  return 1
}
screen_has "第 1 题 / 共 50 题" || fail "the paper did not appear"
screen_has "张伟 Zhang Wei" 1 || fail "the candidate's name is not shown"
tmux -L "$sock" send-keys -t t 2
screen_has "(•)" || fail "the chosen option is not marked"
screen_has "已保存 saved" || fail "no saved state"
tmux -L "$sock" send-keys -t t Right
screen_has "第 2 题" || fail "next question"
tmux -L "$sock" send-keys -t t 1 f
screen_has "已标记 flagged" || fail "flag not shown"
tmux -L "$sock" send-keys -t t s
screen_has "48 题未答 unanswered" || fail "the submit confirmation does not count the unanswered items"
tmux -L "$sock" send-keys -t t Y
screen_has "已交卷" || fail "no final screen"
screen_has "成绩 score: [0-9.]* / 100" || fail "no score"
answers=$(sqlite3 "$work/data/craftmark.db" "SELECT count(*) FROM answers")
[ "$answers" = 2 ] || fail "expected 2 stored answers, found $answers"
state=$(sqlite3 "$work/data/craftmark.db" "SELECT state FROM attempts WHERE ticket = 'T1'")
[ "$state" = closed ] || fail "attempt is $state"
echo "terminal under tmux: all checks passed"
