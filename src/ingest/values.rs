//! Parsing of the values inside fields: timestamps, durations, outcomes, yes/no.
//!
//! Times are kept as whole milliseconds, local wall-clock time, counted from 1970-01-01 00:00.
//! Integers make sums exact, so a report does not change with the order rows arrive in.
//! Every parser returns a reason a person understands when it fails; the caller adds file, line
//! and column and turns it into a reject.

use std::cell::Cell;

use chrono::{Offset, TimeZone as _};

use crate::error::{Error, Message, Result};
use crate::model::call::{OutboundResult, Outcome};
use crate::model::text::trim;
use crate::model::time::{days_from_civil, MAX_DURATION_MS, MS_PER_DAY};

/// The time zone that epoch timestamps are shown in.
#[derive(Clone, Copy, Debug)]
pub(crate) enum TimeZone {
    Fixed(i32),
    Named(chrono_tz::Tz),
}

impl TimeZone {
    pub(crate) fn parse(s: &str) -> Result<TimeZone> {
        let t = s.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(TimeZone::Fixed(0));
        }
        if let Some(offset) = parse_offset(t) {
            return Ok(TimeZone::Fixed(offset));
        }
        t.parse::<chrono_tz::Tz>()
            .map(TimeZone::Named)
            .map_err(|_| Error::setting("tz", Message::UnknownTimeZone { value: s.to_string() }))
    }

    /// Local wall-clock milliseconds for a UTC instant.
    pub(crate) fn local_ms(self, utc_ms: i64) -> i64 {
        ZONED.with(|z| z.set(true));
        match self {
            TimeZone::Fixed(offset_s) => utc_ms + i64::from(offset_s) * 1000,
            TimeZone::Named(tz) => {
                let offset = chrono::DateTime::from_timestamp_millis(utc_ms)
                    .map(|dt| tz.offset_from_utc_datetime(&dt.naive_utc()).fix().local_minus_utc())
                    .unwrap_or(0);
                utc_ms + i64::from(offset) * 1000
            }
        }
    }
}

thread_local! {
    /// Whether an instant (an epoch timestamp, or a time with a UTC offset) was turned into local
    /// time since the last [`take_zoned`]: the import review names the zone only for files that
    /// had such timestamps, since text times without a zone are never shifted. A flag beside the
    /// parsers rather than a field in them, because `TimeParser` is copied into every profile's
    /// mapper; one analyzer reads one file at a time on its thread, so the flag is that file's.
    static ZONED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether instants were converted since the last call, and clears the flag.
pub(crate) fn take_zoned() -> bool {
    ZONED.with(|z| z.replace(false))
}

/// `+08:00`, `+0800`, `-05`, as seconds east of UTC.
fn parse_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// How to read a date whose parts are all small numbers, like 03/04/2024.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateOrder {
    Ymd,
    Mdy,
    Dmy,
}

