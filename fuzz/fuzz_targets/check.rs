//! What every fuzz target checks after the whole path through `finish()`: the file accounting
//! loses no row, no sum or count is negative or not finite, and the report serialises. Included
//! by each target (`#[path]`), so the targets stay one file each for cargo-fuzz.

use callscore::{Analyzer, Report, Settings};

/// Settings that take the report through every step: staffing with a target and shrinkage, a
/// scorecard and a QA form (scored from the calls read), 15-minute intervals.
pub fn full_settings(control: u8) -> Settings {
    let cards = ["seed002", "deneng", "small", "chat", "soft_qa"];
    Settings {
        scorecard: callscore::preset(cards[usize::from(control) % cards.len()]).ok(),
        qa_form: callscore::qa_form_preset("seed001_checklist").ok(),
        interval_min: [15, 30, 60][usize::from(control / 5) % 3],
        max_occupancy: (control & 0x40 != 0).then_some(0.85),
        shrinkage: 0.3,
        ..Settings::default()
    }
}

/// Reads `files` (name, bytes) in chunks of `chunk` bytes and builds the report, then a second
/// one under other settings (the recompute path the page uses), checking both.
pub fn run(settings: Settings, files: &[(&str, &[u8])], chunk: usize) {
    let Ok(mut a) = Analyzer::new(settings) else { return };
    for (name, bytes) in files {
        a.begin_file(name);
        for piece in bytes.chunks(chunk.max(1)) {
            if a.push(piece).is_err() {
                break;
            }
        }
        let _ = a.end_file();
    }
    let other = Settings { interval_min: 60, sl_threshold_s: 7, timeout_as_abandoned: true, ..a.settings().clone() };
    check(&a.report(&other));
    check(&a.finish());
}

/// The invariants of one report.
pub fn check(report: &Report) {
    for f in &report.inputs {
        assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected, "rows lost in {}", f.file);
    }
    let json = serde_json::to_value(report).expect("the report serialises");
    no_negative_sums(&json, "");
}

/// Totals, counts, averages and times are never negative and always finite (a wrapped i64 sum
/// showed as −8.4 × 10¹⁵ s of talk).
fn no_negative_sums(v: &serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            assert!(x.is_finite(), "{key} = {x}");
            let signed = matches!(key, "weekday" | "delta" | "difference" | "bias" | "alpha" | "sensitivity" | "change");
            assert!(signed || key.is_empty() || x >= 0.0, "{key} = {x} is negative");
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| no_negative_sums(x, key)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| no_negative_sums(x, k)),
        _ => {}
    }
}
