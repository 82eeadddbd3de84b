//! The report as tables: what `--csv DIR`, `--xlsx FILE` and the page's Excel and CSV downloads
//! write, built once here for every front end.
//!
//! Each table has an id (the CSV file name, stable), a name and column names in English and
//! Chinese — KPI columns named by the catalogue, every other column by a `label.*` message — and
//! rows of cells that keep numbers as numbers with the format their unit calls for (rates as
//! percentages of the fractions the JSON carries). Writers ([`csv`], [`xlsx`]) only lay the cells
//! out, so a CSV and a workbook of the same report hold the same values.
//!
//! Private by default: no table carries a caller number, a call id or a raw row of a file; the
//! call-back list (caller numbers) is a table only when the user opts in (`include_callers`), and
//! [`crate::Report::without_callers`] strips the same from the JSON.

pub mod csv;
pub mod xlsx;

use serde_json::Value;

use crate::model::catalog::{Kpi, KpiDef, Unit, CATALOG};
use crate::model::message::{Lang, Message};
use crate::report::Report;

/// How a number is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    /// A whole number (counts, ranks).
    Integer,
    /// One decimal (seconds, agents, scores).
    Decimal,
    /// Two decimals (hours, calls per hour).
    Decimal2,
    /// A fraction shown as a percentage with one decimal (the value stays the fraction).
    Percent,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No value (not computable, or not in the data).
    Empty,
    /// Text from a file or the engine (written as text, never as a formula).
    Text(String),
    /// Engine words, in the export's language.
    Word(Message),
    /// A KPI's name from the catalogue, in the export's language.
    KpiName(Kpi),
    /// A number and how to show it.
    Number(f64, NumberFormat),
    /// Yes or no, in the export's language.
    Flag(bool),
}

impl Cell {
    /// The cell as text in a language (numbers in full precision: what CSV writes).
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Word(m) => m.render(lang),
            Cell::KpiName(k) => k.def().name.get(lang).to_string(),
            Cell::Number(v, _) => number_text(*v),
            Cell::Flag(b) => (if *b { Message::ColYes } else { Message::ColNo }).render(lang),
        }
    }
}

/// A number as CSV writes it: the shortest text that reads back as the same `f64`.
pub(crate) fn number_text(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// A column's name: a KPI's from the catalogue, or a label.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnName {
    /// The catalogue's name of a KPI.
    Kpi(Kpi),
    /// A `label.*` message.
    Label(Message),
}

impl ColumnName {
    /// The name in a language.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            ColumnName::Kpi(k) => k.def().name.get(lang).to_string(),
            ColumnName::Label(m) => m.render(lang),
        }
    }
}

/// A column: its key (the report's field name) and its name.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The field of the report's rows it comes from (`offered`, `queue`, …).
    pub key: String,
    /// What a person reads in the header.
    pub name: ColumnName,
}

/// One table of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Stable id: the CSV file name (`queues` → `queues.csv`).
    pub id: &'static str,
    /// The sheet's name.
    pub name: Message,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// Every table of a report: files, totals, queues, agents, teams, days, weeks, months, intervals,
/// weekday × hour, outbound campaigns and results, chat by hour, the state at the end of the log,
/// staffing, scorecard, QA and surveys, QA evaluators — and the call-back list only when
/// `include_callers` is set. (Chat and outbound KPIs per agent, team and day are columns of those
/// tables; a chat message's text is never read into the report, so no table can carry it.)
pub fn tables(report: &Report, include_callers: bool) -> Vec<Table> {
    let mut out = Vec::new();
    let kept = each_table(report, include_callers, |t| {
        out.push(t);
        Ok::<(), std::convert::Infallible>(())
    });
    kept.unwrap_or_else(|never| match never {});
    out
}

