//! One file read as byte ranges in parallel, with exactly the result of one reader.
//!
//! The first range is read by the analyzer itself (it decides how to read the file from its first
//! 64 KiB); every other range starts after a line break near its share of the file. Ranges are
//! dealt in turn to the threads (range j to thread j mod threads, thread 0 the analyzer's own): a
//! range of another thread is read into a partial analyzer of its own (tallies,
//! duplicate-detection index, FCR calls, phone-system events), added in file order
//! ([`Analyzer::absorb_part`]) while that thread reads its next range. A file cut into more ranges
//! than threads has its states added while the others are read, not all at the end (at 1 GB with
//! two threads, adding one half's state to the other took a second with the other thread idle).
//!
//! A range's start is only a guess at a record boundary (a quoted field may hold a line break),
//! so it is checked: the range before it, read from a true boundary, must end exactly there. When
//! it does not — or when the range holds a call the ranges before it already had, so that what
//! counts as the duplicate depends on the order — the range is read again by the analyzer itself,
//! after the ranges before it. Either way the report is the one a single reader makes.

use std::sync::atomic::{AtomicU64, Ordering};

use super::range_state::{RangePart, RangeReader};
use super::Analyzer;
use crate::error::Result;
use crate::settings::Settings;

/// Reads bytes at an offset (a file on disk, or anything that can be read in pieces from
/// several threads at once).
pub trait ReadAt: Sync {
    /// Reads up to `buf.len()` bytes at `offset`; fewer only at the end of the input.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize>;
}

impl ReadAt for std::fs::File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        #[cfg(unix)]
        {
            std::os::unix::fs::FileExt::read_at(self, buf, offset)
        }
        #[cfg(windows)]
        {
            std::os::windows::fs::FileExt::seek_read(self, buf, offset)
        }
    }
}

impl ReadAt for [u8] {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(self.len());
        let n = buf.len().min(self.len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;
/// How a file is read is decided from its first 64 KiB (`ingest`'s sniffing).
const SNIFF_BYTES: u64 = 64 * 1024;
/// Files smaller than this per thread are read by one reader.
pub(crate) const MIN_RANGE: u64 = 4 << 20;
/// A file is cut into ranges of about this length (at least one per thread): a thread's range's
/// state waits to be added while it reads its next one, so threads hold a few such states.
const RANGE_BYTES: u64 = 32 << 20;
/// The analyzer's own ranges are shorter than the other threads' by its share of adding their
/// states, for each other thread (at most to a quarter): it adds them besides reading. Adding a
/// state costs, beside reading the range, about this much for the tallies every state holds…
const ADD_SHARE: f64 = 0.08;
/// …this much more for its calls' identities (duplicate detection on: their run is looked up in
/// the analyzer's index and merged into it, while the other threads take their ranges' calls
/// unchecked: `CallIndex::check_at_seal`)…
const ADD_SHARE_DEDUPE: f64 = 0.22;
/// …and this much more for its answered calls kept for the repeat-caller pass (FCR on).
/// Measured with two threads on the benchmark's generated file (whole runs, three each): with
/// everything on, own ranges 0.65 of the others' (1 GB: 2.88–3.02 s, 200 MB: 0.62–0.66 s)
/// against 0.75 (3.01–3.06 s, 0.62–0.71 s) and 0.6 (2.87–3.23 s, 0.64–0.75 s); duplicate
/// detection alone best at 0.65–0.7, repeat callers alone at 0.87–0.92. With both off, 0.92
/// (1 GB, to the end of reading: 1.44–1.45 s against 1.45–1.48 at 0.88).
const ADD_SHARE_FCR: f64 = 0.05;

/// The share of adding a range's state ([`ADD_SHARE`] and the parts for what it holds).
fn add_share(settings: &Settings) -> f64 {
    ADD_SHARE
        + if settings.dedupe { ADD_SHARE_DEDUPE } else { 0.0 }
        + if settings.fcr_window_h > 0 { ADD_SHARE_FCR } else { 0.0 }
}

/// Where `m` ranges of a file of `size` bytes dealt in turn to `threads` threads are guessed to
/// start: the analyzer's own ranges (every `threads`th, from the first) weigh 1 − `add_share` ×
/// (threads − 1), at least a quarter, the others 1. (The page's coordinator reads a first range as
/// long as a helper's, `rangeStarts` in `www/js/ranges.js`: there it waited for the first state.
/// Here the same made no difference at 200 MB or 1 GB with two threads, so the first is kept short.)
fn range_starts(size: u64, m: u64, threads: usize, add_share: f64) -> Vec<u64> {
    let own = (1.0 - add_share * (threads.saturating_sub(1)) as f64).max(0.25);
    let weight = |k: u64| if k % threads as u64 == 0 { own } else { 1.0 };
    let total: f64 = (0..m).map(weight).sum();
    let mut sum = 0.0;
    (0..m.saturating_sub(1))
        .map(|k| {
            sum += weight(k);
            (size as f64 * sum / total) as u64
        })
        .collect()
}

/// How an input was read, for tests and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RangeStats {
    /// Ranges read in parallel and added as they were.
    pub ranges_merged: usize,
    /// Ranges read again by the analyzer (a start inside a quoted field, or calls read before).
    pub ranges_reread: usize,
}

/// Reads `src[from..to]` into `sink` in chunks.
fn pump(
    src: Src<'_, impl ReadAt + ?Sized>,
    from: u64,
    to: u64,
    sink: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    let mut buf = vec![0u8; CHUNK.min(usize::try_from(to.saturating_sub(from)).unwrap_or(CHUNK)).max(1)];
    let mut at = from;
    while at < to {
        let want = buf.len().min(usize::try_from(to - at).unwrap_or(usize::MAX));
        let n = src.read_at(&mut buf[..want], at)?;
        if n == 0 {
            break;
        }
        sink(&buf[..n])?;
        at += n as u64;
    }
    Ok(())
}

/// The input being read, for the message of a read error.
struct Src<'s, R: ReadAt + ?Sized> {
    src: &'s R,
    name: &'s str,
}

