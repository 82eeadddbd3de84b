//! Reading files: detection (kind, encoding, delimiter, header, profile) and the streaming path
//! from bytes to [`Call`]s.
//!
//! A file goes through three stages. *Sniffing* buffers the first 64 KiB and decides everything
//! that must be known before the first row: workbook or text, encoding, delimiter, header row and
//! profile, each with a reason the user can read. *Streaming* decodes each chunk to UTF-8 (the
//! decoder keeps a character cut by a chunk boundary for the next chunk), splits records (csv-core
//! keeps a cut record), and maps each record to a call or a skip or a reject. Workbooks cannot be
//! read as a stream (a zip's directory is at its end), so they are buffered and read at the end.

pub mod agent_state;
pub mod bank;
pub mod cdr;
pub mod encoding;
mod excel;
pub mod fields;
mod generic;
pub mod people;
pub mod queue_log;
mod records;
pub mod values;

use std::collections::BTreeMap;

use encoding_rs::{Decoder, Encoding, UTF_8};
use serde::Serialize;

use crate::call::Call;
use crate::error::{Error, ErrorKind, Result};
use crate::pbx::event::PbxRecord;
use crate::settings::Settings;
use fields::{ColumnMap, Field};
use records::RecordReader;
use values::{DateOrder, Outcome, TimeParser, TimeZone};

/// How many bytes are looked at before deciding how to read a file.
const SNIFF_BYTES: usize = 64 * 1024;
/// How many rejects a file keeps with their details (all are counted).
pub const MAX_REJECTS_KEPT: usize = 10_000;
/// Rows shown in the import review.
const PREVIEW_ROWS: usize = 5;

/// The input profiles the engine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// One row per call, columns found by header name (English or Chinese).
    Generic,
    /// The Technion "Anonymous Bank" research format.
    AnonymousBank,
    /// Asterisk queue_log: file form, database export or PBXware's variant.
    QueueLog,
    /// Asterisk CDR `Master.csv` (cdr_csv), no header.
    AsteriskCdr,
    /// FreeSWITCH mod_cdr_csv default template, no header.
    FreeswitchCdr,
    /// An agent-state export (agent, state, start, end or duration, reason).
    AgentState,
    /// A people file: QA evaluations, surveys, roster, attendance or ratings (the summary names
    /// which: `qa`, `survey`, `roster`, `attendance`, `ratings`).
    People,
}

impl Profile {
    pub fn id(self) -> &'static str {
        match self {
            Profile::Generic => "generic",
            Profile::AnonymousBank => "anonymous_bank",
            Profile::QueueLog => "queue_log",
            Profile::AsteriskCdr => "asterisk_cdr",
            Profile::FreeswitchCdr => "freeswitch_cdr",
            Profile::AgentState => "agent_state",
            Profile::People => "people",
        }
    }

    pub fn from_id(id: &str) -> Result<Profile> {
        match id {
            "generic" => Ok(Profile::Generic),
            "anonymous_bank" => Ok(Profile::AnonymousBank),
            "queue_log" => Ok(Profile::QueueLog),
            "asterisk_cdr" => Ok(Profile::AsteriskCdr),
            "freeswitch_cdr" => Ok(Profile::FreeswitchCdr),
            "agent_state" => Ok(Profile::AgentState),
            p if people::PROFILES.contains(&p) => Ok(Profile::People),
            _ => Err(Error::new(
                ErrorKind::InvalidSettings,
                format!(
                    "unknown profile '{id}' (known: generic, anonymous_bank, queue_log, asterisk_cdr, freeswitch_cdr, agent_state, qa, survey, roster, attendance, ratings)"
                ),
            )),
        }
    }
}

