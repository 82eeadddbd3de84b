//! Trends and comparisons of groups: each agent's and team's KPIs per day, week and appraisal
//! month, agent × queue, and two periods side by side.
//!
//! All of it is summed from the group × day tallies of [`Aggregates::group_days`], so it changes
//! with `week_start`, `month_starts_on_day`, `period` and `compare_with` without reading the files
//! again, and each period's counts add up to the whole-span row of the same group (over the days
//! the slot tables keep).

use std::collections::BTreeMap;

use super::compare::{changes, Change};
use super::periods::sum_by_period;
use super::{AgentPeriodRow, AgentQueueRow, Comparison, GroupChanges, PeriodRow, SpanRow, TeamPeriodRow};
use crate::kpi::{Aggregates, FcrByGroup, FcrCounts, GroupKind, KpiRules, Kpis, Tally};
use crate::model::calendar::{Calendar, Grain, Span};
use crate::model::message::Message;
use crate::model::time::format_day;
use crate::settings::Settings;

/// Daily trend rows cover at most the last this many days of the data (weeks and months cover
/// the whole span): a year of daily rows per agent would outweigh the rest of the report.
pub(crate) const MAX_TREND_DAYS: i64 = 92;

/// Which groupings leave out their queue-side KPIs (unanswered calls not attributed to them).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cleared {
    pub agents: bool,
    pub teams: bool,
}

/// One group's day tallies (borrowed from the aggregates: a year of agents' days is tens of
/// thousands of tallies, and copying them was a sixteenth of a big report's build) and FCR counts.
#[derive(Default)]
struct Series<'a> {
    days: BTreeMap<i64, &'a Tally>,
    fcr: rustc_hash::FxHashMap<i64, FcrCounts>,
}

/// The day series of every group of `kind`, keyed by slot; teams' FCR comes from their agents'
/// (by each agent's main team, as in `by_team`).
fn series<'a>(agg: &'a Aggregates, fcr: &FcrByGroup, kind: GroupKind) -> BTreeMap<u32, Series<'a>> {
    let mut out: BTreeMap<u32, Series<'a>> = BTreeMap::new();
    for ((k, slot, day), t) in &agg.group_days.map {
        if *k == kind {
            out.entry(*slot).or_default().days.insert(*day, t);
        }
    }
    for ((k, slot, day), f) in &fcr.group_days {
        let target = match (kind, k) {
            (GroupKind::Team, GroupKind::Agent) => {
                agg.agent_team(*slot as usize).and_then(|team| agg.teams.get(Some(team)))
            }
            _ if k == &kind => Some(*slot),
            _ => None,
        };
        if let Some(s) = target.and_then(|s| out.get_mut(&s)) {
            s.fcr.entry(*day).or_default().add(*f);
        }
    }
    out
}

fn kpis(t: &Tally, f: FcrCounts, rules: &KpiRules, clear: bool) -> Kpis {
    let mut k = t.kpis(rules, f);
    if clear {
        k.clear_queue_side();
    }
    k
}

/// A series as period rows: days (the last [`MAX_TREND_DAYS`] of the data), weeks and months.
fn rows(
    s: &Series,
    cal: &Calendar,
    rules: &KpiRules,
    clear: bool,
    first_trend_day: i64,
) -> Vec<(&'static str, PeriodRow)> {
    let mut out = Vec::new();
    for (day, t) in s.days.range(first_trend_day..) {
        let f = s.fcr.get(day).copied().unwrap_or_default();
        let label = format_day(*day);
        let row = PeriodRow {
            period: label.clone(),
            first_day: label.clone(),
            last_day: label,
            kpis: kpis(t, f, rules, clear),
        };
        out.push(("day", row));
    }
    for (grain, name) in [(Grain::Week, "week"), (Grain::Month, "month")] {
        for (p, (t, f)) in sum_by_period(s.days.iter().map(|(d, t)| (d, *t)), &s.fcr, grain, cal) {
            let row = PeriodRow {
                period: p.label,
                first_day: format_day(p.first),
                last_day: format_day(p.last),
                kpis: kpis(&t, f, rules, clear),
            };
            out.push((name, row));
        }
    }
    out
}

/// What this module adds to a report.
pub(crate) struct Trends {
    pub by_agent_period: Vec<AgentPeriodRow>,
    pub by_team_period: Vec<TeamPeriodRow>,
    pub by_agent_queue: Vec<AgentQueueRow>,
    pub comparison: Option<Comparison>,
    pub notes: Vec<Message>,
}