impl<R: ReadAt + ?Sized> Src<'_, R> {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> Result<usize> {
        loop {
            match self.src.read_at(buf, offset) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                other => return other.map_err(|e| crate::error::Error::io(self.name, &e)),
            }
        }
    }
}

impl<R: ReadAt + ?Sized> Clone for Src<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: ReadAt + ?Sized> Copy for Src<'_, R> {}

/// The first offset after a line break at or after `at` (within the next 4 MiB), if any.
fn line_start_after(src: Src<'_, impl ReadAt + ?Sized>, at: u64, size: u64) -> Result<Option<u64>> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut pos = at;
    while pos < size && pos < at + (4 << 20) {
        let n = src.read_at(&mut buf, pos)?;
        if n == 0 {
            break;
        }
        if let Some(i) = memchr::memchr(b'\n', &buf[..n]) {
            let start = pos + i as u64 + 1;
            return Ok((start < size).then_some(start));
        }
        pos += n as u64;
    }
    Ok(None)
}

impl Analyzer {
    /// Reads a whole file from `src` (`size` bytes) with up to `threads` threads, and ends it:
    /// the same report as [`Analyzer::begin_file`], [`Analyzer::push`] of every byte and
    /// [`Analyzer::end_file`], whatever the number of threads. Files that cannot be split (not
    /// UTF-8 text, a people file, smaller than 4 MiB a thread) are read by one thread. The
    /// report is then built with up to as many threads (its repeat-caller pass beside the rest).
    pub fn read_file(
        &mut self,
        name: &str,
        src: &(impl ReadAt + ?Sized),
        size: u64,
        threads: usize,
    ) -> Result<RangeStats> {
        self.read_file_with_progress(name, src, size, threads, &mut |_| {})
    }

