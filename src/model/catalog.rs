//! The KPI catalogue: every figure the engine reports, once.
//!
//! Each KPI has an id (the key in the report's rows), a unit, the direction that is better, whether
//! it adds up across agents, the groupings it is reported for, its numerator and denominator in
//! words, and its formula. The report's `definitions`, the scorecard's metric lookup and team
//! aggregation, the command line's tables and the page's tiles, columns and tooltips all read this
//! table (the page through the wasm binding's `kpiCatalog()`), so a KPI is added in one place.
//!
//! The ids are grouped by where the value comes from ([`CallKpi`] from call tallies,
//! [`AgentTimeKpi`] from agent sessions, [`IntervalKpi`] per interval, [`PeopleKpi`] from QA,
//! surveys and HR files, [`DerivedKpi`] computed for scorecards), so that every lookup of a value
//! by id is an exhaustive `match` the compiler checks.

use serde::Serialize;

/// Declares an id enum with its string ids and the list of every variant.
macro_rules! kpi_ids {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $id:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every id of this group, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The id as it appears in the report and in scorecards.
            pub const fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)*
                }
            }
        }
    };
}

kpi_ids! {
    /// KPIs computed from the tallies of calls (every grouping of the report has them).
    CallKpi {
        /// Calls that reached the agent queue.
        Offered => "offered",
        /// Offered calls connected to an agent.
        Answered => "answered",
        /// Offered calls the caller hung up on while waiting.
        Abandoned => "abandoned",
        /// answered / offered.
        AnswerRate => "answer_rate",
        /// abandoned / offered (or a variant).
        AbandonRate => "abandon_rate",
        /// Answered within the threshold / offered (or a variant).
        ServiceLevel => "service_level",
        /// Average speed of answer.
        Asa => "asa",
        /// Mean wait of abandoned calls.
        AvgWaitAbandoned => "avg_wait_abandoned",
        /// Longest wait.
        MaxWait => "max_wait",
        /// 90th percentile of the wait.
        WaitP90 => "wait_p90",
        /// Average handle time.
        Aht => "aht",
        /// Mean talk time.
        AvgTalk => "avg_talk",
        /// Mean hold time.
        AvgHold => "avg_hold",
        /// Mean after-call work.
        AvgAcw => "avg_acw",
        /// First-contact resolution.
        Fcr => "fcr",
        /// Share of very short answered calls.
        ShortCallRate => "short_call_rate",
        /// Share of answered calls transferred.
        TransferRate => "transfer_rate",
        /// Share of answered calls put on hold.
        HoldRate => "hold_rate",
        /// Abandoned within the short-abandon threshold.
        ShortAbandoned => "short_abandoned",
        /// Left the queue by timeout, key press or empty queue.
        TimedOut => "timed_out",
        /// Calls that ended in the IVR.
        IvrOnly => "ivr_only",
        /// Answered calls transferred.
        Transferred => "transferred",
        /// Answered with wait within the threshold.
        AnsweredWithinThreshold => "answered_within_threshold",
        /// Abandoned with wait within the threshold.
        AbandonedWithinThreshold => "abandoned_within_threshold",
        /// Mean wait of answered and abandoned calls.
        AvgQueueTime => "avg_queue_time",
        /// Median wait.
        WaitP50 => "wait_p50",
        /// 80th percentile of the wait.
        WaitP80 => "wait_p80",
        /// 95th percentile of the wait.
        WaitP95 => "wait_p95",
        /// Σ talk.
        TotalTalk => "total_talk",
        /// Σ handle time of calls with ACW data.
        TotalHandle => "total_handle",
        /// Answered calls with talk below the short-call threshold.
        ShortCalls => "short_calls",
        /// Answered calls whose caller did not call again within the window.
        FcrResolved => "fcr_resolved",
        /// Answered calls whose caller called again within the window.
        FcrRepeat => "fcr_repeat",
        /// Answered calls that cannot be judged.
        FcrUnknown => "fcr_unknown",
    }
}

