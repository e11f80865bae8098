# Sourced by the centre's tests, once $centre (the craftmark-centre program) and $work (the
# test's folder) are set:
#   . centre_fixture.sh PG-CONNINFO-FILE DATABASE
# makes the test's own database in the shared throwaway PostgreSQL cluster (afresh) and gives
# sql (a query's rows), cc (craftmark-centre on that database, its data in $work/centre),
# free_port, wait_for, fail (with the end of each log in $work), and an exit that stops the
# programs whose pids are in $work/*.pid (and in the array pids) and removes $work.
stop_and_clean() {
  for p in "${pids[@]}" $(cat "$work"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
pids=()
trap stop_and_clean EXIT
pg="$(cat "$1")"
db_name="$2"
psql "$pg dbname=postgres" -q -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $db_name" -c "CREATE DATABASE $db_name"
sql() { psql "$pg dbname=$db_name" -tAqc "$1"; }
cc() { "$centre" --database "$pg dbname=$db_name" --data "$work/centre" "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
fail() { echo "FAIL: $*"; for f in "$work"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done; exit 1; }
# Waits up to 60 s for a condition (a shell command) to hold.
wait_for() { for _ in $(seq 600); do eval "$1" && return 0; sleep 0.1; done; fail "timed out waiting for: $1"; }
