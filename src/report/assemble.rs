//! Report assembly: the one place that knows several domains. Tallies, rebuilt phone-system
//! calls and agent sessions, people rows and the scorecard become one [`Report`].

use std::collections::{BTreeMap, BTreeSet};

use super::agent_time::{agent_time, interval_presence};
use super::channels;
use super::patience::patience_curve;
use super::periods::period_rows;
use super::staffing_plan::{StaffingPlan, StaffingSeeds, MAX_PATIENCE_S};
use super::subjects::scoring_input;
use super::subjects::Staff;
use super::{
    AgentDayRow, AgentRow, DayRow, IntervalRow, Limit, Period, PeriodScorecard, QueueRow, Report, TeamRow, Totals,
    WeekdayHourRow,
};
use crate::chat::{Chat, ChatKpis};
use crate::ingest::FileSummary;
use crate::kpi::{
    Aggregates, Attribution, FcrCounts, GroupKind, Kpis, OutboundKpis, Ratio, Tally, MAX_AGENTS, MAX_NAMES_PER_AGENT,
    MAX_QUEUES, MAX_SLOT_DAYS, MAX_TEAMS, SLOT_MS,
};
use crate::model::calendar::{parse_day, Grain};
use crate::model::catalog::{formula, Formula, Grouping, CATALOG};
use crate::model::message::Message;
use crate::model::time::{format_day, format_ms, weekday_of, MS_PER_DAY};
use crate::pbx::PbxOutput;
use crate::people::{Feedback, People, PeopleKpis};
use crate::settings::Settings;
use crate::staffing::RequiredAgents;

/// Everything read so far, as the analyzer hands it over.
pub(crate) struct Read<'a> {
    /// Whether a call record of this call id carried a satisfaction answer or a complaint.
    pub call_has_feedback: &'a dyn Fn(&str) -> bool,
    /// Call tallies (with the phone-system calls added); `&mut` because the FCR pass sorts.
    pub aggregates: &'a mut Aggregates,
    /// The file accounting of every file read.
    pub files: Vec<FileSummary>,
    /// Calls and agent sessions rebuilt from phone-system logs, when any were read.
    pub pbx: Option<&'a PbxOutput>,
    /// People rows (QA, surveys, roster, attendance, ratings).
    pub people: &'a People,
    /// The agent who took a call, by call id (surveys and QA that name calls).
    pub call_agent: &'a dyn Fn(&str) -> Option<String>,
    /// Chat messages and orders.
    pub chat: &'a Chat,
    /// Threads the build may use (1 in wasm, where there are none).
    pub threads: usize,
    /// Where the interval rows go: `None` into the report's `by_interval`, or each handed to this
    /// as it is made, the report's `by_interval` left empty (the page's copy:
    /// [`super::ScreenIntervals`]).
    pub intervals_to: Option<IntervalsTo<'a>>,
    /// Intervals' requirements worked out in another worker beside this build (the page's pool).
    pub staffing_seeds: Option<StaffingSeeds>,
}

/// What takes each interval row as a report's build makes it (see [`Read::intervals_to`]).
pub(crate) type IntervalsTo<'a> = &'a mut dyn FnMut(IntervalRow);

/// What the people section is built from.
struct PeopleInputs<'a> {
    people: &'a People,
    call_agent: &'a dyn Fn(&str) -> Option<String>,
    call_has_feedback: &'a dyn Fn(&str) -> bool,
    feedback: BTreeMap<String, Feedback>,
    /// Satisfaction answers and complaints of calls without an agent.
    unattributed: Feedback,
}

