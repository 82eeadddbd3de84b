//! Online shop customer service (seed 003): chat message logs (one row per message: time, session
//! or buyer, sender, 客服, the text or its length) and order exports (order number, buyer, 客服 or
//! none, order and payment times, amount, items, status), in English or Chinese, as shop and chat
//! tools export them.
//!
//! Both are recognised by their header before any other profile, so a chat log (which has a time, a
//! 客服 and a customer column) is never taken for call records. A message's text is read only to
//! count its characters: it is not kept, shown or exported.

use super::Row;
use crate::ingest::fields::normalize_header;
use crate::ingest::values::{normalize_value, TimeParser};
use crate::model::call::hash_id;
use crate::model::chat::{ChatMessage, ChatRecord, Order, Sender};
use crate::model::message::Message;
use crate::model::text::trim;

/// Two seconds of slack before a payment before its order rejects the row.
const TOLERANCE_MS: i64 = 2000;

const TIME: &[&str] = &[
    "time",
    "timestamp",
    "datetime",
    "sendtime",
    "senttime",
    "messagetime",
    "msgtime",
    "createdat",
    "时间",
    "发送时间",
    "消息时间",
    "聊天时间",
    "日期时间",
    "发言时间",
];
const DATE: &[&str] = &["date", "日期", "聊天日期"];
const SESSION: &[&str] = &[
    "session",
    "sessionid",
    "conversation",
    "conversationid",
    "chatid",
    "chatsessionid",
    "会话",
    "会话id",
    "会话编号",
    "对话id",
    "会话标识",
    "会话号",
];
const BUYER: &[&str] = &[
    "buyer",
    "buyerid",
    "buyernick",
    "buyername",
    "customer",
    "customerid",
    "customername",
    "visitor",
    "visitorid",
    "user",
    "userid",
    "买家",
    "买家昵称",
    "买家id",
    "买家账号",
    "买家会员名",
    "买家旺旺",
    "顾客",
    "客户",
    "客户昵称",
    "客户id",
    "访客",
    "用户",
    "会员名",
    "旺旺",
];
const AGENT: &[&str] = &[
    "agent",
    "agentid",
    "agentname",
    "staff",
    "staffname",
    "csr",
    "servicer",
    "客服",
    "客服昵称",
    "客服账号",
    "客服名",
    "客服名称",
    "客服工号",
    "接待客服",
    "子账号",
    "坐席",
    "座席",
    "座席工号",
    "坐席工号",
    "工号",
    "导购",
    "服务客服",
    "销售客服",
    "salesagent",
];
const SENDER: &[&str] = &[
    "sender",
    "from",
    "role",
    "senderrole",
    "speaker",
    "author",
    "sendertype",
    "发送方",
    "发送人",
    "发送者",
    "发言人",
    "角色",
    "消息方向",
    "说话人",
    "身份",
    "发送方类型",
];
const TEXT: &[&str] = &[
    "message",
    "content",
    "text",
    "msg",
    "messagecontent",
    "body",
    "消息",
    "消息内容",
    "内容",
    "聊天内容",
    "对话内容",
    "文本",
    "发言内容",
];
const LENGTH: &[&str] =
    &["length", "chars", "characters", "charcount", "messagelength", "字数", "消息长度", "字符数", "消息字数"];
const TEAM: &[&str] = &["team", "group", "班组", "组别", "小组", "团队"];
const MESSAGE_ID: &[&str] = &["messageid", "msgid", "消息id", "消息编号"];

const ORDER_ID: &[&str] =
    &["orderid", "orderno", "ordernumber", "order", "订单号", "订单编号", "订单id", "主订单编号", "子订单编号"];
const PLACED: &[&str] = &[
    "ordertime",
    "orderdate",
    "placed",
    "placedat",
    "created",
    "createdat",
    "createtime",
    "下单时间",
    "订单创建时间",
    "创建时间",
    "拍下时间",
    "订单时间",
];
const PAID: &[&str] =
    &["paidtime", "paymenttime", "paidat", "paydate", "paytime", "付款时间", "支付时间", "订单付款时间"];
