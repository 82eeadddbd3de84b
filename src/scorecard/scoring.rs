//! Scoring: raw KPI values → points → weighted total → gates → grade.
//!
//! Every step is kept in the result (value, numerator/denominator, rule, points, normalised
//! weight, contribution, gate adjustment) so that anyone can recompute the total by hand: the
//! contributions plus the gate adjustment always sum to the total.

use std::collections::BTreeMap;

use serde::Serialize;

use super::definition::{Better, GateEffect, Level, LevelTarget, Method, Metric, ScorecardDef, WhenMissing};
use crate::model::catalog::Kpi;
use crate::model::message::Message;

/// One KPI value of a subject, with what was divided when it is a rate.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MetricValue {
    /// The value.
    pub value: f64,
    /// What was divided, for a rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    /// What it was divided by, for a rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
}

impl MetricValue {
    /// A value that is not a rate.
    pub fn plain(value: f64) -> MetricValue {
        MetricValue { value, numerator: None, denominator: None }
    }
    /// A rate; `None` when the denominator is 0.
    pub fn ratio(numerator: f64, denominator: f64) -> Option<MetricValue> {
        (denominator > 0.0).then(|| MetricValue {
            value: numerator / denominator,
            numerator: Some(numerator),
            denominator: Some(denominator),
        })
    }
}

/// An agent, team or the centre, with every KPI value known for it.
#[derive(Clone, Debug, Default)]
pub struct Subject {
    /// Agent id, team name or "centre".
    pub id: String,
    /// The agent's name.
    pub name: Option<String>,
    /// The agent's team.
    pub team: Option<String>,
    /// Every KPI value, by catalogue id (and `rating:`/`qa_section:` ids).
    pub values: BTreeMap<String, MetricValue>,
    /// The level: an agent, a team or the centre.
    pub level: Level,
    /// Teams and the centre: how many agents have a value of each KPI (a count's per-agent value
    /// is the total divided by this).
    pub agents_with: BTreeMap<String, f64>,
    /// An agent's own targets by KPI id (a targets file or roster columns), for the period scored.
    pub targets: BTreeMap<String, LevelTarget>,
    /// An agent's month of tenure at the end of the period scored (1 = the first month after the
    /// hire date), from the roster; for ramp-up targets.
    pub tenure_month: Option<u32>,
}

/// Where the target a metric was scored against came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetSource {
    /// The card's target for every agent.
    #[default]
    Card,
    /// The card's target for teams.
    Team,
    /// The card's target for the centre.
    Centre,
    /// The agent's own target (targets file or roster).
    Agent,
    /// The card's new-hire target for the agent's month of tenure.
    RampUp,
}

/// A metric's line on a card.
#[derive(Clone, Debug, Serialize)]
pub struct MetricScore {
    /// The metric's category.
    pub category: String,
    /// The KPI id.
    pub kpi: String,
    /// A name for the metric.
    pub label: Option<String>,
    /// None when the subject has no value for the KPI: the metric is then left out and the other
    /// weights are normalised without it (listed in `missing`).
    pub value: Option<f64>,
    /// What was divided, for a rate.
    pub numerator: Option<f64>,
    /// What it was divided by.
    pub denominator: Option<f64>,
    /// The target of the rule.
    pub target: Option<f64>,
    /// The floor of a linear rule.
    pub floor: Option<f64>,
    /// Whose target it is: the card's (for agents, teams or the centre), the agent's own, or the
    /// new-hire step for the agent's month of tenure.
    pub target_source: TargetSource,
    /// The scoring method id.
    pub method: &'static str,
    /// The rule, e.g. "linear: 100 at 300, 0 at 480, lower is better".
    pub rule: Message,
    /// Points 0–100 (ratio may go above 100 up to its cap); None without a value.
    pub points: Option<f64>,
    /// Weight as written in the card.
    pub raw_weight: f64,
    /// Share of the total (category share × share within the category), after leaving out
    /// missing metrics: the weights of one card sum to 1.
    pub weight: f64,
    /// points × weight: these sum (with `gate_adjustment`) to the total.
    pub contribution: f64,
}

