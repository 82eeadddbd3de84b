//! People files end to end: detection, row accounting, QA scores, survey joins, and the
//! evaluator checks on the generated sample.

use callscore::sample::{write_people, write_sample, SampleOptions, BIASED_EVALUATOR};
use callscore::{Analyzer, Report, Settings};

fn run(files: &[(&str, Vec<u8>)], settings: Settings) -> Report {
    let mut a = Analyzer::new(settings).unwrap();
    for (name, bytes) in files {
        a.begin_file(name);
        for chunk in bytes.chunks(97) {
            a.push(chunk).unwrap();
        }
        a.end_file().unwrap();
    }
    a.finish()
}

const CALLS: &str = "call id,start time,agent,wait,talk,outcome\n\
    c1,2026-10-01 09:00:00,A1,5,100,ANSWERED\n\
    c2,2026-10-01 09:05:00,A2,5,100,ANSWERED\n\
    c3,2026-10-01 09:10:00,A2,5,100,ANSWERED\n";

#[test]
fn long_qa_layout_scores_with_na_excluded_and_critical_autofail_apart() {
    // e1: greet Y (1/1, w1), listen 4/5 (w2), info N/A → (1 + 8)/(1 + 10) × 100 = 81.818…
    // e2: greet Y, listen 5, info N (critical) → auto-fail, score 0.
    let qa = "evaluation id,call id,agent,evaluator,date,item,score,max,weight,critical\n\
        e1,c1,A1,Q1,2026-10-02,greeting,Y,1,1,N\n\
        e1,c1,A1,Q1,2026-10-02,listening,4,5,2,N\n\
        e1,c1,A1,Q1,2026-10-02,correct info,NA,1,3,Y\n\
        e2,c2,A2,Q1,2026-10-02,greeting,Y,1,1,N\n\
        e2,c2,A2,Q1,2026-10-02,listening,5,5,2,N\n\
        e2,c2,A2,Q1,2026-10-02,correct info,N,1,3,Y\n\
        e3,c3,A2,Q1,2026-10-02,listening,banana,5,2,N\n";
    let r = run(&[("calls.csv", CALLS.into()), ("qa.csv", qa.into())], Settings::default());
    let f = &r.inputs[1];
    assert_eq!(f.profile, Some("qa"));
    let reason = f.profile_reason.as_ref().map(|m| m.to_string()).unwrap_or_default();
    assert!(reason.contains("long layout"), "{reason}");
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (7, 6, 1));
    assert_eq!(f.rejects[0].column.as_deref(), Some("score"));
    let p = r.people.as_ref().unwrap();
    let a1 = p.by_agent.iter().find(|a| a.agent == "A1").unwrap();
    assert!((a1.kpis.qa_score.unwrap() - 900.0 / 11.0).abs() < 1e-9);
    let a2 = p.by_agent.iter().find(|a| a.agent == "A2").unwrap();
    assert_eq!(a2.kpis.qa_score, Some(0.0));
    assert_eq!(a2.kpis.qa_autofail_count, 1);
    let qa = p.qa.as_ref().unwrap();
    let info = qa.items.iter().find(|i| i.item == "correct info").unwrap();
    assert_eq!((info.evaluated, info.failed), (1, 1)); // N/A not counted as evaluated
    assert!(info.critical);
}

#[test]
fn surveys_join_to_agents_by_call_id_and_csat_nps_follow_the_catalogue() {
    let surveys = "call id,csat,nps,ces,complaint\nc1,5,10,2,N\nc2,4,9,3,N\nc3,2,3,6,Y\nc9,5,10,1,N\n";
    let r = run(&[("calls.csv", CALLS.into()), ("s.csv", surveys.into())], Settings::default());
    assert_eq!(r.inputs[1].profile, Some("survey"));
    let p = r.people.as_ref().unwrap();
    assert_eq!(p.surveys_unjoined, 1);
    let a2 = p.by_agent.iter().find(|a| a.agent == "A2").unwrap();
    assert_eq!(a2.kpis.csat, Some(0.5)); // 4 is top-two-box, 2 is not
    assert_eq!(a2.kpis.nps, Some(0.0)); // one promoter (9), one detractor (3)
    assert_eq!(a2.kpis.ces, Some(4.5));
    assert_eq!(a2.kpis.complaints, Some(1));
    assert_eq!(p.totals.csat, Some(2.0 / 3.0));
}

#[test]
fn roster_names_teams_and_attendance_gives_absenteeism_and_turnover() {
    let roster = "agent,name,team,team leader,employment,hire date,leave date\n\
        A1,Ann,North,Ann,full-time,2020-01-01,\nA2,Bob,North,Ann,part-time,2021-05-01,2026-10-01\n";
    let att = "agent,date,scheduled hours,absent hours,late minutes\n\
        A1,2026-10-01,8,0,0\nA1,2026-10-02,8,8,0\nA2,2026-10-01,4,0,10\n";
    let r = run(
        &[("calls.csv", CALLS.into()), ("roster.csv", roster.into()), ("att.csv", att.into())],
        Settings::default(),
    );
    assert_eq!(r.inputs[1].profile, Some("roster"));
    assert_eq!(r.inputs[2].profile, Some("attendance"));
    let a1 = r.by_agent.iter().find(|a| a.agent.as_deref() == Some("A1")).unwrap();
    assert_eq!((a1.name.as_deref(), a1.team.as_deref()), (Some("Ann"), Some("North")));
    let p = r.people.as_ref().unwrap();
    let pa1 = p.by_agent.iter().find(|a| a.agent == "A1").unwrap();
    assert_eq!(pa1.kpis.absenteeism, Some(0.5));
    assert_eq!(p.totals.absenteeism, Some(8.0 / 20.0));
    assert_eq!(p.totals.lateness, Some(1.0 / 3.0));
    // One leaver in the period (2026-10-01), headcount 2 at its start and 1 at its end.
    assert_eq!(p.totals.turnover, Some(1.0 / 1.5));
}

