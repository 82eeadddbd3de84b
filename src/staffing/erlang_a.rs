//! Erlang A (M/M/N+M): Erlang C plus exponentially distributed caller patience.
//!
//! Notation: arrival rate `λ` (calls/s), service rate `μ = 1/AHT`, abandonment rate
//! `θ = 1/patience`, `N` agents. The number of callers in the system is a birth-death chain
//! with birth rate `λ` and death rate `min(n, N)·μ + max(n − N, 0)·θ`. It always has a steady
//! state, even with fewer agents than erlangs of traffic, because the queue sheds callers
//! faster the longer it gets.
//!
//! # Formulas
//!
//! Write `a = Nμ/θ` and `y = λ/θ`. Relative to the state "all N agents busy, nobody queued",
//! the state with `j` callers queued has weight `r_j = Π_{k=1..j} y/(a + k)`, and the states
//! with idle agents weigh `1/B − 1` in total, `B` being Erlang B for `N` agents. The queue
//! series `M(a, y) = Σ_j r_j` is the series of the lower incomplete gamma function
//! (`M(a, y) = e^y·y^(−a)·Γ(a+1)·P(a, y)`, `P` regularised), which is how the textbook
//! (Palm; Mandelbaum & Zeltyn) formulas are usually written. We sum the series directly,
//! rescaling as it goes so it cannot overflow. Then:
//!
//! * `P(wait) = B·M / (1 − B + B·M)`. A waiting caller finds `j` callers ahead with
//!   probability `r_j / M` (arrivals see time averages).
//! * A caller with `j` ahead is answered with probability `Nμ / (Nμ + (j+1)θ)`: each step of
//!   the queue is a race between the queue moving (rate `Nμ + kθ`) and the caller's own
//!   patience (rate `θ`), and the product of those odds telescopes. If answered, they waited
//!   `Σ_{k=1..j+1} 1/(Nμ + kθ)` on average. These give `P(abandon)` and `asa`.
//! * Mean time in queue over all arrivals: `E[queue length] / λ` (Little's law).
//! * Service level: the offered wait `V` (the wait of a caller who would never hang up) has
//!   density `f(x) = Nμ·π_N·exp(y(1 − e^(−θx)) − Nμx)` for `x > 0` (Mandelbaum & Zeltyn); a
//!   caller is answered within `T` when `V ≤ T` and their patience exceeds `V`, so
//!   `SL(T) = 1 − P(wait) + ∫_0^T e^(−θx) f(x) dx`. Substituting `u = y·e^(−θx)` turns the
//!   integral into incomplete gamma functions, i.e. into the same series:
//!   `∫ = P(wait) · a/(a+1) · [M(a+1, y) − e^(y(1 − e^(−θT)) − (Nμ+θ)T) · M(a+1, y·e^(−θT))] / M(a, y)`.
//!
//! # Definitions, and the pyworkforce reference
//!
//! * `service_level` is the share of *all* arriving calls that are answered within `T`:
//!   callers who abandon, at any time, count as failures.
//! * `asa` is the mean wait of *answered* calls (immediate answers count as 0).
//! * `mean_wait` is the mean time in queue of *all* calls, answered or abandoned.
//! * `occupancy` is answered traffic per agent: `A·(1 − P(abandon)) / N`.
//!
//! pyworkforce's (unreleased) Erlang A test case — 100 calls / 30 min, AHT 3 min, patience
//! 5 min, 14 agents: `P(wait) = 0.14526`, `P(abandon) = 0.013984`, occupancy `0.704297`,
//! `SL(20 s) = 0.916792`, "ASA" `0.069919` min — is reproduced to all the digits it gives
//! (see `tests/staffing.rs`). Its "ASA" is what we call `mean_wait` (4.1951 s, all callers,
//! abandoned ones included); our `asa`, over answered calls only, is 3.8785 s.

use super::{
    erlang_b, idle_performance, positions_after_shrinkage, validate_threshold, zero_staffing, Performance, Staffing,
    StaffingError, Targets, Workload, MAX_AGENTS,
};
use crate::model::message::{Message, Term};

/// The largest `λ·patience` (expected arrivals during one mean patience) accepted. The series
/// take about that many terms, so this bounds the work of one evaluation; real queues are
/// many orders of magnitude below it.
const MAX_ARRIVALS_PER_PATIENCE: f64 = 1e7;

/// Hard stop for the series loops: a safety net, never reached for accepted inputs.
const MAX_SERIES_TERMS: u64 = 100_000_000;

/// When a running term exceeds this, the term and the sums are scaled down by it.
const RESCALE: f64 = 1e200;

/// The series stop once the remaining tail is below this fraction of the sum.
const TAIL_TOLERANCE: f64 = 1e-17;

