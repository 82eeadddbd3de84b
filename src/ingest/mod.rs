//! Reading files: detection (kind, encoding, delimiter, header, profile) and the streaming path
//! from bytes to [`Call`]s.
//!
//! A file goes through three stages. *Sniffing* buffers the first 64 KiB and decides everything
//! that must be known before the first row: workbook or text, encoding, delimiter, header row and
//! profile, each with a reason the user can read. The decisions look at exactly those first
//! 64 KiB (or the whole file when it is shorter), never at more because a chunk happened to be
//! bigger, so a file is read the same way whatever the chunking (the CLI reads 1 MiB at a time,
//! the page 4 MiB). *Streaming* decodes each chunk to UTF-8 (the
//! decoder keeps a character cut by a chunk boundary for the next chunk), splits records (csv-core
//! keeps a cut record), and maps each record to a call or a skip or a reject. Workbooks cannot be
//! read as a stream (a zip's directory is at its end), so they are buffered and read at the end.

pub(crate) mod encoding;
mod excel;
pub(crate) mod fields;
mod options;
mod profile;
mod records;
mod sniff;
mod summary;
pub(crate) mod values;

use crate::model::text::trim;
use encoding_rs::{Decoder, UTF_8};

use crate::error::{Error, ErrorKind, Message, Result};
use crate::model::call::{Call, OutboundCall, Outcome, MAX_KEY_BYTES};
use crate::model::chat::ChatRecord;
use crate::model::pbx::PbxRecord;
use crate::model::people::PeopleRecord;
pub use options::ReadOptions;
pub(crate) use options::DELIMITERS;
pub(crate) use profile::Profile;
use profile::{Mapper, Row};
use records::{OnRecords, Problem, RecordReader, AHEAD, MAX_RECORD_BYTES, MAX_RECORD_FIELDS};
use sniff::{decode_sample, detect_delimiter, looks_binary, Sniffer};
pub use summary::{FileSummary, Reject, MAX_REJECTS_KEPT};

/// How many bytes are looked at before deciding how to read a file.
const SNIFF_BYTES: usize = 64 * 1024;

/// The header row is searched for in this many first records (text) or rows with content
/// (workbooks); rows above it are counted as `ABOVE_HEADER`.
const HEADER_SEARCH_ROWS: usize = 20;

/// What a file hands to the analyzer.
pub(crate) enum Item<'c, 'a> {
    /// A call record, borrowed from the row.
    Call(&'c Call<'a>),
    /// A phone-system event, CDR leg or agent state.
    Pbx(PbxRecord),
    /// A QA, survey, roster, attendance or rating row.
    People(PeopleRecord),
    /// A chat message or an order, borrowed from the row.
    Chat(&'c ChatRecord<'a>),
    /// An outbound call, borrowed from the row.
    Outbound(&'c OutboundCall<'a>),
}

/// What adding a call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Added {
    /// A call not read before.
    New,
    /// A call not read before whose id another call (another arrival) already had: the source
    /// reuses ids.
    NewWithReusedId,
    /// The same call read again: not counted.
    Duplicate,
    /// A row of another day than the `day` setting's: skipped (rule OTHER_DAY).
    OtherDay,
    /// Outside the settings' filter: skipped by this rule.
    Filtered(&'static str),
}

/// Receives the calls and records of a file and says what became of each.
pub(crate) trait Sink {
    /// Adds one call or record, and says what became of it.
    fn add(&mut self, item: Item<'_, '_>) -> Added;

    /// Whether [`Sink::upcoming`] is of use (else the readers do not work the ids out).
    fn wants_upcoming(&self) -> bool;

    /// The call ids (hashed as [`Item::Call`]'s) of the next few rows, before they are added: a
    /// hint, so the look-ups they will need can be started together (one cache miss for many rows
    /// instead of one per row). Nothing is added; any answer may be wrong without harm.
    fn upcoming(&mut self, ids: &[u64]);
}

pub(crate) type CallSink<'s> = dyn Sink + 's;

