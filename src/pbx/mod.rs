//! Phone-system logs: queue_log events, CDR legs and agent states, kept at the analyzer level
//! until the report is built.
//!
//! The events of one call can be spread over chunks and files and arrive in any order, and CDR
//! legs of one call over several rows; so nothing is decided while reading. [`Pbx`] keeps every
//! event by call id, every leg by linkedid and every agent event by agent, and
//! [`Pbx::build`] sorts each group and rebuilds calls and sessions from it. The result depends
//! only on the set of events read, never on their order, the chunking or the split into files.
//!
//! Memory: about 100 bytes per queue_log event (see `store`: 40 bytes, the call id once per call,
//! 16 bytes for counting repeated events once) and a few hundred per CDR leg — per event, not bounded
//! by groups like the call-record tallies. Event logs are small beside call records (a busy centre
//! writes a few hundred MB a year), so this is acceptable; it is stated here and in the README.

pub(crate) mod agents;
pub(crate) mod calls;
mod store;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::model::call::{hash_id, is_anonymous};
use crate::model::message::Message;
use crate::model::pbx::{EventKind, Leg, PbxRecord, QEvent, StateInterval};
use crate::model::time::format_ms;
use agents::{AgentTime, AtEnd};
pub use calls::PbxCall;
use store::Events;

/// How many incomplete calls the report lists by id (all are counted).
pub(crate) const MAX_INCOMPLETE_LISTED: usize = 1000;

/// Everything read from phone-system logs so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pbx {
    events_kept: Events,
    legs: FxHashMap<Box<str>, Vec<Leg>>,
    states: Vec<StateInterval>,
    seen: FxHashSet<u64>,
    events: u64,
    first_ms: Option<i64>,
    last_ms: Option<i64>,
}

impl Pbx {
    pub(crate) fn is_empty(&self) -> bool {
        self.events == 0 && self.legs.is_empty() && self.states.is_empty()
    }

    /// Takes one record; false when the same record was read before (counted once).
    pub(crate) fn add(&mut self, rec: PbxRecord) -> bool {
        let hash = match &rec {
            PbxRecord::Event(e) => e.content_hash(),
            // A leg exported twice is the same row. Its uniqueid and start alone do not identify
            // it: Asterisk writes one CDR per destination dialled, all with the caller channel's
            // uniqueid and start (the Stadion Master.csv has 84 such legs for 51 pairs).
            PbxRecord::Leg(l) => hash_id(&["leg", &l.row_hash.to_string()]),
            PbxRecord::State(s) => {
                let kind = format!("{:?}", s.kind);
                hash_id(&["state", &s.agent, &s.start_ms.to_string(), &s.end_ms.to_string(), &kind])
            }
        };
        if !self.seen.insert(hash) {
            return false;
        }
        match rec {
            PbxRecord::Event(e) => {
                self.events += 1;
                self.first_ms = Some(self.first_ms.map_or(e.t_ms, |f| f.min(e.t_ms)));
                self.last_ms = Some(self.last_ms.map_or(e.t_ms, |l| l.max(e.t_ms)));
                self.events_kept.add(e);
            }
            PbxRecord::Leg(l) => self.legs.entry(l.key.clone()).or_default().push(l),
            PbxRecord::State(s) => self.states.push(s),
        }
        true
    }

    /// Adds what another analyzer read (records both read are counted once); returns how many
    /// of its records this one already held.
    pub(crate) fn merge(&mut self, other: Pbx) -> u64 {
        let Pbx { events_kept: ev, legs, states, .. } = other;
        let mut repeated = 0;
        let mut add = |this: &mut Pbx, rec| repeated += u64::from(!this.add(rec));
        for s in &ev.calls {
            add(self, PbxRecord::Event(ev.event(s)));
        }
        for s in &ev.agents {
            add(self, PbxRecord::Event(ev.event(s)));
        }
        for l in legs.into_values().flatten() {
            add(self, PbxRecord::Leg(l));
        }
        for s in states {
            add(self, PbxRecord::State(s));
        }
        repeated
    }

