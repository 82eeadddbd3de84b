//! The readable report `callscore report` prints: files, totals, per-queue and per-agent tables,
//! notes, QA and the scorecard ranking.
//!
//! Columns are padded by display width, so a Chinese agent name (two columns per character in a
//! terminal) keeps the table aligned, and every text that came from a file is printed with its
//! control characters escaped: an agent name cannot clear the screen or set the terminal title.

use std::fmt::Write as _;

use callscore::{CardResult, Kpi, Lang, Message, Report};

/// The whole text report, every label in `lang` (KPI names from the catalogue, other words from
/// the engine's `label.*` messages).
pub fn report_text(r: &Report, lang: Lang) -> String {
    let mut out = String::new();
    files(&mut out, r, lang);
    if let Some(p) = &r.period {
        let _ = writeln!(out, "\n{}: {} – {}", Message::TextPeriod.render(lang), p.first, p.last);
    }
    totals(&mut out, r, lang);
    queues(&mut out, r, lang);
    agents(&mut out, r, lang);
    periods(&mut out, r, lang);
    comparison(&mut out, r, lang);
    outbound(&mut out, r, lang);
    chat(&mut out, r, lang);
    for n in &r.notes {
        let _ = writeln!(out, "\n{}: {}", Message::TextNote.render(lang), clean(&n.render(lang)));
    }
    qa(&mut out, r, lang);
    scorecard(&mut out, r, lang);
    out
}

fn files(out: &mut String, r: &Report, lang: Lang) {
    for f in &r.inputs {
        let account = Message::TextRowsAccount {
            read: f.rows_read,
            used: f.rows_used,
            skipped: f.rows_skipped,
            rejected: f.rows_rejected,
        };
        let unreadable = Message::TextUnreadable.render(lang);
        let _ = writeln!(
            out,
            "{}: {} ({}), {}; {}",
            clean(&f.file),
            f.profile.unwrap_or(&unreadable),
            f.profile_reason.as_ref().map_or(String::new(), |m| clean(&m.render(lang))),
            f.encoding.unwrap_or("-"),
            account.render(lang)
        );
        if let Some(tz) = &f.time_zone {
            let _ = writeln!(out, "  {}", tz.render(lang));
        }
        for (rule, n) in &f.skipped {
            let _ = writeln!(out, "  {} {rule}: {n}", Message::TextSkippedBy.render(lang));
        }
        for j in f.rejects.iter().take(5) {
            let column = j.column.as_deref().map_or("-".to_string(), clean);
            let what = Message::TextRejectedLine.render(lang);
            let _ = writeln!(out, "  {what} {}: {} ({column})", j.line, clean(&j.reason.render(lang)));
        }
        if let Some(e) = &f.error {
            let _ = writeln!(out, "  {}: {}", Message::TextError.render(lang), clean(&e.render(lang)));
        }
    }
}

/// A KPI's name from the catalogue.
fn name(id: &str, lang: Lang) -> String {
    Kpi::from_id(id).map_or_else(|| id.to_string(), |k| k.def().name.get(lang).to_string())
}

fn totals(out: &mut String, r: &Report, lang: Lang) {
    let t = &r.totals;
    let s = &r.settings;
    let _ = writeln!(out, "\n{}", Message::SheetTotals.render(lang));
    // The service level's formula as this report computed it (variant and threshold), in `lang`.
    let sl = r.definitions.get("service_level").map(|f| f.render(lang)).unwrap_or_default();
    let rows: Vec<(&str, String)> = vec![
        ("offered", count(t.offered)),
        ("answered", t.answered.to_string()),
        ("abandoned", count(t.abandoned)),
        ("short_abandoned", format!("{} (≤ {} s)", count(t.short_abandoned), s.short_abandon_s)),
        ("timed_out", count(t.timed_out)),
        ("ivr_only", count(t.ivr_only)),
        ("answer_rate", pct(t.answer_rate)),
        ("abandon_rate", pct(t.abandon_rate)),
        ("service_level", format!("{} ({sl})", pct(t.service_level))),
        ("asa", secs(t.asa)),
        ("max_wait", secs(t.max_wait)),
        ("wait_p50", secs(t.wait_p50)),
        ("wait_p90", secs(t.wait_p90)),
        ("wait_p95", secs(t.wait_p95)),
        ("avg_talk", secs(t.avg_talk)),
        ("aht", secs(t.aht)),
        ("fcr", pct(t.fcr)),
    ];
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(k, v)| vec![name(k, lang), v]).collect();
    table(out, &[], &rows, 1, false);
}

