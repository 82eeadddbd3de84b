//! The report: KPIs per grouping, the file accounting, and how every number was made.
//!
//! This module holds the output types (what `callscore report --json` prints and the page shows);
//! [`assemble`] builds them, with the staffing plan, the patience curve, agent time and the
//! scorecard's subjects in modules of their own.

mod agent_time;
mod assemble;
mod channels;
mod columns;
mod compare;
mod patience;
mod periods;
mod snapshot;
mod staffing_plan;
mod subjects;
mod trends;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::chat::{ChatKpis, ConversionHours};
use crate::ingest::FileSummary;
use crate::kpi::{Kpis, OutboundKpis};
use crate::model::catalog::{Formula, Grouping};
use crate::model::message::Message;
use crate::pbx::{Callback, IncompleteCall, PbxNow, PbxSummary};
use crate::settings::Settings;
use crate::staffing::RequiredAgents;
pub(crate) use assemble::{build, IntervalsTo, Read};
pub use compare::{Change, Verdict};
pub(crate) use snapshot::{is_snapshot, Snapshot, SnapshotFile, FORMAT as SNAPSHOT_FORMAT, MAX_SNAPSHOT_BYTES};
pub(crate) use staffing_plan::{staffing_seeds, staffing_work, StaffingSeeds};

/// Everything `callscore report --json` prints and the page shows.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The engine and version that made the report.
    pub engine: &'static str,
    /// The settings it was made with.
    pub settings: Settings,
    /// The zone epoch timestamps were read in and why (set by the analyzer).
    pub time_zone: Option<crate::settings::TimeZoneUsed>,
    /// Every file read, with its accounting and import review.
    pub inputs: Vec<FileSummary>,
    /// First and last call arrival, local time.
    pub period: Option<Period>,
    /// The KPIs of all calls, outbound calls and chats.
    pub totals: Totals,
    /// Per queue.
    pub by_queue: Vec<QueueRow>,
    /// Per outbound campaign (外呼项目).
    pub by_campaign: Vec<CampaignRow>,
    /// Per agent (with agent time when session or state data was read).
    pub by_agent: Vec<AgentRow>,
    /// Per team.
    pub by_team: Vec<TeamRow>,
    /// Per day.
    pub by_day: Vec<DayRow>,
    /// Per week (`week_start`).
    pub by_week: Vec<PeriodRow>,
    /// Per appraisal month (`month_starts_on_day`).
    pub by_month: Vec<PeriodRow>,
    /// The total row (合计) of `by_day`, `by_week` and `by_month`: the tallies of every day added
    /// up, not the rates averaged; equal to `totals` unless a note says days were left out.
    pub period_total: Kpis,
    /// Each agent per day (the last 92 days of the data), week and appraisal month: the agent's
    /// own trend, beside `by_team_period` and the centre's `by_day`, `by_week` and `by_month`.
    pub by_agent_period: Vec<AgentPeriodRow>,
    /// Each team per day (the last 92 days), week and appraisal month.
    pub by_team_period: Vec<TeamPeriodRow>,
    /// Each agent per queue (skill): calls, AHT, service level … per skill.
    pub by_agent_queue: Vec<AgentQueueRow>,
    /// Two periods side by side (`period` and `compare_with`); absent without `compare_with`.
    pub comparison: Option<Comparison>,
    /// Per interval.
    pub by_interval: Vec<IntervalRow>,
    /// Per weekday and hour of the day.
    pub by_weekday_hour: Vec<WeekdayHourRow>,
    /// The patience curve: callers still waiting and not yet hung up after t seconds.
    pub patience_curve: Vec<PatiencePoint>,
    /// Staffing inputs shared by every interval (patience, AHT basis, targets) and the
    /// weekday × interval requirement table; `None` when the `staffing` setting is off.
    pub staffing: Option<StaffingSummary>,
    /// First login and last logout per agent and day (needs agent session or state data).
    pub agent_days: Vec<AgentDayRow>,
    /// Unanswered callers with a number, and whether they later got through.
    pub callbacks: Vec<Callback>,
    /// How queue_log events and CDR legs became calls; absent without phone-system logs.
    pub pbx: Option<PbxSummary>,
    /// The state at the end of the phone-system log (calls waiting, agents logged in, available,
    /// paused, on a call): what a wallboard shows as "now"; absent without queue_log or agent states.
    pub now: Option<PbxNow>,
    /// How chat logs and orders were read and matched, and the conversion-vs-busy-hours table;
    /// absent without chat or order files.
    pub chat: Option<ChatSummary>,
    /// Formula of each KPI under the settings used, with numerator and denominator named.
    pub definitions: BTreeMap<&'static str, Formula>,
    /// KPIs left out of a grouping because the data cannot support them there, and why (e.g.
    /// abandoned calls carry no agent, so agents have no abandon rate).
    pub limits: Vec<Limit>,
    /// What the user should know about how the figures were made.
    pub notes: Vec<Message>,
    /// QA, survey, roster, attendance and rating KPIs; absent without people files.
    pub people: Option<crate::people::PeopleReport>,
    /// The `coaching` setting's records of this report's agents, by agent and period.
    pub coaching: Vec<crate::people::CoachingNote>,
    /// Scores, grades and fairness checks of the `scorecard` setting; absent without one.
    pub scorecard: Option<crate::scorecard::ScorecardReport>,
    /// The card scored per appraisal month, when the data spans several: one result per agent,
    /// team and the centre per month, in month order (the trend of totals and grades).
    pub scorecards_by_period: Vec<PeriodScorecard>,
}

