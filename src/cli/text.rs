//! The readable report `callscore report` prints: files, totals, per-queue and per-agent tables,
//! notes, QA and the scorecard ranking.
//!
//! Columns are padded by display width, so a Chinese agent name (two columns per character in a
//! terminal) keeps the table aligned, and every text that came from a file is printed with its
//! control characters escaped: an agent name cannot clear the screen or set the terminal title.

use std::fmt::Write as _;

use callscore::{CardResult, Lang, Report};

/// The whole text report.
pub fn report_text(r: &Report, lang: Lang) -> String {
    let mut out = String::new();
    files(&mut out, r, lang);
    if let Some(p) = &r.period {
        let _ = writeln!(out, "\nPeriod: {} – {}", p.first, p.last);
    }
    totals(&mut out, r);
    queues(&mut out, r);
    agents(&mut out, r);
    outbound(&mut out, r);
    chat(&mut out, r);
    for n in &r.notes {
        let _ = writeln!(out, "\nNote: {}", clean(&n.render(lang)));
    }
    qa(&mut out, r);
    scorecard(&mut out, r);
    out
}

fn files(out: &mut String, r: &Report, lang: Lang) {
    for f in &r.inputs {
        let _ = writeln!(
            out,
            "{}: {} ({}), {}; rows read {} = used {} + skipped {} + rejected {}",
            clean(&f.file),
            f.profile.unwrap_or("unreadable"),
            f.profile_reason.as_ref().map_or(String::new(), |m| clean(&m.render(lang))),
            f.encoding.unwrap_or("-"),
            f.rows_read,
            f.rows_used,
            f.rows_skipped,
            f.rows_rejected
        );
        for (rule, n) in &f.skipped {
            let _ = writeln!(out, "  skipped {n} by rule {rule}");
        }
        for j in f.rejects.iter().take(5) {
            let column = j.column.as_deref().map_or("-".to_string(), clean);
            let _ = writeln!(out, "  rejected line {}: {} ({column})", j.line, clean(&j.reason.render(lang)));
        }
        if let Some(e) = &f.error {
            let _ = writeln!(out, "  error: {}", clean(&e.render(lang)));
        }
    }
}