fn queues(out: &mut String, r: &Report, lang: Lang) {
    let _ = writeln!(out, "\n{}", Message::TextByQueue.render(lang));
    let mut head = vec![Message::ColQueue.render(lang)];
    head.extend(["offered", "answered", "abandon_rate", "service_level", "asa", "aht"].map(|k| name(k, lang)));
    let rows: Vec<Vec<String>> = r
        .by_queue
        .iter()
        .map(|q| {
            let mut row = vec![label(&q.queue, lang)];
            row.extend(call_figures(&q.kpis));
            row
        })
        .collect();
    table(out, &head, &rows, 1, true);
}

fn agents(out: &mut String, r: &Report, lang: Lang) {
    let _ = writeln!(out, "\n{}", Message::TextByAgent.render(lang));
    let mut head = vec![Message::ColAgent.render(lang)];
    head.extend(["answered", "avg_talk", "total_talk", "aht", "fcr"].map(|k| name(k, lang)));
    let rows: Vec<Vec<String>> = r
        .by_agent
        .iter()
        .map(|a| {
            let k = &a.kpis;
            let who = match &a.name {
                Some(n) => format!("{} {}", label(&a.agent, lang), clean(n)),
                None => label(&a.agent, lang),
            };
            vec![who, k.answered.to_string(), secs(k.avg_talk), format!("{:.0}", k.total_talk), secs(k.aht), pct(k.fcr)]
        })
        .collect();
    table(out, &head, &rows, 1, true);
}

/// A table with columns padded by display width: text columns (before `first_number`) left
/// aligned, numbers right aligned, so Chinese names and headers line up in a terminal.
/// Offered, answered, abandon rate, service level, ASA and AHT: the columns of the queue and
/// period tables.
fn call_figures(k: &callscore::Kpis) -> Vec<String> {
    vec![count(k.offered), k.answered.to_string(), pct(k.abandon_rate), pct(k.service_level), secs(k.asa), secs(k.aht)]
}

/// Weeks and appraisal months, each with its total row (合计) computed from the tallies.
fn periods(out: &mut String, r: &Report, lang: Lang) {
    let cols = ["offered", "answered", "abandon_rate", "service_level", "asa", "aht", "fcr"];
    let figures = |k: &callscore::Kpis| {
        let mut row = call_figures(k);
        row.push(pct(k.fcr));
        row
    };
    for (title, rows) in [(Message::SheetWeeks, &r.by_week), (Message::SheetMonths, &r.by_month)] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", title.render(lang));
        let mut head = vec![Message::ColPeriod.render(lang), Message::ColFirstDay.render(lang)];
        head.extend(cols.map(|k| name(k, lang)));
        let mut table_rows: Vec<Vec<String>> = rows
            .iter()
            .map(|p| {
                let mut row = vec![p.period.clone(), format!("{} – {}", p.first_day, p.last_day)];
                row.extend(figures(&p.kpis));
                row
            })
            .collect();
        let mut total = vec![Message::ColPeriodTotal.render(lang), String::new()];
        total.extend(figures(&r.period_total));
        table_rows.push(total);
        table(out, &head, &table_rows, 2, true);
    }
}

