//! Time as the engine keeps it: whole milliseconds of local wall-clock time since
//! 1970-01-01 00:00. Integers make sums exact, so a report does not change with the order rows
//! arrive in.

use chrono::{Datelike, NaiveDate};

/// Milliseconds in a day.
pub(crate) const MS_PER_DAY: i64 = 86_400_000;

/// No wait, talk, hold or ACW lasts a week; longer values are errors in the data, and the limit
/// keeps every sum far from overflowing.
pub(crate) const MAX_DURATION_MS: i64 = 7 * MS_PER_DAY;

/// Whether a duration in milliseconds is within the range every reader accepts (0 … 7 days).
/// One check for every reader and rebuilt call: outside it a value is a reject, never a sum.
pub(crate) fn duration_in_range(ms: i64) -> bool {
    (0..=MAX_DURATION_MS).contains(&ms)
}

/// Days from 1970-01-01 to the given civil date, or None when the date does not exist.
pub(crate) fn days_from_civil(y: i32, m: u32, d: u32) -> Option<i64> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d == 0 || d > month_days[(m - 1) as usize] || !(1..=9999).contains(&y) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The calendar date of a local millisecond count.
pub(crate) fn date_of(ms: i64) -> NaiveDate {
    let days = ms.div_euclid(MS_PER_DAY);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
        .unwrap_or(NaiveDate::MIN)
}

/// `YYYY-MM-DD` of a date, as chrono's `%Y-%m-%d` writes it. The digits are written here for
/// years 0–9999: chrono reads its format string again for every date (230 ns a date natively,
/// 35 here), and a year's report formats tens of thousands of them (its intervals, and every
/// agent's days, weeks and months). Other years (a sign, more digits) are left to chrono.
pub(crate) fn ymd(date: NaiveDate) -> String {
    // Room for the time of day too ([`format_ms`]: 19 characters).
    let mut out = String::with_capacity(19);
    push_ymd(&mut out, date);
    out
}

fn push_ymd(out: &mut String, date: NaiveDate) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        out.push_str(&date.format("%Y-%m-%d").to_string());
        return;
    }
    push_digits(out, year as u32, 4);
    out.push('-');
    push_digits(out, date.month(), 2);
    out.push('-');
    push_digits(out, date.day(), 2);
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01).
pub(crate) fn format_day(day: i64) -> String {
    ymd(date_of(day * MS_PER_DAY))
}

/// Formats local milliseconds as `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn format_ms(ms: i64) -> String {
    let secs = ms.rem_euclid(MS_PER_DAY) / 1000;
    let mut out = ymd(date_of(ms));
    for (sep, part) in [(' ', secs / 3600), (':', secs / 60 % 60), (':', secs % 60)] {
        out.push(sep);
        push_digits(&mut out, part as u32, 2);
    }
    out
}

/// Weekday of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub(crate) fn weekday_of(day: i64) -> u32 {
    (day + 3).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_agree_with_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for (y, m, d) in [(1970, 1, 1), (1899, 12, 30), (2000, 2, 29), (2024, 12, 31), (1999, 2, 28), (2100, 3, 1)] {
            let want = NaiveDate::from_ymd_opt(y, m, d).unwrap().signed_duration_since(epoch).num_days();
            assert_eq!(days_from_civil(y, m, d), Some(want));
        }
        assert_eq!(days_from_civil(2023, 2, 29), None);
        assert_eq!(days_from_civil(2024, 13, 1), None);
    }

    #[test]
    fn dates_and_times_are_written_as_chrono_writes_them_in_every_year() {
        let chrono_ms = |ms: i64| {
            let secs = ms.rem_euclid(MS_PER_DAY) / 1000;
            let date = date_of(ms).format("%Y-%m-%d");
            format!("{date} {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
        };
        let first = days_from_civil(1, 1, 1).unwrap() - 800_000;
        let last = days_from_civil(9999, 12, 31).unwrap() + 800_000;
        // Every 37th day from before year 0 to past 9999 (signs and five-digit years included:
        // chrono's own output there), at a time of day that changes from day to day.
        for day in (first..=last).step_by(37).chain([0, -1, days_from_civil(2024, 2, 29).unwrap()]) {
            let ms = day * MS_PER_DAY + (day.rem_euclid(86_400) * 1000);
            assert_eq!(format_day(day), date_of(day * MS_PER_DAY).format("%Y-%m-%d").to_string(), "day {day}");
            assert_eq!(format_ms(ms), chrono_ms(ms), "ms {ms}");
        }
        assert_eq!(format_ms(days_from_civil(2024, 1, 5).unwrap() * MS_PER_DAY + 3_723_000), "2024-01-05 01:02:03");
        assert_eq!(format_day(days_from_civil(7, 3, 9).unwrap()), "0007-03-09");
    }

    #[test]
    fn weekdays_count_from_monday() {
        assert_eq!(weekday_of(0), 3, "1970-01-01 was a Thursday");
        assert_eq!(weekday_of(days_from_civil(2024, 1, 1).unwrap()), 0, "2024-01-01 was a Monday");
    }
}
