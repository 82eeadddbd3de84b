//! Tallies for every grouping of the report, and the repeat-caller (FCR) pass.
//!
//! Memory is bounded by the number of groups (queues, agents, teams, days, 15-minute slots), with
//! one exception that the report states: repeat-caller FCR has to remember when each caller
//! called (24 bytes per call with a caller id). Setting the FCR window to 0 frees it.
//!
//! The groups themselves are capped, so a column that does not hold what its header says (a
//! call id read as the agent, dates spread over ten thousand years) cannot take the memory of a
//! table per row: at most [`MAX_AGENTS`] agents, [`MAX_QUEUES`] queues and [`MAX_TEAMS`] teams
//! (calls of further ones are counted, in the totals, and named in a note), and 15-minute slots
//! over at most [`MAX_SLOT_DAYS`] days, the last ones of the data (earlier calls are in the
//! totals, queues and agents, and named in a note). Which slots are kept depends only on the
//! latest call, so the result does not depend on the order rows arrive in; which agents, queues
//! and teams are kept past a cap is the first ones read.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::tally::sums_by;
use super::{OutboundAggregates, Tally};
use crate::model::bit_pack::{width, Packed};
use crate::model::call::{hash_id, is_anonymous, Call, Outcome};
use crate::model::hash_sort::{hash_and_second, second_of, KEPT_HASH_BITS};
use crate::model::time::{weekday_of, MS_PER_DAY};

/// Intervals are tallied at 15 minutes and merged into 30 or 60 when the report asks, so the
/// interval length can change without reading the files again.
pub(crate) const SLOT_MS: i64 = 15 * 60 * 1000;

pub(crate) use crate::model::caps::{MAX_AGENTS, MAX_NAMES_PER_AGENT, MAX_QUEUES, MAX_SLOT_DAYS, MAX_TEAMS};
const MAX_SLOTS: i64 = MAX_SLOT_DAYS * (MS_PER_DAY / SLOT_MS);
/// The most group × day tallies kept (queues, agents and teams per day together: 1,500 agents in
/// 30 teams on 5 queues over a month are 47,000; 120 agents over a year 47,000), about 1–2 KB each
/// and three trend rows in the report. Past it the trends and period comparisons of groups are
/// left out with a note (filter by date or team to see them); the whole-span tables stay exact.
pub(crate) const MAX_GROUP_DAYS: usize = 50_000;
/// The most agent × queue tallies kept.
pub(crate) const MAX_AGENT_QUEUES: usize = 20_000;

/// Which grouping a group × day tally is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum GroupKind {
    Queue,
    Agent,
    Team,
}

/// A group (by its slot in [`Aggregates::queues`], `agents` or `teams`) on one day (days since
/// 1970, local time).
pub(crate) type GroupDay = (GroupKind, u32, i64);

/// Tallies per group and day, the source of trends and period comparisons of groups, kept over
/// the whole days of the slot tables' span (so which days are kept depends only on the latest
/// call, never on the order rows arrive in).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct GroupDays {
    #[serde(with = "crate::model::pairs")]
    pub map: FxHashMap<GroupDay, Box<Tally>>,
    /// More than [`MAX_GROUP_DAYS`] were needed: the map is empty for good.
    pub capped: bool,
    /// Agent × queue over the whole span.
    #[serde(with = "crate::model::pairs")]
    pub agent_queues: FxHashMap<(u32, u32), Box<Tally>>,
    /// More than [`MAX_AGENT_QUEUES`] were needed: `agent_queues` is empty for good.
    pub agent_queues_capped: bool,
}

impl GroupDays {
    fn agent_queue(&mut self, key: (u32, u32)) -> Option<&mut Tally> {
        capped_entry(&mut self.agent_queues, &mut self.agent_queues_capped, MAX_AGENT_QUEUES, key)
    }
}

/// The tally of `key` in a map of at most `limit` keys; once a new key would pass the limit the
/// map is emptied and `capped` set for good (a partial table would look complete).
fn capped_entry<'a, K: std::hash::Hash + Eq>(
    map: &'a mut FxHashMap<K, Box<Tally>>,
    capped: &mut bool,
    limit: usize,
    key: K,
) -> Option<&'a mut Tally> {
    if *capped {
        return None;
    }
    if map.len() >= limit && !map.contains_key(&key) {
        *capped = true;
        *map = FxHashMap::default();
        return None;
    }
    Some(map.entry(key).or_default())
}

/// Tallies keyed by a name, with `None` for "not given", at most `limit` names. Serialized
/// without its index, which is rebuilt on load ([`NamedData`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(try_from = "NamedData")]
pub(crate) struct Named {
    #[serde(skip)]
    index: FxHashMap<String, u32>,
    #[serde(skip)]
    none: Option<u32>,
    pub keys: Vec<Option<String>>,
    pub tallies: Vec<Tally>,
    /// The most names kept (0 = [`Named::with_limit`] not called: no limit, for tests).
    limit: usize,
    /// Calls of names past the limit.
    pub overflow_calls: u64,
}

/// [`Named`] as serialized: the keys and tallies, the index rebuilt from the keys on load.
#[derive(Deserialize)]
struct NamedData {
    keys: Vec<Option<String>>,
    tallies: Vec<Tally>,
    limit: usize,
    overflow_calls: u64,
}

impl TryFrom<NamedData> for Named {
    type Error = &'static str;

    fn try_from(d: NamedData) -> Result<Named, &'static str> {
        if d.keys.len() != d.tallies.len() {
            return Err("a table's keys and tallies differ in number");
        }
        let mut named = Named { limit: d.limit, overflow_calls: d.overflow_calls, ..Named::default() };
        for (i, key) in d.keys.iter().enumerate() {
            let i = i as u32;
            let fresh = match key {
                Some(k) => named.index.insert(k.clone(), i).is_none(),
                None => named.none.replace(i).is_none(),
            };
            if !fresh {
                return Err("a table names the same key twice");
            }
        }
        named.keys = d.keys;
        named.tallies = d.tallies;
        Ok(named)
    }
}

impl Named {
    fn with_limit(limit: usize) -> Named {
        Named { limit, ..Named::default() }
    }

    /// The slot of `key`, created on first use; `None` for a new name past the limit (the caller
    /// counts the call in `overflow_calls` or elsewhere). No allocation when the key exists.
    pub(crate) fn slot(&mut self, key: Option<&str>) -> Option<u32> {
        let found = match key {
            Some(k) => self.index.get(k).copied(),
            None => self.none,
        };
        if let Some(i) = found {
            return Some(i);
        }
        if key.is_some() && self.limit > 0 && self.index.len() >= self.limit {
            return None;
        }
        let i = self.keys.len() as u32;
        self.keys.push(key.map(str::to_string));
        self.tallies.push(Tally::default());
        match key {
            Some(k) => {
                self.index.insert(k.to_string(), i);
            }
            None => self.none = Some(i),
        }
        Some(i)
    }

    pub(crate) fn get(&self, key: Option<&str>) -> Option<u32> {
        match key {
            Some(k) => self.index.get(k).copied(),
            None => self.none,
        }
    }

    /// Adds another table; each of its slots maps to one here, or to `None` past the limit.
    fn merge(&mut self, other: &Named) -> Vec<Option<u32>> {
        self.overflow_calls += other.overflow_calls;
        let mut remap = Vec::with_capacity(other.keys.len());
        for (key, tally) in other.keys.iter().zip(&other.tallies) {
            let i = self.slot(key.as_deref());
            match i {
                Some(i) => self.tallies[i as usize].merge(tally),
                None => self.overflow_calls += tally.offered + tally.ivr_only,
            }
            remap.push(i);
        }
        remap
    }
}

/// One call as the FCR pass needs it, in 14 bytes, ordered by caller, then arrival second, agent
/// and queue: `high` holds the top 48 bits of the caller's hash and the second's top 16 bits
/// (agent and queue slots fit 16 bits, since at most [`MAX_AGENTS`] agents and [`MAX_QUEUES`]
/// queues are tallied).
///
/// 48 bits of the caller's hash: a call is wrongly taken for a repeat only when another caller's
/// hash shares them and rang within the window; with a week's window holding 2.5 M calls, odds of
/// 2.5 M in 2⁴⁸ (one in 100 million) a call — about one call wrongly judged in ten months of a
/// centre taking 10 M calls a month (64 bits took 2 bytes more a call for no figure that moves).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(C, packed(2))]
struct FcrCall {
    high: u64,
    /// The arrival second's low 16 bits (local seconds since 1970).
    t_low: u16,
    /// Agent slot when answered (`UNANSWERED` otherwise).
    agent: u16,
    queue: u16,
}

impl FcrCall {
    fn new(caller: u64, t: u32, agent: u16, queue: u16) -> FcrCall {
        FcrCall { high: hash_and_second(caller, t), t_low: t as u16, agent, queue }
    }

    /// The call's place in the order (`Ord`'s: caller and second, agent, queue) as one number,
    /// compared in one step where sorting compared field by field.
    fn key(&self) -> u128 {
        u128::from(self.high) << 64
            | u128::from(self.t_low) << 32
            | u128::from(self.agent) << 16
            | u128::from(self.queue)
    }

    /// The top 48 bits of the caller's hash (the low 16 are zero).
    fn caller(&self) -> u64 {
        self.high & KEPT_HASH_BITS
    }

    /// Arrival, in local seconds since 1970.
    fn t(&self) -> u32 {
        second_of(self.high, self.t_low)
    }
}

/// Sorts calls (ordered by caller hash first) whose callers share their top `shared` bits.
fn sort_calls(calls: &mut [FcrCall], shared: u32) {
    crate::model::hash_sort::sort_by_hash(calls, shared, FcrCall::key);
}

const UNANSWERED: u16 = u16::MAX;
/// Agent slot of an answered call whose agent is past [`MAX_AGENTS`]: in the totals only.
const AGENT_OVER_LIMIT: u16 = u16::MAX - 2;
/// The agent "slot" of a call whose agent is past the limit, while adding it.
const AGENT_OVER_LIMIT_SLOT: u32 = u32::MAX;
const _: () = assert!(MAX_AGENTS < AGENT_OVER_LIMIT as usize && MAX_QUEUES < u16::MAX as usize);

/// FCR calls are appended in chunks of this many (896 KiB while filled), so the list never holds a
/// doubled capacity or a reallocation's two copies: at most one chunk of slack.
const FCR_CHUNK: usize = 1 << 16;

/// The calls the repeat-caller pass needs, in chunks, each a sorted run once full.
///
/// A chunk is sorted when it is full, while the file is read: with byte ranges read in parallel
/// (threads, the page's workers) that sorting happens on every core. It is then kept packed
/// ([`PackedRun`]: about 8 bytes a call instead of 14). The repeat-caller pass walks the runs
/// merged ([`MergedRuns`]), so it needs no second copy of the calls and no sort of them all: a
/// 1 GB file's 10 M calls take about 80 MB once.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct FcrCalls {
    /// Full chunks (and partial ones taken from merged states), sorted and packed, and the chunk
    /// being filled. Serialized as one list of packed runs ([`packed_chunks`]).
    #[serde(with = "packed_chunks")]
    chunks: Chunks,
    /// The last pass's counts and what they were judged under. A report is rebuilt under other
    /// settings each time the page's user changes one (a threshold, a period), and the pass over
    /// every call was a third of a report's build; only its window and the data change its counts.
    /// Dropped when a call is added; never serialized.
    #[serde(skip)]
    last_pass: Option<(FcrPass, FcrByGroup)>,
}

#[derive(Clone, Debug, Default)]
struct Chunks {
    packed: Vec<PackedRun>,
    /// The last chunk, while it is filled: unsorted, fewer than [`FCR_CHUNK`] calls.
    filling: Vec<FcrCall>,
}

/// A sorted run of FCR calls in the bits its values need (`model::bit_pack`): each call's caller
/// as its step from the call before (a run's 65,536 callers, sorted, are about 2³² apart in their
/// 2⁴⁸), its arrival from the run's first (a run spans days), its agent and queue slots in the
/// bits the run's highest needs. The benchmark's runs take 8–9 bytes a call.
#[derive(Clone, Debug)]
struct PackedRun {
    /// Per call: caller step, arrival − `t_min`, agent code ([`agent_code`]), queue slot.
    calls: Packed<4>,
    /// The caller hash's top 48 bits of the first call (shifted down).
    first_caller: u64,
    t_min: u32,
    t_max: u32,
    /// One past the highest slot of an agent under the limit, and of a queue, as packed (for
    /// [`FcrCalls::extent`]).
    agents: usize,
    queues: usize,
    /// The slots now of the agents and queues as packed, for a run added from another analysis
    /// ([`FcrCalls::append_mapped`]): its calls are read through the map instead of unpacked,
    /// renumbered and packed again, which was a quarter of adding a range's state.
    slots: Option<Arc<SlotMap>>,
}

/// Agent and queue slots of another analysis → this one's ([`Aggregates::merge`]).
#[derive(Debug, PartialEq, Eq)]
struct SlotMap {
    /// Per agent slot under the limit there: its slot here ([`AGENT_OVER_LIMIT`] past the limit).
    agents: Vec<u16>,
    /// Per queue slot there: its slot here.
    queues: Vec<u16>,
}

