//! From kept messages and orders to the chat KPIs: sessions, runs of buyer messages and their
//! replies, conversion, order attribution and concurrency, per 客服, team, day and period.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::hours::{self, ConversionHours, HourData};
use super::{Chat, ChatRules, Msg, OrderAttribution, NONE};
use crate::model::caps::{MAX_AGENTS, MAX_SLOT_DAYS, MAX_TEAMS};
use crate::model::catalog::ChatKpi;
use crate::model::chat::Sender;
use crate::model::time::MS_PER_DAY;

/// A reply more than this long after the buyer message before it is waiting, not typing.
const TYPING_MAX_MS: i64 = 5 * 60 * 1000;

/// The chat KPIs of one row (a 客服, team, day or the period), by the ids of `kpis.md`. `None` (JSON
/// null) when no chat log (counts, response figures) or no order export (order figures, conversion)
/// was read, or the denominator is 0.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ChatKpis {
    /// 接待人数: distinct buyers a 客服 sent a message to.
    pub buyers_served: Option<u64>,
    /// 会话数.
    pub chat_sessions: Option<u64>,
    /// 买家消息数.
    pub buyer_messages: Option<u64>,
    /// 首次响应时间, seconds.
    pub first_response_time: Option<f64>,
    /// 平均响应时间, seconds.
    pub avg_response_time: Option<f64>,
    /// 响应率.
    pub response_rate: Option<f64>,
    /// 询单转化率.
    pub inquiry_conversion: Option<f64>,
    /// 下单数.
    pub orders_placed: Option<u64>,
    /// 付款订单数.
    pub orders_paid: Option<u64>,
    /// 销售额.
    pub paid_amount: Option<f64>,
    /// 客单价.
    pub avg_order_value: Option<f64>,
    /// 客件数.
    pub items_per_order: Option<f64>,
    /// 流单率.
    pub unpaid_order_rate: Option<f64>,
    /// 打字速度 (estimate), characters per minute.
    pub typing_speed: Option<f64>,
    /// 最大同时接待数 (per 客服 only).
    pub max_concurrent_sessions: Option<u64>,
    /// Numerator and denominator of every rate and mean above (merged into the row's `ratios`).
    #[serde(skip)]
    pub ratios: Vec<(&'static str, f64, f64)>,
}

/// Sums of one group.
#[derive(Clone, Debug, Default)]
struct Tally {
    sessions: u64,
    served: FxHashSet<u32>,
    converted: FxHashSet<u32>,
    buyer_messages: u64,
    answered_messages: u64,
    first_ms: i64,
    first_n: u64,
    resp_ms: i64,
    resp_n: u64,
    typing_chars: u64,
    typing_ms: i64,
    orders_placed: u64,
    orders_paid: u64,
    amount_cents: i64,
    amount_n: u64,
    items: u64,
    items_n: u64,
}

impl Tally {
    fn kpis(&self, has_chat: bool, has_orders: bool) -> ChatKpis {
        let mut k = ChatKpis::default();
        let mut rate = |id: ChatKpi, num: f64, den: f64| -> Option<f64> {
            k.ratios.push((id.id(), num, den));
            (den > 0.0).then(|| num / den)
        };
        let (mut first, mut avg, mut resp, mut typing, mut conv) = (None, None, None, None, None);
        if has_chat {
            first = rate(ChatKpi::FirstResponseTime, self.first_ms as f64 / 1000.0, self.first_n as f64);
            avg = rate(ChatKpi::AvgResponseTime, self.resp_ms as f64 / 1000.0, self.resp_n as f64);
            resp = rate(ChatKpi::ResponseRate, self.answered_messages as f64, self.buyer_messages as f64);
            typing = rate(ChatKpi::TypingSpeed, self.typing_chars as f64, self.typing_ms as f64 / 60_000.0);
            if has_orders {
                conv = rate(ChatKpi::InquiryConversion, self.converted.len() as f64, self.served.len() as f64);
            }
        }
        let (mut aov, mut ipo, mut unpaid) = (None, None, None);
        if has_orders {
            aov = rate(ChatKpi::AvgOrderValue, self.amount_cents as f64 / 100.0, self.amount_n as f64);
            ipo = rate(ChatKpi::ItemsPerOrder, self.items as f64, self.items_n as f64);
            let not_paid = self.orders_placed - self.orders_paid;
            unpaid = rate(ChatKpi::UnpaidOrderRate, not_paid as f64, self.orders_placed as f64);
        }
        k.first_response_time = first;
        k.avg_response_time = avg;
        k.response_rate = resp;
        k.typing_speed = typing;
        k.inquiry_conversion = conv;
        k.avg_order_value = aov;
        k.items_per_order = ipo;
        k.unpaid_order_rate = unpaid;
        if has_chat {
            k.buyers_served = Some(self.served.len() as u64);
            k.chat_sessions = Some(self.sessions);
            k.buyer_messages = Some(self.buyer_messages);
        }
        if has_orders {
            k.orders_placed = Some(self.orders_placed);
            k.orders_paid = Some(self.orders_paid);
            k.paid_amount = Some(self.amount_cents as f64 / 100.0);
        }
        k
    }
}