/// The scorecard of one appraisal month.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodScorecard {
    /// The month (`2024-02`, under `month_starts_on_day`).
    pub period: String,
    /// Its first day, YYYY-MM-DD.
    pub first_day: String,
    /// Its last day, YYYY-MM-DD.
    pub last_day: String,
    /// The card scored on that month's calls and people rows.
    pub scorecard: crate::scorecard::ScorecardReport,
}

/// The KPIs of the whole period: inbound calls, outbound calls and chats side by side (the call
/// KPIs are also reachable as fields of this struct: `report.totals.answered`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    /// Inbound call KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
    /// Outbound call KPIs.
    #[serde(flatten)]
    pub outbound: OutboundKpis,
    /// Chat and order KPIs.
    #[serde(flatten)]
    pub chat: ChatKpis,
}

impl std::ops::Deref for Totals {
    type Target = Kpis;
    fn deref(&self) -> &Kpis {
        &self.kpis
    }
}

impl std::ops::DerefMut for Totals {
    fn deref_mut(&mut self) -> &mut Kpis {
        &mut self.kpis
    }
}

/// The KPIs of one outbound campaign.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignRow {
    /// The campaign; null for outbound calls without one.
    pub campaign: Option<String>,
    /// The outbound KPIs.
    #[serde(flatten)]
    pub outbound: OutboundKpis,
}

/// How chat logs and orders were read and matched.
#[derive(Clone, Debug, Serialize)]
pub struct ChatSummary {
    /// Messages kept (system messages included; duplicates left out).
    pub messages: u64,
    /// Sessions rebuilt.
    pub sessions: u64,
    /// Distinct buyers with a session.
    pub buyers: u64,
    /// Orders read (duplicates left out).
    pub orders: u64,
    /// Orders that belong to no 客服.
    pub orders_unattributed: u64,
    /// The order attribution rule in force.
    pub attribution: Message,
    /// The conversion window in hours (0 = the same day).
    pub conversion_window_h: u32,
    /// The session gap in minutes (logs without a session column).
    pub session_gap_min: u32,
    /// Conversion per 客服 beside buyer volume per hour of the day.
    pub conversion_hours: ConversionHours,
}

/// KPIs a grouping of the report leaves out (null), and why.
#[derive(Clone, Debug, Serialize)]
pub struct Limit {
    /// The grouping (`agent`, `team` …).
    pub grouping: Grouping,
    /// The KPI ids that are null in every row of it.
    pub kpis: Vec<&'static str>,
    /// Why.
    pub reason: Message,
}

/// First and last call of the data.
#[derive(Clone, Debug, Serialize)]
pub struct Period {
    /// First arrival, local time.
    pub first: String,
    /// Last arrival, local time.
    pub last: String,
}

