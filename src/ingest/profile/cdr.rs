//! Call detail records without a header: Asterisk's `Master.csv` (cdr_csv, 16–21 columns by
//! configuration) and FreeSWITCH's mod_cdr_csv default template.
//!
//! A row is one leg. Legs are not calls: one inbound call that rings three phones writes several
//! legs sharing a linkedid. The reader only turns rows into [`Leg`]s; [`crate::pbx`] merges them
//! into calls (across chunks and files) when the report is built.

use super::Row;
use crate::ingest::values::TimeParser;
use crate::model::call::{hash_id, MAX_KEY_BYTES};
use crate::model::message::Message;
use crate::model::pbx::{agent_device, agent_number, is_extension, is_outside_number, Disposition, Leg, PbxRecord};
use crate::model::text::trim;
use crate::model::time::MAX_DURATION_MS;

/// Where the fields of an Asterisk Master.csv are. Found from the position of the disposition
/// column, which is the one column whose values are fixed words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AsteriskLayout {
    pub width: usize,
    pub disposition: usize,
    pub uniqueid: Option<usize>,
    pub linkedid: Option<usize>,
    /// Where the other fields are: cdr_csv's fixed order around the disposition, or, in a
    /// database table's export with its header (FreePBX's or PBXware's `cdr` table), by name.
    pub columns: Columns,
    /// The columns were taken by name: rows must be as wide as the header.
    pub by_name: bool,
}

/// The columns of a CDR's fields. A table exported with its header keeps `calldate`, `duration`
/// (start to hang-up) and `billsec` (answer to hang-up) but no answer or end time: those are
/// `calldate + duration − billsec` and `calldate + duration`, as Asterisk defines the two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Columns {
    pub start: usize,
    pub answer: Option<usize>,
    pub end: Option<usize>,
    pub duration: Option<usize>,
    pub billsec: usize,
    pub src: usize,
    pub dst: usize,
    pub channel: Option<usize>,
    pub dstchannel: Option<usize>,
    pub lastapp: Option<usize>,
    pub lastdata: Option<usize>,
}

impl Columns {
    /// cdr_csv's order: start, answer, end, duration and billsec just before the disposition
    /// `d`, the applications and channels before them; src and dst second and third.
    fn around(d: usize) -> Columns {
        Columns {
            start: d - 5,
            answer: Some(d - 4),
            end: Some(d - 3),
            duration: Some(d - 2),
            billsec: d - 1,
            src: 1,
            dst: 2,
            channel: Some(d - 9),
            dstchannel: Some(d - 8),
            lastapp: Some(d - 7),
            lastdata: Some(d - 6),
        }
    }
}

/// A CDR table's header row: its columns by name, when it names a disposition, billsec, a start
/// time (`calldate` or `start`), src and dst.
fn named_columns(header: &[String]) -> Option<(usize, Columns)> {
    let at = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
    let columns = Columns {
        start: at(&["calldate", "start"])?,
        answer: at(&["answer"]),
        end: at(&["end"]),
        duration: at(&["duration"]),
        billsec: at(&["billsec"])?,
        src: at(&["src"])?,
        dst: at(&["dst"])?,
        channel: at(&["channel"]),
        dstchannel: at(&["dstchannel"]),
        lastapp: at(&["lastapp"]),
        lastdata: at(&["lastdata"]),
    };
    Some((at(&["disposition"])?, columns))
}

/// Which header-less CDR a file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CdrKind {
    Asterisk(AsteriskLayout),
    Freeswitch,
}

