//! A histogram's sorted (second, count) pairs past its dense range, two bytes a number while they
//! fit ([`List`]).

use super::narrow::List;

pub(super) type Pairs = List<[u16; 2]>;

impl Pairs {
    pub(super) fn first(&self) -> Option<(u32, u32)> {
        self.get(0)
    }

    pub(super) fn last(&self) -> Option<(u32, u32)> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// How many pairs have a second below `limit` (they come first).
    pub(super) fn count_below(&self, limit: u32) -> usize {
        match self {
            List::Narrow(v) => v.partition_point(|[s, _]| u32::from(*s) < limit),
            List::Wide(v) => v.partition_point(|(s, _)| *s < limit),
        }
    }

    /// Where second `secs` is (`Ok`), or where it would go (`Err`).
    pub(super) fn find(&self, secs: u32) -> Result<usize, usize> {
        match self {
            List::Narrow(v) => match u16::try_from(secs) {
                Ok(s) => v.binary_search_by_key(&s, |p| p[0]),
                Err(_) => Err(v.len()),
            },
            List::Wide(v) => v.binary_search_by_key(&secs, |p| p.0),
        }
    }

    /// The sum of the counts.
    pub(super) fn sum(&self) -> u64 {
        self.iter().map(|p| u64::from(p.1)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_past_two_bytes_widens_the_pairs_and_saturates_at_four() {
        let mut q = Pairs::from_wide(vec![(70, 65_535)]);
        q.add_count(0, 1);
        assert!(matches!(q, List::Wide(_)));
        q.add_count(0, u32::MAX);
        assert_eq!(q.iter().collect::<Vec<_>>(), [(70, u32::MAX)]);
    }

    #[test]
    fn searches_find_seconds_of_either_width() {
        for p in [Pairs::from_wide(vec![(64, 1), (100, 2), (300, 3)]), List::Wide(vec![(64, 1), (100, 2), (300, 3)])] {
            assert_eq!(p.find(100), Ok(1));
            assert_eq!(p.find(101), Err(2));
            assert_eq!(p.find(70_000), Err(3));
            assert_eq!(p.count_below(100), 1);
            assert_eq!(p.count_below(301), 3);
            assert_eq!((p.first(), p.last()), (Some((64, 1)), Some((300, 3))));
            assert_eq!(p.iter_from(1).collect::<Vec<_>>(), [(100, 2), (300, 3)]);
            assert_eq!(p.sum(), 6);
        }
    }
}