/// Independent Krippendorff's alpha (interval): every ordered pair of values, O(n²), straight
/// from the definition — not the engine's sum-of-squares shortcut.
fn alpha_by_pairs(units: &[Vec<f64>]) -> f64 {
    let units: Vec<&Vec<f64>> = units.iter().filter(|u| u.len() >= 2).collect();
    let all: Vec<f64> = units.iter().flat_map(|u| u.iter().copied()).collect();
    let n = all.len() as f64;
    let mut d_o = 0.0;
    for u in &units {
        let mut s = 0.0;
        for (i, a) in u.iter().enumerate() {
            for (j, b) in u.iter().enumerate() {
                if i != j {
                    s += (a - b) * (a - b);
                }
            }
        }
        d_o += s / (u.len() as f64 - 1.0);
    }
    d_o /= n;
    let mut d_e = 0.0;
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            if i != j {
                d_e += (a - b) * (a - b);
            }
        }
    }
    d_e /= n * (n - 1.0);
    1.0 - d_o / d_e
}

#[test]
fn on_the_sample_the_biased_evaluator_is_flagged_and_alpha_matches_an_independent_computation() {
    let dir = std::env::temp_dir().join(format!("callscore-people-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let opts = SampleOptions { days: 14, agents: 24, ..Default::default() };
    write_people(&opts, &dir).unwrap();
    let mut calls = Vec::new();
    write_sample(&opts, &mut calls).unwrap();
    let mut files = vec![("calls.csv", calls)];
    let names = ["roster.csv", "qa.csv", "surveys.csv", "attendance.csv", "ratings.csv"];
    for n in names {
        files.push((n, std::fs::read(dir.join(n)).unwrap()));
    }
    let settings = Settings { scorecard: Some(callscore::preset("seed002").unwrap()), ..Default::default() };
    let r = run(&files, settings);
    let profiles: Vec<_> = r.inputs.iter().map(|f| f.profile.unwrap_or("-")).collect();
    assert_eq!(profiles, ["generic", "roster", "qa", "survey", "attendance", "ratings"]);
    for f in &r.inputs {
        assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected, "{}", f.file);
        assert_eq!(f.rows_rejected, 0, "{}: {:?}", f.file, f.rejects.first());
    }
    let qa = r.people.as_ref().unwrap().qa.as_ref().unwrap();
    let flagged: Vec<&str> = qa.by_evaluator.iter().filter(|e| e.flagged).map(|e| e.evaluator.as_str()).collect();
    assert_eq!(flagged, [BIASED_EVALUATOR]);

    // Independent scores from the CSV itself: Y = 1 of 1, N = 0 of 1, numbers out of 5, NA out.
    let text = String::from_utf8(std::fs::read(dir.join("qa.csv")).unwrap()).unwrap();
    let mut by_call: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (mut got, mut max) = (0.0, 0.0);
        for v in &f[5..] {
            match *v {
                "NA" => {}
                "Y" => (got, max) = (got + 1.0, max + 1.0),
                "N" => max += 1.0,
                x => (got, max) = (got + x.parse::<f64>().unwrap(), max + 5.0),
            }
        }
        if f[1].starts_with("CAL") {
            by_call.entry(f[1].to_string()).or_default().push(got / max * 100.0);
        }
    }
    let units: Vec<Vec<f64>> = by_call.into_values().collect();
    let cal = qa.calibration.as_ref().unwrap();
    assert_eq!(cal.calls, units.len());
    let expected = alpha_by_pairs(&units);
    assert!((cal.alpha.unwrap() - expected).abs() < 1e-9, "{:?} vs {expected}", cal.alpha);

    // The card: every agent has a result, and every ranked agent's breakdown recomputes its total.
    let sc = r.scorecard.as_ref().unwrap();
    assert_eq!(sc.agents.len(), 24);
    for c in &sc.agents {
        let sum: f64 = c.metrics.iter().map(|m| m.contribution).sum::<f64>() + c.gate_adjustment;
        assert!((sum - c.total).abs() < 1e-9);
    }
    assert!(!sc.teams.is_empty() && sc.centre.is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_scorecard_setting_changes_the_report_without_reading_files_again() {
    let mut a = Analyzer::new(Settings::default()).unwrap();
    a.begin_file("calls.csv");
    a.push(CALLS.as_bytes()).unwrap();
    a.end_file().unwrap();
    let card = r#"{"name":"t","categories":[{"name":"c","weight":1,"metrics":[{"kpi":"answered","weight":1,"score":"rank"}]}]}"#;
    let s = Settings { scorecard: Some(callscore::ScorecardDef::from_json(card).unwrap()), ..Default::default() };
    let r = a.report(&s);
    let sc = r.scorecard.unwrap();
    let top = sc.agents.iter().find(|c| c.rank == Some(1)).unwrap();
    assert_eq!(top.agent, "A2");
    let lower = card.replace(r#""score":"rank""#, r#""score":"rank","better":"lower""#);
    let s = Settings { scorecard: Some(callscore::ScorecardDef::from_json(&lower).unwrap()), ..Default::default() };
    let top = a.report(&s).scorecard.unwrap().agents.into_iter().find(|c| c.rank == Some(1)).unwrap();
    assert_eq!(top.agent, "A1");
}