/// The KPIs of one queue.
#[derive(Clone, Debug, Serialize)]
pub struct QueueRow {
    /// The queue; null for calls without one.
    pub queue: Option<String>,
    /// The KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// The KPIs and agent time of one agent.
#[derive(Clone, Debug, Serialize)]
pub struct AgentRow {
    /// The agent; null for calls without one.
    pub agent: Option<String>,
    /// The agent's name.
    pub name: Option<String>,
    /// The agent's team.
    pub team: Option<String>,
    /// Seconds logged in (null without session or state data).
    pub logged_in: Option<f64>,
    /// Seconds paused / not ready, by reason.
    pub paused: BTreeMap<String, f64>,
    /// Seconds logged in, not paused and not handling a call.
    pub available: Option<f64>,
    /// handle / (handle + available).
    pub occupancy: Option<f64>,
    /// handle / logged in.
    pub utilization: Option<f64>,
    /// 实际工作率: talk / logged in.
    pub work_rate: Option<f64>,
    /// answered / logged-in hours.
    pub calls_per_hour: Option<f64>,
    /// Rings the agent let go unanswered (queue_log RINGNOANSWER).
    pub missed: u64,
    /// Sessions still open when the log ended (closed at its last event) or already open when
    /// it began (counted from its first event).
    pub open_sessions: u64,
    /// The call KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
    /// The outbound KPIs.
    #[serde(flatten)]
    pub outbound: OutboundKpis,
    /// The chat KPIs.
    #[serde(flatten)]
    pub chat: ChatKpis,
}

impl AgentRow {
    /// A row with the call KPIs; the agent-time figures are filled in when state data exists.
    pub(crate) fn new(agent: Option<String>, name: Option<String>, team: Option<String>, kpis: Kpis) -> AgentRow {
        AgentRow {
            agent,
            name,
            team,
            logged_in: None,
            paused: BTreeMap::new(),
            available: None,
            occupancy: None,
            utilization: None,
            work_rate: None,
            calls_per_hour: None,
            missed: 0,
            open_sessions: 0,
            kpis,
            outbound: OutboundKpis::default(),
            chat: ChatKpis::default(),
        }
    }
}

/// An agent's first login and last logout of a day, local time.
#[derive(Clone, Debug, Serialize)]
pub struct AgentDayRow {
    /// The agent.
    pub agent: String,
    /// The day, YYYY-MM-DD.
    pub day: String,
    /// First login of the day.
    pub first_login: Option<String>,
    /// Last logout of the day.
    pub last_logout: Option<String>,
}

/// The KPIs of one team.
#[derive(Clone, Debug, Serialize)]
pub struct TeamRow {
    /// The team; null for calls of agents without one.
    pub team: Option<String>,
    /// The KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
    /// The outbound KPIs.
    #[serde(flatten)]
    pub outbound: OutboundKpis,
    /// The chat KPIs.
    #[serde(flatten)]
    pub chat: ChatKpis,
}

/// The KPIs of one day.
#[derive(Clone, Debug, Serialize)]
pub struct DayRow {
    /// The day, YYYY-MM-DD.
    pub day: String,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    /// The KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
    /// The outbound KPIs.
    #[serde(flatten)]
    pub outbound: OutboundKpis,
    /// The chat KPIs.
    #[serde(flatten)]
    pub chat: ChatKpis,
}

/// The KPIs of one week or appraisal month.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodRow {
    /// The period: `2024-W05` (ISO week), `2024-01-28` (a week from that Sunday) or `2024-02`
    /// (an appraisal month, named for the month it ends in).
    pub period: String,
    /// Its first day, YYYY-MM-DD.
    pub first_day: String,
    /// Its last day, YYYY-MM-DD (inclusive).
    pub last_day: String,
    /// The KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// One agent's KPIs in one day, week or appraisal month.
#[derive(Clone, Debug, Serialize)]
pub struct AgentPeriodRow {
    /// The agent; null for answered calls without one.
    pub agent: Option<String>,
    /// `day`, `week` or `month`.
    pub grain: &'static str,
    /// The period and its KPIs.
    #[serde(flatten)]
    pub row: PeriodRow,
}

/// One team's KPIs in one day, week or appraisal month.
#[derive(Clone, Debug, Serialize)]
pub struct TeamPeriodRow {
    /// The team.
    pub team: Option<String>,
    /// `day`, `week` or `month`.
    pub grain: &'static str,
    /// The period and its KPIs.
    #[serde(flatten)]
    pub row: PeriodRow,
}

/// One agent's KPIs on one queue (skill).
#[derive(Clone, Debug, Serialize)]
pub struct AgentQueueRow {
    /// The agent.
    pub agent: Option<String>,
    /// The queue.
    pub queue: Option<String>,
    /// The KPIs (FCR is per agent and per queue, not per pair: null here).
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// A period of a comparison.
#[derive(Clone, Debug, Serialize)]
pub struct SpanRow {
    /// As asked (`2024-02`, `2024-W05`, `2024-02-01`, `2024-02-01..2024-02-15`) or found.
    pub label: String,
    /// First day, YYYY-MM-DD.
    pub first_day: String,
    /// Last day, YYYY-MM-DD (inclusive).
    pub last_day: String,
}

/// Two periods side by side: every KPI in each, the change and whether it moved the right way.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The period shown (`period`, else the latest appraisal month of the data).
    pub current: SpanRow,
    /// The period compared with (`compare_with`).
    pub previous: SpanRow,
    /// The centre.
    pub totals: Vec<Change>,
    /// Per queue.
    pub by_queue: Vec<GroupChanges>,
    /// Per agent.
    pub by_agent: Vec<GroupChanges>,
    /// Per team.
    pub by_team: Vec<GroupChanges>,
}

/// One group's KPIs in two periods.
#[derive(Clone, Debug, Serialize)]
pub struct GroupChanges {
    /// The queue, agent or team (null: calls without one).
    pub name: Option<String>,
    /// Each KPI in both periods.
    pub changes: Vec<Change>,
}

/// The KPIs and staffing of one interval.
#[derive(Clone, Debug, Serialize)]
pub struct IntervalRow {
    /// Interval start, local time, `YYYY-MM-DD HH:MM`; intervals are `[start, start + length)`.
    pub start: String,
    /// The KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
    /// Agents needed for this interval's offered calls and handle time (Erlang C and A);
    /// `None` when the `staffing` setting is off.
    pub required_agents: Option<RequiredAgents>,
    /// Average number of agents logged in: logged-in agent-seconds inside the interval /
    /// interval length (queue_log sessions or agent-state rows); `None` when no agent session
    /// or state data was loaded.
    pub logged_in_agents: Option<f64>,
    /// Average number of agents logged in and not paused (on a call or ready), same basis.
    pub available_agents: Option<f64>,
    /// `logged_in_agents` < Erlang C `raw_positions` (agents needed on the phones, before
    /// shrinkage); `None` without agent data or without an Erlang C figure.
    pub understaffed: Option<bool>,
}

/// Staffing figures for the whole report.
#[derive(Clone, Debug, Serialize)]
pub struct StaffingSummary {
    /// Mean caller patience for Erlang A, seconds; `None` when there are no abandoned calls
    /// with a wait (then Erlang A is left out).
    pub patience_s: Option<f64>,
    /// How `patience_s` was estimated.
    pub method: Message,
    /// Abandoned calls with a known wait (the numerator of the abandonment rate).
    pub abandoned: u64,
    /// Σ wait of answered and abandoned calls, seconds (the time at risk of abandoning).
    pub total_wait_s: f64,
    /// `aht` when the source has after-call work, else `avg_talk` (talk only).
    pub aht_basis: &'static str,
    /// Handle time of the whole period on that basis, used for intervals that have calls but
    /// no answered call to measure it on.
    pub period_aht_s: Option<f64>,
    /// Interval length, minutes.
    pub interval_min: u32,
    /// Service-level target.
    pub sl_target: f64,
    /// Service-level threshold, seconds.
    pub sl_threshold_s: u32,
    /// Highest acceptable occupancy.
    pub max_occupancy: Option<f64>,
    /// Shrinkage.
    pub shrinkage: f64,
    /// Mean offered calls and handle time per weekday and interval of the day, with the agents
    /// they need: a table to copy into a roster.
    pub weekday_interval: Vec<WeekdayIntervalRow>,
}

/// Mean offered calls and required agents for one weekday and interval of the day.
#[derive(Clone, Debug, Serialize)]
pub struct WeekdayIntervalRow {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    /// Interval start, local time of day, `HH:MM`.
    pub interval: String,
    /// Days of this weekday in the data (the divisor of `offered_mean`).
    pub days: u32,
    /// Offered calls / days of the weekday.
    pub offered_mean: f64,
    /// Handle time used for the interval.
    pub aht_s: Option<f64>,
    /// Agents required for the mean.
    pub required_agents: RequiredAgents,
}

/// The KPIs of one weekday and hour of the day.
#[derive(Clone, Debug, Serialize)]
pub struct WeekdayHourRow {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    /// Hour of the day, 0–23.
    pub hour: u32,
    /// The KPIs.
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// Abandonment analysis at wait `t` seconds.
#[derive(Clone, Debug, Serialize)]
pub struct PatiencePoint {
    /// Seconds of wait.
    pub t: u32,
    /// Share of answered and abandoned callers whose wait was longer than `t`.
    pub still_waiting: f64,
    /// Kaplan–Meier estimate of the share of callers who would still not have hung up after `t`
    /// seconds (answered calls are censored at their wait).
    pub patience: f64,
}

impl Report {
    /// The report without what identifies a caller or a call: the raw rows of each file's
    /// preview (they hold whatever the file holds), the call-back list (caller numbers), the ids
    /// of incomplete phone-system calls and of calls scored by several QA evaluators. What is left
    /// is aggregates, accounting and reasons: what "export whole report" and
    /// `callscore report --json` give unless the user opts in (`--include-callers`).
    pub fn without_callers(mut self) -> Report {
        self.take_callers();
        self
    }

