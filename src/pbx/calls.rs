//! Rebuilding calls: from the queue_log events of one call id, and from the CDR legs of one
//! linkedid. Both work on the complete set of a call's events, sorted, so the result does not
//! depend on the order the events were read in, nor on which chunk or file they came from.

use serde::Serialize;

use crate::model::call::{Call, OutboundCall, Outcome};
use crate::model::message::Message;
use crate::model::pbx::{is_outside_number, Disposition, EventKind, Leg, QEvent};
use crate::model::time::{duration_in_range, format_ms};

/// One call as rebuilt from a phone system's log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PbxCall {
    /// queue_log callid, or the CDR linkedid/uniqueid.
    pub id: String,
    /// `queue_log` or `cdr`.
    pub source: &'static str,
    /// `inbound`, or `outbound` for a CDR call whose first leg goes from an extension to an outside
    /// number (or that FreeSWITCH originated): counted with the outbound calls, never inbound.
    pub direction: &'static str,
    /// The number an outbound call dialled.
    pub number: Option<String>,
    /// Arrival, local ms.
    #[serde(skip)]
    pub arrival_ms: i64,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub arrival: String,
    /// answered, abandoned, timed_out, exit_with_key, exit_empty, withdrawn (queue_log);
    /// answered, unanswered, not_offered (CDR: busy/failed/congestion only); in_queue when the
    /// log ends while the caller waits (not counted).
    pub outcome: &'static str,
    /// The queue it was answered in or left from.
    pub queue: Option<String>,
    /// Every queue the call was offered to, in order (more than one = overflow).
    pub queues: Vec<String>,
    /// The agent who answered.
    pub agent: Option<String>,
    /// The caller's number, when the log has it.
    pub caller: Option<String>,
    /// Wait in queue (from the first entry when the call overflowed).
    pub wait_ms: Option<i64>,
    /// Ring time of the answering agent.
    pub ring_ms: Option<i64>,
    /// Talk time.
    pub talk_ms: Option<i64>,
    /// blind, attended or transfer (Asterisk ≤ 11).
    pub transfer: Option<&'static str>,
    /// Agents who let it ring without answering (RINGNOANSWER), one entry per attempt.
    pub missed: Vec<String>,
    /// Why the call's events do not tell the whole story, when they do not.
    pub incomplete: Vec<Message>,
    /// An outbound call's result: the disposition of its deciding leg (ANSWERED, NO ANSWER, BUSY …).
    pub result: Option<String>,
}

impl PbxCall {
    /// The call as the KPI engine counts it; `None` for calls that are not counted (still in queue).
    pub fn as_call(&self) -> Option<Call<'_>> {
        if self.direction == "outbound" {
            return None;
        }
        let outcome = match self.outcome {
            "answered" => Outcome::Answered,
            "abandoned" | "unanswered" => Outcome::Abandoned,
            "timed_out" | "exit_with_key" | "exit_empty" | "withdrawn" => Outcome::TimedOut,
            "not_offered" => Outcome::Other,
            _ => return None,
        };
        let mut c = Call::new(self.arrival_ms, outcome);
        c.wait_ms = self.wait_ms;
        if outcome == Outcome::Answered {
            c.talk_ms = self.talk_ms;
        }
        c.queue = self.queue.as_deref();
        c.agent = if outcome == Outcome::Answered { self.agent.as_deref() } else { None };
        c.caller = self.caller.as_deref();
        // queue_log records every transfer as an event; CDR legs do not say.
        c.transferred = (self.source == "queue_log").then_some(self.transfer.is_some());
        Some(c)
    }

    /// The call as an outbound call; `None` for inbound calls.
    pub fn as_outbound(&self) -> Option<OutboundCall<'_>> {
        if self.direction != "outbound" {
            return None;
        }
        let mut c = OutboundCall::new(self.arrival_ms);
        c.agent = self.agent.as_deref();
        c.number = self.number.as_deref();
        c.connected = self.outcome == "answered";
        c.talk_ms = if c.connected { self.talk_ms } else { None };
        c.result = self.result.as_deref();
        Some(c)
    }

    fn new(id: &str, source: &'static str, arrival_ms: i64) -> PbxCall {
        PbxCall {
            id: id.to_string(),
            source,
            direction: "inbound",
            number: None,
            result: None,
            arrival_ms,
            arrival: format_ms(arrival_ms),
            outcome: "in_queue",
            queue: None,
            queues: Vec::new(),
            agent: None,
            caller: None,
            wait_ms: None,
            ring_ms: None,
            talk_ms: None,
            transfer: None,
            missed: Vec::new(),
            incomplete: Vec::new(),
        }
    }
}

