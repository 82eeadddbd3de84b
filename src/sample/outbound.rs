//! Synthetic outbound campaigns (seed 002): a dialler's export of every call its agents made, per
//! campaign (外呼项目), with result codes as diallers write them (成功, 拒绝, 考虑, 无人接听, 空号,
//! 关机, 忙 …). Agents dial through their campaign's list during working hours; numbers nobody
//! answered are dialled again later (so dials per number is above 1); agents differ in how often a
//! connected call ends in a success. The same options give the same bytes.

use std::fmt::Write as _;

use super::rng::Rng;
use super::{HeaderLang, SampleEncoding, SampleOptions};

/// The dialler export's header.
pub const OUTBOUND_HEADER_EN: &str =
    "call_id,campaign,agent,agent_name,team,called_number,start_time,answer_time,end_time,talk,result";
/// The Chinese header.
pub const OUTBOUND_HEADER_ZH: &str =
    "通话ID,外呼项目,座席工号,座席姓名,班组,被叫号码,开始时间,应答时间,结束时间,通话时长,外呼结果";

const DAY: i64 = 86_400;
const CAMPAIGNS_ZH: [&str; 3] = ["信用卡分期推广", "会员续费回访", "新品电话营销"];
const CAMPAIGNS_EN: [&str; 3] = ["Card instalment offer", "Membership renewal", "New product launch"];
const NAMES_ZH: [&str; 10] = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴倩"];
const NAMES_EN: [&str; 10] = [
    "Alice Wong",
    "Brian Li",
    "Carol Zhang",
    "David Liu",
    "Emma Chen",
    "Frank Yang",
    "Grace Zhao",
    "Henry Huang",
    "Iris Zhou",
    "Jason Wu",
];

/// Result codes: (Chinese, English, connected, weight among outcomes of that kind).
const NOT_CONNECTED: [(&str, &str, f64); 5] = [
    ("无人接听", "No answer", 0.62),
    ("关机", "Switched off", 0.11),
    ("空号", "Invalid number", 0.09),
    ("忙", "Busy", 0.10),
    ("停机", "Suspended", 0.08),
];

/// What [`write_outbound`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboundSummary {
    /// Calls dialled (rows).
    pub attempts: u64,
    /// Calls the contact answered.
    pub connects: u64,
    /// Calls that ended in a success.
    pub successes: u64,
}

fn time(start: &chrono::NaiveDate, t: i64) -> String {
    let d = *start + chrono::Duration::days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY);
    format!("{} {:02}:{:02}:{:02}", d.format("%Y-%m-%d"), s / 3600, s / 60 % 60, s % 60)
}

fn pick<'a>(rng: &mut Rng, table: &'a [(&'a str, &'a str, f64)]) -> &'a (&'a str, &'a str, f64) {
    let mut x = rng.unit() * table.iter().map(|t| t.2).sum::<f64>();
    for t in table {
        if x < t.2 {
            return t;
        }
        x -= t.2;
    }
    &table[table.len() - 1]
}

/// A dialler export of `opts.days` days with `opts.agents` agents (at most 10; the call sample's
/// default 40 becomes 8), on weekdays 09:00–12:00 and 13:30–18:00.
pub fn write_outbound(opts: &SampleOptions) -> (Vec<u8>, OutboundSummary) {
    let zh = opts.lang == HeaderLang::Zh;
    let mut rng = Rng::new(opts.seed ^ 0x0B7B);
    let n = if opts.agents == SampleOptions::default().agents { 8 } else { opts.agents.clamp(1, 10) } as usize;
    // Per agent: campaign, success share of connected calls.
    let agents: Vec<(usize, f64)> = (0..n).map(|i| (i % 3, rng.uniform(0.05, 0.2))).collect();
    let mut retry: Vec<Vec<(u64, i64, u32)>> = vec![Vec::new(); 3]; // (number, not before, attempts)
    let mut next_number = [0u64; 3];
    let weekday0 = i64::from(chrono::Datelike::weekday(&opts.start).num_days_from_monday());
    let mut out = String::new();
    out.push_str(if zh { OUTBOUND_HEADER_ZH } else { OUTBOUND_HEADER_EN });
    out.push('\n');
    let mut s = OutboundSummary::default();
    let mut rows: Vec<(i64, u64, String)> = Vec::new();
    for day in 0..i64::from(opts.days) {
        if (weekday0 + day).rem_euclid(7) >= 5 {
            continue;
        }
        for (i, &(campaign, success)) in agents.iter().enumerate() {
            for (from, to) in [(9 * 3600, 12 * 3600), (13 * 3600 + 1800, 18 * 3600)] {
                let mut t = day * DAY + from + rng.range(0, 600);
                while t < day * DAY + to {
                    // A number due for another try, else the next of the list.
                    let due = retry[campaign].iter().position(|r| r.1 <= t);
                    let (number, tries) = match due {
                        Some(k) => {
                            let r = retry[campaign].swap_remove(k);
                            (r.0, r.2)
                        }
                        None => {
                            next_number[campaign] += 1;
                            (
                                13_000_000_000
                                    + campaign as u64 * 100_000_000
                                    + next_number[campaign] * 7919 % 99_999_989,
                                0,
                            )
                        }
                    };
                    s.attempts += 1;
                    let ring = rng.range(6, 35);
                    let connected = rng.chance(0.45);
                    let (result, answer, talk) = if connected {
                        s.connects += 1;
                        let ok = rng.chance(success);
                        s.successes += u64::from(ok);
                        let talk = rng.lognormal(if ok { 320.0 } else { 95.0 }, 0.6).round() as i64 + 5;
                        let code = match (ok, rng.chance(0.6), zh) {
                            (true, _, true) => "成功",
                            (true, _, false) => "Success",
                            (false, true, true) => "拒绝",
                            (false, true, false) => "Refused",
                            (false, false, true) => "考虑",
                            (false, false, false) => "Callback",
                        };
                        (code, Some(t + ring), talk)
                    } else {
                        let r = pick(&mut rng, &NOT_CONNECTED);
                        if matches!(r.0, "无人接听" | "忙" | "关机") && tries < 2 {
                            retry[campaign].push((number, t + rng.range(3600, 3 * 3600), tries + 1));
                        }
                        (if zh { r.0 } else { r.1 }, None, 0)
                    };
                    let end = answer.map_or(t + ring, |a| a + talk);
                    let mut line = String::new();
                    let _ = write!(
                        line,
                        ",{},W{:02},{},{},{},{},{},{},{},{}",
                        if zh { CAMPAIGNS_ZH[campaign] } else { CAMPAIGNS_EN[campaign] },
                        i + 1,
                        if zh { NAMES_ZH[i] } else { NAMES_EN[i] },
                        if zh { ["外呼一组", "外呼二组"][i % 2] } else { ["Outbound A", "Outbound B"][i % 2] },
                        number,
                        time(&opts.start, t),
                        answer.map(|a| time(&opts.start, a)).unwrap_or_default(),
                        time(&opts.start, end),
                        talk,
                        result
                    );
                    rows.push((t, s.attempts, line));
                    t = end + rng.range(15, 90);
                }
            }
        }
    }
    rows.sort_by_key(|r| (r.0, r.1));
    for (k, (_, _, line)) in rows.iter().enumerate() {
        let _ = write!(out, "C{:08}", k + 1);
        out.push_str(line);
        out.push('\n');
    }
    let bytes = match opts.encoding {
        SampleEncoding::Utf8 => out.into_bytes(),
        SampleEncoding::Gbk => encoding_rs::GBK.encode(&out).0.into_owned(),
    };
    (bytes, s)
}