/// The tables of [`tables`], in the same order, each handed to `emit` as soon as it is made (the
/// first error `emit` returns ends it): a caller that writes each one and lets it go (the page's
/// exports) holds one table at a time.
/// (Each row goes through its JSON form alone and is made cells at once: every table's rows in
/// that form at once took over 300 MB for a year's report, more than reading its 1 GB file had.)
pub fn each_table<E>(
    report: &Report,
    include_callers: bool,
    mut emit: impl FnMut(Table) -> Result<(), E>,
) -> Result<(), E> {
    emit(files(report))?;
    emit(totals(report))?;
    emit(grouped("queues", Message::SheetQueues, &[("queue", Message::ColQueue)], &report.by_queue))?;
    let agent_keys = [("agent", Message::ColAgent), ("name", Message::ColName), ("team", Message::ColTeam)];
    emit(grouped("agents", Message::SheetAgents, &agent_keys, &report.by_agent))?;
    emit(grouped("teams", Message::SheetTeams, &[("team", Message::ColTeam)], &report.by_team))?;
    let day_keys = [("day", Message::ColDay), ("weekday", Message::ColWeekday)];
    emit(grouped("days", Message::SheetDays, &day_keys, &report.by_day))?;
    let period_keys =
        [("period", Message::ColPeriod), ("first_day", Message::ColFirstDay), ("last_day", Message::ColLastDay)];
    emit(grouped("weeks", Message::SheetWeeks, &period_keys, &report.by_week))?;
    emit(grouped("months", Message::SheetMonths, &period_keys, &report.by_month))?;
    let trend_keys = |who: (&'static str, Message)| {
        let [p, f, l] = period_keys.clone();
        [who, ("grain", Message::ColGrain), p, f, l]
    };
    emit(grouped(
        "agent_periods",
        Message::SheetAgentPeriods,
        &trend_keys(agent_keys[0].clone()),
        &report.by_agent_period,
    ))?;
    emit(grouped(
        "team_periods",
        Message::SheetTeamPeriods,
        &trend_keys(("team", Message::ColTeam)),
        &report.by_team_period,
    ))?;
    let aq_keys = [agent_keys[0].clone(), ("queue", Message::ColQueue)];
    emit(grouped("agent_queues", Message::SheetAgentQueues, &aq_keys, &report.by_agent_queue))?;
    if let Some(c) = &report.comparison {
        emit(comparison(c))?;
    }
    emit(intervals(report))?;
    let wh_keys = [("weekday", Message::ColWeekday), ("hour", Message::ColHour)];
    emit(grouped("weekday_hour", Message::SheetWeekdayHour, &wh_keys, &report.by_weekday_hour))?;
    if !report.by_campaign.is_empty() {
        emit(grouped(
            "campaigns",
            Message::SheetCampaigns,
            &[("campaign", Message::ColCampaign)],
            &report.by_campaign,
        ))?;
        emit(outbound_results(report))?;
    }
    let optional = [chat_hours(report), now(report), staffing(report), scorecard(report), scorecard_months(report)];
    for t in optional.into_iter().flatten() {
        emit(t)?;
    }
    if let Some(p) = &report.people {
        emit(grouped("people", Message::SheetPeople, &agent_keys, &p.by_agent))?;
        if let Some(q) = &p.qa {
            emit(evaluators(q))?;
        }
    }
    if include_callers {
        emit(callbacks(report))?;
    }
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn label(key: &str, m: Message) -> Column {
    Column { key: key.to_string(), name: ColumnName::Label(m) }
}

/// The number format of a KPI's unit.
fn format_of(unit: Unit) -> NumberFormat {
    match unit {
        Unit::Count => NumberFormat::Integer,
        Unit::Rate => NumberFormat::Percent,
        Unit::Hours | Unit::PerHour | Unit::Amount => NumberFormat::Decimal2,
        _ => NumberFormat::Decimal,
    }
}

/// A value of a row as a cell: numbers in the column's format, text as text.
fn cell(v: Option<&Value>, format: NumberFormat) -> Cell {
    match v {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::Number(n)) => n.as_f64().map_or(Cell::Empty, |f| Cell::Number(f, format)),
        Some(Value::Bool(b)) => Cell::Flag(*b),
        Some(Value::String(s)) => Cell::Text(s.clone()),
        Some(other) => Cell::Text(other.to_string()),
    }
}

/// A key column's cell: weekdays by name, a missing queue/agent/team as "(unknown)".
fn key_cell(key: &str, v: Option<&Value>) -> Cell {
    match (key, v) {
        ("weekday", Some(Value::Number(n))) => n.as_u64().map_or(Cell::Empty, |d| Cell::Word(weekday(d))),
        ("queue" | "agent" | "team" | "campaign", None | Some(Value::Null)) => Cell::Word(Message::TextUnknown),
        ("hour", v) => cell(v, NumberFormat::Integer),
        ("grain", Some(Value::String(g))) => Cell::Word(match g.as_str() {
            "day" => Message::GrainDay,
            "week" => Message::GrainWeek,
            _ => Message::GrainMonth,
        }),
        (_, v) => cell(v, NumberFormat::Integer),
    }
}

