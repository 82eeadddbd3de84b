//! A compact binary form for the partial state of a byte range, so that a range read in one
//! wasm instance (a worker of the page's pool) can be added in another: little-endian fixed-width
//! numbers, LEB128 lengths, UTF-8 strings with their length. Decoding never panics and never
//! allocates more than the input can hold: a malformed state is [`Bad`], which the analyzer
//! turns into an error.

use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashSet;

/// A malformed encoding (cut short, a length past its end, an unknown tag, bad UTF-8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bad(pub &'static str);

/// Result of a decode.
pub(crate) type WireResult<T> = Result<T, Bad>;

/// Bytes being written.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// An unsigned number in LEB128 (lengths, counts).
    pub(crate) fn var(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.var(b.len() as u64);
        self.buf.extend_from_slice(b);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// Writes `f`'s output as one length-prefixed section.
    /// A section: its length in 8 little-endian bytes, then what `f` writes, written in place.
    /// (A varint length, known only once the section was written, meant writing it apart and
    /// copying it in: for a range state of millions of calls, growing and copying its buffers was
    /// half of encoding it.)
    pub(crate) fn section(&mut self, f: impl FnOnce(&mut Writer)) {
        let at = self.buf.len();
        self.buf.extend_from_slice(&[0; 8]);
        f(self);
        let len = (self.buf.len() - at - 8) as u64;
        self.buf[at..at + 8].copy_from_slice(&len.to_le_bytes());
    }
}

/// Bytes being read.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Nesting of messages inside messages, bounded so a hostile input cannot exhaust the stack.
    depth: u32,
}

/// How deep messages may nest in an encoding.
const MAX_DEPTH: u32 = 8;

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0, depth: 0 }
    }

    fn take(&mut self, n: usize) -> WireResult<&'a [u8]> {
        if self.buf.len() - self.pos < n {
            return Err(Bad("cut short"));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn fixed<const N: usize>(&mut self) -> WireResult<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> WireResult<u8> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn u32(&mut self) -> WireResult<u32> {
        Ok(u32::from_le_bytes(self.fixed()?))
    }

    pub(crate) fn u64(&mut self) -> WireResult<u64> {
        Ok(u64::from_le_bytes(self.fixed()?))
    }

    pub(crate) fn i64(&mut self) -> WireResult<i64> {
        Ok(i64::from_le_bytes(self.fixed()?))
    }

    pub(crate) fn var(&mut self) -> WireResult<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Bad("number too long"))
    }

    /// A count of items each at least `min_bytes` long: never more than the bytes left can hold,
    /// so a hostile count cannot make the decoder allocate.
    pub(crate) fn count(&mut self, min_bytes: usize) -> WireResult<usize> {
        let n = usize::try_from(self.var()?).map_err(|_| Bad("count too large"))?;
        if n.saturating_mul(min_bytes.max(1)) > self.buf.len() - self.pos {
            return Err(Bad("count past the end"));
        }
        Ok(n)
    }

    /// `n` records of `size` bytes each, in one piece (for reading a long list in bulk).
    pub(crate) fn records(&mut self, n: usize, size: usize) -> WireResult<&'a [u8]> {
        self.take(n.checked_mul(size).ok_or(Bad("count too large"))?)
    }

    pub(crate) fn bytes(&mut self) -> WireResult<&'a [u8]> {
        let n = self.count(1)?;
        self.take(n)
    }

    pub(crate) fn str(&mut self) -> WireResult<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Bad("text not UTF-8"))
    }

    /// A section written by [`Writer::section`], as a reader of its own.
    pub(crate) fn section(&mut self) -> WireResult<Reader<'a>> {
        let len = usize::try_from(self.u64()?).map_err(|_| Bad("cut short"))?;
        Ok(Reader { buf: self.take(len)?, pos: 0, depth: self.depth })
    }

    /// Every byte not read yet (read to the end).
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let out = &self.buf[self.pos..];
        self.pos = self.buf.len();
        out
    }

    /// Fails unless every byte was read.
    pub(crate) fn end(&self) -> WireResult<()> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(Bad("bytes left over"))
        }
    }

    pub(crate) fn enter(&mut self) -> WireResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Bad("messages nested too deep"));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// [`Wire`] for types with a serde form: each value as one postcard section, so that their fields
/// are listed once, in their derive. Decoding a section is bounded by its bytes like the rest.
macro_rules! wire_via_serde {
    ($($t:ty),*) => {$(
        impl $crate::model::wire::Wire for $t {
            fn put(&self, w: &mut $crate::model::wire::Writer) {
                // Only a type serde cannot write fails here; its empty section fails to decode.
                w.bytes(&postcard::to_allocvec(self).unwrap_or_default());
            }
            fn get(r: &mut $crate::model::wire::Reader<'_>) -> $crate::model::wire::WireResult<Self> {
                postcard::from_bytes(r.bytes()?).map_err(|_| $crate::model::wire::Bad(stringify!($t)))
            }
        }
    )*};
}
pub(crate) use wire_via_serde;

