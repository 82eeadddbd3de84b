//! A histogram's sorted (second, count) pairs: two bytes each for the second and the count while
//! both fit.
//!
//! The values past a histogram's dense range are pairs, and at 1 GB they were 33 MB of a year's
//! tallies (talk times of a minute or more: up to [`super::SPARSE_MAX`] pairs a slot), with
//! every second below 65,536 (18 hours) and every count below 65,536. Four bytes a pair instead
//! of eight halve that. A list a pair of which does not fit (a talk time of a day, a count of a
//! whole queue's year) turns to eight bytes a pair for good, so values stay exact. Serialized as
//! the list of (u32, u32) it always was.

use serde::{Serialize, Serializer};

#[derive(Clone, Debug)]
pub(super) enum Pairs {
    /// Every second and count at most `u16::MAX`.
    Narrow(Vec<[u16; 2]>),
    Wide(Vec<(u32, u32)>),
}

impl Default for Pairs {
    fn default() -> Pairs {
        Pairs::Narrow(Vec::new())
    }
}

/// The pair as two bytes each, if both fit.
fn narrow((secs, count): (u32, u32)) -> Option<[u16; 2]> {
    Some([u16::try_from(secs).ok()?, u16::try_from(count).ok()?])
}

impl Pairs {
    /// Pairs of four-byte numbers (read from outside, or summed): narrow when every one fits.
    pub(super) fn from_wide(pairs: Vec<(u32, u32)>) -> Pairs {
        match pairs.iter().map(|p| narrow(*p)).collect() {
            Some(narrow) => Pairs::Narrow(narrow),
            None => Pairs::Wide(pairs),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Pairs::Narrow(v) => v.len(),
            Pairs::Wide(v) => v.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pairs the list has room for without growing.
    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        match self {
            Pairs::Narrow(v) => v.capacity(),
            Pairs::Wide(v) => v.capacity(),
        }
    }

    /// The pairs from the `start`th on, as four-byte numbers.
    pub(super) fn iter_from(&self, start: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (narrow, wide): (&[[u16; 2]], &[(u32, u32)]) = match self {
            Pairs::Narrow(v) => (&v[start..], &[]),
            Pairs::Wide(v) => (&[], &v[start..]),
        };
        narrow.iter().map(|[s, c]| (u32::from(*s), u32::from(*c))).chain(wide.iter().copied())
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.iter_from(0)
    }

    pub(super) fn get(&self, i: usize) -> Option<(u32, u32)> {
        match self {
            Pairs::Narrow(v) => v.get(i).map(|[s, c]| (u32::from(*s), u32::from(*c))),
            Pairs::Wide(v) => v.get(i).copied(),
        }
    }

    pub(super) fn first(&self) -> Option<(u32, u32)> {
        self.get(0)
    }

    pub(super) fn last(&self) -> Option<(u32, u32)> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// How many pairs have a second below `limit` (they come first).
    pub(super) fn count_below(&self, limit: u32) -> usize {
        match self {
            Pairs::Narrow(v) => v.partition_point(|[s, _]| u32::from(*s) < limit),
            Pairs::Wide(v) => v.partition_point(|(s, _)| *s < limit),
        }
    }

    /// Where second `secs` is (`Ok`), or where it would go (`Err`).
    pub(super) fn find(&self, secs: u32) -> Result<usize, usize> {
        match self {
            Pairs::Narrow(v) => match u16::try_from(secs) {
                Ok(s) => v.binary_search_by_key(&s, |p| p[0]),
                Err(_) => Err(v.len()),
            },
            Pairs::Wide(v) => v.binary_search_by_key(&secs, |p| p.0),
        }
    }

    /// Adds `count` to the `i`th pair's, saturating at `u32::MAX`.
    pub(super) fn add_at(&mut self, i: usize, count: u32) {
        if let Pairs::Narrow(v) = self {
            match u16::try_from(u32::from(v[i][1]).saturating_add(count)) {
                Ok(sum) => {
                    v[i][1] = sum;
                    return;
                }
                Err(_) => self.widen(),
            }
        }
        if let Pairs::Wide(v) = self {
            v[i].1 = v[i].1.saturating_add(count);
        }
    }

    /// Puts the pair (`secs`, `count`) at `i`, where it keeps the list sorted.
    pub(super) fn insert(&mut self, i: usize, secs: u32, count: u32) {
        if let Pairs::Narrow(v) = self {
            match narrow((secs, count)) {
                Some(p) => {
                    v.insert(i, p);
                    return;
                }
                None => self.widen(),
            }
        }
        if let Pairs::Wide(v) = self {
            v.insert(i, (secs, count));
        }
    }

    /// Drops the first `n` pairs, and the room beyond a quarter more than the pairs left.
    pub(super) fn drop_first(&mut self, n: usize) {
        fn drop<T>(v: &mut Vec<T>, n: usize) {
            v.drain(..n);
            v.shrink_to(v.len() + v.len() / 4);
        }
        match self {
            Pairs::Narrow(v) => drop(v, n),
            Pairs::Wide(v) => drop(v, n),
        }
    }

    /// The sum of the counts.
    pub(super) fn sum(&self) -> u64 {
        self.iter().map(|p| u64::from(p.1)).sum()
    }

    /// Eight bytes a pair from now on, the room kept.
    #[cold]
    fn widen(&mut self) {
        if let Pairs::Narrow(v) = self {
            let mut wide = Vec::with_capacity(v.capacity());
            wide.extend(v.iter().map(|[s, c]| (u32::from(*s), u32::from(*c))));
            *self = Pairs::Wide(wide);
        }
    }
}

impl Serialize for Pairs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_or_a_count_past_two_bytes_widens_the_list_and_stays_exact() {
        let mut p = Pairs::from_wide(vec![(70, 1), (65_535, 65_534)]);
        assert!(matches!(p, Pairs::Narrow(_)));
        p.add_at(1, 1);
        assert!(matches!(p, Pairs::Narrow(_)), "65,535 still fits");
        p.insert(2, 65_536, 1);
        assert!(matches!(p, Pairs::Wide(_)), "a second of 65,536 does not");
        assert_eq!(p.iter().collect::<Vec<_>>(), [(70, 1), (65_535, 65_535), (65_536, 1)]);
        let mut q = Pairs::from_wide(vec![(70, 65_535)]);
        q.add_at(0, 1);
        assert!(matches!(q, Pairs::Wide(_)));
        q.add_at(0, u32::MAX);
        assert_eq!(q.iter().collect::<Vec<_>>(), [(70, u32::MAX)], "saturates at u32::MAX");
        let mut r = Pairs::from_wide(vec![(70, 1)]);
        r.insert(0, 64, 70_000);
        assert_eq!(r.iter().collect::<Vec<_>>(), [(64, 70_000), (70, 1)]);
    }

