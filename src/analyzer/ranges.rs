//! One file read as byte ranges in parallel, with exactly the result of one reader.
//!
//! The first range is read by the analyzer itself (it decides how to read the file from its first
//! 64 KiB); every other range starts after a line break near its share of the file and is read
//! into a partial analyzer of its own: tallies, duplicate-detection index, FCR calls,
//! phone-system events. Partial analyzers are then added in file order ([`Analyzer::absorb_part`]).
//!
//! A range's start is only a guess at a record boundary (a quoted field may hold a line break),
//! so it is checked: the range before it, read from a true boundary, must end exactly there. When
//! it does not — or when the range holds a call the ranges before it already had, so that what
//! counts as the duplicate depends on the order — the range is read again by the analyzer itself,
//! after the ranges before it. Either way the report is the one a single reader makes.

use super::range_state::{RangePart, RangeReader};
use super::Analyzer;
use crate::error::Result;

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
        self.threads = self.threads.max(threads);
        let n = usize::try_from(size / MIN_RANGE).unwrap_or(usize::MAX).clamp(1, threads.max(1));
        let nominal: Vec<u64> = (1..n).map(|k| size / n as u64 * k as u64).collect();
        self.read_file_split(name, src, size, &nominal)
    }

    /// [`Analyzer::read_file`] with the ranges starting at the first line after each of
    /// `nominal` (one thread per range): for tests that split files anywhere.
    #[doc(hidden)]
    pub fn read_file_split(
        &mut self,
        name: &str,
        src: &(impl ReadAt + ?Sized),
        size: u64,
        nominal: &[u64],
    ) -> Result<RangeStats> {
        self.read_split(name, src, size, nominal, false)
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
    ) -> Result<RangeStats> {
        self.read_split(name, src, size, nominal, true)
    }

    /// One file read in ranges and ended; `encoded`: each range's state goes through its bytes.
    fn read_split(
        &mut self,
        name: &str,
        src: &(impl ReadAt + ?Sized),
        size: u64,
        nominal: &[u64],
        encoded: bool,
    ) -> Result<RangeStats> {
        self.begin_file(name);
        self.expect_bytes(size);
        let mut stats = RangeStats::default();
        let result = self.read_ranges(Src { src, name }, size, nominal, encoded, &mut stats);
        let ended = self.end_file().map(|_| ());
        result.and(ended).map(|()| stats)
    }

    fn read_ranges(
        &mut self,
        src: Src<'_, impl ReadAt + ?Sized>,
        size: u64,
        nominal: &[u64],
        encoded: bool,
        stats: &mut RangeStats,
    ) -> Result<()> {
        // The first bytes decide how the file is read (its first 64 KiB): only they are read
        // before the other ranges start (a whole chunk here kept the other threads waiting).
        let head = size.min(SNIFF_BYTES);
        pump(src, 0, head, &mut |b| self.push(b))?;
        if self.reading_snapshot() {
            // A snapshot is one JSON document, read whole.
            return pump(src, head, size, &mut |b| self.push(b));
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
            return pump(src, head, size, &mut |b| self.push(b));
        }
        // Range k is starts[k-1] .. starts[k] (the last one to the end of the file).
        let bounds: Vec<(u64, u64)> =
            starts.iter().enumerate().map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(size))).collect();
        let first_end = starts[0];
        std::thread::scope(|scope| -> Result<()> {
            let handles: Vec<_> = bounds
                .iter()
                .map(|&(from, to)| {
                    let reader = self.range_reader(from, to, size).expect("the file is read in ranges");
                    scope.spawn(move || read_range(reader, src))
                })
                .collect();
            // Range 0, here, while the others are read.
            pump(src, head, first_end, &mut |b| self.push(b))?;
            let mut pos = self.extend_here(src, first_end, size)?;
            for (k, handle) in handles.into_iter().enumerate() {
                let (_, to) = bounds[k];
                let part = handle.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
                // Tests send every range through its binary form, as the page's workers do.
                let part = if encoded { RangePart::decode(&part.encode())? } else { part };
                let end = part.end;
                if pos == part.from && self.absorb_part(part) {
                    stats.ranges_merged += 1;
                    pos = end;
                    continue;
                }
                // Not a true boundary, or calls read before: read it here, after the others.
                stats.ranges_reread += 1;
                let to = to.max(pos);
                pump(src, pos, to, &mut |b| self.push(b))?;
                pos = if to >= size { size } else { self.extend_here(src, to, size)? };
            }
            if pos < size {
                pump(src, pos, size, &mut |b| self.push(b))?;
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

/// Reads a range, then on to the next record boundary.
fn read_range(mut reader: RangeReader, src: Src<'_, impl ReadAt + ?Sized>) -> Result<RangePart> {
    let to = reader.to();
    pump(src, reader.pos(), to, &mut |b| reader.push(b))?;
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
