//! Figures that hold up in an appraisal: satisfaction and complaint columns of call records are
//! used (and not double counted with survey files), comments reach the review page, columns read
//! but not used are listed, evaluator bias options change exactly the scores they should, and a
//! scorecard never grades on data it does not have. Every expected number is worked out by hand in
//! the comments.

mod common;

use callscore::{score_group, EvaluatorBias, Level, MetricValue, ScorecardDef, Settings, Subject};

const CALLS: &str = "\
call id,start time,agent,team,queue,wait,talk,acw,outcome,caller,满意度,投诉
1,2024-03-01 09:00:00,A1,T1,Sales,5,100,10,ANSWERED,111,5,否
2,2024-03-01 09:05:00,A1,T1,Sales,5,100,10,ANSWERED,112,满意,是
3,2024-03-01 09:10:00,A2,T2,Support,5,100,10,ANSWERED,113,2,
4,2024-03-01 09:15:00,A2,T2,Support,5,100,10,ANSWERED,114,,否
5,2024-03-01 09:20:00,,,Support,30,,,ABANDONED,115,,
";

/// Call 3 already carries an answer (counted once, from the call); call 4 does not.
const SURVEY: &str = "call id,csat,comment\n3,1,rude\n4,4,helpful\n";

fn report(settings: &Settings, files: &[(&str, &str)]) -> callscore::Report {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    common::analyse_chunked(settings, &files, &[1 << 20])
}

#[test]
fn satisfaction_and_complaint_columns_of_call_records_are_used() {
    let r = report(&Settings::default(), &[("calls.csv", CALLS)]);
    assert_eq!(r.inputs[0].rows_rejected, 0, "{:?}", r.inputs[0].rejects);
    let agent = |id: &str| r.by_agent.iter().find(|a| a.agent.as_deref() == Some(id)).unwrap();
    // A1: answers 5 and 满意 (4): both top-two → CSAT 1.0, mean 4.5; one complaint.
    assert_eq!(
        (agent("A1").kpis.csat, agent("A1").kpis.csat_mean, agent("A1").kpis.complaints),
        (Some(1.0), Some(4.5), Some(1))
    );
    // A2: one answer, 2 → CSAT 0, mean 2; no complaint.
    assert_eq!(
        (agent("A2").kpis.csat, agent("A2").kpis.csat_responses, agent("A2").kpis.complaints),
        (Some(0.0), 1, Some(0))
    );
    let queue = |q: &str| r.by_queue.iter().find(|x| x.queue.as_deref() == Some(q)).unwrap();
    assert_eq!((queue("Sales").kpis.csat, queue("Support").kpis.csat), (Some(1.0), Some(0.0)));
    assert_eq!(r.totals.csat_distribution, [0, 1, 0, 1, 1]);
    assert_eq!(r.totals.complaints, Some(1));
    // The people section carries the same answers, so scorecards see them.
    let p = r.people.as_ref().expect("call-record satisfaction builds the people section");
    assert_eq!(p.by_agent.iter().find(|a| a.agent == "A1").unwrap().kpis.csat_responses, 2);
}

#[test]
fn a_survey_file_answer_to_a_call_that_carries_one_is_counted_once() {
    let r = report(&Settings::default(), &[("calls.csv", CALLS), ("survey.csv", SURVEY)]);
    let p = r.people.as_ref().unwrap();
    let a2 = p.by_agent.iter().find(|a| a.agent == "A2").unwrap();
    // A2: the call's own 2 (call 3; the survey's 1 for call 3 is left out) + the survey's 4 for
    // call 4 → 2 answers, one top-two: CSAT 0.5, mean 3.
    assert_eq!((a2.kpis.csat_responses, a2.kpis.csat, a2.kpis.csat_mean), (2, Some(0.5), Some(3.0)));
    assert!(r.notes.iter().any(|n| n.code() == "note.surveys_in_calls"), "{:?}", r.notes);
    // The agent rows of the report say the same as the people section.
    let row = r.by_agent.iter().find(|a| a.agent.as_deref() == Some("A2")).unwrap();
    assert_eq!((row.kpis.csat_responses, row.kpis.csat), (2, Some(0.5)));
    // Comments reach the agent the call names (the survey names only the call).
    let texts: Vec<&str> = a2.comments.iter().map(|c| c.text.as_str()).collect();
    assert!(texts.contains(&"helpful") && texts.contains(&"rude"), "{texts:?}");
}

