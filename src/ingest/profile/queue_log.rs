//! Asterisk queue_log in its three shapes: the file (`epoch|callid|queue|agent|EVENT|data1..5`),
//! the realtime database table exported to CSV (`time, callid, queuename, agent, event,
//! data1..data5` or one `data` column) and PBXware's variant (`…,event,param1,param2,param3,
//! entpos,expos,htime,ttime,time`).
//!
//! Each line becomes one [`QEvent`] with the field meanings of `asterisk-queue-log.md` already
//! applied, so rebuilding calls does not care which shape the log had. A line is one row of the
//! file accounting: used (an event the engine uses), skipped by a named rule (system, outbound,
//! ignored or unknown events) or rejected with the column and a reason.

use super::Row;
use crate::ingest::fields::normalize_header;
use crate::ingest::values::{TimeParser, TimeZone};
use crate::model::call::MAX_KEY_BYTES;
use crate::model::message::Message;
use crate::model::pbx::{agent_device, ignored_event_rule, EventKind, PbxRecord, QEvent};
use crate::model::text::trim;
use crate::model::time::MAX_DURATION_MS;

/// The shape of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// The file form, no header, pipe-separated.
    File,
    /// The database form with data1..data5 columns (indexes of time, callid, queue, agent,
    /// event, data1..5).
    Database { idx: [usize; 10] },
    /// The database form with one pipe-joined `data` column.
    DatabaseJoined { idx: [usize; 6] },
    /// PBXware: time, date_time, callid, queue_name, type, event, param1..3, htime, ttime.
    Pbxware { idx: [usize; 11] },
}

impl Form {
    /// The form in words, for the import review.
    pub(crate) fn describe(&self) -> Message {
        match self {
            Form::File => Message::QueueLogFile,
            Form::Database { .. } => Message::QueueLogDatabase,
            Form::DatabaseJoined { .. } => Message::QueueLogDatabaseJoined,
            Form::Pbxware { .. } => Message::QueueLogPbxware,
        }
    }

    /// Recognises a database or PBXware header.
    pub(crate) fn from_header(header: &[&str]) -> Option<Form> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
        let find = |alts: &[&str]| names.iter().position(|n| alts.contains(&n.as_str()));
        let event = find(&["event", "verb"])?;
        let callid = find(&["callid", "uniqueid"])?;
        let queue = find(&["queuename", "queue"])?;
        if let (Some(p1), Some(p2), Some(p3), Some(ht), Some(tt)) =
            (find(&["param1"]), find(&["param2"]), find(&["param3"]), find(&["htime"]), find(&["ttime"]))
        {
            let agent = find(&["type", "agent"])?;
            let time = find(&["time"]).unwrap_or(usize::MAX);
            let epoch = find(&["datetime"]).unwrap_or(usize::MAX);
            if time == usize::MAX && epoch == usize::MAX {
                return None;
            }
            return Some(Form::Pbxware { idx: [time, epoch, callid, queue, agent, event, p1, p2, p3, ht, tt] });
        }
        let agent = find(&["agent"])?;
        let time = find(&["time", "datetime", "timestamp", "created"])?;
        if let (Some(d1), Some(d2), Some(d3), Some(d4), Some(d5)) =
            (find(&["data1"]), find(&["data2"]), find(&["data3"]), find(&["data4"]), find(&["data5"]))
        {
            return Some(Form::Database { idx: [time, callid, queue, agent, event, d1, d2, d3, d4, d5] });
        }
        let data = find(&["data"])?;
        Some(Form::DatabaseJoined { idx: [time, callid, queue, agent, event, data] })
    }
}