/// A total order on events, so that sorting gives the same sequence whatever order they came in.
pub(crate) fn sort_events(events: &mut [QEvent]) {
    events.sort_by(|a, b| {
        (a.t_ms, a.kind, &a.queue, &a.agent, a.wait_s, a.talk_s, a.ring_ms, &a.text)
            .cmp(&(b.t_ms, b.kind, &b.queue, &b.agent, b.wait_s, b.talk_s, b.ring_ms, &b.text))
    });
}

fn some_str(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s != "NONE").then(|| s.to_string())
}

/// Rebuilds one call from all its queue_log events, sorted with [`sort_events`].
pub(crate) fn rebuild_queue_call(id: &str, events: &[QEvent]) -> Option<PbxCall> {
    use EventKind::*;
    let call_events: Vec<&QEvent> = events.iter().filter(|e| !e.kind.is_agent_event()).collect();
    let first = call_events.first()?;
    let mut problems: Vec<Message> = Vec::new();
    let enters: Vec<&QEvent> = call_events.iter().copied().filter(|e| e.kind == EnterQueue).collect();
    let connect = call_events.iter().copied().find(|e| e.kind == Connect);
    let completes =
        |e: &&QEvent| matches!(e.kind, CompleteCaller | CompleteAgent | BlindTransfer | AttendedTransfer | Transfer);
    let exits = |e: &&QEvent| matches!(e.kind, Abandon | ExitWithTimeout | ExitEmpty | ExitWithKey | Withdraw);

    let mut call = PbxCall::new(id, "queue_log", enters.first().map_or(first.t_ms, |e| e.t_ms));
    for e in &enters {
        if let Some(q) = some_str(&e.queue) {
            if !call.queues.contains(&q) {
                call.queues.push(q);
            }
        }
    }
    call.caller = enters.iter().find_map(|e| e.text.as_deref().and_then(some_str));
    call.missed = call_events.iter().filter(|e| e.kind == RingNoAnswer).map(|e| e.agent.to_string()).collect();
    if enters.is_empty() {
        problems.push(Message::CallNoEnterQueue);
    }

    // Where the caller entered the queue that settled the call (for overflow: the last entry
    // into that queue before it), and how long the earlier queues had kept them.
    let earlier_wait = |settled: &QEvent| -> i64 {
        let entry = enters.iter().rev().find(|e| e.queue == settled.queue && e.t_ms <= settled.t_ms);
        match (entry, enters.first()) {
            (Some(entry), Some(first)) => (entry.t_ms - first.t_ms).max(0),
            _ => 0,
        }
    };

    if let Some(c) = connect {
        call.outcome = "answered";
        call.queue = some_str(&c.queue);
        call.agent = some_str(&c.agent);
        call.ring_ms = c.ring_ms;
        call.wait_ms = Some(c.wait_s.map_or((c.t_ms - call.arrival_ms).max(0), |w| w * 1000) + earlier_wait(c));
        if c.t_ms < call.arrival_ms {
            problems.push(Message::CallConnectBeforeEnter);
        }
        match call_events.iter().copied().filter(|e| e.t_ms >= c.t_ms).find(completes) {
            Some(end) => {
                call.talk_ms = end.talk_s.map(|t| t * 1000);
                call.transfer = match end.kind {
                    BlindTransfer => Some("blind"),
                    AttendedTransfer => Some("attended"),
                    Transfer => Some("transfer"),
                    _ => None,
                };
                // A second CONNECT is normal only after a transfer back into a queue.
                let connects = call_events.iter().filter(|e| e.kind == Connect).count();
                if connects > 1 && call.transfer.is_none() {
                    problems.push(Message::CallConnectsWithoutTransfer { connects });
                }
            }
            None => problems.push(Message::CallNoComplete),
        }
    } else if let Some(end) = call_events.iter().copied().find(completes) {
        // Answered for sure (only answered calls complete), but the CONNECT is missing.
        call.outcome = "answered";
        call.queue = some_str(&end.queue);
        call.agent = some_str(&end.agent);
        call.wait_ms = end.wait_s.map(|w| w * 1000 + earlier_wait(end));
        call.talk_ms = end.talk_s.map(|t| t * 1000);
        call.transfer = match end.kind {
            BlindTransfer => Some("blind"),
            AttendedTransfer => Some("attended"),
            Transfer => Some("transfer"),
            _ => None,
        };
        problems.push(Message::CallCompleteWithoutConnect { event: format!("{:?}", end.kind).to_uppercase() });
    } else if let Some(end) = call_events.iter().copied().rfind(exits) {
        call.outcome = match end.kind {
            Abandon => "abandoned",
            ExitWithTimeout => "timed_out",
            ExitEmpty => "exit_empty",
            ExitWithKey => "exit_with_key",
            _ => "withdrawn",
        };
        call.queue = some_str(&end.queue);
        let own = end.wait_s.map(|w| w * 1000);
        call.wait_ms = match (enters.is_empty(), call.queues.len() > 1) {
            (true, _) => own,
            // Overflow: the caller waited from the first entry to the last exit.
            (false, true) => Some((end.t_ms - call.arrival_ms).max(0)),
            (false, false) => own.or(Some((end.t_ms - call.arrival_ms).max(0))),
        };
        if enters.is_empty() {
            if let Some(w) = own {
                call.arrival_ms = end.t_ms - w;
                call.arrival = format_ms(call.arrival_ms);
            }
        }
    } else {
        if enters.is_empty() {
            return None; // only ring events: nothing to rebuild (their misses still count)
        }
        call.queue = call.queues.last().cloned();
        problems.push(Message::CallNoEndEvent);
    }
    if call.queue.is_none() {
        call.queue = call.queues.last().cloned();
    }
    call.incomplete = problems;
    bound_durations(&mut call);
    Some(call)
}

