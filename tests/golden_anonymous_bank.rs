//! Golden figures for both Anonymous Bank months, against numbers computed independently of the
//! engine by `tests/golden/anonymous_bank.py` (see `tests/golden/README.md` for how).

mod common;

use callscore::{Report, Settings, SlVariant};
use serde_json::Value;

fn golden(name: &str) -> Value {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden file")).expect("golden json")
}

fn run(golden: &Value, settings: &Settings) -> Option<Report> {
    let dir = common::datasets()?;
    let path = dir.join(golden["source"]["path"].as_str().expect("path"));
    let bytes = std::fs::read(&path).expect("dataset readable");
    Some(common::analyse_chunked(settings, &[(&path.display().to_string(), &bytes)], &[65_536, 7, 100_003]))
}

fn close(a: Option<f64>, b: &Value, what: &str) {
    let b = b.as_f64().unwrap_or_else(|| panic!("{what}: golden value missing"));
    let a = a.unwrap_or_else(|| panic!("{what}: engine gave null"));
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{what}: engine {a}, golden {b}");
}

fn check_month(file: &str) {
    let g = golden(file);
    let Some(r) = run(&g, &Settings::default()) else { return };
    let input = &r.inputs[0];
    assert_eq!(input.profile, Some("anonymous_bank"));
    assert_eq!(input.rows_read, g["rows"].as_u64().unwrap());
    assert_eq!(input.skipped.get("PHANTOM").copied().unwrap_or(0), g["phantom"].as_u64().unwrap());
    assert_eq!(input.rows_read, input.rows_used + input.rows_skipped + input.rows_rejected);
    assert_eq!(input.rows_rejected, g["malformed_rows"].as_array().unwrap().len() as u64);

    let t = &r.totals;
    assert_eq!(t.offered, g["offered"].as_u64());
    assert_eq!(t.answered, g["answered"].as_u64().unwrap());
    assert_eq!(t.abandoned, g["abandoned"].as_u64());
    assert_eq!(t.short_abandoned, g["short_abandoned"].as_u64());
    assert_eq!(t.ivr_only, g["ivr_only"].as_u64());
    assert_eq!(t.answered_within_threshold, g["answered_within_20"].as_u64().unwrap());
    assert_eq!(t.abandoned_within_threshold, g["abandoned_within_20"].as_u64());
    close(t.abandon_rate, &g["abandon_rate"], "abandon_rate");
    close(t.asa, &g["asa"], "asa");
    close(t.service_level, &g["sl_offered"], "service_level");
    close(t.service_level_variants["offered"], &g["sl_offered"], "sl offered");
    close(t.service_level_variants["answered"], &g["sl_answered"], "sl answered");
    close(t.service_level_variants["offered_minus_short"], &g["sl_offered_minus_short"], "sl offered − short");
    close(t.service_level_variants["with_abandoned"], &g["sl_with_abandoned"], "sl with abandoned");
    close(t.avg_talk, &g["avg_talk"], "avg_talk");
    close(Some(t.total_talk), &g["total_talk"], "total_talk");
    close(t.max_wait, &g["max_wait"], "max_wait");
    for p in ["p50", "p80", "p90", "p95"] {
        let v = match p {
            "p50" => t.wait_p50,
            "p80" => t.wait_p80,
            "p90" => t.wait_p90,
            _ => t.wait_p95,
        };
        close(v, &g[format!("wait_{p}")], p);
    }
    assert_eq!(t.aht, None, "the format has no ACW: AHT must not fall back to talk");
    assert_eq!(t.transfer_rate, None, "the format does not record transfers: no rate, not 0 %");

    // Per agent: answered and average talk; NO_SERVER is the unknown agent.
    let agents = g["by_agent"].as_object().unwrap();
    let known: Vec<_> = r.by_agent.iter().filter(|a| a.agent.is_some()).collect();
    assert_eq!(known.len(), agents.len());
    for row in known {
        let name = row.agent.as_deref().unwrap();
        let want = &agents[name];
        assert_eq!(row.kpis.answered, want["answered"].as_u64().unwrap(), "{name} answered");
        close(row.kpis.avg_talk, &want["avg_talk"], &format!("{name} avg_talk"));
    }
    let unknown = r.by_agent.iter().find(|a| a.agent.is_none()).expect("unknown agent row");
    assert_eq!(unknown.kpis.answered, g["unknown_agent_answered"].as_u64().unwrap());

    for (queue, want) in g["by_queue"].as_object().unwrap() {
        let row = r.by_queue.iter().find(|q| q.queue.as_deref() == Some(queue)).expect("queue row");
        assert_eq!(row.kpis.offered, want["offered"].as_u64(), "{queue} offered");
        assert_eq!(row.kpis.answered, want["answered"].as_u64().unwrap(), "{queue} answered");
        assert_eq!(row.kpis.abandoned, want["abandoned"].as_u64(), "{queue} abandoned");
        assert_eq!(row.kpis.ivr_only, want["ivr_only"].as_u64(), "{queue} ivr_only");
    }
    let days = g["by_day"].as_object().unwrap();
    assert_eq!(r.by_day.len(), days.len());
    for row in &r.by_day {
        let want = &days[&row.day];
        assert_eq!(row.kpis.offered, want["offered"].as_u64(), "{} offered", row.day);
        assert_eq!(row.kpis.answered, want["answered"].as_u64().unwrap(), "{} answered", row.day);
        assert_eq!(row.kpis.abandoned, want["abandoned"].as_u64(), "{} abandoned", row.day);
    }
}

#[test]
fn february_1999_matches_the_independent_figures() {
    check_month("anonymous_bank_feb1999.json");
}

#[test]
fn august_1999_matches_the_independent_figures() {
    check_month("anonymous_bank_aug1999.json");
}

#[test]
fn every_service_level_variant_is_the_one_the_setting_names() {
    let g = golden("anonymous_bank_feb1999.json");
    for (variant, key) in [
        (SlVariant::Offered, "sl_offered"),
        (SlVariant::Answered, "sl_answered"),
        (SlVariant::OfferedMinusShort, "sl_offered_minus_short"),
        (SlVariant::WithAbandoned, "sl_with_abandoned"),
    ] {
        let settings = Settings { sl_variant: variant, ..Settings::default() };
        let Some(r) = run(&g, &settings) else { return };
        close(r.totals.service_level, &g[key], key);
    }
}

/// FCR under the unbiased rule (only calls whose whole window lies inside the data are judged),
/// against `tests/golden/fcr.py`, an independent script written from the definition.
#[test]
fn fcr_of_both_months_equals_the_independent_script() {
    for (figures, month) in
        [("fcr_feb1999.json", "anonymous_bank_feb1999.json"), ("fcr_aug1999.json", "anonymous_bank_aug1999.json")]
    {
        let g = golden(figures);
        let Some(r) = run(&golden(month), &Settings::default()) else { return };
        let t = &r.totals;
        let count = |k: &str| g[k].as_u64().unwrap();
        assert_eq!(
            (t.fcr_resolved, t.fcr_repeat, t.fcr_unknown),
            (count("fcr_resolved"), count("fcr_repeat"), count("fcr_unknown")),
            "{month}"
        );
        close(t.fcr, &g["fcr"], &format!("{month} fcr"));
    }
}
