//! What the user can change, with the defaults of `kpis.md`: the one owner of every default.
//!
//! Settings arrive from the command line and, in the browser, as a JS object; both go through
//! serde, so every field has a default and unknown fields are refused rather than ignored. The
//! struct is flat because that is how users and the page write it; each module then gets its own
//! part ([`Settings::read_options`], [`Settings::kpi_rules`], [`Settings::staffing_targets`], …)
//! and checks it. The command line's flags and the page's controls take their defaults from
//! [`Settings::default`] (the wasm binding exports it as `defaultSettings()`), and
//! [`RECOMPUTABLE`] says which settings a report can change without reading the files again.

use serde::{Deserialize, Deserializer, Serialize};

use crate::chat::{ChatRules, OrderAttribution};
use crate::error::{Error, ErrorKind, Message, Result};
use crate::ingest::ReadOptions;
use crate::kpi::{AbandonVariant, KpiRules, SlVariant};
use crate::model::calendar::{Calendar, WeekStart, LAST_MONTH_START};
use crate::model::catalog::FormulaParams;
use crate::model::filter::{Filter, NameRule};
use crate::people::{CoachingNote, EvaluatorBias, QaForm, COACHING_CHARS, MAX_COACHING_NOTES};
use crate::scorecard::ScorecardDef;
use crate::staffing::Targets;

/// The interval lengths the report can group by, in minutes.
pub const INTERVALS: [u32; 3] = [15, 30, 60];

/// The settings [`crate::Analyzer::report`] applies to what was already read: everything but how
/// files are read (the [`ReadOptions`] fields) and `dedupe`, which decides what is remembered while
/// reading. `fcr_window_h` recomputes only when the files were read with FCR on.
pub const RECOMPUTABLE: &[&str] = &[
    "sl_threshold_s",
    "sl_variant",
    "abandon_variant",
    "short_abandon_s",
    "short_call_s",
    "interval_min",
    "fcr_window_h",
    "timeout_as_abandoned",
    "staffing",
    "sl_target",
    "max_occupancy",
    "shrinkage",
    "scorecard",
    "qa_form",
    "qa_evaluator_bias",
    "chat_session_gap_min",
    "conversion_window_h",
    "order_attribution",
    "week_start",
    "month_starts_on_day",
    "coaching",
    "period",
    "compare_with",
];

