//! The hostile-input corpus of issue 11, every class of it, through the native engine and the
//! command line. `tests/hostile/corpus.py` writes the files fresh on every run (the same script
//! feeds the wasm test in `tests/node/hostile.test.mjs` and the browser test).
//!
//! For every file: the command ends with status 0, 1 or 2 and a JSON report (or one clear error
//! for a file that cannot be read), within [`MEMORY_BOUND_MB`] of peak memory and
//! [`TIME_BOUND_S`]; rows read = used + skipped + rejected; no sum, count or time is negative; the
//! rejects, notes, warnings and errors the manifest names are there; text output and errors carry
//! no control characters. Files marked `chunked` give the same report for chunks of 1 B, 7 B,
//! 64 KiB, 1 MiB and 4 MiB.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use callscore::Settings;
use serde::Deserialize;

/// Peak resident memory allowed to the command on any corpus file (the largest, 60,000 agents,
/// queues and teams in 4 MB, needs about 180 MB).
const MEMORY_BOUND_MB: u64 = 300;

/// Time allowed per file (a debug build; the release build is about ten times faster).
const TIME_BOUND_S: u64 = 60;

/// The chunk sizes of the issue: the CLI reads 1 MiB at a time, the page 4 MiB.
const CHUNK_SIZES: [usize; 5] = [1, 7, 64 << 10, 1 << 20, 4 << 20];

#[derive(Debug, Deserialize)]
struct Case {
    file: String,
    class: u32,
    what: String,
    error: Option<String>,
    rejects: Vec<String>,
    notes: Vec<String>,
    warnings: Vec<String>,
    skipped: BTreeMap<String, u64>,
    profile: Option<String>,
    chunked: bool,
    rejected: Option<u64>,
}

/// The corpus, written once per test run.
fn corpus() -> &'static (PathBuf, Vec<Case>) {
    static CORPUS: OnceLock<(PathBuf, Vec<Case>)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("callscore-hostile-{}", std::process::id()));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/corpus.py");
        let out =
            Command::new("python3").arg(&script).arg(&dir).output().expect("python3 runs tests/hostile/corpus.py");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest");
        (dir.clone(), serde_json::from_str(&manifest).expect("manifest parses"))
    })
}

/// What one run of the command gave.
struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    peak_kb: u64,
    elapsed: Duration,
}

