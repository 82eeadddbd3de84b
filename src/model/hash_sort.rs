//! Sorting records that are ordered first by a 64-bit hash (a call id's, a caller number's).
//!
//! The call index sorts its new calls a thousand at a time and the repeat-caller pass sorts its
//! calls 65,536 at a time and again in slices as it walks them: with `sort_unstable` that was
//! about 240 instructions a call, 7 % of a report. A hash is spread evenly, so one counting pass
//! on its top bits puts the records in buckets of about four, in order; sorting those small
//! buckets whole takes a few comparisons a record. A bucket that is not small (one caller behind
//! many calls, as when numbers are masked) is sorted with `sort_unstable`, so no input is slow.

/// The bits of a 64-bit hash the per-call records keep (the top 48; see each record for why that
/// is enough): [`hash_and_second`] puts the top 16 bits of a second beside them.
pub(crate) const KEPT_HASH_BITS: u64 = !0xFFFF;

/// A hash's top 48 bits and a second's top 16 in one `u64`, which orders by the hash, then the
/// second: the first field of the per-call records (the call index's entries, the FCR calls),
/// whose next field holds the second's low 16 bits, so sorting the records sorts by hash and
/// second. [`sort_by_hash`] takes it as the hash (the top of each record's key).
pub(crate) fn hash_and_second(hash: u64, second: u32) -> u64 {
    (hash & KEPT_HASH_BITS) | u64::from(second >> 16)
}

/// The second of a [`hash_and_second`] and the second's low 16 bits.
pub(crate) fn second_of(hash_and_second: u64, low: u16) -> u32 {
    ((hash_and_second as u32) << 16) | u32::from(low)
}

/// Buckets of at most this many records are sorted by insertion.
const SMALL: usize = 16;
/// The most bits a counting pass looks at (65,536 buckets, a quarter of a MiB of counts).
const MAX_BITS: u32 = 16;

/// Sorts `v` as `sort_unstable` does, for records ordered as `key(record)` is, whose key's top 64
/// bits are a hash, and whose hashes share their top `shared` bits (0: nothing known). Records
/// with equal keys must be equal, so that the order is the only possible one: the result is then
/// exactly `sort_unstable`'s. The records are compared by their keys, one 128-bit comparison,
/// not field by field: comparing the call index's entries and the repeat-caller calls field by
/// field (packed structs, each field loaded and compared in turn) was most of sorting them.
pub(crate) fn sort_by_hash<T: Copy>(v: &mut [T], shared: u32, key: impl Fn(&T) -> u128) {
    if v.len() <= 2 * SMALL || bucket_bits(v.len(), shared) == 0 {
        v.sort_unstable_by_key(&key);
        return;
    }
    let copy = v.to_vec();
    place_and_sort(&[&copy], v, shared, key);
}

/// The records of `parts` in one vector sorted as [`sort_by_hash`] sorts them, placed from the
/// parts straight into it: no joined copy of them first (the call index sorts a million calls
/// held in a thousand runs this way, with the runs and the result its only copies).
pub(crate) fn sorted_by_hash<T: Copy>(parts: &[Vec<T>], key: impl Fn(&T) -> u128) -> Vec<T> {
    let n = parts.iter().map(Vec::len).sum();
    let Some(&first) = parts.iter().find_map(|p| p.first()) else { return Vec::new() };
    if n <= 2 * SMALL || bucket_bits(n, 0) == 0 {
        let mut all = parts.concat();
        all.sort_unstable_by_key(&key);
        return all;
    }
    let mut all = vec![first; n];
    let parts: Vec<&[T]> = parts.iter().map(Vec::as_slice).collect();
    place_and_sort(&parts, &mut all, 0, key);
    all
}

/// Bits of the hash a counting pass over `n` records looks at: about four records a bucket.
fn bucket_bits(n: usize, shared: u32) -> u32 {
    let bits = (n / 4).checked_next_power_of_two().map_or(MAX_BITS, usize::trailing_zeros).min(MAX_BITS);
    bits.min(64u32.saturating_sub(shared))
}

/// Places the records of `from` (as many as `to` holds) into `to` by their hash's top bits below
/// the `shared` ones, then sorts each bucket.
fn place_and_sort<T: Copy>(from: &[&[T]], to: &mut [T], shared: u32, key: impl Fn(&T) -> u128) {
    let bits = bucket_bits(to.len(), shared);
    // The hash's `bits` bits below the shared ones (`shared` < 64 here).
    let bucket = |r: &T| (((key(r) >> 64) as u64) << shared >> (64 - bits)) as usize;
    // starts[b]: where bucket b begins, then (as records are placed) where its next one goes.
    let mut starts = vec![0u32; (1 << bits) + 1];
    for r in from.iter().copied().flatten() {
        starts[bucket(r) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    for r in from.iter().copied().flatten() {
        let at = &mut starts[bucket(r)];
        to[*at as usize] = *r;
        *at += 1;
    }
    // starts[b] is now where bucket b ends.
    let mut at = 0;
    for &end in &starts[..1 << bits] {
        let part = &mut to[at..end as usize];
        if part.len() <= SMALL {
            insertion_sort(part, &key);
        } else {
            part.sort_unstable_by_key(&key);
        }
        at = end as usize;
    }
}

fn insertion_sort<T: Copy>(v: &mut [T], key: impl Fn(&T) -> u128) {
    for i in 1..v.len() {
        let x = v[i];
        let k = key(&x);
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > k {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64-bit LCG, as in the other tests.
    fn rng(seed: u64) -> impl FnMut() -> u64 {
        let mut s = seed;
        move || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s ^ (s >> 29)
        }
    }

    #[test]
    fn records_come_out_as_sort_unstable_puts_them_whatever_the_hashes() {
        let mut next = rng(7);
        for n in [0, 1, 2, 31, 33, 100, 1000, 4099, 70_000] {
            for shared in [0, 1, 12, 40, 63, 64] {
                // Spread hashes, hashes sharing their top bits, many records of one hash, few distinct.
                let keep = if shared == 0 { 0 } else { u64::MAX << (64 - shared.min(64)) };
                let prefix = next() & keep;
                let kinds: [&dyn Fn(u64) -> u64; 3] = [&|h| h, &|h| if h % 3 == 0 { 42 } else { h }, &|h| h % 5];
                for kind in kinds {
                    let mut v: Vec<(u64, u32)> =
                        (0..n).map(|_| ((kind(next()) & !keep) | prefix, (next() % 4) as u32)).collect();
                    let mut want = v.clone();
                    want.sort_unstable();
                    sort_by_hash(&mut v, shared, |r| u128::from(r.0) << 64 | u128::from(r.1));
                    assert_eq!(v, want, "{n} records, {shared} shared bits");
                    if shared == 0 {
                        // The same records in parts of uneven lengths, sorted into one.
                        let mut parts = Vec::new();
                        let mut rest = want.as_slice();
                        while !rest.is_empty() {
                            let (part, more) = rest.split_at((next() as usize % 700 + 1).min(rest.len()));
                            parts.push(part.iter().rev().copied().collect::<Vec<_>>());
                            rest = more;
                        }
                        parts.reverse();
                        let joined = sorted_by_hash(&parts, |r| u128::from(r.0) << 64 | u128::from(r.1));
                        assert_eq!(joined, want, "{n} records in {} parts", parts.len());
                    }
                }
            }
        }
    }
}
