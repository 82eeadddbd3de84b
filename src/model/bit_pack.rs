//! Records of a few unsigned fields packed into 64-bit words, each field in the bits its largest
//! value needs: what the per-call stores use to keep a sorted run of calls in about half the bytes
//! of a fixed layout (a run of 65,536 calls spans a few days, not 2³² seconds; a centre has a few
//! hundred agents, not 65,536).
//!
//! Every record takes the same number of bits, so record `i` starts at bit `i × bits`: reading one
//! is three word loads, with no table and no search.

/// Bits needed to hold `v` (0 for 0: a field that is always 0 takes no room).
pub(crate) fn width(v: u64) -> u32 {
    u64::BITS - v.leading_zeros()
}

/// `N` fields a record, field `k` in `widths[k]` bits (at most 64).
///
/// A record of at most 128 bits (every record of the per-call stores: 60–80 bits) is put
/// together as two words and written or read with three word operations whatever its fields:
/// field by field, each field's two words checked and shifted on their own, a record took about
/// 130 instructions to append and 100 to read (now about 50 each) — 6 % of the instructions of
/// reading a file with its duplicate index and repeat-caller calls, and a third of the
/// repeat-caller pass. Wider records go field by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Packed<const N: usize> {
    /// The records, then two words of zeros at least (so a record of up to 128 bits at any
    /// offset reads three words without a check of where the data ends).
    words: Vec<u64>,
    widths: [u32; N],
    /// Where field `k` starts in a record, and its bits.
    shifts: [u32; N],
    masks: [u64; N],
    /// Bits a record.
    bits: usize,
    len: usize,
}

/// Words past the last record's first word kept for reading it as three words.
const PAD: usize = 2;