#[test]
fn the_complaint_queue_setting_counts_its_calls_as_complaints() {
    let s = Settings { complaint_queue: Some("Support".into()), ..Settings::default() };
    let r = report(&s, &[("calls.csv", CALLS)]);
    let agent = |id: &str| r.by_agent.iter().find(|a| a.agent.as_deref() == Some(id)).unwrap().kpis.complaints;
    // A1 keeps its flagged call 2; A2 answered calls 3 and 4 of the complaint queue.
    assert_eq!((agent("A1"), agent("A2")), (Some(1), Some(2)));
    // The queue's abandoned call 5 is a complaint too: 1 + 2 + 1.
    assert_eq!(r.totals.complaints, Some(4));
}

#[test]
fn columns_read_but_not_used_are_listed() {
    let qa = "agent,evaluator,total,greeting,accuracy,评语\nA1,E1,80,Y,N,good\n";
    let r = report(&Settings::default(), &[("qa.csv", qa)]);
    assert_eq!(r.inputs[0].unused_columns, vec!["total".to_string()], "the comment column is used: it is shown");
    assert_eq!(r.inputs[0].mapping[5], Some("comment"));
}

/// Three evaluators score the same three agents; H is 20 points harsher than E1 and E2.
const QA: &str = "\
evaluation id,agent,evaluator,item,score,max
1,A1,E1,overall,80,100
2,A1,E2,overall,82,100
3,A1,H,overall,60,100
4,A1,H,overall,62,100
5,A2,E1,overall,70,100
6,A2,E2,overall,72,100
7,A2,H,overall,51,100
8,A2,H,overall,49,100
9,A3,E1,overall,90,100
10,A3,E2,overall,88,100
11,A3,H,overall,71,100
12,A3,H,overall,69,100
";

fn qa_scores(bias: EvaluatorBias) -> (Vec<(String, f64)>, callscore::Report) {
    let s = Settings { qa_evaluator_bias: bias, ..Settings::default() };
    let r = report(&s, &[("qa.csv", QA)]);
    let p = r.people.as_ref().unwrap();
    (p.by_agent.iter().map(|a| (a.agent.clone(), a.kpis.qa_score.unwrap())).collect(), r)
}

#[test]
fn evaluator_bias_options_change_exactly_the_scores_they_should() {
    // H's bias against E1 and E2 on the same agents: (60−81, 62−81, 51−71, 49−71, 71−89, 69−89) / 6
    // = −20, flagged. Measured without H, E1 is −2/3 (80−82, 70−72, 90−88) and E2 +2/3.
    let close = |got: &[(String, f64)], want: [f64; 3]| {
        for ((a, g), w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-9, "{a}: {g} vs {w}");
        }
    };
    let (keep, r) = qa_scores(EvaluatorBias::Keep);
    // Keep: plain means. A1 (80+82+60+62)/4 = 71; A2 (70+72+51+49)/4 = 60.5; A3 (90+88+71+69)/4 = 79.5.
    close(&keep, [71.0, 60.5, 79.5]);
    let p = r.people.as_ref().unwrap();
    for a in &p.by_agent {
        // Half of every agent's evaluations come from the flagged H: more than a quarter.
        assert_eq!(a.warnings.len(), 1, "{}", a.agent);
        assert_eq!(
            a.evaluators.iter().find(|e| e.evaluator == "H").map(|e| (e.evaluations, e.flagged)),
            Some((2, true))
        );
    }
    // Exclude: H's evaluations left out. A1 81, A2 71, A3 89.
    let (exclude, r) = qa_scores(EvaluatorBias::Exclude);
    close(&exclude, [81.0, 71.0, 89.0]);
    assert!(r.notes.iter().any(|n| n.code() == "note.qa_flagged_excluded"));
    // Calibrate: each evaluator's bias subtracted. A1: 80.667 + 81.333 + 80 + 82 = 324 → 81;
    // A2: 70.667 + 71.333 + 71 + 69 = 282 → 70.5; A3: 90.667 + 87.333 + 91 + 89 = 358 → 89.5.
    let (calibrate, r) = qa_scores(EvaluatorBias::Calibrate);
    close(&calibrate, [81.0, 70.5, 89.5]);
    assert!(r.people.as_ref().unwrap().by_agent.iter().all(|a| a.warnings.is_empty()));
}

