//! One call, as every input profile delivers it to the KPI engine, and the helpers every layer
//! needs about calls: outcomes, stable id hashes, and telling a real caller from a withheld one.

/// What happened to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Connected to an agent.
    Answered,
    /// The caller hung up while waiting.
    Abandoned,
    /// Left the queue by timeout, key press, empty queue or flow-out.
    TimedOut,
    /// Ended in the IVR without asking for an agent.
    Ivr,
    /// Never reached the queue (busy, failed, congestion): not offered.
    Other,
}

impl Outcome {
    /// The ids an outcome value can be mapped to in settings.
    pub const IDS: [&'static str; 5] = ["answered", "abandoned", "timed_out", "ivr", "other"];

    /// The outcome of an id used in settings (`answered`, `abandoned`, `timed_out`, `ivr`, `other`).
    pub fn from_id(s: &str) -> Option<Outcome> {
        Some(match s {
            "answered" => Outcome::Answered,
            "abandoned" => Outcome::Abandoned,
            "timed_out" => Outcome::TimedOut,
            "ivr" => Outcome::Ivr,
            "other" => Outcome::Other,
            _ => return None,
        })
    }
}

/// A call borrowed from the row it was read from: no allocation per row.
/// Times are local milliseconds since 1970-01-01; durations milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Call<'a> {
    /// Hash of the call id, for counting a repeated call once.
    pub id: Option<u64>,
    /// Arrival in the queue (or in the IVR), local ms.
    pub arrival_ms: i64,
    /// What happened to the call.
    pub outcome: Outcome,
    /// Time in queue; `None` when the source does not say.
    pub wait_ms: Option<i64>,
    /// Talk time of an answered call.
    pub talk_ms: Option<i64>,
    /// Hold time of an answered call.
    pub hold_ms: Option<i64>,
    /// After-call work of an answered call.
    pub acw_ms: Option<i64>,
    /// The queue (skill group) it was offered to.
    pub queue: Option<&'a str>,
    /// The agent who answered it.
    pub agent: Option<&'a str>,
    /// The agent's name, when the record has it.
    pub agent_name: Option<&'a str>,
    /// The agent's team, when the record has it.
    pub team: Option<&'a str>,
    /// The caller's number or id (for repeat-caller FCR).
    pub caller: Option<&'a str>,
    /// Whether an agent transferred the call; `None` when the source does not say.
    pub transferred: Option<bool>,
    /// The source's own first-contact-resolution flag, when it has one.
    pub resolved: Option<bool>,
    /// The caller's satisfaction with the call on a 1–5 scale (an IVR survey key, 满意度), when
    /// the record has one.
    pub satisfaction: Option<u8>,
    /// Whether the call was a complaint (a 投诉 flag, or a call of the complaint queue), when the
    /// source says.
    pub complaint: Option<bool>,
}

impl<'a> Call<'a> {
    /// A call with only its arrival and outcome known.
    pub fn new(arrival_ms: i64, outcome: Outcome) -> Call<'a> {
        Call {
            id: None,
            arrival_ms,
            outcome,
            wait_ms: None,
            talk_ms: None,
            hold_ms: None,
            acw_ms: None,
            queue: None,
            agent: None,
            agent_name: None,
            team: None,
            caller: None,
            transferred: None,
            resolved: None,
            satisfaction: None,
            complaint: None,
        }
    }
}

use crate::model::time::duration_in_range;

/// The longest name or id (agent, queue, team, caller, call id) a row may carry, in bytes. Each
/// distinct one is kept once per group, so without a limit one absurd field (a 300 MB "agent")
/// costs its size again in every table; real ids and names are far shorter.
pub(crate) const MAX_KEY_BYTES: usize = 256;

impl Call<'_> {
    /// The first duration outside 0 … 7 days, as (field id, milliseconds): the shared range
    /// check of every reader (a value derived from two times can fall outside it).
    pub(crate) fn duration_out_of_range(&self) -> Option<(&'static str, i64)> {
        [("wait", self.wait_ms), ("talk", self.talk_ms), ("hold", self.hold_ms), ("acw", self.acw_ms)]
            .into_iter()
            .find_map(|(field, v)| v.filter(|ms| !duration_in_range(*ms)).map(|ms| (field, ms)))
    }

    /// The first name or id longer than [`MAX_KEY_BYTES`], as (field id, length).
    pub(crate) fn oversized_key(&self) -> Option<(&'static str, usize)> {
        let len = |v: Option<&str>| v.map_or(0, str::len);
        // Checked for every row: the lengths alone first, the names only for the rare long one.
        let longest = len(self.agent).max(len(self.queue)).max(len(self.team));
        if longest.max(len(self.agent_name)).max(len(self.caller)) <= MAX_KEY_BYTES {
            return None;
        }
        [
            ("agent", self.agent),
            ("queue", self.queue),
            ("team", self.team),
            ("agent_name", self.agent_name),
            ("caller", self.caller),
        ]
        .into_iter()
        .find_map(|(field, v)| v.map(str::len).filter(|n| *n > MAX_KEY_BYTES).map(|n| (field, n)))
    }
}

