//! People files matching the call sample: roster, QA evaluations, surveys, attendance, ratings.
//!
//! They describe the agents of the call sample made with the same options (the roster is rebuilt
//! from the same seed), so scorecards can join them to the calls. Drawn from a PRNG of their own,
//! so writing them or not leaves the call sample unchanged.

use std::io::{self, Write};

use chrono::{Datelike, Days, NaiveDate};

use super::rng::Rng;
use super::roster::{build_roster, Agent, Contract};
use super::{PeopleSummary, SampleOptions, BIASED_EVALUATOR, CALIBRATION_CALLS, SAMPLE_EVALUATORS};

/// QA form header: wide layout, one column per item; the critical item is marked with `*`.
const QA_HEADER: &str = concat!(
    "evaluation_id,call_id,agent,evaluator,date,greeting_15s,offer_help_30s,active_listening,",
    "asking_questions,correct_information*,solution_offered,objections_handled,positive_close"
);

/// Writes the five files into `dir`: the body of [`super::write_people`].
pub(super) fn write_files(opts: &SampleOptions, dir: &std::path::Path) -> io::Result<PeopleSummary> {
    let mut rng = Rng::new(opts.seed);
    let roster = build_roster(&mut rng, opts.agents, opts.weekday_calls(), opts.lang);
    let mut rng = Rng::new(opts.seed ^ 0x5EED_0F9E_0F1E);
    let mut sum = PeopleSummary::default();
    let day = |d: u32| opts.start.checked_add_days(Days::new(u64::from(d))).unwrap_or(opts.start);
    let last = day(opts.days.saturating_sub(1));
    let split = |a: &Agent| -> (String, String, String) {
        let mut it = a.csv_fields.splitn(3, ',');
        (it.next().unwrap_or("").into(), it.next().unwrap_or("").into(), it.next().unwrap_or("").into())
    };
    let quality: Vec<f64> = roster
        .iter()
        .map(|a| (0.86 + 0.05 * rng.normal() - if a.short_call_rate > 0.0 { 0.12 } else { 0.0 }).clamp(0.5, 0.98))
        .collect();

    // Roster: team leaders are the first agent of each team; two leavers in the period.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("roster.csv"))?);
    writeln!(w, "agent,name,team,team_leader,employment,hire_date,leave_date")?;
    let mut leaders: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for (i, a) in roster.iter().enumerate() {
        let (id, name, team) = split(a);
        let leader = leaders.entry(team.clone()).or_insert_with(|| name.clone()).clone();
        let hire = opts.start - Days::new(30 + rng.below(1500));
        let leave =
            if i == 5 || i == 17 { day(opts.days * 2 / 3).format("%Y-%m-%d").to_string() } else { String::new() };
        let emp = if a.contract == Contract::PartTime { "part-time" } else { "full-time" };
        writeln!(w, "{id},{name},{team},{leader},{emp},{},{leave}", hire.format("%Y-%m-%d"))?;
        sum.roster += 1;
    }
    w.flush()?;

    // QA, wide layout.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("qa.csv"))?);
    writeln!(w, "{QA_HEADER}")?;
    let mut eval_no = 0;
    let mut write_eval = |w: &mut io::BufWriter<std::fs::File>,
                          rng: &mut Rng,
                          call: &str,
                          agent: usize,
                          ev: &str,
                          date: NaiveDate|
     -> io::Result<()> {
        eval_no += 1;
        let harsh = ev == BIASED_EVALUATOR;
        let q = quality[agent];
        let yn = |rng: &mut Rng| {
            if rng.chance(if harsh { q - 0.12 } else { q }) {
                "Y"
            } else {
                "N"
            }
        };
        let scale = |rng: &mut Rng| {
            let v = (5.0 * q + 0.6 * rng.normal() - if harsh { 0.7 } else { 0.0 }).round();
            v.clamp(1.0, 5.0) as i64
        };
        let (id, _, _) = split(&roster[agent]);
        let (g, o) = (yn(rng), if rng.chance(0.1) { "NA" } else { yn(rng) });
        let (l, a) = (scale(rng), scale(rng));
        let c = if rng.chance(0.03) { 1 } else { scale(rng).max(3) };
        let (s, ob) = (scale(rng), if rng.chance(0.3) { "NA".to_string() } else { scale(rng).to_string() });
        let p = yn(rng);
        writeln!(w, "E{eval_no:05},{call},{id},{ev},{},{g},{o},{l},{a},{c},{s},{ob},{p}", date.format("%Y-%m-%d"))?;
        Ok(())
    };
    for (i, _) in roster.iter().enumerate() {
        let n = 5 + rng.below(3) as usize;
        for k in 0..n {
            let ev = SAMPLE_EVALUATORS[(i + k + rng.below(2) as usize) % SAMPLE_EVALUATORS.len()];
            let d = day(rng.below(u64::from(opts.days)) as u32);
            let call = format!("Q{}{:06}", d.format("%Y%m%d"), sum.evaluations + 1);
            write_eval(&mut w, &mut rng, &call, i, ev, d)?;
            sum.evaluations += 1;
        }
    }
    for k in 0..CALIBRATION_CALLS.min(roster.len()) {
        let agent = (k * 7) % roster.len();
        let d = day((k as u32 * 3) % opts.days.max(1));
        let call = format!("CAL{k:03}");
        for ev in SAMPLE_EVALUATORS {
            write_eval(&mut w, &mut rng, &call, agent, ev, d)?;
            sum.evaluations += 1;
        }
    }
    w.flush()?;

    // Surveys, joined to agents directly.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("surveys.csv"))?);
    writeln!(w, "date,agent,csat,nps,ces,complaint")?;
    for (i, a) in roster.iter().enumerate() {
        let (id, _, _) = split(a);
        for _ in 0..(20 + rng.below(20)) {
            let q = quality[i];
            let csat = (1.0 + 4.0 * q + 0.8 * rng.normal()).round().clamp(1.0, 5.0);
            let nps = (10.0 * q + 1.5 * rng.normal()).round().clamp(0.0, 10.0);
            let ces = (7.0 - 5.0 * q + rng.normal()).round().clamp(1.0, 7.0);
            let complaint = if csat <= 2.0 && rng.chance(0.3) { "Y" } else { "N" };
            let d = day(rng.below(u64::from(opts.days)) as u32);
            writeln!(w, "{},{id},{csat},{nps},{ces},{complaint}", d.format("%Y-%m-%d"))?;
            sum.surveys += 1;
        }
    }
    w.flush()?;

    // Attendance: every rostered day; one agent is often absent.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("attendance.csv"))?);
    writeln!(w, "agent,date,scheduled_hours,absent_hours,late_minutes")?;
    for (i, a) in roster.iter().enumerate() {
        let (id, _, _) = split(a);
        let p_absent = if i == 3 { 0.12 } else { 0.015 + 0.02 * rng.unit() };
        let hours = if a.contract == Contract::PartTime { 4.0 } else { 8.0 };
        for dn in 0..opts.days {
            let d = day(dn);
            if d > last || a.off_days[d.weekday().num_days_from_monday() as usize] {
                continue;
            }
            let absent = if rng.chance(p_absent) { hours } else { 0.0 };
            let late = if absent == 0.0 && rng.chance(0.04) { 5 + rng.below(25) } else { 0 };
            writeln!(w, "{id},{},{hours},{absent},{late}", d.format("%Y-%m-%d"))?;
            sum.attendance += 1;
        }
    }
    w.flush()?;

    // Supervisor ratings (德能勤) by the team leader.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("ratings.csv"))?);
    writeln!(w, "agent,rater,德,能,勤")?;
    for (i, a) in roster.iter().enumerate() {
        let (id, _, team) = split(a);
        let rater = leaders.get(&team).cloned().unwrap_or_default();
        let r = |rng: &mut Rng, base: f64| (base + 6.0 * rng.normal()).round().clamp(50.0, 100.0);
        let q = quality[i] * 100.0;
        writeln!(w, "{id},{rater},{},{},{}", r(&mut rng, q), r(&mut rng, q - 2.0), r(&mut rng, 85.0))?;
        sum.ratings += 1;
    }
    w.flush()?;
    Ok(sum)
}
