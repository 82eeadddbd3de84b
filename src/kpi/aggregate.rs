//! Tallies for every grouping of the report, and the repeat-caller (FCR) pass.
//!
//! Memory is bounded by the number of groups (queues, agents, teams, days, 15-minute slots), with
//! one exception that the report states: repeat-caller FCR has to remember when each caller
//! called (24 bytes per call with a caller id). Setting the FCR window to 0 frees it.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::{OutboundAggregates, Tally};
use crate::model::call::{hash_id, is_anonymous, Call, Outcome};
use crate::model::time::{weekday_of, MS_PER_DAY};

/// Intervals are tallied at 15 minutes and merged into 30 or 60 when the report asks, so the
/// interval length can change without reading the files again.
pub(crate) const SLOT_MS: i64 = 15 * 60 * 1000;

/// Tallies keyed by a name, with `None` for "not given".
#[derive(Clone, Debug, Default)]
pub(crate) struct Named {
    index: FxHashMap<String, u32>,
    none: Option<u32>,
    pub keys: Vec<Option<String>>,
    pub tallies: Vec<Tally>,
}

impl Named {
    /// The slot of `key`, created on first use. No allocation when the key exists.
    pub(crate) fn slot(&mut self, key: Option<&str>) -> u32 {
        let found = match key {
            Some(k) => self.index.get(k).copied(),
            None => self.none,
        };
        if let Some(i) = found {
            return i;
        }
        let i = self.keys.len() as u32;
        self.keys.push(key.map(str::to_string));
        self.tallies.push(Tally::default());
        match key {
            Some(k) => {
                self.index.insert(k.to_string(), i);
            }
            None => self.none = Some(i),
        }
        i
    }

    pub(crate) fn get(&self, key: Option<&str>) -> Option<u32> {
        match key {
            Some(k) => self.index.get(k).copied(),
            None => self.none,
        }
    }

    fn merge(&mut self, other: &Named) -> Vec<u32> {
        let mut remap = Vec::with_capacity(other.keys.len());
        for (key, tally) in other.keys.iter().zip(&other.tallies) {
            let i = self.slot(key.as_deref());
            self.tallies[i as usize].merge(tally);
            remap.push(i);
        }
        remap
    }
}

/// One call as the FCR pass needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FcrCall {
    caller: u64,
    /// Local seconds since 1970.
    t: u32,
    /// Agent slot when answered (`UNANSWERED` otherwise).
    agent: u32,
    queue: u32,
}

const UNANSWERED: u32 = u32::MAX;

/// Repeat-caller FCR outcome counts of a group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FcrCounts {
    pub resolved: u64,
    pub repeat: u64,
    pub unknown: u64,
}

impl FcrCounts {
    pub(crate) fn add(&mut self, other: FcrCounts) {
        self.resolved += other.resolved;
        self.repeat += other.repeat;
        self.unknown += other.unknown;
    }
}

/// FCR counts per group, the output of [`Aggregates::fcr`].
#[derive(Clone, Debug, Default)]
pub(crate) struct FcrByGroup {
    pub totals: FcrCounts,
    pub agents: FxHashMap<u32, FcrCounts>,
    pub queues: FxHashMap<u32, FcrCounts>,
    pub days: FxHashMap<i64, FcrCounts>,
}

/// How many unanswered offered calls there are and how many name an agent or a team.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attribution {
    pub calls: u64,
    pub with_agent: u64,
    pub with_team: u64,
}

/// All tallies of an analysis.
#[derive(Clone, Debug)]
pub(crate) struct Aggregates {
    pub totals: Tally,
    pub queues: Named,
    pub agents: Named,
    pub teams: Named,
    /// Per agent: how often each display name and team came with them (the most frequent wins,
    /// so the result does not depend on row order).
    pub agent_names: Vec<BTreeMap<String, u64>>,
    pub agent_teams: Vec<BTreeMap<String, u64>>,
    pub slots: FxHashMap<i64, Tally>,
    pub first_arrival_ms: Option<i64>,
    pub last_arrival_ms: Option<i64>,
    /// Offered calls not answered (abandoned or timed out), and how many of them name an agent
    /// or a team: when some do not, the unanswered side of agents' and teams' KPIs is unknown.
    pub unanswered: Attribution,
    /// Outbound calls, tallied apart (never in the inbound KPIs).
    pub outbound: OutboundAggregates,
    fcr_calls: Vec<FcrCall>,
    keep_fcr: bool,
    /// Calls of this queue are complaints (seed 002 deducts handled complaints from an agent's
    /// volume); applied as calls are added.
    complaint_queue: Option<String>,
}

