//! Agent sessions: logged-in and paused time, replayed from queue_log agent events
//! (ADDMEMBER/REMOVEMEMBER, AGENTLOGIN/AGENTLOGOFF and the legacy callback forms,
//! PAUSE/UNPAUSE/PAUSEALL/UNPAUSEALL) or summed from an agent-state export.
//!
//! An agent is logged in while they are a member of at least one queue or logged in as an agent;
//! time is counted once however many queues they are in. Pause time counts while logged in, by
//! reason. A session still open when the log ends is closed at the log's last event time and
//! flagged; a session that was open when the log began (a logoff with no login before it) is
//! counted from the log's first event time and flagged too.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::pbx::{EventKind, QEvent, StateInterval, StateKind};
use crate::model::time::MS_PER_DAY;

/// Label of pause time without a reason code.
pub(crate) const NO_REASON: &str = "(no reason)";

/// Logged-in and paused time of one agent.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct AgentTime {
    pub logged_in_ms: i64,
    pub paused_ms: BTreeMap<String, i64>,
    /// After-call work from an agent-state export (queue_log has none).
    pub acw_ms: i64,
    /// Sessions open at the end of the log, closed at its last event.
    pub open_at_end: u64,
    /// Sessions already open when the log began, counted from its first event.
    pub open_at_start: u64,
    /// Per day (days since 1970): first login and last logout, local ms.
    pub days: BTreeMap<i64, (Option<i64>, Option<i64>)>,
    /// The logged-in time as `[start, end)` spans, local ms: exactly the time summed in
    /// `logged_in_ms`, so per-interval figures add up to the agent's total.
    pub logged_in_spans: Vec<(i64, i64)>,
    /// The paused time as spans (within logged-in spans), all reasons together.
    pub paused_spans: Vec<(i64, i64)>,
    /// What the agent was doing when the log ended: logged out, available or paused (queue_log:
    /// after their last event; agent states: their latest row), and when that began.
    pub at_end: AtEnd,
}

/// An agent's state at the end of the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum AtEnd {
    /// Logged out, or no event yet.
    #[default]
    Out,
    /// Logged in and not paused (ready, or on a call).
    Ready,
    /// Logged in and paused.
    Paused,
}

impl AgentTime {
    pub(crate) fn paused_total_ms(&self) -> i64 {
        self.paused_ms.values().sum()
    }

    fn login_at(&mut self, t: i64) {
        let d = self.days.entry(t.div_euclid(MS_PER_DAY)).or_default();
        d.0 = Some(d.0.map_or(t, |f| f.min(t)));
    }

    fn logout_at(&mut self, t: i64) {
        let d = self.days.entry(t.div_euclid(MS_PER_DAY)).or_default();
        d.1 = Some(d.1.map_or(t, |l| l.max(t)));
    }

    fn add_paused(&mut self, reason: &str, from: i64, to: i64) {
        let key = if reason.is_empty() { NO_REASON } else { reason };
        *self.paused_ms.entry(key.to_string()).or_default() += (to - from).max(0);
        if to > from {
            self.paused_spans.push((from, to));
        }
    }

    fn add_logged_in(&mut self, from: i64, to: i64) {
        self.logged_in_ms += (to - from).max(0);
        if to > from {
            self.logged_in_spans.push((from, to));
        }
    }
}

/// Replays one agent's events (sorted) between the log's first and last event times.
pub(crate) fn replay(events: &[QEvent], log_first_ms: i64, log_last_ms: i64, out: &mut AgentTime) {
    use EventKind::*;
    let mut queues: BTreeSet<&str> = BTreeSet::new();
    let mut agent_login = false;
    let mut paused: Option<&str> = None;
    let mut prev: Option<i64> = None;
    for (i, e) in events.iter().enumerate() {
        let was = !queues.is_empty() || agent_login;
        if let Some(p) = prev {
            if was {
                out.add_logged_in(p, e.t_ms);
                if let Some(r) = paused {
                    out.add_paused(r, p, e.t_ms);
                }
            }
        }
        let first_of_agent = i == 0;
        match e.kind {
            AddMember => {
                queues.insert(&e.queue);
                if e.text.as_deref() == Some("PAUSED") && paused.is_none() {
                    paused = Some("");
                }
            }
            RemoveMember if !queues.remove(&*e.queue) && first_of_agent => {
                out.open_at_start += 1;
                out.add_logged_in(log_first_ms, e.t_ms);
                out.login_at(log_first_ms);
            }
            AgentLogin => agent_login = true,
            AgentLogoff => {
                if !agent_login && first_of_agent {
                    out.open_at_start += 1;
                    out.add_logged_in(log_first_ms, e.t_ms);
                    out.login_at(log_first_ms);
                }
                agent_login = false;
            }
            Pause | PauseAll => paused = Some(e.text.as_deref().unwrap_or("")),
            Unpause | UnpauseAll => paused = None,
            _ => {}
        }
        let now = !queues.is_empty() || agent_login;
        if !was && now {
            out.login_at(e.t_ms);
        }
        if was && !now {
            out.logout_at(e.t_ms);
            paused = None;
        }
        prev = Some(e.t_ms);
    }
    out.at_end = match (!queues.is_empty() || agent_login, paused.is_some()) {
        (false, _) => AtEnd::Out,
        (true, false) => AtEnd::Ready,
        (true, true) => AtEnd::Paused,
    };
    if let Some(p) = prev {
        if !queues.is_empty() || agent_login {
            out.add_logged_in(p, log_last_ms);
            if let Some(r) = paused {
                out.add_paused(r, p, log_last_ms);
            }
            out.open_at_end += 1;
            out.logout_at(log_last_ms);
        }
    }
}

/// Adds one agent-state interval (in order of start: the last one says where the agent is now).
pub(crate) fn add_interval(s: &StateInterval, out: &mut AgentTime) {
    out.at_end = match &s.kind {
        StateKind::LoggedOut => AtEnd::Out,
        StateKind::Paused(_) => AtEnd::Paused,
        StateKind::Available | StateKind::OnCall | StateKind::Acw => AtEnd::Ready,
    };
    let d = (s.end_ms - s.start_ms).max(0);
    match &s.kind {
        StateKind::LoggedOut => return,
        StateKind::Paused(r) => out.add_paused(r, s.start_ms, s.end_ms),
        StateKind::Acw => out.acw_ms += d,
        StateKind::Available | StateKind::OnCall => {}
    }
    out.add_logged_in(s.start_ms, s.end_ms);
    out.login_at(s.start_ms);
    out.logout_at(s.end_ms);
}

/// Adds the overlap of each span with the intervals `[k·len, (k+1)·len)` whose starts are keys
/// of `intervals` (local ms), to the value's `which` part. Only intervals already in the map
/// are touched, so a span of years costs no more than the intervals it meets.
pub(crate) fn spread(spans: &[(i64, i64)], len_ms: i64, intervals: &mut BTreeMap<i64, [i64; 2]>, which: usize) {
    for &(a, b) in spans {
        if b <= a {
            continue;
        }
        let from = a.div_euclid(len_ms) * len_ms;
        for (start, v) in intervals.range_mut(from..b) {
            let overlap = (b.min(start + len_ms) - a.max(*start)).max(0);
            v[which] += overlap;
        }
    }
}