/// The name of a weekday, 0 = Monday.
pub fn weekday(d: u64) -> Message {
    match d {
        0 => Message::Weekday0,
        1 => Message::Weekday1,
        2 => Message::Weekday2,
        3 => Message::Weekday3,
        4 => Message::Weekday4,
        5 => Message::Weekday5,
        _ => Message::Weekday6,
    }
}

/// The catalogue's KPIs that the rows carry as numbers (or null), in catalogue order, from the
/// first row (the rows of a table have the same fields): a table has the same columns whatever
/// the data, so a script reading the CSV finds them by name.
fn kpis_in(first: Option<&Value>) -> Vec<&'static KpiDef> {
    let Some(first) = first else { return Vec::new() };
    CATALOG
        .iter()
        .filter(|d| matches!(first.get(d.id), Some(Value::Null | Value::Number(_) | Value::Bool(_))))
        .collect()
}

/// A table of key columns and every KPI the rows carry. Each row goes through its JSON form and
/// is made cells at once: a year's rows all in JSON form at once took hundreds of megabytes.
fn grouped<T: serde::Serialize>(id: &'static str, name: Message, keys: &[(&str, Message)], rows: &[T]) -> Table {
    let kpis = kpis_in(rows.first().map(json).as_ref());
    let mut columns: Vec<Column> = keys.iter().map(|(k, m)| label(k, m.clone())).collect();
    columns.extend(kpis.iter().map(|d| Column { key: d.id.to_string(), name: ColumnName::Kpi(d.kpi) }));
    let rows = rows
        .iter()
        .map(|row| {
            let r = json(row);
            let mut cells: Vec<Cell> = keys.iter().map(|(k, _)| key_cell(k, r.get(*k))).collect();
            cells.extend(kpis.iter().map(|d| cell(r.get(d.id), format_of(d.unit))));
            cells
        })
        .collect();
    Table { id, name, columns, rows }
}

fn files(report: &Report) -> Table {
    let columns = vec![
        label("file", Message::ColFile),
        label("profile", Message::ColProfile),
        label("encoding", Message::ColEncoding),
        label("rows_read", Message::ColRowsRead),
        label("rows_used", Message::ColRowsUsed),
        label("rows_skipped", Message::ColRowsSkipped),
        label("rows_rejected", Message::ColRowsRejected),
        label("duplicates", Message::ColDuplicates),
        label("time_zone", Message::ColTimeZone),
        label("error", Message::TextError),
    ];
    let int = |v: u64| Cell::Number(v as f64, NumberFormat::Integer);
    let opt_text = |v: Option<&str>| v.map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
    let rows = report
        .inputs
        .iter()
        .map(|f| {
            vec![
                Cell::Text(f.file.clone()),
                opt_text(f.profile),
                opt_text(f.encoding),
                int(f.rows_read),
                int(f.rows_used),
                int(f.rows_skipped),
                int(f.rows_rejected),
                int(f.duplicates),
                f.time_zone.clone().map_or(Cell::Empty, Cell::Word),
                f.error.as_ref().map_or(Cell::Empty, |e| Cell::Word(e.message().clone())),
            ]
        })
        .collect();
    Table { id: "files", name: Message::SheetFiles, columns, rows }
}

/// One row per KPI of the totals (call KPIs, then QA, survey and HR figures), with the numerator
/// and denominator of each rate.
fn totals(report: &Report) -> Table {
    let columns = vec![
        label("kpi_id", Message::ColKpiId),
        label("kpi", Message::ColKpi),
        label("value", Message::ColValue),
        label("numerator", Message::ColNumerator),
        label("denominator", Message::ColDenominator),
    ];
    let mut rows = Vec::new();
    let mut add = |row: &Value| {
        let ratios = row.get("ratios");
        for d in CATALOG {
            let Some(v @ (Value::Null | Value::Number(_))) = row.get(d.id) else { continue };
            let ratio = ratios.and_then(|r| r.get(d.id));
            let part = |k: &str| cell(ratio.and_then(|r| r.get(k)), NumberFormat::Decimal);
            rows.push(vec![
                Cell::Text(d.id.to_string()),
                Cell::KpiName(d.kpi),
                cell(Some(v), format_of(d.unit)),
                part("numerator"),
                part("denominator"),
            ]);
        }
    };
    add(&json(&report.totals));
    if let Some(p) = &report.people {
        add(&json(&p.totals));
    }
    Table { id: "totals", name: Message::SheetTotals, columns, rows }
}

