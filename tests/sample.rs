//! `callscore sample`: the generated call records honour the CSV contract the engine reads and
//! look like a real centre.

use std::collections::{HashMap, HashSet};

use callscore::sample::{write_sample, HeaderLang, SampleEncoding, SampleOptions, SampleSummary, HEADER_EN, HEADER_ZH};
use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

fn generate(opts: &SampleOptions) -> (Vec<u8>, SampleSummary) {
    let mut out = Vec::new();
    let summary = write_sample(opts, &mut out).expect("writing to memory");
    (out, summary)
}

fn month(seed: u64) -> SampleOptions {
    SampleOptions { seed, ..SampleOptions::default() }
}

/// One parsed data row of the English output.
#[derive(Debug)]
struct Row {
    call_id: String,
    arrival: NaiveDateTime,
    answer: Option<NaiveDateTime>,
    end: NaiveDateTime,
    queue: String,
    agent: String,
    agent_name: String,
    team: String,
    caller: String,
    wait: i64,
    talk: i64,
    hold: i64,
    acw: i64,
    outcome: String,
    transferred: String,
}

fn time(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_else(|e| panic!("bad time {s:?}: {e}"))
}

fn parse(text: &str) -> Vec<Row> {
    let mut lines = text.split('\n');
    assert_eq!(lines.next(), Some(HEADER_EN));
    let rows: Vec<Row> = lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 15, "15 fields, no quoting needed: {line}");
            let secs = |s: &str| s.parse::<i64>().unwrap_or_else(|_| panic!("whole seconds: {line}"));
            Row {
                call_id: f[0].into(),
                arrival: time(f[1]),
                answer: (!f[2].is_empty()).then(|| time(f[2])),
                end: time(f[3]),
                queue: f[4].into(),
                agent: f[5].into(),
                agent_name: f[6].into(),
                team: f[7].into(),
                caller: f[8].into(),
                wait: secs(f[9]),
                talk: secs(f[10]),
                hold: secs(f[11]),
                acw: secs(f[12]),
                outcome: f[13].into(),
                transferred: f[14].into(),
            }
        })
        .collect();
    assert!(text.ends_with('\n'), "last line ends with \\n");
    assert!(!text.contains('\r'), "\\n line endings");
    rows
}

fn month_rows(seed: u64) -> (Vec<Row>, SampleSummary) {
    let (bytes, summary) = generate(&month(seed));
    (parse(std::str::from_utf8(&bytes).expect("UTF-8")), summary)
}

fn offered(rows: &[Row]) -> impl Iterator<Item = &Row> {
    rows.iter().filter(|r| r.outcome != "IVR")
}

#[test]
fn same_seed_gives_identical_bytes() {
    let opts = SampleOptions { days: 3, ..month(7) };
    assert_eq!(generate(&opts).0, generate(&opts).0);
}

#[test]
fn different_seed_gives_different_bytes() {
    let a = generate(&SampleOptions { days: 3, ..month(7) }).0;
    let b = generate(&SampleOptions { days: 3, ..month(8) }).0;
    assert_ne!(a, b);
}

