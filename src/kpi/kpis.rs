//! The KPIs of one group, as the report shows them, with numerator and denominator of each.

use std::collections::BTreeMap;

use serde::Serialize;

/// A rate or mean with what was divided by what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Ratio {
    /// What was summed or counted.
    pub numerator: f64,
    /// What it was divided by.
    pub denominator: f64,
}

/// The KPIs of one group, keyed by the ids of `kpis.md`. Rates are fractions 0–1, times seconds;
/// `None` (JSON null) where the denominator is zero or the source lacks the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kpis {
    /// Calls that reached the agent queue.
    pub offered: u64,
    /// Offered calls connected to an agent.
    pub answered: u64,
    /// Offered calls the caller hung up on while waiting.
    pub abandoned: u64,
    /// Abandoned within the short-abandon threshold.
    pub short_abandoned: u64,
    /// Left the queue by timeout, key press or empty queue.
    pub timed_out: u64,
    /// Calls that ended in the IVR (not offered).
    pub ivr_only: u64,
    /// Answered calls transferred.
    pub transferred: u64,
    /// Answered with wait ≤ the service-level threshold.
    pub answered_within_threshold: u64,
    /// Abandoned with wait ≤ the service-level threshold.
    pub abandoned_within_threshold: u64,
    /// answered / offered.
    pub answer_rate: Option<f64>,
    /// abandoned / offered (or the variant set).
    pub abandon_rate: Option<f64>,
    /// Service level under the variant set.
    pub service_level: Option<f64>,
    /// The service level under every variant, by variant id.
    pub service_level_variants: BTreeMap<&'static str, Option<f64>>,
    /// Average speed of answer, seconds.
    pub asa: Option<f64>,
    /// Mean wait of abandoned calls, seconds.
    pub avg_wait_abandoned: Option<f64>,
    /// Mean wait of answered and abandoned calls, seconds.
    pub avg_queue_time: Option<f64>,
    /// Longest wait, seconds.
    pub max_wait: Option<f64>,
    /// Median wait, seconds.
    pub wait_p50: Option<f64>,
    /// 80th percentile of the wait, seconds.
    pub wait_p80: Option<f64>,
    /// 90th percentile of the wait, seconds.
    pub wait_p90: Option<f64>,
    /// 95th percentile of the wait, seconds.
    pub wait_p95: Option<f64>,
    /// Mean talk time, seconds.
    pub avg_talk: Option<f64>,
    /// Mean hold time, seconds.
    pub avg_hold: Option<f64>,
    /// Mean after-call work, seconds.
    pub avg_acw: Option<f64>,
    /// Average handle time, seconds (null without ACW data).
    pub aht: Option<f64>,
    /// Σ talk, seconds.
    pub total_talk: f64,
    /// Σ handle time of calls with ACW data, seconds.
    pub total_handle: Option<f64>,
    /// Answered calls with talk below the short-call threshold.
    pub short_calls: u64,
    /// Short calls / answered calls with talk data.
    pub short_call_rate: Option<f64>,
    /// Transferred / answered calls with transfer data.
    pub transfer_rate: Option<f64>,
    /// Answered calls put on hold / answered calls with hold data.
    pub hold_rate: Option<f64>,
    /// First-contact resolution.
    pub fcr: Option<f64>,
    /// Answered calls whose caller did not call again within the window.
    pub fcr_resolved: u64,
    /// Answered calls whose caller called again within the window.
    pub fcr_repeat: u64,
    /// Answered calls that cannot be judged.
    pub fcr_unknown: u64,
    /// Numerator and denominator of every rate and mean above.
    pub ratios: BTreeMap<&'static str, Ratio>,
}