/// Builds the trends, the agent × queue table and the comparison the settings ask for.
pub(crate) fn build(
    agg: &Aggregates,
    fcr: &FcrByGroup,
    days: &BTreeMap<i64, Tally>,
    settings: &Settings,
    cleared: Cleared,
) -> Trends {
    let rules = settings.kpi_rules();
    let cal = settings.calendar();
    let mut notes = Vec::new();
    let g = &agg.group_days;
    if g.capped {
        notes.push(Message::NoteGroupDaysCapped { limit: crate::kpi::MAX_GROUP_DAYS });
    }
    if g.agent_queues_capped {
        notes.push(Message::NoteAgentQueuesCapped { limit: crate::kpi::MAX_AGENT_QUEUES });
    }
    let last_day = days.keys().next_back().copied();
    let first_trend_day = last_day.map_or(i64::MIN, |l| l - MAX_TREND_DAYS + 1);
    if days.keys().next().is_some_and(|f| *f < first_trend_day) && !g.map.is_empty() {
        notes.push(Message::NoteTrendDays { days: MAX_TREND_DAYS as u32, from: format_day(first_trend_day) });
    }

    let agents = series(agg, fcr, GroupKind::Agent);
    let mut by_agent_period = Vec::new();
    for (slot, s) in &agents {
        let agent = agg.agents.keys[*slot as usize].clone();
        for (grain, row) in rows(s, &cal, &rules, cleared.agents, first_trend_day) {
            by_agent_period.push(AgentPeriodRow { agent: agent.clone(), grain, row });
        }
    }
    by_agent_period.sort_by(|a, b| (&a.agent, a.grain, &a.row.first_day).cmp(&(&b.agent, b.grain, &b.row.first_day)));

    let teams = series(agg, fcr, GroupKind::Team);
    let mut by_team_period = Vec::new();
    for (slot, s) in &teams {
        let team = agg.teams.keys[*slot as usize].clone();
        for (grain, row) in rows(s, &cal, &rules, cleared.teams, first_trend_day) {
            by_team_period.push(TeamPeriodRow { team: team.clone(), grain, row });
        }
    }
    by_team_period.sort_by(|a, b| (&a.team, a.grain, &a.row.first_day).cmp(&(&b.team, b.grain, &b.row.first_day)));

    let mut by_agent_queue: Vec<AgentQueueRow> = g
        .agent_queues
        .iter()
        .map(|((a, q), t)| AgentQueueRow {
            agent: agg.agents.keys[*a as usize].clone(),
            queue: agg.queues.keys[*q as usize].clone(),
            kpis: kpis(t, FcrCounts::default(), &rules, cleared.agents),
        })
        .collect();
    by_agent_queue.sort_by(|a, b| (&a.agent, &a.queue).cmp(&(&b.agent, &b.queue)));

    let comparison = comparison(agg, fcr, days, settings, cleared, &mut notes);
    Trends { by_agent_period, by_team_period, by_agent_queue, comparison, notes }
}

/// The two spans of the comparison the settings ask for, if any.
pub(crate) fn compared_spans(settings: &Settings, last_day: Option<i64>) -> Option<(Span, Span)> {
    let with = settings.compare_with.as_deref()?;
    let cal = settings.calendar();
    let current = match settings.period.as_deref() {
        Some(label) => cal.span(label)?,
        None => cal.span(&cal.period(Grain::Month, last_day?).label)?,
    };
    let previous = match with.trim() {
        "previous" => cal.previous(&current)?,
        "last_year" => cal.last_year(&current)?,
        label => cal.span(label)?,
    };
    Some((current, previous))
}

fn comparison(
    agg: &Aggregates,
    fcr: &FcrByGroup,
    days: &BTreeMap<i64, Tally>,
    settings: &Settings,
    cleared: Cleared,
    notes: &mut Vec<Message>,
) -> Option<Comparison> {
    let (current, previous) = compared_spans(settings, days.keys().next_back().copied())?;
    let rules = settings.kpi_rules();
    let sum = |series: &Series, span: &Span, clear: bool| -> Option<Kpis> {
        let mut parts = Vec::new();
        let mut f = FcrCounts::default();
        for (day, d) in series.days.range(span.first..=span.last) {
            parts.push(*d);
            f.add(series.fcr.get(day).copied().unwrap_or_default());
        }
        (!parts.is_empty()).then(|| kpis(&Tally::sum(&parts), f, &rules, clear))
    };
    let side_by_side = |a: Option<Kpis>, b: Option<Kpis>| -> Vec<Change> { changes(a.as_ref(), b.as_ref()) };
    let centre = Series { days: days.iter().map(|(d, t)| (*d, t)).collect(), fcr: fcr.days.clone() };
    for span in [&current, &previous] {
        if centre.days.range(span.first..=span.last).next().is_none() {
            notes.push(Message::NoteComparePeriodEmpty { period: span.label.clone() });
        }
    }
    let totals = side_by_side(sum(&centre, &current, false), sum(&centre, &previous, false));
    let groups = |kind: GroupKind, clear: bool| -> Vec<GroupChanges> {
        let keys = match kind {
            GroupKind::Queue => &agg.queues.keys,
            GroupKind::Agent => &agg.agents.keys,
            GroupKind::Team => &agg.teams.keys,
        };
        let mut out: Vec<GroupChanges> = series(agg, fcr, kind)
            .iter()
            .filter_map(|(slot, s)| {
                let changes = side_by_side(sum(s, &current, clear), sum(s, &previous, clear));
                (!changes.is_empty()).then(|| GroupChanges { name: keys[*slot as usize].clone(), changes })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    };
    let span_row =
        |s: &Span| SpanRow { label: s.label.clone(), first_day: format_day(s.first), last_day: format_day(s.last) };
    Some(Comparison {
        current: span_row(&current),
        previous: span_row(&previous),
        totals,
        by_queue: groups(GroupKind::Queue, false),
        by_agent: groups(GroupKind::Agent, cleared.agents),
        by_team: groups(GroupKind::Team, cleared.teams),
    })
}