fn is_uniqueid(s: &str) -> bool {
    // `1706368044.0`, or with a system-name prefix: `mainserverdss-1706420300.0`.
    let tail = s.rsplit('-').next().unwrap_or("");
    let (a, b) = tail.split_once('.').unwrap_or(("", ""));
    a.len() >= 9 && !b.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().filter(|b| *b == b'-').count() == 4
        && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

fn is_cause(s: &str) -> bool {
    s.len() >= 4 && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') && s.contains('_')
}

/// Recognises a header-less CDR from its first records, with a reason a person can read.
pub(crate) fn detect(rows: &[Vec<String>], times: &TimeParser) -> Option<(CdrKind, Message)> {
    let rows: Vec<&Vec<String>> = rows.iter().filter(|r| r.len() > 1).take(20).collect();
    if rows.is_empty() {
        return None;
    }
    let need = rows.len().div_ceil(2).max(1);
    // Asterisk: a disposition at 14 (standard) or 13 (layouts without accountcode), a start
    // time five columns before it.
    for d in [14usize, 13] {
        let hits = rows
            .iter()
            .filter(|r| {
                (16..=21).contains(&r.len())
                    && r.get(d).is_some_and(|v| Disposition::from_asterisk(v).is_some())
                    && r.get(d - 5).is_some_and(|v| times.parse(v).is_ok())
            })
            .count();
        if hits >= need {
            let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
            // A database export with a header row names its columns (and may order them
            // differently from cdr_csv: the MySQL `cdr` table has userfield before uniqueid).
            let header = rows.iter().find(|r| r.get(d).is_some_and(|v| v.trim().eq_ignore_ascii_case("disposition")));
            let named = |name: &str| header.and_then(|h| h.iter().position(|v| v.trim().eq_ignore_ascii_case(name)));
            let ids = |i: usize| rows.iter().filter(|r| r.get(i).is_some_and(|v| is_uniqueid(v))).count() >= need;
            let uniqueid = named("uniqueid").or_else(|| {
                if d == 14 && width >= 17 && ids(16) {
                    Some(16)
                } else {
                    (d + 1..width).find(|&i| ids(i))
                }
            });
            let linkedid = named("linkedid").or_else(|| {
                if d == 14 && width >= 20 && (ids(19) || uniqueid.is_none_or(|u| u == 16)) {
                    Some(19)
                } else {
                    uniqueid.and_then(|u| (u + 1..width).find(|&i| ids(i)))
                }
            });
            let column = d + 1;
            let reason = if header.is_some() {
                Message::CdrAsteriskNamed { width, column }
            } else {
                Message::CdrAsterisk { width, column }
            };
            let layout = AsteriskLayout {
                width,
                disposition: d,
                uniqueid,
                linkedid,
                columns: Columns::around(d),
                by_name: false,
            };
            return Some((CdrKind::Asterisk(layout), reason));
        }
    }
    // A CDR table with its header, in another order or width than cdr_csv's (PBXware's `cdr`
    // table: 26 columns, calldate at 11; FreePBX's: disposition at 12): columns by name.
    if let Some((h, (d, columns))) = rows.iter().enumerate().find_map(|(i, r)| named_columns(r).map(|c| (i, c))) {
        let hits = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                *i != h
                    && r.get(d).is_some_and(|v| Disposition::from_asterisk(v).is_some())
                    && r.get(columns.start).is_some_and(|v| times.parse(v).is_ok())
            })
            .count();
        if hits >= (rows.len() - 1).div_ceil(2).max(1) {
            let header = rows[h];
            let at = |name: &str| header.iter().position(|v| v.trim().eq_ignore_ascii_case(name));
            let width = header.len();
            let (uniqueid, linkedid) = (at("uniqueid"), at("linkedid"));
            let layout = AsteriskLayout { width, disposition: d, uniqueid, linkedid, columns, by_name: true };
            return Some((CdrKind::Asterisk(layout), Message::CdrAsteriskTable { width, column: d + 1 }));
        }
    }
    let fs = rows
        .iter()
        .filter(|r| {
            (12..=20).contains(&r.len())
                && r.get(9).is_some_and(|v| is_cause(v.trim()))
                && r.get(10).is_some_and(|v| is_uuid(v.trim()))
                && r.get(4).is_some_and(|v| times.parse(v).is_ok())
        })
        .count();
    if fs >= need {
        return Some((CdrKind::Freeswitch, Message::CdrFreeswitch));
    }
    None
}

