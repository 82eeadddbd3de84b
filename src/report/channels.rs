//! Outbound calls and chats in the report: their KPIs beside the call KPIs in the agent, team, day
//! and period rows, the campaign rows, and the chat section. An agent, team or day with only
//! outbound calls or only chats gets a row of its own (its call KPIs are those of no calls).

use std::collections::{BTreeMap, BTreeSet};

use super::{AgentRow, CampaignRow, ChatSummary, DayRow, Report, TeamRow};
use crate::chat::{Chat, ChatKpis, OrderAttribution};
use crate::kpi::{Aggregates, Kpis, OutboundKpis, Ratio};
use crate::kpi::{MAX_AGENTS, MAX_QUEUES, MAX_RESULT_CODES, MAX_SLOT_DAYS, MAX_TEAMS};
use crate::model::catalog::{Grouping, OutboundKpi};
use crate::model::message::Message;
use crate::model::time::{format_day, weekday_of, MS_PER_DAY};
use crate::settings::Settings;

/// Fresh rows start with these call KPIs, cleared on the queue side where the report's limits say so.
struct Empty {
    kpis: Kpis,
    clear_agents: bool,
    clear_teams: bool,
}

impl Empty {
    fn new(report: &Report, kpis: Kpis) -> Empty {
        let limited = |g: Grouping| report.limits.iter().any(|l| l.grouping == g);
        Empty { kpis, clear_agents: limited(Grouping::Agent), clear_teams: limited(Grouping::Team) }
    }

    fn agent(&self, agent: Option<String>, name: Option<String>, team: Option<String>) -> AgentRow {
        let mut k = self.kpis.clone();
        if self.clear_agents {
            k.clear_queue_side();
        }
        AgentRow::new(agent, name, team, k)
    }

    fn team(&self, team: Option<String>) -> TeamRow {
        let mut kpis = self.kpis.clone();
        if self.clear_teams {
            kpis.clear_queue_side();
        }
        TeamRow { team, kpis, outbound: OutboundKpis::default(), chat: ChatKpis::default() }
    }

    fn day(&self, day: i64) -> DayRow {
        DayRow {
            day: format_day(day),
            weekday: weekday_of(day),
            kpis: self.kpis.clone(),
            outbound: OutboundKpis::default(),
            chat: ChatKpis::default(),
        }
    }
}

fn merge_ratios(into: &mut Kpis, parts: impl IntoIterator<Item = (&'static str, f64, f64)>) {
    for (id, numerator, denominator) in parts {
        into.ratios.insert(id, Ratio { numerator, denominator });
    }
}

fn outbound_parts(k: &OutboundKpis) -> Vec<(&'static str, f64, f64)> {
    k.ratios.iter().map(|(id, r)| (id, r.numerator, r.denominator)).collect()
}

/// Adds a row, made by `row`, for each of the `wanted` items whose key (`want`) no row has yet
/// (`have`), in the order wanted. One look-up per item: a scan of the rows for each was
/// quadratic, and an outbound file naming 20,000 agents took 4 s (300,000: over ten minutes).
fn add_missing_rows<R, T, K: Ord>(
    rows: &mut Vec<R>,
    have: impl Fn(&R) -> K,
    wanted: impl IntoIterator<Item = T>,
    want: impl Fn(&T) -> K,
    mut row: impl FnMut(T) -> R,
) {
    let mut keys: BTreeSet<K> = rows.iter().map(have).collect();
    for item in wanted {
        if keys.insert(want(&item)) {
            rows.push(row(item));
        }
    }
}

/// The day rows missing for `days`.
fn add_day_rows(rows: &mut Vec<DayRow>, days: impl IntoIterator<Item = i64>, empty: &Empty) {
    add_missing_rows(rows, |r| r.day.clone(), days, |d| format_day(*d), |d| empty.day(d));
}

/// The team rows missing for `teams`.
fn add_team_rows<'t>(rows: &mut Vec<TeamRow>, teams: impl IntoIterator<Item = &'t String>, empty: &Empty) {
    add_missing_rows(rows, |r| r.team.clone(), teams, |t| Some((*t).clone()), |t| empty.team(Some(t.clone())));
}

