#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start DIR` (initdb in DIR, listening only on a
# Unix socket in DIR, prints the URL to use), `restart DIR` (the server goes down and comes back
# with its data: every open session is dropped) and `stop DIR` (stops it and removes DIR).
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
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=100"
    # WORKBENCH_PG_TLS=folder with server.crt and server.key, WORKBENCH_PG_PORT=N: also listen on
    # 127.0.0.1:N, TLS only, with passwords (scram-sha-256) — the office's set-up, for its tests.
    if [ -n "${WORKBENCH_PG_TLS:-}" ]; then
      cp "$WORKBENCH_PG_TLS/server.crt" "$WORKBENCH_PG_TLS/server.key" "$dir/data/"
      [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/data/server.crt" "$dir/data/server.key"
      chmod 600 "$dir/data/server.key"
      printf 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhost all all 0.0.0.0/0 reject\n' > "$dir/data/pg_hba.conf"
      opts="-c listen_addresses='127.0.0.1' -c port=${WORKBENCH_PG_PORT:-5433} -c unix_socket_directories='$dir' -c fsync=off -c ssl=on -c password_encryption=scram-sha-256"
    fi
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$opts" start >/dev/null
    [ -z "${WORKBENCH_PG_TLS:-}" ] || as_owner "$bindir/psql" -q -h "$dir" -p "${WORKBENCH_PG_PORT:-5433}" -U workbench -d postgres \
      -c "ALTER ROLE workbench PASSWORD '${WORKBENCH_PG_PASSWORD:-office-test-password}'"
    port=${WORKBENCH_PG_PORT:-5432}; [ -n "${WORKBENCH_PG_TLS:-}" ] || port=5432
    as_owner "$bindir/createdb" -h "$dir" -p "$port" -U workbench workbench_test
    echo "postgresql://workbench@/workbench_test?host=$dir&port=$port"
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w restart >/dev/null
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
