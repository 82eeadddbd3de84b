//! People data — QA evaluations, surveys, roster, attendance, supervisor ratings — and the KPIs
//! made from them (qa_score, csat, nps, ces, complaints, absenteeism, lateness, turnover,
//! ratings), per agent, team and centre.
//!
//! Rows are kept as read and turned into KPIs only when the report is built, because the QA form
//! and the scorecard are settings: the page changes them and asks for a new report without
//! reading the files again.

mod evaluators;
mod qa;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::message::Message;
use crate::model::people::{AttendanceRow, PeopleRecord, QaEvalRow, RatingRow, RosterRow, SurveyRow, TargetRow};
pub(crate) use evaluators::CalibrationCall;
use evaluators::EvalScore;
pub use evaluators::{Calibration, EvaluatorCheck};
pub(crate) use qa::ScoredEval;
pub use qa::{qa_form_preset, ItemKind, QaForm, QaItem, QaSection, QA_FORMS};

/// Everything read from people files.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct People {
    pub qa: Vec<QaEvalRow>,
    pub surveys: Vec<SurveyRow>,
    pub roster: Vec<RosterRow>,
    pub attendance: Vec<AttendanceRow>,
    pub ratings: Vec<RatingRow>,
    /// Agents' own targets, from targets files and roster columns.
    pub targets: Vec<TargetRow>,
}

impl People {
    pub(crate) fn add(&mut self, r: PeopleRecord) {
        match r {
            PeopleRecord::Qa(q) => self.qa.push(q),
            PeopleRecord::Survey(s) => self.surveys.push(s),
            PeopleRecord::Roster(mut r) => {
                self.targets.append(&mut r.targets);
                self.roster.push(r);
            }
            PeopleRecord::Target(t) => self.targets.push(t),
            PeopleRecord::Attendance(a) => self.attendance.push(a),
            PeopleRecord::Ratings(r) => self.ratings.extend(r),
        }
    }

    pub(crate) fn merge(&mut self, o: People) {
        self.qa.extend(o.qa);
        self.surveys.extend(o.surveys);
        self.roster.extend(o.roster);
        self.attendance.extend(o.attendance);
        self.ratings.extend(o.ratings);
        self.targets.extend(o.targets);
    }

    /// The rows of the days `first ..= last` (days since 1970): QA, surveys, ratings and
    /// attendance by their date (rows without a date belong to no one period: they are counted in
    /// `undated`), the roster and targets whole.
    pub(crate) fn within(&self, first: i64, last: i64) -> (People, usize) {
        use crate::model::calendar::parse_day;
        let mut undated = 0;
        let mut inside = |date: Option<&str>| match date.and_then(|d| parse_day(d.get(..10).unwrap_or(d))) {
            Some(d) => (first..=last).contains(&d),
            None => {
                undated += 1;
                false
            }
        };
        let qa = self.qa.iter().filter(|r| inside(r.date.as_deref())).cloned().collect();
        let surveys = self.surveys.iter().filter(|r| inside(r.date.as_deref())).cloned().collect();
        let ratings = self.ratings.iter().filter(|r| inside(r.date.as_deref())).cloned().collect();
        let attendance = self.attendance.iter().filter(|r| inside(Some(r.date.as_str()))).cloned().collect();
        let people =
            People { qa, surveys, roster: self.roster.clone(), attendance, ratings, targets: self.targets.clone() };
        (people, undated)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.qa.is_empty()
            && self.surveys.is_empty()
            && self.roster.is_empty()
            && self.attendance.is_empty()
            && self.ratings.is_empty()
            && self.targets.is_empty()
    }

    /// Long-layout rows joined into evaluations (by evaluation id, else by call, evaluator,
    /// agent and date); wide rows are evaluations already.
    pub(crate) fn evaluations(&self) -> Vec<(String, QaEvalRow)> {
        let mut out: Vec<(String, QaEvalRow)> = Vec::new();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for (i, r) in self.qa.iter().enumerate() {
            if !r.long {
                out.push((r.eval_id.clone().unwrap_or_else(|| format!("row{i}")), r.clone()));
                continue;
            }
            let key = r.eval_id.clone().unwrap_or_else(|| {
                format!(
                    "{}|{}|{}|{}",
                    r.call_id.as_deref().unwrap_or(""),
                    r.evaluator.as_deref().unwrap_or(""),
                    r.agent,
                    r.date.as_deref().unwrap_or("")
                )
            });
            match index.get(&key) {
                Some(&j) => out[j].1.items.extend(r.items.iter().cloned()),
                None => {
                    index.insert(key.clone(), out.len());
                    out.push((key, r.clone()));
                }
            }
        }
        out
    }
}