impl DateOrder {
    /// The ids of the orders.
    pub(crate) const IDS: [&'static str; 3] = ["ymd", "mdy", "dmy"];

    /// The order of an id (`ymd`, `mdy`, `dmy`).
    pub(crate) fn parse(s: &str) -> Result<DateOrder> {
        match s.to_ascii_lowercase().as_str() {
            "ymd" => Ok(DateOrder::Ymd),
            "mdy" => Ok(DateOrder::Mdy),
            "dmy" => Ok(DateOrder::Dmy),
            _ => Err(Error::setting("date_order", Message::BadDateOrder { value: s.to_string() })),
        }
    }
}

/// Context for parsing timestamps in one file.
#[derive(Clone, Debug)]
pub(crate) struct TimeParser {
    pub tz: TimeZone,
    pub order: DateOrder,
    /// The last `YYYY-MM-DD` read by the fast path and its day number: a file's rows come a day
    /// at a time, so its three timestamps a row mostly repeat the date just read.
    last_day: Cell<LastDay>,
}

/// What the last few distinct short values of a column mean, by their exact text: an outcome
/// or direction column holds a handful of values ("answered", "abandoned") over millions of rows,
/// and normalising a value and looking it up took about 300 instructions a row (4 % of a report).
/// `T` is whatever the value is read as; the reading must depend on the text alone.
#[derive(Clone, Debug, Default)]
pub(crate) struct Recent<T: Copy> {
    slots: [Cell<Option<RecentValue<T>>>; RECENT_VALUES],
    /// The slot the next new value replaces (in turn).
    next: Cell<usize>,
}

const RECENT_VALUES: usize = 4;
/// Longer values are read every time.
const RECENT_BYTES: usize = 24;

#[derive(Clone, Copy, Debug)]
struct RecentValue<T> {
    len: usize,
    text: [u8; RECENT_BYTES],
    meaning: T,
}

impl<T: Copy> Recent<T> {
    /// What `value` means: remembered, or `read(value)` (then remembered if short).
    pub(crate) fn get(&self, value: &str, read: impl FnOnce(&str) -> T) -> T {
        let b = value.as_bytes();
        if b.len() > RECENT_BYTES {
            return read(value);
        }
        for slot in &self.slots {
            if let Some(r) = slot.get().filter(|r| r.len == b.len() && &r.text[..b.len()] == b) {
                return r.meaning;
            }
        }
        let meaning = read(value);
        let mut text = [0; RECENT_BYTES];
        text[..b.len()].copy_from_slice(b);
        let at = self.next.get();
        self.slots[at].set(Some(RecentValue { len: b.len(), text, meaning }));
        self.next.set((at + 1) % RECENT_VALUES);
        meaning
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct LastDay {
    /// Never a valid date's text until one is read (all zero bytes).
    text: [u8; 10],
    days: i64,
}

impl TimeParser {
    pub(crate) fn new(tz: TimeZone, order: DateOrder) -> TimeParser {
        TimeParser { tz, order, last_day: Cell::default() }
    }

    /// Parses a timestamp in any of the forms of `inputs.md` into local milliseconds.
    ///
    /// The common form is tried first, inlined where a reader calls this: a value of that form
    /// has no space to trim (it starts and ends with a digit), and going through the general
    /// parser, with its error returned through memory, took 38 of the 131 instructions of such a
    /// timestamp (callgrind, a lean read of 20 MB).
    #[inline]
    pub(crate) fn parse(&self, raw: &str) -> std::result::Result<i64, Message> {
        match self.parse_iso_fast(raw) {
            Some(ms) => Ok(ms),
            None => self.parse_general(raw),
        }
    }

    /// Every form of [`TimeParser::parse`], the value trimmed first (a spaced value of the
    /// common form is read by its fast path here; an unspaced one has already missed it).
    #[inline(never)]
    fn parse_general(&self, raw: &str) -> std::result::Result<i64, Message> {
        let s = trim(raw);
        if s.is_empty() {
            return Err(Message::EmptyTime);
        }
        if s.len() != raw.len() {
            if let Some(ms) = self.parse_iso_fast(s) {
                return Ok(ms);
            }
        }
        if let Some(ms) = self.parse_numeric(s) {
            return ms;
        }
        let (date_part, time_part) = split_date_time(s);
        let days = self.parse_date(date_part).ok_or_else(|| date_error(raw))?;
        let (time_ms, zone) = match time_part {
            Some(t) => {
                parse_time_of_day(t).ok_or_else(|| Message::UnknownTimeFormat { value: raw.trim().to_string() })?
            }
            None => (0, None),
        };
        let local = days * MS_PER_DAY + time_ms;
        Ok(match zone {
            Some(offset_s) => self.tz.local_ms(local - i64::from(offset_s) * 1000),
            None => local,
        })
    }

    /// Epoch seconds or milliseconds, compact `YYYYMMDD[HHMMSS]`, Excel serial days.
    fn parse_numeric(&self, s: &str) -> Option<std::result::Result<i64, Message>> {
        if !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') || s.bytes().filter(|b| *b == b'.').count() > 1 {
            return None;
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if frac.is_empty() && !s.contains('.') {
            match int.len() {
                8 => return Some(self.compact(int).ok_or_else(|| date_error(s))),
                14 => {
                    let day = self.compact(&int[..8]).ok_or_else(|| date_error(s));
                    let time = parse_time_of_day(&format!("{}:{}:{}", &int[8..10], &int[10..12], &int[12..14]));
                    return Some(day.and_then(|d| time.map(|(t, _)| d + t).ok_or_else(|| date_error(s))));
                }
                10 => return Some(Ok(self.tz.local_ms(int.parse::<i64>().ok()? * 1000))),
                13 => return Some(Ok(self.tz.local_ms(int.parse::<i64>().ok()?))),
                _ => {}
            }
        }
        if int.len() == 10 {
            let secs: f64 = s.parse().ok()?;
            return Some(Ok(self.tz.local_ms((secs * 1000.0).round() as i64)));
        }
        // Excel serial date: days since 1899-12-30 (the 1900 leap-year bug is already in it).
        let days: f64 = s.parse().ok()?;
        if (1.0..200_000.0).contains(&days) {
            let base = days_from_civil(1899, 12, 30)? * MS_PER_DAY;
            return Some(Ok(base + (days * MS_PER_DAY as f64).round() as i64));
        }
        Some(Err(date_error(s)))
    }

    /// `YYYY-MM-DD HH:MM:SS` (or with `T`, `/`): by far the most common form, read without
    /// splitting or allocating, its date looked up once per day. Anything else falls through to
    /// the general parser.
    #[inline]
    fn parse_iso_fast(&self, s: &str) -> Option<i64> {
        let b = s.as_bytes();
        if b.len() != 19 || !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let two = |i: usize| {
            let (hi, lo) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
            (hi < 10 && lo < 10).then(|| u32::from(hi) * 10 + u32::from(lo))
        };
        let (h, mi, sec) = (two(11)?, two(14)?, two(17)?);
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        let text: [u8; 10] = b[..10].try_into().ok()?;
        let last = self.last_day.get();
        let days = if last.text == text {
            last.days
        } else {
            if !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
                return None;
            }
            let (y, mo, d) = (two(0)? * 100 + two(2)?, two(5)?, two(8)?);
            let days = days_from_civil(y as i32, mo, d)?;
            self.last_day.set(LastDay { text, days });
            days
        };
        Some(days * MS_PER_DAY + i64::from(h * 3600 + mi * 60 + sec) * 1000)
    }

    fn compact(&self, s: &str) -> Option<i64> {
        let y = s[..4].parse().ok()?;
        let m = s[4..6].parse().ok()?;
        let d = s[6..8].parse().ok()?;
        Some(days_from_civil(y, m, d)? * MS_PER_DAY)
    }

    /// Days since 1970 for `2024-01-31`, `2024/1/31`, `2024.1.31`, `2024年1月31日`, `31/01/2024`,
    /// `1/31/24`, `1-Jan-21`, `Jan 1 2021`.
    fn parse_date(&self, s: &str) -> Option<i64> {
        let parts: Vec<&str> = s.split(['-', '/', '.', ' ', ',', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
        if parts.len() != 3 {
            return None;
        }
        let month_name = |p: &str| month_from_name(p);
        let (y, m, d) = if let Some(m) = month_name(parts[1]) {
            (parts[2], m, parts[0])
        } else if let Some(m) = month_name(parts[0]) {
            (parts[2], m, parts[1])
        } else if parts[0].len() == 4 {
            (parts[0], parts[1].parse().ok()?, parts[2])
        } else {
            let a: u32 = parts[0].parse().ok()?;
            let b: u32 = parts[1].parse().ok()?;
            let (m, d) = match self.order {
                DateOrder::Dmy => (b, a),
                DateOrder::Mdy | DateOrder::Ymd => (a, b),
            };
            let day = if self.order == DateOrder::Dmy { parts[0] } else { parts[1] };
            let _ = d;
            (parts[2], m, day)
        };
        if !y.bytes().all(|b| b.is_ascii_digit()) || !(y.len() == 2 || y.len() == 4) {
            return None;
        }
        let mut year: i32 = y.parse().ok()?;
        if y.len() == 2 {
            year += if year < 70 { 2000 } else { 1900 };
        }
        days_from_civil(year, m, d.parse().ok()?)
    }
}

fn date_error(raw: &str) -> Message {
    Message::BadDate { value: raw.trim().to_string() }
}

fn month_from_name(p: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if p.len() < 3 || !p.is_ascii() {
        return None;
    }
    let lower = p[..3].to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == lower).map(|i| i as u32 + 1)
}

/// Splits `2024-01-31 09:12:00`, `2024-01-31T09:12:00Z`, `31/01/2024 9:12 PM` into date and time.
fn split_date_time(s: &str) -> (&str, Option<&str>) {
    if let Some(pos) = s.find('T').filter(|p| s[..*p].bytes().all(|b| b.is_ascii_digit() || b == b'-')) {
        return (&s[..pos], Some(&s[pos + 1..]));
    }
    // The time starts at the first token that contains a colon (or 时 in 9时12分).
    let mut start = None;
    for (i, _) in s.match_indices(' ') {
        let rest = s[i + 1..].trim_start();
        if rest.split(' ').next().is_some_and(|tok| tok.contains(':') || tok.contains('时')) {
            start = Some(i);
            break;
        }
    }
    match start {
        Some(i) => (s[..i].trim(), Some(s[i + 1..].trim())),
        None => (s, None),
    }
}

/// `9:12`, `09:12:05`, `09:12:05.250`, `9:12 PM`, `09:12:05+08:00`, `09:12:05Z`, `9时12分5秒`.
/// Returns milliseconds since midnight and an explicit UTC offset in seconds when present.
fn parse_time_of_day(t: &str) -> Option<(i64, Option<i32>)> {
    let mut t = t.trim();
    let mut zone = None;
    if let Some(stripped) = t.strip_suffix('Z') {
        t = stripped;
        zone = Some(0);
    } else if let Some(pos) = t.rfind(['+', '-']) {
        zone = Some(parse_offset(&t[pos..])?);
        t = &t[..pos];
    }
    let mut pm = None;
    let upper = t.to_ascii_uppercase();
    if upper.ends_with("AM") || upper.ends_with("PM") {
        pm = Some(upper.ends_with("PM"));
        t = t[..t.len() - 2].trim_end();
    }
    let normalized;
    if t.contains('时') {
        normalized = t.replace(['时', '分'], ":").replace('秒', "");
        t = normalized.trim_end_matches(':');
    }
    let mut parts = t.split(':');
    let h: i64 = parse_small(parts.next()?)?;
    let m: i64 = parse_small(parts.next()?)?;
    let s_ms: i64 = match parts.next() {
        Some(sec) => {
            let v: f64 = sec.parse().ok()?;
            if !(0.0..61.0).contains(&v) {
                return None;
            }
            (v * 1000.0).round() as i64
        }
        None => 0,
    };
    if parts.next().is_some() || m > 59 {
        return None;
    }
    let h = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    // 24:00:00 is end of day in some exports; anything beyond is not a time.
    if h > 24 || (h == 24 && (m > 0 || s_ms > 0)) {
        return None;
    }
    Some((h * 3_600_000 + m * 60_000 + s_ms, zone))
}

fn parse_small(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses a duration into milliseconds: `185`, `185.5`, `3:05`, `0:03:05`, `1小时2分3秒`, `3分5秒`.
/// Empty is `Ok(None)` (not known); anything unreadable is an error with the reason.
pub(crate) fn parse_duration(raw: &str) -> std::result::Result<Option<i64>, Message> {
    let s = raw.trim();
    if s.is_empty() || s == "-" {
        return Ok(None);
    }
    let fail = || Message::BadDuration { value: s.to_string() };
    // Whole seconds are by far the most common form.
    if s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = s.bytes().fold(0, |acc, b| acc * 10 + i64::from(b - b'0'));
        return checked_duration(secs as f64, s);
    }
    if let Ok(v) = s.parse::<f64>() {
        // Rust's float parser also takes `nan`, `inf` and `1e3`: a duration is plain digits.
        if !v.is_finite() || !decimal(s.strip_prefix('-').unwrap_or(s)) {
            return Err(fail());
        }
        if v < 0.0 {
            return Err(Message::NegativeDuration { value: s.to_string() });
        }
        return checked_duration(v, s);
    }
    if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(fail());
        }
        let mut total = 0f64;
        for (i, p) in parts.iter().enumerate() {
            // `0:nan` must not read as 0 s: each part is plain digits.
            if !decimal(p) {
                return Err(fail());
            }
            let v: f64 = p.parse().map_err(|_| fail())?;
            if v < 0.0 || (i > 0 && v >= 60.0) || (i + 1 < parts.len() && v.fract() != 0.0) {
                return Err(fail());
            }
            total = total * 60.0 + v;
        }
        return checked_duration(total, s);
    }
    // Chinese units: 小时/时, 分钟/分, 秒.
    let mut total = 0f64;
    let mut number = String::new();
    let mut any = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let unit = match c {
            '小' if chars.peek() == Some(&'时') => {
                chars.next();
                3600.0
            }
            '时' => 3600.0,
            '分' => {
                if chars.peek() == Some(&'钟') {
                    chars.next();
                }
                60.0
            }
            '秒' => 1.0,
            ' ' => continue,
            _ => return Err(fail()),
        };
        let v: f64 = number.parse().map_err(|_| fail())?;
        total += v * unit;
        number.clear();
        any = true;
    }
    if !number.is_empty() || !any {
        return Err(fail());
    }
    checked_duration(total, s)
}

