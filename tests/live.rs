//! The wallboard's live mode from the engine's side: a phone system's log read while it grows, one
//! appended piece at a time (only the bytes added since the last read), with a report after each;
//! the day setting keeps today only; the state at the end of the log ("now").

mod common;

use callscore::{Analyzer, Settings};

/// 2026-03-02 09:00:00 UTC.
const T0: i64 = 1_772_442_000;

fn log() -> Vec<String> {
    let l = |dt: i64, rest: &str| format!("{}|{rest}", T0 + dt);
    vec![
        // Yesterday's call: not today's.
        l(-86_400 + 600, "y1|sales|NONE|ENTERQUEUE||5550001|1"),
        l(-86_400 + 610, "y1|sales|PJSIP/1|CONNECT|10|y1.1|2"),
        l(-86_400 + 700, "y1|sales|PJSIP/1|COMPLETECALLER|10|90|1"),
        // Agents log in yesterday evening and stay (a session begun before today still counts).
        l(-3600, "NONE|sales|PJSIP/1|ADDMEMBER|"),
        l(0, "NONE|sales|PJSIP/2|ADDMEMBER|"),
        l(300, "c1|sales|NONE|ENTERQUEUE||5551000|1"),
        l(310, "c1|sales|PJSIP/1|CONNECT|10|c1.1|3"),
        l(430, "c1|sales|PJSIP/1|COMPLETECALLER|10|120|1"),
        l(600, "NONE|NONE|PJSIP/2|PAUSE|Lunch"),
        l(1200, "c2|sales|NONE|ENTERQUEUE||5552000|1"),
        l(1260, "c3|sales|NONE|ENTERQUEUE||5553000|2"),
        l(1265, "c3|sales|PJSIP/1|CONNECT|5|c3.1|2"),
        l(1320, "c4|sales|NONE|ENTERQUEUE||5554000|3"),
    ]
}

fn today() -> Settings {
    Settings { day: Some("2026-03-02".into()), ..Settings::default() }
}

#[test]
fn a_growing_log_read_piece_by_piece_reports_after_every_piece() {
    let lines = log();
    let mut live = Analyzer::new(today()).unwrap();
    live.begin_file("queue_log");
    let mut answered = Vec::new();
    for line in &lines {
        // Only the bytes added since the last read, as the page's live mode pushes them.
        live.push(format!("{line}\n").as_bytes()).unwrap();
        live.flush().unwrap();
        let r = live.report(&today());
        answered.push(r.totals.answered);
    }
    assert_eq!(answered.last(), Some(&2), "c1 and c3 (connected); yesterday's y1 is not today's");
    assert!(answered.windows(2).all(|w| w[0] <= w[1]), "{answered:?}");
    let r = live.report(&today());
    assert_eq!(r.inputs[0].profile, Some("queue_log"));
    assert_eq!(r.inputs[0].skipped.get("OTHER_DAY"), Some(&3));
    let now = r.now.as_ref().expect("the state at the end of the log");
    assert_eq!((now.at.as_str(), now.day.as_str()), ("2026-03-02 09:22:00", "2026-03-02"));
    // c2 and c4 wait (c2 for 120 s); PJSIP/1 talks to c3; PJSIP/2 is on lunch.
    assert_eq!((now.waiting, now.longest_wait_s), (2, Some(120.0)));
    assert_eq!((now.logged_in, now.available, now.paused, now.on_call), (2, 0, 1, 1));
    assert!(r.notes.iter().any(|n| n.code() == "note.only_day"));
    // The same log read in one go gives the same figures.
    let whole: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let once = common::analyse(&today(), "queue_log", whole.as_bytes());
    assert_eq!(common::kpi_json(&r), common::kpi_json(&once));
}

#[test]
fn without_the_day_setting_every_day_counts() {
    let whole: String = log().iter().map(|l| format!("{l}\n")).collect();
    let r = common::analyse(&Settings::default(), "queue_log", whole.as_bytes());
    assert_eq!(r.totals.answered, 3);
    assert_eq!(r.inputs[0].skipped.get("OTHER_DAY"), None);
    assert!(Analyzer::new(Settings { day: Some("2026-02-30".into()), ..Settings::default() }).is_err());
}