struct TextStream {
    /// None for UTF-8 input, which goes to the CSV reader as it is.
    decoder: Option<Decoder>,
    decoded: String,
    records: RecordReader,
    mapper: Mapper,
    /// Records up to and including the header are not rows.
    records_before_data: u64,
    records_seen: u64,
    strip_utf8_bom: bool,
    /// The header's width, for files with a header row (see [`map_record`]).
    width: Option<usize>,
    /// Rows whose bytes were not valid in the file's encoding (decoded with replacements).
    replaced_rows: u64,
}

enum Stage {
    Sniffing(Vec<u8>),
    Text(Box<TextStream>),
    Workbook(Vec<u8>),
    Done,
}

/// The accounting and reader state of a byte range read by a [`FileIngest::range_reader`]: what
/// [`FileIngest::absorb`] adds to the file's reader.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct RangeFile {
    /// The range's own rows (its reject lines counted from the range's first line).
    pub summary: FileSummary,
    /// Line breaks in the range.
    pub lines: u64,
    /// Records read with replaced bytes.
    pub lossy_records: u64,
    /// Whether it read zoned timestamps.
    pub zoned: bool,
}

impl RangeFile {
    /// The binary form (only the counts [`FileSummary::absorb`] adds).
    pub(crate) fn put_wire(&self, w: &mut crate::model::wire::Writer) {
        self.summary.put_range_wire(w);
        w.var(self.lines);
        w.var(self.lossy_records);
        w.u8(u8::from(self.zoned));
    }

    /// Read back from [`RangeFile::put_wire`].
    pub(crate) fn get_wire(r: &mut crate::model::wire::Reader<'_>) -> crate::model::wire::WireResult<RangeFile> {
        use crate::model::wire::Wire;
        Ok(RangeFile {
            summary: FileSummary::get_range_wire(r)?,
            lines: r.var()?,
            lossy_records: r.var()?,
            zoned: bool::get(r)?,
        })
    }
}

/// One file being read.
pub(crate) struct FileIngest {
    /// The file's accounting and import review so far.
    pub summary: FileSummary,
    stage: Stage,
    opts: ReadOptions,
    /// An epoch timestamp or a time with a UTC offset was converted to local time.
    zoned: bool,
}

impl FileIngest {
    /// Starts reading a file of this name with these options.
    pub(crate) fn new(name: &str, opts: &ReadOptions) -> FileIngest {
        FileIngest {
            summary: FileSummary { file: name.to_string(), ..Default::default() },
            stage: Stage::Sniffing(Vec::new()),
            opts: opts.clone(),
            zoned: false,
        }
    }

    /// For event logs and CDRs, says in the summary how rows become calls.
    pub(crate) fn note_pbx_rows(&mut self) {
        self.summary.note = match self.summary.profile {
            Some("queue_log") => Some(Message::FileNoteQueueLog),
            Some("asterisk_cdr") | Some("freeswitch_cdr") => Some(Message::FileNoteCdr),
            Some("agent_state") => Some(Message::FileNoteAgentState),
            Some("chat") => Some(Message::FileNoteChat),
            Some("orders") => Some(Message::FileNoteOrders),
            _ if self.summary.outbound > 0 => Some(Message::FileNoteOutbound),
            _ => return,
        };
    }

    /// Whether the file had timestamps that are instants (epoch, or with a UTC offset), which
    /// were shown in the zone of the settings.
    pub(crate) fn read_zoned_times(&self) -> bool {
        self.zoned
    }

