//! Snapshots: a file split into monthly parts → one snapshot per part → all loaded together gives
//! the report of the whole file in every KPI but FCR (judged within each month, so equal to each
//! month's own); a snapshot holds no caller number or call id; settings it cannot be recomputed
//! under are named; another format version and broken snapshots are clear errors.

mod common;

use std::collections::BTreeMap;

use callscore::sample::{write_people, write_sample, SampleOptions};
use callscore::{Analyzer, Lang, Message, Report, Settings};
use chrono::NaiveDate;
use serde_json::Value;

/// A three-month sample (20 January to 30 March) with its people files.
fn sample() -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    let opts = SampleOptions {
        days: 70,
        agents: 8,
        calls_per_day: Some(120),
        seed: 13,
        start: NaiveDate::from_ymd_opt(2026, 1, 20).unwrap(),
        ..SampleOptions::default()
    };
    let mut calls = Vec::new();
    write_sample(&opts, &mut calls).unwrap();
    static RUN: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("callscore-snapshots-{}-{run}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    write_people(&opts, &dir).unwrap();
    let mut people = Vec::new();
    for name in ["roster.csv", "qa.csv", "surveys.csv", "attendance.csv", "ratings.csv"] {
        people.push((name.to_string(), std::fs::read(dir.join(name)).unwrap()));
    }
    let _ = std::fs::remove_dir_all(&dir);
    (calls, people)
}

/// The call file cut by the month of each row's arrival (the header kept in every part).
fn by_month(calls: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let text = std::str::from_utf8(calls).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let arrival = header.split(',').position(|h| h == "arrival_time").unwrap();
    let mut parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for line in lines {
        let month = line.split(',').nth(arrival).unwrap()[..7].to_string();
        let part = parts.entry(month).or_insert_with(|| format!("{header}\n").into_bytes());
        part.extend_from_slice(line.as_bytes());
        part.push(b'\n');
    }
    parts
}

fn list(v: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    v.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect()
}

fn read(settings: &Settings, files: &[(&str, &[u8])]) -> Analyzer {
    let mut a = Analyzer::new(settings.clone()).unwrap();
    for (name, bytes) in files {
        a.begin_file(name);
        for chunk in bytes.chunks(40_000) {
            a.push(chunk).unwrap();
        }
        a.end_file().unwrap();
    }
    a
}

/// The report as JSON, as printed (without what identifies callers and calls), without the file
/// list, the notes and every FCR figure.
fn without_fcr(r: &Report) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.retain(|k, _| !k.starts_with("fcr"));
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = common::kpi_json(&r.clone().without_callers());
    v.as_object_mut().unwrap().remove("notes");
    strip(&mut v);
    v
}

/// Where two JSON values differ (the first few paths), for a readable failure.
fn differences(a: &Value, b: &Value) -> Vec<String> {
    fn walk(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
        if out.len() >= 8 {
            return;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                    let n = Value::Null;
                    walk(x.get(k).unwrap_or(&n), y.get(k).unwrap_or(&n), format!("{path}/{k}"), out);
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(p, q, format!("{path}[{i}]"), out);
                }
            }
            _ if a != b => out.push(format!("{path}: {} ≠ {}", short(a), short(b))),
            _ => {}
        }
    }
    fn short(v: &Value) -> String {
        v.to_string().chars().take(120).collect()
    }
    let mut out = Vec::new();
    walk(a, b, String::new(), &mut out);
    out
}

fn fcr_of(k: &callscore::Kpis) -> (u64, u64, u64, Option<f64>) {
    (k.fcr_resolved, k.fcr_repeat, k.fcr_unknown, k.fcr)
}

