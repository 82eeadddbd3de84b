//! Agents' own targets (a targets file, roster columns) and new-hire ramp-up targets by month of
//! tenure, beside the card's common target. Every expected number is worked out in the comments.

mod common;

use callscore::{ScorecardDef, Settings, TargetSource};

/// A1 answers 5 calls, A2 2, A3 3, all in March 2024; the last day of the data is 2024-03-05.
const CALLS: &str = "\
call id,start time,agent,wait,talk,outcome
1,2024-03-01 09:00:00,A1,5,100,ANSWERED
2,2024-03-01 09:05:00,A1,5,100,ANSWERED
3,2024-03-02 09:10:00,A1,5,100,ANSWERED
4,2024-03-03 09:15:00,A1,5,100,ANSWERED
5,2024-03-04 09:20:00,A1,5,100,ANSWERED
6,2024-03-01 10:00:00,A2,5,100,ANSWERED
7,2024-03-05 10:00:00,A2,5,100,ANSWERED
8,2024-03-01 11:00:00,A3,5,100,ANSWERED
9,2024-03-02 11:00:00,A3,5,100,ANSWERED
10,2024-03-05 11:00:00,A3,5,100,ANSWERED
";

/// A1 joined long ago; A2 on 2024-02-10 (on 2024-03-05 not yet a month: tenure month 1); A3 on
/// 2024-01-01 (two whole months by 2024-03-05: tenure month 3). A2's own AHT target is not scored.
const ROSTER: &str = "工号,姓名,入职日期,目标:aht\nA1,甲,2019-05-01,\nA2,乙,2024-02-10,200\nA3,丙,2024-01-01,\n";

/// A1's March target (5) wins over A1's target for every month (8, with the KPI by its Chinese
/// catalogue name); February's is not for March.
const TARGETS: &str = "工号,指标,目标值,保底,月份\nA1,已应答,8,,\nA1,answered,5,0,2024-03\nA1,answered,1,0,2024-02\n";

fn card() -> ScorecardDef {
    ScorecardDef::from_json(
        r#"{"name":"volume","categories":[{"name":"c","weight":1,"metrics":[
            {"kpi":"answered","weight":1,"target":10,"floor":0,"score":"linear",
             "ramp_up":[{"months":1,"target":4},{"months":3,"target":6}]}]}],
            "grades":[[0,"D",1]]}"#,
    )
    .unwrap()
}

#[test]
fn own_targets_then_ramp_up_then_the_card() {
    let s = Settings { scorecard: Some(card()), ..Settings::default() };
    let files: Vec<(&str, &[u8])> =
        vec![("calls.csv", CALLS.as_bytes()), ("roster.csv", ROSTER.as_bytes()), ("targets.csv", TARGETS.as_bytes())];
    let r = common::analyse_chunked(&s, &files, &[1 << 20]);
    assert_eq!(r.inputs[2].profile, Some("targets"), "{:?}", r.inputs[2].profile_reason);
    assert_eq!(r.inputs[2].rows_used, 3);
    let sc = r.scorecard.as_ref().unwrap();
    let line = |a: &str| {
        let c = sc.agents.iter().find(|c| c.agent == a).unwrap();
        let m = &c.metrics[0];
        (m.value, m.target, m.target_source, m.points)
    };
    // A1: 5 answered against its own March target 5 → 100 points.
    assert_eq!(line("A1"), (Some(5.0), Some(5.0), TargetSource::Agent, Some(100.0)));
    // A2, tenure month 1: 2 of the first step's 4 → 50.
    assert_eq!(line("A2"), (Some(2.0), Some(4.0), TargetSource::RampUp, Some(50.0)));
    // A3, tenure month 3: 3 of the second step's 6 → 50.
    assert_eq!(line("A3"), (Some(3.0), Some(6.0), TargetSource::RampUp, Some(50.0)));
    let unused: Vec<String> =
        sc.notes.iter().filter(|n| n.code() == "rule.targets_unused").map(|n| n.to_string()).collect();
    assert!(unused.len() == 1 && unused[0].contains("aht") && !unused[0].contains("已应答"), "{unused:?}");

    // With March's row gone, A1's target for every month applies: 5 of 8 → 62.5.
    let every_month = TARGETS.replace("A1,answered,5,0,2024-03\n", "");
    let files: Vec<(&str, &[u8])> = vec![("calls.csv", CALLS.as_bytes()), ("targets.csv", every_month.as_bytes())];
    let r = common::analyse_chunked(&s, &files, &[1 << 20]);
    let a1 = r.scorecard.as_ref().unwrap().agents.iter().find(|c| c.agent == "A1").unwrap().clone();
    assert_eq!((a1.metrics[0].target, a1.metrics[0].points), (Some(8.0), Some(62.5)));

    // Without the roster nobody has a tenure: A2 and A3 are scored on the card's 10.
    let files: Vec<(&str, &[u8])> = vec![("calls.csv", CALLS.as_bytes()), ("targets.csv", TARGETS.as_bytes())];
    let r = common::analyse_chunked(&s, &files, &[1 << 20]);
    let c = r.scorecard.as_ref().unwrap().agents.iter().find(|c| c.agent == "A2").unwrap().clone();
    assert_eq!(
        (c.metrics[0].target, c.metrics[0].target_source, c.metrics[0].points),
        (Some(10.0), TargetSource::Card, Some(20.0))
    );
}

#[test]
fn ramp_up_steps_must_grow_and_targets_rows_must_be_readable() {
    let bad = r#"{"name":"x","categories":[{"name":"c","weight":1,"metrics":[
        {"kpi":"answered","weight":1,"target":10,"floor":0,"score":"linear",
         "ramp_up":[{"months":3,"target":4},{"months":2,"target":6}]}]}]}"#;
    let e = ScorecardDef::from_json(bad).unwrap_err();
    assert_eq!(e.message().code(), "field.ramp_months_order");
    assert_eq!(e.path(), Some("categories[0].metrics[0].ramp_up[1].months"));

    let targets = "agent,kpi,target,period\nA1,aht,abc,\nA1,,5,\nA1,aht,300,March\nA1,aht,300,2024-03\n";
    let r = common::analyse(&Settings::default(), "targets.csv", targets.as_bytes());
    let f = &r.inputs[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (4, 1, 3));
    let codes: Vec<&str> = f.rejects.iter().map(|r| r.reason.code()).collect();
    assert_eq!(codes, ["value.not_a_number", "reject.no_kpi_on_row", "value.not_a_month"]);
}