/// Sums behind the people KPIs of one agent, team or the centre (mergeable, so teams and the
/// centre are made from the same sums as agents, not from means of means).
#[derive(Clone, Debug, Default)]
struct Sums {
    qa_n: f64,
    qa_sum: f64,
    qa_autofail: f64,
    csat_n: f64,
    csat_top2: f64,
    /// Answers per score 1–5 (survey values rounded to the nearest score).
    csat_dist: [f64; 5],
    csat_sum: f64,
    nps_n: f64,
    nps_promoters: f64,
    nps_detractors: f64,
    ces_n: f64,
    ces_sum: f64,
    complaints: f64,
    /// Answers and calls whose source says whether they were complaints.
    complaint_known: f64,
    scheduled_h: f64,
    absent_h: f64,
    days: f64,
    late_days: f64,
    ratings: BTreeMap<String, (f64, f64)>,
    sections: BTreeMap<String, (f64, f64)>,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.qa_n += o.qa_n;
        self.qa_sum += o.qa_sum;
        self.qa_autofail += o.qa_autofail;
        self.csat_n += o.csat_n;
        self.csat_top2 += o.csat_top2;
        self.csat_sum += o.csat_sum;
        for (a, b) in self.csat_dist.iter_mut().zip(o.csat_dist) {
            *a += b;
        }
        self.nps_n += o.nps_n;
        self.nps_promoters += o.nps_promoters;
        self.nps_detractors += o.nps_detractors;
        self.ces_n += o.ces_n;
        self.ces_sum += o.ces_sum;
        self.complaints += o.complaints;
        self.complaint_known += o.complaint_known;
        self.scheduled_h += o.scheduled_h;
        self.absent_h += o.absent_h;
        self.days += o.days;
        self.late_days += o.late_days;
        for (k, (s, n)) in &o.ratings {
            let x = self.ratings.entry(k.clone()).or_default();
            x.0 += s;
            x.1 += n;
        }
        for (k, (s, n)) in &o.sections {
            let x = self.sections.entry(k.clone()).or_default();
            x.0 += s;
            x.1 += n;
        }
    }

    /// Adds a call record's satisfaction answers and complaints.
    fn add_feedback(&mut self, f: &Feedback) {
        for (i, n) in f.satisfaction.iter().enumerate() {
            let (n, score) = (*n as f64, (i + 1) as f64);
            self.csat_n += n;
            self.csat_sum += n * score;
            self.csat_dist[i] += n;
            if score >= 4.0 {
                self.csat_top2 += n;
            }
        }
        self.complaints += f.complaints as f64;
        self.complaint_known += f.complaint_known as f64;
    }

    fn kpis(&self) -> PeopleKpis {
        let div = |a: f64, b: f64| (b > 0.0).then(|| a / b);
        let mut ratings: BTreeMap<String, f64> =
            self.ratings.iter().filter_map(|(k, (s, n))| div(*s, *n).map(|v| (k.clone(), v))).collect();
        let (rs, rn) = self.ratings.values().fold((0.0, 0.0), |a, (s, n)| (a.0 + s, a.1 + n));
        if let Some(all) = div(rs, rn) {
            ratings.insert("all".into(), all);
        }
        PeopleKpis {
            qa_score: div(self.qa_sum, self.qa_n),
            qa_evaluations: self.qa_n as u64,
            qa_autofail_count: self.qa_autofail as u64,
            qa_autofail_rate: div(self.qa_autofail, self.qa_n),
            csat: div(self.csat_top2, self.csat_n),
            csat_mean: div(self.csat_sum, self.csat_n),
            csat_distribution: self.csat_dist.map(|n| n as u64),
            csat_responses: self.csat_n as u64,
            nps: div((self.nps_promoters - self.nps_detractors) * 100.0, self.nps_n),
            nps_responses: self.nps_n as u64,
            ces: div(self.ces_sum, self.ces_n),
            ces_responses: self.ces_n as u64,
            complaints: (self.complaint_known > 0.0).then_some(self.complaints as u64),
            scheduled_hours: (self.days > 0.0).then_some(self.scheduled_h),
            worked_hours: (self.days > 0.0).then_some(self.scheduled_h - self.absent_h),
            attendance_days: (self.days > 0.0).then_some(self.days as u64),
            absenteeism: div(self.absent_h, self.scheduled_h),
            lateness: div(self.late_days, self.days),
            turnover: None,
            ratings,
            qa_sections: self
                .sections
                .iter()
                .filter_map(|(k, (g, p))| div(*g * 100.0, *p).map(|v| (k.clone(), v)))
                .collect(),
            parts: self.ratios(),
        }
    }

    fn ratios(&self) -> BTreeMap<&'static str, (f64, f64)> {
        let mut r = BTreeMap::new();
        r.insert("qa_score", (self.qa_sum, self.qa_n));
        r.insert("qa_autofail_rate", (self.qa_autofail, self.qa_n));
        r.insert("csat", (self.csat_top2, self.csat_n));
        r.insert("csat_mean", (self.csat_sum, self.csat_n));
        r.insert("nps", ((self.nps_promoters - self.nps_detractors) * 100.0, self.nps_n));
        r.insert("ces", (self.ces_sum, self.ces_n));
        r.insert("absenteeism", (self.absent_h, self.scheduled_h));
        r.insert("lateness", (self.late_days, self.days));
        r
    }
}

