//! The scorecard definition: the JSON document a user loads, edits in the page, saves and shares
//! (schema in `docs/scorecards.md`).
//!
//! Parsing is serde; [`ScorecardDef::validate`] then checks what serde cannot (weights, targets,
//! band order, grade order) and names the offending field the way a person would point at it —
//! `categories[1].metrics[0].weight: …` — because a card is usually edited by hand or in a form,
//! and "invalid card" alone would leave the user guessing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Message, Result};
use crate::model::message::Term;

/// Which level a card appraises. Team and centre cards are computed from the aggregate KPIs of
/// the team or centre (not the mean of agent scores, unless `team_method` says so).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Agents.
    #[default]
    Agent,
    /// Teams.
    Team,
    /// The whole centre.
    Centre,
}

/// Which way a KPI is better.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher values are better.
    #[default]
    Higher,
    /// Lower values are better.
    Lower,
}

/// How a raw KPI value becomes 0–100 points (ratio may go above 100 up to its cap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// value / target × 100 (target / value × 100 when lower is better), capped at `cap` × 100.
    Ratio,
    /// 100 at `target`, 0 at `floor`, straight line between, clamped.
    Linear,
    /// Step table `[[threshold, points], …]`: the band of the largest threshold ≤ value.
    Bands,
    /// Percentile within the group of the same level: 100 = best, 0 = worst.
    Rank,
    /// 100 when the value meets `target` (≥, or ≤ when lower is better), else 0.
    PassFail,
}

impl Method {
    /// Every method, in the order a form offers them.
    pub const ALL: [Method; 5] = [Method::Ratio, Method::Linear, Method::Bands, Method::Rank, Method::PassFail];

    /// The method as a word of a message.
    pub(crate) fn term(self) -> Term {
        match self {
            Method::Ratio => Term::Ratio,
            Method::Linear => Term::Linear,
            Method::PassFail => Term::PassFail,
            Method::Bands => Term::Bands,
            Method::Rank => Term::Rank,
        }
    }

    /// The method's id, as in card files.
    pub fn id(self) -> &'static str {
        match self {
            Method::Ratio => "ratio",
            Method::Linear => "linear",
            Method::Bands => "bands",
            Method::Rank => "rank",
            Method::PassFail => "pass_fail",
        }
    }
}

/// One scored KPI of a category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// KPI id from the report (`aht`, `qa_score`, `csat`, `rating:德` …; see docs/scorecards.md).
    pub kpi: String,
    /// Shown instead of the KPI id (e.g. 话务量指标).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Weight within its category.
    pub weight: f64,
    /// The value worth 100 points (ratio, linear, pass/fail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The value worth 0 points (linear).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
    /// How the value becomes points.
    pub score: Method,
    /// Which way is better.
    #[serde(default)]
    pub better: Better,
    /// Ratio only: the highest value / target counted (1.2 = at most 120 points). Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
    /// Bands: `[threshold, points]` steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<(f64, f64)>,
    /// Divide the KPI by the agent's worked hours first (counts only), so part-time and full-time
    /// agents are compared on the same footing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_hour: bool,
    /// What a subject without a value for this KPI gets: by default it is `insufficient_data` for
    /// the card (nobody is graded on data they do not have); `reweight` leaves the metric out and
    /// normalises the other weights without it.
    #[serde(default, skip_serializing_if = "WhenMissing::is_default")]
    pub when_missing: WhenMissing,
    /// The smallest sample behind the value (answered calls, QA evaluations, survey answers,
    /// attendance days — whichever the KPI is made from) for it to count; below it the subject is
    /// `insufficient_data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_sample: Option<f64>,
    /// The target (and floor) for teams, when they differ from the agents'. Without it a team is
    /// scored on its per-agent value of a count (team total ÷ agents with data) against the agents'
    /// target, and on its own rate otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<LevelTarget>,
    /// The same for the centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre: Option<LevelTarget>,
    /// New hires' targets by month of tenure (新人目标), from the roster's hire date: the first step
    /// whose `months` is at least the agent's tenure month applies (month 1 = the month of the hire
    /// date through one month later); after the last step, the card's target. An agent's own
    /// target (targets file or roster column) comes before these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ramp_up: Vec<RampStep>,
}