/// What [`Chat::build`] makes.
#[derive(Clone, Debug, Default)]
pub(crate) struct ChatOutput {
    pub totals: ChatKpis,
    /// Per 客服, by name.
    pub agents: BTreeMap<String, ChatKpis>,
    /// Per team, by name.
    pub teams: BTreeMap<String, ChatKpis>,
    /// Per day (days since 1970).
    pub days: BTreeMap<i64, ChatKpis>,
    /// The team of each 客服 as the chat log gives it (the most frequent), for rows without one.
    pub agent_teams: BTreeMap<String, String>,
    /// Messages, sessions, distinct buyers, orders kept.
    pub messages: u64,
    pub sessions: u64,
    pub buyers: u64,
    pub orders: u64,
    /// Buyer messages of unanswered sessions that name no 客服.
    pub unattributed_messages: u64,
    /// Orders that belong to no 客服.
    pub unattributed_orders: u64,
    /// Orders marked paid without a payment time.
    pub paid_without_time: u64,
    /// 客服, teams and days past the caps (see `Groups`), their contributions in the totals only.
    pub left_out: [u64; 3],
    /// Whether a chat log and an order export were read.
    pub has_chat: bool,
    pub has_orders: bool,
    /// Conversion per 客服 beside buyer volume per hour of the day.
    pub conversion_hours: ConversionHours,
    /// First and last message or order, local ms.
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

/// The groups one contribution goes to. At most [`MAX_AGENTS`] 客服, [`MAX_TEAMS`] teams and
/// [`MAX_DAYS`] days are tabled, the first to come (as the call tables): a chat log naming
/// 100,000 客服 once took 800 MB for 12 MB of messages. Contributions of the others count in the
/// totals only, and the report says how many were left out.
struct Groups<'a> {
    totals: Tally,
    agents: FxHashMap<u32, Tally>,
    teams: BTreeMap<String, Tally>,
    days: BTreeMap<i64, Tally>,
    team_of: &'a dyn Fn(u32) -> Option<String>,
    /// 客服, teams and days left out of their tables.
    left_out: (FxHashSet<u32>, FxHashSet<String>, FxHashSet<i64>),
}

/// The most distinct days of chat tabled (as the call tables' span).
const MAX_DAYS: usize = MAX_SLOT_DAYS as usize;

impl Groups<'_> {
    /// Applies `f` to the totals, the day and, for a 客服, their row and their team's.
    fn each(&mut self, day: i64, agent: u32, mut f: impl FnMut(&mut Tally)) {
        f(&mut self.totals);
        if let Some(t) = self.day(day) {
            f(t);
        }
        if agent != NONE {
            if let Some(t) = self.agent(agent) {
                f(t);
            }
            if let Some(team) = (self.team_of)(agent) {
                if let Some(t) = self.team(team) {
                    f(t);
                }
            }
        }
    }

    fn agent(&mut self, agent: u32) -> Option<&mut Tally> {
        if self.agents.len() >= MAX_AGENTS && !self.agents.contains_key(&agent) {
            self.left_out.0.insert(agent);
            return None;
        }
        Some(self.agents.entry(agent).or_default())
    }

    fn team(&mut self, team: String) -> Option<&mut Tally> {
        if self.teams.len() >= MAX_TEAMS && !self.teams.contains_key(&team) {
            self.left_out.1.insert(team);
            return None;
        }
        Some(self.teams.entry(team).or_default())
    }

    fn day(&mut self, day: i64) -> Option<&mut Tally> {
        if self.days.len() >= MAX_DAYS && !self.days.contains_key(&day) {
            self.left_out.2.insert(day);
            return None;
        }
        Some(self.days.entry(day).or_default())
    }
}