/// An outbound call (seed 002): an agent dialled a contact, as a dialler export, outbound call
/// records or a CDR deliver it. Kept apart from [`Call`], so an outbound call can never enter the
/// inbound KPIs (offered, ASA, service level, abandon rate).
#[derive(Clone, Debug, PartialEq)]
pub struct OutboundCall<'a> {
    /// Hash of the call id, for counting a repeated call once.
    pub id: Option<u64>,
    /// When the dialling started, local ms.
    pub start_ms: i64,
    /// The agent who dialled.
    pub agent: Option<&'a str>,
    /// The agent's name, when the record has it.
    pub agent_name: Option<&'a str>,
    /// The agent's team, when the record has it.
    pub team: Option<&'a str>,
    /// The campaign (外呼项目).
    pub campaign: Option<&'a str>,
    /// The number dialled (for dials per contact).
    pub number: Option<&'a str>,
    /// The contact answered.
    pub connected: bool,
    /// Talk time of a connected call.
    pub talk_ms: Option<i64>,
    /// The result code as the source writes it (成功, 拒绝, 无人接听, 空号 …).
    pub result: Option<&'a str>,
    /// The result is a success (a sale, an appointment).
    pub success: bool,
    /// The call was connected and its result code says whether it succeeded (a dialler's 成功 or
    /// 拒绝, a code in the user's table) — not a phone system's ANSWERED, and not no code at all.
    pub success_known: bool,
}

impl<'a> OutboundCall<'a> {
    /// An outbound call with only its start known (not connected).
    pub fn new(start_ms: i64) -> OutboundCall<'a> {
        OutboundCall {
            id: None,
            start_ms,
            agent: None,
            agent_name: None,
            team: None,
            campaign: None,
            number: None,
            connected: false,
            talk_ms: None,
            result: None,
            success: false,
            success_known: false,
        }
    }
}

impl OutboundCall<'_> {
    /// The talk time, when outside 0 … 7 days (a talk derived from an answer and an end can be):
    /// the range every reader shares, as for [`Call::duration_out_of_range`].
    pub(crate) fn duration_out_of_range(&self) -> Option<(&'static str, i64)> {
        self.talk_ms.filter(|ms| !duration_in_range(*ms)).map(|ms| ("talk", ms))
    }

    /// The first name or id longer than [`MAX_KEY_BYTES`], as (field id, length).
    pub(crate) fn oversized_key(&self) -> Option<(&'static str, usize)> {
        [
            ("agent", self.agent),
            ("agent_name", self.agent_name),
            ("team", self.team),
            ("campaign", self.campaign),
            ("called", self.number),
            ("outcome", self.result),
        ]
        .into_iter()
        .find_map(|(field, v)| v.map(str::len).filter(|n| *n > MAX_KEY_BYTES).map(|n| (field, n)))
    }
}

/// What an outbound result code says about the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboundResult {
    /// The contact answered and the call succeeded (a sale, 成功, 成交).
    Success,
    /// The contact answered (拒绝, 考虑, ANSWERED …), no success.
    Connected,
    /// The contact was not reached (无人接听, 空号, 关机, BUSY …).
    NotConnected,
}

impl OutboundResult {
    /// The ids a result code can be mapped to in settings.
    pub const IDS: [&'static str; 3] = ["success", "connected", "not_connected"];

    /// The meaning of an id used in settings.
    pub fn from_id(s: &str) -> Option<OutboundResult> {
        Some(match s {
            "success" => OutboundResult::Success,
            "connected" => OutboundResult::Connected,
            "not_connected" => OutboundResult::NotConnected,
            _ => return None,
        })
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// A stable 64-bit hash for ids and caller numbers (the same in every build and on every run).
pub(crate) fn hash_id(parts: &[&str]) -> u64 {
    // FNV-1a: simple, stable across platforms and releases, good enough for ids.
    let mut h: u64 = FNV_OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h = fnv_bytes(h, crate::model::text::trim(part).as_bytes());
    }
    h
}

/// [`hash_id`] of one part given as bytes with nothing to trim ([`crate::model::text::nothing_to_trim`]):
/// for hashing a field before it is read as text.
pub(crate) fn hash_id_bytes(trimmed: &[u8]) -> u64 {
    fnv_bytes(FNV_OFFSET, trimmed)
}

fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Caller ids that identify nobody: "0", "anonymous", "unknown", withheld.
pub(crate) fn is_anonymous(caller: &str) -> bool {
    caller.bytes().all(|b| b == b'0')
        || ["anonymous", "unknown", "private", "withheld", "restricted", "匿名", "未知"]
            .iter()
            .any(|a| caller.eq_ignore_ascii_case(a))
}
