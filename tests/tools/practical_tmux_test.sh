#!/usr/bin/env bash
# Drives the real craftmark-terminal under tmux through a practical component against a real
# server: the task sheet and the hand-in folder show, U uploads the work with a receipt that
# matches the file (and the server's copy), and handing in closes the attempt. Then a chief
# examiner marks it in craftmark-proctor's marking mode: the queue by code, the checker's marks,
# the download, an entry per kind of aspect, and the lock refused while marks are missing.
set -eu
terminal="$1"; server="$2"; cli="$3"; repo="$4"; proctor="$5"
work=$(mktemp -d)
sock="craftmark-practical-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() {
  echo "FAIL: $*"; echo "--- screen:"; tmux -L "$sock" capture-pane -p -t t 2>/dev/null || true
  cat "$work/proctor.err" 2>/dev/null || true; exit 1
}

c() { "$cli" --data "$work/data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$work/data"
c assessment add "$repo/question-banks/demo/cnc-turning-practical.json" --checkers "$repo/question-banks/checkers"
c sitting create --id p --assessment cnc-turning-l4-practical --room "Workshop 2" --start now
printf 'ticket,name,national_id,seat\nW1,李明 Li Ming,1,L03\n' > "$work/c.csv"
c sitting register p "$work/c.csv"
c scheme import "$repo/question-banks/cnc-turning-worldskills-scheme.json"
printf 'examiner-password\n' > "$work/pw"
c staff add wang --role examiner --name "王考评" --scope sitting:p --scope chief --password-file "$work/pw"
code=$("$cli" --data "$work/data" sitting codes p --release | sed -n 2p | cut -f3)
mkdir -p "$work/handin/T1"
printf 'O1000 (SHAFT, T0101, ZERO AT FACE)\nG0 X42 Z2\nG1 X40 Z-60 F0.2\nM30\n' > "$work/handin/T1/O1000.nc"
printf 'not a program' > "$work/handin/T1/photo.jpg"
sha=$(sha256sum "$work/handin/T1/O1000.nc" | cut -c1-64)

"$server" --data "$work/data" --listen 127.0.0.1:0 > "$work/server.out" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
[ -n "$port" ] || fail "server did not start"

tmux -L "$sock" new-session -d -s t -x 120 -y 32 \
  "LANG=C.UTF-8 LC_ALL=C.UTF-8 $terminal --port $port --ca $work/data/pki/ca.pem --journal $work/journal --hand-in $work/handin --ticket W1 --code $code"
screen_has() { # TEXT [SECONDS]
  for _ in $(seq $((${2:-10} * 10))); do tmux -L "$sock" capture-pane -p -t t | grep -q -- "$1" && return 0; sleep 0.1; done
  return 1
}
screen_has "加工程序编制 NC program" || fail "the task tabs did not appear"
screen_has "程序号 O1000" || fail "the task sheet is not shown"
screen_has "O1000.nc .*未上传 not uploaded" || fail "the hand-in folder does not list the program"
screen_has "photo.jpg .*不接受此类型" || fail "a file of the wrong type is not marked"
screen_has "剩余 left 2:[0-9][0-9]:[0-9][0-9]" || fail "no countdown"
tmux -L "$sock" send-keys -t t u
screen_has "O1000.nc .*已收到 received  SHA-256 $sha" || fail "no receipt with the file's SHA-256"
screen_has "已上传 1 个文件" || fail "no upload summary"
stored=$(sqlite3 "$work/data/craftmark.db" "SELECT sha256 || ' ' || state FROM uploads")
[ "$stored" = "$sha complete" ] || fail "the server stored: $stored"
cmp -s "$work/handin/T1/O1000.nc" "$work/data/uploads/1" || fail "the server's copy differs"
tmux -L "$sock" send-keys -t t 2
screen_has "现场操作，无需上传" || fail "the observed task does not say so"
tmux -L "$sock" send-keys -t t s
screen_has "所有文件均已收到 every file is received" || fail "the hand-in confirmation"
tmux -L "$sock" send-keys -t t Y
screen_has "已交卷" || fail "no final screen"
screen_has "results after marking" || fail "the hand-in screen does not say results come after marking"
tmux -L "$sock" capture-pane -p -t t | grep -q "成绩 score\|PASS" && fail "a score or pass/fail before marking"
state=$(sqlite3 "$work/data/craftmark.db" "SELECT state FROM attempts WHERE ticket = 'W1'")
[ "$state" = closed ] || fail "attempt is $state"

# The examiner's side, in a second tmux session. It opens before the candidate's closes: a tmux
# server left without sessions exits, and a client that reaches it then fails ("server exited
# unexpectedly").
tmux -L "$sock" new-session -d -s m -x 140 -y 40 \
  "cd $work && LANG=C.UTF-8 LC_ALL=C.UTF-8 $proctor --port $port --ca $work/data/pki/ca.pem --user wang --password-file $work/pw --sitting p --marking 2>$work/proctor.err; echo exit \$? >> $work/proctor.err; sleep 5"
tmux -L "$sock" kill-session -t t
tmux -L "$sock" rename-session -t m t
screen_has "阅卷 Marking · p · 2 works" || fail "the marking queue did not open"
screen_has "T1 .*open .*ok" || fail "the checked work is not listed"
codes=$(sqlite3 "$work/data/craftmark.db" "SELECT code FROM works ORDER BY task")
t1=$(echo "$codes" | sed -n 1p)
screen_has "$t1" || fail "the work's code is not shown"
# The ticket as a word: a random work code such as 5EYW12 may contain the letters "W1".
queue=$(tmux -L "$sock" capture-pane -p -t t)
if echo "$queue" | grep -qw "W1" || echo "$queue" | grep -q "李明"; then
  fail "the queue shows who the candidate is"
fi
row=$(tmux -L "$sock" capture-pane -p -t t | grep -n " T1 " | head -1 | cut -d: -f1)
[ "$(tmux -L "$sock" capture-pane -p -t t | grep -n " T2 " | cut -d: -f1)" -lt "$row" ] && tmux -L "$sock" send-keys -t t Down
tmux -L "$sock" send-keys -t t Enter
screen_has "$t1 · 加工程序编制 NC program · open" || fail "the marking form did not open"
screen_has "C1.1 .*met (checker)" || fail "the checker's mark is not on the form"
tmux -L "$sock" send-keys -t t d
screen_has "1 file(s) saved in marking-files/$t1" || fail "no download"
cmp -s "$work/handin/T1/O1000.nc" "$work/marking-files/$t1/O1000.nc" || fail "the downloaded file differs"
# A1.1 is the first aspect, a banded measurement: a wrong value is refused, a right one saved.
tmux -L "$sock" send-keys -t t Enter
screen_has "实测值 measured (mm, nominal 39.9875)" || fail "no measurement prompt"
tmux -L "$sock" send-keys -t t "forty" Enter
screen_has "A1.1: type the measured value" || fail "a word was taken as a measurement"
tmux -L "$sock" send-keys -t t Enter "39.99" Enter "good finish" Enter
screen_has "A1.1 ✓ saved" || fail "the measurement was not saved"
saved=$(sqlite3 "$work/data/craftmark.db" "SELECT entry || '|' || judge || '|' || comment FROM marks WHERE aspect = 'A1.1'")
[ "$saved" = '{"value":39.99}|wang|good finish' ] || fail "the server stored: $saved"
tmux -L "$sock" send-keys -t t l
screen_has "lock and sign off" || fail "no lock confirmation"
tmux -L "$sock" send-keys -t t y Enter
screen_has "lock refused: not ready to lock: .*(pending)" || fail "an unfinished work was locked"
tmux -L "$sock" send-keys -t t Escape
sleep 0.3
tmux -L "$sock" send-keys -t t q
echo "practical terminal and marking console under tmux: all checks passed"