impl SlotMap {
    /// A call's agent slot here; the values past the limit and "unanswered" are kept. (A slot the
    /// map does not hold, never written, counts past the limit rather than panicking.)
    fn agent(&self, agent: u16) -> u16 {
        if agent >= AGENT_OVER_LIMIT {
            return agent;
        }
        self.agents.get(usize::from(agent)).copied().unwrap_or(AGENT_OVER_LIMIT)
    }

    fn queue(&self, queue: u16) -> u16 {
        self.queues.get(usize::from(queue)).copied().unwrap_or(0)
    }

    /// `inner`, then this map: for a run renumbered twice (a state added to one that is added on).
    fn after(&self, inner: &SlotMap) -> SlotMap {
        SlotMap {
            agents: inner.agents.iter().map(|&a| self.agent(a)).collect(),
            queues: inner.queues.iter().map(|&q| self.queue(q)).collect(),
        }
    }
}

/// An agent slot as a small number: the three values past the limit ([`AGENT_OVER_LIMIT`], the
/// unused one above it, [`UNANSWERED`]) become 0–2, slots 3 and up, so a run's agent field is as
/// wide as its agents need.
fn agent_code(agent: u16) -> u64 {
    u64::from(agent.wrapping_add(3))
}

fn agent_of_code(code: u64) -> u16 {
    (code as u16).wrapping_sub(3)
}

/// Where a walk is in a [`PackedRun`]: the next call's index and the caller before it.
#[derive(Clone, Copy, Debug)]
struct Cursor {
    at: usize,
    caller: u64,
}

impl PackedRun {
    /// Packs calls as they are: in order (as [`sort_calls`] leaves them) each caller's step is
    /// small; out of order it wraps, takes 64 bits, and still gives the calls back.
    fn pack(calls: &[FcrCall]) -> PackedRun {
        let caller = |c: &FcrCall| c.caller() >> 16;
        let first_caller = calls.first().map_or(0, caller);
        let (mut step, mut t_min, mut t_max, mut code, mut queue, mut agents) = (0, u32::MAX, 0, 0, 0, 0);
        let mut before = first_caller;
        for c in calls {
            step = step.max(caller(c).wrapping_sub(before));
            before = caller(c);
            (t_min, t_max) = (t_min.min(c.t()), t_max.max(c.t()));
            code = code.max(agent_code(c.agent));
            queue = queue.max(c.queue);
            if c.agent < AGENT_OVER_LIMIT {
                agents = agents.max(usize::from(c.agent) + 1);
            }
        }
        let t_min = t_min.min(t_max);
        let widths = [width(step), width(u64::from(t_max - t_min)), width(code), width(u64::from(queue))];
        let mut packed = Packed::with_capacity(widths, calls.len());
        let mut before = first_caller;
        for c in calls {
            packed.push([
                caller(c).wrapping_sub(before),
                u64::from(c.t() - t_min),
                agent_code(c.agent),
                u64::from(c.queue),
            ]);
            before = caller(c);
        }
        let queues = if calls.is_empty() { 0 } else { usize::from(queue) + 1 };
        PackedRun { calls: packed, first_caller, t_min, t_max, agents, queues, slots: None }
    }

    /// This run read through `map` (after the map it was read through so far).
    fn mapped(self, map: &Arc<SlotMap>) -> PackedRun {
        let slots = match &self.slots {
            Some(inner) => Arc::new(map.after(inner)),
            None => Arc::clone(map),
        };
        PackedRun { slots: Some(slots), ..self }
    }

    /// One past the highest agent slot under the limit, and queue slot, the run's calls may name
    /// (for a mapped run, the highest its packed slots map to).
    fn extent(&self) -> (usize, usize) {
        let Some(m) = &self.slots else { return (self.agents, self.queues) };
        let agents = (0..self.agents as u16).map(|a| m.agent(a)).filter(|&a| a < AGENT_OVER_LIMIT);
        let queues = (0..self.queues as u16).map(|q| usize::from(m.queue(q)) + 1);
        (agents.map(|a| usize::from(a) + 1).max().unwrap_or(0), queues.max().unwrap_or(0))
    }

    fn len(&self) -> usize {
        self.calls.len()
    }

    fn start(&self) -> Cursor {
        Cursor { at: 0, caller: self.first_caller }
    }

    /// The call at `cur`, and `cur` moved past it; None at the run's end.
    fn read(&self, cur: &mut Cursor) -> Option<FcrCall> {
        if cur.at >= self.len() {
            return None;
        }
        let [step, t, agent, queue] = self.calls.get(cur.at);
        cur.at += 1;
        cur.caller = cur.caller.wrapping_add(step);
        let (agent, queue) = match &self.slots {
            None => (agent_of_code(agent), queue as u16),
            Some(m) => (m.agent(agent_of_code(agent)), m.queue(queue as u16)),
        };
        Some(FcrCall::new(cur.caller << 16, self.t_min + t as u32, agent, queue))
    }

    fn unpack(&self) -> Vec<FcrCall> {
        let mut cur = self.start();
        std::iter::from_fn(|| self.read(&mut cur)).collect()
    }

    /// Sorts calls where they are not in order ([`sort_calls`]), and packs them.
    fn of_sorted(calls: &mut [FcrCall]) -> PackedRun {
        if !calls.is_sorted_by_key(FcrCall::key) {
            sort_calls(calls, 0);
        }
        PackedRun::pack(calls)
    }
}

/// What a repeat-caller pass's counts depend on besides the calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FcrPass {
    window_s: i64,
    /// The end of the data (its last arrival, in seconds): calls closer to it are unknown.
    end: i64,
    /// The agent slot of "no agent", which answered calls without an agent count for.
    no_agent: Option<u32>,
    /// [`DayCounts`]' most cells (tests try arrays and maps).
    cells: usize,
}

/// FCR calls serialized as one byte string per chunk: the chunk's packed run as it is held
/// ([`PackedRun`]: its first caller, first and last second, agent and queue extents, length and
/// field widths, then its words, little-endian). A byte range's state carries millions of calls
/// between workers: as 14 bytes a call, the worker that read them unpacked every call to write
/// it, and the one that added the state packed it again (half of writing a range's state and a
/// sixth of adding one, in the page's engine).
mod packed_chunks {
    use super::{Chunks, PackedRun, AGENT_OVER_LIMIT};
    use crate::model::bit_pack::{width, Packed};
    use serde::de::{Error, SeqAccess, Visitor};
    use serde::ser::SerializeSeq;
    use serde::{Deserializer, Serializer};

    /// Bytes before a run's words.
    const HEAD: usize = 8 + 4 * 5 + 4;

    struct Run<'a>(&'a PackedRun);

    impl serde::Serialize for Run<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let r = self.0;
            let (widths, words) = r.calls.parts();
            let mut bytes = Vec::with_capacity(HEAD + words.len() * 8);
            bytes.extend_from_slice(&r.first_caller.to_le_bytes());
            for v in [r.t_min, r.t_max, r.agents as u32, r.queues as u32, r.len() as u32] {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
            bytes.extend(widths.map(|w| w as u8));
            // Filled in place (appending word by word checked the room each time).
            let at = bytes.len();
            bytes.resize(at + words.len() * 8, 0);
            for (b, w) in bytes[at..].chunks_exact_mut(8).zip(words) {
                b.copy_from_slice(&w.to_le_bytes());
            }
            s.serialize_bytes(&bytes)
        }
    }

    /// Each packed run as it is; one read through a slot map, and the chunk being filled, packed
    /// first as they read (sorted where they are not), so the worker that read them sorts them,
    /// not the one that adds the states up.
    pub(super) fn serialize<S: Serializer>(chunks: &Chunks, s: S) -> Result<S::Ok, S::Error> {
        let filling = !chunks.filling.is_empty();
        let mut seq = s.serialize_seq(Some(chunks.packed.len() + usize::from(filling)))?;
        for run in &chunks.packed {
            match run.slots {
                None => seq.serialize_element(&Run(run))?,
                Some(_) => seq.serialize_element(&Run(&PackedRun::of_sorted(&mut run.unpack())))?,
            }
        }
        if filling {
            seq.serialize_element(&Run(&PackedRun::of_sorted(&mut chunks.filling.clone())))?;
        }
        seq.end()
    }

    /// One run: bytes (postcard), or a list of byte values (JSON).
    struct Chunk(PackedRun);

    impl<'de> serde::Deserialize<'de> for Chunk {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Chunk, D::Error> {
            d.deserialize_bytes(ChunkVisitor)
        }
    }

    struct ChunkVisitor;

    impl<'de> Visitor<'de> for ChunkVisitor {
        type Value = Chunk;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a packed run of repeat-caller calls")
        }

        /// A run as [`Run`] wrote it: its words exactly those of its length and widths, its
        /// seconds' field no wider than its span of seconds (and within 32-bit seconds from its
        /// first), its first caller within 48 bits and its extents within 16-bit slots, so that
        /// reading it can neither fail nor overflow. (Its calls are not read here: the walk
        /// counts a call outside its run's extents apart, [`super::DayCounts::add`].)
        fn visit_bytes<E: Error>(self, b: &[u8]) -> Result<Chunk, E> {
            let bad = || E::invalid_value(serde::de::Unexpected::Bytes(&b[..b.len().min(HEAD)]), &self);
            if b.len() < HEAD || (b.len() - HEAD) % 8 != 0 {
                return Err(E::invalid_length(b.len(), &self));
            }
            let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
            let first_caller = u64::from_le_bytes(b[..8].try_into().map_err(|_| bad())?);
            let [t_min, t_max, agents, queues, len] = [8, 12, 16, 20, 24].map(u32_at);
            let widths = [b[28], b[29], b[30], b[31]].map(u32::from);
            let words = b[HEAD..].chunks_exact(8).map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()));
            let calls = Packed::from_parts(widths, len as usize, words.collect()).ok_or_else(bad)?;
            let fits = t_min <= t_max
                && widths[1] <= width(u64::from(t_max - t_min))
                && u64::from(t_min) + (1 << widths[1]) <= 1 << 32
                && first_caller < 1 << 48
                && agents <= u32::from(AGENT_OVER_LIMIT)
                && queues <= u32::from(u16::MAX);
            if !fits {
                return Err(bad());
            }
            let (agents, queues) = (agents as usize, queues as usize);
            Ok(Chunk(PackedRun { calls, first_caller, t_min, t_max, agents, queues, slots: None }))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Chunk, A::Error> {
            let mut bytes = Vec::new();
            while let Some(b) = seq.next_element::<u8>()? {
                bytes.push(b);
            }
            self.visit_bytes(&bytes)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Chunks, D::Error> {
        let chunks: Vec<Chunk> = serde::Deserialize::deserialize(d)?;
        Ok(Chunks { packed: chunks.into_iter().map(|c| c.0).collect(), ..Chunks::default() })
    }
}

impl FcrCalls {
    fn push(&mut self, c: FcrCall) {
        self.last_pass = None;
        let chunks = &mut self.chunks;
        if chunks.filling.is_empty() {
            chunks.filling.reserve_exact(FCR_CHUNK);
            // A partial chunk last (a merged state's, or packed for a walk) is filled on.
            if chunks.packed.last().is_some_and(|r| r.len() < FCR_CHUNK) {
                chunks.filling.extend(chunks.packed.pop().iter().flat_map(PackedRun::unpack));
            }
        }
        chunks.filling.push(c);
        if chunks.filling.len() >= FCR_CHUNK {
            chunks.packed.push(PackedRun::of_sorted(&mut chunks.filling));
            chunks.filling.clear();
        }
    }

    /// Takes another list's chunks, packed as they are and read through `map` (which renumbers
    /// agent and queue slots). Renumbered, one caller's calls of one second may be out of order
    /// in a run: the walk sorts each slice of callers it gathers, and [`MergedRuns`] sorts the
    /// calls of one caller and second it takes from its heap.
    fn append_mapped(&mut self, other: FcrCalls, map: &Arc<SlotMap>) {
        self.last_pass = None;
        let Chunks { packed, mut filling } = other.chunks;
        let filling = (!filling.is_empty()).then(|| PackedRun::of_sorted(&mut filling));
        self.chunks.packed.extend(packed.into_iter().chain(filling).map(|run| run.mapped(map)));
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every call in order: the chunk being filled sorted and packed (pushing unpacks it again),
    /// then the runs merged as they are walked.
    fn sorted(&mut self) -> MergedRuns<'_> {
        let chunks = &mut self.chunks;
        if !chunks.filling.is_empty() {
            chunks.packed.push(PackedRun::of_sorted(&mut chunks.filling));
            chunks.filling = Vec::new();
        }
        MergedRuns::new(&chunks.packed)
    }

    /// The repeat-caller pass (see [`Aggregates::fcr`]) over these calls: its counts per group
    /// and day, judged again only when a call was added or `pass` differs from the last one.
    fn judge(&mut self, pass: FcrPass) -> &FcrByGroup {
        let kept = self.last_pass.take().filter(|(last, _)| *last == pass);
        let counts = match kept {
            Some((_, counts)) => counts,
            None => self.walk(pass),
        };
        &self.last_pass.insert((pass, counts)).1
    }

    /// Whether the last pass was `pass` (and no call was added since).
    fn judged_under(&self, pass: &FcrPass) -> bool {
        self.last_pass.as_ref().is_some_and(|(last, _)| last == pass)
    }

