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

fn verdict(c: &callscore::Change) -> String {
    serde_json::to_value(c.verdict).unwrap().as_str().unwrap().to_string()
}

#[test]
fn each_agents_months_and_a_month_over_month_comparison_match_the_reference() {
    let settings =
        Settings { period: Some("2021-03".into()), compare_with: Some("previous".into()), ..Settings::default() };
    let Some(r) = read(&settings, PWC) else { return };
    let g = golden();
    let by_agent = g["pwc"]["by_agent_month"].as_object().unwrap();
    let months: Vec<_> = r.by_agent_period.iter().filter(|p| p.grain == "month").collect();
    assert_eq!(months.len(), by_agent.values().map(|m| m.as_object().unwrap().len()).sum::<usize>());
    for row in &months {
        let agent = row.agent.as_deref().unwrap();
        same_figures(&row.row.kpis, &by_agent[agent][&row.row.period], &format!("{agent} {}", row.row.period));
    }

    let c = r.comparison.as_ref().expect("a comparison");
    assert_eq!((c.current.label.as_str(), c.previous.label.as_str()), ("2021-03", "2021-02"));
    assert_eq!((c.previous.first_day.as_str(), c.previous.last_day.as_str()), ("2021-02-01", "2021-02-28"));
    let month = &g["pwc"]["by_month"];
    let find = |changes: &[callscore::Change], kpi: &str| changes.iter().find(|c| c.kpi == kpi).cloned().unwrap();
    let asa = find(&c.totals, "asa");
    close(asa.current, &month["2021-03"]["asa"], "current ASA");
    close(asa.previous, &month["2021-02"]["asa"], "previous ASA");
    // ASA went up from February to March: worse, since a lower ASA is better.
    assert!(asa.change.unwrap() > 0.0);
    assert_eq!(verdict(&asa), "worse");
    let offered = find(&c.totals, "offered");
    assert_eq!((offered.current, offered.previous), (Some(1612.0), Some(1616.0)));
    assert_eq!(verdict(&offered), "neutral", "a volume has no better direction");
    for a in &c.by_agent {
        let name = a.name.as_deref().unwrap();
        let talk = find(&a.changes, "avg_talk");
        close(talk.current, &by_agent[name]["2021-03"]["avg_talk"], &format!("{name} March talk"));
        close(talk.previous, &by_agent[name]["2021-02"]["avg_talk"], &format!("{name} February talk"));
    }

    // The same month a year earlier is not in the data: unknown, and a note says so.
    let (name, bytes) = dataset(PWC).unwrap();
    let mut a = callscore::Analyzer::new(Settings::default()).unwrap();
    a.begin_file(&name);
    a.push(&bytes).unwrap();
    a.end_file().unwrap();
    let r = a.report(&Settings { compare_with: Some("last_year".into()), ..Settings::default() });
    let c = r.comparison.as_ref().unwrap();
    assert_eq!(
        (c.current.label.as_str(), c.previous.label.as_str()),
        ("2021-03", "2020-03"),
        "latest month by default"
    );
    assert!(c.totals.iter().all(|x| x.previous.is_none() && verdict(x) == "unknown"));
    assert!(r.notes.iter().any(|n| n.code() == "note.compare_period_empty"));
}

