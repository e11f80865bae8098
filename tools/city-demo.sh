#!/usr/bin/env bash
# tools/run-demo.sh --city: a city's exam day on this machine. A centre (craftmark-centre on a
# throwaway PostgreSQL cluster) and two venues, each a craftmark-server with an electrician
# theory sitting of eight candidates that the centre sent down (roster and sealed paper, the
# paper's key at the start), whose outboxes go up to the centre as they are written.
# Prints where to connect, then shows the centre's live view; Ctrl-C stops everything (the
# city is made afresh on every start, in data/city or CRAFTMARK_CITY).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh craftmark-server craftmark craftmark-centre craftmark-sandbox craftmark-terminal
city="${CRAFTMARK_CITY:-data/city}"
conninfo="$city/postgres.conninfo"
[ -f "$conninfo" ] && tests/tools/postgres_cluster.sh stop "$conninfo"
rm -rf "$city"
mkdir -p "$city"
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  tests/tools/postgres_cluster.sh stop "$conninfo"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

echo "== starting the centre's PostgreSQL (a throwaway cluster)"
tests/tools/postgres_cluster.sh start "$conninfo" >/dev/null
psql "$(cat "$conninfo") dbname=postgres" -qc "CREATE DATABASE craftmark_centre"
centre() { build/server/craftmark-centre --database "$(cat "$conninfo") dbname=craftmark_centre" \
  --data "$city/centre" "$@"; }
centre init --name "杭州市职业技能鉴定中心 City Skills Assessment Centre" >/dev/null
centre organisation add school-east --name "东区职业学院 East Vocational College" --kind school >/dev/null
centre organisation add park-west --name "西区产业园 West Industrial Park" --kind park >/dev/null
# Programs in the background are started themselves, not through a function, so that the
# cleanup's kill reaches them.
build/server/craftmark-centre --database "$(cat "$conninfo") dbname=craftmark_centre" \
  --data "$city/centre" serve --listen 127.0.0.1:9443 > "$city/centre.log" 2>&1 &
for _ in $(seq 100); do grep -qs "taking venues" "$city/centre.log" && break; sleep 0.1; done

venues=("east|东区职业学院 East Vocational College|school-east|8444"
        "west|西区产业园实训基地 West Industrial Park|park-west|8445")
for row in "${venues[@]}"; do
  IFS='|' read -r venue name organisation port <<< "$row"
  data="$city/$venue"
  cli() { build/tools/craftmark --data "$data" "$@"; }
  echo "== preparing venue $venue ($name)"
  centre venue add "$venue" --name "$name" --organisation "$organisation" \
    -o "$city/$venue.venue.pem" >/dev/null
  . tools/admin-account.sh build/tools/craftmark "$data"
  cli venue join "$city/$venue.venue.pem" >/dev/null
  # The centre's sitting for the venue (no check-in in the demo: codes come with the roster),
  # sent down in its package; the paper's key is given from the start, which is now.
  centre sitting add "$venue-theory" --venue "$venue" --room 101 --start now --checkin not_required \
    --assessment question-banks/demo/electrician-l4-theory.json --bank question-banks/electrician-l4.json \
    --roster question-banks/demo/candidates.csv >/dev/null
  cli package fetch --centre https://127.0.0.1:9443 >/dev/null
  cli package open "$venue-theory" --centre https://127.0.0.1:9443 >/dev/null
  cli sitting codes "$venue-theory" > "$city/$venue.codes"
  build/server/craftmark-server --data "$data" --listen "127.0.0.1:$port" > "$city/$venue.log" 2>&1 &
  build/tools/craftmark --data "$data" outbox upload --centre https://127.0.0.1:9443 --follow \
    --every 1 > "$city/$venue.upload.log" 2>&1 &
  unset CRAFTMARK_AS CRAFTMARK_AS_PASSWORD_FILE
done

cat <<TXT

== the city: a centre and two venues; each venue took its sitting from the centre and sends
   its records back as it works
   centre:  https://127.0.0.1:9443/outbox (venues only, mutual TLS); PostgreSQL: $(cat "$conninfo")
TXT
for row in "${venues[@]}"; do
  IFS='|' read -r venue name organisation port <<< "$row"
  cat <<TXT
   venue $venue ($name): https://localhost:$port/exam  (the venue's development CA: $city/$venue/pki/ca.pem)
     staff console: https://localhost:$port/console (administrator "admin", password in $city/$venue/admin.password)
     candidates and their codes:
$(sed 's/^/       /' "$city/$venue.codes")
TXT
done
cat <<TXT
   cut a venue's link to see its outbox wait and drain: kill its uploader (pgrep -f 'outbox upload'),
   then start it again: build/tools/craftmark --data $city/west outbox upload --centre https://127.0.0.1:9443 --follow
   (see docs/centre.md)

== the centre's live view follows in 10 s (Ctrl-C stops the city)
TXT
sleep 10
centre watch