#[test]
fn every_row_is_self_consistent() {
    let (rows, _) = month_rows(1);
    let mut ids = HashSet::new();
    let mut previous = None;
    for r in &rows {
        assert!(ids.insert(r.call_id.clone()), "duplicate call id {}", r.call_id);
        assert!(previous.is_none_or(|p| p <= r.arrival), "rows in arrival order at {}", r.call_id);
        previous = Some(r.arrival);
        assert!(r.end >= r.arrival, "{r:?}");
        assert!(r.caller.len() == 11 && r.caller.bytes().all(|b| b.is_ascii_digit()), "{r:?}");
        assert!(r.wait >= 0 && r.talk >= 0 && r.hold >= 0 && r.acw >= 0, "{r:?}");
        assert!(["Y", "N"].contains(&r.transferred.as_str()), "{r:?}");
        match r.outcome.as_str() {
            "ANSWERED" => {
                let answer = r.answer.expect("answered calls have an answer time");
                assert_eq!((answer - r.arrival).num_seconds(), r.wait, "wait = answer − arrival: {r:?}");
                assert_eq!((r.end - answer).num_seconds(), r.talk + r.hold, "end = answer + talk + hold: {r:?}");
                assert!(r.wait <= 300, "answered before the queue timeout: {r:?}");
                assert!(!r.agent.is_empty() && !r.agent_name.is_empty() && !r.team.is_empty(), "{r:?}");
                assert!(!r.queue.is_empty() && r.talk > 0, "{r:?}");
            }
            "ABANDONED" | "TIMEOUT" | "IVR" => {
                assert!(r.answer.is_none(), "{r:?}");
                assert_eq!((r.end - r.arrival).num_seconds(), r.wait, "end = arrival + wait: {r:?}");
                assert!(r.agent.is_empty() && r.agent_name.is_empty() && r.team.is_empty(), "{r:?}");
                assert_eq!((r.talk, r.hold, r.acw, r.transferred.as_str()), (0, 0, 0, "N"), "{r:?}");
                match r.outcome.as_str() {
                    "IVR" => assert!(r.queue.is_empty() && r.wait == 0, "{r:?}"),
                    "TIMEOUT" => assert_eq!(r.wait, 300, "{r:?}"),
                    _ => assert!(r.wait < 300 && !r.queue.is_empty(), "{r:?}"),
                }
            }
            other => panic!("outcome {other:?} not in the allowed set"),
        }
    }
}

#[test]
fn summary_counts_match_the_rows() {
    let (bytes, s) = generate(&month(2));
    let rows = parse(std::str::from_utf8(&bytes).unwrap());
    let count = |o: &str| rows.iter().filter(|r| r.outcome == o).count() as u64;
    assert_eq!(s.rows, rows.len() as u64);
    assert_eq!(s.bytes, bytes.len() as u64);
    assert_eq!(
        (s.answered, s.abandoned, s.timed_out, s.ivr),
        (count("ANSWERED"), count("ABANDONED"), count("TIMEOUT"), count("IVR"))
    );
    assert_eq!(s.offered, s.answered + s.abandoned + s.timed_out);
    assert_eq!(s.transferred, rows.iter().filter(|r| r.transferred == "Y").count() as u64);
    assert_eq!(s.answered_within_20s, rows.iter().filter(|r| r.outcome == "ANSWERED" && r.wait <= 20).count() as u64);
}

#[test]
fn default_month_has_about_three_thousand_offered_calls_on_a_monday() {
    let (rows, _) = month_rows(1);
    let mut by_day: HashMap<_, usize> = HashMap::new();
    for r in offered(&rows) {
        *by_day.entry(r.arrival.date()).or_default() += 1;
    }
    let mean = |wd: Weekday| {
        let days: Vec<usize> = by_day.iter().filter(|(d, _)| d.weekday() == wd).map(|(_, &n)| n).collect();
        days.iter().sum::<usize>() as f64 / days.len() as f64
    };
    let monday = mean(Weekday::Mon);
    assert!((2_500.0..3_600.0).contains(&monday), "Monday offered {monday}");
    assert!(mean(Weekday::Sun) < 0.7 * monday, "weekends are lighter");
    let ivr_share = rows.iter().filter(|r| r.outcome == "IVR").count() as f64 / rows.len() as f64;
    assert!((0.06..0.15).contains(&ivr_share), "IVR-only share {ivr_share}");
}

#[test]
fn abandon_rate_and_service_level_are_realistic_for_several_seeds() {
    for seed in 1..=3 {
        let (_, s) = generate(&month(seed));
        let abandon = s.abandoned as f64 / s.offered as f64;
        let service_level = s.answered_within_20s as f64 / s.offered as f64;
        assert!((0.02..0.20).contains(&abandon), "seed {seed}: abandon rate {abandon}");
        assert!((0.50..0.98).contains(&service_level), "seed {seed}: service level {service_level}");
        let transfer = s.transferred as f64 / s.answered as f64;
        assert!((0.03..0.07).contains(&transfer), "seed {seed}: transfer rate {transfer}");
    }
}