    /// Calls `write` with the report as [`Report::without_callers`] gives it, unless
    /// `include_callers`: what identifies callers is set aside and put back after, not the whole
    /// report copied (a year's report is tens of megabytes; the page keeps one for its exports).
    pub fn with_callers_unless<T>(&mut self, include_callers: bool, write: impl FnOnce(&Report) -> T) -> T {
        if include_callers {
            return write(self);
        }
        let aside = self.take_callers();
        let out = write(self);
        self.put_callers_back(aside);
        out
    }

    /// The QA calibration of the people files, whose sessions name calls.
    fn calibration_mut(&mut self) -> Option<&mut crate::people::Calibration> {
        self.people.as_mut().and_then(|p| p.qa.as_mut()).and_then(|q| q.calibration.as_mut())
    }

    fn take_callers(&mut self) -> Callers {
        let calibration_sessions = self.calibration_mut().map(|c| std::mem::take(&mut c.sessions));
        Callers {
            previews: self.inputs.iter_mut().map(|f| std::mem::take(&mut f.preview)).collect(),
            callbacks: std::mem::take(&mut self.callbacks),
            incomplete_calls: self.pbx.as_mut().map(|p| std::mem::take(&mut p.incomplete_calls)),
            calibration_sessions,
        }
    }

    fn put_callers_back(&mut self, aside: Callers) {
        for (f, preview) in self.inputs.iter_mut().zip(aside.previews) {
            f.preview = preview;
        }
        self.callbacks = aside.callbacks;
        if let (Some(p), Some(calls)) = (&mut self.pbx, aside.incomplete_calls) {
            p.incomplete_calls = calls;
        }
        if let (Some(c), Some(sessions)) = (self.calibration_mut(), aside.calibration_sessions) {
            c.sessions = sessions;
        }
    }