/// Runs `callscore ARGS` under GNU time (`scripts/setup` installs it), for the peak memory of
/// the command alone: the test process's own memory must not count, and a child forked from it
/// inherits its high-water mark.
fn callscore(args: &[&str]) -> Run {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let peak_file = std::env::temp_dir().join(format!("callscore-hostile-{}-peak-{n}", std::process::id()));
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-q", "-f", "%M", "-o"])
        .arg(&peak_file)
        .arg(env!("CARGO_BIN_EXE_callscore"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("/usr/bin/time runs callscore (scripts/setup installs it)");
    let peak = std::fs::read_to_string(&peak_file).unwrap_or_default();
    let _ = std::fs::remove_file(&peak_file);
    let peak_kb = peak.lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(u64::MAX);
    let status = out.status.code().unwrap_or(-1);
    Run { status, stdout: out.stdout, stderr: out.stderr, peak_kb, elapsed: start.elapsed() }
}

/// The codes of a list of messages.
fn codes(list: &serde_json::Value) -> Vec<&str> {
    list.as_array().into_iter().flatten().filter_map(|m| m["code"].as_str()).collect()
}

/// Totals, counts and times are never negative and always finite.
fn no_negative_numbers(v: &serde_json::Value, key: &str, problems: &mut Vec<String>) {
    match v {
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            let signed = matches!(key, "delta" | "difference" | "bias" | "alpha" | "sensitivity" | "change");
            if !x.is_finite() || (x < 0.0 && !signed) {
                problems.push(format!("{key} = {x}"));
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| no_negative_numbers(x, key, problems)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| no_negative_numbers(x, k, problems)),
        _ => {}
    }
}

/// Escape sequences and direction overrides a file could smuggle to a terminal.
fn has_terminal_controls(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}'))
}

/// Checks one file's JSON report against the manifest; returns what is wrong.
fn check_report(case: &Case, report: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    let input = &report["inputs"][0];
    let read = input["rows_read"].as_u64().unwrap_or(0);
    let parts: u64 =
        ["rows_used", "rows_skipped", "rows_rejected"].iter().map(|k| input[*k].as_u64().unwrap_or(0)).sum();
    if read != parts {
        problems.push(format!("rows read {read} ≠ used + skipped + rejected {parts}"));
    }
    let error = input["error"]["code"].as_str();
    if error != case.error.as_deref() {
        problems.push(format!("error {error:?}, expected {:?}", case.error));
    }
    let rejects: Vec<&str> =
        input["rejects"].as_array().into_iter().flatten().filter_map(|r| r["reason"]["code"].as_str()).collect();
    for want in &case.rejects {
        if !rejects.contains(&want.as_str()) {
            problems.push(format!("no reject {want} (rejects: {:?})", &rejects[..rejects.len().min(5)]));
        }
    }
    let notes = codes(&report["notes"]);
    for want in &case.notes {
        if !notes.contains(&want.as_str()) {
            problems.push(format!("no note {want} (notes: {notes:?})"));
        }
    }
    let warnings = codes(&input["warnings"]);
    for want in &case.warnings {
        if !warnings.contains(&want.as_str()) {
            problems.push(format!("no warning {want} (warnings: {warnings:?})"));
        }
    }
    for (rule, n) in &case.skipped {
        if input["skipped"][rule].as_u64() != Some(*n) {
            problems.push(format!("skipped {rule}: {}, expected {n}", input["skipped"][rule]));
        }
    }
    if let Some(n) = case.rejected {
        if input["rows_rejected"].as_u64() != Some(n) {
            problems.push(format!("rows rejected {}, expected {n}", input["rows_rejected"]));
        }
    }
    if let Some(p) = &case.profile {
        if input["profile"].as_str() != Some(p) {
            problems.push(format!("profile {}, expected {p}", input["profile"]));
        }
    }
    no_negative_numbers(report, "", &mut problems);
    problems
}

#[test]
fn the_corpus_covers_every_class_of_the_issue() {
    let (_, cases) = corpus();
    let classes: std::collections::BTreeSet<u32> = cases.iter().map(|c| c.class).collect();
    assert_eq!(classes, (1..=10).collect(), "classes 1–10 of issue 11");
    assert!(cases.iter().filter(|c| c.chunked).map(|c| c.class).collect::<std::collections::BTreeSet<_>>().len() >= 9);
}

#[test]
fn every_file_ends_in_a_report_or_one_clear_error_within_bounds() {
    let (dir, cases) = corpus();
    let mut failures = Vec::new();
    for case in cases {
        let path = dir.join(&case.file);
        let path = path.to_str().expect("utf-8 path");
        let run = callscore(&["report", "--json", path]);
        let mut problems = Vec::new();
        let want_status = if case.error.is_some() { 2 } else { 0 };
        if run.status != want_status {
            problems.push(format!("exit {} (expected {want_status})", run.status));
        }
        if run.peak_kb > MEMORY_BOUND_MB * 1024 {
            problems.push(format!("peak memory {} MB > {MEMORY_BOUND_MB} MB", run.peak_kb / 1024));
        }
        if run.elapsed > Duration::from_secs(TIME_BOUND_S) {
            problems.push(format!("took {:?}", run.elapsed));
        }
        if case.error.is_some() && !String::from_utf8_lossy(&run.stderr).starts_with("callscore: ") {
            problems.push("no error on stderr".into());
        }
        match serde_json::from_slice::<serde_json::Value>(&run.stdout) {
            Ok(report) => problems.extend(check_report(case, &report)),
            Err(e) => problems.push(format!("no JSON report: {e}")),
        }
        // The readable report and the errors are for a terminal: nothing from the file may act on it.
        let text = callscore(&["report", path]);
        if has_terminal_controls(&text.stdout)
            || has_terminal_controls(&text.stderr)
            || has_terminal_controls(&run.stderr)
        {
            problems.push("control characters reach the terminal".into());
        }
        eprintln!(
            "{:<40} class {:>2}  exit {}  {:>6.2} s  {:>4} MB  {}",
            case.file,
            case.class,
            run.status,
            run.elapsed.as_secs_f64(),
            run.peak_kb / 1024,
            case.what
        );
        if !problems.is_empty() {
            failures.push(format!("{} ({}): {}", case.file, case.what, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_report_does_not_depend_on_the_chunk_size() {
    let (dir, cases) = corpus();
    let mut failures = Vec::new();
    for case in cases.iter().filter(|c| c.chunked) {
        let bytes = std::fs::read(dir.join(&case.file)).expect("corpus file");
        let report = |size: usize| {
            let r = common::analyse_chunked(&Settings::default(), &[(&case.file, &bytes)], &[size]);
            serde_json::to_value(&r).expect("report serialises")
        };
        let whole = report(4 << 20);
        for size in CHUNK_SIZES {
            if report(size) != whole {
                failures.push(format!("{} differs in chunks of {size} B", case.file));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