/// The row of the interval starting at 15-minute slot `slot`, with the agents logged in and
/// available in it (`presence`: milliseconds logged in and paused by interval start) when phone-
/// system sessions were read.
fn interval_row(
    slot: i64,
    kpis: Kpis,
    required_agents: Option<RequiredAgents>,
    presence: Option<&BTreeMap<i64, [i64; 2]>>,
    interval_min: u32,
) -> IntervalRow {
    let start_ms = slot * SLOT_MS;
    let len_s = f64::from(interval_min) * 60.0;
    let agent_s = presence.map(|m| m.get(&start_ms).copied().unwrap_or_default());
    let logged_in_agents = agent_s.map(|[l, _]| l as f64 / 1000.0 / len_s);
    let available_agents = agent_s.map(|[l, p]| (l - p).max(0) as f64 / 1000.0 / len_s);
    let raw = required_agents.and_then(|r| r.erlang_c).map(|c| f64::from(c.raw_positions));
    IntervalRow {
        start: format_ms(start_ms)[..16].to_string(),
        required_agents,
        logged_in_agents,
        available_agents,
        understaffed: logged_in_agents.zip(raw).map(|(l, r)| l < r),
        kpis,
    }
}

/// Builds the report from what was read, under `settings`.
pub(crate) fn build(read: Read<'_>, settings: &Settings) -> Report {
    let Read {
        aggregates: agg,
        files: inputs,
        pbx,
        people,
        call_agent,
        call_has_feedback,
        chat,
        threads,
        mut intervals_to,
        staffing_seeds,
    } = read;
    agg.trim_slots();
    let groups = agg.group_tallies();
    agg.sum_totals(&groups);
    let feedback = call_feedback(agg, &groups.agents);
    let unattributed = unattributed_feedback(&agg.totals, &feedback);
    let people_inputs = PeopleInputs { people, call_agent, call_has_feedback, feedback, unattributed };
    let rules = settings.kpi_rules();
    let kpis = |t: &Tally, f: Option<&FcrCounts>| t.kpis(&rules, f.copied().unwrap_or_default());
    // 15-minute slots summed into the chosen interval length (30 minutes by default), one interval
    // at a time; 15-minute intervals are the slots themselves, borrowed (a copy of every slot's
    // tally was a fifth of a big report's build). The intervals' KPIs and staffing are worked out
    // beside the repeat-caller pass (at the same time where threads are allowed), and so are the
    // days' and weekday hours' sums, which read the slots alone: the pass took longer than the
    // intervals, and these sums were left for one core after it (natively about a tenth of a
    // 1 GB file's build).
    let per = i64::from(settings.interval_min / 15);
    let (fcr, from_slots) = agg.fcr_beside(settings.fcr_window_h, threads, |slots, totals| {
        let mut staffing = settings.staffing.then(|| StaffingPlan::new(totals, settings).seeded(staffing_seeds));
        // Each interval's slots, in order; an interval of several slots is summed when its turn
        // comes and dropped after (a map of every interval's sum — a year of half hours, 36 MB at
        // 1 GB — was the largest thing a big report's build held).
        let mut in_order: Vec<(i64, &Tally)> = slots.iter().map(|(slot, t)| (*slot, &**t)).collect();
        in_order.sort_unstable_by_key(|(slot, _)| *slot);
        let intervals: Vec<&[(i64, &Tally)]> =
            in_order.chunk_by(|a, b| a.0.div_euclid(per) == b.0.div_euclid(per)).collect();
        let start = |slots: &[(i64, &Tally)]| slots[0].0.div_euclid(per) * per;
        let presence = pbx
            .filter(|p| !p.agents.is_empty())
            .map(|p| interval_presence(p, intervals.iter().map(|i| start(i)), settings.interval_min));
        let mut rows = Vec::new();
        if intervals_to.is_none() {
            rows.reserve_exact(intervals.len());
        }
        for slots in &intervals {
            let summed;
            let t = if per == 1 {
                slots[0].1
            } else {
                summed = Tally::sum(&slots.iter().map(|(_, t)| *t).collect::<Vec<_>>());
                &summed
            };
            let k = kpis(t, None);
            let required = staffing.as_mut().map(|p| p.required(&k));
            let row = interval_row(start(slots), k, required, presence.as_ref(), settings.interval_min);
            match intervals_to.as_mut() {
                Some(hand_out) => hand_out(row),
                None => rows.push(row),
            }
        }
        let by_slot = || slots.iter().map(|(slot, t)| (*slot, &**t));
        (staffing, rows, Aggregates::days(by_slot()), Aggregates::weekday_hour(by_slot()))
    });
    let (staffing, by_interval, days, weekday_hours) = from_slots;
    let mut by_queue: Vec<QueueRow> = agg
        .queues
        .keys
        .iter()
        .zip(&groups.queues)
        .enumerate()
        .map(|(i, (k, t))| QueueRow { queue: k.clone(), kpis: kpis(t, fcr.queues.get(&(i as u32))) })
        .collect();
    by_queue.sort_by(|a, b| a.queue.cmp(&b.queue));

    // Teams: FCR by the agent's main team.
    let mut team_fcr: BTreeMap<Option<String>, FcrCounts> = BTreeMap::new();
    let mut by_agent: Vec<AgentRow> = Vec::with_capacity(agg.agents.keys.len());
    for (i, (k, t)) in agg.agents.keys.iter().zip(&groups.agents).enumerate() {
        let f = fcr.agents.get(&(i as u32));
        let team = agg.agent_team(i).map(str::to_string);
        if let Some(f) = f {
            team_fcr.entry(team.clone()).or_default().add(*f);
        }
        let mut row = AgentRow::new(k.clone(), agg.agent_name(i).map(str::to_string), team, kpis(t, f));
        if let (Some(p), Some(name)) = (pbx, k) {
            agent_time(&mut row, t, p.agents.get(name), p.missed.get(name).copied().unwrap_or(0));
        }
        by_agent.push(row);
    }
    // Agents with session data or missed rings but no answered call still get a row (up to the
    // same limit on agents as the tallies).
    let mut agents_capped = agg.agents.overflow_calls > 0;
    if let Some(p) = pbx {
        let names: BTreeSet<&String> = p.agents.keys().chain(p.missed.keys()).collect();
        for name in names {
            if agg.agents.get(Some(name)).is_some() {
                continue;
            }
            if by_agent.len() >= MAX_AGENTS {
                agents_capped = true;
                break;
            }
            let t = Tally::default();
            let mut row = AgentRow::new(Some(name.clone()), None, None, kpis(&t, None));
            agent_time(&mut row, &t, p.agents.get(name), p.missed.get(name).copied().unwrap_or(0));
            by_agent.push(row);
        }
    }
    by_agent.sort_by(|a, b| a.agent.cmp(&b.agent));

    let mut by_team: Vec<TeamRow> = agg
        .teams
        .keys
        .iter()
        .zip(&groups.teams)
        .map(|(k, t)| TeamRow {
            team: k.clone(),
            kpis: kpis(t, team_fcr.get(k)),
            outbound: OutboundKpis::default(),
            chat: ChatKpis::default(),
        })
        .collect();
    by_team.sort_by(|a, b| a.team.cmp(&b.team));
    let limits = unattributed_limits(agg.unanswered, &mut by_agent, &mut by_team);
    let cleared = super::trends::Cleared {
        agents: limits.iter().any(|l| l.grouping == Grouping::Agent),
        teams: limits.iter().any(|l| l.grouping == Grouping::Team),
    };

    // Days and weekday hours were summed from the slots (an interval's sum is its slots' sum).
    let by_day = days
        .iter()
        .map(|(d, t)| DayRow {
            day: format_day(*d),
            weekday: weekday_of(*d),
            kpis: kpis(t, fcr.days.get(d)),
            outbound: OutboundKpis::default(),
            chat: ChatKpis::default(),
        })
        .collect();
    let calendar = settings.calendar();
    let by_week = period_rows(&days, &fcr.days, Grain::Week, &calendar, &rules);
    let by_month = period_rows(&days, &fcr.days, Grain::Month, &calendar, &rules);
    let day_sum = Tally::sum(&days.values().collect::<Vec<_>>());
    let mut day_fcr = FcrCounts::default();
    for d in days.keys() {
        day_fcr.add(fcr.days.get(d).copied().unwrap_or_default());
    }
    let period_total = kpis(&day_sum, Some(&day_fcr));
    let by_weekday_hour = weekday_hours
        .iter()
        .enumerate()
        .map(|(i, t)| WeekdayHourRow { weekday: (i / 24) as u32, hour: (i % 24) as u32, kpis: kpis(t, None) })
        .collect();
    let staffing_notes = staffing
        .as_ref()
        .map(|plan| (plan.aht_basis == "avg_talk", plan.patience_too_long, plan.model.patience_s.is_none()));
    let staffing = staffing.map(|plan| plan.summary(days.keys().copied(), &agg.slots, settings));
    let trends = super::trends::build(agg, &fcr, &days, settings, cleared);

    let period =
        agg.first_arrival_ms.zip(agg.last_arrival_ms).map(|(f, l)| Period { first: format_ms(f), last: format_ms(l) });

    let mut notes = trends.notes;
    if agents_capped {
        notes.push(Message::NoteTooManyAgents { limit: MAX_AGENTS, calls: agg.agents.overflow_calls });
    }
    if agg.queues.overflow_calls > 0 {
        notes.push(Message::NoteTooManyQueues { limit: MAX_QUEUES, calls: agg.queues.overflow_calls });
    }
    if agg.teams.overflow_calls > 0 {
        notes.push(Message::NoteTooManyTeams { limit: MAX_TEAMS, calls: agg.teams.overflow_calls });
    }
    if agg.names_capped {
        notes.push(Message::NoteTooManyNames { limit: MAX_NAMES_PER_AGENT });
    }
    if let Some(from) = agg.slot_span_start_ms() {
        let (days, calls) = (MAX_SLOT_DAYS as u32, agg.slot_overflow_calls);
        notes.push(Message::NoteSlotSpan { days, calls, from: format_day(from.div_euclid(MS_PER_DAY)) });
    }
    let sl_waits_missing = agg.totals.sl_waits_missing(rules.sl_variant, &rules);
    if sl_waits_missing > 0 {
        notes.push(Message::NoteSlWaitsMissing { calls: sl_waits_missing });
    }
    let abandoned_waits_missing = agg.totals.abandoned_waits_missing(&rules);
    if rules.short_abandon_s > 0 && abandoned_waits_missing > 0 {
        notes.push(Message::NoteShortAbandonWaitsMissing { calls: abandoned_waits_missing });
    }
    if agg.totals.answered > 0 && agg.totals.acw_count == 0 {
        notes.push(Message::NoteNoAcw);
    }
    if let Some((on_talk, patience_too_long, no_patience)) = staffing_notes {
        if on_talk && agg.totals.answered > 0 {
            notes.push(Message::NoteStaffingNoAcw);
        }
        if let Some(p) = patience_too_long {
            notes.push(Message::NotePatienceTooLong { patience_s: p.round(), limit_s: MAX_PATIENCE_S });
        } else if no_patience && agg.totals.offered > 0 {
            notes.push(Message::NoteStaffingNoPatience);
        }
    }
    if settings.fcr_window_h > 0 && !agg.keeps_fcr() {
        notes.push(Message::NoteFcrReadOff);
    } else if settings.fcr_window_h == 0 || agg.totals.answered == 0 {
        // FCR off, or nothing it could be about.
    } else if fcr.totals.resolved + fcr.totals.repeat + fcr.totals.unknown == 0 {
        notes.push(Message::NoteFcrNoCallerIds);
    } else if fcr.totals.resolved + fcr.totals.repeat == 0 {
        let span_ms = agg.last_arrival_ms.zip(agg.first_arrival_ms).map_or(0, |(l, f)| l - f);
        let days = |ms: f64| (ms / 86_400_000.0 * 10.0).round() / 10.0;
        let window_ms = i64::from(settings.fcr_window_h) * 3_600_000;
        notes.push(if span_ms < window_ms {
            Message::NoteFcrNoneJudged { span_days: days(span_ms as f64), window_days: days(window_ms as f64) }
        } else {
            Message::NoteFcrNoneJudgedLate { window_h: settings.fcr_window_h }
        });
    }
    if fcr.totals.unknown > 0 {
        notes.push(Message::NoteFcrUnknown { calls: fcr.totals.unknown, window_h: settings.fcr_window_h });
    }

    let mut agent_days = Vec::new();
    let mut summary = None;
    let mut callbacks = Vec::new();
    if let Some(p) = pbx {
        for (agent, t) in &p.agents {
            for (day, (first, last)) in &t.days {
                agent_days.push(AgentDayRow {
                    agent: agent.clone(),
                    day: format_day(*day),
                    first_login: first.map(format_ms),
                    last_logout: last.map(format_ms),
                });
            }
        }
        let mut s = p.summary.clone();
        for f in &inputs {
            for (name, n) in &f.unknown_events {
                *s.unknown_events.entry(name.clone()).or_default() += n;
            }
        }
        if s.queue_log_calls > 0 {
            notes.push(Message::NoteQueueLogTalk);
        }
        if s.incomplete > 0 {
            notes.push(Message::NoteQueueLogIncomplete { calls: s.incomplete });
        }
        if s.sessions_open_at_end + s.sessions_open_at_start > 0 {
            notes
                .push(Message::NoteSessionsOpen { at_end: s.sessions_open_at_end, at_start: s.sessions_open_at_start });
        }
        if s.cdr_joined > 0 {
            notes.push(Message::NoteCdrJoined { calls: s.cdr_joined });
        }
        if s.cdr_outbound > 0 {
            notes.push(Message::NoteCdrOutbound { calls: s.cdr_outbound });
        }
        summary = Some(s);
        callbacks = p.callbacks.clone();
    }

    let mut report = Report {
        time_zone: None,
        engine: concat!("callscore ", env!("CARGO_PKG_VERSION")),
        settings: settings.clone(),
        inputs,
        period,
        totals: Totals { kpis: kpis(&agg.totals, Some(&fcr.totals)), ..Default::default() },
        by_queue,
        by_campaign: Vec::new(),
        by_agent,
        by_team,
        by_day,
        by_week,
        by_month,
        period_total,
        by_agent_period: trends.by_agent_period,
        by_team_period: trends.by_team_period,
        by_agent_queue: trends.by_agent_queue,
        comparison: trends.comparison,
        by_interval,
        by_weekday_hour,
        patience_curve: patience_curve(&agg.totals),
        staffing,
        agent_days,
        callbacks,
        pbx: summary,
        now: pbx.and_then(|p| p.now.clone()),
        chat: None,
        definitions: definitions(settings),
        limits,
        notes,
        people: None,
        coaching: Vec::new(),
        scorecard: None,
        scorecards_by_period: Vec::new(),
    };
    if let Some(day) = &settings.day {
        report.notes.push(Message::NoteOnlyDay { day: day.clone() });
    }
    // Outbound rows before the people files (whose roster names and teams them), chats after
    // (they need the teams); then the scorecard, which sees every channel.
    let empty = kpis(&Tally::default(), None);
    channels::add_outbound(&mut report, agg, empty.clone());
    add_people(&mut report, &people_inputs, settings);
    channels::add_chat(&mut report, chat, settings, empty);
    channels::sort_rows(&mut report);
    add_scorecard(&mut report, &people_inputs, settings);
    report.scorecards_by_period = monthly_scorecards(&report, agg, &people_inputs, settings);
    report.coaching = coaching_of_agents(&report, settings);
    report
}

