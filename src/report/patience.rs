//! The patience curve: how long callers wait before hanging up.

use std::collections::BTreeMap;

use super::PatiencePoint;
use crate::kpi::Tally;

/// Share of answered and abandoned callers still waiting after t seconds, and the Kaplan–Meier
/// estimate of callers not yet hung up (answered calls are censored at their wait), at about 60
/// points up to the 99th percentile of the wait.
pub(super) fn patience_curve(t: &Tally) -> Vec<PatiencePoint> {
    let n = t.wait_answered.total() + t.wait_abandoned.total();
    if n == 0 {
        return Vec::new();
    }
    let mut all = t.wait_answered.clone();
    all.merge(&t.wait_abandoned);
    // u64 steps: a horizon near u32::MAX once wrapped `s` and looped for ever. At most 61 points.
    let horizon = u64::from(all.quantile(0.99).unwrap_or(0).max(10));
    let step = (horizon / 60).max(1);
    let abandoned: BTreeMap<u32, u64> = t.wait_abandoned.iter().collect();
    let mut points = Vec::new();
    let mut survival = 1.0;
    let mut at_risk = n;
    let mut bins = all.iter().peekable();
    let mut s = 0u64;
    while s <= horizon {
        // Advance the Kaplan–Meier product through every second up to s.
        while let Some(&(sec, count)) = bins.peek() {
            if u64::from(sec) > s {
                break;
            }
            let d = abandoned.get(&sec).copied().unwrap_or(0);
            if at_risk > 0 && d > 0 {
                survival *= 1.0 - d as f64 / at_risk as f64;
            }
            at_risk = at_risk.saturating_sub(count);
            bins.next();
        }
        let at = u32::try_from(s).unwrap_or(u32::MAX);
        points.push(PatiencePoint {
            t: at,
            still_waiting: (n - all.count_at_most(at)) as f64 / n as f64,
            patience: survival,
        });
        s += step;
    }
    points
}
