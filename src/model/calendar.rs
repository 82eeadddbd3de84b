//! Days, weeks and appraisal months: how the report's periods are cut.
//!
//! A week is an ISO week (Monday first, labelled `2024-W05`) or, with `week_start: sunday`, the
//! seven days from a Sunday (labelled by that Sunday's date). An appraisal month (考核周期) starts on
//! the day of the month the settings name: with `month_starts_on_day: 26` the days from 26 January
//! to 25 February are the month `2024-02`, named for the month it ends in, as payroll names it.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::time::{date_of, days_from_civil, MS_PER_DAY};

/// The first day of a week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekStart {
    /// ISO weeks, Monday to Sunday.
    #[default]
    Monday,
    /// Weeks from Sunday to Saturday.
    Sunday,
}

impl WeekStart {
    /// Every option, for forms.
    pub const ALL: [WeekStart; 2] = [WeekStart::Monday, WeekStart::Sunday];
}

/// The latest day of the month an appraisal month may start on (every month has it).
pub(crate) const LAST_MONTH_START: u32 = 28;

/// The groupings of days a report has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Grain {
    /// Weeks (see [`WeekStart`]).
    Week,
    /// Appraisal months (see `month_starts_on_day`).
    Month,
}

/// How days fall into weeks and months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Calendar {
    pub week_start: WeekStart,
    /// 1–28: the day of the month an appraisal month starts on.
    pub month_starts_on_day: u32,
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar { week_start: WeekStart::Monday, month_starts_on_day: 1 }
    }
}

/// One period: its label and its first and last day (days since 1970, inclusive).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Period {
    pub first: i64,
    pub last: i64,
    pub label: String,
}

impl Calendar {
    /// The period of `grain` that a day (days since 1970) falls in.
    pub(crate) fn period(&self, grain: Grain, day: i64) -> Period {
        let d = date_of(day * MS_PER_DAY);
        let (start, end, label) = match grain {
            Grain::Week => self.week(d),
            Grain::Month => self.month(d),
        };
        let n = |x: NaiveDate| (x - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)).num_days();
        Period { first: n(start), last: n(end), label }
    }

    fn week(&self, d: NaiveDate) -> (NaiveDate, NaiveDate, String) {
        let back = match self.week_start {
            WeekStart::Monday => d.weekday().num_days_from_monday(),
            WeekStart::Sunday => d.weekday().num_days_from_sunday(),
        };
        let start = d - Duration::days(i64::from(back));
        let label = match self.week_start {
            WeekStart::Monday => {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            WeekStart::Sunday => start.format("%Y-%m-%d").to_string(),
        };
        (start, start + Duration::days(6), label)
    }

    fn month(&self, d: NaiveDate) -> (NaiveDate, NaiveDate, String) {
        let s = self.month_starts_on_day.clamp(1, LAST_MONTH_START);
        // The month the period ends in names it.
        let (y, m) = if s > 1 && d.day() >= s { next_month(d.year(), d.month()) } else { (d.year(), d.month()) };
        let first_of = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN);
        let (py, pm) = prev_month(y, m);
        let (ny, nm) = next_month(y, m);
        let (start, end) = if s == 1 {
            (first_of(y, m), first_of(ny, nm) - Duration::days(1))
        } else {
            (
                NaiveDate::from_ymd_opt(py, pm, s).unwrap_or(NaiveDate::MIN),
                first_of(y, m) + Duration::days(i64::from(s) - 2),
            )
        };
        (start, end, format!("{y}-{m:02}"))
    }
}

fn next_month(y: i32, m: u32) -> (i32, u32) {
    if m == 12 {
        (y + 1, 1)
    } else {
        (y, m + 1)
    }
}

fn prev_month(y: i32, m: u32) -> (i32, u32) {
    if m == 1 {
        (y - 1, 12)
    } else {
        (y, m - 1)
    }
}

/// A `YYYY-MM-DD` date as days since 1970, or None when it is not one.
pub(crate) fn parse_day(s: &str) -> Option<i64> {
    let s = s.trim();
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    days_from_civil(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d).unwrap()
    }

    fn cut(cal: &Calendar, grain: Grain, y: i32, m: u32, d: u32) -> (String, i64, i64) {
        let p = cal.period(grain, day(y, m, d));
        (p.label, p.first, p.last)
    }

    #[test]
    fn iso_weeks_start_on_monday_and_cross_the_year() {
        let cal = Calendar::default();
        // 2021-01-03 is a Sunday in ISO week 53 of 2020.
        assert_eq!(cut(&cal, Grain::Week, 2021, 1, 3), ("2020-W53".into(), day(2020, 12, 28), day(2021, 1, 3)));
        let cal = Calendar { week_start: WeekStart::Sunday, ..cal };
        assert_eq!(cut(&cal, Grain::Week, 2021, 1, 3), ("2021-01-03".into(), day(2021, 1, 3), day(2021, 1, 9)));
        assert_eq!(cut(&cal, Grain::Week, 2021, 1, 2), ("2020-12-27".into(), day(2020, 12, 27), day(2021, 1, 2)));
    }

    #[test]
    fn appraisal_months_may_start_on_another_day_and_are_named_for_the_month_they_end_in() {
        let cal = Calendar { month_starts_on_day: 26, ..Calendar::default() };
        assert_eq!(cut(&cal, Grain::Month, 2024, 1, 26), ("2024-02".into(), day(2024, 1, 26), day(2024, 2, 25)));
        assert_eq!(cut(&cal, Grain::Month, 2024, 2, 25).0, "2024-02");
        assert_eq!(cut(&cal, Grain::Month, 2024, 12, 31), ("2025-01".into(), day(2024, 12, 26), day(2025, 1, 25)));
        let cal = Calendar::default();
        assert_eq!(cut(&cal, Grain::Month, 2024, 2, 10), ("2024-02".into(), day(2024, 2, 1), day(2024, 2, 29)));
    }

    #[test]
    fn every_day_of_a_year_is_in_exactly_one_week_and_one_month() {
        for start in [1, 2, 15, 26, 28] {
            for week_start in WeekStart::ALL {
                let cal = Calendar { week_start, month_starts_on_day: start };
                for grain in [Grain::Week, Grain::Month] {
                    let mut last: Option<Period> = None;
                    for d in day(2023, 11, 1)..=day(2025, 2, 1) {
                        let p = cal.period(grain, d);
                        assert!((p.first..=p.last).contains(&d), "{p:?} {d}");
                        if let Some(l) = &last {
                            if *l != p {
                                assert_eq!(p.first, l.last + 1, "periods follow each other");
                                assert_ne!(p.label, l.label);
                            }
                        }
                        last = Some(p);
                    }
                }
            }
        }
    }

    #[test]
    fn only_full_dates_are_days() {
        assert_eq!(parse_day("2024-02-29"), Some(day(2024, 2, 29)));
        assert_eq!(parse_day(" 2024-2-5 "), Some(day(2024, 2, 5)));
        for bad in ["2023-02-29", "2024-02", "24-02-01", "2024/02/01", "", "2024-13-01"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}
