//! Scorecards: a JSON definition (categories of weighted metrics, scoring rules, gates, grades
//! with pay coefficients, minimum sample) applied to agents, teams and the centre, with the
//! fairness checks that make the result defensible in a review meeting.

mod definition;
mod scoring;

use std::collections::BTreeMap;

use serde::Serialize;

pub use definition::{
    Better, Category, Gate, GateEffect, Goal, Grade, Level, LevelTarget, Method, Metric, RampStep, ScorecardDef,
    WhenMissing,
};
pub use scoring::{
    grade_of, points, rule_text, score_group, CardResult, CategoryScore, GateHit, MetricScore, MetricValue,
    SampleShortfall, Sensitivity, Subject, TargetSource,
};

use crate::error::{Error, Message, Result};

/// Presets shipped with the product: (id, JSON).
pub const PRESETS: [(&str, &str); 5] = [
    ("seed002", include_str!("presets/seed002.json")),
    ("deneng", include_str!("presets/deneng.json")),
    ("small", include_str!("presets/small.json")),
    ("chat", include_str!("presets/chat.json")),
    ("soft_qa", include_str!("presets/soft_qa.json")),
];

/// A preset card by id.
pub fn preset(id: &str) -> Result<ScorecardDef> {
    let (_, text) = PRESETS.iter().find(|(n, _)| *n == id).ok_or_else(|| {
        let known = PRESETS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ");
        Error::setting("scorecard", Message::UnknownPreset { id: id.to_string(), known })
    })?;
    ScorecardDef::from_json(text)
}

/// The scorecard section of the report.
#[derive(Clone, Debug, Serialize)]
pub struct ScorecardReport {
    /// The card's name.
    pub name: String,
    /// The level the card appraises.
    pub level: Level,
    /// One card per agent.
    pub agents: Vec<CardResult>,
    /// One card per team (scored on its aggregate KPIs).
    pub teams: Vec<CardResult>,
    /// The centre.
    pub centre: Option<CardResult>,
    /// Ranked agents per grade label, in grade-table order.
    pub grade_distribution: Vec<(String, usize)>,
    /// Progress of each goal.
    pub goals: Vec<GoalProgress>,
    /// What the user should know about the card as a whole (e.g. none of its metrics has data in
    /// the loaded files).
    pub notes: Vec<Message>,
    /// The card itself, as applied.
    pub definition: ScorecardDef,
}

/// A goal's progress from its baseline toward its target.
#[derive(Clone, Debug, Serialize)]
pub struct GoalProgress {
    /// The KPI.
    pub kpi: String,
    /// The goal's name.
    pub label: Option<String>,
    /// The KPI over the baseline period.
    pub baseline: Option<f64>,
    /// The target value.
    pub target: Option<f64>,
    /// The KPI since the baseline.
    pub current: Option<f64>,
    /// (current − baseline) / (target − baseline): 1 = reached.
    pub progress: Option<f64>,
    /// Share of the time from the end of the baseline to the deadline that has passed.
    pub elapsed: Option<f64>,
    /// `achieved`, `on_track`, `behind` or `no_data`.
    pub status: &'static str,
    /// When the target is due, YYYY-MM-DD.
    pub deadline: String,
    /// Days after the baseline the current value is measured over.
    pub current_from: Option<String>,
    /// The last day the current value covers.
    pub current_to: Option<String>,
}

/// What a card is scored on: every subject of every level, and the daily values goals are
/// measured over. The report builds it from its typed rows (see `report::subjects`).
#[derive(Clone, Debug, Default)]
pub(crate) struct ScoringInput {
    /// One subject per agent.
    pub agents: Vec<Subject>,
    /// One subject per team, aggregated from its agents.
    pub teams: Vec<Subject>,
    /// The whole centre.
    pub centre: Subject,
    /// Per day (`YYYY-MM-DD`, in order): the values of the whole centre that day.
    pub days: Vec<(String, BTreeMap<String, MetricValue>)>,
}