    /// The binary form of every record held (a byte range's events for another worker).
    pub(crate) fn put_wire(&self, w: &mut crate::model::wire::Writer) {
        use crate::model::wire::Wire;
        let ev = &self.events_kept;
        w.var((ev.calls.len() + ev.agents.len()) as u64);
        for s in ev.calls.iter().chain(&ev.agents) {
            ev.event(s).put(w);
        }
        let legs: Vec<&Leg> = self.legs.values().flatten().collect();
        w.var(legs.len() as u64);
        for l in legs {
            l.put(w);
        }
        self.states.put(w);
    }

    /// Records read back from [`Pbx::put_wire`].
    pub(crate) fn get_wire(r: &mut crate::model::wire::Reader<'_>) -> crate::model::wire::WireResult<Pbx> {
        use crate::model::wire::Wire;
        let mut pbx = Pbx::default();
        for _ in 0..r.count(1)? {
            pbx.add(PbxRecord::Event(QEvent::get(r)?));
        }
        for _ in 0..r.count(1)? {
            pbx.add(PbxRecord::Leg(Leg::get(r)?));
        }
        for s in Vec::<StateInterval>::get(r)? {
            pbx.add(PbxRecord::State(s));
        }
        Ok(pbx)
    }

    /// Rebuilds calls and agent sessions from everything read.
    pub(crate) fn build(&self) -> PbxOutput {
        let mut calls = Vec::new();
        let mut out = self.build_with(&mut |c| calls.push(c.clone()));
        out.calls = calls;
        out
    }