impl ChatOutput {
    /// The KPIs of a row with no chat (a 客服 of the call records only): counts 0 where chat data was
    /// read, everything else null.
    pub(crate) fn none(&self) -> ChatKpis {
        Tally::default().kpis(self.has_chat, self.has_orders)
    }
}

impl Chat {
    /// The chat KPIs under `rules`. `team_of` names the team of a 客服 (the report's agent rows,
    /// from call records and the roster); the chat log's own team column is the fallback.
    pub(crate) fn build(&self, rules: &ChatRules, team_of: &dyn Fn(&str) -> Option<String>) -> ChatOutput {
        let mut out = ChatOutput {
            messages: self.messages.len() as u64,
            orders: self.orders.len() as u64,
            paid_without_time: self.paid_without_time,
            has_chat: !self.messages.is_empty(),
            has_orders: !self.orders.is_empty(),
            ..Default::default()
        };
        // The chat log's team of each 客服: the most frequent (ties to the smallest name).
        let mut log_teams: FxHashMap<u32, BTreeMap<&str, u64>> = FxHashMap::default();
        for m in &self.messages {
            if m.agent != NONE && m.team != NONE {
                if let Some(team) = self.names.name(m.team) {
                    *log_teams.entry(m.agent).or_default().entry(team).or_default() += 1;
                }
            }
        }
        for (agent, teams) in &log_teams {
            let best = teams.iter().rev().max_by_key(|(_, n)| **n).map(|(t, _)| t.to_string());
            if let (Some(name), Some(team)) = (self.names.name(*agent), best) {
                out.agent_teams.insert(name.to_string(), team);
            }
        }
        let team_cache: FxHashMap<u32, Option<String>> = self
            .agent_ids()
            .into_iter()
            .map(|a| {
                let name = self.names.name(a).unwrap_or("");
                (a, team_of(name).or_else(|| out.agent_teams.get(name).cloned()))
            })
            .collect();
        let team_lookup = |a: u32| team_cache.get(&a).cloned().flatten();
        let mut g = Groups {
            totals: Tally::default(),
            agents: FxHashMap::default(),
            teams: BTreeMap::new(),
            days: BTreeMap::new(),
            team_of: &team_lookup,
            left_out: Default::default(),
        };

        // Orders by buyer, for conversion: payment times, sorted.
        let mut paid_by_buyer: FxHashMap<u32, Vec<i64>> = FxHashMap::default();
        for o in &self.orders {
            if let Some(p) = o.paid_ms {
                paid_by_buyer.entry(o.buyer).or_default().push(p);
            }
        }
        for v in paid_by_buyer.values_mut() {
            v.sort_unstable();
        }
        let window_end = |start: i64| -> i64 {
            if rules.conversion_window_h == 0 {
                (start.div_euclid(MS_PER_DAY) + 1) * MS_PER_DAY - 1
            } else {
                start + i64::from(rules.conversion_window_h) * 3_600_000
            }
        };
        let converts = |buyer: u32, start: i64| -> bool {
            let Some(paid) = paid_by_buyer.get(&buyer) else { return false };
            let i = paid.partition_point(|p| *p < start);
            paid.get(i).is_some_and(|p| *p <= window_end(start))
        };

        // Messages in session order: key, time, then reading order.
        let mut order: Vec<u32> = (0..self.messages.len() as u32).collect();
        order.sort_by_key(|&i| {
            let m = &self.messages[i as usize];
            (m.by_session, m.key, m.t_ms, i)
        });
        let gap_ms = i64::from(rules.session_gap_min.max(1)) * 60_000;
        let mut sessions = 0u64;
        // Per buyer: the 客服 messages (time, 客服, start of their session), for order attribution.
        let mut agent_msgs: FxHashMap<u32, Vec<(i64, u32, i64)>> = FxHashMap::default();
        let mut intervals: FxHashMap<u32, Vec<(i64, i64)>> = FxHashMap::default();
        let mut buyers: FxHashSet<u32> = FxHashSet::default();
        let mut hour_data = HourData::default();
        let mut i = 0;
        while i < order.len() {
            let first = &self.messages[order[i] as usize];
            let mut j = i + 1;
            while j < order.len() {
                let prev = &self.messages[order[j - 1] as usize];
                let m = &self.messages[order[j] as usize];
                if m.by_session != first.by_session || m.key != first.key {
                    break;
                }
                if !first.by_session && m.t_ms - prev.t_ms > gap_ms {
                    break;
                }
                j += 1;
            }
            let msgs: Vec<&Msg> = order[i..j].iter().map(|&k| &self.messages[k as usize]).collect();
            i = j;
            let session = self.session(&msgs, &mut g, &converts, &mut hour_data, &mut agent_msgs, &mut intervals);
            if let Some(buyer) = session {
                buyers.insert(buyer);
                sessions += 1;
            }
        }
        out.sessions = sessions;
        out.buyers = buyers.len() as u64;
        out.unattributed_messages = hour_data.unattributed_messages;

        // Orders: to the 客服 they belong to, on the day they were placed.
        for msgs in agent_msgs.values_mut() {
            msgs.sort_unstable();
        }
        for o in &self.orders {
            let last_chat = || -> u32 {
                let Some(msgs) = agent_msgs.get(&o.buyer) else { return NONE };
                msgs.iter()
                    .rev()
                    .find(|(t, _, start)| {
                        *t <= o.placed_ms && *start <= o.placed_ms && o.placed_ms <= window_end(*start)
                    })
                    .map_or(NONE, |m| m.1)
            };
            let agent = match rules.attribution {
                OrderAttribution::NamedThenChat if o.agent != NONE => o.agent,
                OrderAttribution::NamedThenChat | OrderAttribution::LastChat => last_chat(),
                OrderAttribution::Named => o.agent,
            };
            out.unattributed_orders += u64::from(agent == NONE);
            g.each(o.placed_ms.div_euclid(MS_PER_DAY), agent, |t| {
                t.orders_placed += 1;
                if o.paid_ms.is_some() {
                    t.orders_paid += 1;
                    if let Some(a) = o.amount_cents {
                        t.amount_cents += a;
                        t.amount_n += 1;
                    }
                    if let Some(n) = o.items {
                        t.items += u64::from(n);
                        t.items_n += 1;
                    }
                }
            });
        }

        let (has_chat, has_orders) = (out.has_chat, out.has_orders);
        out.totals = g.totals.kpis(has_chat, has_orders);
        for (a, t) in &g.agents {
            let mut k = t.kpis(has_chat, has_orders);
            if let Some(spans) = intervals.get(a) {
                k.max_concurrent_sessions = Some(max_overlap(spans));
            } else if has_chat {
                k.max_concurrent_sessions = Some(0);
            }
            if let Some(name) = self.names.name(*a) {
                out.agents.insert(name.to_string(), k);
            }
        }
        out.teams = g.teams.iter().map(|(n, t)| (n.clone(), t.kpis(has_chat, has_orders))).collect();
        let (agents, teams, days) = &g.left_out;
        out.left_out = [agents.len() as u64, teams.len() as u64, days.len() as u64];
        out.days = g.days.iter().map(|(d, t)| (*d, t.kpis(has_chat, has_orders))).collect();
        out.conversion_hours = hours::table(&hour_data, &out.agents, &|name| self.names.index.get(name).copied());
        let times = self.messages.iter().map(|m| m.t_ms).chain(self.orders.iter().map(|o| o.placed_ms));
        out.first_ms = times.clone().min();
        out.last_ms = times.max();
        out
    }