#[test]
fn monthly_snapshots_merge_to_the_whole_report_in_every_kpi_but_fcr_which_stays_per_month() {
    let (calls, people) = sample();
    let settings = Settings { fcr_window_h: 48, ..Settings::default() };
    let mut whole_files: Vec<(&str, &[u8])> = vec![("calls.csv", &calls)];
    whole_files.extend(people.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    let whole = read(&settings, &whole_files).finish();

    let parts = by_month(&calls);
    assert_eq!(parts.keys().map(String::as_str).collect::<Vec<_>>(), ["2026-01", "2026-02", "2026-03"]);
    let mut snapshots = Vec::new();
    let mut month_reports = Vec::new();
    for (i, (month, part)) in parts.iter().enumerate() {
        let name = format!("calls-{month}.csv");
        let mut files: Vec<(&str, &[u8])> = vec![(&name, part)];
        // The people files go with the first month: people rows add like tallies.
        if i == 0 {
            files.extend(people.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
        }
        let mut a = read(&settings, &files);
        snapshots.push((format!("{month}.json"), a.snapshot().into_bytes()));
        month_reports.push(a.finish());
    }
    let files: Vec<(&str, &[u8])> = snapshots.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let merged = read(&settings, &files).finish();

    assert!(whole.totals.kpis.offered.unwrap() > 5_000, "{:?}", whole.totals.kpis.offered);
    assert_eq!(merged.by_agent.len(), whole.by_agent.len());
    assert!(merged.people.is_some() && merged.by_month.len() == 3);
    let diff = differences(&without_fcr(&merged), &without_fcr(&whole));
    assert!(diff.is_empty(), "every KPI but FCR equals the whole file's: {diff:#?}");

    // FCR: each month as judged in its own snapshot, the total their sum.
    for (row, own) in merged.by_month.iter().zip(&month_reports) {
        let own_row = own.by_month.iter().find(|r| r.period == row.period).expect("the month's own row");
        assert_eq!(fcr_of(&row.kpis), fcr_of(&own_row.kpis), "FCR of {}", row.period);
    }
    let sum = |f: fn(&callscore::Kpis) -> u64| month_reports.iter().map(|r| f(&r.totals.kpis)).sum::<u64>();
    assert_eq!(merged.totals.kpis.fcr_resolved, sum(|k| k.fcr_resolved));
    assert_eq!(merged.totals.kpis.fcr_unknown, sum(|k| k.fcr_unknown));
    assert!(merged.totals.kpis.fcr_resolved > 1000);
    // The whole file judges the calls at the ends of January and February with the next month.
    assert!(whole.totals.kpis.fcr_unknown < merged.totals.kpis.fcr_unknown);
    assert!(merged.notes.contains(&Message::NoteSnapshotFcr { snapshots: 3 }));
    // The file accounting: each snapshot, then its files.
    let names: Vec<&str> = merged.inputs.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(&names[..2], ["2026-01.json", "2026-01.json › calls-2026-01.csv"]);
    let rows = |r: &Report| r.inputs.iter().map(|f| f.rows_read).sum::<u64>();
    assert_eq!(rows(&merged), rows(&whole));
}

#[test]
fn snapshots_of_merged_snapshots_merge_again_to_the_same_report() {
    let (calls, people) = sample();
    let settings = Settings::default();
    let parts = by_month(&calls);
    let snap = |files: &[(&str, &[u8])]| read(&settings, files).snapshot().into_bytes();
    let months: Vec<(String, Vec<u8>)> =
        parts.iter().map(|(m, p)| (format!("{m}.json"), snap(&[("calls.csv", p)]))).collect();
    let roster = snap(&[("roster.csv", &people[0].1)]);
    // Site-style partial merges: January with February, then that with March and the roster.
    let first_two = snap(&list(&months[..2]));
    let staged =
        read(&settings, &[("q1-part.json", &first_two), ("2026-03.json", &months[2].1), ("roster.json", &roster)]);
    let mut all = list(&months);
    all.push(("roster.json", &roster));
    let flat = read(&settings, &all).finish();
    let staged = staged.finish();
    let figures = |r: &Report| {
        let mut v = common::kpi_json(&r.clone().without_callers());
        v.as_object_mut().unwrap().remove("notes");
        v
    };
    let diff = differences(&figures(&staged), &figures(&flat));
    assert!(diff.is_empty(), "{diff:#?}");
    assert!(flat.totals.kpis.fcr_resolved > 0 && flat.by_agent.iter().any(|a| a.name.is_some()));
}

#[test]
fn a_snapshot_holds_no_caller_number_and_no_call_id() {
    let (calls, people) = sample();
    let mut files: Vec<(&str, &[u8])> = vec![("calls.csv", &calls)];
    files.extend(people.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    let snapshot = read(&Settings::default(), &files).snapshot();

    // Every value of the caller and call id columns of the call file and of the QA file.
    let mut values = Vec::new();
    for (bytes, columns) in [(&calls, &["call_id", "caller"][..]), (&people[1].1, &["call_id"][..])] {
        let text = std::str::from_utf8(bytes).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let at: Vec<usize> = columns.iter().map(|c| header.iter().position(|h| h == c).unwrap()).collect();
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            values.extend(at.iter().map(|i| cells[*i].to_string()).filter(|v| !v.is_empty()));
        }
    }
    assert!(values.len() > 10_000, "{}", values.len());
    // Every word of the snapshot (a caller number inside a longer number is not that caller).
    let words: std::collections::HashSet<&str> = snapshot.split(|c: char| !c.is_alphanumeric()).collect();
    let found = |v: &str| words.contains(v) || (!v.chars().all(char::is_alphanumeric) && snapshot.contains(v));
    let leaked: Vec<&String> = values.iter().filter(|v| found(v)).take(5).collect();
    assert!(leaked.is_empty(), "the snapshot holds {leaked:?}");
    // Nor the repeat-caller calls (hashed callers): FCR is there as counts.
    let v: Value = serde_json::from_str(&snapshot).unwrap();
    assert_eq!(v["aggregates"]["fcr_calls"], serde_json::json!({"chunks": []}));
    assert!(v["aggregates"]["fcr_judged"]["totals"]["resolved"].as_u64().unwrap() > 1000);
    // … while the tallies are there.
    assert!(snapshot.starts_with(r#"{"callscore_snapshot":1,"#) && snapshot.contains("Credit cards"));
}

#[test]
fn a_snapshot_made_with_other_settings_is_recomputed_where_it_can_be_and_names_what_it_cannot() {
    let (calls, _) = sample();
    let made = Settings { sl_threshold_s: 30, fcr_window_h: 24, short_abandon_s: 3, ..Settings::default() };
    let snapshot = read(&made, &[("calls.csv", &calls)]).snapshot().into_bytes();
    let now = Settings::default();
    let loaded = read(&now, &[("jan-mar.json", &snapshot)]).finish();
    let direct = read(&now, &[("calls.csv", &calls)]).finish();
    // Service level and abandons are recomputed from the tallies under this report's thresholds.
    assert_eq!(loaded.totals.kpis.service_level, direct.totals.kpis.service_level);
    assert_eq!(loaded.totals.kpis.abandon_rate, direct.totals.kpis.abandon_rate);
    let diff = differences(&without_fcr(&loaded), &without_fcr(&direct));
    assert!(diff.is_empty(), "{diff:#?}");
    let recomputed = loaded.notes.iter().find_map(|n| match n {
        Message::NoteSnapshotRecomputed { file, settings } if file == "jan-mar.json" => Some(settings.clone()),
        _ => None,
    });
    assert_eq!(recomputed.as_deref(), Some("short_abandon_s, sl_threshold_s"));
    let differs = Message::NoteSnapshotSettingDiffers {
        file: "jan-mar.json".into(),
        setting: "fcr_window_h".into(),
        snapshot: "24".into(),
        now: "168".into(),
    };
    assert!(loaded.notes.contains(&differs), "{:?}", loaded.notes);
    assert!(differs.render(Lang::Zh).contains("无法按此设置重新计算"));
}

#[test]
fn another_format_version_or_a_broken_snapshot_is_a_clear_error_in_both_languages() {
    let (calls, _) = sample();
    let good = read(&Settings::default(), &[("calls.csv", &calls[..200_000])]).snapshot();
    let newer = good.replacen(r#"{"callscore_snapshot":1,"#, r#"{"callscore_snapshot":2,"#, 1);
    let mut a = Analyzer::new(Settings::default()).unwrap();
    a.begin_file("next-year.json");
    a.push(newer.as_bytes()).unwrap();
    let e = a.end_file().unwrap_err();
    assert_eq!(e.message(), &Message::SnapshotVersion { found: 2, supported: 1 });
    assert!(e.to_string().contains("next-year.json"), "{e}");
    assert!(e.message().render(Lang::Zh).contains("本引擎只能读取版本 1"));
    let report = a.finish();
    assert_eq!(report.totals.kpis.offered, Some(0));
    assert!(report.inputs[0].error.is_some());

    // A number replaced: the first value of `key`.
    let with = |key: &str, value: &str| {
        let at = good.find(&format!("\"{key}\":")).unwrap() + key.len() + 3;
        let end = at + good[at..].find([',', '}']).unwrap();
        format!("{}{value}{}", &good[..at], &good[end..])
    };
    // The first group × day key, `["Kind",SLOT,DAY]`, with its slot or day replaced.
    let group_day = |slot: Option<&str>, day: Option<&str>| {
        let at = good.find(r#""group_days":{"map":[[["#).unwrap() + r#""group_days":{"map":[["#.len();
        let end = at + good[at..].find(']').unwrap();
        let parts: Vec<&str> = good[at + 1..end].split(',').collect();
        let key = format!("[{},{},{}", parts[0], slot.unwrap_or(parts[1]), day.unwrap_or(parts[2]));
        format!("{}{key}{}", &good[..at], &good[end..])
    };
    let cases = [
        (good[..good.len() / 2].to_string(), "EOF"),
        (group_day(Some("4000000"), None), "does not exist"),
        (good.replacen(r#""sparse":[["#, r#""sparse":[[99999,1],["#, 1), "histogram"),
        (with("last_slot", "9223372036854775807"), "years"),
        (group_day(None, Some("-9223372036854775807")), "years"),
        (with("offered", "18446744073709551615"), "add up"),
        (with("talk_ms", "-5"), "add up"),
    ];
    for (broken, why) in &cases {
        assert_ne!(broken, &good);
        let mut a = Analyzer::new(Settings::default()).unwrap();
        a.begin_file("broken.json");
        a.push(broken.as_bytes()).unwrap();
        let e = a.end_file().unwrap_err();
        match e.message() {
            Message::SnapshotMalformed { detail } => assert!(detail.contains(why), "{why}: {detail}"),
            other => panic!("{why}: {other:?}"),
        }
        assert!(e.message().render(Lang::Zh).starts_with("无法读取快照"));
    }
}

#[test]
fn the_command_line_writes_a_snapshot_and_reads_snapshots_with_logs() {
    let (calls, _) = sample();
    let parts = by_month(&calls);
    let dir = std::env::temp_dir().join(format!("callscore-snapshot-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = env!("CARGO_BIN_EXE_callscore");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(exe).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let jan = dir.join("jan.csv");
    std::fs::write(&jan, &parts["2026-01"]).unwrap();
    let feb = dir.join("feb.csv");
    std::fs::write(&feb, &parts["2026-02"]).unwrap();
    let snap = dir.join("2026-01.json");
    run(&["report".as_ref(), "--snapshot".as_ref(), snap.as_os_str(), jan.as_os_str()]);
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(text.starts_with(r#"{"callscore_snapshot":1,"#));
    // January from its snapshot and February from its log: the report of both logs, but FCR.
    let mixed: Value =
        serde_json::from_slice(&run(&["report".as_ref(), "--json".as_ref(), snap.as_os_str(), feb.as_os_str()]))
            .unwrap();
    let logs: Value =
        serde_json::from_slice(&run(&["report".as_ref(), "--json".as_ref(), jan.as_os_str(), feb.as_os_str()]))
            .unwrap();
    for key in ["offered", "answered", "asa", "avg_talk", "service_level", "abandon_rate"] {
        assert_eq!(mixed["totals"][key], logs["totals"][key], "{key}");
    }
    assert_eq!(mixed["by_month"].as_array().unwrap().len(), 2);
    let help = String::from_utf8(run(&["report".as_ref(), "--help".as_ref()])).unwrap();
    assert!(help.contains("--snapshot <OUT.json>") && help.contains("snapshot"), "{help}");
    let _ = std::fs::remove_dir_all(&dir);
}

mod any_split {
    use super::*;
    use proptest::prelude::*;

    /// Forty days of a small centre, cut at any days into parts.
    fn small() -> Vec<u8> {
        let opts = SampleOptions {
            days: 40,
            agents: 4,
            calls_per_day: Some(40),
            seed: 29,
            start: NaiveDate::from_ymd_opt(2026, 2, 14).unwrap(),
            ..SampleOptions::default()
        };
        let mut calls = Vec::new();
        write_sample(&opts, &mut calls).unwrap();
        calls
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]

        /// Any split of a file by days (not only by month) → one snapshot per part → merged: the
        /// whole file's report in every KPI but FCR, whose counts are the parts' added up.
        #[test]
        fn any_split_by_days_merges_to_the_whole_report(cuts in prop::collection::btree_set(1u32..40, 0..4)) {
            let calls = small();
            let text = std::str::from_utf8(&calls).unwrap();
            let mut lines = text.lines();
            let header = lines.next().unwrap();
            let first = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap();
            let cut_days: Vec<String> =
                cuts.iter().map(|d| (first + chrono::Days::new(u64::from(*d))).format("%Y-%m-%d").to_string()).collect();
            let mut parts = vec![format!("{header}\n"); cut_days.len() + 1];
            for line in lines {
                let day = &line.split(',').nth(1).unwrap()[..10];
                let i = cut_days.iter().filter(|c| day >= c.as_str()).count();
                parts[i].push_str(line);
                parts[i].push('\n');
            }
            let settings = Settings::default();
            let mut snapshots = Vec::new();
            let mut fcr_resolved = 0;
            for (i, part) in parts.iter().enumerate() {
                let mut a = read(&settings, &[("part.csv", part.as_bytes())]);
                snapshots.push((format!("part-{i}.json"), a.snapshot().into_bytes()));
                fcr_resolved += a.finish().totals.kpis.fcr_resolved;
            }
            let whole = read(&settings, &[("calls.csv", &calls)]).finish();
            let merged = read(&settings, &list(&snapshots)).finish();
            let diff = differences(&without_fcr(&merged), &without_fcr(&whole));
            prop_assert!(diff.is_empty(), "cut at {:?}: {:#?}", cut_days, diff);
            prop_assert_eq!(merged.totals.kpis.fcr_resolved, fcr_resolved);
            if cut_days.is_empty() {
                prop_assert_eq!(merged.totals.kpis.fcr, whole.totals.kpis.fcr);
            }
        }
    }
}

#[test]
fn a_file_of_blanks_is_not_held_back_waiting_to_be_told_from_a_snapshot() {
    let mut a = Analyzer::new(Settings::default()).unwrap();
    a.begin_file("blank.json");
    let blanks = vec![b' '; 1 << 20];
    for chunk in blanks.chunks(1000) {
        let _ = a.push(chunk);
    }
    let _ = a.push(br#"{"callscore_snapshot":1}"#);
    let _ = a.end_file();
    // Read as a log (which a megabyte of blanks is not: refused as one), never as a snapshot.
    let report = a.finish();
    let e = report.inputs[0].error.as_ref().expect("refused");
    assert!(!matches!(e.message(), Message::SnapshotMalformed { .. } | Message::SnapshotVersion { .. }), "{e:?}");
    assert_ne!(report.inputs[0].kind, "snapshot");
}

/// Seed 000's 辅导记录: January's coaching note, written into January's snapshot, is the previous
/// period's note of February's report made from February's log and that snapshot.
#[test]
fn a_coaching_note_kept_in_a_months_snapshot_reaches_the_next_months_report() {
    let (calls, _) = sample();
    let months = by_month(&calls);
    let (jan, feb) = (&months["2026-01"], &months["2026-02"]);
    let agent = read(&Settings::default(), &[("jan.csv", jan)]).finish().by_agent[0].agent.clone().unwrap();
    let note: callscore::CoachingNote = serde_json::from_value(serde_json::json!({
        "agent": agent, "period": "2026-01", "note": "Holds too long before transfers", "plan": "先查知识库"
    }))
    .unwrap();
    let january = Settings { coaching: vec![note.clone()], ..Settings::default() };
    let snapshot = read(&january, &[("jan.csv", jan)]).snapshot();
    assert!(snapshot.contains("Holds too long before transfers"), "the note is in January's snapshot");
    // February: no note in February's settings; the report has January's from the snapshot.
    let report = read(&Settings::default(), &[("2026-01.json", snapshot.as_bytes()), ("feb.csv", feb)]).finish();
    assert_eq!(report.coaching, vec![note], "January's note in the merged report");
    // Without the snapshot there is none.
    assert!(read(&Settings::default(), &[("feb.csv", feb)]).finish().coaching.is_empty());
}