/// Every setting of an analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Service-level threshold T in whole seconds: answered within T means wait ≤ T.
    pub sl_threshold_s: u32,
    /// Which calls the service level divides by.
    pub sl_variant: SlVariant,
    /// Which calls the abandon rate divides by.
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
    /// Time zone for epoch timestamps and timestamps with a UTC offset (IANA name like
    /// `Asia/Shanghai`, `UTC`, or `+08:00`). `None` (the default): the front end's local zone —
    /// the browser's in the page, the system's in the CLI ([`crate::Analyzer::with_local_zone`]),
    /// UTC for a library user who gives none — so a settings file moves between machines without
    /// pinning one machine's zone. Timestamps written as local date and time are never shifted.
    pub tz: Option<String>,
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
    /// `"preset:NAME"` stands for a preset card.
    #[serde(deserialize_with = "card_or_preset")]
    pub scorecard: Option<ScorecardDef>,
    /// What flagged QA evaluators' scores do: `keep` (and warn on affected agents' review pages),
    /// `exclude` them, or `calibrate` (subtract each evaluator's measured bias).
    pub qa_evaluator_bias: EvaluatorBias,
    /// Calls of this queue are complaints (counted in `complaints`, deducted by seed 002's volume
    /// formula); none by default. Applied while reading.
    pub complaint_queue: Option<String>,
    /// The QA form evaluations are scored on; none = inferred from the QA files (and shown in
    /// the report so the user can confirm or correct it). `"preset:NAME"` stands for a preset form.
    #[serde(deserialize_with = "form_or_preset")]
    pub qa_form: Option<QaForm>,
    /// Chat logs without a session column: a buyer's messages more than this many minutes apart
    /// begin a new session (1–1440).
    pub chat_session_gap_min: u32,
    /// A buyer served in a chat converts when they pay within this many hours of the session's
    /// start; 0 = on the same day (the default).
    pub conversion_window_h: u32,
    /// Who an order belongs to: `named_then_chat` (the 客服 named on it, else the last 客服 who
    /// chatted with the buyer before it), `named` or `last_chat`.
    pub order_attribution: OrderAttribution,
    /// Outbound result codes: value → `success`, `connected` or `not_connected`, consulted before
    /// the built-in table (成功, 拒绝, 无人接听, 空号 …).
    pub outbound_results: Vec<(String, String)>,
    /// Only this local day (`YYYY-MM-DD`): calls, events, chats and orders of other days are
    /// skipped (rule OTHER_DAY). What the wallboard's live mode reads: today.
    pub day: Option<String>,
    /// The first day of a week in `by_week`: `monday` (ISO weeks) or `sunday`.
    pub week_start: WeekStart,
    /// The day of the month an appraisal month (考核周期) starts on, 1–28: with 26, the month
    /// `2024-02` of `by_month` and of monthly scorecards runs from 26 January to 25 February.
    pub month_starts_on_day: u32,
    /// Filter: the first day read (`YYYY-MM-DD`, local time, inclusive); none = from the start.
    pub from: Option<String>,
    /// Filter: the last day read (`YYYY-MM-DD`, inclusive); none = to the end.
    pub to: Option<String>,
    /// Filter: read only calls of these queues (empty = every queue).
    pub queues: Vec<String>,
    /// Filter: leave out calls of these queues.
    pub exclude_queues: Vec<String>,
    /// Filter: read only these agents' calls and people rows (agent id or name; empty = all).
    pub agents: Vec<String>,
    /// Filter: leave out these agents.
    pub exclude_agents: Vec<String>,
    /// Filter: read only these teams (the call's team, else the agent's in a roster; empty = all).
    pub teams: Vec<String>,
    /// Filter: leave out these teams.
    pub exclude_teams: Vec<String>,
    /// The period the comparison is about: a month `2024-02` (an appraisal month under
    /// `month_starts_on_day`), an ISO week `2024-W05`, a day or a range `2024-02-01..2024-02-15`;
    /// none = the latest appraisal month of the data.
    pub period: Option<String>,
    /// The period `period` is compared with: `previous` (the month, week, day or range before),
    /// `last_year` (the same one a year earlier) or a period as for `period`; none = no comparison.
    pub compare_with: Option<String>,
    /// Coaching records (辅导记录, 改进行动计划) per agent and period, entered on the review page;
    /// the report lists those of its agents, and snapshots keep them.
    pub coaching: Vec<CoachingNote>,
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
            tz: None,
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
            complaint_queue: None,
            qa_evaluator_bias: EvaluatorBias::Keep,
            chat_session_gap_min: 30,
            conversion_window_h: 0,
            order_attribution: OrderAttribution::NamedThenChat,
            outbound_results: Vec::new(),
            day: None,
            week_start: WeekStart::Monday,
            month_starts_on_day: 1,
            from: None,
            to: None,
            queues: Vec::new(),
            exclude_queues: Vec::new(),
            agents: Vec::new(),
            exclude_agents: Vec::new(),
            teams: Vec::new(),
            exclude_teams: Vec::new(),
            period: None,
            compare_with: None,
            coaching: Vec::new(),
        }
    }
}

