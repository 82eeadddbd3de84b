//! The caps on the groups a report tables, whatever a file holds: the call tallies (`kpi`), the
//! outbound tallies and the chat tables (`chat`) all keep at most these many, the first to come,
//! and count the rest in the totals with a note. Here, below them all, so each has one owner.

/// The most distinct agents (or 客服) tabled (a real centre has hundreds to a few thousand).
pub(crate) const MAX_AGENTS: usize = 50_000;
/// The most distinct queues (or outbound campaigns) tabled.
pub(crate) const MAX_QUEUES: usize = 10_000;
/// The most distinct teams tabled.
pub(crate) const MAX_TEAMS: usize = 10_000;
/// The most distinct display names (or teams) counted per agent.
pub(crate) const MAX_NAMES_PER_AGENT: usize = 64;
/// The span of the 15-minute slot tables (days, intervals, weekday × hour), in days: 400 holds a
/// year of data with room to spare, at most 38,400 slots. Outbound and chat day tables keep as
/// many distinct days.
pub(crate) const MAX_SLOT_DAYS: i64 = 400;