const AMOUNT: &[&str] = &[
    "amount",
    "total",
    "totalamount",
    "paidamount",
    "payment",
    "ordertotal",
    "金额",
    "实付金额",
    "订单金额",
    "支付金额",
    "付款金额",
    "买家实际支付金额",
    "实收款",
    "总金额",
    "实付款",
];
const ITEMS: &[&str] = &[
    "items",
    "quantity",
    "qty",
    "itemcount",
    "件数",
    "商品数量",
    "宝贝数量",
    "数量",
    "购买数量",
    "商品件数",
    "宝贝总数量",
];
const STATUS: &[&str] =
    &["status", "orderstatus", "paymentstatus", "state", "状态", "订单状态", "交易状态", "付款状态"];

fn find(names: &[String], alts: &[&str]) -> Option<usize> {
    names.iter().position(|n| alts.contains(&n.as_str()))
}

/// A chat message log's columns.
#[derive(Clone, Debug)]
pub(crate) struct ChatLog {
    time: usize,
    date: Option<usize>,
    session: Option<usize>,
    buyer: Option<usize>,
    agent: Option<usize>,
    sender: usize,
    text: Option<usize>,
    length: Option<usize>,
    team: Option<usize>,
    id: Option<usize>,
    header: Vec<String>,
    times: TimeParser,
}

/// An order export's columns.
#[derive(Clone, Debug)]
pub(crate) struct Orders {
    id: usize,
    buyer: usize,
    agent: Option<usize>,
    placed: usize,
    paid: Option<usize>,
    amount: Option<usize>,
    items: Option<usize>,
    status: Option<usize>,
    header: Vec<String>,
    times: TimeParser,
}

