//! What the user can change, with the defaults of `kpis.md`.
//!
//! Settings arrive from the command line and, in the browser, as a JS object; both go through
//! serde, so every field has a default and unknown fields are refused rather than ignored.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// Which calls the service level divides by. Thresholds are inclusive (wait ≤ T).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlVariant {
    /// answered within T / offered (the default).
    #[default]
    Offered,
    /// answered within T / answered (Asterisk SL, VICIdial TMR).
    Answered,
    /// answered within T / (offered − short abandoned) (Talkdesk, Genesys option).
    OfferedMinusShort,
    /// (answered within T + abandoned within T) / offered (Asterisk SL2).
    WithAbandoned,
}

impl SlVariant {
    pub const ALL: [SlVariant; 4] =
        [SlVariant::Offered, SlVariant::Answered, SlVariant::OfferedMinusShort, SlVariant::WithAbandoned];

    pub fn id(self) -> &'static str {
        match self {
            SlVariant::Offered => "offered",
            SlVariant::Answered => "answered",
            SlVariant::OfferedMinusShort => "offered_minus_short",
            SlVariant::WithAbandoned => "with_abandoned",
        }
    }
}

/// Which calls the abandon rate divides by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbandonVariant {
    /// abandoned / offered (the default).
    #[default]
    Offered,
    /// (abandoned − short abandoned) / (offered − short abandoned).
    ExcludeShort,
    /// abandoned / (answered + abandoned).
    AnsweredPlusAbandoned,
}

/// Every setting of an analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Service-level threshold T in whole seconds: answered within T means wait ≤ T.
    pub sl_threshold_s: u32,
    pub sl_variant: SlVariant,
    pub abandon_variant: AbandonVariant,
    /// Abandons with wait ≤ this are short abandons; 0 switches the rule off.
    pub short_abandon_s: u32,
    /// Answered calls with talk < this are short calls (a gaming signal).
    pub short_call_s: u32,
    /// Interval length for `by_interval`: 15, 30 or 60 minutes.
    pub interval_min: u32,
    /// Repeat-caller FCR window in hours (24, 48 or 168 are the usual); 0 switches FCR off,
    /// which also frees the per-call memory FCR needs.
    pub fcr_window_h: u32,
    /// Time zone for epoch timestamps (IANA name like `Asia/Shanghai`, `UTC`, or `+08:00`).
    /// Timestamps written as local date and time are taken as they are.
    pub tz: String,
    /// Count calls that left the queue by timeout, key press or empty queue as abandoned.
    pub timeout_as_abandoned: bool,
    /// Remember every call id: a repeated call id is counted once, and surveys or QA evaluations
    /// that name a call (not an agent) are credited to the agent who took it. Costs about 30
    /// bytes per call id; off keeps memory bounded by the number of groups.
    pub dedupe: bool,
    /// Skip profile detection (`generic`, `anonymous_bank`, `queue_log`, `asterisk_cdr`,
    /// `freeswitch_cdr`, `agent_state`).
    pub profile: Option<String>,
    /// Skip encoding detection (`utf-8`, `utf-16le`, `utf-16be`, `gbk`, `gb18030`, `big5`, …).
    pub encoding: Option<String>,
    /// Skip delimiter detection: one of `,` `;` `\t` `|`.
    pub delimiter: Option<char>,
    /// Skip date-order detection for ambiguous dates like 03/04/2024: `ymd`, `mdy` or `dmy`.
    pub date_order: Option<String>,
    /// Column overrides: header text → field id (`arrival`, `agent`, `wait`, … or `ignore`).
    pub columns: Vec<(String, String)>,
    /// Outcome value overrides: value → `answered`, `abandoned`, `timed_out`, `ivr`, `other`.
    pub outcomes: Vec<(String, String)>,
    /// Which sheet of a workbook to read (name); the first sheet when empty.
    pub sheet: Option<String>,
    /// Compute required agents (Erlang C and A) per interval and the weekday × interval table.
    pub staffing: bool,
    /// Staffing: service level target, the share of calls to answer within `sl_threshold_s`.
    pub sl_target: f64,
    /// Staffing: highest acceptable occupancy (e.g. 0.85); none by default.
    pub max_occupancy: Option<f64>,
    /// Staffing: share of paid time agents are unavailable; positions = ceil(agents / (1 − shrinkage)).
    pub shrinkage: f64,
    /// The scorecard to score agents, teams and the centre with; none = no `scorecard` section.
    /// A setting (not an input) so the page can edit the card and rebuild the report at once.
    pub scorecard: Option<crate::scorecard::ScorecardDef>,
    /// The QA form evaluations are scored on; none = inferred from the QA files (and shown in
    /// the report so the user can confirm or correct it).
    pub qa_form: Option<crate::people::qa::QaForm>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            sl_threshold_s: 20,
            sl_variant: SlVariant::Offered,
            abandon_variant: AbandonVariant::Offered,
            short_abandon_s: 5,
            short_call_s: 10,
            interval_min: 30,
            fcr_window_h: 168,
            tz: "UTC".to_string(),
            timeout_as_abandoned: false,
            dedupe: true,
            profile: None,
            encoding: None,
            delimiter: None,
            date_order: None,
            columns: Vec::new(),
            outcomes: Vec::new(),
            sheet: None,
            staffing: true,
            sl_target: 0.8,
            max_occupancy: None,
            shrinkage: 0.0,
            scorecard: None,
            qa_form: None,
        }
    }
}