/// What a profile makes of one row.
pub enum Row<'a> {
    Use(Call<'a>),
    /// Not a call (or not an offered one), by a rule the report names.
    Skip(&'static str),
    /// A row that cannot be read: the column and a reason a person understands.
    Reject(String, String),
    /// A phone-system record (event, CDR leg, agent state): calls are rebuilt from all of them
    /// together when the report is built.
    Pbx(Box<PbxRecord>),
    /// An event of a name no profile knows: skipped, counted and listed by name.
    Unknown(String),
    /// A QA, survey, roster, attendance or rating row.
    People(Box<crate::people::PeopleRecord>),
}

/// A rejected row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reject {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

/// Everything the report says about one input file, including the import review.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub kind: &'static str,
    pub profile: Option<&'static str>,
    pub profile_reason: String,
    pub encoding: Option<&'static str>,
    pub encoding_reason: String,
    pub delimiter: Option<String>,
    pub header_line: Option<u64>,
    pub header: Vec<String>,
    /// Field id of each header column (null = not used).
    pub mapping: Vec<Option<&'static str>>,
    pub preview: Vec<Vec<String>>,
    pub bytes: u64,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_skipped: u64,
    pub skipped: BTreeMap<&'static str, u64>,
    pub rows_rejected: u64,
    pub rejects: Vec<Reject>,
    pub duplicates: u64,
    /// Event names the profile does not know, with counts (skipped by rule UNKNOWN_EVENT).
    pub unknown_events: BTreeMap<String, u64>,
    /// For event logs and CDRs: how rows become calls.
    pub note: Option<String>,
    pub warnings: Vec<String>,
    /// Set when the file could not be read at all; its rows are then not in the report.
    pub error: Option<Error>,
}

impl FileSummary {
    fn reject(&mut self, line: u64, column: Option<String>, reason: String) {
        self.rows_rejected += 1;
        if self.rejects.len() < MAX_REJECTS_KEPT {
            self.rejects.push(Reject { line, column, reason });
        }
    }

    fn skip(&mut self, rule: &'static str) {
        self.rows_skipped += 1;
        *self.skipped.entry(rule).or_default() += 1;
    }
}

/// What a file hands to the analyzer.
pub enum Item<'c, 'a> {
    Call(&'c Call<'a>),
    Pbx(PbxRecord),
    People(crate::people::PeopleRecord),
}

/// Receives the calls and records of a file; returns false for a duplicate (not counted).
pub type CallSink<'s> = dyn FnMut(Item<'_, '_>) -> bool + 's;

enum Mapper {
    Generic(Box<generic::Generic>),
    Bank(bank::Bank),
    QueueLog(queue_log::QueueLog),
    Cdr(cdr::Cdr),
    AgentState(agent_state::AgentState),
    People(Box<people::PeopleMapper>),
}

impl Mapper {
    fn map_row<'a>(&self, fields: &[&'a str]) -> Row<'a> {
        match self {
            Mapper::Generic(g) => g.map_row(fields),
            Mapper::Bank(b) => b.map_row(fields),
            Mapper::QueueLog(q) => q.map_row(fields),
            Mapper::Cdr(c) => c.map_row(fields),
            Mapper::AgentState(a) => a.map_row(fields),
            Mapper::People(p) => p.map_row(fields),
        }
    }
}

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
}

enum Stage {
    Sniffing(Vec<u8>),
    Text(Box<TextStream>),
    Workbook(Vec<u8>),
    Done,
}

/// One file being read.
pub struct FileIngest {
    pub summary: FileSummary,
    stage: Stage,
    settings: Settings,
}

impl FileIngest {
    pub fn new(name: &str, settings: &Settings) -> FileIngest {
        FileIngest {
            summary: FileSummary { file: name.to_string(), ..Default::default() },
            stage: Stage::Sniffing(Vec::new()),
            settings: settings.clone(),
        }
    }

    /// For event logs and CDRs, says in the summary how rows become calls.
    pub fn note_pbx_rows(&mut self) {
        let note = match self.summary.profile {
            Some("queue_log") => "each row is one event; calls are rebuilt from the events of all queue_log files together \
                                  when the report is built (see pbx in the report)",
            Some("asterisk_cdr") | Some("freeswitch_cdr") => "each row is one call leg; legs with the same linkedid (or uniqueid) \
                                  are merged into one call, and calls also in queue_log are counted from there only (see pbx)",
            Some("agent_state") => "each row is one agent state; it counts toward that agent's logged-in and paused time",
            _ => return,
        };
        self.summary.note = Some(note.to_string());
    }