    fn walk(&mut self, pass: FcrPass) -> FcrByGroup {
        let FcrPass { window_s: window, end, no_agent, cells } = pass;
        let mut out = FcrByGroup::default();
        let day_of = |t: u32| (i64::from(t) * 1000).div_euclid(MS_PER_DAY);
        let (first, last, agents, queues) = self.extent();
        let agents = agents.max(no_agent.map_or(0, |a| a as usize + 1));
        let mut counts = DayCounts::new(agents, queues, (day_of(first), day_of(last)), cells);
        self.sorted().each_with_next(|call, next| {
            if call.agent == UNANSWERED {
                return;
            }
            let t = i64::from(call.t());
            // Only a call whose whole window lies inside the data is judged, either way: judging
            // the late calls only when a repeat shows up would count their repeats and never
            // their resolutions, biasing FCR down.
            let judged = if t + window > end {
                FcrCounts { unknown: 1, ..Default::default() }
            } else if next.is_some_and(|n| i64::from(n.t()) - t <= window) {
                FcrCounts { repeat: 1, ..Default::default() }
            } else {
                FcrCounts { resolved: 1, ..Default::default() }
            };
            let agent = if call.agent < AGENT_OVER_LIMIT {
                Some(u32::from(call.agent))
            } else if call.agent == AGENT_OVER_LIMIT {
                // In the totals only, like the call's other figures.
                None
            } else {
                no_agent
            };
            counts.add(&mut out, agent, u32::from(call.queue), day_of(call.t()), judged);
        });
        counts.add_to(&mut out);
        out
    }

    /// Every call, in no particular order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = FcrCall> + '_ {
        self.chunks.packed.iter().flat_map(PackedRun::unpack).chain(self.chunks.filling.iter().copied())
    }

    fn len(&self) -> usize {
        self.chunks.packed.iter().map(PackedRun::len).sum::<usize>() + self.chunks.filling.len()
    }

    /// What the calls span: their first and last second, and how many agent and queue slots
    /// they name (one past the highest; agents past the limit and unanswered calls not counted).
    fn extent(&self) -> (u32, u32, usize, usize) {
        let runs = self.chunks.packed.iter().filter(|r| r.len() > 0).map(|r| {
            let (agents, queues) = r.extent();
            (r.t_min, r.t_max, agents, queues)
        });
        let unpacked = self.chunks.filling.iter().map(|c| {
            let agents = if c.agent < AGENT_OVER_LIMIT { usize::from(c.agent) + 1 } else { 0 };
            (c.t(), c.t(), agents, usize::from(c.queue) + 1)
        });
        runs.chain(unpacked).fold((u32::MAX, 0, 0, 0), |(lo, hi, agents, queues), (l, h, a, q)| {
            (lo.min(l), hi.max(h), agents.max(a), queues.max(q))
        })
    }

    /// Bytes held, for the memory figures.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        let packed = self.chunks.packed.iter().map(|r| r.calls.heap_bytes()).sum::<usize>();
        packed + self.chunks.filling.capacity() * std::mem::size_of::<FcrCall>()
    }
}

/// Sorted runs walked in their merged order, a slice of callers at a time: the calls whose caller
/// hash begins with the same `bits` bits lie side by side in every run (runs are sorted by caller),
/// so they are gathered from all runs, sorted together (about [`MERGE_BATCH`] of them: in cache)
/// and handed out. A heap of the runs' heads did it with a comparison of whole calls at every level
/// for every call: a sixth of a big report's build. A slice of more than [`MAX_BATCH`] calls (one
/// caller behind most calls, as when numbers are masked) is still walked with such a heap, so the
/// walk never holds a copy of more than `MAX_BATCH` calls.
struct MergedRuns<'a> {
    runs: &'a [PackedRun],
    /// Per run, the first call not yet handed out or gathered.
    next: Vec<Cursor>,
    /// Per run, the end of the slice being gathered or walked with the heap.
    ends: Vec<Cursor>,
    bits: u32,
    /// The next slice of callers to gather (one past the last: done).
    bucket: u64,
    batch: Vec<FcrCall>,
    /// The next call of `batch` to hand out.
    at: usize,
    /// (next call, run) of each run's part of a slice too big to gather, smallest first.
    heap: std::collections::BinaryHeap<std::cmp::Reverse<(FcrCall, usize)>>,
}

/// Calls gathered and sorted at a time by [`MergedRuns`], on average (112 KiB). Each slice visits
/// every run, and a 1 GB file's calls are in about 150 runs: with slices of 2,048 calls, the
/// page's report build of that file (wasm, Node) took 1,118–1,134 ms, with 8,192 1,087–1,093 ms,
/// with 32,768 1,107 ms (medians of seven builds each). The 200 MB file's 30 runs: no difference.
const MERGE_BATCH: usize = 8192;
/// The most calls [`MergedRuns`] copies at once (896 KiB: 14 bytes a call).
const MAX_BATCH: usize = 1 << 16;

impl<'a> MergedRuns<'a> {
    fn new(runs: &'a [PackedRun]) -> MergedRuns<'a> {
        let calls: usize = runs.iter().map(PackedRun::len).sum();
        let bits = (calls / MERGE_BATCH).checked_next_power_of_two().map_or(32, usize::trailing_zeros).min(32);
        MergedRuns {
            runs,
            next: runs.iter().map(PackedRun::start).collect(),
            ends: runs.iter().map(PackedRun::start).collect(),
            bits,
            bucket: 0,
            batch: Vec::new(),
            at: 0,
            heap: std::collections::BinaryHeap::new(),
        }
    }

    /// Finds the next slice of callers in every run; gathers and sorts it, or starts the heap.
    fn next_slice(&mut self) {
        let (bits, bucket) = (self.bits, self.bucket);
        let in_bucket = |c: &FcrCall| c.high.checked_shr(64 - bits).unwrap_or(0) == bucket;
        self.batch.clear();
        self.at = 0;
        self.bucket += 1;
        // Gathered as they are counted, and only counted past MAX_BATCH (the slice then goes
        // through the heap, and the batch is let go).
        let mut calls = 0;
        for ((run, &next), end) in self.runs.iter().zip(&self.next).zip(&mut self.ends) {
            *end = next;
            let mut ahead = next;
            while let Some(c) = run.read(&mut ahead).filter(in_bucket) {
                if calls < MAX_BATCH {
                    self.batch.push(c);
                }
                calls += 1;
                *end = ahead;
            }
        }
        if calls <= MAX_BATCH {
            self.next.copy_from_slice(&self.ends);
            sort_calls(&mut self.batch, bits);
            return;
        }
        self.batch.clear();
        for (r, (run, (next, end))) in self.runs.iter().zip(self.next.iter_mut().zip(&self.ends)).enumerate() {
            if next.at < end.at {
                self.heap.extend(run.read(next).map(|c| std::cmp::Reverse((c, r))));
            }
        }
    }
}

impl MergedRuns<'_> {
    /// Calls `f` with every call in order and the next call when it is the same caller's. A
    /// gathered slice is walked in place (handing its calls out one by one through `next` and a
    /// look-ahead was a fifth of the repeat-caller pass); a slice walked with the heap, call by
    /// call. A caller's calls never span two slices.
    fn each_with_next(mut self, mut f: impl FnMut(&FcrCall, Option<&FcrCall>)) {
        // A call from the heap, waiting for the one after it.
        let mut held: Option<FcrCall> = None;
        loop {
            // (Calls of one caller and second taken from the heap wait in the batch.)
            if !self.heap.is_empty() || self.at < self.batch.len() {
                let Some(call) = self.next() else { break };
                if let Some(h) = held.take() {
                    f(&h, Some(&call).filter(|c| c.caller() == h.caller()));
                }
                held = Some(call);
                continue;
            }
            if let Some(h) = held.take() {
                f(&h, None);
            }
            if self.bucket >> self.bits != 0 {
                return;
            }
            self.next_slice();
            let batch = &self.batch;
            for (i, call) in batch.iter().enumerate() {
                f(call, batch.get(i + 1).filter(|n| n.caller() == call.caller()));
            }
            self.at = batch.len();
        }
        if let Some(h) = held {
            f(&h, None);
        }
    }
}

impl MergedRuns<'_> {
    /// Puts run `r`'s next call of the slice in the heap.
    fn refill(&mut self, r: usize) {
        if self.next[r].at < self.ends[r].at {
            self.heap.extend(self.runs[r].read(&mut self.next[r]).map(|c| std::cmp::Reverse((c, r))));
        }
    }
}

impl Iterator for MergedRuns<'_> {
    type Item = FcrCall;

    fn next(&mut self) -> Option<FcrCall> {
        loop {
            if let Some(&call) = self.batch.get(self.at) {
                self.at += 1;
                return Some(call);
            }
            if let Some(std::cmp::Reverse((call, r))) = self.heap.pop() {
                self.refill(r);
                // A run read through a slot map may hold one caller's calls of one second out of
                // order (the slots are the last part of the order): all of them are in the heap
                // or behind one of them in its run, and come out sorted from the batch.
                let same = |n: &FcrCall| (n.high, n.t_low) == (call.high, call.t_low);
                if self.heap.peek().is_some_and(|std::cmp::Reverse((n, _))| same(n)) {
                    self.batch.clear();
                    self.batch.push(call);
                    while self.heap.peek().is_some_and(|std::cmp::Reverse((n, _))| same(n)) {
                        let Some(std::cmp::Reverse((n, r))) = self.heap.pop() else { break };
                        self.refill(r);
                        self.batch.push(n);
                    }
                    self.batch.sort_unstable_by_key(FcrCall::key);
                    self.at = 1;
                    return Some(self.batch[0]);
                }
                return Some(call);
            }
            if self.bucket >> self.bits != 0 {
                return None;
            }
            self.next_slice();
        }
    }
}

/// The repeat-caller pass's counts while it runs: per agent × day and queue × day in arrays
/// indexed by slot and day when they hold at most [`DAY_COUNT_CELLS`] cells (one hash look-up per
/// call and group was most of the pass), else straight into the result's maps. The per-agent,
/// per-queue, per-day and total counts are sums of the arrays, added up at the end.
enum DayCounts {
    Dense { first_day: i64, days: usize, agent_days: Vec<FcrCounts>, queue_days: Vec<FcrCounts> },
    Maps,
}

/// At most this many cells (24 bytes each) for [`DayCounts`]' arrays.
const DAY_COUNT_CELLS: usize = 1 << 20;

impl DayCounts {
    /// Arrays for `agents` and `queues` slots over the days from `first_day` to `last_day`.
    fn new(agents: usize, queues: usize, (first_day, last_day): (i64, i64), max_cells: usize) -> DayCounts {
        let days = usize::try_from(last_day.saturating_sub(first_day).saturating_add(1)).unwrap_or(usize::MAX);
        let cells = agents.saturating_add(queues).saturating_mul(days);
        if cells > max_cells {
            return DayCounts::Maps;
        }
        DayCounts::Dense {
            first_day,
            days,
            agent_days: vec![FcrCounts::default(); agents * days],
            queue_days: vec![FcrCounts::default(); queues * days],
        }
    }

    /// Counts one judged call (its agent slot, if it counts for one; its queue slot; its day).
    fn add(&mut self, out: &mut FcrByGroup, agent: Option<u32>, queue: u32, day: i64, c: FcrCounts) {
        match self {
            // The arrays cover every slot and day of the calls (`FcrCalls::extent`: the runs'
            // extents, as written with them); a call outside them (of a damaged range state, never
            // expected) is counted in the maps, which end up in `out` beside the arrays.
            DayCounts::Dense { first_day, days, agent_days, queue_days } => {
                let d = usize::try_from(day - *first_day).ok().filter(|d| d < days);
                let cell = |slot: u32| d.map(|d| (slot as usize).saturating_mul(*days).saturating_add(d));
                if let Some(a) = agent {
                    match cell(a).and_then(|i| agent_days.get_mut(i)) {
                        Some(counts) => counts.add(c),
                        None => count_in(out, GroupKind::Agent, a, day, c),
                    }
                }
                match cell(queue).and_then(|i| queue_days.get_mut(i)) {
                    Some(counts) => counts.add(c),
                    None => count_in(out, GroupKind::Queue, queue, day, c),
                }
            }
            DayCounts::Maps => {
                if let Some(a) = agent {
                    count_in(out, GroupKind::Agent, a, day, c);
                }
                count_in(out, GroupKind::Queue, queue, day, c);
            }
        }
    }

    /// Adds the arrays' counts to `out`: a group or day with no judged call gets no entry. The
    /// days and totals are the queues' (every judged call has a queue slot).
    fn add_to(self, out: &mut FcrByGroup) {
        let DayCounts::Dense { first_day, days, agent_days, queue_days } = self else { return };
        let empty = |c: &FcrCounts| c.resolved + c.repeat + c.unknown == 0;
        for (kind, cells) in [(GroupKind::Agent, &agent_days), (GroupKind::Queue, &queue_days)] {
            for (slot, row) in cells.chunks(days.max(1)).enumerate() {
                for (d, c) in row.iter().enumerate().filter(|(_, c)| !empty(c)) {
                    count_in(out, kind, slot as u32, first_day + d as i64, *c);
                }
            }
        }
    }
}

