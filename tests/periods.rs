//! Weeks, appraisal months and filters, against figures computed without the engine by
//! `tests/golden/periods.py` (PwC by month, Anonymous Bank February by ISO week, one queue and one
//! week hand-filtered), and the rules every period table keeps whatever the calendar settings.

mod common;

use callscore::{Kpis, Report, Settings, WeekStart};
use serde_json::Value;

fn golden() -> Value {
    let path = format!("{}/tests/golden/periods.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden file")).expect("golden json")
}

fn dataset(rel: &str) -> Option<(String, Vec<u8>)> {
    let path = common::datasets()?.join(rel);
    Some((path.display().to_string(), std::fs::read(&path).expect("dataset readable")))
}

fn read(settings: &Settings, rel: &str) -> Option<Report> {
    let (name, bytes) = dataset(rel)?;
    Some(common::analyse_chunked(settings, &[(&name, &bytes)], &[65_536, 7, 100_003]))
}

fn close(a: Option<f64>, b: &Value, what: &str) {
    let b = b.as_f64().unwrap_or_else(|| panic!("{what}: golden value missing"));
    let a = a.unwrap_or_else(|| panic!("{what}: engine gave null"));
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{what}: engine {a}, golden {b}");
}

fn same_figures(k: &Kpis, g: &Value, what: &str) {
    assert_eq!(k.offered, g["offered"].as_u64(), "{what} offered");
    assert_eq!(k.answered, g["answered"].as_u64().unwrap(), "{what} answered");
    if let Some(ab) = g.get("abandoned") {
        assert_eq!(k.abandoned, ab.as_u64(), "{what} abandoned");
    }
    close(k.asa, &g["asa"], &format!("{what} asa"));
    close(k.avg_talk, &g["avg_talk"], &format!("{what} avg_talk"));
    if let Some(sl) = g.get("service_level") {
        close(k.service_level, sl, &format!("{what} service level"));
    }
}

const BANK_FEB: &str = "anonymous_bank_feb1999/data_anonymous_bank_february.txt";
const PWC: &str = "pwc_call_centre_trends/Call-Center-Dataset.csv";

#[test]
fn anonymous_bank_february_by_iso_week_matches_the_reference() {
    let Some(r) = read(&Settings::default(), BANK_FEB) else { return };
    let g = golden();
    let weeks = g["bank_feb_by_iso_week"].as_object().unwrap();
    let got: Vec<&str> = r.by_week.iter().map(|w| w.period.as_str()).collect();
    assert_eq!(got, weeks.keys().map(String::as_str).collect::<Vec<_>>());
    for row in &r.by_week {
        same_figures(&row.kpis, &weeks[&row.period], &row.period);
    }
    assert_eq!((r.by_week[0].first_day.as_str(), r.by_week[0].last_day.as_str()), ("1999-02-01", "1999-02-07"));
}

#[test]
fn pwc_by_month_matches_the_reference() {
    let Some(r) = read(&Settings::default(), PWC) else { return };
    let g = golden();
    let months = g["pwc"]["by_month"].as_object().unwrap();
    let got: Vec<&str> = r.by_month.iter().map(|m| m.period.as_str()).collect();
    assert_eq!(got, ["2021-01", "2021-02", "2021-03"]);
    for row in &r.by_month {
        same_figures(&row.kpis, &months[&row.period], &row.period);
    }
    assert_eq!(r.by_month[1].last_day, "2021-02-28");
}

