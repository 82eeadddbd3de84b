//! Push-based CSV records over UTF-8 bytes (csv-core underneath).
//!
//! Bytes arrive in chunks of any size; a record cut by a chunk boundary, even inside a quoted
//! field, is completed by the next chunk. Each complete record is handed to a callback as field
//! slices with the line it started on.
//!
//! Most lines of a call export hold no quote at all. Between records, such a complete line is
//! split at its delimiters directly (one scan, eight bytes at a time), which is several times
//! faster than csv-core's state machine and gives the same fields; any line with a quote or a lone `\r`, and any line cut by
//! the end of a chunk, goes through csv-core.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// Records with up to this many fields are handed over without a heap allocation.
const STACK_FIELDS: usize = 48;

/// The most field content one record may hold, in bytes. A longer record (an unclosed quote, a
/// file without line breaks, a 300 MB "agent name") is skipped to its end and reported, so a
/// record's memory is bounded whatever the file holds.
pub(super) const MAX_RECORD_BYTES: usize = 1 << 20;

/// The most fields one record may have (the same bound, for a line of delimiters).
pub(super) const MAX_RECORD_FIELDS: usize = 4096;

/// Lines the fast path splits before handing any of them over, when a column's values are
/// announced ([`RecordReader::announce_column`]).
pub(super) const AHEAD: usize = 16;

/// Where the records go.
pub(super) trait OnRecords {
    /// A record's fields and the line it starts on.
    fn record(&mut self, fields: &[&str], line: u64);

    /// The announced column's raw value in each of the next few lines, before they are handed
    /// over (those split ahead; a line without the column gives an empty value). A hint only.
    fn ahead(&mut self, _values: &[&[u8]]) {}
}

impl<F: FnMut(&[&str], u64)> OnRecords for F {
    fn record(&mut self, fields: &[&str], line: u64) {
        self(fields, line);
    }
}

/// A line the fast path split, waiting to be handed over: its bytes `start..start + len` of the
/// input, its line number and its field ends (relative to its start).
#[derive(Clone, Copy)]
struct Split {
    start: usize,
    len: usize,
    line: u64,
    fields: usize,
    ends: [usize; STACK_FIELDS],
}

/// A record that is not handed over as fields, with the line it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Problem {
    /// More than [`MAX_RECORD_BYTES`] of content or [`MAX_RECORD_FIELDS`] fields.
    TooLong { line: u64 },
    /// A quoted field still open at the end of the file; `lines` is how many lines it took.
    UnclosedQuote { line: u64, lines: u64 },
}

/// Where csv-core is inside a record, followed byte by byte over what it consumes: csv-core does
/// not say whether the input ended inside a quoted field, and that is the one structure error
/// that silently swallows the rest of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quote {
    /// At the start of a field.
    Start,
    /// In an unquoted field (a quote here is an ordinary character).
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: closed, or the first of a doubled quote.
    ClosingOrDoubled,
}

pub(super) struct RecordReader {
    reader: Reader,
    delimiter: u8,
    /// Whether `"` starts a quoted field (false for formats that never quote).
    quoting: bool,
    /// [`byte_classes`] of this dialect, for the fast path.
    classes: [u8; 256],
    /// The bytes that are not [`PLAIN`], each repeated in a word ([`special_words`]).
    special: [u64; 4],
    /// True between records, when csv-core holds no part of one: the fast path may run.
    at_boundary: bool,
    /// Lines the fast path consumed, which csv-core's own line counter has not seen.
    fast_lines: u64,
    out: Vec<u8>,
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    lossy: String,
    lossy_ends: Vec<usize>,
    /// The quote state over the bytes csv-core consumed of the current record.
    quote: Quote,
    /// The current record passed a limit: its content is dropped and it ends as a problem.
    oversized: bool,
    /// Records not handed over, for the caller to count and reject ([`RecordReader::take_problems`]).
    problems: Vec<Problem>,
    /// Records whose bytes were not valid UTF-8 (kept with U+FFFD).
    pub(super) lossy_records: u64,
    /// The column whose values are announced ahead ([`OnRecords::ahead`]).
    announced: Option<usize>,
    /// Lines split ahead by the fast path (kept to reuse the room).
    splits: Vec<Split>,
}