/// Adds counts of one agent or queue slot on one day to the result: the group, the group's day,
/// and for a queue the day and the totals (every judged call has exactly one queue slot).
fn count_in(out: &mut FcrByGroup, kind: GroupKind, slot: u32, day: i64, c: FcrCounts) {
    let groups = if kind == GroupKind::Agent { &mut out.agents } else { &mut out.queues };
    groups.entry(slot).or_default().add(c);
    out.group_days.entry((kind, slot, day)).or_default().add(c);
    if kind == GroupKind::Queue {
        out.days.entry(day).or_default().add(c);
        out.totals.add(c);
    }
}

/// Repeat-caller FCR outcome counts of a group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FcrCounts {
    pub resolved: u64,
    pub repeat: u64,
    pub unknown: u64,
}

impl FcrCounts {
    pub(crate) fn add(&mut self, other: FcrCounts) {
        self.resolved += other.resolved;
        self.repeat += other.repeat;
        self.unknown += other.unknown;
    }
}

/// The counts of FCR judged when snapshots were made, with those of this pass.
fn with_judged(judged: &FcrByGroup, counts: FcrByGroup) -> FcrByGroup {
    if judged.is_empty() {
        // The counts as they are keep their own order of keys (snapshots write maps in that order).
        return counts;
    }
    let mut out = judged.clone();
    out.add(&counts);
    out
}

/// FCR counts per group, the output of [`Aggregates::fcr`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct FcrByGroup {
    pub totals: FcrCounts,
    pub agents: FxHashMap<u32, FcrCounts>,
    pub queues: FxHashMap<u32, FcrCounts>,
    pub days: FxHashMap<i64, FcrCounts>,
    /// Per agent and per queue (by slot) and day; agents' teams are found at report time.
    #[serde(with = "crate::model::pairs")]
    pub group_days: FxHashMap<GroupDay, FcrCounts>,
}

impl FcrByGroup {
    /// Adds another group's counts, its agent and queue slots mapped to ours (`None`: past a cap
    /// here, in the totals and days only, as when read here).
    fn add_mapped(&mut self, o: &FcrByGroup, agents: &[Option<u32>], queues: &[Option<u32>]) {
        let to = |map: &[Option<u32>], slot: u32| map.get(slot as usize).copied().flatten();
        self.add_with(o, |a| to(agents, a), |q| to(queues, q));
    }

    /// Adds counts of the same slots.
    fn add(&mut self, o: &FcrByGroup) {
        self.add_with(o, Some, Some);
    }

    fn is_empty(&self) -> bool {
        let FcrByGroup { totals, agents, queues, days, group_days } = self;
        *totals == FcrCounts::default()
            && agents.is_empty()
            && queues.is_empty()
            && days.is_empty()
            && group_days.is_empty()
    }

    fn add_with(&mut self, o: &FcrByGroup, agent: impl Fn(u32) -> Option<u32>, queue: impl Fn(u32) -> Option<u32>) {
        self.totals.add(o.totals);
        for (d, c) in &o.days {
            self.days.entry(*d).or_default().add(*c);
        }
        for (a, c) in &o.agents {
            if let Some(a) = agent(*a) {
                self.agents.entry(a).or_default().add(*c);
            }
        }
        for (q, c) in &o.queues {
            if let Some(q) = queue(*q) {
                self.queues.entry(q).or_default().add(*c);
            }
        }
        for ((kind, slot, day), c) in &o.group_days {
            let mapped = match kind {
                GroupKind::Agent => agent(*slot),
                GroupKind::Queue => queue(*slot),
                GroupKind::Team => None,
            };
            if let Some(slot) = mapped {
                self.group_days.entry((*kind, slot, *day)).or_default().add(*c);
            }
        }
    }
}

/// Every queue's, agent's and team's whole tally, by slot ([`Aggregates::group_tallies`]).
pub(crate) struct GroupTallies {
    pub queues: Vec<Tally>,
    pub agents: Vec<Tally>,
    pub teams: Vec<Tally>,
}

/// How many unanswered offered calls there are and how many name an agent or a team.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Attribution {
    pub calls: u64,
    pub with_agent: u64,
    pub with_team: u64,
}

/// Tallies per 15-minute slot (slot number since 1970). Each tally boxed: a hash table keeps
/// room for up to twice its entries, and a year's 35,000 slots of 400-byte tallies left 12 MB of it
/// empty, against 16 bytes a place boxed (the same for the groups' days).
pub(crate) type Slots = FxHashMap<i64, Box<Tally>>;

/// All tallies of an analysis. Serializable (serde), to move partial work between workers and to
/// keep it in snapshots.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Aggregates {
    pub totals: Tally,
    /// Per queue, agent and team, the calls not in a group × day tally ([`Aggregates::group_days`]):
    /// a call within the days' span is added to its group's day only, and a group's whole tally
    /// is its own plus its days' ([`Aggregates::group_tallies`], when a report asks). One tally
    /// fewer per call and grouping (a tenth of the time to read a file in the page); a day that
    /// leaves the table (before the span, or the table capped) is added back to its group.
    /// Snapshots hold the whole tallies ([`Aggregates::judged`], [`Aggregates::check_loaded`]).
    pub queues: Named,
    pub agents: Named,
    pub teams: Named,
    /// Per agent: how often each display name and team came with them (the most frequent wins,
    /// so the result does not depend on row order).
    pub agent_names: Vec<BTreeMap<String, u64>>,
    pub agent_teams: Vec<BTreeMap<String, u64>>,
    pub slots: Slots,
    /// Per queue, agent and team and day, and agent × queue.
    pub group_days: GroupDays,
    /// The latest slot with a call: the slot tables span [`MAX_SLOT_DAYS`] days up to it.
    last_slot: Option<i64>,
    /// Calls before the slot tables' span (in the totals, queues and agents only).
    pub slot_overflow_calls: u64,
    /// Some agent had more than [`MAX_NAMES_PER_AGENT`] names or teams.
    pub names_capped: bool,
    pub first_arrival_ms: Option<i64>,
    pub last_arrival_ms: Option<i64>,
    /// Offered calls not answered (abandoned or timed out), and how many of them name an agent
    /// or a team: when some do not, the unanswered side of agents' and teams' KPIs is unknown.
    pub unanswered: Attribution,
    /// Outbound calls, tallied apart (never in the inbound KPIs).
    pub outbound: OutboundAggregates,
    fcr_calls: FcrCalls,
    keep_fcr: bool,
    /// FCR already judged elsewhere (a snapshot, judged within its own data), by this table's
    /// slots: added to what [`Aggregates::fcr`] judges from `fcr_calls`.
    #[serde(default)]
    fcr_judged: FcrByGroup,
    /// Calls of this queue are complaints (seed 002 deducts handled complaints from an agent's
    /// volume); applied as calls are added.
    complaint_queue: Option<String>,
}

impl Aggregates {
    pub(crate) fn new(keep_fcr: bool, complaint_queue: Option<String>) -> Aggregates {
        Aggregates {
            totals: Tally::default(),
            queues: Named::with_limit(MAX_QUEUES),
            agents: Named::with_limit(MAX_AGENTS),
            teams: Named::with_limit(MAX_TEAMS),
            agent_names: Vec::new(),
            agent_teams: Vec::new(),
            slots: FxHashMap::default(),
            group_days: GroupDays::default(),
            last_slot: None,
            slot_overflow_calls: 0,
            names_capped: false,
            first_arrival_ms: None,
            last_arrival_ms: None,
            unanswered: Attribution::default(),
            outbound: OutboundAggregates::default(),
            fcr_calls: FcrCalls::default(),
            keep_fcr,
            fcr_judged: FcrByGroup::default(),
            complaint_queue,
        }
    }

    pub(crate) fn add(&mut self, call: &Call<'_>) {
        let marked;
        let call = match self.complaint_queue.as_deref() {
            Some(q) => {
                let mut c = call.clone();
                c.complaint = Some(call.complaint == Some(true) || call.queue.map(str::trim) == Some(q.trim()));
                marked = c;
                &marked
            }
            None => call,
        };
        // The totals are the sum of the queues' tallies (every call has a queue slot), added up
        // when a report asks (`sum_totals`): one tally less per call.
        if matches!(call.outcome, Outcome::Abandoned | Outcome::TimedOut) {
            self.unanswered.calls += 1;
            self.unanswered.with_agent += u64::from(call.agent.is_some());
            self.unanswered.with_team += u64::from(call.team.is_some());
        }
        let counted = u64::from(!matches!(call.outcome, Outcome::Other));
        // A queue past the limit counts under "no queue": every call keeps a queue slot.
        let queue = match self.queues.slot(call.queue) {
            Some(q) => q,
            None => {
                self.queues.overflow_calls += counted;
                self.queues.slot(None).expect("the no-queue slot is never refused")
            }
        };

        let agent = if call.agent.is_some() || call.outcome == Outcome::Answered {
            match self.agents.slot(call.agent) {
                Some(a) => {
                    if a as usize == self.agent_names.len() {
                        self.agent_names.push(BTreeMap::new());
                        self.agent_teams.push(BTreeMap::new());
                    }
                    if let Some(name) = call.agent_name.filter(|n| !n.is_empty()) {
                        self.names_capped |= !bump(&mut self.agent_names[a as usize], name);
                    }
                    if let Some(team) = call.team.filter(|t| !t.is_empty()) {
                        self.names_capped |= !bump(&mut self.agent_teams[a as usize], team);
                    }
                    Some(a)
                }
                None => {
                    self.agents.overflow_calls += counted;
                    Some(AGENT_OVER_LIMIT_SLOT)
                }
            }
        } else {
            None
        };
        let mut team = None;
        if call.team.is_some() {
            match self.teams.slot(call.team) {
                Some(t) => team = Some(t),
                None => self.teams.overflow_calls += counted,
            }
        }

        // Days and weekday × hour are sums of 15-minute slots, built when a report asks.
        self.add_to_slot(call, counted);
        self.add_to_groups(call, queue, agent.filter(|a| *a != AGENT_OVER_LIMIT_SLOT), team);

        self.first_arrival_ms = Some(self.first_arrival_ms.map_or(call.arrival_ms, |f| f.min(call.arrival_ms)));
        self.last_arrival_ms = Some(self.last_arrival_ms.map_or(call.arrival_ms, |l| l.max(call.arrival_ms)));

        if self.keep_fcr && matches!(call.outcome, Outcome::Answered | Outcome::Abandoned | Outcome::TimedOut) {
            let caller = call.caller.map(crate::model::text::trim).filter(|c| !c.is_empty() && !is_anonymous(c));
            if let (Some(caller), Ok(t)) = (caller, u32::try_from(call.arrival_ms.div_euclid(1000))) {
                let agent = if call.outcome != Outcome::Answered {
                    UNANSWERED
                } else {
                    agent.map_or(
                        UNANSWERED - 1,
                        |a| if a == AGENT_OVER_LIMIT_SLOT { AGENT_OVER_LIMIT } else { a as u16 },
                    )
                };
                self.fcr_calls.push(FcrCall::new(hash_id(&[caller]), t, agent, queue as u16));
            }
        }
    }

    /// Sets `totals` to the sum of the queues' whole tallies (`groups`, this table's
    /// [`Aggregates::group_tallies`]): every call is in exactly one queue slot (a queue past the
    /// limit counts under "no queue"), so this is the tally of every call.
    pub(crate) fn sum_totals(&mut self, groups: &GroupTallies) {
        self.totals = Tally::sum(&groups.queues.iter().collect::<Vec<_>>());
    }

    /// Adds a call to its 15-minute slot, if the slot is within [`MAX_SLOT_DAYS`] of the latest
    /// one. Slots that fall out of the span as later calls arrive are dropped in batches (when
    /// the table holds twice the span), so each call costs O(1) amortised and the table at most
    /// twice the span; [`Aggregates::trim_slots`] drops the rest before a report.
    fn add_to_slot(&mut self, call: &Call<'_>, counted: u64) {
        let slot = call.arrival_ms.div_euclid(SLOT_MS);
        let last = self.last_slot.map_or(slot, |l| l.max(slot));
        self.last_slot = Some(last);
        if slot <= last - MAX_SLOTS {
            self.slot_overflow_calls += counted;
            return;
        }
        self.slots.entry(slot).or_default().add(call);
        if self.slots.len() as i64 > 2 * MAX_SLOTS {
            self.trim_slots();
        }
    }

    /// The first whole day of the slot tables' span: group × day tallies start there.
    fn first_group_day(&self) -> Option<i64> {
        let last = self.last_slot?;
        Some(((last - MAX_SLOTS + 1) * SLOT_MS + MS_PER_DAY - 1).div_euclid(MS_PER_DAY))
    }

    /// Adds a call to its queue's, agent's and team's day, or where the day has no tally (before
    /// the span, or the table capped) to the group's own tally; and to its agent × queue tally.
    fn add_to_groups(&mut self, call: &Call<'_>, queue: u32, agent: Option<u32>, team: Option<u32>) {
        let day = call.arrival_ms.div_euclid(MS_PER_DAY);
        let in_span = self.first_group_day().is_none_or(|first| day >= first);
        for (kind, slot) in [(GroupKind::Queue, Some(queue)), (GroupKind::Agent, agent), (GroupKind::Team, team)] {
            let Some(slot) = slot else { continue };
            match self.group_day(in_span, (kind, slot, day)) {
                Some(t) => t.add(call),
                None => self.named_mut(kind).tallies[slot as usize].add(call),
            }
        }
        if let (true, Some(a)) = (in_span, agent) {
            if let Some(t) = self.group_days.agent_queue((a, queue)) {
                t.add(call);
            }
        }
    }

