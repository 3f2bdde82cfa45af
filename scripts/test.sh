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

# Browser tests drive Debian's Chromium through chromedriver.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Chromium's first start on a machine builds its font and profile caches;
# do it here, once, rather than inside the first browser tests.
timeout 120 chromium --headless=new --no-sandbox --disable-gpu --dump-dom about:blank >/dev/null 2>&1 || true

log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
bash "$ROOT/scripts/build-frontend.sh"

WEBDRIVER_PORT="${ATTAIN_WEBDRIVER_PORT:-9515}"
chromedriver --port="$WEBDRIVER_PORT" >"$CARGO_TARGET_DIR/chromedriver.log" 2>&1 &
CHROMEDRIVER=$!
trap 'kill $CHROMEDRIVER 2>/dev/null || true' EXIT
export ATTAIN_WEBDRIVER_URL="http://127.0.0.1:$WEBDRIVER_PORT"
wait_for chromedriver 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$WEBDRIVER_PORT"

# Screenshots of every main page at 1280 and 390 px land here.
export ATTAIN_SCREENSHOT_DIR="${ATTAIN_SCREENSHOT_DIR:-$CARGO_TARGET_DIR/screenshots}"
log "cargo test (screenshots: $ATTAIN_SCREENSHOT_DIR)"
# A hung test fails the run in 25 minutes rather than stalling CI.
# Browser tests run afterwards, two at a time: six Chromiums beside the
# other tests on two cores once starved a renderer past the 60 s page-load
# limit. The two runs' filters together cover every test once.
timeout 1500 cargo test --workspace -- --test-threads "${ATTAIN_TEST_THREADS:-6}" \
  --skip browser_ --skip browser::
log "browser tests"
timeout 900 cargo test -p attain-tests --test e2e -- \
  --test-threads "${ATTAIN_BROWSER_TEST_THREADS:-2}" browser_ browser::
