//! Staffing: Erlang C and Erlang A.
//!
//! Both models take a [`Workload`] (calls offered in an interval and their average handle time)
//! and either evaluate a fixed number of agents ([`erlang_c()`], [`erlang_a()`]) or search for the
//! smallest number of agents that meets a set of [`Targets`] ([`required_agents_c`],
//! [`required_agents_a`]).
//!
//! * **Erlang C** (M/M/N) assumes nobody hangs up. It is the industry's usual calculator, but it
//!   is only defined while the agents can keep up: with `N <= A` agents (A = traffic in
//!   erlangs) the queue grows without bound, which is reported as [`StaffingError::Unstable`]
//!   rather than as a negative or infinite wait.
//! * **Erlang A** (M/M/N+M) adds exponential caller patience. Impatient callers leave, so the
//!   queue is always stable, even with fewer agents than erlangs of traffic. Where abandonment
//!   is material it is the more accurate model; callers of this module should show both.
//!
//! Everything here is pure arithmetic: no I/O, no allocation in the hot loops, and no
//! factorials. Large agent counts (thousands) are handled by the Erlang B recursion and by
//! series that rescale themselves before they could overflow.
//!
//! Times are in seconds throughout. Probabilities and occupancy are fractions in `[0, 1]`.

use std::fmt;

use serde::Serialize;

use crate::model::message::{Message, Term};

mod erlang_a;
mod erlang_c;
mod interval;
mod request;

pub use erlang_a::{erlang_a, required_agents_a};
pub use erlang_c::{erlang_c, required_agents_c};
pub use interval::{IntervalModel, RequiredAgents};
pub use request::{Request, RequestError, Required};

/// The largest number of agents the searches will try before giving up with
/// [`StaffingError::Unreachable`]. Far above any single queue seen in practice, and small
/// enough that an impossible target fails in well under a second.
pub const MAX_AGENTS: u32 = 100_000;

/// The offered load of one interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workload {
    /// Calls offered in the interval (may be fractional: forecasts are).
    pub calls: f64,
    /// Length of the interval, in seconds (e.g. 1800 for half an hour).
    pub interval_s: f64,
    /// Average handle time (talk + hold + wrap-up), in seconds.
    pub aht_s: f64,
}

impl Workload {
    /// Offered traffic in erlangs: `A = calls * aht / interval`, the average number of agents
    /// that would be busy if every call were answered.
    pub fn traffic_erlangs(&self) -> f64 {
        self.calls * self.aht_s / self.interval_s
    }

    /// Arrival rate, calls per second.
    fn arrival_rate(&self) -> f64 {
        self.calls / self.interval_s
    }

    /// Rejects values no queueing formula can use, so that the formulas themselves never see
    /// a NaN or a negative rate.
    fn validate(&self) -> Result<(), StaffingError> {
        if !(self.calls.is_finite() && self.calls >= 0.0) {
            return Err(invalid(Message::StaffingNotNonNegative { what: Term::Calls, value: self.calls }));
        }
        if !(self.interval_s.is_finite() && self.interval_s > 0.0) {
            return Err(invalid(Message::StaffingNotPositive { what: Term::Interval, value: self.interval_s }));
        }
        if !(self.aht_s.is_finite() && self.aht_s >= 0.0) {
            return Err(invalid(Message::StaffingNotNonNegative { what: Term::Aht, value: self.aht_s }));
        }
        if !self.traffic_erlangs().is_finite() {
            return Err(invalid(Message::StaffingTrafficTooLarge));
        }
        Ok(())
    }
}

/// What the staffing search must achieve. Every constraint that is set must hold at once.
///
/// At least one of `sl_target` and `max_wait_probability` must be set; `max_occupancy` only
/// caps the result (it adds agents when the other targets would leave them too busy).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Targets {
    /// Service level target: the share of calls answered within `sl_threshold_s`, in `(0, 1]`.
    pub sl_target: Option<f64>,
    /// The "within T seconds" of the service level (the 20 of 80/20).
    pub sl_threshold_s: f64,
    /// Highest acceptable occupancy (share of logged-in time spent handling calls), in `(0, 1]`.
    pub max_occupancy: Option<f64>,
    /// Highest acceptable probability that a caller has to wait at all, in `(0, 1]`.
    pub max_wait_probability: Option<f64>,
    /// Share of paid time agents are not available (breaks, training, absence), in `[0, 1)`.
    /// Positions to schedule = `ceil(raw / (1 - shrinkage))`.
    pub shrinkage: f64,
}

impl Default for Targets {
    /// No targets, the usual 20-second threshold and no shrinkage.
    fn default() -> Targets {
        Targets {
            sl_target: None,
            sl_threshold_s: 20.0,
            max_occupancy: None,
            max_wait_probability: None,
            shrinkage: 0.0,
        }
    }
}