/// A ramp-up step: the target (and floor) up to a month of tenure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RampStep {
    /// The last month of tenure the step covers (1 = the first month).
    pub months: u32,
    /// The value worth 100 points in those months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The value worth 0 points (linear).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
}

/// What a subject without a value for a metric gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenMissing {
    /// The subject is `insufficient_data`: shown with its partial total (the metric scores 0 at its
    /// weight), named missing, not ranked or graded.
    #[default]
    Insufficient,
    /// The metric is left out of this subject's card and the other weights are normalised.
    Reweight,
}

impl WhenMissing {
    /// Every option, for forms.
    pub const ALL: [WhenMissing; 2] = [WhenMissing::Insufficient, WhenMissing::Reweight];

    fn is_default(&self) -> bool {
        *self == WhenMissing::Insufficient
    }
}

/// A metric's target and floor at the team or centre level (the total of the level is scored).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelTarget {
    /// The value worth 100 points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The value worth 0 points (linear).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
}

/// A weighted group of metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The category's name.
    pub name: String,
    /// Weight among categories.
    pub weight: f64,
    /// Its metrics.
    pub metrics: Vec<Metric>,
}

impl GateEffect {
    /// Every effect, in the order a form offers them.
    pub const ALL: [GateEffect; 3] = [GateEffect::CapGrade, GateEffect::CapScore, GateEffect::Zero];
}

/// What a triggered gate does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateEffect {
    /// The grade is at most `grade`, whatever the total.
    CapGrade,
    /// The total is at most `score`.
    CapScore,
    /// The total is 0.
    Zero,
}

/// A critical rule: when the KPI is above `max` or below `min`, the effect applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The KPI the gate watches.
    pub kpi: String,
    /// The gate fires below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The gate fires above this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// What it does then.
    pub effect: GateEffect,
    /// cap_grade: the best grade allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// cap_score: the highest total allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// `[minimum total, label, pay coefficient]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grade(pub f64, pub String, pub f64);

/// A goal over time: move `kpi` from its baseline-period value to `target` by `deadline`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// The KPI the goal is about.
    pub kpi: String,
    /// A name for the goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Baseline period, `YYYY-MM-DD` inclusive.
    pub baseline_from: String,
    /// Last day of the baseline period.
    pub baseline_to: String,
    /// Absolute target value, or …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// … a relative change from the baseline (-0.15 = reduce by 15 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<f64>,
    /// `YYYY-MM-DD`.
    pub deadline: String,
}

/// A whole scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardDef {
    /// The card's name.
    pub name: String,
    /// What the card is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The period the card is meant for (a label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The level it appraises.
    #[serde(default)]
    pub level: Level,
    /// KPI → smallest value needed to be ranked (e.g. `answered: 100`, `qa_evaluations: 4`).
    #[serde(default)]
    pub min_sample: BTreeMap<String, f64>,
    /// Weighted categories of metrics.
    pub categories: Vec<Category>,
    /// Critical rules that cap or zero the result.
    #[serde(default)]
    pub gates: Vec<Gate>,
    /// Grade table, highest minimum first.
    #[serde(default)]
    pub grades: Vec<Grade>,
    /// Goals measured over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
}

/// A card field with a bad value; the path is the field's inside the card.
fn bad(path: String, msg: Message) -> Error {
    Error::setting(path, msg)
}

fn finite_nonneg(path: String, v: f64) -> Result<()> {
    if !v.is_finite() || v < 0.0 {
        return Err(bad(path, Message::MustBeNonNegative { value: v }));
    }
    Ok(())
}

