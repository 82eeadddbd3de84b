//! What the analyzer remembers about every call read, when `dedupe` is on: the call's identity
//! (its id and arrival second) to count a repeated call once, and its id with the agent who took
//! it, so that surveys and QA evaluations that name a call reach that agent.
//!
//! A duplicate is the same call read again — same id and same arrival to the second — as when two
//! exports overlap. Many ACDs number calls per day, line or trunk, so an id alone repeats across a
//! month; those are different calls, counted separately (the file says so once in its warnings).
//!
//! Layout: sort-based, not a hash map per call. Each call is one 12-byte [`Entry`] (the top 48
//! bits of the id's hash, mixed: [`id_key`]; its arrival second; its agent's index), appended to
//! a small unsorted buffer that is sorted into runs, sorted together into one of [`RUN_MAX`] entries when they hold
//! that many (a look-up first sorts the last [`PILE_TAIL`] into one, so it searches at most about
//! 80 runs; merged as they come instead while look-ups are frequent), plus a blocked Bloom filter
//! over the ids at about 16 bits per call. A full run, and another worker's index taken as one
//! run (merged with the last such while within [`RUN_MAX`]), is kept bit-packed ([`PackedRun`]:
//! about 8 bytes an entry). A new call's id is looked up in the buffer and the runs only when
//! the filter says the id may have been seen (an id really seen before, or about one call in a
//! thousand by chance): the common case costs one cache line, not a random probe into a table of
//! every call. A file that repeats an earlier one looks up every call, so the runs are kept few.
//! A range read beside others keeps no filter and looks nothing up as it reads: its calls are
//! sorted once when it ends and looked up when its state is added ([`CallIndex::check_at_seal`];
//! 12 bytes a call until then, and as much again while they are sorted).
//! Memory: about 8 bytes per call in packed runs (12 in the runs still filling, at most
//! [`RUN_MAX`] of them) + about 2 bytes of filter per call expected
//! ([`CallIndex::expect`]: the analyzer's estimate from a file's first MiB and its size; 2–4 per
//! call read without one; none while a report is built), and at most two runs' worth (2 × 12 MiB)
//! while two runs are merged.
//!
//! Why 48 bits of the id's hash are enough: a call is taken for a duplicate only when its id's 48
//! bits and its arrival second both match a call read, and two different ids share 48 bits with
//! odds of one in 2⁴⁸ (2.8 × 10¹⁴) a pair; ten million calls hold about 5 × 10¹³ pairs, so a month
//! of a big centre expects a fifth of one id wrongly seen as reused (a warning, no figure moves),
//! and a duplicate wrongly found needs that within the same second as well. A survey naming a call
//! finds another call's agent with odds of the calls held in 2⁴⁸ (one in 28 million at 10 M calls).

use rustc_hash::{FxHashMap, FxHashSet};

pub(crate) use crate::ingest::Added;
use crate::kpi::MAX_AGENTS;
use crate::model::bit_pack::{width, Packed};
use crate::model::call::hash_id;
use crate::model::hash_sort::{hash_and_second, second_of, sort_by_hash, sorted_by_hash, KEPT_HASH_BITS};
use crate::model::wire::{Bad, Reader, Wire, WireResult, Writer};

/// Agent index of a call nobody answered.
const NO_AGENT: u32 = u32::MAX;
/// What an entry keeps of an agent index: 16 bits, all ones for [`NO_AGENT`].
const AGENT_BITS: u32 = 0xFFFF;
const _: () = assert!(MAX_AGENTS < AGENT_BITS as usize);

/// The part of an id's hash the index keeps and looks up (see the module's comment): the hash
/// mixed (splitmix64's finalizer, one-to-one), then its top 48 bits. The ids' hash is FNV-1a,
/// whose top bits are poorly mixed for short ids; the index's order is that of these bits, and
/// the filter's block is their top 32 ([`Bloom::bits`]), so that a sorted run of calls, added
/// whole or looked up, walks the filter from one end to the other.
fn id_key(id: u64) -> u64 {
    let z = (id ^ (id >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) & KEPT_HASH_BITS
}

/// New calls wait in the unsorted buffer until it holds this many.
const BUFFER: usize = 1024;
/// Runs are merged up to this many entries (12 MiB); a run this long is packed
/// ([`PackedRun`]) and stays beside the others.
const RUN_MAX: usize = 1 << 20;
/// The unpacked runs go into the ladder once look-ups have searched more than this many of them
/// per call they hold ([`CallIndex::ladder`]): a run searched costs about 40 instructions, the
/// ladder about 150 a call more than sorting the runs at once.
const SEARCHES_PER_CALL: usize = 4;
/// Short runs a look-up may search in a pile before they are sorted into one
/// ([`CallIndex::sort_pile_tail`]).
const PILE_TAIL: usize = 64;

/// One call in 12 bytes, ordered by id, then arrival second, then agent: `high` holds the id's
/// key ([`id_key`], 48 bits) and the arrival second's top 16, `low` the second's low 16 and the agent's index.
/// The arrival second is local seconds since 1970; seconds outside u32 are kept in `odd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(C, packed(4))]
struct Entry {
    high: u64,
    low: u32,
}

/// An entry's size, in memory and on the wire.
const ENTRY_BYTES: usize = 12;
const _: () = assert!(std::mem::size_of::<Entry>() == ENTRY_BYTES);

impl Entry {
    /// `id` is an [`id_key`]; `agent` an index below [`MAX_AGENTS`] or [`NO_AGENT`].
    fn new(id: u64, secs: u32, agent: u32) -> Entry {
        Entry { high: hash_and_second(id, secs), low: (secs << 16) | (agent & AGENT_BITS) }
    }

    fn id(&self) -> u64 {
        self.high & KEPT_HASH_BITS
    }

    fn secs(&self) -> u32 {
        second_of(self.high, (self.low >> 16) as u16)
    }

    fn agent(&self) -> u32 {
        match self.low & AGENT_BITS {
            AGENT_BITS => NO_AGENT,
            a => a,
        }
    }

    /// The entry's place in the order (`Ord`'s: id and second, then agent) as one number,
    /// compared in one step where sorting and merging compared field by field.
    fn key(&self) -> u128 {
        u128::from(self.high) << 64 | u128::from(self.low)
    }

    fn with_agent(self, agent: u32) -> Entry {
        Entry::new(self.id(), self.secs(), agent)
    }
}

/// Call identities and ids read so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallIndex {
    /// Empty while released ([`CallIndex::release_filter`]).
    bloom: Bloom,
    released: bool,
    /// The newest calls, unsorted.
    buffer: Vec<Entry>,
    /// Which ids the buffer may hold.
    buffer_ids: BufferIds,
    /// Sorted runs of calls (by id, then arrival), unpacked: one a buffer's worth, left as they
    /// come until they hold [`RUN_MAX`] calls, the index is sealed, or a report or a snapshot is
    /// about to look calls up, then sorted into one at once ([`CallIndex::sort_runs_into_one`])
    /// (a look-up sorts the last [`PILE_TAIL`] or more into one first: [`CallIndex::sort_pile_tail`]);
    /// once look-ups search them often (`ladder`), merged as calls come instead, runs of similar
    /// size together.
    runs: Vec<Vec<Entry>>,
    /// Whether the runs are merged as calls come. Merging them in a ladder copied each call about
    /// ten times on its way to a full run (a twentieth of reading a file with duplicate detection
    /// on, natively and in wasm); sorting a full run's calls at once costs a third of that. But a
    /// look-up searches every run, and a thousand of them cost more than the ladder once one call
    /// in a few hundred is looked up (a file whose ids repeat from day to day, or that repeats an
    /// earlier one): then, and from then on, the ladder.
    ladder: bool,
    /// Runs searched by look-ups since the runs were last sorted into one.
    searched: std::cell::Cell<usize>,
    /// Sorted runs no longer merged: full ones, and those of other indexes.
    packed: Vec<PackedRun>,
    /// Calls whose arrival second does not fit 32 bits (dates before 1970 or after 2106):
    /// (id, second) → agent.
    odd: FxHashMap<(u64, i64), u32>,
    len: usize,
    /// The calls [`CallIndex::expect`] was told of.
    len_hint: usize,
    agents: Vec<String>,
    agent_index: FxHashMap<String, u32>,
    /// Hash of the id of every call whose record carried a satisfaction answer or a complaint, so
    /// a survey file's answer to the same call is not counted twice.
    feedback: FxHashSet<u64>,
    /// Calls are taken without a look-up ([`CallIndex::check_at_seal`]): a range's index, checked
    /// once, when it is sealed.
    unchecked: bool,
    /// What sealing found among an unchecked index's own calls ([`CallIndex::seal`]).
    inside: Overlap,
}