    /// Rebuilds calls and agent sessions, handing each call to `on_call` instead of keeping it:
    /// the report needs every call once (to tally it) and only the callers' calls for the
    /// call-back list, so a million calls need not be held at once. `PbxOutput::calls` is empty.
    pub(crate) fn build_with(&self, on_call: &mut dyn FnMut(&PbxCall)) -> PbxOutput {
        let mut out = PbxOutput::default();
        let mut callers = Callers::default();
        let state_end = self.states.iter().map(|s| s.end_ms).max();
        let mut now = NowCalls { at_ms: self.last_ms.max(state_end).unwrap_or(0), ..Default::default() };
        let mut summary = PbxSummary { queue_log_events: self.events, ..Default::default() };

        let ev = &self.events_kept;
        let mut missed: BTreeMap<String, u64> = BTreeMap::new();
        for (group, members) in Events::grouped(&ev.calls, |g| ev.call_ids.name(g)) {
            let id = ev.call_ids.name(group);
            let mut events: Vec<QEvent> = members.iter().map(|&i| ev.event(&ev.calls[i as usize])).collect();
            calls::sort_events(&mut events);
            for e in &events {
                match e.kind {
                    EventKind::RingNoAnswer => {
                        summary.ring_no_answer += 1;
                        *missed.entry(e.agent.to_string()).or_default() += 1;
                    }
                    EventKind::RingCanceled => summary.ring_canceled += 1,
                    _ => {}
                }
            }
            let Some(call) = calls::rebuild_queue_call(id, &events) else { continue };
            summary.queue_log_calls += 1;
            *summary.outcomes.entry(call.outcome).or_default() += 1;
            if let Some(t) = call.transfer {
                *summary.transfers.entry(t).or_default() += 1;
            }
            summary.overflowed += u64::from(call.queues.len() > 1);
            if !call.incomplete.is_empty() {
                summary.incomplete += 1;
                if summary.incomplete_calls.len() < MAX_INCOMPLETE_LISTED {
                    summary
                        .incomplete_calls
                        .push(IncompleteCall { id: call.id.clone(), reasons: call.incomplete.clone() });
                }
            }
            callers.add(&call);
            now.add(&call);
            on_call(&call);
        }

        let mut keys: Vec<&Box<str>> = self.legs.keys().collect();
        keys.sort();
        for key in keys {
            let legs = &self.legs[key];
            summary.cdr_legs += legs.len() as u64;
            // The same call in queue_log: it is counted there, with its queue detail, never twice.
            let in_queue_log = |id: &str| ev.call_ids.get(id).is_some();
            if in_queue_log(key) || legs.iter().any(|l| in_queue_log(&l.uniqueid)) {
                summary.cdr_joined += 1;
                continue;
            }
            if let Some(call) = calls::rebuild_cdr_call(key, legs) {
                summary.cdr_calls += 1;
                if call.direction == "outbound" {
                    summary.cdr_outbound += 1;
                } else {
                    *summary.cdr_outcomes.entry(call.outcome).or_default() += 1;
                }
                callers.add(&call);
                now.add(&call);
                on_call(&call);
            }
        }

        let (first, last) = (self.first_ms.unwrap_or(0), self.last_ms.unwrap_or(0));
        let with_events: FxHashSet<u32> = ev.agents.iter().map(|e| e.group).collect();
        for (group, members) in Events::grouped(&ev.agents, |g| ev.names.name(g)) {
            let name = ev.names.name(group);
            // Callback agents (PBXware, old chan_agent setups) write each session twice: the
            // queue member `Local/1127@callback-agent` (ADDMEMBER/REMOVEMEMBER) and the agent
            // `Agent/1127` (AGENTCALLBACKLOGIN/LOGOFF) that calls are connected to. The agent's
            // own session is kept, the member's dropped, so one person is one row.
            if let Some(n) = name.strip_prefix("Local/").and_then(|r| r.split('@').next()) {
                if ev.names.get(&format!("Agent/{n}")).is_some_and(|g| with_events.contains(&g)) {
                    continue;
                }
            }
            let mut events: Vec<QEvent> = members.iter().map(|&i| ev.event(&ev.agents[i as usize])).collect();
            calls::sort_events(&mut events);
            let t = out.agents.entry(name.to_string()).or_default();
            agents::replay(&events, first, last, t);
        }
        let mut states: Vec<&StateInterval> = self.states.iter().collect();
        states.sort_by(|a, b| (&a.agent, a.start_ms, a.end_ms).cmp(&(&b.agent, b.start_ms, b.end_ms)));
        summary.agent_state_rows = states.len() as u64;
        for s in states {
            agents::add_interval(s, out.agents.entry(s.agent.to_string()).or_default());
        }
        summary.sessions_open_at_end = out.agents.values().map(|a| a.open_at_end).sum();
        summary.sessions_open_at_start = out.agents.values().map(|a| a.open_at_start).sum();
        out.missed = missed;
        out.callbacks = callers.callbacks();
        out.summary = summary;
        if self.events > 0 || state_end.is_some() {
            out.now = Some(now.state(&out.agents));
        }
        out
    }
}

/// What [`Pbx::build`] makes.
#[derive(Clone, Debug, Default)]
pub(crate) struct PbxOutput {
    /// Calls in order of id (queue_log first, then CDR calls not joined with queue_log).
    pub calls: Vec<PbxCall>,
    pub agents: BTreeMap<String, AgentTime>,
    /// RINGNOANSWER per agent.
    pub missed: BTreeMap<String, u64>,
    pub callbacks: Vec<Callback>,
    pub summary: PbxSummary,
    /// The state when the log ended; `None` without queue_log events or agent states.
    pub now: Option<PbxNow>,
}

/// Callers still in the queue after this long are taken as lost events, not waiting.
const WAITING_MAX_MS: i64 = 3_600_000;
/// A connected call with no end this long after it began is not taken as still talking.
const TALKING_MAX_MS: i64 = 4 * 3_600_000;

/// The state at the end of the phone-system log: what a wallboard shows as "now".
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PbxNow {
    /// The log's last event (or agent-state end), local time.
    pub at: String,
    /// The day of `at`, YYYY-MM-DD.
    pub day: String,
    /// Callers in a queue at `at` (entered within the last hour and not answered or gone).
    pub waiting: u64,
    /// How long the longest of them has waited, seconds.
    pub longest_wait_s: Option<f64>,
    /// Agents logged in at `at`.
    pub logged_in: u64,
    /// Agents logged in, not paused and not on a call.
    pub available: u64,
    /// Agents logged in and paused.
    pub paused: u64,
    /// Agents on a call (connected, not completed yet).
    pub on_call: u64,
}

