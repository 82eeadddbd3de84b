//! Every call id read (as a 64-bit hash) with the agent who took it.

use rustc_hash::FxHashMap;

use crate::kpi::MAX_AGENTS;
use crate::model::call::hash_id;

/// Every call id read (as a hash) with the agent who took it: one map serves duplicate
/// detection (an id seen before is a duplicate) and the joining of surveys and QA evaluations
/// that name calls rather than agents.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallAgents {
    agents: Vec<String>,
    index: FxHashMap<String, u32>,
    calls: FxHashMap<u64, u32>,
}

/// Agent index of a call nobody answered.
const NO_AGENT: u32 = u32::MAX;

impl CallAgents {
    /// Records a call id; false when it was already there (a duplicate, left as it was).
    pub(super) fn insert_first(&mut self, call_hash: u64, agent: Option<&str>) -> bool {
        use std::collections::hash_map::Entry;
        let CallAgents { agents, index, calls } = self;
        match calls.entry(call_hash) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                let id = match agent {
                    Some(a) => match index.get(a) {
                        Some(&i) => i,
                        // Past the agent limit the call is still remembered (duplicates), without
                        // its agent: the agent is not in the report's tables either.
                        None if agents.len() >= MAX_AGENTS => NO_AGENT,
                        None => {
                            let i = agents.len() as u32;
                            agents.push(a.to_string());
                            index.insert(a.to_string(), i);
                            i
                        }
                    },
                    None => NO_AGENT,
                };
                slot.insert(id);
                true
            }
        }
    }

    /// The agent who took the call with this id, if it was answered and read.
    pub(super) fn get(&self, call_id: &str) -> Option<String> {
        let h = hash_id(&[call_id]);
        self.calls.get(&h).and_then(|&i| self.agents.get(i as usize)).cloned()
    }

    /// Adds the ids another analyzer read (an id both read keeps the first agent seen here).
    pub(super) fn merge(&mut self, o: &CallAgents) {
        for (h, i) in &o.calls {
            self.insert_first(*h, o.agents.get(*i as usize).map(String::as_str));
        }
    }
}
