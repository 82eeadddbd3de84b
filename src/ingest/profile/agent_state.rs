//! Agent-state exports of any vendor: one row per state an agent was in (agent, state, start,
//! end or duration, reason), columns found by header name like call records.
//!
//! States are read by meaning: ready/available/login, not ready/pause/break (with the reason
//! column, or the state's own name as the reason), after-call work, on call, logged out. A state
//! the table does not know is a not-ready state named by itself ("Lunch", "Training"), which is
//! what such exports use them for; the report lists paused time by that name, so nothing is
//! hidden.

use super::Row;
use crate::ingest::fields::{normalize_header, Field};
use crate::ingest::values::{normalize_value, parse_duration, TimeParser};
use crate::model::call::MAX_KEY_BYTES;
use crate::model::message::Message;
use crate::model::pbx::{PbxRecord, StateInterval, StateKind};
use crate::model::text::trim;
use crate::model::time::MAX_DURATION_MS;

const STATE: &[&str] =
    &["state", "status", "agentstate", "activity", "statename", "状态", "座席状态", "坐席状态", "活动"];
const REASON: &[&str] =
    &["reason", "reasoncode", "pausereason", "notreadyreason", "auxcode", "原因", "示忙原因", "小休原因"];
const START: &[&str] = &["start", "starttime", "begin", "from", "statestart", "时间", "开始时间", "开始"];
const END: &[&str] = &["end", "endtime", "to", "stateend", "结束时间", "结束"];
const DURATION: &[&str] = &["duration", "durations", "seconds", "length", "时长", "持续时间", "持续时长", "状态时长"];

/// Columns of an agent-state export.
#[derive(Clone, Debug)]
pub(crate) struct AgentState {
    agent: usize,
    state: usize,
    reason: Option<usize>,
    start: usize,
    end: Option<usize>,
    duration: Option<usize>,
    header: Vec<String>,
    times: TimeParser,
}

impl AgentState {
    /// The columns when the header is an agent-state export (agent, state, start and an end or
    /// a duration, and none of the columns only call records have).
    pub(crate) fn from_header(header: &[&str], times: TimeParser) -> Option<AgentState> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
        let find = |alts: &[&str]| names.iter().position(|n| alts.contains(&n.as_str()));
        let field = |f: Field| header.iter().position(|h| Field::from_header(h) == Some(f));
        if [Field::Wait, Field::Talk, Field::Answer, Field::Caller].iter().any(|f| field(*f).is_some()) {
            return None;
        }
        let agent = field(Field::Agent)?;
        let state = find(STATE)?;
        let start = find(START).or_else(|| field(Field::Arrival))?;
        let end = find(END).or_else(|| field(Field::End));
        let duration = find(DURATION);
        if end.is_none() && duration.is_none() {
            return None;
        }
        Some(AgentState {
            agent,
            state,
            reason: find(REASON),
            start,
            end,
            duration,
            header: header.iter().map(|h| h.trim().to_string()).collect(),
            times,
        })
    }

    /// Field id of each column, for the import review.
    pub(crate) fn mapping(&self) -> Vec<Option<&'static str>> {
        (0..self.header.len())
            .map(|i| {
                Some(match i {
                    _ if i == self.agent => "agent",
                    _ if i == self.state => "state",
                    _ if Some(i) == self.reason => "reason",
                    _ if i == self.start => "start",
                    _ if Some(i) == self.end => "end",
                    _ if Some(i) == self.duration => "duration",
                    _ => return None,
                })
            })
            .collect()
    }

    pub(crate) fn map_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |i: usize| f.get(i).map_or("", |s| trim(s));
        let col = |i: usize| self.header.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
        let agent = get(self.agent);
        if agent.is_empty() {
            return Row::Reject(col(self.agent), Message::NoAgent);
        }
        for (i, v) in
            [(Some(self.agent), agent), (Some(self.state), get(self.state)), (self.reason, self.reason.map_or("", get))]
        {
            if v.len() > MAX_KEY_BYTES {
                let i = i.unwrap_or(self.agent);
                return Row::Reject(col(i), Message::ValueTooLong { bytes: v.len(), limit: MAX_KEY_BYTES });
            }
        }
        let start = match self.times.parse(get(self.start)) {
            Ok(t) => t,
            Err(e) => return Row::Reject(col(self.start), e),
        };
        let end = match self.end.map(|i| (i, get(i))).filter(|(_, v)| !v.is_empty()) {
            Some((i, v)) => match self.times.parse(v) {
                Ok(t) if t < start => return Row::Reject(col(i), Message::EndBeforeStart),
                Ok(t) if t - start > MAX_DURATION_MS => return Row::Reject(col(i), Message::StateTooLong),
                Ok(t) => t,
                Err(e) => return Row::Reject(col(i), e),
            },
            None => match self.duration.map(|i| (i, get(i))) {
                Some((i, v)) => match parse_duration(v) {
                    Ok(Some(ms)) => start + ms,
                    Ok(None) => return Row::Reject(col(i), Message::NoEndOrDuration),
                    Err(e) => return Row::Reject(col(i), e),
                },
                None => return Row::Reject(col(self.start), Message::NoEndOrDuration),
            },
        };
        let state = get(self.state);
        if state.is_empty() {
            return Row::Reject(col(self.state), Message::NoState);
        }
        let reason = self.reason.map_or("", get);
        let kind = match normalize_value(state).as_str() {
            "LOGIN" | "LOGGEDIN" | "LOGON" | "READY" | "AVAILABLE" | "IDLE" | "WAITING" | "空闲" | "就绪" | "签入"
            | "登录" | "置闲" => StateKind::Available,
            "ACW" | "WRAP" | "WRAPUP" | "AFTERCALLWORK" | "WORK" | "话后" | "话后处理" | "事后处理" | "整理" => {
                StateKind::Acw
            }
            "ONCALL" | "TALK" | "TALKING" | "INCALL" | "BUSY" | "通话" | "通话中" => StateKind::OnCall,
            "LOGOUT" | "LOGGEDOUT" | "LOGOFF" | "OFFLINE" | "离线" | "签出" | "注销" | "登出" => {
                StateKind::LoggedOut
            }
            "NOTREADY" | "PAUSE" | "PAUSED" | "BREAK" | "AUX" | "AWAY" | "小休" | "示忙" | "未就绪" | "置忙"
            | "休息" => StateKind::Paused(reason.into()),
            _ => StateKind::Paused(if reason.is_empty() { state.into() } else { reason.into() }),
        };
        Row::Pbx(Box::new(PbxRecord::State(StateInterval { agent: agent.into(), start_ms: start, end_ms: end, kind })))
    }
}
