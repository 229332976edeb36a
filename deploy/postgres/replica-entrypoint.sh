#!/bin/sh
# The replica's entrypoint: the official image would initdb an empty data folder; a streaming
# replica's is instead a base backup of the primary, taken once with pg_basebackup (standby
# settings written by --write-recovery-conf, streaming through the primary's slot). Then the
# image's own entrypoint starts PostgreSQL as the postgres user, as on the primary.
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/18/docker}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  until gosu postgres pg_basebackup --pgdata="$PGDATA" --host="$PRIMARY_HOST" --port="${PRIMARY_PORT:-5432}" \
      --username=replicator --write-recovery-conf --wal-method=stream --slot="$REPLICATION_SLOT" \
      --checkpoint=fast --no-password; do
    echo "replica: the primary is not ready for a base backup yet; retrying in 2 s" >&2
    find "$PGDATA" -mindepth 1 -delete
    sleep 2
  done
fi
exec docker-entrypoint.sh "$@"
