#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then removes the cluster.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#   scripts/with-postgres.sh --check      # exit 0 when a cluster could be started here
#
# The cluster lives in a new temporary folder (initdb), listens on 127.0.0.1 at a free port
# and on a unix socket inside that folder only, and accepts one superuser with a random
# password (scram-sha-256), so another local account cannot use it. COMMAND runs with
# DATABASE_URL pointing at it; its exit code is this script's exit code. The cluster is
# stopped and deleted however COMMAND ends (trap on EXIT, INT and TERM).
#
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` account
# (created by Debian's package) through runuser; as anyone else it runs as that user.
# The binaries come from $PG_BINDIR, else `pg_config --bindir`, else the newest
# /usr/lib/postgresql/*/bin. Exit code 3 means no PostgreSQL was found (nothing was run).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
    echo "$PG_BINDIR"; return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    local d
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; return 0; fi
  return 1
}

if ! BINDIR=$(find_bindir); then
  echo "with-postgres: no PostgreSQL server binaries found (initdb); install Debian's 'postgresql' package" >&2
  exit 3
fi

if [ "$1" = --check ]; then
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root and there is no 'postgres' account to run the server as" >&2
    exit 3
  fi
  echo "$BINDIR"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root and there is no 'postgres' account to run the server as" >&2
    exit 3
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

PY=${PYTHON:-python3}
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_hex(16))')
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/painscope-pg.XXXXXX")
DATA="$ROOT/data"
SOCK="$ROOT/sock"
mkdir -p "$SOCK"
printf '%s\n' "$PASSWORD" > "$ROOT/pwfile"
chmod 700 "$ROOT"
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$ROOT"; fi

started=0
cleanup() {
  local rc=$?
  if [ "$started" = 1 ]; then
    as_pg "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$ROOT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$BINDIR/initdb" -D "$DATA" -U painscope --pwfile="$ROOT/pwfile" --auth=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 --no-sync >"$ROOT/initdb.log" 2>&1 \
  || { cat "$ROOT/initdb.log" >&2; echo "with-postgres: initdb failed" >&2; exit 3; }
rm -f "$ROOT/pwfile"
# Durability is pointless for a throwaway test cluster: no fsync makes the suite faster.
as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null \
  || { cat "$ROOT/server.log" >&2; echo "with-postgres: the server did not start" >&2; exit 3; }
started=1
as_pg env PGPASSWORD="$PASSWORD" "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U painscope painscope
export DATABASE_URL="postgres://painscope:$PASSWORD@127.0.0.1:$PORT/painscope"
echo "==> PostgreSQL $("$BINDIR/postgres" --version | sed "s/^postgres (PostgreSQL) //") on 127.0.0.1:$PORT (throwaway cluster in $ROOT)" >&2
set +e
"$@"
rc=$?
set -e
exit "$rc"