#[test]
fn one_queue_and_one_week_equal_the_hand_filtered_rows() {
    let g = golden();
    let want = &g["bank_feb_ps_week6"];
    let settings = Settings {
        queues: vec!["PS".into()],
        from: Some("1999-02-08".into()),
        to: Some("1999-02-14".into()),
        ..Settings::default()
    };
    let Some(r) = read(&settings, BANK_FEB) else { return };
    same_figures(&r.totals, &want["totals"], "PS, 1999-W06");
    let agents = want["answered_by_agent"].as_object().unwrap();
    let got: Vec<(&str, u64)> =
        r.by_agent.iter().filter_map(|a| Some((a.agent.as_deref()?, a.kpis.answered))).filter(|a| a.1 > 0).collect();
    let want: Vec<(&str, u64)> = agents.iter().map(|(k, v)| (k.as_str(), v.as_u64().unwrap())).collect();
    assert_eq!(got, want);
    assert_eq!(r.by_queue.iter().map(|q| q.queue.as_deref()).collect::<Vec<_>>(), [Some("PS")]);
    assert_eq!(r.by_day.first().map(|d| d.day.as_str()), Some("1999-02-08"));
    assert_eq!(r.by_day.last().map(|d| d.day.as_str()), Some("1999-02-14"));

    // Nothing lost: the rows left out are skipped by the filter's rules.
    let f = &r.inputs[0];
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    assert!(f.skipped["FILTER_DATES"] > 0 && f.skipped["FILTER_QUEUE"] > 0, "{:?}", f.skipped);
    let all = read(&Settings::default(), BANK_FEB).unwrap();
    let a = &all.inputs[0];
    assert_eq!(f.rows_skipped - a.rows_skipped, a.rows_used - f.rows_used, "every row the filter left out is named");
}

#[test]
fn period_tables_add_up_to_their_total_row_whatever_the_calendar() {
    let Some(base) = read(&Settings::default(), BANK_FEB) else { return };
    let (name, bytes) = dataset(BANK_FEB).unwrap();
    let mut a = callscore::Analyzer::new(Settings::default()).unwrap();
    a.begin_file(&name);
    a.push(&bytes).unwrap();
    a.end_file().unwrap();
    for week_start in [WeekStart::Monday, WeekStart::Sunday] {
        for month_starts_on_day in [1, 10, 26, 28] {
            let s = Settings { week_start, month_starts_on_day, ..Settings::default() };
            let r = a.report(&s);
            for (what, rows) in [("week", &r.by_week), ("month", &r.by_month)] {
                let offered: u64 = rows.iter().map(|p| p.kpis.offered.unwrap_or(0)).sum();
                let answered: u64 = rows.iter().map(|p| p.kpis.answered).sum();
                let talk: f64 = rows.iter().map(|p| p.kpis.total_talk).sum();
                assert_eq!(Some(offered), r.period_total.offered, "{what} {week_start:?} {month_starts_on_day}");
                assert_eq!(answered, r.period_total.answered);
                assert_eq!(talk, r.period_total.total_talk);
                for w in rows.windows(2) {
                    assert!(w[0].last_day < w[1].first_day, "periods do not overlap");
                }
            }
            assert_eq!(r.period_total.offered, base.totals.offered);
            assert_eq!(r.period_total.asa, base.totals.asa, "the total row is computed from tallies, not averaged");
        }
    }
    // 26th-to-25th months: February 1999 splits at the 26th into the months named 1999-02 and 1999-03.
    let r = a.report(&Settings { month_starts_on_day: 26, ..Settings::default() });
    let cut: Vec<(&str, &str, &str)> =
        r.by_month.iter().map(|m| (m.period.as_str(), m.first_day.as_str(), m.last_day.as_str())).collect();
    assert_eq!(cut, [("1999-02", "1999-01-26", "1999-02-25"), ("1999-03", "1999-02-26", "1999-03-25")]);
}

#[test]
fn a_bad_filter_or_month_start_is_refused_before_reading() {
    for (s, code) in [
        (Settings { from: Some("2024-02-30".into()), ..Settings::default() }, "settings.bad_filter_date"),
        (
            Settings { from: Some("2024-03-01".into()), to: Some("2024-02-01".into()), ..Settings::default() },
            "settings.filter_ends_before_start",
        ),
        (Settings { month_starts_on_day: 29, ..Settings::default() }, "settings.bad_month_start"),
    ] {
        let e = callscore::Analyzer::new(s).err().expect("refused");
        assert_eq!(e.message().code(), code);
    }
}