impl Targets {
    /// Checks that at least one target is set and every value is in range.
    pub fn validate(&self) -> Result<(), StaffingError> {
        if self.sl_target.is_none() && self.max_wait_probability.is_none() {
            return Err(StaffingError::NoTarget);
        }
        check_fraction(Term::SlTarget, self.sl_target)?;
        check_fraction(Term::MaxOccupancy, self.max_occupancy)?;
        check_fraction(Term::MaxWaitProbability, self.max_wait_probability)?;
        validate_threshold(self.sl_threshold_s)?;
        if !(self.shrinkage.is_finite() && (0.0..1.0).contains(&self.shrinkage)) {
            return Err(invalid(Message::StaffingShrinkageRange { value: self.shrinkage }));
        }
        Ok(())
    }

    /// True when `perf` satisfies every constraint that is set.
    fn are_met_by(&self, perf: &Performance) -> bool {
        let sl_ok = self.sl_target.is_none_or(|target| perf.service_level >= target);
        let wait_ok = self.max_wait_probability.is_none_or(|max| perf.waiting_probability <= max);
        let occupancy_ok = self.max_occupancy.is_none_or(|max| perf.occupancy <= max);
        sl_ok && wait_ok && occupancy_ok
    }
}

/// How a given number of agents performs against a workload.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Performance {
    /// Agents on the phones (not counting shrinkage).
    pub agents: u32,
    /// Offered traffic in erlangs.
    pub traffic_erlangs: f64,
    /// Probability that an arriving caller is not answered at once (Erlang C's `C(N, A)`).
    pub waiting_probability: f64,
    /// Share of *all* arriving calls that are answered within the threshold. In Erlang A,
    /// callers who abandon count as not answered, whenever they hang up.
    pub service_level: f64,
    /// Average speed of answer: mean wait of the calls that are answered, in seconds
    /// (calls answered at once count as 0). Zero when no call is answered.
    pub asa: f64,
    /// Mean time in queue over all arriving calls, answered or abandoned, in seconds (those
    /// answered at once count as 0). Equal to `asa` in Erlang C, where nobody abandons.
    pub mean_wait: f64,
    /// Share of the agents' time spent handling calls: answered traffic / agents.
    pub occupancy: f64,
    /// Probability that a caller hangs up before being answered (Erlang A only).
    pub abandon_probability: Option<f64>,
}

/// The result of a staffing search: the agents needed and how they perform.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Staffing {
    /// Smallest number of agents on the phones that meets every target.
    pub raw_positions: u32,
    /// Agents to schedule once shrinkage is added: `ceil(raw / (1 - shrinkage))`.
    pub positions: u32,
    /// Performance of `raw_positions` agents. Flattened into the same JSON object.
    #[serde(flatten)]
    pub performance: Performance,
}

/// Why a staffing figure could not be given.
#[derive(Clone, Debug, PartialEq)]
pub enum StaffingError {
    /// An input is negative, NaN, infinite or outside its range; the message says which.
    InvalidInput(Message),
    /// Erlang C with `agents <= traffic`: the queue grows without bound, so there is no
    /// steady-state wait to report.
    Unstable {
        /// The agents tried.
        agents: u32,
        /// The offered traffic, erlangs.
        traffic_erlangs: f64,
    },
    /// Neither a service-level target nor a wait-probability target was given.
    NoTarget,
    /// No number of agents up to `max_agents` meets the targets.
    Unreachable {
        /// The most agents tried.
        max_agents: u32,
    },
}

impl fmt::Display for StaffingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaffingError::InvalidInput(message) => write!(f, "invalid input: {message}"),
            other => write!(f, "{}", other.message()),
        }
    }
}

impl std::error::Error for StaffingError {}

impl StaffingError {
    /// What went wrong, as a message (for the page and other languages).
    pub fn message(&self) -> Message {
        match self {
            StaffingError::InvalidInput(m) => m.clone(),
            StaffingError::Unstable { agents, traffic_erlangs } => Message::StaffingUnstable {
                agents: *agents,
                traffic_erlangs: (traffic_erlangs * 1000.0).round() / 1000.0,
            },
            StaffingError::NoTarget => Message::StaffingNoTarget,
            StaffingError::Unreachable { max_agents } => Message::StaffingUnreachable { max_agents: *max_agents },
        }
    }
}

