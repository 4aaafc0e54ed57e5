#!/bin/sh
# Creates pqr_owner (migrations) and pqr_app (the application) the first time the
# postgres volume is initialised (docker-entrypoint-initdb.d; never again afterwards:
# for an existing volume run the same file by hand, see docs/operations.md).
set -eu
: "${PQR_DB_OWNER_PASSWORD:?set PQR_DB_OWNER_PASSWORD in .env}"
: "${PQR_DB_APP_PASSWORD:?set PQR_DB_APP_PASSWORD in .env}"
psql --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --no-psqlrc \
    -v owner=pqr_owner -v app=pqr_app -v db="$POSTGRES_DB" \
    -v owner_password="$PQR_DB_OWNER_PASSWORD" -v app_password="$PQR_DB_APP_PASSWORD" \
    -f /docker-entrypoint-initdb.d/pqr-roles.psql