impl Aggregates {
    pub(crate) fn new(keep_fcr: bool, complaint_queue: Option<String>) -> Aggregates {
        Aggregates {
            totals: Tally::default(),
            queues: Named::default(),
            agents: Named::default(),
            teams: Named::default(),
            agent_names: Vec::new(),
            agent_teams: Vec::new(),
            slots: FxHashMap::default(),
            first_arrival_ms: None,
            last_arrival_ms: None,
            unanswered: Attribution::default(),
            outbound: OutboundAggregates::default(),
            fcr_calls: Vec::new(),
            keep_fcr,
            complaint_queue,
        }
    }

    pub(crate) fn add(&mut self, call: &Call<'_>) {
        let marked;
        let call = match self.complaint_queue.as_deref() {
            Some(q) => {
                let mut c = call.clone();
                c.complaint = Some(call.complaint == Some(true) || call.queue.map(str::trim) == Some(q.trim()));
                marked = c;
                &marked
            }
            None => call,
        };
        self.totals.add(call);
        if matches!(call.outcome, Outcome::Abandoned | Outcome::TimedOut) {
            self.unanswered.calls += 1;
            self.unanswered.with_agent += u64::from(call.agent.is_some());
            self.unanswered.with_team += u64::from(call.team.is_some());
        }
        let queue = self.queues.slot(call.queue);
        self.queues.tallies[queue as usize].add(call);

        let agent = if call.agent.is_some() || call.outcome == Outcome::Answered {
            let a = self.agents.slot(call.agent);
            if a as usize == self.agent_names.len() {
                self.agent_names.push(BTreeMap::new());
                self.agent_teams.push(BTreeMap::new());
            }
            self.agents.tallies[a as usize].add(call);
            if let Some(name) = call.agent_name.filter(|n| !n.is_empty()) {
                bump(&mut self.agent_names[a as usize], name);
            }
            if let Some(team) = call.team.filter(|t| !t.is_empty()) {
                bump(&mut self.agent_teams[a as usize], team);
            }
            Some(a)
        } else {
            None
        };
        if call.team.is_some() {
            let t = self.teams.slot(call.team);
            self.teams.tallies[t as usize].add(call);
        }

        // Days and weekday × hour are sums of 15-minute slots, built when a report asks.
        self.slots.entry(call.arrival_ms.div_euclid(SLOT_MS)).or_default().add(call);

        self.first_arrival_ms = Some(self.first_arrival_ms.map_or(call.arrival_ms, |f| f.min(call.arrival_ms)));
        self.last_arrival_ms = Some(self.last_arrival_ms.map_or(call.arrival_ms, |l| l.max(call.arrival_ms)));

        if self.keep_fcr && matches!(call.outcome, Outcome::Answered | Outcome::Abandoned | Outcome::TimedOut) {
            let caller = call.caller.map(str::trim).filter(|c| !c.is_empty() && !is_anonymous(c));
            if let (Some(caller), Ok(t)) = (caller, u32::try_from(call.arrival_ms.div_euclid(1000))) {
                let agent =
                    if call.outcome == Outcome::Answered { agent.unwrap_or(UNANSWERED - 1) } else { UNANSWERED };
                self.fcr_calls.push(FcrCall { caller: hash_id(&[caller]), t, agent, queue });
            }
        }
    }

    /// Adds another analysis's tallies (the result equals having added all calls to one).
    pub(crate) fn merge(&mut self, other: &Aggregates) {
        self.totals.merge(&other.totals);
        let queue_map = self.queues.merge(&other.queues);
        let agent_map = self.agents.merge(&other.agents);
        self.teams.merge(&other.teams);
        for (i, &to) in agent_map.iter().enumerate() {
            while self.agent_names.len() <= to as usize {
                self.agent_names.push(BTreeMap::new());
                self.agent_teams.push(BTreeMap::new());
            }
            for (name, n) in &other.agent_names[i] {
                *self.agent_names[to as usize].entry(name.clone()).or_default() += n;
            }
            for (team, n) in &other.agent_teams[i] {
                *self.agent_teams[to as usize].entry(team.clone()).or_default() += n;
            }
        }
        for (slot, t) in &other.slots {
            self.slots.entry(*slot).or_default().merge(t);
        }
        self.first_arrival_ms = min_opt(self.first_arrival_ms, other.first_arrival_ms);
        self.unanswered.calls += other.unanswered.calls;
        self.unanswered.with_agent += other.unanswered.with_agent;
        self.unanswered.with_team += other.unanswered.with_team;
        self.last_arrival_ms = self.last_arrival_ms.max(other.last_arrival_ms);
        self.outbound.merge(&other.outbound);
        self.fcr_calls.extend(other.fcr_calls.iter().map(|c| FcrCall {
            agent: if c.agent >= UNANSWERED - 1 { c.agent } else { agent_map[c.agent as usize] },
            queue: queue_map[c.queue as usize],
            ..*c
        }));
    }

