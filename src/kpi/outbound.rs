//! Outbound calls (seed 002): tallies per agent, team, campaign and day, kept apart from the inbound
//! tallies so an outbound call never enters offered, ASA, service level or the abandon rate.
//!
//! Memory is bounded by the groups — at most [`MAX_AGENTS`] agents, [`MAX_TEAMS`] teams,
//! [`MAX_QUEUES`] campaigns, [`MAX_SLOT_DAYS`] days and [`MAX_RESULT_CODES`] result codes, as the
//! call tables; calls past a cap are in the totals only, with a note — except dials per contact,
//! which must tell numbers apart: each group keeps a hash of every number it dialled (8 bytes per
//! number and group).

use std::collections::BTreeMap;
use std::hash::Hash;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{IdMap, Ratio};
use crate::model::call::{hash_id, OutboundCall};
use crate::model::catalog::OutboundKpi;
use crate::model::time::MS_PER_DAY;

use crate::model::caps::{MAX_AGENTS, MAX_NAMES_PER_AGENT, MAX_QUEUES, MAX_SLOT_DAYS, MAX_TEAMS};

/// The most distinct result codes counted; further codes are counted under [`OTHER_CODES`] (a
/// dialler has tens; a column of free text has one per call, and every group kept them all).
pub(crate) const MAX_RESULT_CODES: usize = 1_000;
/// The most distinct days of outbound calls tabled (as the call tables' span).
const MAX_DAYS: usize = MAX_SLOT_DAYS as usize;

/// The result key of a call whose source gives no result code and that was answered.
pub(crate) const NO_CODE_CONNECTED: &str = "(connected)";
/// The result key of a call whose source gives no result code and that was not answered.
pub(crate) const NO_CODE_NOT_CONNECTED: &str = "(not connected)";
/// The result key of the calls whose code came after [`MAX_RESULT_CODES`] others.
pub(crate) const OTHER_CODES: &str = "(other codes)";

/// Everything a group of outbound calls needs to produce its KPIs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct OutboundTally {
    pub attempts: u64,
    pub connects: u64,
    pub talk_ms: i64,
    pub successes: u64,
    /// Connected calls whose result says whether they succeeded: successes and conversion are
    /// known only when every connected call's is.
    #[serde(default)]
    pub success_known: u64,
    /// Calls with a number, and the distinct numbers (hashed).
    pub with_number: u64,
    pub numbers: FxHashSet<u64>,
    /// Calls per result code.
    pub results: BTreeMap<String, u64>,
}

impl OutboundTally {
    fn add(&mut self, c: &OutboundCall<'_>, number: Option<u64>, code: &str) {
        self.attempts += 1;
        if c.connected {
            self.connects += 1;
            self.talk_ms = self.talk_ms.saturating_add(c.talk_ms.unwrap_or(0));
        }
        self.successes += u64::from(c.success);
        self.success_known += u64::from(c.connected && c.success_known);
        if let Some(n) = number {
            self.with_number += 1;
            self.numbers.insert(n);
        }
        match self.results.get_mut(code) {
            Some(n) => *n += 1,
            None => {
                self.results.insert(code.to_string(), 1);
            }
        }
    }

    /// Adds another tally, its result codes through `code` (the code kept here for one there).
    fn merge(&mut self, o: &OutboundTally, code: &impl Fn(&str) -> String) {
        self.attempts += o.attempts;
        self.connects += o.connects;
        self.talk_ms = self.talk_ms.saturating_add(o.talk_ms);
        self.successes += o.successes;
        self.success_known += o.success_known;
        self.with_number += o.with_number;
        self.numbers.extend(o.numbers.iter().copied());
        for (k, v) in &o.results {
            *self.results.entry(code(k)).or_default() += v;
        }
    }

    /// Connected calls whose result does not say whether they succeeded (no code, or a phone
    /// system's disposition such as ANSWERED): while there are any, successes and conversion are
    /// not known (0 % would read as no sales).
    pub(crate) fn success_unknown(&self) -> u64 {
        self.connects.saturating_sub(self.success_known)
    }

    /// The KPIs of this group; all `None` when no outbound call was read anywhere.
    pub(crate) fn kpis(&self, any_outbound: bool) -> OutboundKpis {
        let mut k = OutboundKpis::default();
        if !any_outbound {
            return k;
        }
        let mut rate = |id: OutboundKpi, num: f64, den: f64| -> Option<f64> {
            k.ratios.insert(id.id(), Ratio { numerator: num, denominator: den });
            (den > 0.0).then(|| num / den)
        };
        let connect_rate = rate(OutboundKpi::ConnectRate, self.connects as f64, self.attempts as f64);
        let known = self.success_unknown() == 0;
        let conversion =
            if known { rate(OutboundKpi::Conversion, self.successes as f64, self.connects as f64) } else { None };
        let dials = rate(OutboundKpi::DialsPerContact, self.with_number as f64, self.numbers.len() as f64);
        k.outbound_attempts = Some(self.attempts);
        k.outbound_connects = Some(self.connects);
        k.connect_rate = connect_rate;
        k.outbound_talk = Some(self.talk_ms as f64 / 1000.0);
        k.outbound_successes = known.then_some(self.successes);
        k.outbound_conversion = conversion;
        k.outbound_contacts = Some(self.numbers.len() as u64);
        k.dials_per_contact = dials;
        k.outbound_results = Some(self.results.clone());
        k
    }
}