    /// The tally of a group on a day, `None` for a day before the span (`in_span` false) or once
    /// the table is capped: the key that would pass [`MAX_GROUP_DAYS`] caps it, its tallies
    /// added back to their groups'.
    fn group_day(&mut self, in_span: bool, key: GroupDay) -> Option<&mut Tally> {
        let g = &self.group_days;
        if !in_span || g.capped {
            return None;
        }
        if g.map.len() >= MAX_GROUP_DAYS && !g.map.contains_key(&key) {
            self.cap_group_days();
            return None;
        }
        Some(self.group_days.map.entry(key).or_default())
    }

    /// Empties the group × day table for good, adding its tallies back to their groups'.
    fn cap_group_days(&mut self) {
        self.group_days.capped = true;
        for (key, t) in std::mem::take(&mut self.group_days.map) {
            self.fold_back(key, &t);
        }
    }

    /// Adds a group × day tally that is not (or no longer) in the table — a day before the span,
    /// or the table capped — to its group's own tally: see [`Aggregates::queues`].
    fn fold_back(&mut self, (kind, slot, _): GroupDay, t: &Tally) {
        self.named_mut(kind).tallies[slot as usize].merge(t);
    }

    fn named_mut(&mut self, kind: GroupKind) -> &mut Named {
        match kind {
            GroupKind::Queue => &mut self.queues,
            GroupKind::Agent => &mut self.agents,
            GroupKind::Team => &mut self.teams,
        }
    }

    /// Every queue's, agent's and team's whole tally: its own plus its days' (see
    /// [`Aggregates::queues`]), in slot order.
    pub(crate) fn group_tallies(&self) -> GroupTallies {
        let mut parts = self.days_by_group();
        for (parts, named) in parts.iter_mut().zip([&self.queues, &self.agents, &self.teams]) {
            for (parts, own) in parts.iter_mut().zip(&named.tallies) {
                parts.push(own);
            }
        }
        let [queues, agents, teams] = parts.map(|p| p.iter().map(|p| Tally::sum(p)).collect());
        GroupTallies { queues, agents, teams }
    }

    /// Each queue's, agent's and team's day tallies, by kind and slot.
    fn days_by_group(&self) -> [Vec<Vec<&Tally>>; 3] {
        let mut days = [&self.queues, &self.agents, &self.teams].map(|n| vec![Vec::new(); n.tallies.len()]);
        for ((kind, slot, _), t) in &self.group_days.map {
            days[*kind as usize][*slot as usize].push(&**t);
        }
        days
    }

    /// Drops the slots before the span of [`MAX_SLOT_DAYS`] days that ends at the latest call,
    /// counting their calls, and the group days before its first whole day.
    pub(crate) fn trim_slots(&mut self) {
        if let Some(first) = self.first_group_day() {
            let before: Vec<GroupDay> = self.group_days.map.keys().filter(|key| key.2 < first).copied().collect();
            for key in before {
                if let Some(t) = self.group_days.map.remove(&key) {
                    self.fold_back(key, &t);
                }
            }
        }
        let Some(last) = self.last_slot else { return };
        let mut dropped = 0;
        self.slots.retain(|s, t| {
            let keep = *s > last - MAX_SLOTS;
            if !keep {
                dropped += t.offered + t.ivr_only;
            }
            keep
        });
        self.slot_overflow_calls += dropped;
    }

    /// The first day of the slot tables when calls fell before their span.
    pub(crate) fn slot_span_start_ms(&self) -> Option<i64> {
        let last = self.last_slot?;
        (self.slot_overflow_calls > 0).then(|| (last - MAX_SLOTS + 1) * SLOT_MS)
    }

    /// Adds another analysis's tallies (the result equals having added all calls to one). Takes
    /// `other`, whose FCR calls are renumbered in place and kept: a byte range's millions of calls
    /// are not copied while the originals are held.
    pub(crate) fn merge(&mut self, mut other: Aggregates) {
        let past_cap = self.queues.merge(&other.queues);
        // A queue past the limit here counts under "no queue", as when read here (every call
        // keeps a queue slot): its calls are in the overflow (`Named::merge`) and in that slot.
        let none_queue = past_cap.iter().any(Option::is_none).then(|| self.queues.slot(None)).flatten();
        let queue_map: Vec<Option<u32>> = past_cap.iter().map(|q| q.or(none_queue)).collect();
        for (i, _) in past_cap.iter().enumerate().filter(|(_, q)| q.is_none()) {
            let none = none_queue.expect("the no-queue slot is never refused") as usize;
            self.queues.tallies[none].merge(&other.queues.tallies[i]);
        }
        let agent_map = self.agents.merge(&other.agents);
        let team_map = self.teams.merge(&other.teams);
        for (i, to) in agent_map.iter().enumerate() {
            let Some(to) = *to else { continue };
            while self.agent_names.len() <= to as usize {
                self.agent_names.push(BTreeMap::new());
                self.agent_teams.push(BTreeMap::new());
            }
            for (name, n) in &other.agent_names[i] {
                self.names_capped |= !bump_by(&mut self.agent_names[to as usize], name, *n);
            }
            for (team, n) in &other.agent_teams[i] {
                self.names_capped |= !bump_by(&mut self.agent_teams[to as usize], team, *n);
            }
        }
        for (slot, t) in &other.slots {
            self.slots.entry(*slot).or_default().merge(t);
        }
        if other.group_days.capped && !self.group_days.capped {
            self.cap_group_days();
        }
        for ((kind, slot, day), t) in &other.group_days.map {
            let map = match kind {
                GroupKind::Queue => &queue_map,
                GroupKind::Agent => &agent_map,
                GroupKind::Team => &team_map,
            };
            // The group's tally holds the calls of its days here as it does there; a group past
            // its cap here is counted in its table's overflow, as `Named::merge` counts the rest
            // (and a queue's calls under "no queue" as well).
            if *kind == GroupKind::Queue && past_cap[*slot as usize].is_none() {
                self.queues.overflow_calls += t.offered + t.ivr_only;
            }
            match map[*slot as usize] {
                Some(to) => match self.group_day(true, (*kind, to, *day)) {
                    Some(mine) => mine.merge(t),
                    None => self.fold_back((*kind, to, *day), t),
                },
                None => self.named_mut(*kind).overflow_calls += t.offered + t.ivr_only,
            }
        }
        let g = &mut self.group_days;
        if other.group_days.agent_queues_capped {
            g.agent_queues_capped = true;
            g.agent_queues = FxHashMap::default();
        }
        for ((a, q), t) in &other.group_days.agent_queues {
            if let (Some(a), Some(q)) = (agent_map[*a as usize], queue_map[*q as usize]) {
                if let Some(mine) = g.agent_queue((a, q)) {
                    mine.merge(t);
                }
            }
        }
        self.last_slot = self.last_slot.max(other.last_slot);
        self.slot_overflow_calls += other.slot_overflow_calls;
        self.names_capped |= other.names_capped;
        self.trim_slots();
        self.first_arrival_ms = min_opt(self.first_arrival_ms, other.first_arrival_ms);
        self.unanswered.calls += other.unanswered.calls;
        self.unanswered.with_agent += other.unanswered.with_agent;
        self.unanswered.with_team += other.unanswered.with_team;
        self.last_arrival_ms = self.last_arrival_ms.max(other.last_arrival_ms);
        self.outbound.merge(&other.outbound);
        self.fcr_judged.add_mapped(&other.fcr_judged, &agent_map, &queue_map);
        let slots = SlotMap {
            agents: agent_map.iter().map(|a| a.map_or(AGENT_OVER_LIMIT, |a| a as u16)).collect(),
            queues: queue_map.iter().map(|q| q.unwrap_or(0) as u16).collect(),
        };
        self.fcr_calls.append_mapped(std::mem::take(&mut other.fcr_calls), &Arc::new(slots));
    }

    /// Bytes of the calls remembered for the repeat-caller pass in a range's state, at most (14 a
    /// call; packed, as they cross, the benchmark's take 8–9).
    pub(crate) fn fcr_calls_bytes(&self) -> usize {
        self.fcr_calls.len() * std::mem::size_of::<FcrCall>()
    }

    /// Whether calls were remembered for the repeat-caller pass while reading.
    pub(crate) fn keeps_fcr(&self) -> bool {
        self.keep_fcr
    }

    /// The repeat-caller pass: an answered call whose whole window (`window_h` hours after it) lies
    /// inside the data is resolved when the same caller does not call again within the window and
    /// a repeat when they do; every call closer than that to the end of the data is unknown,
    /// whatever happened after it.
    pub(crate) fn fcr(&mut self, window_h: u32) -> FcrByGroup {
        self.fcr_in_cells(window_h, DAY_COUNT_CELLS)
    }

    /// Whether [`Aggregates::fcr`] would judge calls under `window_h` (the pass a report's build
    /// spends most on): FCR on, callers read, and not judged so already.
    pub(crate) fn has_repeat_callers_to_judge(&self, window_h: u32) -> bool {
        window_h > 0
            && !self.fcr_calls.is_empty()
            && !self.fcr_calls.judged_under(&self.fcr_pass(window_h, DAY_COUNT_CELLS))
    }

    /// The tally of every call, as [`Aggregates::sum_totals`] sets `totals` when a report is
    /// built, summed at once from the queues' own tallies and their days' instead of from each
    /// queue's whole tally: the same counts and histograms.
    pub(crate) fn every_call(&self) -> Tally {
        let days = self.group_days.map.iter().filter(|((kind, _, _), _)| *kind == GroupKind::Queue);
        Tally::sum(&self.queues.tallies.iter().chain(days.map(|(_, t)| &**t)).collect::<Vec<_>>())
    }

    /// [`Aggregates::fcr`] with arrays of at most `cells` counts (tests try both ways).
    fn fcr_in_cells(&mut self, window_h: u32, cells: usize) -> FcrByGroup {
        if window_h == 0 {
            return FcrByGroup::default();
        }
        if self.fcr_calls.is_empty() {
            return self.fcr_judged.clone();
        }
        let pass = self.fcr_pass(window_h, cells);
        with_judged(&self.fcr_judged, self.fcr_calls.judge(pass).clone())
    }

    fn fcr_pass(&self, window_h: u32, cells: usize) -> FcrPass {
        FcrPass {
            window_s: i64::from(window_h) * 3600,
            end: self.last_arrival_ms.unwrap_or(0).div_euclid(1000),
            no_agent: self.agents.get(None),
            cells,
        }
    }

    /// [`Aggregates::fcr`], and `beside` given the 15-minute slots and the totals: at the same
    /// time, the repeat-caller pass on a thread of its own, when `threads` allows more than one
    /// (natively). The pass and the intervals' staffing (what the report builder does `beside`,
    /// with the days' and weekday hours' sums) were three quarters of a big report's build, one
    /// after the other on one core, and neither reads what the other writes; the result is the
    /// same either way.
    pub(crate) fn fcr_beside<T>(
        &mut self,
        window_h: u32,
        threads: usize,
        beside: impl FnOnce(&Slots, &Tally) -> T,
    ) -> (FcrByGroup, T) {
        #[cfg(not(target_arch = "wasm32"))]
        if threads > 1 && window_h > 0 && !self.fcr_calls.is_empty() {
            let pass = self.fcr_pass(window_h, DAY_COUNT_CELLS);
            let Aggregates { fcr_calls, fcr_judged, slots, totals, .. } = self;
            return std::thread::scope(|scope| {
                let walk = scope.spawn(move || fcr_calls.judge(pass).clone());
                let t = beside(slots, totals);
                let counts = walk.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                (with_judged(fcr_judged, counts), t)
            });
        }
        let _ = threads;
        let fcr = self.fcr(window_h);
        (fcr, beside(&self.slots, &self.totals))
    }

    /// A copy for a snapshot: FCR judged now (`window_h`) and kept as counts per group and day
    /// instead of the calls (which hold hashed caller ids), no outbound tallies (they hold hashed
    /// phone numbers), slots trimmed, and every group's whole tally (its days' calls in it, as
    /// snapshots have always held them; [`Aggregates::check_loaded`] takes them out again).
    pub(crate) fn judged(&mut self, window_h: u32) -> Aggregates {
        let fcr = self.fcr(window_h);
        let mut out = Aggregates {
            fcr_calls: FcrCalls::default(),
            outbound: OutboundAggregates::default(),
            fcr_judged: FcrByGroup::default(),
            ..self.clone()
        };
        out.fcr_judged = fcr;
        out.keep_fcr = false;
        out.trim_slots();
        let GroupTallies { queues, agents, teams } = out.group_tallies();
        (out.queues.tallies, out.agents.tallies, out.teams.tallies) = (queues, agents, teams);
        out
    }

    /// Answered calls whose repeat-caller FCR was judged elsewhere (in snapshots).
    pub(crate) fn fcr_judged_calls(&self) -> u64 {
        let t = self.fcr_judged.totals;
        t.resolved + t.repeat + t.unknown
    }

