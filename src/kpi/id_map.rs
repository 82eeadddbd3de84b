//! A few values keyed by KPI id, in id order: what every row of a report carries beside its
//! figures (a numerator and denominator per rate, a service level per variant).

use std::ops::Index;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Values keyed by a KPI id (`&'static str`, from the catalogue), kept sorted by id in one list.
///
/// A `BTreeMap` of the same ids made the rows of a year's report half again as large: its
/// fifteen ratios took a root and two leaves of eleven places each, against one list of sixteen
/// (the report of a 1 GB file holds tens of thousands of rows, and is kept for the exports). The
/// API is the part of `BTreeMap`'s the report uses; it is written as a JSON object in id order, as
/// a `BTreeMap` was.
#[derive(Clone, Debug, PartialEq)]
pub struct IdMap<V>(Vec<(&'static str, V)>);

impl<V> Default for IdMap<V> {
    fn default() -> IdMap<V> {
        IdMap(Vec::new())
    }
}

impl<V> IdMap<V> {
    /// An empty map.
    pub fn new() -> IdMap<V> {
        IdMap::default()
    }

    fn position(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| (*k).cmp(id))
    }

    /// Sets the value of `id`; returns the one it replaced.
    pub fn insert(&mut self, id: &'static str, value: V) -> Option<V> {
        match self.position(id) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (id, value));
                None
            }
        }
    }

    /// The value of `id`.
    pub fn get(&self, id: &str) -> Option<&V> {
        self.position(id).ok().map(|i| &self.0[i].1)
    }

    /// Takes the value of `id` out.
    pub fn remove(&mut self, id: &str) -> Option<V> {
        self.position(id).ok().map(|i| self.0.remove(i).1)
    }

    /// Whether `id` has a value.
    pub fn contains_key(&self, id: &str) -> bool {
        self.position(id).is_ok()
    }

    /// Ids and values, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &V)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// Values, in id order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    /// Values, in id order, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// Keeps only the ids and values `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&'static str, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }

    /// How many ids have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no id has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> Index<&str> for IdMap<V> {
    type Output = V;

    /// The value of `id`; panics when it has none (as `BTreeMap`'s index).
    fn index(&self, id: &str) -> &V {
        self.get(id).unwrap_or_else(|| panic!("no value for {id}"))
    }
}

impl<V> FromIterator<(&'static str, V)> for IdMap<V> {
    fn from_iter<I: IntoIterator<Item = (&'static str, V)>>(items: I) -> IdMap<V> {
        let mut map = IdMap::new();
        for (id, value) in items {
            map.insert(id, value);
        }
        map
    }
}

impl<V: Serialize> Serialize for IdMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const IDS: [&str; 15] = [
        "service_level",
        "asa",
        "answer_rate",
        "abandon_rate",
        "avg_talk",
        "aht",
        "fcr",
        "csat",
        "csat_mean",
        "avg_hold",
        "avg_acw",
        "hold_rate",
        "transfer_rate",
        "short_call_rate",
        "avg_queue_time",
    ];

    #[test]
    fn an_id_map_answers_and_writes_as_a_btreemap_of_the_same_inserts_and_removals() {
        let mut ours = IdMap::new();
        let mut theirs = BTreeMap::new();
        // Inserts in an order that is not the ids', some ids twice, removals of present and
        // absent ids.
        for (step, id) in IDS.iter().chain(IDS.iter().rev().step_by(3)).enumerate() {
            assert_eq!(ours.insert(id, step), theirs.insert(*id, step), "insert {id}");
            if step % 4 == 3 {
                let gone = IDS[(step * 7) % IDS.len()];
                assert_eq!(ours.remove(gone), theirs.remove(gone), "remove {gone}");
            }
        }
        assert_eq!(ours.remove("not_a_kpi"), None);
        assert_eq!(ours.len(), theirs.len());
        for id in IDS.iter().chain(&["not_a_kpi", ""]) {
            assert_eq!(ours.get(id), theirs.get(id), "get {id}");
            assert_eq!(ours.contains_key(id), theirs.contains_key(id), "contains {id}");
        }
        assert!(ours.iter().eq(theirs.iter().map(|(k, v)| (*k, v))), "id order");
        assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&theirs).unwrap());

        ours.retain(|id, v| {
            *v += 1;
            id.len() > 3
        });
        theirs.retain(|id, v| {
            *v += 1;
            id.len() > 3
        });
        assert!(ours.iter().eq(theirs.iter().map(|(k, v)| (*k, v))), "after retain");
        let collected: IdMap<usize> = theirs.iter().map(|(k, v)| (*k, *v)).rev().collect();
        assert_eq!(collected, ours);
        assert_eq!(ours[ours.iter().next().unwrap().0], *theirs.values().next().unwrap());
        assert!(IdMap::<u8>::new().is_empty());
        assert_eq!(serde_json::to_string(&IdMap::<u8>::new()).unwrap(), "{}");
    }
}