impl RecordReader {
    pub(super) fn new(delimiter: u8) -> RecordReader {
        RecordReader {
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            quoting: true,
            classes: byte_classes(delimiter, true),
            special: special_words(delimiter, true),
            at_boundary: true,
            fast_lines: 0,
            out: vec![0; 4096],
            ends: vec![0; 64],
            out_len: 0,
            ends_len: 0,
            lossy: String::new(),
            lossy_ends: Vec::new(),
            quote: Quote::Start,
            oversized: false,
            problems: Vec::new(),
            lossy_records: 0,
            announced: None,
            splits: Vec::new(),
        }
    }

    /// Announces this column's values a few lines ahead of the records ([`OnRecords::ahead`]).
    pub(super) fn announce_column(&mut self, column: Option<usize>) {
        self.announced = column;
    }

    /// A reader of the same dialect with nothing read, for another byte range of the same input.
    pub(super) fn fresh_like(&self) -> RecordReader {
        let mut r =
            if self.quoting { RecordReader::new(self.delimiter) } else { RecordReader::new_unquoted(self.delimiter) };
        r.announced = self.announced;
        r
    }

    /// Whether the reader holds no part of a record: what was fed ends at a record boundary.
    pub(super) fn at_record_boundary(&self) -> bool {
        self.at_boundary && self.out_len == 0 && self.ends_len == 0 && !self.oversized && self.quote == Quote::Start
    }

    /// Line breaks read so far (the next record starts on line this + 1).
    pub(super) fn lines_read(&self) -> u64 {
        self.reader.line() - 1 + self.fast_lines
    }

    /// Counts lines another reader read for this input (a byte range read elsewhere).
    pub(super) fn skip_lines(&mut self, lines: u64) {
        self.fast_lines += lines;
    }

    /// The records since the last call that were not handed over, in order.
    pub(super) fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    /// Follows csv-core's quoting over consumed bytes (default dialect: `"` doubled to escape).
    fn track_quotes(&mut self, consumed: &[u8]) {
        if !self.quoting {
            return;
        }
        let d = self.delimiter;
        for &b in consumed {
            self.quote = match (self.quote, b) {
                (Quote::Quoted, b'"') => Quote::ClosingOrDoubled,
                (Quote::Quoted, _) => Quote::Quoted,
                (Quote::ClosingOrDoubled, b'"') => Quote::Quoted,
                (Quote::Start, b'"') => Quote::Quoted,
                (_, b'\r' | b'\n') => Quote::Start,
                (_, b) if b == d => Quote::Start,
                _ => Quote::Unquoted,
            };
        }
    }

    /// A reader that takes `"` as an ordinary character: for formats that never quote, like
    /// queue_log, where a quote inside a caller name must not swallow the following lines.
    pub(super) fn new_unquoted(delimiter: u8) -> RecordReader {
        let mut r = RecordReader::new(delimiter);
        r.reader = ReaderBuilder::new().delimiter(delimiter).quoting(false).build();
        r.quoting = false;
        r.classes = byte_classes(delimiter, false);
        r.special = special_words(delimiter, false);
        r
    }

    /// Reads every complete record in `input`; with `last`, also the final unterminated one.
    pub(super) fn feed(&mut self, mut input: &[u8], last: bool, on: &mut dyn OnRecords) {
        loop {
            if self.at_boundary {
                input = self.fast_lines(input, on);
            }
            // csv-core reads an empty input as the end of the data, so it may only see one
            // when this really is the last chunk.
            if input.is_empty() && !last {
                return;
            }
            let input_before = input;
            let (result, nin, nout, nend) =
                self.reader.read_record(input, &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            self.track_quotes(&input[..nin]);
            input = &input[nin..];
            // csv-core keeps field ends relative to the record's start across calls.
            self.out_len += nout;
            self.ends_len += nend;
            // Whatever csv-core consumed may be the start of a record it now holds.
            self.at_boundary = false;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull if self.out.len() >= MAX_RECORD_BYTES => {
                    // Past the limit: keep reading to the record's end, dropping its content
                    // (csv-core's field ends are then meaningless and never used).
                    self.oversized = true;
                    self.out_len = 0;
                }
                ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                ReadRecordResult::OutputEndsFull if self.ends.len() >= MAX_RECORD_FIELDS => {
                    self.oversized = true;
                    self.ends_len = 0;
                }
                ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                ReadRecordResult::Record => {
                    // csv-core's line counter (from 1) has counted the record's '\n' terminator
                    // when it consumed it, but not yet when the record ended at a '\r' or at EOF.
                    let counted_terminator = nin > 0 && consumed_last_byte(input_before, nin) == Some(b'\n');
                    let end_line = self.reader.line() + self.fast_lines - u64::from(counted_terminator);
                    if self.oversized {
                        // The record's start line is unknown once its content is dropped: name
                        // the line it ended on.
                        self.problems.push(Problem::TooLong { line: end_line });
                        self.out_len = 0;
                        self.ends_len = 0;
                    } else if last && input.is_empty() && self.quote == Quote::Quoted {
                        let bytes = &self.out[..self.out_len];
                        let embedded = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
                        let line = end_line.saturating_sub(embedded).max(1);
                        self.problems.push(Problem::UnclosedQuote { line, lines: embedded + 1 });
                        self.out_len = 0;
                        self.ends_len = 0;
                    } else {
                        self.emit(end_line, on);
                    }
                    self.oversized = false;
                    self.quote = Quote::Start;
                    self.at_boundary = true;
                }
                ReadRecordResult::End => return,
            }
        }
    }

