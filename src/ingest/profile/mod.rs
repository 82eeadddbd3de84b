//! Input profiles: one module per kind of file, each recognising its file (from a header row or
//! the first lines) and turning one record into a [`Row`].

pub(crate) mod agent_state;
pub(crate) mod bank;
pub(crate) mod cdr;
pub(crate) mod chat;
pub(crate) mod generic;
pub(crate) mod people;
pub(crate) mod queue_log;

use crate::error::{Error, Message, Result};
use crate::model::call::{Call, OutboundCall};
use crate::model::chat::ChatRecord;
use crate::model::pbx::PbxRecord;
use crate::model::people::PeopleRecord;

/// The input profiles the engine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Profile {
    /// One row per call, columns found by header name (English or Chinese).
    Generic,
    /// The Technion "Anonymous Bank" research format.
    AnonymousBank,
    /// Asterisk queue_log: file form, database export or PBXware's variant.
    QueueLog,
    /// Asterisk CDR `Master.csv` (cdr_csv), no header.
    AsteriskCdr,
    /// FreeSWITCH mod_cdr_csv default template, no header.
    FreeswitchCdr,
    /// An agent-state export (agent, state, start, end or duration, reason).
    AgentState,
    /// A chat message log (`chat`) or an order export (`orders`).
    Chat,
    /// A people file: QA evaluations, surveys, roster, attendance or ratings (the summary names
    /// which: `qa`, `survey`, `roster`, `attendance`, `ratings`).
    People,
}

impl Profile {
    /// Every profile id a user can choose (the people profiles by the kind of file).
    pub(crate) const IDS: [&'static str; 14] = [
        "generic",
        "anonymous_bank",
        "queue_log",
        "asterisk_cdr",
        "freeswitch_cdr",
        "agent_state",
        "qa",
        "survey",
        "roster",
        "attendance",
        "ratings",
        "targets",
        "chat",
        "orders",
    ];
    /// The profile's id, as in settings and the import review.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Profile::Generic => "generic",
            Profile::AnonymousBank => "anonymous_bank",
            Profile::QueueLog => "queue_log",
            Profile::AsteriskCdr => "asterisk_cdr",
            Profile::FreeswitchCdr => "freeswitch_cdr",
            Profile::AgentState => "agent_state",
            Profile::Chat => "chat",
            Profile::People => "people",
        }
    }

    /// The profile of an id (people files: `qa`, `survey`, `roster`, `attendance`, `ratings`).
    pub(crate) fn from_id(id: &str) -> Result<Profile> {
        match id {
            "generic" => Ok(Profile::Generic),
            "anonymous_bank" => Ok(Profile::AnonymousBank),
            "queue_log" => Ok(Profile::QueueLog),
            "asterisk_cdr" => Ok(Profile::AsteriskCdr),
            "freeswitch_cdr" => Ok(Profile::FreeswitchCdr),
            "agent_state" => Ok(Profile::AgentState),
            "chat" | "orders" => Ok(Profile::Chat),
            p if people::PROFILES.contains(&p) => Ok(Profile::People),
            _ => Err(Error::setting("profile", Message::UnknownProfile { value: id.to_string() })),
        }
    }
}

/// What a profile makes of one row.
pub(super) enum Row<'a> {
    Use(Call<'a>),
    /// Not a call (or not an offered one), by a rule the report names.
    Skip(&'static str),
    /// A row that cannot be read: the column and a reason a person understands.
    Reject(String, Message),
    /// A phone-system record (event, CDR leg, agent state): calls are rebuilt from all of them
    /// together when the report is built.
    Pbx(Box<PbxRecord>),
    /// An event of a name no profile knows: skipped, counted and listed by name.
    Unknown(String),
    /// A QA, survey, roster, attendance or rating row.
    People(Box<PeopleRecord>),
    /// A chat message or an order.
    Chat(ChatRecord<'a>),
    /// An outbound call.
    Outbound(OutboundCall<'a>),
}

/// The reader of one file, chosen when its header or first lines were recognised.
pub(crate) enum Mapper {
    /// Call records with columns found by header name.
    Generic(Box<generic::Generic>),
    Bank(bank::Bank),
    QueueLog(queue_log::QueueLog),
    Cdr(cdr::Cdr),
    AgentState(agent_state::AgentState),
    People(Box<people::PeopleMapper>),
    ChatLog(Box<chat::ChatLog>),
    Orders(Box<chat::Orders>),
}

impl Mapper {
    /// The column of a call's id, for files whose rows are calls keyed by one column (see
    /// [`Mapper::call_id_of`]): its values are announced ahead of the rows.
    pub(crate) fn call_id_column(&self) -> Option<usize> {
        match self {
            Mapper::Generic(g) => g.call_id_column(),
            _ => None,
        }
    }

    /// The id a call of this file gets ([`Call::id`]) from the raw value of its id column.
    pub(crate) fn call_id_of(&self, value: &[u8]) -> Option<u64> {
        match self {
            Mapper::Generic(_) => generic::call_id_of_bytes(value),
            _ => None,
        }
    }

    /// A copy for reading another byte range of the same file, for profiles whose rows stand
    /// alone (call records, phone-system logs, agent states); people files are read by one reader.
    pub(crate) fn for_range(&self) -> Option<Mapper> {
        Some(match self {
            Mapper::Generic(g) => Mapper::Generic(g.clone()),
            Mapper::Bank(b) => Mapper::Bank(b.clone()),
            Mapper::QueueLog(q) => Mapper::QueueLog(q.clone()),
            Mapper::Cdr(c) => Mapper::Cdr(c.clone()),
            Mapper::AgentState(a) => Mapper::AgentState(a.clone()),
            // People files and chat logs (sessions run across rows) are read by one reader.
            Mapper::People(_) | Mapper::ChatLog(_) | Mapper::Orders(_) => return None,
        })
    }

    pub(crate) fn map_row<'a>(&self, fields: &[&'a str]) -> Row<'a> {
        match self {
            Mapper::Generic(g) => g.map_row(fields),
            Mapper::Bank(b) => b.map_row(fields),
            Mapper::QueueLog(q) => q.map_row(fields),
            Mapper::Cdr(c) => c.map_row(fields),
            Mapper::AgentState(a) => a.map_row(fields),
            Mapper::People(p) => p.map_row(fields),
            Mapper::ChatLog(c) => c.map_row(fields),
            Mapper::Orders(o) => o.map_row(fields),
        }
    }
}