#[test]
fn agent_and_team_trends_and_agent_by_queue_add_up_to_their_whole_span_rows() {
    let Some(r) = read(&Settings { month_starts_on_day: 10, ..Settings::default() }, BANK_FEB) else { return };
    assert!(!r.by_agent_queue.is_empty() && !r.by_agent_period.is_empty());
    for agent in &r.by_agent {
        for grain in ["day", "week", "month"] {
            let rows: Vec<_> =
                r.by_agent_period.iter().filter(|p| p.agent == agent.agent && p.grain == grain).collect();
            let answered: u64 = rows.iter().map(|p| p.row.kpis.answered).sum();
            let talk: f64 = rows.iter().map(|p| p.row.kpis.total_talk).sum();
            assert_eq!(answered, agent.kpis.answered, "{:?} by {grain}", agent.agent);
            assert!((talk - agent.kpis.total_talk).abs() < 1e-6, "{:?} talk by {grain}", agent.agent);
        }
        let by_queue: u64 = r.by_agent_queue.iter().filter(|q| q.agent == agent.agent).map(|q| q.kpis.answered).sum();
        assert_eq!(by_queue, agent.kpis.answered, "{:?} over its queues", agent.agent);
    }
    // The bank's abandoned calls name no agent: agents' queue-side KPIs are null in trends too.
    assert!(r.limits.iter().any(|l| l.grouping == callscore::Grouping::Agent));
    assert!(r.by_agent_period.iter().all(|p| p.row.kpis.service_level.is_none() && p.row.kpis.offered.is_none()));
    // FCR per agent and month adds up to the agent's.
    let mut judged_anywhere = 0;
    for agent in &r.by_agent {
        let months: Vec<_> =
            r.by_agent_period.iter().filter(|p| p.agent == agent.agent && p.grain == "month").collect();
        let sum = |f: fn(&Kpis) -> u64| months.iter().map(|p| f(&p.row.kpis)).sum::<u64>();
        assert_eq!(sum(|k| k.fcr_resolved), agent.kpis.fcr_resolved, "{:?}", agent.agent);
        assert_eq!(sum(|k| k.fcr_repeat), agent.kpis.fcr_repeat, "{:?}", agent.agent);
        assert_eq!(sum(|k| k.fcr_unknown), agent.kpis.fcr_unknown, "{:?}", agent.agent);
        judged_anywhere += agent.kpis.fcr_resolved;
    }
    assert!(judged_anywhere > 0);
}

#[test]
fn a_period_that_names_nothing_is_refused() {
    for (s, field) in [
        (Settings { period: Some("2024-13".into()), ..Settings::default() }, "period"),
        (Settings { compare_with: Some("last month".into()), ..Settings::default() }, "compare_with"),
        (Settings { period: Some("2024-03-01..2024-02-01".into()), ..Settings::default() }, "period"),
    ] {
        let e = callscore::Analyzer::new(s).err().expect("refused");
        assert_eq!(e.message().code(), "settings.bad_period", "{field}");
    }
}

#[test]
fn a_card_is_scored_per_appraisal_month_on_that_months_figures() {
    let card = callscore::preset("small").expect("preset");
    let settings = Settings { scorecard: Some(card), ..Settings::default() };
    let Some(r) = read(&settings, PWC) else { return };
    let g = golden();
    let by_agent = g["pwc"]["by_agent_month"].as_object().unwrap();
    let months: Vec<&str> = r.scorecards_by_period.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(months, ["2021-01", "2021-02", "2021-03"]);
    for p in &r.scorecards_by_period {
        let card = serde_json::to_value(&p.scorecard).unwrap();
        let agents = card["agents"].as_array().unwrap();
        assert_eq!(agents.len(), by_agent.len(), "{}: every agent with calls that month", p.period);
        for a in agents {
            let name = a["agent"].as_str().unwrap();
            let fcr = a["metrics"].as_array().unwrap().iter().find(|m| m["kpi"] == "fcr").expect("fcr metric");
            // The file's own resolution flag over the month's answered calls: the denominator is
            // that agent's answered calls of that month in the reference.
            assert_eq!(
                fcr["denominator"].as_f64(),
                by_agent[name][&p.period]["answered"].as_f64(),
                "{name} {}",
                p.period
            );
            let row = r
                .by_agent_period
                .iter()
                .find(|x| x.agent.as_deref() == Some(name) && x.grain == "month" && x.row.period == p.period)
                .unwrap();
            assert_eq!(fcr["value"].as_f64(), row.row.kpis.fcr, "{name} {}", p.period);
        }
    }
    // One month of data: no monthly cards beside the whole-span one.
    let one = Settings { from: Some("2021-02-01".into()), to: Some("2021-02-28".into()), ..settings };
    let r = read(&one, PWC).unwrap();
    assert!(r.scorecard.is_some() && r.scorecards_by_period.is_empty());
}

