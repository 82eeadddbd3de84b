//! The report: KPIs per grouping, the file accounting, and how every number was made.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::ingest::values::{date_of, format_ms, MS_PER_DAY};
use crate::ingest::FileSummary;
use crate::kpi::{Aggregates, FcrCounts, Kpis, Ratio, Tally};
use crate::pbx::agents::AgentTime;
use crate::pbx::{Callback, PbxOutput, PbxSummary};
use crate::settings::{AbandonVariant, Settings, SlVariant};
use crate::staffing::{estimate_patience, IntervalModel, RequiredAgents, Targets};

/// Everything `callscore report --json` prints and the page shows.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub engine: &'static str,
    pub settings: Settings,
    pub inputs: Vec<FileSummary>,
    /// First and last call arrival, local time.
    pub period: Option<Period>,
    pub totals: Kpis,
    pub by_queue: Vec<QueueRow>,
    pub by_agent: Vec<AgentRow>,
    pub by_team: Vec<TeamRow>,
    pub by_day: Vec<DayRow>,
    pub by_interval: Vec<IntervalRow>,
    pub by_weekday_hour: Vec<WeekdayHourRow>,
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
    /// Formula of each KPI under the settings used, with numerator and denominator named.
    pub definitions: BTreeMap<&'static str, String>,
    pub notes: Vec<String>,
    /// QA, survey, roster, attendance and rating KPIs; absent without people files.
    pub people: Option<crate::people::PeopleReport>,
    /// Scores, grades and fairness checks of the `scorecard` setting; absent without one.
    pub scorecard: Option<crate::scorecard::ScorecardReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Period {
    pub first: String,
    pub last: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct QueueRow {
    pub queue: Option<String>,
    #[serde(flatten)]
    pub kpis: Kpis,
}

#[derive(Clone, Debug, Serialize)]
pub struct AgentRow {
    pub agent: Option<String>,
    pub name: Option<String>,
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
    #[serde(flatten)]
    pub kpis: Kpis,
}

impl AgentRow {
    /// A row with the call KPIs; the agent-time figures are filled in when state data exists.
    fn new(agent: Option<String>, name: Option<String>, team: Option<String>, kpis: Kpis) -> AgentRow {
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
        }
    }
}

