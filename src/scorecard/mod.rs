//! Scorecards: a JSON definition (categories of weighted metrics, scoring rules, gates, grades
//! with pay coefficients, minimum sample) applied to agents, teams and the centre, with the
//! fairness checks that make the result defensible in a review meeting.

pub mod definition;
pub mod fairness;
pub mod scoring;

use std::collections::BTreeMap;

use serde::Serialize;

pub use definition::{Better, Category, Gate, GateEffect, Goal, Grade, Level, Method, Metric, ScorecardDef};
pub use scoring::{score_group, CardResult, MetricValue, Subject};

use crate::error::{Error, ErrorKind, Result};
use crate::people::{self, PeopleReport};
use crate::report::Report;

/// Presets shipped with the product: (id, JSON).
pub const PRESETS: [(&str, &str); 5] = [
    ("seed002", include_str!("presets/seed002.json")),
    ("deneng", include_str!("presets/deneng.json")),
    ("small", include_str!("presets/small.json")),
    ("chat", include_str!("presets/chat.json")),
    ("soft_qa", include_str!("presets/soft_qa.json")),
];

/// QA form presets: (id, JSON).
pub const QA_FORMS: [(&str, &str); 2] =
    [("seed001_checklist", include_str!("presets/qa_seed001.json")), ("seed003_soft", include_str!("presets/qa_seed003.json"))];

/// A preset card by id.
pub fn preset(id: &str) -> Result<ScorecardDef> {
    let (_, text) = PRESETS.iter().find(|(n, _)| *n == id).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidSettings,
            format!("unknown scorecard preset '{id}' (known: {})", PRESETS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")),
        )
    })?;
    ScorecardDef::from_json(text)
}

/// A preset QA form by id.
pub fn qa_form_preset(id: &str) -> Result<people::qa::QaForm> {
    let (_, text) = QA_FORMS.iter().find(|(n, _)| *n == id).ok_or_else(|| {
        Error::new(ErrorKind::InvalidSettings, format!("unknown QA form preset '{id}' (known: seed001_checklist, seed003_soft)"))
    })?;
    serde_json::from_str(text).map_err(|e| Error::new(ErrorKind::InvalidSettings, format!("qa form preset {id}: {e}")))
}

/// Count KPIs that add up across agents (everything else must be a ratio to be aggregated).
const ADDITIVE: [&str; 14] = [
    "offered",
    "answered",
    "abandoned",
    "transferred",
    "short_calls",
    "missed",
    "complaints",
    "qa_evaluations",
    "qa_autofail_count",
    "csat_responses",
    "net_handled",
    "net_handled_vs_target",
    "worked_hours",
    "logged_in",
];

/// The scorecard section of the report.
#[derive(Clone, Debug, Serialize)]
pub struct ScorecardReport {
    pub name: String,
    pub level: Level,
    pub agents: Vec<CardResult>,
    pub teams: Vec<CardResult>,
    pub centre: Option<CardResult>,
    /// Ranked agents per grade label, in grade-table order.
    pub grade_distribution: Vec<(String, usize)>,
    pub goals: Vec<GoalProgress>,
    pub definition: ScorecardDef,
}

#[derive(Clone, Debug, Serialize)]
pub struct GoalProgress {
    pub kpi: String,
    pub label: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    /// (current − baseline) / (target − baseline): 1 = reached.
    pub progress: Option<f64>,
    /// Share of the time from the end of the baseline to the deadline that has passed.
    pub elapsed: Option<f64>,
    /// `achieved`, `on_track`, `behind` or `no_data`.
    pub status: &'static str,
    pub deadline: String,
    /// Days after the baseline the current value is measured over.
    pub current_from: Option<String>,
    pub current_to: Option<String>,
}

/// Every KPI of one report row (a JSON object) with its ratio parts.
fn values_of(row: &serde_json::Value, out: &mut BTreeMap<String, MetricValue>) {
    let Some(obj) = row.as_object() else { return };
    let ratios = obj.get("ratios").and_then(|r| r.as_object());
    for (k, v) in obj {
        let Some(x) = v.as_f64() else { continue };
        let parts = ratios.and_then(|r| r.get(k)).and_then(|r| Some((r.get("numerator")?.as_f64()?, r.get("denominator")?.as_f64()?)));
        out.insert(k.clone(), MetricValue { value: x, numerator: parts.map(|p| p.0), denominator: parts.map(|p| p.1) });
    }
}