/// What another index's calls are to this one (see [`CallIndex::merge_if_disjoint`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Overlap {
    /// Some call of the other index is one this index holds (the same call read again).
    pub duplicates: bool,
    /// Some call of the other index has an id this index holds with another arrival.
    pub reused_ids: bool,
}

/// What a look-up found about an id and arrival.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    Nothing,
    /// The id, with other arrivals only.
    Id,
    /// This very call.
    Call,
}

impl CallIndex {
    /// Records a call; a call with this id and arrival second already read is a duplicate.
    pub(super) fn add(&mut self, id: u64, arrival_ms: i64, agent: Option<&str>) -> Added {
        self.restore_filter();
        let id = id_key(id);
        let secs = arrival_ms.div_euclid(1000);
        let found = if self.unchecked {
            // Calls outside 32-bit seconds are few, and in a map: looked up at once.
            if u32::try_from(secs).is_err() && self.odd.contains_key(&(id, secs)) {
                Found::Call
            } else {
                Found::Nothing
            }
        } else if self.bloom.may_hold(id) {
            self.look_up(id, secs)
        } else {
            Found::Nothing
        };
        if found == Found::Call {
            return Added::Duplicate;
        }
        let agent = self.agent_slot(agent);
        self.insert(id, secs, agent);
        if found == Found::Id {
            Added::NewWithReusedId
        } else {
            Added::New
        }
    }

    /// Reads the filter's blocks for these ids, all at once: each is then in cache when its call
    /// is added a few rows later. Wasm has no prefetch instruction, and a look-up per row, between
    /// rows' other work, waited for memory every time (a sixth of a wasm worker's read); loads
    /// issued together wait once. Changes nothing. `ids`: the ids' hashes, as [`CallIndex::add`]
    /// takes them.
    pub(super) fn warm(&self, ids: impl IntoIterator<Item = u64>) {
        self.warm_keys(ids.into_iter().map(id_key));
    }

    /// [`CallIndex::warm`] for keys ([`id_key`]s, as entries hold them). Mixing a key again, as
    /// passing entries' ids to `warm` did once keys were mixed, warms blocks no call uses.
    fn warm_keys(&self, keys: impl IntoIterator<Item = u64>) {
        // No filter: let go (`release_filter`), or none kept (`check_at_seal`).
        if self.released || self.unchecked {
            return;
        }
        let mut x = 0;
        for key in keys {
            x ^= self.bloom.blocks[self.bloom.bits(key).0].0[0];
        }
        std::hint::black_box(x);
    }

    /// Makes room for about this many more calls at once, so the filter is not rebuilt as it
    /// fills (front ends that know a file's size say so before reading it).
    pub(super) fn expect(&mut self, calls: usize) {
        if self.unchecked {
            return;
        }
        self.restore_filter();
        let want = self.len.saturating_add(calls);
        if want > self.bloom.capacity() {
            self.len_hint = want;
            self.rebuild_bloom();
        }
    }

    fn insert(&mut self, id: u64, secs: i64, agent: u32) {
        self.len += 1;
        if self.unchecked {
            match u32::try_from(secs) {
                Ok(secs) => self.buffer.push(Entry::new(id, secs, agent)),
                Err(_) => {
                    self.odd.insert((id, secs), agent);
                }
            }
            return;
        }
        match u32::try_from(secs) {
            Ok(secs) => {
                self.buffer.push(Entry::new(id, secs, agent));
                self.buffer_ids.set(id);
                if self.buffer.len() >= BUFFER {
                    self.flush();
                }
            }
            Err(_) => {
                self.odd.insert((id, secs), agent);
            }
        }
        if self.len > self.bloom.capacity() {
            self.rebuild_bloom();
        } else {
            self.bloom.set(id);
        }
    }

    /// Sorts the buffer into a run, and adds it to the others (see [`CallIndex::ladder`]).
    fn flush(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        let mut run = std::mem::replace(&mut self.buffer, Vec::with_capacity(BUFFER));
        self.buffer_ids.clear();
        sort_by_hash(&mut run, 0, Entry::key);
        if !self.ladder {
            self.runs.push(run);
            if self.runs.iter().map(Vec::len).sum::<usize>() >= RUN_MAX {
                self.sort_runs_into_one();
            }
            return;
        }
        while let Some(last) = self.runs.last() {
            if last.len() > run.len() || last.len() + run.len() > RUN_MAX {
                break;
            }
            let last = self.runs.pop().expect("checked");
            run = merge_sorted(&last, &run);
        }
        if run.len() >= RUN_MAX {
            self.packed.push(PackedRun::of(&run));
        } else {
            self.runs.push(run);
        }
    }

    /// Makes the unpacked runs one, packed when full: the ladder's few runs merged, a pile of runs
    /// sorted at once ([`sorted_by_hash`]: about 60 instructions a call where the ladder spent
    /// about 200). A pile's first run longer than the others together (the one a report sorted,
    /// before a live file's next lines) is not sorted again: the others are, and merged with it.
    /// The runs and the result are the only copies held, at most two full runs' worth.
    pub(super) fn sort_runs_into_one(&mut self) {
        self.searched.set(0);
        if self.ladder {
            // The ladder's few runs' lengths fall from first to last: merging the last two first
            // costs least.
            while self.runs.len() > 1 {
                let (b, a) = (self.runs.pop().expect("two runs"), self.runs.pop().expect("two runs"));
                self.runs.push(merge_sorted(&a, &b));
            }
        } else if self.runs.len() > 1 {
            let calls = self.runs.iter().map(Vec::len).sum::<usize>();
            let runs = std::mem::take(&mut self.runs);
            let one = if 2 * runs[0].len() > calls {
                let mut runs = runs.into_iter();
                let first = runs.next().expect("two runs or more");
                let rest = sorted_by_hash(&runs.collect::<Vec<_>>(), Entry::key);
                merge_sorted(&first, &rest)
            } else {
                sorted_by_hash(&runs, Entry::key)
            };
            self.runs.push(one);
        }
        if self.runs.last().is_some_and(|r| r.len() >= RUN_MAX) {
            let full = self.runs.pop().expect("checked");
            self.packed.push(PackedRun::of(&full));
        }
    }

    /// [`CallIndex::find`], the runs turned into the ladder first once look-ups have searched
    /// more than [`SEARCHES_PER_CALL`] runs per call they hold (see [`CallIndex::ladder`]): a
    /// file read again looks up every call, and none of them is added. Until then, the pile's
    /// short runs at its end are sorted into one first when they are many
    /// ([`CallIndex::sort_pile_tail`]).
    ///
    /// Out of line: rare beside adding a call (the filter says "maybe" to one new id in a thousand).
    #[inline(never)]
    fn look_up(&mut self, id: u64, secs: i64) -> Found {
        if !self.ladder {
            if self.searched.get() > SEARCHES_PER_CALL * self.runs.iter().map(Vec::len).sum::<usize>() {
                self.sort_runs_into_one();
                self.ladder = true;
            } else {
                self.sort_pile_tail();
            }
        }
        self.find(id, secs)
    }

    /// Sorts the pile's last runs into one once [`PILE_TAIL`] of them are a buffer's worth or
    /// so each, so that a look-up searches at most [`PILE_TAIL`] short runs and the few long ones
    /// made this way ([`RUN_MAX`] / ([`PILE_TAIL`] × [`BUFFER`]) = 16), not up to a thousand. Done
    /// only when a call is looked up: a file whose ids never come back (the filter's "maybe" for
    /// about one new id in 8,000) sorted a full run's calls once, and its few look-ups each
    /// searched hundreds of runs, a cache miss or more per step of each search (8 % of reading
    /// the benchmark's 200 MB file on one thread). Nothing found changes.
    fn sort_pile_tail(&mut self) {
        let short = self.runs.iter().rev().take_while(|r| r.len() < PILE_TAIL * BUFFER).count();
        if short >= PILE_TAIL {
            let tail = self.runs.split_off(self.runs.len() - short);
            self.runs.push(sorted_by_hash(&tail, Entry::key));
        }
    }