/// The outbound KPIs of one row, by the ids of `kpis.md`; all null when no outbound call was read.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OutboundKpis {
    /// 呼出量: outbound calls dialled.
    pub outbound_attempts: Option<u64>,
    /// Outbound calls that reached the contact.
    pub outbound_connects: Option<u64>,
    /// connects / attempts.
    pub connect_rate: Option<f64>,
    /// Σ talk of connected outbound calls, seconds.
    pub outbound_talk: Option<f64>,
    /// Outbound calls with a success result.
    pub outbound_successes: Option<u64>,
    /// successes / connects.
    pub outbound_conversion: Option<f64>,
    /// Distinct numbers dialled.
    pub outbound_contacts: Option<u64>,
    /// Outbound calls with a number / distinct numbers.
    pub dials_per_contact: Option<f64>,
    /// Outbound calls / logged-in hours (agents with session or state data only).
    pub outbound_per_hour: Option<f64>,
    /// Calls per result code.
    pub outbound_results: Option<BTreeMap<String, u64>>,
    /// Numerator and denominator of the rates (merged into the row's `ratios`).
    #[serde(skip)]
    pub ratios: IdMap<Ratio>,
}

/// Outbound tallies by a key, the keys in the order they first came (as the call tables), at most
/// `limit` of them: calls of further keys are counted in `overflow`, in the totals only.
/// First-come order keeps the same keys whether a file is read whole or as byte ranges added in
/// file order.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(bound(serialize = "K: Serialize", deserialize = "K: Deserialize<'de> + Eq + Hash"))]
pub(crate) struct Capped<K> {
    keys: Vec<K>,
    tallies: Vec<OutboundTally>,
    /// Outbound calls of keys past the limit.
    pub overflow: u64,
    /// The slot of each key: rebuilt when it does not cover `keys` (after deserializing).
    #[serde(skip)]
    index: FxHashMap<K, u32>,
}

impl<K> Default for Capped<K> {
    fn default() -> Self {
        Capped { keys: Vec::new(), tallies: Vec::new(), overflow: 0, index: FxHashMap::default() }
    }
}

impl<K: PartialEq> PartialEq for Capped<K> {
    fn eq(&self, o: &Self) -> bool {
        self.keys == o.keys && self.tallies == o.tallies && self.overflow == o.overflow
    }
}

impl<K: Eq + Hash + Clone + Ord> Capped<K> {
    /// Rebuilds the index when it does not cover the keys (after deserializing).
    fn indexed(&mut self) -> &FxHashMap<K, u32> {
        if self.index.len() != self.keys.len() {
            self.index = self.keys.iter().cloned().zip(0..).collect();
        }
        &self.index
    }

    /// Whether `key` has a tally.
    fn has(&mut self, key: &K) -> bool {
        self.indexed().contains_key(key)
    }

    /// The tally of `key`, made when there is room; `None` past the limit.
    fn tally(&mut self, key: K, limit: usize) -> Option<&mut OutboundTally> {
        let i = match self.indexed().get(&key).copied() {
            Some(i) => i as usize,
            None if self.keys.len() >= limit => return None,
            None => {
                self.index.insert(key.clone(), self.keys.len() as u32);
                self.keys.push(key);
                self.tallies.push(OutboundTally::default());
                self.keys.len() - 1
            }
        };
        Some(&mut self.tallies[i])
    }

    /// Counts a call under `key`; false when the key is past the limit.
    fn add(&mut self, key: K, limit: usize, c: &OutboundCall<'_>, number: Option<u64>, code: &str) -> bool {
        let Some(t) = self.tally(key, limit) else {
            self.overflow += 1;
            return false;
        };
        t.add(c, number, code);
        true
    }

    fn merge(&mut self, o: &Capped<K>, limit: usize, code: &impl Fn(&str) -> String) {
        self.overflow += o.overflow;
        for (key, t) in o.keys.iter().zip(&o.tallies) {
            match self.tally(key.clone(), limit) {
                Some(mine) => mine.merge(t, code),
                None => self.overflow += t.attempts,
            }
        }
    }