fn derive(values: &mut BTreeMap<String, MetricValue>) {
    if let Some(a) = values.get("answered").map(|v| v.value) {
        let c = values.get("complaints").map_or(0.0, |v| v.value);
        // 话务量指标 (seed 002): calls handled minus complaint calls, scored against the unit target.
        values.insert("net_handled".into(), MetricValue::plain(a - c));
        values.insert("net_handled_vs_target".into(), MetricValue::plain(a - c));
    }
    if !values.contains_key("worked_hours") {
        if let Some(l) = values.get("logged_in").map(|v| v.value) {
            values.insert("worked_hours".into(), MetricValue::plain(l / 3600.0));
        }
    }
    if let (Some(a), Some(h)) = (values.get("answered").map(|v| v.value), values.get("worked_hours").map(|v| v.value)) {
        if let Some(v) = MetricValue::ratio(a, h) {
            values.insert("answered_per_hour".into(), v);
        }
    }
}

/// Sums of agents' values into a team or centre: counts add, rates are Σnumerator / Σdenominator.
fn aggregate(members: &[&Subject]) -> BTreeMap<String, MetricValue> {
    let mut keys: Vec<&String> = members.iter().flat_map(|s| s.values.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = BTreeMap::new();
    for k in keys {
        if ADDITIVE.contains(&k.as_str()) {
            let s: f64 = members.iter().filter_map(|m| m.values.get(k)).map(|v| v.value).sum();
            out.insert(k.clone(), MetricValue::plain(s));
            continue;
        }
        let (mut n, mut d, mut ok) = (0.0, 0.0, true);
        for m in members {
            if let Some(v) = m.values.get(k) {
                match (v.numerator, v.denominator) {
                    (Some(a), Some(b)) => {
                        n += a;
                        d += b;
                    }
                    _ => ok = false,
                }
            }
        }
        if ok {
            if let Some(v) = MetricValue::ratio(n, d) {
                out.insert(k.clone(), v);
            }
        }
    }
    out
}

/// Builds agent, team and centre subjects from the report's call KPIs and people KPIs.
pub fn subjects(report: &Report, people: Option<&PeopleReport>) -> (Vec<Subject>, Vec<Subject>, Subject) {
    let mut agents: BTreeMap<String, Subject> = BTreeMap::new();
    for row in &report.by_agent {
        let Some(id) = row.agent.clone() else { continue };
        let mut s = Subject { id: id.clone(), name: row.name.clone(), team: row.team.clone(), values: BTreeMap::new() };
        if let Ok(v) = serde_json::to_value(row) {
            values_of(&v, &mut s.values);
        }
        if let Some(l) = row.logged_in {
            s.values.insert("logged_in".into(), MetricValue::plain(l));
        }
        agents.insert(id, s);
    }
    if let Some(p) = people {
        for row in &p.by_agent {
            let s = agents.entry(row.agent.clone()).or_insert_with(|| Subject { id: row.agent.clone(), ..Default::default() });
            if row.name.is_some() {
                s.name = row.name.clone();
            }
            if row.team.is_some() {
                s.team = row.team.clone();
            }
            for (k, v, bare) in people::kpi_values(&row.kpis) {
                if bare {
                    s.values.entry(k).or_insert(v);
                } else {
                    s.values.insert(k, v);
                }
            }
        }
    }
    for s in agents.values_mut() {
        derive(&mut s.values);
    }
    let agents: Vec<Subject> = agents.into_values().collect();
    let mut teams: BTreeMap<String, Vec<&Subject>> = BTreeMap::new();
    for a in &agents {
        if let Some(t) = &a.team {
            teams.entry(t.clone()).or_default().push(a);
        }
    }
    let team_subjects: Vec<Subject> = teams
        .iter()
        .map(|(t, members)| {
            let mut values = aggregate(members);
            if let Some(turnover) = people.and_then(|p| p.by_team.iter().find(|r| &r.team == t)).and_then(|r| r.kpis.turnover) {
                values.insert("turnover".into(), MetricValue::plain(turnover));
            }
            Subject { id: t.clone(), name: None, team: Some(t.clone()), values }
        })
        .collect();
    let all: Vec<&Subject> = agents.iter().collect();
    let mut centre = Subject { id: "centre".into(), values: aggregate(&all), ..Default::default() };
    if let Some(t) = people.and_then(|p| p.totals.turnover) {
        centre.values.insert("turnover".into(), MetricValue::plain(t));
    }
    (agents, team_subjects, centre)
}

/// Scores the card on every level and measures the goals.
pub fn build(def: &ScorecardDef, report: &Report, people: Option<&PeopleReport>) -> ScorecardReport {
    let (agents, teams, centre) = subjects(report, people);
    let agent_cards = score_group(def, &agents);
    let mut team_cards = score_group(def, &teams);
    // A team's agent mean is shown beside its aggregate card (the spec's "unless chosen").
    for t in &mut team_cards {
        let totals: Vec<f64> = agent_cards.iter().filter(|a| a.team.as_deref() == Some(&t.agent) && a.status == "ranked").map(|a| a.total).collect();
        if !totals.is_empty() {
            t.name = Some(format!("agent mean {:.1}", totals.iter().sum::<f64>() / totals.len() as f64));
        }
    }
    let centre_card = score_group(def, std::slice::from_ref(&centre)).pop();
    let grade_distribution = def
        .grades
        .iter()
        .map(|g| (g.1.clone(), agent_cards.iter().filter(|a| a.grade.as_deref() == Some(&g.1)).count()))
        .collect();
    ScorecardReport {
        name: def.name.clone(),
        level: def.level,
        agents: agent_cards,
        teams: team_cards,
        centre: centre_card,
        grade_distribution,
        goals: def.goals.iter().map(|g| goal_progress(g, report)).collect(),
        definition: def.clone(),
    }
}

/// A KPI over a range of days of the report: Σ numerator / Σ denominator for rates, the daily
/// mean for counts.
fn over_days(report: &Report, kpi: &str, from: &str, to: &str) -> Option<f64> {
    let (mut n, mut d, mut sum, mut days) = (0.0, 0.0, 0.0, 0.0);
    let mut rate = false;
    for day in report.by_day.iter().filter(|r| r.day.as_str() >= from && r.day.as_str() <= to) {
        if let Some(r) = day.kpis.ratios.get(kpi) {
            rate = true;
            n += r.numerator;
            d += r.denominator;
        } else if let Ok(v) = serde_json::to_value(&day.kpis) {
            if let Some(x) = v.get(kpi).and_then(|x| x.as_f64()) {
                sum += x;
                days += 1.0;
            }
        }
    }
    if rate {
        (d > 0.0).then(|| n / d)
    } else {
        (days > 0.0).then(|| sum / days)
    }
}

fn goal_progress(g: &Goal, report: &Report) -> GoalProgress {
    let baseline = over_days(report, &g.kpi, &g.baseline_from, &g.baseline_to);
    let target = g.target.or_else(|| Some(baseline? * (1.0 + g.change?)));
    let after = chrono::NaiveDate::parse_from_str(&g.baseline_to, "%Y-%m-%d").ok().and_then(|d| d.succ_opt()).map(|d| d.format("%Y-%m-%d").to_string());
    let last = report.by_day.last().map(|d| d.day.clone());
    let current_to = last.clone().map(|l| if l.as_str() > g.deadline.as_str() { g.deadline.clone() } else { l });
    let current = match (&after, &current_to) {
        (Some(a), Some(t)) if a <= t => over_days(report, &g.kpi, a, t),
        _ => None,
    };
    let progress = match (baseline, target, current) {
        (Some(b), Some(t), Some(c)) if (t - b).abs() > 1e-12 => Some((c - b) / (t - b)),
        _ => None,
    };
    let days = |a: &str, b: &str| -> Option<f64> {
        let a = chrono::NaiveDate::parse_from_str(a, "%Y-%m-%d").ok()?;
        let b = chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()?;
        Some((b - a).num_days() as f64)
    };
    let elapsed = match (&after, &current_to) {
        (Some(a), Some(t)) => days(a, t).zip(days(a, &g.deadline)).and_then(|(x, y)| (y > 0.0).then(|| ((x + 1.0) / (y + 1.0)).clamp(0.0, 1.0))),
        _ => None,
    };
    let status = match (progress, elapsed) {
        (Some(p), _) if p >= 1.0 => "achieved",
        (Some(p), Some(e)) if p >= e => "on_track",
        (Some(_), _) => "behind",
        _ => "no_data",
    };
    GoalProgress {
        kpi: g.kpi.clone(),
        label: g.label.clone(),
        baseline,
        target,
        current,
        progress,
        elapsed,
        status,
        deadline: g.deadline.clone(),
        current_from: after,
        current_to,
    }
}
