//! The agent-time figures of the report: per-agent logged-in, paused, available time and the
//! rates made from them, and logged-in agents per interval.

use std::collections::BTreeMap;

use super::AgentRow;
use crate::kpi::{Ratio, Tally, SLOT_MS};
use crate::model::catalog::AgentTimeKpi;
use crate::pbx::agents::{spread, AgentTime};
use crate::pbx::PbxOutput;

/// Logged-in and paused agent-milliseconds per report interval (keyed by start, local ms), for
/// the intervals that have calls. Sums of integers over all spans: independent of the order the
/// events came in.
pub(super) fn interval_presence(
    p: &PbxOutput,
    intervals: impl Iterator<Item = i64>,
    interval_min: u32,
) -> BTreeMap<i64, [i64; 2]> {
    let len_ms = i64::from(interval_min) * 60_000;
    let mut m: BTreeMap<i64, [i64; 2]> = intervals.map(|slot| (slot * SLOT_MS, [0, 0])).collect();
    for t in p.agents.values() {
        spread(&t.logged_in_spans, len_ms, &mut m, 0);
        spread(&t.paused_spans, len_ms, &mut m, 1);
    }
    m
}

/// The Agent-time KPIs of `kpis.md` for one agent. Handle = talk + hold + ACW (ACW from an
/// agent-state file when it has any, else from the call records).
pub(super) fn agent_time(row: &mut AgentRow, t: &Tally, at: Option<&AgentTime>, missed: u64) {
    row.missed = missed;
    let Some(at) = at else { return };
    let secs = |ms: i64| ms as f64 / 1000.0;
    let logged = secs(at.logged_in_ms);
    let paused = secs(at.paused_total_ms());
    let acw = if at.acw_ms > 0 { at.acw_ms } else { t.acw_ms };
    let talk = secs(t.talk_ms);
    let handle = secs(t.talk_ms + t.hold_ms + acw);
    let available = (logged - paused - handle).max(0.0);
    row.logged_in = Some(logged);
    row.paused = at.paused_ms.iter().map(|(k, v)| (k.clone(), secs(*v))).collect();
    row.available = Some(available);
    row.open_sessions = at.open_at_end + at.open_at_start;
    let ratios = &mut row.kpis.ratios;
    let mut rate = |kpi: AgentTimeKpi, num: f64, den: f64| -> Option<f64> {
        ratios.insert(kpi.id(), Ratio { numerator: num, denominator: den });
        (den > 0.0).then(|| num / den)
    };
    row.occupancy = rate(AgentTimeKpi::Occupancy, handle, handle + available);
    row.utilization = rate(AgentTimeKpi::Utilization, handle, logged);
    row.work_rate = rate(AgentTimeKpi::WorkRate, talk, logged);
    row.calls_per_hour = rate(AgentTimeKpi::CallsPerHour, t.answered as f64, logged / 3600.0);
}