kpi_ids! {
    /// Agent-time KPIs, from queue_log sessions or agent-state files (per agent).
    AgentTimeKpi {
        /// Seconds logged in.
        LoggedIn => "logged_in",
        /// Seconds paused / not ready, all reasons.
        Paused => "paused",
        /// Seconds logged in, not paused and not handling a call.
        Available => "available",
        /// handle / (handle + available).
        Occupancy => "occupancy",
        /// handle / logged in.
        Utilization => "utilization",
        /// 实际工作率: talk / logged in.
        WorkRate => "work_rate",
        /// answered / logged-in hours.
        CallsPerHour => "calls_per_hour",
        /// Rings let go unanswered.
        Missed => "missed",
        /// Sessions open at the start or end of the log.
        OpenSessions => "open_sessions",
    }
}

kpi_ids! {
    /// Figures of one interval (and the weekday × interval table).
    IntervalKpi {
        /// Agents needed (Erlang C and A).
        RequiredAgents => "required_agents",
        /// Average number of agents logged in.
        LoggedInAgents => "logged_in_agents",
        /// Average number of agents logged in and not paused.
        AvailableAgents => "available_agents",
        /// Fewer agents logged in than Erlang C needs.
        Understaffed => "understaffed",
        /// Mean offered calls and required agents per weekday and interval of the day.
        WeekdayInterval => "weekday_interval",
        /// Unanswered callers with a number, and whether they got through later.
        Callbacks => "callbacks",
    }
}

kpi_ids! {
    /// KPIs from QA evaluations, surveys, roster, attendance and ratings files.
    PeopleKpi {
        /// Mean evaluation score 0–100.
        QaScore => "qa_score",
        /// Evaluations.
        QaEvaluations => "qa_evaluations",
        /// Evaluations failed on a critical item.
        QaAutofailCount => "qa_autofail_count",
        /// Auto-fails / evaluations.
        QaAutofailRate => "qa_autofail_rate",
        /// Share of CSAT answers in the top two boxes.
        Csat => "csat",
        /// Mean CSAT answer.
        CsatMean => "csat_mean",
        /// CSAT answers.
        CsatResponses => "csat_responses",
        /// Net promoter score.
        Nps => "nps",
        /// NPS answers.
        NpsResponses => "nps_responses",
        /// Mean customer effort score.
        Ces => "ces",
        /// CES answers.
        CesResponses => "ces_responses",
        /// Complaints.
        Complaints => "complaints",
        /// Scheduled hours.
        ScheduledHours => "scheduled_hours",
        /// Scheduled − absent hours.
        WorkedHours => "worked_hours",
        /// Absent hours / scheduled hours.
        Absenteeism => "absenteeism",
        /// Days late / scheduled days.
        Lateness => "lateness",
        /// Leavers / average headcount.
        Turnover => "turnover",
    }
}

kpi_ids! {
    /// Figures computed from the others for scorecards.
    DerivedKpi {
        /// 话务量指标: answered − complaints.
        NetHandled => "net_handled",
        /// The same, scored against a unit target.
        NetHandledVsTarget => "net_handled_vs_target",
        /// answered / worked hours.
        AnsweredPerHour => "answered_per_hour",
    }
}

/// Any KPI of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kpi {
    /// From call tallies.
    Call(CallKpi),
    /// From agent sessions and states.
    AgentTime(AgentTimeKpi),
    /// Per interval.
    Interval(IntervalKpi),
    /// From people files.
    People(PeopleKpi),
    /// Computed for scorecards.
    Derived(DerivedKpi),
}

impl Kpi {
    /// The id as it appears in the report and in scorecards.
    pub fn id(self) -> &'static str {
        match self {
            Kpi::Call(k) => k.id(),
            Kpi::AgentTime(k) => k.id(),
            Kpi::Interval(k) => k.id(),
            Kpi::People(k) => k.id(),
            Kpi::Derived(k) => k.id(),
        }
    }

    /// The KPI of an id, if the catalogue has it.
    pub fn from_id(id: &str) -> Option<Kpi> {
        CATALOG.iter().find(|d| d.id == id).map(|d| d.kpi)
    }

    /// This KPI's catalogue entry.
    pub fn def(self) -> &'static KpiDef {
        CATALOG.iter().find(|d| d.kpi == self).expect("every KPI is in the catalogue (tested)")
    }
}