/// [`Wire`] for a struct without a serde form postcard can write (one that flattens fields for
/// JSON), field by field in the order listed. Both directions name every field, `put` by
/// destructuring and `get` by a struct literal, so a field added to the struct does not compile
/// until it is listed here.
macro_rules! wire_fields {
    ($($t:ident { $($field:ident),+ $(,)? })*) => {$(
        impl $crate::model::wire::Wire for $t {
            fn put(&self, w: &mut $crate::model::wire::Writer) {
                let $t { $($field),+ } = self;
                $($crate::model::wire::Wire::put($field, w);)+
            }
            fn get(r: &mut $crate::model::wire::Reader<'_>) -> $crate::model::wire::WireResult<Self> {
                Ok($t { $($field: $crate::model::wire::Wire::get(r)?),+ })
            }
        }
    )*};
}
pub(crate) use wire_fields;

/// A value with a binary form.
pub(crate) trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> WireResult<Self>;
}

impl Wire for u8 {
    fn put(&self, w: &mut Writer) {
        w.u8(*self);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        r.u8()
    }
}

impl Wire for u32 {
    fn put(&self, w: &mut Writer) {
        w.var(u64::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        u32::try_from(r.var()?).map_err(|_| Bad("number out of range"))
    }
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        w.var(*self);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        r.var()
    }
}

impl Wire for usize {
    fn put(&self, w: &mut Writer) {
        w.var(*self as u64);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        usize::try_from(r.var()?).map_err(|_| Bad("number out of range"))
    }
}

impl Wire for i64 {
    fn put(&self, w: &mut Writer) {
        w.i64(*self);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        r.i64()
    }
}

impl Wire for f64 {
    fn put(&self, w: &mut Writer) {
        w.u64(self.to_bits());
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        Ok(f64::from_bits(r.u64()?))
    }
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.u8(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        match r.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Bad("not a boolean")),
        }
    }
}

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        Ok(r.str()?.to_string())
    }
}

impl Wire for Box<str> {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        Ok(r.str()?.into())
    }
}

impl Wire for &'static str {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        static_str(r.str()?)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.u8(0),
            Some(v) => {
                w.u8(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        match r.u8()? {
            0 => Ok(None),
            1 => Ok(Some(T::get(r)?)),
            _ => Err(Bad("not an option")),
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.var(self.len() as u64);
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        let n = r.count(1)?;
        (0..n).map(|_| T::get(r)).collect()
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn get(r: &mut Reader<'_>) -> WireResult<Self> {
        Ok((A::get(r)?, B::get(r)?))
    }
}

/// Distinct `&'static str` values a decoder may make: the engine's rule names, profile names and
/// message words are a few hundred; anything past this is not a state the engine wrote.
const MAX_STATIC: usize = 4096;

/// The `&'static str` of a decoded name (skip rules, words inside messages): the same text gives
/// the same string, kept once for the program's life (at most [`MAX_STATIC`] of up to 256 bytes).
pub(crate) fn static_str(s: &str) -> WireResult<&'static str> {
    static KNOWN: OnceLock<Mutex<FxHashSet<&'static str>>> = OnceLock::new();
    let mut known = KNOWN.get_or_init(Default::default).lock().map_err(|_| Bad("name table poisoned"))?;
    if let Some(k) = known.get(s) {
        return Ok(k);
    }
    if known.len() >= MAX_STATIC || s.len() > 256 {
        return Err(Bad("too many distinct names"));
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    known.insert(leaked);
    Ok(leaked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_and_bad_input_is_an_error_not_a_panic() {
        let mut w = Writer::default();
        (7u64, String::from("é")).put(&mut w);
        Some(-5i64).put(&mut w);
        vec![1u32, 300, u32::MAX].put(&mut w);
        let bytes = w.buf;
        let mut r = Reader::new(&bytes);
        assert_eq!(<(u64, String)>::get(&mut r).unwrap(), (7, "é".to_string()));
        assert_eq!(Option::<i64>::get(&mut r).unwrap(), Some(-5));
        assert_eq!(Vec::<u32>::get(&mut r).unwrap(), vec![1, 300, u32::MAX]);
        r.end().unwrap();
        for cut in 0..bytes.len() {
            let mut r = Reader::new(&bytes[..cut]);
            let ok = <(u64, String)>::get(&mut r)
                .and_then(|_| Option::<i64>::get(&mut r))
                .and_then(|_| Vec::<u32>::get(&mut r));
            assert!(ok.is_err(), "cut at {cut}");
        }
        // A count far past the input is refused before anything is allocated.
        let mut w = Writer::default();
        w.var(u64::MAX >> 1);
        assert!(Vec::<u64>::get(&mut Reader::new(&w.buf)).is_err());
        assert_eq!(static_str("DUPLICATE").unwrap(), "DUPLICATE");
    }
}