    /// Every 客服 named on a message or an order.
    fn agent_ids(&self) -> Vec<u32> {
        let mut ids: Vec<u32> =
            self.messages.iter().map(|m| m.agent).chain(self.orders.iter().map(|o| o.agent)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|a| *a != NONE);
        ids
    }

    /// One session's contributions; `None` when it holds only system messages.
    fn session(
        &self,
        msgs: &[&Msg],
        g: &mut Groups<'_>,
        converts: &dyn Fn(u32, i64) -> bool,
        hours: &mut HourData,
        agent_msgs: &mut FxHashMap<u32, Vec<(i64, u32, i64)>>,
        intervals: &mut FxHashMap<u32, Vec<(i64, i64)>>,
    ) -> Option<u32> {
        let msgs: Vec<&Msg> = msgs.iter().copied().filter(|m| m.sender != Sender::System).collect();
        let (first, last) = (msgs.first()?, msgs.last()?);
        let (start, end) = (first.t_ms, last.t_ms);
        let day = start.div_euclid(MS_PER_DAY);
        // The buyer: the first named on a message; else the session itself stands for one.
        let buyer = msgs.iter().map(|m| m.buyer).find(|b| *b != NONE).unwrap_or(first.key);
        // Runs of buyer messages and the 客服 replies that close them.
        struct Run {
            first: i64,
            last: i64,
            count: u64,
            named: u32,
        }
        let mut run: Option<Run> = None;
        let mut first_done = false;
        let mut last_agent = NONE;
        let mut writers: Vec<u32> = Vec::new();
        let mut answered_by_anyone = false;
        for m in &msgs {
            match m.sender {
                Sender::Buyer => match &mut run {
                    Some(r) => {
                        r.last = m.t_ms;
                        r.count += 1;
                        if r.named == NONE {
                            r.named = m.agent;
                        }
                    }
                    None => run = Some(Run { first: m.t_ms, last: m.t_ms, count: 1, named: m.agent }),
                },
                Sender::Agent => {
                    answered_by_anyone = true;
                    if let Some(r) = run.take() {
                        let resp = m.t_ms - r.first;
                        let gap = m.t_ms - r.last;
                        let is_first = !first_done;
                        g.each(day, m.agent, |t| {
                            t.resp_ms = t.resp_ms.saturating_add(resp);
                            t.resp_n += 1;
                            t.buyer_messages += r.count;
                            t.answered_messages += r.count;
                            if is_first {
                                t.first_ms = t.first_ms.saturating_add(resp);
                                t.first_n += 1;
                            }
                            if gap > 0 && gap <= TYPING_MAX_MS {
                                t.typing_chars += u64::from(m.chars);
                                t.typing_ms = t.typing_ms.saturating_add(gap);
                            }
                        });
                        first_done = true;
                    }
                    if m.agent != NONE {
                        last_agent = m.agent;
                        if !writers.contains(&m.agent) {
                            writers.push(m.agent);
                        }
                        agent_msgs.entry(buyer).or_default().push((m.t_ms, m.agent, start));
                        hours.active(m.agent, m.t_ms);
                    }
                }
                Sender::System => {}
            }
            hours.message(m.t_ms);
        }
        // A run no 客服 answered before the session ended.
        let mut unanswered_owner = NONE;
        if let Some(r) = run.take() {
            let owner = if last_agent != NONE { last_agent } else { r.named };
            if owner == NONE {
                hours.unattributed_messages += r.count;
            }
            g.each(day, owner, |t| t.buyer_messages += r.count);
            unanswered_owner = owner;
        }
        // Who the session belongs to: everyone who wrote in it; unanswered, the 客服 named on it.
        let converted = answered_by_anyone && converts(buyer, start);
        let mut members = writers.clone();
        if members.is_empty() && unanswered_owner != NONE {
            members.push(unanswered_owner);
        }
        let serve = |t: &mut Tally| {
            t.sessions += 1;
            if answered_by_anyone {
                t.served.insert(buyer);
                if converted {
                    t.converted.insert(buyer);
                }
            }
        };
        serve(&mut g.totals);
        if let Some(t) = g.day(day) {
            serve(t);
        }
        let mut teams_done: Vec<String> = Vec::new();
        for a in &members {
            let wrote = writers.contains(a);
            if let Some(t) = g.agent(*a) {
                t.sessions += 1;
                if wrote {
                    t.served.insert(buyer);
                    if converted {
                        t.converted.insert(buyer);
                    }
                    intervals.entry(*a).or_default().push((start, end));
                }
            }
            if let Some(team) = (g.team_of)(*a) {
                let Some(tt) = g.team(team.clone()) else { continue };
                if !teams_done.contains(&team) {
                    tt.sessions += 1;
                    teams_done.push(team);
                }
                if wrote {
                    tt.served.insert(buyer);
                    if converted {
                        tt.converted.insert(buyer);
                    }
                }
            }
        }
        hours.session(start, buyer);
        Some(buyer)
    }
}

/// The most closed intervals `[start, end]` that overlap at one instant.
fn max_overlap(spans: &[(i64, i64)]) -> u64 {
    let mut events: Vec<(i64, i8)> = spans.iter().flat_map(|(a, b)| [(*a, -1i8), (*b, 1i8)]).collect();
    // At the same instant starts come first: intervals touching at an end overlap.
    events.sort_unstable();
    let (mut open, mut best) = (0i64, 0i64);
    for (_, e) in events {
        open -= i64::from(e);
        best = best.max(open);
    }
    best as u64
}

#[cfg(test)]
mod tests {
    use super::max_overlap;

    #[test]
    fn intervals_that_touch_overlap() {
        assert_eq!(max_overlap(&[(0, 10), (10, 20), (21, 30)]), 2);
        assert_eq!(max_overlap(&[(0, 10), (11, 20)]), 1);
        assert_eq!(max_overlap(&[]), 0);
    }
}