impl<const N: usize> Packed<N> {
    /// Room for `len` records of these field widths (each clamped to 64).
    pub(crate) fn with_capacity(widths: [u32; N], len: usize) -> Packed<N> {
        let widths = widths.map(|w| w.min(u64::BITS));
        let mut shifts = [0; N];
        let mut bits = 0;
        for (shift, &w) in shifts.iter_mut().zip(&widths) {
            *shift = bits as u32;
            bits += w as usize;
        }
        let masks = widths.map(mask);
        Packed { words: Vec::with_capacity((bits * len).div_ceil(64) + PAD), widths, shifts, masks, bits, len: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Appends a record; each field keeps its low `widths[k]` bits (the caller sizes the widths
    /// from the values, so none is cut).
    #[inline]
    pub(crate) fn push(&mut self, fields: [u64; N]) {
        let at = self.len * self.bits;
        let (i, off) = (at / 64, (at % 64) as u32);
        // Room for the record and the padding (the record's words are zero until written).
        let need = (at + self.bits).div_ceil(64).max(i + 1) + PAD;
        if self.words.len() < need {
            self.words.resize(need, 0);
        }
        if self.bits <= 128 {
            // The record as two words, `lo` its first 64 bits.
            let (mut lo, mut hi) = (0u64, 0u64);
            for ((v, &mask), &shift) in fields.iter().zip(&self.masks).zip(&self.shifts) {
                let v = v & mask;
                // (Wrapping: a field of no bits may start at bit 128; it is 0.)
                if shift >= 64 {
                    hi |= v.wrapping_shl(shift - 64);
                } else {
                    lo |= v << shift;
                    hi |= past(v, shift);
                }
            }
            let w = &mut self.words[i..i + 3];
            w[0] |= lo << off;
            w[1] |= past(lo, off) | hi << off;
            w[2] |= past(hi, off);
        } else {
            self.push_wide(at, fields);
        }
        self.len += 1;
    }

    /// [`Packed::push`] for a record of more than 128 bits: field by field.
    #[cold]
    fn push_wide(&mut self, mut at: usize, fields: [u64; N]) {
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
    }

    /// Record `i` (below [`Packed::len`]).
    #[inline]
    pub(crate) fn get(&self, i: usize) -> [u64; N] {
        let at = i * self.bits;
        if self.bits > 128 {
            return self.get_wide(at);
        }
        let (i, off) = (at / 64, (at % 64) as u32);
        let w = &self.words[i..i + 3];
        let lo = w[0] >> off | past_down(w[1], off);
        let hi = w[1] >> off | past_down(w[2], off);
        let mut out = [0; N];
        for ((v, &mask), &shift) in out.iter_mut().zip(&self.masks).zip(&self.shifts) {
            let x = if shift >= 64 { hi.wrapping_shr(shift - 64) } else { lo >> shift | past_down(hi, shift) };
            *v = x & mask;
        }
        out
    }

    /// [`Packed::get`] for a record of more than 128 bits: field by field.
    #[cold]
    fn get_wide(&self, mut at: usize) -> [u64; N] {
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

    /// The fields' widths, and the words (the records, then [`PAD`] words), for writing the
    /// records out as they are ([`Packed::from_parts`] takes them back).
    pub(crate) fn parts(&self) -> ([u32; N], &[u64]) {
        (self.widths, &self.words)
    }

    /// `len` records of these widths in `words` as [`Packed::parts`] gave them: `None` unless
    /// every width is at most 64 and the words are exactly the records' and the padding (then
    /// reading any record below `len` stays within them).
    pub(crate) fn from_parts(widths: [u32; N], len: usize, words: Vec<u64>) -> Option<Packed<N>> {
        if widths.iter().any(|&w| w > u64::BITS) {
            return None;
        }
        let mut p = Packed::with_capacity(widths, 0);
        let want = p.bits.checked_mul(len)?.div_ceil(64).checked_add(PAD)?;
        if words.len() != want {
            return None;
        }
        (p.words, p.len) = (words, len);
        Some(p)
    }

    /// Bytes held on the heap.
    #[cfg(test)]
    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// The bits of `v` a shift left by `shift` (below 64) moves past its word: `v >> (64 − shift)`,
/// 0 for a shift of 0 (where that shift would overflow).
#[inline]
fn past(v: u64, shift: u32) -> u64 {
    (v >> 1) >> (63 - shift)
}

/// `v` shifted left into the bits a shift right by `shift` (below 64) empties at the top of the
/// word before it: `v << (64 − shift)`, 0 for a shift of 0.
#[inline]
fn past_down(v: u64, shift: u32) -> u64 {
    (v << 1) << (63 - shift)
}

/// The low `w` bits set (none for 0).
fn mask(w: u32) -> u64 {
    u64::MAX.checked_shr(u64::BITS - w).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packs 1000 records of `widths`, each field's value spread over its bits, and reads them
    /// back (the last record too, whose words end the data).
    fn round_trip<const N: usize>(widths: [u32; N]) -> Packed<N> {
        let value =
            |i: u64, k: usize| i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(k as u32 * 9) & mask(widths[k]);
        let mut p = Packed::<N>::with_capacity(widths, 1000);
        for i in 0..1000u64 {
            p.push(std::array::from_fn(|k| value(i, k)));
        }
        assert_eq!(p.len(), 1000);
        for i in (0..1000u64).rev() {
            assert_eq!(p.get(i as usize), std::array::from_fn(|k| value(i, k)), "{widths:?}: record {i}");
        }
        p
    }

    #[test]
    fn records_of_any_widths_give_back_their_fields() {
        // Widths that put fields across word boundaries at every offset, 0 and 64 included: a
        // record over 128 bits (read field by field), and records of 1–128 bits (read whole) —
        // odd sizes start records at every offset in a word, 128 bits spans three words.
        let wide = round_trip([0, 1, 7, 48, 64, 13, 33]);
        // 166 bits a record: 1000 records in 2,594 words (and the two after), not 7 × 8 bytes each.
        assert_eq!(wide.heap_bytes(), ((166 * 1000usize).div_ceil(64) + PAD) * 8);
        round_trip([0, 1, 7, 48, 64]);
        round_trip([36, 19, 9, 4]);
        round_trip([64, 64]);
        round_trip([64, 64, 0]);
        round_trip([64, 63]);
        round_trip([13, 50]);
        round_trip([1]);
        round_trip([0, 0]);
        round_trip([5, 0, 3]);
    }

    #[test]
    fn records_given_back_as_parts_read_the_same_and_wrong_parts_are_refused() {
        let p = round_trip([13, 50, 0, 7]);
        let (widths, words) = p.parts();
        let back = Packed::from_parts(widths, p.len(), words.to_vec()).expect("its own parts");
        assert_eq!(back, p);
        // One word more or less than 1000 records of 70 bits and the padding, a width past 64,
        // or a length whose bits overflow.
        assert!(Packed::<4>::from_parts(widths, p.len(), words[1..].to_vec()).is_none());
        assert!(Packed::<4>::from_parts(widths, p.len(), [words, &[0]].concat()).is_none());
        assert!(Packed::<4>::from_parts([65, 0, 0, 5], p.len(), words.to_vec()).is_none());
        assert!(Packed::<4>::from_parts(widths, usize::MAX, words.to_vec()).is_none());
        assert_eq!(Packed::<4>::from_parts(widths, 0, vec![0; PAD]).map(|p| p.len()), Some(0));
    }

    #[test]
    fn the_width_of_a_value_is_the_bits_it_needs() {
        assert_eq!([0, 1, 2, 3, 255, 256, u64::MAX].map(width), [0, 1, 2, 2, 8, 9, 64]);
    }
}