/// Whether a line looks like the file form: an epoch, then at least four more pipe fields, the
/// fifth an upper-case event name.
pub(crate) fn is_file_line(line: &str) -> bool {
    let mut parts = line.split('|');
    let (Some(t), Some(_), Some(_), Some(_), Some(ev)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let t = t.trim();
    let ev = ev.trim();
    t.len() >= 9
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !ev.is_empty()
        && ev.bytes().all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
}

/// Reads queue_log lines of one form.
#[derive(Clone)]
pub(crate) struct QueueLog {
    form: Form,
    times: TimeParser,
    header: Vec<String>,
}

impl QueueLog {
    pub(crate) fn new(form: Form, header: Vec<String>, times: TimeParser) -> QueueLog {
        QueueLog { form, times, header }
    }

    fn col(&self, i: usize, fallback: &str) -> String {
        self.header.get(i).cloned().unwrap_or_else(|| fallback.to_string())
    }

    pub(crate) fn map_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |i: usize| f.get(i).map_or("", |s| trim(s));
        match &self.form {
            Form::File => {
                if f.len() < 5 {
                    return Row::Reject("line".into(), Message::QueueLogTooFewFields { fields: f.len() });
                }
                let t = match epoch_ms(get(0), self.times.tz) {
                    Some(t) => t,
                    None => return Row::Reject("epoch".into(), Message::NotEpoch { value: truncate(get(0)) }),
                };
                let data = [get(5), get(6), get(7), get(8), get(9)];
                build(t, [get(1), get(2), get(3), get(4)], data, None)
            }
            Form::Database { idx } => {
                let t = match self.times.parse(get(idx[0])) {
                    Ok(t) => t,
                    Err(e) => return Row::Reject(self.col(idx[0], "time"), e),
                };
                let data = [get(idx[5]), get(idx[6]), get(idx[7]), get(idx[8]), get(idx[9])];
                build(t, [get(idx[1]), get(idx[2]), get(idx[3]), get(idx[4])], data, None)
            }
            Form::DatabaseJoined { idx } => {
                let t = match self.times.parse(get(idx[0])) {
                    Ok(t) => t,
                    Err(e) => return Row::Reject(self.col(idx[0], "time"), e),
                };
                let mut data = [""; 5];
                for (slot, piece) in data.iter_mut().zip(get(idx[5]).split('|')) {
                    *slot = piece.trim();
                }
                build(t, [get(idx[1]), get(idx[2]), get(idx[3]), get(idx[4])], data, None)
            }
            Form::Pbxware { idx } => {
                // The local `time` column is what the PBX showed; the epoch is the fallback.
                let local = (idx[0] != usize::MAX).then(|| self.times.parse(get(idx[0])).ok()).flatten();
                let t = match local.or_else(|| epoch_ms(get(idx[1]), self.times.tz)) {
                    Some(t) => t,
                    None => {
                        let i = if idx[0] != usize::MAX { idx[0] } else { idx[1] };
                        return Row::Reject(self.col(i, "time"), Message::UnknownTime { value: truncate(get(i)) });
                    }
                };
                let p = Pbx { p1: get(idx[6]), p3: get(idx[8]), htime: get(idx[9]), ttime: get(idx[10]) };
                build(t, [get(idx[2]), get(idx[3]), get(idx[4]), get(idx[5])], [""; 5], Some(p))
            }
        }
    }
}

const HOLD: fn(String, String) -> Message = |event, value| Message::EventBadHoldtime { event, value };
const RING: fn(String, String) -> Message = |event, value| Message::EventBadRingTime { event, value };
const CALL: fn(String, String) -> Message = |event, value| Message::EventBadCallTime { event, value };
const WAIT: fn(String, String) -> Message = |event, value| Message::EventBadWaitTime { event, value };

/// PBXware's extra columns.
struct Pbx<'a> {
    p1: &'a str,
    p3: &'a str,
    htime: &'a str,
    ttime: &'a str,
}

/// `s` cut to at most `max` bytes, at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Epoch seconds (with or without a fraction) as local milliseconds.
pub(crate) fn epoch_ms(s: &str, tz: TimeZone) -> Option<i64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || int.len() > 12
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let secs: i64 = int.parse().ok()?;
    let mut ms = 0i64;
    for (i, b) in frac.bytes().take(3).enumerate() {
        ms += i64::from(b - b'0') * [100, 10, 1][i];
    }
    Some(tz.local_ms(secs.checked_mul(1000)? + ms))
}

/// The largest duration a queue_log field may hold, in seconds: the range every reader shares.
const MAX_S: i64 = MAX_DURATION_MS / 1000;

/// Why a number field cannot be used (the value cut to 40 characters).
enum Bad {
    NotANumber(String),
    TooLong(String),
}

/// A whole number of seconds (or milliseconds) from 0 to `max`; empty is `None`. A number past
/// `max` is a reject of its own: a wait of 10¹⁰ s once made sums wrap and loops run for ever.
fn number(s: &str, max: i64) -> Result<Option<i64>, Bad> {
    if s.is_empty() {
        return Ok(None);
    }
    let v = match s.parse::<i64>() {
        Ok(v) if v >= 0 => v,
        _ => match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
                v.round().min(i64::MAX as f64) as i64
            }
            _ => return Err(Bad::NotANumber(truncate(s))),
        },
    };
    if v > max {
        return Err(Bad::TooLong(truncate(s)));
    }
    Ok(Some(v))
}