/// A category on a card.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryScore {
    /// The category's name.
    pub name: String,
    /// Normalised category weight (sums to 1 over categories with data).
    pub weight: f64,
    /// Points 0–100 of the category; None when no metric of it has data.
    pub score: Option<f64>,
}

/// A gate that fired.
#[derive(Clone, Debug, Serialize)]
pub struct GateHit {
    /// The KPI.
    pub kpi: String,
    /// Its value.
    pub value: f64,
    /// What the gate did.
    pub effect: GateEffect,
    /// The gate in words.
    pub detail: Message,
}

/// A minimum sample not reached.
#[derive(Clone, Debug, Serialize)]
pub struct SampleShortfall {
    /// The KPI.
    pub kpi: String,
    /// Its value.
    pub value: Option<f64>,
    /// The minimum.
    pub minimum: f64,
}

/// What dropping one metric does to the rank.
#[derive(Clone, Debug, Serialize)]
pub struct Sensitivity {
    /// The metric left out.
    pub dropped: String,
    /// The total without it.
    pub total: f64,
    /// The rank without it.
    pub rank: usize,
    /// rank without the metric − rank with it (positive = would rank lower without it).
    pub rank_change: i64,
}

/// One subject's card.
#[derive(Clone, Debug, Serialize)]
pub struct CardResult {
    /// Agent id, team name or "centre".
    pub agent: String,
    /// The agent's name.
    pub name: Option<String>,
    /// The agent's team.
    pub team: Option<String>,
    /// Teams: the mean total of the team's ranked agents, shown beside the team's own card (which
    /// is scored on the team's aggregate KPIs).
    pub agent_mean: Option<f64>,
    /// `ranked` or `insufficient_data` (below `min_sample`: the total is shown, not ranked or graded).
    pub status: &'static str,
    /// The weighted total after gates.
    pub total: f64,
    /// The weighted total before gates.
    pub total_before_gates: f64,
    /// total − total_before_gates (≤ 0): what the gates took away.
    pub gate_adjustment: f64,
    /// The grade.
    pub grade: Option<String>,
    /// The pay coefficient of the grade.
    pub coefficient: Option<f64>,
    /// Rank among the ranked subjects of the level (1 = best).
    pub rank: Option<usize>,
    /// Every metric with its value, rule, points and weight.
    pub metrics: Vec<MetricScore>,
    /// Every category with its score.
    pub categories: Vec<CategoryScore>,
    /// The gates that fired.
    pub gates: Vec<GateHit>,
    /// Metrics with no value for this subject that leave it ungraded (`insufficient_data`).
    pub missing: Vec<String>,
    /// Metrics with no value that were left out, the other weights normalised without them
    /// (`when_missing: reweight`).
    pub reweighted: Vec<String>,
    /// Minimum samples not reached.
    pub insufficient: Vec<SampleShortfall>,
    /// What dropping each metric does to the rank.
    pub sensitivity: Vec<Sensitivity>,
    /// Largest |rank change| when any one metric is dropped.
    pub max_rank_change: i64,
}

/// The rule of a metric, for the card.
pub fn rule_text(m: &Metric) -> Message {
    let target = m.target.unwrap_or(f64::NAN);
    let higher = m.better == Better::Higher;
    match m.score {
        Method::Ratio => {
            let cap = m.cap.unwrap_or(1.0) * 100.0;
            if higher {
                Message::RuleRatioHigher { target, cap }
            } else {
                Message::RuleRatioLower { target, cap }
            }
        }
        Method::Linear => {
            let floor = m.floor.unwrap_or(f64::NAN);
            if higher {
                Message::RuleLinearHigher { target, floor }
            } else {
                Message::RuleLinearLower { target, floor }
            }
        }
        Method::Bands => {
            let steps: Vec<String> = m.bands.iter().map(|(th, p)| format!("≥{th} → {p}")).collect();
            Message::RuleBands { steps: steps.join("; ") }
        }
        Method::Rank if higher => Message::RuleRankHigher,
        Method::Rank => Message::RuleRankLower,
        Method::PassFail if higher => Message::RulePassFailHigher { target },
        Method::PassFail => Message::RulePassFailLower { target },
    }
}