/// The columns a mapping names, for the import review's reason.
fn named(header: &[String], cols: &[(Option<usize>, &str)]) -> String {
    cols.iter()
        .filter_map(|(i, what)| i.and_then(|i| header.get(i)).map(|h| format!("{h} ({what})")))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ChatLog {
    /// The columns when the header is a chat message log (a time, a session or a buyer, a sender
    /// and the text or its length), with the reason.
    pub(crate) fn from_header(header: &[&str], times: TimeParser) -> Option<(ChatLog, Message)> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
        let sender = find(&names, SENDER)?;
        let (text, length) = (find(&names, TEXT), find(&names, LENGTH));
        if text.is_none() && length.is_none() {
            return None;
        }
        let (session, buyer) = (find(&names, SESSION), find(&names, BUYER));
        if session.is_none() && buyer.is_none() {
            return None;
        }
        let date = find(&names, DATE);
        let time = find(&names, TIME).or(date)?;
        let date = date.filter(|d| *d != time);
        let log = ChatLog {
            time,
            date,
            session,
            buyer,
            agent: find(&names, AGENT),
            sender,
            text,
            length,
            team: find(&names, TEAM),
            id: find(&names, MESSAGE_ID),
            header: header.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect(),
            times,
        };
        let columns = named(
            &log.header,
            &[
                (Some(log.time), "time"),
                (log.session, "session"),
                (log.buyer, "buyer"),
                (Some(log.sender), "sender"),
                (log.agent, "agent"),
                (log.text.or(log.length), "length"),
            ],
        );
        Some((log, Message::ChatLogHeader { columns }))
    }

    /// The column of the message text (read for its length only), if the log has one.
    pub(crate) fn text_column(&self) -> Option<usize> {
        self.text
    }

    /// Whether the log has a buyer column.
    pub(crate) fn has_buyer(&self) -> bool {
        self.buyer.is_some()
    }

    /// Field id of each column, for the import review (`message` is read for its length only).
    pub(crate) fn mapping(&self) -> Vec<Option<&'static str>> {
        (0..self.header.len())
            .map(|i| {
                Some(match Some(i) {
                    x if x == Some(self.time) => "time",
                    x if x == self.date => "date",
                    x if x == self.session => "session",
                    x if x == self.buyer => "buyer",
                    x if x == self.agent => "agent",
                    x if x == Some(self.sender) => "sender",
                    x if x == self.text => "message_length",
                    x if x == self.length => "message_length",
                    x if x == self.team => "team",
                    x if x == self.id => "message_id",
                    _ => return None,
                })
            })
            .collect()
    }

    pub(crate) fn map_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map(|v| trim(v)).filter(|v| !v.is_empty());
        let col = |i: usize| self.header.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
        let t = match (get(Some(self.time)), get(self.date)) {
            (Some(t), Some(d)) if !t.contains(d) && t.len() <= 12 => self.times.parse(&format!("{d} {t}")),
            (Some(t), _) => self.times.parse(t),
            (None, _) => Err(Message::EmptyTime),
        };
        let t_ms = match t {
            Ok(t) => t,
            Err(e) => return Row::Reject(col(self.time), e),
        };
        let session = get(self.session);
        let buyer = get(self.buyer);
        if session.is_none() && buyer.is_none() {
            let c = self.session.or(self.buyer).unwrap_or(0);
            return Row::Reject(col(c), Message::ChatNoSessionOrBuyer);
        }
        let agent = get(self.agent);
        let Some(raw) = get(Some(self.sender)) else {
            return Row::Reject(col(self.sender), Message::ChatNoSender);
        };
        // The sender column holds a role word, or a name: the buyer's, else a 客服's (when the row
        // names no other 客服).
        let sender = match sender_of(raw) {
            Some(s) => s,
            None if Some(raw) == buyer => Sender::Buyer,
            None if agent.is_none_or(|a| a == raw) && buyer.is_some() => Sender::Agent,
            None => return Row::Reject(col(self.sender), Message::ChatUnknownSender { value: raw.to_string() }),
        };
        // The text is counted and dropped; the log's own length wins when it has one.
        let chars = match get(self.length) {
            Some(v) => match v.parse::<f64>() {
                Ok(n) if n >= 0.0 && n.is_finite() => n.round().min(f64::from(u32::MAX)) as u32,
                _ => return Row::Reject(col(self.length.unwrap_or(0)), Message::NotANumber { value: v.to_string() }),
            },
            None => get(self.text).map_or(0, |text| text.chars().count().min(u32::MAX as usize) as u32),
        };
        // The agent named on a buyer's or a 客服's row; a sender column holding the 客服's own name
        // names them when the row has no 客服 column.
        let agent = agent.or((sender == Sender::Agent && sender_of(raw).is_none()).then_some(raw));
        Row::Chat(ChatRecord::Message(ChatMessage {
            id: get(self.id).map(|id| hash_id(&["msg", id])),
            t_ms,
            session,
            buyer,
            agent,
            team: get(self.team),
            sender,
            chars,
        }))
    }
}

/// Who wrote a message, from the words shop and chat tools write in the sender column.
fn sender_of(raw: &str) -> Option<Sender> {
    Some(match normalize_value(raw).as_str() {
        "BUYER" | "CUSTOMER" | "CLIENT" | "VISITOR" | "USER" | "买家" | "顾客" | "客户" | "访客" | "用户" | "会员"
        | "IN" | "INBOUND" | "RECEIVED" | "买家发送" | "客户发送" => Sender::Buyer,
        "AGENT" | "SELLER" | "STAFF" | "SERVICE" | "CS" | "CSR" | "OPERATOR" | "客服" | "卖家" | "商家" | "坐席"
        | "座席" | "人工" | "人工客服" | "OUT" | "OUTBOUND" | "SENT" | "客服发送" | "卖家发送" => {
            Sender::Agent
        }
        "SYSTEM" | "BOT" | "ROBOT" | "AUTO" | "AUTOREPLY" | "系统" | "机器人" | "自动回复" | "系统消息"
        | "智能客服" | "系统提示" => Sender::System,
        _ => return None,
    })
}

