//! Weeks and appraisal months: the day tallies summed into the periods a manager appraises by
//! (see [`crate::model::calendar`] for how days are cut). Periods are sums of day tallies, so they
//! change with `week_start` and `month_starts_on_day` without reading the files again, and their
//! counts add up to the total row.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::PeriodRow;
use crate::kpi::{sums_by, FcrCounts, KpiRules, Tally};
use crate::model::calendar::{Calendar, Grain, Period};
use crate::model::time::format_day;

/// Day tallies (days since 1970) summed per period of `grain`, each with its FCR counts.
pub(crate) fn sum_by_period<'a>(
    days: impl IntoIterator<Item = (&'a i64, &'a Tally)>,
    fcr_days: &FxHashMap<i64, FcrCounts>,
    grain: Grain,
    cal: &Calendar,
) -> BTreeMap<Period, (Tally, FcrCounts)> {
    let mut fcr: BTreeMap<Period, FcrCounts> = BTreeMap::new();
    let tallies = sums_by(days.into_iter().map(|(day, t)| {
        let period = cal.period(grain, *day);
        let f = fcr.entry(period.clone()).or_default();
        if let Some(day_fcr) = fcr_days.get(day) {
            f.add(*day_fcr);
        }
        (period, t)
    }));
    tallies
        .into_iter()
        .map(|(period, t)| {
            let f = fcr.remove(&period).unwrap_or_default();
            (period, (t, f))
        })
        .collect()
}

/// The rows of `by_week` or `by_month`.
pub(crate) fn period_rows(
    days: &BTreeMap<i64, Tally>,
    fcr_days: &FxHashMap<i64, FcrCounts>,
    grain: Grain,
    cal: &Calendar,
    rules: &KpiRules,
) -> Vec<PeriodRow> {
    sum_by_period(days, fcr_days, grain, cal)
        .into_iter()
        .map(|(p, (t, f))| PeriodRow {
            period: p.label,
            first_day: format_day(p.first),
            last_day: format_day(p.last),
            kpis: t.kpis(rules, f),
        })
        .collect()
}