/// An agent's first login and last logout of a day, local time.
#[derive(Clone, Debug, Serialize)]
pub struct AgentDayRow {
    pub agent: String,
    pub day: String,
    pub first_login: Option<String>,
    pub last_logout: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamRow {
    pub team: Option<String>,
    #[serde(flatten)]
    pub kpis: Kpis,
}

#[derive(Clone, Debug, Serialize)]
pub struct DayRow {
    pub day: String,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    #[serde(flatten)]
    pub kpis: Kpis,
}

#[derive(Clone, Debug, Serialize)]
pub struct IntervalRow {
    /// Interval start, local time, `YYYY-MM-DD HH:MM`; intervals are `[start, start + length)`.
    pub start: String,
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
    pub method: &'static str,
    /// Abandoned calls with a known wait (the numerator of the abandonment rate).
    pub abandoned: u64,
    /// Σ wait of answered and abandoned calls, seconds (the time at risk of abandoning).
    pub total_wait_s: f64,
    /// `aht` when the source has after-call work, else `avg_talk` (talk only).
    pub aht_basis: &'static str,
    /// Handle time of the whole period on that basis, used for intervals that have calls but
    /// no answered call to measure it on.
    pub period_aht_s: Option<f64>,
    pub interval_min: u32,
    pub sl_target: f64,
    pub sl_threshold_s: u32,
    pub max_occupancy: Option<f64>,
    pub shrinkage: f64,
    /// Mean offered calls and handle time per weekday and interval of the day, with the agents
    /// they need: a table to copy into a roster.
    pub weekday_interval: Vec<WeekdayIntervalRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WeekdayIntervalRow {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    /// Interval start, local time of day, `HH:MM`.
    pub interval: String,
    /// Days of this weekday in the data (the divisor of `offered_mean`).
    pub days: u32,
    pub offered_mean: f64,
    pub aht_s: Option<f64>,
    pub required_agents: RequiredAgents,
}

#[derive(Clone, Debug, Serialize)]
pub struct WeekdayHourRow {
    pub weekday: u32,
    pub hour: u32,
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// Abandonment analysis at wait `t` seconds.
#[derive(Clone, Debug, Serialize)]
pub struct PatiencePoint {
    pub t: u32,
    /// Share of answered and abandoned callers whose wait was longer than `t`.
    pub still_waiting: f64,
    /// Kaplan–Meier estimate of the share of callers who would still not have hung up after `t`
    /// seconds (answered calls are censored at their wait).
    pub patience: f64,
}

impl Report {
    pub(crate) fn build(agg: &mut Aggregates, inputs: Vec<FileSummary>, settings: &Settings, pbx: Option<&PbxOutput>) -> Report {
        let fcr = agg.fcr(settings.fcr_window_h);
        let kpis = |t: &Tally, f: Option<&FcrCounts>| t.kpis(settings, f.copied().unwrap_or_default());

        let mut by_queue: Vec<QueueRow> = agg
            .queues
            .keys
            .iter()
            .zip(&agg.queues.tallies)
            .enumerate()
            .map(|(i, (k, t))| QueueRow { queue: k.clone(), kpis: kpis(t, fcr.queues.get(&(i as u32))) })
            .collect();
        by_queue.sort_by(|a, b| a.queue.cmp(&b.queue));

        // Teams: FCR by the agent's main team.
        let mut team_fcr: BTreeMap<Option<String>, FcrCounts> = BTreeMap::new();
        let mut by_agent: Vec<AgentRow> = Vec::with_capacity(agg.agents.keys.len());
        for (i, (k, t)) in agg.agents.keys.iter().zip(&agg.agents.tallies).enumerate() {
            let f = fcr.agents.get(&(i as u32));
            let team = agg.agent_team(i).map(str::to_string);
            if let Some(f) = f {
                let e = team_fcr.entry(team.clone()).or_default();
                e.resolved += f.resolved;
                e.repeat += f.repeat;
                e.unknown += f.unknown;
            }
            let mut row = AgentRow::new(k.clone(), agg.agent_name(i).map(str::to_string), team, kpis(t, f));
            if let (Some(p), Some(name)) = (pbx, k) {
                agent_time(&mut row, t, p.agents.get(name), p.missed.get(name).copied().unwrap_or(0));
            }
            by_agent.push(row);
        }
        // Agents with session data or missed rings but no answered call still get a row.
        if let Some(p) = pbx {
            let names: std::collections::BTreeSet<&String> = p.agents.keys().chain(p.missed.keys()).collect();
            for name in names {
                if agg.agents.get(Some(name)).is_some() {
                    continue;
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
            .zip(&agg.teams.tallies)
            .map(|(k, t)| TeamRow { team: k.clone(), kpis: kpis(t, team_fcr.get(k)) })
            .collect();
        by_team.sort_by(|a, b| a.team.cmp(&b.team));

        let by_day = agg
            .days()
            .iter()
            .map(|(d, t)| DayRow {
                day: date_of(d * MS_PER_DAY).format("%Y-%m-%d").to_string(),
                weekday: (d + 3).rem_euclid(7) as u32,
                kpis: kpis(t, fcr.days.get(d)),
            })
            .collect();

        // 15-minute slots merged into the chosen interval length.
        let per = i64::from(settings.interval_min / 15);
        let mut intervals: BTreeMap<i64, Tally> = BTreeMap::new();
        for (slot, t) in &agg.slots {
            intervals.entry(slot.div_euclid(per) * per).or_default().merge(t);
        }
        let staffing = settings.staffing.then(|| StaffingPlan::new(&agg.totals, settings));
        let presence = pbx.filter(|p| !p.agents.is_empty()).map(|p| interval_presence(p, &intervals, settings));
        let by_interval = intervals
            .iter()
            .map(|(slot, t)| {
                let k = kpis(t, None);
                let start_ms = slot * crate::kpi::SLOT_MS;
                let len_s = f64::from(settings.interval_min) * 60.0;
                let agent_s = presence.as_ref().map(|m| m.get(&start_ms).copied().unwrap_or_default());
                let logged_in_agents = agent_s.map(|[l, _]| l as f64 / 1000.0 / len_s);
                let available_agents = agent_s.map(|[l, p]| (l - p).max(0) as f64 / 1000.0 / len_s);
                let required_agents = staffing.as_ref().map(|p| p.required(&k));
                let raw = required_agents.and_then(|r| r.erlang_c).map(|c| f64::from(c.raw_positions));
                IntervalRow {
                    start: format_ms(start_ms)[..16].to_string(),
                    required_agents,
                    logged_in_agents,
                    available_agents,
                    understaffed: logged_in_agents.zip(raw).map(|(l, r)| l < r),
                    kpis: k,
                }
            })
            .collect();

        let by_weekday_hour = agg
            .weekday_hour()
            .iter()
            .enumerate()
            .map(|(i, t)| WeekdayHourRow { weekday: (i / 24) as u32, hour: (i % 24) as u32, kpis: kpis(t, None) })
            .collect();

        let period = agg
            .first_arrival_ms
            .zip(agg.last_arrival_ms)
            .map(|(f, l)| Period { first: format_ms(f), last: format_ms(l) });

        let mut notes = Vec::new();
        if agg.totals.answered > 0 && agg.totals.acw_count == 0 {
            notes.push("aht: the source has no after-call-work (ACW) data, so AHT is not computed (avg_talk is talk only)".into());
        }
        if let Some(plan) = &staffing {
            if plan.aht_basis == "avg_talk" && agg.totals.answered > 0 {
                notes.push(
                    "staffing: no after-call-work (ACW) data, so required agents use avg_talk (talk only) as handle \
                     time; they understate the need by the wrap-up time"
                        .into(),
                );
            }
            if plan.model.patience_s.is_none() && agg.totals.offered > 0 {
                notes.push(
                    "staffing: no abandoned calls with a wait, so caller patience cannot be estimated and Erlang A is \
                     left out"
                        .into(),
                );
            }
        }
        let staffing = staffing.map(|plan| plan.summary(agg, &intervals, settings));
        if settings.fcr_window_h > 0 && !agg.keeps_fcr() {
            notes.push("fcr: the files were read with FCR off, so it cannot be computed now; read them again with FCR on".into());
        } else if settings.fcr_window_h > 0 && fcr.totals.resolved + fcr.totals.repeat + fcr.totals.unknown == 0 {
            notes.push("fcr: no caller ids in the data, so repeat-caller FCR cannot be computed".into());
        }
        if fcr.totals.unknown > 0 {
            notes.push(format!(
                "fcr: {} answered calls are within {} h of the end of the data and are counted as unknown, not resolved",
                fcr.totals.unknown, settings.fcr_window_h
            ));
        }

        let mut agent_days = Vec::new();
        let mut summary = None;
        let mut callbacks = Vec::new();
        if let Some(p) = pbx {
            for (agent, t) in &p.agents {
                for (day, (first, last)) in &t.days {
                    agent_days.push(AgentDayRow {
                        agent: agent.clone(),
                        day: date_of(day * MS_PER_DAY).format("%Y-%m-%d").to_string(),
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
                notes.push(
                    "queue_log: talk is Asterisk's calltime, which includes on-hold time; queue_log has no after-call work, so \
                     handle time is talk only unless an agent-state file gives ACW"
                        .into(),
                );
            }
            if s.incomplete > 0 {
                notes.push(format!(
                    "queue_log: {} calls have incomplete or out-of-order events (listed in pbx.incomplete_calls); calls still \
                     waiting when the log ends are not counted",
                    s.incomplete
                ));
            }
            if s.sessions_open_at_end + s.sessions_open_at_start > 0 {
                notes.push(format!(
                    "agent time: {} sessions were open when the log ended (closed at its last event) and {} were open when it \
                     began (counted from its first event)",
                    s.sessions_open_at_end, s.sessions_open_at_start
                ));
            }
            if s.cdr_joined > 0 {
                notes.push(format!("cdr: {} calls are also in queue_log and are counted from queue_log only", s.cdr_joined));
            }
            summary = Some(s);
            callbacks = p.callbacks.clone();
        }

        Report {
            engine: concat!("callscore ", env!("CARGO_PKG_VERSION")),
            settings: settings.clone(),
            inputs,
            period,
            totals: kpis(&agg.totals, Some(&fcr.totals)),
            by_queue,
            by_agent,
            by_team,
            by_day,
            by_interval,
            by_weekday_hour,
            patience_curve: patience_curve(&agg.totals),
            staffing,
            agent_days,
            callbacks,
            pbx: summary,
            definitions: definitions(settings),
            notes,
            people: None,
            scorecard: None,
        }
    }

    /// A readable summary: files, totals, per-queue and per-agent tables.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for f in &self.inputs {
            let _ = writeln!(
                out,
                "{}: {} ({}), {}; rows read {} = used {} + skipped {} + rejected {}",
                f.file,
                f.profile.unwrap_or("unreadable"),
                f.profile_reason,
                f.encoding.unwrap_or("-"),
                f.rows_read,
                f.rows_used,
                f.rows_skipped,
                f.rows_rejected
            );
            for (rule, n) in &f.skipped {
                let _ = writeln!(out, "  skipped {n} by rule {rule}");
            }
            for r in f.rejects.iter().take(5) {
                let _ = writeln!(out, "  rejected line {}: {} ({})", r.line, r.reason, r.column.as_deref().unwrap_or("-"));
            }
            if let Some(e) = &f.error {
                let _ = writeln!(out, "  error: {e}");
            }
        }
        if let Some(p) = &self.period {
            let _ = writeln!(out, "\nPeriod: {} – {}", p.first, p.last);
        }
        let t = &self.totals;
        let _ = writeln!(out, "\nTotals");
        let rows: Vec<(&str, String)> = vec![
            ("offered", t.offered.to_string()),
            ("answered", t.answered.to_string()),
            ("abandoned", format!("{} (short ≤ {} s: {})", t.abandoned, self.settings.short_abandon_s, t.short_abandoned)),
            ("timed out", t.timed_out.to_string()),
            ("IVR only", t.ivr_only.to_string()),
            ("answer rate", pct(t.answer_rate)),
            ("abandon rate", pct(t.abandon_rate)),
            (
                "service level",
                format!("{} ({} within {} s)", pct(t.service_level), self.settings.sl_variant.id(), self.settings.sl_threshold_s),
            ),
            ("ASA", secs(t.asa)),
            ("max wait", secs(t.max_wait)),
            ("wait p50/p90/p95", format!("{} / {} / {}", secs(t.wait_p50), secs(t.wait_p90), secs(t.wait_p95))),
            ("avg talk", secs(t.avg_talk)),
            ("AHT", secs(t.aht)),
            ("FCR", pct(t.fcr)),
        ];
        for (k, v) in rows {
            let _ = writeln!(out, "  {k:<18} {v}");
        }
        let _ = writeln!(out, "\nBy queue\n  {:<20} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}", "queue", "offered", "answered", "abandon", "SL", "ASA", "AHT");
        for q in &self.by_queue {
            let k = &q.kpis;
            let _ = writeln!(
                out,
                "  {:<20} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
                label(&q.queue),
                k.offered,
                k.answered,
                pct(k.abandon_rate),
                pct(k.service_level),
                secs(k.asa),
                secs(k.aht)
            );
        }
        let _ = writeln!(out, "\nBy agent\n  {:<20} {:>8} {:>9} {:>9} {:>8} {:>8}", "agent", "answered", "avg talk", "tot talk", "AHT", "FCR");
        for a in &self.by_agent {
            let k = &a.kpis;
            let name = match &a.name {
                Some(n) => format!("{} {}", label(&a.agent), n),
                None => label(&a.agent),
            };
            let _ = writeln!(
                out,
                "  {:<20} {:>8} {:>9} {:>9} {:>8} {:>8}",
                name,
                k.answered,
                secs(k.avg_talk),
                format!("{:.0}", k.total_talk),
                secs(k.aht),
                pct(k.fcr)
            );
        }
        for n in &self.notes {
            let _ = writeln!(out, "\nNote: {n}");
        }
        if let Some(q) = self.people.as_ref().and_then(|p| p.qa.as_ref()) {
            let _ = writeln!(out, "\nQA: {} evaluations, mean {}, {} auto-fails", q.evaluations, q.mean_score.map_or("-".into(), |v| format!("{v:.1}")), q.auto_fails);
            for e in &q.by_evaluator {
                let _ = writeln!(out, "  evaluator {}: {} evaluations, mean {:.1}, bias {}{}", e.evaluator, e.evaluations, e.mean_score,
                    e.bias.map_or("-".into(), |b| format!("{b:+.1}")), if e.flagged { "  FLAGGED" } else { "" });
            }
            if let Some(c) = &q.calibration {
                let _ = writeln!(out, "  calibration: {} calls scored by several evaluators, Krippendorff's alpha {}", c.calls, c.alpha.map_or("-".into(), |a| format!("{a:.3}")));
            }
        }
        if let Some(sc) = &self.scorecard {
            let _ = writeln!(out, "\nScorecard {}:", sc.name);
            let mut cards: Vec<&crate::scorecard::CardResult> = sc.agents.iter().collect();
            cards.sort_by_key(|c| c.rank.unwrap_or(usize::MAX));
            for c in cards {
                let _ = writeln!(out, "  {:>4} {:<8} {:<14} {:6.1} {:<8} {}", c.rank.map_or("-".into(), |r| r.to_string()), c.agent,
                    c.name.as_deref().unwrap_or(""), c.total, c.grade.as_deref().unwrap_or(""), if c.status == "ranked" { String::new() } else { "insufficient data".into() });
            }
            if let Some(c) = &sc.centre {
                let _ = writeln!(out, "  centre: {:.1} {}", c.total, c.grade.as_deref().unwrap_or(""));
            }
        }
        out
    }
}

/// The staffing inputs of a report: the interval model and the handle-time basis.
struct StaffingPlan {
    model: IntervalModel,
    aht_basis: &'static str,
    period_aht_s: Option<f64>,
    abandoned: u64,
    total_wait_s: f64,
}

impl StaffingPlan {
    fn new(totals: &Tally, settings: &Settings) -> StaffingPlan {
        let k = totals.kpis(settings, FcrCounts::default());
        let ratio = |id: &str| k.ratios.get(id).copied().unwrap_or_default();
        // Exponential patience, maximum likelihood: abandonments / time at risk. Answered
        // callers' waits are censored patience, so they count in the time at risk.
        let abandoned = ratio("avg_wait_abandoned").denominator as u64;
        let total_wait_s = ratio("avg_queue_time").numerator;
        let aht_basis = if totals.acw_count > 0 { "aht" } else { "avg_talk" };
        StaffingPlan {
            model: IntervalModel {
                interval_s: f64::from(settings.interval_min) * 60.0,
                targets: Targets {
                    sl_target: Some(settings.sl_target),
                    sl_threshold_s: f64::from(settings.sl_threshold_s),
                    max_occupancy: settings.max_occupancy,
                    max_wait_probability: None,
                    shrinkage: settings.shrinkage,
                },
                patience_s: estimate_patience(abandoned, total_wait_s),
            },
            aht_basis,
            period_aht_s: handle_time(&k, aht_basis),
            abandoned,
            total_wait_s,
        }
    }

    fn required(&self, k: &Kpis) -> RequiredAgents {
        let aht = handle_time(k, self.aht_basis).or(self.period_aht_s);
        self.model.required(k.offered as f64, aht)
    }

    fn summary(self, agg: &Aggregates, intervals: &BTreeMap<i64, Tally>, settings: &Settings) -> StaffingSummary {
        let slot_ms = crate::kpi::SLOT_MS;
        let per_day = (MS_PER_DAY / (i64::from(settings.interval_min) * 60_000)) as usize;
        let weekday_of = |day: i64| (day + 3).rem_euclid(7) as usize;
        let mut days = [0u32; 7];
        for day in agg.days().keys() {
            days[weekday_of(*day)] += 1;
        }
        let mut cells: Vec<Tally> = vec![Tally::default(); 7 * per_day];
        for (slot, t) in intervals {
            let ms = slot * slot_ms;
            let day = ms.div_euclid(MS_PER_DAY);
            let of_day = (ms.rem_euclid(MS_PER_DAY) / (i64::from(settings.interval_min) * 60_000)) as usize;
            cells[weekday_of(day) * per_day + of_day.min(per_day - 1)].merge(t);
        }
        let mut weekday_interval = Vec::new();
        for (weekday, &n) in days.iter().enumerate() {
            if n == 0 {
                continue;
            }
            for of_day in 0..per_day {
                let k = cells[weekday * per_day + of_day].kpis(settings, FcrCounts::default());
                let offered_mean = k.offered as f64 / f64::from(n);
                let aht_s = handle_time(&k, self.aht_basis).or(if k.offered > 0 { self.period_aht_s } else { None });
                let minutes = of_day as u32 * settings.interval_min;
                weekday_interval.push(WeekdayIntervalRow {
                    weekday: weekday as u32,
                    interval: format!("{:02}:{:02}", minutes / 60, minutes % 60),
                    days: n,
                    offered_mean,
                    aht_s,
                    required_agents: self.model.required(offered_mean, aht_s),
                });
            }
        }
        StaffingSummary {
            patience_s: self.model.patience_s,
            method: "exponential patience, maximum likelihood: Σ wait of answered and abandoned calls / abandoned \
                     calls with a wait, over the whole period",
            abandoned: self.abandoned,
            total_wait_s: self.total_wait_s,
            aht_basis: self.aht_basis,
            period_aht_s: self.period_aht_s,
            interval_min: settings.interval_min,
            sl_target: settings.sl_target,
            sl_threshold_s: settings.sl_threshold_s,
            max_occupancy: settings.max_occupancy,
            shrinkage: settings.shrinkage,
            weekday_interval,
        }
    }
}

/// Logged-in and paused agent-milliseconds per report interval (keyed by start, local ms), for
/// the intervals that have calls. Sums of integers over all spans: independent of the order the
/// events came in.
fn interval_presence(p: &PbxOutput, intervals: &BTreeMap<i64, Tally>, settings: &Settings) -> BTreeMap<i64, [i64; 2]> {
    let slot_ms = crate::kpi::SLOT_MS;
    let len_ms = i64::from(settings.interval_min) * 60_000;
    let mut m: BTreeMap<i64, [i64; 2]> = intervals.keys().map(|slot| (slot * slot_ms, [0, 0])).collect();
    for t in p.agents.values() {
        crate::pbx::agents::spread(&t.logged_in_spans, len_ms, &mut m, 0);
        crate::pbx::agents::spread(&t.paused_spans, len_ms, &mut m, 1);
    }
    m
}

/// Handle time on the report's basis: AHT with ACW, or talk only.
fn handle_time(k: &Kpis, basis: &str) -> Option<f64> {
    if basis == "aht" {
        k.aht
    } else {
        k.avg_talk
    }
}

/// The Agent-time KPIs of `kpis.md` for one agent. Handle = talk + hold + ACW (ACW from an
/// agent-state file when it has any, else from the call records).
fn agent_time(row: &mut AgentRow, t: &Tally, at: Option<&AgentTime>, missed: u64) {
    row.missed = missed;
    let Some(at) = at else { return };
    let secs = |ms: i64| ms as f64 / 1000.0;
    let logged = secs(at.logged_in_ms);
    let paused = secs(at.paused_total_ms());
    let acw = if at.acw_ms > 0 { at.acw_ms } else { t.acw_ms };
    let talk = secs(t.talk_ms);
    let handle = secs(t.talk_ms + t.hold_ms + acw);
    let available = (logged - paused - handle).max(0.0);
    row.logged_in = Some(logged);
    row.paused = at.paused_ms.iter().map(|(k, v)| (k.clone(), secs(*v))).collect();
    row.available = Some(available);
    row.open_sessions = at.open_at_end + at.open_at_start;
    let ratios = &mut row.kpis.ratios;
    let mut rate = |id: &'static str, num: f64, den: f64| -> Option<f64> {
        ratios.insert(id, Ratio { numerator: num, denominator: den });
        (den > 0.0).then(|| num / den)
    };
    row.occupancy = rate("occupancy", handle, handle + available);
    row.utilization = rate("utilization", handle, logged);
    row.work_rate = rate("work_rate", talk, logged);
    row.calls_per_hour = rate("calls_per_hour", t.answered as f64, logged / 3600.0);
}

fn label(k: &Option<String>) -> String {
    k.clone().unwrap_or_else(|| "(unknown)".into())
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn secs(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}s"))
}

fn patience_curve(t: &Tally) -> Vec<PatiencePoint> {
    let n = t.wait_answered.total() + t.wait_abandoned.total();
    if n == 0 {
        return Vec::new();
    }
    let mut all = t.wait_answered.clone();
    all.merge(&t.wait_abandoned);
    let horizon = all.quantile(0.99).unwrap_or(0).max(10);
    let step = (horizon / 60).max(1);
    let abandoned: BTreeMap<u32, u64> = t.wait_abandoned.iter().collect();
    let mut points = Vec::new();
    let mut survival = 1.0;
    let mut at_risk = n;
    let mut bins = all.iter().peekable();
    let mut s = 0;
    while s <= horizon {
        // Advance the Kaplan–Meier product through every second up to s.
        while let Some(&(sec, count)) = bins.peek() {
            if sec > s {
                break;
            }
            let d = abandoned.get(&sec).copied().unwrap_or(0);
            if at_risk > 0 && d > 0 {
                survival *= 1.0 - d as f64 / at_risk as f64;
            }
            at_risk -= count;
            bins.next();
        }
        points.push(PatiencePoint {
            t: s,
            still_waiting: (n - all.count_at_most(s)) as f64 / n as f64,
            patience: survival,
        });
        s += step;
    }
    points
}

fn definitions(s: &Settings) -> BTreeMap<&'static str, String> {
    let t = s.sl_threshold_s;
    let mut d = BTreeMap::new();
    let mut def = |k: &'static str, v: String| {
        d.insert(k, v);
    };
    def("logged_in", "Σ logged-in time (queue_log: member of any queue or logged in as agent, counted once)".into());
    def("paused", "Σ paused / not-ready time while logged in, by reason".into());
    def("available", "logged in − paused − handle".into());
    def("occupancy", "handle / (handle + available), handle = talk + hold + ACW".into());
    def("utilization", "handle / logged in".into());
    def("work_rate", "实际工作率 = talk / logged in".into());
    def("calls_per_hour", "answered / logged-in hours".into());
    def("missed", "rings the agent let go unanswered (queue_log RINGNOANSWER)".into());
    def(
        "callbacks",
        "unanswered offered calls with a caller number; called_again = the same number called later, got_through = a later \
         call of it was answered"
            .into(),
    );
    def("offered", "calls that reached the agent queue (IVR-only calls are counted apart, not offered)".into());
    def("answered", "offered calls connected to an agent".into());
    def(
        "abandoned",
        if s.timeout_as_abandoned {
            "offered calls the caller hung up on while waiting, plus calls that left by timeout (setting)".into()
        } else {
            "offered calls the caller hung up on while waiting".into()
        },
    );
    def("short_abandoned", format!("abandoned with wait ≤ {} s", s.short_abandon_s));
    def("timed_out", "left the queue by timeout, key press or empty queue (not abandoned)".into());
    def("answer_rate", "answered / offered".into());
    def(
        "abandon_rate",
        match s.abandon_variant {
            AbandonVariant::Offered => "abandoned / offered".into(),
            AbandonVariant::ExcludeShort => "(abandoned − short abandoned) / (offered − short abandoned)".into(),
            AbandonVariant::AnsweredPlusAbandoned => "abandoned / (answered + abandoned)".into(),
        },
    );
    def(
        "service_level",
        match s.sl_variant {
            SlVariant::Offered => format!("answered with wait ≤ {t} s / offered"),
            SlVariant::Answered => format!("answered with wait ≤ {t} s / answered"),
            SlVariant::OfferedMinusShort => format!("answered with wait ≤ {t} s / (offered − short abandoned)"),
            SlVariant::WithAbandoned => format!("(answered + abandoned with wait ≤ {t} s) / offered"),
        },
    );
    def("asa", "Σ wait of answered calls / answered calls (unanswered calls are not counted as 0 s)".into());
    def("avg_wait_abandoned", "Σ wait of abandoned calls / abandoned calls".into());
    def("avg_queue_time", "Σ wait / (answered + abandoned)".into());
    def("max_wait", "longest wait of answered, abandoned and timed-out calls".into());
    def("wait_p50", "nearest-rank percentile of the wait of answered, abandoned and timed-out calls (also p80, p90, p95)".into());
    def("avg_talk", "Σ talk / answered calls with talk data".into());
    def("avg_hold", "Σ hold / answered calls with hold data".into());
    def("avg_acw", "Σ after-call work / answered calls with ACW data".into());
    def("aht", "Σ (talk + hold + ACW) / answered calls with ACW data".into());
    def("short_call_rate", format!("answered with talk < {} s / answered calls with talk data", s.short_call_s));
    def("transfer_rate", "transferred / answered calls whose source says whether they were transferred".into());
    def("hold_rate", "answered with hold > 0 / answered calls with hold data".into());
    def(
        "required_agents",
        format!(
            "smallest number of agents on the phones that answers {} of offered calls within {t} s{} in an interval of \
             {} min, for the interval's offered calls and handle time (AHT when the source has after-call work, else \
             avg_talk, talk only; the whole period's when the interval has no answered call): Erlang C (nobody hangs \
             up) and Erlang A (callers hang up with exponential patience estimated from the data, see \
             staffing.patience_s); positions = ceil(agents / (1 − shrinkage {}))",
            s.sl_target,
            s.max_occupancy.map_or(String::new(), |o| format!(" with occupancy ≤ {o}")),
            s.interval_min,
            s.shrinkage
        ),
    );
    def(
        "logged_in_agents",
        format!(
            "per interval: Σ logged-in agent-seconds inside the interval / {} min interval length (the average number of \
             agents logged in; same sessions as logged_in); shown for intervals with calls, null without agent session \
             or state data",
            s.interval_min
        ),
    );
    def(
        "available_agents",
        "per interval: Σ (logged-in − paused) agent-seconds inside the interval / interval length (agents logged in and \
         not paused, whether on a call or ready)"
            .into(),
    );
    def(
        "understaffed",
        "logged_in_agents < required_agents.erlang_c.raw_positions (agents needed on the phones before shrinkage; \
         paused agents count as logged in); null without agent data or an Erlang C figure"
            .into(),
    );
    def(
        "weekday_interval",
        "per weekday and interval of the day: mean offered = offered calls / days of that weekday with any call \
         record; handle time pooled over those days; required agents as required_agents for the mean"
            .into(),
    );
    def(
        "fcr",
        format!(
            "answered calls whose caller did not call again within {} h / answered calls that can be judged \
             (calls within {} h of the end of the data are unknown)",
            s.fcr_window_h, s.fcr_window_h
        ),
    );
    d
}
