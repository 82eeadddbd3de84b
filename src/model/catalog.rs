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

use super::message::Lang;

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
        /// Days with an attendance record.
        AttendanceDays => "attendance_days",
        /// Absent hours / scheduled hours.
        Absenteeism => "absenteeism",
        /// Days late / scheduled days.
        Lateness => "lateness",
        /// Leavers / average headcount.
        Turnover => "turnover",
    }
}

kpi_ids! {
    /// Online chat and shop customer-service KPIs (seed 003), from chat message logs and order
    /// exports.
    ChatKpi {
        /// 接待人数: distinct buyers a 客服 sent a message to.
        BuyersServed => "buyers_served",
        /// 会话数: chat sessions.
        ChatSessions => "chat_sessions",
        /// 买家消息数: buyer messages.
        BuyerMessages => "buyer_messages",
        /// 首次响应时间: the first buyer message of a session to the first 客服 reply.
        FirstResponseTime => "first_response_time",
        /// 平均响应时间: mean over answered runs of buyer messages.
        AvgResponseTime => "avg_response_time",
        /// 响应率: buyer messages answered before the session ended / buyer messages.
        ResponseRate => "response_rate",
        /// 询单转化率: buyers served who paid within the window / buyers served.
        InquiryConversion => "inquiry_conversion",
        /// 下单数: orders placed.
        OrdersPlaced => "orders_placed",
        /// 付款订单数: orders paid.
        OrdersPaid => "orders_paid",
        /// 销售额: amount of paid orders.
        PaidAmount => "paid_amount",
        /// 客单价: paid amount / paid orders.
        AvgOrderValue => "avg_order_value",
        /// 客件数: items / paid orders.
        ItemsPerOrder => "items_per_order",
        /// 流单率: orders placed and not paid / orders placed.
        UnpaidOrderRate => "unpaid_order_rate",
        /// 打字速度 (estimate): characters of replies per minute.
        TypingSpeed => "typing_speed",
        /// 最大同时接待数: the most sessions a 客服 had open at once.
        MaxConcurrentSessions => "max_concurrent_sessions",
        /// Conversion per 客服 beside buyer volume per hour of the day.
        ConversionHours => "conversion_hours",
    }
}

kpi_ids! {
    /// Outbound campaign KPIs (seed 002), from dialler exports, outbound call records and CDRs.
    OutboundKpi {
        /// 呼出量: outbound calls dialled.
        Attempts => "outbound_attempts",
        /// 接通量: outbound calls that reached the contact.
        Connects => "outbound_connects",
        /// connects / attempts.
        ConnectRate => "connect_rate",
        /// Σ talk of connected outbound calls.
        Talk => "outbound_talk",
        /// 成功量: outbound calls whose result is a success.
        Successes => "outbound_successes",
        /// successes / connects.
        Conversion => "outbound_conversion",
        /// Distinct numbers dialled.
        Contacts => "outbound_contacts",
        /// attempts / distinct numbers.
        DialsPerContact => "dials_per_contact",
        /// attempts / logged-in hours.
        PerHour => "outbound_per_hour",
        /// Calls per result code.
        Results => "outbound_results",
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
        /// Calls handled: answered inbound + connected outbound.
        HandledCalls => "handled_calls",
    }
}

/// Any KPI of the catalogue (serialised as its id).
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
    /// From chat logs and orders.
    Chat(ChatKpi),
    /// From outbound calls.
    Outbound(OutboundKpi),
}

impl Serialize for Kpi {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
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
            Kpi::Chat(k) => k.id(),
            Kpi::Outbound(k) => k.id(),
        }
    }

    /// The channel whose data a KPI is made from.
    pub fn channel(self) -> Channel {
        match self {
            Kpi::Chat(_) => Channel::Chat,
            Kpi::Outbound(_) => Channel::Outbound,
            _ => Channel::Calls,
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
    /// Characters per minute.
    PerMinute,
    /// A sum of money, in the currency of the order export.
    Amount,
    /// A mean of counts (items per order, dials per number).
    Average,
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
    /// `by_campaign` (outbound).
    Campaign,
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
/// Chat KPIs: per 客服, team, day and period.
const CHAT_GROUPS: &[Grouping] = &[Grouping::Totals, Grouping::Agent, Grouping::Team, Grouping::Day];
/// Outbound KPIs: per agent, campaign, team, day and period.
const OUTBOUND_GROUPS: &[Grouping] =
    &[Grouping::Totals, Grouping::Agent, Grouping::Team, Grouping::Day, Grouping::Campaign];
/// Satisfaction and complaints: survey files per person, and call records' own columns in every
/// grouping of the calls.
const FEEDBACK: &[Grouping] = &[
    Grouping::Totals,
    Grouping::Queue,
    Grouping::Agent,
    Grouping::Team,
    Grouping::Day,
    Grouping::Interval,
    Grouping::WeekdayHour,
    Grouping::People,
];

/// Where a KPI's data comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Inbound calls, agent sessions and people files.
    Calls,
    /// Chat message logs and order exports.
    Chat,
    /// Outbound calls.
    Outbound,
}

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// English.
    pub en: &'static str,
    /// 简体中文.
    pub zh: &'static str,
}

impl Text {
    /// The text in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// One KPI of the catalogue.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct KpiDef {
    /// The typed id.
    #[serde(skip)]
    pub kpi: Kpi,
    /// The id in the report's rows and in scorecards.
    pub id: &'static str,
    /// The channel whose data it is made from (the page shows a channel's KPIs only when the
    /// files have that channel).
    pub channel: Channel,
    /// Its name.
    pub name: Text,
    /// The unit of the value.
    pub unit: Unit,
    /// Which way is better; `None` for volumes and figures without a better direction.
    pub direction: Option<Direction>,
    /// Whether the values of agents add up to their team's and the centre's (counts and totals);
    /// everything else is aggregated as Σ numerator / Σ denominator, or not at all.
    pub additive: bool,
    /// The report tables the KPI appears in.
    pub groupings: &'static [Grouping],
    /// What is counted or summed.
    pub numerator: Text,
    /// What it is divided by; `None` for counts and sums.
    pub denominator: Option<Text>,
    /// The formula under the default settings, with `{placeholders}` for the settings it uses
    /// (`{t}` the service-level threshold, `{short_call_s}` …); the report's `definitions` give
    /// it under the settings used, with the variant chosen.
    pub formula: Text,
    /// A figure about offered and unanswered calls (volumes, abandons, service level, waits): for
    /// agents and teams it exists only when the source says whose unanswered calls they were —
    /// abandoned calls usually carry no agent — and is null with the reason otherwise.
    pub queue_side: bool,
    /// The count this KPI is made from (answered calls for AHT, QA evaluations for the QA score,
    /// survey answers for CSAT …): a scorecard's minimum sample for the KPI is checked on it.
    pub sample: Option<Kpi>,
    /// Shown as a tile on the page's overview (in catalogue order).
    pub tile: bool,
    /// The target a new user starts from (seed 000's "good centre", softened to the common 80/20),
    /// in the KPI's unit; the page lets the user change it.
    pub default_target: Option<f64>,
}

