//! Text encodings: detection from the first bytes of a file, and labels for the override.
//!
//! Order of evidence: a byte-order mark; the NUL pattern of UTF-16 without one; valid UTF-8;
//! then a choice between GBK (GB18030) and Big5 by which decodes without errors and which yields
//! more of the characters Chinese call-centre exports are full of. When neither yields a single
//! common Chinese character (a Windows-1252 `Müller;Durée` decodes as GBK without an error, into
//! nonsense), or nothing decodes cleanly, the statistical detector `chardetng` — written for
//! encoding_rs, as Firefox's — picks among the legacy encodings, Western single-byte ones
//! included. Only when even that has no answer is the file read as UTF-8 with replacements.

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Message, Result};
use crate::model::text::{SIMPLIFIED, TRADITIONAL};

/// The encoding chosen for a file and why.
#[derive(Clone, Debug)]
pub(crate) struct Detected {
    /// The encoding to read the file in.
    pub encoding: &'static Encoding,
    /// Why, for the import review.
    pub reason: Message,
}

/// Looks an encoding up by label (`utf-8`, `gbk`, `big5`, `utf-16le`, `windows-1252`, …).
pub(crate) fn by_label(label: &str) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| Error::setting("encoding", Message::UnknownEncoding { value: label.to_string() }))
}

/// The name shown in reports: GBK is decoded by the GB18030 decoder (a superset), but users know
/// their files as GBK.
pub(crate) fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 || encoding == encoding_rs::GBK {
        "GBK/GB18030"
    } else {
        encoding.name()
    }
}

/// Picks an encoding for a file from its first bytes. `at_end` says the sample is the whole file,
/// so a multi-byte character cut at the end of the sample is an error only then.
pub(crate) fn detect(sample: &[u8], at_end: bool) -> Detected {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return Detected { encoding, reason: Message::EncodingBom };
    }
    if let Some(encoding) = utf16_without_bom(sample) {
        return Detected { encoding, reason: Message::EncodingUtf16Pattern };
    }
    if valid_utf8(sample, at_end) {
        return Detected { encoding: UTF_8, reason: Message::EncodingValidUtf8 };
    }
    let gbk = clean_decode(GB18030, sample, at_end);
    let big5 = clean_decode(BIG5, sample, at_end);
    let simplified = gbk.as_deref().map_or(0, |g| common_score(g, SIMPLIFIED));
    let traditional = big5.as_deref().map_or(0, |b| common_score(b, TRADITIONAL));
    match (gbk.is_some(), big5.is_some()) {
        (false, false) => mostly_clean(sample, at_end).unwrap_or_else(|| statistical(sample, at_end)),
        _ if simplified == 0 && traditional == 0 => statistical(sample, at_end),
        (true, true) => {
            if traditional > simplified {
                Detected { encoding: BIG5, reason: Message::EncodingBig5Traditional }
            } else {
                Detected { encoding: GB18030, reason: Message::EncodingGbkSimplified }
            }
        }
        (true, false) => Detected { encoding: GB18030, reason: Message::EncodingGbkNotBig5 },
        (false, true) => Detected { encoding: BIG5, reason: Message::EncodingBig5NotGbk },
    }
}

/// chardetng's guess for a sample that is not UTF-8 and has no Chinese text as GBK or Big5.
fn statistical(sample: &[u8], at_end: bool) -> Detected {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, at_end);
    // No top-level domain to go by; UTF-8 was ruled out above.
    let guess = detector.guess(None, false);
    if guess == UTF_8 || clean_decode(guess, sample, at_end).is_none() && guess.is_single_byte() {
        return Detected { encoding: UTF_8, reason: Message::EncodingNoneClean };
    }
    let encoding = if guess == encoding_rs::GBK { GB18030 } else { guess };
    Detected { encoding, reason: Message::EncodingDetected { name: display_name(encoding).to_string() } }
}

/// When nothing decodes cleanly: the encoding with the fewest invalid sequences, if they are
/// rare (at most 1 in 1,000 bytes of the sample) — a GBK export with one damaged byte is GBK,
/// not "nothing", and its header must still be found. Otherwise `None`: the statistical guess.
fn mostly_clean(sample: &[u8], at_end: bool) -> Option<Detected> {
    let limit = (sample.len() / 1000).max(1);
    let best = [UTF_8, GB18030, BIG5]
        .into_iter()
        .map(|e| (malformed_count(e, sample, at_end, limit + 1), e))
        .min_by_key(|(bad, _)| *bad)
        .filter(|(bad, _)| *bad <= limit);
    best.map(|(bad, encoding)| Detected {
        encoding,
        reason: Message::EncodingMostlyClean { encoding: display_name(encoding), bad },
    })
}