/// The performance of exactly `agents` agents under Erlang A, with callers whose patience is
/// exponential with mean `patience_s` seconds.
///
/// Any number of agents is valid, including fewer than the traffic. With no agents every
/// caller abandons (and `asa` is 0, as no call is answered).
pub fn erlang_a(
    workload: &Workload,
    agents: u32,
    patience_s: f64,
    sl_threshold_s: f64,
) -> Result<Performance, StaffingError> {
    workload.validate()?;
    validate_threshold(sl_threshold_s)?;
    validate_patience(workload, patience_s)?;
    let traffic = workload.traffic_erlangs();
    if traffic == 0.0 {
        return Ok(idle_performance(agents, true));
    }
    if agents == 0 {
        return Ok(Performance {
            agents,
            traffic_erlangs: traffic,
            waiting_probability: 1.0,
            service_level: 0.0,
            asa: 0.0,
            mean_wait: patience_s,
            occupancy: 0.0,
            abandon_probability: Some(1.0),
        });
    }

    let n = f64::from(agents);
    let arrival_rate = workload.arrival_rate();
    let theta = 1.0 / patience_s;
    let service_rate = n / workload.aht_s;
    let a = service_rate / theta;
    let y = arrival_rate / theta;

    let b = erlang_b(traffic, agents);
    if b == 0.0 {
        // Erlang B underflowed: so many idle agents that the chance of all being busy is
        // below 1e-308. Nobody waits, to double precision.
        let mut performance = idle_performance(agents, true);
        performance.traffic_erlangs = traffic;
        performance.occupancy = traffic / n;
        return Ok(performance);
    }

    let queue = queue_sums(a, y, service_rate, theta)?;
    // P(wait) = B·M / (1 − B + B·M), written so that a huge M (far fewer agents than traffic)
    // cannot overflow: 1 / (1 + (1 − B) / (B·M)).
    let waiting_probability = 1.0 / (1.0 + ((1.0 - b).ln() - b.ln() - queue.ln_total).exp());
    let abandon_probability = (waiting_probability * queue.abandon_share).clamp(0.0, 1.0);
    let answered = 1.0 - abandon_probability;
    let mean_wait = waiting_probability * queue.mean_ahead / arrival_rate;
    let asa = if answered > 0.0 { waiting_probability * queue.answered_wait / answered } else { 0.0 };
    let answered_in_time = answered_within_given_wait(a, y, service_rate, theta, sl_threshold_s, queue.ln_total)?;
    let service_level = (1.0 - waiting_probability + waiting_probability * answered_in_time).clamp(0.0, 1.0);

    Ok(Performance {
        agents,
        traffic_erlangs: traffic,
        waiting_probability,
        service_level,
        asa,
        mean_wait,
        occupancy: (traffic * answered / n).min(1.0),
        abandon_probability: Some(abandon_probability),
    })
}

/// The smallest number of agents that meets every target in `targets`, under Erlang A.
///
/// Zero traffic needs zero agents; otherwise at least one. The search doubles the agent count
/// until the targets are met, then bisects, which keeps a search to a few dozen evaluations
/// even for thousands of agents. That relies on each measure being monotone in the number of
/// agents: service level up, wait probability down, and occupancy down (answered traffic grows
/// with N but by less than one erlang per added agent). We rely on this rather than prove it
/// here; a property test checks the search against a plain scan from one agent.
pub fn required_agents_a(workload: &Workload, patience_s: f64, targets: &Targets) -> Result<Staffing, StaffingError> {
    workload.validate()?;
    targets.validate()?;
    validate_patience(workload, patience_s)?;
    if workload.traffic_erlangs() == 0.0 {
        return Ok(zero_staffing(true));
    }
    let evaluate = |agents: u32| erlang_a(workload, agents, patience_s, targets.sl_threshold_s);

    // `failing` is an agent count known not to meet the targets (0 stands for "none tried").
    let mut failing = 0;
    let mut meeting = 1;
    let mut performance = evaluate(meeting)?;
    while !targets.are_met_by(&performance) {
        if meeting == MAX_AGENTS {
            return Err(StaffingError::Unreachable { max_agents: MAX_AGENTS });
        }
        failing = meeting;
        meeting = meeting.saturating_mul(2).min(MAX_AGENTS);
        performance = evaluate(meeting)?;
    }
    while meeting - failing > 1 {
        let middle = failing + (meeting - failing) / 2;
        let candidate = evaluate(middle)?;
        if targets.are_met_by(&candidate) {
            meeting = middle;
            performance = candidate;
        } else {
            failing = middle;
        }
    }
    Ok(Staffing {
        raw_positions: meeting,
        positions: positions_after_shrinkage(meeting, targets.shrinkage)?,
        performance,
    })
}