/// The card scored on each appraisal month of the data, when there are several: the month's view
/// of the report (agents', teams' and the centre's KPIs of that month, from the trend rows; agent
/// time, which is kept for the whole span only, left out) with the people rows of that month.
fn monthly_scorecards(
    report: &Report,
    agg: &Aggregates,
    read: &PeopleInputs<'_>,
    settings: &Settings,
) -> Vec<PeriodScorecard> {
    if settings.scorecard.is_none() || report.by_month.len() < 2 {
        return Vec::new();
    }
    let rules = settings.kpi_rules();
    let mut base = Report { scorecards_by_period: Vec::new(), ..report.clone() };
    // Only what scoring reads is kept; the rest would be cloned per month for nothing.
    base.by_day.clear();
    base.by_week.clear();
    base.by_interval.clear();
    base.by_weekday_hour.clear();
    base.by_agent_period.clear();
    base.by_team_period.clear();
    base.by_agent_queue.clear();
    base.callbacks.clear();
    base.agent_days.clear();
    base.inputs.clear();
    base.patience_curve.clear();
    base.people = None;
    base.scorecard = None;
    // Goals are measured per month against their baseline, wherever its days are.
    let days = super::subjects::day_values(report);
    let mut out = Vec::new();
    for month in &report.by_month {
        let (Some(first), Some(last)) = (parse_day(&month.first_day), parse_day(&month.last_day)) else { continue };
        let month_rows =
            |grain_rows: &mut dyn Iterator<Item = (&Option<String>, &Kpis)>| -> BTreeMap<Option<String>, Kpis> {
                grain_rows.map(|(k, v)| (k.clone(), v.clone())).collect()
            };
        let agents = month_rows(
            &mut report
                .by_agent_period
                .iter()
                .filter(|r| r.grain == "month" && r.row.period == month.period)
                .map(|r| (&r.agent, &r.row.kpis)),
        );
        let teams = month_rows(
            &mut report
                .by_team_period
                .iter()
                .filter(|r| r.grain == "month" && r.row.period == month.period)
                .map(|r| (&r.team, &r.row.kpis)),
        );
        let (people, undated) = read.people.within(first, last);
        let empty = Tally::default().kpis(&rules, FcrCounts::default());
        let mut view = base.clone();
        view.period = Some(Period {
            first: format!("{} 00:00:00", month.first_day),
            last: format!("{} 23:59:59", month.last_day),
        });
        // Outbound and chat figures are kept for the whole span only: a month has none of them.
        view.totals = Totals { kpis: month.kpis.clone(), outbound: OutboundKpis::default(), chat: ChatKpis::default() };
        let with_people: BTreeSet<&str> = people
            .qa
            .iter()
            .map(|q| q.agent.as_str())
            .chain(people.attendance.iter().map(|a| a.agent.as_str()))
            .chain(people.ratings.iter().map(|r| r.agent.as_str()))
            .chain(people.surveys.iter().filter_map(|s| s.agent.as_deref()))
            .collect();
        view.by_agent = report
            .by_agent
            .iter()
            .filter(|r| agents.contains_key(&r.agent) || r.agent.as_deref().is_some_and(|a| with_people.contains(a)))
            .map(|r| {
                let kpis = agents.get(&r.agent).cloned().unwrap_or_else(|| empty.clone());
                AgentRow::new(r.agent.clone(), r.name.clone(), r.team.clone(), kpis)
            })
            .collect();
        view.by_team = report
            .by_team
            .iter()
            .filter_map(|r| {
                let kpis = teams.get(&r.team)?.clone();
                Some(TeamRow {
                    team: r.team.clone(),
                    kpis,
                    outbound: OutboundKpis::default(),
                    chat: ChatKpis::default(),
                })
            })
            .collect();
        let feedback = month_feedback(agg, first, last);
        let month_totals = Tally::sum_counts(
            &agg.group_days
                .map
                .iter()
                .filter(|((kind, _, day), _)| *kind == GroupKind::Queue && (first..=last).contains(day))
                .map(|(_, t)| &**t)
                .collect::<Vec<_>>(),
        );
        let inputs = PeopleInputs {
            people: &people,
            call_agent: read.call_agent,
            call_has_feedback: read.call_has_feedback,
            unattributed: unattributed_feedback(&month_totals, &feedback),
            feedback,
        };
        add_people(&mut view, &inputs, settings);
        add_scorecard(&mut view, &inputs, settings);
        if let Some(mut card) = view.scorecard {
            card.goals = crate::scorecard::goals_within(&card.definition, &days, &month.first_day, &month.last_day);
            if undated > 0 {
                card.notes.push(Message::NoteUndatedPeopleRows { rows: undated });
            }
            if report.by_agent.iter().any(|a| a.logged_in.is_some()) {
                card.notes.push(Message::NoteMonthlyNoAgentTime);
            }
            out.push(PeriodScorecard {
                period: month.period.clone(),
                first_day: month.first_day.clone(),
                last_day: month.last_day.clone(),
                scorecard: card,
            });
        }
    }
    out
}