/// The answering party of a destination channel: `SIP/301-00000004` → `SIP/301`,
/// `Local/201@from-queue-0000002a;1` → `Local/201@from-queue`.
pub(crate) fn channel_peer(ch: &str) -> Option<&str> {
    let ch = ch.trim();
    if ch.is_empty() {
        return None;
    }
    let base = ch.split(';').next().unwrap_or(ch);
    match base.rsplit_once('-') {
        Some((peer, seq)) if !peer.is_empty() && !seq.is_empty() && seq.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(peer)
        }
        _ => Some(base),
    }
}

/// Reads CDR rows of one kind.
#[derive(Clone)]
pub(crate) struct Cdr {
    pub kind: CdrKind,
    times: TimeParser,
}

impl Cdr {
    pub(crate) fn new(kind: CdrKind, times: TimeParser) -> Cdr {
        Cdr { kind, times }
    }

    pub(crate) fn map_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        match &self.kind {
            CdrKind::Asterisk(l) => self.asterisk(l, f),
            CdrKind::Freeswitch => self.freeswitch(f),
        }
    }

    fn time(&self, f: &[&str], i: usize, name: &str) -> Result<Option<i64>, (String, Message)> {
        let v = f.get(i).map_or("", |s| trim(s));
        if v.is_empty() || v == "NULL" {
            return Ok(None);
        }
        self.times.parse(v).map(Some).map_err(|e| (name.to_string(), e))
    }

    fn asterisk<'a>(&self, l: &AsteriskLayout, f: &[&'a str]) -> Row<'a> {
        let (d, c) = (l.disposition, &l.columns);
        // Database exports write SQL NULL as the word.
        let get = |i: usize| match f.get(i).map_or("", |s| trim(s)) {
            "NULL" => "",
            v => v,
        };
        let opt = |i: Option<usize>| i.map_or("", get);
        if get(d).eq_ignore_ascii_case("disposition") {
            return Row::Skip("HEADER");
        }
        // cdr_csv writes at least 16 fields; a table's rows are as wide as its header.
        let too_narrow = if l.by_name { f.len() < l.width } else { f.len() < 16 };
        if f.len() <= d || too_narrow {
            return Row::Reject("row".into(), Message::CdrRowWidth { fields: f.len(), width: l.width });
        }
        let Some(disposition) = Disposition::from_asterisk(get(d)) else {
            return Row::Reject("disposition".into(), Message::UnknownDisposition { value: truncate(get(d)) });
        };
        let seconds = |i: usize, name: &str| match get(i).parse::<i64>() {
            Ok(v) if (0..=7 * 86_400).contains(&v) => Ok(v),
            _ => Err((name.to_string(), Message::NotSeconds { value: truncate(get(i)) })),
        };
        let start_name = if l.by_name { "calldate" } else { "start" };
        let parsed = (|| {
            let start = self.time(f, c.start, start_name)?.ok_or((start_name.to_string(), Message::NoStartTime))?;
            let answer = c.answer.map(|i| self.time(f, i, "answer")).transpose()?.flatten();
            let end = c.end.map(|i| self.time(f, i, "end")).transpose()?.flatten();
            let billsec = seconds(c.billsec, "billsec")?;
            // A table without answer and end times: from the durations (read only then).
            let duration = match (c.answer, c.end, c.duration) {
                (Some(_), Some(_), _) | (_, _, None) => None,
                (_, _, Some(i)) => Some(seconds(i, "duration")?),
            };
            let answer = match c.answer {
                Some(_) => answer,
                // Answered: it rang for duration − billsec.
                None => duration
                    .filter(|d| disposition == Disposition::Answered && *d >= billsec)
                    .map(|d| start + (d - billsec) * 1000),
            };
            let end = if c.end.is_some() { end } else { duration.map(|d| start + d * 1000) };
            Ok((start, answer, end, billsec))
        })();
        let (start, answer, end, billsec) = match parsed {
            Ok(v) => v,
            Err((c, r)) => return Row::Reject(c, r),
        };
        if answer.is_some_and(|a| a < start) {
            return Row::Reject("answer".into(), Message::AnswerBeforeStart);
        }
        let uniqueid = opt(l.uniqueid);
        let linkedid = opt(l.linkedid);
        let row_hash = hash_id(f);
        let key: Box<str> = if !linkedid.is_empty() {
            linkedid.into()
        } else if !uniqueid.is_empty() {
            uniqueid.into()
        } else {
            format!("row-{row_hash:016x}").into()
        };
        let queue = opt(c.lastapp)
            .eq_ignore_ascii_case("queue")
            .then(|| opt(c.lastdata).split(',').next().unwrap_or("").trim())
            .filter(|q| !q.is_empty())
            .map(Box::from);
        let (src, dst) = (get(c.src), get(c.dst));
        let outbound = queue.is_none() && is_extension(src) && is_outside_number(dst);
        checked(Leg {
            key,
            uniqueid: uniqueid.into(),
            start_ms: start,
            answer_ms: answer,
            end_ms: end,
            billsec_s: billsec,
            disposition,
            caller: src.into(),
            agent: channel_peer(opt(c.dstchannel)).map(agent_device),
            queue,
            row_hash,
            dst: dst.into(),
            src_peer: channel_peer(opt(c.channel)).map(agent_device),
            outbound,
        })
    }

    fn freeswitch<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |i: usize| f.get(i).map_or("", |s| trim(s));
        if f.len() < 11 {
            return Row::Reject("row".into(), Message::FreeswitchRowWidth { fields: f.len() });
        }
        let parsed = (|| {
            let start = self.time(f, 4, "start_stamp")?.ok_or(("start_stamp".to_string(), Message::NoStartTime))?;
            Ok((start, self.time(f, 5, "answer_stamp")?, self.time(f, 6, "end_stamp")?))
        })();
        let (start, answer, end) = match parsed {
            Ok(v) => v,
            Err((c, r)) => return Row::Reject(c, r),
        };
        let billsec = match get(8).parse::<i64>() {
            Ok(v) if (0..=7 * 86_400).contains(&v) => v,
            _ => return Row::Reject("billsec".into(), Message::NotSeconds { value: truncate(get(8)) }),
        };
        let uuid = get(10);
        if uuid.is_empty() {
            return Row::Reject("uuid".into(), Message::NoCallUuid);
        }
        let disposition = if answer.is_some() { Disposition::Answered } else { Disposition::from_hangup_cause(get(9)) };
        // FreeSWITCH names the calls it originates (click-to-dial, diallers) "Outbound Call".
        let (name, number, dst) = (get(0), get(1), get(2));
        let outbound = name.eq_ignore_ascii_case("Outbound Call") || (is_extension(number) && is_outside_number(dst));
        checked(Leg {
            dst: dst.into(),
            src_peer: Some(number).filter(|n| !n.is_empty()).map(agent_number),
            outbound,
            key: uuid.into(),
            uniqueid: uuid.into(),
            start_ms: start,
            answer_ms: answer,
            end_ms: end,
            billsec_s: billsec,
            disposition,
            caller: get(1).into(),
            agent: answer.and(Some(get(2)).filter(|s| !s.is_empty())).map(agent_number),
            queue: None,
            row_hash: hash_id(f),
        })
    }
}

