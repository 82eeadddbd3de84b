//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use callscore::{Analyzer, Report, Settings};

/// `../shared/datasets` beside the repository (or `$CALLSCORE_DATASETS`), when present.
pub fn datasets() -> Option<PathBuf> {
    let dir = std::env::var_os("CALLSCORE_DATASETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no data sets at {}", dir.display());
        None
    }
}

/// Analyses files given as (name, bytes), pushing each in chunks of the given sizes (cycled).
pub fn analyse_chunked(settings: &Settings, files: &[(&str, &[u8])], chunk_sizes: &[usize]) -> Report {
    let mut a = Analyzer::new(settings.clone()).expect("valid settings");
    let mut sizes = chunk_sizes.iter().cycle();
    for (name, bytes) in files {
        a.begin_file(name);
        let mut rest: &[u8] = bytes;
        while !rest.is_empty() {
            let n = (*sizes.next().unwrap_or(&65536)).clamp(1, rest.len());
            let _ = a.push(&rest[..n]);
            rest = &rest[n..];
        }
        let _ = a.end_file();
    }
    a.finish()
}

pub fn analyse(settings: &Settings, name: &str, bytes: &[u8]) -> Report {
    analyse_chunked(settings, &[(name, bytes)], &[1 << 20])
}

/// The report as JSON without the per-file details that legitimately differ between runs
/// (file names, previews, line numbers of rejects).
pub fn kpi_json(report: &Report) -> serde_json::Value {
    let mut v = serde_json::to_value(report).expect("report serializes");
    v.as_object_mut().expect("object").remove("inputs");
    v
}

/// A sample month from the generator, as bytes.
pub fn sample_bytes(
    days: u32,
    seed: u64,
    lang: callscore::sample::HeaderLang,
    encoding: callscore::sample::SampleEncoding,
) -> Vec<u8> {
    let opts = callscore::sample::SampleOptions { days, seed, lang, encoding, ..Default::default() };
    let mut out = Vec::new();
    callscore::sample::write_sample(&opts, &mut out).expect("sample writes");
    out
}

/// Reads `data` as one file of the given profile (or detected), pushed in chunks whose size comes
/// from the first byte, builds the report, and checks that the file accounting loses no row.
/// Panics only when that check fails (the fuzz target `fuzz/fuzz_targets/pbx.rs` does the same).
pub fn read_checked(profile: Option<&str>, data: &[u8]) {
    let settings = Settings { profile: profile.map(str::to_string), ..Settings::default() };
    let Ok(mut a) = Analyzer::new(settings) else { return };
    let chunk = usize::from(data.first().copied().unwrap_or(0)).max(1);
    a.begin_file("fuzz");
    for piece in data.chunks(chunk) {
        let _ = a.push(piece);
    }
    a.close();
    let report = a.finish();
    for f in &report.inputs {
        assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected, "rows lost in {}", f.file);
    }
}