/// Per agent, the satisfaction answers and complaints of their call records on the days
/// `first ..= last`.
fn month_feedback(agg: &Aggregates, first: i64, last: i64) -> BTreeMap<String, Feedback> {
    let mut out: BTreeMap<String, Feedback> = BTreeMap::new();
    for ((kind, slot, day), t) in &agg.group_days.map {
        if *kind != GroupKind::Agent || !(first..=last).contains(day) {
            continue;
        }
        let Some(agent) = agg.agents.keys[*slot as usize].clone() else { continue };
        let f = out.entry(agent).or_default();
        for (x, y) in f.satisfaction.iter_mut().zip(t.satisfaction) {
            *x += y;
        }
        f.complaints += t.complaints;
        f.complaint_known += t.complaint_known;
    }
    out.retain(|_, f| *f != Feedback::default());
    out
}

/// The coaching records of agents in the report (the by_agent rows or the people rows), in agent
/// and period order.
fn coaching_of_agents(report: &Report, settings: &Settings) -> Vec<crate::people::CoachingNote> {
    let mut agents: BTreeSet<&str> = report.by_agent.iter().filter_map(|a| a.agent.as_deref()).collect();
    if let Some(p) = &report.people {
        agents.extend(p.by_agent.iter().map(|a| a.agent.as_str()));
    }
    let mut out: Vec<_> = settings.coaching.iter().filter(|c| agents.contains(c.agent.trim())).cloned().collect();
    out.sort_by(|a, b| (&a.agent, &a.period, &a.date).cmp(&(&b.agent, &b.period, &b.date)));
    out
}

