# Shared by .ci/serve and .ci/test: installs what is missing, skips what is there.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132
TWIGGY_VERSION=0.8.0

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

SUDO=""
if [ "$(id -u)" != 0 ] && have sudo; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "apt-get install ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The wasm-bindgen version that Cargo.lock pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_build_tools() {
  # mold: the linker named in .cargo/config.toml (fast links on two cores).
  apt_install mold
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
    step "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 14 minutes, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
    step "cargo install wasm-bindgen-cli $wbg (about 6 minutes, once)"
    # Not --locked: the CLI's own lock file pins crates that no longer build.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
}

ensure_wasm_opt() {
  if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    step "npm install -g binaryen@$BINARYEN_VERSION (wasm-opt for release builds)"
    $SUDO npm install -g --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_e2e_tools() {
  apt_install chromium fonts-dejavu-core
  # A real local SMTP server (aiosmtpd, from PyPI): the tests deliver mail to
  # it and read it back from its Maildir.
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    step "pip install aiosmtpd (the local SMTP server of the tests)"
    python3 -m pip install --quiet "aiosmtpd==1.4.6"
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] \
     || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    step "npm ci (end2end)"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  fi
}

# schemathesis (PyPI): .ci/api-fuzz, the partner API's fuzz run.
ensure_api_fuzz_tools() {
  if ! have schemathesis || ! schemathesis --version 2>/dev/null | grep -q "4.32.5"; then
    step "pip install schemathesis (the API fuzzer)"
    python3 -m pip install --quiet "schemathesis==4.32.5"
  fi
}

# twiggy (crates.io), only for .ci/bench: what is heavy in the release WASM.
ensure_twiggy() {
  if ! twiggy --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
    step "cargo install twiggy $TWIGGY_VERSION (the benchmark's WASM size profiler)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked
  fi
}

# Google OR-Tools (PyPI), only for .ci/bench's comparison of the optimiser.
ensure_ortools() {
  if ! python3 -c 'import ortools' 2>/dev/null; then
    step "pip install ortools (the benchmark's reference solver)"
    python3 -m pip install --quiet "ortools==9.15.6755"
  fi
}

postgres_reachable() {
  have pg_isready && pg_isready -q -h 127.0.0.1 -p 5432 -t 3
}
