//! A list of numbers held in two bytes a number while every one fits, then in four for good.
//!
//! A year of calls holds tens of thousands of histograms (answered waits and talk times of each
//! 15-minute slot and of each group's day). At 1 GB their counts per second were 31 MB and their
//! (second, count) pairs 33 MB, four bytes a number, and no count or second in the benchmark file
//! passes 65,535: two bytes a number halve that. A list one of whose numbers does not fit (a whole
//! queue's year, a talk time of a day) turns to four bytes a number, so every value stays exact (a
//! list holds what it is given; adding to a count saturates it at `u32::MAX`, as before:
//! [`List::add_count`]). Serialized as the four-byte list it always was: range states and snapshots
//! keep their form. (`model::bit_pack::Packed` is not for these: its records are written once, in
//! order, at widths fixed for the whole run; a histogram's counts grow in place and its pairs are
//! inserted among the others.)

use serde::{Serialize, Serializer};

/// An element of two-byte numbers, and the four-byte form it widens to.
pub(super) trait Narrow: Copy + std::fmt::Debug {
    type Wide: Copy + std::fmt::Debug + Serialize;
    fn widen(self) -> Self::Wide;
    /// `None` when a number does not fit in two bytes.
    fn narrow(wide: Self::Wide) -> Option<Self>;
    /// The element's count, in each form.
    fn count_mut(&mut self) -> &mut u16;
    fn wide_count_mut(wide: &mut Self::Wide) -> &mut u32;
}

/// A count per second.
impl Narrow for u16 {
    type Wide = u32;
    fn widen(self) -> u32 {
        u32::from(self)
    }
    fn narrow(wide: u32) -> Option<u16> {
        u16::try_from(wide).ok()
    }
    fn count_mut(&mut self) -> &mut u16 {
        self
    }
    fn wide_count_mut(wide: &mut u32) -> &mut u32 {
        wide
    }
}

/// A (second, count) pair.
impl Narrow for [u16; 2] {
    type Wide = (u32, u32);
    fn widen(self) -> (u32, u32) {
        (u32::from(self[0]), u32::from(self[1]))
    }
    fn narrow((secs, count): (u32, u32)) -> Option<[u16; 2]> {
        Some([u16::try_from(secs).ok()?, u16::try_from(count).ok()?])
    }
    fn count_mut(&mut self) -> &mut u16 {
        &mut self[1]
    }
    fn wide_count_mut(wide: &mut (u32, u32)) -> &mut u32 {
        &mut wide.1
    }
}

#[derive(Clone, Debug)]
pub(super) enum List<N: Narrow> {
    /// Every number fits in two bytes.
    Narrow(Vec<N>),
    Wide(Vec<N::Wide>),
}

impl<N: Narrow> Default for List<N> {
    fn default() -> List<N> {
        List::Narrow(Vec::new())
    }
}

impl<N: Narrow> List<N> {
    /// Four-byte elements (read from outside, or summed): two bytes a number when every one fits.
    pub(super) fn from_wide(wide: Vec<N::Wide>) -> List<N> {
        match wide.iter().map(|w| N::narrow(*w)).collect() {
            Some(narrow) => List::Narrow(narrow),
            None => List::Wide(wide),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            List::Narrow(v) => v.len(),
            List::Wide(v) => v.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Elements the list has room for without growing.
    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        match self {
            List::Narrow(v) => v.capacity(),
            List::Wide(v) => v.capacity(),
        }
    }

    /// The elements from the `start`th on, in their four-byte form.
    pub(super) fn iter_from(&self, start: usize) -> impl Iterator<Item = N::Wide> + '_ {
        let (narrow, wide): (&[N], &[N::Wide]) = match self {
            List::Narrow(v) => (&v[start..], &[]),
            List::Wide(v) => (&[], &v[start..]),
        };
        narrow.iter().map(|n| n.widen()).chain(wide.iter().copied())
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = N::Wide> + '_ {
        self.iter_from(0)
    }

    pub(super) fn get(&self, i: usize) -> Option<N::Wide> {
        match self {
            List::Narrow(v) => v.get(i).map(|n| n.widen()),
            List::Wide(v) => v.get(i).copied(),
        }
    }