/// Adds the people KPIs (QA, surveys and the calls' own satisfaction answers, roster, attendance,
/// ratings).
fn add_people(report: &mut Report, read: &PeopleInputs<'_>, settings: &Settings) {
    let feedback = &read.feedback;
    if !read.people.is_empty() || !feedback.is_empty() || read.unattributed != Feedback::default() {
        let teams: BTreeMap<String, (Option<String>, Option<String>)> =
            report.by_agent.iter().filter_map(|r| Some((r.agent.clone()?, (r.name.clone(), r.team.clone())))).collect();
        let period =
            report.period.as_ref().map(|p| (p.first.chars().take(10).collect(), p.last.chars().take(10).collect()));
        let cx = crate::people::Context {
            form: settings.qa_form.as_ref(),
            evaluator_bias: settings.qa_evaluator_bias,
            call_agent: read.call_agent,
            call_has_feedback: read.call_has_feedback,
            call_teams: &teams,
            call_feedback: feedback,
            call_feedback_unattributed: read.unattributed,
            period,
        };
        let built = crate::people::build(read.people, &cx);
        // The roster names and teams every report row (calls rarely carry the team), and an
        // agent's satisfaction and complaints count survey files beside the call records.
        for row in &mut report.by_agent {
            if let Some(p) = built.by_agent.iter().find(|p| Some(&p.agent) == row.agent.as_ref()) {
                if row.name.is_none() {
                    row.name = p.name.clone();
                }
                if p.team.is_some() {
                    row.team = p.team.clone();
                }
                feedback_from_people(&mut row.kpis, &p.kpis);
            }
        }
        for row in &mut report.by_team {
            if let Some(p) = built.by_team.iter().find(|p| Some(&p.team) == row.team.as_ref()) {
                feedback_from_people(&mut row.kpis, &p.kpis);
            }
        }
        feedback_from_people(&mut report.totals, &built.totals);
        report.notes.extend(built.notes.iter().cloned());
        report.people = Some(built);
    }
}