#[test]
fn goals_are_measured_per_appraisal_month_against_their_baseline() {
    let mut card = callscore::preset("small").expect("preset");
    card.goals = vec![callscore::Goal {
        kpi: "asa".into(),
        label: Some("ASA −10 %".into()),
        baseline_from: "2021-01-01".into(),
        baseline_to: "2021-01-10".into(),
        target: None,
        change: Some(-0.1),
        deadline: "2021-03-31".into(),
    }];
    let settings = Settings { scorecard: Some(card), ..Settings::default() };
    let Some(r) = read(&settings, PWC) else { return };
    // ASA over days, from the day rows: answered-weighted.
    let asa = |from: &str, to: &str| {
        let days = r.by_day.iter().filter(|d| d.day.as_str() >= from && d.day.as_str() <= to);
        let (w, n) = days.fold((0.0, 0.0), |(w, n), d| {
            (w + d.kpis.asa.unwrap_or(0.0) * d.kpis.answered as f64, n + d.kpis.answered as f64)
        });
        w / n
    };
    let baseline = asa("2021-01-01", "2021-01-10");
    let months = [
        ("2021-01", "2021-01-11", "2021-01-31"),
        ("2021-02", "2021-02-01", "2021-02-28"),
        ("2021-03", "2021-03-01", "2021-03-31"),
    ];
    assert_eq!(r.scorecards_by_period.len(), 3);
    for (p, (label, from, to)) in r.scorecards_by_period.iter().zip(months) {
        assert_eq!(p.period, label);
        let g = &p.scorecard.goals[0];
        let near = |a: Option<f64>, b: f64, what: &str| {
            let a = a.unwrap_or_else(|| panic!("{label} {what}: none"));
            assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{label} {what}: {a} vs {b}");
        };
        near(g.baseline, baseline, "baseline");
        near(g.target, baseline * 0.9, "target");
        near(g.current, asa(from, to), "current (the month's days after the baseline)");
        assert_eq!((g.current_from.as_deref(), g.current_to.as_deref()), (Some(from), Some(to)), "{label}");
        assert_ne!(g.status, "no_data");
    }
    // The whole-span card measures from the baseline's end to the last day.
    let whole = &r.scorecard.as_ref().unwrap().goals[0];
    assert!((whole.current.unwrap() - asa("2021-01-11", "2021-03-31")).abs() < 1e-9);
}

#[test]
fn a_goal_whose_baseline_ends_after_the_data_has_no_current_span() {
    let goal = |from: &str, to: &str| callscore::Goal {
        kpi: "asa".into(),
        label: None,
        baseline_from: from.into(),
        baseline_to: to.into(),
        target: Some(20.0),
        change: None,
        deadline: "2026-12-31".into(),
    };
    let mut card = callscore::preset("small").expect("preset");
    // One baseline in February (January has no day after it), one long after the data.
    card.goals = vec![goal("2021-02-01", "2021-02-10"), goal("2026-10-01", "2026-10-10")];
    let settings = Settings { scorecard: Some(card), ..Settings::default() };
    let Some(r) = read(&settings, PWC) else { return };
    let span = |g: &callscore::GoalProgress| (g.current_from.clone(), g.current_to.clone());
    let months: Vec<_> = r.scorecards_by_period.iter().map(|p| span(&p.scorecard.goals[0])).collect();
    let some = |a: &str, b: &str| (Some(a.to_string()), Some(b.to_string()));
    assert_eq!(months, vec![(None, None), some("2021-02-11", "2021-02-28"), some("2021-03-01", "2021-03-31")]);
    assert!(r.scorecards_by_period[0].scorecard.goals[0].current.is_none());
    let late = &r.scorecard.as_ref().unwrap().goals[1];
    assert_eq!((span(late), late.current, late.status), ((None, None), None, "no_data"));
}