/// Outbound KPIs per agent, team, day, campaign and the period.
pub(super) fn add_outbound(report: &mut Report, agg: &Aggregates, empty_kpis: Kpis) {
    let o = &agg.outbound;
    if o.is_empty() {
        return;
    }
    let empty = Empty::new(report, empty_kpis);
    let none = crate::kpi::OutboundTally::default().kpis(true);
    let (agents, teams, days) = (o.agents.sorted(), o.teams.sorted(), o.days.sorted());
    add_missing_rows(
        &mut report.by_agent,
        |r| r.agent.clone(),
        agents.keys(),
        |a| (**a).clone(),
        |agent| {
            let (name, team) = match agent {
                Some(a) => (o.agent_name(a).map(str::to_string), o.agent_team(a).map(str::to_string)),
                None => (None, None),
            };
            empty.agent((*agent).clone(), name, team)
        },
    );
    for row in &mut report.by_agent {
        row.outbound = agents.get(&row.agent).map_or_else(|| none.clone(), |t| t.kpis(true));
        if let (Some(logged), Some(attempts)) = (row.logged_in, row.outbound.outbound_attempts) {
            let hours = logged / 3600.0;
            let r = Ratio { numerator: attempts as f64, denominator: hours };
            row.outbound.ratios.insert(OutboundKpi::PerHour.id(), r);
            row.outbound.outbound_per_hour = (hours > 0.0).then(|| attempts as f64 / hours);
        }
        merge_ratios(&mut row.kpis, outbound_parts(&row.outbound));
    }
    add_team_rows(&mut report.by_team, teams.keys().copied(), &empty);
    for row in &mut report.by_team {
        row.outbound = row.team.as_ref().and_then(|t| teams.get(t)).map_or_else(|| none.clone(), |t| t.kpis(true));
        merge_ratios(&mut row.kpis, outbound_parts(&row.outbound));
    }
    add_day_rows(&mut report.by_day, days.keys().map(|d| **d), &empty);
    let by_day: BTreeMap<String, &crate::kpi::OutboundTally> =
        days.iter().map(|(d, t)| (format_day(**d), *t)).collect();
    for row in &mut report.by_day {
        row.outbound = by_day.get(&row.day).map_or_else(|| none.clone(), |t| t.kpis(true));
        merge_ratios(&mut row.kpis, outbound_parts(&row.outbound));
    }
    report.by_campaign = o
        .campaigns
        .sorted()
        .into_iter()
        .map(|(c, t)| CampaignRow { campaign: c.clone(), outbound: t.kpis(true) })
        .collect();
    report.totals.outbound = o.totals.kpis(true);
    let parts = outbound_parts(&report.totals.outbound);
    merge_ratios(&mut report.totals.kpis, parts);
    let capped = [
        (o.agents.overflow, Message::NoteOutboundTooManyAgents { limit: MAX_AGENTS, calls: o.agents.overflow }),
        (o.teams.overflow, Message::NoteOutboundTooManyTeams { limit: MAX_TEAMS, calls: o.teams.overflow }),
        (
            o.campaigns.overflow,
            Message::NoteOutboundTooManyCampaigns { limit: MAX_QUEUES, calls: o.campaigns.overflow },
        ),
        (o.days.overflow, Message::NoteOutboundTooManyDays { limit: MAX_SLOT_DAYS as usize, calls: o.days.overflow }),
        (o.other_codes(), Message::NoteOutboundTooManyCodes { limit: MAX_RESULT_CODES, calls: o.other_codes() }),
        (o.totals.success_unknown(), Message::NoteOutboundSuccessUnknown { calls: o.totals.success_unknown() }),
    ];
    report.notes.extend(capped.into_iter().filter(|(calls, _)| *calls > 0).map(|(_, note)| note));
    widen_period(report, o.first_ms, o.last_ms);
}

