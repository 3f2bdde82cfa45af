#!/usr/bin/env bash
# Runs the whole test suite against the real PostgreSQL, Redis and RabbitMQ:
# formatting, clippy, then every unit and end-to-end test (in parallel: each
# test gets its own database, Redis prefix and broker names).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"

# Databases left by an interrupted earlier run.
psql "$ATTAIN_DATABASE_URL" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'attain\_t\_%' OR datname LIKE 'attain\_tmpl\_%'" \
  | while read -r db; do [ -n "$db" ] && psql "$ATTAIN_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"; done

log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
log "cargo test"
cargo test --workspace -- --test-threads "${ATTAIN_TEST_THREADS:-6}"
