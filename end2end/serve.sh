#!/usr/bin/env bash
# Starts the built server for the browser tests on a fresh database with one organizer, or with
# none (`first-run`: the server then prints its one-time setup link, kept in .data/serve-PORT.log).
# Usage: serve.sh sqlite|postgres PORT [first-run]   (run by Playwright's webServer, from end2end/)
set -euo pipefail
engine=$1
port=$2
first_run=${3:-}
cd "$(dirname "$0")/.."
server=${SERVER_BIN:-target/debug/server}

case "$engine" in
  sqlite)
    dir=end2end/.data
    mkdir -p "$dir"
    rm -f "$dir/e2e-$port.db" "$dir/e2e-$port.db-wal" "$dir/e2e-$port.db-shm"
    export DATABASE_URL="sqlite://$dir/e2e-$port.db?mode=rwc"
    ;;
  postgres)
    pg=${TEST_POSTGRES_URL:-postgres://mentorship:mentorship@127.0.0.1:5432}
    psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS mh_e2e_$port WITH (FORCE)" -c "CREATE DATABASE mh_e2e_$port"
    # On this machine: TLS on loopback protects nothing and slows every connection the server opens.
    export DATABASE_URL="$pg/mh_e2e_$port?sslmode=disable"
    ;;
  *) echo "unknown engine $engine" >&2; exit 2 ;;
esac

# Email goes to the tests' mail sink (mail-sink.mjs), delivered every second.
export SMTP_URL=${SMTP_URL:-smtp://127.0.0.1:2525}
export OUTBOX_INTERVAL_SECONDS=1
export SITE_ADDR="127.0.0.1:$port"
export SITE_URL="http://127.0.0.1:$port"
export RUST_LOG=${RUST_LOG:-warn}
# Every test's browser signs up or accepts an invitation from 127.0.0.1: far more than the
# default 20 accounts an hour from one address.
export ACCOUNTS_PER_ADDRESS_PER_HOUR=100000
if [ "$first_run" = first-run ]; then
  mkdir -p end2end/.data
  exec "$server" >"end2end/.data/serve-$port.log"
fi
# Single sign-on through the tests' OpenID Provider (oidc-idp.mjs; its values in tests/idp.ts).
export OIDC_ISSUER_URL=http://127.0.0.1:3110
export OIDC_CLIENT_ID=mentorship-hub-e2e
export OIDC_CLIENT_SECRET=e2e-client-secret
printf '%s\n' "organizer password 2026" |
  "$server" create-organizer --email organizer@example.edu --name "Olga Organizer" --password-stdin
exec "$server"
