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
screen_has "张伟 Zhang Wei" || fail "the candidate's name is not shown"
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

# A paper whose item shows a figure: the terminal shows its HTML as text and names the figure
# where it stands, with the advice to sit such an item in the browser.
mkdir -p "$work/bank"
printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>' > "$work/bank/circuit.svg"
cat > "$work/bank/figs.json" <<'JSON'
{"kind": "qbank", "bank": {"id": "figs"}, "items": [
 {"id": "F1", "type": "true_false", "correct": true,
  "stem": {"format": "html", "text": "<p>图中 R<sub>1</sub> 与 R<sub>2</sub> 串联。</p><p><img src=\"circuit.svg\" alt=\"电路图\"></p>"}}]}
JSON
printf '{"kind": "assessment", "id": "figs", "title": "Figures", "durationMinutes": 10, "sections": [{"id": "S", "title": "S", "draw": [{"bank": "figs", "count": 1}]}]}' > "$work/bank/figs-assessment.json"
c bank import "$work/bank/figs.json"
c assessment add "$work/bank/figs-assessment.json"
c sitting create --id s2 --assessment figs --room 302 --start now
printf 'ticket,name,national_id,seat\nT2,李娜 Li Na,2,B01\n' > "$work/c2.csv"
c sitting register s2 "$work/c2.csv"
code2=$("$cli" --data "$work/data" sitting codes s2 --release | sed -n 2p | cut -f3)
# The second session opens before the first closes: a tmux server left without sessions exits,
# and a client that reaches it then fails ("server exited unexpectedly").
tmux -L "$sock" new-session -d -s t2 -x 100 -y 30 \
  "LANG=C.UTF-8 LC_ALL=C.UTF-8 $terminal --port $port --ca $work/data/pki/ca.pem --journal $work/journal2 --ticket T2 --code $code2"
tmux -L "$sock" kill-session -t t
tmux -L "$sock" rename-session -t t2 t
screen_has "图中 R_1 与 R_2 串联。" || fail "the HTML stem is not shown as text"
screen_has "\[图 Figure 1: 电路图\]" || fail "the figure is not named"
screen_has "宜在浏览器考试中作答" || fail "no advice to sit the item in the browser"
echo "terminal under tmux: all checks passed"
