//! Tests of the staffing engine (`callscore::staffing`) against published and independently
//! computed figures.

use std::path::PathBuf;

use callscore::staffing::{
    erlang_a, erlang_c, estimate_patience, required_agents_a, required_agents_c, Performance, StaffingError, Targets,
    Workload, MAX_AGENTS,
};
use proptest::prelude::*;

fn workload(calls: f64, interval_s: f64, aht_s: f64) -> Workload {
    Workload { calls, interval_s, aht_s }
}

fn sl_targets(sl_target: f64, sl_threshold_s: f64) -> Targets {
    Targets { sl_target: Some(sl_target), sl_threshold_s, ..Targets::default() }
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn assert_close(name: &str, actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{name}: got {actual}, expected {expected} (tolerance {tolerance})"
    );
}

/// The reference data: the copy in `tests/data/erlang/` if present, else the shared folder
/// beside the crate. `None` when neither exists.
fn reference_file(name: &str) -> Option<PathBuf> {
    let candidates = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/erlang/"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/datasets/erlang_c_reference/"),
    ];
    candidates.iter().map(|dir| PathBuf::from(dir).join(name)).find(|path| path.exists())
}

/// Rows of a small comma-separated file without quoted fields, header skipped.
fn read_rows(path: &PathBuf) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("reference CSV is readable");
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(',').map(|field| field.trim().to_string()).collect())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. The pyworkforce / Call Centre Helper example.

#[test]
fn erlang_c_reproduces_pyworkforce_example_with_occupancy_cap_085() {
    let targets = Targets {
        sl_target: Some(0.8),
        sl_threshold_s: 20.0,
        max_occupancy: Some(0.85),
        max_wait_probability: None,
        shrinkage: 0.3,
    };
    let staffing = required_agents_c(&workload(100.0, 1800.0, 180.0), &targets).unwrap();
    assert_eq!(staffing.raw_positions, 14);
    assert_eq!(staffing.positions, 20);
    assert_eq!(round(staffing.performance.service_level, 3), 0.888);
    assert_eq!(round(staffing.performance.occupancy, 3), 0.714);
    assert_eq!(round(staffing.performance.waiting_probability, 3), 0.174);
}

#[test]
fn erlang_c_reproduces_pyworkforce_example_with_occupancy_cap_07() {
    let targets = Targets {
        sl_target: Some(0.8),
        sl_threshold_s: 20.0,
        max_occupancy: Some(0.7),
        max_wait_probability: None,
        shrinkage: 0.3,
    };
    let staffing = required_agents_c(&workload(100.0, 1800.0, 180.0), &targets).unwrap();
    assert_eq!(staffing.raw_positions, 15);
    assert_eq!(staffing.positions, 22);
    assert_eq!(round(staffing.performance.service_level, 3), 0.941);
    assert_eq!(round(staffing.performance.occupancy, 3), 0.667);
    assert_eq!(round(staffing.performance.waiting_probability, 3), 0.102);
}

// ---------------------------------------------------------------------------------------------
// 2. Every row of the computed reference table.