fn card(json: &str) -> ScorecardDef {
    ScorecardDef::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

fn subject(id: &str, level: Level, vals: &[(&str, f64)], agents_with: &[(&str, f64)]) -> Subject {
    Subject {
        id: id.into(),
        level,
        values: vals.iter().map(|(k, v)| (k.to_string(), MetricValue::plain(*v))).collect(),
        agents_with: agents_with.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        ..Default::default()
    }
}

#[test]
fn a_team_is_scored_per_agent_on_counts_unless_the_card_gives_a_team_target() {
    let c = card(
        r#"{"name":"v","categories":[{"name":"c","weight":1,"metrics":[
            {"kpi":"answered","weight":1,"target":1000,"score":"ratio"}]}],"grades":[[0,"D",1]]}"#,
    );
    // Team of 4 agents with 3,600 answered calls: 900 per agent → 90 points (not 100, capped at 360).
    let team = subject("T1", Level::Team, &[("answered", 3600.0)], &[("answered", 4.0)]);
    assert!((score_group(&c, std::slice::from_ref(&team))[0].total - 90.0).abs() < 1e-9);
    // With a team target the team's total is scored against it: 3600 / 5000 → 72.
    let c = card(
        r#"{"name":"v","categories":[{"name":"c","weight":1,"metrics":[
            {"kpi":"answered","weight":1,"target":1000,"score":"ratio","team":{"target":5000}}]}],
            "grades":[[0,"D",1]]}"#,
    );
    let r = &score_group(&c, &[team])[0];
    assert!((r.total - 72.0).abs() < 1e-9, "{}", r.total);
    assert_eq!(r.metrics[0].target, Some(5000.0));
}

#[test]
fn a_metric_below_its_sample_makes_the_subject_insufficient() {
    let c = card(
        r#"{"name":"q","categories":[{"name":"c","weight":1,"metrics":[
            {"kpi":"qa_score","weight":1,"target":90,"floor":60,"score":"linear","min_sample":4}]}],
            "grades":[[0,"D",1]]}"#,
    );
    let few = subject("a", Level::Agent, &[("qa_score", 95.0), ("qa_evaluations", 3.0)], &[]);
    let enough = subject("b", Level::Agent, &[("qa_score", 75.0), ("qa_evaluations", 4.0)], &[]);
    let r = score_group(&c, &[few, enough]);
    assert_eq!((r[0].status, r[1].status), ("insufficient_data", "ranked"));
    assert_eq!(r[0].insufficient[0].kpi, "qa_evaluations");
    assert_eq!(r[1].rank, Some(1), "the insufficient subject is not ranked above it");
}

#[test]
fn a_card_whose_metrics_have_no_data_grades_nobody_and_says_so() {
    let data = common::sample_bytes(3, 4, callscore::sample::HeaderLang::En, callscore::sample::SampleEncoding::Utf8);
    let s = Settings { scorecard: Some(callscore::preset("chat").unwrap()), ..Settings::default() };
    let r = common::analyse(&s, "calls.csv", &data);
    let sc = r.scorecard.as_ref().unwrap();
    assert!(sc.notes.iter().any(|n| n.code() == "rule.card_no_data"), "{:?}", sc.notes);
    assert!(sc.agents.iter().all(|a| a.status == "insufficient_data" && a.grade.is_none() && a.coefficient.is_none()));
}