    /// Adds `count` to element `i`'s count, saturating at `u32::MAX`: in place (every answered
    /// call's wait and talk time come here), the list widened out of line when the count passes
    /// two bytes. (Reading each count and writing it back through a check of its width cost the
    /// one-thread read of the 1 GB bench file 3 %: 300 against 306–310 MB/s this way.)
    #[inline]
    pub(super) fn add_count(&mut self, i: usize, count: u32) {
        match self {
            List::Narrow(v) => {
                let c = v[i].count_mut();
                match u16::try_from(count).ok().and_then(|n| c.checked_add(n)) {
                    Some(sum) => *c = sum,
                    None => self.widen_to_add(i, count),
                }
            }
            List::Wide(v) => {
                let c = N::wide_count_mut(&mut v[i]);
                *c = c.saturating_add(count);
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn widen_to_add(&mut self, i: usize, count: u32) {
        self.widen();
        self.add_count(i, count);
    }

    /// Puts `value` at `i`, the elements from there on moved up one.
    pub(super) fn insert(&mut self, i: usize, value: N::Wide) {
        if let List::Narrow(v) = self {
            match N::narrow(value) {
                Some(n) => {
                    v.insert(i, n);
                    return;
                }
                None => self.widen(),
            }
        }
        if let List::Wide(v) = self {
            v.insert(i, value);
        }
    }

    /// Makes the list `len` long (no shorter than it is) with `fill`, its room grown to a
    /// multiple of `step` elements when it must grow.
    pub(super) fn lengthen(&mut self, len: usize, step: usize, fill: N) {
        fn grow<T: Copy>(v: &mut Vec<T>, len: usize, step: usize, fill: T) {
            let room = len.next_multiple_of(step);
            if room > v.capacity() {
                v.reserve_exact(room - v.len());
            }
            if len > v.len() {
                v.resize(len, fill);
            }
        }
        match self {
            List::Narrow(v) => grow(v, len, step, fill),
            List::Wide(v) => grow(v, len, step, fill.widen()),
        }
    }

    /// Drops the first `n` elements, and the room beyond a quarter more than those left.
    pub(super) fn drop_first(&mut self, n: usize) {
        fn drop<T>(v: &mut Vec<T>, n: usize) {
            v.drain(..n);
            v.shrink_to(v.len() + v.len() / 4);
        }
        match self {
            List::Narrow(v) => drop(v, n),
            List::Wide(v) => drop(v, n),
        }
    }

    /// Four bytes a number from now on, the room kept.
    #[cold]
    pub(super) fn widen(&mut self) {
        if let List::Narrow(v) = self {
            let mut wide = Vec::with_capacity(v.capacity());
            wide.extend(v.iter().map(|n| n.widen()));
            *self = List::Wide(wide);
        }
    }
}

impl<N: Narrow> Serialize for List<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_past_two_bytes_widens_the_list_and_the_others_keep_their_values() {
        let mut counts: List<u16> = List::from_wide(vec![0, 65_534, 3]);
        assert!(matches!(counts, List::Narrow(_)));
        counts.add_count(0, 9);
        counts.add_count(1, 1);
        assert!(matches!(counts, List::Narrow(_)), "no number past u16::MAX yet");
        counts.add_count(1, 1);
        assert!(matches!(counts, List::Wide(_)));
        assert_eq!(counts.iter().collect::<Vec<_>>(), [9, 65_536, 3]);
        counts.add_count(2, u32::MAX);
        assert_eq!(counts.iter().collect::<Vec<_>>(), [9, 65_536, u32::MAX], "a count saturates at four bytes");
        let mut counted_pairs: List<[u16; 2]> = List::from_wide(vec![(70, 1), (90, 2)]);
        counted_pairs.add_count(1, 70_000);
        assert!(matches!(counted_pairs, List::Wide(_)));
        assert_eq!(counted_pairs.iter().collect::<Vec<_>>(), [(70, 1), (90, 70_002)], "a pair's count, not its second");

        let mut pairs: List<[u16; 2]> = List::from_wide(vec![(70, 1), (65_535, 65_535)]);
        assert!(matches!(pairs, List::Narrow(_)), "65,535 still fits");
        pairs.insert(2, (65_536, 1));
        assert!(matches!(pairs, List::Wide(_)), "a second of 65,536 does not");
        assert_eq!(pairs.iter().collect::<Vec<_>>(), [(70, 1), (65_535, 65_535), (65_536, 1)]);
        let mut counted: List<[u16; 2]> = List::from_wide(vec![(70, 1)]);
        counted.insert(0, (64, 70_000));
        assert_eq!(counted.iter().collect::<Vec<_>>(), [(64, 70_000), (70, 1)]);
    }

    #[test]
    fn lists_serialize_as_the_four_byte_list_whatever_their_width() {
        let narrow: List<u16> = List::from_wide(vec![0, 4, 65_535]);
        let wide: List<u16> = List::from_wide(vec![0, 4, 65_536]);
        assert!(matches!(narrow, List::Narrow(_)) && matches!(wide, List::Wide(_)));
        assert_eq!(serde_json::to_string(&narrow).unwrap(), "[0,4,65535]");
        assert_eq!(serde_json::to_string(&wide).unwrap(), "[0,4,65536]");
        assert_eq!(postcard::to_allocvec(&narrow).unwrap(), postcard::to_allocvec(&vec![0u32, 4, 65_535]).unwrap());
        let pairs: List<[u16; 2]> = List::from_wide(vec![(64, 1), (65_535, 2)]);
        assert_eq!(serde_json::to_string(&pairs).unwrap(), "[[64,1],[65535,2]]");
        let as_u32 = postcard::to_allocvec(&vec![(64u32, 1u32), (65_535, 2)]).unwrap();
        assert_eq!(postcard::to_allocvec(&pairs).unwrap(), as_u32);
    }

    #[test]
    fn lengthening_rounds_the_room_up_to_a_step_and_dropping_gives_room_back() {
        for mut list in [List::<u16>::from_wide(vec![1, 2]), List::Wide(vec![1, 2])] {
            list.lengthen(5, 64, 0);
            assert_eq!((list.len(), list.capacity()), (5, 64));
            assert_eq!(list.iter().collect::<Vec<_>>(), [1, 2, 0, 0, 0]);
            list.lengthen(3, 1, 0);
            assert_eq!(list.len(), 5, "never shorter");
            list.drop_first(4);
            assert_eq!(list.iter().collect::<Vec<_>>(), [0]);
            assert!(list.capacity() <= 1);
            assert_eq!(list.get(0), Some(0));
            assert_eq!(list.get(1), None);
        }
    }
}
