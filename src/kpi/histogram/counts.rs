//! A histogram's counts per second of its dense range, two bytes a count while they fit
//! ([`List`]).

use super::narrow::List;

pub(super) type Counts = List<u16>;

impl Counts {
    /// Adds `other`'s counts second by second; this array is at least as long.
    pub(super) fn add_all(&mut self, other: &Counts) {
        if let (List::Narrow(mine), List::Narrow(theirs)) = (&mut *self, other) {
            if mine.iter().zip(theirs).all(|(a, b)| a.checked_add(*b).is_some()) {
                for (a, b) in mine.iter_mut().zip(theirs) {
                    *a += *b;
                }
                return;
            }
        }
        self.widen();
        if let List::Wide(mine) = self {
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
            List::Narrow(v) => v.iter().rposition(|c| *c > 0),
            List::Wide(v) => v.iter().rposition(|c| *c > 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_past_two_bytes_widens_the_array_and_saturates_at_four() {
        let mut c = Counts::from_wide(vec![0, 65_535, 3]);
        c.add_count(0, 9);
        assert!(matches!(c, List::Narrow(_)), "no count past u16::MAX yet");
        c.add_count(1, 1);
        assert!(matches!(c, List::Wide(_)));
        c.add_count(2, u32::MAX);
        assert_eq!(c.iter().collect::<Vec<_>>(), [9, 65_536, u32::MAX]);
        assert_eq!((c.sum(), c.last_counted()), (9 + 65_536 + u64::from(u32::MAX), Some(2)));
    }

    #[test]
    fn adding_arrays_widens_only_when_a_sum_needs_it() {
        let mut a = Counts::from_wide(vec![1, 2, 3]);
        a.add_all(&Counts::from_wide(vec![10, 20]));
        assert!(matches!(a, List::Narrow(_)));
        assert_eq!(a.iter().collect::<Vec<_>>(), [11, 22, 3]);
        a.add_all(&Counts::from_wide(vec![0, 65_535 - 22, 65_535]));
        assert!(matches!(a, List::Wide(_)), "3 + 65,535 needs four bytes");
        assert_eq!(a.iter().collect::<Vec<_>>(), [11, 65_535, 65_538]);
        let mut narrow = Counts::from_wide(vec![5, 5]);
        narrow.add_all(&Counts::from_wide(vec![70_000]));
        assert_eq!(narrow.iter().collect::<Vec<_>>(), [70_005, 5]);
        let mut out = vec![u32::MAX - 1, 0, 7];
        narrow.add_into(&mut out);
        assert_eq!(out, [u32::MAX, 5, 7]);
    }
}