/// How many malformed sequences `sample` has in `encoding`, counting up to `stop`.
fn malformed_count(encoding: &'static Encoding, sample: &[u8], at_end: bool, stop: usize) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(sample.len() * 3 + 16);
    let mut input = sample;
    let mut bad = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, at_end);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => return bad,
            encoding_rs::DecoderResult::OutputFull => out.reserve(input.len() * 3 + 16),
            encoding_rs::DecoderResult::Malformed(_, _) => {
                bad += 1;
                if bad >= stop {
                    return bad;
                }
            }
        }
    }
}

/// UTF-32 (with a byte-order mark, or ASCII-range text with three NUL bytes in every four),
/// which would otherwise pass for UTF-16 and give a garbled header.
pub(crate) fn is_utf32(sample: &[u8]) -> bool {
    if sample.starts_with(&[0xFF, 0xFE, 0, 0]) || sample.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return true;
    }
    let n = sample.len().min(4096) / 4 * 4;
    if n < 16 {
        return false;
    }
    let units = sample[..n].chunks_exact(4);
    let le = units.clone().filter(|u| u[0] != 0 && u[1] == 0 && u[2] == 0 && u[3] == 0).count();
    let be = units.filter(|u| u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] != 0).count();
    (le.max(be)) * 10 >= (n / 4) * 9
}

fn valid_utf8(sample: &[u8], at_end: bool) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        // error_len() None means the sample ends inside a character: fine unless it is the end.
        Err(e) => !at_end && e.error_len().is_none(),
    }
}

fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let n = sample.len().min(4096) / 2 * 2;
    if n < 8 {
        return None;
    }
    let even_zeros = sample[..n].iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zeros = sample[1..n].iter().step_by(2).filter(|b| **b == 0).count();
    let half = n / 2;
    if odd_zeros * 10 > half * 3 && even_zeros * 20 < half {
        Some(UTF_16LE)
    } else if even_zeros * 10 > half * 3 && odd_zeros * 20 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn clean_decode(encoding: &'static Encoding, sample: &[u8], at_end: bool) -> Option<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(sample.len() * 2);
    let (result, _read) = decoder.decode_to_string_without_replacement(sample, &mut out, at_end);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Some(out),
        encoding_rs::DecoderResult::OutputFull => None,
        encoding_rs::DecoderResult::Malformed(_, _) => None,
    }
}

fn common_score(text: &str, set: &str) -> usize {
    text.chars().filter(|c| set.contains(*c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_big5_are_told_apart_by_their_characters() {
        let header = "来电时间,座席工号,通话时长,呼叫结果\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(header);
        assert_eq!(detect(&gbk, true).encoding, GB18030);
        let (big5, _, _) = BIG5.encode("來電時間,座席工號,通話時長,呼叫結果\n");
        assert_eq!(detect(&big5, true).encoding, BIG5);
    }

    #[test]
    fn western_single_byte_files_keep_their_accents() {
        let text = "Agent;Name;Durée;Début\n1001;Müller;120;2024-01-02 09:00\n1002;Sørensen;95;2024-01-02 09:05\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = detect(&bytes, true);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252, "{:?}", d.reason);
        assert!(matches!(d.reason, Message::EncodingDetected { .. }));
        let header = "来电时间,座席工号,通话时长,呼叫结果\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(header);
        assert_eq!(detect(&gbk, true).reason, Message::EncodingGbkSimplified, "GBK logic comes first");
    }

    #[test]
    fn utf8_with_a_character_cut_at_the_sample_end_is_still_utf8() {
        let text = "座席".as_bytes();
        assert_eq!(detect(&text[..4], false).encoding, UTF_8);
    }

    #[test]
    fn one_bad_byte_does_not_hide_the_encoding() {
        let (mut gbk, _, _) =
            encoding_rs::GBK.encode("来电时间,座席工号,通话时长,呼叫结果\n2024-01-02 09:00:00,张三,60,接通\n");
        let mut bytes = gbk.to_vec();
        bytes.insert(40, 0xFF);
        gbk = bytes.into();
        let d = detect(&gbk, true);
        assert_eq!((d.encoding, d.reason), (GB18030, Message::EncodingMostlyClean { encoding: "GBK/GB18030", bad: 1 }));
    }

    #[test]
    fn utf32_is_recognised_not_read_as_utf16() {
        let le: Vec<u8> = "call id,agent\n".chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
        assert!(is_utf32(&le));
        let mut bom = vec![0xFF, 0xFE, 0, 0];
        bom.extend(&le);
        assert!(is_utf32(&bom));
        let le16: Vec<u8> = "call id,agent\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert!(!is_utf32(&le16));
    }

    #[test]
    fn utf16_is_found_with_and_without_bom() {
        let le: Vec<u8> = "call id,agent\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(detect(&le, true).encoding, UTF_16LE);
        let be: Vec<u8> = "call id,agent\n".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(detect(&be, true).encoding, UTF_16BE);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&le);
        assert_eq!(detect(&bom, true).reason, Message::EncodingBom);
    }
}