    /// Reads the complete lines at the start of `input` that need no CSV state machine; returns
    /// the rest, which starts at a line that does (or is cut by the chunk's end).
    ///
    /// One pass over each line, eight bytes at a time, finds its field ends, its end and whether
    /// it needs csv-core (a quote, a `\r` not followed by `\n`) together: searching for each of
    /// these separately (memchr) cost a call per field and three more passes per line, and a
    /// table look-up per byte was slower than that natively.
    fn fast_lines<'i>(&mut self, input: &'i [u8], on: &mut dyn OnRecords) -> &'i [u8] {
        let mut overflow = Vec::new();
        let mut splits = std::mem::take(&mut self.splits);
        // With a column announced, lines are split AHEAD at a time and its values announced
        // before they are handed over; else one at a time.
        let ahead = if self.announced.is_some() { AHEAD } else { 1 };
        splits.resize(ahead, Split { start: 0, len: 0, line: 0, fields: 0, ends: [0; STACK_FIELDS] });
        // The fields of each line handed over, in one array for all of them: filling a fresh
        // array of 48 for every line took about 85 instructions a line (2 % of a lean read).
        let mut fields: [&'i str; STACK_FIELDS] = [""; STACK_FIELDS];
        let mut pos = 0;
        loop {
            // The batch ends early at a line with more fields than the stack holds (its ends
            // are in `overflow`), and at the first line the fast path cannot take.
            let mut k = 0;
            let mut stop = false;
            overflow.clear();
            while k < ahead {
                let split = &mut splits[k];
                let Some((len, next, delimiters)) = self.split_line(&input[pos..], &mut split.ends, &mut overflow)
                else {
                    stop = true;
                    break;
                };
                split.start = pos;
                pos += next;
                // Lines before this one: csv-core's count (from 1) plus the fast path's own.
                let line = self.reader.line() + self.fast_lines;
                self.fast_lines += 1;
                if len == 0 {
                    continue; // csv-core skips empty lines too
                }
                // The same limits as csv-core's path, so the chunking cannot change the outcome.
                if delimiters >= MAX_RECORD_FIELDS || len - delimiters > MAX_RECORD_BYTES {
                    self.problems.push(Problem::TooLong { line });
                    overflow.clear();
                    continue;
                }
                (split.len, split.line, split.fields) = (len, line, delimiters + 1);
                k += 1;
                if !overflow.is_empty() {
                    break;
                }
            }
            let batch = &splits[..k];
            if let Some(column) = self.announced.filter(|_| k > 1) {
                let mut values: [&[u8]; AHEAD] = [&[]; AHEAD];
                for (value, split) in values.iter_mut().zip(batch) {
                    if column < split.fields.min(STACK_FIELDS) {
                        let from = if column == 0 { 0 } else { split.ends[column - 1] + 1 };
                        *value = &input[split.start..][from..split.ends[column]];
                    }
                }
                on.ahead(&values[..k]);
            }
            // The batch's lines checked as UTF-8 in one call: line by line, the check's set-up
            // for each short line cost about as much as the check (2 % of reading a file).
            let from = batch.first().map_or(0, |b| b.start);
            let span = batch.last().map_or(&input[..0], |b| &input[from..b.start + b.len]);
            let batch_text = std::str::from_utf8(span).ok();
            for split in batch {
                let body = &input[split.start..split.start + split.len];
                // In valid UTF-8 a line's start and end (before a line break) are character
                // boundaries: `get` only stands in for a panic that cannot happen.
                let text = match batch_text {
                    Some(t) => t.get(split.start - from..split.start - from + split.len).ok_or(body),
                    None => std::str::from_utf8(body).map_err(|_| body),
                };
                let ends: &[usize] = if split.fields > STACK_FIELDS { &overflow } else { &split.ends[..split.fields] };
                if !deliver_split(text, ends, split.line, &mut fields, &mut self.lossy, &mut self.lossy_ends, on) {
                    self.lossy_records += 1;
                }
            }
            if stop {
                self.splits = splits;
                return &input[pos..];
            }
        }
    }

    /// Splits the line at the start of `input`: its length without the line break, where the
    /// next line starts and how many delimiters it holds, its field ends in `ends` (in
    /// `overflow` too past [`STACK_FIELDS`]; at most one past the field limit is kept, the rest
    /// only counted). `None` when the input holds no whole line, or the line needs csv-core.
    fn split_line(
        &self,
        input: &[u8],
        ends: &mut [usize; STACK_FIELDS],
        overflow: &mut Vec<usize>,
    ) -> Option<(usize, usize, usize)> {
        let mut n = 0usize;
        let mut delimiters = 0usize;
        let mut i = 0;
        let (len, next) = 'line: loop {
            // Positions of the special bytes among the next eight (or the last few, one by one).
            let (mut hits, width) = match input.get(i..i + 8) {
                Some(word) => {
                    let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
                    (self.special.iter().fold(0, |m, &s| m | zero_bytes(word ^ s)), 8)
                }
                None => match input.get(i) {
                    Some(&b) if self.classes[usize::from(b)] != PLAIN => (0x80, 1),
                    Some(_) => (0, 1),
                    None => return None, // no whole line left
                },
            };
            while hits != 0 {
                let j = i + (hits.trailing_zeros() / 8) as usize;
                hits &= hits - 1;
                match self.classes[usize::from(input[j])] {
                    DELIMITER => {
                        delimiters += 1;
                        push_end(ends, overflow, &mut n, j);
                    }
                    LINE_FEED => break 'line (j, j + 1),
                    CARRIAGE_RETURN if input.get(j + 1) == Some(&b'\n') => break 'line (j, j + 2),
                    _ => return None, // a quote, or a lone \r: csv-core's
                }
            }
            i += width;
        };
        if len > 0 {
            push_end(ends, overflow, &mut n, len);
        }
        Some((len, next, delimiters))
    }

    fn emit(&mut self, end_line: u64, on: &mut dyn OnRecords) {
        let bytes = &self.out[..self.out_len];
        // Newlines inside quoted fields: the record started that many lines before it ended.
        let embedded: usize = bytes.iter().map(|&b| usize::from(b == b'\n')).sum();
        let line = end_line.saturating_sub(embedded as u64).max(1);
        let ends = &self.ends[..self.ends_len];
        // The record can be valid UTF-8 as a whole while a field is not: a field ending in the
        // first byte of a character whose rest starts the next field. Such a record goes the
        // lossy way, field by field.
        let text = std::str::from_utf8(bytes).ok().filter(|t| ends.iter().all(|&e| t.is_char_boundary(e)));
        match text {
            Some(text) if ends.len() <= STACK_FIELDS => {
                // The common case without allocating: field slices in an array on the stack.
                let mut fields = [""; STACK_FIELDS];
                let mut start = 0;
                for (slot, &end) in fields.iter_mut().zip(ends) {
                    *slot = &text[start..end];
                    start = end;
                }
                on.record(&fields[..ends.len()], line);
            }
            Some(text) => {
                let mut fields: Vec<&str> = Vec::with_capacity(ends.len());
                let mut start = 0;
                for &end in ends {
                    fields.push(&text[start..end]);
                    start = end;
                }
                on.record(&fields, line);
            }
            None => {
                // Bytes that are not UTF-8 (a caller-id field, say): keep the row, with U+FFFD.
                if std::str::from_utf8(bytes).is_err() {
                    self.lossy_records += 1;
                }
                self.lossy.clear();
                self.lossy_ends.clear();
                let mut start = 0;
                for &end in ends {
                    self.lossy.push_str(&String::from_utf8_lossy(&bytes[start..end]));
                    self.lossy_ends.push(self.lossy.len());
                    start = end;
                }
                let mut start = 0;
                let mut lossy_fields = Vec::with_capacity(ends.len());
                for &end in &self.lossy_ends {
                    lossy_fields.push(&self.lossy[start..end]);
                    start = end;
                }
                on.record(&lossy_fields, line);
            }
        }
        self.out_len = 0;
        self.ends_len = 0;
    }
}