/// Estimates mean caller patience, in seconds, from observed data.
///
/// With exponential patience, the maximum-likelihood abandonment rate is
/// `θ = abandonments / total time spent waiting by all callers` (answered callers' waits are
/// censored observations of their patience, so they count in the denominator too); patience is
/// `1 / θ`. Returns `None` when there are no abandonments (patience cannot be estimated: it may
/// be very long) or when `total_wait_s` is not a positive finite number.
pub fn estimate_patience(abandoned: u64, total_wait_s: f64) -> Option<f64> {
    if abandoned == 0 || !(total_wait_s.is_finite() && total_wait_s > 0.0) {
        return None;
    }
    Some(total_wait_s / abandoned as f64)
}

/// Erlang B blocking probability for `agents` servers and `traffic` erlangs, by the standard
/// recursion `B(n) = A·B(n-1) / (n + A·B(n-1))`, `B(0) = 1`. Every step stays in `[0, 1]`, so
/// this never overflows, unlike the textbook `A^N / N!` form.
fn erlang_b(traffic: f64, agents: u32) -> f64 {
    let mut b = 1.0;
    for n in 1..=agents {
        b = next_erlang_b(traffic, b, n);
    }
    b
}

/// Erlang B of one traffic for every agent count up to the largest asked, by the recursion of
/// [`erlang_b`] (so exactly its values): a search that evaluates many agent counts pays for the
/// recursion once, not once per count (the Erlang A search probes a handful of counts, each of
/// which cost `O(N)` steps from zero).
struct ErlangBTable {
    traffic: f64,
    /// `values[n]` is `B(n)`.
    values: Vec<f64>,
}

impl ErlangBTable {
    fn new(traffic: f64) -> ErlangBTable {
        ErlangBTable { traffic, values: vec![1.0] }
    }

    /// `B(agents)`; the table grows to it (at most [`MAX_AGENTS`] + 1 values when searching).
    fn at(&mut self, agents: u32) -> f64 {
        while self.values.len() <= agents as usize {
            let n = self.values.len() as u32;
            let previous = self.values[self.values.len() - 1];
            self.values.push(next_erlang_b(self.traffic, previous, n));
        }
        self.values[agents as usize]
    }
}

/// One step of the Erlang B recursion: `B(n)` from `B(n-1)`.
fn next_erlang_b(traffic: f64, previous: f64, n: u32) -> f64 {
    traffic * previous / (f64::from(n) + traffic * previous)
}

/// Agents to schedule after shrinkage. The small tolerance keeps floating-point noise from
/// adding a position: `14 / (1 - 0.3)` is `20.000000000000004` in binary floating point, and
/// the answer must be 20.
fn positions_after_shrinkage(raw: u32, shrinkage: f64) -> Result<u32, StaffingError> {
    let gross = (f64::from(raw) / (1.0 - shrinkage) - 1e-9).ceil().max(f64::from(raw));
    if gross > f64::from(u32::MAX) {
        return Err(invalid(Message::StaffingShrinkageTooClose { value: shrinkage }));
    }
    Ok(gross as u32)
}

/// The performance of a queue with no traffic: nobody waits and nobody is busy.
fn idle_performance(agents: u32, with_abandonment: bool) -> Performance {
    Performance {
        agents,
        traffic_erlangs: 0.0,
        waiting_probability: 0.0,
        service_level: 1.0,
        asa: 0.0,
        mean_wait: 0.0,
        occupancy: 0.0,
        abandon_probability: with_abandonment.then_some(0.0),
    }
}

/// The staffing for zero traffic: no agents are needed.
fn zero_staffing(with_abandonment: bool) -> Staffing {
    Staffing { raw_positions: 0, positions: 0, performance: idle_performance(0, with_abandonment) }
}

fn validate_threshold(threshold_s: f64) -> Result<(), StaffingError> {
    if !(threshold_s.is_finite() && threshold_s >= 0.0) {
        return Err(invalid(Message::StaffingNotNonNegative { what: Term::SlThreshold, value: threshold_s }));
    }
    Ok(())
}

fn check_fraction(what: Term, value: Option<f64>) -> Result<(), StaffingError> {
    match value {
        Some(v) if !(v > 0.0 && v <= 1.0) => Err(invalid(Message::StaffingNotFraction { what, value: v })),
        _ => Ok(()),
    }
}

fn invalid(message: Message) -> StaffingError {
    StaffingError::InvalidInput(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_erlang_b_table_gives_the_recursions_values_whatever_order_counts_are_asked_in() {
        for traffic in [0.3, 7.5, 42.0, 950.0] {
            let mut table = ErlangBTable::new(traffic);
            for agents in [50, 3, 0, 120, 77, 1, 1_200, 49] {
                assert_eq!(table.at(agents).to_bits(), erlang_b(traffic, agents).to_bits(), "{traffic} E, {agents}");
            }
        }
    }
}