    /// Whether calls were remembered for the repeat-caller pass while reading.
    pub(crate) fn keeps_fcr(&self) -> bool {
        self.keep_fcr
    }

    /// The repeat-caller pass: an answered call whose whole window (`window_h` hours after it) lies
    /// inside the data is resolved when the same caller does not call again within the window and
    /// a repeat when they do; every call closer than that to the end of the data is unknown,
    /// whatever happened after it.
    pub(crate) fn fcr(&mut self, window_h: u32) -> FcrByGroup {
        let mut out = FcrByGroup::default();
        if window_h == 0 || self.fcr_calls.is_empty() {
            return out;
        }
        let window = i64::from(window_h) * 3600;
        let end = self.last_arrival_ms.unwrap_or(0).div_euclid(1000);
        self.fcr_calls.sort_unstable();
        let calls = &self.fcr_calls;
        for (i, call) in calls.iter().enumerate() {
            if call.agent == UNANSWERED {
                continue;
            }
            let next = calls.get(i + 1).filter(|n| n.caller == call.caller);
            let t = i64::from(call.t);
            // Only a call whose whole window lies inside the data is judged, either way: judging
            // the late calls only when a repeat shows up would count their repeats and never
            // their resolutions, biasing FCR down.
            let counts = if t + window > end {
                FcrCounts { unknown: 1, ..Default::default() }
            } else if next.is_some_and(|n| i64::from(n.t) - t <= window) {
                FcrCounts { repeat: 1, ..Default::default() }
            } else {
                FcrCounts { resolved: 1, ..Default::default() }
            };
            out.totals.add(counts);
            if call.agent != UNANSWERED - 1 {
                out.agents.entry(call.agent).or_default().add(counts);
            } else if let Some(none) = self.agents.get(None) {
                out.agents.entry(none).or_default().add(counts);
            }
            out.queues.entry(call.queue).or_default().add(counts);
            out.days.entry((t * 1000).div_euclid(MS_PER_DAY)).or_default().add(counts);
        }
        out
    }

    /// Tallies per day (days since 1970), summed from the 15-minute slots.
    pub(crate) fn days(&self) -> BTreeMap<i64, Tally> {
        let mut days: BTreeMap<i64, Tally> = BTreeMap::new();
        for (slot, t) in &self.slots {
            days.entry((slot * SLOT_MS).div_euclid(MS_PER_DAY)).or_default().merge(t);
        }
        days
    }

    /// Tallies per weekday (0 = Monday) × hour, 168 of them, summed from the slots.
    pub(crate) fn weekday_hour(&self) -> Vec<Tally> {
        let mut out = vec![Tally::default(); 7 * 24];
        for (slot, t) in &self.slots {
            let ms = slot * SLOT_MS;
            let weekday = i64::from(weekday_of(ms.div_euclid(MS_PER_DAY)));
            let hour = ms.rem_euclid(MS_PER_DAY) / 3_600_000;
            out[(weekday * 24 + hour) as usize].merge(t);
        }
        out
    }

    /// The most frequent display name of an agent slot.
    pub(crate) fn agent_name(&self, slot: usize) -> Option<&str> {
        most_frequent(&self.agent_names[slot])
    }

    pub(crate) fn agent_team(&self, slot: usize) -> Option<&str> {
        most_frequent(&self.agent_teams[slot])
    }
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

fn most_frequent(map: &BTreeMap<String, u64>) -> Option<&str> {
    // max_by_key keeps the last maximum; iterate in reverse so ties go to the smallest name.
    map.iter().rev().max_by_key(|(_, n)| **n).map(|(k, _)| k.as_str())
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
