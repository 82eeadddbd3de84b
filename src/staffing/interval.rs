//! Required agents for one interval of observed traffic, as the report shows them.
//!
//! The report feeds each interval's own offered calls and handle time into
//! [`required_agents_c`] and, when caller patience could be estimated, [`super::required_agents_a`].
//! This module only holds the inputs that are the same for every interval (interval length,
//! targets, patience) and the result shape; the arithmetic is the rest of [`crate::staffing`].

use serde::Serialize;

use super::erlang_a::required_agents_a_near;
use super::{required_agents_c, Staffing, Targets, Workload};

/// The requirement of one interval under both models. `null` in JSON where a model cannot give
/// a figure (no handle time, no patience estimate, or an input out of range).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RequiredAgents {
    /// Erlang C (nobody hangs up).
    pub erlang_c: Option<Staffing>,
    /// Erlang A with the patience estimated from the data; `None` when it could not be estimated.
    pub erlang_a: Option<Staffing>,
    /// The handle time used, in seconds (see `staffing.aht_basis`); `None` when the interval has
    /// calls but no handle time could be found at all.
    pub aht_s: Option<f64>,
}

/// What every interval of a report shares.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntervalModel {
    /// Interval length, seconds.
    pub interval_s: f64,
    /// The targets required agents are computed for.
    pub targets: Targets,
    /// Mean caller patience for Erlang A, in seconds.
    pub patience_s: Option<f64>,
}

impl IntervalModel {
    /// Agents required for `calls` offered calls with handle time `aht_s`. Zero calls need zero
    /// agents whatever the handle time.
    pub fn required(&self, calls: f64, aht_s: Option<f64>) -> RequiredAgents {
        let aht = if calls == 0.0 { Some(aht_s.unwrap_or(0.0)) } else { aht_s };
        let Some(aht) = aht else {
            return RequiredAgents { erlang_c: None, erlang_a: None, aht_s: None };
        };
        let workload = Workload { calls, interval_s: self.interval_s, aht_s: aht };
        let erlang_c = required_agents_c(&workload, &self.targets).ok();
        // Erlang C's count only tells the Erlang A search where to start.
        let erlang_c_agents = erlang_c.map(|c| c.raw_positions);
        let erlang_a =
            self.patience_s.and_then(|p| required_agents_a_near(&workload, p, &self.targets, erlang_c_agents).ok());
        RequiredAgents { erlang_c, erlang_a, aht_s: Some(aht) }
    }
}