    /// Takes the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8], sink: &mut CallSink<'_>) -> Result<()> {
        self.summary.bytes += chunk.len() as u64;
        match &mut self.stage {
            Stage::Sniffing(buf) => {
                buf.extend_from_slice(chunk);
                if buf.len() >= SNIFF_BYTES {
                    self.start(false, sink)?;
                }
            }
            Stage::Text(stream) => feed_text(stream, chunk, false, &mut self.summary, sink),
            Stage::Workbook(buf) => buf.extend_from_slice(chunk),
            Stage::Done => {}
        }
        Ok(())
    }

    /// The file has ended: reads what is left.
    pub fn finish(&mut self, sink: &mut CallSink<'_>) -> Result<()> {
        if let Stage::Sniffing(_) = self.stage {
            self.start(true, sink)?;
        }
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Text(mut stream) => feed_text(&mut stream, &[], true, &mut self.summary, sink),
            Stage::Workbook(bytes) => {
                let rows = excel::read_rows(&bytes, self.settings.sheet.as_deref())
                    .map_err(|e| e.in_file(&self.summary.file))?;
                self.summary.encoding = Some("workbook");
                let mut mapper = None;
                let mut line = 0u64;
                for row in &rows {
                    line += 1;
                    let fields: Vec<&str> = row.iter().map(String::as_str).collect();
                    match &mapper {
                        None => {
                            // Rows above the header are titles; the first row that maps is it.
                            if let Some(m) = self.detect_header_row(&fields)? {
                                self.summary.header_line = Some(line);
                                mapper = Some(m);
                            }
                        }
                        Some(m) => map_record(m, &fields, line, &mut self.summary, sink),
                    }
                }
                if mapper.is_none() {
                    return Err(self.no_header_error(&rows.iter().take(10).cloned().collect::<Vec<_>>()));
                }
            }
            Stage::Sniffing(_) | Stage::Done => {}
        }
        Ok(())
    }

    /// Decides how to read the file from the buffered first bytes, then streams them.
    fn start(&mut self, at_end: bool, sink: &mut CallSink<'_>) -> Result<()> {
        let Stage::Sniffing(buf) = std::mem::replace(&mut self.stage, Stage::Done) else {
            return Ok(());
        };
        if excel::is_workbook(&buf) {
            self.summary.kind = "workbook";
            self.summary.profile_reason = "Excel workbook".into();
            self.stage = Stage::Workbook(buf);
            return Ok(());
        }
        self.summary.kind = "text";
        if buf.is_empty() {
            return Err(Error::new(ErrorKind::Malformed, "the file is empty").in_file(&self.summary.file));
        }
        let (encoding, reason) = match &self.settings.encoding {
            Some(label) => (encoding::by_label(label)?, "set by the user"),
            None => {
                let d = encoding::detect(&buf, at_end);
                (d.encoding, d.reason)
            }
        };
        self.summary.encoding = Some(encoding::display_name(encoding));
        self.summary.encoding_reason = reason.to_string();
        if reason.starts_with("no encoding") {
            self.summary.warnings.push("the text is not valid in any supported encoding; unreadable bytes were replaced".into());
        }
        if looks_binary(&buf, encoding) {
            return Err(Error::new(
                ErrorKind::UnsupportedFormat,
                "this is not a text file or workbook Callscore reads (expected CSV/TSV/TXT call records, .xlsx or .xls)",
            )
            .in_file(&self.summary.file));
        }

        let sample = decode_sample(encoding, &buf, at_end);
        let delimiter = match self.settings.delimiter {
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
        reader.feed(sample_bytes, at_end, &mut |f, line| {
            if first.len() < 30 {
                first.push((f.iter().map(|s| s.to_string()).collect(), line));
            }
        });
        let (mapper, records_before_data, records) = match self.detect_headerless(&sample, &first, delimiter)? {
            Some((mapper, records)) => (mapper, 0, records),
            None => {
                let mut found = None;
                for (i, (rec, _)) in first.iter().enumerate().take(20) {
                    let fields: Vec<&str> = rec.iter().map(String::as_str).collect();
                    if let Some(m) = self.detect_header_row_with_sample(&fields, &first[i + 1..])? {
                        found = Some((i, m));
                        break;
                    }
                }
                let Some((header_index, mapper)) = found else {
                    let rows: Vec<Vec<String>> = first.iter().take(10).map(|(r, _)| r.clone()).collect();
                    return Err(self.no_header_error(&rows));
                };
                let header_line = first[header_index].1;
                self.summary.header_line = Some(header_line);
                for _ in 0..header_index {
                    self.summary.skip("ABOVE_HEADER");
                    self.summary.rows_read += 1;
                }
                (mapper, header_index as u64 + 1, RecordReader::new(delimiter))
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
        });
        // Never as the last chunk here: finish() ends the stream exactly once.
        feed_text(&mut stream, &buf, false, &mut self.summary, sink);
        self.stage = Stage::Text(stream);
        Ok(())
    }

    /// Header-less phone-system files: queue_log's file form (pipe-separated, never quoted, so
    /// read without quote handling) and CDR Master.csv files, recognised from their first lines.
    fn detect_headerless(
        &mut self,
        sample: &str,
        first: &[(Vec<String>, u64)],
        delimiter: u8,
    ) -> Result<Option<(Mapper, RecordReader)>> {
        let forced = self.settings.profile.as_deref().map(Profile::from_id).transpose()?;
        if !matches!(forced, None | Some(Profile::QueueLog) | Some(Profile::AsteriskCdr) | Some(Profile::FreeswitchCdr)) {
            return Ok(None);
        }
        let tz = TimeZone::parse(&self.settings.tz)?;
        let times = TimeParser { tz, order: DateOrder::Ymd };
        let preview = |summary: &mut FileSummary| {
            summary.preview = first.iter().take(PREVIEW_ROWS).map(|(r, _)| r.clone()).collect();
        };
        if matches!(forced, None | Some(Profile::QueueLog)) {
            let lines: Vec<&str> = sample.trim_start_matches('\u{feff}').lines().filter(|l| !l.trim().is_empty()).take(20).collect();
            let hits = lines.iter().filter(|l| queue_log::is_file_line(l)).count();
            if hits > 0 && (hits * 2 >= lines.len() || forced.is_some()) {
                let form = queue_log::Form::File;
                self.summary.profile = Some(Profile::QueueLog.id());
                self.summary.profile_reason = if forced.is_some() {
                    "set by the user".into()
                } else {
                    format!("{hits} of the first {} lines are epoch|callid|queue|agent|EVENT: {}", lines.len(), form.describe())
                };
                self.summary.delimiter = Some("|".into());
                let split: Vec<Vec<String>> =
                    lines.iter().take(PREVIEW_ROWS).map(|l| l.split('|').map(str::to_string).collect()).collect();
                self.summary.preview = split;
                return Ok(Some((
                    Mapper::QueueLog(queue_log::QueueLog::new(form, Vec::new(), times)),
                    RecordReader::new_unquoted(b'|'),
                )));
            }
        }
        if matches!(forced, None | Some(Profile::AsteriskCdr) | Some(Profile::FreeswitchCdr)) {
            let rows: Vec<Vec<String>> = first.iter().map(|(r, _)| r.clone()).collect();
            if let Some((kind, reason)) = cdr::detect(&rows, &times) {
                let profile = match kind {
                    cdr::CdrKind::Asterisk(_) => Profile::AsteriskCdr,
                    cdr::CdrKind::Freeswitch => Profile::FreeswitchCdr,
                };
                if forced.is_none() || forced == Some(profile) {
                    self.summary.profile = Some(profile.id());
                    self.summary.profile_reason = if forced.is_some() { format!("set by the user; {reason}") } else { reason };
                    preview(&mut self.summary);
                    return Ok(Some((Mapper::Cdr(cdr::Cdr::new(kind, times)), RecordReader::new(delimiter))));
                }
            }
            if matches!(forced, Some(Profile::AsteriskCdr) | Some(Profile::FreeswitchCdr)) {
                return Err(Error::new(
                    ErrorKind::UnsupportedFormat,
                    format!(
                        "not a {} file: expected header-less rows with {}",
                        forced.map_or("", Profile::id),
                        if forced == Some(Profile::AsteriskCdr) {
                            "16–21 columns and a disposition (ANSWERED, NO ANSWER …) after start/answer/end times"
                        } else {
                            "15 columns: caller_id_name … start_stamp, answer_stamp, end_stamp, duration, billsec, hangup_cause, uuid"
                        }
                    ),
                )
                .in_file(&self.summary.file));
            }
        }
        Ok(None)
    }

    fn detect_header_row(&mut self, fields: &[&str]) -> Result<Option<Mapper>> {
        self.detect_header_row_with_sample(fields, &[])
    }

    /// If `fields` is a header row of a known profile, records the mapping and returns the mapper.
    fn detect_header_row_with_sample(
        &mut self,
        fields: &[&str],
        after: &[(Vec<String>, u64)],
    ) -> Result<Option<Mapper>> {
        let forced = self.settings.profile.as_deref().map(Profile::from_id).transpose()?;
        let tz = TimeZone::parse(&self.settings.tz)?;
        let times = TimeParser { tz, order: DateOrder::Ymd };
        if matches!(forced, None | Some(Profile::QueueLog)) {
            if let Some(form) = queue_log::Form::from_header(fields) {
                self.summary.profile = Some(Profile::QueueLog.id());
                self.summary.profile_reason =
                    if forced.is_some() { format!("set by the user: {}", form.describe()) } else { form.describe().to_string() };
                self.record_header(fields, after, Some(vec![None; fields.len()]));
                let header = fields.iter().map(|h| h.trim().to_string()).collect();
                return Ok(Some(Mapper::QueueLog(queue_log::QueueLog::new(form, header, times))));
            }
        }
        if matches!(forced, None | Some(Profile::AgentState)) {
            if let Some(a) = agent_state::AgentState::from_header(fields, times) {
                self.summary.profile = Some(Profile::AgentState.id());
                self.summary.profile_reason = if forced.is_some() {
                    "set by the user".into()
                } else {
                    "agent states: header has agent, state, start and an end or a duration".into()
                };
                self.record_header(fields, after, Some(a.mapping()));
                return Ok(Some(Mapper::AgentState(a)));
            }
        }
        if matches!(forced, None | Some(Profile::People)) {
            let which = if forced.is_some() { self.settings.profile.as_deref() } else { None };
            if let Some((m, reason)) = people::PeopleMapper::from_header(fields, which) {
                self.summary.profile = Some(m.profile());
                self.summary.profile_reason = if forced.is_some() { format!("set by the user; {reason}") } else { reason };
                self.record_header(fields, after, Some(m.mapping()));
                return Ok(Some(Mapper::People(Box::new(m))));
            }
        }
        if matches!(forced, Some(Profile::QueueLog | Profile::AgentState | Profile::AsteriskCdr | Profile::FreeswitchCdr | Profile::People)) {
            return Ok(None);
        }
        let bank_score = bank::header_score(fields);
        if forced == Some(Profile::AnonymousBank) || (forced.is_none() && bank_score >= 12) {
            let times = TimeParser { tz, order: DateOrder::Ymd };
            match bank::Bank::new(fields, times) {
                Ok(b) => {
                    self.summary.profile = Some(Profile::AnonymousBank.id());
                    self.summary.profile_reason = if forced.is_some() {
                        "set by the user".into()
                    } else {
                        format!("header has {bank_score} of the 17 Technion columns (vru+line, q_start, ser_time, server …)")
                    };
                    self.record_header(fields, after, None);
                    return Ok(Some(Mapper::Bank(b)));
                }
                Err(e) if forced.is_some() => {
                    return Err(Error::new(ErrorKind::Malformed, format!("not the Anonymous Bank format: {e}"))
                        .in_file(&self.summary.file))
                }
                Err(_) => {}
            }
        }
        let map = ColumnMap::from_header(fields, &self.settings.columns);
        let has_time = map.has(Field::Arrival) || map.has(Field::Date);
        let has_outcome =
            [Field::Outcome, Field::Answer, Field::Wait, Field::Talk, Field::Agent].iter().any(|f| map.has(*f));
        if !(has_time && has_outcome && map.recognised() >= 2) {
            return Ok(None);
        }
        let order = match &self.settings.date_order {
            Some(o) => DateOrder::parse(o)?,
            None => guess_date_order(&map, after, &mut self.summary.warnings),
        };
        let mut outcomes = Vec::new();
        for (value, id) in &self.settings.outcomes {
            if let Some(o) = Outcome::from_id(id) {
                outcomes.push((values::normalize_value(value), o));
            }
        }
        let named: Vec<String> = fields
            .iter()
            .zip(map.mapping())
            .filter_map(|(h, f)| f.map(|f| format!("{} ({f})", h.trim())))
            .take(4)
            .collect();
        self.summary.profile = Some(Profile::Generic.id());
        self.summary.profile_reason = if forced.is_some() {
            "set by the user".into()
        } else {
            format!("call records: header has {}", named.join(", "))
        };
        self.record_header(fields, after, Some(map.mapping()));
        if !map.has(Field::Outcome) {
            self.summary.warnings.push(
                "no outcome column: a call with an answer time or talk time counts as answered, any other as abandoned".into(),
            );
        }
        if !map.has(Field::Acw) {
            self.summary.warnings.push("no after-call-work (ACW) column: AHT is not computed".into());
        }
        Ok(Some(Mapper::Generic(Box::new(generic::Generic::new(
            map,
            fields.iter().map(|h| h.trim().to_string()).collect(),
            TimeParser { tz, order },
            outcomes,
        )))))
    }

    fn record_header(
        &mut self,
        fields: &[&str],
        after: &[(Vec<String>, u64)],
        mapping: Option<Vec<Option<&'static str>>>,
    ) {
        self.summary.header = fields.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect();
        self.summary.mapping = mapping.unwrap_or_else(|| {
            fields
                .iter()
                .map(|h| {
                    let n = fields::normalize_header(h);
                    bank::COLUMNS.iter().find(|c| **c == n).map(|_| bank_field_id(&n))
                })
                .collect()
        });
        self.summary.preview = after.iter().take(PREVIEW_ROWS).map(|(r, _)| r.clone()).collect();
    }

    fn no_header_error(&self, first_rows: &[Vec<String>]) -> Error {
        let first = first_rows.first().map(|r| r.join(" | ")).unwrap_or_default();
        let forced = self.settings.profile.as_deref().and_then(|p| Profile::from_id(p).ok());
        let hint = if forced == Some(Profile::QueueLog) {
            "not an Asterisk queue_log: expected epoch|callid|queue|agent|EVENT lines, or a header with time, callid, \
             queuename, agent, event and data1…data5 (or data, or PBXware's param1…3, htime, ttime)"
                .to_string()
        } else if forced == Some(Profile::People) {
            format!(
                "not a {} file: see docs/scorecards.md for the columns each people file needs (agent plus e.g. item and \
                 score for QA, csat/nps/ces for surveys, hire/leave dates for a roster, date and hours for attendance)",
                self.settings.profile.as_deref().unwrap_or("people")
            )
        } else if forced == Some(Profile::AgentState) {
            "not an agent-state export: expected a header with agent, state, start and end or duration columns".to_string()
        } else {
            format!(
                "no header row with known column names in the first rows (first row: '{}'); expected call records with \
                 columns such as 'start time'/'来电时间' and 'agent'/'座席工号' and an outcome, answer time or wait, \
                 or the Anonymous Bank format",
                truncate(&first, 120)
            )
        };
        Error::new(ErrorKind::UnsupportedFormat, hint).in_file(&self.summary.file)
    }
}

