//! Per-second counts of waits (or talk times), exact and mergeable.
//!
//! A sorted list of (second, count) pairs: memory grows with the number of *distinct* seconds, not
//! with calls, so a 15-minute interval with 30 calls costs 30 pairs and the whole month a few
//! thousand. Waits are bucketed by rounding *up* to the whole second, so "wait ≤ T s" for a whole T
//! is exactly "bucket ≤ T" — the service-level and short-abandon thresholds can change after the
//! files are read without reading them again.

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Histogram {
    bins: Vec<(u32, u64)>,
    total: u64,
}

impl Histogram {
    /// Adds one value given in milliseconds, rounded up to the next whole second.
    pub fn add_ms(&mut self, ms: i64) {
        let secs = ms.max(0).saturating_add(999) / 1000;
        self.add_secs(u32::try_from(secs).unwrap_or(u32::MAX), 1);
    }

    pub fn add_secs(&mut self, secs: u32, count: u64) {
        if count == 0 {
            return;
        }
        self.total += count;
        // Values mostly repeat or grow, so check the end first.
        if let Some(last) = self.bins.last_mut() {
            if last.0 == secs {
                last.1 += count;
                return;
            }
            if last.0 < secs {
                self.bins.push((secs, count));
                return;
            }
        } else {
            self.bins.push((secs, count));
            return;
        }
        match self.bins.binary_search_by_key(&secs, |b| b.0) {
            Ok(i) => self.bins[i].1 += count,
            Err(i) => self.bins.insert(i, (secs, count)),
        }
    }

    pub fn merge(&mut self, other: &Histogram) {
        for &(secs, count) in &other.bins {
            self.add_secs(secs, count);
        }
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// How many values are ≤ `secs`.
    pub fn count_at_most(&self, secs: u32) -> u64 {
        self.bins.iter().take_while(|b| b.0 <= secs).map(|b| b.1).sum()
    }

    /// How many values are < `secs`.
    pub fn count_below(&self, secs: u32) -> u64 {
        self.bins.iter().take_while(|b| b.0 < secs).map(|b| b.1).sum()
    }

    pub fn max(&self) -> Option<u32> {
        self.bins.last().map(|b| b.0)
    }

    /// Nearest-rank quantile: the smallest value v with at least ⌈q·n⌉ values ≤ v.
    pub fn quantile(&self, q: f64) -> Option<u32> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for &(secs, count) in &self.bins {
            seen += count;
            if seen >= rank {
                return Some(secs);
            }
        }
        self.max()
    }

    pub fn bins(&self) -> &[(u32, u64)] {
        &self.bins
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_nearest_rank_and_exact() {
        let mut h = Histogram::default();
        for s in [5, 1, 3, 2, 4, 10, 7, 8, 9, 6] {
            h.add_secs(s, 1);
        }
        assert_eq!(h.quantile(0.5), Some(5));
        assert_eq!(h.quantile(0.8), Some(8));
        assert_eq!(h.quantile(0.95), Some(10));
        assert_eq!(h.count_at_most(3), 3);
        assert_eq!(h.count_below(3), 2);
    }

    #[test]
    fn fractional_waits_round_up_so_thresholds_stay_inclusive() {
        let mut h = Histogram::default();
        h.add_ms(20_000);
        h.add_ms(20_001);
        assert_eq!(h.count_at_most(20), 1);
    }

    #[test]
    fn merging_equals_adding_everything_to_one() {
        let (mut a, mut b, mut all) = (Histogram::default(), Histogram::default(), Histogram::default());
        for s in 0..50u32 {
            let v = (s * 37) % 23;
            if s % 2 == 0 { a.add_secs(v, 1) } else { b.add_secs(v, 1) }
            all.add_secs(v, 1);
        }
        a.merge(&b);
        assert_eq!(a, all);
    }
}