    /// A reader for a later byte range of this file, which must start at a record boundary: for
    /// a UTF-8 text file whose profile reads each row on its own (call records, phone-system
    /// logs); `None` for other files (or before the file's first 64 KiB were read), which one
    /// reader reads. Its rows are numbered from 1 and its summary holds only its own rows:
    /// [`FileIngest::absorb`] adds them to this file's in order.
    pub(crate) fn range_reader(&self) -> Option<FileIngest> {
        let Stage::Text(stream) = &self.stage else { return None };
        if stream.decoder.is_some() || self.summary.error.is_some() {
            return None;
        }
        let mapper = stream.mapper.for_range()?;
        let stream = TextStream {
            decoder: None,
            decoded: String::new(),
            records: stream.records.fresh_like(),
            mapper,
            records_before_data: 0,
            records_seen: 0,
            strip_utf8_bom: false,
            width: stream.width,
            replaced_rows: 0,
        };
        Some(FileIngest {
            summary: FileSummary { file: self.summary.file.clone(), ..Default::default() },
            stage: Stage::Text(Box::new(stream)),
            opts: self.opts.clone(),
            zoned: false,
        })
    }

    /// Reads a range's last bytes: the record the file ends with, terminated or not.
    pub(crate) fn push_last(&mut self, chunk: &[u8], sink: &mut CallSink<'_>) {
        values::take_zoned();
        self.summary.bytes += chunk.len() as u64;
        if let Stage::Text(stream) = &mut self.stage {
            feed_text(stream, chunk, true, &mut self.summary, sink);
        }
        self.zoned |= values::take_zoned();
    }

    /// Whether everything pushed ends at a record boundary (a text file between two records).
    pub(crate) fn at_record_boundary(&self) -> bool {
        match &self.stage {
            Stage::Text(stream) => stream.records.at_record_boundary(),
            _ => false,
        }
    }

    /// Line breaks read so far.
    pub(crate) fn lines_read(&self) -> u64 {
        match &self.stage {
            Stage::Text(stream) => stream.records.lines_read(),
            _ => 0,
        }
    }

    /// What a range reader read, for [`FileIngest::absorb`] (here or in another worker).
    pub(crate) fn into_range(self) -> RangeFile {
        let lines = self.lines_read();
        let lossy_records = match &self.stage {
            Stage::Text(stream) => stream.records.lossy_records,
            _ => 0,
        };
        RangeFile { summary: self.summary, lines, lossy_records, zoned: self.zoned }
    }

    /// Adds a range read by [`FileIngest::range_reader`] right after what this reader read
    /// (line numbers of its rejects follow this file's, and this reader goes on after it).
    pub(crate) fn absorb(&mut self, range: RangeFile) {
        let lines_before = self.lines_read();
        if let Stage::Text(mine) = &mut self.stage {
            mine.records.skip_lines(range.lines);
            mine.records.lossy_records += range.lossy_records;
        }
        self.zoned |= range.zoned;
        self.summary.absorb(range.summary, lines_before);
    }

    /// Takes the next chunk of the file.
    pub(crate) fn push(&mut self, chunk: &[u8], sink: &mut CallSink<'_>) -> Result<()> {
        values::take_zoned();
        let result = self.push_inner(chunk, sink);
        self.zoned |= values::take_zoned();
        result
    }

    fn push_inner(&mut self, chunk: &[u8], sink: &mut CallSink<'_>) -> Result<()> {
        self.summary.bytes += chunk.len() as u64;
        match &mut self.stage {
            Stage::Sniffing(buf) => {
                buf.extend_from_slice(chunk);
                if buf.len() >= SNIFF_BYTES {
                    if let Err(e) = self.start(false, sink) {
                        // The decision was made on the first SNIFF_BYTES: that is what was read,
                        // however large the chunk that brought them.
                        self.summary.bytes = SNIFF_BYTES as u64;
                        return Err(e);
                    }
                }
            }
            Stage::Text(stream) => feed_text(stream, chunk, false, &mut self.summary, sink),
            Stage::Workbook(buf) => buf.extend_from_slice(chunk),
            Stage::Done => {}
        }
        Ok(())
    }

    /// Decides how to read the file from what has arrived so far, if that is still undecided (at
    /// least one whole line is needed): for a file that is still growing, like a log a wallboard
    /// follows, whose first bytes may never reach the 64 KiB detection buffer. Rows already in it
    /// are read; a line cut at the end waits for the next chunk, as always.
    pub(crate) fn flush(&mut self, sink: &mut CallSink<'_>) -> Result<()> {
        if let Stage::Sniffing(buf) = &self.stage {
            if !excel::is_workbook(buf) && memchr::memchr(b'\n', buf).is_some() {
                self.start(false, sink)?;
            }
        }
        Ok(())
    }

