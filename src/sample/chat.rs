//! Synthetic online-shop customer service (seed 003): a chat message log and the shop's order
//! export for the same buyers, as a shop's chat tool and its order system would export them.
//!
//! A small simulation, so the figures hang together: buyers start sessions along an e-commerce
//! day (peaks late morning, afternoon and evening), 客服 on their shifts take them (the least busy
//! first, up to six at once), reply after a delay that grows with how busy they are and with what
//! they type, and some buyers go on to order — more often after a good 客服 — and pay or not. Some
//! orders name the 客服, some do not; some buyers order twice; some order without chatting; a few
//! sessions are never answered (at night nobody is on); some sessions run across midnight.
//! Everything is drawn from one seeded generator: the same options give the same bytes.

use std::fmt::Write as _;

use super::rng::Rng;
use super::{HeaderLang, SampleEncoding, SampleOptions};

/// The chat log's header.
pub const CHAT_HEADER_EN: &str = "time,session_id,buyer,agent,team,sender,message";
/// The chat log's Chinese header.
pub const CHAT_HEADER_ZH: &str = "时间,会话ID,买家,客服,班组,发送方,消息内容";
/// The order export's header.
pub const ORDERS_HEADER_EN: &str = "order_id,buyer,agent,order_time,paid_time,amount,items,status";
/// The order export's Chinese header.
pub const ORDERS_HEADER_ZH: &str = "订单号,买家,客服,下单时间,付款时间,金额,件数,订单状态";

const DAY: i64 = 86_400;

/// Sessions begun per hour of the day, relative (an online shop: late morning, afternoon, evening).
const HOUR_SHAPE: [f64; 24] = [
    0.5, 0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.2, 3.2, 3.4, 2.6, 2.4, 3.0, 3.3, 3.0, 2.6, 2.4, 2.8, 3.6, 4.0, 3.4,
    1.8,
];
/// Sessions per 客服 on an average day.
const SESSIONS_PER_AGENT: f64 = 38.0;

const NAMES_ZH: [&str; 12] =
    ["小美", "小王", "小李", "小张", "小刘", "小陈", "小杨", "小赵", "小周", "小吴", "小孙", "小郑"];
const NAMES_EN: [&str; 12] = ["Amy", "Ben", "Cara", "Dan", "Eve", "Finn", "Gina", "Hugo", "Ivy", "Jack", "Kim", "Leo"];
const TEAMS_ZH: [&str; 2] = ["售前组", "售后组"];
const TEAMS_EN: [&str; 2] = ["Pre-sales", "After-sales"];

const BUYER_ZH: [&str; 10] = [
    "在吗",
    "这个有货吗",
    "什么时候发货",
    "能便宜点吗",
    "有红色的吗",
    "尺码怎么选",
    "包邮吗",
    "好的谢谢",
    "可以开发票吗",
    "质量怎么样",
];
const AGENT_ZH: [&str; 10] = [
    "亲，在的，请问有什么可以帮您",
    "有货的亲，现在下单今天就发",
    "亲，我们默认发中通快递，一般两到三天到",
    "这款已经是活动价了哦",
    "有的，颜色齐全",
    "建议您按平时的尺码选择",
    "满99包邮哦",
    "不客气，祝您购物愉快",
    "可以开的，下单备注抬头就行",
    "质量您放心，七天无理由退换",
];
const BUYER_EN: [&str; 10] = [
    "Hi, anyone there?",
    "Is this in stock?",
    "When will it ship?",
    "Any discount?",
    "Do you have it in red?",
    "Which size should I take?",
    "Is shipping free?",
    "OK thanks",
    "Can I get an invoice?",
    "How is the quality?",
];
const AGENT_EN: [&str; 10] = [
    "Hello! How can I help you today?",
    "Yes, in stock, order now and it ships today",
    "We ship by courier, 2-3 days",
    "This is already the sale price",
    "Yes, all colours are available",
    "Take your usual size",
    "Free shipping over 99",
    "You're welcome, enjoy your purchase",
    "Sure, add the invoice title in the order note",
    "Quality is guaranteed, 7-day free returns",
];

struct Agent {
    name: &'static str,
    team: &'static str,
    /// Converts this much more (or less) often than the average 客服.
    conversion: f64,
    /// Mean reply delay when not busy, seconds.
    reply_s: f64,
    /// Characters per minute.
    typing: f64,
    /// Shift: start and end hour (the evening shift runs past midnight on busy days).
    shift: (i64, i64),
    /// Day of the week off (0 = Monday).
    day_off: i64,
    /// Session ends (absolute seconds) of the sessions they hold.
    open: Vec<i64>,
}

struct Row {
    t: i64,
    seq: u64,
    text: String,
}

/// What [`write_chat`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatSummary {
    /// Message rows.
    pub messages: u64,
    /// Sessions.
    pub sessions: u64,
    /// Order rows.
    pub orders: u64,
}

fn time(start: &chrono::NaiveDate, t: i64) -> String {
    let d = *start + chrono::Duration::days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY);
    format!("{} {:02}:{:02}:{:02}", d.format("%Y-%m-%d"), s / 3600, s / 60 % 60, s % 60)
}

