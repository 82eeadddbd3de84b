//! Erlang C (M/M/N): Poisson arrivals, exponential handle times, N agents, callers who never
//! hang up.
//!
//! With traffic `A` erlangs and `N > A` agents:
//!
//! * `P(wait) = C(N, A) = N·B / (N − A·(1 − B))`, where `B` is Erlang B (computed by recursion,
//!   so thousands of agents are fine);
//! * `SL(T) = 1 − C·exp(−(N − A)·T / AHT)`;
//! * `ASA = C·AHT / (N − A)`;
//! * `occupancy = A / N`.

use super::{
    erlang_b, idle_performance, next_erlang_b, positions_after_shrinkage, validate_threshold, zero_staffing,
    Performance, Staffing, StaffingError, Targets, Workload, MAX_AGENTS,
};

/// The performance of exactly `agents` agents under Erlang C.
///
/// Returns [`StaffingError::Unstable`] when `agents <= traffic` (and the traffic is not zero):
/// the model has no steady state there. With zero traffic (no calls, or an AHT of 0) nobody
/// waits, whatever the number of agents.
pub fn erlang_c(workload: &Workload, agents: u32, sl_threshold_s: f64) -> Result<Performance, StaffingError> {
    workload.validate()?;
    validate_threshold(sl_threshold_s)?;
    let traffic = workload.traffic_erlangs();
    if traffic == 0.0 {
        return Ok(idle_performance(agents, false));
    }
    if f64::from(agents) <= traffic {
        return Err(StaffingError::Unstable { agents, traffic_erlangs: traffic });
    }
    let b = erlang_b(traffic, agents);
    Ok(performance_from_erlang_b(workload, agents, b, sl_threshold_s))
}

/// The smallest number of agents that meets every target in `targets`, under Erlang C.
///
/// Zero traffic needs zero agents. Otherwise the search starts at the first stable count
/// (`floor(A) + 1`) and walks up one agent at a time, carrying the Erlang B recursion along,
/// so the whole search costs `O(N)`.
pub fn required_agents_c(workload: &Workload, targets: &Targets) -> Result<Staffing, StaffingError> {
    workload.validate()?;
    targets.validate()?;
    let traffic = workload.traffic_erlangs();
    if traffic == 0.0 {
        return Ok(zero_staffing(false));
    }
    let mut b = 1.0;
    for agents in 1..=MAX_AGENTS {
        b = next_erlang_b(traffic, b, agents);
        if f64::from(agents) <= traffic {
            continue;
        }
        let performance = performance_from_erlang_b(workload, agents, b, targets.sl_threshold_s);
        if targets.are_met_by(&performance) {
            return Ok(Staffing {
                raw_positions: agents,
                positions: positions_after_shrinkage(agents, targets.shrinkage)?,
                performance,
            });
        }
    }
    Err(StaffingError::Unreachable { max_agents: MAX_AGENTS })
}

/// The Erlang C figures from Erlang B, for a stable queue (`agents > traffic > 0`).
fn performance_from_erlang_b(workload: &Workload, agents: u32, erlang_b: f64, sl_threshold_s: f64) -> Performance {
    let traffic = workload.traffic_erlangs();
    let n = f64::from(agents);
    let spare = n - traffic;
    let waiting_probability = n * erlang_b / (n - traffic * (1.0 - erlang_b));
    let service_level = 1.0 - waiting_probability * (-spare * sl_threshold_s / workload.aht_s).exp();
    let asa = waiting_probability * workload.aht_s / spare;
    Performance {
        agents,
        traffic_erlangs: traffic,
        waiting_probability,
        service_level,
        asa,
        mean_wait: asa,
        occupancy: traffic / n,
        abandon_probability: None,
    }
}