/// People KPIs of one agent, team or the centre.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PeopleKpis {
    /// Mean evaluation score 0–100; auto-failed evaluations count as 0.
    pub qa_score: Option<f64>,
    /// Evaluations.
    pub qa_evaluations: u64,
    /// Evaluations failed on a critical item.
    pub qa_autofail_count: u64,
    /// Auto-fails / evaluations.
    pub qa_autofail_rate: Option<f64>,
    /// Share of CSAT answers in the top two boxes (4–5 of 5).
    pub csat: Option<f64>,
    /// Mean CSAT answer (1–5).
    pub csat_mean: Option<f64>,
    /// CSAT answers.
    pub csat_responses: u64,
    /// CSAT answers by score, 1 to 5.
    pub csat_distribution: [u64; 5],
    /// % 9–10 minus % 0–6 (−100…100).
    pub nps: Option<f64>,
    /// NPS answers.
    pub nps_responses: u64,
    /// Mean effort score.
    pub ces: Option<f64>,
    /// CES answers.
    pub ces_responses: u64,
    /// Survey answers marked as a complaint.
    pub complaints: Option<u64>,
    /// Scheduled hours (attendance files).
    pub scheduled_hours: Option<f64>,
    /// Scheduled − absent hours: the divisor of per-hour KPIs.
    pub worked_hours: Option<f64>,
    /// Days with an attendance record (the sample behind absenteeism and lateness).
    pub attendance_days: Option<u64>,
    /// Absent scheduled hours / scheduled hours.
    pub absenteeism: Option<f64>,
    /// Days late / scheduled days.
    pub lateness: Option<f64>,
    /// Leavers in the period / average headcount (teams and centre only).
    pub turnover: Option<f64>,
    /// Mean supervisor rating per dimension, and `all`.
    pub ratings: BTreeMap<String, f64>,
    /// QA score per form section (Σ points × weight / Σ possible × weight × 100).
    pub qa_sections: BTreeMap<String, f64>,
    /// Numerator and denominator of each rate, for the scorecard breakdown.
    #[serde(skip)]
    pub parts: BTreeMap<&'static str, (f64, f64)>,
}

/// People KPIs of one agent.
#[derive(Clone, Debug, Serialize)]
pub struct PeopleAgentRow {
    /// The agent's id.
    pub agent: String,
    /// The agent's name (roster, else the calls).
    pub name: Option<String>,
    /// The agent's team (roster, else the calls).
    pub team: Option<String>,
    /// The agent's team leader (roster).
    pub team_leader: Option<String>,
    /// Part-time (roster), when known.
    pub part_time: Option<bool>,
    /// Who evaluated the agent, how often, and whether they are flagged.
    pub evaluators: Vec<EvaluatorShare>,
    /// What the agent's review should say about how the figures were made.
    pub warnings: Vec<Message>,
    /// The most recent comments of QA evaluations and surveys about the agent.
    pub comments: Vec<AgentComment>,
    /// The KPIs.
    #[serde(flatten)]
    pub kpis: PeopleKpis,
}

