//! The KPIs of one group, as the report shows them, with numerator and denominator of each.

use serde::Serialize;

use super::IdMap;

/// A rate or mean with what was divided by what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Ratio {
    /// What was summed or counted.
    pub numerator: f64,
    /// What it was divided by.
    pub denominator: f64,
}

/// The KPIs of one group, keyed by the ids of `kpis.md`. Rates are fractions 0–1, times seconds;
/// `None` (JSON null) where the denominator is zero or the source lacks the data. The counts and
/// rates of unanswered calls (the catalogue's queue-side KPIs) are `None` for agents and teams
/// when the source does not say whose unanswered calls they were (see `Kpis::clear_queue_side`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kpis {
    /// Calls that reached the agent queue.
    pub offered: Option<u64>,
    /// Offered calls connected to an agent.
    pub answered: u64,
    /// Offered calls the caller hung up on while waiting.
    pub abandoned: Option<u64>,
    /// Abandoned within the short-abandon threshold.
    pub short_abandoned: Option<u64>,
    /// Left the queue by timeout, key press or empty queue.
    pub timed_out: Option<u64>,
    /// Calls that ended in the IVR (not offered).
    pub ivr_only: Option<u64>,
    /// Answered calls transferred.
    pub transferred: u64,
    /// Answered with wait ≤ the service-level threshold.
    pub answered_within_threshold: u64,
    /// Abandoned with wait ≤ the service-level threshold.
    pub abandoned_within_threshold: Option<u64>,
    /// answered / offered.
    pub answer_rate: Option<f64>,
    /// abandoned / offered (or the variant set).
    pub abandon_rate: Option<f64>,
    /// Service level under the variant set.
    pub service_level: Option<f64>,
    /// The service level under every variant, by variant id.
    pub service_level_variants: IdMap<Option<f64>>,
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
    /// Share of satisfaction answers in the top two boxes (4–5 of 5), from call records (agents'
    /// and teams' rows also count survey files).
    pub csat: Option<f64>,
    /// Mean satisfaction answer (1–5).
    pub csat_mean: Option<f64>,
    /// Satisfaction answers.
    pub csat_responses: u64,
    /// Satisfaction answers by score, 1 to 5.
    pub csat_distribution: [u64; 5],
    /// Calls marked as complaints (a complaint column, or the complaint queue); null when the
    /// source says nothing about complaints.
    pub complaints: Option<u64>,
    /// Numerator and denominator of every rate and mean above.
    pub ratios: IdMap<Ratio>,
}

impl Kpis {
    /// Leaves out every figure about offered and unanswered calls: for a grouping the source does
    /// not attribute unanswered calls to (abandoned calls carry no agent), "0 abandoned" and "100 %
    /// answered" would look real and be wrong.
    pub(crate) fn clear_queue_side(&mut self) {
        self.offered = None;
        self.abandoned = None;
        self.short_abandoned = None;
        self.timed_out = None;
        self.ivr_only = None;
        self.abandoned_within_threshold = None;
        self.answer_rate = None;
        self.abandon_rate = None;
        self.service_level = None;
        self.service_level_variants.values_mut().for_each(|v| *v = None);
        self.avg_wait_abandoned = None;
        self.avg_queue_time = None;
        self.max_wait = None;
        self.wait_p50 = None;
        self.wait_p80 = None;
        self.wait_p90 = None;
        self.wait_p95 = None;
        for id in QUEUE_SIDE_RATIOS {
            self.ratios.remove(id);
        }
    }
}

/// Ratios of queue-side KPIs.
const QUEUE_SIDE_RATIOS: [&str; 5] =
    ["answer_rate", "abandon_rate", "service_level", "avg_wait_abandoned", "avg_queue_time"];

#[cfg(test)]
mod tests {
    use super::super::{KpiRules, Tally};
    use crate::model::call::{Call, Outcome};
    use crate::model::catalog::{CallKpi, Kpi};

    #[test]
    fn clearing_the_queue_side_clears_exactly_the_catalogues_queue_side_kpis() {
        let mut t = Tally::default();
        for (i, outcome) in [Outcome::Answered, Outcome::Abandoned, Outcome::Answered].into_iter().enumerate() {
            let mut c = Call::new(i as i64 * 1000, outcome);
            c.wait_ms = Some(3000 * (i as i64 + 1));
            if outcome == Outcome::Answered {
                (c.talk_ms, c.hold_ms, c.acw_ms, c.transferred) = (Some(5_000), Some(1_000), Some(2_000), Some(i == 0));
            }
            t.add(&c);
        }
        let rules = KpiRules {
            sl_threshold_s: 20,
            sl_variant: Default::default(),
            abandon_variant: Default::default(),
            short_abandon_s: 5,
            short_call_s: 10,
            timeout_as_abandoned: false,
            fcr_window_h: 168,
        };
        let mut k = t.kpis(&rules, super::super::FcrCounts { resolved: 1, repeat: 1, unknown: 0 });
        k.clear_queue_side();
        let v = serde_json::to_value(&k).unwrap();
        for id in CallKpi::ALL {
            let def = Kpi::Call(*id).def();
            assert_eq!(v[id.id()].is_null(), def.queue_side, "{}: {}", id.id(), v[id.id()]);
        }
        assert!(k.service_level_variants.values().all(Option::is_none));
    }
}