/// Byte classes of the fast path's scan ([`byte_classes`]).
const PLAIN: u8 = 0;
const DELIMITER: u8 = 1;
const LINE_FEED: u8 = 2;
const CARRIAGE_RETURN: u8 = 3;
const QUOTE: u8 = 4;

/// The class of every byte for a dialect: line breaks and the quote (when quoting) take precedence
/// over a delimiter that is one of them, as they did when each was searched for first.
fn byte_classes(delimiter: u8, quoting: bool) -> [u8; 256] {
    let mut classes = [PLAIN; 256];
    classes[usize::from(delimiter)] = DELIMITER;
    classes[usize::from(b'\n')] = LINE_FEED;
    classes[usize::from(b'\r')] = CARRIAGE_RETURN;
    if quoting {
        classes[usize::from(b'"')] = QUOTE;
    }
    classes
}

/// The delimiter, `\n`, `\r` and (when quoting) `"`, each repeated in the eight bytes of a word,
/// to find them eight bytes at a time ([`zero_bytes`] of the word XOR each).
fn special_words(delimiter: u8, quoting: bool) -> [u64; 4] {
    let splat = |b: u8| u64::from_le_bytes([b; 8]);
    let quote = if quoting { b'"' } else { b'\n' };
    [splat(delimiter), splat(b'\n'), splat(b'\r'), splat(quote)]
}