    /// Sorts the calls still unsorted and the runs into one: done by the thread or worker that
    /// read a range, before its index is handed over, so that the one that adds every range's
    /// state ([`CallIndex::merge_if_disjoint`]) takes the run as it is instead of sorting all the
    /// range's calls itself while the others read. Full runs stay packed; nothing found or
    /// counted changes.
    pub(super) fn seal(&mut self) {
        if self.unchecked {
            self.seal_unchecked();
            return;
        }
        self.flush();
        self.sort_runs_into_one();
    }

    /// Takes calls without looking each up: for a range read beside others, whose calls are
    /// looked up anyway when its state is added ([`CallIndex::merge_if_disjoint`]). Each call then
    /// costs a push; [`CallIndex::seal`] sorts them once and finds what looking each up would
    /// have (a call read twice, an id reused: [`CallIndex::repeats_inside`]). Looking each call up
    /// in the range's filter and sorting them a thousand at a time was about 85 ns a call natively,
    /// a fifth of reading the benchmark's file with duplicate detection on. For an empty index.
    pub(super) fn check_at_seal(&mut self) {
        debug_assert_eq!(self.len, 0, "an index takes calls unchecked from its start");
        self.unchecked = true;
        self.bloom = Bloom { blocks: Vec::new() };
    }

    /// [`CallIndex::seal`] for an unchecked index: its calls sorted into one run, and what a
    /// look-up of each would have found among those before it kept in `inside` — whether a call
    /// was read twice (its range must then be read again with each call looked up, or the second
    /// would have been counted), whether an id came with two arrivals (a warning).
    fn seal_unchecked(&mut self) {
        let mut run = std::mem::take(&mut self.buffer);
        run.extend(self.runs.drain(..).flatten());
        sort_by_hash(&mut run, 0, Entry::key);
        for pair in run.windows(2) {
            if pair[0].id() == pair[1].id() {
                if pair[0].secs() == pair[1].secs() {
                    self.inside.duplicates = true;
                } else {
                    self.inside.reused_ids = true;
                }
            }
        }
        if !self.odd.is_empty() {
            // (A repeated call outside 32-bit seconds was found as it came.)
            let mut ids: Vec<u64> = self.odd.keys().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            let in_run = |id: u64| run.get(run.partition_point(|e| e.id() < id)).is_some_and(|e| e.id() == id);
            self.inside.reused_ids |= ids.windows(2).any(|p| p[0] == p[1]) || ids.iter().any(|&id| in_run(id));
        }
        if !run.is_empty() {
            self.runs.push(run);
        }
    }

    /// Whether calls are looked up as they come (so the filter is worth warming for them).
    pub(super) fn looks_up_each_call(&self) -> bool {
        !self.unchecked
    }

    /// What sealing an unchecked index found among its own calls (nothing for a checked one,
    /// whose calls were looked up as they came).
    pub(super) fn repeats_inside(&self) -> Overlap {
        self.inside
    }

    /// Frees the filter (about 2 bytes a call) until a call is added or looked up again: a
    /// report needs only the runs, and its build then takes that memory instead of more (wasm
    /// memory never shrinks: 21 MiB at 1 GB). Changes no result; the filter is rebuilt from the
    /// runs when calls come again (a live file's next lines, another file).
    pub(super) fn release_filter(&mut self) {
        if self.len == 0 {
            return;
        }
        // Without the filter, every look-up searches the runs: one, not a pile.
        self.sort_runs_into_one();
        self.bloom = Bloom { blocks: Vec::new() };
        self.released = true;
    }

    fn restore_filter(&mut self) {
        if self.released {
            self.released = false;
            self.rebuild_bloom();
        }
    }

    fn rebuild_bloom(&mut self) {
        // Twice the calls held, so that a filter outgrown call by call is rebuilt at doublings.
        let mut bloom = Bloom::with_capacity(self.len.saturating_mul(2).max(self.len_hint) + 1);
        for e in self.buffer.iter().chain(self.runs.iter().flatten()) {
            bloom.set(e.id());
        }
        for e in self.packed.iter().flat_map(PackedRun::iter) {
            bloom.set(e.id());
        }
        for (id, _) in self.odd.keys() {
            bloom.set(*id);
        }
        self.bloom = bloom;
    }

    /// Whether this call, or its id with another arrival, was read.
    fn find(&self, id: u64, secs: i64) -> Found {
        let mut found = Found::Nothing;
        self.each_of(id, &mut |s| {
            if s == secs {
                found = Found::Call;
            } else if found == Found::Nothing {
                found = Found::Id;
            }
        });
        found
    }

    /// Calls `f` with the arrival second and agent of every call of this id.
    fn each_of(&self, id: u64, f: &mut dyn FnMut(i64)) {
        self.each_agent_of(id, &mut |s, _| f(s));
    }

    fn each_agent_of(&self, id: u64, f: &mut dyn FnMut(i64, u32)) {
        // (An unchecked index keeps no filter of its buffer.)
        if self.unchecked || self.buffer_ids.may_hold(id) {
            for e in self.buffer.iter().filter(|e| e.id() == id) {
                f(i64::from(e.secs()), e.agent());
            }
        }
        self.searched.set(self.searched.get() + self.runs.len());
        for run in &self.runs {
            let from = run.partition_point(|e| e.id() < id);
            for e in run[from..].iter().take_while(|e| e.id() == id) {
                f(i64::from(e.secs()), e.agent());
            }
        }
        for run in &self.packed {
            for e in (run.first_at_least(id)..run.len()).map(|i| run.get(i)).take_while(|e| e.id() == id) {
                f(i64::from(e.secs()), e.agent());
            }
        }
        if !self.odd.is_empty() {
            for ((i, s), a) in &self.odd {
                if *i == id {
                    f(*s, *a);
                }
            }
        }
    }

    fn agent_slot(&mut self, agent: Option<&str>) -> u32 {
        let Some(a) = agent else { return NO_AGENT };
        if let Some(&i) = self.agent_index.get(a) {
            return i;
        }
        // Past the agent limit the call is still remembered (duplicates), without its agent: the
        // agent is not in the report's tables either.
        if self.agents.len() >= MAX_AGENTS {
            return NO_AGENT;
        }
        let i = self.agents.len() as u32;
        self.agents.push(a.to_string());
        self.agent_index.insert(a.to_string(), i);
        i
    }

    /// The agent who took the call with this id, if one call with this id was answered and read
    /// (an id several calls with different agents had names nobody).
    pub(super) fn agent(&self, call_id: &str) -> Option<String> {
        let id = id_key(hash_id(&[call_id]));
        if !self.released && !self.unchecked && !self.bloom.may_hold(id) {
            return None;
        }
        let mut agent: Option<Option<u32>> = None; // None: no call; Some(None): ambiguous
        self.each_agent_of(id, &mut |_, a| {
            agent = match agent {
                None => Some(Some(a)),
                Some(Some(b)) if b == a => Some(Some(a)),
                _ => Some(None),
            };
        });
        let i = agent??;
        self.agents.get(i as usize).cloned()
    }

    /// Records that the call with this id carried a satisfaction answer or a complaint.
    pub(super) fn mark_feedback(&mut self, id: u64) {
        self.feedback.insert(id);
    }

    /// Whether a call with this id carried a satisfaction answer or a complaint in its record.
    pub(super) fn has_feedback(&self, call_id: &str) -> bool {
        self.feedback.contains(&hash_id(&[call_id]))
    }

    /// Calls held.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Bytes of the calls held, in memory and in [`CallIndex::put_wire`]'s form (about).
    pub(super) fn entry_bytes(&self) -> usize {
        self.len * ENTRY_BYTES
    }