/// What the state at the end of the log needs of the rebuilt calls, gathered while they are made
/// (they are not kept): callers still waiting and agents still talking at `at_ms`.
#[derive(Default)]
struct NowCalls {
    at_ms: i64,
    /// Callers in a queue at `at_ms`.
    waiting: u64,
    /// The arrival of the one who has waited longest.
    first_waiting_ms: Option<i64>,
    /// Agents on a call that has no end yet.
    talking: std::collections::BTreeSet<String>,
}

impl NowCalls {
    fn add(&mut self, c: &PbxCall) {
        let at_ms = self.at_ms;
        if c.outcome == "in_queue" && c.arrival_ms <= at_ms && at_ms - c.arrival_ms <= WAITING_MAX_MS {
            self.waiting += 1;
            self.first_waiting_ms = Some(self.first_waiting_ms.map_or(c.arrival_ms, |f| f.min(c.arrival_ms)));
        }
        if c.outcome == "answered"
            && c.incomplete.contains(&Message::CallNoComplete)
            && at_ms - c.arrival_ms <= TALKING_MAX_MS
        {
            if let Some(agent) = c.agent.as_deref() {
                if !self.talking.contains(agent) {
                    self.talking.insert(agent.to_string());
                }
            }
        }
    }

    /// The state at `at_ms` from the calls seen and the agent sessions.
    fn state(&self, agents: &BTreeMap<String, AgentTime>) -> PbxNow {
        let at_ms = self.at_ms;
        let talking = &self.talking;
        let mut n = PbxNow {
            at: format_ms(at_ms),
            day: format_ms(at_ms)[..10].to_string(),
            waiting: self.waiting,
            longest_wait_s: self.first_waiting_ms.map(|a| (at_ms - a) as f64 / 1000.0),
            ..Default::default()
        };
        for (agent, t) in agents {
            match t.at_end {
                AtEnd::Out => {}
                AtEnd::Paused => {
                    n.logged_in += 1;
                    n.paused += 1;
                }
                AtEnd::Ready => {
                    n.logged_in += 1;
                    if talking.contains(agent.as_str()) {
                        n.on_call += 1;
                    } else {
                        n.available += 1;
                    }
                }
            }
        }
        n
    }
}

/// How events and legs became calls.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PbxSummary {
    /// queue_log events read.
    pub queue_log_events: u64,
    /// Calls rebuilt from queue_log events.
    pub queue_log_calls: u64,
    /// Calls by how they ended: answered, abandoned, timed_out, exit_with_key, exit_empty,
    /// withdrawn, in_queue.
    pub outcomes: BTreeMap<&'static str, u64>,
    /// Answered calls that ended in a transfer, by kind (blind, attended, transfer).
    pub transfers: BTreeMap<&'static str, u64>,
    /// Calls offered to more than one queue (each is counted once, where it was answered or left).
    pub overflowed: u64,
    /// RINGNOANSWER events (an agent let it ring).
    pub ring_no_answer: u64,
    /// RINGCANCELED events.
    pub ring_canceled: u64,
    /// Calls with incomplete or out-of-order events.
    pub incomplete: u64,
    /// The first of them, with what is missing.
    pub incomplete_calls: Vec<IncompleteCall>,
    /// CDR legs read.
    pub cdr_legs: u64,
    /// Calls merged from CDR legs (not also in queue_log), inbound and outbound.
    pub cdr_calls: u64,
    /// Inbound CDR calls by outcome.
    pub cdr_outcomes: BTreeMap<&'static str, u64>,
    /// Outbound CDR calls (counted with the outbound calls, not in the inbound KPIs).
    pub cdr_outbound: u64,
    /// CDR calls that are also in queue_log (same uniqueid/linkedid): counted from queue_log only.
    pub cdr_joined: u64,
    /// Agent-state rows read.
    pub agent_state_rows: u64,
    /// Agent sessions still open when the log ended.
    pub sessions_open_at_end: u64,
    /// Agent sessions already open when the log began.
    pub sessions_open_at_start: u64,
    /// Event names no profile knows, with how often they occurred (summed over files).
    pub unknown_events: BTreeMap<String, u64>,
}