    /// The file has ended: reads what is left.
    pub(crate) fn finish(&mut self, sink: &mut CallSink<'_>) -> Result<()> {
        values::take_zoned();
        let result = self.finish_inner(sink);
        self.zoned |= values::take_zoned();
        result
    }

    fn finish_inner(&mut self, sink: &mut CallSink<'_>) -> Result<()> {
        if let Stage::Sniffing(_) = self.stage {
            self.start(true, sink)?;
        }
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Text(mut stream) => {
                feed_text(&mut stream, &[], true, &mut self.summary, sink);
                let encoding = self.summary.encoding.unwrap_or("UTF-8");
                let rows = stream.replaced_rows + stream.records.lossy_records;
                if rows > 0 && self.summary.encoding_reason != Some(Message::EncodingNoneClean) {
                    self.summary.warnings.push(Message::InvalidBytesInRows { rows, encoding });
                }
            }
            Stage::Workbook(bytes) => self.read_workbook(&bytes, sink)?,
            Stage::Sniffing(_) | Stage::Done => {}
        }
        Ok(())
    }

    /// Reads a buffered workbook row by row. The header is searched in the first
    /// [`HEADER_SEARCH_ROWS`] rows with content, as in a text file, and the rows above it are
    /// counted (skipped as `ABOVE_HEADER`), so every row is accounted for.
    fn read_workbook(&mut self, bytes: &[u8], sink: &mut CallSink<'_>) -> Result<()> {
        self.summary.encoding = Some("workbook");
        let mut mapper: Option<Mapper> = None;
        let mut above: Vec<Vec<String>> = Vec::new();
        let mut failed: Option<Error> = None;
        let sheet = self.opts.sheet.clone();
        let ignored = excel::read_rows(bytes, sheet.as_deref(), &mut |line, fields| {
            if fields.iter().all(|f| f.trim().is_empty()) {
                return Ok(()); // a blank row is not a row
            }
            match &mapper {
                Some(m) => map_record(m, fields, line, None, &mut self.summary, sink),
                None if above.len() < HEADER_SEARCH_ROWS => {
                    if let Some(m) = self.sniffer().detect_header_row(fields)? {
                        self.summary.header_line = Some(line);
                        for _ in &above {
                            self.summary.rows_read += 1;
                            self.summary.skip("ABOVE_HEADER");
                        }
                        mapper = Some(m);
                    } else {
                        above.push(fields.iter().map(|f| f.to_string()).collect());
                    }
                }
                None => {
                    // No header in the first rows: stop reading, and say what the rows were.
                    if failed.is_none() {
                        failed = Some(self.sniffer().no_header_error(&above));
                    }
                }
            }
            Ok(())
        })
        .map_err(|e| e.in_file(&self.summary.file))?;
        if let Some(e) = failed {
            return Err(e);
        }
        if mapper.is_none() {
            return Err(self.sniffer().no_header_error(&above));
        }
        if ignored > 0 {
            self.summary.warnings.push(Message::WorkbookColumnsIgnored { cells: ignored, limit: excel::MAX_COLUMNS });
        }
        Ok(())
    }

    fn sniffer(&mut self) -> Sniffer<'_> {
        Sniffer { opts: &self.opts, summary: &mut self.summary }
    }

    /// Decides how to read the file from its first [`SNIFF_BYTES`] (the whole file when shorter:
    /// `at_end`), then streams everything buffered so far.
    fn start(&mut self, at_end: bool, sink: &mut CallSink<'_>) -> Result<()> {
        let Stage::Sniffing(buf) = std::mem::replace(&mut self.stage, Stage::Done) else {
            return Ok(());
        };
        if excel::is_workbook(&buf) {
            self.summary.kind = "workbook";
            self.summary.profile_reason = Some(Message::Workbook);
            self.stage = Stage::Workbook(buf);
            return Ok(());
        }
        self.summary.kind = "text";
        if buf.is_empty() {
            return Err(Error::new(ErrorKind::Malformed, Message::FileEmpty).in_file(&self.summary.file));
        }
        // Exactly the first SNIFF_BYTES, however much the first chunks held.
        let prefix = &buf[..buf.len().min(SNIFF_BYTES)];
        if self.opts.encoding.is_none() && encoding::is_utf32(prefix) {
            return Err(Error::new(ErrorKind::UnsupportedFormat, Message::Utf32).in_file(&self.summary.file));
        }
        let (encoding, reason) = match &self.opts.encoding {
            Some(label) => (encoding::by_label(label)?, Message::SetByUser),
            None => {
                let d = encoding::detect(prefix, at_end);
                (d.encoding, d.reason)
            }
        };
        self.summary.encoding = Some(encoding::display_name(encoding));
        if reason == Message::EncodingNoneClean {
            self.summary.warnings.push(Message::NotValidInAnyEncoding);
        }
        self.summary.encoding_reason = Some(reason);
        if looks_binary(prefix, encoding) {
            return Err(
                Error::new(ErrorKind::UnsupportedFormat, Message::NotTextOrWorkbook).in_file(&self.summary.file)
            );
        }

        let sample = decode_sample(encoding, prefix, at_end);
        let delimiter = match self.opts.delimiter {
            Some(d) => d as u8,
            None => detect_delimiter(&sample),
        };
        self.summary.delimiter = Some(match delimiter {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        });

        // Parse the sample's first records to find the header row and the profile.
        let mut first: Vec<(Vec<String>, u64)> = Vec::new();
        let mut reader = RecordReader::new(delimiter);
        let sample_bytes = sample.trim_start_matches('\u{feff}').as_bytes();
        reader.feed(sample_bytes, at_end, &mut |f: &[&str], line: u64| {
            if first.len() < 30 {
                first.push((f.iter().map(|s| s.to_string()).collect(), line));
            }
        });
        let (mapper, records_before_data, records, width) =
            match self.sniffer().detect_headerless(&sample, &first, delimiter)? {
                Some((mapper, records)) => (mapper, 0, records, None),
                None => {
                    if first.is_empty() && !at_end {
                        let m = Message::NoLineBreak { kib: SNIFF_BYTES / 1024 };
                        return Err(Error::new(ErrorKind::UnsupportedFormat, m).in_file(&self.summary.file));
                    }
                    let mut found = None;
                    for (i, (rec, _)) in first.iter().enumerate().take(HEADER_SEARCH_ROWS) {
                        let fields: Vec<&str> = rec.iter().map(String::as_str).collect();
                        if let Some(m) = self.sniffer().detect_header_row_with_sample(&fields, &first[i + 1..])? {
                            found = Some((i, m));
                            break;
                        }
                    }
                    let Some((header_index, mapper)) = found else {
                        let rows: Vec<Vec<String>> = first.iter().take(10).map(|(r, _)| r.clone()).collect();
                        return Err(self.sniffer().no_header_error(&rows));
                    };
                    let header_line = first[header_index].1;
                    self.summary.header_line = Some(header_line);
                    for _ in 0..header_index {
                        self.summary.skip("ABOVE_HEADER");
                        self.summary.rows_read += 1;
                    }
                    // Trailing empty header cells ("a,b,c,") are no columns a row must fill.
                    let header = &first[header_index].0;
                    let width = header.iter().rposition(|h| !h.trim().is_empty()).map_or(header.len(), |i| i + 1);
                    (mapper, header_index as u64 + 1, RecordReader::new(delimiter), Some(width))
                }
            };

        let decoder = (encoding != UTF_8).then(|| encoding.new_decoder_with_bom_removal());
        let mut stream = Box::new(TextStream {
            decoder,
            decoded: String::new(),
            records,
            mapper,
            records_before_data,
            records_seen: 0,
            strip_utf8_bom: encoding == UTF_8,
            width,
            replaced_rows: 0,
        });
        // Never as the last chunk here: finish() ends the stream exactly once.
        feed_text(&mut stream, &buf, false, &mut self.summary, sink);
        self.stage = Stage::Text(stream);
        Ok(())
    }
}