    /// The tallies by key, in key order (the report's order).
    pub(crate) fn sorted(&self) -> BTreeMap<&K, &OutboundTally> {
        self.keys.iter().zip(&self.tallies).collect()
    }
}

/// Outbound tallies of every grouping.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct OutboundAggregates {
    pub totals: OutboundTally,
    pub agents: Capped<Option<String>>,
    pub teams: Capped<String>,
    pub campaigns: Capped<Option<String>>,
    pub days: Capped<i64>,
    /// The result codes counted, in the order they first came (at most [`MAX_RESULT_CODES`]);
    /// each tally's `attempts` is the calls with that code.
    codes: Capped<String>,
    /// Per agent: how often each display name and team came with them.
    pub agent_names: FxHashMap<String, BTreeMap<String, u64>>,
    pub agent_teams: FxHashMap<String, BTreeMap<String, u64>>,
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

/// Counts `n` times that `key` came with `value`: at most [`MAX_NAMES_PER_AGENT`] values a key, as
/// in the call tables (further ones are not counted).
fn bump(map: &mut FxHashMap<String, BTreeMap<String, u64>>, key: &str, value: Option<&str>, n: u64) {
    let Some(v) = value.filter(|v| !v.is_empty()) else { return };
    let values = map.entry(key.to_string()).or_default();
    if let Some(count) = values.get_mut(v) {
        *count += n;
    } else if values.len() < MAX_NAMES_PER_AGENT {
        values.insert(v.to_string(), n);
    }
}

impl OutboundAggregates {
    pub(crate) fn is_empty(&self) -> bool {
        self.totals.attempts == 0
    }

    /// Outbound calls counted under [`OTHER_CODES`] for want of room for their own code.
    pub(crate) fn other_codes(&self) -> u64 {
        self.codes.overflow
    }

    /// The key a result code is counted under: itself while there is room for it.
    fn code_key<'c>(&mut self, code: &'c str) -> &'c str {
        // A code seen before is found without making a String of it (one per call).
        if let Some(&i) = self.codes.indexed().get(code) {
            self.codes.tallies[i as usize].attempts += 1;
            return code;
        }
        match self.codes.tally(code.to_string(), MAX_RESULT_CODES) {
            Some(t) => {
                t.attempts += 1;
                code
            }
            None => {
                self.codes.overflow += 1;
                OTHER_CODES
            }
        }
    }

    pub(crate) fn add(&mut self, c: &OutboundCall<'_>) {
        let number =
            c.number.map(|n| n.trim().trim_start_matches('+')).filter(|n| !n.is_empty()).map(|n| hash_id(&[n]));
        let code = c.result.map(str::trim).filter(|r| !r.is_empty()).unwrap_or(if c.connected {
            NO_CODE_CONNECTED
        } else {
            NO_CODE_NOT_CONNECTED
        });
        let code = self.code_key(code);
        self.totals.add(c, number, code);
        let tabled = self.agents.add(c.agent.map(str::to_string), MAX_AGENTS, c, number, code);
        if let Some(a) = c.agent.filter(|_| tabled) {
            bump(&mut self.agent_names, a, c.agent_name, 1);
            bump(&mut self.agent_teams, a, c.team, 1);
        }
        if let Some(t) = c.team.filter(|t| !t.is_empty()) {
            self.teams.add(t.to_string(), MAX_TEAMS, c, number, code);
        }
        self.campaigns.add(c.campaign.map(str::to_string), MAX_QUEUES, c, number, code);
        self.days.add(c.start_ms.div_euclid(MS_PER_DAY), MAX_DAYS, c, number, code);
        self.first_ms = Some(self.first_ms.map_or(c.start_ms, |f| f.min(c.start_ms)));
        self.last_ms = Some(self.last_ms.map_or(c.start_ms, |l| l.max(c.start_ms)));
    }

    pub(crate) fn merge(&mut self, o: &OutboundAggregates) {
        // The other side's codes join ours in their first-come order; those past the cap here
        // are counted under OTHER_CODES (as are the ones already counted so there).
        let mut kept: FxHashMap<&str, bool> = FxHashMap::default();
        for (key, t) in o.codes.keys.iter().zip(&o.codes.tallies) {
            let fits =
                self.codes.tally(key.clone(), MAX_RESULT_CODES).map(|mine| mine.attempts += t.attempts).is_some();
            if !fits {
                self.codes.overflow += t.attempts;
            }
            kept.insert(key, fits);
        }
        self.codes.overflow += o.codes.overflow;
        let code = |k: &str| if kept.get(k).copied().unwrap_or(true) { k.to_string() } else { OTHER_CODES.to_string() };
        self.totals.merge(&o.totals, &code);
        self.agents.merge(&o.agents, MAX_AGENTS, &code);
        self.teams.merge(&o.teams, MAX_TEAMS, &code);
        self.campaigns.merge(&o.campaigns, MAX_QUEUES, &code);
        self.days.merge(&o.days, MAX_DAYS, &code);
        for (src, dst) in [(&o.agent_names, &mut self.agent_names), (&o.agent_teams, &mut self.agent_teams)] {
            for (a, m) in src {
                // Only agents with a row here.
                if self.agents.has(&Some(a.clone())) {
                    for (k, n) in m {
                        bump(dst, a, Some(k), *n);
                    }
                }
            }
        }
        self.first_ms = match (self.first_ms, o.first_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last_ms = self.last_ms.max(o.last_ms);
    }

    /// The most frequent display name or team of an agent.
    pub(crate) fn agent_name(&self, agent: &str) -> Option<&str> {
        most_frequent(self.agent_names.get(agent)?)
    }

    pub(crate) fn agent_team(&self, agent: &str) -> Option<&str> {
        most_frequent(self.agent_teams.get(agent)?)
    }
}