impl Settings {
    /// How files are read.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            tz: self.tz.clone().unwrap_or_default(),
            profile: self.profile.clone(),
            encoding: self.encoding.clone(),
            delimiter: self.delimiter,
            date_order: self.date_order.clone(),
            columns: self.columns.clone(),
            outcomes: self.outcomes.clone(),
            sheet: self.sheet.clone(),
            outbound_results: self.outbound_results.clone(),
        }
    }

    /// The rules chat KPIs are computed under.
    pub fn chat_rules(&self) -> ChatRules {
        ChatRules {
            session_gap_min: self.chat_session_gap_min,
            conversion_window_h: self.conversion_window_h,
            attribution: self.order_attribution,
        }
    }

    /// The `day` setting as days since 1970, when set (checked by [`Settings::validate`]).
    pub(crate) fn only_day(&self) -> Option<i64> {
        let d = chrono::NaiveDate::parse_from_str(self.day.as_deref()?.trim(), "%Y-%m-%d").ok()?;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
        Some((d - epoch).num_days())
    }

    /// The rules KPIs are computed under.
    pub fn kpi_rules(&self) -> KpiRules {
        KpiRules {
            sl_threshold_s: self.sl_threshold_s,
            sl_variant: self.sl_variant,
            abandon_variant: self.abandon_variant,
            short_abandon_s: self.short_abandon_s,
            short_call_s: self.short_call_s,
            timeout_as_abandoned: self.timeout_as_abandoned,
            fcr_window_h: self.fcr_window_h,
        }
    }

    /// The targets required agents are computed for (also when `staffing` is off, for checking).
    pub fn staffing_targets(&self) -> Targets {
        Targets {
            sl_target: Some(self.sl_target),
            sl_threshold_s: f64::from(self.sl_threshold_s),
            max_occupancy: self.max_occupancy,
            max_wait_probability: None,
            shrinkage: self.shrinkage,
        }
    }

    /// How days fall into weeks and appraisal months.
    pub(crate) fn calendar(&self) -> Calendar {
        Calendar { week_start: self.week_start, month_starts_on_day: self.month_starts_on_day }
    }

    /// Which calls and people rows are read.
    pub(crate) fn filter(&self) -> Result<Filter> {
        let filter = Filter::new(
            self.from.as_deref(),
            self.to.as_deref(),
            NameRule::new(&self.queues, &self.exclude_queues),
            NameRule::new(&self.agents, &self.exclude_agents),
            NameRule::new(&self.teams, &self.exclude_teams),
        )
        .map_err(|field| {
            let value = if field == "from" { &self.from } else { &self.to };
            Error::setting(field, Message::BadFilterDate { value: value.clone().unwrap_or_default() })
        })?;
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                return Err(Error::setting("to", Message::FilterEndsBeforeStart));
            }
        }
        Ok(filter)
    }

    fn validate_periods(&self) -> Result<()> {
        let cal = self.calendar();
        let bad = |field: &str, value: &str| Error::setting(field, Message::BadPeriod { value: value.to_string() });
        if let Some(p) = &self.period {
            cal.span(p).ok_or_else(|| bad("period", p))?;
        }
        if let Some(w) = &self.compare_with {
            if !matches!(w.trim(), "previous" | "last_year") {
                cal.span(w).ok_or_else(|| bad("compare_with", w))?;
            }
        }
        Ok(())
    }

    fn validate_coaching(&self) -> Result<()> {
        if self.coaching.len() > MAX_COACHING_NOTES {
            return Err(Error::setting(
                "coaching",
                Message::TooManyCoachingNotes { count: self.coaching.len(), limit: MAX_COACHING_NOTES },
            ));
        }
        for (i, c) in self.coaching.iter().enumerate() {
            if c.agent.trim().is_empty() || c.period.trim().is_empty() {
                return Err(Error::setting(format!("coaching[{i}]"), Message::CoachingNeedsAgentAndPeriod));
            }
            for (field, text) in [("note", &c.note), ("plan", &c.plan)] {
                let chars = text.chars().count();
                if chars > COACHING_CHARS {
                    return Err(Error::setting(
                        format!("coaching[{i}].{field}"),
                        Message::CoachingTooLong { chars, limit: COACHING_CHARS },
                    ));
                }
            }
        }
        Ok(())
    }

    /// The values KPI formulas are written with.
    pub(crate) fn formula_params(&self) -> FormulaParams {
        FormulaParams {
            sl_threshold_s: self.sl_threshold_s,
            short_abandon_s: self.short_abandon_s,
            short_call_s: self.short_call_s,
            fcr_window_h: self.fcr_window_h,
            interval_min: self.interval_min,
            sl_target: self.sl_target,
            max_occupancy: self.max_occupancy,
            shrinkage: self.shrinkage,
            sl_variant: self.sl_variant.id(),
            abandon_variant: self.abandon_variant.id(),
            timeout_as_abandoned: self.timeout_as_abandoned,
            conversion_window_h: self.conversion_window_h,
            chat_session_gap_min: self.chat_session_gap_min,
        }
    }

    /// Checks every value, so that a bad setting fails before any file is read.
    pub fn validate(&self) -> Result<()> {
        if let Some(card) = &self.scorecard {
            card.validate().map_err(|e| e.at("scorecard"))?;
        }
        if let Some(form) = &self.qa_form {
            form.validate().map_err(|e| e.at("qa_form"))?;
        }
        if !INTERVALS.contains(&self.interval_min) {
            return Err(Error::setting("interval_min", Message::BadInterval { value: self.interval_min }));
        }
        if !(1..=LAST_MONTH_START).contains(&self.month_starts_on_day) {
            return Err(Error::setting(
                "month_starts_on_day",
                Message::BadMonthStart { value: self.month_starts_on_day, last: LAST_MONTH_START },
            ));
        }
        self.filter()?;
        self.validate_periods()?;
        self.validate_coaching()?;
        self.kpi_rules().validate()?;
        if !(1..=1440).contains(&self.chat_session_gap_min) {
            let m = Message::ChatSessionGap { value: self.chat_session_gap_min };
            return Err(Error::setting("chat_session_gap_min", m));
        }
        if self.conversion_window_h > 30 * 24 {
            let m = Message::ConversionWindowTooLong { value: self.conversion_window_h };
            return Err(Error::setting("conversion_window_h", m));
        }
        if let Some(d) = &self.day {
            if self.only_day().is_none() {
                return Err(Error::setting("day", Message::BadDay { value: d.clone() }));
            }
        }
        self.staffing_targets().validate().map_err(|e| {
            Error::new(ErrorKind::InvalidSettings, Message::StaffingInvalid { detail: e.message().boxed() })
        })?;
        self.read_options().validate()
    }
}

