#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start DIR` (initdb in DIR, listening only on a
# Unix socket in DIR, prints the URL to use) and `stop DIR` (stops it and removes DIR).
# As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?folder}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "未找到 PostgreSQL（apt-get install postgresql）" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U workbench --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 --lc-collate=C >/dev/null
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=100" start >/dev/null
    as_owner "$bindir/createdb" -h "$dir" -U workbench workbench_test
    echo "postgresql://workbench@/workbench_test?host=$dir"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