#[test]
fn service_level_varies_between_intervals() {
    let (rows, _) = month_rows(1);
    let mut by_hour: HashMap<NaiveDateTime, (u32, u32)> = HashMap::new();
    for r in offered(&rows) {
        let hour = r.arrival.with_minute(0).unwrap().with_second(0).unwrap();
        let e = by_hour.entry(hour).or_default();
        e.0 += 1;
        e.1 += (r.outcome == "ANSWERED" && r.wait <= 20) as u32;
    }
    let mut levels: Vec<f64> =
        by_hour.values().filter(|(n, _)| *n >= 50).map(|&(n, ok)| ok as f64 / n as f64).collect();
    levels.sort_by(f64::total_cmp);
    let (p10, p90) = (levels[levels.len() / 10], levels[levels.len() * 9 / 10]);
    assert!(p10 < 0.7 && p90 > 0.85, "hourly service level p10 {p10}, p90 {p90}");
}

#[test]
fn arrivals_peak_in_the_morning_and_afternoon_and_are_quiet_at_night() {
    let (rows, _) = month_rows(1);
    let mut by_hour = [0u32; 24];
    for r in &rows {
        by_hour[r.arrival.hour() as usize] += 1;
    }
    assert!(by_hour[10] > 15 * by_hour[3], "{by_hour:?}");
    assert!(by_hour[10] > by_hour[12] && by_hour[14] > by_hour[12], "lunch dip between two peaks: {by_hour:?}");
}

#[test]
fn share_of_repeat_callers_within_seven_days_is_realistic() {
    let (rows, _) = month_rows(1);
    let mut last_call: HashMap<&str, NaiveDateTime> = HashMap::new();
    let mut repeats = 0;
    for r in &rows {
        if let Some(&before) = last_call.get(r.caller.as_str()) {
            repeats += ((r.arrival - before).num_days() < 7) as usize;
        }
        last_call.insert(&r.caller, r.arrival);
    }
    let share = repeats as f64 / rows.len() as f64;
    assert!((0.05..0.30).contains(&share), "repeat share {share}");
}

#[test]
fn agents_have_chinese_and_english_names_teams_and_differ_in_speed() {
    let (rows, _) = month_rows(1);
    let names: HashSet<&str> = rows.iter().map(|r| r.agent_name.as_str()).filter(|n| !n.is_empty()).collect();
    assert!(
        names.iter().any(|n| n.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "Chinese names: {names:?}"
    );
    assert!(names.iter().any(|n| n.contains(' ') && n.is_ascii()), "English names: {names:?}");
    let teams: HashSet<&str> = rows.iter().map(|r| r.team.as_str()).filter(|t| !t.is_empty()).collect();
    assert!((4..=5).contains(&teams.len()), "{teams:?}");

    // The gaming signal: at least one agent with many answered calls under 10 s, most with none.
    let mut per_agent: HashMap<&str, (u32, u32)> = HashMap::new();
    for r in rows.iter().filter(|r| r.outcome == "ANSWERED") {
        let e = per_agent.entry(&r.agent).or_default();
        e.0 += 1;
        e.1 += (r.talk < 10) as u32;
    }
    let short_share = |&(n, short): &(u32, u32)| short as f64 / n as f64;
    let gamers = per_agent.values().filter(|a| short_share(a) > 0.15).count();
    assert!((1..=2).contains(&gamers), "agents with many short calls: {gamers}");
    assert!(per_agent.values().filter(|a| short_share(a) < 0.02).count() > 30);
}

#[test]
fn queues_are_at_least_three_with_different_handle_times() {
    let (rows, _) = month_rows(1);
    let mut per_queue: HashMap<&str, (f64, f64)> = HashMap::new();
    for r in rows.iter().filter(|r| r.outcome == "ANSWERED") {
        let e = per_queue.entry(&r.queue).or_default();
        e.0 += 1.0;
        e.1 += (r.talk + r.hold + r.acw) as f64;
    }
    assert!(per_queue.len() >= 3, "{per_queue:?}");
    let ahts: Vec<f64> = per_queue.values().map(|(n, total)| total / n).collect();
    let (lo, hi) = ahts.iter().fold((f64::MAX, 0.0f64), |(lo, hi), &a| (lo.min(a), hi.max(a)));
    assert!(hi > 1.4 * lo, "AHT differs by queue: {per_queue:?}");
    let held =
        rows.iter().filter(|r| r.hold > 0).count() as f64 / rows.iter().filter(|r| r.answer.is_some()).count() as f64;
    assert!((0.10..0.20).contains(&held), "hold share {held}");
}

#[test]
fn chinese_header_uses_chinese_labels() {
    let opts = SampleOptions { days: 2, lang: HeaderLang::Zh, ..month(3) };
    let text = String::from_utf8(generate(&opts).0).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(HEADER_ZH));
    let outcomes: HashSet<&str> = lines.clone().map(|l| l.split(',').nth(13).unwrap()).collect();
    let allowed: HashSet<&str> = ["已接通", "放弃", "超时", "自助服务"].into();
    assert!(outcomes.is_subset(&allowed) && outcomes.contains("已接通"), "{outcomes:?}");
    assert!(lines.all(|l| ["是", "否"].contains(&l.rsplit(',').next().unwrap())));
    assert!(text.contains(",信用卡,"));
}