/// The field an Anonymous Bank column feeds, for the import review.
fn bank_field_id(normalized: &str) -> &'static str {
    match normalized {
        "vruline" | "callid" => "call_id",
        "customerid" => "caller",
        "type" => "queue",
        "date" | "vruentry" => "arrival",
        "qstart" | "qtime" => "wait",
        "outcome" => "outcome",
        "sertime" => "talk",
        "server" => "agent",
        _ => "ignore",
    }
}

fn feed_text(stream: &mut TextStream, chunk: &[u8], last: bool, summary: &mut FileSummary, sink: &mut CallSink<'_>) {
    let TextStream { decoder, decoded, records, mapper, records_before_data, records_seen, strip_utf8_bom } = stream;
    let mut on_record = |fields: &[&str], line: u64| {
        *records_seen += 1;
        if *records_seen <= *records_before_data {
            return;
        }
        map_record(mapper, fields, line, summary, sink);
    };
    match decoder {
        None => {
            let mut bytes = chunk;
            if *strip_utf8_bom {
                // Only the very first bytes can be a BOM; a BOM split across chunks is rare enough
                // to leave to the header normalisation, which drops U+FEFF.
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
                let (result, read, _replaced) = decoder.decode_to_string(input, decoded, last);
                input = &input[read..];
                let done = result == encoding_rs::CoderResult::InputEmpty;
                records.feed(decoded.as_bytes(), last && done, &mut on_record);
                if done {
                    break;
                }
            }
        }
    }
}

