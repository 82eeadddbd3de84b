//! The KPIs of one group, as the report shows them, with numerator and denominator of each.

use std::collections::BTreeMap;

use serde::Serialize;

/// A rate or mean with what was divided by what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Ratio {
    pub numerator: f64,
    pub denominator: f64,
}

/// The KPIs of one group, keyed by the ids of `kpis.md`. Rates are fractions 0–1, times seconds;
/// `None` (JSON null) where the denominator is zero or the source lacks the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kpis {
    pub offered: u64,
    pub answered: u64,
    pub abandoned: u64,
    pub short_abandoned: u64,
    pub timed_out: u64,
    pub ivr_only: u64,
    pub transferred: u64,
    pub answered_within_threshold: u64,
    pub abandoned_within_threshold: u64,
    pub answer_rate: Option<f64>,
    pub abandon_rate: Option<f64>,
    pub service_level: Option<f64>,
    pub service_level_variants: BTreeMap<&'static str, Option<f64>>,
    pub asa: Option<f64>,
    pub avg_wait_abandoned: Option<f64>,
    pub avg_queue_time: Option<f64>,
    pub max_wait: Option<f64>,
    pub wait_p50: Option<f64>,
    pub wait_p80: Option<f64>,
    pub wait_p90: Option<f64>,
    pub wait_p95: Option<f64>,
    pub avg_talk: Option<f64>,
    pub avg_hold: Option<f64>,
    pub avg_acw: Option<f64>,
    pub aht: Option<f64>,
    pub total_talk: f64,
    pub total_handle: Option<f64>,
    pub short_calls: u64,
    pub short_call_rate: Option<f64>,
    pub transfer_rate: Option<f64>,
    pub hold_rate: Option<f64>,
    pub fcr: Option<f64>,
    pub fcr_resolved: u64,
    pub fcr_repeat: u64,
    pub fcr_unknown: u64,
    /// Numerator and denominator of every rate and mean above.
    pub ratios: BTreeMap<&'static str, Ratio>,
}
