//! The counts per second of a histogram's dense range: two bytes each while every one fits.
//!
//! A year of calls holds tens of thousands of dense arrays (answered waits and talk times of each
//! 15-minute slot and of each group's day): at 1 GB, 31 MB of four-byte counts, none of them past
//! 65,535. Two bytes a count halve that. An array one of whose counts would pass `u16::MAX` (a
//! whole queue's year, a hostile file) turns to four bytes a count for good, so a count stays
//! exact up to `u32::MAX`, where it saturates, as before. Serialized as the four-byte list it
//! always was: range states and snapshots keep their form.

use serde::{Serialize, Serializer};

#[derive(Clone, Debug)]
pub(super) enum Counts {
    /// Every count at most `u16::MAX`.
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for Counts {
    fn default() -> Counts {
        Counts::Narrow(Vec::new())
    }
}

impl Counts {
    /// Four-byte counts (read from outside, or summed): two bytes each when every one fits.
    pub(super) fn from_wide(counts: Vec<u32>) -> Counts {
        match counts.iter().map(|c| u16::try_from(*c)).collect() {
            Ok(narrow) => Counts::Narrow(narrow),
            Err(_) => Counts::Wide(counts),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Counts::Narrow(v) => v.len(),
            Counts::Wide(v) => v.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counts the array has room for without growing.
    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        match self {
            Counts::Narrow(v) => v.capacity(),
            Counts::Wide(v) => v.capacity(),
        }
    }

    /// The counts in order, as four-byte numbers.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let (narrow, wide): (&[u16], &[u32]) = match self {
            Counts::Narrow(v) => (v, &[]),
            Counts::Wide(v) => (&[], v),
        };
        narrow.iter().map(|c| u32::from(*c)).chain(wide.iter().copied())
    }

    /// Adds `count` to second `i` (within the array), saturating at `u32::MAX`.
    #[inline]
    pub(super) fn add(&mut self, i: usize, count: u32) {
        if let Counts::Narrow(v) = self {
            match u16::try_from(u32::from(v[i]).saturating_add(count)) {
                Ok(sum) => {
                    v[i] = sum;
                    return;
                }
                Err(_) => self.widen(),
            }
        }
        if let Counts::Wide(v) = self {
            v[i] = v[i].saturating_add(count);
        }
    }

    /// Adds `other`'s counts second by second; this array is at least as long.
    pub(super) fn add_all(&mut self, other: &Counts) {
        if let (Counts::Narrow(mine), Counts::Narrow(theirs)) = (&mut *self, other) {
            if mine.iter().zip(theirs).all(|(a, b)| a.checked_add(*b).is_some()) {
                for (a, b) in mine.iter_mut().zip(theirs) {
                    *a += *b;
                }
                return;
            }
        }
        self.widen();
        if let Counts::Wide(mine) = self {
            for (a, b) in mine.iter_mut().zip(other.iter()) {
                *a = a.saturating_add(b);
            }
        }
    }

    /// Adds these counts into `out` (at least as long), saturating at `u32::MAX`.
    pub(super) fn add_into(&self, out: &mut [u32]) {
        for (a, b) in out.iter_mut().zip(self.iter()) {
            *a = a.saturating_add(b);
        }
    }

    /// The sum of the counts.
    pub(super) fn sum(&self) -> u64 {
        self.iter().map(u64::from).sum()
    }

    /// The last second with a count, if any.
    pub(super) fn last_counted(&self) -> Option<usize> {
        match self {
            Counts::Narrow(v) => v.iter().rposition(|c| *c > 0),
            Counts::Wide(v) => v.iter().rposition(|c| *c > 0),
        }
    }

