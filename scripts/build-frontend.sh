#!/usr/bin/env bash
# Builds the browser half of the pages: the `hydrate` wasm of attain-frontend,
# its JS glue (wasm-bindgen, at the version Cargo.lock pins) and the
# stylesheet, into $ATTAIN_SITE_ROOT/pkg. Installs what is missing: the
# wasm32 target through rustup where it can be downloaded, otherwise Debian's
# rustc-web with -Zbuild-std. Incremental: a rebuild after a small change
# takes seconds (separate target dir target/front).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
PKG="$ATTAIN_SITE_ROOT/pkg"
FRONT_TARGET="$ROOT/target/front"
mkdir -p "$PKG"

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
[ -n "$wasm_bindgen_version" ] || die "wasm-bindgen is not in Cargo.lock"

PROFILE="${ATTAIN_WASM_PROFILE:-wasm-release}"
build_args=(build --lib -p attain-frontend --profile "$PROFILE" --no-default-features --features hydrate --target wasm32-unknown-unknown)
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
   || timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  log "building the hydrate wasm (rustup wasm32 target)"
  CARGO_TARGET_DIR="$FRONT_TARGET" cargo "${build_args[@]}"
else
  if ! [ -x /usr/bin/rustc ] || ! /usr/bin/rustc --print target-list 2>/dev/null | grep -qx wasm32-unknown-unknown \
     || ! [ -d /usr/lib/rustlib/src ] || ! command -v ld.lld-22 >/dev/null; then
    log "installing Debian's wasm-capable Rust (rustc-web, rust-web-src, lld-22)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web cargo-web rust-web-src lld-22 >/dev/null
  fi
  log "building the hydrate wasm (Debian rustc-web, -Zbuild-std)"
  env PATH=/usr/bin:/bin RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$FRONT_TARGET" \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" \
    /usr/bin/cargo "${build_args[@]}" -Zbuild-std=std,panic_abort
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ]; then
  log "installing wasm-bindgen-cli $wasm_bindgen_version"
  cargo install -q wasm-bindgen-cli --version "$wasm_bindgen_version"
fi
PROFILE_DIR=$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
WASM="$FRONT_TARGET/wasm32-unknown-unknown/$PROFILE_DIR/attain_frontend.wasm"
wasm-bindgen --target web --no-typescript --out-dir "$PKG" --out-name attain "$WASM"
cp frontend/style/attain.css frontend/style/favicon.svg "$PKG/"
log "frontend built: $(du -h "$PKG/attain_bg.wasm" | cut -f1) wasm in $PKG"