    /// [`Analyzer::read_file`], telling `progress` how many of the file's bytes are read so far,
    /// by every thread (never more than `size`, never less than it told before; `size` once the
    /// file is read). Told after each chunk this thread reads and each state of another thread
    /// added: a progress display that waited for the read to end showed nothing for the whole
    /// of a large file.
    pub fn read_file_with_progress(
        &mut self,
        name: &str,
        src: &(impl ReadAt + ?Sized),
        size: u64,
        threads: usize,
        progress: &mut dyn FnMut(u64),
    ) -> Result<RangeStats> {
        self.threads = self.threads.max(threads);
        let n = usize::try_from(size / MIN_RANGE).unwrap_or(usize::MAX).clamp(1, threads.max(1));
        let m = (n as u64).max(size.div_ceil(RANGE_BYTES));
        let starts = range_starts(size, m, n, add_share(&self.settings));
        self.read_file_split(name, src, size, &starts, n, progress)
    }

    /// [`Analyzer::read_file`] with the ranges starting at the first line after each of
    /// `nominal`, dealt in turn to `threads` threads: for tests that split files anywhere.
    #[doc(hidden)]
    pub fn read_file_split(
        &mut self,
        name: &str,
        src: &(impl ReadAt + ?Sized),
        size: u64,
        nominal: &[u64],
        threads: usize,
        progress: &mut dyn FnMut(u64),
    ) -> Result<RangeStats> {
        self.read_split(name, src, size, nominal, threads, false, progress)
    }

    /// [`Analyzer::read_file_split`] with every range's partial state sent through its binary
    /// form ([`RangeReader::finish`], [`Analyzer::absorb_encoded`]), as the page's workers send
    /// it: for tests.
    #[doc(hidden)]
    pub fn read_file_split_encoded(
        &mut self,
        name: &str,
        src: &(impl ReadAt + ?Sized),
        size: u64,
        nominal: &[u64],
        threads: usize,
    ) -> Result<RangeStats> {
        self.read_split(name, src, size, nominal, threads, true, &mut |_| {})
    }