/// People KPIs of one team.
#[derive(Clone, Debug, Serialize)]
pub struct PeopleTeamRow {
    /// The team's name.
    pub team: String,
    /// Agents of the team with people data.
    pub headcount: usize,
    /// The KPIs, from the sums of its agents.
    #[serde(flatten)]
    pub kpis: PeopleKpis,
}

#[derive(Clone, Debug, Serialize)]
pub struct QaItemRow {
    pub section: String,
    pub item: String,
    pub critical: bool,
    pub evaluated: u64,
    pub failed: u64,
    /// failed / evaluated (N/A excluded).
    pub fail_rate: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct QaAgentItemRow {
    pub agent: String,
    pub item: String,
    pub evaluated: u64,
    pub failed: u64,
    pub fail_rate: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct QaGroupRow {
    pub key: String,
    pub evaluations: u64,
    pub qa_score: Option<f64>,
    pub auto_fails: u64,
}

/// The QA section of the report.
#[derive(Clone, Debug, Serialize)]
pub struct QaReport {
    /// The form the evaluations were scored on (inferred or set).
    pub form: QaForm,
    /// Evaluations scored.
    pub evaluations: u64,
    /// Evaluations failed on a critical item.
    pub auto_fails: u64,
    /// Mean score of all evaluations.
    pub mean_score: Option<f64>,
    /// Items ordered by fail rate, highest first.
    pub items: Vec<QaItemRow>,
    /// Each evaluator against the others, with the bias flag.
    pub by_evaluator: Vec<EvaluatorCheck>,
    /// QA per month.
    pub by_month: Vec<QaGroupRow>,
    /// Per agent and month: the QA trend.
    pub by_agent_month: Vec<QaGroupRow>,
    /// Per agent and item: evaluations with the item (not N/A) and how many failed it.
    pub by_agent_item: Vec<QaAgentItemRow>,
    /// Agreement on calls scored by several evaluators.
    pub calibration: Option<Calibration>,
    /// How an evaluation is scored.
    pub rule: Message,
}

/// The people section of the report.
#[derive(Clone, Debug, Serialize)]
pub struct PeopleReport {
    /// Per agent.
    pub by_agent: Vec<PeopleAgentRow>,
    /// Per team.
    pub by_team: Vec<PeopleTeamRow>,
    /// The whole centre.
    pub totals: PeopleKpis,
    /// The QA section; absent without QA files.
    pub qa: Option<QaReport>,
    /// Survey answers whose call id matched no call with an agent.
    pub surveys_unjoined: u64,
    /// What the user should know about the people files.
    pub notes: Vec<Message>,
}

/// Satisfaction answers and complaints an agent's call records carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Feedback {
    /// Answers per score 1–5.
    pub satisfaction: [u64; 5],
    /// Calls marked as complaints.
    pub complaints: u64,
    /// Calls whose record says whether they were complaints.
    pub complaint_known: u64,
}

/// What a flagged evaluator's scores do to the agents they evaluated (a setting, because a grade
/// and a pay coefficient follow from the QA score).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluatorBias {
    /// Count every evaluation as scored; an agent's review page warns when more than a quarter of
    /// their evaluations come from a flagged evaluator.
    #[default]
    Keep,
    /// Leave out the evaluations of flagged evaluators.
    Exclude,
    /// Subtract each evaluator's measured bias from their scores (auto-fails stay 0).
    Calibrate,
}

impl EvaluatorBias {
    /// Every option, as a form offers them.
    pub const ALL: [EvaluatorBias; 3] = [EvaluatorBias::Keep, EvaluatorBias::Exclude, EvaluatorBias::Calibrate];
}

/// An agent's evaluations by one evaluator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvaluatorShare {
    /// The evaluator.
    pub evaluator: String,
    /// Evaluations of this agent by them.
    pub evaluations: u64,
    /// Whether the evaluator is flagged as biased.
    pub flagged: bool,
}

