//! Per-second counts of waits (or talk times), exact and mergeable.
//!
//! A sorted list of (second, count) pairs: memory grows with the number of *distinct* seconds, not
//! with calls, so a 15-minute interval with 30 calls costs 30 pairs and the whole month a few
//! thousand. Waits are bucketed by rounding *up* to the whole second, so "wait ≤ T s" for a whole T
//! is exactly "bucket ≤ T" — the service-level and short-abandon thresholds can change after the
//! files are read without reading them again.

use serde::{Deserialize, Serialize};

mod counts;
mod narrow;
mod pairs;
use counts::Counts;
use pairs::Pairs;

/// Seconds below this go to the dense array once a histogram has many distinct values; the rare
/// longer waits stay sorted pairs. Small, because a year of data holds tens of thousands of busy
/// histograms (an agent's or a queue's day): with 65,536 here a dense array reached to the
/// longest wait, and a 1 GB file's tallies took 320 MB; with 512 a dense array is at most 1 KiB
/// (2 KiB once a count passes 65,535).
const DENSE_LIMIT: u32 = 512;
/// A histogram turns dense when it holds more distinct values than this past its short ones:
/// below it the pairs take less memory than a count per second, and a search in them is still
/// short.
const SPARSE_MAX: usize = 128;
/// Seconds below this are counted in a short dense array once a histogram holds more than
/// [`SHORT_PAIRS`] pairs. Most values are short (in the benchmark file 81 % of answered waits are
/// under 32 s and 91 % under 64 s), and an index costs far less than a search and an insert in the
/// sorted pairs: with every value a pair, adding them was a tenth of the time to read a file (a busy
/// 15-minute interval holds about 48 distinct waits, so it never turned dense). At most 128 bytes,
/// no more than the pairs of those 48 waits took.
const SHORT_LIMIT: u32 = 64;
/// A histogram of at most this many pairs keeps its short values as pairs too: a search in them is
/// as quick as an index, and a file of tens of thousands of groups with a call or two each (the
/// hostile tests' 60,000 agents) would otherwise give every one of them a short array.
const SHORT_PAIRS: usize = 8;

/// Sorted pairs while few, so thousands of quiet groups stay cheap; then short values (below
/// [`SHORT_LIMIT`]) counted per second and the others as pairs; dense up to [`DENSE_LIMIT`] once
/// busy, so adding a value is an index, not a search.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(from = "HistogramData")]
pub(crate) struct Histogram {
    /// Sorted (second, count), every second at least [`Histogram::dense_limit`] (two bytes a
    /// number while they fit: [`narrow::List`]).
    sparse: Pairs,
    /// Count per second, below [`Histogram::dense_limit`] (two bytes a count while they fit:
    /// [`narrow::List`]): empty while the histogram is only pairs, at most [`SHORT_LIMIT`] long
    /// for the short values, longer once it has turned dense.
    dense: Counts,
    total: u64,
}

/// [`Histogram`] as serialized. A state or snapshot written with another dense range (an older
/// engine's) is brought to this one on load: the dense counts past it become sorted pairs, and
/// pairs within it (an older engine kept short values as pairs) become dense counts.
#[derive(Deserialize)]
struct HistogramData {
    sparse: Vec<(u32, u32)>,
    dense: Vec<u32>,
    total: u64,
}

impl From<HistogramData> for Histogram {
    fn from(d: HistogramData) -> Histogram {
        let HistogramData { mut sparse, mut dense, total } = d;
        if dense.len() > DENSE_LIMIT as usize {
            let past = dense.split_off(DENSE_LIMIT as usize);
            let moved = past.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (DENSE_LIMIT + i as u32, *c));
            sparse = moved.chain(sparse).collect();
        }
        let mut h = Histogram { sparse: Pairs::default(), dense: Counts::from_wide(dense), total };
        let limit = h.dense_limit();
        // Not `move_pairs_below`: pairs read from outside may be out of order (`is_well_formed`
        // rejects that afterwards), so every one is looked at.
        let (inside, past): (Vec<_>, Vec<_>) = sparse.into_iter().partition(|b| b.0 < limit);
        h.sparse = Pairs::from_wide(past);
        for (secs, count) in inside {
            h.count_dense(secs as usize, count);
        }
        h
    }
}

impl PartialEq for Histogram {
    fn eq(&self, other: &Histogram) -> bool {
        self.total == other.total && self.iter().eq(other.iter())
    }
}