fn map_record(mapper: &Mapper, fields: &[&str], line: u64, summary: &mut FileSummary, sink: &mut CallSink<'_>) {
    if fields.iter().all(|f| f.trim().is_empty()) {
        return; // a blank line is not a row
    }
    summary.rows_read += 1;
    match mapper.map_row(fields) {
        Row::Use(call) => {
            if call.outcome == Outcome::Ivr {
                // Counted in the ivr_only KPI, but not an offered call: skipped by a named rule.
                if sink(Item::Call(&call)) {
                    summary.skip("IVR_ONLY");
                } else {
                    summary.duplicates += 1;
                    summary.skip("DUPLICATE");
                }
            } else if sink(Item::Call(&call)) {
                summary.rows_used += 1;
            } else {
                summary.duplicates += 1;
                summary.skip("DUPLICATE");
            }
        }
        Row::Skip(rule) => summary.skip(rule),
        Row::Reject(column, reason) => summary.reject(line, Some(column), reason),
        Row::Pbx(rec) => {
            if sink(Item::Pbx(*rec)) {
                summary.rows_used += 1;
            } else {
                summary.duplicates += 1;
                summary.skip("DUPLICATE");
            }
        }
        Row::People(rec) => {
            if sink(Item::People(*rec)) {
                summary.rows_used += 1;
            } else {
                summary.duplicates += 1;
                summary.skip("DUPLICATE");
            }
        }
        Row::Unknown(name) => {
            summary.skip("UNKNOWN_EVENT");
            *summary.unknown_events.entry(name).or_default() += 1;
        }
    }
}

