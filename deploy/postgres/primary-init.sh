#!/bin/sh
# Run once by the official postgres image on the primary's first start (/docker-entrypoint-initdb.d):
# the role the replica streams as, its physical replication slot (the primary keeps the WAL the
# replica has not received yet), and the pg_hba.conf line that lets it connect for replication.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=password="$REPLICATION_PASSWORD" --set=slot="$REPLICATION_SLOT" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot(:'slot');
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
