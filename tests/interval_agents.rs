//! Logged-in agents per interval (`by_interval[].logged_in_agents`, `available_agents`,
//! `understaffed`), with expected figures worked out by hand from the log below.

mod common;

use callscore::Settings;

// 2024-01-02 09:00:00 UTC = 1704186000 (queue_log epochs are read as UTC by default).
//   PJSIP/7: member 09:00–09:45, paused for Lunch 09:10–09:20.
//   Agent/8: logged in (AGENTLOGIN) 09:15–10:00.
//   c1 arrives 09:05 and is answered (110 s talk); c2 arrives 09:35 and abandons;
//   c3 arrives 10:05 and abandons, with nobody logged in.
const LOG: &str = "\
1704186000|NONE|q|PJSIP/7|ADDMEMBER|
1704186300|c1|q|NONE|ENTERQUEUE||5551001|1
1704186310|c1|q|PJSIP/7|CONNECT|10|c1.1|2
1704186420|c1|q|PJSIP/7|COMPLETECALLER|10|110|1
1704186600|NONE|q|PJSIP/7|PAUSE|Lunch
1704186900|NONE|q|Agent/8|AGENTLOGIN|SIP/8
1704187200|NONE|q|PJSIP/7|UNPAUSE|
1704188100|c2|q|NONE|ENTERQUEUE||5551002|1
1704188160|c2|q|NONE|ABANDON|1|1|60
1704188700|NONE|q|PJSIP/7|REMOVEMEMBER|
1704189600|NONE|q|Agent/8|AGENTLOGOFF|SIP/8|2700
1704189900|c3|q|NONE|ENTERQUEUE||5551003|1
1704189930|c3|q|NONE|ABANDON|1|1|30
";

type Row = (String, Option<f64>, Option<f64>, Option<bool>);

