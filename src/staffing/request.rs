//! One staffing question as the calculator asks it (the options of `callscore erlang` and the
//! page's what-if form), and its answer under both models: one definition for both front ends.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::message::Message;

use super::{required_agents_a, required_agents_c, Staffing, StaffingError, Targets, Workload};

/// The calculator's input: times in seconds except the interval (minutes).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Calls offered in the interval.
    pub calls: f64,
    /// Interval length, minutes.
    pub interval_min: f64,
    /// Average handle time, seconds.
    pub aht_s: f64,
    /// Service level target (share answered within the threshold).
    pub sl_target: Option<f64>,
    /// Service level threshold, seconds (20 when not given).
    #[serde(default = "default_threshold")]
    pub sl_threshold_s: f64,
    /// Highest acceptable occupancy.
    pub max_occupancy: Option<f64>,
    /// Share of paid time agents are unavailable.
    #[serde(default)]
    pub shrinkage: f64,
    /// Highest acceptable probability of waiting at all.
    pub max_wait_probability: Option<f64>,
    /// Mean caller patience, seconds: adds Erlang A.
    pub patience_s: Option<f64>,
}

fn default_threshold() -> f64 {
    20.0
}

/// Agents required under both models (`erlang_a` only with a patience).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Required {
    /// Offered traffic in erlangs.
    pub traffic_erlangs: f64,
    /// Erlang C (nobody hangs up).
    pub erlang_c: Staffing,
    /// Erlang A (callers hang up with the given mean patience).
    pub erlang_a: Option<Staffing>,
}

/// Which model could not answer, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestError {
    /// `Erlang C` or `Erlang A`.
    pub model: &'static str,
    /// What was wrong.
    pub error: StaffingError,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.model, self.error)
    }
}

impl std::error::Error for RequestError {}

impl RequestError {
    /// The error as a message: the model and what was wrong.
    pub fn message(&self) -> Message {
        Message::StaffingModel { model: self.model, detail: self.error.message().boxed() }
    }
}

impl Request {
    /// The interval's workload.
    pub fn workload(&self) -> Workload {
        Workload { calls: self.calls, interval_s: self.interval_min * 60.0, aht_s: self.aht_s }
    }

    /// The targets to meet.
    pub fn targets(&self) -> Targets {
        Targets {
            sl_target: self.sl_target,
            sl_threshold_s: self.sl_threshold_s,
            max_occupancy: self.max_occupancy,
            max_wait_probability: self.max_wait_probability,
            shrinkage: self.shrinkage,
        }
    }

    /// The agents required to meet the targets.
    pub fn required(&self) -> Result<Required, RequestError> {
        let (workload, targets) = (self.workload(), self.targets());
        let erlang_c =
            required_agents_c(&workload, &targets).map_err(|error| RequestError { model: "Erlang C", error })?;
        let erlang_a = match self.patience_s {
            Some(p) => Some(
                required_agents_a(&workload, p, &targets).map_err(|error| RequestError { model: "Erlang A", error })?,
            ),
            None => None,
        };
        Ok(Required { traffic_erlangs: workload.traffic_erlangs(), erlang_c, erlang_a })
    }
}
