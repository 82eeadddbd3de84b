//! The generic call-record profile: one row per call, columns found by header name.

use super::Row;
use crate::ingest::fields::{ColumnMap, Field};
use crate::ingest::values::{
    normalize_value, outbound_result_from_value, outcome_from_value, parse_duration, parse_flag, parse_satisfaction,
    with_normalized, Recent, TimeParser,
};
use crate::model::call::{hash_id, hash_id_bytes, Call, OutboundCall, OutboundResult, Outcome};
use crate::model::message::Message;
use crate::model::text::{nothing_to_trim, trim};
use crate::model::time::MAX_DURATION_MS;

/// Two seconds of slack before numbers that contradict each other reject a row.
const TOLERANCE_MS: i64 = 2000;

#[derive(Clone)]
pub(crate) struct Generic {
    map: ColumnMap,
    /// Column of each field, looked up once instead of per row.
    index: [Option<usize>; Field::COUNT],
    header: Vec<String>,
    times: TimeParser,
    /// User's outcome table (normalized value → outcome), consulted before the built-in one.
    outcomes: Vec<(String, Outcome)>,
    /// User's outbound result table (normalized value → meaning), before the built-in one.
    results: Vec<(String, OutboundResult)>,
    /// The file is a dialler export (a campaign column): rows without a direction are outbound.
    dialler: bool,
    /// Recent outcome values read (`None`: not an outcome) and direction values (outbound?).
    recent_outcomes: Recent<Option<Outcome>>,
    recent_directions: Recent<bool>,
}

/// An inbound call's id from its id column's value (`None` when blank).
pub(super) fn call_id(value: &str) -> Option<u64> {
    let v = trim(value);
    (!v.is_empty()).then(|| hash_id(&[v]))
}

/// [`call_id`] of the value's bytes, before the row is read as text (the index is warmed with the
/// ids of rows ahead): the common value with nothing to trim is hashed as it is, without checking
/// it is UTF-8 first (that check was 1.6 % of a report's instructions); any other goes as text.
pub(super) fn call_id_of_bytes(value: &[u8]) -> Option<u64> {
    if nothing_to_trim(value) {
        Some(hash_id_bytes(value))
    } else {
        call_id(std::str::from_utf8(value).ok()?)
    }
}

impl Generic {
    /// The column of the call id, if the file has one.
    pub(super) fn call_id_column(&self) -> Option<usize> {
        self.index[Field::CallId as usize]
    }

    pub(crate) fn new(
        map: ColumnMap,
        header: Vec<String>,
        times: TimeParser,
        outcomes: Vec<(String, Outcome)>,
        results: Vec<(String, OutboundResult)>,
    ) -> Generic {
        let mut index = [None; Field::COUNT];
        for (i, slot) in index.iter_mut().enumerate() {
            *slot = Field::ALL.get(i).and_then(|f| map.index(*f));
        }
        let dialler = map.has(Field::Campaign);
        Generic {
            map,
            index,
            header,
            times,
            outcomes,
            results,
            dialler,
            recent_outcomes: Recent::default(),
            recent_directions: Recent::default(),
        }
    }

