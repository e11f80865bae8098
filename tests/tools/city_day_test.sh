#!/usr/bin/env bash
# A city's exam day on loopback: a centre on the shared throwaway PostgreSQL cluster and two
# venues, each sent its sitting, roster and sealed paper by the centre (east online, west on a
# USB stick), each a real craftmark-server with twenty candidates of the real client library
# (craftmark-load) sitting, saving and submitting. East uploads as it goes; west's link to the
# centre (a relay) is cut for the whole sitting. Then the centre is killed (SIGKILL) while west
# drains, and started again. Everything arrives exactly once and both chains verify at the centre.
set -eu
cli="$1"; server="$2"; centre="$3"; load="$4"; repo="$5"; pg_env="$6"
work=$(mktemp -d)
. "$repo/tests/tools/centre_fixture.sh" "$pg_env" city_day
cd "$work"

cc init --name "杭州市职业技能鉴定中心" >/dev/null
cc organisation add school-east --name "东区职业学院" --kind school >/dev/null
cc organisation add park-west --name "西区产业园" --kind park >/dev/null
centre_port=$(free_port)
# The program itself in the background (not through cc, whose subshell a kill would miss).
start_centre() {
  local started; started=$(grep -c 'taking venues' centre.log 2>/dev/null || true)
  "$centre" --database "$pg dbname=$db_name" --data "$work/centre" \
    serve --listen "127.0.0.1:$centre_port" >> centre.log 2>&1 &
  echo $! > centre.pid
  wait_for "[ \$(grep -c 'taking venues' centre.log) -gt ${started:-0} ]"
}
start_centre

# Each venue: its own data folder, bank, sitting and twenty candidates; its server; its uploader
# through a relay that stands for its wide-area link.
for venue in east west; do
  organisation=school-east; [ "$venue" = west ] && organisation=park-west
  cc venue add "$venue" --name "$venue venue" --organisation "$organisation" -o "$venue.venue.pem" >/dev/null
  data="$work/$venue"
  . "$repo/tools/admin-account.sh" "$cli" "$data"
  c() { "$cli" --data "$data" "$@"; }
  c venue join "$venue.venue.pem" >/dev/null
  # The centre's sitting for the venue: its roster, and its paper sealed until the start.
  { echo "ticket,name,national_id,seat"; for i in $(seq -w 1 20); do echo "${venue:0:1}$i,Candidate $i,0,$i"; done; } > "$venue.csv"
  cc sitting add "$venue-day" --venue "$venue" --assessment "$repo/question-banks/demo/electrician-l4-theory.json" \
    --bank "$repo/question-banks/electrician-l4.json" --roster "$venue.csv" --start now --checkin not_required >/dev/null
  "$server" --data "$data" --listen 127.0.0.1:0 > "$venue.server.log" 2>&1 &
  echo $! > "$venue.server.pid"
  relay_port=$(free_port)
  echo "$relay_port" > "$venue.relay_port"
  python3 "$repo/tests/tools/tcp_relay.py" "$relay_port" "$centre_port" > "$venue.relay.log" 2>&1 &
  echo $! > "$venue.relay.pid"
  wait_for "grep -q relaying $venue.relay.log"
  # East takes its package and key online; west's come on a USB stick.
  if [ "$venue" = east ]; then
    c package fetch --centre "https://127.0.0.1:$relay_port" >/dev/null
    c package open "$venue-day" --centre "https://127.0.0.1:$relay_port" >/dev/null
  else
    cc package make west -o west.package >/dev/null
    cc package key west-day -o west-day.key >/dev/null
    c package receive west.package >/dev/null
    c package open west-day --key west-day.key >/dev/null
  fi
  c sitting codes "$venue-day" > "$venue.codes"
  # West sends small batches, so that its drain lasts long enough to be interrupted.
  batch=50; [ "$venue" = west ] && batch=2
  "$cli" --data "$data" outbox upload --centre "https://127.0.0.1:$relay_port" --follow --every 0.2 \
    --batch "$batch" > "$venue.upload.log" 2>&1 &
  echo $! > "$venue.upload.pid"
