//! The KPI engine: tallies that calls are added to, and the KPIs computed from them.
//!
//! A [`Tally`] holds only counts, integer sums and per-second histograms, so it is small,
//! exact, independent of the order calls arrive in, and mergeable ([`Tally::merge`]): work can
//! be split across workers and joined. Every derived KPI is computed in [`Tally::kpis`] from the
//! tally and the settings, with its numerator and denominator kept beside it.

mod aggregate;
mod histogram;
mod id_map;
mod kpis;
mod outbound;
mod rules;
mod tally;

pub(crate) use aggregate::{
    Aggregates, Attribution, FcrByGroup, FcrCounts, GroupKind, Slots, MAX_AGENTS, MAX_AGENT_QUEUES, MAX_GROUP_DAYS,
    MAX_NAMES_PER_AGENT, MAX_QUEUES, MAX_SLOT_DAYS, MAX_TEAMS, SLOT_MS,
};
pub use id_map::IdMap;
pub use kpis::{Kpis, Ratio};
pub use outbound::OutboundKpis;
pub(crate) use outbound::{OutboundAggregates, OutboundTally, MAX_RESULT_CODES};
pub use rules::{AbandonVariant, KpiRules, SlVariant};
pub(crate) use tally::{counts_by, sums_by, Tally};

/// Talk times above this are kept in the top bin of the talk histogram: only short calls are
/// ever asked about (the short-call threshold is at most this), and it keeps the histogram small.
pub(crate) const TALK_HIST_CAP_S: u32 = 120;

impl Aggregates {
    /// The binary form of the tallies (postcard over their serde form), for a byte range read in
    /// another worker.
    pub(crate) fn put_wire(&self, w: &mut crate::model::wire::Writer) {
        // Straight into the writer's buffer (a Vec of its own meant a second copy of the FCR
        // calls). Serializing plain data into a Vec cannot fail; if it did, the state would be
        // empty and fail to decode, and its range be read again.
        let buf = std::mem::take(&mut w.buf);
        w.buf = postcard::to_extend(self, buf).unwrap_or_default();
    }

    /// Read back from [`Aggregates::put_wire`] (the rest of the section).
    pub(crate) fn get_wire(r: &mut crate::model::wire::Reader<'_>) -> crate::model::wire::WireResult<Aggregates> {
        postcard::from_bytes(r.rest()).map_err(|_| crate::model::wire::Bad("tallies"))
    }
}
