//! Maps whose keys are not strings or integers (tuples, options) as sequences of `[key, value]`
//! pairs, since JSON object keys can only be strings: `#[serde(with = "crate::model::pairs")]`.
//! Works for any map that iterates as `(&K, &V)` and collects from `(K, V)` (hash maps, B-trees).

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

/// A map that can be filled pair by pair.
pub(crate) trait PairMap: Default {
    type K;
    type V;
    fn put(&mut self, k: Self::K, v: Self::V);
}

impl<K: Eq + Hash, V, S: BuildHasher + Default> PairMap for HashMap<K, V, S> {
    type K = K;
    type V = V;
    fn put(&mut self, k: K, v: V) {
        self.insert(k, v);
    }
}

impl<K: Ord, V> PairMap for BTreeMap<K, V> {
    type K = K;
    type V = V;
    fn put(&mut self, k: K, v: V) {
        self.insert(k, v);
    }
}

/// Writes the map as a sequence of `[key, value]` pairs.
pub(crate) fn serialize<'a, M, K, V, S>(map: &'a M, s: S) -> Result<S::Ok, S::Error>
where
    &'a M: IntoIterator<Item = (&'a K, &'a V)>,
    K: Serialize + 'a,
    V: Serialize + 'a,
    S: Serializer,
{
    s.collect_seq(map)
}

/// Reads a sequence of `[key, value]` pairs into the map, pair by pair (no list in between); a
/// key given twice keeps its last value.
pub(crate) fn deserialize<'de, M, D>(d: D) -> Result<M, D::Error>
where
    M: PairMap,
    M::K: Deserialize<'de>,
    M::V: Deserialize<'de>,
    D: Deserializer<'de>,
{
    struct Pairs<M>(PhantomData<M>);
    impl<'de, M> Visitor<'de> for Pairs<M>
    where
        M: PairMap,
        M::K: Deserialize<'de>,
        M::V: Deserialize<'de>,
    {
        type Value = M;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of [key, value] pairs")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<M, A::Error> {
            let mut map = M::default();
            while let Some((k, v)) = seq.next_element::<(M::K, M::V)>()? {
                map.put(k, v);
            }
            Ok(map)
        }
    }
    d.deserialize_seq(Pairs(PhantomData))
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use std::collections::{BTreeMap, HashMap};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Maps {
        #[serde(with = "super")]
        tuples: HashMap<(u8, u32, i64), u64>,
        #[serde(with = "super")]
        options: BTreeMap<Option<String>, u64>,
    }

    #[test]
    fn maps_with_tuple_and_option_keys_go_through_json_and_back() {
        let mut m = Maps::default();
        m.tuples.insert((1, 7, -3), 5);
        m.tuples.insert((0, 0, 19_000), 1);
        m.options.insert(None, 2);
        m.options.insert(Some("A".into()), 3);
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains(r#""options":[[null,2],["A",3]]"#), "{json}");
        let back: Maps = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Maps>(r#"{"tuples":{"a":1},"options":[]}"#).is_err());
    }
}