fn decode_sample(encoding: &'static Encoding, buf: &[u8], at_end: bool) -> String {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut out = String::with_capacity(buf.len() * 2 + 16);
    let _ = decoder.decode_to_string(buf, &mut out, at_end);
    out
}

/// The delimiter that splits the first lines most consistently into more than one field.
fn detect_delimiter(sample: &str) -> u8 {
    let lines: Vec<&str> = sample.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let mut freq: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in counts.iter().filter(|c| **c > 0) {
            *freq.entry(c).or_default() += 1;
        }
        // Most lines with the same count; ties go to more fields.
        if let Some((&fields, &lines_agreeing)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) {
            if (lines_agreeing, fields) > (best.1, best.2) {
                best = (d, lines_agreeing, fields);
            }
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == d && !quoted
        })
        .count()
}

/// Month-first unless the sample's arrival dates show a day above 12 in the first place.
fn guess_date_order(map: &ColumnMap, rows: &[(Vec<String>, u64)], warnings: &mut Vec<String>) -> DateOrder {
    let Some(i) = map.index(Field::Arrival).or(map.index(Field::Date)) else { return DateOrder::Mdy };
    let mut ambiguous = false;
    for (row, _) in rows {
        let Some(v) = row.get(i) else { continue };
        let parts: Vec<&str> = v.split([' ', 'T']).next().unwrap_or("").split(['/', '.', '-']).collect();
        if parts.len() != 3 || parts[0].len() > 2 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let a: u32 = parts[0].parse().unwrap_or(0);
        let b: u32 = parts[1].parse().unwrap_or(0);
        if a > 12 {
            return DateOrder::Dmy;
        }
        if b > 12 {
            return DateOrder::Mdy;
        }
        ambiguous = true;
    }
    if ambiguous {
        warnings.push("dates like 03/04/2024 were read month first; set the date order if they are day first".into());
    }
    DateOrder::Mdy
}

fn looks_binary(buf: &[u8], encoding: &'static Encoding) -> bool {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return false;
    }
    let n = buf.len().min(4096);
    let controls = buf[..n].iter().filter(|&&b| b == 0 || (b < 9) || (14..32).contains(&b) && b != 27).count();
    controls * 20 > n.max(1)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max).collect::<String>() + "…"
    }
}