/// Where a text file's records go: each row mapped and added, the call ids of the rows split
/// ahead passed on as a hint ([`Sink::upcoming`]).
struct Rows<'x, 's> {
    mapper: &'x Mapper,
    records_seen: &'x mut u64,
    /// Records up to and including the header are not rows.
    records_before_data: u64,
    replaced: &'x std::cell::Cell<bool>,
    replaced_rows: &'x mut u64,
    width: Option<usize>,
    summary: &'x mut FileSummary,
    sink: &'x mut CallSink<'s>,
}

impl OnRecords for Rows<'_, '_> {
    fn record(&mut self, fields: &[&str], line: u64) {
        *self.records_seen += 1;
        if *self.records_seen <= self.records_before_data {
            return;
        }
        if self.replaced.get() && fields.iter().any(|f| f.contains('\u{fffd}')) {
            *self.replaced_rows += 1;
        }
        map_record(self.mapper, fields, line, self.width, self.summary, self.sink);
    }

    fn ahead(&mut self, values: &[&[u8]]) {
        let mut ids = [0u64; AHEAD];
        let mut n = 0;
        for id in values.iter().filter_map(|v| self.mapper.call_id_of(v)).take(AHEAD) {
            ids[n] = id;
            n += 1;
        }
        self.sink.upcoming(&ids[..n]);
    }
}