    /// Every call: (id, arrival second, agent index).
    fn entries(&self) -> impl Iterator<Item = (u64, i64, u32)> + '_ {
        let sorted = self.buffer.iter().copied().chain(self.runs.iter().flatten().copied());
        let sorted = sorted.chain(self.packed.iter().flat_map(PackedRun::iter));
        sorted.map(|e| (e.id(), i64::from(e.secs()), e.agent())).chain(self.odd.iter().map(|((i, s), a)| (*i, *s, *a)))
    }

    /// What the calls of `o` are to this index (the same calls read again, or new calls of ids it
    /// holds), setting each id in the filter as it is looked up when `mark`: the look-up has just
    /// brought its block into cache, where setting it later meant a second miss per call. Marking
    /// ids that end up not added only makes the filter a little less sharp: a range refused for
    /// a duplicate is read again, and its calls added then. Stops looking at the first call this
    /// index holds (the other's calls are then not added): a range of a file that repeats an
    /// earlier one held a hundred thousand such calls, each looked up before it was read again.
    fn look_up_all(&mut self, o: &CallIndex, mark: bool) -> Overlap {
        let mut out = Overlap::default();
        in_batches(o.entries(), |batch| {
            if out.duplicates {
                return;
            }
            self.warm_keys(batch.iter().map(|e| e.0));
            for &(id, secs, _) in batch {
                if self.bloom.may_hold(id) {
                    match self.look_up(id, secs) {
                        Found::Call => out.duplicates = true,
                        Found::Id => out.reused_ids = true,
                        Found::Nothing => {}
                    }
                }
                if mark {
                    self.bloom.set(id);
                }
            }
        });
        out
    }

    /// Adds the calls of `o` when none of them is one this index holds (else adds none): instead
    /// of looking each call up and inserting it, its calls are taken as one sorted run, agents
    /// renumbered, and packed ([`CallIndex::add_packed`]). Returns what `o`'s calls were to this
    /// index.
    pub(super) fn merge_if_disjoint(&mut self, o: CallIndex) -> Overlap {
        self.restore_filter();
        let added = o.len;
        // The filter is rebuilt once if it must grow (no use marking it then); else the new ids
        // are set in it as they are looked up.
        let rebuild = self.len + added > self.bloom.capacity();
        let overlap = self.look_up_all(&o, !rebuild);
        if overlap.duplicates {
            return overlap;
        }
        self.feedback.extend(o.feedback.iter().copied());
        let remap: Vec<u32> = o.agents.iter().map(|a| self.agent_slot(Some(a))).collect();
        let agent = |a: u32| if a == NO_AGENT { NO_AGENT } else { remap[a as usize] };
        let CallIndex { mut runs, buffer, packed, odd, .. } = o;
        // A sealed index ([`CallIndex::seal`]) is one sorted run already.
        let sealed = buffer.is_empty() && packed.is_empty() && runs.len() <= 1;
        let mut all: Vec<Entry> = if sealed {
            runs.pop().unwrap_or_default()
        } else {
            let mut all = Vec::with_capacity(added);
            all.extend(buffer.into_iter().chain(runs.into_iter().flatten()));
            all.extend(packed.iter().flat_map(PackedRun::iter));
            all
        };
        for e in &mut all {
            *e = e.with_agent(agent(e.agent()));
        }
        // Agents are the last part of an entry's order, after the id and second, and an index
        // never holds one (id, second) twice: renumbering them keeps a sorted run sorted.
        if !sealed {
            sort_by_hash(&mut all, 0, Entry::key);
        }
        debug_assert!(all.is_sorted(), "a run is sorted after its agents are renumbered");
        self.add_packed(all);
        for ((id, secs), a) in odd {
            self.odd.insert((id, secs), agent(a));
        }
        self.len += added;
        if rebuild {
            self.rebuild_bloom();
        }
        overlap
    }

    /// Adds a sorted run of calls as packed, merged first with the last packed runs while they
    /// are no longer than it and the sum stays within [`RUN_MAX`]: the states of a file read in
    /// ranges came as a dozen runs each (a range's own ladder of runs), and a call looked up —
    /// every call of a file that repeats an earlier one — was searched for in every run (a file
    /// read again took twice as long with two workers as with one).
    fn add_packed(&mut self, mut run: Vec<Entry>) {
        if run.is_empty() {
            return;
        }
        while let Some(last) = self.packed.last() {
            if last.len() > run.len() || last.len() + run.len() > RUN_MAX {
                break;
            }
            let last = self.packed.pop().expect("checked").iter().collect::<Vec<Entry>>();
            run = merge_sorted(&last, &run);
        }
        self.packed.push(PackedRun::of(&run));
    }

    /// Adds what another analyzer read: the calls are a set union, so a call both read is kept
    /// once. Agents are numbered in the order the other index first saw them, as if its calls had
    /// been read after these.
    pub(super) fn merge(&mut self, o: &CallIndex) {
        self.restore_filter();
        self.feedback.extend(o.feedback.iter().copied());
        let remap: Vec<u32> = o.agents.iter().map(|a| self.agent_slot(Some(a))).collect();
        in_batches(o.entries(), |batch| {
            self.warm_keys(batch.iter().map(|e| e.0));
            for &(id, secs, agent) in batch {
                if self.bloom.may_hold(id) && self.look_up(id, secs) == Found::Call {
                    continue;
                }
                let agent = if agent == NO_AGENT { NO_AGENT } else { remap[agent as usize] };
                self.insert(id, secs, agent);
            }
        });
    }

    /// The binary form, for a byte range read in another worker: each run and the buffer as
    /// raw 12-byte little-endian entries (`high`, `low`), then the calls outside
    /// 32-bit seconds, the agents' names and the feedback ids. Only what
    /// [`CallIndex::merge_if_disjoint`] and [`CallIndex::merge`] read of another index. (What
    /// sealing found among its own calls does not cross: a range that held a call twice gives no
    /// state, `RangeReader::finish`, and a reused id is a warning in the range's summary.)
    pub(super) fn put_wire(&self, w: &mut Writer) {
        let put_run = |w: &mut Writer, len: usize, run: &mut dyn Iterator<Item = Entry>| {
            w.var(len as u64);
            // Filled in place (appending field by field checked the room three times an entry).
            let at = w.buf.len();
            w.buf.resize(at + len * ENTRY_BYTES, 0);
            for (b, e) in w.buf[at..].chunks_exact_mut(ENTRY_BYTES).zip(run) {
                let (high, low) = (e.high, e.low);
                b[..8].copy_from_slice(&high.to_le_bytes());
                b[8..].copy_from_slice(&low.to_le_bytes());
            }
        };
        w.var((self.packed.len() + self.runs.len()) as u64 + 1);
        for run in &self.packed {
            put_run(w, run.len(), &mut run.iter());
        }
        for run in self.runs.iter().chain(std::iter::once(&self.buffer)) {
            put_run(w, run.len(), &mut run.iter().copied());
        }
        w.var(self.odd.len() as u64);
        for ((id, secs), agent) in &self.odd {
            w.u64(*id);
            w.i64(*secs);
            w.u32(*agent);
        }
        self.agents.put(w);
        w.var(self.feedback.len() as u64);
        for id in &self.feedback {
            w.u64(*id);
        }
    }

    /// An index read back from [`CallIndex::put_wire`]; a run out of order or an agent number
    /// past the agents named is an error.
    pub(super) fn get_wire(r: &mut Reader<'_>) -> WireResult<CallIndex> {
        let mut x = CallIndex::default();
        let mut runs = Vec::new();
        for _ in 0..r.count(1)? {
            let n = r.count(ENTRY_BYTES)?;
            let run = r.records(n, ENTRY_BYTES)?.chunks_exact(ENTRY_BYTES).map(|e| Entry {
                high: u64::from_le_bytes(e[..8].try_into().unwrap_or_default()),
                low: u32::from_le_bytes(e[8..].try_into().unwrap_or_default()),
            });
            runs.push(run.collect::<Vec<Entry>>());
        }
        let buffer = runs.pop().unwrap_or_default();
        for run in &runs {
            if run.windows(2).any(|p| p[0] > p[1]) {
                return Err(Bad("a run of calls out of order"));
            }
        }
        let mut odd = FxHashMap::default();
        for _ in 0..r.count(20)? {
            odd.insert((r.u64()?, r.i64()?), r.u32()?);
        }
        x.agents = Vec::<String>::get(r)?;
        let agents = x.agents.len();
        for (i, a) in x.agents.iter().enumerate() {
            x.agent_index.insert(a.clone(), i as u32);
        }
        let bad_agent = |a: u32| a != NO_AGENT && a as usize >= agents;
        if runs.iter().chain(std::iter::once(&buffer)).flatten().any(|e| bad_agent(e.agent()))
            || odd.values().any(|a| bad_agent(*a))
        {
            return Err(Bad("a call's agent is not in the list"));
        }
        for _ in 0..r.count(8)? {
            x.feedback.insert(r.u64()?);
        }
        x.len = runs.iter().map(Vec::len).sum::<usize>() + buffer.len() + odd.len();
        x.runs = runs;
        x.odd = odd;
        for e in &buffer {
            x.buffer_ids.set(e.id());
        }
        x.buffer = buffer;
        // Not looked up: only walked by `merge_if_disjoint`, so no filter is built for it.
        Ok(x)
    }

    /// The calls the filter has room for at 16 bits each.
    #[cfg(test)]
    pub(super) fn filter_capacity(&self) -> usize {
        self.bloom.capacity()
    }

    /// Bytes held (the runs, the buffer, the filter), for the memory figures of the README.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        let entries = self.buffer.capacity() + self.runs.iter().map(Vec::capacity).sum::<usize>();
        let packed = self.packed.iter().map(PackedRun::heap_bytes).sum::<usize>();
        entries * std::mem::size_of::<Entry>() + packed + self.bloom.blocks.len() * 64
    }
}