/// Digits with at most one decimal point and at least one digit: what a duration's number looks
/// like (no sign, exponent, `nan` or `inf`).
fn decimal(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|b| *b == b'.').count() <= 1
}

fn checked_duration(seconds: f64, raw: &str) -> std::result::Result<Option<i64>, Message> {
    let ms = (seconds * 1000.0).round();
    if ms.is_nan() || ms < 0.0 {
        return Err(Message::BadDuration { value: raw.to_string() });
    }
    if ms > MAX_DURATION_MS as f64 {
        return Err(Message::DurationTooLong { value: raw.to_string() });
    }
    Ok(Some(ms as i64))
}

/// The built-in outcome value table. Keys are compared as written and after [`normalize_value`].
pub(crate) fn outcome_from_value(normalized: &str) -> Option<Outcome> {
    Some(match normalized {
        "ANSWERED" | "ANSWER" | "Y" | "YES" | "TRUE" | "1" | "CONNECTED" | "COMPLETED" | "HANDLED" | "AGENT" | "是"
        | "已接通" | "接通" | "已应答" | "应答" | "人工接听" | "已接听" | "接听" => {
            Outcome::Answered
        }
        "ABANDONED" | "ABANDON" | "NOANSWER" | "N" | "NO" | "FALSE" | "0" | "MISSED" | "HANG" | "HANGUP" | "CANCEL"
        | "CANCELLED" | "否" | "未接通" | "呼损" | "放弃" | "未应答" | "未接听" | "客户挂机" => {
            Outcome::Abandoned
        }
        "TIMEOUT" | "TIMEDOUT" | "EXITWITHTIMEOUT" | "EXITWITHKEY" | "EXITEMPTY" | "OVERFLOW" | "超时" | "溢出"
        | "排队超时" => Outcome::TimedOut,
        "IVR" | "SELFSERVICE" | "IVRONLY" | "自助服务" | "自助" => Outcome::Ivr,
        "BUSY" | "FAILED" | "CONGESTION" | "CHANUNAVAIL" | "忙" | "占线" | "失败" => Outcome::Other,
        _ => return None,
    })
}