fn intervals(report: &Report) -> Table {
    let mut t = grouped("intervals", Message::SheetIntervals, &[("start", Message::ColInterval)], &report.by_interval);
    t.columns.push(label("erlang_c", Message::ColErlangC));
    t.columns.push(label("erlang_c_positions", Message::ColErlangCPositions));
    t.columns.push(label("erlang_a", Message::ColErlangA));
    for (cells, row) in t.rows.iter_mut().zip(&report.by_interval) {
        let req = row.required_agents.as_ref();
        let c = req.and_then(|r| r.erlang_c.as_ref());
        let a = req.and_then(|r| r.erlang_a.as_ref());
        let n = |v: Option<u32>| v.map_or(Cell::Empty, |v| Cell::Number(f64::from(v), NumberFormat::Integer));
        cells.push(n(c.map(|s| s.raw_positions)));
        cells.push(n(c.map(|s| s.positions)));
        cells.push(n(a.map(|s| s.raw_positions)));
    }
    t
}

/// Outbound calls per campaign and result code (as the source writes it), then the totals.
fn outbound_results(report: &Report) -> Table {
    let columns = vec![
        label("campaign", Message::ColCampaign),
        label("result", Message::ColResult),
        label("calls", Message::ColCalls),
    ];
    let mut rows = Vec::new();
    let groups = report
        .by_campaign
        .iter()
        .map(|c| (c.campaign.clone().map_or(Cell::Word(Message::TextUnknown), Cell::Text), &c.outbound))
        .chain([(Cell::Word(Message::TextAllRows), &report.totals.outbound)]);
    for (campaign, o) in groups {
        for (code, n) in o.outbound_results.iter().flatten() {
            rows.push(vec![campaign.clone(), Cell::Text(code.clone()), Cell::Number(*n as f64, NumberFormat::Integer)]);
        }
    }
    Table { id: "outbound_results", name: Message::SheetOutboundResults, columns, rows }
}

/// Chat sessions, buyers and 客服 per hour of the day beside where the best converters are.
fn chat_hours(report: &Report) -> Option<Table> {
    let c = report.chat.as_ref()?;
    let columns = vec![
        label("hour", Message::ColHour),
        label("sessions", Message::ColSessions),
        label("buyers", Message::ColBuyers),
        label("days", Message::ColDaysCounted),
        label("sessions_per_day", Message::ColSessionsPerDay),
        label("agents_on", Message::ColAgentsOn),
        label("top_on", Message::ColTopOn),
        label("top_off", Message::ColTopOff),
        label("busy", Message::ColBusy),
    ];
    let int = |v: u64| Cell::Number(v as f64, NumberFormat::Integer);
    let dec = |v: Option<f64>| v.map_or(Cell::Empty, |v| Cell::Number(v, NumberFormat::Decimal2));
    let rows = c
        .conversion_hours
        .hours
        .iter()
        .map(|h| {
            vec![
                int(u64::from(h.hour)),
                int(h.sessions),
                int(h.buyers),
                int(h.days),
                dec(h.sessions_per_day),
                dec(h.agents_on),
                Cell::Text(h.top_on.join(", ")),
                Cell::Text(h.top_off.join(", ")),
                Cell::Flag(h.busy),
            ]
        })
        .collect();
    Some(Table { id: "chat_hours", name: Message::SheetChatHours, columns, rows })
}

/// The state at the end of the phone-system log (what the wallboard shows as now): one row.
fn now(report: &Report) -> Option<Table> {
    let n = report.now.as_ref()?;
    let columns = vec![
        label("at", Message::ColTime),
        label("waiting", Message::ColWaiting),
        label("longest_wait_s", Message::ColLongestWait),
        label("logged_in", Message::ColLoggedIn),
        label("available", Message::ColAvailable),
        label("paused", Message::ColPaused),
        label("on_call", Message::ColOnCall),
    ];
    let int = |v: u64| Cell::Number(v as f64, NumberFormat::Integer);
    let rows = vec![vec![
        Cell::Text(n.at.clone()),
        int(n.waiting),
        n.longest_wait_s.map_or(Cell::Empty, |v| Cell::Number(v, NumberFormat::Decimal)),
        int(n.logged_in),
        int(n.available),
        int(n.paused),
        int(n.on_call),
    ]];
    Some(Table { id: "now", name: Message::SheetNow, columns, rows })
}