    #[test]
    fn searches_find_seconds_of_either_width() {
        for p in [Pairs::from_wide(vec![(64, 1), (100, 2), (300, 3)]), Pairs::Wide(vec![(64, 1), (100, 2), (300, 3)])] {
            assert_eq!(p.find(100), Ok(1));
            assert_eq!(p.find(101), Err(2));
            assert_eq!(p.find(70_000), Err(3));
            assert_eq!(p.count_below(100), 1);
            assert_eq!(p.count_below(301), 3);
            assert_eq!((p.first(), p.last()), (Some((64, 1)), Some((300, 3))));
            assert_eq!(p.iter_from(1).collect::<Vec<_>>(), [(100, 2), (300, 3)]);
            assert_eq!(p.sum(), 6);
            let mut d = p.clone();
            d.drop_first(2);
            assert_eq!(d.iter().collect::<Vec<_>>(), [(300, 3)]);
        }
    }

    #[test]
    fn pairs_serialize_as_the_four_byte_list_whatever_their_width() {
        let narrow = Pairs::from_wide(vec![(64, 1), (65_535, 2)]);
        let wide = Pairs::from_wide(vec![(64, 1), (65_536, 2)]);
        assert!(matches!(narrow, Pairs::Narrow(_)) && matches!(wide, Pairs::Wide(_)));
        assert_eq!(serde_json::to_string(&narrow).unwrap(), "[[64,1],[65535,2]]");
        assert_eq!(serde_json::to_string(&wide).unwrap(), "[[64,1],[65536,2]]");
        let as_u32 = postcard::to_allocvec(&vec![(64u32, 1u32), (65_535, 2)]).unwrap();
        assert_eq!(postcard::to_allocvec(&narrow).unwrap(), as_u32);
    }
}