/// A comment from a QA evaluation or a survey, for the agent's review page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgentComment {
    /// `qa` or `survey`.
    pub source: &'static str,
    /// The day, when the row has one.
    pub date: Option<String>,
    /// Who wrote it (QA: the evaluator).
    pub by: Option<String>,
    /// The comment, cut to 500 characters.
    pub text: String,
}

/// A team leader's coaching record for an agent and a period (辅导记录 and 改进行动计划): entered on
/// the review page, kept in the period's settings and snapshot, and shown on the review page of the
/// periods after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoachingNote {
    /// The agent's id.
    pub agent: String,
    /// The period it is about: an appraisal month `YYYY-MM` (or any period label).
    pub period: String,
    /// What was discussed (辅导记录).
    #[serde(default)]
    pub note: String,
    /// The improvement plan agreed (改进行动计划).
    #[serde(default)]
    pub plan: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// The longest coaching note or plan, in characters.
pub(crate) const COACHING_CHARS: usize = 4000;
/// The most coaching notes a settings file holds (a year of monthly notes for 800 agents).
pub(crate) const MAX_COACHING_NOTES: usize = 10_000;

/// Comments kept per agent (the most recent).
const COMMENTS_PER_AGENT: usize = 20;
/// More than this share of an agent's evaluations from flagged evaluators warns on the review page.
const FLAGGED_SHARE_WARNING: f64 = 0.25;

/// What the people KPIs need from the rest of the report.
pub(crate) struct Context<'a> {
    /// The QA form set by the user (else inferred from the files).
    pub form: Option<&'a QaForm>,
    /// What flagged evaluators' scores do.
    pub evaluator_bias: EvaluatorBias,
    /// The agent who took a call, by call id (surveys and QA that name calls).
    pub call_agent: &'a dyn Fn(&str) -> Option<String>,
    /// Whether the call record of a call id carried a satisfaction answer or complaint itself.
    pub call_has_feedback: &'a dyn Fn(&str) -> bool,
    /// Each agent's name and team from the call records (the roster wins).
    pub call_teams: &'a BTreeMap<String, (Option<String>, Option<String>)>,
    /// Satisfaction and complaints from the call records, per agent.
    pub call_feedback: &'a BTreeMap<String, Feedback>,
    /// The same for calls without an agent (they count for the centre only).
    pub call_feedback_unattributed: Feedback,
    /// First and last day of the data, for turnover.
    pub period: Option<(String, String)>,
}

