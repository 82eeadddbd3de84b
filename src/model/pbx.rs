//! What phone-system logs deliver, in one form whatever file they came from: queue_log events,
//! CDR legs and agent-state intervals. The readers in `ingest` produce these; `pbx` keeps them
//! until the report and rebuilds calls and agent sessions from them.

use crate::model::call::hash_id;

/// A queue_log event the engine uses. Events it does not use are skipped by the reader with a
/// named rule (system events, outbound events) or counted as unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum EventKind {
    // Caller events, in the order they happen within a call (used to order events of the same second).
    EnterQueue,
    RingNoAnswer,
    RingCanceled,
    Connect,
    CompleteCaller,
    CompleteAgent,
    BlindTransfer,
    AttendedTransfer,
    Transfer,
    Abandon,
    ExitWithTimeout,
    ExitEmpty,
    ExitWithKey,
    Withdraw,
    // Agent events.
    AddMember,
    AgentLogin,
    Pause,
    PauseAll,
    Unpause,
    UnpauseAll,
    RemoveMember,
    AgentLogoff,
}

impl EventKind {
    /// The event names of Asterisk (and its legacy callback-agent forms).
    pub(crate) fn from_name(name: &str) -> Option<EventKind> {
        use EventKind::*;
        Some(match name {
            "ENTERQUEUE" => EnterQueue,
            "RINGNOANSWER" => RingNoAnswer,
            "RINGCANCELED" => RingCanceled,
            "CONNECT" => Connect,
            "COMPLETECALLER" => CompleteCaller,
            "COMPLETEAGENT" => CompleteAgent,
            "BLINDTRANSFER" => BlindTransfer,
            "ATTENDEDTRANSFER" => AttendedTransfer,
            "TRANSFER" => Transfer,
            "ABANDON" => Abandon,
            "EXITWITHTIMEOUT" => ExitWithTimeout,
            "EXITEMPTY" => ExitEmpty,
            "EXITWITHKEY" => ExitWithKey,
            "WITHDRAW" => Withdraw,
            "ADDMEMBER" => AddMember,
            "AGENTLOGIN" | "AGENTCALLBACKLOGIN" => AgentLogin,
            "PAUSE" => Pause,
            "PAUSEALL" => PauseAll,
            "UNPAUSE" => Unpause,
            "UNPAUSEALL" => UnpauseAll,
            "REMOVEMEMBER" => RemoveMember,
            "AGENTLOGOFF" | "AGENTCALLBACKLOGOFF" => AgentLogoff,
            _ => return None,
        })
    }

    /// Events about an agent's session rather than a caller.
    pub(crate) fn is_agent_event(self) -> bool {
        self >= EventKind::AddMember
    }
}

/// Event names that are read and deliberately not used (the skip rule says which).
pub(crate) fn ignored_event_rule(name: &str) -> Option<&'static str> {
    Some(match name {
        "QUEUESTART" | "CONFIGRELOAD" | "SYSCOMPAT" | "AGENTDUMP" | "PENALTY" | "RINGINUSE" => "SYSTEM_EVENT",
        // FreePBX writes DID before ENTERQUEUE; QueueMetrics-style logs add hold events: they
        // change nothing the engine computes.
        "DID" | "CALLERONHOLD" | "CALLEROFFHOLD" | "INFO" | "JOINEMPTY" | "FULL" | "JOINUNAVAIL" => "IGNORED_EVENT",
        n if n.starts_with("OUT") => "OUTBOUND_EVENT",
        _ => return None,
    })
}

/// One queue_log event, whatever form (file, database CSV, PBXware) it came in.
/// Durations are whole seconds as the log writes them, ring times milliseconds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) struct QEvent {
    /// Local milliseconds since 1970.
    pub t_ms: i64,
    pub callid: Box<str>,
    pub queue: Box<str>,
    pub agent: Box<str>,
    pub kind: EventKind,
    /// Wait in queue: CONNECT/COMPLETE* holdtime, or the waittime of ABANDON/EXIT*/WITHDRAW.
    pub wait_s: Option<i64>,
    /// Talk (calltime) of COMPLETE* and transfers.
    pub talk_s: Option<i64>,
    /// CONNECT ring time in seconds or RINGNOANSWER/RINGCANCELED ring time in milliseconds, as ms.
    pub ring_ms: Option<i64>,
    /// ENTERQUEUE caller number, PAUSE reason, EXITWITHKEY key, transfer target or kind,
    /// ADDMEMBER "PAUSED", WITHDRAW info.
    pub text: Option<Box<str>>,
}