/// The unit of a KPI's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole number of calls, evaluations, answers, rings.
    Count,
    /// A fraction 0–1 (shown as a percentage).
    Rate,
    /// Seconds.
    Seconds,
    /// Hours.
    Hours,
    /// A number of agents (may be fractional: an average over an interval).
    Agents,
    /// Points on a 0–100 scale (QA score).
    Points,
    /// A survey scale's mean (CSAT 1–5, CES 1–7) or NPS (−100…100).
    Score,
    /// Calls per hour.
    PerHour,
    /// Yes / no.
    Flag,
    /// A table of its own in the report (not one number per row).
    Table,
}

/// Which way a KPI is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher values are better.
    Higher,
    /// Lower values are better.
    Lower,
}

/// A table of the report a KPI appears in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// `totals`.
    Totals,
    /// `by_queue`.
    Queue,
    /// `by_agent`.
    Agent,
    /// `by_team`.
    Team,
    /// `by_day`.
    Day,
    /// `by_interval`.
    Interval,
    /// `by_weekday_hour`.
    WeekdayHour,
    /// `people` (agent, team and centre rows).
    People,
}

/// Every grouping of the call tallies.
const CALL_GROUPS: &[Grouping] = &[
    Grouping::Totals,
    Grouping::Queue,
    Grouping::Agent,
    Grouping::Team,
    Grouping::Day,
    Grouping::Interval,
    Grouping::WeekdayHour,
];
/// The groupings repeat-caller FCR is computed for.
const FCR_GROUPS: &[Grouping] = &[Grouping::Totals, Grouping::Queue, Grouping::Agent, Grouping::Team, Grouping::Day];
const AGENT: &[Grouping] = &[Grouping::Agent];
const INTERVAL: &[Grouping] = &[Grouping::Interval];
const REPORT: &[Grouping] = &[Grouping::Totals];
const PEOPLE: &[Grouping] = &[Grouping::People];

/// One KPI of the catalogue.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct KpiDef {
    /// The typed id.
    #[serde(skip)]
    pub kpi: Kpi,
    /// The id in the report's rows and in scorecards.
    pub id: &'static str,
    /// The unit of the value.
    pub unit: Unit,
    /// Which way is better; `None` for volumes and figures without a better direction.
    pub direction: Option<Direction>,
    /// Whether the values of agents add up to their team's and the centre's (counts and totals);
    /// everything else is aggregated as Σ numerator / Σ denominator, or not at all.
    pub additive: bool,
    /// The report tables the KPI appears in.
    pub groupings: &'static [Grouping],
    /// What is counted or summed, in words.
    pub numerator: &'static str,
    /// What it is divided by, in words; `None` for counts and sums.
    pub denominator: Option<&'static str>,
    /// The formula under the default settings; the report's `definitions` give it under the
    /// settings used (thresholds and variants filled in).
    pub formula: &'static str,
    /// Shown as a tile on the page's overview (in catalogue order).
    pub tile: bool,
    /// The target a new user starts from (seed 000's "good centre", softened to the common 80/20),
    /// in the KPI's unit; the page lets the user change it.
    pub default_target: Option<f64>,
}

/// Catalogue entries are written with this, so each reads as one line of a table.
#[allow(clippy::too_many_arguments)]
const fn def(
    kpi: Kpi,
    unit: Unit,
    direction: Option<Direction>,
    additive: bool,
    groupings: &'static [Grouping],
    numerator: &'static str,
    denominator: Option<&'static str>,
    formula: &'static str,
) -> KpiDef {
    let id = match kpi {
        Kpi::Call(k) => k.id(),
        Kpi::AgentTime(k) => k.id(),
        Kpi::Interval(k) => k.id(),
        Kpi::People(k) => k.id(),
        Kpi::Derived(k) => k.id(),
    };
    KpiDef { kpi, id, unit, direction, additive, groupings, numerator, denominator, formula, tile: false, default_target: None }
}

impl KpiDef {
    const fn tile(mut self) -> KpiDef {
        self.tile = true;
        self
    }

