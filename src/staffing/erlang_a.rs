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
    erlang_b, idle_performance, positions_after_shrinkage, required_agents_c, validate_threshold, zero_staffing,
    ErlangBTable, Performance, Staffing, StaffingError, Targets, Workload, MAX_AGENTS,
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
    erlang_a_given_b(workload, agents, patience_s, sl_threshold_s, |traffic| erlang_b(traffic, agents))
}

/// [`erlang_a`] with Erlang B for `agents` agents and the workload's traffic from `blocking`
/// (a search passes its table of them).
fn erlang_a_given_b(
    workload: &Workload,
    agents: u32,
    patience_s: f64,
    sl_threshold_s: f64,
    blocking: impl FnOnce(f64) -> f64,
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

    let b = blocking(traffic);
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
/// Zero traffic needs zero agents; otherwise at least one. The search starts near the answer,
/// between the offered load and the Erlang C count, and gallops from there, then bisects,
/// which keeps a search to a handful of evaluations even for thousands of agents. That relies
/// on each measure being monotone in the number of agents: service level up, wait probability
/// down, and occupancy down (answered traffic grows with N but by less than one erlang per
/// added agent). We rely on this rather than prove it here; a property test and the unit tests
/// below check the search against a plain scan from one agent.
pub fn required_agents_a(workload: &Workload, patience_s: f64, targets: &Targets) -> Result<Staffing, StaffingError> {
    let erlang_c_agents = required_agents_c(workload, targets).ok().map(|c| c.raw_positions);
    required_agents_a_near(workload, patience_s, targets, erlang_c_agents)
}

/// [`required_agents_a`] when the caller already has the Erlang C count for the same workload
/// and targets (`erlang_c_agents`, `None` when Erlang C gave none). It only decides where the
/// search starts: the result is the same whatever is passed.
pub(super) fn required_agents_a_near(
    workload: &Workload,
    patience_s: f64,
    targets: &Targets,
    erlang_c_agents: Option<u32>,
) -> Result<Staffing, StaffingError> {
    workload.validate()?;
    targets.validate()?;
    validate_patience(workload, patience_s)?;
    let traffic = workload.traffic_erlangs();
    if traffic == 0.0 {
        return Ok(zero_staffing(true));
    }
    let mut table = ErlangBTable::new(traffic);
    let evaluate =
        |agents: u32| erlang_a_given_b(workload, agents, patience_s, targets.sl_threshold_s, |_| table.at(agents));
    let (meeting, performance) =
        smallest_meeting(search_start(traffic, erlang_c_agents, targets), evaluate, |p| targets.are_met_by(p))?;
    Ok(Staffing {
        raw_positions: meeting,
        positions: positions_after_shrinkage(meeting, targets.shrinkage)?,
        performance,
    })
}

/// Service-level targets at least this close to 1 are searched from one agent, as the search
/// always did (see [`search_start`]).
const SATURATED_SL_TARGET: f64 = 1.0 - 1e-6;

/// Where the Erlang A search starts: halfway between the offered load `⌈A⌉` and the Erlang C
/// count, or `⌈A⌉` without an Erlang C count; at least 1 and at most [`MAX_AGENTS`].
///
/// Impatient callers shorten the queue, so Erlang A usually needs fewer agents than Erlang C;
/// but callers who hang up count against the service level, so with short patience it can
/// need about the offered load, or, with a low target, fewer. Halfway is a guess that is
/// rarely more than a few agents off. It is only a guess: [`smallest_meeting`] finds the same
/// count from any start wherever the measures are monotone.
///
/// They are not quite monotone where the service level is within rounding of 1: there it
/// comes out as 1.0 or 0.9999999999999999 for consecutive agent counts (e.g. 950 calls in
/// 30 min, AHT 180 s, patience 300 s: 1.0 with 180 agents, not with 181, again from 182 on),
/// so a target of 1 could be met at a different count from a different start. Such targets
/// (within [`SATURATED_SL_TARGET`] of 1) start from 1 agent, where [`smallest_meeting`]
/// probes 1, 2, 4, 8, … then bisects: exactly the doubling search used before, so they get
/// the same count as ever.
fn search_start(traffic: f64, erlang_c_agents: Option<u32>, targets: &Targets) -> u32 {
    if targets.sl_target.is_some_and(|target| target >= SATURATED_SL_TARGET) {
        return 1;
    }
    // `as` saturates: a traffic beyond u32 becomes u32::MAX, clamped below.
    let load = (traffic.ceil() as u32).clamp(1, MAX_AGENTS);
    let start = match erlang_c_agents {
        Some(c) if c > load => load + (c - load) / 2,
        _ => load,
    };
    start.clamp(1, MAX_AGENTS)
}

/// The smallest agent count in `1..=MAX_AGENTS` that `meets` the targets, with its
/// performance, searching from `start`; [`StaffingError::Unreachable`] when even
/// [`MAX_AGENTS`] does not.
///
/// Why any start gives the same answer as a scan from 1: `meets` is monotone in the number of
/// agents (false up to some count, true from there on; see [`required_agents_a`]), so that
/// count is the one `m` with `meets(m)` and (`m == 1` or not `meets(m - 1)`). The search keeps
/// `failing < meeting` with `meets(meeting)` evaluated true and `failing` either 0 (below the
/// range: agent counts start at 1) or evaluated false; the answer is therefore in
/// `failing + 1 ..= meeting`. It first gallops from `start` (steps 1, 2, 4, … down while the
/// probes meet, or up while they fail) until it has such a pair, then bisects until
/// `meeting == failing + 1`, where the answer can only be `meeting`, and `meeting - 1` has been
/// seen to fail (or is 0). The performance returned is `evaluate(meeting)`, the very value a
/// scan would compute for that count.
fn smallest_meeting(
    start: u32,
    mut evaluate: impl FnMut(u32) -> Result<Performance, StaffingError>,
    meets: impl Fn(&Performance) -> bool,
) -> Result<(u32, Performance), StaffingError> {
    let start = start.clamp(1, MAX_AGENTS);
    let first = evaluate(start)?;
    // `failing` is an agent count known not to meet the targets (0 stands for "none below").
    let mut failing;
    let mut meeting;
    let mut performance;
    if meets(&first) {
        (failing, meeting, performance) = (0, start, first);
        let mut step = 1u32;
        while meeting > 1 {
            let probe = meeting.saturating_sub(step).max(1);
            let candidate = evaluate(probe)?;
            if meets(&candidate) {
                (meeting, performance) = (probe, candidate);
                step = step.saturating_mul(2);
            } else {
                failing = probe;
                break;
            }
        }
    } else {
        failing = start;
        let mut step = 1u32;
        loop {
            if failing == MAX_AGENTS {
                return Err(StaffingError::Unreachable { max_agents: MAX_AGENTS });
            }
            let probe = failing.saturating_add(step).min(MAX_AGENTS);
            let candidate = evaluate(probe)?;
            if meets(&candidate) {
                (meeting, performance) = (probe, candidate);
                break;
            }
            failing = probe;
            step = step.saturating_mul(2);
        }
    }
    while meeting - failing > 1 {
        let middle = failing + (meeting - failing) / 2;
        let candidate = evaluate(middle)?;
        if meets(&candidate) {
            (meeting, performance) = (middle, candidate);
        } else {
            failing = middle;
        }
    }
    Ok((meeting, performance))
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

/// `ln M(a, x)` for each `x` of `xs`, where `M(a, x) = Σ_j Π_{k=1..j} x/(a + k)`: every series
/// gets the same operations as if it were summed alone, in one loop, so that their chains of
/// products run side by side instead of one after the other (the service level sums two such
/// series at every step of every interval's Erlang A search).
fn ln_series<const N: usize>(a: f64, xs: [f64; N]) -> Result<[f64; N], StaffingError> {
    let mut series = xs.map(Series::new);
    for j in 0..MAX_SERIES_TERMS {
        let jf = j as f64;
        let denominator = a + jf + 1.0;
        let mut done = true;
        for s in &mut series {
            done &= s.step(jf, denominator);
        }
        if done {
            return Ok(series.map(|s| s.ln_sum.unwrap_or(f64::NAN)));
        }
    }
    Err(series_did_not_converge())
}

/// One series of [`ln_series`] as it is summed.
struct Series {
    x: f64,
    ln_scale: f64,
    term: f64,
    total: f64,
    /// The log of the sum, once the terms left add nothing that matters.
    ln_sum: Option<f64>,
}

impl Series {
    fn new(x: f64) -> Series {
        Series { x, ln_scale: 0.0, term: 1.0, total: 0.0, ln_sum: None }
    }

    /// Adds the `j`-th term (`denominator`: `a + j + 1`); true once the sum is complete.
    fn step(&mut self, j: f64, denominator: f64) -> bool {
        if self.ln_sum.is_some() {
            return true;
        }
        self.total += self.term;
        let ratio = self.x / denominator;
        if tail_is_negligible(self.term, ratio, j, self.total) {
            self.ln_sum = Some(self.ln_scale + self.total.ln());
            return true;
        }
        self.term *= ratio;
        if self.term > RESCALE {
            self.term /= RESCALE;
            self.total /= RESCALE;
            self.ln_scale += RESCALE.ln();
        }
        false
    }
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
    // With a threshold of 0 (or one too short to matter) `z` is `y`: the same series.
    let [ln_all, ln_after] = if z == y {
        let [ln_all] = ln_series(a + 1.0, [y])?;
        [ln_all, ln_all]
    } else {
        ln_series(a + 1.0, [y, z])?
    };
    let all_answered = (ln_all - ln_total).exp();
    let answered_after = (exponent + ln_after - ln_total).exp();
    Ok((a / (a + 1.0) * (all_answered - answered_after)).clamp(0.0, 1.0))
}

fn series_did_not_converge() -> StaffingError {
    StaffingError::InvalidInput(Message::StaffingNoConvergence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// `ln M(a, x)` summed alone, term by term: what [`ln_series`] gives for each of its series.
    fn ln_series_alone(a: f64, x: f64) -> f64 {
        let (mut ln_scale, mut term, mut total) = (0.0, 1.0, 0.0);
        for j in 0..MAX_SERIES_TERMS {
            let jf = j as f64;
            total += term;
            let ratio = x / (a + jf + 1.0);
            if tail_is_negligible(term, ratio, jf, total) {
                return ln_scale + total.ln();
            }
            term *= ratio;
            if term > RESCALE {
                term /= RESCALE;
                total /= RESCALE;
                ln_scale += RESCALE.ln();
            }
        }
        panic!("no convergence for a = {a}, x = {x}");
    }

    #[test]
    fn series_summed_side_by_side_are_each_the_series_summed_alone_to_the_bit() {
        for a in [0.5, 3.0, 41.7, 600.0, 5_000.0] {
            for (x, w) in [(0.1, 0.05), (12.0, 11.9), (300.0, 2.0), (4_000.0, 3_000.0), (9_000.0, 1e-9)] {
                let [lx, lw] = ln_series(a, [x, w]).unwrap();
                assert_eq!(lx.to_bits(), ln_series_alone(a, x).to_bits(), "a = {a}, x = {x}");
                assert_eq!(lw.to_bits(), ln_series_alone(a, w).to_bits(), "a = {a}, w = {w}");
                assert_eq!(ln_series(a, [x]).unwrap()[0].to_bits(), lx.to_bits());
            }
        }
    }

    /// The smallest count that meets the targets, by evaluating 1, 2, 3, … in turn.
    fn linear_scan(workload: &Workload, patience_s: f64, targets: &Targets) -> (u32, Performance) {
        (1..=MAX_AGENTS)
            .find_map(|agents| {
                let p = erlang_a(workload, agents, patience_s, targets.sl_threshold_s).unwrap();
                targets.are_met_by(&p).then_some((agents, p))
            })
            .unwrap()
    }

    fn target_grid() -> Vec<Targets> {
        let sl =
            |target, threshold| Targets { sl_target: Some(target), sl_threshold_s: threshold, ..Targets::default() };
        vec![
            sl(0.8, 20.0),
            sl(0.5, 60.0),
            sl(0.8, 0.0),
            sl(0.999, 20.0),
            Targets { max_occupancy: Some(0.85), shrinkage: 0.3, ..sl(0.95, 10.0) },
            Targets { max_wait_probability: Some(0.2), ..Targets::default() },
            Targets { max_wait_probability: Some(0.5), ..sl(0.8, 30.0) },
        ]
    }

    #[test]
    fn search_from_any_start_finds_the_linear_scan_count_and_performance() {
        for calls in [0.4, 3.0, 40.0, 260.0, 900.0] {
            for aht_s in [30.0, 240.0, 600.0] {
                let workload = Workload { calls, interval_s: 1800.0, aht_s };
                for patience_s in [15.0, 169.0, 900.0] {
                    for targets in target_grid() {
                        let (scanned, scanned_performance) = linear_scan(&workload, patience_s, &targets);
                        let c = required_agents_c(&workload, &targets).ok().map(|c| c.raw_positions);
                        let found = required_agents_a(&workload, patience_s, &targets).unwrap();
                        let case = format!("{workload:?} patience {patience_s} {targets:?}");
                        assert_eq!(found.raw_positions, scanned, "{case}");
                        assert_eq!(found.performance, scanned_performance, "{case}");
                        // The Erlang C hint (or a wrong one, or none) only moves the start.
                        for hint in [None, c, Some(1), Some(scanned), Some(scanned + 1), Some(3 * scanned + 7)] {
                            let near = required_agents_a_near(&workload, patience_s, &targets, hint).unwrap();
                            assert_eq!(near, found, "{case}, hint {hint:?}");
                        }
                    }
                }
            }
        }
    }

    /// A performance that meets an SL target of 0.5 exactly from `threshold` agents on.
    fn step_at(threshold: u32, agents: u32) -> Performance {
        let mut p = idle_performance(agents, true);
        p.service_level = if agents >= threshold { 1.0 } else { 0.0 };
        p
    }

    #[test]
    fn search_checks_the_count_below_its_answer_from_every_start() {
        let targets = Targets { sl_target: Some(0.5), ..Targets::default() };
        let thresholds = [1, 2, 3, 5, 17, 64, 65, 1000, 65_537, MAX_AGENTS - 1, MAX_AGENTS];
        let starts = [0, 1, 2, 4, 16, 17, 18, 63, 100, 999, 1001, 50_000, MAX_AGENTS - 1, MAX_AGENTS, u32::MAX];
        for threshold in thresholds {
            for start in starts {
                let tried = RefCell::new(Vec::new());
                let evaluate = |agents| {
                    tried.borrow_mut().push(agents);
                    Ok(step_at(threshold, agents))
                };
                let (found, performance) = smallest_meeting(start, evaluate, |p| targets.are_met_by(p)).unwrap();
                let tried = tried.into_inner();
                assert_eq!(found, threshold, "start {start}");
                assert_eq!(performance.agents, threshold);
                assert!(tried.iter().all(|&n| (1..=MAX_AGENTS).contains(&n)), "start {start}: {tried:?}");
                if threshold > 1 {
                    assert!(tried.contains(&(threshold - 1)), "start {start}: {tried:?}");
                }
                // Galloping then bisecting: a few dozen evaluations at most, never a scan.
                assert!(tried.len() <= 2 * 17 + 2, "start {start}: {} evaluations", tried.len());
            }
        }
    }

    #[test]
    fn search_reports_unreachable_targets_from_any_start() {
        let targets = Targets { sl_target: Some(0.5), ..Targets::default() };
        for start in [1, 40, MAX_AGENTS] {
            let result = smallest_meeting(start, |agents| Ok(step_at(u32::MAX, agents)), |p| targets.are_met_by(p));
            assert_eq!(result, Err(StaffingError::Unreachable { max_agents: MAX_AGENTS }));
        }
    }

    #[test]
    fn search_starts_between_offered_load_and_erlang_c() {
        let targets = Targets { sl_target: Some(0.8), ..Targets::default() };
        assert_eq!(search_start(47.9, Some(55), &targets), 51);
        assert_eq!(search_start(47.9, None, &targets), 48);
        assert_eq!(search_start(47.9, Some(10), &targets), 48);
        assert_eq!(search_start(0.01, Some(1), &targets), 1);
        assert_eq!(search_start(1e12, Some(MAX_AGENTS), &targets), MAX_AGENTS);
        let wait_only = Targets { max_wait_probability: Some(0.2), ..Targets::default() };
        assert_eq!(search_start(47.9, Some(55), &wait_only), 51);
        // A service level within rounding of 1: the doubling search from one agent, as before.
        let saturated = Targets { sl_target: Some(1.0), ..Targets::default() };
        assert_eq!(search_start(47.9, Some(55), &saturated), 1);
    }

    #[test]
    fn search_from_one_agent_probes_the_doubling_sequence() {
        // From 1 the gallop up is 1, 2, 4, 8, …, the sequence of the search before the start
        // moved, then the same bisection: targets of 1 keep their old answer even where the
        // service level is not monotone.
        let targets = Targets { sl_target: Some(0.5), ..Targets::default() };
        let tried = RefCell::new(Vec::new());
        let evaluate = |agents| {
            tried.borrow_mut().push(agents);
            Ok(step_at(45, agents))
        };
        assert_eq!(smallest_meeting(1, evaluate, |p| targets.are_met_by(p)).unwrap().0, 45);
        assert_eq!(tried.into_inner(), [1, 2, 4, 8, 16, 32, 64, 48, 40, 44, 46, 45]);
        let tried = RefCell::new(Vec::new());
        let evaluate = |agents| {
            tried.borrow_mut().push(agents);
            Ok(step_at(u32::MAX, agents))
        };
        assert!(smallest_meeting(1, evaluate, |p| targets.are_met_by(p)).is_err());
        let tried = tried.into_inner();
        assert_eq!(tried[..3], [1, 2, 4]);
        assert_eq!(tried[tried.len() - 2..], [65_536, MAX_AGENTS]);
    }

    #[test]
    fn target_of_one_keeps_the_count_of_the_doubling_search() {
        // 950 calls in 30 min, AHT 180 s, patience 300 s: the service level rounds to 1.0 with
        // 180 agents, not with 181, and again from 182 on. Doubling then bisecting finds 180.
        let workload = Workload { calls: 950.0, interval_s: 1800.0, aht_s: 180.0 };
        let targets = Targets { sl_target: Some(1.0), ..Targets::default() };
        let sl = |agents| erlang_a(&workload, agents, 300.0, 20.0).unwrap().service_level;
        assert_eq!((sl(179) < 1.0, sl(180), sl(181) < 1.0, sl(182)), (true, 1.0, true, 1.0));
        assert_eq!(required_agents_a(&workload, 300.0, &targets).unwrap().raw_positions, 180);
    }

    #[test]
    fn zero_threshold_service_level_is_answered_at_once() {
        // With T = 0 the two series of the service level are the same one (computed once):
        // a caller is answered within 0 s only if not made to wait.
        let workload = Workload { calls: 100.0, interval_s: 1800.0, aht_s: 180.0 };
        let p = erlang_a(&workload, 12, 300.0, 0.0).unwrap();
        assert!((p.service_level - (1.0 - p.waiting_probability)).abs() < 1e-12, "{p:?}");
        assert!(p.waiting_probability > 0.1 && p.waiting_probability < 0.9);
    }
}
