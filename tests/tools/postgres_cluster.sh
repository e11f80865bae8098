#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests that need the centre's database, shared by all
# of them (a ctest fixture): `start FILE` creates it in a fresh temporary folder, listening only
# on a Unix socket there, and writes to FILE the libpq connection string the tests use; `stop
# FILE` stops it and deletes the folder. initdb refuses to run as root, so as root the cluster
# belongs to the `postgres` account that Debian's package creates.
set -eu
action="$1"; env_file="$2"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
start)
  if [ -f "$env_file" ]; then "$0" stop "$env_file"; fi
  dir=$(mktemp -d /tmp/craftmark-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p 5433 -c fsync=on" >/dev/null \
    || { cat "$dir/server.log"; exit 1; }
  echo "host=$dir port=5433 user=postgres" > "$env_file"
  echo "PostgreSQL ready: $(cat "$env_file")"
  ;;
stop)
  [ -f "$env_file" ] || exit 0
  dir=$(sed -n 's/^host=\([^ ]*\) .*/\1/p' "$env_file")
  if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
  rm -rf "$dir" "$env_file"
  ;;
*) echo "usage: $0 start|stop FILE" >&2; exit 64 ;;
esac
