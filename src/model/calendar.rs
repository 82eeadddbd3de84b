//! Days, weeks and appraisal months: how the report's periods are cut.
//!
//! A week is an ISO week (Monday first, labelled `2024-W05`) or, with `week_start: sunday`, the
//! seven days from a Sunday (labelled by that Sunday's date). An appraisal month (考核周期) starts on
//! the day of the month the settings name: with `month_starts_on_day: 26` the days from 26 January
//! to 25 February are the month `2024-02`, named for the month it ends in, as payroll names it.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::time::{date_of, days_from_civil, format_day, ymd, MS_PER_DAY};

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
        Period { first: days_since_epoch(start), last: days_since_epoch(end), label }
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
            WeekStart::Sunday => ymd(start),
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

/// A span of days (days since 1970, inclusive) with the label it was asked by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub first: i64,
    pub last: i64,
    /// What kind of period it is, for `previous` and `last_year`.
    kind: SpanKind,
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SpanKind {
    Day,
    IsoWeek,
    Month,
    Range,
}

impl Calendar {
    /// The days a period label names: `2024-02` (an appraisal month under `month_starts_on_day`),
    /// `2024-W05` (an ISO week), `2024-02-01` (a day), or `2024-02-01..2024-02-15` (a range).
    pub(crate) fn span(&self, label: &str) -> Option<Span> {
        let label = label.trim();
        if let Some((a, b)) = label.split_once("..") {
            let (first, last) = (parse_day(a)?, parse_day(b)?);
            return (first <= last).then(|| Span { first, last, kind: SpanKind::Range, label: label.to_string() });
        }
        if let Some(day) = parse_day(label) {
            return Some(Span { first: day, last: day, kind: SpanKind::Day, label: label.to_string() });
        }
        if let Some((y, w)) = label.split_once("-W") {
            let monday = NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)?;
            let first = days_since_epoch(monday);
            let kind = SpanKind::IsoWeek;
            return Some(Span {
                first,
                last: first + 6,
                kind,
                label: format!("{}-W{:02}", monday.iso_week().year(), monday.iso_week().week()),
            });
        }
        let (y, m) = label.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        // The month named y-m ends in month m, on the day before the start day (or on its last
        // day when months start on the 1st): that day is in it.
        let probe = days_from_civil(y, m, self.month_starts_on_day.clamp(2, LAST_MONTH_START + 1) - 1)?;
        let p = self.period(Grain::Month, probe);
        Some(Span { first: p.first, last: p.last, kind: SpanKind::Month, label: p.label })
    }

    /// The period before a span, of the same kind (the month, week or day before; a range of the
    /// same length just before).
    pub(crate) fn previous(&self, s: &Span) -> Option<Span> {
        match s.kind {
            SpanKind::Month => self.span(&self.period(Grain::Month, s.first - 1).label),
            SpanKind::IsoWeek => self.span(&self.period(Grain::Week, s.first - 7).label).map(|mut w| {
                // Under Sunday weeks the label above is a date: name the ISO week again.
                let d = date_of(w.first * MS_PER_DAY).iso_week();
                w.label = format!("{}-W{:02}", d.year(), d.week());
                w.kind = SpanKind::IsoWeek;
                w
            }),
            SpanKind::Day => self.span(&format_day(s.first - 1)),
            SpanKind::Range => {
                let len = s.last - s.first + 1;
                self.span(&format!("{}..{}", format_day(s.first - len), format_day(s.first - 1)))
            }
        }
    }

    /// The same period a year earlier: the same month or ISO week number, the same dates.
    pub(crate) fn last_year(&self, s: &Span) -> Option<Span> {
        let back = |day: i64| -> Option<String> {
            let d = date_of(day * MS_PER_DAY);
            // 29 February goes to the 28th.
            let d = NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day())
                .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day() - 1))?;
            Some(ymd(d))
        };
        match s.kind {
            SpanKind::Month => {
                let (y, m) = s.label.split_once('-')?;
                self.span(&format!("{}-{m}", y.parse::<i32>().ok()? - 1))
            }
            SpanKind::IsoWeek => {
                let (y, w) = s.label.split_once("-W")?;
                let y: i32 = y.parse().ok()?;
                // Week 53 of a year without one goes to week 52.
                self.span(&format!("{}-W{w}", y - 1)).or_else(|| self.span(&format!("{}-W52", y - 1)))
            }
            SpanKind::Day => self.span(&back(s.first)?),
            SpanKind::Range => self.span(&format!("{}..{}", back(s.first)?, back(s.last)?)),
        }
    }
}

fn days_since_epoch(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)).num_days()
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
    fn period_labels_name_their_days_and_their_neighbours() {
        let cal = Calendar { month_starts_on_day: 26, ..Calendar::default() };
        let feb = cal.span("2024-02").unwrap();
        assert_eq!((feb.first, feb.last), (day(2024, 1, 26), day(2024, 2, 25)));
        let jan = cal.previous(&feb).unwrap();
        assert_eq!((jan.label.as_str(), jan.first, jan.last), ("2024-01", day(2023, 12, 26), day(2024, 1, 25)));
        let ly = cal.last_year(&feb).unwrap();
        assert_eq!((ly.label.as_str(), ly.first), ("2023-02", day(2023, 1, 26)));
        let cal = Calendar::default();
        let w = cal.span("2021-W01").unwrap();
        assert_eq!((w.first, w.last), (day(2021, 1, 4), day(2021, 1, 10)));
        assert_eq!(cal.previous(&w).unwrap().label, "2020-W53");
        let w53 = cal.span("2020-W53").unwrap();
        assert_eq!(cal.last_year(&w53).unwrap().label, "2019-W52", "2019 has no week 53");
        let r = cal.span("2024-03-01..2024-03-10").unwrap();
        let p = cal.previous(&r).unwrap();
        assert_eq!((p.first, p.last), (day(2024, 2, 20), day(2024, 2, 29)));
        assert_eq!(cal.last_year(&cal.span("2024-02-29").unwrap()).unwrap().first, day(2023, 2, 28));
        for bad in ["2024-13", "2024-W60", "2024-02-10..2024-02-01", "Feb", "2024-2", ""] {
            assert_eq!(cal.span(bad), None, "{bad}");
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
