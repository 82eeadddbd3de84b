//! Online chat and shop customer service (seed 003): one message of a chat log and one order of a
//! shop's order export, as the readers hand them to the chat calculator. Both borrow from the row
//! they were read from. A message's text is never kept: the reader counts its characters and drops
//! it, so no chat text reaches the report, an export or memory beyond the row being read.

/// Who wrote a chat message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Sender {
    /// The buyer (买家, 顾客, customer, visitor).
    Buyer,
    /// A 客服 (customer-service agent, seller).
    Agent,
    /// The system or a bot (auto-replies, notices): read, not used.
    System,
}

/// One message of a chat log.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ChatMessage<'a> {
    /// Hash of the message id, when the log has one (a message read twice counts once).
    pub id: Option<u64>,
    /// When it was sent, local ms.
    pub t_ms: i64,
    /// The log's session (conversation) id.
    pub session: Option<&'a str>,
    /// The buyer's id or nickname.
    pub buyer: Option<&'a str>,
    /// The 客服 named on the row (the sender of a 客服 message, the receiving account of a buyer's).
    pub agent: Option<&'a str>,
    /// The 客服's team (班组), when the log has one.
    pub team: Option<&'a str>,
    /// Who wrote it.
    pub sender: Sender,
    /// Characters of its text (or the log's own length column).
    pub chars: u32,
}

/// One order of an order export.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Order<'a> {
    /// The order number (an order read twice counts once).
    pub id: Option<&'a str>,
    /// The buyer.
    pub buyer: &'a str,
    /// The 客服 named on the order, if any.
    pub agent: Option<&'a str>,
    /// When it was placed (下单时间), local ms.
    pub placed_ms: i64,
    /// When it was paid (付款时间), local ms; `None` when not paid.
    pub paid_ms: Option<i64>,
    /// Marked paid by its status but without a payment time (taken as paid when placed).
    pub paid_without_time: bool,
    /// The amount in hundredths of the currency unit, when the export has one.
    pub amount_cents: Option<i64>,
    /// Items (件数), when the export has them.
    pub items: Option<u32>,
}

/// What a chat or order file hands to the analyzer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ChatRecord<'a> {
    Message(ChatMessage<'a>),
    Order(Order<'a>),
}

impl ChatRecord<'_> {
    /// The first name or id longer than [`crate::model::call::MAX_KEY_BYTES`], as (field id,
    /// length): the limit every reader shares (each distinct one is kept once per group).
    pub(crate) fn oversized_key(&self) -> Option<(&'static str, usize)> {
        let fields = match self {
            ChatRecord::Message(m) => {
                [("session", m.session), ("buyer", m.buyer), ("agent", m.agent), ("team", m.team)]
            }
            ChatRecord::Order(o) => [("order_id", o.id), ("buyer", Some(o.buyer)), ("agent", o.agent), ("", None)],
        };
        fields.into_iter().find_map(|(field, v)| {
            v.map(str::len).filter(|n| *n > crate::model::call::MAX_KEY_BYTES).map(|n| (field, n))
        })
    }
}