    const fn target(mut self, value: f64) -> KpiDef {
        self.default_target = Some(value);
        self
    }
}

use CallKpi as C;
use Direction::{Higher, Lower};
use Unit::*;

const fn call(k: CallKpi) -> Kpi {
    Kpi::Call(k)
}
const fn time(k: AgentTimeKpi) -> Kpi {
    Kpi::AgentTime(k)
}
const fn people(k: PeopleKpi) -> Kpi {
    Kpi::People(k)
}

/// The catalogue, tiles first in the order the page shows them.
#[rustfmt::skip]
pub const CATALOG: &[KpiDef] = &[
    def(call(C::Offered), Count, None, true, CALL_GROUPS, "calls that reached the agent queue", None,
        "calls that reached the agent queue (IVR-only calls are counted apart, not offered)").tile(),
    def(call(C::Answered), Count, None, true, CALL_GROUPS, "offered calls connected to an agent", None,
        "offered calls connected to an agent").tile(),
    def(call(C::Abandoned), Count, Some(Lower), true, CALL_GROUPS, "offered calls the caller hung up on while waiting",
        None, "offered calls the caller hung up on while waiting").tile(),
    def(call(C::AnswerRate), Rate, Some(Higher), false, CALL_GROUPS, "answered", Some("offered"), "answered / offered")
        .tile().target(0.95),
    def(call(C::AbandonRate), Rate, Some(Lower), false, CALL_GROUPS, "abandoned", Some("offered"),
        "abandoned / offered").tile().target(0.03),
    def(call(C::ServiceLevel), Rate, Some(Higher), false, CALL_GROUPS, "answered with wait ≤ {t} s", Some("offered"),
        "answered with wait ≤ {t} s / offered").tile().target(0.8),
    def(call(C::Asa), Seconds, Some(Lower), false, CALL_GROUPS, "Σ wait of answered calls", Some("answered calls"),
        "Σ wait of answered calls / answered calls (unanswered calls are not counted as 0 s)").tile().target(20.0),
    def(call(C::AvgWaitAbandoned), Seconds, None, false, CALL_GROUPS, "Σ wait of abandoned calls",
        Some("abandoned calls"), "Σ wait of abandoned calls / abandoned calls").tile(),
    def(call(C::MaxWait), Seconds, Some(Lower), false, CALL_GROUPS, "longest wait", None,
        "longest wait of answered, abandoned and timed-out calls").tile().target(180.0),
    def(call(C::WaitP90), Seconds, Some(Lower), false, CALL_GROUPS, "90th percentile of the wait", None,
        "nearest-rank 90th percentile of the wait of answered, abandoned and timed-out calls").tile().target(60.0),
    def(call(C::Aht), Seconds, Some(Lower), false, CALL_GROUPS, "Σ (talk + hold + ACW)",
        Some("answered calls with ACW data"), "Σ (talk + hold + ACW) / answered calls with ACW data").tile()
        .target(300.0),
    def(call(C::AvgTalk), Seconds, None, false, CALL_GROUPS, "Σ talk", Some("answered calls with talk data"),
        "Σ talk / answered calls with talk data").tile(),
    def(call(C::AvgHold), Seconds, Some(Lower), false, CALL_GROUPS, "Σ hold", Some("answered calls with hold data"),
        "Σ hold / answered calls with hold data").tile(),
    def(call(C::AvgAcw), Seconds, Some(Lower), false, CALL_GROUPS, "Σ after-call work",
        Some("answered calls with ACW data"), "Σ after-call work / answered calls with ACW data").tile(),
    def(call(C::Fcr), Rate, Some(Higher), false, FCR_GROUPS,
        "answered calls whose caller did not call again within {fcr_window_h} h",
        Some("answered calls that can be judged"),
        "answered calls whose caller did not call again within {fcr_window_h} h / answered calls that can be judged \
         (calls within {fcr_window_h} h of the end of the data are unknown)").tile().target(0.7),
    def(call(C::ShortCallRate), Rate, Some(Lower), false, CALL_GROUPS, "answered with talk < {short_call_s} s",
        Some("answered calls with talk data"), "answered with talk < {short_call_s} s / answered calls with talk data")
        .tile().target(0.05),
    def(call(C::TransferRate), Rate, Some(Lower), false, CALL_GROUPS, "transferred",
        Some("answered calls whose source says whether they were transferred"),
        "transferred / answered calls whose source says whether they were transferred").tile().target(0.1),
    def(call(C::HoldRate), Rate, Some(Lower), false, CALL_GROUPS, "answered with hold > 0",
        Some("answered calls with hold data"), "answered with hold > 0 / answered calls with hold data").tile(),
    def(call(C::ShortAbandoned), Count, None, true, CALL_GROUPS, "abandoned with wait ≤ {short_abandon_s} s", None,
        "abandoned with wait ≤ {short_abandon_s} s").tile(),
    def(call(C::TimedOut), Count, Some(Lower), true, CALL_GROUPS, "calls that left the queue without an agent", None,
        "left the queue by timeout, key press or empty queue (not abandoned)").tile(),
    def(call(C::IvrOnly), Count, None, true, CALL_GROUPS, "calls that ended in the IVR", None,
        "calls that ended in the IVR without asking for an agent (not offered)").tile(),
    def(call(C::Transferred), Count, None, true, CALL_GROUPS, "answered calls an agent transferred", None,
        "answered calls an agent transferred"),
    def(call(C::AnsweredWithinThreshold), Count, None, true, CALL_GROUPS, "answered with wait ≤ {t} s", None,
        "answered calls with wait ≤ {t} s"),
    def(call(C::AbandonedWithinThreshold), Count, None, true, CALL_GROUPS, "abandoned with wait ≤ {t} s", None,
        "abandoned calls with wait ≤ {t} s"),
    def(call(C::AvgQueueTime), Seconds, Some(Lower), false, CALL_GROUPS, "Σ wait",
        Some("answered + abandoned calls"), "Σ wait / (answered + abandoned)"),
    def(call(C::WaitP50), Seconds, Some(Lower), false, CALL_GROUPS, "median wait", None,
        "nearest-rank median of the wait of answered, abandoned and timed-out calls"),
    def(call(C::WaitP80), Seconds, Some(Lower), false, CALL_GROUPS, "80th percentile of the wait", None,
        "nearest-rank 80th percentile of the wait of answered, abandoned and timed-out calls"),
    def(call(C::WaitP95), Seconds, Some(Lower), false, CALL_GROUPS, "95th percentile of the wait", None,
        "nearest-rank 95th percentile of the wait of answered, abandoned and timed-out calls"),
    def(call(C::TotalTalk), Seconds, None, true, CALL_GROUPS, "Σ talk", None, "Σ talk of answered calls"),
    def(call(C::TotalHandle), Seconds, None, true, CALL_GROUPS, "Σ (talk + hold + ACW)", None,
        "Σ (talk + hold + ACW) of answered calls with ACW data"),
    def(call(C::ShortCalls), Count, Some(Lower), true, CALL_GROUPS, "answered with talk < {short_call_s} s", None,
        "answered calls with talk < {short_call_s} s"),
    def(call(C::FcrResolved), Count, None, true, FCR_GROUPS,
        "answered calls whose caller did not call again within {fcr_window_h} h", None,
        "answered calls whose caller did not call again within {fcr_window_h} h"),
    def(call(C::FcrRepeat), Count, None, true, FCR_GROUPS,
        "answered calls whose caller called again within {fcr_window_h} h", None,
        "answered calls whose caller called again within {fcr_window_h} h"),
    def(call(C::FcrUnknown), Count, None, true, FCR_GROUPS, "answered calls that cannot be judged", None,
        "answered calls within {fcr_window_h} h of the end of the data (not judged)"),
    def(time(AgentTimeKpi::LoggedIn), Seconds, None, true, AGENT, "Σ logged-in time", None,
        "Σ logged-in time (queue_log: member of any queue or logged in as agent, counted once)"),
    def(time(AgentTimeKpi::Paused), Seconds, Some(Lower), true, AGENT, "Σ paused time", None,
        "Σ paused / not-ready time while logged in, by reason"),
    def(time(AgentTimeKpi::Available), Seconds, None, true, AGENT, "logged in − paused − handle", None,
        "logged in − paused − handle"),
    def(time(AgentTimeKpi::Occupancy), Rate, None, false, AGENT, "handle", Some("handle + available"),
        "handle / (handle + available), handle = talk + hold + ACW"),
    def(time(AgentTimeKpi::Utilization), Rate, Some(Higher), false, AGENT, "handle", Some("logged in"),
        "handle / logged in"),
    def(time(AgentTimeKpi::WorkRate), Rate, Some(Higher), false, AGENT, "talk", Some("logged in"),
        "实际工作率 = talk / logged in"),
    def(time(AgentTimeKpi::CallsPerHour), PerHour, Some(Higher), false, AGENT, "answered", Some("logged-in hours"),
        "answered / logged-in hours"),
    def(time(AgentTimeKpi::Missed), Count, Some(Lower), true, AGENT, "rings let go unanswered", None,
        "rings the agent let go unanswered (queue_log RINGNOANSWER)"),
    def(time(AgentTimeKpi::OpenSessions), Count, None, true, AGENT, "sessions open at the start or end of the log",
        None, "sessions still open when the log ended (closed at its last event) or open when it began"),
    def(Kpi::Interval(IntervalKpi::RequiredAgents), Agents, None, false, INTERVAL,
        "agents on the phones that meet the targets", None,
        "smallest number of agents on the phones that answers {sl_target} of offered calls within {t} s{occupancy} in \
         an interval of {interval_min} min, for the interval's offered calls and handle time (AHT when the source \
         has after-call work, else avg_talk, talk only; the whole period's when the interval has no answered call): \
         Erlang C (nobody hangs up) and Erlang A (callers hang up with exponential patience estimated from the data, \
         see staffing.patience_s); positions = ceil(agents / (1 − shrinkage {shrinkage}))"),
    def(Kpi::Interval(IntervalKpi::LoggedInAgents), Agents, None, false, INTERVAL,
        "Σ logged-in agent-seconds inside the interval", Some("interval length"),
        "per interval: Σ logged-in agent-seconds inside the interval / {interval_min} min interval length (the \
         average number of agents logged in; same sessions as logged_in); shown for intervals with calls, null \
         without agent session or state data"),
    def(Kpi::Interval(IntervalKpi::AvailableAgents), Agents, None, false, INTERVAL,
        "Σ (logged-in − paused) agent-seconds inside the interval", Some("interval length"),
        "per interval: Σ (logged-in − paused) agent-seconds inside the interval / interval length (agents logged in \
         and not paused, whether on a call or ready)"),
    def(Kpi::Interval(IntervalKpi::Understaffed), Flag, None, false, INTERVAL,
        "logged_in_agents < required_agents.erlang_c.raw_positions", None,
        "logged_in_agents < required_agents.erlang_c.raw_positions (agents needed on the phones before shrinkage; \
         paused agents count as logged in); null without agent data or an Erlang C figure"),
    def(Kpi::Interval(IntervalKpi::WeekdayInterval), Table, None, false, REPORT,
        "offered calls per weekday and interval of the day", Some("days of that weekday with any call record"),
        "per weekday and interval of the day: mean offered = offered calls / days of that weekday with any call \
         record; handle time pooled over those days; required agents as required_agents for the mean"),
    def(Kpi::Interval(IntervalKpi::Callbacks), Table, None, false, REPORT,
        "unanswered offered calls with a caller number", None,
        "unanswered offered calls with a caller number; called_again = the same number called later, got_through = \
         a later call of it was answered"),
    def(people(PeopleKpi::QaScore), Points, Some(Higher), false, PEOPLE,
        "Σ evaluation scores (auto-fails count as 0)", Some("evaluations"),
        "mean evaluation score 0–100: Σ(item points × weight) / Σ(possible points × weight) × 100 over items not N/A; \
         a failed critical item makes the evaluation 0"),
    def(people(PeopleKpi::QaEvaluations), Count, None, true, PEOPLE, "evaluations", None, "QA evaluations"),
    def(people(PeopleKpi::QaAutofailCount), Count, Some(Lower), true, PEOPLE, "evaluations failed on a critical item",
        None, "evaluations failed on a critical item"),
    def(people(PeopleKpi::QaAutofailRate), Rate, Some(Lower), false, PEOPLE, "auto-failed evaluations",
        Some("evaluations"), "auto-failed evaluations / evaluations"),
    def(people(PeopleKpi::Csat), Rate, Some(Higher), false, PEOPLE, "CSAT answers of 4 or 5",
        Some("CSAT answers"), "CSAT answers in the top two boxes (4–5 of 5) / CSAT answers"),
    def(people(PeopleKpi::CsatMean), Score, Some(Higher), false, PEOPLE, "Σ CSAT answers", Some("CSAT answers"),
        "Σ CSAT answers / CSAT answers"),
    def(people(PeopleKpi::CsatResponses), Count, None, true, PEOPLE, "CSAT answers", None, "CSAT answers"),
    def(people(PeopleKpi::Nps), Score, Some(Higher), false, PEOPLE, "(promoters − detractors) × 100",
        Some("NPS answers"), "% of answers 9–10 minus % of answers 0–6 (−100…100)"),
    def(people(PeopleKpi::NpsResponses), Count, None, true, PEOPLE, "NPS answers", None, "NPS answers"),
    def(people(PeopleKpi::Ces), Score, Some(Lower), false, PEOPLE, "Σ effort scores", Some("CES answers"),
        "Σ effort scores / CES answers"),
    def(people(PeopleKpi::CesResponses), Count, None, true, PEOPLE, "CES answers", None, "CES answers"),
    def(people(PeopleKpi::Complaints), Count, Some(Lower), true, PEOPLE, "complaints", None,
        "survey answers marked as a complaint"),
    def(people(PeopleKpi::ScheduledHours), Hours, None, true, PEOPLE, "scheduled hours", None, "Σ scheduled hours"),
    def(people(PeopleKpi::WorkedHours), Hours, None, true, PEOPLE, "scheduled − absent hours", None,
        "Σ (scheduled − absent) hours: the divisor of per-hour KPIs"),
    def(people(PeopleKpi::Absenteeism), Rate, Some(Lower), false, PEOPLE, "absent scheduled hours",
        Some("scheduled hours"), "absent scheduled hours / scheduled hours"),
    def(people(PeopleKpi::Lateness), Rate, Some(Lower), false, PEOPLE, "days late", Some("scheduled days"),
        "days late / scheduled days"),
    def(people(PeopleKpi::Turnover), Rate, Some(Lower), false, PEOPLE, "leavers in the period",
        Some("average headcount"), "leavers in the period / average of the headcount at its start and end"),
    def(Kpi::Derived(DerivedKpi::NetHandled), Count, Some(Higher), true, PEOPLE, "answered − complaints", None,
        "话务量: answered calls − complaints"),
    def(Kpi::Derived(DerivedKpi::NetHandledVsTarget), Count, Some(Higher), true, PEOPLE, "answered − complaints",
        None, "话务量指标: answered calls − complaints, scored against the card's unit target"),
    def(Kpi::Derived(DerivedKpi::AnsweredPerHour), PerHour, Some(Higher), false, PEOPLE, "answered",
        Some("worked hours"), "answered calls / worked hours (attendance file, else logged-in hours)"),
];