impl Histogram {
    /// Adds one value given in milliseconds, rounded up to the next whole second.
    pub(crate) fn add_ms(&mut self, ms: i64) {
        let secs = ms.max(0).saturating_add(999) / 1000;
        self.add_secs(u32::try_from(secs).unwrap_or(u32::MAX), 1);
    }

    pub(crate) fn add_secs(&mut self, secs: u32, count: u64) {
        if count == 0 {
            return;
        }
        self.total += count;
        if secs < self.dense_limit() {
            self.count_dense(secs as usize, clamp_count(count));
            return;
        }
        match self.sparse.find(secs) {
            Ok(i) => self.sparse.add_count(i, clamp_count(count)),
            Err(i) => self.sparse.insert(i, (secs, clamp_count(count))),
        }
        self.grow_if_busy();
    }

    /// Moves to the next form once the pairs are many: only pairs → short values counted in place
    /// → dense.
    fn grow_if_busy(&mut self) {
        if self.dense.is_empty() && self.sparse.len() > SHORT_PAIRS {
            self.make_short();
        }
        if !self.is_dense() && self.sparse.len() > SPARSE_MAX {
            self.make_dense();
        }
    }

    /// Whether the histogram has turned dense (its array reaches past the short values).
    fn is_dense(&self) -> bool {
        self.dense.len() > SHORT_LIMIT as usize
    }

    /// Seconds below this are counted in the dense array, the others as pairs.
    fn dense_limit(&self) -> u32 {
        if self.dense.is_empty() {
            0
        } else if self.is_dense() {
            DENSE_LIMIT
        } else {
            SHORT_LIMIT
        }
    }

    /// Counts the pairs below [`SHORT_LIMIT`] in a short dense array (of at least one count, so
    /// that the short values go there from now on even when none has come yet).
    fn make_short(&mut self) {
        self.move_pairs_below(SHORT_LIMIT, 1);
    }

    /// Adds to the count of second `i` (below [`Histogram::dense_limit`]); not to the total.
    #[inline]
    fn count_dense(&mut self, i: usize, count: u32) {
        if i >= self.dense.len() {
            self.lengthen_dense(i + 1);
        }
        self.dense.add_count(i, count);
    }

    /// Makes the dense array `len` long (longer than it is), its room grown to a multiple of
    /// [`DENSE_STEP`] counts rather than doubled: a year of data holds tens of thousands of these
    /// arrays (a slot's and a group's day each), and doubling left a third of their memory unused
    /// (a 1 GB file's tallies: 43 MB of dense arrays for 30 MB of counts; the run's peak is 11 MB
    /// lower this way). Out of line: it is rare beside counting.
    #[cold]
    #[inline(never)]
    fn lengthen_dense(&mut self, len: usize) {
        self.dense.lengthen(len, DENSE_STEP, 0);
    }

    /// Counts the pairs below [`DENSE_LIMIT`] in the dense array, which from now on reaches past
    /// the short values (so the histogram stays dense).
    fn make_dense(&mut self) {
        self.move_pairs_below(DENSE_LIMIT, SHORT_LIMIT as usize + 1);
    }

    /// Counts the (sorted) pairs below `limit` in the dense array, made at least `min_len` long.
    fn move_pairs_below(&mut self, limit: u32, min_len: usize) {
        let below = self.sparse.count_below(limit);
        let top = below.checked_sub(1).and_then(|i| self.sparse.get(i)).map_or(0, |b| b.0 as usize + 1);
        let len = top.max(min_len);
        if len > self.dense.len() {
            self.lengthen_dense(len);
        }
        for (secs, count) in self.sparse.iter().take(below) {
            self.dense.add_count(secs as usize, count);
        }
        // The pairs moved into the dense array give back their room (a quarter kept to grow in).
        self.sparse.drop_first(below);
    }