/// The comparison of two periods: the centre's KPIs in both, the change and whether it is better.
fn comparison(out: &mut String, r: &Report, lang: Lang) {
    let Some(c) = &r.comparison else { return };
    let _ = writeln!(out, "\n{}", Message::SheetComparison.render(lang));
    let head = vec![
        Message::ColKpi.render(lang),
        Message::ColCurrent { period: c.current.label.clone() }.render(lang),
        Message::ColPrevious { period: c.previous.label.clone() }.render(lang),
        Message::ColChange.render(lang),
        Message::ColVerdict.render(lang),
    ];
    let shown = |kpi: &str, v: Option<f64>| -> String {
        match Kpi::from_id(kpi).map(|k| k.def().unit) {
            Some(callscore::Unit::Rate) => pct(v),
            Some(callscore::Unit::Count) => v.map_or("—".into(), |v| format!("{v:.0}")),
            _ => secs(v),
        }
    };
    const SHOWN: [&str; 9] =
        ["offered", "answered", "answer_rate", "abandon_rate", "service_level", "asa", "avg_talk", "aht", "fcr"];
    let rows: Vec<Vec<String>> = c
        .totals
        .iter()
        .filter(|ch| SHOWN.contains(&ch.kpi))
        .map(|ch| {
            let change = match Kpi::from_id(ch.kpi).map(|k| k.def().unit) {
                Some(callscore::Unit::Rate) => ch.change.map_or("—".into(), |d| format!("{:+.1} pp", d * 100.0)),
                _ => ch.change.map_or("—".into(), |d| format!("{d:+.1}")),
            };
            vec![
                name(ch.kpi, lang),
                shown(ch.kpi, ch.current),
                shown(ch.kpi, ch.previous),
                change,
                verdict(ch.verdict).render(lang),
            ]
        })
        .collect();
    table(out, &head, &rows, 1, true);
}

fn verdict(v: callscore::Verdict) -> Message {
    match v {
        callscore::Verdict::Better => Message::VerdictBetter,
        callscore::Verdict::Worse => Message::VerdictWorse,
        callscore::Verdict::Same => Message::VerdictSame,
        callscore::Verdict::Neutral => Message::VerdictNeutral,
        callscore::Verdict::Unknown => Message::VerdictUnknown,
    }
}

fn table(out: &mut String, head: &[String], rows: &[Vec<String>], first_number: usize, numbers_right: bool) {
    let n = rows.iter().map(Vec::len).chain([head.len()]).max().unwrap_or(0);
    let mut widths = vec![0; n];
    for row in rows.iter().chain(std::iter::once(&head.to_vec())) {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(display_width(c));
        }
    }
    let line = |out: &mut String, row: &[String]| {
        out.push(' ');
        for (i, c) in row.iter().enumerate() {
            out.push(' ');
            if i >= first_number && numbers_right {
                out.push_str(&pad_left(c, widths[i]));
            } else if i + 1 == row.len() {
                out.push_str(c);
            } else {
                out.push_str(&pad(c, widths[i]));
            }
        }
        out.push('\n');
    };
    if !head.is_empty() {
        line(out, head);
    }
    for row in rows {
        line(out, row);
    }
}