/// Scores the card on every level and measures the goals.
pub(crate) fn build(def: &ScorecardDef, input: &ScoringInput) -> ScorecardReport {
    let agent_cards = score_group(def, &input.agents);
    let mut team_cards = score_group(def, &input.teams);
    // A team's agent mean is shown beside its aggregate card (the spec's "unless chosen").
    for t in &mut team_cards {
        let totals: Vec<f64> = agent_cards
            .iter()
            .filter(|a| a.team.as_deref() == Some(&t.agent) && a.status == "ranked")
            .map(|a| a.total)
            .collect();
        if !totals.is_empty() {
            t.agent_mean = Some(totals.iter().sum::<f64>() / totals.len() as f64);
        }
    }
    let centre_card = score_group(def, std::slice::from_ref(&input.centre)).pop();
    let grade_distribution = def
        .grades
        .iter()
        .map(|g| (g.1.clone(), agent_cards.iter().filter(|a| a.grade.as_deref() == Some(&g.1)).count()))
        .collect();
    let mut notes = Vec::new();
    if !input.agents.iter().any(|s| def.metrics().any(|(_, m)| s.values.contains_key(&m.kpi))) {
        let kpis = def.metrics().map(|(_, m)| m.kpi.as_str()).collect::<Vec<_>>().join(", ");
        notes.push(Message::CardNoData { card: def.name.clone(), kpis });
    }
    ScorecardReport {
        notes,
        name: def.name.clone(),
        level: def.level,
        agents: agent_cards,
        teams: team_cards,
        centre: centre_card,
        grade_distribution,
        goals: def.goals.iter().map(|g| goal_progress(g, &input.days)).collect(),
        definition: def.clone(),
    }
}

/// Per-day values of the centre, as [`ScoringInput::days`] holds them.
type Days = [(String, BTreeMap<String, MetricValue>)];

/// A KPI over a range of days: Σ numerator / Σ denominator for rates, the daily mean for counts.
fn over_days(days_in: &Days, kpi: &str, from: &str, to: &str) -> Option<f64> {
    let (mut n, mut d, mut sum, mut days) = (0.0, 0.0, 0.0, 0.0);
    let mut rate = false;
    for (_, values) in days_in.iter().filter(|(day, _)| day.as_str() >= from && day.as_str() <= to) {
        match values.get(kpi) {
            Some(MetricValue { numerator: Some(a), denominator: Some(b), .. }) => {
                rate = true;
                n += a;
                d += b;
            }
            Some(v) => {
                sum += v.value;
                days += 1.0;
            }
            None => {}
        }
    }
    if rate {
        (d > 0.0).then(|| n / d)
    } else {
        (days > 0.0).then(|| sum / days)
    }
}

/// The goals of a card measured in one period (`from ..= to`, `YYYY-MM-DD`, an appraisal month):
/// the baseline over its own days (whichever period they fall in), the current value over the
/// days of the period after the baseline, and the time elapsed at the period's end.
pub(crate) fn goals_within(def: &ScorecardDef, days: &Days, from: &str, to: &str) -> Vec<GoalProgress> {
    def.goals.iter().map(|g| progress_within(g, days, Some((from, to)))).collect()
}

fn goal_progress(g: &Goal, days: &Days) -> GoalProgress {
    progress_within(g, days, None)
}

fn progress_within(g: &Goal, days: &Days, period: Option<(&str, &str)>) -> GoalProgress {
    let baseline = over_days(days, &g.kpi, &g.baseline_from, &g.baseline_to);
    let target = g.target.or_else(|| Some(baseline? * (1.0 + g.change?)));
    let after = chrono::NaiveDate::parse_from_str(&g.baseline_to, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map(crate::model::time::ymd);
    let last = match period {
        // The period's last day with data.
        Some((from, to)) => days.iter().rev().map(|(d, _)| d).find(|d| d.as_str() >= from && d.as_str() <= to).cloned(),
        None => days.last().map(|(d, _)| d.clone()),
    };
    // In a period, the current value covers only its days (and never the baseline's); the time
    // elapsed still runs from the end of the baseline.
    let baseline_end = after.clone();
    let mut after = match (period, after) {
        (Some((from, _)), Some(a)) => Some(if a.as_str() < from { from.to_string() } else { a }),
        (_, a) => a,
    };
    let mut current_to = last.clone().map(|l| if l.as_str() > g.deadline.as_str() { g.deadline.clone() } else { l });
    // No day with data after the baseline (the data, or the period, ends before it): no current
    // span at all, rather than one that ends before it begins.
    if matches!((&after, &current_to), (Some(a), Some(t)) if a > t) {
        (after, current_to) = (None, None);
    }
    let current = match (&after, &current_to) {
        (Some(a), Some(t)) => over_days(days, &g.kpi, a, t),
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
    let elapsed = match (&baseline_end, &current_to) {
        (Some(a), Some(t)) => days(a, t)
            .zip(days(a, &g.deadline))
            .and_then(|(x, y)| (y > 0.0).then(|| ((x + 1.0) / (y + 1.0)).clamp(0.0, 1.0))),
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