    /// (second, count) pairs in ascending order, zero counts left out.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        let dense = self.dense.iter().enumerate().filter(|(_, c)| *c > 0).map(|(s, c)| (s as u32, u64::from(c)));
        dense.chain(self.sparse.iter().map(|(s, c)| (s, u64::from(c))))
    }

    /// Adds another histogram's values. Reports add up thousands of tallies (days from
    /// intervals, totals from queues): an empty one takes a copy, dense arrays are added element
    /// by element (one that is not dense joining one that is turns dense first), and two lists of
    /// pairs past the short values are merged in one pass (adding them value by value shifted the
    /// list at every insert).
    pub(crate) fn merge(&mut self, other: &Histogram) {
        if self.total == 0 && self.sparse.is_empty() && self.dense.is_empty() {
            self.clone_from(other);
            return;
        }
        if other.is_dense() && !self.is_dense() {
            self.make_dense();
        } else if !other.dense.is_empty() && self.dense.is_empty() {
            self.make_short();
        }
        // Now `other`'s dense range is within this one's.
        self.dense.lengthen(other.dense.len(), 1, 0);
        self.dense.add_all(&other.dense);
        self.total += other.dense.sum();
        if self.dense_limit() != other.dense_limit() {
            // Some of `other`'s pairs fall in this one's dense range.
            for (secs, count) in other.sparse.iter() {
                self.add_secs(secs, u64::from(count));
            }
            return;
        }
        // The same form: both lists hold values past the same range.
        self.total += other.sparse.sum();
        self.sparse = Pairs::from_wide(merge_pairs(self.sparse.iter(), other.sparse.iter()));
        self.grow_if_busy();
    }

    /// The sum of many histograms at once, as merging them one by one would give (same counts,
    /// the total the sum of theirs, the widest form of the parts). A report adds thousands of
    /// 15-minute slots into intervals, days, weekday hours and staffing cells: merged one at a
    /// time, a day's list of long values (talk past [`DENSE_LIMIT`] s: thousands of distinct
    /// seconds) was copied again for every slot joining it — a fifth of a big report's build.
    /// Here the values within the widest part's dense range are counted in one array and the
    /// others gathered and added up once ([`coalesce`]). The form is the widest part's, as
    /// merging gives, not always dense: a year's 18,000 half-hour intervals, every one dense, took
    /// 25 MB more. The parts come as an iterator walked a few times (a tally's field of each of
    /// a list of tallies, without a list of them: each allocation counts here, a report makes
    /// hundreds of thousands of these sums).
    pub(crate) fn sum<'a, I>(parts: I) -> Histogram
    where
        I: IntoIterator<Item = &'a Histogram>,
        I::IntoIter: Clone,
    {
        let parts = parts.into_iter();
        let mut first_two = parts.clone();
        if let (Some(one), None) = (first_two.next(), first_two.next()) {
            return one.clone();
        }
        let limit = parts.clone().map(|h| h.dense_limit()).max().unwrap_or(0);
        let within = |h: &Histogram| h.sparse.count_below(limit);
        // As long as the longest part's dense array or its last pair within `limit`: exact.
        let len = parts.clone().map(|h| {
            let last_within = within(h).checked_sub(1).and_then(|i| h.sparse.get(i));
            h.dense.len().max(last_within.map_or(0, |b| b.0 as usize + 1))
        });
        let mut dense = vec![0u32; len.max().unwrap_or(0)];
        let mut long: Vec<(u32, u32)> = Vec::with_capacity(parts.clone().map(|h| h.sparse.len() - within(h)).sum());
        let mut total = 0u64;
        for part in parts {
            total = total.saturating_add(part.total);
            part.dense.add_into(&mut dense);
            let below = within(part);
            for (secs, count) in part.sparse.iter().take(below) {
                dense[secs as usize] = dense[secs as usize].saturating_add(count);
            }
            long.extend(part.sparse.iter_from(below));
        }
        // The dense array's range (`dense_limit`) is at most `limit`, and every pair (≥ `limit`)
        // lies past it. Both parts are exact: a sum lives as long as the report.
        let mut h = Histogram { sparse: Pairs::from_wide(coalesce(long)), dense: Counts::from_wide(dense), total };
        h.grow_if_busy();
        h
    }

    /// Whether a histogram read from outside holds what one built here would: sorted distinct
    /// sparse values past the dense range, a dense array within its range, and a total no
    /// smaller than its counts (a count saturates at `u32::MAX`, the total does not).
    pub(crate) fn is_well_formed(&self) -> bool {
        let sorted = self.sparse.iter().zip(self.sparse.iter().skip(1)).all(|(a, b)| a.0 < b.0);
        let dense_ok =
            self.dense.len() <= DENSE_LIMIT as usize && self.sparse.first().is_none_or(|b| b.0 >= self.dense_limit());
        let counted = self.iter().try_fold(0u64, |sum, (_, c)| sum.checked_add(c));
        sorted && dense_ok && counted.is_some_and(|c| c <= self.total)
    }

    /// This histogram without the values of `part`, or `None` when `part` holds a value more
    /// often than this one. A snapshot's group tallies hold every call of the group; the group
    /// days' calls are taken out of them on load ([`super::Tally::minus`]).
    pub(crate) fn minus(&self, part: &Histogram) -> Option<Histogram> {
        let mut out = Histogram::default();
        let mut theirs = part.iter().peekable();
        for (secs, count) in self.iter() {
            let mut left = count;
            while let Some(&(s, c)) = theirs.peek() {
                if s > secs {
                    break;
                }
                if s < secs {
                    return None;
                }
                left = left.checked_sub(c)?;
                theirs.next();
            }
            out.add_secs(secs, left);
        }
        out.total = self.total.checked_sub(part.total)?;
        (theirs.next().is_none() && out.is_well_formed()).then_some(out)
    }

    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// How many values are ≤ `secs`.
    pub(crate) fn count_at_most(&self, secs: u32) -> u64 {
        self.iter().take_while(|b| b.0 <= secs).map(|b| b.1).sum()
    }

    /// How many values are < `secs`.
    pub(crate) fn count_below(&self, secs: u32) -> u64 {
        self.iter().take_while(|b| b.0 < secs).map(|b| b.1).sum()
    }

    pub(crate) fn max(&self) -> Option<u32> {
        self.sparse.last().map(|b| b.0).or_else(|| self.dense.last_counted().map(|i| i as u32))
    }

    /// Nearest-rank quantile: the smallest value v with at least ⌈q·n⌉ values ≤ v.
    pub(crate) fn quantile(&self, q: f64) -> Option<u32> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (secs, count) in self.iter() {
            seen += count;
            if seen >= rank {
                return Some(secs);
            }
        }
        self.max()
    }
}

