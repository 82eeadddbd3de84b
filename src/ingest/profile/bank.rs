//! The Technion "Anonymous Bank" research format, with exactly the semantics of `inputs.md`.
//!
//! `vru+line call_id customer_id priority type date vru_entry vru_exit vru_time q_start q_exit
//! q_time outcome ser_start ser_exit ser_time server`; `0:00:00` means "did not happen".
//! Durations are taken from the `*_time` columns, never recomputed from the clock times: calls
//! that run past midnight have clock times that wrap but correct durations.

use super::Row;
use crate::ingest::fields::normalize_header;
use crate::ingest::values::TimeParser;
use crate::model::call::{hash_id, Call, Outcome};
use crate::model::message::Message;
use crate::model::time::{days_from_civil, MAX_DURATION_MS, MS_PER_DAY};

/// Column names (normalized) of the format, in order.
pub(crate) const COLUMNS: [&str; 17] = [
    "vruline",
    "callid",
    "customerid",
    "priority",
    "type",
    "date",
    "vruentry",
    "vruexit",
    "vrutime",
    "qstart",
    "qexit",
    "qtime",
    "outcome",
    "serstart",
    "serexit",
    "sertime",
    "server",
];

/// How many of the format's column names a header has.
pub(crate) fn header_score(header: &[&str]) -> usize {
    header.iter().filter(|h| COLUMNS.contains(&normalize_header(h).as_str())).count()
}

/// The field an Anonymous Bank column feeds, for the import review.
pub(crate) fn field_id(normalized: &str) -> &'static str {
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

/// Reads rows of the format.
#[derive(Clone)]
pub(crate) struct Bank {
    /// Index in the row of each of [`COLUMNS`].
    idx: [usize; 17],
    header: Vec<String>,
    times: TimeParser,
}

const LINE: usize = 0;
const CALL_ID: usize = 1;
const CUSTOMER: usize = 2;
const TYPE: usize = 4;
const DATE: usize = 5;
const VRU_ENTRY: usize = 6;
const Q_START: usize = 9;
const Q_TIME: usize = 11;
const OUTCOME: usize = 12;
const SER_TIME: usize = 15;
const SERVER: usize = 16;

impl Bank {
    /// None when a column is missing; the caller names which.
    pub(crate) fn new(header: &[&str], times: TimeParser) -> Result<Bank, Message> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
        let mut idx = [0; 17];
        for (k, want) in COLUMNS.iter().enumerate() {
            idx[k] = names
                .iter()
                .position(|n| n == want)
                .ok_or_else(|| Message::ColumnMissing { column: want.to_string() })?;
        }
        Ok(Bank { idx, header: header.iter().map(|h| h.to_string()).collect(), times })
    }

    pub(crate) fn map_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |k: usize| f.get(self.idx[k]).map(|s| s.trim()).unwrap_or("");
        let col = |k: usize| self.header[self.idx[k]].clone();
        if f.len() < self.header.len() {
            let m = Message::RowNarrowerThanHeader { fields: f.len(), header: self.header.len() };
            return Row::Reject(col(SERVER), m);
        }
        let outcome = get(OUTCOME);
        if outcome == "PHANTOM" {
            return Row::Skip("PHANTOM");
        }
        let day = match self.parse_date(get(DATE)) {
            Some(d) => d,
            None => return Row::Reject(col(DATE), Message::BankBadDate { value: get(DATE).to_string() }),
        };
        let entry = match clock(get(VRU_ENTRY)) {
            Some(ms) => ms,
            None => return Row::Reject(col(VRU_ENTRY), Message::UnknownTime { value: get(VRU_ENTRY).to_string() }),
        };
        let Some(q_start) = clock(get(Q_START)) else {
            return Row::Reject(col(Q_START), Message::UnknownTime { value: get(Q_START).to_string() });
        };
        let queued = q_start != 0;
        // Whole non-negative seconds; the error is the column to blame.
        let seconds = |k: usize| -> Result<i64, usize> {
            match get(k).parse::<i64>() {
                Ok(v) if (0..=MAX_DURATION_MS / 1000).contains(&v) => Ok(v * 1000),
                _ => Err(k),
            }
        };
        let not_seconds = |k: usize| Row::Reject(col(k), Message::NotSeconds { value: get(k).to_string() });
        let q_time = match seconds(Q_TIME) {
            Ok(v) => v,
            Err(k) => return not_seconds(k),
        };
        let outcome = match outcome {
            "AGENT" => Outcome::Answered,
            "HANG" if queued => Outcome::Abandoned,
            "HANG" => Outcome::Ivr,
            other => return Row::Reject(col(OUTCOME), Message::BankUnknownOutcome { value: other.to_string() }),
        };
        let mut call = Call::new(day + entry, outcome);
        call.id = Some(hash_id(&[get(LINE), get(CALL_ID)]));
        call.queue = Some(get(TYPE)).filter(|q| !q.is_empty());
        call.caller = Some(get(CUSTOMER)).filter(|c| !c.is_empty() && *c != "0");
        match outcome {
            Outcome::Answered => {
                call.wait_ms = Some(if queued { q_time } else { 0 });
                call.talk_ms = match seconds(SER_TIME) {
                    Ok(v) => Some(v),
                    Err(k) => return not_seconds(k),
                };
                call.agent = Some(get(SERVER)).filter(|s| !s.is_empty() && *s != "NO_SERVER");
            }
            Outcome::Abandoned => call.wait_ms = Some(q_time),
            _ => {}
        }
        Row::Use(call)
    }

    /// `yymmdd` (the original) or any full date the generic parser reads (re-exported copies).
    fn parse_date(&self, s: &str) -> Option<i64> {
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            let yy: i32 = s[..2].parse().ok()?;
            let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
            return Some(days_from_civil(year, s[2..4].parse().ok()?, s[4..6].parse().ok()?)? * MS_PER_DAY);
        }
        let ms = self.times.parse(s).ok()?;
        Some(ms.div_euclid(MS_PER_DAY) * MS_PER_DAY)
    }
}

/// `H:MM:SS` as milliseconds since midnight.
fn clock(s: &str) -> Option<i64> {
    let mut it = s.split(':');
    let h: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let sec: i64 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..60).contains(&sec) {
        return None;
    }
    Some((h * 3600 + m * 60 + sec) * 1000)
}