/// Builds the people section: QA, surveys (and the call records' own satisfaction answers and
/// complaints), roster, attendance and ratings, per agent, team and the centre.
pub(crate) fn build(people: &People, cx: &Context<'_>) -> PeopleReport {
    let Context {
        form,
        evaluator_bias,
        call_agent,
        call_has_feedback,
        call_teams,
        call_feedback,
        call_feedback_unattributed,
        period,
    } = cx;
    let (form, period) = (*form, period.clone());
    let mut sums: BTreeMap<String, Sums> = BTreeMap::new();
    // Satisfaction answers and complaint flags of the call records, per agent.
    for (agent, f) in call_feedback.iter() {
        sums.entry(agent.clone()).or_default().add_feedback(f);
    }
    let mut notes = Vec::new();
    // QA
    let evals = people.evaluations();
    let rows: Vec<QaEvalRow> = evals.iter().map(|(_, r)| r.clone()).collect();
    let form = form.cloned().unwrap_or_else(|| QaForm::infer(&rows));
    let scored: Vec<ScoredEval> = evals.into_iter().filter_map(|(k, r)| qa::score_eval(&form, &r, k)).collect();
    let checks = evaluator_checks(&scored);
    let check = |e: &ScoredEval| e.evaluator.as_deref().and_then(|ev| checks.iter().find(|c| c.evaluator == ev));
    let mut shares: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    let (mut excluded, mut calibrated) = (0u64, 0u64);
    for e in &scored {
        if let Some(ev) = e.evaluator.as_deref() {
            *shares.entry(&e.agent).or_default().entry(ev).or_default() += 1;
        }
        let score = match (evaluator_bias, check(e)) {
            (EvaluatorBias::Exclude, Some(c)) if c.flagged => {
                excluded += 1;
                continue;
            }
            (EvaluatorBias::Calibrate, Some(EvaluatorCheck { bias: Some(b), .. })) if !e.auto_fail => {
                calibrated += 1;
                (e.raw_score - b).clamp(0.0, 100.0)
            }
            _ => e.score,
        };
        let s = sums.entry(e.agent.clone()).or_default();
        s.qa_n += 1.0;
        s.qa_sum += score;
        s.qa_autofail += f64::from(u8::from(e.auto_fail));
        for (sec, g, p) in &e.sections {
            let x = s.sections.entry(sec.clone()).or_default();
            x.0 += g;
            x.1 += p;
        }
    }
    if excluded > 0 {
        let evaluators =
            checks.iter().filter(|c| c.flagged).map(|c| c.evaluator.clone()).collect::<Vec<_>>().join(", ");
        notes.push(Message::NoteQaFlaggedExcluded { evaluations: excluded, evaluators });
    }
    if calibrated > 0 {
        notes.push(Message::NoteQaCalibrated { evaluations: calibrated });
    }
    // Surveys
    let mut unjoined = 0;
    let mut in_calls = 0;
    for sv in &people.surveys {
        // A survey answer the call record already carries (an IVR survey exported both ways).
        if sv.call_id.as_deref().is_some_and(call_has_feedback) {
            in_calls += 1;
            continue;
        }
        let agent = sv.agent.clone().or_else(|| sv.call_id.as_deref().and_then(call_agent));
        let Some(agent) = agent else {
            unjoined += 1;
            continue;
        };
        let s = sums.entry(agent).or_default();
        if let Some(v) = sv.csat {
            s.csat_n += 1.0;
            s.csat_sum += v;
            s.csat_top2 += f64::from(u8::from(v >= 4.0));
            s.csat_dist[(v.round().clamp(1.0, 5.0) as usize) - 1] += 1.0;
        }
        if let Some(v) = sv.nps {
            s.nps_n += 1.0;
            s.nps_promoters += f64::from(u8::from(v >= 9.0));
            s.nps_detractors += f64::from(u8::from(v <= 6.0));
        }
        if let Some(v) = sv.ces {
            s.ces_n += 1.0;
            s.ces_sum += v;
        }
        if let Some(c) = sv.complaint {
            s.complaint_known += 1.0;
            s.complaints += f64::from(u8::from(c));
        }
    }
    if unjoined > 0 {
        notes.push(Message::NoteSurveysUnjoined { answers: unjoined });
    }
    if in_calls > 0 {
        notes.push(Message::NoteSurveysInCalls { answers: in_calls });
    }
    for a in &people.attendance {
        let s = sums.entry(a.agent.clone()).or_default();
        s.scheduled_h += a.scheduled_h;
        s.absent_h += a.absent_h;
        s.days += 1.0;
        s.late_days += f64::from(u8::from(a.late));
    }
    for r in &people.ratings {
        let x = sums.entry(r.agent.clone()).or_default().ratings.entry(r.dimension.clone()).or_default();
        x.0 += r.score;
        x.1 += 1.0;
    }
    // Roster: names and teams.
    let roster: BTreeMap<&str, &RosterRow> = people.roster.iter().map(|r| (r.agent.as_str(), r)).collect();
    for r in &people.roster {
        sums.entry(r.agent.clone()).or_default();
    }
    let team_of = |a: &str| -> Option<String> {
        roster.get(a).and_then(|r| r.team.clone()).or_else(|| call_teams.get(a).and_then(|t| t.1.clone()))
    };
    let mut comments = agent_comments(people, call_agent);
    let mut by_agent: Vec<PeopleAgentRow> = sums
        .iter()
        .map(|(a, s)| {
            let r = roster.get(a.as_str());
            PeopleAgentRow {
                agent: a.clone(),
                name: r.and_then(|r| r.name.clone()).or_else(|| call_teams.get(a).and_then(|t| t.0.clone())),
                team: team_of(a),
                team_leader: r.and_then(|r| r.leader.clone()),
                part_time: r.and_then(|r| r.part_time),
                evaluators: evaluator_shares(shares.get(a.as_str()), &checks),
                warnings: Vec::new(),
                comments: comments.remove(a.as_str()).unwrap_or_default(),
                kpis: s.kpis(),
            }
        })
        .collect();
    if *evaluator_bias == EvaluatorBias::Keep {
        for row in &mut by_agent {
            let total: u64 = row.evaluators.iter().map(|e| e.evaluations).sum();
            let flagged: Vec<&EvaluatorShare> = row.evaluators.iter().filter(|e| e.flagged).collect();
            let from_flagged: u64 = flagged.iter().map(|e| e.evaluations).sum();
            if total > 0 && from_flagged as f64 / total as f64 > FLAGGED_SHARE_WARNING {
                let evaluators = flagged.iter().map(|e| e.evaluator.as_str()).collect::<Vec<_>>().join(", ");
                row.warnings.push(Message::FlaggedEvaluatorShare { from_flagged, total, evaluators });
            }
        }
    }
    let mut team_sums: BTreeMap<String, (Sums, usize)> = BTreeMap::new();
    let mut total = Sums::default();
    // The call records' answers and complaints of calls without an agent count for the centre.
    total.add_feedback(call_feedback_unattributed);
    for (a, s) in &sums {
        total.add(s);
        if let Some(t) = team_of(a) {
            let x = team_sums.entry(t).or_default();
            x.0.add(s);
            x.1 += 1;
        }
    }
    let turnover_of = |members: &dyn Fn(&RosterRow) -> bool| -> Option<f64> {
        let (from, to) = period.clone()?;
        let list: Vec<&RosterRow> = people.roster.iter().filter(|r| members(r)).collect();
        if list.is_empty() {
            return None;
        }
        // Headcount at the start of the first day (a leaver of that day still counts) and at the
        // end of the last day.
        let hired = |r: &&RosterRow, d: &str| r.hire.as_deref().is_none_or(|h| h <= d);
        let at_start =
            list.iter().filter(|r| hired(r, &from) && r.leave.as_deref().is_none_or(|l| l >= from.as_str())).count();
        let at_end =
            list.iter().filter(|r| hired(r, &to) && r.leave.as_deref().is_none_or(|l| l > to.as_str())).count();
        let avg = (at_start + at_end) as f64 / 2.0;
        let leavers =
            list.iter().filter(|r| r.leave.as_deref().is_some_and(|l| l >= from.as_str() && l <= to.as_str())).count();
        (avg > 0.0).then(|| leavers as f64 / avg)
    };
    let by_team = team_sums
        .into_iter()
        .map(|(t, (s, n))| {
            let mut kpis = s.kpis();
            kpis.turnover = turnover_of(&|r: &RosterRow| r.team.as_deref() == Some(t.as_str()));
            PeopleTeamRow { team: t, headcount: n, kpis }
        })
        .collect();
    let mut totals = total.kpis();
    totals.turnover = turnover_of(&|_| true);

    let qa = (!scored.is_empty()).then(|| qa_report(form, &scored, checks));
    PeopleReport { by_agent, by_team, totals, qa, surveys_unjoined: unjoined, notes }
}

