//! Records of a few unsigned fields packed into 64-bit words, each field in the bits its largest
//! value needs: what the per-call stores use to keep a sorted run of calls in about half the bytes
//! of a fixed layout (a run of 65,536 calls spans a few days, not 2³² seconds; a centre has a few
//! hundred agents, not 65,536).
//!
//! Every record takes the same number of bits, so record `i` starts at bit `i × bits`: reading one
//! is two word loads per field, with no table and no search.

/// Bits needed to hold `v` (0 for 0: a field that is always 0 takes no room).
pub(crate) fn width(v: u64) -> u32 {
    u64::BITS - v.leading_zeros()
}

/// `N` fields a record, field `k` in `widths[k]` bits (at most 64).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Packed<const N: usize> {
    words: Vec<u64>,
    widths: [u32; N],
    /// Bits a record.
    bits: usize,
    len: usize,
}

impl<const N: usize> Packed<N> {
    /// Room for `len` records of these field widths (each clamped to 64).
    pub(crate) fn with_capacity(widths: [u32; N], len: usize) -> Packed<N> {
        let widths = widths.map(|w| w.min(u64::BITS));
        let bits = widths.iter().map(|&w| w as usize).sum::<usize>();
        Packed { words: Vec::with_capacity((bits * len).div_ceil(64)), widths, bits, len: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Appends a record; each field keeps its low `widths[k]` bits (the caller sizes the widths
    /// from the values, so none is cut).
    pub(crate) fn push(&mut self, fields: [u64; N]) {
        let mut at = self.len * self.bits;
        self.words.resize((at + self.bits).div_ceil(64), 0);
        for (v, &w) in fields.iter().zip(&self.widths) {
            if w > 0 {
                let (i, off) = (at / 64, at % 64);
                let v = v & mask(w);
                self.words[i] |= v << off;
                if off + w as usize > 64 {
                    self.words[i + 1] |= v >> (64 - off);
                }
                at += w as usize;
            }
        }
        self.len += 1;
    }

    /// Record `i` (below [`Packed::len`]).
    pub(crate) fn get(&self, i: usize) -> [u64; N] {
        let mut at = i * self.bits;
        let mut out = [0; N];
        for (v, &w) in out.iter_mut().zip(&self.widths) {
            if w > 0 {
                let (i, off) = (at / 64, at % 64);
                let mut x = self.words[i] >> off;
                if off + w as usize > 64 {
                    x |= self.words[i + 1] << (64 - off);
                }
                *v = x & mask(w);
                at += w as usize;
            }
        }
        out
    }

    /// Bytes held on the heap.
    #[cfg(test)]
    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

fn mask(w: u32) -> u64 {
    u64::MAX >> (u64::BITS - w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_of_any_widths_give_back_their_fields() {
        // Widths that put fields across word boundaries at every offset, 0 and 64 included.
        let widths = [0, 1, 7, 48, 64, 13, 33];
        let value = |i: u64, k: usize| {
            let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(k as u32 * 9);
            if widths[k] == 0 {
                0
            } else {
                x & mask(widths[k])
            }
        };
        let mut p = Packed::<7>::with_capacity(widths, 1000);
        for i in 0..1000u64 {
            p.push(std::array::from_fn(|k| value(i, k)));
        }
        assert_eq!(p.len(), 1000);
        for i in 0..1000u64 {
            assert_eq!(p.get(i as usize), std::array::from_fn(|k| value(i, k)), "record {i}");
        }
        // 166 bits a record: 1000 records in 2,594 words, not 7 × 8 bytes each.
        assert_eq!(p.heap_bytes(), (166 * 1000usize).div_ceil(64) * 8);
    }

    #[test]
    fn the_width_of_a_value_is_the_bits_it_needs() {
        assert_eq!([0, 1, 2, 3, 255, 256, u64::MAX].map(width), [0, 1, 2, 2, 8, 9, 64]);
    }
}