impl ScorecardDef {
    /// Parses and validates a card from JSON text.
    pub fn from_json(text: &str) -> Result<ScorecardDef> {
        let def: ScorecardDef = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorKind::InvalidSettings, Message::CardJson { detail: e.to_string() }))?;
        def.validate()?;
        Ok(def)
    }

    /// Checks every field serde cannot; the message starts with the path of the bad field.
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(bad("name".into(), Message::MustNotBeEmpty));
        }
        if self.categories.is_empty() {
            return Err(bad("categories".into(), Message::NeedsCategory));
        }
        for (k, v) in &self.min_sample {
            finite_nonneg(format!("min_sample.{k}"), *v)?;
        }
        let mut cat_weight = 0.0;
        for (ci, c) in self.categories.iter().enumerate() {
            let p = format!("categories[{ci}]");
            finite_nonneg(format!("{p}.weight"), c.weight)?;
            cat_weight += c.weight;
            if c.metrics.is_empty() {
                return Err(bad(format!("{p}.metrics"), Message::NeedsMetric));
            }
            let mut w = 0.0;
            for (mi, m) in c.metrics.iter().enumerate() {
                let p = format!("{p}.metrics[{mi}]");
                m.validate(&p)?;
                w += m.weight;
            }
            if w <= 0.0 && c.weight > 0.0 {
                return Err(bad(format!("{p}.metrics"), Message::MetricWeightsZero));
            }
        }
        if cat_weight <= 0.0 {
            return Err(bad("categories".into(), Message::CategoryWeightsZero));
        }
        for (gi, g) in self.gates.iter().enumerate() {
            let p = format!("gates[{gi}]");
            if g.kpi.trim().is_empty() {
                return Err(bad(format!("{p}.kpi"), Message::MustNameKpi));
            }
            if g.min.is_none() && g.max.is_none() {
                return Err(bad(p, Message::GateNeedsBound));
            }
            for (f, v) in [("min", g.min), ("max", g.max)] {
                if let Some(v) = v {
                    if !v.is_finite() {
                        return Err(bad(format!("{p}.{f}"), Message::MustBeFinite));
                    }
                }
            }
            match g.effect {
                GateEffect::CapGrade => match &g.grade {
                    None => return Err(bad(format!("{p}.grade"), Message::CapGradeNeedsGrade)),
                    Some(label) if !self.grades.iter().any(|gr| &gr.1 == label) => {
                        return Err(bad(format!("{p}.grade"), Message::GradeNotInTable { label: label.clone() }))
                    }
                    Some(_) => {}
                },
                GateEffect::CapScore => match g.score {
                    Some(s) if s.is_finite() => {}
                    _ => return Err(bad(format!("{p}.score"), Message::CapScoreNeedsScore)),
                },
                GateEffect::Zero => {}
            }
        }
        for (i, g) in self.grades.iter().enumerate() {
            let p = format!("grades[{i}]");
            if !g.0.is_finite() {
                return Err(bad(format!("{p}[0]"), Message::GradeMinimumFinite));
            }
            finite_nonneg(format!("{p}[2]"), g.2)?;
            if g.1.trim().is_empty() {
                return Err(bad(format!("{p}[1]"), Message::GradeNeedsLabel));
            }
            if i > 0 && g.0 >= self.grades[i - 1].0 {
                return Err(bad(format!("{p}[0]"), Message::GradesOrder));
            }
        }
        for (i, g) in self.goals.iter().enumerate() {
            let p = format!("goals[{i}]");
            for (f, d) in
                [("baseline_from", &g.baseline_from), ("baseline_to", &g.baseline_to), ("deadline", &g.deadline)]
            {
                if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                    return Err(bad(format!("{p}.{f}"), Message::NotIsoDate { value: d.to_string() }));
                }
            }
            if g.target.is_none() == g.change.is_none() {
                return Err(bad(p, Message::GoalTargetOrChange));
            }
        }
        Ok(())
    }

    /// Every metric with its category index, in card order.
    pub fn metrics(&self) -> impl Iterator<Item = (usize, &Metric)> {
        self.categories.iter().enumerate().flat_map(|(ci, c)| c.metrics.iter().map(move |m| (ci, m)))
    }
}