impl Settings {
    /// Checks every value, so that a bad setting fails before any file is read.
    pub fn validate(&self) -> Result<()> {
        let bad = |msg: String| Err(Error::new(ErrorKind::InvalidSettings, msg));
        if let Some(card) = &self.scorecard {
            card.validate()?;
        }
        if let Some(form) = &self.qa_form {
            form.validate()?;
        }
        if ![15, 30, 60].contains(&self.interval_min) {
            return bad(format!("interval must be 15, 30 or 60 minutes, not {}", self.interval_min));
        }
        if self.sl_threshold_s > 86_400 {
            return bad(format!("service-level threshold {} s is more than a day", self.sl_threshold_s));
        }
        if self.short_call_s > crate::kpi::TALK_HIST_CAP_S {
            return bad(format!(
                "short-call threshold {} s is above the {} s the engine counts short calls up to",
                self.short_call_s,
                crate::kpi::TALK_HIST_CAP_S
            ));
        }
        if self.fcr_window_h > 24 * 366 {
            return bad(format!("FCR window {} h is more than a year", self.fcr_window_h));
        }
        if !(self.sl_target > 0.0 && self.sl_target <= 1.0) {
            return bad(format!("service-level target must be in (0, 1], not {}", self.sl_target));
        }
        if let Some(o) = self.max_occupancy {
            if !(o > 0.0 && o <= 1.0) {
                return bad(format!("maximum occupancy must be in (0, 1], not {o}"));
            }
        }
        if !(self.shrinkage >= 0.0 && self.shrinkage < 1.0) {
            return bad(format!("shrinkage must be in [0, 1), not {}", self.shrinkage));
        }
        crate::ingest::values::TimeZone::parse(&self.tz)?;
        if let Some(p) = &self.profile {
            crate::ingest::Profile::from_id(p)?;
        }
        if let Some(e) = &self.encoding {
            crate::ingest::encoding::by_label(e)?;
        }
        if let Some(d) = self.delimiter {
            if ![',', ';', '\t', '|'].contains(&d) {
                return bad(format!("delimiter must be one of , ; tab |, not {d:?}"));
            }
        }
        if let Some(o) = &self.date_order {
            crate::ingest::values::DateOrder::parse(o)?;
        }
        for (header, field) in &self.columns {
            if crate::ingest::fields::Field::from_id(field).is_none() && field != "ignore" {
                return bad(format!("column '{header}': unknown field '{field}'"));
            }
        }
        for (value, outcome) in &self.outcomes {
            if crate::ingest::values::Outcome::from_id(outcome).is_none() {
                return bad(format!("outcome value '{value}': unknown outcome '{outcome}'"));
            }
        }
        Ok(())
    }
}