/// Points for one value. `group` holds the values of every subject of the same level (for rank).
pub fn points(m: &Metric, v: f64, group: &[f64]) -> f64 {
    if !v.is_finite() {
        return 0.0;
    }
    let target = m.target.unwrap_or(0.0);
    match m.score {
        Method::Ratio => {
            let cap = m.cap.unwrap_or(1.0);
            let r = match m.better {
                Better::Higher => v / target,
                // At or below 0 a lower-is-better value cannot be beaten: full cap.
                Better::Lower => {
                    if v <= 0.0 {
                        cap
                    } else {
                        target / v
                    }
                }
            };
            if !r.is_finite() {
                return 0.0;
            }
            r.clamp(0.0, cap) * 100.0
        }
        Method::Linear => {
            let floor = m.floor.unwrap_or(0.0);
            let span = target - floor;
            if span == 0.0 {
                return 0.0;
            }
            ((v - floor) / span).clamp(0.0, 1.0) * 100.0
        }
        Method::Bands => {
            let mut pts = match m.better {
                // Below the first threshold: the worst for higher-is-better, the best for lower.
                Better::Higher => 0.0_f64.min(m.bands.first().map_or(0.0, |b| b.1)),
                Better::Lower => m.bands.first().map_or(0.0, |b| b.1),
            };
            for (th, p) in &m.bands {
                if v >= *th {
                    pts = *p;
                }
            }
            pts
        }
        Method::Rank => {
            let n = group.len();
            if n <= 1 {
                return 100.0;
            }
            let (mut worse, mut ties) = (0usize, 0usize);
            for &g in group {
                let cmp = match m.better {
                    Better::Higher => g < v,
                    Better::Lower => g > v,
                };
                if cmp {
                    worse += 1;
                } else if g == v {
                    ties += 1;
                }
            }
            // `ties` counts the subject itself; the others tied with it get half credit.
            let ties = ties.saturating_sub(1);
            (worse as f64 + 0.5 * ties as f64) / (n - 1) as f64 * 100.0
        }
        Method::PassFail => {
            let pass = match m.better {
                Better::Higher => v >= target,
                Better::Lower => v <= target,
            };
            if pass {
                100.0
            } else {
                0.0
            }
        }
    }
}

/// The value a metric scores: the KPI, divided by worked hours when `per_hour` is set; for a
/// team or the centre without a target of its own, a count divided by the agents with data, so a
/// team is not scored on its total against one agent's target.
pub(super) fn metric_value(m: &Metric, s: &Subject) -> Option<MetricValue> {
    let v = s.values.get(&m.kpi)?;
    if !v.value.is_finite() {
        return None;
    }
    let v = if m.per_hour {
        let hours = s.values.get("worked_hours")?.value;
        MetricValue::ratio(v.value, hours)?
    } else {
        v.clone()
    };
    let additive = Kpi::from_id(&m.kpi).is_some_and(|k| k.def().additive);
    if level_target(m, s.level).is_none() && additive && !m.per_hour && s.level != Level::Agent {
        let agents = s.agents_with.get(&m.kpi).copied().unwrap_or(0.0);
        return MetricValue::ratio(v.value, agents);
    }
    Some(v)
}

/// A metric's own target for a level, if it has one.
fn level_target(m: &Metric, level: Level) -> Option<LevelTarget> {
    match level {
        Level::Agent => None,
        Level::Team => m.team,
        Level::Centre => m.centre,
    }
}