/// The high bit of every byte of `x` that is zero, and no other bit (exact, unlike the
/// shorter form that can flag a byte above a zero one).
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// Notes a field end: on the stack for the first [`STACK_FIELDS`], then in `overflow`; past
/// [`MAX_RECORD_FIELDS`] + 1 ends only counted (such a record is a problem, not fields).
fn push_end(ends: &mut [usize; STACK_FIELDS], overflow: &mut Vec<usize>, n: &mut usize, end: usize) {
    if *n > MAX_RECORD_FIELDS {
        return;
    }
    if *n < STACK_FIELDS {
        ends[*n] = end;
    } else {
        if overflow.is_empty() {
            overflow.extend_from_slice(ends);
        }
        overflow.push(end);
    }
    *n += 1;
}

/// Hands over a line whose fields end at the delimiter positions `ends` (the last at the line's
/// end), as field slices of the line itself (in `fields`, when they fit): `text` is the line as
/// text, or its bytes when they are not valid UTF-8 (then read lossily, and false returned).
fn deliver_split<'i>(
    text: Result<&'i str, &'i [u8]>,
    ends: &[usize],
    line: u64,
    fields: &mut [&'i str; STACK_FIELDS],
    lossy: &mut String,
    lossy_ends: &mut Vec<usize>,
    on: &mut dyn OnRecords,
) -> bool {
    // The delimiter is ASCII, so in valid UTF-8 every field boundary is a character boundary.
    let body = match text {
        Ok(text) => {
            let mut start = 0;
            if ends.len() <= STACK_FIELDS {
                for (slot, &end) in fields.iter_mut().zip(ends) {
                    *slot = &text[start..end];
                    start = end + 1;
                }
                on.record(&fields[..ends.len()], line);
            } else {
                let fields: Vec<&str> = ends
                    .iter()
                    .map(|&end| {
                        let f = &text[start..end];
                        start = end + 1;
                        f
                    })
                    .collect();
                on.record(&fields, line);
            }
            return true;
        }
        Err(body) => body,
    };
    lossy.clear();
    lossy_ends.clear();
    let mut start = 0;
    for &end in ends {
        lossy.push_str(&String::from_utf8_lossy(&body[start..end]));
        lossy_ends.push(lossy.len());
        start = end + 1;
    }
    let mut start = 0;
    let fields: Vec<&str> = lossy_ends
        .iter()
        .map(|&end| {
            let f = &lossy[start..end];
            start = end;
            f
        })
        .collect();
    on.record(&fields, line);
    false
}