/// Two sorted lists of (second, count) as one, the counts of a second in both added.
fn merge_pairs(a: impl Iterator<Item = (u32, u32)>, b: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(a.size_hint().0 + b.size_hint().0);
    let (mut a, mut b) = (a.peekable(), b.peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => out.extend(a.next()),
            std::cmp::Ordering::Greater => out.extend(b.next()),
            std::cmp::Ordering::Equal => {
                out.push((x.0, x.1.saturating_add(y.1)));
                a.next();
                b.next();
            }
        }
    }
    out.extend(a);
    out.extend(b);
    out
}

/// Pairs with the counts of equal seconds added, in ascending order, in a vector of exactly their
/// number (those of a count of zero left out). Counted in an array over their range where it is
/// not much wider than they are many (a day's talk times past the dense range: thousands of pairs
/// within an hour or two of seconds), else sorted: sorting every day's gathered pairs cost more
/// than the one-by-one merges it replaced.
fn coalesce(mut pairs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    let (Some(lo), Some(hi)) = (pairs.iter().map(|b| b.0).min(), pairs.iter().map(|b| b.0).max()) else {
        return Vec::new();
    };
    let span = (hi - lo) as usize + 1;
    if span <= 4 * pairs.len() {
        let mut counts = vec![0u32; span];
        for &(secs, count) in &pairs {
            let c = &mut counts[(secs - lo) as usize];
            *c = c.saturating_add(count);
        }
        let mut out = Vec::with_capacity(counts.iter().filter(|c| **c > 0).count());
        out.extend(counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (lo + i as u32, *c)));
        return out;
    }
    pairs.sort_unstable_by_key(|b| b.0);
    pairs.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 = kept.1.saturating_add(later.1);
        }
        same
    });
    // No pair of a count of zero (none is made here; a state read from outside could hold one).
    pairs.retain(|b| b.1 > 0);
    pairs.as_slice().to_vec()
}

/// Counts a dense array's room grows by at a time (128 bytes while two bytes a count). Steps of
/// 16, with pairs grown by a quarter too, saved 11 MB more at 1 GB but cost 3–4 % more
/// instructions in reallocations.
const DENSE_STEP: usize = 64;