/// The metric as it scores a subject, with the subject's target and floor in place: a team's or
/// the centre's own, else an agent's own (targets file, roster), else the new-hire step for the
/// agent's month of tenure, else the card's.
fn for_subject<'m>(m: &'m Metric, s: &Subject) -> (std::borrow::Cow<'m, Metric>, TargetSource) {
    use std::borrow::Cow;
    if let Some(t) = level_target(m, s.level) {
        let source = if s.level == Level::Team { TargetSource::Team } else { TargetSource::Centre };
        return (Cow::Owned(m.with_target(t.target, t.floor)), source);
    }
    if s.level != Level::Agent {
        return (Cow::Borrowed(m), TargetSource::Card);
    }
    if let Some(t) = s.targets.get(&m.kpi) {
        return (Cow::Owned(m.with_target(t.target, t.floor)), TargetSource::Agent);
    }
    if let Some(step) = s.tenure_month.and_then(|month| m.ramp_up.iter().find(|r| month <= r.months)) {
        return (Cow::Owned(m.with_target(step.target, step.floor)), TargetSource::RampUp);
    }
    (Cow::Borrowed(m), TargetSource::Card)
}

/// Why a subject's value of a metric does not count: no value, or a sample below the metric's
/// minimum (its own, else the card's minimum for the count the KPI is made from).
fn shortfall(def: &ScorecardDef, m: &Metric, s: &Subject) -> Option<SampleShortfall> {
    // Without a value the metric is missing, which says more than a sample of nothing.
    metric_value(m, s)?;
    let sample = Kpi::from_id(&m.kpi).and_then(|k| k.def().sample)?;
    let min = m.min_sample.or_else(|| def.min_sample.get(sample.id()).copied())?;
    let v = s.values.get(sample.id()).map(|v| v.value);
    (v.is_none_or(|v| v < min)).then(|| SampleShortfall { kpi: sample.id().to_string(), value: v, minimum: min })
}

/// Grade and coefficient of a total: the first row (highest minimum first) the total reaches.
/// The tiny tolerance keeps a total of exactly 90 (say 89.99999999999999 after summing weighted
/// points) in the 90 band.
pub fn grade_of(def: &ScorecardDef, total: f64) -> Option<(String, f64)> {
    def.grades.iter().find(|g| total + 1e-9 >= g.0).map(|g| (g.1.clone(), g.2))
}

/// Scores every subject on one card. `skip` leaves one metric out (for sensitivity).
fn totals(
    def: &ScorecardDef,
    subjects: &[Subject],
    skip: Option<usize>,
) -> Vec<(f64, Vec<MetricScore>, Vec<CategoryScore>)> {
    // Group values for rank scoring: every subject that has the value.
    let metrics: Vec<(usize, &Metric)> = def.metrics().collect();
    let groups: Vec<Vec<f64>> = metrics
        .iter()
        .map(|(_, m)| subjects.iter().filter_map(|s| metric_value(m, s)).map(|v| v.value).collect())
        .collect();
    subjects
        .iter()
        .map(|s| {
            let values: Vec<Option<MetricValue>> = metrics
                .iter()
                .enumerate()
                .map(|(i, (_, m))| if Some(i) == skip { None } else { metric_value(m, s) })
                .collect();
            // Category and metric weights normalised over the metrics that count for this subject:
            // those with data, and those without data that make the subject insufficient (they
            // score 0 at their weight, so the partial total shows what is missing). A metric that
            // re-weights when missing, or is dropped for the sensitivity check, is left out.
            let counts = |i: usize, m: &Metric| {
                values[i].is_some() || (m.when_missing == WhenMissing::Insufficient && Some(i) != skip)
            };
            let mut cat_w = vec![0.0; def.categories.len()];
            let mut cat_metric_w = vec![0.0; def.categories.len()];
            for (i, (ci, m)) in metrics.iter().enumerate() {
                if counts(i, m) {
                    cat_metric_w[*ci] += m.weight;
                }
            }
            for (ci, c) in def.categories.iter().enumerate() {
                if cat_metric_w[ci] > 0.0 {
                    cat_w[ci] = c.weight;
                }
            }
            let cat_sum: f64 = cat_w.iter().sum();
            let mut lines = Vec::with_capacity(metrics.len());
            let mut total = 0.0;
            let mut cat_scores = vec![0.0; def.categories.len()];
            for (i, (ci, m)) in metrics.iter().enumerate() {
                let v = values[i].clone();
                let (m, target_source) = for_subject(m, s);
                let m = &*m;
                let weight = if counts(i, m) && cat_sum > 0.0 && cat_metric_w[*ci] > 0.0 {
                    cat_w[*ci] / cat_sum * m.weight / cat_metric_w[*ci]
                } else {
                    0.0
                };
                let pts = v.as_ref().filter(|_| weight > 0.0).map(|v| points(m, v.value, &groups[i]));
                let contribution = pts.unwrap_or(0.0) * weight;
                total += contribution;
                if let Some(p) = pts {
                    cat_scores[*ci] += p * m.weight / cat_metric_w[*ci];
                }
                lines.push(MetricScore {
                    category: def.categories[*ci].name.clone(),
                    kpi: m.kpi.clone(),
                    label: m.label.clone(),
                    value: v.as_ref().map(|v| v.value),
                    numerator: v.as_ref().and_then(|v| v.numerator),
                    denominator: v.as_ref().and_then(|v| v.denominator),
                    target: m.target,
                    floor: m.floor,
                    target_source,
                    method: m.score.id(),
                    rule: rule_text(m),
                    points: pts,
                    raw_weight: m.weight,
                    weight,
                    contribution,
                });
            }
            let cats = def
                .categories
                .iter()
                .enumerate()
                .map(|(ci, c)| CategoryScore {
                    name: c.name.clone(),
                    weight: if cat_sum > 0.0 { cat_w[ci] / cat_sum } else { 0.0 },
                    score: (cat_metric_w[ci] > 0.0).then_some(cat_scores[ci]),
                })
                .collect();
            (total, lines, cats)
        })
        .collect()
}