fn validate_patience(workload: &Workload, patience_s: f64) -> Result<(), StaffingError> {
    if !(patience_s.is_finite() && patience_s > 0.0) {
        return Err(StaffingError::InvalidInput(Message::StaffingNotPositive {
            what: Term::Patience,
            value: patience_s,
        }));
    }
    if workload.arrival_rate() * patience_s > MAX_ARRIVALS_PER_PATIENCE {
        return Err(StaffingError::InvalidInput(Message::StaffingPatienceTooLong {
            patience: patience_s,
            rate: workload.arrival_rate(),
            limit: MAX_ARRIVALS_PER_PATIENCE,
        }));
    }
    Ok(())
}

/// Sums over the queue positions of a caller who has to wait.
struct QueueSums {
    /// `ln M(a, y)`: the log of the total weight of the states with all agents busy.
    ln_total: f64,
    /// Mean number of callers ahead of a caller who has to wait.
    mean_ahead: f64,
    /// Probability that a caller who has to wait abandons.
    abandon_share: f64,
    /// `E[wait · 1{answered}]` for a caller who has to wait, in seconds.
    answered_wait: f64,
}

/// Walks the queue series `r_j = Π_{k=1..j} y/(a + k)` and the per-position quantities of the
/// module documentation. `service_rate` is `Nμ` and `a = Nμ/θ`.
fn queue_sums(a: f64, y: f64, service_rate: f64, theta: f64) -> Result<QueueSums, StaffingError> {
    let mut ln_scale = 0.0;
    let mut term = 1.0;
    let mut total = 0.0;
    let mut ahead = 0.0;
    let mut abandon = 0.0;
    let mut answered_wait = 0.0;
    // Expected wait of a caller with j ahead, if they stay: Σ_{k=1..j+1} 1/(Nμ + kθ).
    let mut wait_if_patient = 0.0;
    for j in 0..MAX_SERIES_TERMS {
        let jf = j as f64;
        let leave_rate = service_rate + (jf + 1.0) * theta;
        wait_if_patient += 1.0 / leave_rate;
        let answered_chance = service_rate / leave_rate;
        total += term;
        ahead += jf * term;
        abandon += (1.0 - answered_chance) * term;
        answered_wait += answered_chance * wait_if_patient * term;

        let ratio = y / (a + jf + 1.0);
        if tail_is_negligible(term, ratio, jf, total) {
            return Ok(QueueSums {
                ln_total: ln_scale + total.ln(),
                mean_ahead: ahead / total,
                abandon_share: abandon / total,
                answered_wait: answered_wait / total,
            });
        }
        term *= ratio;
        if term > RESCALE {
            term /= RESCALE;
            total /= RESCALE;
            ahead /= RESCALE;
            abandon /= RESCALE;
            answered_wait /= RESCALE;
            ln_scale += RESCALE.ln();
        }
    }
    Err(series_did_not_converge())
}

/// `ln M(a, x)` where `M(a, x) = Σ_j Π_{k=1..j} x/(a + k)`.
fn ln_series(a: f64, x: f64) -> Result<f64, StaffingError> {
    let mut ln_scale = 0.0;
    let mut term = 1.0;
    let mut total = 0.0;
    for j in 0..MAX_SERIES_TERMS {
        let jf = j as f64;
        total += term;
        let ratio = x / (a + jf + 1.0);
        if tail_is_negligible(term, ratio, jf, total) {
            return Ok(ln_scale + total.ln());
        }
        term *= ratio;
        if term > RESCALE {
            term /= RESCALE;
            total /= RESCALE;
            ln_scale += RESCALE.ln();
        }
    }
    Err(series_did_not_converge())
}

/// True when the terms after `term` (the `j`-th) add nothing that matters, even weighted by
/// up to `j` as in the mean-position sum. Once the ratio of successive terms is below 1 it
/// only shrinks, so the tail is at most `term·Σ_m (j+m)·ratio^m ≤ term·(j+1)/(1 − ratio)²`.
fn tail_is_negligible(term: f64, ratio: f64, j: f64, total: f64) -> bool {
    ratio < 1.0 && term * (j + 1.0) / ((1.0 - ratio) * (1.0 - ratio)) <= TAIL_TOLERANCE * total
}

/// The probability that a caller who has to wait is answered within `threshold_s`: the
/// integral of the module documentation, divided by `P(wait)`.
fn answered_within_given_wait(
    a: f64,
    y: f64,
    service_rate: f64,
    theta: f64,
    threshold_s: f64,
    ln_total: f64,
) -> Result<f64, StaffingError> {
    let z = y * (-theta * threshold_s).exp();
    // y·(1 − e^(−θT)), accurately for small θT.
    let gained = -y * (-theta * threshold_s).exp_m1();
    let exponent = gained - (service_rate + theta) * threshold_s;
    let all_answered = (ln_series(a + 1.0, y)? - ln_total).exp();
    let answered_after = (exponent + ln_series(a + 1.0, z)? - ln_total).exp();
    Ok((a / (a + 1.0) * (all_answered - answered_after)).clamp(0.0, 1.0))
}

fn series_did_not_converge() -> StaffingError {
    StaffingError::InvalidInput(Message::StaffingNoConvergence)
}