/// Leaves out (with a reason) a rebuilt wait, ring or talk outside the range every reader
/// accepts: each event's own fields are checked when read, but times of events far apart (a
/// call id reused years later) can still make one absurd, and no sum may take it.
fn bound_durations(call: &mut PbxCall) {
    for (what, value) in [("wait", &mut call.wait_ms), ("ring", &mut call.ring_ms), ("talk", &mut call.talk_ms)] {
        if let Some(ms) = *value {
            if !duration_in_range(ms) {
                call.incomplete.push(Message::CallDurationOutOfRange { what, value_s: ms / 1000 });
                *value = None;
            }
        }
    }
}

/// Merges the legs of one call (same linkedid, else uniqueid), sorted by start then content.
///
/// The call is answered when any leg was answered; wait is that leg's answer − the first leg's
/// start, talk its billsec (the answered leg with the longest billsec, since Local-channel legs
/// repeat the same conversation). Unanswered calls whose legs were all busy, failed or congested
/// never reached anyone and are not offered; other unanswered calls count as abandoned, with
/// wait = last end − first start.
pub(crate) fn rebuild_cdr_call(id: &str, legs: &[Leg]) -> Option<PbxCall> {
    let first = legs.iter().min_by_key(|l| (l.start_ms, l.row_hash))?;
    let mut call = PbxCall::new(id, "cdr", first.start_ms);
    // Outbound: a leg among the first goes out from an extension and no leg ran a queue. Legs
    // that start in the same second come in no reliable order (PBXware writes an agent's dial
    // and the trunk's leg at once), so any of them can be the one that dialled.
    let dialling = legs.iter().filter(|l| l.start_ms == first.start_ms && l.outbound).min_by_key(|l| l.row_hash);
    if let Some(first) = dialling.filter(|_| legs.iter().all(|l| l.queue.is_none())) {
        call.direction = "outbound";
        call.number = Some(first.dst.to_string()).filter(|d| is_outside_number(d));
        let answered = legs
            .iter()
            .filter(|l| l.disposition == Disposition::Answered)
            .max_by_key(|l| (l.billsec_s, std::cmp::Reverse((l.answer_ms, l.row_hash))));
        let decisive = answered.unwrap_or(first);
        call.agent = first.src_peer.as_deref().map(str::to_string);
        call.caller = Some(first.caller.to_string()).filter(|c| !c.is_empty());
        call.outcome = if answered.is_some() { "answered" } else { "unanswered" };
        call.talk_ms = answered.map(|l| l.billsec_s * 1000);
        call.result = Some(decisive.disposition.name().to_string());
        bound_durations(&mut call);
        return Some(call);
    }
    call.caller = legs.iter().find_map(|l| some_str(&l.caller));
    call.queues = legs.iter().filter_map(|l| l.queue.as_deref().map(str::to_string)).collect();
    call.queues.sort();
    call.queues.dedup();
    call.queue = call.queues.first().cloned();
    let answered = legs
        .iter()
        .filter(|l| l.disposition == Disposition::Answered)
        .max_by_key(|l| (l.billsec_s, std::cmp::Reverse((l.answer_ms, l.row_hash))));
    match answered {
        Some(leg) => {
            call.outcome = "answered";
            call.agent = leg.agent.as_deref().map(str::to_string);
            call.talk_ms = Some(leg.billsec_s * 1000);
            call.wait_ms = leg.answer_ms.map(|a| (a - call.arrival_ms).max(0));
            if leg.answer_ms.is_none() {
                call.incomplete = vec![Message::CallAnsweredNoTime];
            }
        }
        None if legs
            .iter()
            .all(|l| matches!(l.disposition, Disposition::Busy | Disposition::Failed | Disposition::Congestion)) =>
        {
            call.outcome = "not_offered";
        }
        None => {
            call.outcome = "unanswered";
            call.wait_ms = legs.iter().filter_map(|l| l.end_ms).max().map(|e| (e - call.arrival_ms).max(0));
        }
    }
    bound_durations(&mut call);
    Some(call)
}