/// Applies the gates to a total; returns the new total, the grade cap (if any) and the hits.
fn apply_gates(def: &ScorecardDef, s: &Subject, total: f64) -> (f64, Option<String>, Vec<GateHit>) {
    let mut t = total;
    let mut cap_grade: Option<String> = None;
    let mut hits = Vec::new();
    for g in &def.gates {
        let Some(v) = s.values.get(&g.kpi).map(|v| v.value) else { continue };
        let over = g.max.is_some_and(|m| v > m);
        let under = g.min.is_some_and(|m| v < m);
        if !(over || under) {
            continue;
        }
        let kpi = g.kpi.clone();
        let limit = if over { g.max.unwrap_or(0.0) } else { g.min.unwrap_or(0.0) };
        let detail = match g.effect {
            GateEffect::Zero => {
                t = 0.0;
                if over {
                    Message::GateZeroAbove { kpi, value: v, limit }
                } else {
                    Message::GateZeroBelow { kpi, value: v, limit }
                }
            }
            GateEffect::CapScore => {
                let cap = g.score.unwrap_or(0.0);
                t = t.min(cap);
                if over {
                    Message::GateCapScoreAbove { kpi, value: v, limit, cap }
                } else {
                    Message::GateCapScoreBelow { kpi, value: v, limit, cap }
                }
            }
            GateEffect::CapGrade => {
                let label = g.grade.clone().unwrap_or_default();
                // Keep the lowest cap when several gates fire.
                let pos = |l: &str| def.grades.iter().position(|gr| gr.1 == l).unwrap_or(0);
                if cap_grade.as_deref().is_none_or(|c| pos(&label) > pos(c)) {
                    cap_grade = Some(label.clone());
                }
                if over {
                    Message::GateCapGradeAbove { kpi, value: v, limit, grade: label }
                } else {
                    Message::GateCapGradeBelow { kpi, value: v, limit, grade: label }
                }
            }
        };
        hits.push(GateHit { kpi: g.kpi.clone(), value: v, effect: g.effect, detail });
    }
    (t, cap_grade, hits)
}

fn rank_of(totals: &[f64], ranked: &[bool], i: usize) -> usize {
    1 + totals.iter().zip(ranked).filter(|(t, r)| **r && **t > totals[i]).count()
}

