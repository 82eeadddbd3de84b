//! queue_log events as they are kept until the report: compact, in one list per kind.
//!
//! A [`QEvent`] as the readers deliver it holds its call id, queue and agent as strings of their
//! own and its durations as `Option<i64>`: about 250 bytes with its allocations, plus a `Vec` per
//! call. Kept like that, a 1 M-call log took 1.6 GB. Here the call id is interned once per call
//! and queue and agent once per distinct name, durations are 32-bit (the readers keep them within
//! 7 days, which fits), and all events sit in one `Vec` that is grouped by sorting an index when
//! the report is built: 48 bytes per event, its text if it has one, and two copies of each call id
//! (about 100 bytes per event with the duplicate check).

use rustc_hash::FxHashMap;

use crate::model::pbx::{EventKind, QEvent};

/// Strings kept once each, numbered in order of first use.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    names: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
}

impl Interner {
    /// The number of `s`, added on first use.
    pub(super) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.into());
        self.index.insert(s.into(), i);
        i
    }

    /// The number of `s`, if it was ever interned.
    pub(super) fn get(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }

    /// The string of a number.
    pub(super) fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }
}

/// "None" in a 32-bit duration.
const NONE: u32 = u32::MAX;

fn pack(v: Option<i64>) -> u32 {
    v.and_then(|v| u32::try_from(v).ok()).filter(|v| *v != NONE).unwrap_or(NONE)
}

fn unpack(v: u32) -> Option<i64> {
    (v != NONE).then_some(i64::from(v))
}

/// One event: its group (the call id for caller events, the agent for agent events) and its
/// fields, names as numbers.
#[derive(Clone, Debug)]
pub(super) struct Stored {
    t_ms: i64,
    /// Position in [`Events::texts`], or `NONE`.
    text: u32,
    pub(super) group: u32,
    queue: u32,
    agent: u32,
    wait_s: u32,
    talk_s: u32,
    ring_ms: u32,
    /// The call id field of an agent event (usually `NONE`), as a name: kept so that the event
    /// is the same event when analyzers are merged.
    agent_callid: u32,
    kind: EventKind,
}

/// Every event read, by kind of group.
#[derive(Clone, Debug, Default)]
pub(super) struct Events {
    /// Call ids (the groups of caller events).
    pub(super) call_ids: Interner,
    /// Queue and agent names (agents are also the groups of agent events).
    pub(super) names: Interner,
    pub(super) calls: Vec<Stored>,
    pub(super) agents: Vec<Stored>,
    /// The text of events that have one (caller number, pause reason, key, transfer target).
    texts: Vec<Box<str>>,
}

impl Events {
    pub(super) fn add(&mut self, e: QEvent) {
        let agent_event = e.kind.is_agent_event();
        let queue = self.names.intern(&e.queue);
        let agent = self.names.intern(&e.agent);
        let (group, agent_callid) =
            if agent_event { (agent, self.names.intern(&e.callid)) } else { (self.call_ids.intern(&e.callid), NONE) };
        let text = match e.text {
            Some(t) => {
                self.texts.push(t);
                self.texts.len() as u32 - 1
            }
            None => NONE,
        };
        let stored = Stored {
            t_ms: e.t_ms,
            text,
            group,
            queue,
            agent,
            wait_s: pack(e.wait_s),
            talk_s: pack(e.talk_s),
            ring_ms: pack(e.ring_ms),
            agent_callid,
            kind: e.kind,
        };
        if agent_event {
            self.agents.push(stored);
        } else {
            self.calls.push(stored);
        }
    }

    /// The event as the readers delivered it.
    pub(super) fn event(&self, s: &Stored) -> QEvent {
        let callid = if s.agent_callid == NONE { self.call_ids.name(s.group) } else { self.names.name(s.agent_callid) };
        QEvent {
            t_ms: s.t_ms,
            callid: callid.into(),
            queue: self.names.name(s.queue).into(),
            agent: self.names.name(s.agent).into(),
            kind: s.kind,
            wait_s: unpack(s.wait_s),
            talk_s: unpack(s.talk_s),
            ring_ms: unpack(s.ring_ms),
            text: (s.text != NONE).then(|| self.texts[s.text as usize].clone()),
        }
    }

    /// The events of `list` grouped: for each group, in the order of the groups' names as `name`
    /// gives them (so calls are rebuilt in order of id whatever the reading order), the group
    /// and the positions of its events in `list`. An index sort: no copy of the events.
    pub(super) fn grouped<'a>(list: &[Stored], name: impl Fn(u32) -> &'a str) -> Grouped {
        let groups = list.iter().map(|e| e.group as usize + 1).max().unwrap_or(0);
        // The rank of each group in name order, then events sorted by the rank of their group.
        let mut by_name: Vec<u32> = (0..groups as u32).collect();
        by_name.sort_by(|a, b| name(*a).cmp(name(*b)));
        let mut rank = vec![0u32; groups];
        for (r, g) in by_name.iter().enumerate() {
            rank[*g as usize] = r as u32;
        }
        let mut order: Vec<u32> = (0..list.len() as u32).collect();
        order.sort_by_key(|&i| rank[list[i as usize].group as usize]);
        Grouped { order, at: 0, groups: list.iter().map(|e| e.group).collect::<Vec<_>>() }
    }
}

/// The runs of [`Events::grouped`]: each next item is a group and its events' positions.
pub(super) struct Grouped {
    order: Vec<u32>,
    at: usize,
    /// The group of each event, by position.
    groups: Vec<u32>,
}

impl Iterator for Grouped {
    type Item = (u32, Vec<u32>);

    fn next(&mut self) -> Option<(u32, Vec<u32>)> {
        let first = *self.order.get(self.at)?;
        let group = self.groups[first as usize];
        let len = self.order[self.at..].iter().take_while(|&&i| self.groups[i as usize] == group).count();
        let members = self.order[self.at..self.at + len].to_vec();
        self.at += len;
        Some((group, members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_kept_in_48_bytes_and_comes_back_whole() {
        assert!(std::mem::size_of::<Stored>() <= 48, "{}", std::mem::size_of::<Stored>());
        let e = QEvent {
            t_ms: 1_700_000_000_000,
            callid: "c1".into(),
            queue: "q".into(),
            agent: "PJSIP/1".into(),
            kind: EventKind::Connect,
            wait_s: Some(12),
            talk_s: None,
            ring_ms: Some(604_800_000),
            text: Some("x".into()),
        };
        let mut events = Events::default();
        events.add(e.clone());
        assert_eq!(events.event(&events.calls[0]), e);
        let login = QEvent { kind: EventKind::AgentLogin, callid: "NONE".into(), ..e };
        events.add(login.clone());
        assert_eq!(events.event(&events.agents[0]), login);
    }
}