impl Orders {
    /// The columns when the header is an order export (order number, buyer, order time and an
    /// amount, payment time or status), with the reason.
    pub(crate) fn from_header(header: &[&str], times: TimeParser) -> Option<(Orders, Message)> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
        let id = find(&names, ORDER_ID)?;
        let buyer = find(&names, BUYER)?;
        let placed = find(&names, PLACED)?;
        let (paid, amount, status) = (find(&names, PAID), find(&names, AMOUNT), find(&names, STATUS));
        if paid.is_none() && amount.is_none() && status.is_none() {
            return None;
        }
        let o = Orders {
            id,
            buyer,
            agent: find(&names, AGENT),
            placed,
            paid,
            amount,
            items: find(&names, ITEMS),
            status,
            header: header.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect(),
            times,
        };
        let columns = named(
            &o.header,
            &[
                (Some(o.id), "order"),
                (Some(o.buyer), "buyer"),
                (o.agent, "agent"),
                (Some(o.placed), "placed"),
                (o.paid, "paid"),
                (o.amount, "amount"),
                (o.items, "items"),
                (o.status, "status"),
            ],
        );
        Some((o, Message::OrdersHeader { columns }))
    }

    /// Field id of each column, for the import review.
    pub(crate) fn mapping(&self) -> Vec<Option<&'static str>> {
        (0..self.header.len())
            .map(|i| {
                Some(match Some(i) {
                    x if x == Some(self.id) => "order_id",
                    x if x == Some(self.buyer) => "buyer",
                    x if x == self.agent => "agent",
                    x if x == Some(self.placed) => "placed",
                    x if x == self.paid => "paid",
                    x if x == self.amount => "amount",
                    x if x == self.items => "items",
                    x if x == self.status => "status",
                    _ => return None,
                })
            })
            .collect()
    }

    pub(crate) fn map_row<'a>(&self, f: &[&'a str]) -> Row<'a> {
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map(|v| trim(v)).filter(|v| !v.is_empty());
        let col = |i: usize| self.header.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
        let Some(buyer) = get(Some(self.buyer)) else { return Row::Reject(col(self.buyer), Message::OrderNoBuyer) };
        let placed_ms = match get(Some(self.placed)).map(|v| self.times.parse(v)) {
            Some(Ok(t)) => t,
            Some(Err(e)) => return Row::Reject(col(self.placed), e),
            None => return Row::Reject(col(self.placed), Message::OrderNoTime),
        };
        let mut paid_ms = match get(self.paid).map(|v| self.times.parse(v)) {
            Some(Ok(t)) if t < placed_ms - TOLERANCE_MS => {
                return Row::Reject(col(self.paid.unwrap_or(0)), Message::OrderPaidBeforePlaced)
            }
            Some(Ok(t)) => Some(t.max(placed_ms)),
            Some(Err(e)) => return Row::Reject(col(self.paid.unwrap_or(0)), e),
            None => None,
        };
        let mut paid_without_time = false;
        if paid_ms.is_none() {
            if let Some(s) = get(self.status) {
                match paid_status(s) {
                    Some(true) => {
                        paid_ms = Some(placed_ms);
                        paid_without_time = true;
                    }
                    Some(false) => {}
                    None => {
                        let c = col(self.status.unwrap_or(0));
                        return Row::Reject(c, Message::OrderUnknownStatus { value: s.to_string() });
                    }
                }
            }
        }
        let amount_cents = match get(self.amount) {
            Some(v) => match parse_money(v) {
                Some(c) => Some(c),
                None => {
                    let c = col(self.amount.unwrap_or(0));
                    return Row::Reject(c, Message::OrderBadAmount { value: v.to_string() });
                }
            },
            None => None,
        };
        let items = match get(self.items) {
            Some(v) => match v.parse::<f64>() {
                Ok(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Some(n as u32),
                _ => return Row::Reject(col(self.items.unwrap_or(0)), Message::OrderBadItems { value: v.to_string() }),
            },
            None => None,
        };
        Row::Chat(ChatRecord::Order(Order {
            id: get(Some(self.id)),
            buyer,
            agent: get(self.agent),
            placed_ms,
            paid_ms,
            paid_without_time,
            amount_cents,
            items,
        }))
    }
}