    /// Calls `write` with the report whose tables of periods (days, weeks, months, intervals,
    /// weekday × hour, agents' and teams' periods) and agent × queue carry no numerators and
    /// denominators (`ratios`) and no service level per variant: the page's copy, whose tables show
    /// neither (its tiles show the totals', which are kept), and for which they were a third of a
    /// year's report (16 of 50 MB of JSON at 1 GB of calls, written, sent and parsed at every
    /// change of a setting). They are set aside, not copied, and put back after: the report kept
    /// for exports still has them.
    pub fn with_row_detail_set_aside<T>(&mut self, write: impl FnOnce(&Report) -> T) -> T {
        self.with_row_detail_aside_mut(|r| write(r))
    }

    /// [`Report::with_row_detail_set_aside`] for a writer that takes tables out of the report while
    /// it writes (and puts them back).
    fn with_row_detail_aside_mut<T>(&mut self, write: impl FnOnce(&mut Report) -> T) -> T {
        let aside: Vec<RowDetail> = self.row_kpis().map(take_row_detail).collect();
        let out = write(self);
        for (k, (ratios, variants)) in self.row_kpis().zip(aside) {
            k.ratios = ratios;
            k.service_level_variants = variants;
        }
        out
    }

    /// Writes the page's copy of the report as lines of JSON: its three longest tables —
    /// `by_interval`, `by_agent_period`, `by_team_period` — each as a line of columns and a line of
    /// values per row (`columns.rs`: 35.0 → 19.5 MB of text at 1 GB of calls, parsed a row at a
    /// time), and `{"report": …}`, the report with its rows' detail set aside (as
    /// [`Report::with_row_detail_set_aside`]) and those tables empty; `www/js/protocol.js` puts the
    /// rows back in their places. The intervals come first: the analyzer writes them as it builds
    /// them, before the rest of the report exists ([`crate::Analyzer::write_screen_report`]).
    pub fn write_screen_json<W: std::io::Write>(&mut self, out: &mut W) -> serde_json::Result<()> {
        self.with_row_detail_aside_mut(|r| {
            columns::write_columns(out, "by_interval", &r.by_interval)?;
            r.write_screen_json_but_intervals(out)
        })
    }