fn rows(r: &callscore::Report) -> Vec<Row> {
    r.by_interval.iter().map(|i| (i.start.clone(), i.logged_in_agents, i.available_agents, i.understaffed)).collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn logged_in_agents_per_half_hour_are_the_hand_worked_figures() {
    let r = common::analyse(&Settings::default(), "queue_log", LOG.as_bytes());
    let got = rows(&r);
    assert_eq!(got.len(), 3, "{got:?}");
    // [09:00, 09:30): PJSIP/7 30 min + Agent/8 15 min = 45 agent-min / 30 = 1.5;
    //                 10 min paused → (45 − 10) / 30.
    assert_eq!(got[0].0, "2024-01-02 09:00");
    assert!(close(got[0].1, 1.5) && close(got[0].2, 35.0 / 30.0), "{:?}", got[0]);
    // [09:30, 10:00): PJSIP/7 15 min + Agent/8 30 min = 1.5, none paused.
    assert_eq!(got[1].0, "2024-01-02 09:30");
    assert!(close(got[1].1, 1.5) && close(got[1].2, 1.5), "{:?}", got[1]);
    // [10:00, 10:30): nobody logged in while a call waited.
    assert_eq!(got[2].0, "2024-01-02 10:00");
    assert!(close(got[2].1, 0.0) && close(got[2].2, 0.0), "{:?}", got[2]);
    for row in &r.by_interval {
        let raw = row.required_agents.unwrap().erlang_c.unwrap().raw_positions;
        assert!(raw >= 1, "every interval has a call");
        assert_eq!(row.understaffed, Some(row.logged_in_agents.unwrap() < f64::from(raw)), "{}", row.start);
    }
    assert_eq!(got[2].3, Some(true));
    assert!(r.definitions.contains_key("logged_in_agents") && r.definitions.contains_key("understaffed"));
}

#[test]
fn one_agent_from_nine_to_a_quarter_to_ten_is_one_then_a_half() {
    let log = "\
1704186000|NONE|q|PJSIP/7|ADDMEMBER|
1704186300|c1|q|NONE|ENTERQUEUE||5551001|1
1704186330|c1|q|NONE|ABANDON|1|1|30
1704188100|c2|q|NONE|ENTERQUEUE||5551002|1
1704188160|c2|q|NONE|ABANDON|1|1|60
1704188700|NONE|q|PJSIP/7|REMOVEMEMBER|
";
    let r = common::analyse(&Settings::default(), "queue_log", log.as_bytes());
    let got = rows(&r);
    assert!(close(got[0].1, 1.0) && close(got[1].1, 0.5), "{got:?}");
    // Hourly: 45 agent-min / 60.
    let hourly = Settings { interval_min: 60, ..Settings::default() };
    let r = common::analyse(&hourly, "queue_log", log.as_bytes());
    assert!(close(r.by_interval[0].logged_in_agents, 0.75), "{:?}", rows(&r));
}

#[test]
fn agent_state_rows_give_the_same_per_interval_figure() {
    let states = "Agent,State,Reason,Start Time,End Time\n\
                  A1,Ready,,2024-01-02 09:00:00,2024-01-02 09:40:00\n\
                  A1,Not Ready,Break,2024-01-02 09:40:00,2024-01-02 09:45:00\n\
                  A1,Logout,,2024-01-02 09:45:00,2024-01-02 12:00:00\n";
    let calls = "call id,start time,agent,wait,talk,outcome\n1,2024-01-02 09:10:00,A1,5,600,ANSWERED\n2,2024-01-02 09:50:00,,30,,ABANDONED\n";
    let r = common::analyse_chunked(
        &Settings::default(),
        &[("states.csv", states.as_bytes()), ("calls.csv", calls.as_bytes())],
        &[1 << 20],
    );
    let got = rows(&r);
    assert!(close(got[0].1, 1.0) && close(got[0].2, 1.0), "{got:?}");
    // 15 min logged in, of which 5 paused.
    assert!(close(got[1].1, 0.5) && close(got[1].2, 10.0 / 30.0), "{got:?}");
}

#[test]
fn without_agent_data_the_figures_are_null() {
    let calls = "call id,start time,agent,wait,talk,outcome\n1,2024-01-02 09:10:00,A1,5,600,ANSWERED\n";
    let r = common::analyse(&Settings::default(), "calls.csv", calls.as_bytes());
    assert_eq!(rows(&r), vec![("2024-01-02 09:00".to_string(), None, None, None)]);
}

#[test]
fn shuffled_lines_chunks_and_split_files_give_the_same_intervals() {
    let want =
        common::kpi_json(&common::analyse(&Settings::default(), "queue_log", LOG.as_bytes()))["by_interval"].clone();
    let mut lines: Vec<&str> = LOG.lines().collect();
    for seed in 0..20u64 {
        // A small deterministic shuffle.
        let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        for i in (1..lines.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            lines.swap(i, (s >> 33) as usize % (i + 1));
        }
        let cut = 1 + seed as usize % (lines.len() - 1);
        let (a, b) = (lines[..cut].join("\n") + "\n", lines[cut..].join("\n") + "\n");
        let r = common::analyse_chunked(
            &Settings::default(),
            &[("q1", a.as_bytes()), ("q2", b.as_bytes())],
            &[1 + seed as usize % 17, 64],
        );
        assert_eq!(common::kpi_json(&r)["by_interval"], want, "seed {seed}");
    }
}

#[test]
fn pbxware_hourly_figures_are_the_mean_of_their_half_hours() {
    let Some(dir) = common::datasets() else { return };
    let bytes = std::fs::read(dir.join("pbxware_export/queue_log.csv")).unwrap();
    let half = common::analyse(&Settings::default(), "queue_log.csv", &bytes);
    let hour = common::analyse(&Settings { interval_min: 60, ..Settings::default() }, "queue_log.csv", &bytes);
    let agents = half.by_agent.iter().filter(|a| a.logged_in.is_some()).count() as f64;
    assert!(agents >= 5.0);
    let by_start: std::collections::BTreeMap<&str, f64> = half
        .by_interval
        .iter()
        .map(|i| (i.start.as_str(), i.logged_in_agents.expect("agent sessions loaded")))
        .collect();
    let mut checked = 0;
    for h in &hour.by_interval {
        let l = h.logged_in_agents.unwrap();
        assert!((0.0..=agents).contains(&l), "{} {l}", h.start);
        let second = format!("{}:30", &h.start[..13]);
        if let (Some(a), Some(b)) = (by_start.get(h.start.as_str()), by_start.get(second.as_str())) {
            assert!((l - (a + b) / 2.0).abs() < 1e-9, "{}: {l} vs {a}, {b}", h.start);
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked}");
    assert!(half.by_interval.iter().any(|i| i.logged_in_agents.unwrap() > 0.0));
    assert!(half.by_interval.iter().all(|i| i.available_agents.unwrap() <= i.logged_in_agents.unwrap() + 1e-12));
}