/// Whether an order status says the order was paid (refunded and closed-after-payment orders were
/// paid); `None` for a status the table does not know.
fn paid_status(raw: &str) -> Option<bool> {
    let n = normalize_value(raw);
    let unpaid =
        ["等待买家付款", "未付款", "待付款", "待支付", "未支付", "交易关闭", "已关闭", "已取消", "取消", "关闭"];
    let paid = [
        "交易成功",
        "已付款",
        "买家已付款",
        "等待卖家发货",
        "卖家已发货",
        "等待买家确认收货",
        "已发货",
        "已完成",
        "已签收",
        "已支付",
        "支付成功",
        "付款成功",
        "退款成功",
        "已退款",
        "待发货",
        "待收货",
    ];
    match n.as_str() {
        "UNPAID" | "PENDING" | "PENDINGPAYMENT" | "AWAITINGPAYMENT" | "CANCELLED" | "CANCELED" | "CLOSED"
        | "NOTPAID" | "EXPIRED" | "ABANDONED" | "N" | "NO" | "否" => return Some(false),
        "PAID" | "COMPLETED" | "COMPLETE" | "SHIPPED" | "DELIVERED" | "SUCCESS" | "FULFILLED" | "REFUNDED"
        | "PROCESSING" | "Y" | "YES" | "是" => return Some(true),
        _ => {}
    }
    if unpaid.iter().any(|u| n.contains(u)) {
        return Some(false);
    }
    if paid.iter().any(|p| n.contains(p)) {
        return Some(true);
    }
    None
}

/// A sum of money in hundredths: `128.5`, `¥1,280.00`, `￥99`, `$12.30`, `100元`.
fn parse_money(raw: &str) -> Option<i64> {
    let t: String = raw
        .trim()
        .trim_start_matches(['¥', '￥', '$'])
        .trim_end_matches('元')
        .trim_start_matches("RMB")
        .trim_start_matches("CNY")
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '，'))
        .collect();
    let v: f64 = t.trim().parse().ok()?;
    (0.0..1e13).contains(&v).then(|| (v * 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::{DateOrder, TimeZone};

    fn times() -> TimeParser {
        TimeParser::new(TimeZone::Fixed(0), DateOrder::Ymd)
    }

    #[test]
    fn chinese_and_english_chat_headers_are_recognised() {
        let zh = ["时间", "会话ID", "买家", "客服", "发送方", "消息内容"];
        let en = ["time", "session id", "buyer", "agent", "sender", "message"];
        for h in [&zh[..], &en[..]] {
            let (log, _) = ChatLog::from_header(h, times()).expect("a chat log");
            assert_eq!(log.mapping().iter().filter(|m| m.is_some()).count(), 6);
        }
        assert!(ChatLog::from_header(&["time", "agent", "wait", "talk"], times()).is_none());
    }

    #[test]
    fn the_text_is_counted_not_kept() {
        let (log, _) = ChatLog::from_header(&["时间", "买家", "客服", "发送方", "内容"], times()).unwrap();
        let row = log.map_row(&["2026-10-01 10:00:00", "b1", "小美", "客服", "您好，在的"]);
        let Row::Chat(ChatRecord::Message(m)) = row else { panic!("a message") };
        assert_eq!((m.chars, m.sender, m.agent), (5, Sender::Agent, Some("小美")));
        // A sender column with the 客服's own name.
        let row = log.map_row(&["2026-10-01 10:00:05", "b1", "", "小美", "好"]);
        let Row::Chat(ChatRecord::Message(m)) = row else { panic!("a message") };
        assert_eq!((m.sender, m.agent), (Sender::Agent, Some("小美")));
    }

    #[test]
    fn order_statuses_money_and_items() {
        assert_eq!(paid_status("等待买家付款"), Some(false));
        assert_eq!(paid_status("买家已付款，等待卖家发货"), Some(true));
        assert_eq!(paid_status("交易关闭"), Some(false));
        assert_eq!(paid_status("Cancelled"), Some(false));
        assert_eq!(paid_status("frobnicated"), None);
        assert_eq!(parse_money("¥1,280.50"), Some(128_050));
        assert_eq!(parse_money("99元"), Some(9_900));
        assert_eq!(parse_money("-3"), None);
    }
}