/// The built-in table of outbound result codes (dialler exports): keys as [`normalize_value`]
/// writes them, with whether the code judges the call's success. 拒绝 (refused the offer) is a
/// connected call that did not succeed; 拒接 (declined the call) is not connected. A phone system's
/// disposition (ANSWERED, 已接通) says the contact answered, not whether the call succeeded: a
/// conversion over such calls would be 0 % for want of a result, not for want of sales.
pub(crate) fn outbound_result_from_value(normalized: &str) -> Option<(OutboundResult, bool)> {
    Some(match normalized {
        "成功" | "成交" | "成单" | "已成交" | "下单" | "购买" | "办理成功" | "签约" | "预约成功" | "成功办理"
        | "已办理" | "SUCCESS" | "SALE" | "SOLD" | "CONVERTED" | "WON" | "APPOINTMENT" | "DEAL" => {
            (OutboundResult::Success, true)
        }
        "拒绝" | "考虑" | "再联系" | "意向" | "有意向" | "无意向" | "不需要" | "不感兴趣" | "拒绝办理" | "待跟进"
        | "回访" | "REFUSED" | "DECLINED" | "NOTINTERESTED" | "INTERESTED" | "CALLBACK" | "FOLLOWUP" | "NOSALE" => {
            (OutboundResult::Connected, true)
        }
        "已接通" | "接通" | "已接听" | "接听" | "挂断" | "客户挂断" | "ANSWERED" | "ANSWER" | "CONNECTED"
        | "HANGUP" => (OutboundResult::Connected, false),
        "无人接听" | "未接通" | "未接" | "空号" | "关机" | "停机" | "忙" | "忙音" | "占线" | "用户忙" | "拒接"
        | "无法接通" | "号码错误" | "错号" | "失败" | "呼叫失败" | "欠费" | "不在服务区" | "NOANSWER" | "BUSY"
        | "INVALID" | "INVALIDNUMBER" | "WRONGNUMBER" | "DISCONNECTED" | "FAILED" | "CONGESTION" | "UNREACHABLE"
        | "VOICEMAIL" | "MACHINE" | "CANCEL" | "NOTCONNECTED" | "CHANUNAVAIL" => (OutboundResult::NotConnected, true),
        _ => return None,
    })
}

