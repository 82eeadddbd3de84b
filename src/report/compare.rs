//! Period over period: every KPI of a row in two periods, the change, and whether it moved the
//! way the catalogue says is better.

use serde::Serialize;

use super::subjects::call_value;
use crate::kpi::Kpis;
use crate::model::catalog::{CallKpi, Direction, Kpi};

/// Whether a change is for the better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Moved the way the KPI's direction calls better.
    Better,
    /// Moved the other way.
    Worse,
    /// Did not move.
    Same,
    /// The KPI has no better direction (a volume such as offered calls).
    Neutral,
    /// One of the two periods has no value.
    Unknown,
}

/// One KPI in two periods.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The catalogue id.
    pub kpi: &'static str,
    /// In the period shown.
    pub current: Option<f64>,
    /// In the period compared with.
    pub previous: Option<f64>,
    /// current − previous.
    pub change: Option<f64>,
    /// (current − previous) / previous; none when previous is 0.
    pub relative: Option<f64>,
    /// Better, worse, the same, neutral (no direction) or unknown (a value missing).
    pub verdict: Verdict,
}

/// The call KPIs of two rows side by side, in catalogue order (`None`: the group has no calls in
/// that period); KPIs neither row has are left out.
pub(crate) fn changes(current: Option<&Kpis>, previous: Option<&Kpis>) -> Vec<Change> {
    CallKpi::ALL
        .iter()
        .filter_map(|k| {
            let (c, p) = (current.and_then(|r| call_value(r, *k)), previous.and_then(|r| call_value(r, *k)));
            (c.is_some() || p.is_some()).then(|| change(Kpi::Call(*k), c, p))
        })
        .collect()
}

fn change(kpi: Kpi, current: Option<f64>, previous: Option<f64>) -> Change {
    let diff = current.zip(previous).map(|(c, p)| c - p);
    let relative = current.zip(previous).and_then(|(c, p)| (p != 0.0).then(|| (c - p) / p.abs()));
    // Rates are compared as shown (to a millionth), so float noise is not a change.
    let verdict = match (diff, kpi.def().direction) {
        (None, _) => Verdict::Unknown,
        (Some(d), _) if d.abs() < 1e-9 * current.unwrap_or(0.0).abs().max(1.0) => Verdict::Same,
        (Some(_), None) => Verdict::Neutral,
        (Some(d), Some(Direction::Higher)) => {
            if d > 0.0 {
                Verdict::Better
            } else {
                Verdict::Worse
            }
        }
        (Some(d), Some(Direction::Lower)) => {
            if d < 0.0 {
                Verdict::Better
            } else {
                Verdict::Worse
            }
        }
    };
    Change { kpi: kpi.id(), current, previous, change: diff, relative, verdict }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_better_or_worse_by_the_kpis_direction() {
        let asa = change(Kpi::Call(CallKpi::Asa), Some(30.0), Some(40.0));
        assert_eq!((asa.change, asa.relative, asa.verdict), (Some(-10.0), Some(-0.25), Verdict::Better));
        let sl = change(Kpi::Call(CallKpi::ServiceLevel), Some(0.7), Some(0.8));
        assert_eq!(sl.verdict, Verdict::Worse);
        let offered = change(Kpi::Call(CallKpi::Offered), Some(120.0), Some(100.0));
        assert_eq!(offered.verdict, Verdict::Neutral);
        assert_eq!(change(Kpi::Call(CallKpi::Asa), Some(30.0), None).verdict, Verdict::Unknown);
        assert_eq!(change(Kpi::Call(CallKpi::Asa), Some(0.1 + 0.2), Some(0.3)).verdict, Verdict::Same);
        assert_eq!(change(Kpi::Call(CallKpi::Answered), Some(5.0), Some(0.0)).relative, None);
    }
}