/// The event of one line: `head` is callid, queue, agent, event; `d` data1..data5 of the
/// Asterisk forms, `pbx` the PBXware columns instead.
fn build<'a>(t_ms: i64, head: [&str; 4], d: [&str; 5], pbx: Option<Pbx<'_>>) -> Row<'a> {
    let [callid, queue, agent, name] = head;
    if name.is_empty() {
        return Row::Reject("event".into(), Message::NoEventName);
    }
    let Some(kind) = EventKind::from_name(name) else {
        return match ignored_event_rule(name) {
            Some(rule) => Row::Skip(rule),
            None => Row::Unknown(truncate(name)),
        };
    };
    let long =
        [("callid", callid), ("queue", queue), ("agent", agent)].into_iter().find(|(_, v)| v.len() > MAX_KEY_BYTES);
    if let Some((column, v)) = long {
        return Row::Reject(column.into(), Message::ValueTooLong { bytes: v.len(), limit: MAX_KEY_BYTES });
    }
    let no_call = callid.is_empty() || matches!(callid, "NONE" | "REALTIME" | "MANAGER" | "CLI");
    if !kind.is_agent_event() && no_call {
        return Row::Reject("callid".into(), Message::EventWithoutCallId { event: name.to_string() });
    }
    if (kind.is_agent_event() || matches!(kind, EventKind::Connect | EventKind::RingNoAnswer))
        && (agent.is_empty() || agent == "NONE")
    {
        return Row::Reject("agent".into(), Message::EventWithoutAgent { event: name.to_string() });
    }
    let mut e = QEvent {
        t_ms,
        callid: callid.into(),
        queue: queue.into(),
        agent: agent_device(agent),
        kind,
        wait_s: None,
        talk_s: None,
        ring_ms: None,
        text: None,
    };
    // Caller numbers, pause reasons, keys: cut to the key limit (they become group keys too).
    let text = |s: &str| (!s.is_empty()).then(|| Box::<str>::from(cut(s, MAX_KEY_BYTES)));
    use EventKind::*;
    let parsed: Result<(), (String, Message)> = (|| {
        let event = || name.to_string();
        let in_range = |s: &str, col: &str, what: fn(String, String) -> Message, max: i64| {
            number(s, max).map_err(|bad| {
                let m = match bad {
                    Bad::NotANumber(value) => what(event(), value),
                    Bad::TooLong(value) => Message::EventDurationTooLong { event: event(), value },
                };
                (col.to_string(), m)
            })
        };
        // Seconds, except the ring time of RINGNOANSWER/RINGCANCELED (milliseconds).
        let num = |s: &str, col: &str, what: fn(String, String) -> Message| in_range(s, col, what, MAX_S);
        let num_ms = |s: &str, col: &str| in_range(s, col, RING, MAX_DURATION_MS);
        if let Some(p) = &pbx {
            match kind {
                EnterQueue => e.text = text(p.p1),
                Connect => {
                    e.wait_s = num(p.htime, "htime", HOLD)?;
                    e.ring_ms = num(p.p3, "param3", RING)?.map(|s| s * 1000);
                }
                CompleteCaller | CompleteAgent | BlindTransfer | AttendedTransfer | Transfer => {
                    e.wait_s = num(p.htime, "htime", HOLD)?;
                    e.talk_s = num(p.ttime, "ttime", CALL)?;
                }
                Abandon | ExitWithTimeout | ExitEmpty | ExitWithKey | Withdraw => {
                    e.wait_s = num(p.htime, "htime", WAIT)?
                }
                RingNoAnswer | RingCanceled => e.ring_ms = num_ms(p.htime, "htime")?,
                AddMember | Pause | PauseAll | Unpause | UnpauseAll => e.text = text(p.p1),
                _ => {}
            }
            return Ok(());
        }
        match kind {
            EnterQueue => e.text = text(d[1]),
            Connect => {
                e.wait_s = num(d[0], "data1", HOLD)?;
                e.ring_ms = num(d[2], "data3", RING)?.map(|s| s * 1000);
            }
            CompleteCaller | CompleteAgent => {
                e.wait_s = num(d[0], "data1", HOLD)?;
                e.talk_s = num(d[1], "data2", CALL)?;
            }
            BlindTransfer | Transfer => {
                e.text = text(d[0]);
                e.wait_s = num(d[2], "data3", HOLD)?;
                e.talk_s = num(d[3], "data4", CALL)?;
            }
            AttendedTransfer => {
                e.text = text(d[0]);
                if d[0] == "LINK" {
                    e.wait_s = num(d[3], "data4", HOLD)?;
                    e.talk_s = num(d[4], "data5", CALL)?;
                } else {
                    e.wait_s = num(d[2], "data3", HOLD)?;
                    e.talk_s = num(d[3], "data4", CALL)?;
                }
            }
            Abandon | ExitWithTimeout | ExitEmpty => e.wait_s = num(d[2], "data3", WAIT)?,
            ExitWithKey => {
                e.text = text(d[0]);
                e.wait_s = num(d[3], "data4", WAIT)?;
            }
            Withdraw => {
                e.wait_s = num(d[2], "data3", WAIT)?;
                e.text = text(d[3]);
            }
            RingNoAnswer | RingCanceled => e.ring_ms = num_ms(d[0], "data1")?,
            AddMember | Pause | PauseAll | Unpause | UnpauseAll => e.text = text(d[0]),
            AgentLogin | AgentLogoff | RemoveMember => {}
        }
        Ok(())
    })();
    match parsed {
        Ok(()) => Row::Pbx(Box::new(PbxRecord::Event(e))),
        Err((col, reason)) => Row::Reject(col, reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::DateOrder;

    fn reader(form: Form) -> QueueLog {
        QueueLog::new(form, Vec::new(), TimeParser::new(TimeZone::Fixed(0), DateOrder::Ymd))
    }

    fn event(row: Row<'_>) -> QEvent {
        match row {
            Row::Pbx(rec) => match *rec {
                PbxRecord::Event(e) => e,
                _ => panic!("not an event"),
            },
            _ => panic!("not an event"),
        }
    }

    #[test]
    fn file_form_fields_follow_the_asterisk_table() {
        let q = reader(Form::File);
        let e = event(q.map_row(&[
            "1675555761",
            "1675555752.0",
            "Support",
            "PJSIP/400",
            "CONNECT",
            "8",
            "1675555753.1",
            "7",
        ]));
        assert_eq!((e.kind, e.wait_s, e.ring_ms, e.t_ms), (EventKind::Connect, Some(8), Some(7000), 1_675_555_761_000));
        let e = event(q.map_row(&["1", "1.0", "q", "NONE", "EXITWITHKEY", "5", "1", "1", "33"].map(|s| {
            if s == "1" {
                "1675555761"
            } else {
                s
            }
        })));
        assert_eq!((e.wait_s, e.text.as_deref()), (Some(33), Some("5")));
        let e =
            event(q.map_row(&["1675555761", "x.1", "q", "A", "ATTENDEDTRANSFER", "LINK", "c1", "c2", "4", "60", "1"]));
        assert_eq!((e.wait_s, e.talk_s), (Some(4), Some(60)));
    }

    #[test]
    fn bad_lines_are_rejects_with_reasons_and_unknown_events_are_named() {
        let q = reader(Form::File);
        assert!(matches!(q.map_row(&["abc", "1", "q", "a", "CONNECT"]), Row::Reject(c, _) if c == "epoch"));
        assert!(
            matches!(q.map_row(&["1675555761", "NONE", "q", "NONE", "ENTERQUEUE"]), Row::Reject(c, _) if c == "callid")
        );
        assert!(
            matches!(q.map_row(&["1675555761", "1.2", "q", "a", "COMPLETECALLER", "x"]), Row::Reject(c, _) if c == "data1")
        );
        assert!(matches!(q.map_row(&["1675555761", "NONE", "NONE", "NONE", "QUEUESTART"]), Row::Skip("SYSTEM_EVENT")));
        assert!(matches!(q.map_row(&["1675555761", "1.2", "q", "NONE", "MYEVENT"]), Row::Unknown(n) if n == "MYEVENT"));
        assert!(matches!(q.map_row(&["1675555761|x"]), Row::Reject(..)));
    }

    #[test]
    fn database_and_pbxware_headers_are_recognised() {
        let db = ["time", "callid", "queuename", "agent", "event", "data1", "data2", "data3", "data4", "data5"];
        assert!(matches!(Form::from_header(&db), Some(Form::Database { .. })));
        let joined = ["id", "time", "callid", "queuename", "agent", "event", "data"];
        assert!(matches!(Form::from_header(&joined), Some(Form::DatabaseJoined { .. })));
        let pbx = "uid,date_time,callid,queue_name,type,event,param1,param2,param3,entpos,expos,htime,ttime,time";
        let pbx: Vec<&str> = pbx.split(',').collect();
        assert!(matches!(Form::from_header(&pbx), Some(Form::Pbxware { .. })));
        assert!(Form::from_header(&["call id", "start", "agent"]).is_none());
    }
}