/// The evaluations as the evaluator checks see them: the item scores before auto-fail, since a
/// critical miss is the agent's error, not the evaluator's leniency or severity.
fn eval_scores(scored: &[ScoredEval]) -> Vec<EvalScore<'_>> {
    scored
        .iter()
        .filter_map(|e| {
            Some(EvalScore {
                call_id: e.call_id.as_deref(),
                agent: &e.agent,
                evaluator: e.evaluator.as_deref()?,
                score: e.raw_score,
            })
        })
        .collect()
}

/// Each evaluator against the others (bias, flag).
fn evaluator_checks(scored: &[ScoredEval]) -> Vec<EvaluatorCheck> {
    evaluators::evaluator_bias(&eval_scores(scored))
}

/// An agent's evaluators with their counts, most evaluations first.
fn evaluator_shares(counts: Option<&BTreeMap<&str, u64>>, checks: &[EvaluatorCheck]) -> Vec<EvaluatorShare> {
    let mut out: Vec<EvaluatorShare> = counts
        .into_iter()
        .flatten()
        .map(|(ev, n)| EvaluatorShare {
            evaluator: ev.to_string(),
            evaluations: *n,
            flagged: checks.iter().any(|c| c.evaluator == *ev && c.flagged),
        })
        .collect();
    out.sort_by(|a, b| b.evaluations.cmp(&a.evaluations).then(a.evaluator.cmp(&b.evaluator)));
    out
}