impl QEvent {
    /// A hash of everything in the event: the same event read twice (from overlapping files or
    /// the file and the database form) is counted once.
    pub(crate) fn content_hash(&self) -> u64 {
        let t = self.t_ms.to_string();
        let n = |v: Option<i64>| v.map_or(String::from("-"), |v| v.to_string());
        let (w, tk, r) = (n(self.wait_s), n(self.talk_s), n(self.ring_ms));
        let kind = format!("{:?}", self.kind);
        hash_id(&[&t, &self.callid, &self.queue, &self.agent, &kind, &w, &tk, &r, self.text.as_deref().unwrap_or("-")])
    }
}

/// How a CDR leg ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum Disposition {
    Answered,
    NoAnswer,
    Cancel,
    Busy,
    Failed,
    Congestion,
}

impl Disposition {
    /// Asterisk's disposition names.
    pub(crate) fn from_asterisk(s: &str) -> Option<Disposition> {
        Some(match s.trim() {
            "ANSWERED" => Disposition::Answered,
            "NO ANSWER" | "NOANSWER" => Disposition::NoAnswer,
            "CANCEL" => Disposition::Cancel,
            "BUSY" => Disposition::Busy,
            "FAILED" => Disposition::Failed,
            "CONGESTION" => Disposition::Congestion,
            _ => return None,
        })
    }

    /// The disposition as Asterisk writes it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Disposition::Answered => "ANSWERED",
            Disposition::NoAnswer => "NO ANSWER",
            Disposition::Cancel => "CANCEL",
            Disposition::Busy => "BUSY",
            Disposition::Failed => "FAILED",
            Disposition::Congestion => "CONGESTION",
        }
    }

    /// A FreeSWITCH hangup cause of a leg that was not answered.
    pub(crate) fn from_hangup_cause(s: &str) -> Disposition {
        match s.trim() {
            "USER_BUSY" | "CALL_REJECTED" => Disposition::Busy,
            "NO_ANSWER" | "NO_USER_RESPONSE" | "RECOVERY_ON_TIMER_EXPIRE" | "ALLOTTED_TIMEOUT" => Disposition::NoAnswer,
            "ORIGINATOR_CANCEL" | "LOSE_RACE" | "PICKED_OFF" => Disposition::Cancel,
            "NORMAL_CIRCUIT_CONGESTION" | "SWITCH_CONGESTION" => Disposition::Congestion,
            "NORMAL_CLEARING" => Disposition::NoAnswer,
            _ => Disposition::Failed,
        }
    }
}

/// One CDR leg (a row of Master.csv or of FreeSWITCH's CSV).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) struct Leg {
    /// The call the leg belongs to: linkedid, else uniqueid (Asterisk) or uuid (FreeSWITCH).
    pub key: Box<str>,
    /// The leg's own uniqueid, for joining with queue_log (empty when the layout has none).
    pub uniqueid: Box<str>,
    pub start_ms: i64,
    pub answer_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub billsec_s: i64,
    pub disposition: Disposition,
    pub caller: Box<str>,
    /// The answering party: the destination channel without its sequence suffix.
    pub agent: Option<Box<str>>,
    /// The queue when the leg ran the Queue application.
    pub queue: Option<Box<str>>,
    /// Hash of the whole row, to count a leg exported twice once.
    pub row_hash: u64,
    /// The number the leg dialled (dst, destination_number).
    pub dst: Box<str>,
    /// The calling party's device (the source channel without its sequence suffix, or the
    /// extension FreeSWITCH originated from).
    pub src_peer: Option<Box<str>>,
    /// The leg looks like an outbound call: from an extension (2–6 digits) to an outside number (7
    /// digits or more) without a queue, or originated by FreeSWITCH as "Outbound Call".
    pub outbound: bool,
}