#[test]
fn gbk_output_decodes_to_the_same_text_as_utf8_output() {
    for lang in [HeaderLang::Zh, HeaderLang::En] {
        let utf8 = SampleOptions { days: 3, lang, ..month(4) };
        let gbk = SampleOptions { encoding: SampleEncoding::Gbk, ..utf8.clone() };
        let (expected, _) = generate(&utf8);
        let (encoded, summary) = generate(&gbk);
        assert_ne!(encoded, expected, "GBK bytes differ from UTF-8 (Chinese names)");
        assert_eq!(summary.bytes, encoded.len() as u64);
        let (decoded, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&encoded);
        assert!(!had_errors);
        assert_eq!(decoded, std::str::from_utf8(&expected).unwrap());
    }
}

#[test]
fn calls_per_day_scales_the_volume() {
    let small = SampleOptions { days: 7, ..month(5) };
    let big = SampleOptions { calls_per_day: Some(13_000), agents: 200, ..small.clone() };
    let (_, s) = generate(&small);
    let (_, b) = generate(&big);
    let ratio = b.offered as f64 / s.offered as f64;
    assert!((4.5..5.5).contains(&ratio), "5× calls per day gave {ratio}×");
    let abandon = b.abandoned as f64 / b.offered as f64;
    assert!((0.005..0.20).contains(&abandon), "bigger centre still realistic: {abandon}");
}

#[test]
fn cli_writes_the_sample_to_a_file() {
    let dir = std::env::temp_dir().join(format!("callscore-sample-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calls.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_callscore"))
        .args(["sample", "--days", "2", "--seed", "9", "--start", "2026-03-02", "--output"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read(&path).unwrap();
    let opts = SampleOptions {
        days: 2,
        seed: 9,
        start: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        ..Default::default()
    };
    assert_eq!(written, generate(&opts).0, "the CLI writes what the library generates");
    assert!(std::str::from_utf8(&written).unwrap().lines().nth(1).unwrap().starts_with("C20260302000001,2026-03-02 "));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_writes_gbk_chinese_to_stdout_and_rejects_bad_dates() {
    let exe = env!("CARGO_BIN_EXE_callscore");
    let out = std::process::Command::new(exe)
        .args(["sample", "--days", "1", "--lang", "zh", "--encoding", "gbk"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (text, _, had_errors) = encoding_rs::GBK.decode(&out.stdout);
    assert!(!had_errors && text.starts_with(HEADER_ZH));

    let bad = std::process::Command::new(exe).args(["sample", "--start", "2026-02-30"]).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));
}