/// Scores the card of the settings on the report's agents, teams and centre (every channel).
fn add_scorecard(report: &mut Report, read: &PeopleInputs<'_>, settings: &Settings) {
    if let Some(card) = &settings.scorecard {
        let days = report
            .period
            .as_ref()
            .map(|p| (p.first[..10.min(p.first.len())].to_string(), p.last[..10.min(p.last.len())].to_string()));
        let month = days.as_ref().and_then(|(a, b)| {
            let cal = settings.calendar();
            let (a, b) = (parse_day(a)?, parse_day(b)?);
            let m = cal.period(Grain::Month, a);
            (m.last >= b).then_some(m.label)
        });
        let staff = Staff::new(read.people, month, days.map(|d| d.1));
        let input = scoring_input(report, &staff);
        let mut built = crate::scorecard::build(card, &input);
        let unused: BTreeSet<&str> = staff
            .targets
            .iter()
            .map(|t| t.kpi.as_str())
            .filter(|k| !card.metrics().any(|(_, m)| m.kpi == *k))
            .collect();
        if !unused.is_empty() {
            built.notes.push(Message::TargetsUnused { kpis: unused.into_iter().collect::<Vec<_>>().join(", ") });
        }
        report.scorecard = Some(built);
    }
}

/// Satisfaction and complaints of an agent or team from the people section, which counts survey
/// files and the call records' own answers together.
fn feedback_from_people(k: &mut Kpis, p: &PeopleKpis) {
    k.csat = p.csat;
    k.csat_mean = p.csat_mean;
    k.csat_responses = p.csat_responses;
    k.csat_distribution = p.csat_distribution;
    k.complaints = p.complaints;
    for id in ["csat", "csat_mean"] {
        match p.parts.get(id) {
            Some(&(numerator, denominator)) => k.ratios.insert(id, Ratio { numerator, denominator }),
            None => k.ratios.remove(id),
        };
    }
}