fn staffing(report: &Report) -> Option<Table> {
    let s = report.staffing.as_ref()?;
    let columns = vec![
        label("weekday", Message::ColWeekday),
        label("interval", Message::ColIntervalOfDay),
        label("days", Message::ColDaysCounted),
        label("offered_mean", Message::ColOfferedMean),
        label("aht_s", Message::ColAhtUsed),
        label("erlang_c", Message::ColErlangC),
        label("erlang_c_positions", Message::ColErlangCPositions),
        label("erlang_a", Message::ColErlangA),
    ];
    let n = |v: Option<u32>| v.map_or(Cell::Empty, |v| Cell::Number(f64::from(v), NumberFormat::Integer));
    let rows = s
        .weekday_interval
        .iter()
        .map(|w| {
            let c = w.required_agents.erlang_c.as_ref();
            let a = w.required_agents.erlang_a.as_ref();
            vec![
                Cell::Word(weekday(u64::from(w.weekday))),
                Cell::Text(w.interval.clone()),
                Cell::Number(f64::from(w.days), NumberFormat::Integer),
                Cell::Number(w.offered_mean, NumberFormat::Decimal2),
                w.aht_s.map_or(Cell::Empty, |v| Cell::Number(v, NumberFormat::Decimal)),
                n(c.map(|s| s.raw_positions)),
                n(c.map(|s| s.positions)),
                n(a.map(|s| s.raw_positions)),
            ]
        })
        .collect();
    Some(Table { id: "staffing", name: Message::SheetStaffing, columns, rows })
}

fn scorecard(report: &Report) -> Option<Table> {
    let sc = report.scorecard.as_ref()?;
    Some(Table {
        id: "scorecard",
        name: Message::SheetScorecard,
        columns: card_columns(false),
        rows: card_rows(sc, None),
    })
}

/// The card per appraisal month, one block of rows per month.
fn scorecard_months(report: &Report) -> Option<Table> {
    if report.scorecards_by_period.is_empty() {
        return None;
    }
    let rows = report.scorecards_by_period.iter().flat_map(|p| card_rows(&p.scorecard, Some(&p.period))).collect();
    Some(Table { id: "scorecard_months", name: Message::SheetScorecardMonths, columns: card_columns(true), rows })
}

fn card_columns(with_period: bool) -> Vec<Column> {
    let mut columns = Vec::new();
    if with_period {
        columns.push(label("period", Message::ColPeriod));
    }
    columns.extend([
        label("rank", Message::ColRank),
        label("agent", Message::ColAgent),
        label("name", Message::ColName),
        label("team", Message::ColTeam),
        label("total", Message::ColTotal),
        label("grade", Message::ColGrade),
        label("coefficient", Message::ColCoefficient),
        label("status", Message::ColStatus),
    ]);
    columns
}

fn card_rows(sc: &crate::scorecard::ScorecardReport, period: Option<&str>) -> Vec<Vec<Cell>> {
    let text = |v: Option<&String>| v.map_or(Cell::Empty, |s| Cell::Text(s.clone()));
    let mut cards: Vec<&crate::scorecard::CardResult> = sc.agents.iter().collect();
    cards.sort_by_key(|c| c.rank.unwrap_or(usize::MAX));
    cards
        .into_iter()
        .map(|c| {
            let mut row: Vec<Cell> = period.map(|p| Cell::Text(p.to_string())).into_iter().collect();
            row.extend([
                c.rank.map_or(Cell::Empty, |r| Cell::Number(r as f64, NumberFormat::Integer)),
                Cell::Text(c.agent.clone()),
                text(c.name.as_ref()),
                text(c.team.as_ref()),
                Cell::Number(c.total, NumberFormat::Decimal),
                text(c.grade.as_ref()),
                c.coefficient.map_or(Cell::Empty, |v| Cell::Number(v, NumberFormat::Decimal2)),
                if c.status == "ranked" { Cell::Empty } else { Cell::Word(Message::TextInsufficient) },
            ]);
            row
        })
        .collect()
}

fn evaluators(q: &crate::people::QaReport) -> Table {
    let columns = vec![
        label("evaluator", Message::ColEvaluator),
        label("evaluations", Message::ColEvaluations),
        label("mean_score", Message::ColMeanScore),
        label("bias", Message::ColBias),
        label("flagged", Message::ColFlagged),
    ];
    let rows = q
        .by_evaluator
        .iter()
        .map(|e| {
            vec![
                Cell::Text(e.evaluator.clone()),
                Cell::Number(e.evaluations as f64, NumberFormat::Integer),
                Cell::Number(e.mean_score, NumberFormat::Decimal),
                e.bias.map_or(Cell::Empty, |b| Cell::Number(b, NumberFormat::Decimal)),
                Cell::Flag(e.flagged),
            ]
        })
        .collect();
    Table { id: "evaluators", name: Message::SheetEvaluators, columns, rows }
}