fn encode(text: &str, encoding: SampleEncoding) -> Vec<u8> {
    match encoding {
        SampleEncoding::Utf8 => text.as_bytes().to_vec(),
        SampleEncoding::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
    }
}

/// The chat log and the order export of `opts.days` days from `opts.start`, with `opts.agents`
/// 客服 (at most 12; the call sample's default 40 becomes 8). Returns (chat log, orders, summary).
pub fn write_chat(opts: &SampleOptions) -> (Vec<u8>, Vec<u8>, ChatSummary) {
    let zh = opts.lang == HeaderLang::Zh;
    let mut rng = Rng::new(opts.seed ^ 0xC4A7);
    let n = if opts.agents == SampleOptions::default().agents { 8 } else { opts.agents.clamp(1, 12) } as usize;
    let mut agents: Vec<Agent> = (0..n)
        .map(|i| Agent {
            name: if zh { NAMES_ZH[i] } else { NAMES_EN[i] },
            team: if zh { TEAMS_ZH[i % 2] } else { TEAMS_EN[i % 2] },
            conversion: rng.uniform(0.55, 1.45),
            reply_s: rng.uniform(6.0, 35.0),
            typing: rng.uniform(70.0, 190.0),
            shift: if i % 2 == 0 { (8, 17) } else { (14, 24) },
            day_off: (i as i64 * 3) % 7,
            open: Vec::new(),
        })
        .collect();
    let (buyer_lines, agent_lines) = if zh { (&BUYER_ZH, &AGENT_ZH) } else { (&BUYER_EN, &AGENT_EN) };
    let mut rows: Vec<Row> = Vec::new();
    let mut orders: Vec<Row> = Vec::new();
    let mut summary = ChatSummary::default();
    let mut seq = 0u64;
    let mut buyers_seen: Vec<u32> = Vec::new();
    let mut next_buyer = 1u32;
    let weekday0 = i64::from(chrono::Datelike::weekday(&opts.start).num_days_from_monday());
    let per_day = SESSIONS_PER_AGENT * n as f64;
    let shape_sum: f64 = HOUR_SHAPE.iter().sum();
    let sender = |buyer: bool| -> &'static str {
        match (zh, buyer) {
            (true, true) => "买家",
            (true, false) => "客服",
            (false, true) => "buyer",
            (false, false) => "agent",
        }
    };
    let mut order_no = 0u64;
    let mut push_order = |orders: &mut Vec<Row>,
                          rng: &mut Rng,
                          buyer: &str,
                          agent: Option<&str>,
                          placed: i64,
                          summary: &mut ChatSummary| {
        order_no += 1;
        let paid = rng.chance(0.84).then(|| placed + rng.range(10, 1800));
        let amount = (rng.lognormal(150.0, 0.6) * 100.0).round() / 100.0;
        let items = if rng.chance(0.55) { 1 } else { 2 + rng.below(3) };
        // The same draws in both languages: only the words differ.
        let first_word = rng.chance(if paid.is_some() { 0.5 } else { 0.6 });
        let status = match (paid.is_some(), first_word, zh) {
            (true, true, true) => "交易成功",
            (true, false, true) => "买家已付款",
            (true, _, false) => "paid",
            (false, true, true) => "等待买家付款",
            (false, false, true) => "交易关闭",
            (false, true, false) => "unpaid",
            (false, false, false) => "cancelled",
        };
        let mut line = String::new();
        let _ = write!(
            line,
            "O{:07},{},{},{},{},{:.2},{},{}",
            order_no,
            buyer,
            agent.unwrap_or(""),
            time(&opts.start, placed),
            paid.map(|p| time(&opts.start, p)).unwrap_or_default(),
            amount,
            items,
            status
        );
        orders.push(Row { t: placed, seq: order_no, text: line });
        summary.orders += 1;
    };

    for day in 0..i64::from(opts.days) {
        let weekday = (weekday0 + day).rem_euclid(7);
        let weekend_factor = if weekday >= 5 { 1.25 } else { 1.0 };
        for a in &mut agents {
            a.open.clear();
        }
        for hour in 0..24i64 {
            let expected = per_day * weekend_factor * HOUR_SHAPE[hour as usize] / shape_sum;
            let mut t = day * DAY + hour * 3600 + rng.exp(3600.0 / expected.max(0.01)) as i64;
            while t < day * DAY + (hour + 1) * 3600 {
                seq += 1;
                summary.sessions += 1;
                let session = format!("S{:08}", summary.sessions);
                // A returning buyer now and then, else a new one.
                let buyer_no = if !buyers_seen.is_empty() && rng.chance(0.18) {
                    buyers_seen[rng.below(buyers_seen.len() as u64) as usize]
                } else {
                    next_buyer += 1;
                    buyers_seen.push(next_buyer);
                    next_buyer
                };
                let buyer = if zh { format!("买家{buyer_no:05}") } else { format!("buyer{buyer_no:05}") };
                // The 客服 on shift with the fewest open sessions (at most six at once).
                let on: Vec<usize> = (0..agents.len())
                    .filter(|&i| {
                        let a = &agents[i];
                        let h = (t - day * DAY) / 3600;
                        a.day_off != weekday && h >= a.shift.0 && h < a.shift.1
                    })
                    .collect();
                let pick = on
                    .iter()
                    .map(|&i| (agents[i].open.iter().filter(|e| **e > t).count(), i))
                    .filter(|(busy, _)| *busy < 6)
                    .min()
                    .map(|(_, i)| i);
                let abandoned_by_agent = rng.chance(0.025);
                let runs = 1 + rng.below(3) as usize + usize::from(rng.chance(0.3));
                let mut now = t;
                let mut served = false;
                if rng.chance(0.06) {
                    let text = if zh {
                        "【系统】欢迎光临，客服马上为您服务"
                    } else {
                        "[system] Welcome! An agent will be with you shortly"
                    };
                    let who = if zh { "系统" } else { "system" };
                    let name = pick.map_or("", |i| agents[i].name);
                    let team = pick.map_or("", |i| agents[i].team);
                    rows.push(Row { t: now, seq, text: format!("{session},{buyer},{name},{team},{who},\"{text}\"") });
                    summary.messages += 1;
                }
                for run in 0..runs {
                    let k = 1 + usize::from(rng.chance(0.35));
                    for m in 0..k {
                        if m > 0 {
                            now += rng.range(2, 25);
                        }
                        let line = buyer_lines[rng.below(10) as usize];
                        // Buyer rows name the 客服 account they wrote to once one has taken the session.
                        let name = pick.filter(|_| served || run > 0).map_or("", |i| agents[i].name);
                        let team = pick.filter(|_| served || run > 0).map_or("", |i| agents[i].team);
                        seq += 1;
                        rows.push(Row {
                            t: now,
                            seq,
                            text: format!("{session},{buyer},{name},{team},{},\"{line}\"", sender(true)),
                        });
                        summary.messages += 1;
                    }
                    let Some(i) = pick else { break };
                    if abandoned_by_agent {
                        break;
                    }
                    let a = &agents[i];
                    let busy = a.open.iter().filter(|e| **e > now).count() as f64;
                    let k = rng.below(10) as usize;
                    let line = agent_lines[k];
                    // Typing time from the Chinese line in both languages: the same times either way.
                    let typing = AGENT_ZH[k].chars().count() as f64 / a.typing * 60.0;
                    let delay = (rng.lognormal(a.reply_s * (1.0 + 0.2 * busy), 0.5) + typing).round() as i64;
                    now += delay.max(1);
                    seq += 1;
                    rows.push(Row {
                        t: now,
                        seq,
                        text: format!("{session},{buyer},{},{},{},\"{line}\"", a.name, a.team, sender(false)),
                    });
                    summary.messages += 1;
                    served = true;
                    now += rng.range(8, 120);
                }
                if let Some(i) = pick {
                    agents[i].open.push(now);
                }
                // Orders: more often after a good 客服; some name the 客服, some do not.
                if served {
                    let a = &agents[pick.unwrap_or(0)];
                    if rng.chance((0.32 * a.conversion).min(0.9)) {
                        let placed = now + rng.range(30, 5400);
                        let named = rng.chance(0.5).then_some(a.name);
                        push_order(&mut orders, &mut rng, &buyer, named, placed, &mut summary);
                        if rng.chance(0.1) {
                            let again = placed + rng.range(600, 7200);
                            push_order(&mut orders, &mut rng, &buyer, named, again, &mut summary);
                        }
                    }
                } else if rng.chance(0.05) {
                    let placed = now + rng.range(60, 3600);
                    push_order(&mut orders, &mut rng, &buyer, None, placed, &mut summary);
                }
                // Buyers who order without chatting.
                if rng.chance(0.12) {
                    next_buyer += 1;
                    let silent = if zh { format!("买家{next_buyer:05}") } else { format!("buyer{next_buyer:05}") };
                    let placed = t + rng.range(0, 3000);
                    push_order(&mut orders, &mut rng, &silent, None, placed, &mut summary);
                }
                t += rng.exp(3600.0 / expected.max(0.01)).max(1.0) as i64;
            }
        }
    }
    rows.sort_by_key(|r| (r.t, r.seq));
    orders.sort_by_key(|r| (r.t, r.seq));
    let mut chat = String::with_capacity(rows.len() * 64);
    chat.push_str(if zh { CHAT_HEADER_ZH } else { CHAT_HEADER_EN });
    chat.push('\n');
    for r in &rows {
        chat.push_str(&time(&opts.start, r.t));
        chat.push(',');
        chat.push_str(&r.text);
        chat.push('\n');
    }
    let mut order_text = String::with_capacity(orders.len() * 80);
    order_text.push_str(if zh { ORDERS_HEADER_ZH } else { ORDERS_HEADER_EN });
    order_text.push('\n');
    for r in &orders {
        order_text.push_str(&r.text);
        order_text.push('\n');
    }
    (encode(&chat, opts.encoding), encode(&order_text, opts.encoding), summary)
}
