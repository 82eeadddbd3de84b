//! Properties that must hold for any input: chunking, row order, file splits and merges do not
//! change the report; per-group counts add up to the totals; the accounting loses no row.

mod common;

use callscore::sample::{HeaderLang, SampleEncoding};
use callscore::{Analyzer, Report, Settings};
use proptest::prelude::*;

/// A small file with everything that makes splitting hard: Chinese text, quoted fields with
/// delimiters and newlines, CRLF line ends, a BOM, rejects and a duplicate.
fn tricky_csv() -> Vec<u8> {
    let mut s = String::from(
        "\u{feff}通话ID,来电时间,应答时间,座席工号,座席姓名,技能组,排队时长,通话时长,呼叫结果,主叫号码\r\n",
    );
    for i in 0..60 {
        let agent = ["1001", "1002", "张伟", "O'Brien"][i % 4];
        let name = ["\"王, 芳\"", "\"Line\nBreak\"", "李娜", "\"Quote \"\"Q\"\"\""][i % 4];
        let minute = i % 60;
        let (answer, outcome) = if i % 5 == 0 {
            (String::new(), "放弃")
        } else {
            (format!("2024-03-0{} 09:{minute:02}:30", 1 + i % 3), "已接通")
        };
        s.push_str(&format!(
            "C{i},2024-03-0{} 09:{minute:02}:00,{answer},{agent},{name},信用卡{},{},{},{outcome},1380000{:04}\r\n",
            1 + i % 3,
            i % 2,
            if answer.is_empty() { 12 } else { 30 },
            60 + i,
            i % 7
        ));
    }
    // The same call again (same id and arrival as row C1): a duplicate. A repeated id with another
    // arrival would be another call (ids are reused by many ACDs).
    s.push_str("C1,2024-03-02 09:01:00,2024-03-02 09:01:30,1002,x,信用卡1,30,61,已接通,13800000001\r\n");
    s.push_str("C999,2024-02-31 10:00:00,,1001,x,信用卡0,1,0,放弃,1\r\n"); // impossible date
    s.push_str("C998,2024-03-01 10:00:00,2024-03-01 09:59:00,1001,x,信用卡0,1,5,已接通,1\r\n"); // answer before arrival
    s.push_str("C997,2024-03-01 10:00:00,2024-03-01 10:00:10,1001,x,信用卡0,99,5,已接通,1"); // wait contradicts, no final newline
    s.into_bytes()
}

fn gbk(text: &[u8]) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(std::str::from_utf8(text).expect("utf-8"));
    assert!(!unmappable);
    bytes.into_owned()
}