fn consumed_last_byte(input: &[u8], nin: usize) -> Option<u8> {
    input.get(nin.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(chunks: &[&[u8]]) -> Vec<(Vec<String>, u64)> {
        let mut r = RecordReader::new(b',');
        let mut got = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            r.feed(c, i + 1 == chunks.len(), &mut |f: &[&str], line: u64| {
                got.push((f.iter().map(|s| s.to_string()).collect(), line))
            });
        }
        got
    }

    #[test]
    fn records_split_anywhere_read_the_same() {
        let data = b"a,b\n\"x,\ny\",2\nlast,3";
        let whole = read_all(&[data]);
        assert_eq!(whole.len(), 3);
        assert_eq!(whole[1].0, vec!["x,\ny".to_string(), "2".to_string()]);
        assert_eq!(whole[2].1, 4, "line numbers count embedded newlines");
        for cut in 0..data.len() {
            assert_eq!(read_all(&[&data[..cut], &data[cut..]]), whole, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = data.chunks(1).collect();
        assert_eq!(read_all(&bytes), whole, "one byte at a time");
        let crlf: &[u8] = b"a,b\r\n1,2\r\n\"x\r\ny\",3\r\nz,4";
        let whole = read_all(&[crlf]);
        assert_eq!(whole.iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 2, 3, 5]);
        for size in 1..crlf.len() {
            let pieces: Vec<&[u8]> = crlf.chunks(size).collect();
            assert_eq!(read_all(&pieces), whole, "CRLF records in chunks of {size}");
        }
    }

    fn read_with_problems(data: &[u8], chunk: usize) -> (Vec<(Vec<String>, u64)>, Vec<Problem>) {
        let read = read_in(RecordReader::new(b','), data, chunk);
        (read.records, read.problems)
    }

    /// What a reader hands over for `data` fed in pieces of `chunk` bytes.
    #[derive(Debug, PartialEq)]
    struct Read {
        records: Vec<(Vec<String>, u64)>,
        problems: Vec<Problem>,
        lossy_records: u64,
    }

    fn read_in(mut r: RecordReader, data: &[u8], chunk: usize) -> Read {
        let (mut records, mut problems) = (Vec::new(), Vec::new());
        let pieces: Vec<&[u8]> = data.chunks(chunk.max(1)).collect();
        for (i, c) in pieces.iter().enumerate() {
            r.feed(c, i + 1 == pieces.len(), &mut |f: &[&str], line: u64| {
                records.push((f.iter().map(|s| s.to_string()).collect(), line))
            });
            problems.extend(r.take_problems());
        }
        Read { records, problems, lossy_records: r.lossy_records }
    }

    /// [`read_in`] with a column announced: checks every announced value against the column of
    /// the record it announced (in order, before the next announcement).
    fn read_announced(mut r: RecordReader, data: &[u8], chunk: usize, column: usize) -> Read {
        struct Check {
            column: usize,
            records: Vec<(Vec<String>, u64)>,
            announced: std::collections::VecDeque<Vec<u8>>,
        }
        impl OnRecords for Check {
            fn record(&mut self, fields: &[&str], line: u64) {
                if let Some(value) = self.announced.pop_front() {
                    let field = fields.get(self.column).copied().unwrap_or("");
                    assert_eq!(String::from_utf8_lossy(&value), field, "announced value of line {line}");
                }
                self.records.push((fields.iter().map(|s| s.to_string()).collect(), line));
            }
            fn ahead(&mut self, values: &[&[u8]]) {
                assert!(self.announced.is_empty(), "announced before the last ones were handed over");
                assert!(values.len() <= AHEAD);
                self.announced.extend(values.iter().map(|v| v.to_vec()));
            }
        }
        let mut check = Check { column, records: Vec::new(), announced: Default::default() };
        let mut problems = Vec::new();
        let pieces: Vec<&[u8]> = data.chunks(chunk.max(1)).collect();
        for (i, c) in pieces.iter().enumerate() {
            r.feed(c, i + 1 == pieces.len(), &mut check);
            problems.extend(r.take_problems());
        }
        assert!(check.announced.is_empty(), "every announced line was handed over");
        Read { records: check.records, problems, lossy_records: r.lossy_records }
    }

    #[test]
    fn an_unclosed_quote_is_a_problem_not_a_field_that_swallows_the_file() {
        let data = b"a,b\n1,\"x\n2,y\n3,z\n";
        for chunk in [1, 3, 7, data.len()] {
            let (got, problems) = read_with_problems(data, chunk);
            assert_eq!(got.len(), 1, "only the header is a record (chunks of {chunk})");
            assert_eq!(problems, vec![Problem::UnclosedQuote { line: 2, lines: 4 }], "chunks of {chunk}");
        }
        // Closed quotes spanning lines stay one field.
        let (got, problems) = read_with_problems(b"a,b\n1,\"x\ny\"\n", 2);
        assert_eq!((got.len(), problems.len()), (2, 0));
    }

    #[test]
    fn records_past_the_limits_are_problems_whatever_the_chunking() {
        let mut data = b"a,b\n1,".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        data.extend_from_slice(b"\n2,y\n");
        for chunk in [4096, 1 << 20, 4 << 20] {
            let (got, problems) = read_with_problems(&data, chunk);
            assert_eq!(got.len(), 2, "header and the row after (chunks of {chunk})");
            assert_eq!(problems, vec![Problem::TooLong { line: 2 }], "chunks of {chunk}");
        }
        let commas = vec![b','; MAX_RECORD_FIELDS + 1];
        let (got, problems) = read_with_problems(&commas, 64);
        assert_eq!((got.len(), problems.len()), (0, 1));
    }

    #[test]
    fn the_fast_path_gives_csv_cores_records_for_any_bytes() {
        // Whole input (complete plain lines take the fast path) against one byte at a time
        // (csv-core sees every record): quotes, lone and paired \r, empty lines, invalid UTF-8.
        // (and 50 delimiters at once: more fields than the stack holds)
        let many = [b','; 50];
        let alphabet: [&[u8]; 13] =
            [b"a", b"12", b",", b",", b"\"", b"\r", b"\n", b"\r\n", "\u{e9}".as_bytes(), b"\xff", b" ", b";", &many];
        let mut seed = 11u64;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        type NewReader = fn(u8) -> RecordReader;
        let readers: [(&str, NewReader); 2] =
            [("quoting", RecordReader::new), ("unquoted", RecordReader::new_unquoted)];
        for case in 0..1_000 {
            let len = next(40);
            let data: Vec<u8> = (0..len).flat_map(|_| alphabet[next(alphabet.len())].iter().copied()).collect();
            for (name, make) in readers {
                let want = read_in(make(b','), &data, 1);
                for chunk in [data.len(), 5, 13] {
                    assert_eq!(
                        read_in(make(b','), &data, chunk),
                        want,
                        "{name} case {case} chunks of {chunk}: {data:?}"
                    );
                    // Lines split ahead with a column announced: the same records, and each
                    // announced value is that column of a record handed over next.
                    for column in [0, 1, 49] {
                        let mut r = make(b',');
                        r.announce_column(Some(column));
                        assert_eq!(read_announced(r, &data, chunk, column), want, "{name} case {case} column {column}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_character_split_between_two_fields_does_not_panic() {
        // "Ò" is C3 92: the first field ends in C3 and the second starts with 92.
        let got = read_all(&[b"\"a\xc3\",\x92b\n"]);
        assert_eq!(got[0].0, vec!["a\u{fffd}".to_string(), "\u{fffd}b".to_string()]);
    }

    #[test]
    fn a_line_that_is_not_utf8_among_valid_ones_is_read_lossily_alone() {
        // Lines split ahead are checked as UTF-8 together; one bad line sends only itself the
        // lossy way, in any batch.
        let mut data = b"id,name\n".to_vec();
        for i in 0..40 {
            data.extend(format!("{i},caf\u{e9}\n").as_bytes());
            if i == 20 {
                data.extend(b"x,\xff\n");
            }
        }
        let want = read_in(RecordReader::new(b','), &data, 1);
        assert_eq!(want.lossy_records, 1);
        assert_eq!(want.records[22].0, vec!["x".to_string(), "\u{fffd}".to_string()]);
        assert_eq!(want.records[23].0, vec!["21".to_string(), "caf\u{e9}".to_string()]);
        for chunk in [data.len(), 64, 7] {
            let mut r = RecordReader::new(b',');
            r.announce_column(Some(0));
            assert_eq!(read_announced(r, &data, chunk, 0), want, "chunks of {chunk}");
            assert_eq!(read_in(RecordReader::new(b','), &data, chunk), want, "chunks of {chunk}");
        }
    }

    #[test]
    fn invalid_utf8_is_kept_with_replacement_characters() {
        let got = read_all(&[b"id,caller\n1,\xff\xfe42\n"]);
        assert_eq!(got[1].0[1], "\u{fffd}\u{fffd}42");
    }
}