#[test]
fn a_queue_side_metric_scores_teams_and_the_centre_on_their_own_rows() {
    // Call 5 (abandoned) names neither agent nor team: agents and teams have no service level, the
    // centre has the totals' 4 of 5 within 20 s = 0.8.
    let card = card(
        r#"{"name":"sl","categories":[{"name":"c","weight":1,"metrics":[
            {"kpi":"service_level","weight":1,"target":0.8,"score":"ratio","min_sample":1}]}],
            "grades":[[0,"D",1]]}"#,
    );
    let s = Settings { scorecard: Some(card), ..Settings::default() };
    let r = report(&s, &[("calls.csv", CALLS)]);
    let sc = r.scorecard.as_ref().unwrap();
    let centre = sc.centre.as_ref().unwrap();
    assert_eq!(r.totals.service_level, Some(0.8));
    assert_eq!((centre.status, centre.metrics[0].value), ("ranked", Some(0.8)));
    assert!((centre.total - 100.0).abs() < 1e-9);
    // An agent has no service level: missing, and not also a sample shortfall of "offered".
    let a1 = sc.agents.iter().find(|a| a.agent == "A1").unwrap();
    assert_eq!(a1.status, "insufficient_data");
    assert_eq!(a1.missing, ["service_level"]);
    assert!(a1.insufficient.is_empty(), "{:?}", a1.insufficient);
    // With every unanswered call naming a team, a team has its own service level.
    let calls = CALLS.replace(",,,Support,30,,,ABANDONED", ",,T2,Support,30,,,ABANDONED");
    let r = report(&s, &[("calls.csv", &calls)]);
    let t2 = r.scorecard.as_ref().unwrap().teams.iter().find(|t| t.agent == "T2").unwrap().clone();
    // T2: calls 3, 4 (answered within 20) and 5 (abandoned after 30 s) → 2 / 3.
    assert_eq!(t2.metrics[0].value, Some(2.0 / 3.0));
}

#[test]
fn coaching_notes_are_settings_listed_for_the_report_s_agents_and_change_without_reading_again() {
    let note = |agent: &str, period: &str, text: &str| callscore::CoachingNote {
        agent: agent.into(),
        period: period.into(),
        note: text.into(),
        plan: "listen to two calls a week".into(),
        by: Some("组长王".into()),
        date: None,
    };
    let mut a = callscore::Analyzer::new(Settings::default()).unwrap();
    a.begin_file("calls.csv");
    a.push(CALLS.as_bytes()).unwrap();
    a.end_file().unwrap();
    assert!(a.report(&Settings::default()).coaching.is_empty());
    let s = Settings {
        coaching: vec![
            note("A2", "2024-03", "hold too long"),
            note("A1", "2024-03", "good"),
            note("Z9", "2024-03", "?"),
        ],
        ..Settings::default()
    };
    let r = a.report(&s);
    let got: Vec<(&str, &str)> = r.coaching.iter().map(|c| (c.agent.as_str(), c.note.as_str())).collect();
    assert_eq!(got, [("A1", "good"), ("A2", "hold too long")], "sorted by agent; Z9 is not in the report");

    let long = Settings { coaching: vec![note("A1", "2024-03", &"很".repeat(4001))], ..Settings::default() };
    let e = callscore::Analyzer::new(long).err().unwrap();
    assert_eq!((e.message().code(), e.path()), ("settings.coaching_too_long", Some("coaching[0].note")));
    let nameless = Settings { coaching: vec![note(" ", "2024-03", "x")], ..Settings::default() };
    assert_eq!(
        callscore::Analyzer::new(nameless).err().unwrap().message().code(),
        "settings.coaching_needs_agent_and_period"
    );
}
