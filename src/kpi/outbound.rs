//! Outbound calls (seed 002): tallies per agent, team, campaign and day, kept apart from the inbound
//! tallies so an outbound call never enters offered, ASA, service level or the abandon rate.
//!
//! Memory is bounded by the groups, except dials per contact, which must tell numbers apart: each
//! group keeps a hash of every number it dialled (8 bytes per number and group).

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::Ratio;
use crate::model::call::{hash_id, OutboundCall};
use crate::model::catalog::OutboundKpi;
use crate::model::time::MS_PER_DAY;

/// The result key of a call whose source gives no result code and that was answered.
pub(crate) const NO_CODE_CONNECTED: &str = "(connected)";
/// The result key of a call whose source gives no result code and that was not answered.
pub(crate) const NO_CODE_NOT_CONNECTED: &str = "(not connected)";

/// Everything a group of outbound calls needs to produce its KPIs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct OutboundTally {
    pub attempts: u64,
    pub connects: u64,
    pub talk_ms: i64,
    pub successes: u64,
    /// Calls with a number, and the distinct numbers (hashed).
    pub with_number: u64,
    pub numbers: FxHashSet<u64>,
    /// Calls per result code.
    pub results: BTreeMap<String, u64>,
}

impl OutboundTally {
    fn add(&mut self, c: &OutboundCall<'_>, number: Option<u64>) {
        self.attempts += 1;
        if c.connected {
            self.connects += 1;
            self.talk_ms = self.talk_ms.saturating_add(c.talk_ms.unwrap_or(0));
        }
        self.successes += u64::from(c.success);
        if let Some(n) = number {
            self.with_number += 1;
            self.numbers.insert(n);
        }
        let code = c.result.map(str::trim).filter(|r| !r.is_empty()).unwrap_or(if c.connected {
            NO_CODE_CONNECTED
        } else {
            NO_CODE_NOT_CONNECTED
        });
        match self.results.get_mut(code) {
            Some(n) => *n += 1,
            None => {
                self.results.insert(code.to_string(), 1);
            }
        }
    }

    fn merge(&mut self, o: &OutboundTally) {
        self.attempts += o.attempts;
        self.connects += o.connects;
        self.talk_ms = self.talk_ms.saturating_add(o.talk_ms);
        self.successes += o.successes;
        self.with_number += o.with_number;
        self.numbers.extend(o.numbers.iter().copied());
        for (k, v) in &o.results {
            *self.results.entry(k.clone()).or_default() += v;
        }
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
        let conversion = rate(OutboundKpi::Conversion, self.successes as f64, self.connects as f64);
        let dials = rate(OutboundKpi::DialsPerContact, self.with_number as f64, self.numbers.len() as f64);
        k.outbound_attempts = Some(self.attempts);
        k.outbound_connects = Some(self.connects);
        k.connect_rate = connect_rate;
        k.outbound_talk = Some(self.talk_ms as f64 / 1000.0);
        k.outbound_successes = Some(self.successes);
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
    pub ratios: BTreeMap<&'static str, Ratio>,
}

/// Outbound tallies of every grouping.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct OutboundAggregates {
    pub totals: OutboundTally,
    #[serde(with = "crate::model::pairs")]
    pub agents: BTreeMap<Option<String>, OutboundTally>,
    pub teams: BTreeMap<String, OutboundTally>,
    #[serde(with = "crate::model::pairs")]
    pub campaigns: BTreeMap<Option<String>, OutboundTally>,
    pub days: BTreeMap<i64, OutboundTally>,
    /// Per agent: how often each display name and team came with them.
    pub agent_names: FxHashMap<String, BTreeMap<String, u64>>,
    pub agent_teams: FxHashMap<String, BTreeMap<String, u64>>,
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

fn entry<K: Ord + Clone>(map: &mut BTreeMap<K, OutboundTally>, key: K) -> &mut OutboundTally {
    map.entry(key).or_default()
}

fn bump(map: &mut FxHashMap<String, BTreeMap<String, u64>>, key: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        *map.entry(key.to_string()).or_default().entry(v.to_string()).or_default() += 1;
    }
}

impl OutboundAggregates {
    pub(crate) fn is_empty(&self) -> bool {
        self.totals.attempts == 0
    }

    pub(crate) fn add(&mut self, c: &OutboundCall<'_>) {
        let number =
            c.number.map(|n| n.trim().trim_start_matches('+')).filter(|n| !n.is_empty()).map(|n| hash_id(&[n]));
        self.totals.add(c, number);
        match self.agents.get_mut(&c.agent.map(str::to_string)) {
            Some(t) => t.add(c, number),
            None => entry(&mut self.agents, c.agent.map(str::to_string)).add(c, number),
        }
        if let Some(a) = c.agent {
            bump(&mut self.agent_names, a, c.agent_name);
            bump(&mut self.agent_teams, a, c.team);
        }
        if let Some(t) = c.team.filter(|t| !t.is_empty()) {
            entry(&mut self.teams, t.to_string()).add(c, number);
        }
        entry(&mut self.campaigns, c.campaign.map(str::to_string)).add(c, number);
        entry(&mut self.days, c.start_ms.div_euclid(MS_PER_DAY)).add(c, number);
        self.first_ms = Some(self.first_ms.map_or(c.start_ms, |f| f.min(c.start_ms)));
        self.last_ms = Some(self.last_ms.map_or(c.start_ms, |l| l.max(c.start_ms)));
    }

    pub(crate) fn merge(&mut self, o: &OutboundAggregates) {
        self.totals.merge(&o.totals);
        for (k, t) in &o.agents {
            entry(&mut self.agents, k.clone()).merge(t);
        }
        for (k, t) in &o.teams {
            entry(&mut self.teams, k.clone()).merge(t);
        }
        for (k, t) in &o.campaigns {
            entry(&mut self.campaigns, k.clone()).merge(t);
        }
        for (k, t) in &o.days {
            entry(&mut self.days, *k).merge(t);
        }
        for (src, dst) in [(&o.agent_names, &mut self.agent_names), (&o.agent_teams, &mut self.agent_teams)] {
            for (a, m) in src {
                let d = dst.entry(a.clone()).or_default();
                for (k, n) in m {
                    *d.entry(k.clone()).or_default() += n;
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