/// A sorted run of entries bit-packed: each entry's id as its difference from the first id of its
/// block of [`BLOCK`] entries, its second from the run's earliest, its agent index + 1 (0: no
/// agent), each field in the bits the run's largest value needs — every entry the same number of
/// bits, so entry `i` is read in place and the run is searched by halving like a plain one. A run
/// of a million calls of a busy centre takes about 8 bytes a call: the id's 48 bits are spread
/// over 2⁴⁸ values, so 64 ids of a million span about 2³⁴; a run's calls arrived over a few weeks
/// (22 bits of seconds); a few hundred agents take 9 bits. Whatever the data, at most 12 bytes and
/// an eighth.
#[derive(Clone, Debug)]
struct PackedRun {
    /// The first id of each block, shifted down past the bits [`id_key`] clears.
    block_ids: Vec<u64>,
    /// (id − its block's first id, second − `secs_min`, agent code), ids shifted as `block_ids`.
    entries: Packed<3>,
    secs_min: u32,
}

/// Entries a block of a [`PackedRun`] (an id kept whole for each).
const BLOCK: usize = 64;

/// The id of an entry without the bits [`id_key`] always clears.
fn id_bits(e: &Entry) -> u64 {
    e.id() >> KEPT_HASH_BITS.trailing_zeros()
}

fn agent_code(agent: u32) -> u64 {
    if agent == NO_AGENT {
        0
    } else {
        u64::from(agent) + 1
    }
}

