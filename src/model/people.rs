//! Rows of the files about people rather than calls — QA evaluations, surveys, roster,
//! attendance, supervisor ratings — as the readers deliver them and the people KPIs consume them.

/// Comments longer than this many characters are cut (a comment is shown on a review page, not
/// stored as a document).
pub(crate) const COMMENT_CHARS: usize = 500;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ItemValue {
    Yes,
    No,
    Na,
    Num(f64),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QaItemValue {
    pub item: String,
    pub section: Option<String>,
    pub value: ItemValue,
    pub max: Option<f64>,
    pub weight: Option<f64>,
    pub critical: Option<bool>,
}

/// One row of a QA file: a whole evaluation (wide layout) or one item of one (long layout).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QaEvalRow {
    pub eval_id: Option<String>,
    pub call_id: Option<String>,
    pub agent: String,
    pub evaluator: Option<String>,
    pub date: Option<String>,
    pub long: bool,
    pub items: Vec<QaItemValue>,
    /// The evaluator's comment (评语), cut to [`COMMENT_CHARS`].
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SurveyRow {
    pub call_id: Option<String>,
    pub agent: Option<String>,
    pub date: Option<String>,
    pub csat: Option<f64>,
    pub nps: Option<f64>,
    pub ces: Option<f64>,
    /// Whether the answer is a complaint; `None` when the file has no complaint column.
    pub complaint: Option<bool>,
    /// The customer's comment (备注), cut to [`COMMENT_CHARS`].
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RosterRow {
    pub agent: String,
    pub name: Option<String>,
    pub team: Option<String>,
    pub leader: Option<String>,
    pub part_time: Option<bool>,
    pub hire: Option<String>,
    pub leave: Option<String>,
    /// The agent's own targets from `target:KPI` / `目标:KPI` columns.
    pub targets: Vec<TargetRow>,
}

/// An agent's own target for a KPI (a targets file row or a roster column), for every period or
/// for one appraisal month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct TargetRow {
    pub agent: String,
    /// The KPI id as a card names it (a catalogue name in the file is turned into its id).
    pub kpi: String,
    pub target: Option<f64>,
    pub floor: Option<f64>,
    /// The appraisal month (`YYYY-MM`) it is for; none = every period.
    pub period: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct AttendanceRow {
    pub agent: String,
    pub date: String,
    pub scheduled_h: f64,
    pub absent_h: f64,
    pub late: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RatingRow {
    pub agent: String,
    pub rater: Option<String>,
    pub dimension: String,
    pub score: f64,
    pub date: Option<String>,
}

/// What a people file hands to the analyzer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PeopleRecord {
    Qa(QaEvalRow),
    Survey(SurveyRow),
    Roster(RosterRow),
    Attendance(AttendanceRow),
    Ratings(Vec<RatingRow>),
    Target(TargetRow),
}
