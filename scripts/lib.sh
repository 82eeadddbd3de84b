# Shared helpers for the scripts in this folder. Sourced, not run.

log() { printf '\033[1m[callscore]\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen version pinned in Cargo.toml ("=X.Y.Z"); the CLI must match it exactly.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen *= *{ *version *= *"=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n 1
}

# True when the default rustup toolchain can build wasm32 without building std.
wasm_std_available() {
  command -v rustc >/dev/null 2>&1 || return 1
  local sysroot
  sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
  [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]
}

# A linker for wasm32: rustup's rust-lld, else Debian's wasm-ld.
wasm_linker() {
  local l
  for l in "$HOME"/.rustup/toolchains/*/lib/rustlib/*/bin/rust-lld /usr/bin/wasm-ld-19 /usr/bin/wasm-ld; do
    [ -x "$l" ] && { echo "$l"; return 0; }
  done
  return 1
}

# Builds the library for wasm32 (profile wasm-release: tuned for size) and prints the path of the .wasm file.
# With a rustup toolchain that has the wasm32 standard library this is a plain cargo build;
# otherwise Debian's rustc-web builds std itself (-Zbuild-std), in a target folder of its own.
build_wasm_lib() {
  local linker
  linker=$(wasm_linker) || { log "no wasm linker (rust-lld or wasm-ld) found"; return 1; }
  if wasm_std_available && [ "${CALLSCORE_WASM_TOOLCHAIN:-}" != debian ]; then
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$linker" \
      cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown >&2
    echo target/wasm32-unknown-unknown/wasm-release/callscore.wasm
  else
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/debian-wasm \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$linker" \
      /usr/bin/cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown \
      -Zbuild-std=std,panic_abort >&2
    echo target/debian-wasm/wasm32-unknown-unknown/wasm-release/callscore.wasm
  fi
}

# Copies every file of folder SRC into folder DEST unless DEST already has the same bytes, so an
# unchanged file keeps its time stamp (cargo then has nothing to rebuild).
install_changed() {
  local src=$1 dest=$2 f
  mkdir -p "$dest"
  for f in "$src"/*; do
    cmp -s "$f" "$dest/$(basename "$f")" || cp "$f" "$dest/"
  done
}