/// Upper-cases ASCII and drops spaces, `_` and `-`, so "No Answer", "NO_ANSWER" and "noanswer" agree.
pub(crate) fn normalize_value(s: &str) -> String {
    s.trim().chars().filter(|c| !matches!(c, ' ' | '_' | '-')).map(|c| c.to_ascii_uppercase()).collect()
}

/// [`normalize_value`] into a buffer on the caller's stack (no allocation per row): `None` when
/// the normalised value does not fit, then the caller normalises into a `String`.
pub(crate) fn normalize_value_in<'b>(s: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let mut n = 0;
    // Byte by byte gives the same text: the dropped and upper-cased characters are ASCII, and
    // the bytes of other characters are all ≥ 0x80, copied as they are.
    for &b in trim(s).as_bytes() {
        if matches!(b, b' ' | b'_' | b'-') {
            continue;
        }
        *buf.get_mut(n)? = b.to_ascii_uppercase();
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// Calls `f` with the normalised value ([`normalize_value`]), allocating only for long values.
pub(crate) fn with_normalized<T>(s: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buf = [0u8; 64];
    match normalize_value_in(s, &mut buf) {
        Some(n) => f(n),
        None => f(&normalize_value(s)),
    }
}

/// A satisfaction answer on the 1–5 scale: a whole number 1–5, or the words of a 5- or 3-level
/// survey (非常满意/满意/一般/不满意/非常不满意, very satisfied … very dissatisfied). `Ok(None)` when
/// the caller gave no answer (0, N/A, 未评价 — exports write 0 for calls nobody rated); `Err` when
/// the value is none of these.
pub(crate) fn parse_satisfaction(s: &str) -> std::result::Result<Option<u8>, ()> {
    with_normalized(s, |n| {
        Ok(Some(match n {
            "0" | "NA" | "N/A" | "-" | "NONE" | "未评价" | "未评" | "无" | "未参评" => return Ok(None),
            "5" | "非常满意" | "VERYSATISFIED" => 5,
            "4" | "满意" | "SATISFIED" => 4,
            "3" | "一般" | "NEUTRAL" | "基本满意" => 3,
            "2" | "不满意" | "DISSATISFIED" => 2,
            "1" | "非常不满意" | "VERYDISSATISFIED" => 1,
            _ => return Err(()),
        }))
    })
}

/// Y/N-like flags: transferred, resolved, complaint.
pub(crate) fn parse_flag(s: &str) -> Option<bool> {
    with_normalized(s, |n| match n {
        "Y" | "YES" | "TRUE" | "1" | "是" | "已解决" | "解决" | "有" => Some(true),
        "N" | "NO" | "FALSE" | "0" | "否" | "未解决" | "无" | "" => Some(false),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> TimeParser {
        TimeParser::new(TimeZone::Fixed(0), DateOrder::Mdy)
    }

    fn at(y: i32, mo: u32, d: u32, h: i64, mi: i64, s: i64) -> i64 {
        days_from_civil(y, mo, d).unwrap() * MS_PER_DAY + (h * 3600 + mi * 60 + s) * 1000
    }

    #[test]
    fn a_timestamp_reads_the_same_with_space_around_it_as_without() {
        // Spaced values miss the inlined common form and are trimmed by the general parser.
        let parser = p();
        for text in ["2024-01-31 09:12:05", "2024-01-31T09:12:05", "2024/01/31 23:59:59", "2024-01-31 24:00:00"] {
            let want = parser.parse(text);
            assert!(want.is_ok(), "{text}");
            for spaced in [format!(" {text}"), format!("{text} "), format!("\t{text}\r"), format!("\u{3000}{text}")] {
                assert_eq!(parser.parse(&spaced), want, "{spaced:?}");
            }
        }
        assert_eq!(parser.parse("   "), Err(Message::EmptyTime));
    }

    #[test]
    fn one_parser_remembers_a_day_without_mixing_up_days_separators_or_bad_dates() {
        // The same parser, as a file's reader uses it: the last day read is remembered.
        let parser = p();
        let rows = [
            ("2024-01-31 09:12:05", Some(at(2024, 1, 31, 9, 12, 5))),
            ("2024-01-31 23:59:59", Some(at(2024, 1, 31, 23, 59, 59))),
            ("2024-02-01 00:00:00", Some(at(2024, 2, 1, 0, 0, 0))),
            ("2024-01-31 00:00:01", Some(at(2024, 1, 31, 0, 0, 1))),
            ("2024/01/31 00:00:02", Some(at(2024, 1, 31, 0, 0, 2))),
            ("2024-01/31 00:00:03", Some(at(2024, 1, 31, 0, 0, 3))), // by the general parser
            ("2024-02-30 10:00:00", None),
            ("2024-01-31 24:00:00", Some(at(2024, 2, 1, 0, 0, 0))), // the end of the day
            ("2024-01-31 10:0x:00", None),
            ("2024-01-31 10:00:00", Some(at(2024, 1, 31, 10, 0, 0))),
        ];
        for (text, want) in rows {
            assert_eq!(parser.parse(text).ok(), want, "{text}");
            // Exactly what a parser that remembers nothing says.
            assert_eq!(parser.parse(text), p().parse(text), "{text}");
        }
    }

    #[test]
    fn timestamps_in_every_listed_form_agree() {
        let want = at(2024, 1, 31, 9, 12, 5);
        for s in [
            "2024-01-31 09:12:05",
            "2024-01-31T09:12:05",
            "2024/1/31 9:12:05",
            "2024.01.31 09:12:05",
            "2024年1月31日 9:12:05",
            "1/31/2024 9:12:05",
            "31-Jan-24 9:12:05",
            "1706692325",
            "1706692325000",
            "20240131091205",
            "2024-01-31T17:12:05+08:00",
            "2024-01-31T09:12:05Z",
            "1/31/2024 9:12:05 AM",
        ] {
            assert_eq!(p().parse(s), Ok(want), "{s}");
        }
        assert_eq!(p().parse("1/31/2024 9:12 PM"), Ok(at(2024, 1, 31, 21, 12, 0)));
        assert_eq!(p().parse("2024-01-31 09:12:05.250"), Ok(want + 250));
    }

    #[test]
    fn recent_values_mean_what_reading_them_again_would() {
        let recent = Recent::default();
        let reads = Cell::new(0);
        let read = |v: &str| {
            reads.set(reads.get() + 1);
            outcome_from_value(&normalize_value(v))
        };
        let long = "answered".repeat(4);
        // More distinct values than the four slots (one too long to keep), in turn, twice: each
        // value means what reading it means.
        let values = ["answered", "abandoned", "ANSWERED", "no", "busy", "answered ", "x", &long, "已接通"];
        for _ in 0..2 {
            for v in values {
                assert_eq!(recent.get(v, read), read(v), "{v:?}");
            }
        }
        // The same value over and over is read once.
        let before = reads.get();
        for _ in 0..100 {
            assert_eq!(recent.get("abandoned", read), Some(Outcome::Abandoned));
        }
        assert_eq!(reads.get(), before + 1);
    }

    #[test]
    fn normalising_on_the_stack_equals_normalising_into_a_string() {
        for s in ["No Answer", " no_answer ", "已接通", "a-b_c d", "\u{3000}满意\u{3000}", "", &"x".repeat(70)] {
            assert_eq!(with_normalized(s, str::to_string), normalize_value(s), "{s:?}");
        }
    }

    #[test]
    fn excel_serial_dates_count_from_1899_12_30() {
        assert_eq!(p().parse("45322.5"), Ok(at(2024, 1, 31, 12, 0, 0)));
    }

    #[test]
    fn day_month_order_is_a_setting_not_a_guess_per_row() {
        let dmy = TimeParser::new(TimeZone::Fixed(0), DateOrder::Dmy);
        assert_eq!(dmy.parse("03/04/2024"), Ok(at(2024, 4, 3, 0, 0, 0)));
        assert_eq!(p().parse("03/04/2024"), Ok(at(2024, 3, 4, 0, 0, 0)));
    }

    #[test]
    fn impossible_dates_are_rejected_with_the_value() {
        let dmy = TimeParser::new(TimeZone::Fixed(0), DateOrder::Dmy);
        assert_eq!(
            dmy.parse("31/02/2024").map_err(|m| m.to_string()),
            Err("unknown or impossible date '31/02/2024'".to_string())
        );
        assert!(p().parse("yesterday").is_err());
        assert!(p().parse("2024-01-31 25:00").is_err());
        assert!(p().parse("").is_err());
    }

    #[test]
    fn epoch_times_follow_the_time_zone_setting() {
        let shanghai = TimeParser { tz: TimeZone::parse("Asia/Shanghai").unwrap(), ..p() };
        assert_eq!(shanghai.parse("1706692325"), Ok(at(2024, 1, 31, 17, 12, 5)));
        let plus8 = TimeParser { tz: TimeZone::parse("+08:00").unwrap(), ..p() };
        assert_eq!(plus8.parse("1706692325"), Ok(at(2024, 1, 31, 17, 12, 5)));
        assert!(TimeZone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn durations_in_every_listed_form() {
        for (s, ms) in [
            ("185", 185_000),
            ("185.5", 185_500),
            ("3:05", 185_000),
            ("0:03:05", 185_000),
            ("3分5秒", 185_000),
            ("1小时2分3秒", 3_723_000),
            ("5秒", 5_000),
            ("2分钟", 120_000),
        ] {
            assert_eq!(parse_duration(s), Ok(Some(ms)), "{s}");
        }
        assert_eq!(parse_duration(""), Ok(None));
        assert!(parse_duration("-3").is_err());
        assert!(parse_duration("3:75").is_err());
        assert!(parse_duration("abc").is_err());
        assert!(parse_duration("NaN").is_err());
        for hostile in ["0:nan", "1:2:nan", "nan:1", "0:inf", "1e3", "+5", "0:1e1", "1:.", "."] {
            assert!(parse_duration(hostile).is_err(), "{hostile} must not read as a duration");
        }
    }

    #[test]
    fn outcome_values_map_in_english_and_chinese() {
        let o = |s: &str| outcome_from_value(&normalize_value(s));
        assert_eq!(o("No Answer"), Some(Outcome::Abandoned));
        assert_eq!(o("ANSWERED"), Some(Outcome::Answered));
        assert_eq!(o("已接通"), Some(Outcome::Answered));
        assert_eq!(o("呼损"), Some(Outcome::Abandoned));
        assert_eq!(o("BUSY"), Some(Outcome::Other));
        assert_eq!(o("超时"), Some(Outcome::TimedOut));
        assert_eq!(o("maybe"), None);
    }
}
