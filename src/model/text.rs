//! Text keys: how header names and item names are compared, whatever their case, spacing,
//! punctuation, unit in brackets or script (simplified or traditional Chinese).

/// Characters that fill Chinese call-record headers and values, in both scripts, position by
/// position (so header matching can fold traditional to simplified, and encoding detection can
/// tell GBK from Big5 by which of them a decoding yields).
pub(crate) const SIMPLIFIED: &str =
    "时间号码座席工结果通话呼叫日期长等待排队应答接转队列组名姓客服来电挂机开始束务类型满意度投诉是否处理";
/// The same characters in traditional script.
pub(crate) const TRADITIONAL: &str =
    "時間號碼座席工結果通話呼叫日期長等待排隊應答接轉隊列組名姓客服來電掛機開始束務類型滿意度投訴是否處理";

/// `str::trim`, without decoding characters in the common case: a value that begins and ends
/// with a printable ASCII character has nothing to trim. Readers call it on every cell of every
/// row, where `str::trim`'s Unicode white-space test was 6 % of the instructions of a report.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    if nothing_to_trim(s.as_bytes()) {
        s
    } else {
        s.trim()
    }
}

/// Whether bytes begin and end with a printable ASCII character: then, as text, [`trim`] leaves
/// them as they are.
#[inline]
pub(crate) fn nothing_to_trim(b: &[u8]) -> bool {
    let printable = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7f).contains(b));
    printable(b.first()) && printable(b.last())
}

/// Lower case; spaces, punctuation and anything in brackets (ASCII or full-width, usually a unit
/// such as "(秒)" or "(Y/N)") removed; traditional characters folded to simplified.
pub(crate) fn normalize_header(h: &str) -> String {
    let mut depth = 0u32;
    let mut out = String::with_capacity(h.len());
    for c in h.trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => out.extend(to_simplified(c).to_lowercase()),
            _ => {}
        }
    }
    out
}

/// Traditional characters of header names folded to simplified ones, so a Big5 export from
/// Taiwan or Hong Kong ("來電時間") matches the tables ("来电时间").
fn to_simplified(c: char) -> char {
    match TRADITIONAL.chars().position(|t| t == c) {
        Some(i) => SIMPLIFIED.chars().nth(i).unwrap_or(c),
        None => c,
    }
}

#[cfg(test)]
mod trim_tests {
    use super::trim;

    #[test]
    fn trim_is_str_trim_for_every_kind_of_edge() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{b}a\u{b}",
            "\ta\r\n",
            "\u{3000}坐席\u{3000}",
            "\u{a0}A1\u{a0}",
            "A1\u{a0}",
            "\u{a0}A1",
            "坐席",
            "a b",
            "\u{feff}x",
            "\u{85}x\u{85}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
