#!/usr/bin/env bash
# Retakes the screenshots of every main page (1280 and 390 px wide) through the
# browser test that makes them, and copies them into docs/screenshots/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build-frontend.sh"
cd "$ROOT"
export ATTAIN_SCREENSHOT_DIR="$CARGO_TARGET_DIR/screenshots"
rm -rf "$ATTAIN_SCREENSHOT_DIR"
cargo test -p attain-tests --test e2e screenshots_of_every_main_page -- --exact browser::screenshots_of_every_main_page_at_both_widths
mkdir -p docs/screenshots
cp "$ATTAIN_SCREENSHOT_DIR"/*.png docs/screenshots/
log "docs/screenshots: $(ls docs/screenshots | wc -l) files"