fn most_frequent(map: &BTreeMap<String, u64>) -> Option<&str> {
    map.iter().rev().max_by_key(|(_, n)| **n).map(|(k, _)| k.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outbound calls `from..to`: agent, team, campaign and result code all distinct per call, a
    /// day per 100 calls (so days past the cap too).
    fn distinct_calls(from: usize, to: usize) -> OutboundAggregates {
        let mut o = OutboundAggregates::default();
        for i in from..to {
            let (agent, team, campaign, code) = (format!("a{i}"), format!("t{i}"), format!("c{i}"), format!("r{i}"));
            let mut c = OutboundCall::new((i / 100) as i64 * MS_PER_DAY);
            (c.agent, c.team, c.campaign) = (Some(agent.as_str()), Some(team.as_str()), Some(campaign.as_str()));
            (c.result, c.connected) = (Some(code.as_str()), true);
            o.add(&c);
        }
        o
    }

    #[test]
    fn groups_past_the_caps_are_in_the_totals_only_and_counted() {
        let n = MAX_AGENTS + 7;
        let o = distinct_calls(0, n);
        assert_eq!(o.totals.attempts, n as u64);
        assert_eq!((o.agents.keys.len(), o.agents.overflow), (MAX_AGENTS, 7));
        assert_eq!((o.teams.keys.len(), o.teams.overflow), (MAX_TEAMS, (n - MAX_TEAMS) as u64));
        assert_eq!((o.campaigns.keys.len(), o.campaigns.overflow), (MAX_QUEUES, (n - MAX_QUEUES) as u64));
        assert_eq!((o.days.keys.len(), o.days.overflow), (MAX_DAYS, (n - MAX_DAYS * 100) as u64));
        // The first keys to come are the ones kept.
        assert_eq!(o.agents.keys.last(), Some(&Some(format!("a{}", MAX_AGENTS - 1))));
        // Codes: the first MAX_RESULT_CODES kept, every further call under OTHER_CODES.
        assert_eq!(o.totals.results.len(), MAX_RESULT_CODES + 1);
        assert_eq!(o.totals.results[OTHER_CODES], (n - MAX_RESULT_CODES) as u64);
        assert_eq!(o.other_codes(), (n - MAX_RESULT_CODES) as u64);
        // Names and teams are kept for tabled agents only.
        assert_eq!(o.agent_teams.len(), MAX_AGENTS);
    }

    #[test]
    fn halves_added_in_order_keep_the_tables_of_one_reading_under_the_caps() {
        let n = MAX_AGENTS + 1_000;
        let whole = distinct_calls(0, n);
        for cut in [1, MAX_RESULT_CODES / 2, MAX_TEAMS + 3, n - 5] {
            let mut halves = distinct_calls(0, cut);
            halves.merge(&distinct_calls(cut, n));
            assert!(halves.totals == whole.totals, "cut at {cut}: totals");
            assert!(halves.agents == whole.agents && halves.teams == whole.teams, "cut at {cut}: agents, teams");
            assert!(halves.campaigns == whole.campaigns && halves.days == whole.days, "cut at {cut}: campaigns, days");
            assert!(halves.codes == whole.codes && halves.agent_teams == whole.agent_teams, "cut at {cut}: codes");
        }
    }

    #[test]
    fn a_table_read_back_finds_its_keys() {
        let o = distinct_calls(0, 3_000);
        let mut back: OutboundAggregates = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert!(back.agents == o.agents && back.agents.index.is_empty());
        back.merge(&distinct_calls(0, 10));
        assert_eq!(back.agents.keys.len(), 3_000, "the rebuilt index found a0..a9");
        assert_eq!(back.agents.sorted()[&Some("a3".to_string())].attempts, 2);
    }
}