impl Metric {
    /// The metric with another target and floor (each falling back to the card's own).
    pub(crate) fn with_target(&self, target: Option<f64>, floor: Option<f64>) -> Metric {
        Metric { target: target.or(self.target), floor: floor.or(self.floor), ..self.clone() }
    }

    fn validate(&self, p: &str) -> Result<()> {
        if self.kpi.trim().is_empty() {
            return Err(bad(format!("{p}.kpi"), Message::MustNameKpi));
        }
        finite_nonneg(format!("{p}.weight"), self.weight)?;
        if let Some(v) = self.min_sample {
            finite_nonneg(format!("{p}.min_sample"), v)?;
        }
        for (level, t) in [("team", self.team), ("centre", self.centre)] {
            if let Some(t) = t {
                self.with_target(t.target, t.floor).validate_rule(&format!("{p}.{level}"))?;
            }
        }
        let mut last = 0;
        for (i, step) in self.ramp_up.iter().enumerate() {
            let sp = format!("{p}.ramp_up[{i}]");
            if step.months <= last {
                return Err(bad(format!("{sp}.months"), Message::RampMonthsOrder));
            }
            last = step.months;
            self.with_target(step.target, step.floor).validate_rule(&sp)?;
        }
        self.validate_rule(p)
    }

    /// Checks the scoring rule's numbers (target, floor, cap, bands) for the method.
    fn validate_rule(&self, p: &str) -> Result<()> {
        for (f, v) in [("target", self.target), ("floor", self.floor), ("cap", self.cap)] {
            if let Some(v) = v {
                if !v.is_finite() {
                    return Err(bad(format!("{p}.{f}"), Message::MustBeFinite));
                }
            }
        }
        let need_target = || -> Result<f64> {
            self.target.ok_or_else(|| bad(format!("{p}.target"), Message::NeedsTarget { method: self.score.term() }))
        };
        match self.score {
            Method::Ratio => {
                let t = need_target()?;
                if t <= 0.0 {
                    return Err(bad(format!("{p}.target"), Message::RatioTargetPositive));
                }
                if let Some(c) = self.cap {
                    if c <= 0.0 {
                        return Err(bad(format!("{p}.cap"), Message::CapPositive));
                    }
                }
            }
            Method::Linear => {
                let t = need_target()?;
                let f = self.floor.ok_or_else(|| bad(format!("{p}.floor"), Message::LinearNeedsFloor))?;
                match self.better {
                    Better::Higher if f >= t => {
                        return Err(bad(format!("{p}.floor"), Message::FloorBelowTarget { floor: f, target: t }))
                    }
                    Better::Lower if f <= t => {
                        return Err(bad(format!("{p}.floor"), Message::FloorAboveTarget { floor: f, target: t }))
                    }
                    _ => {}
                }
            }
            Method::Bands => {
                if self.bands.is_empty() {
                    return Err(bad(format!("{p}.bands"), Message::BandsNeeded));
                }
                for (i, (t, pts)) in self.bands.iter().enumerate() {
                    if !t.is_finite() || !pts.is_finite() {
                        return Err(bad(format!("{p}.bands[{i}]"), Message::BandsFinite));
                    }
                    if i > 0 {
                        let (pt, pp) = self.bands[i - 1];
                        if *t <= pt {
                            return Err(bad(format!("{p}.bands[{i}][0]"), Message::BandsIncrease));
                        }
                        // Points must move with `better`, or raising the KPI could lower a score.
                        let wrong = match self.better {
                            Better::Higher => *pts < pp,
                            Better::Lower => *pts > pp,
                        };
                        if wrong {
                            return Err(bad(
                                format!("{p}.bands[{i}][1]"),
                                if self.better == Better::Higher {
                                    Message::BandsPointsFall
                                } else {
                                    Message::BandsPointsRise
                                },
                            ));
                        }
                    }
                }
            }
            Method::PassFail => {
                need_target()?;
            }
            Method::Rank => {}
        }
        Ok(())
    }
}