impl PackedRun {
    /// `run` packed (sorted by id, as the runs are).
    fn of(run: &[Entry]) -> PackedRun {
        let secs_min = run.iter().map(Entry::secs).min().unwrap_or(0);
        let span = run.chunks(BLOCK).map(|b| id_bits(&b[b.len() - 1]) - id_bits(&b[0])).max().unwrap_or(0);
        let secs = run.iter().map(|e| e.secs() - secs_min).max().unwrap_or(0);
        let agents = run.iter().map(|e| agent_code(e.agent())).max().unwrap_or(0);
        let mut entries = Packed::with_capacity([width(span), width(u64::from(secs)), width(agents)], run.len());
        let mut block_ids = Vec::with_capacity(run.len().div_ceil(BLOCK));
        for block in run.chunks(BLOCK) {
            let first = id_bits(&block[0]);
            block_ids.push(first);
            for e in block {
                entries.push([id_bits(e) - first, u64::from(e.secs() - secs_min), agent_code(e.agent())]);
            }
        }
        PackedRun { block_ids, entries, secs_min }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entry `i` (below [`PackedRun::len`]).
    fn get(&self, i: usize) -> Entry {
        let [id, secs, agent] = self.entries.get(i);
        let id = (self.block_ids[i / BLOCK] + id) << KEPT_HASH_BITS.trailing_zeros();
        let agent = if agent == 0 { NO_AGENT } else { agent as u32 - 1 };
        Entry::new(id, self.secs_min + secs as u32, agent)
    }

    fn iter(&self) -> impl Iterator<Item = Entry> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The first entry whose id is not below `id` (an [`id_key`]), or the length.
    fn first_at_least(&self, id: u64) -> usize {
        let id = id >> KEPT_HASH_BITS.trailing_zeros();
        // Blocks before `block` start below `id`; the first entry at `id` or past it is in the
        // block before, or starts `block`.
        let block = self.block_ids.partition_point(|&b| b < id);
        let (mut from, mut to) = (block.saturating_sub(1) * BLOCK, (block * BLOCK).min(self.len()));
        while from < to {
            let mid = from + (to - from) / 2;
            if self.block_ids[mid / BLOCK] + self.entries.get(mid)[0] < id {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        from
    }

    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.block_ids.capacity() * 8 + self.entries.heap_bytes()
    }
}

fn merge_sorted(a: &[Entry], b: &[Entry]) -> Vec<Entry> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        // Without a branch on which comes first: it is as likely one as the other.
        let (x, y) = (a[i], b[j]);
        let first = x.key() <= y.key();
        out.push(if first { x } else { y });
        i += usize::from(first);
        j += usize::from(!first);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Hands `entries` to `f` sixteen at a time, so their filter look-ups can be started together
/// ([`CallIndex::warm`]).
fn in_batches(entries: impl Iterator<Item = (u64, i64, u32)>, mut f: impl FnMut(&[(u64, i64, u32)])) {
    let mut batch = [(0, 0, 0); 16];
    let mut n = 0;
    for e in entries {
        batch[n] = e;
        n += 1;
        if n == batch.len() {
            f(&batch);
            n = 0;
        }
    }
    f(&batch[..n]);
}

/// Which ids the unsorted buffer of new calls may hold: two bits of 8,192 set per call, cleared
/// when the buffer becomes a run (1 KiB). An id looked up is searched for in the buffer only when
/// both its bits are set (about one time in twenty for an id not in it): a file that repeats an
/// earlier one looks up every call, and going through the buffer's thousand calls each time was a
/// quarter of that.
#[derive(Clone, Debug, Default)]
struct BufferIds(Vec<u64>);

impl BufferIds {
    const BITS: u64 = 8192;

    /// Two bits from an [`id_key`] (whose low 16 bits are zero), from apart parts of the hash.
    fn bits(id: u64) -> [usize; 2] {
        [((id >> 20) % Self::BITS) as usize, ((id >> 40) % Self::BITS) as usize]
    }

    fn set(&mut self, id: u64) {
        if self.0.is_empty() {
            self.0 = vec![0; (Self::BITS / 64) as usize];
        }
        for b in Self::bits(id) {
            self.0[b / 64] |= 1 << (b % 64);
        }
    }

    fn may_hold(&self, id: u64) -> bool {
        !self.0.is_empty() && Self::bits(id).iter().all(|&b| self.0[b / 64] & (1 << (b % 64)) != 0)
    }

    fn clear(&mut self) {
        self.0.fill(0);
    }
}

/// A blocked Bloom filter over 64-bit hashes: each key sets 6 bits in one 64-byte block, so a
/// look-up reads one cache line. At 16 bits per key about one look-up in a thousand of a key never
/// set says "maybe".
#[derive(Clone, Debug)]
struct Bloom {
    blocks: Vec<Block>,
}

/// 512 bits on a cache line of their own: a `Vec` of plain `[u64; 8]` is only 8-byte aligned,
/// and then nearly every look-up read two lines (two misses where the filter is out of cache).
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct Block([u64; 8]);

impl Default for Bloom {
    fn default() -> Bloom {
        Bloom::with_capacity(1 << 14)
    }
}

const BITS_PER_KEY: usize = 16;

impl Bloom {
    /// Room for `keys` keys: the blocks they need, not rounded up to a power of two, which gave a
    /// file up to twice the filter it needs (a 200 MB file, sized for the calls its bytes may
    /// hold: 8.4 MB where 6.7 MB do; a 1.1 GB file 67 MB where 37 MB do).
    fn with_capacity(keys: usize) -> Bloom {
        let blocks = keys.saturating_mul(BITS_PER_KEY).div_ceil(512).clamp(1, u32::MAX as usize);
        Bloom { blocks: vec![Block::default(); blocks] }
    }

    /// The keys it holds at 16 bits each.
    fn capacity(&self) -> usize {
        self.blocks.len() * 512 / BITS_PER_KEY
    }

    /// The key's block and the bits to set in it. `key` is an [`id_key`], already mixed. The
    /// block is its top 32 bits scaled to the number of blocks, whatever it is (a multiply and a
    /// shift): in the index's order, so that a sorted run's keys, set or looked up one after the
    /// other, come to each block in turn. With a block drawn from a mix of the key instead, each
    /// of another worker's calls, added whole, cost the page's coordinator a cache miss (42 ms of
    /// the 200 MB file's).
    fn bits(&self, key: u64) -> (usize, u64) {
        let block = (((key >> 32) * self.blocks.len() as u64) >> 32) as usize;
        let x = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let y = (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        (block, y)
    }

    fn set(&mut self, key: u64) {
        let (b, y) = self.bits(key);
        let block = &mut self.blocks[b].0;
        for i in 0..6 {
            let bit = (y >> (i * 9)) & 511;
            block[(bit >> 6) as usize] |= 1 << (bit & 63);
        }
    }

    fn may_hold(&self, key: u64) -> bool {
        let (b, y) = self.bits(key);
        let block = &self.blocks[b].0;
        (0..6).all(|i| {
            let bit = (y >> (i * 9)) & 511;
            block[(bit >> 6) as usize] & (1 << (bit & 63)) != 0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_is_the_same_id_and_arrival_second_not_the_same_id() {
        let mut x = CallIndex::default();
        let id = hash_id(&["1001"]);
        assert_eq!(x.add(id, 5_000, Some("A")), Added::New);
        assert_eq!(x.add(id, 5_999, Some("A")), Added::Duplicate, "same second");
        assert_eq!(x.add(id, 86_405_000, Some("B")), Added::NewWithReusedId, "next day: another call");
        assert_eq!(x.add(id, 86_405_000, Some("B")), Added::Duplicate);
        assert_eq!(x.agent("1001"), None, "two calls, two agents: a survey cannot name one");
        assert_eq!(x.add(hash_id(&["7"]), 0, Some("C")), Added::New);
        assert_eq!(x.agent("7").as_deref(), Some("C"));
        let odd = hash_id(&["old"]);
        assert_eq!(x.add(odd, -5_000_000, Some("C")), Added::New, "before 1970");
        assert_eq!(x.add(odd, -5_000_000, Some("C")), Added::Duplicate);
        assert_eq!(x.agent("old").as_deref(), Some("C"));
    }

    /// An index checked when it is sealed finds what looking each call up as it came finds: some
    /// call read twice, some id with two arrivals (calls outside 32-bit seconds among them), on
    /// streams with and without either; and its sealed run gives the same calls.
    #[test]
    fn an_index_checked_at_seal_finds_what_looking_each_call_up_finds() {
        let mut seed = 9u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let mut seen = [[false; 2]; 2];
        for round in 0..400 {
            let calls = 1 + next(3000);
            // Ids and seconds from many (nothing found, or ids reused) or few (calls read twice).
            let (ids, secs, odd_share) = match round % 4 {
                0 => (calls * 100_000, 1 << 30, 50),
                1 => (calls * 2, 1, u64::MAX),
                2 => (calls * 2, 1 << 30, 50),
                _ => (calls * 2, 50, 50),
            };
            let (mut each, mut at_seal) = (CallIndex::default(), CallIndex::default());
            at_seal.check_at_seal();
            let (mut want, mut got) = (Overlap::default(), Overlap::default());
            for _ in 0..calls {
                let id = hash_id(&[&next(ids).to_string()]);
                let odd = next(odd_share) == 0;
                let ms = if odd { -1000 * next(secs) as i64 - 1000 } else { 1000 * next(secs) as i64 };
                let agent = ["A", "B"][next(2) as usize];
                match each.add(id, ms, Some(agent)) {
                    Added::Duplicate => want.duplicates = true,
                    Added::NewWithReusedId => want.reused_ids = true,
                    _ => {}
                }
                // An odd call read twice is found as it comes (and not kept); the others when
                // the index is sealed.
                if at_seal.add(id, ms, Some(agent)) == Added::Duplicate {
                    assert!(odd, "round {round}: only a call outside 32-bit seconds is looked up");
                    got.duplicates = true;
                }
            }
            each.seal();
            at_seal.seal();
            let inside = at_seal.repeats_inside();
            got = Overlap { duplicates: got.duplicates || inside.duplicates, reused_ids: inside.reused_ids };
            assert_eq!(got, want, "round {round}");
            assert_eq!(each.repeats_inside(), Overlap::default(), "a checked index finds them as they come");
            seen[usize::from(want.duplicates)][usize::from(want.reused_ids)] = true;
            if !want.duplicates {
                let sorted = |x: &CallIndex| {
                    let mut v: Vec<_> = x.entries().collect();
                    v.sort_unstable();
                    v
                };
                assert_eq!(sorted(&at_seal), sorted(&each), "round {round}");
            }
        }
        assert_eq!(seen, [[true; 2]; 2], "every case came up");
    }

    #[test]
    fn an_entry_gives_back_its_id_second_and_agent_and_sorts_by_them_in_that_order() {
        let ids = [0, id_key(hash_id(&["1001"])), KEPT_HASH_BITS];
        let seconds = [0, 1, 0xFFFF, 0x1_0000, 1_700_000_000, u32::MAX];
        let agents = [0, 1, MAX_AGENTS as u32 - 1, NO_AGENT];
        let mut all = Vec::new();
        for &id in &ids {
            for &secs in &seconds {
                for &agent in &agents {
                    let e = Entry::new(id, secs, agent);
                    assert_eq!((e.id(), e.secs(), e.agent()), (id, secs, agent));
                    all.push(e);
                }
            }
        }
        let mut sorted = all.clone();
        sorted.sort_unstable();
        let key = |e: &Entry| (e.id(), e.secs(), e.agent() & AGENT_BITS);
        assert!(sorted.windows(2).all(|p| key(&p[0]) < key(&p[1])));
        // The one-number key the sorts and merges compare orders entries as they sort.
        let mut by_key = all.clone();
        by_key.sort_unstable_by_key(Entry::key);
        assert_eq!(by_key, sorted);
    }

    #[test]
    fn many_calls_stay_exact_through_the_runs_and_the_filter() {
        let mut x = CallIndex::default();
        for i in 0..300_000u64 {
            assert_eq!(x.add(hash_id(&[&i.to_string()]), i as i64 * 1000, Some("A")), Added::New, "{i}");
        }
        for i in (0..300_000u64).step_by(997) {
            assert_eq!(x.add(hash_id(&[&i.to_string()]), i as i64 * 1000, Some("A")), Added::Duplicate);
            assert_eq!(x.add(hash_id(&[&i.to_string()]), i as i64 * 1000 + 7000, None), Added::NewWithReusedId);
        }
        assert_eq!(x.agent("3"), Some("A".to_string()));
        assert_eq!(x.agent("997"), None, "answered by A, then another call without an agent");
    }

    #[test]
    fn runs_pile_up_unmerged_while_look_ups_are_rare_and_are_sorted_into_one_when_full() {
        let mut x = CallIndex::default();
        let id = |i: u64| hash_id(&[&format!("c{i}")]);
        let n = (RUN_MAX + 3 * BUFFER + 5) as u64;
        for i in 0..n {
            assert_eq!(x.add(id(i), i as i64 * 1000, Some("A")), Added::New, "{i}");
        }
        assert!(!x.ladder, "about one new call in a thousand looked up (the filter's maybes)");
        // One full run sorted at once and packed; three runs of a buffer each since; the buffer.
        assert_eq!(x.packed.iter().map(PackedRun::len).collect::<Vec<_>>(), vec![RUN_MAX]);
        assert_eq!(x.runs.iter().map(Vec::len).collect::<Vec<_>>(), vec![BUFFER; 3]);
        assert_eq!(x.buffer.len(), 5);
        let packed: Vec<Entry> = x.packed[0].iter().collect();
        assert!(packed.is_sorted());
        for i in (0..n).step_by(101).chain([0, n - 1]) {
            assert_eq!(x.add(id(i), i as i64 * 1000, None), Added::Duplicate, "{i}");
        }
        // A report's look-ups search one run, not a pile.
        x.release_filter();
        assert_eq!(x.runs.len(), 1);
        assert!(x.runs[0].is_sorted());
        assert_eq!(x.agent("c7").as_deref(), Some("A"));
        assert_eq!(x.len(), n as usize);
        // A live file's next lines after a report: the sorted run is merged with the new ones.
        for i in n..n + 2500 {
            assert_eq!(x.add(id(i), i as i64 * 1000, Some("B")), Added::New, "{i}");
        }
        x.flush();
        let calls = x.runs.iter().map(Vec::len).sum::<usize>();
        assert!(x.runs.len() > 1 && 2 * x.runs[0].len() > calls, "the sorted run, then the new ones");
        x.release_filter();
        assert_eq!(x.runs.len(), 1);
        assert!(x.runs[0].is_sorted());
        assert_eq!(x.agent(&format!("c{}", n + 7)).as_deref(), Some("B"));
        assert_eq!(x.agent(&format!("c{}", n - 1)).as_deref(), Some("A"));
        assert_eq!(x.entries().count(), n as usize + 2500);
    }

    #[test]
    fn a_look_up_in_a_long_pile_sorts_its_short_runs_into_one_first() {
        let mut x = CallIndex::default();
        // `add` takes an id's hash, `insert` its key.
        let hash = |i: u64| hash_id(&[&format!("c{i}")]);
        let id = |i: u64| id_key(hash(i));
        // Calls inserted without look-ups: a pile of a hundred runs of a buffer each.
        let mut n = 0u64;
        let mut insert = |x: &mut CallIndex, buffers: usize| {
            for _ in 0..buffers * BUFFER {
                x.insert(id(n), n as i64, 0);
                n += 1;
            }
        };
        insert(&mut x, 100);
        assert_eq!(x.runs.len(), 100);
        assert_eq!(x.add(hash(5), 5_000, None), Added::Duplicate);
        assert_eq!(x.runs.iter().map(Vec::len).collect::<Vec<_>>(), vec![100 * BUFFER], "one sorted run");
        // Fewer short runs than PILE_TAIL after it are searched as they are.
        insert(&mut x, PILE_TAIL - 1);
        assert_eq!(x.add(hash(7), 7_000, None), Added::Duplicate);
        assert_eq!(x.runs.len(), PILE_TAIL);
        insert(&mut x, 1);
        assert_eq!(x.add(hash(n - 1), (n as i64 - 1) * 1000, None), Added::Duplicate);
        assert_eq!(x.runs.iter().map(Vec::len).collect::<Vec<_>>(), vec![100 * BUFFER, PILE_TAIL * BUFFER]);
        assert!(x.runs.iter().all(|r| r.is_sorted()));
        assert!(!x.ladder, "three look-ups of {n} calls");
        for i in (0..n).step_by(37).chain([n - 1]) {
            assert_eq!(x.add(hash(i), i as i64 * 1000, None), Added::Duplicate, "{i}");
        }
        assert_eq!(x.entries().count(), n as usize);
    }

    #[test]
    fn ids_looked_up_often_turn_the_runs_into_a_ladder_and_nothing_is_lost() {
        // An ACD numbering calls per day: every id of the second day was seen the day before, so
        // every call of it is looked up.
        let mut x = CallIndex::default();
        let per_day = 40_000u64;
        for day in 0..3u64 {
            for i in 0..per_day {
                let at = (day * 86_400 + i) as i64 * 1000;
                let want = if day == 0 { Added::New } else { Added::NewWithReusedId };
                assert_eq!(x.add(hash_id(&[&i.to_string()]), at, Some("A")), want, "day {day}, call {i}");
            }
        }
        assert!(x.ladder, "look-ups searched many runs: merged as calls come from then on");
        // The ladder keeps few runs (their count grows as a logarithm of the calls).
        assert!(x.runs.len() <= 20, "{} runs", x.runs.len());
        for day in 0..3u64 {
            for i in (0..per_day).step_by(97) {
                let at = (day * 86_400 + i) as i64 * 1000;
                assert_eq!(x.add(hash_id(&[&i.to_string()]), at, None), Added::Duplicate, "day {day}, call {i}");
            }
        }
        let mut all: Vec<_> = x.entries().collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 3 * per_day as usize);
    }

    #[test]
    fn the_filter_takes_16_bits_per_expected_call_and_says_maybe_to_about_one_unseen_id_in_a_thousand() {
        let mut x = CallIndex::default();
        x.expect(1_500_000);
        // About 46,875 blocks of 64 bytes: not rounded up to 65,536 (a power of two).
        assert!((46_875..=46_876).contains(&x.bloom.blocks.len()), "{}", x.bloom.blocks.len());
        // The keys as the index sets them: the ids' hashes without their low 16 bits.
        let key = |i: u64| id_key(hash_id(&[&i.to_string()]));
        for i in 0..1_500_000u64 {
            x.bloom.set(key(i));
        }
        let unseen = (2_000_000..3_000_000u64).filter(|i| x.bloom.may_hold(key(*i))).count();
        assert!(unseen < 2_000, "{unseen} of a million unseen ids said maybe");
        assert!((0..1_500_000u64).step_by(101).all(|i| x.bloom.may_hold(key(i))));
    }

    #[test]
    fn a_sorted_run_comes_to_the_filters_blocks_in_order_and_spreads_over_them() {
        let mut x = CallIndex::default();
        x.expect(100_000);
        let blocks = x.bloom.blocks.len();
        assert!((3_125..=3_126).contains(&blocks), "{blocks}");
        let mut keys: Vec<u64> = (0..100_000u64).map(|i| id_key(hash_id(&[&i.to_string()]))).collect();
        keys.sort_unstable();
        let in_order: Vec<usize> = keys.iter().map(|k| x.bloom.bits(*k).0).collect();
        assert!(in_order.is_sorted(), "a sorted run walks the filter from one end to the other");
        // 32 keys a block on average. The ids' FNV-1a hashes unmixed put up to 210 in one block
        // and none in 1,162 (their top bits follow the decimal digits).
        let mut per_block = vec![0u32; blocks];
        for b in in_order {
            per_block[b] += 1;
        }
        assert!(per_block.iter().all(|n| (5..70).contains(n)), "{:?}", per_block.iter().max());
    }

    #[test]
    fn a_packed_run_gives_back_its_entries_and_finds_each_id_where_the_plain_run_does() {
        // Ids at both ends of their range and repeated across block boundaries, seconds at both
        // ends of theirs, calls without an agent and with the highest agent index.
        let mut run = Vec::new();
        for i in 0..5_000u64 {
            let id = id_key(hash_id(&[&i.to_string()]));
            let secs = (i as u32).wrapping_mul(2_654_435_761);
            run.push(Entry::new(id, secs, if i % 7 == 0 { NO_AGENT } else { (i % 50) as u32 }));
        }
        for k in 0..150u32 {
            run.push(Entry::new(id_key(hash_id(&["busy"])), 1_000 + k, k % 3));
        }
        run.extend([
            Entry::new(0, 0, NO_AGENT),
            Entry::new(KEPT_HASH_BITS, u32::MAX, MAX_AGENTS as u32 - 1),
            Entry::new(KEPT_HASH_BITS, 0, 0),
        ]);
        run.sort_unstable();
        let packed = PackedRun::of(&run);
        assert_eq!(packed.iter().collect::<Vec<_>>(), run);
        let probes = run.iter().map(Entry::id).chain((0..2_000u64).map(|i| id_key(hash_id(&[&format!("x{i}")]))));
        for id in probes.chain([0, 1 << 16, KEPT_HASH_BITS]) {
            assert_eq!(packed.first_at_least(id), run.partition_point(|e| e.id() < id), "{id:x}");
        }
        let empty = PackedRun::of(&[]);
        assert_eq!((empty.len(), empty.first_at_least(7 << 16)), (0, 0));
    }

    #[test]
    fn calls_in_packed_runs_are_found_and_merged_as_in_plain_ones() {
        // Past one full run: the first RUN_MAX calls are packed, the rest still plain.
        let n = RUN_MAX as u64 + 5_000;
        let mut a = CallIndex::default();
        let agents = ["A0", "A1", "A2"];
        for i in 0..n {
            a.add(hash_id(&[&i.to_string()]), i as i64 * 1000, Some(agents[(i % 3) as usize]));
        }
        assert_eq!((a.packed.len(), a.len), (1, n as usize));
        for i in (0..n).step_by(9_973) {
            assert_eq!(a.add(hash_id(&[&i.to_string()]), i as i64 * 1000 + 999, None), Added::Duplicate, "{i}");
            assert_eq!(a.agent(&i.to_string()).as_deref(), Some(agents[(i % 3) as usize]), "{i}");
        }
        // Taken whole by an index that numbers agents otherwise: packed again with its numbers.
        let mut b = CallIndex::default();
        b.add(hash_id(&["other"]), 0, Some("A2"));
        assert_eq!(b.merge_if_disjoint(a.clone()), Overlap::default());
        assert_eq!(b.len, n as usize + 1);
        for i in (0..n).step_by(9_973) {
            assert_eq!(b.agent(&i.to_string()).as_deref(), Some(agents[(i % 3) as usize]), "{i}");
            assert_eq!(b.add(hash_id(&[&i.to_string()]), i as i64 * 1000, None), Added::Duplicate, "{i}");
            assert_eq!(b.add(hash_id(&[&i.to_string()]), i as i64 * 1000 + 1000, None), Added::NewWithReusedId);
        }
        // Through bytes (a range's state), then added: the same calls.
        let mut w = Writer::default();
        a.put_wire(&mut w);
        let back = CallIndex::get_wire(&mut Reader::new(&w.buf)).expect("read back");
        let calls = |x: &CallIndex| {
            let mut all: Vec<(u64, i64, u32)> = x.entries().collect();
            all.sort_unstable();
            all
        };
        assert_eq!(calls(&back), calls(&a));
    }

    #[test]
    fn the_states_of_ranges_are_added_as_few_packed_runs_and_every_call_is_found() {
        // Ranges' indexes of 300,000 calls each (each a pile of unsorted runs and a buffer), added
        // in turn: each is one run, merged with the last while they are no longer and within RUN_MAX.
        let per = 300_000u64;
        let agents = ["A0", "A1", "A2", "A3"];
        let mut whole = CallIndex::default();
        for k in 0..7u64 {
            let mut part = CallIndex::default();
            for i in k * per..(k + 1) * per {
                // Agents named in another order in each range: renumbered when added.
                part.add(hash_id(&[&i.to_string()]), i as i64 * 1000, Some(agents[((i + k) % 4) as usize]));
            }
            assert!(part.runs.len() >= 3, "a range's index holds runs not yet sorted into one");
            // Every other range sealed first, as a range reader does: the same calls found.
            if k % 2 == 1 {
                let mut before: Vec<_> = part.entries().collect();
                part.seal();
                assert_eq!((part.runs.len(), part.buffer.len()), (1, 0), "sealed into one run");
                assert!(part.runs[0].is_sorted());
                let mut after: Vec<_> = part.entries().collect();
                before.sort_unstable();
                after.sort_unstable();
                assert_eq!(after, before);
            }
            assert_eq!(whole.merge_if_disjoint(part), Overlap::default());
        }
        // 7 × 300,000: runs of 600,000 (two states each) and the last alone.
        let lens: Vec<usize> = whole.packed.iter().map(PackedRun::len).collect();
        assert_eq!(lens, vec![600_000, 600_000, 600_000, 300_000]);
        for run in &whole.packed {
            assert!(run.iter().collect::<Vec<_>>().windows(2).all(|p| p[0] <= p[1]), "each run sorted");
        }
        for i in (0..7 * per).step_by(7_919) {
            let id = hash_id(&[&i.to_string()]);
            assert_eq!(whole.agent(&i.to_string()).as_deref(), Some(agents[((i + i / per) % 4) as usize]), "{i}");
            assert_eq!(whole.add(id, i as i64 * 1000 + 999, None), Added::Duplicate, "{i}");
        }
    }

    #[test]
    fn the_calls_of_a_busy_month_take_under_9_bytes_each_once_packed() {
        // Two full runs: a month of calls, 300 agents, a fifth unanswered.
        let mut x = CallIndex::default();
        x.expect(2 * RUN_MAX);
        for i in 0..2 * RUN_MAX as u64 {
            let agent = (i % 5 != 0).then(|| format!("agent {}", i % 300));
            x.add(
                hash_id(&[&i.to_string()]),
                (1_700_000_000 + i * 2_592_000 / (2 * RUN_MAX as u64)) as i64 * 1000,
                agent.as_deref(),
            );
        }
        assert_eq!(x.packed.len(), 2);
        let packed = x.packed.iter().map(PackedRun::heap_bytes).sum::<usize>() as f64 / (2 * RUN_MAX) as f64;
        assert!(packed < 9.0, "{packed} bytes per call packed");
        // With the filter (sized for the calls expected): about 11.
        let per_call = x.bytes() as f64 / (2 * RUN_MAX) as f64;
        assert!(per_call < 12.0, "{per_call} bytes per call");
    }

    #[test]
    fn a_released_filter_changes_no_answer_and_comes_back_when_calls_do() {
        let mut x = CallIndex::default();
        for i in 0..50_000u64 {
            x.add(hash_id(&[&i.to_string()]), i as i64 * 1000, Some(if i % 2 == 0 { "A" } else { "B" }));
        }
        let held = x.bytes();
        x.release_filter();
        assert!(x.bytes() + 100_000 < held, "{} of {held} bytes held without the filter", x.bytes());
        // Looked up in the runs alone.
        assert_eq!((x.agent("10").as_deref(), x.agent("11").as_deref(), x.agent("none")), (Some("A"), Some("B"), None));
        x.warm([hash_id(&["1"])]);
        // Calls again: the filter is back, with every id read.
        assert_eq!(x.add(hash_id(&["7"]), 7_000, None), Added::Duplicate);
        assert!((0..50_000u64).all(|i| x.bloom.may_hold(id_key(hash_id(&[&i.to_string()])))));
        assert_eq!(x.add(hash_id(&["7"]), 8_000, None), Added::NewWithReusedId);
        assert_eq!(x.add(hash_id(&["new"]), 0, None), Added::New);
    }

    #[test]
    fn a_million_calls_with_distinct_ids_take_at_most_16_bytes_each() {
        let mut x = CallIndex::default();
        for i in 0..1_000_000u64 {
            x.add(hash_id(&[&i.to_string()]), i as i64 * 1000, Some("A"));
        }
        let per_call = x.bytes() / 1_000_000;
        // 12 bytes an entry and 2–4 of filter (grown at doublings: no size was expected).
        assert!(per_call <= 16, "{per_call} bytes per call");
    }

    #[test]
    fn merging_two_indexes_keeps_each_call_once() {
        let (mut a, mut b) = (CallIndex::default(), CallIndex::default());
        let id = hash_id(&["9"]);
        a.add(id, 1_000, Some("A"));
        b.add(id, 1_000, Some("A"));
        b.add(hash_id(&["10"]), 1_000, None);
        // A duplicate: nothing added whole; then merged call by call, each call once.
        assert_eq!(a.merge_if_disjoint(b.clone()), Overlap { duplicates: true, reused_ids: false });
        assert_eq!(a.len, 1);
        a.merge(&b);
        assert_eq!(a.len, 2);
        assert_eq!(a.agent("9").as_deref(), Some("A"));
        let mut c = CallIndex::default();
        c.add(id, 2_000, Some("A"));
        assert_eq!(a.merge_if_disjoint(c), Overlap { duplicates: false, reused_ids: true });
        assert_eq!(a.len, 3);
        assert_eq!(a.add(id, 2_500, Some("A")), Added::Duplicate);
        assert_eq!(a.add(id, 1_000, Some("A")), Added::Duplicate);
        assert_eq!(a.add(id, 3_000, Some("A")), Added::NewWithReusedId);
        assert_eq!(a.agent("9").as_deref(), Some("A"));
    }
}