done
held() { sql "SELECT coalesce(max(head_seq), 0) FROM venue_chains WHERE venue = '$1'"; }
entries() { sqlite3 "$work/$1/craftmark.db" "SELECT count(*) FROM audit"; }
wait_for '[ "$(held west)" = "$(entries west)" ] && [ "$(held east)" = "$(entries east)" ]'

# The link of west is cut for the whole sitting.
kill "$(cat west.relay.pid)"; rm west.relay.pid
for venue in east west; do
  port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$venue.server.log")
  [ -n "$port" ] || fail "the $venue server did not start"
  "$load" --port "$port" --ca "$work/$venue/pki/ca.pem" --codes "$venue.codes" --candidates 20 \
    --interval-ms 100 --duration-s 3 --steps saves,submit --submit-window-s 1 \
    > "$venue.load.json" 2> "$venue.load.log" &
  pids+=($!)
done
wait "${pids[@]}"; pids=()
for venue in east west; do
  [ "$(sqlite3 "$work/$venue/craftmark.db" "SELECT count(*) FROM attempts WHERE state = 'closed'")" = 20 ] \
    || fail "not 20 submitted attempts at $venue"
done
# East's outbox reached the centre as the sitting went; west's waits, whole.
wait_for '[ "$(held east)" = "$(entries east)" ]'
[ "$(held west)" -lt "$(entries west)" ] || fail "west's entries reached the centre through a cut link"
grep -q "the centre cannot be reached" west.upload.log || fail "west's uploader did not notice the cut"

# The link comes back; the centre is killed while west drains, and started again.
python3 "$repo/tests/tools/tcp_relay.py" "$(cat west.relay_port)" "$centre_port" > west.relay.log 2>&1 &
echo $! > west.relay.pid
before=$(held west)
for _ in $(seq 3000); do [ "$(held west)" -gt "$before" ] && break; done # as soon as it moves
{ kill -9 "$(cat centre.pid)"; wait "$(cat centre.pid)" || true; } 2>/dev/null
at_kill=$(held west)
[ "$at_kill" -lt "$(entries west)" ] || fail "west had drained before the centre was killed"
start_centre
for venue in east west; do
  wait_for "[ \"\$(held $venue)\" = \"\$(entries $venue)\" ]"
  total=$(entries "$venue")
  [ "$(sql "SELECT count(*) FROM outbox_entries WHERE venue = '$venue'")" = "$total" ] \
    || fail "$venue: the centre does not hold each of its $total entries exactly once"
  [ "$(sql "SELECT count(*) FROM outbox_entries WHERE venue = '$venue' AND action = 'answer.save'")" = \
    "$(sqlite3 "$work/$venue/craftmark.db" "SELECT count(*) FROM audit WHERE action = 'answer.save'")" ] \
    || fail "$venue: not every answer entry arrived"
done
grep -q "the centre can be reached again" west.upload.log || fail "west's uploader did not say the link is back"
[ "$(grep -c 'the centre cannot be reached' west.upload.log)" -ge 2 ] \
  || fail "west's uploader did not notice the centre's death: $(cat west.upload.log)"
[ "$(grep -c 'taking venues' centre.log)" = 2 ] || fail "the centre did not start twice"
[ "$(sql "SELECT count(*) FROM refused_batches")" = 0 ] || fail "refusals: $(cc refusals)"
cc verify > verify.out || fail "verify: $(cat verify.out)"
[ "$(grep -c ': intact, ' verify.out)" = 2 ] || fail "not two intact chains: $(cat verify.out)"
# The centre's live view counts what each venue's candidates did.
cc watch --once > watch.out
for venue in east west; do
  answers=$(sqlite3 "$work/$venue/craftmark.db" "SELECT count(*) FROM audit WHERE action = 'answer.save'")
  grep -Eq "^$venue +[0-9a-f]{8} +$(entries "$venue") +20 +$answers +20 +0  20[-0-9T:Z]+ +$venue venue\$" watch.out \
    || fail "the live view of $venue: $(cat watch.out)"
done
echo "ok   two venues of twenty candidates each; west offline for its whole sitting, the centre killed while it drained (at $at_kill); $(entries east) + $(entries west) entries at the centre exactly once, both chains intact"