/// Scores a group of subjects of the same level on a card: totals, gates, grades, ranks
/// (1 = best; ties share a rank), and the rank change when each metric is dropped.
pub fn score_group(def: &ScorecardDef, subjects: &[Subject]) -> Vec<CardResult> {
    let base = totals(def, subjects, None);
    let mut results: Vec<CardResult> = subjects
        .iter()
        .zip(base)
        .map(|(s, (before, metrics, categories))| {
            let mut insufficient: Vec<SampleShortfall> = def
                .min_sample
                .iter()
                .filter_map(|(k, min)| {
                    let v = s.values.get(k).map(|v| v.value);
                    (v.is_none_or(|v| v < *min)).then(|| SampleShortfall { kpi: k.clone(), value: v, minimum: *min })
                })
                .collect();
            for (_, m) in def.metrics() {
                if let Some(short) = shortfall(def, m, s) {
                    if !insufficient.iter().any(|x| x.kpi == short.kpi) {
                        insufficient.push(short);
                    }
                }
            }
            // A metric without data (unless it re-weights) leaves the subject ungraded.
            let missing: Vec<String> = def
                .metrics()
                .zip(&metrics)
                .filter(|((_, m), line)| line.value.is_none() && m.when_missing == WhenMissing::Insufficient)
                .map(|((_, m), _)| m.kpi.clone())
                .collect();
            let (total, cap, gates) = apply_gates(def, s, before);
            let status = if insufficient.is_empty() && missing.is_empty() { "ranked" } else { "insufficient_data" };
            let (grade, coefficient) = if status == "ranked" {
                match grade_of(def, total) {
                    Some((mut g, mut c)) => {
                        if let Some(cap) = cap {
                            let pos = |l: &str| def.grades.iter().position(|gr| gr.1 == l).unwrap_or(0);
                            if pos(&cap) > pos(&g) {
                                c = def.grades[pos(&cap)].2;
                                g = cap;
                            }
                        }
                        (Some(g), Some(c))
                    }
                    None => (None, None),
                }
            } else {
                (None, None)
            };
            CardResult {
                agent: s.id.clone(),
                agent_mean: None,
                name: s.name.clone(),
                team: s.team.clone(),
                status,
                total,
                total_before_gates: before,
                gate_adjustment: total - before,
                grade,
                coefficient,
                rank: None,
                missing,
                reweighted: metrics
                    .iter()
                    .zip(def.metrics())
                    .filter(|(line, (_, m))| line.value.is_none() && m.when_missing == WhenMissing::Reweight)
                    .map(|(line, _)| line.kpi.clone())
                    .collect(),
                metrics,
                categories,
                gates,
                insufficient,
                sensitivity: Vec::new(),
                max_rank_change: 0,
            }
        })
        .collect();
    let ranked: Vec<bool> = results.iter().map(|r| r.status == "ranked").collect();
    let all: Vec<f64> = results.iter().map(|r| r.total).collect();
    for i in 0..results.len() {
        if ranked[i] {
            results[i].rank = Some(rank_of(&all, &ranked, i));
        }
    }
    // Sensitivity: rank among the ranked when each metric is dropped in turn.
    let n_metrics = def.metrics().count();
    if n_metrics > 1 && ranked.iter().filter(|r| **r).count() > 1 {
        for k in 0..n_metrics {
            let kpi = def.metrics().nth(k).map(|(_, m)| m.kpi.clone()).unwrap_or_default();
            let without: Vec<f64> = totals(def, subjects, Some(k))
                .into_iter()
                .zip(subjects)
                .map(|((t, _, _), s)| apply_gates(def, s, t).0)
                .collect();
            for i in 0..results.len() {
                if let Some(r) = results[i].rank {
                    let r2 = rank_of(&without, &ranked, i);
                    let change = r2 as i64 - r as i64;
                    results[i].max_rank_change = results[i].max_rank_change.max(change.abs());
                    results[i].sensitivity.push(Sensitivity {
                        dropped: kpi.clone(),
                        total: without[i],
                        rank: r2,
                        rank_change: change,
                    });
                }
            }
        }
    }
    results
}
