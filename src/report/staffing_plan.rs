//! The staffing inputs of a report — the interval model shared by every interval, the handle-time
//! basis and the caller-patience estimate — and the weekday × interval requirement table.

use std::collections::HashMap;

use super::{StaffingSummary, WeekdayIntervalRow};
use crate::kpi::{counts_by, Aggregates, FcrCounts, Kpis, Slots, Tally, SLOT_MS};
use crate::model::message::Message;
use crate::model::time::{weekday_of, MS_PER_DAY};
use crate::model::wire::{wire_fields, Bad, Reader, Wire, WireResult, Writer};
use crate::settings::Settings;
use crate::staffing::{estimate_patience, IntervalModel, Performance, RequiredAgents, Staffing, Targets};

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

    /// This plan with `seeds`' requirements known, when they were worked out under its model.
    pub(super) fn seeded(mut self, seeds: Option<StaffingSeeds>) -> StaffingPlan {
        if let Some(seeds) = seeds.filter(|s| s.model == self.model) {
            self.computed = seeds.known;
        }
        self
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

/// The intervals' requirements worked out in another worker ([`staffing_seeds`]) while this one
/// judges the repeat callers, the two longest parts of a big report's build (in the page at 1 GB
/// 430 ms and 190 ms, one after the other on one core while the other waited). They are results
/// of a pure function of (model, offered calls, handle time), so the build takes them as known
/// where its model is theirs ([`StaffingPlan::seeded`]) and works out the rest itself: seeds of
/// other data or settings cost time, never a figure.
#[derive(Debug)]
pub(crate) struct StaffingSeeds {
    model: IntervalModel,
    known: HashMap<(u64, Option<u64>), RequiredAgents>,
}

/// What another worker needs to work out the intervals' requirements ([`staffing_seeds`]): the
/// settings (as JSON), the tally of every call (the model: handle time, patience) and each
/// interval's counts (offered calls, handle time; no histograms), in postcard. `None` when there
/// is no repeat-caller pass to work beside (FCR off, no callers read, or judged under this window
/// already: a rebuild under a new threshold) or no staffing.
pub(crate) fn staffing_work(agg: &mut Aggregates, settings: &Settings) -> Option<Vec<u8>> {
    if !settings.staffing || !agg.has_repeat_callers_to_judge(settings.fcr_window_h) {
        return None;
    }
    agg.trim_slots();
    let per = i64::from(settings.interval_min / 15);
    let intervals = counts_by(agg.slots.iter().map(|(slot, t)| (slot.div_euclid(per), &**t)));
    let work: (String, Tally, Vec<Tally>) =
        (serde_json::to_string(settings).ok()?, agg.every_call(), intervals.into_values().collect());
    postcard::to_allocvec(&work).ok()
}

/// The requirements of `work`'s intervals ([`staffing_work`]), as [`StaffingSeeds::read`] takes
/// them.
pub(crate) fn staffing_seeds(work: &[u8]) -> WireResult<Vec<u8>> {
    let (settings, totals, intervals): (String, Tally, Vec<Tally>) =
        postcard::from_bytes(work).map_err(|_| Bad("staffing work"))?;
    let settings: Settings = serde_json::from_str(&settings).map_err(|_| Bad("staffing work's settings"))?;
    settings.validate().map_err(|_| Bad("staffing work's settings"))?;
    let mut plan = StaffingPlan::new(&totals, &settings);
    let rules = settings.kpi_rules();
    for t in &intervals {
        plan.required(&t.kpis(&rules, FcrCounts::default()));
    }
    let known: Vec<Seed> = plan
        .computed
        .iter()
        .map(|(&(calls, aht), required)| ((f64::from_bits(calls), aht.map(f64::from_bits)), *required))
        .collect();
    let mut w = Writer::default();
    (plan.model, known).put(&mut w);
    Ok(w.buf)
}

/// A requirement and its inputs (offered calls, handle time), as the seeds' binary form holds it.
type Seed = ((f64, Option<f64>), RequiredAgents);

impl StaffingSeeds {
    /// Seeds as [`staffing_seeds`] wrote them.
    pub(crate) fn read(bytes: &[u8]) -> WireResult<StaffingSeeds> {
        let mut r = Reader::new(bytes);
        let (model, known): (IntervalModel, Vec<Seed>) = Wire::get(&mut r)?;
        r.end()?;
        let known =
            known.into_iter().map(|((calls, aht), required)| ((calls.to_bits(), aht.map(f64::to_bits)), required));
        Ok(StaffingSeeds { model, known: known.collect() })
    }

    /// These seeds with every Erlang C count made `raw` (tests: a report showing it took them).
    #[cfg(test)]
    pub(crate) fn with_erlang_c(mut self, raw: u32) -> StaffingSeeds {
        for required in self.known.values_mut() {
            if let Some(c) = &mut required.erlang_c {
                c.raw_positions = raw;
            }
        }
        self
    }
}

// The seeds' binary form, through the wire's numbers and options (the staffing types flatten
// their performance for JSON, which postcard cannot read back).
wire_fields! {
    IntervalModel { interval_s, targets, patience_s }
    Targets { sl_target, sl_threshold_s, max_occupancy, max_wait_probability, shrinkage }
    RequiredAgents { erlang_c, erlang_a, aht_s }
    Staffing { raw_positions, positions, performance }
    Performance {
        agents,
        traffic_erlangs,
        waiting_probability,
        service_level,
        asa,
        mean_wait,
        occupancy,
        abandon_probability,
    }
}