    /// One file read in ranges and ended; `encoded`: each range's state goes through its bytes.
    #[allow(clippy::too_many_arguments)] // the public entry points' arguments, and how to test them
    fn read_split(
        &mut self,
        name: &str,
        src: &(impl ReadAt + ?Sized),
        size: u64,
        nominal: &[u64],
        threads: usize,
        encoded: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<RangeStats> {
        self.begin_file(name);
        self.expect_bytes(size);
        let mut stats = RangeStats::default();
        let mut told = Told { progress, size, here: 0, shown: 0 };
        let result = self.read_ranges(Src { src, name }, size, nominal, threads, encoded, &mut stats, &mut told);
        let ended = self.end_file().map(|_| ());
        let result = result.and(ended).map(|()| stats);
        if result.is_ok() {
            told.read_all();
        }
        result
    }

    #[allow(clippy::too_many_arguments)] // `read_split`'s, with what it counts and tells
    fn read_ranges(
        &mut self,
        src: Src<'_, impl ReadAt + ?Sized>,
        size: u64,
        nominal: &[u64],
        threads: usize,
        encoded: bool,
        stats: &mut RangeStats,
        told: &mut Told<'_>,
    ) -> Result<()> {
        // Bytes the other threads have read of their ranges, for `told`.
        let elsewhere = AtomicU64::new(0);
        let push_here = |this: &mut Analyzer, told: &mut Told<'_>, from: u64, to: u64| {
            pump(src, from, to, &mut |b| {
                this.push(b)?;
                told.tell(b.len() as u64, elsewhere.load(Ordering::Relaxed));
                Ok(())
            })
        };
        // The first bytes decide how the file is read (its first 64 KiB): only they are read
        // before the other ranges start (a whole chunk here kept the other threads waiting).
        let head = size.min(SNIFF_BYTES);
        push_here(self, told, 0, head)?;
        if self.reading_snapshot() {
            // A snapshot is one JSON document, read whole.
            return push_here(self, told, head, size);
        }
        let mut starts = Vec::new();
        let mut sorted = nominal.to_vec();
        sorted.sort_unstable();
        for nominal in sorted {
            if let Some(s) = line_start_after(src, nominal.max(head), size)? {
                if starts.last().is_none_or(|l| s > *l) {
                    starts.push(s);
                }
            }
        }
        if starts.is_empty() || self.range_worker().is_none() {
            return push_here(self, told, head, size);
        }
        // Range k is starts[k-1] .. starts[k] (the last one to the end of the file); range 0 is
        // the head's, read here. Range k goes to thread k mod threads, thread 0 being this one.
        let bounds: Vec<(u64, u64)> =
            starts.iter().enumerate().map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(size))).collect();
        let threads = threads.clamp(1, bounds.len() + 1);
        let first_end = starts[0];
        std::thread::scope(|scope| -> Result<()> {
            let mut helpers = Vec::with_capacity(threads - 1);
            for h in 1..threads {
                let ranges: Vec<(u64, u64)> =
                    (1..).zip(&bounds).filter(|(k, _)| k % threads == h).map(|(_, &b)| b).collect();
                let template = self.range_worker().expect("the file is read in ranges");
                // Bounded: the thread reads its next range while at most one state of its waits.
                let (states, received) = std::sync::mpsc::sync_channel(1);
                let elsewhere = &elsewhere;
                let handle = scope.spawn(move || {
                    // Calls are looked up when a range ends, until a range holds one twice: that
                    // range is read again looking each up as it comes, and so are the next ones
                    // (a file of many repeats would otherwise be read twice over).
                    let mut each_call = false;
                    for (from, to) in ranges {
                        let reader = |each_call| {
                            template
                                .range_reader_looking_up(from, to, size, each_call)
                                .expect("the file is read in ranges")
                        };
                        let mut part = read_range(reader(each_call), src, elsewhere);
                        if part.as_ref().is_ok_and(RangePart::holds_a_call_twice) {
                            each_call = true;
                            part = read_range(reader(true), src, &AtomicU64::new(0));
                        }
                        // This analyzer stopped (an error): so does the thread.
                        if states.send(part).is_err() {
                            return;
                        }
                    }
                });
                helpers.push((received, Some(handle)));
            }
            push_here(self, told, head, first_end)?;
            let mut pos = self.extend_here(src, first_end, size)?;
            for (k, &(_, to)) in (1..).zip(&bounds) {
                if k % threads != 0 {
                    let (received, handle) = &mut helpers[k % threads - 1];
                    let part = match received.recv() {
                        Ok(part) => Some(part?),
                        // The thread ended without sending it: it panicked (else, never, read here).
                        Err(_) => {
                            if let Some(Err(panic)) = handle.take().map(std::thread::ScopedJoinHandle::join) {
                                std::panic::resume_unwind(panic);
                            }
                            None
                        }
                    };
                    // Tests send every range through its binary form, as the page's workers do.
                    let part = match part {
                        Some(part) if encoded => Some(RangePart::decode(&part.encode())?),
                        part => part,
                    };
                    told.tell(0, elsewhere.load(Ordering::Relaxed));
                    if let Some(part) = part.filter(|p| p.from == pos) {
                        let end = part.end;
                        if self.absorb_part(part) {
                            stats.ranges_merged += 1;
                            pos = end;
                            continue;
                        }
                    }
                    // Not a true boundary, or calls read before: read it here, after the others.
                    stats.ranges_reread += 1;
                }
                let to = to.max(pos);
                push_here(self, told, pos, to)?;
                pos = if to >= size { size } else { self.extend_here(src, to, size)? };
            }
            if pos < size {
                push_here(self, told, pos, size)?;
            }
            Ok(())
        })
    }

    /// Pushes lines past `from` until the current file is between records; returns where it
    /// stopped (`size` at the end of the input, where the last record ends anyway).
    fn extend_here(&mut self, src: Src<'_, impl ReadAt + ?Sized>, from: u64, size: u64) -> Result<u64> {
        let mut pos = from;
        let mut buf = vec![0u8; 64 * 1024];
        while !self.at_record_boundary() && pos < size {
            let n = src.read_at(&mut buf, pos)?;
            if n == 0 {
                return Ok(size);
            }
            pos += self.extend_to_boundary(&buf[..n])? as u64;
        }
        Ok(pos)
    }
}