/// The local zone a front end knows: the page passes the browser's
/// (`Intl.DateTimeFormat().resolvedOptions().timeZone`), the CLI the system's. The engine cannot
/// find it by itself (wasm has no system zone), so each front end says which it has and the
/// report says which was used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LocalZone {
    /// No local zone known (a library user): UTC.
    #[default]
    Unknown,
    /// The browser's zone.
    Browser(String),
    /// The operating system's zone.
    System(String),
}

/// Where the zone of epoch timestamps came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneSource {
    /// The `tz` setting.
    Settings,
    /// The browser's zone (no `tz` set).
    Browser,
    /// The system's zone (no `tz` set).
    System,
    /// UTC: no `tz` set and no local zone known (or one the engine does not know).
    Default,
}

/// The zone epoch timestamps were shown in, where it came from and why (`report.time_zone`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeZoneUsed {
    /// IANA name, `UTC` or an offset.
    pub zone: String,
    /// Where it came from.
    pub source: ZoneSource,
    /// Why, for the import review.
    pub reason: Message,
}

impl Settings {
    /// The zone epoch timestamps are read in: the `tz` setting, else the front end's local zone,
    /// else UTC — with the reason the import review shows.
    pub fn time_zone(&self, local: &LocalZone) -> TimeZoneUsed {
        let used = |zone: &str, source, why: Message| TimeZoneUsed {
            zone: zone.to_string(),
            source,
            reason: Message::TzUsed { zone: zone.to_string(), why: why.boxed() },
        };
        if let Some(tz) = self.tz.as_deref().filter(|t| !t.trim().is_empty()) {
            return used(tz.trim(), ZoneSource::Settings, Message::TzFromSettings);
        }
        let (zone, source, why) = match local {
            LocalZone::Unknown => return used("UTC", ZoneSource::Default, Message::TzDefault),
            LocalZone::Browser(z) => (z, ZoneSource::Browser, Message::TzBrowser),
            LocalZone::System(z) => (z, ZoneSource::System, Message::TzSystem),
        };
        match crate::ingest::values::TimeZone::parse(zone) {
            Ok(_) if !zone.trim().is_empty() => used(zone.trim(), source, why),
            _ => used("UTC", ZoneSource::Default, Message::TzLocalUnknown { zone: zone.clone() }),
        }
    }
}

/// A scorecard given inline, or `"preset:NAME"`.
fn card_or_preset<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<ScorecardDef>, D::Error> {
    use serde::de::Error as _;
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => preset_name(&s)
            .and_then(crate::scorecard::preset)
            .map(Some)
            .map_err(|e| D::Error::custom(e.message().to_string())),
        Some(v) => ScorecardDef::deserialize(v).map(Some).map_err(D::Error::custom),
    }
}

