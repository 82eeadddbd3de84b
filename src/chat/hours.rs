//! The seed's advice — put the best converters on the busiest hours — as a table: per hour of the
//! day, the sessions begun and the buyers, the 客服 on, and which of the top converters are on and
//! which are not.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::build::ChatKpis;
use crate::model::time::MS_PER_DAY;

/// A 客服 must have served at least this many buyers to count as a top converter.
pub(crate) const TOP_MIN_BUYERS: u64 = 10;

/// What the sessions tell about each hour of the day, gathered while they are rebuilt.
#[derive(Clone, Debug, Default)]
pub(crate) struct HourData {
    sessions: [u64; 24],
    /// (day, buyer) pairs of sessions begun in the hour.
    buyers: Vec<FxHashSet<(i64, u32)>>,
    /// Days with any message in the hour.
    days: Vec<FxHashSet<i64>>,
    /// (客服, hour) → days the 客服 wrote in that hour.
    active: FxHashMap<(u32, usize), FxHashSet<i64>>,
    /// Buyer messages of unanswered sessions that name no 客服.
    pub unattributed_messages: u64,
}

fn hour_day(t_ms: i64) -> (usize, i64) {
    ((t_ms.rem_euclid(MS_PER_DAY) / 3_600_000) as usize, t_ms.div_euclid(MS_PER_DAY))
}

impl HourData {
    fn ensure(&mut self) {
        if self.buyers.is_empty() {
            self.buyers = vec![FxHashSet::default(); 24];
            self.days = vec![FxHashSet::default(); 24];
        }
    }

    /// Any message at `t_ms`.
    pub(crate) fn message(&mut self, t_ms: i64) {
        self.ensure();
        let (h, d) = hour_day(t_ms);
        self.days[h].insert(d);
    }

    /// A 客服 wrote at `t_ms`.
    pub(crate) fn active(&mut self, agent: u32, t_ms: i64) {
        let (h, d) = hour_day(t_ms);
        self.active.entry((agent, h)).or_default().insert(d);
    }

    /// A session of `buyer` began at `start`.
    pub(crate) fn session(&mut self, start: i64, buyer: u32) {
        self.ensure();
        let (h, d) = hour_day(start);
        self.sessions[h] += 1;
        self.buyers[h].insert((d, buyer));
    }
}

/// A top converter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopConverter {
    /// The 客服.
    pub agent: String,
    /// Their inquiry conversion.
    pub inquiry_conversion: f64,
    /// Buyers they served.
    pub buyers_served: u64,
}

/// One hour of the day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HourRow {
    /// Hour of the day, 0–23.
    pub hour: u32,
    /// Sessions begun in this hour over the period.
    pub sessions: u64,
    /// Buyers whose session began in this hour (once per day).
    pub buyers: u64,
    /// Days with chat in this hour.
    pub days: u64,
    /// Sessions per day with chat in this hour.
    pub sessions_per_day: Option<f64>,
    /// 客服 who wrote in this hour, on average per day with chat in it.
    pub agents_on: Option<f64>,
    /// Top converters on (they wrote in this hour on at least half of its days with chat).
    pub top_on: Vec<String>,
    /// Top converters not on.
    pub top_off: Vec<String>,
    /// Among the quarter of the hours with the most sessions.
    pub busy: bool,
}

/// The table: the top converters, and each hour of the day that had chat.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ConversionHours {
    /// The best quarter (at least one) of the 客服 with at least 10 buyers served, by inquiry
    /// conversion; empty without an order export.
    pub top_converters: Vec<TopConverter>,
    /// Hours with chat, in order.
    pub hours: Vec<HourRow>,
    /// Busy hours in which some top converter is not on: where the seed would move them.
    pub gaps: Vec<u32>,
}

/// Builds the table from the hour data and the 客服's KPIs. `id_of` finds a 客服's number.
pub(crate) fn table(
    data: &HourData,
    agents: &BTreeMap<String, ChatKpis>,
    id_of: &dyn Fn(&str) -> Option<u32>,
) -> ConversionHours {
    let mut out = ConversionHours::default();
    if data.buyers.is_empty() {
        return out;
    }
    let mut ranked: Vec<TopConverter> = agents
        .iter()
        .filter_map(|(a, k)| {
            let served = k.buyers_served?;
            (served >= TOP_MIN_BUYERS).then_some(TopConverter {
                agent: a.clone(),
                inquiry_conversion: k.inquiry_conversion?,
                buyers_served: served,
            })
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.inquiry_conversion
            .total_cmp(&a.inquiry_conversion)
            .then(b.buyers_served.cmp(&a.buyers_served))
            .then(a.agent.cmp(&b.agent))
    });
    ranked.truncate(ranked.len().div_ceil(4));
    out.top_converters = ranked;

    let with_chat: Vec<usize> = (0..24).filter(|h| data.sessions[*h] > 0 || !data.days[*h].is_empty()).collect();
    let mut by_volume: Vec<usize> = with_chat.iter().copied().filter(|h| data.sessions[*h] > 0).collect();
    by_volume.sort_by(|a, b| data.sessions[*b].cmp(&data.sessions[*a]).then(a.cmp(b)));
    let busy: Vec<usize> = by_volume.iter().copied().take(by_volume.len().div_ceil(4)).collect();
    let mut per_hour_agents: FxHashMap<usize, u64> = FxHashMap::default();
    for ((_, h), days) in &data.active {
        *per_hour_agents.entry(*h).or_default() += days.len() as u64;
    }
    for h in with_chat {
        let days = data.days[h].len() as u64;
        let on = |agent: &str| -> bool {
            let n = id_of(agent).and_then(|id| data.active.get(&(id, h))).map_or(0, |d| d.len() as u64);
            n > 0 && n * 2 >= days
        };
        let (top_on, top_off): (Vec<&TopConverter>, Vec<&TopConverter>) =
            out.top_converters.iter().partition(|t| on(&t.agent));
        let per_day = |n: u64| (days > 0).then(|| n as f64 / days as f64);
        let row = HourRow {
            hour: h as u32,
            sessions: data.sessions[h],
            buyers: data.buyers[h].len() as u64,
            days,
            sessions_per_day: per_day(data.sessions[h]),
            agents_on: per_day(per_hour_agents.get(&h).copied().unwrap_or(0)),
            top_on: top_on.iter().map(|t| t.agent.clone()).collect(),
            top_off: top_off.iter().map(|t| t.agent.clone()).collect(),
            busy: busy.contains(&h),
        };
        if row.busy && !row.top_off.is_empty() {
            out.gaps.push(row.hour);
        }
        out.hours.push(row);
    }
    out
}
