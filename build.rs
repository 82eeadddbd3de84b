//! Makes sure the page archive that `callscore serve` carries exists before `main.rs` includes it.
//!
//! `scripts/build` writes `target/page/www.bin` (every file of the built `www/`) before it builds
//! the command line. On a fresh checkout nothing has built the page yet: this writes an empty
//! archive there, so `cargo build` still works and `callscore serve` says how to build the page.
//! The archive is included by the binary alone (`include_bytes!` in `src/cli/serve.rs`), so a
//! new page rebuilds the binary, not the library; this script runs only once.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/page/www.bin");
    if !archive.exists() {
        let dir = archive.parent().expect("a folder");
        std::fs::create_dir_all(dir).expect("cannot create target/page");
        std::fs::write(&archive, b"").expect("cannot write target/page/www.bin");
    }
}