/// A QA form given inline, or `"preset:NAME"`.
fn form_or_preset<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<QaForm>, D::Error> {
    use serde::de::Error as _;
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => preset_name(&s)
            .and_then(crate::people::qa_form_preset)
            .map(Some)
            .map_err(|e| D::Error::custom(e.message().to_string())),
        Some(v) => QaForm::deserialize(v).map(Some).map_err(D::Error::custom),
    }
}

fn preset_name(s: &str) -> Result<&str> {
    s.strip_prefix("preset:")
        .ok_or_else(|| Error::new(ErrorKind::InvalidSettings, Message::NotPresetName { value: s.to_string() }))
}

/// The values a form offers for each setting and card field that takes one of a list: the page's
/// selects and the CLI's help read them here, so no list is written twice.
#[derive(Clone, Debug, Serialize)]
pub struct Choices {
    /// `sl_variant` ids.
    pub sl_variant: Vec<&'static str>,
    /// `abandon_variant` ids.
    pub abandon_variant: Vec<&'static str>,
    /// `interval_min` values.
    pub interval_min: [u32; 3],
    /// `date_order` ids.
    pub date_order: [&'static str; 3],
    /// `delimiter` characters.
    pub delimiter: [char; 4],
    /// `profile` ids.
    pub profile: [&'static str; 14],
    /// Encoding labels offered first (any label encoding_rs knows is accepted).
    pub encoding: [&'static str; 7],
    /// Fields a column can be mapped to (`columns`), and `ignore`.
    pub column_field: Vec<&'static str>,
    /// What an outcome value can count as (`outcomes`).
    pub outcome: [&'static str; 5],
    /// Scorecard scoring methods.
    pub scoring_method: Vec<&'static str>,
    /// Scorecard gate effects.
    pub gate_effect: Vec<serde_json::Value>,
    /// Preset scorecard ids (`"preset:ID"`).
    pub scorecard_preset: Vec<&'static str>,
    /// Preset QA form ids (`"preset:ID"`).
    pub qa_form_preset: Vec<&'static str>,
    /// `qa_evaluator_bias` options.
    pub qa_evaluator_bias: Vec<serde_json::Value>,
    /// `order_attribution` rules.
    pub order_attribution: Vec<serde_json::Value>,
    /// What an outbound result code can count as (`outbound_results`).
    pub outbound_result: [&'static str; 3],
    /// `week_start` options.
    pub week_start: Vec<serde_json::Value>,
    /// A scorecard metric's `when_missing` options.
    pub when_missing: Vec<serde_json::Value>,
}

/// Every list a settings form offers.
pub fn choices() -> Choices {
    use crate::ingest::{fields::Field, values::DateOrder, Profile, DELIMITERS};
    use crate::model::call::Outcome;
    use crate::scorecard::{GateEffect, Method, WhenMissing};
    let mut column_field: Vec<&'static str> = Field::ALL.iter().map(|f| f.id()).collect();
    column_field.push("ignore");
    Choices {
        sl_variant: SlVariant::ALL.iter().map(|v| v.id()).collect(),
        abandon_variant: AbandonVariant::ALL.iter().map(|v| v.id()).collect(),
        interval_min: INTERVALS,
        date_order: DateOrder::IDS,
        delimiter: DELIMITERS,
        profile: Profile::IDS,
        encoding: ["utf-8", "gbk", "gb18030", "big5", "utf-16le", "utf-16be", "windows-1252"],
        column_field,
        outcome: Outcome::IDS,
        scoring_method: Method::ALL.iter().map(|m| m.id()).collect(),
        gate_effect: GateEffect::ALL.iter().map(|g| serde_json::to_value(g).unwrap_or_default()).collect(),
        scorecard_preset: crate::scorecard::PRESETS.iter().map(|p| p.0).collect(),
        qa_form_preset: crate::people::QA_FORMS.iter().map(|p| p.0).collect(),
        qa_evaluator_bias: EvaluatorBias::ALL.iter().map(|b| serde_json::to_value(b).unwrap_or_default()).collect(),
        order_attribution: OrderAttribution::ALL.iter().map(|b| serde_json::to_value(b).unwrap_or_default()).collect(),
        outbound_result: crate::model::call::OutboundResult::IDS,
        week_start: WeekStart::ALL.iter().map(|w| serde_json::to_value(w).unwrap_or_default()).collect(),
        when_missing: WhenMissing::ALL.iter().map(|w| serde_json::to_value(w).unwrap_or_default()).collect(),
    }
}
