//! Which calls and people rows an analysis looks at: a date range and lists of queues, agents and
//! teams to include or exclude.
//!
//! The filter is applied while reading, so a row outside it is skipped by a named rule (it is
//! still counted in its file's accounting) and nothing outside it reaches any tally: the report of
//! a filtered read equals the report of files that held only the rows inside the filter.

use std::collections::BTreeSet;

use super::calendar::parse_day;
use super::call::Call;
use super::time::MS_PER_DAY;

/// A list of names to include (only these) or exclude (all but these); empty includes all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct NameRule {
    pub include: BTreeSet<String>,
    pub exclude: BTreeSet<String>,
}

impl NameRule {
    pub(crate) fn new(include: &[String], exclude: &[String]) -> NameRule {
        let set = |v: &[String]| v.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        NameRule { include: set(include), exclude: set(exclude) }
    }

    pub(crate) fn is_open(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Whether a row with these names (an id and a display name, say) passes. A row without any
    /// name passes an exclude list and fails an include list.
    pub(crate) fn passes(&self, names: &[Option<&str>]) -> bool {
        if self.is_open() {
            return true;
        }
        let names = || names.iter().flatten().map(|n| crate::model::text::trim(n));
        if names().any(|n| self.exclude.contains(n)) {
            return false;
        }
        self.include.is_empty() || names().any(|n| self.include.contains(n))
    }
}

/// Why a row is outside the filter: the skip rule its file's accounting names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outside {
    Dates,
    Queue,
    Agent,
    Team,
    /// The filter includes teams and the row has none: neither its own nor its agent's in a roster
    /// read before it.
    NoTeam,
}

impl Outside {
    /// The skip rule in the file accounting.
    pub(crate) fn rule(self) -> &'static str {
        match self {
            Outside::Dates => "FILTER_DATES",
            Outside::Queue => "FILTER_QUEUE",
            Outside::Agent => "FILTER_AGENT",
            Outside::Team => "FILTER_TEAM",
            Outside::NoTeam => "FILTER_NO_TEAM",
        }
    }
}

/// The filter of an analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// First and last day included (days since 1970), local time.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub queues: NameRule,
    pub agents: NameRule,
    pub teams: NameRule,
}

impl Filter {
    /// The filter of the settings' values; `Err(field)` names a date that is not `YYYY-MM-DD`.
    pub(crate) fn new(
        from: Option<&str>,
        to: Option<&str>,
        queues: NameRule,
        agents: NameRule,
        teams: NameRule,
    ) -> Result<Filter, &'static str> {
        let day =
            |s: Option<&str>, field| s.filter(|s| !s.trim().is_empty()).map(|s| parse_day(s).ok_or(field)).transpose();
        Ok(Filter { from: day(from, "from")?, to: day(to, "to")?, queues, agents, teams })
    }

    /// Whether nothing is filtered.
    pub(crate) fn is_open(&self) -> bool {
        self.from.is_none()
            && self.to.is_none()
            && self.queues.is_open()
            && self.agents.is_open()
            && self.teams.is_open()
    }

    /// Whether a day (days since 1970) is in the date range.
    pub(crate) fn day_in_range(&self, day: i64) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }

    /// Whether a `YYYY-MM-DD` date is in the range; a row without a date is kept (it cannot be
    /// placed, and people rows like a roster are not dated).
    pub(crate) fn date_in_range(&self, date: Option<&str>) -> bool {
        date.and_then(parse_day).is_none_or(|d| self.day_in_range(d))
    }

    /// Checks a call; `team` is the call's team, or its agent's from a roster.
    pub(crate) fn call(&self, call: &Call<'_>, team: Option<&str>) -> Result<(), Outside> {
        if !self.day_in_range(call.arrival_ms.div_euclid(MS_PER_DAY)) {
            return Err(Outside::Dates);
        }
        if !self.queues.passes(&[call.queue]) {
            return Err(Outside::Queue);
        }
        self.person(call.agent, call.agent_name, team)
    }

    /// Checks an agent (id and display name) and their team.
    pub(crate) fn person(&self, agent: Option<&str>, name: Option<&str>, team: Option<&str>) -> Result<(), Outside> {
        if !self.agents.passes(&[agent, name]) {
            return Err(Outside::Agent);
        }
        if !self.teams.passes(&[team]) {
            return Err(if team.is_none() { Outside::NoTeam } else { Outside::Team });
        }
        Ok(())
    }
}

const OUTSIDE: [Outside; 5] = [Outside::Dates, Outside::Queue, Outside::Agent, Outside::Team, Outside::NoTeam];

impl crate::model::wire::Wire for Outside {
    fn put(&self, w: &mut crate::model::wire::Writer) {
        w.u8(*self as u8);
    }
    fn get(r: &mut crate::model::wire::Reader<'_>) -> crate::model::wire::WireResult<Self> {
        OUTSIDE.get(usize::from(r.u8()?)).copied().ok_or(crate::model::wire::Bad("unknown filter rule"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::call::Outcome;
    use crate::model::time::days_from_civil;

    fn call<'a>(day: (i32, u32, u32), queue: Option<&'a str>, agent: Option<&'a str>) -> Call<'a> {
        Call {
            arrival_ms: days_from_civil(day.0, day.1, day.2).unwrap() * MS_PER_DAY + 3_600_000,
            queue,
            agent,
            ..Call::new(0, Outcome::Answered)
        }
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dates_are_inclusive_local_days() {
        let f = Filter::new(
            Some("2024-02-01"),
            Some("2024-02-29"),
            NameRule::default(),
            NameRule::default(),
            NameRule::default(),
        )
        .unwrap();
        assert_eq!(f.call(&call((2024, 2, 1), None, None), None), Ok(()));
        assert_eq!(f.call(&call((2024, 2, 29), None, None), None), Ok(()));
        assert_eq!(f.call(&call((2024, 1, 31), None, None), None), Err(Outside::Dates));
        assert_eq!(f.call(&call((2024, 3, 1), None, None), None), Err(Outside::Dates));
        assert!(f.date_in_range(None));
        assert!(!f.date_in_range(Some("2024-03-01")));
        assert_eq!(
            Filter::new(Some("2024-02-30"), None, NameRule::default(), NameRule::default(), NameRule::default()),
            Err("from")
        );
    }

    #[test]
    fn include_and_exclude_lists_match_ids_or_names() {
        let f = Filter {
            queues: NameRule::new(&names(&["Sales", " Support "]), &[]),
            agents: NameRule::new(&[], &names(&["张三"])),
            ..Filter::default()
        };
        assert_eq!(f.call(&call((2024, 2, 1), Some("Support"), Some("A1")), None), Ok(()));
        assert_eq!(f.call(&call((2024, 2, 1), Some("Billing"), Some("A1")), None), Err(Outside::Queue));
        assert_eq!(
            f.call(&call((2024, 2, 1), None, Some("A1")), None),
            Err(Outside::Queue),
            "no queue is not an included one"
        );
        let mut c = call((2024, 2, 1), Some("Sales"), Some("A2"));
        c.agent_name = Some("张三");
        assert_eq!(f.call(&c, None), Err(Outside::Agent));
        let f = Filter { teams: NameRule::new(&names(&["T1"]), &[]), ..Filter::default() };
        assert_eq!(f.person(Some("A1"), None, Some("T1")), Ok(()));
        assert_eq!(f.person(Some("A1"), None, Some("T2")), Err(Outside::Team));
        assert_eq!(f.person(Some("A1"), None, None), Err(Outside::NoTeam));
        assert!(Filter::default().is_open() && !f.is_open());
    }
}
