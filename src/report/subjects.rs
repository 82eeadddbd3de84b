//! What a scorecard is scored on: the report's typed rows turned into subjects (agents, teams, the
//! centre) with every KPI value by its catalogue id.
//!
//! Values are looked up by typed id, one exhaustive `match` per source, so a KPI the catalogue
//! lists cannot be missing here and renaming a field of a row is a compile error, not a metric
//! that silently scores nothing.

use std::collections::BTreeMap;

use super::{AgentRow, Report};
use crate::chat::ChatKpis;
use crate::kpi::{Kpis, OutboundKpis};
use crate::model::catalog::{AgentTimeKpi, CallKpi, ChatKpi, DerivedKpi, Kpi, OutboundKpi, PeopleKpi};
use crate::model::people::TargetRow;
use crate::people::People;
use crate::people::{PeopleKpis, PeopleReport};
use crate::scorecard::{Level, LevelTarget, MetricValue, ScoringInput, Subject};
use chrono::Datelike;

/// What agents are scored against besides the card: their own targets and their tenure.
pub(super) struct Staff<'a> {
    /// Agents' own targets (targets files, roster columns).
    pub targets: &'a [TargetRow],
    /// Hire dates (YYYY-MM-DD) from the roster.
    pub hired: BTreeMap<&'a str, &'a str>,
    /// The appraisal month scored, when the scored days lie in one (its own targets apply).
    pub month: Option<String>,
    /// The last day scored (YYYY-MM-DD), for the month of tenure.
    pub last_day: Option<String>,
}

