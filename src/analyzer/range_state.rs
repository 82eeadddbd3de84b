//! A byte range of a file read on its own and added to the reader of the whole file, on every
//! target: natively on threads (`ranges.rs`), in the page in a pool of workers, each with its own
//! wasm instance — so a range's partial state also has a binary form ([`RangeReader::finish`])
//! that another instance adds ([`Analyzer::absorb_encoded`]).
//!
//! The reader of the whole file (the coordinator) reads the file's first bytes itself (they decide
//! how the file is read), then adds the ranges in file order. A range starts after a line break,
//! which is only a guess at a record boundary (a quoted field may hold one): the coordinator adds a
//! range only when what it read so far ends exactly where the range starts, and when the range
//! holds no call it already read; otherwise it reads the range's bytes itself. Either way the
//! report is the one a single reader makes.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Analyzer, CallIndex, Store};
use crate::error::{Error, ErrorKind, Message, Result};
use crate::ingest::RangeFile;
use crate::kpi::Aggregates;
use crate::model::filter::Outside;
use crate::model::wire::{Bad, Reader, Wire, Writer};
use crate::pbx::Pbx;

/// First bytes of an encoded range state (and its version: 4 since the repeat-caller calls cross
/// as packed runs).
const MAGIC: &[u8; 8] = b"CSRANGE4";

/// How a file is read is decided from its first 64 KiB (`ingest`'s sniffing): a range reader is
/// made once at least this much of the file was pushed.
pub const HEAD_BYTES: u64 = 64 * 1024;

/// What a range reader read: everything [`Analyzer::absorb_part`] adds.
pub(crate) struct RangePart {
    pub(crate) file: RangeFile,
    aggregates: Aggregates,
    pbx: Pbx,
    calls: CallIndex,
    outside: FxHashMap<u64, Outside>,
    outbound_seen: FxHashSet<u64>,
    /// The range's first byte and the byte after its last record.
    pub(crate) from: u64,
    pub(crate) end: u64,
    /// The file's size (a state of another file is refused).
    size: u64,
}

/// One byte range of the current file read into a partial analyzer: push the range's bytes
/// (`from..to`), then, unless the range ends the file, the lines after it until the reader is
/// between records ([`RangeReader::extend`]); then [`RangeReader::finish`].
pub struct RangeReader {
    worker: Analyzer,
    from: u64,
    to: u64,
    size: u64,
    /// The next byte to read.
    pos: u64,
}

impl RangeReader {
    /// Reads the next bytes of the range (`from..to`, in order, cut anywhere).
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.pos += chunk.len() as u64;
        let w = &mut self.worker;
        let store = &mut w.store;
        let file = w.current.as_mut().ok_or_else(|| Error::new(ErrorKind::Usage, Message::PushBeforeBegin))?;
        file.push(chunk, store)
    }

    /// Where the range ends (`to`), and where the reader is now.
    pub fn to(&self) -> u64 {
        self.to
    }

    /// The next byte the reader needs.
    pub fn pos(&self) -> u64 {
        self.pos
    }

    /// Rows read so far, for progress displays.
    pub fn rows_read(&self) -> u64 {
        self.worker.rows_read()
    }

    /// Whether the reader needs more bytes: inside the range, or past it in a record that is not
    /// over yet (a quoted line break), unless the file has ended.
    pub fn wants_more(&self) -> bool {
        self.pos < self.size && (self.pos < self.to || !self.at_boundary())
    }

    fn at_boundary(&self) -> bool {
        self.worker.current.as_ref().is_some_and(|f| f.at_record_boundary())
    }

    /// Reads bytes past the range's end (`bytes` start at [`RangeReader::pos`]) one line at a time
    /// until the reader is between records; returns how many it used.
    pub fn extend(&mut self, bytes: &[u8]) -> Result<usize> {
        let mut used = 0;
        while used < bytes.len() && self.wants_more() {
            let rest = &bytes[used..];
            let take = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
            self.push(&rest[..take])?;
            used += take;
        }
        Ok(used)
    }

    /// Ends the range (reading the file's last record if it reaches the end) and returns what
    /// it read.
    pub(crate) fn into_part(mut self) -> RangePart {
        let at_end = self.pos >= self.size && (self.to >= self.size || !self.at_boundary());
        let Analyzer { current, store, .. } = &mut self.worker;
        let mut file = current.take().expect("a range reader reads one range");
        if at_end {
            file.push_last(&[], store);
        }
        let Store { aggregates, pbx, mut calls, outside, outbound_seen, .. } = std::mem::replace(store, empty_store());
        calls.seal();
        let mut file = file.into_range();
        let warnings = &mut file.summary.warnings;
        if calls.repeats_inside().reused_ids && !warnings.contains(&Message::CallIdsReused) {
            warnings.push(Message::CallIdsReused);
        }
        RangePart {
            file,
            aggregates,
            pbx,
            calls,
            outside,
            outbound_seen,
            from: self.from,
            end: self.pos.min(self.size),
            size: self.size,
        }
    }

    /// Ends the range and returns its partial state as bytes, for [`Analyzer::absorb_encoded`]
    /// in another instance of the engine; `None` when the range held a call twice (found as its
    /// calls were looked up when it ended): that state would be refused, and the range read by
    /// the coordinator alone, so read it again with [`Analyzer::range_reader_looking_up`], looking
    /// each call up as it comes (as the CLI's threads do).
    pub fn finish(self) -> Option<Vec<u8>> {
        let part = self.into_part();
        (!part.holds_a_call_twice()).then(|| part.encode())
    }
}

