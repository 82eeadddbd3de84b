//! What the analyzer remembers about every call read, when `dedupe` is on: the call's identity
//! (its id and arrival second, hashed to 64 bits) to count a repeated call once, and its id with
//! the agent who took it, so that surveys and QA evaluations that name a call reach that agent.
//!
//! A duplicate is the same call read again — same id and same arrival to the second — as when two
//! exports overlap. Many ACDs number calls per day, line or trunk, so an id alone repeats across a
//! month; those are different calls, counted separately (the file says so once in its warnings).
//! Memory: about 16 bytes per call for the identity set and 16 per distinct id.

use rustc_hash::{FxHashMap, FxHashSet};

pub(crate) use crate::ingest::Added;
use crate::kpi::MAX_AGENTS;
use crate::model::call::hash_id;

/// Agent index of a call nobody answered.
const NO_AGENT: u32 = u32::MAX;
/// Agent index of an id that several calls with different agents had: a survey naming it cannot
/// be credited to anyone.
const AMBIGUOUS: u32 = u32::MAX - 1;

/// Call identities and ids read so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallIndex {
    /// Hash of (id, arrival second) of every call.
    calls: FxHashSet<u64>,
    /// Hash of the id → agent index (or NO_AGENT, AMBIGUOUS).
    ids: FxHashMap<u64, u32>,
    agents: Vec<String>,
    agent_index: FxHashMap<String, u32>,
    /// Hash of the id of every call whose record carried a satisfaction answer or a complaint, so
    /// a survey file's answer to the same call is not counted twice.
    feedback: FxHashSet<u64>,
}

/// The identity of a call: its id hash mixed with its arrival second.
fn identity(id: u64, arrival_ms: i64) -> u64 {
    let secs = arrival_ms.div_euclid(1000) as u64;
    (id ^ secs.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29) ^ secs
}

impl CallIndex {
    /// Records a call; a call with this id and arrival second already read is a duplicate.
    pub(super) fn add(&mut self, id: u64, arrival_ms: i64, agent: Option<&str>) -> Added {
        if !self.calls.insert(identity(id, arrival_ms)) {
            return Added::Duplicate;
        }
        let agent = self.agent_slot(agent);
        match self.ids.get_mut(&id) {
            None => {
                self.ids.insert(id, agent);
                Added::New
            }
            Some(seen) => {
                if *seen != agent {
                    *seen = AMBIGUOUS;
                }
                Added::NewWithReusedId
            }
        }
    }

    fn agent_slot(&mut self, agent: Option<&str>) -> u32 {
        let Some(a) = agent else { return NO_AGENT };
        if let Some(&i) = self.agent_index.get(a) {
            return i;
        }
        // Past the agent limit the call is still remembered (duplicates), without its agent: the
        // agent is not in the report's tables either.
        if self.agents.len() >= MAX_AGENTS {
            return NO_AGENT;
        }
        let i = self.agents.len() as u32;
        self.agents.push(a.to_string());
        self.agent_index.insert(a.to_string(), i);
        i
    }

    /// The agent who took the call with this id, if one call with this id was answered and read
    /// (an id several calls with different agents had names nobody).
    pub(super) fn agent(&self, call_id: &str) -> Option<String> {
        let i = *self.ids.get(&hash_id(&[call_id]))?;
        self.agents.get(i as usize).cloned()
    }

    /// Records that the call with this id carried a satisfaction answer or a complaint.
    pub(super) fn mark_feedback(&mut self, id: u64) {
        self.feedback.insert(id);
    }

    /// Whether a call with this id carried a satisfaction answer or a complaint in its record.
    pub(super) fn has_feedback(&self, call_id: &str) -> bool {
        self.feedback.contains(&hash_id(&[call_id]))
    }

    /// Adds what another analyzer read: the identities are a set union, so a call both read is
    /// kept once; an id both read with different agents becomes ambiguous.
    pub(super) fn merge(&mut self, o: &CallIndex) {
        self.calls.extend(o.calls.iter().copied());
        self.feedback.extend(o.feedback.iter().copied());
        for (id, &i) in &o.ids {
            let agent = match i {
                NO_AGENT | AMBIGUOUS => i,
                _ => self.agent_slot(o.agents.get(i as usize).map(String::as_str)),
            };
            match self.ids.get_mut(id) {
                None => {
                    self.ids.insert(*id, agent);
                }
                Some(seen) if *seen != agent => *seen = AMBIGUOUS,
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_is_the_same_id_and_arrival_second_not_the_same_id() {
        let mut x = CallIndex::default();
        let id = hash_id(&["1001"]);
        assert_eq!(x.add(id, 5_000, Some("A")), Added::New);
        assert_eq!(x.add(id, 5_999, Some("A")), Added::Duplicate, "same second");
        assert_eq!(x.add(id, 86_405_000, Some("B")), Added::NewWithReusedId, "next day: another call");
        assert_eq!(x.add(id, 86_405_000, Some("B")), Added::Duplicate);
        assert_eq!(x.agent("1001"), None, "two calls, two agents: a survey cannot name one");
        assert_eq!(x.add(hash_id(&["7"]), 0, Some("C")), Added::New);
        assert_eq!(x.agent("7").as_deref(), Some("C"));
    }

    #[test]
    fn merging_two_indexes_keeps_each_call_once() {
        let (mut a, mut b) = (CallIndex::default(), CallIndex::default());
        let id = hash_id(&["9"]);
        a.add(id, 1_000, Some("A"));
        b.add(id, 1_000, Some("A"));
        b.add(hash_id(&["10"]), 1_000, None);
        a.merge(&b);
        assert_eq!(a.calls.len(), 2);
        assert_eq!(a.agent("9").as_deref(), Some("A"));
    }
}