#[test]
fn erlang_c_matches_every_reference_case_to_4_decimals() {
    let Some(path) = reference_file("erlang_c_reference_cases.csv") else {
        println!("skipped: erlang_c_reference_cases.csv not found");
        return;
    };
    let rows = read_rows(&path);
    assert!(rows.len() >= 16, "expected at least 16 reference rows, found {}", rows.len());
    for row in rows {
        let num = |index: usize| -> f64 { row[index].parse().unwrap() };
        let scenario = &row[0];
        let load = workload(num(1), num(2), num(3));
        let agents: u32 = row[8].parse().unwrap();
        let performance = if let Some(threshold) = row[4].strip_prefix("t=") {
            // A fixed number of agents, evaluated at the given threshold.
            let threshold: f64 = threshold.trim_end_matches('s').parse().unwrap();
            erlang_c(&load, agents, threshold).unwrap()
        } else {
            let (sl, threshold) = row[4].split_once('/').unwrap();
            let targets = Targets {
                sl_target: Some(sl.parse::<f64>().unwrap() / 100.0),
                sl_threshold_s: threshold.parse().unwrap(),
                max_occupancy: Some(num(5)),
                max_wait_probability: None,
                shrinkage: num(6),
            };
            let staffing = required_agents_c(&load, &targets).unwrap();
            assert_eq!(staffing.raw_positions, agents, "{scenario}: agents");
            if !row[13].is_empty() {
                let positions: u32 = row[13].parse().unwrap();
                assert_eq!(staffing.positions, positions, "{scenario}: positions");
            }
            staffing.performance
        };
        let context = format!("{scenario} ({} calls, AHT {} s)", row[1], row[3]);
        assert_eq!(round(performance.traffic_erlangs, 4), num(7), "{context}: traffic");
        assert_eq!(round(performance.waiting_probability, 4), num(9), "{context}: P(wait)");
        assert_eq!(round(performance.service_level, 4), num(10), "{context}: SL");
        // The table gives ASA to 2 decimals of a second.
        assert_eq!(round(performance.asa, 2), num(11), "{context}: ASA");
        assert_eq!(round(performance.occupancy, 4), num(12), "{context}: occupancy");
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Miller (2015): hour-by-hour agents for P(wait) <= 0.5.

#[test]
fn erlang_c_reproduces_miller_2015_hourly_servers_needed() {
    let Some(path) = reference_file("miller2015_anonymous_bank_feb_wednesdays_erlangc.csv") else {
        println!("skipped: miller2015_anonymous_bank_feb_wednesdays_erlangc.csv not found");
        return;
    };
    let rows = read_rows(&path);
    assert_eq!(rows.len(), 24, "one row per hour");
    for row in rows {
        let arrivals_per_hour: f64 = row[1].parse().unwrap();
        let service_rate_per_hour: f64 = row[2].parse().unwrap();
        let max_wait_probability: f64 = row[3].parse().unwrap();
        let published: u32 = row[4].parse().unwrap();
        let load = workload(arrivals_per_hour, 3600.0, 3600.0 / service_rate_per_hour);
        let targets = Targets { max_wait_probability: Some(max_wait_probability), ..Targets::default() };
        let staffing = required_agents_c(&load, &targets).unwrap();
        assert_eq!(staffing.raw_positions, published, "hour {}", row[0]);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Erlang A against an independent method, and against pyworkforce's reference.

/// Erlang A computed a different way from the engine: the truncated birth-death chain solved
/// state by state, answer/abandon odds by first-step analysis of a tagged caller, and the
/// service level by integrating the tagged caller's forward equations with RK4.
struct ChainResult {
    waiting_probability: f64,
    abandon_probability: f64,
    service_level: f64,
    asa: f64,
    mean_wait: f64,
    occupancy: f64,
}

fn erlang_a_by_truncated_chain(load: &Workload, agents: usize, patience_s: f64, threshold_s: f64) -> ChainResult {
    let lambda = load.calls / load.interval_s;
    let mu = 1.0 / load.aht_s;
    let theta = 1.0 / patience_s;
    let c = agents as f64 * mu;

    // Stationary distribution, in logs, truncated once far past the mode.
    let mut log_weights = vec![0.0];
    let mut max_log = 0.0f64;
    let mut n = 0;
    loop {
        n += 1;
        let death = n.min(agents) as f64 * mu + n.saturating_sub(agents) as f64 * theta;
        let next = log_weights[n - 1] + (lambda / death).ln();
        log_weights.push(next);
        max_log = max_log.max(next);
        if n > agents + 10 && lambda < death && next < max_log - 60.0 {
            break;
        }
    }
    let weights: Vec<f64> = log_weights.iter().map(|l| (l - max_log).exp()).collect();
    let total: f64 = weights.iter().sum();
    let pi: Vec<f64> = weights.iter().map(|w| w / total).collect();

    let waiting_probability: f64 = pi[agents..].iter().sum();
    let mean_queue: f64 = (agents..pi.len()).map(|n| (n - agents) as f64 * pi[n]).sum();
    let busy: f64 = (0..pi.len()).map(|n| n.min(agents) as f64 * pi[n]).sum();

    // First-step analysis of a caller who finds j ahead: with k ahead, the queue moves at
    // rate c + kθ and the caller gives up at rate θ.
    let queued = pi.len() - agents;
    let mut answered_chance = vec![0.0; queued];
    let mut answered_wait = vec![0.0; queued];
    let (mut previous_chance, mut previous_wait) = (1.0, 0.0);
    for j in 0..queued {
        let move_rate = c + j as f64 * theta;
        let out_rate = move_rate + theta;
        let advance = move_rate / out_rate;
        answered_chance[j] = advance * previous_chance;
        answered_wait[j] = advance * (previous_chance / out_rate + previous_wait);
        previous_chance = answered_chance[j];
        previous_wait = answered_wait[j];
    }
    let abandon_probability: f64 = (0..queued).map(|j| pi[agents + j] * (1.0 - answered_chance[j])).sum();
    let asa = (0..queued).map(|j| pi[agents + j] * answered_wait[j]).sum::<f64>() / (1.0 - abandon_probability);

    // u[k](t) = P(answered by t | k ahead at 0):
    // u_k' = (c + kθ)(u_{k-1} − u_k) − θ u_k, with u_{-1} = 1 and u_k(0) = 0.
    let derivative = |u: &[f64]| -> Vec<f64> {
        (0..u.len())
            .map(|k| {
                let ahead_done = if k == 0 { 1.0 } else { u[k - 1] };
                (c + k as f64 * theta) * (ahead_done - u[k]) - theta * u[k]
            })
            .collect()
    };
    let max_rate = c + queued as f64 * theta + theta;
    let steps = ((threshold_s * max_rate / 0.05).ceil() as usize).max(400);
    let dt = threshold_s / steps as f64;
    let mut u = vec![0.0; queued];
    if threshold_s > 0.0 {
        for _ in 0..steps {
            let k1 = derivative(&u);
            let mid1: Vec<f64> = u.iter().zip(&k1).map(|(x, d)| x + dt / 2.0 * d).collect();
            let k2 = derivative(&mid1);
            let mid2: Vec<f64> = u.iter().zip(&k2).map(|(x, d)| x + dt / 2.0 * d).collect();
            let k3 = derivative(&mid2);
            let end: Vec<f64> = u.iter().zip(&k3).map(|(x, d)| x + dt * d).collect();
            let k4 = derivative(&end);
            for k in 0..queued {
                u[k] += dt / 6.0 * (k1[k] + 2.0 * k2[k] + 2.0 * k3[k] + k4[k]);
            }
        }
    }
    let service_level = 1.0 - waiting_probability + (0..queued).map(|j| pi[agents + j] * u[j]).sum::<f64>();

    ChainResult {
        waiting_probability,
        abandon_probability,
        service_level,
        asa,
        mean_wait: mean_queue / lambda,
        occupancy: busy / agents as f64,
    }
}

/// Probabilities and occupancy must agree to 1e-6; times (seconds) to 1e-6 relative.
const ERLANG_A_TOLERANCE: f64 = 1e-6;

#[test]
fn erlang_a_agrees_with_truncated_birth_death_chain() {
    // (calls, interval, AHT, patience, agents, threshold): includes N < A, N = 1, T = 0.
    let cases = [
        (100.0, 1800.0, 180.0, 300.0, 14, 20.0), // pyworkforce's case, A = 10
        (100.0, 1800.0, 180.0, 300.0, 14, 0.0),
        (100.0, 1800.0, 180.0, 300.0, 8, 120.0),   // N < A
        (200.0, 1800.0, 180.0, 120.0, 12, 20.0),   // A = 20, N < A
        (500.0, 1800.0, 300.0, 60.0, 40, 10.0),    // A = 83.3, N < A/2
        (30.0, 3600.0, 240.0, 90.0, 1, 30.0),      // A = 2, a single agent
        (1000.0, 1800.0, 180.0, 600.0, 110, 20.0), // A = 100, N > A
        (60.0, 1800.0, 400.0, 45.0, 20, 600.0),    // long threshold
    ];
    for (calls, interval, aht, patience, agents, threshold) in cases {
        let load = workload(calls, interval, aht);
        let engine = erlang_a(&load, agents, patience, threshold).unwrap();
        let chain = erlang_a_by_truncated_chain(&load, agents as usize, patience, threshold);
        let name = format!("A={:.2} N={agents} patience={patience} T={threshold}", load.traffic_erlangs());
        let tol = ERLANG_A_TOLERANCE;
        assert_close(&format!("{name} P(wait)"), engine.waiting_probability, chain.waiting_probability, tol);
        assert_close(
            &format!("{name} P(abandon)"),
            engine.abandon_probability.unwrap(),
            chain.abandon_probability,
            tol,
        );
        assert_close(&format!("{name} SL"), engine.service_level, chain.service_level, tol);
        assert_close(&format!("{name} occupancy"), engine.occupancy, chain.occupancy, tol);
        assert_close(&format!("{name} ASA"), engine.asa, chain.asa, tol * chain.asa.max(1.0));
        assert_close(&format!("{name} mean wait"), engine.mean_wait, chain.mean_wait, tol * chain.mean_wait.max(1.0));
    }
}

#[test]
fn erlang_a_reproduces_pyworkforce_abandonment_reference() {
    // pyworkforce (repository HEAD) test_abandonment.py: 100 calls / 30 min, AHT 3 min,
    // patience 5 min, 14 positions. Its "ASA" (in minutes) is our mean_wait over all callers.
    let p = erlang_a(&workload(100.0, 1800.0, 180.0), 14, 300.0, 20.0).unwrap();
    assert_eq!(round(p.waiting_probability, 5), 0.14526);
    assert_eq!(round(p.abandon_probability.unwrap(), 6), 0.013984);
    assert_eq!(round(p.occupancy, 6), 0.704297);
    assert_eq!(round(p.service_level, 6), 0.916792);
    assert_eq!(round(p.mean_wait / 60.0, 6), 0.069919);
    // Answered calls only wait less on average than all callers.
    assert!(p.asa < p.mean_wait);
}

#[test]
fn erlang_a_is_stable_with_fewer_agents_than_traffic() {
    // 20 erlangs on 5 agents: Erlang C has no answer, Erlang A sheds the excess.
    let load = workload(200.0, 1800.0, 180.0);
    assert!(matches!(erlang_c(&load, 5, 20.0), Err(StaffingError::Unstable { .. })));
    let p = erlang_a(&load, 5, 120.0, 20.0).unwrap();
    assert!(p.waiting_probability > 0.99);
    let abandon = p.abandon_probability.unwrap();
    // Throughput cannot exceed 5 agents' capacity: at least 1 − 5/20 of callers leave.
    assert!((0.75 - 1e-9..1.0).contains(&abandon), "abandon = {abandon}");
    assert!(p.occupancy <= 1.0 && p.occupancy > 0.99);
    assert!(p.asa.is_finite() && p.mean_wait <= 120.0);
}

#[test]
fn erlang_a_needs_no_more_agents_than_erlang_c() {
    // Abandonment only ever shortens the queue, so the same targets need at most as many agents.
    let load = workload(100.0, 1800.0, 180.0);
    let targets = Targets { max_occupancy: Some(0.85), shrinkage: 0.3, ..sl_targets(0.8, 20.0) };
    let c = required_agents_c(&load, &targets).unwrap();
    let a = required_agents_a(&load, 300.0, &targets).unwrap();
    assert!(a.raw_positions <= c.raw_positions);
    assert!(a.performance.service_level >= 0.8);
    // One agent fewer must miss a target.
    let fewer = erlang_a(&load, a.raw_positions - 1, 300.0, 20.0).unwrap();
    assert!(fewer.service_level < 0.8 || fewer.occupancy > 0.85);
}

#[test]
fn erlang_a_approaches_erlang_c_as_patience_grows() {
    let load = workload(100.0, 1800.0, 180.0);
    let c = erlang_c(&load, 14, 20.0).unwrap();
    let a = erlang_a(&load, 14, 1e6, 20.0).unwrap();
    assert_close("P(wait)", a.waiting_probability, c.waiting_probability, 1e-3);
    assert_close("SL", a.service_level, c.service_level, 1e-3);
    assert_close("ASA", a.asa, c.asa, 1e-2);
}

// ---------------------------------------------------------------------------------------------
// Targets, edge cases and errors.

#[test]
fn wait_probability_target_combines_with_service_level_target() {
    let load = workload(100.0, 1800.0, 180.0);
    let sl_only = required_agents_c(&load, &sl_targets(0.8, 20.0)).unwrap();
    assert_eq!(sl_only.raw_positions, 14);
    let both = Targets { max_wait_probability: Some(0.05), ..sl_targets(0.8, 20.0) };
    let staffing = required_agents_c(&load, &both).unwrap();
    assert!(staffing.performance.waiting_probability <= 0.05);
    let fewer = erlang_c(&load, staffing.raw_positions - 1, 20.0).unwrap();
    assert!(fewer.waiting_probability > 0.05);
    // The same holds in Erlang A.
    let a = required_agents_a(&load, 300.0, &both).unwrap();
    assert!(a.performance.waiting_probability <= 0.05 && a.performance.service_level >= 0.8);
    let fewer = erlang_a(&load, a.raw_positions - 1, 300.0, 20.0).unwrap();
    assert!(fewer.waiting_probability > 0.05 || fewer.service_level < 0.8);
}

#[test]
fn zero_traffic_needs_zero_agents() {
    let targets = sl_targets(0.8, 20.0);
    for load in [workload(0.0, 1800.0, 180.0), workload(50.0, 1800.0, 0.0)] {
        let c = required_agents_c(&load, &targets).unwrap();
        assert_eq!((c.raw_positions, c.positions), (0, 0));
        let a = required_agents_a(&load, 300.0, &targets).unwrap();
        assert_eq!((a.raw_positions, a.positions), (0, 0));
        assert_eq!(a.performance.abandon_probability, Some(0.0));
        let p = erlang_c(&load, 3, 20.0).unwrap();
        assert_eq!((p.waiting_probability, p.service_level, p.asa), (0.0, 1.0, 0.0));
    }
}

#[test]
fn erlang_c_reports_unstable_queue_instead_of_negative_wait() {
    let load = workload(100.0, 1800.0, 180.0); // 10 erlangs
    for agents in [0, 1, 9, 10] {
        assert_eq!(erlang_c(&load, agents, 20.0), Err(StaffingError::Unstable { agents, traffic_erlangs: 10.0 }));
    }
    let p = erlang_c(&load, 11, 20.0).unwrap();
    assert!(p.asa > 0.0 && p.asa.is_finite());
}

#[test]
fn invalid_inputs_are_errors_not_panics() {
    let good = workload(100.0, 1800.0, 180.0);
    let bad_loads = [
        workload(-1.0, 1800.0, 180.0),
        workload(f64::NAN, 1800.0, 180.0),
        workload(100.0, 0.0, 180.0),
        workload(100.0, 1800.0, -5.0),
        workload(100.0, 1800.0, f64::INFINITY),
    ];
    for load in bad_loads {
        assert!(matches!(erlang_c(&load, 14, 20.0), Err(StaffingError::InvalidInput(_))));
        assert!(matches!(erlang_a(&load, 14, 300.0, 20.0), Err(StaffingError::InvalidInput(_))));
        let result = required_agents_c(&load, &sl_targets(0.8, 20.0));
        assert!(matches!(result, Err(StaffingError::InvalidInput(_))));
    }
    let bad_targets = [
        sl_targets(0.0, 20.0),
        sl_targets(1.5, 20.0),
        sl_targets(f64::NAN, 20.0),
        sl_targets(0.8, -1.0),
        Targets { shrinkage: 1.0, ..sl_targets(0.8, 20.0) },
        Targets { shrinkage: -0.1, ..sl_targets(0.8, 20.0) },
        Targets { max_occupancy: Some(0.0), ..sl_targets(0.8, 20.0) },
        Targets { max_wait_probability: Some(2.0), ..sl_targets(0.8, 20.0) },
    ];
    for targets in bad_targets {
        assert!(matches!(required_agents_c(&good, &targets), Err(StaffingError::InvalidInput(_))));
        let result = required_agents_a(&good, 300.0, &targets);
        assert!(matches!(result, Err(StaffingError::InvalidInput(_))));
    }
    assert_eq!(required_agents_c(&good, &Targets::default()), Err(StaffingError::NoTarget));
    for patience in [0.0, -3.0, f64::NAN, f64::INFINITY, 1e12] {
        assert!(matches!(erlang_a(&good, 14, patience, 20.0), Err(StaffingError::InvalidInput(_))));
    }
}

#[test]
fn impossible_targets_are_reported_unreachable() {
    // 10 erlangs at an occupancy of at most 1e-6 would need ten million agents.
    let load = workload(100.0, 1800.0, 180.0);
    let targets = Targets { max_occupancy: Some(1e-6), ..sl_targets(0.8, 20.0) };
    let unreachable = Err(StaffingError::Unreachable { max_agents: MAX_AGENTS });
    assert_eq!(required_agents_c(&load, &targets), unreachable);
    assert_eq!(required_agents_a(&load, 300.0, &targets), unreachable);
}

#[test]
fn patience_estimate_is_total_wait_over_abandonments() {
    assert_eq!(estimate_patience(10, 3000.0), Some(300.0));
    assert_eq!(estimate_patience(0, 3000.0), None);
    assert_eq!(estimate_patience(5, 0.0), None);
    assert_eq!(estimate_patience(5, f64::NAN), None);
}

// ---------------------------------------------------------------------------------------------
// 5. Properties.

fn assert_in_range(p: &Performance) {
    for (name, value) in [("P(wait)", p.waiting_probability), ("SL", p.service_level), ("occupancy", p.occupancy)] {
        assert!(value.is_finite() && (0.0..=1.0).contains(&value), "{name} = {value} for {p:?}");
    }
    assert!(p.asa.is_finite() && p.asa >= 0.0, "ASA = {} for {p:?}", p.asa);
    assert!(p.mean_wait.is_finite() && p.mean_wait >= 0.0, "mean wait for {p:?}");
    if let Some(abandon) = p.abandon_probability {
        assert!(abandon.is_finite() && (0.0..=1.0).contains(&abandon), "abandon for {p:?}");
    }
}

#[test]
fn thousands_of_agents_do_not_overflow() {
    // 4,900 erlangs on 5,000 agents: factorials would overflow long before this.
    let load = workload(4900.0, 3600.0, 3600.0);
    let c = erlang_c(&load, 5000, 20.0).unwrap();
    assert_in_range(&c);
    assert!(c.waiting_probability > 0.0 && c.waiting_probability < 1.0);
    let a = erlang_a(&load, 5000, 300.0, 20.0).unwrap();
    assert_in_range(&a);
    // And far fewer agents than traffic in Erlang A.
    let a = erlang_a(&load, 100, 300.0, 20.0).unwrap();
    assert_in_range(&a);
    assert!(a.abandon_probability.unwrap() > 0.97);
    let staffing = required_agents_c(&load, &sl_targets(0.8, 20.0)).unwrap();
    assert!(staffing.raw_positions > 4900 && staffing.raw_positions < 5100);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn performance_is_finite_and_in_range_up_to_5000_agents(
        agents in 1u32..=5000,
        load_share in 0.001f64..2.0,
        aht in 10.0f64..1200.0,
        patience in 5.0f64..1800.0,
        threshold in 0.0f64..300.0,
    ) {
        let traffic = f64::from(agents) * load_share;
        let load = workload(traffic * 1800.0 / aht, 1800.0, aht);
        match erlang_c(&load, agents, threshold) {
            Ok(p) => assert_in_range(&p),
            Err(StaffingError::Unstable { .. }) => prop_assert!(load_share >= 0.999),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
        let p = erlang_a(&load, agents, patience, threshold).unwrap();
        assert_in_range(&p);
    }

    #[test]
    fn erlang_c_required_agents_never_decrease_with_more_load_or_higher_target(
        calls in 0.0f64..3000.0,
        extra_calls in 0.0f64..500.0,
        aht in 20.0f64..900.0,
        extra_aht in 0.0f64..200.0,
        target in 0.3f64..0.95,
        extra_target in 0.0f64..0.04,
        threshold in 5.0f64..60.0,
        max_occupancy in proptest::option::of(0.5f64..1.0),
    ) {
        let targets = Targets { max_occupancy, ..sl_targets(target, threshold) };
        let base = required_agents_c(&workload(calls, 1800.0, aht), &targets).unwrap();
        let more_calls = required_agents_c(&workload(calls + extra_calls, 1800.0, aht), &targets).unwrap();
        let longer = required_agents_c(&workload(calls, 1800.0, aht + extra_aht), &targets).unwrap();
        let stricter_targets = Targets { sl_target: Some(target + extra_target), ..targets };
        let stricter = required_agents_c(&workload(calls, 1800.0, aht), &stricter_targets).unwrap();
        prop_assert!(more_calls.raw_positions >= base.raw_positions);
        prop_assert!(longer.raw_positions >= base.raw_positions);
        prop_assert!(stricter.raw_positions >= base.raw_positions);
        prop_assert!(base.positions >= base.raw_positions);
    }

    #[test]
    fn erlang_a_search_finds_the_same_agents_as_a_linear_scan(
        calls in 1.0f64..400.0,
        aht in 20.0f64..600.0,
        patience in 10.0f64..900.0,
        target in 0.3f64..0.95,
        max_occupancy in proptest::option::of(0.5f64..1.0),
        max_wait_probability in proptest::option::of(0.05f64..0.9),
    ) {
        // The engine doubles then bisects, which assumes each measure is monotone in the
        // number of agents; a plain scan from 1 does not.
        let load = workload(calls, 1800.0, aht);
        let targets = Targets { max_occupancy, max_wait_probability, ..sl_targets(target, 20.0) };
        let found = required_agents_a(&load, patience, &targets).unwrap();
        let scanned = (1..=MAX_AGENTS)
            .find(|&agents| {
                let p = erlang_a(&load, agents, patience, 20.0).unwrap();
                p.service_level >= target
                    && max_occupancy.is_none_or(|max| p.occupancy <= max)
                    && max_wait_probability.is_none_or(|max| p.waiting_probability <= max)
            })
            .unwrap();
        prop_assert_eq!(found.raw_positions, scanned);
    }

    #[test]
    fn erlang_a_required_agents_never_decrease_with_more_load_or_higher_target(
        calls in 0.0f64..1500.0,
        extra_calls in 0.0f64..300.0,
        aht in 20.0f64..600.0,
        extra_aht in 0.0f64..200.0,
        target in 0.3f64..0.95,
        extra_target in 0.0f64..0.04,
        patience in 20.0f64..600.0,
    ) {
        let targets = sl_targets(target, 20.0);
        let base = required_agents_a(&workload(calls, 1800.0, aht), patience, &targets).unwrap();
        let more_calls =
            required_agents_a(&workload(calls + extra_calls, 1800.0, aht), patience, &targets).unwrap();
        let longer =
            required_agents_a(&workload(calls, 1800.0, aht + extra_aht), patience, &targets).unwrap();
        let stricter_targets = Targets { sl_target: Some(target + extra_target), ..targets };
        let stricter =
            required_agents_a(&workload(calls, 1800.0, aht), patience, &stricter_targets).unwrap();
        prop_assert!(more_calls.raw_positions >= base.raw_positions);
        prop_assert!(longer.raw_positions >= base.raw_positions);
        prop_assert!(stricter.raw_positions >= base.raw_positions);
    }
}
