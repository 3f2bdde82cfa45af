# Shared helpers for the scripts in this folder. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

# Local defaults; every one can be overridden from the environment.
export ATTAIN_DATABASE_URL="${ATTAIN_DATABASE_URL:-postgres://attain:attain@127.0.0.1:5432/attain}"
export ATTAIN_REDIS_URL="${ATTAIN_REDIS_URL:-redis://127.0.0.1:6379/}"
export ATTAIN_AMQP_URL="${ATTAIN_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2f}"
export ATTAIN_SITE_ROOT="${ATTAIN_SITE_ROOT:-$ROOT/target/site}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

wait_for() { # name, seconds, command...
  local name=$1 seconds=$2; shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  die "$name did not become ready within ${seconds}s"
}
