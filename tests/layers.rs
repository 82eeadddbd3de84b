//! The engine's layers, and a check that no module imports from a layer above it or from a peer.
//!
//! ```text
//! 0  model                                    domain types, the KPI catalogue, messages, time helpers
//! 1  error                                    the crate's error (speaks in model's messages)
//! 2  ingest kpi pbx people staffing scorecard  readers and calculators: never each other
//!    chat                                     chat logs and orders: sessions, conversion, order attribution
//!    sample                                   the synthetic data generator: imports only model (messages)
//! 3  settings                                 the flat wire form, split into each module's options
//! 4  report                                   assembly: the one place that knows several domains
//! 5  analyzer                                 the streaming façade
//!    export                                   the report as tables, CSV and xlsx (never the analyzer)
//! 6  wasm                                     the browser binding (the CLI is a separate crate root)
//! ```
//!
//! A file may use `crate::X` only when `X` is its own module or in a lower layer. Add
//! `use crate::report::Report;` to `src/kpi/tally.rs`, or `use crate::pbx::PbxCall;` to
//! `src/people/mod.rs`, and `the_engine_has_no_upward_or_sideways_import` fails, naming the file,
//! the line and both layers; `an_upward_import_is_caught` shows the checker doing exactly that on
//! such a line, so the check itself cannot silently stop working.

use std::path::{Path, PathBuf};

/// Layer of each top-level module of the library.
const LAYERS: &[(&str, u32)] = &[
    ("model", 0),
    ("error", 1),
    ("ingest", 2),
    ("kpi", 2),
    ("chat", 2),
    ("pbx", 2),
    ("people", 2),
    ("staffing", 2),
    ("scorecard", 2),
    ("sample", 2),
    ("settings", 3),
    ("report", 4),
    ("analyzer", 5),
    ("export", 5),
    ("wasm", 6),
];

/// The front end's layer.
const TOP: u32 = 6;

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// One import that breaks the layering.
#[derive(Debug, PartialEq)]
struct Violation {
    file: String,
    line: usize,
    from: String,
    to: String,
}

/// Code without comments, so `crate::x` in a doc comment is not an import.
fn strip_comments(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// The top-level modules a line refers to through `crate::` (also `use crate::{a::x, b::y}`).
fn crate_refs(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
        rest = after;
    }
    out
}

/// Checks one file of module `module`: every `crate::` reference must go to the module itself or
/// to a lower layer. A name that is not a module is an item of the crate root's public API: the
/// front end (the top layer) uses the engine through it like any user; inside the engine a module
/// imports from the module that owns the item.
fn check_file(file: &str, module: &str, text: &str) -> Vec<Violation> {
    let Some(own) = layer(module) else {
        return vec![Violation { file: file.into(), line: 0, from: module.into(), to: "(unknown layer)".into() }];
    };
    let mut out = Vec::new();
    let mut in_block_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw;
        if in_block_comment {
            match line.find("*/") {
                Some(end) => {
                    line = &line[end + 2..];
                    in_block_comment = false;
                }
                None => continue,
            }
        }
        if let Some(start) = line.find("/*") {
            in_block_comment = !line[start..].contains("*/");
            line = &line[..start];
        }
        for target in crate_refs(strip_comments(line)) {
            let ok = match layer(&target) {
                Some(l) => target == module || l < own,
                None => own == TOP,
            };
            if !ok {
                out.push(Violation { file: file.into(), line: i + 1, from: module.into(), to: target });
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_engine_has_no_upward_or_sideways_import() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    let mut checked = 0;
    for path in files {
        let rel = path.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        // The crate root declares the modules and re-exports the API; the CLI is its own crate.
        if rel == "lib.rs" || rel == "main.rs" || rel.starts_with("cli/") {
            continue;
        }
        let module = rel.split('/').next().unwrap_or("").trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(&path).expect("readable");
        violations.extend(check_file(&rel, &module, &text));
        checked += 1;
    }
    assert!(checked > 40, "only {checked} files found under src/");
    assert!(violations.is_empty(), "imports against the layers (see this file's doc):\n{violations:#?}");
}

#[test]
fn an_upward_import_is_caught() {
    let kpi = "use super::Tally;\nuse crate::model::call::Call;\nuse crate::report::Report; // upward\n";
    assert_eq!(
        check_file("kpi/tally.rs", "kpi", kpi),
        vec![Violation { file: "kpi/tally.rs".into(), line: 3, from: "kpi".into(), to: "report".into() }]
    );
    let sideways = "use crate::{model::time::MS_PER_DAY, pbx::PbxCall};";
    assert_eq!(check_file("people/mod.rs", "people", sideways).len(), 1, "a peer is not below");
    let doc = "//! see [`crate::report`]\nlet x = 1; // crate::analyzer\n/* crate::wasm */";
    assert!(check_file("kpi/mod.rs", "kpi", doc).is_empty(), "comments are not imports");
    assert!(check_file("report/mod.rs", "report", "use crate::settings::Settings;").is_empty());
    assert_eq!(check_file("kpi/mod.rs", "kpi", "use crate::Settings;").len(), 1, "root items are for front ends");
    assert!(check_file("wasm.rs", "wasm", "use crate::{Analyzer, Settings};").is_empty());
}