    /// Makes the array `len` long (no shorter than it is), its room grown to a multiple of `step`
    /// counts when it must grow.
    pub(super) fn lengthen(&mut self, len: usize, step: usize) {
        fn grow<T: Copy + Default>(v: &mut Vec<T>, len: usize, step: usize) {
            let room = len.next_multiple_of(step);
            if room > v.capacity() {
                v.reserve_exact(room - v.len());
            }
            if len > v.len() {
                v.resize(len, T::default());
            }
        }
        match self {
            Counts::Narrow(v) => grow(v, len, step),
            Counts::Wide(v) => grow(v, len, step),
        }
    }

    /// Four bytes a count from now on, the room kept.
    #[cold]
    fn widen(&mut self) {
        if let Counts::Narrow(v) = self {
            let mut wide = Vec::with_capacity(v.capacity());
            wide.extend(v.iter().map(|c| u32::from(*c)));
            *self = Counts::Wide(wide);
        }
    }
}

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_past_two_bytes_widens_the_array_and_stays_exact() {
        let mut c = Counts::from_wide(vec![0, 65_535, 3]);
        assert!(matches!(c, Counts::Narrow(_)));
        c.add(0, 9);
        assert!(matches!(c, Counts::Narrow(_)), "no count past u16::MAX yet");
        c.add(1, 1);
        assert!(matches!(c, Counts::Wide(_)));
        assert_eq!(c.iter().collect::<Vec<_>>(), [9, 65_536, 3]);
        c.add(2, u32::MAX);
        assert_eq!(c.iter().collect::<Vec<_>>(), [9, 65_536, u32::MAX], "saturates at u32::MAX");
    }

    #[test]
    fn adding_arrays_widens_only_when_a_sum_needs_it() {
        let mut a = Counts::from_wide(vec![1, 2, 3]);
        a.add_all(&Counts::from_wide(vec![10, 20]));
        assert!(matches!(a, Counts::Narrow(_)));
        assert_eq!(a.iter().collect::<Vec<_>>(), [11, 22, 3]);
        a.add_all(&Counts::from_wide(vec![0, 65_535 - 22, 65_535]));
        assert!(matches!(a, Counts::Wide(_)), "3 + 65,535 needs four bytes");
        assert_eq!(a.iter().collect::<Vec<_>>(), [11, 65_535, 65_538]);
        let mut narrow = Counts::from_wide(vec![5, 5]);
        narrow.add_all(&Counts::from_wide(vec![70_000]));
        assert_eq!(narrow.iter().collect::<Vec<_>>(), [70_005, 5]);
        let mut out = vec![u32::MAX - 1, 0, 7];
        narrow.add_into(&mut out);
        assert_eq!(out, [u32::MAX, 5, 7]);
    }

    #[test]
    fn counts_serialize_as_the_four_byte_list_whatever_their_width() {
        let narrow = Counts::from_wide(vec![0, 4, 65_535]);
        let wide = Counts::from_wide(vec![0, 4, 65_536]);
        assert!(matches!(narrow, Counts::Narrow(_)) && matches!(wide, Counts::Wide(_)));
        assert_eq!(serde_json::to_string(&narrow).unwrap(), "[0,4,65535]");
        assert_eq!(serde_json::to_string(&wide).unwrap(), "[0,4,65536]");
        let as_u32 = postcard::to_allocvec(&vec![0u32, 4, 65_535]).unwrap();
        assert_eq!(postcard::to_allocvec(&narrow).unwrap(), as_u32);
    }

    #[test]
    fn lengthening_rounds_the_room_up_to_a_step_and_keeps_the_counts() {
        let mut c = Counts::from_wide(vec![1, 2]);
        c.lengthen(5, 64);
        assert_eq!(c.len(), 5);
        assert_eq!(c.capacity(), 64);
        assert_eq!(c.iter().collect::<Vec<_>>(), [1, 2, 0, 0, 0]);
        assert_eq!(c.last_counted(), Some(1));
        assert_eq!(c.sum(), 3);
        c.lengthen(3, 1);
        assert_eq!(c.len(), 5, "never shorter");
    }
}
