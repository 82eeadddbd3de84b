//! Online chat and shop customer service (seed 003): chat sessions rebuilt from message logs, orders
//! matched to the 客服 who served the buyer, and the KPIs of `kpis.md` per 客服, team, day and
//! period.
//!
//! Messages of one session can be spread over chunks and files, and an order may come before or
//! after the chat it closes, so nothing is decided while reading: [`Chat`] keeps every message (about
//! 32 bytes each, the text already dropped by the reader: only its length is kept) and every order
//! (about 48 bytes), with names interned once; [`Chat::build`] sorts them and makes the figures under
//! the rules of the report, which can therefore change (conversion window, order attribution, session
//! gap) without reading the files again.

mod build;
mod hours;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::model::call::hash_id;
use crate::model::chat::{ChatMessage, Order, Sender};

pub use build::ChatKpis;
pub use hours::{ConversionHours, HourRow, TopConverter};

/// No name (buyer, 客服, team) on a message or order.
const NONE: u32 = u32::MAX;

/// Who an order belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderAttribution {
    /// The 客服 named on the order, else the last 客服 who sent the buyer a message before it was
    /// placed (in a session whose conversion window holds it).
    #[default]
    NamedThenChat,
    /// Only the 客服 named on the order.
    Named,
    /// Always the last 客服 who chatted with the buyer before the order.
    LastChat,
}

impl OrderAttribution {
    /// Every rule.
    pub const ALL: [OrderAttribution; 3] =
        [OrderAttribution::NamedThenChat, OrderAttribution::Named, OrderAttribution::LastChat];
}

/// The rules chat KPIs are computed under (a projection of the settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChatRules {
    /// Without a session column, a buyer's messages more than this many minutes apart begin a new
    /// session.
    pub session_gap_min: u32,
    /// A served buyer converts when they pay within this many hours of the session's start; 0 = on
    /// the same day.
    pub conversion_window_h: u32,
    /// Who an order belongs to.
    pub attribution: OrderAttribution,
}

/// Names interned once: messages and orders keep a number.
#[derive(Clone, Debug, Default)]
struct Names {
    index: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Names {
    fn id(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return NONE };
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.into());
        self.index.insert(name.into(), i);
        i
    }

    fn name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize).map(|n| &**n)
    }
}

/// One message as kept: 32 bytes, no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Msg {
    t_ms: i64,
    /// The session id, or the buyer when the log has no session column.
    key: u32,
    buyer: u32,
    agent: u32,
    team: u32,
    chars: u32,
    sender: Sender,
    /// `key` is a session id (else a buyer, split into sessions by the gap rule).
    by_session: bool,
}

/// One order as kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ord {
    placed_ms: i64,
    paid_ms: Option<i64>,
    amount_cents: Option<i64>,
    buyer: u32,
    agent: u32,
    items: Option<u32>,
}

/// Everything read from chat logs and order exports so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct Chat {
    names: Names,
    /// In reading order: the order breaks ties between messages of the same second.
    messages: Vec<Msg>,
    orders: Vec<Ord>,
    seen_messages: FxHashSet<u64>,
    seen_orders: FxHashSet<u64>,
    /// Orders marked paid without a payment time.
    paid_without_time: u64,
}

impl Chat {
    pub(crate) fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.orders.is_empty()
    }

    /// Takes one message; false when the same message id was read before (counted once).
    pub(crate) fn add_message(&mut self, m: &ChatMessage<'_>) -> bool {
        if let Some(id) = m.id {
            if !self.seen_messages.insert(id) {
                return false;
            }
        }
        let by_session = m.session.is_some_and(|s| !s.trim().is_empty());
        let buyer = self.names.id(m.buyer);
        let key = if by_session { self.names.id(m.session) } else { buyer };
        let msg = Msg {
            t_ms: m.t_ms,
            key,
            buyer,
            agent: self.names.id(m.agent),
            team: self.names.id(m.team),
            chars: m.chars,
            sender: m.sender,
            by_session,
        };
        self.messages.push(msg);
        true
    }

    /// Takes one order; false when the same order number was read before (counted once).
    pub(crate) fn add_order(&mut self, o: &Order<'_>) -> bool {
        if let Some(id) = o.id.map(str::trim).filter(|i| !i.is_empty()) {
            if !self.seen_orders.insert(hash_id(&["order", id])) {
                return false;
            }
        }
        self.paid_without_time += u64::from(o.paid_without_time);
        let ord = Ord {
            placed_ms: o.placed_ms,
            paid_ms: o.paid_ms,
            amount_cents: o.amount_cents,
            buyer: self.names.id(Some(o.buyer)),
            agent: self.names.id(o.agent),
            items: o.items,
        };
        self.orders.push(ord);
        true
    }

    /// Adds what another analyzer read (its messages after this one's: files in order).
    pub(crate) fn merge(&mut self, other: Chat) {
        let map: Vec<u32> = other.names.names.iter().map(|n| self.names.id(Some(n))).collect();
        let re = |id: u32| if id == NONE { NONE } else { map[id as usize] };
        for m in other.messages {
            self.messages.push(Msg { key: re(m.key), buyer: re(m.buyer), agent: re(m.agent), team: re(m.team), ..m });
        }
        for o in other.orders {
            self.orders.push(Ord { buyer: re(o.buyer), agent: re(o.agent), ..o });
        }
        self.seen_messages.extend(other.seen_messages);
        self.seen_orders.extend(other.seen_orders);
        self.paid_without_time += other.paid_without_time;
    }
}
