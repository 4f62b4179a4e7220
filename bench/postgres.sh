#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 started as .ci/run starts one (initdb as the postgres user into
# a temporary folder, loopback only, a free port), with DATABASE_URL pointing at it; stopped and deleted after.
set -uo pipefail
PGBIN=${ATTUNE_PG_BIN:-/usr/lib/postgresql/15/bin}
pgdir=$(mktemp -d /tmp/attune-bench-pg.XXXXXX)
chown postgres: "$pgdir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() { su postgres -s /bin/sh -c "$1"; }
stop_postgres() {
  as_postgres "$PGBIN/pg_ctl -D $pgdir/data -m fast -w stop" >/dev/null 2>&1
  rm -rf "$pgdir"
}
trap stop_postgres EXIT
as_postgres "$PGBIN/initdb -D $pgdir/data -U postgres -A trust -E UTF8 --no-sync" >/dev/null || exit 1
as_postgres "$PGBIN/pg_ctl -D $pgdir/data -l $pgdir/server.log -w -o '-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c max_connections=100' start" >/dev/null \
  || { cat "$pgdir/server.log"; exit 1; }
ATTUNE_PG_BIN="$PGBIN" DATABASE_URL="postgres://postgres@127.0.0.1:$port/attune_bench" "$@"