/// Outbound calls per campaign and agent, when any were read.
fn outbound(out: &mut String, r: &Report, lang: Lang) {
    if r.totals.outbound.outbound_attempts.is_none() {
        return;
    }
    let ids = ["outbound_attempts", "outbound_connects", "connect_rate", "outbound_successes", "outbound_conversion"];
    let row = |who: String, o: &callscore::OutboundKpis| {
        vec![
            who,
            count(o.outbound_attempts),
            count(o.outbound_connects),
            pct(o.connect_rate),
            count(o.outbound_successes),
            pct(o.outbound_conversion),
        ]
    };
    let total = Message::TextAllRows.render(lang);
    let _ = writeln!(out, "\n{}", Message::TextOutboundByCampaign.render(lang));
    let mut head = vec![Message::ColCampaign.render(lang)];
    head.extend(ids.map(|k| name(k, lang)));
    let mut rows: Vec<Vec<String>> = r.by_campaign.iter().map(|c| row(label(&c.campaign, lang), &c.outbound)).collect();
    rows.push(row(total, &r.totals.outbound));
    table(out, &head, &rows, 1, true);
    let _ = writeln!(out, "\n{}", Message::TextOutboundByAgent.render(lang));
    head[0] = Message::ColAgent.render(lang);
    let rows: Vec<Vec<String>> = r
        .by_agent
        .iter()
        .filter(|a| a.outbound.outbound_attempts.unwrap_or(0) > 0)
        .map(|a| row(label(&a.agent, lang), &a.outbound))
        .collect();
    table(out, &head, &rows, 1, true);
}

/// Chat and order KPIs per 客服, when a chat log or order export was read.
fn chat(out: &mut String, r: &Report, lang: Lang) {
    if r.chat.is_none() {
        return;
    }
    let ids = [
        "buyers_served",
        "first_response_time",
        "avg_response_time",
        "response_rate",
        "inquiry_conversion",
        "avg_order_value",
        "unpaid_order_rate",
    ];
    let row = |who: String, c: &callscore::ChatKpis| {
        vec![
            who,
            count(c.buyers_served),
            secs(c.first_response_time),
            secs(c.avg_response_time),
            pct(c.response_rate),
            pct(c.inquiry_conversion),
            c.avg_order_value.map_or("-".into(), |v| format!("{v:.2}")),
            pct(c.unpaid_order_rate),
        ]
    };
    let _ = writeln!(out, "\n{}", Message::TextChatByAgent.render(lang));
    let mut head = vec![Message::ColChatAgent.render(lang)];
    head.extend(ids.map(|k| name(k, lang)));
    let mut rows: Vec<Vec<String>> = r
        .by_agent
        .iter()
        .filter(|a| a.chat.chat_sessions.unwrap_or(0) > 0 || a.chat.orders_placed.unwrap_or(0) > 0)
        .map(|a| row(label(&a.agent, lang), &a.chat))
        .collect();
    rows.push(row(Message::TextAllRows.render(lang), &r.totals.chat));
    table(out, &head, &rows, 1, true);
}

fn qa(out: &mut String, r: &Report, lang: Lang) {
    let Some(q) = r.people.as_ref().and_then(|p| p.qa.as_ref()) else { return };
    let mean = q.mean_score.map_or("-".into(), |v| format!("{v:.1}"));
    let line = Message::TextQaSummary { evaluations: q.evaluations, mean, auto_fails: q.auto_fails };
    let _ = writeln!(out, "\n{}", line.render(lang));
    for e in &q.by_evaluator {
        let line = Message::TextEvaluatorLine {
            evaluator: clean(&e.evaluator),
            evaluations: e.evaluations as u64,
            mean: format!("{:.1}", e.mean_score),
            bias: e.bias.map_or("-".into(), |b| format!("{b:+.1}")),
        };
        let flag = if e.flagged { format!("  {}", Message::TextFlagged.render(lang)) } else { String::new() };
        let _ = writeln!(out, "  {}{flag}", line.render(lang));
    }
    if let Some(c) = &q.calibration {
        let alpha = c.alpha.map_or("-".into(), |a| format!("{a:.3}"));
        let _ = writeln!(out, "  {}", Message::TextCalibrationLine { calls: c.calls as u64, alpha }.render(lang));
    }
}