/// Reads a range, then on to the next record boundary, adding the bytes of the range read to
/// `read` as it goes.
fn read_range(mut reader: RangeReader, src: Src<'_, impl ReadAt + ?Sized>, read: &AtomicU64) -> Result<RangePart> {
    let to = reader.to();
    pump(src, reader.pos(), to, &mut |b| {
        reader.push(b)?;
        read.fetch_add(b.len() as u64, Ordering::Relaxed);
        Ok(())
    })?;
    let mut buf = vec![0u8; 64 * 1024];
    while reader.wants_more() {
        let n = src.read_at(&mut buf, reader.pos())?;
        if n == 0 {
            break;
        }
        reader.extend(&buf[..n])?;
    }
    Ok(reader.into_part())
}

/// How much of a file is read, told to a progress display: the bytes read here and by the other
/// threads, at most the file's size, never going back (a range read again here counts twice).
struct Told<'p> {
    progress: &'p mut dyn FnMut(u64),
    size: u64,
    /// Bytes this thread has read.
    here: u64,
    /// What was told last.
    shown: u64,
}

impl Told<'_> {
    /// Adds `read` bytes read here and tells the total with the `elsewhere` bytes of the others,
    /// when it moved.
    fn tell(&mut self, read: u64, elsewhere: u64) {
        self.here += read;
        let now = self.here.saturating_add(elsewhere).min(self.size);
        if now > self.shown {
            self.shown = now;
            (self.progress)(now);
        }
    }

    /// Tells the whole file read (what was told last may be short of it: the other threads'
    /// last bytes, the lines that end a range).
    fn read_all(&mut self) {
        if self.shown < self.size {
            self.shown = self.size;
            (self.progress)(self.size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analyzers_own_ranges_are_shorter_by_its_share_of_adding_states() {
        for (size, m, threads, share) in [
            (1_000_000_000u64, 30u64, 2usize, ADD_SHARE),
            (200_000_000, 6, 2, ADD_SHARE + ADD_SHARE_DEDUPE + ADD_SHARE_FCR),
            (200_000_000, 8, 4, ADD_SHARE + ADD_SHARE_FCR),
            (50_000_000, 12, 8, ADD_SHARE + ADD_SHARE_DEDUPE),
        ] {
            let starts = range_starts(size, m, threads, share);
            assert_eq!(starts.len() as u64, m - 1);
            let bounds: Vec<u64> = std::iter::once(0).chain(starts).chain(std::iter::once(size)).collect();
            let lengths: Vec<f64> = bounds.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
            let own = (1.0 - share * (threads - 1) as f64).max(0.25);
            let other = lengths[1];
            for (k, l) in lengths.iter().enumerate() {
                let want = if k % threads == 0 { own * other } else { other };
                assert!((l - want).abs() <= 2.0, "{size}/{m}/{threads}: range {k} is {l} bytes, want {want}");
            }
        }
        // One thread: ranges of one length.
        assert_eq!(range_starts(100, 4, 1, ADD_SHARE), vec![25, 50, 75]);
    }

    #[test]
    fn the_share_of_adding_a_state_grows_with_the_calls_it_carries() {
        let with =
            |dedupe: bool, fcr_window_h: u32| add_share(&Settings { dedupe, fcr_window_h, ..Settings::default() });
        let (lean, fcr, dedupe, both) = (with(false, 0), with(false, 24), with(true, 0), with(true, 24));
        assert!(lean < fcr && fcr < dedupe && dedupe < both, "{lean} {fcr} {dedupe} {both}");
        assert_eq!(both, add_share(&Settings::default()), "duplicates and repeat callers are on by default");
    }
}