/// An internal extension: 2 to 6 digits.
pub(crate) fn is_extension(s: &str) -> bool {
    let s = s.trim();
    (2..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A number outside the PBX: 7 digits or more, with an optional leading +.
pub(crate) fn is_outside_number(s: &str) -> bool {
    let s = s.trim().trim_start_matches('+');
    s.len() >= 7 && s.bytes().all(|b| b.is_ascii_digit())
}

/// What stands for an outside number where a channel names the party that answered (a queue call
/// forwarded to a mobile, `Local/+9194…@local-call`): the agent table and its exports name no
/// caller's or customer's number. A mask, not words: it is part of an agent's id, shown as it is
/// in every language.
pub(crate) const OUTSIDE_NUMBER: &str = "***";

/// A channel peer or device named as an agent, a `Local/` channel's outside number replaced by
/// [`OUTSIDE_NUMBER`]: `Local/+919490554848@local-call` → `Local/***@local-call`,
/// `Local/0119189850606@from-internal/n` → `Local/***@from-internal/n`. Only `Local/` channels:
/// they dial a number through the dial plan, so a long one there is a customer's phone; a device
/// (`SIP/`, `PJSIP/`, `Agent/`) or a member name of many digits may be an agent's own 工号.
pub(crate) fn agent_device(peer: &str) -> Box<str> {
    let Some(rest) = peer.get(..6).filter(|t| t.eq_ignore_ascii_case("local/")).map(|_| &peer[6..]) else {
        return peer.into();
    };
    let end = rest.find(['@', '/']).unwrap_or(rest.len());
    if !is_outside_number(&rest[..end]) {
        return peer.into();
    }
    format!("{}{OUTSIDE_NUMBER}{}", &peer[..6], &rest[end..]).into()
}

/// A number named as an agent (FreeSWITCH's destination of an answered leg): an outside number
/// (a call forwarded to a mobile) is [`OUTSIDE_NUMBER`], an extension is kept.
pub(crate) fn agent_number(number: &str) -> Box<str> {
    if is_outside_number(number) {
        OUTSIDE_NUMBER.into()
    } else {
        number.into()
    }
}

/// What an agent was doing over an interval, from an agent-state export.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum StateKind {
    /// Logged in and ready, or logged in without more detail.
    Available,
    /// Not ready / paused, with the reason code (empty when none).
    Paused(Box<str>),
    /// After-call work.
    Acw,
    /// On a call.
    OnCall,
    /// Logged out (rows of this kind add no logged-in time).
    LoggedOut,
}

/// One row of an agent-state export.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) struct StateInterval {
    pub agent: Box<str>,
    pub start_ms: i64,
    pub end_ms: i64,
    pub kind: StateKind,
}

/// Anything a phone-system reader hands to the analyzer.
#[derive(Clone, Debug)]
pub(crate) enum PbxRecord {
    Event(QEvent),
    Leg(Leg),
    State(StateInterval),
}

// ---------------------------------------------------------------- binary form (byte ranges)

// A byte range's records go to another worker in their serde form (postcard).
crate::model::wire::wire_via_serde!(QEvent, Leg, StateInterval);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agent_device_names_no_outside_number() {
        assert_eq!(&*agent_device("Local/+919490554848@local-call"), "Local/***@local-call");
        assert_eq!(&*agent_device("Local/011918985060603@local-call"), "Local/***@local-call");
        assert_eq!(&*agent_device("local/0119189850606@from-internal/n"), "local/***@from-internal/n");
        assert_eq!(&*agent_number("13800000001"), "***");
        assert_eq!(&*agent_number("1002"), "1002");
        // Devices and member names keep their digits: they may be an agent's own number.
        for kept in
            ["PJSIP/1141", "Local/1141@stasis-dial", "PJSIP/IDT", "SIP/20230001", "Agent/10086001", "13800000001", ""]
        {
            assert_eq!(&*agent_device(kept), kept);
        }
    }
}