fn empty_store() -> Store {
    Store {
        aggregates: Aggregates::new(false, None),
        pbx: Pbx::default(),
        people: Default::default(),
        chat: Default::default(),
        outbound_seen: FxHashSet::default(),
        only_day: None,
        calls: CallIndex::default(),
        dedupe: false,
        filter: Default::default(),
        roster_teams: FxHashMap::default(),
        outside: FxHashMap::default(),
    }
}

impl RangePart {
    /// Whether the range holds a call twice (found when its reader ended, for a reader that did
    /// not look its calls up as they came): it cannot be added, and is read again.
    pub(crate) fn holds_a_call_twice(&self) -> bool {
        self.calls.repeats_inside().duplicates
    }

    /// The binary form: a magic, the positions, then one length-prefixed section per part.
    pub(crate) fn encode(&self) -> Vec<u8> {
        // Room for what is known to be big (the duplicate index's entries and the FCR calls) and
        // a little more, so the buffer is seldom grown and copied.
        let big = self.calls.entry_bytes().saturating_add(self.aggregates.fcr_calls_bytes());
        let mut w = Writer { buf: Vec::with_capacity(big.saturating_add(1 << 20)) };
        w.buf.extend_from_slice(MAGIC);
        w.u64(self.from);
        w.u64(self.end);
        w.u64(self.size);
        w.section(|w| self.file.put_wire(w));
        w.section(|w| self.aggregates.put_wire(w));
        w.section(|w| self.pbx.put_wire(w));
        w.section(|w| self.calls.put_wire(w));
        w.section(|w| {
            let mut outside: Vec<(u64, Outside)> = self.outside.iter().map(|(k, v)| (*k, *v)).collect();
            outside.sort_unstable_by_key(|(k, _)| *k);
            w.var(outside.len() as u64);
            for (k, v) in outside {
                w.u64(k);
                v.put(w);
            }
            w.var(self.outbound_seen.len() as u64);
            for h in &self.outbound_seen {
                w.u64(*h);
            }
        });
        w.buf
    }

    /// Read back from [`RangePart::encode`]; anything else is an error, never a panic.
    pub(crate) fn decode(bytes: &[u8]) -> Result<RangePart> {
        Self::decode_inner(bytes).map_err(|Bad(detail)| {
            Error::new(ErrorKind::Malformed, Message::RangeStateInvalid { detail: detail.to_string() })
        })
    }

    fn decode_inner(bytes: &[u8]) -> std::result::Result<RangePart, Bad> {
        let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or(Bad("no range-state header"))?;
        let mut r = Reader::new(rest);
        let (from, end, size) = (r.u64()?, r.u64()?, r.u64()?);
        if from > end || end > size {
            return Err(Bad("positions out of order"));
        }
        let mut s = r.section()?;
        let file = RangeFile::get_wire(&mut s)?;
        s.end()?;
        let mut s = r.section()?;
        let aggregates = Aggregates::get_wire(&mut s)?;
        s.end()?;
        let mut s = r.section()?;
        let pbx = Pbx::get_wire(&mut s)?;
        s.end()?;
        let mut s = r.section()?;
        let calls = CallIndex::get_wire(&mut s)?;
        s.end()?;
        let mut s = r.section()?;
        let mut outside = FxHashMap::default();
        for _ in 0..s.count(9)? {
            outside.insert(s.u64()?, Outside::get(&mut s)?);
        }
        let mut outbound_seen = FxHashSet::default();
        for _ in 0..s.count(8)? {
            outbound_seen.insert(s.u64()?);
        }
        s.end()?;
        r.end()?;
        Ok(RangePart { file, aggregates, pbx, calls, outside, outbound_seen, from, end, size })
    }
}

impl Analyzer {
    /// A reader for the byte range `from..to` of the current file (`size` bytes), which starts
    /// after a line break: the same settings and way of reading as this analyzer's file, a partial
    /// state of its own. `None` when the file is read by one reader (not UTF-8 text, a people file
    /// or chat log, or fewer than its first 64 KiB pushed).
    ///
    /// Its calls are looked up once, when it ends (`CallIndex::check_at_seal`); a range that
    /// held a call twice then gives no state ([`RangeReader::finish`]) and is read again with
    /// [`Analyzer::range_reader_looking_up`].
    pub fn range_reader(&self, from: u64, to: u64, size: u64) -> Option<RangeReader> {
        self.range_reader_looking_up(from, to, size, false)
    }