/// Catalogue entries are written with this, so each reads as one entry of a table.
#[allow(clippy::too_many_arguments)]
const fn def(
    kpi: Kpi,
    unit: Unit,
    direction: Option<Direction>,
    additive: bool,
    groupings: &'static [Grouping],
    name: [&'static str; 2],
    numerator: [&'static str; 2],
    denominator: Option<[&'static str; 2]>,
    formula: [&'static str; 2],
) -> KpiDef {
    let id = match kpi {
        Kpi::Call(k) => k.id(),
        Kpi::AgentTime(k) => k.id(),
        Kpi::Interval(k) => k.id(),
        Kpi::People(k) => k.id(),
        Kpi::Derived(k) => k.id(),
        Kpi::Chat(k) => k.id(),
        Kpi::Outbound(k) => k.id(),
    };
    let channel = match kpi {
        Kpi::Chat(_) => Channel::Chat,
        Kpi::Outbound(_) => Channel::Outbound,
        _ => Channel::Calls,
    };
    let denominator = match denominator {
        Some(d) => Some(text(d)),
        None => None,
    };
    KpiDef {
        kpi,
        id,
        channel,
        name: text(name),
        unit,
        direction,
        additive,
        groupings,
        numerator: text(numerator),
        denominator,
        formula: text(formula),
        queue_side: false,
        sample: None,
        tile: false,
        default_target: None,
    }
}

const fn text(t: [&'static str; 2]) -> Text {
    Text { en: t[0], zh: t[1] }
}

impl KpiDef {
    const fn sample(mut self, of: Kpi) -> KpiDef {
        self.sample = Some(of);
        self
    }

    const fn queue_side(mut self) -> KpiDef {
        self.queue_side = true;
        self
    }

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
const fn interval(k: IntervalKpi) -> Kpi {
    Kpi::Interval(k)
}
const fn people(k: PeopleKpi) -> Kpi {
    Kpi::People(k)
}
const fn chat(k: ChatKpi) -> Kpi {
    Kpi::Chat(k)
}
const fn outbound(k: OutboundKpi) -> Kpi {
    Kpi::Outbound(k)
}

/// The catalogue, tiles first in the order the page shows them.
#[rustfmt::skip]
pub const CATALOG: &[KpiDef] = &[
    def(call(C::Offered), Count, None, true, CALL_GROUPS, ["Offered", "呼入量"],
        ["calls that reached the agent queue", "进入人工队列的电话"], None,
        ["calls that reached the agent queue (IVR-only calls are counted apart, not offered)",
         "进入人工队列的电话（只在 IVR 中结束的电话单独统计，不算呼入量）"]).tile().queue_side(),
    def(call(C::Answered), Count, None, true, CALL_GROUPS, ["Answered", "已应答"],
        ["offered calls connected to an agent", "接通到座席的电话"], None,
        ["offered calls connected to an agent", "接通到座席的呼入电话"]).tile(),
    def(call(C::Abandoned), Count, Some(Lower), true, CALL_GROUPS, ["Abandoned", "放弃"],
        ["offered calls the caller hung up on while waiting", "来电者在排队时挂断的电话"], None,
        ["offered calls the caller hung up on while waiting", "来电者在排队等待时挂断的呼入电话"]).tile().queue_side().sample(call(C::Offered)),
    def(call(C::AnswerRate), Rate, Some(Higher), false, CALL_GROUPS, ["Answer rate", "接通率"],
        ["answered", "已应答"], Some(["offered", "呼入量"]), ["answered / offered", "已应答 / 呼入量"])
        .tile().target(0.95).queue_side().sample(call(C::Offered)),
    def(call(C::AbandonRate), Rate, Some(Lower), false, CALL_GROUPS, ["Abandon rate", "放弃率"],
        ["abandoned", "放弃"], Some(["offered", "呼入量"]), ["abandoned / offered", "放弃 / 呼入量"])
        .tile().target(0.03).queue_side().sample(call(C::Offered)),
    def(call(C::ServiceLevel), Rate, Some(Higher), false, CALL_GROUPS, ["Service level", "服务水平"],
        ["answered with wait ≤ {t} s", "等待 ≤ {t} 秒即接通的电话"], Some(["offered", "呼入量"]),
        ["answered with wait ≤ {t} s / offered", "等待 ≤ {t} 秒即接通的电话 / 呼入量"]).tile().target(0.8).queue_side().sample(call(C::Offered)),
    def(call(C::Asa), Seconds, Some(Lower), false, CALL_GROUPS, ["ASA", "平均应答速度"],
        ["Σ wait of answered calls", "已接通电话的等待时间之和"], Some(["answered calls", "已接通电话数"]),
        ["Σ wait of answered calls / answered calls (unanswered calls are not counted as 0 s)",
         "已接通电话的等待时间之和 / 已接通电话数（未接通的电话不按 0 秒计入）"]).tile().target(20.0).sample(call(C::Answered)),
    def(call(C::AvgWaitAbandoned), Seconds, None, false, CALL_GROUPS, ["Avg wait before abandoning", "平均放弃等待"],
        ["Σ wait of abandoned calls", "放弃电话的等待时间之和"], Some(["abandoned calls", "放弃电话数"]),
        ["Σ wait of abandoned calls / abandoned calls", "放弃电话的等待时间之和 / 放弃电话数"]).tile().queue_side().sample(call(C::Offered)),
    def(call(C::MaxWait), Seconds, Some(Lower), false, CALL_GROUPS, ["Longest wait", "最长等待"],
        ["longest wait", "最长的等待时间"], None,
        ["longest wait of answered, abandoned and timed-out calls", "已接通、放弃和超时电话中最长的等待时间"])
        .tile().target(180.0).queue_side().sample(call(C::Offered)),
    def(call(C::WaitP90), Seconds, Some(Lower), false, CALL_GROUPS, ["Wait, 90th percentile", "等待时间 90 百分位"],
        ["90th percentile of the wait", "等待时间的第 90 百分位"], None,
        ["nearest-rank 90th percentile of the wait of answered, abandoned and timed-out calls",
         "已接通、放弃和超时电话等待时间的第 90 百分位（最近秩法）"]).tile().target(60.0).queue_side().sample(call(C::Offered)),
    def(call(C::Aht), Seconds, Some(Lower), false, CALL_GROUPS, ["AHT", "平均处理时间"],
        ["Σ (talk + hold + ACW)", "（通话 + 保持 + 话后处理）时长之和"],
        Some(["answered calls with ACW data", "有话后处理数据的已接通电话数"]),
        ["Σ (talk + hold + ACW) / answered calls with ACW data",
         "（通话 + 保持 + 话后处理）时长之和 / 有话后处理数据的已接通电话数"]).tile().target(300.0).sample(call(C::Answered)),
    def(call(C::AvgTalk), Seconds, None, false, CALL_GROUPS, ["Avg talk", "平均交谈时间"],
        ["Σ talk", "通话时长之和"], Some(["answered calls with talk data", "有通话时长的已接通电话数"]),
        ["Σ talk / answered calls with talk data", "通话时长之和 / 有通话时长的已接通电话数"]).tile().sample(call(C::Answered)),
    def(call(C::AvgHold), Seconds, Some(Lower), false, CALL_GROUPS, ["Avg hold", "平均持线时间"],
        ["Σ hold", "保持时长之和"], Some(["answered calls with hold data", "有保持时长数据的已接通电话数"]),
        ["Σ hold / answered calls with hold data", "保持时长之和 / 有保持时长数据的已接通电话数"]).tile().sample(call(C::Answered)),
    def(call(C::AvgAcw), Seconds, Some(Lower), false, CALL_GROUPS, ["Avg after-call work", "平均事后处理时间"],
        ["Σ after-call work", "话后处理时长之和"], Some(["answered calls with ACW data", "有话后处理数据的已接通电话数"]),
        ["Σ after-call work / answered calls with ACW data", "话后处理时长之和 / 有话后处理数据的已接通电话数"]).tile().sample(call(C::Answered)),
    def(call(C::Fcr), Rate, Some(Higher), false, FCR_GROUPS, ["First-contact resolution", "首次解决率"],
        ["answered calls whose caller did not call again within {fcr_window_h} h",
         "来电者 {fcr_window_h} 小时内没有再次来电的已接通电话"],
        Some(["answered calls that can be judged", "可以判断的已接通电话"]),
        ["answered calls whose caller did not call again within {fcr_window_h} h / answered calls that can be judged \
          (calls within {fcr_window_h} h of the end of the data are unknown)",
         "来电者 {fcr_window_h} 小时内没有再次来电的已接通电话 / 可以判断的已接通电话（距数据结束不足 {fcr_window_h} \
          小时的电话记为无法判断）"]).tile().target(0.7).sample(call(C::Answered)),
    def(call(C::ShortCallRate), Rate, Some(Lower), false, CALL_GROUPS, ["Short-call rate", "短通话率"],
        ["answered with talk < {short_call_s} s", "通话不足 {short_call_s} 秒的已接通电话"],
        Some(["answered calls with talk data", "有通话时长的已接通电话数"]),
        ["answered with talk < {short_call_s} s / answered calls with talk data",
         "通话不足 {short_call_s} 秒的已接通电话 / 有通话时长的已接通电话数"]).tile().target(0.05).sample(call(C::Answered)),
    def(call(C::TransferRate), Rate, Some(Lower), false, CALL_GROUPS, ["Transfer rate", "转接率"],
        ["transferred", "转接的电话"],
        Some(["answered calls whose source says whether they were transferred", "数据中注明是否转接的已接通电话"]),
        ["transferred / answered calls whose source says whether they were transferred",
         "转接的电话 / 数据中注明是否转接的已接通电话"]).tile().target(0.1).sample(call(C::Answered)),
    def(call(C::HoldRate), Rate, Some(Lower), false, CALL_GROUPS, ["Hold rate", "保持率"],
        ["answered with hold > 0", "有保持的已接通电话"], Some(["answered calls with hold data", "有保持时长数据的已接通电话数"]),
        ["answered with hold > 0 / answered calls with hold data", "有保持的已接通电话 / 有保持时长数据的已接通电话数"]).tile().sample(call(C::Answered)),
    def(call(C::ShortAbandoned), Count, None, true, CALL_GROUPS, ["Short abandons", "短时放弃"],
        ["abandoned with wait ≤ {short_abandon_s} s", "等待 ≤ {short_abandon_s} 秒就放弃的电话"], None,
        ["abandoned with wait ≤ {short_abandon_s} s", "等待 ≤ {short_abandon_s} 秒就放弃的电话"]).tile().queue_side().sample(call(C::Offered)),
    def(call(C::TimedOut), Count, Some(Lower), true, CALL_GROUPS, ["Timed out", "超时溢出"],
        ["calls that left the queue without an agent", "未接通座席就离开队列的电话"], None,
        ["left the queue by timeout, key press or empty queue (not abandoned)",
         "因超时、按键或队列无人而离开队列的电话（不算放弃）"]).tile().queue_side().sample(call(C::Offered)),
    def(call(C::IvrOnly), Count, None, true, CALL_GROUPS, ["IVR only", "自助服务"],
        ["calls that ended in the IVR", "在 IVR 中结束的电话"], None,
        ["calls that ended in the IVR without asking for an agent (not offered)",
         "在 IVR 中结束、没有要求人工的电话（不算呼入量）"]).tile().queue_side(),
    def(call(C::Transferred), Count, None, true, CALL_GROUPS, ["Transferred", "转接"],
        ["answered calls an agent transferred", "座席转接的已接通电话"], None,
        ["answered calls an agent transferred", "座席转接的已接通电话"]).sample(call(C::Answered)),
    def(call(C::AnsweredWithinThreshold), Count, None, true, CALL_GROUPS, ["Answered within T", "阈值内接通"],
        ["answered with wait ≤ {t} s", "等待 ≤ {t} 秒即接通的电话"], None,
        ["answered calls with wait ≤ {t} s", "等待 ≤ {t} 秒即接通的电话"]).sample(call(C::Answered)),
    def(call(C::AbandonedWithinThreshold), Count, None, true, CALL_GROUPS, ["Abandoned within T", "阈值内放弃"],
        ["abandoned with wait ≤ {t} s", "等待 ≤ {t} 秒就放弃的电话"], None,
        ["abandoned calls with wait ≤ {t} s", "等待 ≤ {t} 秒就放弃的电话"]).queue_side().sample(call(C::Offered)),
    def(call(C::AvgQueueTime), Seconds, Some(Lower), false, CALL_GROUPS, ["Avg queue time", "平均排队时间"],
        ["Σ wait", "等待时间之和"], Some(["answered + abandoned calls", "已接通电话数 + 放弃电话数"]),
        ["Σ wait / (answered + abandoned)", "等待时间之和 /（已接通 + 放弃）"]).queue_side().sample(call(C::Offered)),
    def(call(C::WaitP50), Seconds, Some(Lower), false, CALL_GROUPS, ["Median wait", "等待时间中位数"],
        ["median wait", "等待时间中位数"], None,
        ["nearest-rank median of the wait of answered, abandoned and timed-out calls",
         "已接通、放弃和超时电话等待时间的中位数（最近秩法）"]).queue_side().sample(call(C::Offered)),
    def(call(C::WaitP80), Seconds, Some(Lower), false, CALL_GROUPS, ["Wait, 80th percentile", "等待时间 80 百分位"],
        ["80th percentile of the wait", "等待时间的第 80 百分位"], None,
        ["nearest-rank 80th percentile of the wait of answered, abandoned and timed-out calls",
         "已接通、放弃和超时电话等待时间的第 80 百分位（最近秩法）"]).queue_side().sample(call(C::Offered)),
    def(call(C::WaitP95), Seconds, Some(Lower), false, CALL_GROUPS, ["Wait, 95th percentile", "等待时间 95 百分位"],
        ["95th percentile of the wait", "等待时间的第 95 百分位"], None,
        ["nearest-rank 95th percentile of the wait of answered, abandoned and timed-out calls",
         "已接通、放弃和超时电话等待时间的第 95 百分位（最近秩法）"]).queue_side().sample(call(C::Offered)),
    def(call(C::TotalTalk), Seconds, None, true, CALL_GROUPS, ["Total talk", "合计交谈时间"],
        ["Σ talk", "通话时长之和"], None, ["Σ talk of answered calls", "已接通电话的通话时长之和"]).sample(call(C::Answered)),
    def(call(C::TotalHandle), Seconds, None, true, CALL_GROUPS, ["Total handle time", "合计通话时间"],
        ["Σ (talk + hold + ACW)", "（通话 + 保持 + 话后处理）时长之和"], None,
        ["Σ (talk + hold + ACW) of answered calls with ACW data", "有话后处理数据的已接通电话的（通话 + 保持 + 话后处理）时长之和"]).sample(call(C::Answered)),
    def(call(C::ShortCalls), Count, Some(Lower), true, CALL_GROUPS, ["Short calls", "短通话"],
        ["answered with talk < {short_call_s} s", "通话不足 {short_call_s} 秒的已接通电话"], None,
        ["answered calls with talk < {short_call_s} s", "通话不足 {short_call_s} 秒的已接通电话"]).sample(call(C::Answered)),
    def(call(C::FcrResolved), Count, None, true, FCR_GROUPS, ["Resolved first time", "首次解决"],
        ["answered calls whose caller did not call again within {fcr_window_h} h",
         "来电者 {fcr_window_h} 小时内没有再次来电的已接通电话"], None,
        ["answered calls whose caller did not call again within {fcr_window_h} h",
         "来电者 {fcr_window_h} 小时内没有再次来电的已接通电话"]),
    def(call(C::FcrRepeat), Count, None, true, FCR_GROUPS, ["Called again", "重复来电"],
        ["answered calls whose caller called again within {fcr_window_h} h",
         "来电者 {fcr_window_h} 小时内再次来电的已接通电话"], None,
        ["answered calls whose caller called again within {fcr_window_h} h",
         "来电者 {fcr_window_h} 小时内再次来电的已接通电话"]),
    def(call(C::FcrUnknown), Count, None, true, FCR_GROUPS, ["FCR unknown", "无法判断"],
        ["answered calls that cannot be judged", "无法判断的已接通电话"], None,
        ["answered calls within {fcr_window_h} h of the end of the data (not judged)",
         "距数据结束不足 {fcr_window_h} 小时的已接通电话（不作判断）"]),
    def(time(AgentTimeKpi::LoggedIn), Seconds, None, true, AGENT, ["Logged in", "登录时长"],
        ["Σ logged-in time", "登录时长之和"], None,
        ["Σ logged-in time (queue_log: member of any queue or logged in as agent, counted once)",
         "登录时长之和（queue_log：加入任一队列或以座席身份登录的时间，只计一次）"]),
    def(time(AgentTimeKpi::Paused), Seconds, Some(Lower), true, AGENT, ["Paused", "小休时长"],
        ["Σ paused time", "小休时长之和"], None,
        ["Σ paused / not-ready time while logged in, by reason", "登录期间小休 / 未就绪时长之和，按原因"]),
    def(time(AgentTimeKpi::Available), Seconds, None, true, AGENT, ["Available", "空闲时长"],
        ["logged in − paused − handle", "登录 − 小休 − 处理时长"], None,
        ["logged in − paused − handle", "登录时长 − 小休时长 − 处理时长"]),
    def(time(AgentTimeKpi::Occupancy), Rate, None, false, AGENT, ["Occupancy", "占用率"],
        ["handle", "处理时长"], Some(["handle + available", "处理时长 + 空闲时长"]),
        ["handle / (handle + available), handle = talk + hold + ACW",
         "处理时长 /（处理时长 + 空闲时长），处理时长 = 通话 + 保持 + 话后处理"]),
    def(time(AgentTimeKpi::Utilization), Rate, Some(Higher), false, AGENT, ["Utilization", "利用率"],
        ["handle", "处理时长"], Some(["logged in", "登录时长"]), ["handle / logged in", "处理时长 / 登录时长"]),
    def(time(AgentTimeKpi::WorkRate), Rate, Some(Higher), false, AGENT, ["Work rate", "实际工作率"],
        ["talk", "通话时长"], Some(["logged in", "登录时长"]), ["实际工作率 = talk / logged in", "实际工作率 = 通话时长 / 登录时长"]),
    def(time(AgentTimeKpi::CallsPerHour), PerHour, Some(Higher), false, AGENT, ["Calls per hour", "每小时呼叫数"],
        ["answered", "已应答"], Some(["logged-in hours", "登录小时数"]), ["answered / logged-in hours", "已应答 / 登录小时数"]),
    def(time(AgentTimeKpi::Missed), Count, Some(Lower), true, AGENT, ["Missed rings", "未接振铃"],
        ["rings let go unanswered", "振铃未接的次数"], None,
        ["rings the agent let go unanswered (queue_log RINGNOANSWER)", "座席振铃未接的次数（queue_log RINGNOANSWER）"]),
    def(time(AgentTimeKpi::OpenSessions), Count, None, true, AGENT, ["Open sessions", "未闭合登录"],
        ["sessions open at the start or end of the log", "日志开始或结束时仍在登录的时段"], None,
        ["sessions still open when the log ended (closed at its last event) or open when it began",
         "日志结束时仍未退出（按最后一个事件结束）或日志开始时已登录的时段"]),
    def(interval(IntervalKpi::RequiredAgents), Agents, None, false, INTERVAL, ["Required agents", "所需座席数"],
        ["agents on the phones that meet the targets", "达到目标所需的在线座席"], None,
        ["smallest number of agents on the phones that answers {sl_target} of offered calls within {t} s in \
          an interval of {interval_min} min, for the interval's offered calls and handle time (AHT when the source \
          has after-call work, else avg_talk, talk only; the whole period's when the interval has no answered call): \
          Erlang C (nobody hangs up) and Erlang A (callers hang up with exponential patience estimated from the data, \
          see staffing.patience_s); positions = ceil(agents / (1 − shrinkage {shrinkage}))",
         "在 {interval_min} 分钟的时段内，按该时段的呼入量和处理时长（数据有话后处理时用 AHT，否则用只含通话的平均交谈\
          时间；时段内没有接通电话时用整个期间的），在 {t} 秒内接通 {sl_target} 的呼入电话所需的最少在线座席\
          数：Erlang C（无人挂断）和 Erlang A（来电者按从数据估计的指数分布耐心挂断，见 staffing.patience_s）；\
          应排座席 = ceil(座席数 / (1 − 缺勤率 {shrinkage}))"]),
    def(interval(IntervalKpi::LoggedInAgents), Agents, None, false, INTERVAL, ["Logged-in agents", "登录座席数"],
        ["Σ logged-in agent-seconds inside the interval", "时段内座席登录秒数之和"], Some(["interval length", "时段长度"]),
        ["per interval: Σ logged-in agent-seconds inside the interval / {interval_min} min interval length (the \
          average number of agents logged in; same sessions as logged_in); shown for intervals with calls, null \
          without agent session or state data",
         "每个时段：时段内座席登录秒数之和 / {interval_min} 分钟的时段长度（平均登录座席数，与登录时长用同样的登录时段）；\
          只显示有电话的时段，没有座席登录或状态数据时为空"]),
    def(interval(IntervalKpi::AvailableAgents), Agents, None, false, INTERVAL, ["Available agents", "可用座席数"],
        ["Σ (logged-in − paused) agent-seconds inside the interval", "时段内座席（登录 − 小休）秒数之和"],
        Some(["interval length", "时段长度"]),
        ["per interval: Σ (logged-in − paused) agent-seconds inside the interval / interval length (agents logged in \
          and not paused, whether on a call or ready)",
         "每个时段：时段内座席（登录 − 小休）秒数之和 / 时段长度（已登录且未小休的座席，无论在通话还是空闲）"]),
    def(interval(IntervalKpi::Understaffed), Flag, None, false, INTERVAL, ["Understaffed", "人手不足"],
        ["logged_in_agents < required_agents.erlang_c.raw_positions", "登录座席数 < Erlang C 所需在线座席数"], None,
        ["logged_in_agents < required_agents.erlang_c.raw_positions (agents needed on the phones before shrinkage; \
          paused agents count as logged in); null without agent data or an Erlang C figure",
         "登录座席数 < Erlang C 所需在线座席数（未计缺勤前需要在线的座席；小休的座席算作已登录）；没有座席数据或 \
          Erlang C 结果时为空"]),
    def(interval(IntervalKpi::WeekdayInterval), Table, None, false, REPORT, ["Weekday × interval", "星期 × 时段"],
        ["offered calls per weekday and interval of the day", "每个星期几和时段的呼入量"],
        Some(["days of that weekday with any call record", "有通话记录的该星期几的天数"]),
        ["per weekday and interval of the day: mean offered = offered calls / days of that weekday with any call \
          record; handle time pooled over those days; required agents as required_agents for the mean",
         "按星期几和一天中的时段：平均呼入量 = 呼入量 / 有通话记录的该星期几的天数；处理时长按这些天合并计算；所需座席数\
          按平均呼入量计算，方法同所需座席数"]),
    def(interval(IntervalKpi::Callbacks), Table, None, false, REPORT, ["Call-back list", "回拨清单"],
        ["unanswered offered calls with a caller number", "有主叫号码的未接通呼入电话"], None,
        ["unanswered offered calls with a caller number; called_again = the same number called later, got_through = \
          a later call of it was answered",
         "有主叫号码的未接通呼入电话；called_again = 该号码之后再次来电，got_through = 之后的来电已接通"]),
    def(people(PeopleKpi::QaScore), Points, Some(Higher), false, PEOPLE, ["QA score", "质检得分"],
        ["Σ evaluation scores (auto-fails count as 0)", "各次评估得分之和（致命失分记 0 分）"], Some(["evaluations", "评估次数"]),
        ["mean evaluation score 0–100: Σ(item points × weight) / Σ(possible points × weight) × 100 over items not N/A; \
          a failed critical item makes the evaluation 0",
         "评估得分的平均值（0–100）：Σ(质检项得分 × 权重) / Σ(满分 × 权重) × 100，只计“不适用”以外的项；致命项未通过时\
          该次评估记 0 分"]).sample(people(PeopleKpi::QaEvaluations)),
    def(people(PeopleKpi::QaEvaluations), Count, None, true, PEOPLE, ["QA evaluations", "质检次数"],
        ["evaluations", "评估次数"], None, ["QA evaluations", "质检评估次数"]),
    def(people(PeopleKpi::QaAutofailCount), Count, Some(Lower), true, PEOPLE, ["QA auto-fails", "致命失分次数"],
        ["evaluations failed on a critical item", "因致命项未通过而失分的评估"], None,
        ["evaluations failed on a critical item", "因致命项未通过而失分的评估次数"]).sample(people(PeopleKpi::QaEvaluations)),
    def(people(PeopleKpi::QaAutofailRate), Rate, Some(Lower), false, PEOPLE, ["QA auto-fail rate", "致命失分率"],
        ["auto-failed evaluations", "致命失分的评估"], Some(["evaluations", "评估次数"]),
        ["auto-failed evaluations / evaluations", "致命失分的评估 / 评估次数"]).sample(people(PeopleKpi::QaEvaluations)),
    def(people(PeopleKpi::Csat), Rate, Some(Higher), false, FEEDBACK, ["CSAT", "客户满意度"],
        ["CSAT answers of 4 or 5", "4 分或 5 分的满意度答复"], Some(["CSAT answers", "满意度答复数"]),
        ["CSAT answers in the top two boxes (4–5 of 5) / CSAT answers", "满意度最高两档（5 分制的 4–5 分）的答复 / 满意度答复数"]).sample(people(PeopleKpi::CsatResponses)),
    def(people(PeopleKpi::CsatMean), Score, Some(Higher), false, FEEDBACK, ["CSAT mean", "满意度均分"],
        ["Σ CSAT answers", "满意度答复分数之和"], Some(["CSAT answers", "满意度答复数"]),
        ["Σ CSAT answers / CSAT answers", "满意度答复分数之和 / 满意度答复数"]).sample(people(PeopleKpi::CsatResponses)),
    def(people(PeopleKpi::CsatResponses), Count, None, true, FEEDBACK, ["CSAT answers", "满意度答复数"],
        ["CSAT answers", "满意度答复"], None, ["CSAT answers", "满意度答复数"]),
    def(people(PeopleKpi::Nps), Score, Some(Higher), false, PEOPLE, ["NPS", "净推荐值"],
        ["(promoters − detractors) × 100", "（推荐者 − 贬损者）× 100"], Some(["NPS answers", "NPS 答复数"]),
        ["% of answers 9–10 minus % of answers 0–6 (−100…100)", "9–10 分答复的百分比减去 0–6 分答复的百分比（−100…100）"]).sample(people(PeopleKpi::NpsResponses)),
    def(people(PeopleKpi::NpsResponses), Count, None, true, PEOPLE, ["NPS answers", "NPS 答复数"],
        ["NPS answers", "NPS 答复"], None, ["NPS answers", "NPS 答复数"]),
    def(people(PeopleKpi::Ces), Score, Some(Lower), false, PEOPLE, ["CES", "客户费力度"],
        ["Σ effort scores", "费力度分数之和"], Some(["CES answers", "费力度答复数"]),
        ["Σ effort scores / CES answers", "费力度分数之和 / 费力度答复数"]).sample(people(PeopleKpi::CesResponses)),
    def(people(PeopleKpi::CesResponses), Count, None, true, PEOPLE, ["CES answers", "费力度答复数"],
        ["CES answers", "费力度答复"], None, ["CES answers", "费力度答复数"]),
    def(people(PeopleKpi::Complaints), Count, Some(Lower), true, FEEDBACK, ["Complaints", "投诉"],
        ["complaints", "投诉"], None, ["survey answers marked as a complaint", "标记为投诉的调查答复"]),
    def(people(PeopleKpi::ScheduledHours), Hours, None, true, PEOPLE, ["Scheduled hours", "排班小时"],
        ["scheduled hours", "排班小时"], None, ["Σ scheduled hours", "排班小时之和"]).sample(people(PeopleKpi::AttendanceDays)),
    def(people(PeopleKpi::WorkedHours), Hours, None, true, PEOPLE, ["Worked hours", "出勤小时"],
        ["scheduled − absent hours", "排班 − 缺勤小时"], None,
        ["Σ (scheduled − absent) hours: the divisor of per-hour KPIs", "（排班 − 缺勤）小时之和：每小时类指标的分母"]).sample(people(PeopleKpi::AttendanceDays)),
    def(people(PeopleKpi::AttendanceDays), Count, None, true, PEOPLE, ["Attendance days", "考勤天数"],
        ["days with an attendance record", "有考勤记录的天数"], None,
        ["days with an attendance record", "有考勤记录的天数"]),
    def(people(PeopleKpi::Absenteeism), Rate, Some(Lower), false, PEOPLE, ["Absenteeism", "缺勤率"],
        ["absent scheduled hours", "缺勤的排班小时"], Some(["scheduled hours", "排班小时"]),
        ["absent scheduled hours / scheduled hours", "缺勤的排班小时 / 排班小时"]).sample(people(PeopleKpi::AttendanceDays)),
    def(people(PeopleKpi::Lateness), Rate, Some(Lower), false, PEOPLE, ["Lateness", "迟到率"],
        ["days late", "迟到天数"], Some(["scheduled days", "排班天数"]), ["days late / scheduled days", "迟到天数 / 排班天数"]).sample(people(PeopleKpi::AttendanceDays)),
    def(people(PeopleKpi::Turnover), Rate, Some(Lower), false, PEOPLE, ["Turnover", "流失率"],
        ["leavers in the period", "期内离职人数"], Some(["average headcount", "平均在职人数"]),
        ["leavers in the period / average of the headcount at its start and end", "期内离职人数 / 期初和期末在职人数的平均"]),
    def(Kpi::Derived(DerivedKpi::NetHandled), Count, Some(Higher), true, PEOPLE, ["Net handled", "话务量"],
        ["answered + outbound connects − complaints", "已应答 + 外呼接通 − 投诉"], None,
        ["话务量: (answered inbound calls + connected outbound calls) − complaints (seed 002: 呼出量 or 呼入量 − 投诉)",
         "话务量：（已应答的呼入电话 + 已接通的外呼电话）− 投诉（seed 002：呼出或呼入个数 − 投诉）"])
        .sample(Kpi::Derived(DerivedKpi::HandledCalls)),
    def(Kpi::Derived(DerivedKpi::NetHandledVsTarget), Count, Some(Higher), true, PEOPLE,
        ["Net handled vs target", "话务量指标"],
        ["answered + outbound connects − complaints", "已应答 + 外呼接通 − 投诉"], None,
        ["话务量指标: (answered inbound + connected outbound calls) − complaints, scored against the card's unit target",
         "话务量指标：（已应答的呼入 + 已接通的外呼电话）− 投诉，按考核表的单位目标计分"])
        .sample(Kpi::Derived(DerivedKpi::HandledCalls)),
    def(Kpi::Derived(DerivedKpi::HandledCalls), Count, None, true, PEOPLE, ["Calls handled", "处理电话数"],
        ["answered + outbound connects", "已应答 + 外呼接通"], None,
        ["answered inbound calls + connected outbound calls", "已应答的呼入电话 + 已接通的外呼电话"]),
    def(Kpi::Derived(DerivedKpi::AnsweredPerHour), PerHour, Some(Higher), false, PEOPLE,
        ["Answered per hour", "每小时接听量"],
        ["answered", "已应答"], Some(["worked hours", "出勤小时"]),
        ["answered calls / worked hours (attendance file, else logged-in hours)", "已应答电话 / 出勤小时（考勤文件，否则用登录小时）"]).sample(call(C::Answered)),

    def(chat(ChatKpi::BuyersServed), Count, Some(Higher), false, CHAT_GROUPS, ["Buyers served", "接待人数"],
        ["distinct buyers a 客服 sent a message to", "客服发过消息的不同买家"], None,
        ["distinct buyers of the sessions in which a 客服 sent at least one message (a buyer is counted once per \
          row: per 客服, team, day or period)",
         "客服至少发过一条消息的会话中的不同买家数（每行内一个买家只计一次：按客服、班组、日期或整个期间）"])
        .sample(chat(ChatKpi::ChatSessions)),
    def(chat(ChatKpi::ChatSessions), Count, None, false, CHAT_GROUPS, ["Chat sessions", "会话数"],
        ["chat sessions", "会话"], None,
        ["sessions: the log's session id, else one buyer's messages with no gap over {chat_session_gap_min} min; \
          a session belongs to every 客服 who wrote in it, an unanswered one to the 客服 named on its buyer messages",
         "会话：按日志中的会话 ID，没有时按同一买家、间隔不超过 {chat_session_gap_min} 分钟的消息；会话计入其中发过消息的\
          每位客服，无人回复的会话计入其买家消息上注明的客服"]),
    def(chat(ChatKpi::BuyerMessages), Count, None, true, CHAT_GROUPS, ["Buyer messages", "买家消息数"],
        ["buyer messages", "买家消息"], None,
        ["buyer messages; answered ones count for the 客服 who replied, unanswered ones for the 客服 the session \
          belongs to",
         "买家消息数；已回复的计入回复的客服，未回复的计入该会话所属的客服"]),
    def(chat(ChatKpi::FirstResponseTime), Seconds, Some(Lower), false, CHAT_GROUPS,
        ["First response time", "首次响应时间"],
        ["Σ first response times", "首次响应时间之和"], Some(["sessions whose first buyer message was answered",
          "首条买家消息得到回复的会话数"]),
        ["Σ (first 客服 reply − first buyer message of the session) / sessions whose first buyer message was answered \
          (credited to the 客服 who replied)",
         "Σ（客服首次回复 − 会话中第一条买家消息）/ 首条买家消息得到回复的会话数（计入回复的客服）"])
        .tile().target(30.0).sample(chat(ChatKpi::ChatSessions)),
    def(chat(ChatKpi::AvgResponseTime), Seconds, Some(Lower), false, CHAT_GROUPS,
        ["Avg response time", "平均响应时间"],
        ["Σ response times", "响应时间之和"], Some(["answered runs of buyer messages", "得到回复的买家消息段数"]),
        ["Σ (客服 reply − first buyer message of the run) / answered runs; a run is the buyer messages between two \
          客服 messages and counts once, from its first message",
         "Σ（客服回复 − 该段第一条买家消息）/ 得到回复的消息段数；两条客服消息之间的连续买家消息为一段，只计一次，\
          从第一条算起"])
        .tile().target(30.0).sample(chat(ChatKpi::ChatSessions)),
    def(chat(ChatKpi::ResponseRate), Rate, Some(Higher), false, CHAT_GROUPS, ["Response rate", "响应率"],
        ["buyer messages a 客服 replied to before the session ended", "会话结束前得到客服回复的买家消息"],
        Some(["buyer messages", "买家消息数"]),
        ["buyer messages followed by a 客服 reply before the session ended / buyer messages",
         "会话结束前得到客服回复的买家消息 / 买家消息数"])
        .tile().target(0.9).sample(chat(ChatKpi::BuyerMessages)),
    def(chat(ChatKpi::InquiryConversion), Rate, Some(Higher), false, CHAT_GROUPS, ["Inquiry conversion", "询单转化率"],
        ["buyers served who paid for an order within the window", "在时限内付款的接待买家"],
        Some(["buyers served", "接待人数"]),
        ["buyers served who paid for an order on the same day as the session began, at or after its start / \
          buyers served (a buyer served by two 客服 counts for both)",
         "在会话开始当天（会话开始之后）付款的接待买家 / 接待人数（两位客服都接待过的买家对两人都计入）"])
        .tile().sample(chat(ChatKpi::BuyersServed)),
    def(chat(ChatKpi::OrdersPlaced), Count, None, true, CHAT_GROUPS, ["Orders placed", "下单数"],
        ["orders placed", "下单的订单"], None,
        ["orders placed, counted for the 客服 the order belongs to (see chat.attribution) and the day it was placed",
         "下单的订单数，计入订单所属的客服（见 chat.attribution）和下单日期"]),
    def(chat(ChatKpi::OrdersPaid), Count, Some(Higher), true, CHAT_GROUPS, ["Orders paid", "付款订单数"],
        ["orders paid", "已付款的订单"], None,
        ["orders with a payment time (or a paid status)", "有付款时间（或状态为已付款）的订单数"]),
    def(chat(ChatKpi::PaidAmount), Amount, Some(Higher), true, CHAT_GROUPS, ["Sales", "销售额"],
        ["Σ amount of paid orders", "已付款订单的金额之和"], None,
        ["Σ amount of paid orders, in the currency of the order export", "已付款订单的金额之和，币种同订单导出文件"]),
    def(chat(ChatKpi::AvgOrderValue), Amount, Some(Higher), false, CHAT_GROUPS, ["Avg order value", "客单价"],
        ["Σ amount of paid orders", "已付款订单的金额之和"], Some(["paid orders with an amount", "有金额的已付款订单数"]),
        ["Σ amount of paid orders / paid orders with an amount", "已付款订单的金额之和 / 有金额的已付款订单数"])
        .tile().sample(chat(ChatKpi::OrdersPaid)),
    def(chat(ChatKpi::ItemsPerOrder), Average, Some(Higher), false, CHAT_GROUPS, ["Items per order", "客件数"],
        ["Σ items of paid orders", "已付款订单的件数之和"], Some(["paid orders with an item count", "有件数的已付款订单数"]),
        ["Σ items of paid orders / paid orders with an item count", "已付款订单的件数之和 / 有件数的已付款订单数"])
        .tile().sample(chat(ChatKpi::OrdersPaid)),
    def(chat(ChatKpi::UnpaidOrderRate), Rate, Some(Lower), false, CHAT_GROUPS, ["Unpaid order rate", "流单率"],
        ["orders placed and not paid", "已下单未付款的订单"], Some(["orders placed", "下单数"]),
        ["orders placed and not paid / orders placed", "已下单未付款的订单 / 下单数"])
        .tile().sample(chat(ChatKpi::OrdersPlaced)),
    def(chat(ChatKpi::TypingSpeed), PerMinute, Some(Higher), false, CHAT_GROUPS,
        ["Typing speed (estimate)", "打字速度（估计）"],
        ["characters of 客服 replies", "客服回复的字数"], Some(["minutes of reply time", "回复用时（分钟）"]),
        ["an estimate: Σ characters of the 客服 messages that answer a buyer / Σ minutes from the buyer message just \
          before each to it, over replies within 5 min (longer gaps are waiting, not typing; quick replies and pasted \
          text raise it)",
         "估计值：回复买家的客服消息字数之和 / 每条回复与其前一条买家消息之间的分钟数之和，只计 5 分钟内的回复（更长的\
          间隔是在等待而不是打字；快捷短语和粘贴的文字会使其偏高）"])
        .tile().target(150.0).sample(chat(ChatKpi::ChatSessions)),
    def(chat(ChatKpi::MaxConcurrentSessions), Count, None, false, AGENT,
        ["Most sessions at once", "最大同时接待数"],
        ["most sessions open at the same time", "同一时刻打开的最多会话数"], None,
        ["the most of the 客服's sessions open at the same time, a session open from its first to its last message",
         "该客服同一时刻打开的最多会话数，会话从第一条消息打开到最后一条消息"])
        .sample(chat(ChatKpi::ChatSessions)),
    def(chat(ChatKpi::ConversionHours), Table, None, false, REPORT, ["Conversion and busy hours", "转化率与忙时"],
        ["sessions per hour of the day, and the top converters on", "每个小时的会话数以及在岗的高转化客服"], None,
        ["per hour of the day: sessions begun, buyers, 客服 on; the top converters (the best quarter of the 客服 \
          with at least 10 buyers served, by inquiry_conversion) on and not on (on = wrote in that hour on at least \
          half of the days with chat in it); busy = among the quarter of hours with the most sessions",
         "一天中每个小时：开始的会话数、买家数、在岗客服数；高转化客服（接待至少 10 位买家的客服中询单转化率最高的四分之\
          一）在岗与不在岗（在岗 = 在有会话的日子里至少一半的日子在该小时发过消息）；忙时 = 会话最多的四分之一的小时"]),
    def(outbound(OutboundKpi::Attempts), Count, None, true, OUTBOUND_GROUPS, ["Outbound calls", "呼出量"],
        ["outbound calls dialled", "拨出的外呼电话"], None,
        ["outbound calls dialled (every attempt, whatever its result)", "拨出的外呼电话数（每次拨打都算，不论结果）"])
        .tile(),
    def(outbound(OutboundKpi::Connects), Count, Some(Higher), true, OUTBOUND_GROUPS, ["Outbound connects", "外呼接通量"],
        ["outbound calls that reached the contact", "接通客户的外呼电话"], None,
        ["outbound calls whose result says the contact answered (成功, 拒绝 …), else with an answer time or talk",
         "结果表明客户已接听（成功、拒绝 …）的外呼电话，没有结果时按是否有应答时间或通话时长"])
        .sample(outbound(OutboundKpi::Attempts)),
    def(outbound(OutboundKpi::ConnectRate), Rate, Some(Higher), false, OUTBOUND_GROUPS,
        ["Outbound connect rate", "外呼接通率"],
        ["outbound connects", "外呼接通量"], Some(["outbound calls", "呼出量"]),
        ["outbound connects / outbound calls", "外呼接通量 / 呼出量"]).tile().sample(outbound(OutboundKpi::Attempts)),
    def(outbound(OutboundKpi::Talk), Seconds, None, true, OUTBOUND_GROUPS, ["Outbound talk", "外呼通话时长"],
        ["Σ talk of connected outbound calls", "已接通外呼电话的通话时长之和"], None,
        ["Σ talk of connected outbound calls", "已接通外呼电话的通话时长之和"]).sample(outbound(OutboundKpi::Connects)),
    def(outbound(OutboundKpi::Successes), Count, Some(Higher), true, OUTBOUND_GROUPS,
        ["Outbound successes", "外呼成功量"],
        ["outbound calls with a success result", "结果为成功的外呼电话"], None,
        ["outbound calls whose result is a success (成功, 成交, sale … or the user's table)",
         "结果为成功的外呼电话（成功、成交、sale … 或用户的对照表）"]).sample(outbound(OutboundKpi::Connects)),
    def(outbound(OutboundKpi::Conversion), Rate, Some(Higher), false, OUTBOUND_GROUPS,
        ["Outbound conversion", "外呼成功率"],
        ["outbound successes", "外呼成功量"], Some(["outbound connects", "外呼接通量"]),
        ["outbound successes / outbound connects", "外呼成功量 / 外呼接通量"]).tile().sample(outbound(OutboundKpi::Connects)),
    def(outbound(OutboundKpi::Contacts), Count, None, false, OUTBOUND_GROUPS, ["Numbers dialled", "拨打号码数"],
        ["distinct numbers dialled", "拨打的不同号码"], None,
        ["distinct numbers dialled in the row (not additive: two agents may dial one number)",
         "该行中拨打的不同号码数（不可相加：两个座席可能拨打同一号码）"]).sample(outbound(OutboundKpi::Attempts)),
    def(outbound(OutboundKpi::DialsPerContact), Average, Some(Lower), false, OUTBOUND_GROUPS,
        ["Dials per number", "每号码拨打次数"],
        ["outbound calls with a number", "有号码的外呼电话"], Some(["distinct numbers dialled", "拨打的不同号码数"]),
        ["outbound calls with a number / distinct numbers dialled", "有号码的外呼电话 / 拨打的不同号码数"])
        .sample(outbound(OutboundKpi::Attempts)),
    def(outbound(OutboundKpi::PerHour), PerHour, Some(Higher), false, AGENT, ["Outbound calls per hour", "每小时外呼量"],
        ["outbound calls", "呼出量"], Some(["logged-in hours", "登录小时数"]),
        ["outbound calls / logged-in hours (needs agent session or state data)", "呼出量 / 登录小时数（需要座席登录或状态数据）"])
        .sample(outbound(OutboundKpi::Attempts)),
    def(outbound(OutboundKpi::Results), Table, None, false, OUTBOUND_GROUPS, ["Results by code", "外呼结果分布"],
        ["outbound calls per result code", "每种结果代码的外呼电话数"], None,
        ["outbound calls per result code as the source writes it (成功, 拒绝, 无人接听, 空号 …; no code: \
          connected / not connected)",
         "按数据源所写结果代码统计的外呼电话数（成功、拒绝、无人接听、空号 …；没有代码时：已接通 / 未接通）"]),
];

/// Formulas that depend on a variant setting: (KPI, variant id, formula).
#[rustfmt::skip]
const VARIANT_FORMULAS: &[(Kpi, &str, Text)] = &[
    (call(C::ServiceLevel), "answered", Text {
        en: "answered with wait ≤ {t} s / answered", zh: "等待 ≤ {t} 秒即接通的电话 / 已应答" }),
    (call(C::ServiceLevel), "offered_minus_short", Text {
        en: "answered with wait ≤ {t} s / (offered − short abandoned)",
        zh: "等待 ≤ {t} 秒即接通的电话 /（呼入量 − 短时放弃）" }),
    (call(C::ServiceLevel), "with_abandoned", Text {
        en: "(answered + abandoned with wait ≤ {t} s) / offered", zh: "（等待 ≤ {t} 秒的接通 + 放弃）/ 呼入量" }),
    (call(C::AbandonRate), "exclude_short", Text {
        en: "(abandoned − short abandoned) / (offered − short abandoned)", zh: "（放弃 − 短时放弃）/（呼入量 − 短时放弃）" }),
    (call(C::AbandonRate), "answered_plus_abandoned", Text {
        en: "abandoned / (answered + abandoned)", zh: "放弃 /（已应答 + 放弃）" }),
    (interval(IntervalKpi::RequiredAgents), "max_occupancy", Text {
        en: "smallest number of agents on the phones that answers {sl_target} of offered calls within {t} s with \
             occupancy ≤ {max_occupancy} in an interval of {interval_min} min, for the interval's offered calls and \
             handle time (AHT when the source has after-call work, else avg_talk, talk only; the whole period's when \
             the interval has no answered call): Erlang C (nobody hangs up) and Erlang A (callers hang up with \
             exponential patience estimated from the data, see staffing.patience_s); positions = ceil(agents / \
             (1 − shrinkage {shrinkage}))",
        zh: "在 {interval_min} 分钟的时段内，按该时段的呼入量和处理时长（数据有话后处理时用 AHT，否则用只含通话的平均\
             交谈时间；时段内没有接通电话时用整个期间的），在 {t} 秒内接通 {sl_target} 的呼入电话且占用率 ≤ \
             {max_occupancy} 所需的最少在线座席数：Erlang C（无人挂断）和 Erlang A（来电者按从数据估计的指数分布耐心\
             挂断，见 staffing.patience_s）；应排座席 = ceil(座席数 / (1 − 缺勤率 {shrinkage}))" }),
    (chat(ChatKpi::InquiryConversion), "hours", Text {
        en: "buyers served who paid for an order within {conversion_window_h} h of the start of the session / buyers \
             served (a buyer served by two 客服 counts for both)",
        zh: "在会话开始后 {conversion_window_h} 小时内付款的接待买家 / 接待人数（两位客服都接待过的买家对两人都计入）" }),
    (call(C::Abandoned), "timeout_as_abandoned", Text {
        en: "offered calls the caller hung up on while waiting, plus calls that left by timeout (setting)",
        zh: "来电者在排队等待时挂断的呼入电话，加上超时离开队列的电话（按设置）" }),
];

/// The values that fill a formula's placeholders: the settings a report was made with.
#[derive(Clone, Debug, Default)]
pub(crate) struct FormulaParams {
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
    /// `{max_occupancy}` (the formula of required agents has a variant with it).
    pub max_occupancy: Option<f64>,
    /// `{shrinkage}`.
    pub shrinkage: f64,
    /// The service-level variant id (`offered`, `answered`, `offered_minus_short`, `with_abandoned`).
    pub sl_variant: &'static str,
    /// The abandon-rate variant id (`offered`, `exclude_short`, `answered_plus_abandoned`).
    pub abandon_variant: &'static str,
    /// Time-outs counted as abandoned.
    pub timeout_as_abandoned: bool,
    /// `{conversion_window_h}`: 0 = the same day.
    pub conversion_window_h: u32,
    /// `{chat_session_gap_min}`.
    pub chat_session_gap_min: u32,
}

/// A KPI's formula under the settings a report was made with: the code the page translates
/// (`formula.<id>` or `formula.<id>.<variant>`), the values of its placeholders, and the English
/// text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Formula {
    /// `formula.<id>` or `formula.<id>.<variant>`; its templates are in [`formula_templates`].
    pub code: String,
    /// The values of the placeholders.
    pub params: serde_json::Map<String, serde_json::Value>,
    /// The formula in English.
    pub text: String,
}

impl Formula {
    /// The formula in `lang`: the template its code names, filled with its values (the English
    /// one is `text`). For the command line's summary; the page fills the same templates.
    pub fn render(&self, lang: Lang) -> String {
        match formula_templates().into_iter().find(|(code, ..)| *code == self.code) {
            Some((_, en, zh)) => fill(Text { en, zh }.get(lang), &self.params),
            None => self.text.clone(),
        }
    }
}

/// The formula of a KPI under the given settings (variant chosen, placeholders filled).
pub(crate) fn formula(kpi: Kpi, p: &FormulaParams) -> Formula {
    let variant = match kpi {
        Kpi::Call(C::ServiceLevel) => Some(p.sl_variant),
        Kpi::Call(C::AbandonRate) => Some(p.abandon_variant),
        Kpi::Call(C::Abandoned) if p.timeout_as_abandoned => Some("timeout_as_abandoned"),
        Kpi::Interval(IntervalKpi::RequiredAgents) if p.max_occupancy.is_some() => Some("max_occupancy"),
        Kpi::Chat(ChatKpi::InquiryConversion) if p.conversion_window_h > 0 => Some("hours"),
        _ => None,
    };
    let special = variant.and_then(|v| VARIANT_FORMULAS.iter().find(|(k, id, _)| *k == kpi && *id == v));
    let (code, template) = match special {
        Some((_, v, text)) => (format!("formula.{}.{v}", kpi.id()), *text),
        None => (format!("formula.{}", kpi.id()), kpi.def().formula),
    };
    let mut params = serde_json::Map::new();
    for (name, value) in placeholders(p) {
        if template.en.contains(&format!("{{{name}}}")) {
            params.insert(name.to_string(), value);
        }
    }
    Formula { code, text: fill(template.get(Lang::En), &params), params }
}

/// Every formula template: `(code, English, Chinese)`, as the page's dictionary needs them.
pub fn formula_templates() -> Vec<(String, &'static str, &'static str)> {
    let mut out: Vec<(String, &str, &str)> =
        CATALOG.iter().map(|d| (format!("formula.{}", d.id), d.formula.en, d.formula.zh)).collect();
    for (k, v, t) in VARIANT_FORMULAS {
        out.push((format!("formula.{}.{v}", k.id()), t.en, t.zh));
    }
    out
}

fn placeholders(p: &FormulaParams) -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("t", p.sl_threshold_s.into()),
        ("short_abandon_s", p.short_abandon_s.into()),
        ("short_call_s", p.short_call_s.into()),
        ("fcr_window_h", p.fcr_window_h.into()),
        ("interval_min", p.interval_min.into()),
        ("sl_target", p.sl_target.into()),
        ("max_occupancy", p.max_occupancy.unwrap_or(1.0).into()),
        ("shrinkage", p.shrinkage.into()),
        ("conversion_window_h", p.conversion_window_h.into()),
        ("chat_session_gap_min", p.chat_session_gap_min.into()),
    ]
}

/// Fills `{name}` placeholders with parameter values (text as is, numbers as written).
pub(crate) fn fill(template: &str, params: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = template.to_string();
    for (name, value) in params {
        let shown = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out = out.replace(&format!("{{{name}}}"), &shown);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_renders_in_either_language_with_its_variant_and_values() {
        let p = FormulaParams {
            sl_threshold_s: 30,
            sl_variant: "answered",
            abandon_variant: "offered",
            ..Default::default()
        };
        let f = formula(Kpi::Call(C::ServiceLevel), &p);
        assert_eq!(f.render(Lang::En), f.text);
        assert_eq!(f.render(Lang::En), "answered with wait ≤ 30 s / answered");
        assert_eq!(f.render(Lang::Zh), "等待 ≤ 30 秒即接通的电话 / 已应答");
        let f = formula(Kpi::Call(C::AnswerRate), &p);
        assert_eq!(
            (f.render(Lang::En).as_str(), f.render(Lang::Zh).as_str()),
            ("answered / offered", "已应答 / 呼入量")
        );
    }

    fn every_kpi() -> Vec<Kpi> {
        let mut all: Vec<Kpi> = CallKpi::ALL.iter().map(|k| Kpi::Call(*k)).collect();
        all.extend(AgentTimeKpi::ALL.iter().map(|k| Kpi::AgentTime(*k)));
        all.extend(IntervalKpi::ALL.iter().map(|k| Kpi::Interval(*k)));
        all.extend(PeopleKpi::ALL.iter().map(|k| Kpi::People(*k)));
        all.extend(DerivedKpi::ALL.iter().map(|k| Kpi::Derived(*k)));
        all.extend(ChatKpi::ALL.iter().map(|k| Kpi::Chat(*k)));
        all.extend(OutboundKpi::ALL.iter().map(|k| Kpi::Outbound(*k)));
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
    fn english_and_chinese_texts_use_the_same_placeholders() {
        let names = |t: &str| -> Vec<String> {
            let mut v: Vec<String> =
                t.split('{').skip(1).filter_map(|p| p.split_once('}').map(|x| x.0.to_string())).collect();
            v.sort();
            v
        };
        for (code, en, zh) in formula_templates() {
            assert_eq!(names(en), names(zh), "{code}");
        }
        for d in CATALOG {
            assert_eq!(names(d.numerator.en), names(d.numerator.zh), "{}", d.id);
            assert!(!d.name.zh.is_empty() && !d.formula.zh.is_empty(), "{}", d.id);
        }
    }

    #[test]
    fn formulas_have_no_unfilled_placeholders() {
        let p = FormulaParams { sl_threshold_s: 20, interval_min: 30, ..Default::default() };
        for d in CATALOG {
            let f = formula(d.kpi, &p);
            assert!(!f.text.contains('{'), "{}: {}", d.id, f.text);
        }
    }
}