    /// The trimmed value of `field` in row `f` with its column, when the column is there and the
    /// cell is not empty.
    fn get<'a>(&self, f: &[&'a str], field: Field) -> Option<(usize, &'a str)> {
        self.index[field as usize].and_then(|i| f.get(i).map(|v| (i, trim(v)))).filter(|(_, v)| !v.is_empty())
    }

    /// A column's name, for a reject.
    fn col(&self, i: usize) -> String {
        self.header.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1))
    }

    /// When a call began (arrival, or an outbound call's start): one timestamp column, or a date
    /// column and a time column; `None` when the row has neither.
    fn start_time(&self, f: &[&str]) -> Option<Result<i64, (usize, Message)>> {
        Some(match (self.get(f, Field::Arrival), self.get(f, Field::Date), self.get(f, Field::Time)) {
            (Some((i, v)), _, _) => self.times.parse(v).map_err(|e| (i, e)),
            (None, Some((i, d)), Some((_, t))) => self.times.parse(&format!("{d} {t}")).map_err(|e| (i, e)),
            (None, Some((i, d)), None) => self.times.parse(d).map_err(|e| (i, e)),
            _ => return None,
        })
    }

    /// An optional duration column in its unit (wait, talk, hold …), at most [`MAX_DURATION_MS`].
    fn duration(&self, f: &[&str], field: Field) -> Result<Option<i64>, (usize, Message)> {
        match self.get(f, field) {
            Some((i, v)) => parse_duration(v)
                .and_then(|d| match d.map(|ms| ms * i64::from(self.map.unit_s(i))) {
                    Some(ms) if ms > MAX_DURATION_MS => Err(Message::DurationTooLong { value: v.to_string() }),
                    other => Ok(other),
                })
                .map_err(|e| (i, e)),
            None => Ok(None),
        }
    }

    /// An optional timestamp column (answer, end).
    fn time(&self, f: &[&str], field: Field) -> Result<Option<i64>, (usize, Message)> {
        match self.get(f, field) {
            Some((i, v)) => self.times.parse(v).map(Some).map_err(|e| (i, e)),
            None => Ok(None),
        }
    }

    /// What an outcome value means: the user's table first, then the built-in one.
    fn outcome(&self, v: &str) -> Option<Outcome> {
        let user = if self.outcomes.is_empty() {
            None
        } else {
            with_normalized(v, |key| self.outcomes.iter().find(|(k, _)| k == key).map(|(_, o)| *o))
        };
        // Most exports write the canonical spelling: try it before normalising.
        user.or_else(|| outcome_from_value(v).or_else(|| with_normalized(v, outcome_from_value)))
    }

    pub(crate) fn map_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |field: Field| self.get(f, field);
        let col = |i: usize| self.col(i);

        let outbound = match get(Field::Direction) {
            Some((_, d)) => self.recent_directions.get(d, |d| {
                with_normalized(d, |d| matches!(d, "OUTBOUND" | "OUT" | "OUTGOING" | "呼出" | "外呼" | "去电" | "拨出"))
            }),
            None => self.dialler,
        };
        if outbound {
            return self.outbound_row(f);
        }

        // Arrival: one timestamp column, or a date column and a time column.
        let arrival = match self.start_time(f) {
            Some(Ok(ms)) => ms,
            Some(Err((i, e))) => return Row::Reject(col(i), e),
            None => {
                let i = self.map.index(Field::Arrival).or(self.map.index(Field::Date)).unwrap_or(0);
                return Row::Reject(col(i), Message::NoArrivalTime);
            }
        };
        let time = |field: Field| self.time(f, field);
        let duration = |field: Field| self.duration(f, field);
        let parsed = (|| {
            Ok((
                time(Field::Answer)?,
                time(Field::End)?,
                duration(Field::Wait)?,
                duration(Field::Talk)?,
                duration(Field::Hold)?,
                duration(Field::Acw)?,
            ))
        })();
        let (answer, end, mut wait, mut talk, hold, acw) = match parsed {
            Ok(v) => v,
            Err((i, e)) => return Row::Reject(col(i), e),
        };

        let outcome = match get(Field::Outcome) {
            Some((i, v)) => match self.recent_outcomes.get(v, |v| self.outcome(v)) {
                Some(o) => o,
                None => return Row::Reject(col(i), Message::UnknownOutcomeValue { value: v.to_string() }),
            },
            None if answer.is_some() || talk.is_some_and(|t| t > 0) => Outcome::Answered,
            None => Outcome::Abandoned,
        };

        // Contradictions are rejected, not repaired.
        let name = |f: Field| col(self.map.index(f).unwrap_or(0));
        if let Some(a) = answer {
            if a < arrival - TOLERANCE_MS {
                return Row::Reject(name(Field::Answer), Message::AnswerBeforeArrival);
            }
            let derived = a - arrival;
            if derived > MAX_DURATION_MS {
                return Row::Reject(name(Field::Answer), Message::AnswerTooLate);
            }
            match wait {
                Some(w) if (w - derived).abs() > TOLERANCE_MS => {
                    let m = Message::WaitContradicts { wait: w / 1000, derived: derived / 1000 };
                    return Row::Reject(name(Field::Wait), m);
                }
                None => wait = Some(derived.max(0)),
                _ => {}
            }
        }
        if let Some(e) = end {
            if e < arrival - TOLERANCE_MS {
                return Row::Reject(name(Field::End), Message::EndBeforeArrival);
            }
            if e - arrival > 2 * MAX_DURATION_MS {
                return Row::Reject(name(Field::End), Message::EndTooLate);
            }
            if let Some(a) = answer {
                if e < a - TOLERANCE_MS {
                    return Row::Reject(name(Field::End), Message::EndBeforeAnswer);
                }
                match talk {
                    Some(t) if t > e - a + TOLERANCE_MS => {
                        let m = Message::TalkTooLong { talk: t / 1000, span: (e - a) / 1000 };
                        return Row::Reject(name(Field::Talk), m);
                    }
                    None => talk = Some((e - a - hold.unwrap_or(0)).max(0)),
                    _ => {}
                }
            } else if wait.is_none() && outcome != Outcome::Answered {
                wait = Some((e - arrival).max(0));
            }
        }
        if outcome == Outcome::Ivr {
            wait = None;
        }

        let mut call = Call::new(arrival, outcome);
        call.id = get(Field::CallId).and_then(|(_, v)| call_id(v));
        call.wait_ms = wait;
        if outcome == Outcome::Answered {
            call.talk_ms = talk;
            call.hold_ms = hold;
            call.acw_ms = acw;
        }
        call.queue = get(Field::Queue).map(|(_, v)| v);
        call.agent = get(Field::Agent).map(|(_, v)| v);
        call.agent_name = get(Field::AgentName).map(|(_, v)| v);
        call.team = get(Field::Team).map(|(_, v)| v);
        call.caller = get(Field::Caller).map(|(_, v)| v);
        // With a transfer column, an empty or unreadable cell means "not transferred"; without
        // one the source does not say, and the transfer rate is not computed.
        call.transferred = self.index[Field::Transferred as usize]
            .map(|_| get(Field::Transferred).and_then(|(_, v)| parse_flag(v)).unwrap_or(false));
        call.resolved = get(Field::Resolved).and_then(|(_, v)| parse_flag(v));
        if let Some((i, v)) = get(Field::Satisfaction) {
            match parse_satisfaction(v) {
                Ok(score) => call.satisfaction = score,
                Err(()) => return Row::Reject(col(i), Message::BadSatisfaction { value: v.to_string() }),
            }
        }
        if let Some((i, v)) = get(Field::Complaint) {
            match parse_flag(v) {
                Some(flag) => call.complaint = Some(flag),
                None => return Row::Reject(col(i), Message::BadFlag { value: v.to_string() }),
            }
        } else if self.index[Field::Complaint as usize].is_some() {
            // A complaint column with an empty cell: not a complaint.
            call.complaint = Some(false);
        }
        match outcome {
            Outcome::Other => Row::Skip("NOT_QUEUED"),
            _ => Row::Use(call),
        }
    }

    /// An outbound call: start, result (the user's table, the built-in outbound table, then the
    /// outcome words), talk, agent, campaign and the number dialled.
    fn outbound_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |field: Field| self.get(f, field);
        let col = |i: usize| self.col(i);
        let name = |field: Field| col(self.map.index(field).unwrap_or(0));
        let start = match self.start_time(f) {
            Some(Ok(ms)) => ms,
            Some(Err((i, e))) => return Row::Reject(col(i), e),
            None => return Row::Reject(name(Field::Arrival), Message::OutboundNoStart),
        };
        let time = |field: Field| self.time(f, field);
        let talk = match self.duration(f, Field::Talk) {
            Ok(t) => t,
            Err((i, e)) => return Row::Reject(col(i), e),
        };
        let (answer, end) = match (time(Field::Answer), time(Field::End)) {
            (Ok(a), Ok(e)) => (a, e),
            (Err((i, e)), _) | (_, Err((i, e))) => return Row::Reject(col(i), e),
        };
        if answer.is_some_and(|a| a < start - TOLERANCE_MS) {
            return Row::Reject(name(Field::Answer), Message::AnswerBeforeStart);
        }
        if end.is_some_and(|e| e < start - TOLERANCE_MS) {
            return Row::Reject(name(Field::End), Message::EndBeforeStart);
        }
        let result = get(Field::Outcome).map(|(_, v)| v);
        // The code's meaning, and whether it judges success (the user's table always does).
        let meaning = result.and_then(|v| {
            let key = normalize_value(v);
            self.results
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, r)| (*r, true))
                .or_else(|| outbound_result_from_value(&key))
                .or_else(|| match outcome_from_value(v).or_else(|| outcome_from_value(&key))? {
                    Outcome::Answered => Some((OutboundResult::Connected, false)),
                    _ => Some((OutboundResult::NotConnected, false)),
                })
        });
        let talk = talk.or_else(|| Some((end? - answer?).max(0)));
        let connected = match meaning {
            Some((OutboundResult::Success | OutboundResult::Connected, _)) => true,
            Some((OutboundResult::NotConnected, _)) => false,
            None => answer.is_some() || talk.is_some_and(|t| t > 0),
        };
        let mut call = OutboundCall::new(start);
        call.id = get(Field::CallId).map(|(_, v)| hash_id(&["out", v]));
        call.agent = get(Field::Agent).map(|(_, v)| v);
        call.agent_name = get(Field::AgentName).map(|(_, v)| v);
        call.team = get(Field::Team).map(|(_, v)| v);
        call.campaign = get(Field::Campaign).or(get(Field::Queue)).map(|(_, v)| v);
        call.number = get(Field::Called).or(get(Field::Caller)).map(|(_, v)| v);
        call.connected = connected;
        call.talk_ms = if connected { talk } else { None };
        call.result = result;
        call.success = meaning.is_some_and(|(r, _)| r == OutboundResult::Success);
        call.success_known = connected && meaning.is_some_and(|(_, judged)| judged);
        Row::Outbound(call)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_hashed_from_bytes_is_the_id_read_as_text() {
        for v in ["C000000001", " C1 ", "C1\t", "呼叫-7", "1700000000.12", "x", " ", ""] {
            assert_eq!(call_id_of_bytes(v.as_bytes()), call_id(v), "{v:?}");
        }
        // Not UTF-8 with nothing to trim: hashed as it is (a hint only; the row reads it lossily).
        assert!(call_id_of_bytes(b"C\xff1").is_some());
        assert_eq!(call_id_of_bytes(b" \xff"), None);
    }
}
