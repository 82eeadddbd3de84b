//! The staffing inputs of a report — the interval model shared by every interval, the handle-time
//! basis and the caller-patience estimate — and the weekday × interval requirement table.

use std::collections::HashMap;

use super::{StaffingSummary, WeekdayIntervalRow};
use crate::kpi::{counts_by, FcrCounts, Kpis, Slots, Tally, SLOT_MS};
use crate::model::message::Message;
use crate::model::time::{weekday_of, MS_PER_DAY};
use crate::settings::Settings;
use crate::staffing::{estimate_patience, IntervalModel, RequiredAgents};

/// The longest mean caller patience Erlang A is computed for, in seconds (4 hours). Erlang A's
/// series take about λ·patience terms per evaluation, so an absurd estimate (a few abandons among
/// calls that waited days: 10⁹ s) once cost minutes per interval; past this bound almost nobody
/// hangs up, Erlang C is the model, and the report says so.
pub(super) const MAX_PATIENCE_S: f64 = 4.0 * 3600.0;

/// The staffing inputs of a report: the interval model and the handle-time basis.
pub(super) struct StaffingPlan {
    pub model: IntervalModel,
    /// The patience estimate when it was beyond [`MAX_PATIENCE_S`] (Erlang A then left out).
    pub patience_too_long: Option<f64>,
    pub aht_basis: &'static str,
    period_aht_s: Option<f64>,
    abandoned: u64,
    total_wait_s: f64,
    /// Requirements already computed, by their inputs' bits (offered calls, handle time): a
    /// weekday × interval cell of the summary covering a single day has exactly the inputs of
    /// that day's interval, so its requirement is looked up instead of searched again.
    computed: HashMap<(u64, Option<u64>), RequiredAgents>,
}

impl StaffingPlan {
    pub(super) fn new(totals: &Tally, settings: &Settings) -> StaffingPlan {
        let k = totals.kpis(&settings.kpi_rules(), FcrCounts::default());
        let ratio = |id: &str| k.ratios.get(id).copied().unwrap_or_default();
        // Exponential patience, maximum likelihood: abandonments / time at risk. Answered
        // callers' waits are censored patience, so they count in the time at risk.
        let abandoned = ratio("avg_wait_abandoned").denominator as u64;
        let total_wait_s = ratio("avg_queue_time").numerator;
        let aht_basis = if totals.acw_count > 0 { "aht" } else { "avg_talk" };
        let estimate = estimate_patience(abandoned, total_wait_s);
        let patience_too_long = estimate.filter(|p| *p > MAX_PATIENCE_S);
        StaffingPlan {
            model: IntervalModel {
                interval_s: f64::from(settings.interval_min) * 60.0,
                targets: settings.staffing_targets(),
                patience_s: estimate.filter(|p| *p <= MAX_PATIENCE_S),
            },
            patience_too_long,
            aht_basis,
            period_aht_s: handle_time(&k, aht_basis),
            abandoned,
            total_wait_s,
            computed: HashMap::new(),
        }
    }

    pub(super) fn required(&mut self, k: &Kpis) -> RequiredAgents {
        let aht = handle_time(k, self.aht_basis).or(self.period_aht_s);
        self.required_for(k.offered.unwrap_or(0) as f64, aht)
    }

    /// `self.model.required(calls, aht_s)`, each distinct input computed once. The model is a
    /// pure function of its inputs, so a remembered result is the one it would compute again.
    fn required_for(&mut self, calls: f64, aht_s: Option<f64>) -> RequiredAgents {
        let model = &self.model;
        *self.computed.entry((calls.to_bits(), aht_s.map(f64::to_bits))).or_insert_with(|| model.required(calls, aht_s))
    }

    pub(super) fn summary(
        mut self,
        days_with_calls: impl Iterator<Item = i64>,
        slots: &Slots,
        settings: &Settings,
    ) -> StaffingSummary {
        let slot_ms = SLOT_MS;
        let rules = settings.kpi_rules();
        let per_day = (MS_PER_DAY / (i64::from(settings.interval_min) * 60_000)) as usize;
        let weekday_of = |day: i64| weekday_of(day) as usize;
        let mut days = [0u32; 7];
        for day in days_with_calls {
            days[weekday_of(day)] += 1;
        }
        // Intervals start on whole multiples of their length, so a slot falls in the cell of its
        // interval. Counts alone are summed: a cell's requirement reads its offered calls and
        // handle time.
        let mut sums = counts_by(slots.iter().map(|(slot, t)| {
            let ms = slot * slot_ms;
            let day = ms.div_euclid(MS_PER_DAY);
            let of_day = (ms.rem_euclid(MS_PER_DAY) / (i64::from(settings.interval_min) * 60_000)) as usize;
            (weekday_of(day) * per_day + of_day.min(per_day - 1), &**t)
        }));
        let cells: Vec<Tally> = (0..7 * per_day).map(|cell| sums.remove(&cell).unwrap_or_default()).collect();
        let mut weekday_interval = Vec::new();
        for (weekday, &n) in days.iter().enumerate() {
            if n == 0 {
                continue;
            }
            for of_day in 0..per_day {
                let k = cells[weekday * per_day + of_day].kpis(&rules, FcrCounts::default());
                let offered_mean = k.offered.unwrap_or(0) as f64 / f64::from(n);
                let aht_s = handle_time(&k, self.aht_basis).or(if k.offered.unwrap_or(0) > 0 {
                    self.period_aht_s
                } else {
                    None
                });
                let minutes = of_day as u32 * settings.interval_min;
                weekday_interval.push(WeekdayIntervalRow {
                    weekday: weekday as u32,
                    interval: format!("{:02}:{:02}", minutes / 60, minutes % 60),
                    days: n,
                    offered_mean,
                    aht_s,
                    required_agents: self.required_for(offered_mean, aht_s),
                });
            }
        }
        StaffingSummary {
            patience_s: self.model.patience_s,
            method: Message::PatienceMethod,
            abandoned: self.abandoned,
            total_wait_s: self.total_wait_s,
            aht_basis: self.aht_basis,
            period_aht_s: self.period_aht_s,
            interval_min: settings.interval_min,
            sl_target: settings.sl_target,
            sl_threshold_s: settings.sl_threshold_s,
            max_occupancy: settings.max_occupancy,
            shrinkage: settings.shrinkage,
            weekday_interval,
        }
    }
}

/// Handle time on the report's basis: AHT with ACW, or talk only.
fn handle_time(k: &Kpis, basis: &str) -> Option<f64> {
    if basis == "aht" {
        k.aht
    } else {
        k.avg_talk
    }
}