fn same(a: &Report, b: &Report) {
    assert_eq!(serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_chunking_of_utf8_gives_the_same_report(sizes in prop::collection::vec(1usize..200, 1..20)) {
        let data = tricky_csv();
        let settings = Settings::default();
        let whole = common::analyse(&settings, "t.csv", &data);
        same(&common::analyse_chunked(&settings, &[("t.csv", &data)], &sizes), &whole);
    }

    #[test]
    fn any_chunking_of_gbk_gives_the_same_report(sizes in prop::collection::vec(1usize..97, 1..20)) {
        let data = gbk(&tricky_csv()[3..]);
        let settings = Settings::default();
        let whole = common::analyse(&settings, "t.csv", &data);
        prop_assert_eq!(whole.inputs[0].encoding, Some("GBK/GB18030"));
        same(&common::analyse_chunked(&settings, &[("t.csv", &data)], &sizes), &whole);
    }

    #[test]
    fn row_order_does_not_matter(seed in any::<u64>()) {
        let data = String::from_utf8(common::sample_bytes(3, 5, HeaderLang::En, SampleEncoding::Utf8)).unwrap();
        let mut lines: Vec<&str> = data.lines().collect();
        let header = lines.remove(0);
        // Fisher–Yates with a simple LCG so the test needs no extra dependency.
        let mut state = seed | 1;
        for i in (1..lines.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (state >> 33) as usize % (i + 1);
            lines.swap(i, j);
        }
        let shuffled = format!("{header}\n{}\n", lines.join("\n"));
        let settings = Settings::default();
        let a = common::analyse(&settings, "a.csv", data.as_bytes());
        let b = common::analyse(&settings, "a.csv", shuffled.as_bytes());
        prop_assert_eq!(common::kpi_json(&a), common::kpi_json(&b));
    }
}

#[test]
fn a_big_sample_in_one_byte_to_64k_chunks_matches_one_chunk() {
    let data = common::sample_bytes(7, 3, HeaderLang::Zh, SampleEncoding::Gbk);
    let settings = Settings::default();
    let whole = common::analyse(&settings, "s.csv", &data);
    assert_eq!(whole.inputs[0].encoding, Some("GBK/GB18030"));
    assert!(whole.totals.offered > Some(10_000));
    for sizes in [&[1usize, 2, 3][..], &[4093, 17, 65_536], &[999_983]] {
        same(&common::analyse_chunked(&settings, &[("s.csv", &data)], sizes), &whole);
    }
}

#[test]
fn splitting_a_file_in_two_or_merging_two_analyzers_changes_nothing() {
    let data = String::from_utf8(common::sample_bytes(6, 9, HeaderLang::En, SampleEncoding::Utf8)).unwrap();
    let mut lines: Vec<&str> = data.lines().collect();
    let header = lines.remove(0);
    let half = lines.len() / 2;
    let first = format!("{header}\n{}\n", lines[..half].join("\n"));
    let second = format!("{header}\n{}\n", lines[half..].join("\n"));
    let settings = Settings::default();
    let one = common::analyse(&settings, "all.csv", data.as_bytes());
    let two = common::analyse_chunked(&settings, &[("a.csv", first.as_bytes()), ("b.csv", second.as_bytes())], &[8192]);
    assert_eq!(common::kpi_json(&one), common::kpi_json(&two));
    let reversed =
        common::analyse_chunked(&settings, &[("b.csv", second.as_bytes()), ("a.csv", first.as_bytes())], &[8192]);
    assert_eq!(common::kpi_json(&one), common::kpi_json(&reversed));

    let mut a = Analyzer::new(settings.clone()).unwrap();
    a.begin_file("a.csv");
    a.push(first.as_bytes()).unwrap();
    let mut b = Analyzer::new(settings.clone()).unwrap();
    b.begin_file("b.csv");
    b.push(second.as_bytes()).unwrap();
    a.merge(b);
    assert_eq!(common::kpi_json(&one), common::kpi_json(&a.finish()));
}

#[test]
fn groups_add_up_to_the_totals() {
    let data = common::sample_bytes(10, 11, HeaderLang::En, SampleEncoding::Utf8);
    let r = common::analyse(&Settings { interval_min: 15, ..Settings::default() }, "s.csv", &data);
    let t = &r.totals;
    type Get = fn(&callscore::Kpis) -> u64;
    let fields: [(&str, Get); 5] = [
        ("offered", |k| k.offered.expect("queues, days and intervals count offered calls")),
        ("answered", |k| k.answered),
        ("abandoned", |k| k.abandoned.expect("counted")),
        ("ivr_only", |k| k.ivr_only.expect("counted")),
        ("answered_within_threshold", |k| k.answered_within_threshold),
    ];
    for (name, get) in fields {
        let want = get(t);
        assert_eq!(r.by_queue.iter().map(|q| get(&q.kpis)).sum::<u64>(), want, "queues: {name}");
        assert_eq!(r.by_day.iter().map(|q| get(&q.kpis)).sum::<u64>(), want, "days: {name}");
        assert_eq!(r.by_interval.iter().map(|q| get(&q.kpis)).sum::<u64>(), want, "intervals: {name}");
        assert_eq!(r.by_weekday_hour.iter().map(|q| get(&q.kpis)).sum::<u64>(), want, "weekday×hour: {name}");
    }
    assert_eq!(r.by_agent.iter().map(|a| a.kpis.answered).sum::<u64>(), t.answered);
    assert_eq!(r.by_agent.iter().map(|a| a.kpis.total_talk).sum::<f64>(), t.total_talk);
    assert_eq!(r.by_agent.iter().map(|a| a.kpis.fcr_resolved).sum::<u64>(), t.fcr_resolved);
    assert_eq!(
        r.by_team.iter().map(|a| a.kpis.answered).sum::<u64>(),
        t.answered,
        "every answered sample call has a team"
    );
    let f = &r.inputs[0];
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
}

#[test]
fn the_tricky_file_accounts_for_every_row_with_reasons() {
    let r = common::analyse(&Settings::default(), "t.csv", &tricky_csv());
    let f = &r.inputs[0];
    assert_eq!(f.profile, Some("generic"));
    assert_eq!(f.rows_read, 64);
    assert_eq!(f.duplicates, 1);
    assert_eq!(f.rows_rejected, 3);
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    let reasons: Vec<(u64, String)> = f.rejects.iter().map(|r| (r.line, r.reason.to_string())).collect();
    // Line numbers are physical lines: 15 names hold a newline, so row 62 starts on line 78.
    assert_eq!(reasons[0], (78, "unknown or impossible date '2024-02-31 10:00:00'".to_string()));
    assert_eq!(reasons[1], (79, "answer time before arrival time".to_string()));
    assert_eq!(reasons[2], (80, "wait 99 s contradicts answer − arrival = 10 s".to_string()));
    assert_eq!(f.rejects[0].column.as_deref(), Some("来电时间"));
    // 60 calls, one in five abandoned after 12 s; the rest waited 30 s.
    assert_eq!(r.totals.offered, Some(60));
    assert_eq!(r.totals.abandoned, Some(12));
    assert_eq!(r.totals.answered, 48);
    assert_eq!(r.totals.asa, Some(30.0));
}

#[test]
fn thresholds_and_intervals_change_without_reading_again() {
    let data = common::sample_bytes(5, 2, HeaderLang::En, SampleEncoding::Utf8);
    let mut a = Analyzer::new(Settings::default()).unwrap();
    a.begin_file("s.csv");
    a.push(&data).unwrap();
    a.end_file().unwrap();
    for settings in [
        Settings { sl_threshold_s: 30, interval_min: 60, short_abandon_s: 10, fcr_window_h: 24, ..Settings::default() },
        Settings { sl_threshold_s: 5, interval_min: 15, timeout_as_abandoned: true, ..Settings::default() },
    ] {
        let fresh = common::analyse(&settings, "s.csv", &data);
        assert_eq!(common::kpi_json(&a.report(&settings)), common::kpi_json(&fresh));
    }
}

#[test]
fn fcr_asked_for_after_reading_without_it_says_so_instead_of_guessing() {
    let data = common::sample_bytes(3, 4, HeaderLang::En, SampleEncoding::Utf8);
    let mut a = Analyzer::new(Settings { fcr_window_h: 0, ..Settings::default() }).unwrap();
    a.begin_file("s.csv");
    a.push(&data).unwrap();
    a.end_file().unwrap();
    let r = a.report(&Settings::default());
    assert_eq!(r.totals.fcr, None);
    assert!(r.notes.iter().any(|n| n.to_string().contains("read with FCR off")), "{:?}", r.notes);
}
