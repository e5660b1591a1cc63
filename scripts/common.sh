# Shared by scripts/run and scripts/test: install what the build needs, if it is missing.
# Everything here is idempotent and quick when the tools are already there.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CARGO_LEPTOS_VERSION=0.3.10
# cargo-leptos builds debug code with this flag; using it everywhere lets `cargo test`,
# `cargo leptos build` and `cargo leptos serve` share one set of compiled dependencies.
export RUSTFLAGS="--cfg erase_components"

say() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages, installed only when missing.
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]} from Debian"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${missing[@]}"
  fi
}

# The WASM side of the build: the wasm32 target and wasm-bindgen-cli at exactly the version
# Cargo.lock pins (a mismatch breaks the generated JavaScript glue).
ensure_wasm_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local wasm_bindgen_version
  wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wasm_bindgen_version\$"; then
    say "Installing wasm-bindgen-cli $wasm_bindgen_version"
    # Not --locked: the registry here lacks one crate of its lock file.
    cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
  fi
}

# Everything `cargo leptos serve` and `cargo leptos build --release` need.
ensure_rust_tools() {
  ensure_wasm_tools
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (compiles for about 11 minutes on 2 cores, once)"
    # 0.3.11 needs a newer rustc; no_downloads: it never fetches tools from the network.
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
  fi
}

# The npm packages of one folder, installed from its lock file when it changed.
ensure_npm_packages() {
  local dir=$1 stamp
  stamp="$dir/node_modules/.lock-sha256"
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$want" >"$stamp"
  fi
}