/// QA and survey comments per agent, the most recent [`COMMENTS_PER_AGENT`] (a long-layout
/// evaluation repeats its comment on every item row: kept once).
fn agent_comments(people: &People, call_agent: &dyn Fn(&str) -> Option<String>) -> BTreeMap<String, Vec<AgentComment>> {
    let mut all: BTreeMap<String, Vec<AgentComment>> = BTreeMap::new();
    for q in &people.qa {
        if let Some(text) = &q.comment {
            let c = AgentComment { source: "qa", date: q.date.clone(), by: q.evaluator.clone(), text: text.clone() };
            all.entry(q.agent.clone()).or_default().push(c);
        }
    }
    for sv in &people.surveys {
        let agent = sv.agent.clone().or_else(|| sv.call_id.as_deref().and_then(call_agent));
        if let (Some(agent), Some(text)) = (agent, &sv.comment) {
            let c = AgentComment { source: "survey", date: sv.date.clone(), by: None, text: text.clone() };
            all.entry(agent).or_default().push(c);
        }
    }
    for list in all.values_mut() {
        list.sort_by(|a, b| (&b.date, &a.source, &a.text, &a.by).cmp(&(&a.date, &b.source, &b.text, &b.by)));
        list.dedup();
        list.truncate(COMMENTS_PER_AGENT);
    }
    all
}

fn qa_report(form: QaForm, scored: &[ScoredEval], by_evaluator: Vec<EvaluatorCheck>) -> QaReport {
    let mut items: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for e in scored {
        for (id, failed) in &e.items {
            let x = items.entry(id.clone()).or_default();
            x.0 += 1;
            x.1 += u64::from(*failed);
        }
    }
    // The same per agent, for the agent's review page (which checklist items this agent misses).
    let mut agent_items: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for e in scored {
        for (id, failed) in &e.items {
            let x = agent_items.entry((e.agent.clone(), id.clone())).or_default();
            x.0 += 1;
            x.1 += u64::from(*failed);
        }
    }
    let by_agent_item = agent_items
        .into_iter()
        .map(|((agent, item), (n, f))| QaAgentItemRow {
            agent,
            item,
            evaluated: n,
            failed: f,
            fail_rate: (n > 0).then(|| f as f64 / n as f64),
        })
        .collect();
    let mut item_rows: Vec<QaItemRow> = items
        .into_iter()
        .map(|(id, (n, f))| {
            let def = form.items().find(|(_, i)| i.id == id);
            QaItemRow {
                section: def.map_or("—".into(), |(s, _)| s.to_string()),
                critical: def.is_some_and(|(_, i)| i.critical),
                item: id,
                evaluated: n,
                failed: f,
                fail_rate: (n > 0).then(|| f as f64 / n as f64),
            }
        })
        .collect();
    item_rows
        .sort_by(|a, b| b.fail_rate.unwrap_or(0.0).total_cmp(&a.fail_rate.unwrap_or(0.0)).then(a.item.cmp(&b.item)));
    let group = |key: &dyn Fn(&ScoredEval) -> String| -> Vec<QaGroupRow> {
        let mut m: BTreeMap<String, (u64, f64, u64)> = BTreeMap::new();
        for e in scored {
            let x = m.entry(key(e)).or_default();
            x.0 += 1;
            x.1 += e.score;
            x.2 += u64::from(e.auto_fail);
        }
        m.into_iter()
            .map(|(k, (n, s, f))| QaGroupRow {
                key: k,
                evaluations: n,
                qa_score: (n > 0).then(|| s / n as f64),
                auto_fails: f,
            })
            .collect()
    };
    let month = |e: &ScoredEval| e.date.as_deref().map_or("—".to_string(), |d| d.chars().take(7).collect());
    let by_month = group(&month);
    let by_agent_month = group(&|e| format!("{}|{}", e.agent, month(e)));
    let n = scored.len() as u64;
    QaReport {
        evaluations: n,
        auto_fails: scored.iter().filter(|e| e.auto_fail).count() as u64,
        mean_score: (n > 0).then(|| scored.iter().map(|e| e.score).sum::<f64>() / n as f64),
        form,
        items: item_rows,
        calibration: evaluators::calibration(&eval_scores(scored)),
        by_evaluator,
        by_month,
        by_agent_month,
        by_agent_item,
        rule: Message::QaScoreRule,
    }
}
