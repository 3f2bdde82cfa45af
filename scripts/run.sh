#!/usr/bin/env bash
# Sets everything up and runs the platform with the demo company:
# services, build, migrations, demo data, worker (background) and server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"

bash "$ROOT/scripts/build-frontend.sh"
log "building attain"
(cd "$ROOT" && cargo build --release -p attain-server)
ATTAIN="$CARGO_TARGET_DIR/release/attain"

log "migrating"
"$ATTAIN" migrate --quiet
"$ATTAIN" demo

mkdir -p "$ROOT/tmp"
log "starting the worker (log: tmp/worker.log)"
# mimalloc keeps freed memory for the next recalculation (docs/PERFORMANCE.md).
MIMALLOC_PURGE_DELAY=-1 "$ATTAIN" worker >"$ROOT/tmp/worker.log" 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

log "serving on ${ATTAIN_BASE_URL:-http://localhost:8080} (Ctrl-C stops both)"
"$ATTAIN" serve