fn scorecard(out: &mut String, r: &Report, lang: Lang) {
    let Some(sc) = &r.scorecard else { return };
    let _ = writeln!(out, "\n{}", Message::TextScorecardTitle { name: clean(&sc.name) }.render(lang));
    let mut cards: Vec<&CardResult> = sc.agents.iter().collect();
    cards.sort_by_key(|c| c.rank.unwrap_or(usize::MAX));
    let insufficient = Message::TextInsufficient.render(lang);
    let rows: Vec<Vec<String>> = cards
        .into_iter()
        .map(|c| {
            vec![
                c.rank.map_or("-".into(), |r| r.to_string()),
                clean(&c.agent),
                clean(c.name.as_deref().unwrap_or("")),
                format!("{:.1}", c.total),
                clean(c.grade.as_deref().unwrap_or("")),
                if c.status == "ranked" { String::new() } else { insufficient.clone() },
            ]
        })
        .collect();
    table(out, &[], &rows, 3, false);
    if let Some(c) = &sc.centre {
        let centre = Message::TextCentre.render(lang);
        let _ = writeln!(out, "  {centre}: {:.1} {}", c.total, clean(c.grade.as_deref().unwrap_or("")));
    }
    monthly_scorecards(out, r, lang);
}

/// Each agent's points and grade per appraisal month, and the centre's, one column per month.
fn monthly_scorecards(out: &mut String, r: &Report, lang: Lang) {
    if r.scorecards_by_period.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", Message::SheetScorecardMonths.render(lang));
    let mut head = vec![Message::ColAgent.render(lang)];
    head.extend(r.scorecards_by_period.iter().map(|p| p.period.clone()));
    let shown = |c: Option<&CardResult>| match c {
        Some(c) if c.status == "ranked" => format!("{:.1} {}", c.total, clean(c.grade.as_deref().unwrap_or(""))),
        Some(_) => Message::TextInsufficient.render(lang),
        None => "—".to_string(),
    };
    let agents: std::collections::BTreeSet<&str> =
        r.scorecards_by_period.iter().flat_map(|p| p.scorecard.agents.iter().map(|a| a.agent.as_str())).collect();
    let mut rows: Vec<Vec<String>> = agents
        .into_iter()
        .map(|agent| {
            let mut row = vec![clean(agent)];
            row.extend(
                r.scorecards_by_period.iter().map(|p| shown(p.scorecard.agents.iter().find(|a| a.agent == agent))),
            );
            row
        })
        .collect();
    let mut centre = vec![Message::TextCentre.render(lang)];
    centre.extend(r.scorecards_by_period.iter().map(|p| shown(p.scorecard.centre.as_ref())));
    rows.push(centre);
    table(out, &head, &rows, 1, true);
}

fn label(k: &Option<String>, lang: Lang) -> String {
    k.as_deref().map_or_else(|| Message::TextUnknown.render(lang), clean)
}

fn count(v: Option<u64>) -> String {
    v.map_or("-".into(), |v| v.to_string())
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn secs(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}s"))
}

/// Text from a file, safe for a terminal: control characters (escape sequences, bidirectional
/// overrides, carriage returns) are shown as `\u{…}` instead of acting on the terminal.
pub fn clean(s: &str) -> String {
    if !s.chars().any(is_unsafe) {
        return s.to_string();
    }
    s.chars().map(|c| if is_unsafe(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Pads to `width` terminal columns (East Asian wide characters take two).
pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// Pads on the left to `width` terminal columns (numbers, right aligned).
pub fn pad_left(s: &str, width: usize) -> String {
    let w = display_width(s);
    if w >= width {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(width - w))
    }
}

/// Terminal columns of a text: two for East Asian wide and full-width characters, one otherwise.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_padded_by_display_width() {
        assert_eq!(display_width("张伟"), 4);
        assert_eq!(pad("张伟", 6), "张伟  ");
        assert_eq!(display_width(&pad("A01 张伟", 20)), display_width(&pad("A02 Smith", 20)));
    }

    #[test]
    fn control_characters_from_files_are_escaped() {
        assert_eq!(clean("Bob\u{1b}]0;owned\u{7}"), "Bob\\u{1b}]0;owned\\u{7}");
        assert_eq!(clean("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(clean("张伟"), "张伟");
    }
}