fn clamp_count(count: u64) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random numbers below `n` from a seed (a linear congruential generator): the same
    /// every run.
    fn numbers(mut seed: u64) -> impl FnMut(u32) -> u32 {
        move |n: u32| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % u64::from(n)) as u32
        }
    }

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
    fn a_busy_histogram_with_a_long_tail_keeps_its_dense_array_small_and_exact() {
        let mut h = Histogram::default();
        let mut want = std::collections::BTreeMap::new();
        for i in 0..5_000u32 {
            let secs = if i % 50 == 0 { 3_000 + i } else { i % 400 };
            h.add_secs(secs, 1);
            *want.entry(secs).or_insert(0u64) += 1;
        }
        assert!(h.dense.len() <= DENSE_LIMIT as usize, "{}", h.dense.len());
        assert!(h.is_well_formed());
        assert!(h.iter().eq(want.into_iter()));
    }

    #[test]
    fn a_histogram_written_with_a_wider_dense_range_reads_back_the_same() {
        // As an engine with a dense range of 65,536 s wrote it: dense up to 700 s, a pair above.
        let mut dense = vec![0u32; 701];
        dense[3] = 2;
        dense[600] = 1;
        dense[700] = 4;
        let json = serde_json::json!({ "sparse": [[70_000, 1]], "dense": dense, "total": 8 });
        let h: Histogram = serde_json::from_value(json).unwrap();
        assert!(h.is_well_formed());
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![(3, 2), (600, 1), (700, 4), (70_000, 1)]);
        let mut built = Histogram::default();
        for (s, c) in [(3, 2), (600, 1), (700, 4), (70_000, 1)] {
            built.add_secs(s, c);
        }
        assert_eq!(h, built);
    }

    #[test]
    fn short_values_are_counted_in_place_and_only_longer_ones_become_pairs() {
        let mut h = Histogram::default();
        for i in 0..1_000u32 {
            h.add_secs(if i % 10 == 0 { 100 + (i / 10) % 40 } else { i % 50 }, 1);
        }
        assert!(!h.is_dense(), "40 distinct long values stay pairs");
        assert_eq!(h.dense.len(), 50);
        assert_eq!(h.sparse.len(), 40);
        assert!(h.sparse.iter().all(|b| b.0 >= SHORT_LIMIT));
        assert!(h.is_well_formed());
        assert_eq!(h.total(), 1_000);
        assert_eq!(h.count_below(50), 900);
        assert_eq!(h.quantile(0.5), Some(27));
    }

    #[test]
    fn a_histogram_of_a_few_values_stays_pairs_so_many_quiet_groups_stay_small() {
        let mut h = Histogram::default();
        for secs in [5, 1, 40, 3, 9, 700, 2, 30] {
            h.add_secs(secs, 1);
        }
        assert!(h.dense.is_empty(), "{SHORT_PAIRS} pairs: no short array yet");
        assert!(h.is_well_formed());
        h.add_secs(12, 1);
        assert_eq!(h.dense.len(), 41, "the ninth value moves the short ones into the short array");
        assert_eq!(h.sparse.iter().collect::<Vec<_>>(), [(700, 1)]);
        assert!(h.is_well_formed());
        assert_eq!(h.iter().map(|b| b.0).collect::<Vec<_>>(), vec![1, 2, 3, 5, 9, 12, 30, 40, 700]);
    }

    #[test]
    fn a_histogram_written_with_short_values_as_pairs_reads_back_the_same() {
        // As an engine without the short array wrote it: every value a pair.
        let json =
            serde_json::json!({ "sparse": [[0, 4], [3, 2], [63, 1], [64, 5], [700, 1]], "dense": [], "total": 13 });
        let mut h: Histogram = serde_json::from_value(json).unwrap();
        assert!(h.is_well_formed());
        let pairs = vec![(0, 4), (3, 2), (63, 1), (64, 5), (700, 1)];
        assert_eq!(h.iter().collect::<Vec<_>>(), pairs);
        let mut built = Histogram::default();
        for &(s, c) in &pairs {
            built.add_secs(s, c);
        }
        assert_eq!(h, built);
        // Read on after loading: still exact.
        h.add_secs(3, 1);
        built.add_secs(3, 1);
        h.merge(&built);
        assert!(h.is_well_formed());
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![(0, 8), (3, 6), (63, 2), (64, 10), (700, 2)]);
        // Pairs inside a short array's range (not written by any engine) are counted in it.
        let json = serde_json::json!({ "sparse": [[3, 2], [70, 1]], "dense": [0, 1], "total": 4 });
        let h: Histogram = serde_json::from_value(json).unwrap();
        assert!(h.is_well_formed());
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![(1, 1), (3, 2), (70, 1)]);
        // A pair below the short values in a state written by this engine is not well formed.
        let bad = Histogram { sparse: Pairs::from_wide(vec![(3, 1)]), dense: Counts::from_wide(vec![1]), total: 2 };
        assert!(!bad.is_well_formed());
    }

    #[test]
    fn merging_any_two_histograms_equals_adding_both_to_one() {
        // Sizes on both sides of the sparse → dense switch, values inside and past the dense
        // range, so every pair of representations (empty, pairs, dense) is merged.
        let mut next = numbers(7);
        for (n_a, n_b) in [(0, 5), (5, 0), (20, 30), (100, 100), (3, 600), (600, 3), (800, 900), (60, 70)] {
            let (mut a, mut b, mut all) = (Histogram::default(), Histogram::default(), Histogram::default());
            let mut value = |_: ()| if next(20) == 0 { DENSE_LIMIT + next(5_000) } else { next(DENSE_LIMIT) };
            for _ in 0..n_a {
                let v = value(());
                a.add_secs(v, 1);
                all.add_secs(v, 1);
            }
            for _ in 0..n_b {
                let v = value(());
                b.add_secs(v, 2);
                all.add_secs(v, 2);
            }
            a.merge(&b);
            assert_eq!(a, all, "{n_a} + {n_b}");
            assert!(a.is_well_formed(), "{n_a} + {n_b}");
            assert_eq!(a.max(), all.max());
        }
    }

    #[test]
    fn counts_and_seconds_past_two_bytes_stay_exact_through_adds_merges_sums_and_states() {
        // Narrow parts (two bytes a count or a second) and parts one of whose counts or seconds
        // needs four, in every form, against a map of every value added.
        let mut next = numbers(5);
        let big = |next: &mut dyn FnMut(u32) -> u32| match next(4) {
            0 => (next(DENSE_LIMIT), 40_000 + next(40_000)),
            1 => (DENSE_LIMIT + next(3_000), 40_000 + next(40_000)),
            2 => (65_000 + next(100_000), 1 + next(3)),
            _ => (next(DENSE_LIMIT), 1),
        };
        for round in 0..30 {
            let mut want = std::collections::BTreeMap::new();
            let parts: Vec<Histogram> = (0..1 + next(6))
                .map(|_| {
                    let mut h = Histogram::default();
                    let (n, wide) = [(3, false), (40, false), (300, false), (5, true), (300, true)][next(5) as usize];
                    for _ in 0..n {
                        let (v, c) = if wide && next(10) == 0 { big(&mut next) } else { (next(700), 1 + next(2)) };
                        h.add_secs(v, u64::from(c));
                        *want.entry(v).or_insert(0u64) += u64::from(c);
                    }
                    h
                })
                .collect();
            let mut merged = Histogram::default();
            for p in &parts {
                merged.merge(p);
            }
            let summed = Histogram::sum(parts.iter());
            for (h, how) in [(&merged, "merged"), (&summed, "summed")] {
                assert!(h.is_well_formed(), "round {round}, {how}");
                assert!(h.iter().eq(want.iter().map(|(v, c)| (*v, *c))), "round {round}, {how}");
                assert_eq!(h.total(), want.values().sum::<u64>(), "round {round}, {how}");
                let through_json: Histogram = serde_json::from_str(&serde_json::to_string(h).unwrap()).unwrap();
                assert_eq!(&through_json, h, "round {round}, {how}");
                let through_bytes: Histogram = postcard::from_bytes(&postcard::to_allocvec(h).unwrap()).unwrap();
                assert_eq!(&through_bytes, h, "round {round}, {how}");
            }
        }
    }

    #[test]
    fn summing_many_histograms_at_once_equals_merging_them_one_by_one() {
        // Parts of every form (empty, a few pairs, short values, dense), with long values past
        // the dense range shared between parts, summed in several orders and groupings.
        let mut next = numbers(11);
        for round in 0..40 {
            let parts: Vec<Histogram> = (0..1 + next(30))
                .map(|_| {
                    let mut h = Histogram::default();
                    let (n, spread) = [(0, 1), (3, 600), (20, 60), (300, 500), (900, 3_000)][next(5) as usize];
                    for _ in 0..n {
                        let v = if next(4) == 0 { DENSE_LIMIT + next(spread) } else { next(spread.min(DENSE_LIMIT)) };
                        h.add_secs(v, u64::from(1 + next(3)));
                    }
                    h
                })
                .collect();
            let mut merged = Histogram::default();
            for p in &parts {
                merged.merge(p);
            }
            let refs: Vec<&Histogram> = parts.iter().collect();
            let summed = Histogram::sum(refs.iter().copied());
            assert!(summed.is_well_formed(), "round {round}");
            assert_eq!(summed, merged, "round {round}");
            assert_eq!(summed.max(), merged.max(), "round {round}");
            // Never a wider form than merging gives (a year of quiet intervals, all dense, took
            // 25 MB more).
            assert!(summed.dense.len() <= merged.dense.len(), "round {round}");
            // A sum of sums is the sum of all; and a sum takes more values as any histogram does.
            let (a, b) = refs.split_at(refs.len() / 2);
            let mut twice = Histogram::sum([&Histogram::sum(a.iter().copied()), &Histogram::sum(b.iter().copied())]);
            assert_eq!(twice, merged, "round {round}");
            twice.add_secs(5, 1);
            twice.add_secs(DENSE_LIMIT + 7, 1);
            merged.add_secs(5, 1);
            merged.add_secs(DENSE_LIMIT + 7, 1);
            assert!(twice.is_well_formed());
            assert_eq!(twice, merged, "round {round}");
        }
        assert_eq!(Histogram::sum([]), Histogram::default());
    }

    #[test]
    fn gathered_pairs_are_added_up_alike_counted_in_an_array_or_sorted() {
        // Close seconds (counted in an array over their range) and far ones (sorted).
        for spread in [3, 50, 100_000] {
            let pairs: Vec<(u32, u32)> = (0..40u32).map(|i| (600 + (i * 7) % spread, 1 + i % 3)).collect();
            let mut want = std::collections::BTreeMap::new();
            for &(s, c) in &pairs {
                *want.entry(s).or_insert(0u32) += c;
            }
            let got = coalesce(pairs);
            assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "spread {spread}");
            assert_eq!(got.capacity(), got.len(), "spread {spread}");
        }
        assert_eq!(coalesce(vec![(9, u32::MAX), (9, 5)]), vec![(9, u32::MAX)], "saturates");
        assert_eq!(coalesce(vec![(9, 0), (900_000, 2)]), vec![(900_000, 2)], "no empty pair");
        assert!(coalesce(Vec::new()).is_empty());
    }

    #[test]
    fn a_dense_array_has_room_for_its_counts_rounded_up_to_a_step_not_doubled() {
        let mut h = Histogram::default();
        for secs in 0..DENSE_LIMIT {
            for _ in 0..3 {
                h.add_secs(secs, 1); // busy enough to turn short, then dense
            }
            assert!(
                h.dense.capacity() <= h.dense.len().next_multiple_of(DENSE_STEP).max(SHORT_LIMIT as usize),
                "{secs}"
            );
        }
        assert!(h.is_dense() && h.sparse.is_empty());
        assert_eq!(h.dense.capacity(), DENSE_LIMIT as usize);
        // Pairs moved into the dense array give their room back.
        let mut h = Histogram::default();
        for secs in (1_000..1_010).chain(0..200) {
            h.add_secs(secs, 1);
        }
        assert!(h.is_dense());
        assert_eq!(h.sparse.len(), 10);
        assert!(h.sparse.capacity() <= 12, "{}", h.sparse.capacity());
        assert_eq!(h.iter().count(), 210);
    }

    #[test]
    fn merging_equals_adding_everything_to_one() {
        let (mut a, mut b, mut all) = (Histogram::default(), Histogram::default(), Histogram::default());
        let value = |s: u32| (s * 37) % 230 + if s % 7 == 0 { 70_000 } else { 0 };
        let max = (0..500u32).map(value).max();
        for s in 0..500u32 {
            let v = value(s);
            if s % 2 == 0 {
                a.add_secs(v, 1)
            } else {
                b.add_secs(v, 1)
            }
            all.add_secs(v, 1);
        }
        a.merge(&b);
        assert_eq!(a, all);
        assert_eq!(a.max(), max);
        assert_eq!(a.iter().map(|b| b.1).sum::<u64>(), 500);
    }
}