/// The call-back list: caller numbers, so only on request.
/// The comparison: one row per group and KPI, both periods, the change and its verdict.
fn comparison(c: &crate::report::Comparison) -> Table {
    let columns = vec![
        label("grouping", Message::ColGrouping),
        label("name", Message::ColName),
        label("kpi", Message::ColKpi),
        label("current", Message::ColCurrent { period: c.current.label.clone() }),
        label("previous", Message::ColPrevious { period: c.previous.label.clone() }),
        label("change", Message::ColChange),
        label("relative", Message::ColRelativeChange),
        label("verdict", Message::ColVerdict),
    ];
    let mut rows = Vec::new();
    type Rows<'a> = Vec<(Option<&'a str>, &'a Vec<crate::report::Change>)>;
    let groups: [(Message, Rows<'_>); 4] = [
        (Message::SheetTotals, vec![(None, &c.totals)]),
        (Message::ColQueue, c.by_queue.iter().map(|g| (g.name.as_deref(), &g.changes)).collect()),
        (Message::ColAgent, c.by_agent.iter().map(|g| (g.name.as_deref(), &g.changes)).collect()),
        (Message::ColTeam, c.by_team.iter().map(|g| (g.name.as_deref(), &g.changes)).collect()),
    ];
    for (grouping, list) in groups {
        for (name, changes) in list {
            for ch in changes {
                let Some(kpi) = Kpi::from_id(ch.kpi) else { continue };
                let format = format_of(kpi.def().unit);
                let num = |v: Option<f64>, f: NumberFormat| v.map_or(Cell::Empty, |v| Cell::Number(v, f));
                rows.push(vec![
                    Cell::Word(grouping.clone()),
                    name.map_or(Cell::Empty, |n| Cell::Text(n.to_string())),
                    Cell::KpiName(kpi),
                    num(ch.current, format),
                    num(ch.previous, format),
                    num(ch.change, format),
                    num(ch.relative, NumberFormat::Percent),
                    Cell::Word(verdict(ch.verdict)),
                ]);
            }
        }
    }
    Table { id: "comparison", name: Message::SheetComparison, columns, rows }
}

fn verdict(v: crate::report::Verdict) -> Message {
    use crate::report::Verdict;
    match v {
        Verdict::Better => Message::VerdictBetter,
        Verdict::Worse => Message::VerdictWorse,
        Verdict::Same => Message::VerdictSame,
        Verdict::Neutral => Message::VerdictNeutral,
        Verdict::Unknown => Message::VerdictUnknown,
    }
}

fn callbacks(report: &Report) -> Table {
    let columns = vec![
        label("caller", Message::ColCaller),
        label("time", Message::ColTime),
        label("queue", Message::ColQueue),
        label("wait", Message::ColWait),
        label("outcome", Message::ColOutcome),
        label("called_again", Message::ColCalledAgain),
        label("got_through", Message::ColGotThrough),
        label("got_through_at", Message::ColGotThroughAt),
    ];
    let rows = report
        .callbacks
        .iter()
        .map(|c| {
            vec![
                Cell::Text(c.caller.clone()),
                Cell::Text(c.time.clone()),
                c.queue.clone().map_or(Cell::Empty, Cell::Text),
                c.wait.map_or(Cell::Empty, |w| Cell::Number(w, NumberFormat::Decimal)),
                Cell::Text(c.outcome.to_string()),
                Cell::Flag(c.called_again),
                Cell::Flag(c.got_through),
                c.got_through_at.clone().map_or(Cell::Empty, Cell::Text),
            ]
        })
        .collect();
    Table { id: "callbacks", name: Message::SheetCallbacks, columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_so_they_read_back_the_same() {
        for v in [0.0, 1.0, 0.1, 1.0 / 3.0, 123456.789, -2.5, 1e-9] {
            assert_eq!(number_text(v).parse::<f64>().unwrap(), v);
        }
        assert_eq!(number_text(42.0), "42");
        assert_eq!(number_text(f64::NAN), "");
    }
}