    /// [`Analyzer::range_reader`]; `each_call`: each call looked up as it comes, as the whole
    /// file's reader does (for a range that held a call twice, read again, and the ranges after
    /// it in that worker).
    pub fn range_reader_looking_up(&self, from: u64, to: u64, size: u64, each_call: bool) -> Option<RangeReader> {
        let mut worker = self.range_worker()?;
        if !each_call {
            worker.store.calls.check_at_seal();
        }
        // Looking each call up: its duplicate filter sized once for the range, not doubled (and
        // rebuilt) as it fills. (Unchecked, it keeps none.)
        worker.expect_bytes(to.min(size).saturating_sub(from));
        Some(RangeReader { worker, from, to: to.min(size), size, pos: from })
    }

    /// An analyzer for a byte range of the current file: the same settings, its own partial state
    /// (see [`Analyzer::absorb_part`]); `None` when the file is read by one reader.
    pub(crate) fn range_worker(&self) -> Option<Analyzer> {
        let current = self.current.as_ref()?.range_reader()?;
        let store = Store {
            aggregates: Aggregates::new(self.settings.fcr_window_h > 0, self.settings.complaint_queue.clone()),
            pbx: Pbx::default(),
            people: Default::default(),
            calls: CallIndex::default(),
            dedupe: self.store.dedupe,
            filter: self.store.filter.clone(),
            roster_teams: self.store.roster_teams.clone(),
            outside: Default::default(),
            chat: Default::default(),
            outbound_seen: Default::default(),
            only_day: self.store.only_day,
        };
        Some(Analyzer {
            settings: self.settings.clone(),
            zone: self.zone.clone(),
            read: self.read.clone(),
            files: Vec::new(),
            current: Some(current),
            sniff: super::Sniff::Log,
            loaded: super::Loaded::default(),
            store,
            size_hint: None,
            threads: 1,
            staffing_seeds: None,
        })
    }

    /// Whether the current file is between two records (or failed): the reader of the whole file
    /// reads past a range's end until it is ([`Analyzer::extend_to_boundary`]).
    pub fn at_record_boundary(&self) -> bool {
        self.current.as_ref().is_some_and(|f| f.at_record_boundary() || f.summary.error.is_some())
    }

    /// Pushes the lines of `bytes` (the file's next bytes) one at a time until the current file is
    /// between records; returns how many bytes it used (all of them when no boundary came).
    pub fn extend_to_boundary(&mut self, bytes: &[u8]) -> Result<usize> {
        let mut used = 0;
        while used < bytes.len() && !self.at_record_boundary() {
            let rest = &bytes[used..];
            let take = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
            self.push(&rest[..take])?;
            used += take;
        }
        Ok(used)
    }

    /// Adds a range's partial state encoded by [`RangeReader::finish`] (in another worker) when
    /// the current file was read exactly up to `pos` and the range starts there: returns where the
    /// range ended (read on from there). `None` (nothing added) when the range does not start at
    /// `pos` or holds a call already read: read its bytes here instead, from `pos`. A state that is
    /// not one this engine wrote, or of another file, is an error.
    pub fn absorb_encoded(&mut self, bytes: &[u8], pos: u64) -> Result<Option<u64>> {
        let part = RangePart::decode(bytes)?;
        let size_ok = self.current.as_ref().is_some_and(|f| f.summary.file == part.file.summary.file);
        if !size_ok {
            return Err(Error::new(ErrorKind::Usage, Message::RangeStateMismatch));
        }
        if part.from != pos {
            return Ok(None);
        }
        let end = part.end;
        Ok(self.absorb_part(part).then_some(end))
    }

    /// Adds a range read by a [`RangeReader`] of the current file, right after what this
    /// analyzer read of it. False (and nothing added) when the range holds a call this analyzer
    /// already read: which of the two is the duplicate depends on the order of reading, so the
    /// range must be read here instead.
    pub(crate) fn absorb_part(&mut self, range: RangePart) -> bool {
        if range.holds_a_call_twice() {
            return false;
        }
        let RangePart { mut file, aggregates, pbx, calls, outside, outbound_seen, .. } = range;
        let Some(mine) = self.current.as_mut() else { return false };
        // An outbound call seen in both is a duplicate too, counted by whichever read it second.
        if outbound_seen.iter().any(|h| self.store.outbound_seen.contains(h)) {
            return false;
        }
        // The calls first: they are added only when none is one already read.
        let overlap = self.store.calls.merge_if_disjoint(calls);
        if overlap.duplicates {
            return false;
        }
        self.store.outbound_seen.extend(outbound_seen);
        self.store.aggregates.merge(aggregates);
        let repeated = self.store.pbx.merge(pbx);
        file.summary.used_were_duplicates(repeated);
        self.store.outside.extend(outside);
        if overlap.reused_ids && !file.summary.warnings.contains(&Message::CallIdsReused) {
            file.summary.warnings.push(Message::CallIdsReused);
        }
        mine.absorb(file);
        true
    }
}
