# Sourced by the centre's tests, once $centre (the craftmark-centre program) and $work (the
# test's folder) are set:
#   . centre_fixture.sh PG-CONNINFO-FILE DATABASE
# makes the test's own database in the shared throwaway PostgreSQL cluster (afresh) and gives
# sql (a query's rows), cc (craftmark-centre on that database, its data in $work/centre) and
# free_port.
pg="$(cat "$1")"
db_name="$2"
psql "$pg dbname=postgres" -q -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $db_name" -c "CREATE DATABASE $db_name"
sql() { psql "$pg dbname=$db_name" -tAqc "$1"; }
cc() { "$centre" --database "$pg dbname=$db_name" --data "$work/centre" "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
