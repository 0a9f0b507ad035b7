#!/usr/bin/env bash
# A local PostgreSQL for trying the portal on its second provider: a cluster of its own in a folder (default
# ./.postgres), on loopback only, with a "portal" database. Not for production: it trusts every loopback connection
# (see docs/deployment.md for a real server). Debian's postgresql package provides the binaries.
#
#   deploy/postgres/local.sh start   # create on first use, start, print the settings the portal needs
#   deploy/postgres/local.sh stop
#
# PORTAL_PG_DIR (folder) and PORTAL_PG_PORT (default 5433, beside a system server on 5432) change the defaults.
set -euo pipefail

folder=$(realpath -m "${PORTAL_PG_DIR:-.postgres}")
port=${PORTAL_PG_PORT:-5433}
data="$folder/data"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries are not installed (apt-get install postgresql)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root; as root the cluster belongs to Debian's postgres user.
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start() {
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$folder"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$folder"
    as_server "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  fi
  if ! as_server "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_server "$bin/pg_ctl" -D "$data" -l "$folder/server.log" -w -o \
      "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$folder'" start >/dev/null
  fi
  if ! as_server "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'portal'" | grep -q 1; then
    as_server "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres portal
  fi
  echo "PostgreSQL is running on 127.0.0.1:$port (data in $data). Run the portal on it with:"
  echo "  Portal__Database__Provider=PostgreSQL ConnectionStrings__Portal=\"Host=127.0.0.1;Port=$port;Username=postgres;Database=portal\" dotnet run --project Portal.Web"
}

stop() {
  if [ -f "$data/PG_VERSION" ]; then
    as_server "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  echo "PostgreSQL in $folder is stopped."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