fn feed_text(stream: &mut TextStream, chunk: &[u8], last: bool, summary: &mut FileSummary, sink: &mut CallSink<'_>) {
    let TextStream {
        decoder,
        decoded,
        records,
        mapper,
        records_before_data,
        records_seen,
        strip_utf8_bom,
        width,
        replaced_rows,
    } = stream;
    let width = *width;
    // Set while the decoded text holds replacement characters, so only then are rows scanned.
    let replaced = std::cell::Cell::new(false);
    records.announce_column(mapper.call_id_column().filter(|_| sink.wants_upcoming()));
    let mut on_record = Rows {
        mapper,
        records_seen,
        records_before_data: *records_before_data,
        replaced: &replaced,
        replaced_rows,
        width,
        summary,
        sink,
    };
    match decoder {
        None => {
            let mut bytes = chunk;
            if *strip_utf8_bom {
                // Only the very first bytes can be a BOM, and the first bytes fed are the whole
                // sniffed prefix, so a BOM is never cut here.
                if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                    bytes = rest;
                }
                *strip_utf8_bom = false;
            }
            records.feed(bytes, last, &mut on_record);
        }
        Some(decoder) => {
            let mut input = chunk;
            loop {
                decoded.clear();
                let needed = decoder.max_utf8_buffer_length(input.len()).unwrap_or(input.len() * 3 + 16);
                decoded.reserve(needed.clamp(64, 1 << 20));
                let (result, read, had_replacements) = decoder.decode_to_string(input, decoded, last);
                input = &input[read..];
                let done = result == encoding_rs::CoderResult::InputEmpty;
                replaced.set(had_replacements);
                records.feed(decoded.as_bytes(), last && done, &mut on_record);
                if done {
                    break;
                }
            }
        }
    }
    // Records the reader could not hand over are rows too: rejected with the cause.
    for problem in records.take_problems() {
        summary.rows_read += 1;
        match problem {
            Problem::TooLong { line } => {
                let m = Message::RowTooLong { limit: MAX_RECORD_BYTES, fields: MAX_RECORD_FIELDS };
                summary.reject(line, None, m);
            }
            Problem::UnclosedQuote { line, lines } => summary.reject(line, None, Message::UnclosedQuote { lines }),
        }
    }
}

