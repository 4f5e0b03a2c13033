#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the goodhart-jdbc tests and prints its JDBC URL on the last line.
# Idempotent: a server already answering on the port is reused; the role and database are created when missing.
# Installs Debian's postgresql package when no server binaries are found (needs root or sudo).
#   GOODHART_PG_PORT (55432), GOODHART_PG_DIR (/tmp/goodhart-pg), GOODHART_PG_USER (goodhart),
#   GOODHART_PG_PASSWORD (goodhart), GOODHART_PG_DB (goodhart)
set -euo pipefail

PORT="${GOODHART_PG_PORT:-55432}"
DIR="${GOODHART_PG_DIR:-/tmp/goodhart-pg}"
PGUSER_NAME="${GOODHART_PG_USER:-goodhart}"
PGPASS="${GOODHART_PG_PASSWORD:-goodhart}"
PGDB="${GOODHART_PG_DB:-goodhart}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "postgres.sh: installing Debian's postgresql package" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 \
    || { as_root apt-get update >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2; }
  BIN="$(find_bin)"
fi

# The server refuses to run as root: run it as the postgres user (created by the package) when we are root.
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  run() { su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; }
else
  OWNER="$(id -un)"
  run() { "$@"; }
fi

SOCK="$DIR/socket"
if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    rm -rf "$DIR"
    mkdir -p "$DIR/data" "$SOCK"
    chown -R "$OWNER" "$DIR"
    chmod 700 "$DIR/data"
    # local socket connections trust the server's owner (for the setup below); TCP needs a password
    run "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  mkdir -p "$SOCK" && chown "$OWNER" "$SOCK"
  run "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK" start >&2 \
    || { cat "$DIR/server.log" >&2; exit 1; }
fi

psql_admin() { run "$BIN/psql" -v ON_ERROR_STOP=1 -q -h "$SOCK" -p "$PORT" -U postgres -d postgres "$@"; }
if [ -d "$SOCK" ] && [ -S "$SOCK/.s.PGSQL.$PORT" ]; then
  # identifiers and the password go through psql variables (:"name", :'value'), never pasted into SQL
  psql_admin -v u="$PGUSER_NAME" -v p="$PGPASS" -v d="$PGDB" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
ALTER ROLE :"u" WITH LOGIN PASSWORD :'p';
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'d') \gexec
SQL
else
  echo "postgres.sh: a server answers on port $PORT but not from $DIR; assuming it is set up" >&2
fi

echo "jdbc:postgresql://127.0.0.1:$PORT/$PGDB"