fn totals(out: &mut String, r: &Report) {
    let t = &r.totals;
    let s = &r.settings;
    let _ = writeln!(out, "\nTotals");
    let rows: Vec<(&str, String)> = vec![
        ("offered", count(t.offered)),
        ("answered", t.answered.to_string()),
        (
            "abandoned",
            format!("{} (short ≤ {} s: {})", count(t.abandoned), s.short_abandon_s, count(t.short_abandoned)),
        ),
        ("timed out", count(t.timed_out)),
        ("IVR only", count(t.ivr_only)),
        ("answer rate", pct(t.answer_rate)),
        ("abandon rate", pct(t.abandon_rate)),
        ("service level", format!("{} ({} within {} s)", pct(t.service_level), s.sl_variant.id(), s.sl_threshold_s)),
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
}

fn queues(out: &mut String, r: &Report) {
    let head = ["offered", "answered", "abandon", "SL", "ASA", "AHT"];
    let _ = write!(out, "\nBy queue\n  {}", pad("queue", 20));
    for h in head {
        let _ = write!(out, " {h:>8}");
    }
    out.push('\n');
    for q in &r.by_queue {
        let k = &q.kpis;
        let _ = writeln!(
            out,
            "  {} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
            pad(&label(&q.queue), 20),
            count(k.offered),
            k.answered,
            pct(k.abandon_rate),
            pct(k.service_level),
            secs(k.asa),
            secs(k.aht)
        );
    }
}

fn agents(out: &mut String, r: &Report) {
    let _ = writeln!(
        out,
        "\nBy agent\n  {} {:>8} {:>9} {:>9} {:>8} {:>8}",
        pad("agent", 20),
        "answered",
        "avg talk",
        "tot talk",
        "AHT",
        "FCR"
    );
    for a in &r.by_agent {
        let k = &a.kpis;
        let name = match &a.name {
            Some(n) => format!("{} {}", label(&a.agent), clean(n)),
            None => label(&a.agent),
        };
        let _ = writeln!(
            out,
            "  {} {:>8} {:>9} {:>9} {:>8} {:>8}",
            pad(&name, 20),
            k.answered,
            secs(k.avg_talk),
            format!("{:.0}", k.total_talk),
            secs(k.aht),
            pct(k.fcr)
        );
    }
}

/// Outbound calls per campaign and agent, when any were read.
fn outbound(out: &mut String, r: &Report) {
    if r.totals.outbound.outbound_attempts.is_none() {
        return;
    }
    let head = format!("{:>8} {:>8} {:>8} {:>8} {:>8}", "calls", "connects", "connect", "success", "conv");
    let line = |out: &mut String, name: &str, o: &callscore::OutboundKpis| {
        let _ = writeln!(
            out,
            "  {} {:>8} {:>8} {:>8} {:>8} {:>8}",
            pad(name, 20),
            count(o.outbound_attempts),
            count(o.outbound_connects),
            pct(o.connect_rate),
            count(o.outbound_successes),
            pct(o.outbound_conversion)
        );
    };
    let _ = writeln!(out, "\nOutbound by campaign\n  {} {head}", pad("campaign", 20));
    for c in &r.by_campaign {
        line(out, &label(&c.campaign), &c.outbound);
    }
    line(out, "total", &r.totals.outbound);
    let _ = writeln!(out, "\nOutbound by agent\n  {} {head}", pad("agent", 20));
    for a in r.by_agent.iter().filter(|a| a.outbound.outbound_attempts.unwrap_or(0) > 0) {
        line(out, &label(&a.agent), &a.outbound);
    }
}

/// Chat and order KPIs per 客服, when a chat log or order export was read.
fn chat(out: &mut String, r: &Report) {
    if r.chat.is_none() {
        return;
    }
    let line = |out: &mut String, name: &str, c: &callscore::ChatKpis| {
        let _ = writeln!(
            out,
            "  {} {:>7} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8}",
            pad(name, 20),
            count(c.buyers_served),
            secs(c.first_response_time),
            secs(c.avg_response_time),
            pct(c.response_rate),
            pct(c.inquiry_conversion),
            c.avg_order_value.map_or("-".into(), |v| format!("{v:.2}")),
            pct(c.unpaid_order_rate)
        );
    };
    let _ = writeln!(
        out,
        "\nChat by 客服\n  {} {:>7} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8}",
        pad("客服", 20),
        "buyers",
        "first",
        "avg resp",
        "resp %",
        "conv",
        "AOV",
        "unpaid"
    );
    for a in
        r.by_agent.iter().filter(|a| a.chat.chat_sessions.unwrap_or(0) > 0 || a.chat.orders_placed.unwrap_or(0) > 0)
    {
        line(out, &label(&a.agent), &a.chat);
    }
    line(out, "total", &r.totals.chat);
}

fn qa(out: &mut String, r: &Report) {
    let Some(q) = r.people.as_ref().and_then(|p| p.qa.as_ref()) else { return };
    let mean = q.mean_score.map_or("-".into(), |v| format!("{v:.1}"));
    let _ = writeln!(out, "\nQA: {} evaluations, mean {mean}, {} auto-fails", q.evaluations, q.auto_fails);
    for e in &q.by_evaluator {
        let _ = writeln!(
            out,
            "  evaluator {}: {} evaluations, mean {:.1}, bias {}{}",
            clean(&e.evaluator),
            e.evaluations,
            e.mean_score,
            e.bias.map_or("-".into(), |b| format!("{b:+.1}")),
            if e.flagged { "  FLAGGED" } else { "" }
        );
    }
    if let Some(c) = &q.calibration {
        let alpha = c.alpha.map_or("-".into(), |a| format!("{a:.3}"));
        let _ = writeln!(
            out,
            "  calibration: {} calls scored by several evaluators, Krippendorff's alpha {alpha}",
            c.calls
        );
    }
}

fn scorecard(out: &mut String, r: &Report) {
    let Some(sc) = &r.scorecard else { return };
    let _ = writeln!(out, "\nScorecard {}:", clean(&sc.name));
    let mut cards: Vec<&CardResult> = sc.agents.iter().collect();
    cards.sort_by_key(|c| c.rank.unwrap_or(usize::MAX));
    for c in cards {
        let _ = writeln!(
            out,
            "  {:>4} {} {} {:6.1} {} {}",
            c.rank.map_or("-".into(), |r| r.to_string()),
            pad(&clean(&c.agent), 8),
            pad(&clean(c.name.as_deref().unwrap_or("")), 14),
            c.total,
            pad(&clean(c.grade.as_deref().unwrap_or("")), 8),
            if c.status == "ranked" { "" } else { "insufficient data" }
        );
    }
    if let Some(c) = &sc.centre {
        let _ = writeln!(out, "  centre: {:.1} {}", c.total, clean(c.grade.as_deref().unwrap_or("")));
    }
}

fn label(k: &Option<String>) -> String {
    k.as_deref().map_or_else(|| "(unknown)".into(), clean)
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