/// The reject of a row whose duration (0 … 7 days) or name/id (the key limit) is out of the ranges
/// every reader shares, with the field it is about: a derived wait or an absurd agent field is a
/// reject, not a sum.
fn out_of_range(
    duration: Option<(&'static str, i64)>,
    key: Option<(&'static str, usize)>,
) -> Option<(&'static str, Message)> {
    if let Some((field, ms)) = duration {
        return Some((field, Message::DurationTooLong { value: format!("{} s", ms / 1000) }));
    }
    key.map(|(field, bytes)| (field, Message::ValueTooLong { bytes, limit: MAX_KEY_BYTES }))
}

/// Maps one record. `width` is the header's width for text files with a header: a row narrower
/// than it lost fields (a cut line, a broken export), and one wider with something in the extra
/// fields has an unquoted delimiter in a value. Both are rejects with the cause, never calls read
/// from shifted or missing columns (2 fields under a 14-column header once made 300 "abandoned"
/// calls). Trailing empty fields are harmless.
fn map_record(
    mapper: &Mapper,
    fields: &[&str],
    line: u64,
    width: Option<usize>,
    summary: &mut FileSummary,
    sink: &mut CallSink<'_>,
) {
    if fields.iter().all(|f| trim(f).is_empty()) {
        return; // a blank line is not a row
    }
    summary.rows_read += 1;
    if let Some(header) = width {
        if fields.len() < header {
            return summary.reject(line, None, Message::RowNarrowerThanHeader { fields: fields.len(), header });
        }
        if fields[header..].iter().any(|f| !trim(f).is_empty()) {
            return summary.reject(line, None, Message::RowWiderThanHeader { fields: fields.len(), header });
        }
    }
    let added = match mapper.map_row(fields) {
        Row::Use(call) => {
            if let Some((field, m)) = out_of_range(call.duration_out_of_range(), call.oversized_key()) {
                return summary.reject(line, Some(field.to_string()), m);
            }
            let added = sink.add(Item::Call(&call));
            // IVR-only calls are counted in the ivr_only KPI but are not offered: skipped by a rule.
            if call.outcome == Outcome::Ivr && matches!(added, Added::New | Added::NewWithReusedId) {
                summary.skip("IVR_ONLY");
                if added == Added::NewWithReusedId && !summary.warnings.contains(&Message::CallIdsReused) {
                    summary.warnings.push(Message::CallIdsReused);
                }
                return;
            }
            added
        }
        Row::Pbx(rec) => sink.add(Item::Pbx(*rec)),
        Row::People(rec) => sink.add(Item::People(*rec)),
        Row::Chat(rec) => {
            if let Some((field, m)) = out_of_range(None, rec.oversized_key()) {
                return summary.reject(line, Some(field.to_string()), m);
            }
            sink.add(Item::Chat(&rec))
        }
        Row::Outbound(call) => {
            if let Some((field, m)) = out_of_range(call.duration_out_of_range(), call.oversized_key()) {
                return summary.reject(line, Some(field.to_string()), m);
            }
            let added = sink.add(Item::Outbound(&call));
            summary.outbound += u64::from(added == Added::New);
            added
        }
        Row::Skip(rule) => return summary.skip(rule),
        Row::Reject(column, reason) => return summary.reject(line, Some(column), reason),
        Row::Unknown(name) => {
            summary.skip("UNKNOWN_EVENT");
            *summary.unknown_events.entry(name).or_default() += 1;
            return;
        }
    };
    match added {
        Added::OtherDay => summary.skip("OTHER_DAY"),
        Added::Duplicate => {
            summary.duplicates += 1;
            summary.skip("DUPLICATE");
        }
        Added::NewWithReusedId => {
            summary.rows_used += 1;
            if !summary.warnings.contains(&Message::CallIdsReused) {
                summary.warnings.push(Message::CallIdsReused);
            }
        }
        Added::New => summary.rows_used += 1,
        Added::Filtered(rule) => summary.skip(rule),
    }
}
