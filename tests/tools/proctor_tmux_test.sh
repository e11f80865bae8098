#!/usr/bin/env bash
# Drives the real craftmark-proctor console and real craftmark-terminals under tmux against a
# real server: check-in shows the access code, the candidate signs in with it and appears on the
# seat map, a pause from the console hides the paper until the resume, and a candidate who
# mistypes the code stays at sign-in, is locked after five tries, and is unlocked from the
# console.
set -eu
proctor="$1"; terminal="$2"; server="$3"; cli="$4"; repo="$5"
work=$(mktemp -d)
sock="craftmark-proctor-test-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; for w in p c c2; do echo "--- $w:"; tmux -L "$sock" capture-pane -p -t $w 2>/dev/null || true; done; exit 1; }
screen_has() { # WINDOW TEXT
  for _ in $(seq 100); do tmux -L "$sock" capture-pane -p -t "$1" | grep -q "$2" && return 0; sleep 0.1; done
  return 1
}

c() { "$cli" --data "$work/data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$work/data"
c bank import "$repo/question-banks/electrician-l4.json"
c assessment add "$repo/question-banks/demo/electrician-l4-theory.json"
c sitting create --id room301 --assessment electrician-l4-theory --room 301 --start now
printf 'ticket,name,national_id,seat\nT1,张伟 Zhang Wei,110101199003091234,A01\nT2,王芳 Wang Fang,2,A02\n' > "$work/c.csv"
c sitting register room301 "$work/c.csv"
echo "correct horse" > "$work/pw"
c staff add li --role proctor --name "李老师" --scope sitting:room301 --password-file "$work/pw"

"$server" --data "$work/data" --listen 127.0.0.1:0 > "$work/server.out" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
ca="$work/data/pki/ca.pem"

tmux -L "$sock" new-session -d -s p -x 110 -y 24 \
  "LANG=C.UTF-8 $proctor --port $port --ca $ca --user li --password-file $work/pw --sitting room301"
screen_has p "A01 张伟 Zhang Wei" || fail "the seat map did not appear"
screen_has p "未签到 not checked in" || fail "seat states are not shown"
# A console action on the seat under the cursor: KEY, then reason number REASON, no comment.
act() { # KEY REASON
  tmux -L "$sock" send-keys -t p "$1"
  screen_has p "原因 reason" || fail "no reason menu after $1"
  tmux -L "$sock" send-keys -t p "$2"
  screen_has p "comment (optional)" || fail "no comment prompt after $1"
  tmux -L "$sock" send-keys -t p Enter
}
# Checks in the seat under the cursor as present: prints the new access code shown.
check_in() { # WHAT-THE-CHECK-IN-SCREEN-SHOWS
  tmux -L "$sock" send-keys -t p c
  screen_has p "已到" || fail "no check-in menu"
  tmux -L "$sock" send-keys -t p 1
  screen_has p "$1" || fail "the check-in screen does not show $1"
  tmux -L "$sock" capture-pane -p -t p | grep -A2 "访问码 access code" | grep -o '[0-9]\{6\}' | head -1
  tmux -L "$sock" send-keys -t p x
}
code=$(check_in 110101199003091234)  # the ID number, for the identity check
[ -n "$code" ] || fail "no access code on the check-in screen"

tmux -L "$sock" new-session -d -s c -x 100 -y 26 \
  "LANG=C.UTF-8 $terminal --port $port --ca $ca --journal $work/journal --ticket T1 --code $code"
screen_has c "第 1 题" || fail "the candidate could not sign in with the released code"
screen_has p "● 0/50" || fail "the candidate is not shown as connected"
act p 2
screen_has c "暂停 PAUSED" || fail "the pause did not reach the candidate"
screen_has p "attempt.pause ✓ 1 applied" || fail "the console did not confirm the pause"
audit=$(sqlite3 "$work/data/craftmark.db" "SELECT count(*) FROM audit WHERE actor = 'staff:li' AND action = 'attempt.pause'")
[ "$audit" = 1 ] || fail "the pause is not in the audit log"
# While paused nothing of the paper shows and keys do nothing.
tmux -L "$sock" capture-pane -p -t c | grep -q "共 50 题" && fail "the paper is still on screen while paused"
tmux -L "$sock" send-keys -t c 1 Right 2
act r 2
# Back on item 1 with nothing saved: the keys pressed while paused neither moved nor answered.
screen_has c "第 1 题 / 共 50 题" || fail "the paper did not come back after the resume on item 1"
saved=$(sqlite3 "$work/data/craftmark.db" "SELECT count(*) FROM answers")
[ "$saved" = 0 ] || fail "keys pressed while paused saved $saved answers"
tmux -L "$sock" send-keys -t c 1
screen_has c "已保存 saved" || fail "no save after the resume"

# T2 is checked in, then mistypes the code: the terminal stays at sign-in, with the tries left.
tmux -L "$sock" send-keys -t p Right
code2=$(check_in "王芳 Wang Fang")
[ -n "$code2" ] || fail "no access code for T2"
tmux -L "$sock" new-session -d -s c2 -x 100 -y 26 \
  "LANG=C.UTF-8 $terminal --port $port --ca $ca --journal $work/journal2 --ticket T2 --code 000000"
screen_has c2 "4 tries left" || fail "a wrong code did not keep the terminal at sign-in"
screen_has c2 "准考证号 ticket: T2" || fail "the sign-in screen does not keep the ticket"
for left in 3 2 1; do
  tmux -L "$sock" send-keys -t c2 Enter 000000 Enter
  screen_has c2 "$left tr" || fail "no count down to $left tries"
done
tmux -L "$sock" send-keys -t c2 Enter 000000 Enter
screen_has c2 "已锁定 locked" || fail "the fifth wrong code did not lock the ticket"
screen_has p "锁定至 [0-9:]* locked" || fail "the lock is not shown on the seat"
act u 7
screen_has p "unlock T2 ✓" || fail "the console did not confirm the unlock"
audit=$(sqlite3 "$work/data/craftmark.db" "SELECT count(*) FROM audit WHERE actor = 'staff:li' AND action = 'candidate.unlock' AND subject = 'T2'")
[ "$audit" = 1 ] || fail "the unlock is not in the audit log"
tmux -L "$sock" send-keys -t c2 Enter "$code2" Enter
screen_has c2 "第 1 题" || fail "T2 could not sign in after the unlock"
echo "proctor console under tmux: all checks passed"