/// A call whose events do not tell the whole story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncompleteCall {
    /// The call's id in the log.
    pub id: String,
    /// What is missing or out of order.
    pub reasons: Vec<Message>,
}

/// An unanswered caller, and whether they got through later.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Callback {
    /// The caller's number.
    pub caller: String,
    /// Local time the call arrived.
    pub time: String,
    /// The queue the caller left.
    pub queue: Option<String>,
    /// Seconds waited before hanging up or leaving the queue.
    pub wait: Option<f64>,
    /// How the call ended (abandoned, timed_out, unanswered …).
    pub outcome: &'static str,
    /// The caller called again later (any outcome).
    pub called_again: bool,
    /// A later call of theirs was answered: no call-back needed.
    pub got_through: bool,
    /// When that later call arrived.
    pub got_through_at: Option<String>,
}

/// What the call-back list needs of every call with a caller number, gathered while calls are
/// rebuilt: 24 bytes per call, plus the details of the unanswered ones (which the list shows).
#[derive(Default)]
struct Callers {
    numbers: store::Interner,
    /// (caller, arrival, order of rebuilding = order of id, answered, detail of unanswered).
    calls: Vec<(u32, i64, u32, bool, u32)>,
    unanswered: Vec<Unanswered>,
}

/// An unanswered call as the call-back list shows it.
struct Unanswered {
    time: String,
    queue: Option<String>,
    wait_ms: Option<i64>,
    outcome: &'static str,
}

impl Callers {
    /// Takes note of an offered call with a caller number (anonymous callers cannot be called
    /// back and are left out).
    fn add(&mut self, c: &PbxCall) {
        let Some(caller) = c.caller.as_deref().filter(|c| !is_anonymous(c)) else { return };
        if c.outcome == "in_queue" || c.outcome == "not_offered" || c.direction != "inbound" {
            return;
        }
        let number = self.numbers.intern(caller);
        let order = self.calls.len() as u32;
        let answered = c.outcome == "answered";
        let detail = if answered {
            u32::MAX
        } else {
            self.unanswered.push(Unanswered {
                time: c.arrival.clone(),
                queue: c.queue.clone(),
                wait_ms: c.wait_ms,
                outcome: c.outcome,
            });
            self.unanswered.len() as u32 - 1
        };
        self.calls.push((number, c.arrival_ms, order, answered, detail));
    }

    /// Unanswered offered calls with a caller number, each with what the caller did afterwards.
    fn callbacks(mut self) -> Vec<Callback> {
        // By caller (in number order), then arrival and id, as the list has always been made.
        self.calls.sort_by(|a, b| (self.numbers.name(a.0), a.1, a.2).cmp(&(self.numbers.name(b.0), b.1, b.2)));
        let mut out = Vec::new();
        let mut start = 0;
        while start < self.calls.len() {
            let caller = self.calls[start].0;
            let end = start + self.calls[start..].iter().take_while(|c| c.0 == caller).count();
            let list = &self.calls[start..end];
            for (i, &(_, _, _, answered, detail)) in list.iter().enumerate() {
                if answered {
                    continue;
                }
                let later = &list[i + 1..];
                let through = later.iter().find(|l| l.3);
                let u = &self.unanswered[detail as usize];
                out.push(Callback {
                    caller: self.numbers.name(caller).to_string(),
                    time: u.time.clone(),
                    queue: u.queue.clone(),
                    wait: u.wait_ms.map(|w| w as f64 / 1000.0),
                    outcome: u.outcome,
                    called_again: !later.is_empty(),
                    got_through: through.is_some(),
                    got_through_at: through.map(|t| format_ms(t.1)),
                });
            }
            start = end;
        }
        out.sort_by(|a, b| (&a.time, &a.caller).cmp(&(&b.time, &b.caller)));
        out
    }
}