    /// The page's copy after its intervals: the report's line (intervals left out) and its agents'
    /// and teams' periods, the rows' detail as the caller left it.
    fn write_screen_json_but_intervals<W: std::io::Write>(&mut self, out: &mut W) -> serde_json::Result<()> {
        let tables = (
            std::mem::take(&mut self.by_interval),
            std::mem::take(&mut self.by_agent_period),
            std::mem::take(&mut self.by_team_period),
        );
        let io = serde_json::Error::io;
        let written = (|| {
            out.write_all(b"{\"report\":").map_err(io)?;
            serde_json::to_writer(&mut *out, &*self)?;
            out.write_all(b"}\n").map_err(io)?;
            columns::write_columns(out, "by_agent_period", &tables.1)?;
            columns::write_columns(out, "by_team_period", &tables.2)
        })();
        (self.by_interval, self.by_agent_period, self.by_team_period) = tables;
        written
    }

    /// The KPIs of the rows [`Report::with_row_detail_set_aside`] sets aside, always in one order.
    fn row_kpis(&mut self) -> impl Iterator<Item = &mut Kpis> {
        let periods = self.by_day.iter_mut().map(|r| &mut r.kpis);
        let periods = periods.chain(self.by_week.iter_mut().chain(&mut self.by_month).map(|r| &mut r.kpis));
        let groups = self.by_agent_period.iter_mut().map(|r| &mut r.row.kpis);
        let groups = groups.chain(self.by_team_period.iter_mut().map(|r| &mut r.row.kpis));
        let groups = groups.chain(self.by_agent_queue.iter_mut().map(|r| &mut r.kpis));
        let times = self.by_interval.iter_mut().map(|r| &mut r.kpis);
        let times = times.chain(self.by_weekday_hour.iter_mut().map(|r| &mut r.kpis));
        periods.chain(groups).chain(times)
    }
}

/// What [`Report::without_callers`] leaves out, set aside to be put back.
struct Callers {
    previews: Vec<Vec<Vec<String>>>,
    callbacks: Vec<Callback>,
    incomplete_calls: Option<Vec<IncompleteCall>>,
    calibration_sessions: Option<Vec<crate::people::CalibrationCall>>,
}

/// A row's numerators and denominators and its service level per variant, set aside for the
/// page's copy.
type RowDetail = (crate::kpi::IdMap<crate::kpi::Ratio>, crate::kpi::IdMap<Option<f64>>);

fn take_row_detail(k: &mut Kpis) -> RowDetail {
    (std::mem::take(&mut k.ratios), std::mem::take(&mut k.service_level_variants))
}

/// The page's copy of a report (as [`Report::write_screen_json`] writes it) whose interval rows are
/// written as the report's build makes them, each then dropped: a year's 18,032 half-hour rows
/// held together took about 25 MiB of the engine's memory at 1 GB of calls, where the page's wasm
/// memory, which only grows, had its peak. `add` each row, then `end` with the report built
/// (its `by_interval` empty: the rows went here).
pub(crate) struct ScreenIntervals<'w, W> {
    out: &'w mut W,
    table: columns::Columns<'static>,
    /// The first error writing a row (the rows after it are not written).
    written: serde_json::Result<()>,
}

impl<'w, W: std::io::Write> ScreenIntervals<'w, W> {
    pub(crate) fn new(out: &'w mut W) -> Self {
        ScreenIntervals { out, table: columns::Columns::new("by_interval"), written: Ok(()) }
    }

    /// Writes an interval's row without its detail (as the page's copy has it).
    pub(crate) fn add(&mut self, mut row: IntervalRow) {
        if self.written.is_ok() {
            take_row_detail(&mut row.kpis);
            self.written = self.table.row(self.out, &row);
        }
    }

    /// Writes the rest of the page's copy of `report`, built while its rows came.
    pub(crate) fn end(self, report: &mut Report) -> serde_json::Result<()> {
        let ScreenIntervals { out, table, written } = self;
        written?;
        table.end(out)?;
        report.with_row_detail_aside_mut(|r| r.write_screen_json_but_intervals(out))
    }
}