    /// Checks tallies read from outside (a snapshot) before they are merged: every slot a table
    /// refers to exists, the caps hold, histograms are well formed. Repeat-caller calls are
    /// dropped (a snapshot never holds them).
    pub(crate) fn check_loaded(&mut self) -> Result<(), &'static str> {
        self.fcr_calls = FcrCalls::default();
        self.keep_fcr = false;
        let (q, a, t) = (self.queues.keys.len(), self.agents.keys.len(), self.teams.keys.len());
        if q > MAX_QUEUES + 1 || a > MAX_AGENTS + 1 || t > MAX_TEAMS + 1 {
            return Err("more groups than the caps allow");
        }
        if self.agent_names.len() != a || self.agent_teams.len() != a {
            return Err("agent names do not match the agents");
        }
        if self.agent_names.iter().chain(&self.agent_teams).any(|m| m.len() > MAX_NAMES_PER_AGENT) {
            return Err("too many names for an agent");
        }
        let g = &self.group_days;
        if g.map.len() > MAX_GROUP_DAYS
            || g.agent_queues.len() > MAX_AGENT_QUEUES
            || self.slots.len() as i64 > MAX_SLOTS
        {
            return Err("more group days, agent queues or slots than the caps allow");
        }
        let size = |k: GroupKind| match k {
            GroupKind::Queue => q,
            GroupKind::Agent => a,
            GroupKind::Team => t,
        };
        let f = &self.fcr_judged;
        let in_range = g.map.keys().all(|(k, s, _)| (*s as usize) < size(*k))
            && g.agent_queues.keys().all(|(x, y)| (*x as usize) < a && (*y as usize) < q)
            && f.agents.keys().all(|s| (*s as usize) < a)
            && f.queues.keys().all(|s| (*s as usize) < q)
            && f.group_days.keys().all(|(k, s, _)| *k != GroupKind::Team && (*s as usize) < size(*k));
        if !in_range {
            return Err("a table refers to a group that does not exist");
        }
        if f.days.len() > MAX_SLOT_DAYS as usize + 1 || f.group_days.len() > MAX_GROUP_DAYS * 2 {
            return Err("more FCR days than the caps allow");
        }
        let tallies = std::iter::once(&self.totals)
            .chain(&self.queues.tallies)
            .chain(&self.agents.tallies)
            .chain(&self.teams.tallies)
            .chain(self.slots.values().map(|t| &**t))
            .chain(g.map.values().map(|t| &**t))
            .chain(g.agent_queues.values().map(|t| &**t));
        for t in tallies {
            if ![&t.wait_answered, &t.wait_abandoned, &t.wait_timed_out, &t.talk].iter().all(|h| h.is_well_formed()) {
                return Err("a histogram is malformed");
            }
            if !t.is_consistent() {
                return Err("a tally does not add up");
            }
        }
        // Times within ten thousand years of 1970, so that no day or slot arithmetic overflows.
        const MAX_MS: i64 = 10_000 * 366 * MS_PER_DAY;
        let (max_slot, max_day) = (MAX_MS / SLOT_MS, MAX_MS / MS_PER_DAY);
        let times_ok = self.slots.keys().chain(self.last_slot.iter()).all(|s| s.abs() <= max_slot)
            && g.map
                .keys()
                .map(|k| k.2)
                .chain(f.days.keys().copied())
                .chain(f.group_days.keys().map(|k| k.2))
                .all(|d| d.abs() <= max_day)
            && [self.first_arrival_ms, self.last_arrival_ms].iter().flatten().all(|t| t.abs() <= MAX_MS);
        if !times_ok {
            return Err("a time lies outside the years any data can have");
        }
        if let Some(last) = self.last_slot {
            if self.slots.keys().any(|s| *s > last) {
                return Err("a slot lies after the last one");
            }
        }
        const MAX_COUNT: u64 = 1 << 40;
        let fcr_ok = std::iter::once(&f.totals)
            .chain(f.agents.values())
            .chain(f.queues.values())
            .chain(f.days.values())
            .chain(f.group_days.values())
            .all(|c| c.resolved < MAX_COUNT && c.repeat < MAX_COUNT && c.unknown < MAX_COUNT);
        let counts_ok = [
            self.queues.overflow_calls,
            self.agents.overflow_calls,
            self.teams.overflow_calls,
            self.slot_overflow_calls,
            self.unanswered.calls,
        ]
        .iter()
        .all(|c| *c < MAX_COUNT)
            && self.unanswered.with_agent <= self.unanswered.calls
            && self.unanswered.with_team <= self.unanswered.calls
            && self.agent_names.iter().chain(&self.agent_teams).flat_map(|m| m.values()).all(|n| *n < MAX_COUNT);
        if !fcr_ok || !counts_ok {
            return Err("a count is larger than any data can give");
        }
        // A snapshot holds no outbound tallies (they hold hashed numbers).
        self.outbound = OutboundAggregates::default();
        self.take_days_out_of_groups()
    }

    /// A snapshot's groups hold their days' calls ([`Aggregates::judged`]); in memory a group's
    /// tally holds only the calls not in its days ([`Aggregates::queues`]).
    fn take_days_out_of_groups(&mut self) -> Result<(), &'static str> {
        let days = self.days_by_group();
        let mut own = [Vec::new(), Vec::new(), Vec::new()];
        for ((named, days), own) in [&self.queues, &self.agents, &self.teams].into_iter().zip(&days).zip(&mut own) {
            for (whole, days) in named.tallies.iter().zip(days) {
                let rest = if days.is_empty() { Some(whole.clone()) } else { whole.minus(&Tally::sum(days)) };
                match rest {
                    Some(t) if t.is_consistent() => own.push(t),
                    _ => return Err("a group holds fewer calls than its days"),
                }
            }
        }
        let [queues, agents, teams] = own;
        (self.queues.tallies, self.agents.tallies, self.teams.tallies) = (queues, agents, teams);
        Ok(())
    }

    /// Tallies per day (days since 1970), summed from tallies of whole 15-minute slots or of
    /// intervals made of them (`(first slot, tally)`: 15, 30 or 60 minutes never cross a day or
    /// an hour): from a report's intervals, a year's days add up half as many tallies as from
    /// its slots.
    pub(crate) fn days<'a>(slots: impl IntoIterator<Item = (i64, &'a Tally)>) -> BTreeMap<i64, Tally> {
        sums_by(slots.into_iter().map(|(slot, t)| ((slot * SLOT_MS).div_euclid(MS_PER_DAY), t)))
    }

    /// Tallies per weekday (0 = Monday) × hour, 168 of them, summed as [`Aggregates::days`].
    pub(crate) fn weekday_hour<'a>(slots: impl IntoIterator<Item = (i64, &'a Tally)>) -> Vec<Tally> {
        let mut sums = sums_by(slots.into_iter().map(|(slot, t)| {
            let ms = slot * SLOT_MS;
            let weekday = i64::from(weekday_of(ms.div_euclid(MS_PER_DAY)));
            let hour = ms.rem_euclid(MS_PER_DAY) / 3_600_000;
            (weekday * 24 + hour, t)
        }));
        (0..7 * 24).map(|cell| sums.remove(&cell).unwrap_or_default()).collect()
    }

    /// The most frequent display name of an agent slot.
    pub(crate) fn agent_name(&self, slot: usize) -> Option<&str> {
        most_frequent(&self.agent_names[slot])
    }

    pub(crate) fn agent_team(&self, slot: usize) -> Option<&str> {
        most_frequent(&self.agent_teams[slot])
    }
}

/// Counts `key` once; false when it is new and the map is full ([`MAX_NAMES_PER_AGENT`]).
fn bump(map: &mut BTreeMap<String, u64>, key: &str) -> bool {
    bump_by(map, key, 1)
}

fn bump_by(map: &mut BTreeMap<String, u64>, key: &str, n: u64) -> bool {
    let full = map.len() >= MAX_NAMES_PER_AGENT;
    match map.get_mut(key) {
        Some(count) => *count += n,
        None if full => return false,
        None => {
            map.insert(key.to_string(), n);
        }
    }
    true
}