/// The values that fill a formula's placeholders: the settings a report was made with.
#[derive(Clone, Debug, Default)]
pub struct FormulaParams {
    /// `{t}`: the service-level threshold, seconds.
    pub sl_threshold_s: u32,
    /// `{short_abandon_s}`.
    pub short_abandon_s: u32,
    /// `{short_call_s}`.
    pub short_call_s: u32,
    /// `{fcr_window_h}`.
    pub fcr_window_h: u32,
    /// `{interval_min}`.
    pub interval_min: u32,
    /// `{sl_target}`.
    pub sl_target: f64,
    /// `{occupancy}`: " with occupancy ≤ X" or nothing.
    pub max_occupancy: Option<f64>,
    /// `{shrinkage}`.
    pub shrinkage: f64,
    /// The service-level variant id (`offered`, `answered`, `offered_minus_short`, `with_abandoned`).
    pub sl_variant: &'static str,
    /// The abandon-rate variant id (`offered`, `exclude_short`, `answered_plus_abandoned`).
    pub abandon_variant: &'static str,
    /// Time-outs counted as abandoned.
    pub timeout_as_abandoned: bool,
}

/// The formula of a KPI under the given settings (variants chosen, placeholders filled).
pub fn formula(kpi: Kpi, p: &FormulaParams) -> String {
    let template = match kpi {
        Kpi::Call(C::ServiceLevel) => match p.sl_variant {
            "answered" => "answered with wait ≤ {t} s / answered",
            "offered_minus_short" => "answered with wait ≤ {t} s / (offered − short abandoned)",
            "with_abandoned" => "(answered + abandoned with wait ≤ {t} s) / offered",
            _ => kpi.def().formula,
        },
        Kpi::Call(C::AbandonRate) => match p.abandon_variant {
            "exclude_short" => "(abandoned − short abandoned) / (offered − short abandoned)",
            "answered_plus_abandoned" => "abandoned / (answered + abandoned)",
            _ => kpi.def().formula,
        },
        Kpi::Call(C::Abandoned) if p.timeout_as_abandoned => {
            "offered calls the caller hung up on while waiting, plus calls that left by timeout (setting)"
        }
        _ => kpi.def().formula,
    };
    fill(template, p)
}

