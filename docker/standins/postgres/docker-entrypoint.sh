#!/bin/bash
# As the official image's entrypoint: a new data folder is initialised with POSTGRES_USER/POSTGRES_PASSWORD, gets
# POSTGRES_DB and runs /docker-entrypoint-initdb.d on a socket-only server (which logs "ready to accept
# connections" once, as the official one does), then the server runs in the foreground as user postgres.
set -euo pipefail
[[ ${1:0:1} == - ]] && set -- postgres "$@"
if [[ $1 != postgres ]]; then exec "$@"; fi
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
mkdir -p "$PGDATA" /var/run/postgresql && chown postgres "$PGDATA" /var/run/postgresql && chmod 700 "$PGDATA"
if [[ ! -s $PGDATA/PG_VERSION ]]; then
  if [[ -z ${POSTGRES_PASSWORD:-} && ${POSTGRES_HOST_AUTH_METHOD:-} != trust ]]; then
    echo "Error: Database is uninitialized and superuser password is not specified." >&2
    echo "       You must specify POSTGRES_PASSWORD to a non-empty value for the superuser." >&2
    exit 1
  fi
  pwfile="$(mktemp)"; printf '%s' "${POSTGRES_PASSWORD:-}" > "$pwfile"; chown postgres "$pwfile"
  as_postgres initdb --username="$POSTGRES_USER" --pwfile="$pwfile" -D "$PGDATA" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all ${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /var/run/postgresql" -w start
  psql=(psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$POSTGRES_USER" --no-password --no-psqlrc)
  if [[ $POSTGRES_DB != postgres ]]; then
    as_postgres "${psql[@]}" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh) echo "running $f"; . "$f";;
      *.sql) echo "running $f"; as_postgres "${psql[@]}" -d "$POSTGRES_DB" -f "$f";;
      *) [[ -e $f ]] && echo "ignoring $f";;
    esac
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop
  echo "PostgreSQL init process complete; ready for start up."
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