/// The satisfaction answers and complaints of calls no agent took: the totals less the agents'.
fn unattributed_feedback(totals: &Tally, agents: &BTreeMap<String, Feedback>) -> Feedback {
    let mut f = Feedback {
        satisfaction: totals.satisfaction,
        complaints: totals.complaints,
        complaint_known: totals.complaint_known,
    };
    for a in agents.values() {
        for (x, y) in f.satisfaction.iter_mut().zip(a.satisfaction) {
            *x = x.saturating_sub(y);
        }
        f.complaints = f.complaints.saturating_sub(a.complaints);
        f.complaint_known = f.complaint_known.saturating_sub(a.complaint_known);
    }
    f
}

/// Per agent, the satisfaction answers and complaints of their call records.
fn call_feedback(agg: &Aggregates, agent_tallies: &[Tally]) -> BTreeMap<String, Feedback> {
    agg.agents
        .keys
        .iter()
        .zip(agent_tallies)
        .filter_map(|(k, t)| {
            let f =
                Feedback { satisfaction: t.satisfaction, complaints: t.complaints, complaint_known: t.complaint_known };
            (f != Feedback::default()).then_some((k.clone()?, f))
        })
        .collect()
}

/// Agents and teams whose unanswered calls the source does not name: their queue-side KPIs
/// (offered, abandoned, answer and abandon rate, service level, waits) are cleared, and the report
/// says why once per grouping.
fn unattributed_limits(u: Attribution, agents: &mut [AgentRow], teams: &mut [TeamRow]) -> Vec<Limit> {
    let kpis: Vec<&'static str> = CATALOG.iter().filter(|d| d.queue_side).map(|d| d.id).collect();
    let mut out = Vec::new();
    if u.calls > u.with_agent {
        agents.iter_mut().for_each(|r| r.kpis.clear_queue_side());
        let reason = Message::UnansweredWithoutAgent { named: u.with_agent, calls: u.calls };
        out.push(Limit { grouping: Grouping::Agent, kpis: kpis.clone(), reason });
    }
    if u.calls > u.with_team {
        teams.iter_mut().for_each(|r| r.kpis.clear_queue_side());
        let reason = Message::UnansweredWithoutTeam { named: u.with_team, calls: u.calls };
        out.push(Limit { grouping: Grouping::Team, kpis, reason });
    }
    out
}

/// The formula of every KPI of the catalogue under the settings used.
fn definitions(settings: &Settings) -> BTreeMap<&'static str, Formula> {
    let params = settings.formula_params();
    CATALOG.iter().map(|d| (d.id, formula(d.kpi, &params))).collect()
}