impl<'a> Staff<'a> {
    pub(super) fn new(people: &'a People, month: Option<String>, last_day: Option<String>) -> Staff<'a> {
        let hired = people.roster.iter().filter_map(|r| Some((r.agent.as_str(), r.hire.as_deref()?))).collect();
        Staff { targets: &people.targets, hired, month, last_day }
    }

    /// An agent's own targets for the period: a row for the period scored wins over a row for
    /// every period; a later row wins over an earlier one.
    fn targets_of(&self, agent: &str) -> BTreeMap<String, LevelTarget> {
        let mut out: BTreeMap<String, (bool, LevelTarget)> = BTreeMap::new();
        for t in self.targets.iter().filter(|t| t.agent.trim() == agent) {
            let specific = match &t.period {
                None => false,
                Some(p) if Some(p) == self.month.as_ref() => true,
                Some(_) => continue,
            };
            if out.get(&t.kpi).is_some_and(|(s, _)| *s && !specific) {
                continue;
            }
            out.insert(t.kpi.clone(), (specific, LevelTarget { target: t.target, floor: t.floor }));
        }
        out.into_iter().map(|(k, (_, t))| (k, t)).collect()
    }

    /// The agent's month of tenure on the last day scored: 1 until one month after the hire date.
    fn tenure_month(&self, agent: &str) -> Option<u32> {
        let parse = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        let hired = parse(self.hired.get(agent)?)?;
        let day = parse(self.last_day.as_deref()?)?;
        if day < hired {
            return None;
        }
        let mut months = (day.year() - hired.year()) * 12 + day.month() as i32 - hired.month() as i32;
        if day.day() < hired.day() {
            months -= 1;
        }
        u32::try_from(months + 1).ok()
    }
}

/// The subjects of every level and the centre's daily values, from a built report.
pub(super) fn scoring_input(report: &Report, staff: &Staff<'_>) -> ScoringInput {
    let people = report.people.as_ref();
    let mut agents: BTreeMap<String, Subject> = BTreeMap::new();
    for row in &report.by_agent {
        let Some(id) = row.agent.clone() else { continue };
        let mut s = Subject { id: id.clone(), name: row.name.clone(), team: row.team.clone(), ..Default::default() };
        for k in CallKpi::ALL {
            put(&mut s.values, Kpi::Call(*k), call_value(&row.kpis, *k), &row.kpis);
        }
        for k in AgentTimeKpi::ALL {
            put(&mut s.values, Kpi::AgentTime(*k), agent_time_value(row, *k), &row.kpis);
        }
        channel_values(&mut s.values, &row.outbound, &row.chat, &row.kpis);
        agents.insert(id, s);
    }
    if let Some(p) = people {
        for row in &p.by_agent {
            let s = agents
                .entry(row.agent.clone())
                .or_insert_with(|| Subject { id: row.agent.clone(), ..Default::default() });
            if row.name.is_some() {
                s.name = row.name.clone();
            }
            if row.team.is_some() {
                s.team = row.team.clone();
            }
            add_people(&mut s.values, &row.kpis);
        }
    }
    for s in agents.values_mut() {
        derive(&mut s.values);
        s.targets = staff.targets_of(&s.id);
        s.tenure_month = staff.tenure_month(&s.id);
    }
    let agents: Vec<Subject> = agents.into_values().collect();
    let mut teams: BTreeMap<String, Vec<&Subject>> = BTreeMap::new();
    for a in &agents {
        if let Some(t) = &a.team {
            teams.entry(t.clone()).or_default().push(a);
        }
    }
    let teams = teams
        .iter()
        .map(|(t, members)| {
            let mut values = aggregate(members);
            let turnover = people.and_then(|p| p.by_team.iter().find(|r| &r.team == t)).and_then(|r| r.kpis.turnover);
            if let Some(turnover) = turnover {
                values.insert(PeopleKpi::Turnover.id().into(), MetricValue::plain(turnover));
            }
            // Queue-side KPIs (service level, abandon rate …) are not the agents' to add up: the
            // team's own row has them when every unanswered call names a team.
            if let Some(row) = report.by_team.iter().find(|r| r.team.as_deref() == Some(t.as_str())) {
                add_missing_call_kpis(&mut values, &row.kpis);
            }
            Subject {
                id: t.clone(),
                team: Some(t.clone()),
                values,
                level: Level::Team,
                agents_with: agents_with(members),
                ..Default::default()
            }
        })
        .collect();
    let all: Vec<&Subject> = agents.iter().collect();
    let mut centre = Subject {
        id: "centre".into(),
        values: aggregate(&all),
        level: Level::Centre,
        agents_with: agents_with(&all),
        ..Default::default()
    };
    add_missing_call_kpis(&mut centre.values, &report.totals);
    if let Some(t) = people.and_then(|p: &PeopleReport| p.totals.turnover) {
        centre.values.insert(PeopleKpi::Turnover.id().into(), MetricValue::plain(t));
    }
    let days = day_values(report);
    ScoringInput { agents, teams, centre, days }
}

/// The centre's values per day (`YYYY-MM-DD`, in order), what goals are measured over.
pub(crate) fn day_values(report: &Report) -> Vec<(String, BTreeMap<String, MetricValue>)> {
    report
        .by_day
        .iter()
        .map(|d| {
            let mut values = BTreeMap::new();
            for k in CallKpi::ALL {
                put(&mut values, Kpi::Call(*k), call_value(&d.kpis, *k), &d.kpis);
            }
            channel_values(&mut values, &d.outbound, &d.chat, &d.kpis);
            (d.day.clone(), values)
        })
        .collect()
}

/// The call KPIs of a row that the values do not have yet (the queue-side ones, which agents do not
/// carry, so a team or centre built from its agents would lack them).
fn add_missing_call_kpis(values: &mut BTreeMap<String, MetricValue>, kpis: &Kpis) {
    for k in CallKpi::ALL {
        if !values.contains_key(Kpi::Call(*k).id()) {
            put(values, Kpi::Call(*k), call_value(kpis, *k), kpis);
        }
    }
}

/// Adds a value, with its numerator and denominator when the row has them.
fn put(values: &mut BTreeMap<String, MetricValue>, kpi: Kpi, value: Option<f64>, kpis: &Kpis) {
    let Some(value) = value else { return };
    let parts = kpis.ratios.get(kpi.id());
    values.insert(
        kpi.id().to_string(),
        MetricValue { value, numerator: parts.map(|r| r.numerator), denominator: parts.map(|r| r.denominator) },
    );
}

/// A call KPI of a row.
pub(super) fn call_value(k: &Kpis, kpi: CallKpi) -> Option<f64> {
    let count = |v: u64| Some(v as f64);
    match kpi {
        CallKpi::Offered => k.offered.map(|v| v as f64),
        CallKpi::Answered => count(k.answered),
        CallKpi::Abandoned => k.abandoned.map(|v| v as f64),
        CallKpi::AnswerRate => k.answer_rate,
        CallKpi::AbandonRate => k.abandon_rate,
        CallKpi::ServiceLevel => k.service_level,
        CallKpi::Asa => k.asa,
        CallKpi::AvgWaitAbandoned => k.avg_wait_abandoned,
        CallKpi::MaxWait => k.max_wait,
        CallKpi::WaitP90 => k.wait_p90,
        CallKpi::Aht => k.aht,
        CallKpi::AvgTalk => k.avg_talk,
        CallKpi::AvgHold => k.avg_hold,
        CallKpi::AvgAcw => k.avg_acw,
        CallKpi::Fcr => k.fcr,
        CallKpi::ShortCallRate => k.short_call_rate,
        CallKpi::TransferRate => k.transfer_rate,
        CallKpi::HoldRate => k.hold_rate,
        CallKpi::ShortAbandoned => k.short_abandoned.map(|v| v as f64),
        CallKpi::TimedOut => k.timed_out.map(|v| v as f64),
        CallKpi::IvrOnly => k.ivr_only.map(|v| v as f64),
        CallKpi::Transferred => count(k.transferred),
        CallKpi::AnsweredWithinThreshold => count(k.answered_within_threshold),
        CallKpi::AbandonedWithinThreshold => k.abandoned_within_threshold.map(|v| v as f64),
        CallKpi::AvgQueueTime => k.avg_queue_time,
        CallKpi::WaitP50 => k.wait_p50,
        CallKpi::WaitP80 => k.wait_p80,
        CallKpi::WaitP95 => k.wait_p95,
        CallKpi::TotalTalk => Some(k.total_talk),
        CallKpi::TotalHandle => k.total_handle,
        CallKpi::ShortCalls => count(k.short_calls),
        CallKpi::FcrResolved => count(k.fcr_resolved),
        CallKpi::FcrRepeat => count(k.fcr_repeat),
        CallKpi::FcrUnknown => count(k.fcr_unknown),
    }
}

/// The outbound and chat KPIs of a row (`kpis` holds their numerators and denominators).
fn channel_values(values: &mut BTreeMap<String, MetricValue>, o: &OutboundKpis, c: &ChatKpis, kpis: &Kpis) {
    for k in OutboundKpi::ALL {
        put(values, Kpi::Outbound(*k), outbound_value(o, *k), kpis);
    }
    for k in ChatKpi::ALL {
        put(values, Kpi::Chat(*k), chat_value(c, *k), kpis);
    }
}

/// An outbound KPI of a row.
fn outbound_value(k: &OutboundKpis, kpi: OutboundKpi) -> Option<f64> {
    let count = |v: Option<u64>| v.map(|v| v as f64);
    match kpi {
        OutboundKpi::Attempts => count(k.outbound_attempts),
        OutboundKpi::Connects => count(k.outbound_connects),
        OutboundKpi::ConnectRate => k.connect_rate,
        OutboundKpi::Talk => k.outbound_talk,
        OutboundKpi::Successes => count(k.outbound_successes),
        OutboundKpi::Conversion => k.outbound_conversion,
        OutboundKpi::Contacts => count(k.outbound_contacts),
        OutboundKpi::DialsPerContact => k.dials_per_contact,
        OutboundKpi::PerHour => k.outbound_per_hour,
        // A table, not a number: not scored.
        OutboundKpi::Results => None,
    }
}

/// A chat KPI of a row.
fn chat_value(k: &ChatKpis, kpi: ChatKpi) -> Option<f64> {
    let count = |v: Option<u64>| v.map(|v| v as f64);
    match kpi {
        ChatKpi::BuyersServed => count(k.buyers_served),
        ChatKpi::ChatSessions => count(k.chat_sessions),
        ChatKpi::BuyerMessages => count(k.buyer_messages),
        ChatKpi::FirstResponseTime => k.first_response_time,
        ChatKpi::AvgResponseTime => k.avg_response_time,
        ChatKpi::ResponseRate => k.response_rate,
        ChatKpi::InquiryConversion => k.inquiry_conversion,
        ChatKpi::OrdersPlaced => count(k.orders_placed),
        ChatKpi::OrdersPaid => count(k.orders_paid),
        ChatKpi::PaidAmount => k.paid_amount,
        ChatKpi::AvgOrderValue => k.avg_order_value,
        ChatKpi::ItemsPerOrder => k.items_per_order,
        ChatKpi::UnpaidOrderRate => k.unpaid_order_rate,
        ChatKpi::TypingSpeed => k.typing_speed,
        ChatKpi::MaxConcurrentSessions => count(k.max_concurrent_sessions),
        // A table of the report, not a number per 客服.
        ChatKpi::ConversionHours => None,
    }
}

/// An agent-time KPI of an agent's row (`None` without session or state data, except the counts).
fn agent_time_value(row: &AgentRow, kpi: AgentTimeKpi) -> Option<f64> {
    match kpi {
        AgentTimeKpi::LoggedIn => row.logged_in,
        AgentTimeKpi::Paused => row.logged_in.map(|_| row.paused.values().sum()),
        AgentTimeKpi::Available => row.available,
        AgentTimeKpi::Occupancy => row.occupancy,
        AgentTimeKpi::Utilization => row.utilization,
        AgentTimeKpi::WorkRate => row.work_rate,
        AgentTimeKpi::CallsPerHour => row.calls_per_hour,
        AgentTimeKpi::Missed => Some(row.missed as f64),
        AgentTimeKpi::OpenSessions => Some(row.open_sessions as f64),
    }
}

/// A people KPI of an agent, team or centre row.
fn people_value(k: &PeopleKpis, kpi: PeopleKpi) -> Option<f64> {
    let count = |v: u64| Some(v as f64);
    match kpi {
        PeopleKpi::QaScore => k.qa_score,
        PeopleKpi::QaEvaluations => count(k.qa_evaluations),
        PeopleKpi::QaAutofailCount => count(k.qa_autofail_count),
        PeopleKpi::QaAutofailRate => k.qa_autofail_rate,
        PeopleKpi::Csat => k.csat,
        PeopleKpi::CsatMean => k.csat_mean,
        PeopleKpi::CsatResponses => count(k.csat_responses),
        PeopleKpi::Nps => k.nps,
        PeopleKpi::NpsResponses => count(k.nps_responses),
        PeopleKpi::Ces => k.ces,
        PeopleKpi::CesResponses => count(k.ces_responses),
        PeopleKpi::Complaints => k.complaints.map(|c| c as f64),
        PeopleKpi::ScheduledHours => k.scheduled_hours,
        PeopleKpi::WorkedHours => k.worked_hours,
        PeopleKpi::AttendanceDays => k.attendance_days.map(|d| d as f64),
        PeopleKpi::Absenteeism => k.absenteeism,
        PeopleKpi::Lateness => k.lateness,
        PeopleKpi::Turnover => k.turnover,
    }
}

/// People KPIs of an agent, with the free-form columns: `qa_section:NAME`, `rating:DIMENSION`, and
/// a rating dimension under its bare name too (agent-metrics files such as chat KPIs), unless a
/// KPI of the catalogue already has that name.
fn add_people(values: &mut BTreeMap<String, MetricValue>, k: &PeopleKpis) {
    for kpi in PeopleKpi::ALL {
        if let Some(v) = people_value(k, *kpi) {
            let parts = k.parts.get(kpi.id());
            values.insert(
                kpi.id().to_string(),
                MetricValue { value: v, numerator: parts.map(|p| p.0), denominator: parts.map(|p| p.1) },
            );
        }
    }
    for (section, v) in &k.qa_sections {
        values.insert(format!("qa_section:{section}"), MetricValue::plain(*v));
    }
    for (dimension, v) in &k.ratings {
        values.insert(format!("rating:{dimension}"), MetricValue::plain(*v));
        values.entry(dimension.clone()).or_insert(MetricValue::plain(*v));
    }
}

/// The scorecard-only figures of the catalogue's [`DerivedKpi`].
fn derive(values: &mut BTreeMap<String, MetricValue>) {
    let get = |values: &BTreeMap<String, MetricValue>, k: Kpi| values.get(k.id()).map(|v| v.value);
    if let Some(a) = get(values, Kpi::Call(CallKpi::Answered)) {
        let c = get(values, Kpi::People(PeopleKpi::Complaints)).unwrap_or(0.0);
        // 话务量指标 (seed 002): calls handled — 呼入 answered and 呼出 connected — minus complaint
        // calls, scored against the unit target.
        let handled = a + get(values, Kpi::Outbound(OutboundKpi::Connects)).unwrap_or(0.0);
        values.insert(DerivedKpi::HandledCalls.id().into(), MetricValue::plain(handled));
        for k in [DerivedKpi::NetHandled, DerivedKpi::NetHandledVsTarget] {
            values.insert(k.id().into(), MetricValue::plain(handled - c));
        }
    }
    if get(values, Kpi::People(PeopleKpi::WorkedHours)).is_none() {
        if let Some(l) = get(values, Kpi::AgentTime(AgentTimeKpi::LoggedIn)) {
            values.insert(PeopleKpi::WorkedHours.id().into(), MetricValue::plain(l / 3600.0));
        }
    }
    let answered = get(values, Kpi::Call(CallKpi::Answered));
    if let (Some(a), Some(h)) = (answered, get(values, Kpi::People(PeopleKpi::WorkedHours))) {
        if let Some(v) = MetricValue::ratio(a, h) {
            values.insert(DerivedKpi::AnsweredPerHour.id().into(), v);
        }
    }
}

/// How many of the agents have a value of each KPI.
fn agents_with(members: &[&Subject]) -> BTreeMap<String, f64> {
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    for m in members {
        for k in m.values.keys() {
            *out.entry(k.clone()).or_default() += 1.0;
        }
    }
    out
}

/// Agents' values summed into a team or the centre: additive KPIs (counts, totals) add up, any
/// other value is Σ numerator / Σ denominator, and a value without its parts is left out (a
/// maximum or a mean of means would misstate the group).
fn aggregate(members: &[&Subject]) -> BTreeMap<String, MetricValue> {
    let mut keys: Vec<&String> = members.iter().flat_map(|s| s.values.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = BTreeMap::new();
    for k in keys {
        if Kpi::from_id(k).is_some_and(|kpi| kpi.def().additive) {
            let s: f64 = members.iter().filter_map(|m| m.values.get(k)).map(|v| v.value).sum();
            out.insert(k.clone(), MetricValue::plain(s));
            continue;
        }
        let (mut n, mut d, mut ok) = (0.0, 0.0, true);
        for m in members {
            if let Some(v) = m.values.get(k) {
                match (v.numerator, v.denominator) {
                    (Some(a), Some(b)) => {
                        n += a;
                        d += b;
                    }
                    _ => ok = false,
                }
            }
        }
        if ok {
            if let Some(v) = MetricValue::ratio(n, d) {
                out.insert(k.clone(), v);
            }
        }
    }
    out
}