fn fill(template: &str, p: &FormulaParams) -> String {
    template
        .replace("{t}", &p.sl_threshold_s.to_string())
        .replace("{short_abandon_s}", &p.short_abandon_s.to_string())
        .replace("{short_call_s}", &p.short_call_s.to_string())
        .replace("{fcr_window_h}", &p.fcr_window_h.to_string())
        .replace("{interval_min}", &p.interval_min.to_string())
        .replace("{sl_target}", &p.sl_target.to_string())
        .replace("{occupancy}", &p.max_occupancy.map_or(String::new(), |o| format!(" with occupancy ≤ {o}")))
        .replace("{shrinkage}", &p.shrinkage.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kpi() -> Vec<Kpi> {
        let mut all: Vec<Kpi> = CallKpi::ALL.iter().map(|k| Kpi::Call(*k)).collect();
        all.extend(AgentTimeKpi::ALL.iter().map(|k| Kpi::AgentTime(*k)));
        all.extend(IntervalKpi::ALL.iter().map(|k| Kpi::Interval(*k)));
        all.extend(PeopleKpi::ALL.iter().map(|k| Kpi::People(*k)));
        all.extend(DerivedKpi::ALL.iter().map(|k| Kpi::Derived(*k)));
        all
    }

    #[test]
    fn every_kpi_is_in_the_catalogue_exactly_once_under_its_own_id() {
        let all = every_kpi();
        assert_eq!(all.len(), CATALOG.len());
        for k in all {
            let entries: Vec<&KpiDef> = CATALOG.iter().filter(|d| d.kpi == k).collect();
            assert_eq!(entries.len(), 1, "{k:?}");
            assert_eq!(entries[0].id, k.id());
            assert_eq!(Kpi::from_id(k.id()), Some(k));
        }
    }

    #[test]
    fn rates_name_a_denominator_and_counts_add_up() {
        for d in CATALOG {
            if d.unit == Unit::Rate {
                assert!(d.denominator.is_some(), "{} is a rate without a denominator", d.id);
                assert!(!d.additive, "{} is a rate marked additive", d.id);
            }
            if let Some(t) = d.default_target {
                assert!(d.direction.is_some(), "{} has a target but no better direction", d.id);
                assert!(t.is_finite());
            }
        }
    }

    #[test]
    fn formulas_have_no_unfilled_placeholders() {
        let p = FormulaParams { sl_threshold_s: 20, interval_min: 30, ..Default::default() };
        for d in CATALOG {
            let f = formula(d.kpi, &p);
            assert!(!f.contains('{'), "{}: {f}", d.id);
        }
    }
}