/// The leg, or a reject when its times or names are out of the ranges every reader shares:
/// answer within 7 days of the start and end within 14 (as for call records), names and ids
/// within [`MAX_KEY_BYTES`]. A CDR with an end in year 9999 once gave a wait of 2³² s.
fn checked<'a>(leg: Leg) -> Row<'a> {
    if let Some(a) = leg.answer_ms {
        if a - leg.start_ms > MAX_DURATION_MS {
            return Row::Reject("answer".into(), Message::AnswerTooLate);
        }
    }
    if let Some(e) = leg.end_ms {
        if e < leg.start_ms {
            return Row::Reject("end".into(), Message::EndBeforeArrival);
        }
        if e - leg.start_ms > 2 * MAX_DURATION_MS {
            return Row::Reject("end".into(), Message::EndTooLate);
        }
    }
    let names = [
        ("uniqueid", Some(&leg.uniqueid)),
        ("linkedid", Some(&leg.key)),
        ("src", Some(&leg.caller)),
        ("dstchannel", leg.agent.as_ref()),
        ("lastdata", leg.queue.as_ref()),
        ("dst", Some(&leg.dst)),
        ("channel", leg.src_peer.as_ref()),
    ];
    if let Some((column, v)) =
        names.into_iter().find_map(|(c, v)| v.filter(|v| v.len() > MAX_KEY_BYTES).map(|v| (c, v)))
    {
        return Row::Reject(column.into(), Message::ValueTooLong { bytes: v.len(), limit: MAX_KEY_BYTES });
    }
    Row::Pbx(Box::new(PbxRecord::Leg(leg)))
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::{DateOrder, TimeZone};

    fn times() -> TimeParser {
        TimeParser::new(TimeZone::Fixed(0), DateOrder::Ymd)
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines().map(|l| l.split(',').map(|s| s.trim_matches('"').to_string()).collect()).collect()
    }

    #[test]
    fn master_csv_layouts_are_found_by_the_disposition_column() {
        let std21 = r#""","0456","211474","ctx","""A"" <0456>","SIP/211474-00000000","SIP/301-00000004","Dial","x","2024-01-27 15:07:24","2024-01-27 15:07:24","2024-01-27 15:07:51",27,27,"ANSWERED","DOCUMENTATION","1706368044.0","","","1706368044.0",0"#;
        let (kind, _) = detect(&rows(std21), &times()).expect("detected");
        assert_eq!(
            kind,
            CdrKind::Asterisk(AsteriskLayout {
                width: 21,
                disposition: 14,
                uniqueid: Some(16),
                linkedid: Some(19),
                columns: Columns::around(14),
                by_name: false,
            })
        );
        let fs = "Outbound Call,1002,&,default,2020/2/10 22:41,2020/2/10 22:41,2020/2/10 22:41,11,9,NORMAL_CLEARING,d80e22e0-4c15-11ea-97a0-9dd79410affb,,1002,PCMU,PCMU";
        assert_eq!(detect(&rows(fs), &times()).map(|d| d.0), Some(CdrKind::Freeswitch));
        assert!(detect(&rows("a,b,c\n1,2,3"), &times()).is_none());
    }

    #[test]
    fn cdr_tables_with_a_header_are_read_by_column_name_with_answer_and_end_from_the_durations() {
        // PBXware's `cdr` table: 26 columns, calldate in column 11, no answer or end time.
        let pbxware = "AcctId,tenant,clid,src,dst,dcontext,channel,dstchannel,lastapp,lastdata,calldate,duration,\
billsec,billamount,disposition,amaflags,accountcode,uniqueid,userfield,linkedid,sequence,agiuniqueid,trunk,did,sipcallid,\
inboundsipcallid\n\
7,NULL,Caller <0456>,0456123,6001,default,PJSIP/trunk-00000001,PJSIP/1115-00000002,Queue,IT,2018-11-29 20:19:34,37,32,\
NULL,ANSWERED,3,,1543540774.0,,1543540774.0,0,1543540774.0,NULL,NULL,NULL,NULL\n\
8,NULL,Caller <0456>,0456123,6001,default,PJSIP/trunk-00000003,,Queue,IT,2018-11-29 20:30:00,12,0,NULL,NO ANSWER,3,,\
1543541400.1,,1543541400.1,0,1543541400.1,NULL,NULL,NULL,NULL";
        let table = rows(pbxware);
        let (kind, reason) = detect(&table, &times()).expect("detected");
        assert!(matches!(reason, Message::CdrAsteriskTable { width: 26, column: 15 }), "{reason:?}");
        let CdrKind::Asterisk(layout) = &kind else { panic!("{kind:?}") };
        assert_eq!((layout.disposition, layout.uniqueid, layout.linkedid), (14, Some(17), Some(19)));
        let cdr = Cdr::new(kind.clone(), times());
        let leg = |row: &Vec<String>| {
            let f: Vec<&str> = row.iter().map(String::as_str).collect();
            match cdr.map_row(&f) {
                Row::Pbx(r) => match *r {
                    PbxRecord::Leg(leg) => leg,
                    other => panic!("{other:?}"),
                },
                Row::Skip(rule) => panic!("skipped by {rule}"),
                Row::Reject(c, m) => panic!("{c}: {m:?}"),
                _ => panic!("not a leg"),
            }
        };
        let answered = leg(&table[1]);
        let start = times().parse("2018-11-29 20:19:34").unwrap();
        assert_eq!(answered.start_ms, start);
        assert_eq!(answered.answer_ms, Some(start + 5_000), "rang duration − billsec = 5 s");
        assert_eq!(answered.end_ms, Some(start + 37_000));
        assert_eq!((answered.billsec_s, answered.disposition), (32, Disposition::Answered));
        assert_eq!(answered.queue.as_deref(), Some("IT"));
        assert_eq!(answered.agent.as_deref(), Some("PJSIP/1115"));
        assert_eq!(&*answered.key, "1543540774.0");
        let missed = leg(&table[2]);
        assert_eq!((missed.answer_ms, missed.disposition), (None, Disposition::NoAnswer));
        assert_eq!(missed.end_ms, Some(times().parse("2018-11-29 20:30:12").unwrap()));
        let f: Vec<&str> = table[0].iter().map(String::as_str).collect();
        assert!(matches!(cdr.map_row(&f), Row::Skip("HEADER")));
        // FreePBX's `cdr` table puts the disposition in column 12.
        let freepbx = "calldate,clid,src,dst,dcontext,channel,dstchannel,lastapp,lastdata,duration,billsec,disposition,\
amaflags,accountcode,uniqueid,userfield,did,recordingfile,cnum,cnam,outbound_cnum,outbound_cnam,dst_cnam,linkedid,\
peeraccount,sequence\n\
2024-03-01 09:00:00,A <0456>,0456123,600,ext-queues,SIP/trunk-1,SIP/201-2,Queue,600,40,30,ANSWERED,3,,1709283600.5,,,,,,,,,\
1709283600.5,,1";
        let (kind, _) = detect(&rows(freepbx), &times()).expect("detected");
        let CdrKind::Asterisk(layout) = kind else { panic!() };
        // A table of a few selected columns is read too (cdr_csv's 16-field minimum is not its).
        let narrow = rows("calldate,src,dst,billsec,disposition\n2024-03-01 09:00:00,0456123,600,30,ANSWERED");
        let (kind, _) = detect(&narrow, &times()).expect("detected");
        let f: Vec<&str> = narrow[1].iter().map(String::as_str).collect();
        assert!(matches!(Cdr::new(kind, times()).map_row(&f), Row::Pbx(_)), "a 5-column table's row is a leg");
        assert_eq!(
            (layout.disposition, layout.by_name, layout.columns.start, layout.columns.billsec),
            (11, true, 0, 10)
        );
    }

    #[test]
    fn destination_channels_lose_their_sequence_suffix() {
        assert_eq!(channel_peer("SIP/301-00000004"), Some("SIP/301"));
        assert_eq!(channel_peer("Local/201@from-queue-0000002a;1"), Some("Local/201@from-queue"));
        assert_eq!(channel_peer("PJSIP/400"), Some("PJSIP/400"));
        assert_eq!(channel_peer(" "), None);
    }
}