/// Chat and order KPIs per 客服, team, day and the period, the notes and the chat section.
pub(super) fn add_chat(report: &mut Report, chat: &Chat, settings: &Settings, empty_kpis: Kpis) {
    if chat.is_empty() {
        return;
    }
    let empty = Empty::new(report, empty_kpis);
    // Teams of the 客服 as the report knows them (call records, the roster).
    let teams: BTreeMap<String, String> =
        report.by_agent.iter().filter_map(|r| Some((r.agent.clone()?, r.team.clone()?))).collect();
    let people: BTreeMap<String, (Option<String>, Option<String>)> = report
        .people
        .as_ref()
        .map(|p| p.by_agent.iter().map(|r| (r.agent.clone(), (r.name.clone(), r.team.clone()))).collect())
        .unwrap_or_default();
    let roster_team = |a: &str| teams.get(a).cloned().or_else(|| people.get(a).and_then(|p| p.1.clone()));
    let out = chat.build(&settings.chat_rules(), &roster_team);
    let none = out.none();

    add_missing_rows(
        &mut report.by_agent,
        |r| r.agent.clone(),
        out.agents.keys(),
        |a| Some((*a).clone()),
        |agent| {
            let (name, team) = people.get(agent).cloned().unwrap_or_default();
            let team = team.or_else(|| out.agent_teams.get(agent).cloned());
            empty.agent(Some(agent.clone()), name, team)
        },
    );
    for row in &mut report.by_agent {
        row.chat = row.agent.as_ref().and_then(|a| out.agents.get(a)).cloned().unwrap_or_else(|| none.clone());
        if row.team.is_none() {
            row.team = row.agent.as_ref().and_then(|a| out.agent_teams.get(a)).cloned();
        }
        merge_ratios(&mut row.kpis, row.chat.ratios.clone());
    }
    add_team_rows(&mut report.by_team, out.teams.keys(), &empty);
    for row in &mut report.by_team {
        row.chat = row.team.as_ref().and_then(|t| out.teams.get(t)).cloned().unwrap_or_else(|| none.clone());
        merge_ratios(&mut row.kpis, row.chat.ratios.clone());
    }
    add_day_rows(&mut report.by_day, out.days.keys().copied(), &empty);
    let by_day: BTreeMap<String, &ChatKpis> = out.days.iter().map(|(d, k)| (format_day(*d), k)).collect();
    for row in &mut report.by_day {
        row.chat = by_day.get(&row.day).map_or_else(|| none.clone(), |k| (*k).clone());
        merge_ratios(&mut row.kpis, row.chat.ratios.clone());
    }
    report.totals.chat = out.totals.clone();
    merge_ratios(&mut report.totals.kpis, out.totals.ratios.clone());

    let [agents, teams, days] = out.left_out;
    let capped = [
        (agents, Message::NoteChatTooManyAgents { limit: MAX_AGENTS, agents }),
        (teams, Message::NoteChatTooManyTeams { limit: MAX_TEAMS, teams }),
        (days, Message::NoteChatTooManyDays { limit: MAX_SLOT_DAYS as usize, days }),
    ];
    report.notes.extend(capped.into_iter().filter(|(n, _)| *n > 0).map(|(_, note)| note));
    if out.unattributed_messages > 0 {
        report.notes.push(Message::NoteChatUnattributed { messages: out.unattributed_messages });
    }
    if out.has_chat && !out.has_orders {
        report.notes.push(Message::NoteChatNoOrders);
    }
    if out.has_orders && !out.has_chat {
        report.notes.push(Message::NoteOrdersNoChat);
    }
    if out.unattributed_orders > 0 {
        report.notes.push(Message::NoteOrdersUnattributed { orders: out.unattributed_orders });
    }
    if out.paid_without_time > 0 {
        report.notes.push(Message::NoteOrdersPaidNoTime { orders: out.paid_without_time });
    }
    let rules = settings.chat_rules();
    report.chat = Some(ChatSummary {
        messages: out.messages,
        sessions: out.sessions,
        buyers: out.buyers,
        orders: out.orders,
        orders_unattributed: out.unattributed_orders,
        attribution: match rules.attribution {
            OrderAttribution::NamedThenChat => Message::RuleAttributionNamedThenChat,
            OrderAttribution::Named => Message::RuleAttributionNamed,
            OrderAttribution::LastChat => Message::RuleAttributionLastChat,
        },
        conversion_window_h: rules.conversion_window_h,
        session_gap_min: rules.session_gap_min,
        conversion_hours: out.conversion_hours.clone(),
    });
    widen_period(report, out.first_ms, out.last_ms);
}

/// The period covers outbound calls and chats too.
fn widen_period(report: &mut Report, first: Option<i64>, last: Option<i64>) {
    let (Some(first), Some(last)) = (first, last) else { return };
    let parse = |s: &str| -> Option<i64> {
        let d = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok()?;
        Some(d.and_utc().timestamp_millis())
    };
    let fmt = crate::model::time::format_ms;
    match &mut report.period {
        Some(p) => {
            if parse(&p.first).is_none_or(|f| first < f) {
                p.first = fmt(first);
            }
            if parse(&p.last).is_none_or(|l| last > l) {
                p.last = fmt(last);
            }
        }
        None => report.period = Some(super::Period { first: fmt(first), last: fmt(last) }),
    }
    let _ = MS_PER_DAY;
}

/// Rows in order once channels added some.
pub(super) fn sort_rows(report: &mut Report) {
    report.by_agent.sort_by(|a, b| a.agent.cmp(&b.agent));
    report.by_team.sort_by(|a, b| a.team.cmp(&b.team));
    report.by_day.sort_by(|a, b| a.day.cmp(&b.day));
}
