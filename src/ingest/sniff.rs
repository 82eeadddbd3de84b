//! Detection: deciding from the first bytes of a file how to read it — delimiter, header row,
//! profile, date order — each with a reason the import review shows.

use std::collections::BTreeMap;

use encoding_rs::Encoding;

use super::fields::{self, ColumnMap, Field};
use super::options::ReadOptions;
use super::profile::{agent_state, bank, cdr, chat, generic, people, queue_log, Mapper, Profile};
use super::records::RecordReader;
use super::summary::FileSummary;
use super::values::{self, DateOrder, TimeParser, TimeZone};
use crate::error::{Error, ErrorKind, Message, Result};
use crate::model::call::{OutboundResult, Outcome};
use crate::model::pbx::Disposition;

/// Rows shown in the import review.
const PREVIEW_ROWS: usize = 5;

/// Header and profile detection for one file: the options it is read with and the summary the
/// findings are written to.
pub(crate) struct Sniffer<'a> {
    pub opts: &'a ReadOptions,
    pub summary: &'a mut FileSummary,
}

impl Sniffer<'_> {
    /// Header-less phone-system files: queue_log's file form (pipe-separated, never quoted, so
    /// read without quote handling) and CDR Master.csv files, recognised from their first lines.
    pub(crate) fn detect_headerless(
        &mut self,
        sample: &str,
        first: &[(Vec<String>, u64)],
        delimiter: u8,
    ) -> Result<Option<(Mapper, RecordReader)>> {
        let forced = self.opts.forced()?;
        if !matches!(forced, None | Some(Profile::QueueLog) | Some(Profile::AsteriskCdr) | Some(Profile::FreeswitchCdr))
        {
            return Ok(None);
        }
        let tz = TimeZone::parse(&self.opts.tz)?;
        let times = TimeParser::new(tz, DateOrder::Ymd);
        let preview = |summary: &mut FileSummary| {
            summary.preview = first.iter().take(PREVIEW_ROWS).map(|(r, _)| r.clone()).collect();
        };
        if matches!(forced, None | Some(Profile::QueueLog)) {
            // Lines end at \n, \r\n or a lone \r (old Mac exports): a CR-only queue_log is one.
            let lines: Vec<&str> = sample
                .trim_start_matches('\u{feff}')
                .split(['\r', '\n'])
                .filter(|l| !l.trim().is_empty())
                .take(20)
                .collect();
            let hits = lines.iter().filter(|l| queue_log::is_file_line(l)).count();
            if hits > 0 && (hits * 2 >= lines.len() || forced.is_some()) {
                let form = queue_log::Form::File;
                self.summary.profile = Some(Profile::QueueLog.id());
                self.summary.profile_reason = Some(if forced.is_some() {
                    Message::SetByUser
                } else {
                    Message::QueueLogLines { hits, lines: lines.len(), form: form.describe().boxed() }
                });
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
                    self.summary.profile_reason =
                        Some(if forced.is_some() { Message::SetByUserWith { detail: reason.boxed() } } else { reason });
                    preview(self.summary);
                    return Ok(Some((Mapper::Cdr(cdr::Cdr::new(kind, times)), RecordReader::new(delimiter))));
                }
            }
            if matches!(forced, Some(Profile::AsteriskCdr) | Some(Profile::FreeswitchCdr)) {
                let m = if forced == Some(Profile::AsteriskCdr) {
                    Message::NotAsteriskCdr
                } else {
                    Message::NotFreeswitchCdr
                };
                return Err(Error::new(ErrorKind::UnsupportedFormat, m).in_file(&self.summary.file));
            }
        }
        Ok(None)
    }

    pub(crate) fn detect_header_row(&mut self, fields: &[&str]) -> Result<Option<Mapper>> {
        self.detect_header_row_with_sample(fields, &[])
    }

    /// If `fields` is a header row of a known profile, records the mapping and returns the mapper.
    pub(crate) fn detect_header_row_with_sample(
        &mut self,
        fields: &[&str],
        after: &[(Vec<String>, u64)],
    ) -> Result<Option<Mapper>> {
        let forced = self.opts.forced()?;
        let tz = TimeZone::parse(&self.opts.tz)?;
        let times = TimeParser::new(tz, DateOrder::Ymd);
        if matches!(forced, None | Some(Profile::QueueLog)) {
            if let Some(form) = queue_log::Form::from_header(fields) {
                self.summary.profile = Some(Profile::QueueLog.id());
                self.summary.profile_reason = Some(if forced.is_some() {
                    Message::SetByUserWith { detail: form.describe().boxed() }
                } else {
                    form.describe()
                });
                self.record_header(fields, after, Some(vec![None; fields.len()]));
                let header = fields.iter().map(|h| h.trim().to_string()).collect();
                return Ok(Some(Mapper::QueueLog(queue_log::QueueLog::new(form, header, times))));
            }
        }
        if matches!(forced, None | Some(Profile::Chat)) {
            let which = if forced.is_some() { self.opts.profile.as_deref() } else { None };
            let set_by_user = |reason: Message| {
                if forced.is_some() {
                    Message::SetByUserWith { detail: reason.boxed() }
                } else {
                    reason
                }
            };
            if which != Some("orders") {
                if let Some((log, reason)) = chat::ChatLog::from_header(fields, times.clone()) {
                    self.summary.profile = Some("chat");
                    self.summary.profile_reason = Some(set_by_user(reason));
                    self.record_header(fields, after, Some(log.mapping()));
                    // The import review shows a message's length, never its text.
                    if let Some(i) = log.text_column() {
                        for row in &mut self.summary.preview {
                            if let Some(cell) = row.get_mut(i) {
                                *cell = format!("‹{}›", cell.trim().chars().count());
                            }
                        }
                    }
                    if !log.has_buyer() {
                        self.summary.warnings.push(Message::ChatNoBuyerColumn);
                    }
                    return Ok(Some(Mapper::ChatLog(Box::new(log))));
                }
            }
            if which != Some("chat") {
                if let Some((orders, reason)) = chat::Orders::from_header(fields, times.clone()) {
                    self.summary.profile = Some("orders");
                    self.summary.profile_reason = Some(set_by_user(reason));
                    self.record_header(fields, after, Some(orders.mapping()));
                    return Ok(Some(Mapper::Orders(Box::new(orders))));
                }
            }
        }
        if matches!(forced, None | Some(Profile::AgentState)) {
            if let Some(a) = agent_state::AgentState::from_header(fields, times) {
                self.summary.profile = Some(Profile::AgentState.id());
                self.summary.profile_reason =
                    Some(if forced.is_some() { Message::SetByUser } else { Message::AgentStateHeader });
                self.record_header(fields, after, Some(a.mapping()));
                return Ok(Some(Mapper::AgentState(a)));
            }
        }
        if matches!(forced, None | Some(Profile::People)) {
            let which = if forced.is_some() { self.opts.profile.as_deref() } else { None };
            if let Some((m, reason)) = people::PeopleMapper::from_header(fields, which) {
                self.summary.profile = Some(m.profile());
                self.summary.profile_reason =
                    Some(if forced.is_some() { Message::SetByUserWith { detail: reason.boxed() } } else { reason });
                self.record_header(fields, after, Some(m.mapping()));
                return Ok(Some(Mapper::People(Box::new(m))));
            }
        }
        if matches!(
            forced,
            Some(
                Profile::QueueLog
                    | Profile::Chat
                    | Profile::AgentState
                    | Profile::AsteriskCdr
                    | Profile::FreeswitchCdr
                    | Profile::People
            )
        ) {
            return Ok(None);
        }
        let bank_score = bank::header_score(fields);
        if forced == Some(Profile::AnonymousBank) || (forced.is_none() && bank_score >= 12) {
            let times = TimeParser::new(tz, DateOrder::Ymd);
            match bank::Bank::new(fields, times) {
                Ok(b) => {
                    self.summary.profile = Some(Profile::AnonymousBank.id());
                    self.summary.profile_reason = Some(if forced.is_some() {
                        Message::SetByUser
                    } else {
                        Message::BankHeader { score: bank_score }
                    });
                    self.record_header(fields, after, None);
                    return Ok(Some(Mapper::Bank(b)));
                }
                Err(e) if forced.is_some() => {
                    return Err(Error::new(ErrorKind::Malformed, Message::NotBankFormat { detail: e.boxed() })
                        .in_file(&self.summary.file))
                }
                Err(_) => {}
            }
        }
        let map = ColumnMap::from_header(fields, &self.opts.columns);
        let has_time = map.has(Field::Arrival) || map.has(Field::Date);
        let has_outcome =
            [Field::Outcome, Field::Answer, Field::Wait, Field::Talk, Field::Agent].iter().any(|f| map.has(*f));
        if !(has_time && has_outcome && map.recognised() >= 2) {
            return Ok(None);
        }
        let order = match &self.opts.date_order {
            Some(o) => DateOrder::parse(o)?,
            None => guess_date_order(&map, after, &mut self.summary.warnings),
        };
        let mut outcomes = Vec::new();
        for (value, id) in &self.opts.outcomes {
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
        let mut results = Vec::new();
        for (value, id) in &self.opts.outbound_results {
            if let Some(r) = OutboundResult::from_id(id) {
                results.push((values::normalize_value(value), r));
            }
        }
        // A campaign column makes a dialler export: its rows are outbound unless a direction says not.
        let dialler = map.has(Field::Campaign);
        self.summary.profile = Some(Profile::Generic.id());
        self.summary.profile_reason = Some(if forced.is_some() {
            Message::SetByUser
        } else if dialler {
            Message::OutboundHeader { columns: named.join(", ") }
        } else {
            Message::CallRecordsHeader { columns: named.join(", ") }
        });
        self.record_header(fields, after, Some(map.mapping()));
        if !map.has(Field::Outcome) && !dialler {
            self.summary.warnings.push(Message::NoOutcomeColumn);
        }
        if !map.has(Field::Acw) && !dialler {
            self.summary.warnings.push(Message::NoAcwColumn);
        }
        Ok(Some(Mapper::Generic(Box::new(generic::Generic::new(
            map,
            fields.iter().map(|h| h.trim().to_string()).collect(),
            TimeParser::new(tz, order),
            outcomes,
            results,
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
                    bank::COLUMNS.iter().find(|c| **c == n).map(|_| bank::field_id(&n))
                })
                .collect()
        });
        // Columns the profile recognises but no KPI uses are listed, so nothing disappears silently.
        self.summary.unused_columns = (self.summary.header.iter().zip(&self.summary.mapping))
            .filter(|(_, m)| **m == Some("ignore"))
            .map(|(h, _)| h.clone())
            .collect();
        self.summary.preview = after.iter().take(PREVIEW_ROWS).map(|(r, _)| r.clone()).collect();
    }

    /// The width of rows that look like Asterisk's Master.csv (a disposition word with a start
    /// time five fields before it) but have a width no Asterisk layout has, so the error names
    /// that instead of "no header".
    fn cdr_of_wrong_width(&self, rows: &[Vec<String>]) -> Option<usize> {
        let tz = TimeZone::parse(&self.opts.tz).ok()?;
        let times = TimeParser::new(tz, DateOrder::Ymd);
        let looks = |r: &Vec<String>| {
            (5..r.len()).any(|d| Disposition::from_asterisk(&r[d]).is_some() && times.parse(&r[d - 5]).is_ok())
        };
        let hits: Vec<usize> = rows.iter().filter(|r| looks(r)).map(Vec::len).collect();
        (hits.len() * 2 > rows.len() && hits.iter().all(|w| !(16..=21).contains(w))).then(|| hits[0])
    }

    pub(crate) fn no_header_error(&self, first_rows: &[Vec<String>]) -> Error {
        let first = first_rows.first().map(|r| r.join(" | ")).unwrap_or_default();
        let forced = self.opts.forced().ok().flatten();
        let hint = if forced == Some(Profile::QueueLog) {
            Message::NotQueueLog
        } else if forced == Some(Profile::People) {
            Message::NotPeopleFile { profile: self.opts.profile.clone().unwrap_or_else(|| "people".into()) }
        } else if forced == Some(Profile::AgentState) {
            Message::NotAgentState
        } else if forced == Some(Profile::Chat) {
            Message::NotChatFile { profile: self.opts.profile.clone().unwrap_or_else(|| "chat".into()) }
        } else if let Some(fields) = self.cdr_of_wrong_width(first_rows) {
            Message::CdrWrongWidth { fields }
        } else {
            Message::NoHeader { first: truncate(&first, 120) }
        };
        Error::new(ErrorKind::UnsupportedFormat, hint).in_file(&self.summary.file)
    }
}

pub(crate) fn decode_sample(encoding: &'static Encoding, buf: &[u8], at_end: bool) -> String {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut out = String::with_capacity(buf.len() * 2 + 16);
    let _ = decoder.decode_to_string(buf, &mut out, at_end);
    out
}

/// The delimiter that splits the first lines most consistently into more than one field.
pub(crate) fn detect_delimiter(sample: &str) -> u8 {
    let lines: Vec<&str> = sample.split(['\r', '\n']).filter(|l| !l.trim().is_empty()).take(30).collect();
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
fn guess_date_order(map: &ColumnMap, rows: &[(Vec<String>, u64)], warnings: &mut Vec<Message>) -> DateOrder {
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
        warnings.push(Message::AmbiguousDates);
    }
    DateOrder::Mdy
}

pub(crate) fn looks_binary(buf: &[u8], encoding: &'static Encoding) -> bool {
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