fn most_frequent(map: &BTreeMap<String, u64>) -> Option<&str> {
    // max_by_key keeps the last maximum; iterate in reverse so ties go to the smallest name.
    map.iter().rev().max_by_key(|(_, n)| **n).map(|(k, _)| k.as_str())
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_fcr_call_sorts_by_its_one_number_key_as_by_its_fields() {
        let callers = [0, hash_id(&["1380000"]), u64::MAX];
        let seconds = [0, 1, 0xFFFF, 0x1_0000, 1_700_000_000, u32::MAX];
        let agents = [0, 1, 149, AGENT_OVER_LIMIT, UNANSWERED];
        let mut all = Vec::new();
        for &caller in &callers {
            for &t in &seconds {
                for &agent in &agents {
                    for queue in [0, 3, u16::MAX - 1] {
                        all.push(FcrCall::new(caller, t, agent, queue));
                    }
                }
            }
        }
        all.reverse();
        let mut by_fields = all.clone();
        by_fields.sort_unstable();
        let mut by_key = all.clone();
        by_key.sort_unstable_by_key(FcrCall::key);
        assert!(by_key == by_fields);
        let mut by_hash = all;
        sort_calls(&mut by_hash, 0);
        assert!(by_hash == by_fields);
    }

    #[test]
    fn a_million_fcr_calls_of_a_busy_centre_take_under_9_bytes_each_plus_one_chunk() {
        assert_eq!(std::mem::size_of::<FcrCall>(), 14);
        // As in a centre taking 26,000 calls a day: callers hashed (spread over 64 bits), a call
        // every 3.3 s, 150 agents and 5 queues, some calls unanswered or past the agent limit.
        let mut calls = FcrCalls::default();
        let mut want = Vec::new();
        for i in 0..1_000_000u32 {
            let caller = hash_id(&[format!("1380000{}", i % 400_000).as_str()]);
            let agent = match i % 50 {
                0 => UNANSWERED,
                1 => AGENT_OVER_LIMIT,
                _ => (i % 150) as u16,
            };
            let c = FcrCall::new(caller, 1_700_000_000 + i * 10 / 3, agent, (i % 5) as u16);
            calls.push(c);
            want.push(c);
        }
        let slack = FCR_CHUNK * 14;
        assert!(calls.bytes() <= 9_000_000 + slack, "{}", calls.bytes());
        want.sort_unstable();
        let sorted: Vec<FcrCall> = calls.sorted().collect();
        assert!(sorted == want, "the packed runs give back every call, in order");
        assert!(calls.bytes() <= 9_000_000, "{}", calls.bytes());
        // And the chunk being filled takes calls again after the walk packed it.
        calls.push(FcrCall::new(1 << 16, 1, 2, 3));
        assert_eq!(calls.len(), 1_000_001);
        assert_eq!(calls.chunks.packed.len(), 1_000_000 / FCR_CHUNK);
    }

    #[test]
    fn a_packed_run_gives_back_every_call_whatever_its_values_and_order() {
        let callers = [0, 1 << 16, 0x1234_5678_9ABC_0000, KEPT_HASH_BITS];
        let seconds = [0, 1, 0xFFFF, 1_700_000_000, u32::MAX];
        let agents = [0, 1, 149, MAX_AGENTS as u16 - 1, AGENT_OVER_LIMIT, u16::MAX - 1, UNANSWERED];
        let queues = [0, 7, MAX_QUEUES as u16 - 1];
        let mut calls = Vec::new();
        for (i, &caller) in callers.iter().enumerate() {
            for (j, &t) in seconds.iter().enumerate() {
                for (k, &agent) in agents.iter().enumerate() {
                    calls.push(FcrCall::new(caller, t, agent, queues[(i + j + k) % queues.len()]));
                }
            }
        }
        // As added (out of order: steps wrap), sorted, one call, none.
        assert_eq!(PackedRun::pack(&calls).unpack(), calls);
        calls.sort_unstable();
        assert_eq!(PackedRun::pack(&calls).unpack(), calls);
        assert_eq!(PackedRun::pack(&calls[3..4]).unpack(), &calls[3..4]);
        assert!(PackedRun::pack(&[]).unpack().is_empty());
    }

    #[test]
    fn an_fcr_call_gives_back_its_caller_and_second_and_sorts_by_caller_then_second() {
        let callers = [0, 1 << 16, 0x1234_5678_9ABC_0000, KEPT_HASH_BITS];
        let seconds = [0, 1, 0xFFFF, 0x1_0000, 1_700_000_000, u32::MAX];
        let mut all = Vec::new();
        for &caller in &callers {
            for &t in &seconds {
                let c = FcrCall::new(caller | 0xABCD, t, 7, 9);
                assert_eq!((c.caller(), c.t(), c.agent, c.queue), (caller, t, 7, 9), "the hash's low 16 bits dropped");
                all.push(c);
            }
        }
        all.sort_unstable();
        assert!(all.windows(2).all(|p| (p[0].caller(), p[0].t()) < (p[1].caller(), p[1].t())));
    }

    #[test]
    fn fcr_calls_come_out_in_order_when_callers_spread_over_every_hash_slice() {
        // Callers as hashes are (spread over all 64 bits, so every slice the walk gathers holds
        // some), the extremes included, several calls per caller, chunks full and partial.
        let spread = |i: u64| {
            let x = i.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9)
        };
        let mut calls = FcrCalls::default();
        let n = 3 * FCR_CHUNK as u64 + 777;
        for i in 0..n {
            let caller = match i % 1000 {
                0 => 0,
                1 => u64::MAX,
                _ => spread(i % 40_000),
            };
            calls.push(FcrCall::new(caller, (n - i) as u32, (i % 3) as u16, (i % 2) as u16));
        }
        let mut want: Vec<FcrCall> = calls.iter().collect();
        want.sort_unstable();
        let got: Vec<FcrCall> = calls.sorted().collect();
        assert!(MergedRuns::new(&calls.chunks.packed).bits > 4, "the walk goes slice by slice");
        assert_eq!(got.len(), want.len());
        assert!(got == want, "the merged walk is the sorted list");
    }

    #[test]
    fn one_caller_behind_most_calls_is_walked_in_order_without_a_copy_of_its_calls() {
        // Masked numbers: most calls share one caller, so its slice is past MAX_BATCH and goes
        // through the heap; the other callers' slices are gathered as usual.
        let mut calls = FcrCalls::default();
        let n = 3 * FCR_CHUNK as u32 + 99;
        for i in 0..n {
            // The others ring twice each (i = 8k and 8k + 4).
            let caller = if i % 4 == 0 { u64::from(i / 8).wrapping_mul(0x9E37_79B9_7F4A_7C15) } else { 1 << 40 };
            calls.push(FcrCall::new(caller, (i * 7919) % n, (i % 5) as u16, 0));
        }
        let mut want: Vec<FcrCall> = calls.iter().collect();
        want.sort_unstable();
        assert!(want.iter().filter(|c| c.caller() == 1 << 40).count() > MAX_BATCH);
        drop(calls.sorted()); // sorts the last, partial chunk, as the pass does
        let mut walk = MergedRuns::new(&calls.chunks.packed);
        let mut got = Vec::new();
        let mut most_copied = 0;
        while let Some(c) = walk.next() {
            got.push(c);
            most_copied = most_copied.max(walk.batch.len());
        }
        assert!(got == want, "the merged walk is the sorted list");
        assert!(most_copied <= MAX_BATCH, "copied {most_copied} calls at once");
        // The walk the pass makes: every call once, in order, each with the next call when it is
        // the same caller's — through gathered slices and through the heap alike.
        let mut pairs = Vec::new();
        MergedRuns::new(&calls.chunks.packed).each_with_next(|c, next| pairs.push((*c, next.copied())));
        let same_caller_next =
            |i: usize| want.get(i + 1).filter(|n: &&FcrCall| n.caller() == want[i].caller()).copied();
        let expected: Vec<_> = want.iter().enumerate().map(|(i, c)| (*c, same_caller_next(i))).collect();
        assert!(pairs == expected, "each call with its caller's next call");
        let gathered_repeats = pairs.iter().filter(|p| p.0.caller() != 1 << 40 && p.1.is_some()).count();
        assert!(gathered_repeats > 1_000, "{gathered_repeats} repeats of callers in gathered slices");
    }

    #[test]
    fn a_run_renumbered_twice_reads_as_renumbered_by_one_map_then_the_other() {
        let mut calls = FcrCalls::default();
        for i in 0..100u32 {
            calls.push(FcrCall::new(u64::from(i) << 20, i, [0, 1, 2, 3, UNANSWERED][i as usize % 5], (i % 2) as u16));
        }
        // Agent 3 past the limit after the first; the queues swapped, then moved.
        let first = Arc::new(SlotMap { agents: vec![2, 0, 1, AGENT_OVER_LIMIT], queues: vec![1, 0] });
        let second = Arc::new(SlotMap { agents: vec![5, 6, 7], queues: vec![3, 4] });
        let (mut once, mut twice) = (FcrCalls::default(), FcrCalls::default());
        once.append_mapped(calls.clone(), &first);
        twice.append_mapped(once, &second);
        let want: Vec<FcrCall> = calls
            .iter()
            .map(|c| FcrCall {
                agent: second.agent(first.agent(c.agent)),
                queue: second.queue(first.queue(c.queue)),
                ..c
            })
            .collect();
        assert_eq!(twice.iter().collect::<Vec<_>>(), want);
        assert_eq!(want.iter().filter(|c| c.agent == AGENT_OVER_LIMIT).count(), 20);
        assert_eq!(twice.extent(), (0, 99, 8, 5));
    }

    #[test]
    fn renumbered_runs_walked_through_the_heap_judge_as_runs_packed_renumbered() {
        // 97 callers whose hashes share their top bits: one slice of 131,082 calls, walked with
        // the heap. Each caller calls about a hundred times in each of 13 seconds, ten minutes
        // apart, to agents 0–4: which of a second's calls is judged last (resolved, not a repeat)
        // depends on their order, which renumbering the agents reverses inside a run.
        let call = |i: u32, agent: u16| FcrCall::new(u64::from(i % 97) << 16, i % 13 * 600, agent, 0);
        let (mut other, mut renumbered) = (FcrCalls::default(), FcrCalls::default());
        for i in 0..(2 * FCR_CHUNK + 10) as u32 {
            other.push(call(i, (i % 5) as u16));
            renumbered.push(call(i, 4 - (i % 5) as u16));
        }
        let mut mapped = FcrCalls::default();
        mapped.append_mapped(other, &Arc::new(SlotMap { agents: vec![4, 3, 2, 1, 0], queues: vec![0] }));
        // Of 2⁴ slices by the hashes' top bits (131,082 calls, about MERGE_BATCH a slice), the
        // first holds them all (more than MAX_BATCH).
        assert_eq!(MergedRuns::new(&mapped.chunks.packed).bits, 4);
        let pass = FcrPass { window_s: 3600, end: 86_400, no_agent: None, cells: DAY_COUNT_CELLS };
        let want = renumbered.judge(pass).clone();
        // Every call judged once; the last of each caller's resolved.
        let t = want.totals;
        assert!(t.resolved + t.repeat + t.unknown == 2 * FCR_CHUNK as u64 + 10 && t.resolved == 97, "{want:?}");
        assert_eq!(mapped.judge(pass), &want);
        assert_eq!(mapped.sorted().collect::<Vec<_>>(), renumbered.sorted().collect::<Vec<_>>());
    }

    #[test]
    fn fcr_calls_come_out_in_order_after_renumbering_and_through_bytes() {
        let call = |caller: u64, t: u32, agent: u16| FcrCall::new(caller << 16, t, agent, 0);
        let mut other = FcrCalls::default();
        // Two full chunks and a partial one; several calls per caller and second.
        for i in 0..(2 * FCR_CHUNK + 10) as u32 {
            other.push(call(u64::from(i % 97), i % 13, (i % 5) as u16));
        }
        let mut mine = FcrCalls::default();
        for i in 0..10u32 {
            mine.push(call(u64::from(i), 1, 9));
        }
        // Renumbering reverses the agents: a sorted chunk is no longer sorted within a second.
        let reversed = Arc::new(SlotMap { agents: vec![4, 3, 2, 1, 0], queues: vec![0] });
        // As a range's state arrives: through bytes, its runs as they were packed (the partial
        // chunk packed by the writer).
        let mut from_bytes = mine.clone();
        let other_back: FcrCalls = postcard::from_bytes(&postcard::to_allocvec(&other).unwrap()).unwrap();
        assert_eq!((other_back.chunks.packed.len(), other_back.chunks.filling.len()), (3, 0));
        from_bytes.append_mapped(other_back, &reversed);
        mine.append_mapped(other, &reversed);
        let bytes = postcard::to_allocvec(&mine).unwrap();
        assert_eq!(postcard::to_allocvec(&from_bytes).unwrap(), bytes, "the same chunks, whichever way they came");
        let mut back: FcrCalls = postcard::from_bytes(&bytes).unwrap();
        let mut want: Vec<FcrCall> = mine.iter().collect();
        want.sort_unstable();
        assert_eq!(want.len(), 2 * FCR_CHUNK + 20);
        assert_eq!(mine.sorted().collect::<Vec<_>>(), want);
        assert_eq!(back.sorted().collect::<Vec<_>>(), want);
        // A damaged length is an error, not a panic.
        assert!(postcard::from_bytes::<FcrCalls>(&[1, 3, 1, 2, 3]).is_err());
    }

    #[test]
    fn a_packed_run_read_from_bytes_that_could_not_be_read_back_is_an_error() {
        let mut one = FcrCalls::default();
        for i in 0..1000u32 {
            one.push(FcrCall::new(u64::from(i % 31) << 20, 1_000 + i, (i % 7) as u16, (i % 3) as u16));
        }
        drop(one.sorted());
        let bytes = postcard::to_allocvec(&one).unwrap();
        let back: FcrCalls = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.iter().collect::<Vec<_>>(), one.iter().collect::<Vec<_>>());
        // The run's bytes end the encoding: its head (32 bytes), then its words.
        let at = bytes.len() - 32 - 8 * one.chunks.packed[0].calls.parts().1.len();
        let damaged = |offset: usize, value: &[u8]| {
            let mut b = bytes.clone();
            b[at + offset..at + offset + value.len()].copy_from_slice(value);
            postcard::from_bytes::<FcrCalls>(&b).map(|_| ())
        };
        assert!(damaged(0, &[0; 8]).is_ok(), "a first caller of 0 reads");
        // A first caller past 48 bits; a last second before the first, or a span of seconds
        // narrower than the seconds' field; agents or queues past 16-bit slots; a length or a
        // field's width that does not match the words; a width past 64.
        // Extents that understate the slots of its calls: read, and the walk counts those calls
        // apart (never past its arrays), as it counts them from the true extents.
        let pass = FcrPass { window_s: 3600, end: 86_400, no_agent: None, cells: DAY_COUNT_CELLS };
        let want = one.judge(pass).clone();
        assert_eq!(want.agents.len(), 7);
        let mut b = bytes.clone();
        b[at + 16..at + 24].copy_from_slice(&[1, 0, 0, 0, 1, 0, 0, 0]);
        let mut understated: FcrCalls = postcard::from_bytes(&b).unwrap();
        assert!(matches!(DayCounts::new(1, 1, (0, 0), DAY_COUNT_CELLS), DayCounts::Dense { .. }));
        assert_eq!(understated.judge(pass), &want);
        for (offset, value) in [
            (6, &[1u8][..]),
            (12, &[0, 0, 0, 0][..]),
            (12, &1_001u32.to_le_bytes()[..]),
            (16, &70_000u32.to_le_bytes()[..]),
            (20, &70_000u32.to_le_bytes()[..]),
            (24, &999u32.to_le_bytes()[..]),
            (29, &[12][..]),
            (31, &[65][..]),
        ] {
            assert!(damaged(offset, value).is_err(), "{offset}: {value:?}");
        }
    }

    /// Calls of a stream, one every 2 minutes, in which most callers ring again within hours.
    fn add_repeat_callers(a: &mut Aggregates, calls: std::ops::Range<i64>) {
        for i in calls {
            let outcome = if i % 6 == 0 { Outcome::Abandoned } else { Outcome::Answered };
            let mut c = Call::new(1_600_000_000_000 + i * 120_000, outcome);
            // Every third caller rings once; the others every 97 calls (3 h 14 min).
            let caller = if i % 3 == 0 { format!("9{i}") } else { format!("555{}", i % 97) };
            let agent = format!("A{}", i % 9);
            c.agent = (outcome == Outcome::Answered && i % 13 != 0).then_some(agent.as_str());
            c.queue = Some(["Sales", "Tech"][(i % 2) as usize]);
            c.caller = Some(caller.as_str());
            a.add(&c);
        }
    }

    #[test]
    fn fcr_judged_again_after_any_change_it_depends_on_and_equal_to_a_fresh_pass() {
        let fresh = |calls: std::ops::Range<i64>| {
            let mut a = Aggregates::new(true, None);
            add_repeat_callers(&mut a, calls);
            a
        };
        let mut a = fresh(0..1_000);
        let first = a.fcr(4);
        assert!(first.totals.resolved > 50 && first.totals.repeat > 50, "{:?}", first.totals);
        assert_eq!(a.fcr(4), first);
        // Another window: other counts, then the first ones again.
        assert_ne!(a.fcr(1).totals, first.totals);
        assert_eq!(a.fcr(4), first);
        // Calls added after a pass, within the data's span (its end unchanged) …
        let mut gap = fresh(0..400);
        add_repeat_callers(&mut gap, 500..1_000);
        let before = gap.fcr(4);
        add_repeat_callers(&mut gap, 400..500);
        assert_ne!(gap.fcr(4), before);
        assert_eq!(gap.fcr(4), first);
        // … and after it (repeats of earlier callers, a later end of the data).
        add_repeat_callers(&mut a, 1_000..1_200);
        assert_eq!(a.fcr(4), fresh(0..1_200).fcr(4));
        assert_ne!(a.fcr(4).totals, first.totals);
        // A later call the pass does not count still moves the end of the data: more calls are
        // judged, fewer unknown.
        let before = a.fcr(4);
        a.add(&Call::new(1_600_000_000_000 + 1_400 * 120_000, Outcome::Other));
        let after = a.fcr(4);
        assert!(after.totals.unknown < before.totals.unknown, "{:?} {:?}", before.totals, after.totals);
        let mut want = fresh(0..1_200);
        want.add(&Call::new(1_600_000_000_000 + 1_400 * 120_000, Outcome::Other));
        assert_eq!(after, want.fcr(4));
        // Calls merged in after a pass, within the span.
        let mut b = fresh(0..400);
        add_repeat_callers(&mut b, 500..1_000);
        b.fcr(4);
        b.merge(fresh(400..500));
        assert_eq!(b.fcr(4), first);
    }

    #[test]
    fn fcr_counts_in_arrays_equal_counts_in_maps() {
        let mut a = Aggregates::new(true, None);
        for i in 0..3_000i64 {
            let outcome = if i % 6 == 0 { Outcome::Abandoned } else { Outcome::Answered };
            let mut c = Call::new(1_600_000_000_000 + (i * 7_919 % 3_000) * 1_800_000, outcome);
            let (agent, caller) = (format!("A{}", i % 9), format!("555{}", i % 400));
            c.agent = (outcome == Outcome::Answered && i % 17 != 0).then_some(agent.as_str());
            c.queue = (i % 5 != 0).then_some(["Sales", "Tech"][(i % 2) as usize]);
            c.caller = Some(caller.as_str());
            a.add(&c);
        }
        let arrays = a.fcr_in_cells(240, usize::MAX);
        let maps = a.fcr_in_cells(240, 0);
        assert_eq!(arrays.totals, maps.totals);
        assert!(
            arrays.totals.resolved > 50 && arrays.totals.repeat > 50 && arrays.totals.unknown > 0,
            "{:?}",
            arrays.totals
        );
        assert_eq!(arrays.agents, maps.agents);
        assert_eq!(arrays.queues, maps.queues);
        assert_eq!(arrays.days, maps.days);
        assert_eq!(arrays.group_days, maps.group_days);
        assert!(arrays.group_days.len() > 100);
    }

    /// Every queue's, agent's and team's whole tally, by name, as [`Aggregates::group_tallies`]
    /// gives them.
    fn whole_tallies(a: &Aggregates) -> [BTreeMap<Option<String>, Tally>; 3] {
        let g = a.group_tallies();
        let by_name = |n: &Named, t: Vec<Tally>| n.keys.iter().cloned().zip(t).collect::<BTreeMap<_, _>>();
        [by_name(&a.queues, g.queues), by_name(&a.agents, g.agents), by_name(&a.teams, g.teams)]
    }

    #[test]
    fn a_groups_whole_tally_holds_every_call_however_its_days_are_trimmed_capped_split_or_snapshotted() {
        // 450 days (the first 50 fall before the span and leave the group × day table), and in the
        // second case more group days than the table keeps (it is capped and emptied).
        for agents in [3, 150] {
            let names: Vec<String> = (0..agents).map(|i| format!("A{i}")).collect();
            let mut calls = Vec::new();
            for day in 0..450i64 {
                for (i, agent) in names.iter().enumerate() {
                    let i = i as i64;
                    let mut c = Call::new(
                        1_600_000_000_000 + day * MS_PER_DAY + i * 61_000,
                        if (day + i) % 4 == 0 { Outcome::Abandoned } else { Outcome::Answered },
                    );
                    c.wait_ms = Some((day * 7 + i * 13) % 700 * 1000);
                    c.talk_ms = Some((day * 11 + i * 17) % 900 * 1000);
                    c.agent = Some(agent.as_str()).filter(|_| c.outcome == Outcome::Answered);
                    c.queue = Some(["Sales", "Tech"][((day + i) % 2) as usize]).filter(|_| i % 5 != 0);
                    c.team = Some(["T1", "T2", "T3"][(i % 3) as usize]);
                    calls.push(c);
                }
            }
            // Each call added straight to its groups' tallies: what the whole tallies must be.
            let mut want: [BTreeMap<Option<String>, Tally>; 3] = Default::default();
            for c in &calls {
                let agent = c.agent.is_some() || c.outcome == Outcome::Answered;
                want[0].entry(c.queue.map(str::to_string)).or_default().add(c);
                if agent {
                    want[1].entry(c.agent.map(str::to_string)).or_default().add(c);
                }
                if c.team.is_some() {
                    want[2].entry(c.team.map(str::to_string)).or_default().add(c);
                }
            }
            let mut whole = Aggregates::new(false, None);
            calls.iter().for_each(|c| whole.add(c));
            assert_eq!(whole.group_days.capped, agents > 100, "the larger case caps the table");
            whole.trim_slots();
            assert!(whole_tallies(&whole) == want, "{agents} agents: read in one piece");
            // In three pieces of shuffled calls, merged.
            let mut parts = [Aggregates::new(false, None), Aggregates::new(false, None), Aggregates::new(false, None)];
            for (i, c) in calls.iter().enumerate() {
                parts[(i * 7919) % 3].add(c);
            }
            let [mut merged, b, c] = parts;
            merged.merge(c);
            merged.merge(b);
            assert!(whole_tallies(&merged) == want, "{agents} agents: read in pieces");
            // Through a snapshot, whose groups hold their days' calls, and merged with itself.
            let json = serde_json::to_string(&whole.judged(0)).unwrap();
            let mut back: Aggregates = serde_json::from_str(&json).unwrap();
            let snapshot_queues = back.queues.tallies.clone();
            back.check_loaded().unwrap();
            let whole_queues: Vec<Tally> = whole_tallies(&whole)[0].values().cloned().collect();
            assert!(snapshot_queues.len() == 3 && whole_tallies(&back) == want, "{agents} agents: a snapshot");
            assert_eq!(snapshot_queues.iter().map(|t| t.offered).sum::<u64>(), calls.len() as u64);
            let mut twice = back.clone();
            twice.merge(back);
            let doubled = whole_tallies(&twice)[0].values().map(|t| t.offered).collect::<Vec<_>>();
            assert_eq!(doubled, whole_queues.iter().map(|t| 2 * t.offered).collect::<Vec<_>>());
        }
    }

    #[test]
    fn calls_of_queues_past_the_limit_count_under_no_queue_when_merged_as_when_read() {
        let queues: Vec<String> = (0..MAX_QUEUES + 500).map(|i| format!("Q{i}")).collect();
        let callers: Vec<String> = (0..300).map(|i| format!("555{i}")).collect();
        let calls: Vec<Call<'_>> = (0..queues.len() + 2_000)
            .map(|i| {
                // Every other call past the first queues lies before the span of days (in its
                // group's own tally, not a day's).
                let before_span = if i > queues.len() && i % 2 == 0 { 500 * MS_PER_DAY } else { 0 };
                let arrival = 1_600_000_000_000 + (i as i64 % 3) * MS_PER_DAY + i as i64 * 1000 - before_span;
                let mut c = Call::new(arrival, Outcome::Answered);
                c.queue = Some(queues[if i < queues.len() { i } else { i % 700 + MAX_QUEUES - 200 }].as_str());
                c.agent = Some(["A1", "A2"][i % 2]);
                c.caller = Some(callers[i % 300].as_str());
                c.wait_ms = Some(i as i64 % 50 * 1000);
                c
            })
            .collect();
        let mut whole = Aggregates::new(true, None);
        calls.iter().for_each(|c| whole.add(c));
        // The first MAX_QUEUES queues in one part, the rest (and some of the first) in another.
        let (mut merged, mut rest) = (Aggregates::new(true, None), Aggregates::new(true, None));
        calls[..MAX_QUEUES].iter().for_each(|c| merged.add(c));
        calls[MAX_QUEUES..].iter().for_each(|c| rest.add(c));
        assert_eq!(rest.queues.overflow_calls, 0, "no part is past the limit on its own");
        merged.merge(rest);
        whole.trim_slots();
        merged.trim_slots();
        let (w, m) = (whole.group_tallies(), merged.group_tallies());
        let past = calls.iter().filter(|c| c.queue.unwrap()[1..].parse::<usize>().unwrap() >= MAX_QUEUES).count();
        assert_eq!(whole.queues.overflow_calls, past as u64);
        assert_eq!(merged.queues.overflow_calls, whole.queues.overflow_calls);
        assert!(merged.queues.keys == whole.queues.keys && m.queues == w.queues, "every call keeps a queue slot");
        assert_eq!(m.queues.iter().map(|t| t.offered).sum::<u64>(), calls.len() as u64);
        assert!(
            merged.group_days.map == whole.group_days.map
                && merged.group_days.agent_queues == whole.group_days.agent_queues
        );
        assert_eq!(merged.fcr(24), whole.fcr(24));
    }

    #[test]
    fn a_snapshot_whose_group_holds_fewer_calls_than_its_days_is_refused() {
        let mut a = Aggregates::new(false, None);
        let mut c = Call::new(1_600_000_000_000, Outcome::Answered);
        c.queue = Some("Sales");
        c.wait_ms = Some(5_000);
        a.add(&c);
        let mut snap = a.judged(0);
        assert_eq!(snap.queues.tallies[0].offered, 1, "a snapshot's group holds its days' calls");
        snap.queues.tallies[0] = Tally::default();
        let mut back: Aggregates = serde_json::from_str(&serde_json::to_string(&snap).unwrap()).unwrap();
        assert_eq!(back.check_loaded(), Err("a group holds fewer calls than its days"));
    }

    #[test]
    fn a_tally_without_a_part_of_it_is_what_the_rest_of_its_calls_give() {
        let calls: Vec<Call<'_>> = (0..300i64)
            .map(|i| {
                let mut c =
                    Call::new(i * 1000, [Outcome::Answered, Outcome::Abandoned, Outcome::TimedOut][(i % 3) as usize]);
                c.wait_ms = Some(i * i * 37 % 2_000_000);
                c.talk_ms = Some(i * 7_919 % 3_000_000);
                c.hold_ms = (i % 4 == 0).then_some(i * 100);
                c.resolved = (i % 5 == 0).then_some(i % 2 == 0);
                c
            })
            .collect();
        let tally = |cs: &[Call<'_>]| {
            let mut t = Tally::default();
            cs.iter().for_each(|c| t.add(c));
            t
        };
        let (whole, part, rest) = (tally(&calls), tally(&calls[100..250]), [&calls[..100], &calls[250..]].concat());
        assert_eq!(whole.minus(&part), Some(tally(&rest)));
        assert_eq!(part.minus(&whole), None, "a part larger than the whole");
        assert_eq!(whole.minus(&whole), Some(Tally::default()));
    }

    #[test]
    fn aggregates_go_through_json_and_back_and_merge_as_before() {
        let mut a = Aggregates::new(true, Some("投诉".into()));
        for i in 0..400i64 {
            let mut c = Call::new(
                1_600_000_000_000 + i * 600_000,
                if i % 5 == 0 { Outcome::Abandoned } else { Outcome::Answered },
            );
            let agent = format!("A{}", i % 7);
            let queue = ["Sales", "投诉", "Tech"][(i % 3) as usize];
            let caller = format!("555{}", i % 50);
            c.wait_ms = Some(i * 731 % 90_000);
            c.talk_ms = Some(i * 1_337 % 600_000);
            c.agent = (i % 5 != 0 || i % 2 == 0).then_some(agent.as_str());
            c.queue = (i % 11 != 0).then_some(queue);
            c.team = (i % 4 != 0).then_some("T1");
            c.caller = Some(caller.as_str());
            a.add(&c);
        }
        a.outbound.add(&crate::model::call::OutboundCall::new(1_600_000_000_000));
        let json = serde_json::to_string(&a).unwrap();
        let mut back: Aggregates = serde_json::from_str(&json).unwrap();
        // Hash maps write in no fixed order: compare the tables themselves.
        assert!(back.queues.keys == a.queues.keys && back.queues.tallies == a.queues.tallies);
        assert!(back.agents.keys == a.agents.keys && back.agents.tallies == a.agents.tallies);
        assert!(back.teams.tallies == a.teams.tallies && back.agent_names == a.agent_names);
        assert!(back.slots == a.slots && back.group_days.map == a.group_days.map);
        assert!(back.group_days.agent_queues == a.group_days.agent_queues && back.last_slot == a.last_slot);
        assert!(back.outbound.totals == a.outbound.totals && back.outbound.agents == a.outbound.agents);
        assert_eq!(back.fcr_calls.iter().count(), 400);
        assert_eq!(back.queues.get(Some("Tech")), a.queues.get(Some("Tech")));
        assert_eq!(back.queues.get(None), a.queues.get(None));
        // The rebuilt index is used: merging the copy finds the same slots, and FCR is unchanged.
        let mut twice = a.clone();
        twice.merge(back.clone());
        assert_eq!(twice.queues.keys, a.queues.keys);
        assert_eq!(twice.group_tallies().agents[0].offered, 2 * a.group_tallies().agents[0].offered);
        let (f, g) = (a.fcr(24), back.fcr(24));
        assert_eq!((f.totals, f.agents.len(), f.group_days.len()), (g.totals, g.agents.len(), g.group_days.len()));
        let t = serde_json::to_string(&Tally::default()).unwrap();
        let table = |keys: &str, tallies: &str| {
            format!(r#"{{"keys":{keys},"tallies":[{tallies}],"limit":0,"overflow_calls":0}}"#)
        };
        assert!(serde_json::from_str::<Named>(&table(r#"["a",null]"#, &format!("{t},{t}"))).is_ok());
        assert!(serde_json::from_str::<Named>(&table(r#"["a","a"]"#, &format!("{t},{t}"))).is_err());
        assert!(serde_json::from_str::<Named>(&table(r#"["a"]"#, "")).is_err());
    }
}
