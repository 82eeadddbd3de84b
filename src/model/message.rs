//! Everything the engine says to a person, as data: a code with parameters, rendered in English or
//! Chinese from one table.
//!
//! Reject reasons, warnings, notes, detection reasons, validation errors, scoring rules and the
//! reasons a phone-system call is incomplete are [`Message`]s, not sentences. JSON output carries
//! `{code, params, text}` (`text` in English, for programs and the command line); the page renders
//! `code` with `params` in the user's language from the same table, which the wasm binding exports
//! ([`TEMPLATES`]), so no sentence is translated twice or parsed back out of a string.
//!
//! Each message is declared once below with its parameters and both renderings; `format!` checks at
//! compile time that both templates use only the message's own parameters.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// The languages messages are rendered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the command line's default and the JSON `text`).
    #[default]
    En,
    /// 简体中文.
    Zh,
}

impl Lang {
    /// `en` or `zh`.
    pub fn id(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of an id (`en`, `zh`, `zh-CN` …).
    pub fn from_id(id: &str) -> Option<Lang> {
        match id.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            s if s == "zh" || s.starts_with("zh-") || s.starts_with("zh_") => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// A parameter value as a message shows it: text as is, numbers as numbers, a nested message in
/// the same language.
pub(crate) trait Param {
    /// Writes the value in `lang`.
    fn write(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// The value in the message's JSON `params`.
    fn json(&self) -> serde_json::Value;
}

macro_rules! plain_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn write(&self, _: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
            fn json(&self) -> serde_json::Value {
                serde_json::json!(self)
            }
        }
    )*};
}
plain_param!(String, &'static str, u32, u64, i64, usize, f64);

impl Param for Box<Message> {
    fn write(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(lang))
    }
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self.as_ref()).unwrap_or_default()
    }
}

/// A word a message names as a parameter (an input of the staffing calculator, a scoring
/// method), shown in the message's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    /// Calls offered.
    Calls,
    /// Interval length.
    Interval,
    /// Average handle time.
    Aht,
    /// Service-level threshold.
    SlThreshold,
    /// Service-level target.
    SlTarget,
    /// Maximum occupancy.
    MaxOccupancy,
    /// Maximum probability of waiting.
    MaxWaitProbability,
    /// Shrinkage.
    Shrinkage,
    /// Mean caller patience.
    Patience,
    /// Ratio scoring.
    Ratio,
    /// Linear scoring.
    Linear,
    /// Pass/fail scoring.
    PassFail,
    /// Bands scoring.
    Bands,
    /// Rank scoring.
    Rank,
}

impl Term {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Term::Calls => ("calls", "电话数"),
            Term::Interval => ("interval", "时段长度"),
            Term::Aht => ("AHT", "平均处理时长"),
            Term::SlThreshold => ("service level threshold", "服务水平阈值"),
            Term::SlTarget => ("service level target", "服务水平目标"),
            Term::MaxOccupancy => ("maximum occupancy", "最高占用率"),
            Term::MaxWaitProbability => ("maximum wait probability", "最大等待概率"),
            Term::Shrinkage => ("shrinkage", "缺勤率"),
            Term::Patience => ("patience", "耐心时长"),
            Term::Ratio => ("ratio", "比例"),
            Term::Linear => ("linear", "线性"),
            Term::PassFail => ("pass_fail", "达标"),
            Term::Bands => ("bands", "分档"),
            Term::Rank => ("rank", "排名"),
        }
    }
}

impl Param for Term {
    fn write(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (en, zh) = self.words();
        f.write_str(if lang == Lang::Zh { zh } else { en })
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!(self.words().0)
    }
}

/// A parameter shown in one language (what the templates' `{name}` placeholders format).
struct In<'a, T: Param>(&'a T, Lang);

impl<T: Param> fmt::Display for In<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(self.1, f)
    }
}

macro_rules! messages {
    ($(
        $(#[$doc:meta])*
        $name:ident $({ $($field:ident : $ty:ty),* $(,)? })? = $code:literal,
            en: $en:literal,
            zh: $zh:literal;
    )*) => {
        /// Something the engine says to a person: a code and its parameters.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Message {
            $($(#[$doc])* $name $({ $(#[allow(missing_docs)] $field: $ty),* })?,)*
        }

        /// Every message: `(code, English template, Chinese template)`; placeholders are
        /// `{name}` of the message's parameters.
        pub const TEMPLATES: &[(&str, &str, &str)] = &[$(($code, $en, $zh),)*];

        impl Message {
            /// The stable code the page and other programs key translations on.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Message::$name { .. } => $code,)*
                }
            }

            /// The message in a language.
            pub fn render(&self, lang: Lang) -> String {
                match self {
                    $(Message::$name $({ $($field),* })? => {
                        $($(let $field = In($field, lang);)*)?
                        match lang {
                            Lang::En => format!($en),
                            Lang::Zh => format!($zh),
                        }
                    })*
                }
            }

            /// The parameters by name, as JSON values.
            pub fn params(&self) -> serde_json::Map<String, serde_json::Value> {
                #[allow(unused_mut)]
                let mut m = serde_json::Map::new();
                match self {
                    $(Message::$name $({ $($field),* })? => {
                        $($(m.insert(stringify!($field).to_string(), Param::json($field));)*)?
                    })*
                }
                m
            }
        }

        /// A message in a byte range's partial state: its code, then its parameters in order.
        impl crate::model::wire::Wire for Message {
            fn put(&self, w: &mut crate::model::wire::Writer) {
                w.str(self.code());
                match self {
                    $(Message::$name $({ $($field),* })? => {
                        $($(crate::model::wire::Wire::put($field, w);)*)?
                    })*
                }
            }

            fn get(r: &mut crate::model::wire::Reader<'_>) -> crate::model::wire::WireResult<Message> {
                Ok(match r.str()? {
                    $($code => Message::$name $({ $($field: crate::model::wire::Wire::get(r)?),* })?,)*
                    _ => return Err(crate::model::wire::Bad("unknown message code")),
                })
            }
        }
    };
}

impl crate::model::wire::Wire for Box<Message> {
    fn put(&self, w: &mut crate::model::wire::Writer) {
        self.as_ref().put(w);
    }

    fn get(r: &mut crate::model::wire::Reader<'_>) -> crate::model::wire::WireResult<Self> {
        r.enter()?;
        let m = Message::get(r);
        r.leave();
        m.map(Box::new)
    }
}

impl crate::model::wire::Wire for Term {
    fn put(&self, w: &mut crate::model::wire::Writer) {
        w.str(self.words().0);
    }

    fn get(r: &mut crate::model::wire::Reader<'_>) -> crate::model::wire::WireResult<Term> {
        let word = r.str()?;
        TERMS.iter().copied().find(|t| t.words().0 == word).ok_or(crate::model::wire::Bad("unknown term"))
    }
}

/// Every [`Term`], for decoding.
const TERMS: [Term; 14] = [
    Term::Calls,
    Term::Interval,
    Term::Aht,
    Term::SlThreshold,
    Term::SlTarget,
    Term::MaxOccupancy,
    Term::MaxWaitProbability,
    Term::Shrinkage,
    Term::Patience,
    Term::Ratio,
    Term::Linear,
    Term::PassFail,
    Term::Bands,
    Term::Rank,
];

impl fmt::Display for Message {
    /// The English rendering.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("code", self.code())?;
        m.serialize_entry("params", &self.params())?;
        m.serialize_entry("text", &self.render(Lang::En))?;
        m.end()
    }
}

messages! {
    // ---------------------------------------------------------------- values in fields
    /// A timestamp field is empty.
    EmptyTime = "value.empty_time",
        en: "empty time",
        zh: "时间为空";
    /// A time of day that cannot be read.
    UnknownTimeFormat { value: String } = "value.unknown_time_format",
        en: "unknown time format '{value}'",
        zh: "无法识别的时间格式“{value}”";
    /// A date that cannot be read or does not exist.
    BadDate { value: String } = "value.bad_date",
        en: "unknown or impossible date '{value}'",
        zh: "无法识别或不存在的日期“{value}”";
    /// A time that cannot be read.
    UnknownTime { value: String } = "value.unknown_time",
        en: "unknown time '{value}'",
        zh: "无法识别的时间“{value}”";
    /// A duration that cannot be read.
    BadDuration { value: String } = "value.bad_duration",
        en: "unknown duration '{value}'",
        zh: "无法识别的时长“{value}”";
    /// A negative duration.
    NegativeDuration { value: String } = "value.negative_duration",
        en: "negative duration '{value}'",
        zh: "时长为负数“{value}”";
    /// A duration over the 7-day limit.
    DurationTooLong { value: String } = "value.duration_too_long",
        en: "duration '{value}' is longer than 7 days",
        zh: "时长“{value}”超过 7 天";
    /// Not a whole number of seconds.
    NotSeconds { value: String } = "value.not_seconds",
        en: "'{value}' is not a number of seconds",
        zh: "“{value}”不是秒数";
    /// Not a number.
    NotANumber { value: String } = "value.not_a_number",
        en: "'{value}' is not a number",
        zh: "“{value}”不是数字";
    /// Not a date.
    NotADate { value: String } = "value.not_a_date",
        en: "'{value}' is not a date",
        zh: "“{value}”不是日期";
    /// Not an epoch time.
    NotEpoch { value: String } = "value.not_epoch",
        en: "'{value}' is not an epoch time",
        zh: "“{value}”不是时间戳（epoch）";

    /// A name or id longer than the limit a group key may have.
    ValueTooLong { bytes: usize, limit: usize } = "value.too_long",
        en: "a value of {bytes} bytes; names and ids may have at most {limit}",
        zh: "值长 {bytes} 字节；名称和编号最多 {limit} 字节";

    // ---------------------------------------------------------------- rows of any file
    /// A row with fewer fields than the header.
    RowNarrowerThanHeader { fields: usize, header: usize } = "reject.row_narrower_than_header",
        en: "the row has {fields} fields and the header {header}: fields are missing (a cut or broken line?)",
        zh: "该行有 {fields} 个字段，表头有 {header} 个：缺少字段（行被截断或断开？）";
    /// A row with more non-empty fields than the header.
    RowWiderThanHeader { fields: usize, header: usize } = "reject.row_wider_than_header",
        en: "the row has {fields} fields and the header {header}: a delimiter inside a value is not quoted?",
        zh: "该行有 {fields} 个字段，表头有 {header} 个：值中的分隔符没有加引号？";
    /// A quote that is never closed.
    UnclosedQuote { lines: u64 } = "reject.unclosed_quote",
        en: "a quote opened in this row is never closed: the rest of the file ({lines} lines) would be one value",
        zh: "该行中的引号没有闭合：文件其余部分（{lines} 行）会成为一个值";
    /// A record longer than the limit.
    RowTooLong { limit: usize, fields: usize } = "reject.row_too_long",
        en: "the row is longer than {limit} bytes or {fields} fields (an unclosed quote or missing line breaks?): \
             skipped to its end",
        zh: "该行超过 {limit} 字节或 {fields} 个字段（引号未闭合或缺少换行？）：已跳到该行末尾";

    // ---------------------------------------------------------------- call records
    /// A call without an arrival time.
    NoArrivalTime = "reject.no_arrival_time",
        en: "no arrival time",
        zh: "没有来电时间";
    /// An outcome value neither the user's table nor the built-in one knows.
    UnknownOutcomeValue { value: String } = "reject.unknown_outcome_value",
        en: "unknown outcome value '{value}' (set what it means in the outcome table)",
        zh: "无法识别的呼叫结果“{value}”（请在呼叫结果对照表中设置它的含义）";
    /// A satisfaction value that is not on the 1–5 scale.
    BadSatisfaction { value: String } = "reject.bad_satisfaction",
        en: "satisfaction '{value}' is not 1–5 or a satisfaction word (满意, 一般, 不满意 …)",
        zh: "满意度“{value}”不是 1–5 或满意度词语（满意、一般、不满意 …）";
    /// A complaint flag that is not yes/no.
    BadFlag { value: String } = "reject.bad_flag",
        en: "'{value}' is not yes/no (Y/N, 是/否, 1/0)",
        zh: "“{value}”不是是/否（Y/N、是/否、1/0）";
    /// Answer before arrival.
    AnswerBeforeArrival = "reject.answer_before_arrival",
        en: "answer time before arrival time",
        zh: "应答时间早于来电时间";
    /// Answer a week after arrival.
    AnswerTooLate = "reject.answer_too_late",
        en: "answer time more than 7 days after arrival time",
        zh: "应答时间比来电时间晚 7 天以上";
    /// The wait column contradicts answer − arrival.
    WaitContradicts { wait: i64, derived: i64 } = "reject.wait_contradicts",
        en: "wait {wait} s contradicts answer − arrival = {derived} s",
        zh: "排队时长 {wait} 秒与“应答时间 − 来电时间 = {derived} 秒”矛盾";
    /// End before arrival.
    EndBeforeArrival = "reject.end_before_arrival",
        en: "end time before arrival time",
        zh: "结束时间早于来电时间";
    /// End two weeks after arrival.
    EndTooLate = "reject.end_too_late",
        en: "end time more than 14 days after arrival time",
        zh: "结束时间比来电时间晚 14 天以上";
    /// End before answer.
    EndBeforeAnswer = "reject.end_before_answer",
        en: "end time before answer time",
        zh: "结束时间早于应答时间";
    /// Talk longer than answer → end.
    TalkTooLong { talk: i64, span: i64 } = "reject.talk_too_long",
        en: "talk {talk} s is longer than answer → end = {span} s",
        zh: "通话时长 {talk} 秒超过了应答到结束的 {span} 秒";
    /// An Anonymous Bank date that is not yymmdd.
    BankBadDate { value: String } = "reject.bank_bad_date",
        en: "unknown date '{value}' (expected yymmdd)",
        zh: "无法识别的日期“{value}”（应为 yymmdd）";
    /// An Anonymous Bank outcome other than AGENT, HANG, PHANTOM.
    BankUnknownOutcome { value: String } = "reject.bank_unknown_outcome",
        en: "unknown outcome '{value}' (expected AGENT, HANG or PHANTOM)",
        zh: "无法识别的结果“{value}”（应为 AGENT、HANG 或 PHANTOM）";

    // ---------------------------------------------------------------- chat logs and orders
    /// A chat message whose sender is neither a buyer nor a 客服.
    ChatUnknownSender { value: String } = "reject.chat_unknown_sender",
        en: "sender '{value}' is neither the buyer nor a 客服 (expected 买家/客服, buyer/agent, or the buyer's or \
             客服's own name)",
        zh: "发送方“{value}”既不是买家也不是客服（应为 买家/客服、buyer/agent，或买家、客服本人的名字）";
    /// A chat message without a sender.
    ChatNoSender = "reject.chat_no_sender",
        en: "no sender on this message",
        zh: "该消息没有发送方";
    /// A chat message with neither a session nor a buyer.
    ChatNoSessionOrBuyer = "reject.chat_no_session_or_buyer",
        en: "neither a session nor a buyer on this message",
        zh: "该消息既没有会话也没有买家";
    /// An order without a buyer.
    OrderNoBuyer = "reject.order_no_buyer",
        en: "no buyer on this order",
        zh: "该订单没有买家";
    /// An order without an order time.
    OrderNoTime = "reject.order_no_time",
        en: "no order time",
        zh: "没有下单时间";
    /// An amount that is not money.
    OrderBadAmount { value: String } = "reject.order_bad_amount",
        en: "amount '{value}' is not a sum of money",
        zh: "金额“{value}”不是有效的金额";
    /// An item count that is not a whole number.
    OrderBadItems { value: String } = "reject.order_bad_items",
        en: "'{value}' is not a number of items",
        zh: "“{value}”不是商品件数";
    /// An order status neither paid nor unpaid.
    OrderUnknownStatus { value: String } = "reject.order_unknown_status",
        en: "unknown order status '{value}' (expected words such as 交易成功, 买家已付款, 等待买家付款, 交易关闭, paid, \
             unpaid, cancelled)",
        zh: "无法识别的订单状态“{value}”（应为 交易成功、买家已付款、等待买家付款、交易关闭、paid、unpaid、cancelled 等）";
    /// Paid before it was placed.
    OrderPaidBeforePlaced = "reject.order_paid_before_placed",
        en: "payment time before order time",
        zh: "付款时间早于下单时间";
    /// An outbound call without a start time.
    OutboundNoStart = "reject.outbound_no_start",
        en: "no call start time",
        zh: "没有呼叫开始时间";

    // ---------------------------------------------------------------- phone-system logs
    /// A queue_log line with too few fields.
    QueueLogTooFewFields { fields: usize } = "reject.queue_log_too_few_fields",
        en: "{fields} fields; a queue_log line has at least 5 (epoch|callid|queue|agent|EVENT)",
        zh: "只有 {fields} 个字段；queue_log 每行至少 5 个（epoch|callid|queue|agent|EVENT）";
    /// A queue_log line without an event name.
    NoEventName = "reject.no_event_name",
        en: "no event name",
        zh: "没有事件名";
    /// A caller event without a call id.
    EventWithoutCallId { event: String } = "reject.event_without_call_id",
        en: "{event} without a call id",
        zh: "{event} 事件没有呼叫 ID";
    /// An agent event without an agent.
    EventWithoutAgent { event: String } = "reject.event_without_agent",
        en: "{event} without an agent",
        zh: "{event} 事件没有座席";
    /// A hold time that is not a number.
    EventBadHoldtime { event: String, value: String } = "reject.event_bad_holdtime",
        en: "{event}: holdtime '{value}' is not a number",
        zh: "{event}：排队时长“{value}”不是数字";
    /// A ring time that is not a number.
    EventBadRingTime { event: String, value: String } = "reject.event_bad_ring_time",
        en: "{event}: ring time '{value}' is not a number",
        zh: "{event}：振铃时长“{value}”不是数字";
    /// A call time that is not a number.
    EventBadCallTime { event: String, value: String } = "reject.event_bad_call_time",
        en: "{event}: call time '{value}' is not a number",
        zh: "{event}：通话时长“{value}”不是数字";
    /// A wait time that is not a number.
    EventBadWaitTime { event: String, value: String } = "reject.event_bad_wait_time",
        en: "{event}: wait time '{value}' is not a number",
        zh: "{event}：等待时长“{value}”不是数字";
    /// A queue_log duration outside 0 s – 7 days.
    EventDurationTooLong { event: String, value: String } = "reject.event_duration_too_long",
        en: "{event}: duration '{value}' is longer than 7 days",
        zh: "{event}：时长“{value}”超过 7 天";
    /// A Master.csv row of the wrong width.
    CdrRowWidth { fields: usize, width: usize } = "reject.cdr_row_width",
        en: "{fields} fields; this Master.csv has {width} (16–21 in Asterisk's layouts)",
        zh: "只有 {fields} 个字段；该 Master.csv 有 {width} 个（Asterisk 的格式为 16–21 个）";
    /// An unknown CDR disposition.
    UnknownDisposition { value: String } = "reject.unknown_disposition",
        en: "unknown disposition '{value}' (expected ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION)",
        zh: "无法识别的处置结果“{value}”（应为 ANSWERED、NO ANSWER、BUSY、FAILED 或 CONGESTION）";
    /// A leg without a start time.
    NoStartTime = "reject.no_start_time",
        en: "no start time",
        zh: "没有开始时间";
    /// A leg answered before it started.
    AnswerBeforeStart = "reject.answer_before_start",
        en: "answer time before start time",
        zh: "应答时间早于开始时间";
    /// A FreeSWITCH row of the wrong width.
    FreeswitchRowWidth { fields: usize } = "reject.freeswitch_row_width",
        en: "{fields} fields; FreeSWITCH's Master.csv template has 15",
        zh: "只有 {fields} 个字段；FreeSWITCH 的 Master.csv 模板有 15 个";
    /// A FreeSWITCH leg without a uuid.
    NoCallUuid = "reject.no_call_uuid",
        en: "no call uuid",
        zh: "没有呼叫 uuid";
    /// An agent-state row without an agent.
    NoAgent = "reject.no_agent",
        en: "no agent",
        zh: "没有座席";
    /// A state that ends before it starts.
    EndBeforeStart = "reject.end_before_start",
        en: "end time before start time",
        zh: "结束时间早于开始时间";
    /// A state over a week long.
    StateTooLong = "reject.state_too_long",
        en: "state longer than 7 days",
        zh: "状态持续超过 7 天";
    /// A state without an end or duration.
    NoEndOrDuration = "reject.no_end_or_duration",
        en: "no end time or duration",
        zh: "没有结束时间或时长";
    /// A row without a state.
    NoState = "reject.no_state",
        en: "no state",
        zh: "没有状态";

    // ---------------------------------------------------------------- people files
    /// A people row without an agent.
    NoAgentOnRow = "reject.no_agent_on_row",
        en: "no agent on this row",
        zh: "该行没有座席";
    /// A long QA row without an item.
    NoItemOnRow = "reject.no_item_on_row",
        en: "no checklist item on this row",
        zh: "该行没有质检项";
    /// A QA answer that is not a score.
    NotAScore { value: String } = "reject.not_a_score",
        en: "'{value}' is not a score, Y/N or N/A",
        zh: "“{value}”不是分数、是/否或不适用";
    /// A survey answer outside its scale.
    OutsideScale { value: f64, scale: &'static str } = "reject.outside_scale",
        en: "{value} is outside the {scale} scale",
        zh: "{value} 超出 {scale} 的量表范围";
    /// A survey answer with nothing to join it to.
    NothingToJoin = "reject.nothing_to_join",
        en: "neither an agent nor a call id to join the answer to",
        zh: "既没有座席也没有呼叫 ID，无法关联这条答复";
    /// More absent than scheduled hours.
    AbsentOverScheduled { absent: f64, scheduled: f64 } = "reject.absent_over_scheduled",
        en: "absent {absent} h of {scheduled} scheduled h",
        zh: "缺勤 {absent} 小时，超过排班的 {scheduled} 小时";
    /// An attendance row without a date.
    NoDateOnRow = "reject.no_date_on_row",
        en: "no date on this row",
        zh: "该行没有日期";
    /// A targets row without a KPI.
    NoKpiOnRow = "reject.no_kpi_on_row",
        en: "no KPI on this row",
        zh: "该行没有指标";
    /// A targets row whose month is not a month.
    NotAMonth { value: String } = "value.not_a_month",
        en: "'{value}' is not a month (write it as YYYY-MM, e.g. 2024-02)",
        zh: "“{value}”不是月份（请写成 YYYY-MM，例如 2024-02）";
    /// A long ratings row without a dimension.
    NoDimensionOnRow = "reject.no_dimension_on_row",
        en: "no dimension on this row",
        zh: "该行没有考核维度";
    /// A long ratings row without a score.
    NoScoreOnRow = "reject.no_score_on_row",
        en: "no score on this row",
        zh: "该行没有分数";

    // ---------------------------------------------------------------- how a file was read
    /// The user set it.
    SetByUser = "reason.set_by_user",
        en: "set by the user",
        zh: "由用户设定";
    /// The user set the profile; what the reader recognised.
    SetByUserWith { detail: Box<Message> } = "reason.set_by_user_with",
        en: "set by the user; {detail}",
        zh: "由用户设定；{detail}";
    /// A byte-order mark.
    EncodingBom = "reason.encoding_bom",
        en: "byte-order mark",
        zh: "字节顺序标记（BOM）";
    /// UTF-16 without a BOM.
    EncodingUtf16Pattern = "reason.encoding_utf16_pattern",
        en: "UTF-16 pattern of zero bytes",
        zh: "零字节的分布符合 UTF-16";
    /// Valid UTF-8.
    EncodingValidUtf8 = "reason.encoding_valid_utf8",
        en: "valid UTF-8",
        zh: "是有效的 UTF-8";
    /// Big5, traditional characters.
    EncodingBig5Traditional = "reason.encoding_big5_traditional",
        en: "decodes as Big5 with traditional characters",
        zh: "按 Big5 解码得到繁体字";
    /// GBK, simplified characters.
    EncodingGbkSimplified = "reason.encoding_gbk_simplified",
        en: "decodes as GBK with simplified characters",
        zh: "按 GBK 解码得到简体字";
    /// GBK and not Big5.
    EncodingGbkNotBig5 = "reason.encoding_gbk_not_big5",
        en: "decodes as GBK, not as Big5",
        zh: "能按 GBK 解码，不能按 Big5 解码";
    /// Big5 and not GBK.
    EncodingBig5NotGbk = "reason.encoding_big5_not_gbk",
        en: "decodes as Big5, not as GBK",
        zh: "能按 Big5 解码，不能按 GBK 解码";
    /// Nothing decodes cleanly.
    EncodingNoneClean = "reason.encoding_none_clean",
        en: "no encoding decodes cleanly; read as UTF-8 with replacements",
        zh: "没有一种编码能无误解码；按 UTF-8 读取并替换无法识别的字节";
    /// Mostly one encoding, with a few bad bytes.
    EncodingMostlyClean { encoding: &'static str, bad: usize } = "reason.encoding_mostly_clean",
        en: "decodes as {encoding} except {bad} invalid byte sequences in the first 64 KiB (replaced)",
        zh: "除前 64 KiB 中 {bad} 处无效字节序列（已替换）外，可按 {encoding} 解码";
    /// An Excel workbook.
    Workbook = "reason.workbook",
        en: "Excel workbook",
        zh: "Excel 工作簿";
    /// The queue_log file form.
    QueueLogFile = "reason.queue_log_file",
        en: "Asterisk queue_log file (epoch|callid|queue|agent|EVENT|data…)",
        zh: "Asterisk queue_log 文件（epoch|callid|queue|agent|EVENT|data…）";
    /// The queue_log database export with data1..5.
    QueueLogDatabase = "reason.queue_log_database",
        en: "Asterisk queue_log database export (time, callid, queuename, agent, event, data1…data5)",
        zh: "Asterisk queue_log 数据库导出（time、callid、queuename、agent、event、data1…data5）";
    /// The queue_log database export with one data column.
    QueueLogDatabaseJoined = "reason.queue_log_database_joined",
        en: "Asterisk queue_log database export (time, callid, queuename, agent, event, data)",
        zh: "Asterisk queue_log 数据库导出（time、callid、queuename、agent、event、data）";
    /// PBXware's queue_log.
    QueueLogPbxware = "reason.queue_log_pbxware",
        en: "PBXware queue_log export (callid, queue_name, type, event, param1…3, htime, ttime, time)",
        zh: "PBXware queue_log 导出（callid、queue_name、type、event、param1…3、htime、ttime、time）";
    /// The first lines are queue_log lines.
    QueueLogLines { hits: usize, lines: usize, form: Box<Message> } = "reason.queue_log_lines",
        en: "{hits} of the first {lines} lines are epoch|callid|queue|agent|EVENT: {form}",
        zh: "前 {lines} 行中有 {hits} 行是 epoch|callid|queue|agent|EVENT 格式：{form}";
    /// An Asterisk Master.csv without a header.
    CdrAsterisk { width: usize, column: usize } = "reason.cdr_asterisk",
        en: "no header; {width} columns with a disposition (ANSWERED, NO ANSWER …) in column {column} and \
             start/answer/end times before it: Asterisk CDR Master.csv",
        zh: "无表头；{width} 列，第 {column} 列是处置结果（ANSWERED、NO ANSWER …），其前为开始/应答/结束时间：\
             Asterisk CDR Master.csv";
    /// Recognised as a CDR table with its header (columns by name, any order).
    CdrAsteriskTable { width: usize, column: usize } = "reason.cdr_asterisk_table",
        en: "a header row naming calldate, src, dst, billsec and a disposition (ANSWERED, NO ANSWER …) in column \
             {column} of {width}: an Asterisk CDR table (FreePBX, PBXware); columns taken by name, answer time = \
             calldate + duration − billsec",
        zh: "表头列出了 calldate、src、dst、billsec，第 {column} 列（共 {width} 列）是处置结果（ANSWERED、NO ANSWER \
             …）：Asterisk CDR 数据表（FreePBX、PBXware）；按列名取列，应答时间 = calldate + duration − billsec";
    /// An Asterisk CDR export with a header row.
    CdrAsteriskNamed { width: usize, column: usize } = "reason.cdr_asterisk_named",
        en: "a header row (columns taken by name); {width} columns with a disposition (ANSWERED, NO ANSWER …) in \
             column {column} and start/answer/end times before it: Asterisk CDR Master.csv",
        zh: "有表头（按列名取列）；{width} 列，第 {column} 列是处置结果（ANSWERED、NO ANSWER …），其前为开始/应答/\
             结束时间：Asterisk CDR Master.csv";
    /// A FreeSWITCH CDR.
    CdrFreeswitch = "reason.cdr_freeswitch",
        en: "no header; hangup causes (NORMAL_CLEARING …) in column 10 and call uuids in column 11: FreeSWITCH \
             mod_cdr_csv",
        zh: "无表头；第 10 列是挂机原因（NORMAL_CLEARING …），第 11 列是呼叫 uuid：FreeSWITCH mod_cdr_csv";
    /// An agent-state export.
    AgentStateHeader = "reason.agent_state_header",
        en: "agent states: header has agent, state, start and an end or a duration",
        zh: "座席状态：表头有座席、状态、开始时间以及结束时间或时长";
    /// The Anonymous Bank format.
    BankHeader { score: usize } = "reason.bank_header",
        en: "header has {score} of the 17 Technion columns (vru+line, q_start, ser_time, server …)",
        zh: "表头含有 Technion 格式 17 列中的 {score} 列（vru+line、q_start、ser_time、server …）";
    /// Generic call records.
    CallRecordsHeader { columns: String } = "reason.call_records_header",
        en: "call records: header has {columns}",
        zh: "通话记录：表头有 {columns}";
    /// A chat message log.
    ChatLogHeader { columns: String } = "reason.chat_log_header",
        en: "chat message log: header has {columns}",
        zh: "聊天记录：表头有 {columns}";
    /// An order export.
    OrdersHeader { columns: String } = "reason.orders_header",
        en: "order export: header has {columns}",
        zh: "订单导出：表头有 {columns}";
    /// Outbound call records.
    OutboundHeader { columns: String } = "reason.outbound_header",
        en: "outbound call records (dialler export): header has {columns}",
        zh: "外呼记录（外呼系统导出）：表头有 {columns}";
    /// QA evaluations, long layout.
    QaLongHeader = "reason.qa_long_header",
        en: "QA evaluations, long layout: header has agent, item and score (one row per checklist item)",
        zh: "质检评分（长表）：表头有座席、质检项和得分（每个质检项一行）";
    /// QA evaluations, wide layout.
    QaWideHeader { items: usize, names: String } = "reason.qa_wide_header",
        en: "QA evaluations, wide layout: header has agent, evaluator and {items} item columns ({names} …)",
        zh: "质检评分（宽表）：表头有座席、质检员和 {items} 个质检项列（{names} …）";
    /// Survey answers by agent.
    SurveyByAgent { scores: String } = "reason.survey_by_agent",
        en: "survey answers: header has {scores} and agent",
        zh: "满意度调查：表头有 {scores} 和座席";
    /// Survey answers by call id.
    SurveyByCall { scores: String } = "reason.survey_by_call",
        en: "survey answers: header has {scores} and call id (joined to the calls' agents)",
        zh: "满意度调查：表头有 {scores} 和呼叫 ID（按通话关联到座席）";
    /// A targets file.
    TargetsHeader = "reason.targets_header",
        en: "targets: header has agent, KPI and target (目标) columns",
        zh: "个人目标：表头有座席、指标和目标列";
    /// A roster.
    RosterHeader = "reason.roster_header",
        en: "roster: header has agent and hire/leave date, team leader or employment type",
        zh: "人员名册：表头有座席以及入职/离职日期、组长或用工类型";
    /// An attendance file.
    AttendanceHeader = "reason.attendance_header",
        en: "HR/attendance: header has agent, date and scheduled/absent hours, status or lateness",
        zh: "考勤：表头有座席、日期以及排班/缺勤小时、出勤状态或迟到";
    /// Supervisor ratings, long layout.
    RatingsLongHeader = "reason.ratings_long_header",
        en: "supervisor ratings, long layout: header has agent, dimension and score",
        zh: "主管评分（长表）：表头有座席、维度和分数";
    /// Supervisor ratings with a rater column.
    RatingsRaterHeader { dimensions: String } = "reason.ratings_rater_header",
        en: "supervisor ratings: header has agent, rater and dimensions {dimensions}",
        zh: "主管评分：表头有座席、评价人和维度 {dimensions}";
    /// Supervisor ratings or agent metrics, wide layout.
    RatingsHeader { dimensions: String } = "reason.ratings_header",
        en: "supervisor ratings: header has agent and dimensions {dimensions}",
        zh: "主管评分：表头有座席和维度 {dimensions}";
    /// Each queue_log row is an event.
    FileNoteQueueLog = "note.file_queue_log",
        en: "each row is one event; calls are rebuilt from the events of all queue_log files together when the \
             report is built (see pbx in the report)",
        zh: "每行是一个事件；生成报表时，由所有 queue_log 文件的事件一起还原出通话（见报表中的 pbx）";
    /// Each CDR row is a leg.
    FileNoteCdr = "note.file_cdr",
        en: "each row is one call leg; legs with the same linkedid (or uniqueid) are merged into one call, and \
             calls also in queue_log are counted from there only (see pbx)",
        zh: "每行是一个通话分段；linkedid（或 uniqueid）相同的分段合并为一通电话，queue_log 中也有的通话只按 \
             queue_log 计数（见 pbx）";
    /// Each agent-state row is a state.
    FileNoteAgentState = "note.file_agent_state",
        en: "each row is one agent state; it counts toward that agent's logged-in and paused time",
        zh: "每行是一个座席状态，计入该座席的登录时长和小休时长";
    /// Each chat row is a message.
    FileNoteChat = "note.file_chat",
        en: "each row is one chat message; its text is used only for its length and is not kept; sessions are \
             rebuilt from all chat files together when the report is built (see chat)",
        zh: "每行是一条聊天消息；消息内容只用于计算字数，不会保存；生成报表时由所有聊天文件一起还原会话（见 chat）";
    /// Each order row is an order.
    FileNoteOrders = "note.file_orders",
        en: "each row is one order; orders are matched to the 客服 who served the buyer when the report is built (see \
             chat.attribution)",
        zh: "每行是一个订单；生成报表时将订单匹配到接待该买家的客服（见 chat.attribution）";
    /// Each outbound row is an outbound call.
    FileNoteOutbound = "note.file_outbound",
        en: "outbound calls are counted apart from inbound ones: never in offered, ASA, service level or abandon rate",
        zh: "外呼电话与呼入电话分开统计：不计入呼入量、平均应答速度、服务水平或放弃率";

    // ---------------------------------------------------------------- file warnings
    /// The bytes are valid in no encoding.
    NotValidInAnyEncoding = "warning.not_valid_in_any_encoding",
        en: "the text is not valid in any supported encoding; unreadable bytes were replaced",
        zh: "文本在任何支持的编码下都不完全有效；无法识别的字节已被替换";
    /// No outcome column.
    NoOutcomeColumn = "warning.no_outcome_column",
        en: "no outcome column: a call with an answer time or talk time counts as answered, any other as abandoned",
        zh: "没有呼叫结果列：有应答时间或通话时长的电话算作已接通，其余算作放弃";
    /// No ACW column.
    NoAcwColumn = "warning.no_acw_column",
        en: "no after-call-work (ACW) column: AHT is not computed",
        zh: "没有话后处理（ACW）列：不计算平均处理时长（AHT）";
    /// The source numbers calls per day, line or trunk: an id comes back with another arrival.
    CallIdsReused = "warning.call_ids_reused",
        en: "call id repeats with different arrival times: ids are reused by the source; rows counted as separate \
             calls",
        zh: "呼叫 ID 以不同的来电时间重复出现：数据源会重复使用 ID；这些行按不同的电话分别计数";
    /// Ambiguous dates read month first.
    AmbiguousDates = "warning.ambiguous_dates",
        en: "dates like 03/04/2024 were read month first; set the date order if they are day first",
        zh: "像 03/04/2024 这样的日期按“月在前”读取；如果是“日在前”，请设置日期顺序";
    /// A chat log without a buyer column.
    ChatNoBuyerColumn = "warning.chat_no_buyer_column",
        en: "no buyer column: each session is taken as a buyer of its own",
        zh: "没有买家列：每个会话按一位单独的买家计";

    /// Rows with bytes invalid in the file's encoding.
    InvalidBytesInRows { rows: u64, encoding: &'static str } = "warning.invalid_bytes_in_rows",
        en: "{rows} rows have bytes that are not valid {encoding}; they were replaced (is the file in another \
             encoding? set it)",
        zh: "有 {rows} 行含有不符合 {encoding} 的字节，已被替换（文件是否为其他编码？请设置编码）";
    /// Workbook cells far to the right were not read.
    WorkbookColumnsIgnored { cells: u64, limit: usize } = "warning.workbook_columns_ignored",
        en: "{cells} cells beyond column {limit} were not read",
        zh: "第 {limit} 列之后的 {cells} 个单元格未读取";

    // ---------------------------------------------------------------- file errors
    /// An empty file.
    FileEmpty = "error.file_empty",
        en: "the file is empty",
        zh: "文件是空的";
    /// Binary content.
    NotTextOrWorkbook = "error.not_text_or_workbook",
        en: "this is not a text file or workbook Callscore reads (expected CSV/TSV/TXT call records, .xlsx or .xls)",
        zh: "这不是 Callscore 能读取的文本文件或工作簿（应为 CSV/TSV/TXT 通话记录、.xlsx 或 .xls）";
    /// No header row.
    NoHeader { first: String } = "error.no_header",
        en: "no header row with known column names in the first rows (first row: '{first}'); expected call records \
             with columns such as 'start time'/'来电时间' and 'agent'/'座席工号' and an outcome, answer time or wait, \
             or the Anonymous Bank format",
        zh: "前几行中没有含已知列名的表头（第一行：“{first}”）；应为含“来电时间”/“start time”、“座席工号”/“agent”以及\
             呼叫结果、应答时间或排队时长等列的通话记录，或 Anonymous Bank 格式";
    /// Not a queue_log.
    NotQueueLog = "error.not_queue_log",
        en: "not an Asterisk queue_log: expected epoch|callid|queue|agent|EVENT lines, or a header with time, callid, \
             queuename, agent, event and data1…data5 (or data, or PBXware's param1…3, htime, ttime)",
        zh: "不是 Asterisk queue_log：应为 epoch|callid|queue|agent|EVENT 格式的行，或表头含 time、callid、queuename、\
             agent、event 和 data1…data5（或 data，或 PBXware 的 param1…3、htime、ttime）";
    /// Not the people file the user chose.
    NotPeopleFile { profile: String } = "error.not_people_file",
        en: "not a {profile} file: see docs/scorecards.md for the columns each people file needs (agent plus e.g. \
             item and score for QA, csat/nps/ces for surveys, hire/leave dates for a roster, date and hours for \
             attendance)",
        zh: "不是 {profile} 文件：各类人员文件需要的列见 docs/scorecards.md（座席，以及例如质检的质检项和得分、调查的 \
             csat/nps/ces、名册的入职/离职日期、考勤的日期和小时数）";
    /// Not the chat or order file the user chose.
    NotChatFile { profile: String } = "error.not_chat_file",
        en: "not a {profile} file: a chat log needs a time, a session or buyer, a sender (买家/客服, buyer/agent) and \
             the message or its length; an order export needs an order number, a buyer, an order time and an amount, \
             payment time or status",
        zh: "不是 {profile} 文件：聊天记录需要时间、会话或买家、发送方（买家/客服、buyer/agent）以及消息内容或字数；订单导出\
             需要订单号、买家、下单时间以及金额、付款时间或状态";
    /// Not an agent-state export.
    NotAgentState = "error.not_agent_state",
        en: "not an agent-state export: expected a header with agent, state, start and end or duration columns",
        zh: "不是座席状态导出：表头应有座席、状态、开始时间以及结束时间或时长列";
    /// Not an Asterisk CDR.
    NotAsteriskCdr = "error.not_asterisk_cdr",
        en: "not a asterisk_cdr file: expected header-less rows with 16–21 columns and a disposition (ANSWERED, NO \
             ANSWER …) after start/answer/end times",
        zh: "不是 asterisk_cdr 文件：应为无表头、16–21 列、在开始/应答/结束时间之后有处置结果（ANSWERED、NO ANSWER …）\
             的行";
    /// Not a FreeSWITCH CDR.
    NotFreeswitchCdr = "error.not_freeswitch_cdr",
        en: "not a freeswitch_cdr file: expected header-less rows with 15 columns: caller_id_name … start_stamp, \
             answer_stamp, end_stamp, duration, billsec, hangup_cause, uuid",
        zh: "不是 freeswitch_cdr 文件：应为无表头的 15 列：caller_id_name … start_stamp、answer_stamp、end_stamp、\
             duration、billsec、hangup_cause、uuid";
    /// Not the Anonymous Bank format.
    NotBankFormat { detail: Box<Message> } = "error.not_bank_format",
        en: "not the Anonymous Bank format: {detail}",
        zh: "不是 Anonymous Bank 格式：{detail}";
    /// A column the format needs is missing.
    ColumnMissing { column: String } = "error.column_missing",
        en: "column '{column}' is missing",
        zh: "缺少“{column}”列";
    /// The workbook cannot be opened.
    WorkbookUnreadable { detail: String } = "error.workbook_unreadable",
        en: "cannot read the workbook: {detail}",
        zh: "无法读取工作簿：{detail}";
    /// A workbook part declares impossible counts.
    WorkbookAbsurdCount { part: String, count: String, bytes: u64 } = "error.workbook_absurd_count",
        en: "the workbook's {part} declares {count} entries in {bytes} bytes: it is damaged or was made to exhaust \
             memory, and is not read",
        zh: "工作簿的 {part} 声称在 {bytes} 字节中有 {count} 项：文件已损坏或是为耗尽内存而构造的，不予读取";
    /// A cell reference outside Excel's grid.
    WorkbookBadReference { reference: String } = "error.workbook_bad_reference",
        en: "the workbook has a cell reference '{reference}' outside Excel's grid (A1 to XFD1048576): it is damaged \
             and is not read",
        zh: "工作簿中有超出 Excel 表格范围（A1 至 XFD1048576）的单元格引用“{reference}”：文件已损坏，不予读取";
    /// A zip that is not an xlsx workbook.
    WorkbookNotXlsx = "error.workbook_not_xlsx",
        en: "this zip file is not an .xlsx workbook (only .xlsx and .xls are read; save the sheet as .xlsx or CSV)",
        zh: "该 zip 文件不是 .xlsx 工作簿（只读取 .xlsx 和 .xls；请另存为 .xlsx 或 CSV）";
    /// UTF-32 text.
    Utf32 = "error.utf32",
        en: "the file is UTF-32 text, which is not read: save it as UTF-8 (or UTF-16)",
        zh: "文件是 UTF-32 文本，无法读取：请另存为 UTF-8（或 UTF-16）";
    /// No line break in the detection prefix.
    NoLineBreak { kib: usize } = "error.no_line_break",
        en: "the first {kib} KiB hold no complete line: not a table of records (or its first line is absurdly long)",
        zh: "前 {kib} KiB 中没有一行完整的内容：不是记录表（或第一行长得离谱）";
    /// Looks like Master.csv but the width is wrong.
    CdrWrongWidth { fields: usize } = "error.cdr_wrong_width",
        en: "looks like an Asterisk Master.csv (a disposition such as ANSWERED after the start, answer and end \
             times) but its rows have {fields} fields; Asterisk's layouts have 16–21",
        zh: "看起来像 Asterisk Master.csv（开始、应答、结束时间之后是 ANSWERED 等处置结果），但每行有 {fields} 个字段；\
             Asterisk 的格式为 16–21 个";
    /// The workbook has no sheets.
    WorkbookNoSheets = "error.workbook_no_sheets",
        en: "cannot read the workbook: it has no sheets",
        zh: "无法读取工作簿：其中没有工作表";
    /// The sheet the user named does not exist.
    NoSuchSheet { sheet: String, sheets: String } = "error.no_such_sheet",
        en: "the workbook has no sheet '{sheet}' (sheets: {sheets})",
        zh: "工作簿中没有名为“{sheet}”的工作表（现有：{sheets}）";
    /// Reading a file from disk failed.
    Io { detail: String } = "error.io",
        en: "{detail}",
        zh: "{detail}";
    /// A snapshot of another format version.
    SnapshotVersion { found: u64, supported: u32 } = "error.snapshot_version",
        en: "this snapshot is of format version {found}; this engine reads version {supported}: make it again from the \
             logs with this engine, or load it with the engine that wrote it",
        zh: "该快照的格式版本为 {found}，本引擎只能读取版本 {supported}：请用本引擎从原始日志重新生成快照，或用生成它的引擎加载";
    /// A snapshot that cannot be read.
    SnapshotMalformed { detail: String } = "error.snapshot_malformed",
        en: "cannot read the snapshot: {detail}",
        zh: "无法读取快照：{detail}";
    /// A snapshot larger than the engine reads.
    SnapshotTooLarge { limit_mb: u64 } = "error.snapshot_too_large",
        en: "the snapshot is larger than {limit_mb} MB, more than a snapshot of a year of data needs; it is not read",
        zh: "快照超过 {limit_mb} MB，超出一年数据的快照所需，未读取";
    /// push() with no file open.
    PushBeforeBegin = "error.push_before_begin",
        en: "push() before begin_file()",
        zh: "在 begin_file() 之前调用了 push()";
    /// end_file() with no file open.
    EndWithoutBegin = "error.end_without_begin",
        en: "end_file() without begin_file()",
        zh: "没有 begin_file() 就调用了 end_file()";
    /// The analyzer was used after finish().
    AnalyzerFinished = "error.analyzer_finished",
        en: "the analyzer has finished",
        zh: "分析器已结束";
    /// An export of the page's report asked for after more was read (the report is built again
    /// for it, and would no longer be the one on screen).
    ExportAfterMoreRead = "error.export_after_more_read",
        en: "more was read after the report was made: make the report again, then export it",
        zh: "生成报告之后又读取了数据：请重新生成报告后再导出";
    /// A byte range's partial state from another worker cannot be read.
    RangeStateInvalid { detail: String } = "error.range_state_invalid",
        en: "the partial state of a byte range is not one this engine wrote: {detail}",
        zh: "字节区段的部分状态不是本引擎写出的：{detail}";
    /// Another worker's answer (the intervals' staffing worked out beside a report's build) was
    /// not one this engine wrote.
    WorkerAnswerInvalid { detail: String } = "error.worker_answer_invalid",
        en: "the answer of another worker of the page is not one this engine wrote: {detail}",
        zh: "页面另一个工作线程的答复不是本引擎写出的：{detail}";
    /// A byte range's partial state was added for another file or range than the one being read.
    RangeStateMismatch = "error.range_state_mismatch",
        en: "the partial state of a byte range belongs to another file or reading mode",
        zh: "字节区段的部分状态属于另一个文件或读取方式";

    // ---------------------------------------------------------------- settings
    /// Settings that serde refused (wrong type, unknown field).
    SettingsInvalid { detail: String } = "settings.invalid",
        en: "invalid settings: {detail}",
        zh: "设置无效：{detail}";
    /// A bad interval length.
    BadInterval { value: u32 } = "settings.bad_interval",
        en: "interval must be 15, 30 or 60 minutes, not {value}",
        zh: "时段长度必须是 15、30 或 60 分钟，不能是 {value}";
    /// A filter date that is not `YYYY-MM-DD`.
    BadFilterDate { value: String } = "settings.bad_filter_date",
        en: "'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2024-02-01",
        zh: "“{value}”不是日期：请写成 YYYY-MM-DD，例如 2024-02-01";
    /// A period label that names no period.
    BadPeriod { value: String } = "settings.bad_period",
        en: "'{value}' is not a period: write a month (2024-02), an ISO week (2024-W05), a day (2024-02-01) \
             or a range (2024-02-01..2024-02-15); compare_with also takes 'previous' or 'last_year'",
        zh: "“{value}”不是考核周期：请写月份（2024-02）、ISO 周（2024-W05）、日期（2024-02-01）\
             或日期范围（2024-02-01..2024-02-15）；对比周期还可写 previous（上一期）或 last_year（去年同期）";
    /// A filter whose last day comes before its first.
    FilterEndsBeforeStart = "settings.filter_ends_before_start",
        en: "the filter's last day comes before its first day",
        zh: "筛选的结束日期早于开始日期";
    /// Too many coaching notes.
    TooManyCoachingNotes { count: usize, limit: usize } = "settings.too_many_coaching_notes",
        en: "{count} coaching notes are more than the {limit} one analysis keeps",
        zh: "辅导记录共 {count} 条，超过一次分析可保存的 {limit} 条";
    /// A coaching note without agent or period.
    CoachingNeedsAgentAndPeriod = "settings.coaching_needs_agent_and_period",
        en: "a coaching note needs an agent and a period",
        zh: "辅导记录必须注明座席和考核周期";
    /// A coaching note over the length limit.
    CoachingTooLong { chars: usize, limit: usize } = "settings.coaching_too_long",
        en: "{chars} characters are more than the {limit} a coaching note or plan may hold",
        zh: "{chars} 个字符超过了辅导记录或改进计划的上限 {limit} 个字符";
    /// An appraisal month start outside 1–28.
    BadMonthStart { value: u32, last: u32 } = "settings.bad_month_start",
        en: "an appraisal month must start on a day from 1 to {last} (every month has it), not {value}",
        zh: "考核周期的起始日必须在 1 到 {last} 日之间（每个月都有这一天），不能是 {value}";
    /// A service-level threshold over a day.
    ThresholdTooLong { value: u32 } = "settings.threshold_too_long",
        en: "service-level threshold {value} s is more than a day",
        zh: "服务水平阈值 {value} 秒超过一天";
    /// A short-call threshold above what is counted.
    ShortCallTooLong { value: u32, cap: u32 } = "settings.short_call_too_long",
        en: "short-call threshold {value} s is above the {cap} s the engine counts short calls up to",
        zh: "短通话阈值 {value} 秒超过了引擎统计短通话的上限 {cap} 秒";
    /// An FCR window over a year.
    FcrWindowTooLong { value: u32 } = "settings.fcr_window_too_long",
        en: "FCR window {value} h is more than a year",
        zh: "首次解决率的观察窗口 {value} 小时超过一年";
    /// An unknown time zone.
    UnknownTimeZone { value: String } = "settings.unknown_time_zone",
        en: "unknown time zone '{value}' (use a name like Asia/Shanghai, or an offset like +08:00)",
        zh: "无法识别的时区“{value}”（请用 Asia/Shanghai 这样的名称或 +08:00 这样的偏移）";
    /// An unknown profile.
    UnknownProfile { value: String } = "settings.unknown_profile",
        en: "unknown profile '{value}' (known: generic, anonymous_bank, queue_log, asterisk_cdr, freeswitch_cdr, \
             agent_state, qa, survey, roster, attendance, ratings, chat, orders)",
        zh: "无法识别的文件类型“{value}”（可选：generic、anonymous_bank、queue_log、asterisk_cdr、freeswitch_cdr、\
             agent_state、qa、survey、roster、attendance、ratings、chat、orders）";
    /// An unknown encoding.
    UnknownEncoding { value: String } = "settings.unknown_encoding",
        en: "unknown encoding '{value}'",
        zh: "无法识别的编码“{value}”";
    /// A delimiter outside , ; tab |.
    BadDelimiter { value: String } = "settings.bad_delimiter",
        en: "delimiter must be one of , ; tab |, not {value}",
        zh: "分隔符必须是 , ; 制表符 | 之一，不能是 {value}";
    /// A bad date order.
    BadDateOrder { value: String } = "settings.bad_date_order",
        en: "date order must be ymd, mdy or dmy, not '{value}'",
        zh: "日期顺序必须是 ymd、mdy 或 dmy，不能是“{value}”";
    /// A column mapped to an unknown field.
    UnknownColumnField { header: String, field: String } = "settings.unknown_column_field",
        en: "column '{header}': unknown field '{field}'",
        zh: "列“{header}”：无法识别的字段“{field}”";
    /// An outcome value mapped to an unknown outcome.
    UnknownOutcomeId { value: String, outcome: String } = "settings.unknown_outcome_id",
        en: "outcome value '{value}': unknown outcome '{outcome}'",
        zh: "呼叫结果“{value}”：无法识别的类别“{outcome}”";
    /// A staffing value out of range.
    StaffingInvalid { detail: Box<Message> } = "settings.staffing_invalid",
        en: "staffing: {detail}",
        zh: "排班：{detail}";
    /// An unknown preset card.
    UnknownPreset { id: String, known: String } = "settings.unknown_preset",
        en: "unknown scorecard preset '{id}' (known: {known})",
        zh: "没有名为“{id}”的考核表预设（可选：{known}）";
    /// An unknown QA form preset.
    UnknownQaFormPreset { id: String, known: String } = "settings.unknown_qa_form_preset",
        en: "unknown QA form preset '{id}' (known: {known})",
        zh: "没有名为“{id}”的质检表预设（可选：{known}）";
    /// A string where a card or form object was expected.
    NotPresetName { value: String } = "settings.not_preset_name",
        en: "'{value}' is neither a card object nor \"preset:NAME\"",
        zh: "“{value}”既不是考核表对象，也不是 \"preset:名称\"";
    /// A card that is not valid JSON of the card format.
    CardJson { detail: String } = "settings.card_json",
        en: "scorecard: {detail}",
        zh: "考核表：{detail}";
    /// A QA form that is not valid JSON of the form format.
    QaFormJson { detail: String } = "settings.qa_form_json",
        en: "qa form: {detail}",
        zh: "质检表：{detail}";
    /// A day that is not YYYY-MM-DD.
    BadDay { value: String } = "settings.bad_day",
        en: "day must be a date YYYY-MM-DD, not '{value}'",
        zh: "日期必须是 YYYY-MM-DD 格式，不能是“{value}”";
    /// An outbound result mapped to an unknown meaning.
    UnknownOutboundResult { value: String, result: String } = "settings.unknown_outbound_result",
        en: "outbound result '{value}': unknown meaning '{result}' (success, connected or not_connected)",
        zh: "外呼结果“{value}”：无法识别的含义“{result}”（应为 success、connected 或 not_connected）";
    /// A chat session gap out of range.
    ChatSessionGap { value: u32 } = "settings.chat_session_gap",
        en: "chat session gap must be 1 to 1440 minutes, not {value}",
        zh: "聊天会话间隔必须在 1 到 1440 分钟之间，不能是 {value}";
    /// A conversion window over 30 days.
    ConversionWindowTooLong { value: u32 } = "settings.conversion_window_too_long",
        en: "conversion window {value} h is more than 30 days",
        zh: "转化时限 {value} 小时超过 30 天";

    // ---------------------------------------------------------------- scorecard and QA form fields
    /// A required text is empty.
    MustNotBeEmpty = "field.must_not_be_empty",
        en: "must not be empty",
        zh: "不能为空";
    /// A card without categories.
    NeedsCategory = "field.needs_category",
        en: "a card needs at least one category",
        zh: "考核表至少需要一个类别";
    /// A category without metrics.
    NeedsMetric = "field.needs_metric",
        en: "a category needs at least one metric",
        zh: "每个类别至少需要一个指标";
    /// Metric weights that add up to 0.
    MetricWeightsZero = "field.metric_weights_zero",
        en: "the metric weights add up to 0",
        zh: "指标权重之和为 0";
    /// Category weights that add up to 0.
    CategoryWeightsZero = "field.category_weights_zero",
        en: "the category weights add up to 0",
        zh: "类别权重之和为 0";
    /// Not a number ≥ 0.
    MustBeNonNegative { value: f64 } = "field.must_be_non_negative",
        en: "must be a number ≥ 0, not {value}",
        zh: "必须是 ≥ 0 的数，不能是 {value}";
    /// Not a finite number.
    MustBeFinite = "field.must_be_finite",
        en: "must be a finite number",
        zh: "必须是有限的数";
    /// Not above 0.
    MustBePositive = "field.must_be_positive",
        en: "must be above 0",
        zh: "必须大于 0";
    /// A metric or gate without a KPI.
    MustNameKpi = "field.must_name_kpi",
        en: "must name a KPI",
        zh: "必须指定一个指标";
    /// A gate without bounds.
    GateNeedsBound = "field.gate_needs_bound",
        en: "a gate needs a min or a max",
        zh: "否决项需要最小值或最大值";
    /// cap_grade without a grade.
    CapGradeNeedsGrade = "field.cap_grade_needs_grade",
        en: "cap_grade needs the grade to cap at",
        zh: "“等级封顶”需要指定封顶的等级";
    /// A gate's grade that the grade table lacks.
    GradeNotInTable { label: String } = "field.grade_not_in_table",
        en: "'{label}' is not in the grade table",
        zh: "“{label}”不在等级表中";
    /// cap_score without a score.
    CapScoreNeedsScore = "field.cap_score_needs_score",
        en: "cap_score needs the score to cap at",
        zh: "“分数封顶”需要指定封顶的分数";
    /// A grade minimum that is not finite.
    GradeMinimumFinite = "field.grade_minimum_finite",
        en: "the minimum total must be a finite number",
        zh: "最低总分必须是有限的数";
    /// A grade without a label.
    GradeNeedsLabel = "field.grade_needs_label",
        en: "the grade needs a label",
        zh: "等级需要名称";
    /// Grades out of order.
    GradesOrder = "field.grades_order",
        en: "grades must be listed from the highest minimum to the lowest",
        zh: "等级必须按最低分从高到低排列";
    /// Ramp-up steps out of order.
    RampMonthsOrder = "field.ramp_months_order",
        en: "ramp-up steps must cover increasing months of tenure, from 1",
        zh: "新人目标各档的在岗月数必须从 1 开始递增";
    /// A date that is not YYYY-MM-DD.
    NotIsoDate { value: String } = "field.not_iso_date",
        en: "'{value}' is not a date YYYY-MM-DD",
        zh: "“{value}”不是 YYYY-MM-DD 格式的日期";
    /// A goal with both or neither of target and change.
    GoalTargetOrChange = "field.goal_target_or_change",
        en: "a goal needs exactly one of target or change",
        zh: "目标必须且只能给出“目标值”或“变化幅度”之一";
    /// A scoring method without its target.
    NeedsTarget { method: Term } = "field.needs_target",
        en: "{method} scoring needs a target",
        zh: "{method} 计分方式需要目标值";
    /// Ratio scoring with a target ≤ 0.
    RatioTargetPositive = "field.ratio_target_positive",
        en: "ratio scoring needs a target above 0",
        zh: "比例计分的目标值必须大于 0";
    /// A ratio cap ≤ 0.
    CapPositive = "field.cap_positive",
        en: "must be above 0 (1.2 = at most 120 points)",
        zh: "必须大于 0（1.2 表示最多 120 分）";
    /// Linear scoring without a floor.
    LinearNeedsFloor = "field.linear_needs_floor",
        en: "linear scoring needs a floor (the value worth 0 points)",
        zh: "线性计分需要下限（得 0 分的值）";
    /// A floor on the wrong side of the target.
    FloorBelowTarget { floor: f64, target: f64 } = "field.floor_below_target",
        en: "{floor} must be below the target {target} when higher is better",
        zh: "越高越好时，{floor} 必须低于目标值 {target}";
    /// A floor on the wrong side of the target.
    FloorAboveTarget { floor: f64, target: f64 } = "field.floor_above_target",
        en: "{floor} must be above the target {target} when lower is better",
        zh: "越低越好时，{floor} 必须高于目标值 {target}";
    /// Bands scoring without a table.
    BandsNeeded = "field.bands_needed",
        en: "bands scoring needs a step table [[threshold, points], …]",
        zh: "分档计分需要分档表 [[门槛, 分数], …]";
    /// A band that is not finite.
    BandsFinite = "field.bands_finite",
        en: "threshold and points must be finite numbers",
        zh: "门槛和分数必须是有限的数";
    /// Band thresholds that do not increase.
    BandsIncrease = "field.bands_increase",
        en: "thresholds must increase",
        zh: "门槛必须递增";
    /// Band points that fall as the value rises.
    BandsPointsFall = "field.bands_points_fall",
        en: "points must not fall as the value rises when higher is better",
        zh: "越高越好时，分数不能随数值升高而下降";
    /// Band points that rise as the value rises.
    BandsPointsRise = "field.bands_points_rise",
        en: "points must not rise as the value rises when lower is better",
        zh: "越低越好时，分数不能随数值升高而上升";

    // ---------------------------------------------------------------- scoring rules and gates
    /// Ratio, higher is better.
    RuleRatioHigher { target: f64, cap: f64 } = "rule.ratio_higher",
        en: "ratio: value / {target} × 100, at most {cap}",
        zh: "比例：实际值 / {target} × 100，最高 {cap} 分";
    /// Ratio, lower is better.
    RuleRatioLower { target: f64, cap: f64 } = "rule.ratio_lower",
        en: "ratio: {target} / value × 100, at most {cap}",
        zh: "比例：{target} / 实际值 × 100，最高 {cap} 分";
    /// Linear, higher is better.
    RuleLinearHigher { target: f64, floor: f64 } = "rule.linear_higher",
        en: "linear: 100 at {target}, 0 at {floor}, higher is better",
        zh: "线性：{target} 得 100 分，{floor} 得 0 分，越高越好";
    /// Linear, lower is better.
    RuleLinearLower { target: f64, floor: f64 } = "rule.linear_lower",
        en: "linear: 100 at {target}, 0 at {floor}, lower is better",
        zh: "线性：{target} 得 100 分，{floor} 得 0 分，越低越好";
    /// Bands.
    RuleBands { steps: String } = "rule.bands",
        en: "bands: {steps}",
        zh: "分档：{steps}";
    /// Rank, higher is better.
    RuleRankHigher = "rule.rank_higher",
        en: "rank: percentile within the group, higher is better",
        zh: "排名：组内百分位，越高越好";
    /// Rank, lower is better.
    RuleRankLower = "rule.rank_lower",
        en: "rank: percentile within the group, lower is better",
        zh: "排名：组内百分位，越低越好";
    /// Pass/fail, higher is better.
    RulePassFailHigher { target: f64 } = "rule.pass_fail_higher",
        en: "pass/fail: 100 when ≥ {target}, else 0",
        zh: "达标：≥ {target} 得 100 分，否则 0 分";
    /// Pass/fail, lower is better.
    RulePassFailLower { target: f64 } = "rule.pass_fail_lower",
        en: "pass/fail: 100 when ≤ {target}, else 0",
        zh: "达标：≤ {target} 得 100 分，否则 0 分";
    /// A gate above its maximum set the score to 0.
    GateZeroAbove { kpi: String, value: f64, limit: f64 } = "gate.zero_above",
        en: "{kpi} = {value} is above the maximum {limit}: score set to 0",
        zh: "{kpi} = {value} 高于上限 {limit}：得分为 0";
    /// A gate below its minimum set the score to 0.
    GateZeroBelow { kpi: String, value: f64, limit: f64 } = "gate.zero_below",
        en: "{kpi} = {value} is below the minimum {limit}: score set to 0",
        zh: "{kpi} = {value} 低于下限 {limit}：得分为 0";
    /// A gate above its maximum capped the score.
    GateCapScoreAbove { kpi: String, value: f64, limit: f64, cap: f64 } = "gate.cap_score_above",
        en: "{kpi} = {value} is above the maximum {limit}: score capped at {cap}",
        zh: "{kpi} = {value} 高于上限 {limit}：得分最高 {cap}";
    /// A gate below its minimum capped the score.
    GateCapScoreBelow { kpi: String, value: f64, limit: f64, cap: f64 } = "gate.cap_score_below",
        en: "{kpi} = {value} is below the minimum {limit}: score capped at {cap}",
        zh: "{kpi} = {value} 低于下限 {limit}：得分最高 {cap}";
    /// A gate above its maximum capped the grade.
    GateCapGradeAbove { kpi: String, value: f64, limit: f64, grade: String } = "gate.cap_grade_above",
        en: "{kpi} = {value} is above the maximum {limit}: grade at most {grade}",
        zh: "{kpi} = {value} 高于上限 {limit}：等级最高为 {grade}";
    /// A gate below its minimum capped the grade.
    GateCapGradeBelow { kpi: String, value: f64, limit: f64, grade: String } = "gate.cap_grade_below",
        en: "{kpi} = {value} is below the minimum {limit}: grade at most {grade}",
        zh: "{kpi} = {value} 低于下限 {limit}：等级最高为 {grade}";
    /// A card none of whose metrics has data.
    TargetsUnused { kpis: String } = "rule.targets_unused",
        en: "agents' own targets for {kpis} were read, but no metric of the card scores those KPIs",
        zh: "已读取座席个人目标（{kpis}），但考核表中没有对这些指标打分的项目";
    /// A card none of whose metrics has data.
    CardNoData { card: String, kpis: String } = "rule.card_no_data",
        en: "scorecard '{card}': none of its metrics ({kpis}) has data in the loaded files, so nobody is graded",
        zh: "考核表“{card}”：已载入的文件中没有其任何指标（{kpis}）的数据，因此不给任何人评等级";
    /// How QA evaluations are scored.
    QaScoreRule = "rule.qa_score",
        en: "score = Σ(item points × weight) / Σ(possible points × weight) × 100 over items not N/A; N/A items leave \
             both sums and the other items keep their own weights; a failed critical item makes the evaluation 0 (an \
             auto-fail, counted apart)",
        zh: "得分 = Σ(质检项得分 × 权重) / Σ(满分 × 权重) × 100，只计“不适用”以外的质检项；“不适用”的项不进入分子分母，\
             其余项保持各自权重；致命项未通过时该次评估记 0 分（记为一次致命失分，单独统计）";
    /// How caller patience is estimated.
    PatienceMethod = "rule.patience_method",
        en: "exponential patience, maximum likelihood: Σ wait of answered and abandoned calls / abandoned calls with \
             a wait, over the whole period",
        zh: "指数分布的耐心，最大似然估计：整个期间已接通和放弃电话的等待时长之和 / 有等待时长的放弃电话数";
    /// Order attribution: named, else the last 客服 who chatted.
    RuleAttributionNamedThenChat = "rule.attribution_named_then_chat",
        en: "an order belongs to the 客服 named on it, else to the last 客服 who sent the buyer a message before it was \
             placed, in a session whose conversion window holds it",
        zh: "订单属于订单上注明的客服；没有注明时，属于下单前最后给该买家发消息的客服（该会话的转化时限内须包含下单时间）";
    /// Order attribution: named only.
    RuleAttributionNamed = "rule.attribution_named",
        en: "an order belongs to the 客服 named on it; an order without one belongs to no 客服",
        zh: "订单属于订单上注明的客服；没有注明客服的订单不属于任何客服";
    /// Order attribution: the last 客服 who chatted.
    RuleAttributionLastChat = "rule.attribution_last_chat",
        en: "an order belongs to the last 客服 who sent the buyer a message before it was placed, in a session whose \
             conversion window holds it, whoever the order names",
        zh: "订单属于下单前最后给该买家发消息的客服（该会话的转化时限内须包含下单时间），不论订单上注明的是谁";

    // ---------------------------------------------------------------- report notes
    /// Unanswered calls that name no agent.
    UnansweredWithoutAgent { named: u64, calls: u64 } = "note.unanswered_without_agent",
        en: "only {named} of {calls} unanswered calls name an agent, so agents have no offered calls, abandon rate, \
             answer rate, service level or wait figures (they would look real and be wrong)",
        zh: "{calls} 通未接通电话中只有 {named} 通注明了座席，因此座席没有呼入量、放弃率、接通率、服务水平和等待时间\
             等数字（算出来会像真的一样，却是错的）";
    /// Unanswered calls that name no team.
    UnansweredWithoutTeam { named: u64, calls: u64 } = "note.unanswered_without_team",
        en: "only {named} of {calls} unanswered calls name a team, so teams have no offered calls, abandon rate, \
             answer rate, service level or wait figures (they would look real and be wrong)",
        zh: "{calls} 通未接通电话中只有 {named} 通注明了班组，因此班组没有呼入量、放弃率、接通率、服务水平和等待时间\
             等数字（算出来会像真的一样，却是错的）";
    /// No ACW: no AHT.
    NoteNoAcw = "note.no_acw",
        en: "aht: the source has no after-call-work (ACW) data, so AHT is not computed (avg_talk is talk only)",
        zh: "AHT：数据源没有话后处理（ACW）数据，因此不计算平均处理时长（平均通话时长只含通话）";
    /// Calls without a wait: no service level.
    NoteSlWaitsMissing { calls: u64 } = "note.sl_waits_missing",
        en: "service level: {calls} of the calls it counts have no wait time (the source gives no answer time), so \
             whether they were answered within the threshold is not known: service level is left empty, not 0",
        zh: "服务水平：其中 {calls} 通电话没有等待时长（数据源没有接通时间），无法判断是否在阈值内接通，因此服务水平\
             留空，而不是 0";
    /// Abandoned calls without a wait: no short abandons.
    NoteShortAbandonWaitsMissing { calls: u64 } = "note.short_abandon_waits_missing",
        en: "short abandons: {calls} abandoned calls have no wait time, so which were short is not known: short \
             abandons (and an abandon rate without them) are left empty, not 0",
        zh: "短时放弃：{calls} 通放弃电话没有等待时长，无法判断哪些是短时放弃，因此短时放弃（以及不含短时放弃的放弃率）\
             留空，而不是 0";
    /// No ACW: staffing uses talk only.
    NoteStaffingNoAcw = "note.staffing_no_acw",
        en: "staffing: no after-call-work (ACW) data, so required agents use avg_talk (talk only) as handle time; they \
             understate the need by the wrap-up time",
        zh: "排班：没有话后处理（ACW）数据，所需座席数以平均通话时长（只含通话）作为处理时长，会少算话后处理所需的人力";
    /// No patience estimate: no Erlang A.
    NoteStaffingNoPatience = "note.staffing_no_patience",
        en: "staffing: no abandoned calls with a wait, so caller patience cannot be estimated and Erlang A is left out",
        zh: "排班：没有带等待时长的放弃电话，无法估计来电者的耐心，因此不计算 Erlang A";
    /// FCR asked for after reading without it.
    NoteFcrReadOff = "note.fcr_read_off",
        en: "fcr: the files were read with FCR off, so it cannot be computed now; read them again with FCR on",
        zh: "首次解决率：读取文件时首次解决率是关闭的，现在无法计算；请开启后重新读取文件";
    /// No caller ids for FCR.
    NoteFcrNoCallerIds = "note.fcr_no_caller_ids",
        en: "fcr: no caller ids in the data, so repeat-caller FCR cannot be computed",
        zh: "首次解决率：数据中没有主叫号码，无法按重复来电计算首次解决率";
    /// No call's window fits inside the data: FCR is not computed.
    NoteFcrNoneJudged { span_days: f64, window_days: f64 } = "note.fcr_none_judged",
        en: "fcr: not computed: the data spans {span_days} days, shorter than the {window_days}-day window, so no \
             answered call can be judged",
        zh: "首次解决率：未计算：数据只覆盖 {span_days} 天，短于 {window_days} 天的观察窗口，没有一通已接通电话可以判断";
    /// Every answered call is too close to the end of the data for FCR.
    NoteFcrNoneJudgedLate { window_h: u32 } = "note.fcr_none_judged_late",
        en: "fcr: not computed: every answered call with a caller id is within {window_h} h of the end of the data, \
             so none can be judged",
        zh: "首次解决率：未计算：所有有主叫号码的已接通电话距数据结束都不足 {window_h} 小时，无法判断";
    /// Calls near the end of the data are unknown for FCR.
    NoteFcrUnknown { calls: u64, window_h: u32 } = "note.fcr_unknown",
        en: "fcr: {calls} answered calls are within {window_h} h of the end of the data and are counted as unknown, \
             not resolved",
        zh: "首次解决率：有 {calls} 通已接通电话距数据结束不足 {window_h} 小时，记为“无法判断”，不计为已解决";
    /// FCR of snapshots is judged within each snapshot's own data.
    NoteSnapshotFcr { snapshots: u64 } = "note.snapshot_fcr",
        en: "fcr: {snapshots} snapshots were loaded; their FCR was judged when each was made, within its own data: a \
             repeat call that falls in the next snapshot's data (the next month) is not seen, so calls near the end of \
             each snapshot stay unknown, and FCR is exact per snapshot, not across them",
        zh: "首次解决率：已加载 {snapshots} 个快照；其首次解决率在各自生成时、仅在各自的数据内判断：落在下一个快照（下个月）\
             数据中的重复来电看不到，因此每个快照末尾的电话仍记为“无法判断”，首次解决率按快照（月）准确，跨快照不重新判断";
    /// A snapshot made with a setting that its tallies cannot be recomputed under.
    NoteSnapshotSettingDiffers { file: String, setting: String, snapshot: String, now: String } =
        "note.snapshot_setting_differs",
        en: "snapshot {file}: made with {setting} = {snapshot}, not {now}; its figures cannot be recomputed for this \
             setting and keep the snapshot's value",
        zh: "快照 {file}：生成时 {setting} = {snapshot}，而非 {now}；快照的数据无法按此设置重新计算，沿用快照的取值";
    /// A snapshot made with settings its tallies were recomputed under.
    NoteSnapshotRecomputed { file: String, settings: String } = "note.snapshot_recomputed",
        en: "snapshot {file}: made with other values of {settings}; recomputed from its tallies with this report's",
        zh: "快照 {file}：生成时 {settings} 的取值不同；已按本报表的设置由快照的累计数据重新计算";
    /// What a snapshot does not keep.
    NoteSnapshotLeftOut { what: String } = "note.snapshot_left_out",
        en: "snapshot: the data had {what}, which a snapshot does not keep (they hold phone numbers or message text); \
             load their logs to see them",
        zh: "快照：数据中有{what}，快照不保存这些内容（其中含电话号码或消息文本）；如需查看请加载原始日志";
    /// queue_log talk includes hold.
    NoteQueueLogTalk = "note.queue_log_talk",
        en: "queue_log: talk is Asterisk's calltime, which includes on-hold time; queue_log has no after-call work, so \
             handle time is talk only unless an agent-state file gives ACW",
        zh: "queue_log：通话时长是 Asterisk 的 calltime，包含保持时间；queue_log 没有话后处理，除非座席状态文件提供 \
             ACW，否则处理时长只含通话";
    /// Incomplete queue_log calls.
    NoteQueueLogIncomplete { calls: u64 } = "note.queue_log_incomplete",
        en: "queue_log: {calls} calls have incomplete or out-of-order events (listed in pbx.incomplete_calls); calls \
             still waiting when the log ends are not counted",
        zh: "queue_log：有 {calls} 通电话的事件不完整或顺序错乱（列在 pbx.incomplete_calls 中）；日志结束时仍在排队的\
             电话不计入";
    /// Sessions open at the ends of the log.
    NoteSessionsOpen { at_end: u64, at_start: u64 } = "note.sessions_open",
        en: "agent time: {at_end} sessions were open when the log ended (closed at its last event) and {at_start} were \
             open when it began (counted from its first event)",
        zh: "座席时长：有 {at_end} 个登录时段在日志结束时仍未退出（按最后一个事件结束），{at_start} 个在日志开始时已登录\
             （从第一个事件起算）";
    /// CDR calls also in queue_log.
    NoteCdrJoined { calls: u64 } = "note.cdr_joined",
        en: "cdr: {calls} calls are also in queue_log and are counted from queue_log only",
        zh: "CDR：有 {calls} 通电话在 queue_log 中也有记录，只按 queue_log 计数";
    /// Flagged evaluators' evaluations were left out (setting).
    NoteQaFlaggedExcluded { evaluations: u64, evaluators: String } = "note.qa_flagged_excluded",
        en: "qa: {evaluations} evaluations by flagged evaluators ({evaluators}) are left out of QA scores (setting)",
        zh: "质检：被标记的质检员（{evaluators}）的 {evaluations} 次评估未计入质检得分（按设置）";
    /// Evaluators' bias was subtracted (setting).
    NoteQaCalibrated { evaluations: u64 } = "note.qa_calibrated",
        en: "qa: {evaluations} evaluations are calibrated: each evaluator's measured bias is subtracted from their \
             scores (setting; auto-fails stay 0)",
        zh: "质检：{evaluations} 次评估已校准：从每位质检员的评分中减去其测得的偏差（按设置；致命失分仍为 0）";
    /// Many of an agent's evaluations come from flagged evaluators.
    FlaggedEvaluatorShare { from_flagged: u64, total: u64, evaluators: String } = "warning.flagged_evaluator_share",
        en: "{from_flagged} of this agent's {total} QA evaluations come from flagged evaluators ({evaluators}): \
             the QA score may be biased",
        zh: "该座席的 {total} 次质检评估中有 {from_flagged} 次来自被标记的质检员（{evaluators}）：质检得分可能有偏差";
    /// Survey answers the call records carry already.
    NoteSurveysInCalls { answers: u64 } = "note.surveys_in_calls",
        en: "{answers} survey answers name a call whose record already has a satisfaction answer or complaint: \
             counted once, from the call record",
        zh: "有 {answers} 条调查答复对应的通话记录本身已有满意度或投诉：只按通话记录计一次";
    /// Survey answers without a matching call.
    NoteSurveysUnjoined { answers: u64 } = "note.surveys_unjoined",
        en: "{answers} survey answers name a call id that no call with an agent has: left out",
        zh: "有 {answers} 条调查答复的呼叫 ID 找不到对应的已接通电话：未计入";
    /// Unanswered buyer messages that name no 客服.
    NoteChatUnattributed { messages: u64 } = "note.chat_unattributed",
        en: "chat: {messages} buyer messages of sessions no 客服 answered name no 客服: counted in the totals and days, \
             not for any 客服",
        zh: "聊天：有 {messages} 条买家消息所在的会话无人回复且没有注明客服：计入总计和每日，不计入任何客服";
    /// Orders that belong to no 客服.
    NoteOrdersUnattributed { orders: u64 } = "note.orders_unattributed",
        en: "chat: {orders} orders belong to no 客服 (none named on the order, and no 客服 served the buyer before it \
             within the window): counted in the totals and days only",
        zh: "聊天：有 {orders} 个订单不属于任何客服（订单上没有注明客服，且在时限内下单前没有客服接待过该买家）：只计入总计\
             和每日";
    /// Orders marked paid without a payment time.
    NoteOrdersPaidNoTime { orders: u64 } = "note.orders_paid_no_time",
        en: "chat: {orders} orders are marked paid but have no payment time: taken as paid when placed",
        zh: "聊天：有 {orders} 个订单状态为已付款但没有付款时间：按下单时付款计";
    /// Chat without orders.
    NoteChatNoOrders = "note.chat_no_orders",
        en: "chat: no order export was read, so inquiry conversion and the order KPIs are not computed",
        zh: "聊天：没有读取订单导出，因此不计算询单转化率和订单类指标";
    /// Orders without chat.
    NoteOrdersNoChat = "note.orders_no_chat",
        en: "chat: orders were read but no chat log, so orders belong only to the 客服 named on them and inquiry \
             conversion is not computed",
        zh: "聊天：读取了订单但没有聊天记录，因此订单只计入其上注明的客服，不计算询单转化率";
    /// Outbound CDR calls.
    NoteCdrOutbound { calls: u64 } = "note.cdr_outbound",
        en: "cdr: {calls} calls are outbound (the first leg goes from an extension to an outside number, or FreeSWITCH \
             originated it as 'Outbound Call'): counted as outbound calls, not in the inbound KPIs",
        zh: "CDR：有 {calls} 通电话是外呼（第一段从分机拨往外部号码，或由 FreeSWITCH 以“Outbound Call”发起）：按外呼\
             统计，不计入呼入指标";
    /// Only one day is counted.
    NoteOnlyDay { day: String } = "note.only_day",
        en: "only calls, events and chats of {day} are counted (the day setting); rows of other days are skipped",
        zh: "只统计 {day} 的电话、事件和聊天（按日期设置）；其他日期的行已跳过";

    /// Too many distinct agents.
    NoteTooManyAgents { limit: usize, calls: u64 } = "note.too_many_agents",
        en: "more than {limit} distinct agents: {calls} calls of further agents are in the totals but not in the agent \
             table (does the agent column hold agents?)",
        zh: "不同座席超过 {limit} 个：其余座席的 {calls} 通电话计入总计，但不列入座席表（座席列是否真是座席？）";
    /// Too many distinct queues.
    NoteTooManyQueues { limit: usize, calls: u64 } = "note.too_many_queues",
        en: "more than {limit} distinct queues: {calls} calls of further queues are counted under no queue (does the \
             queue column hold queues?)",
        zh: "不同队列超过 {limit} 个：其余队列的 {calls} 通电话计入“无队列”（队列列是否真是队列？）";
    /// Too many distinct teams.
    NoteTooManyTeams { limit: usize, calls: u64 } = "note.too_many_teams",
        en: "more than {limit} distinct teams: {calls} calls of further teams are in the totals but not in the team \
             table (does the team column hold teams?)",
        zh: "不同班组超过 {limit} 个：其余班组的 {calls} 通电话计入总计，但不列入班组表（班组列是否真是班组？）";
    /// Too many distinct agents among outbound calls.
    NoteOutboundTooManyAgents { limit: usize, calls: u64 } = "note.outbound_too_many_agents",
        en: "outbound: more than {limit} distinct agents: {calls} outbound calls of further agents are in the totals \
             but not in the agent table (does the agent column hold agents?)",
        zh: "外呼：不同座席超过 {limit} 个：其余座席的 {calls} 通外呼计入总计，但不列入座席表（座席列是否真是座席？）";
    /// Too many distinct teams among outbound calls.
    NoteOutboundTooManyTeams { limit: usize, calls: u64 } = "note.outbound_too_many_teams",
        en: "outbound: more than {limit} distinct teams: {calls} outbound calls of further teams are in the totals \
             but not in the team table (does the team column hold teams?)",
        zh: "外呼：不同班组超过 {limit} 个：其余班组的 {calls} 通外呼计入总计，但不列入班组表（班组列是否真是班组？）";
    /// Too many distinct campaigns.
    NoteOutboundTooManyCampaigns { limit: usize, calls: u64 } = "note.outbound_too_many_campaigns",
        en: "outbound: more than {limit} distinct campaigns: {calls} outbound calls of further campaigns are in the \
             totals but not in the campaign table (does the campaign column hold campaigns?)",
        zh: "外呼：不同外呼活动超过 {limit} 个：其余活动的 {calls} 通外呼计入总计，但不列入活动表（活动列是否真是活动？）";
    /// Outbound calls on too many distinct days.
    NoteOutboundTooManyDays { limit: usize, calls: u64 } = "note.outbound_too_many_days",
        en: "outbound: calls on more than {limit} distinct days: {calls} outbound calls of further days are in the \
             totals but not in the day table (are the dates read right?)",
        zh: "外呼：通话日期超过 {limit} 个不同的日子：其余日子的 {calls} 通外呼计入总计，但不列入每日表（日期是否读对？）";
    /// Too many distinct outbound result codes.
    NoteOutboundTooManyCodes { limit: usize, calls: u64 } = "note.outbound_too_many_codes",
        en: "outbound: more than {limit} distinct result codes: {calls} outbound calls with further codes are \
             counted under '(other codes)' (does the result column hold result codes?)",
        zh: "外呼：不同结果代码超过 {limit} 个：其余代码的 {calls} 通外呼计入“(other codes)”（结果列是否真是结果代码？）";
    /// Connected outbound calls whose result does not say whether they succeeded.
    NoteOutboundSuccessUnknown { calls: u64 } = "note.outbound_success_unknown",
        en: "outbound: {calls} connected calls have no result saying whether they succeeded (no result code, or a \
             phone system's disposition such as ANSWERED), so outbound successes and conversion are left empty, not \
             0 (the outbound_results setting says which codes are successes)",
        zh: "外呼：有 {calls} 通已接通的外呼没有说明是否成功的结果（没有结果代码，或只有话机系统的 ANSWERED 之类状态），\
             因此外呼成功量和外呼成功率留空，而不是 0（可用 outbound_results 设置指定哪些结果代码算成功）";
    /// Too many distinct 客服 in chat logs and orders.
    NoteChatTooManyAgents { limit: usize, agents: u64 } = "note.chat_too_many_agents",
        en: "chat: more than {limit} distinct 客服: {agents} further 客服 are in the totals but not in the agent table \
             (does the 客服 column hold 客服?)",
        zh: "聊天：不同客服超过 {limit} 个：其余 {agents} 个客服计入总计，但不列入座席表（客服列是否真是客服？）";
    /// Too many distinct teams in chat logs.
    NoteChatTooManyTeams { limit: usize, teams: u64 } = "note.chat_too_many_teams",
        en: "chat: more than {limit} distinct teams: {teams} further teams are in the totals but not in the team table \
             (does the team column hold teams?)",
        zh: "聊天：不同班组超过 {limit} 个：其余 {teams} 个班组计入总计，但不列入班组表（班组列是否真是班组？）";
    /// Chats and orders on too many distinct days.
    NoteChatTooManyDays { limit: usize, days: u64 } = "note.chat_too_many_days",
        en: "chat: messages and orders on more than {limit} distinct days: {days} further days are in the totals but \
             not in the day table (are the dates read right?)",
        zh: "聊天：消息和订单的日期超过 {limit} 个不同的日子：其余 {days} 天计入总计，但不列入每日表（日期是否读对？）";
    /// Too many names per agent.
    NoteTooManyNames { limit: usize } = "note.too_many_names",
        en: "some agents come with more than {limit} different names or teams; the most frequent of the first {limit} \
             is shown",
        zh: "部分座席对应超过 {limit} 个不同的姓名或班组；显示前 {limit} 个中出现最多的";
    /// Too many group days for trends and comparisons.
    NoteGroupDaysCapped { limit: usize } = "note.group_days_capped",
        en: "more than {limit} queue, agent and team days: the trends and period comparisons of groups are \
             left out (the whole-span tables are exact); filter by date, team or queue to see them",
        zh: "队列、座席和班组的按日数据超过 {limit} 条：各组的趋势和周期对比未列出（全时段的表仍准确）；\
             请按日期、班组或队列筛选后查看";
    /// Too many agent × queue pairs for the table.
    NoteAgentQueuesCapped { limit: usize } = "note.agent_queues_capped",
        en: "more than {limit} agent × queue pairs: the agent × queue table is left out",
        zh: "座席 × 队列组合超过 {limit} 个：未列出座席 × 队列表";
    /// Daily trend rows cover only the last days.
    NoteTrendDays { days: u32, from: String } = "note.trend_days",
        en: "daily figures of agents and teams cover the last {days} days of the data (from {from}); their \
             weeks and months cover all of it",
        zh: "座席和班组的每日数据只列出最后 {days} 天（自 {from} 起）；按周和按月的数据覆盖全部";
    /// People rows without a date in monthly scorecards.
    NoteUndatedPeopleRows { rows: usize } = "note.undated_people_rows",
        en: "{rows} QA, survey, rating or attendance rows have no date: they count in the whole-span scorecard, \
             not in any month's",
        zh: "{rows} 条质检、调查、评分或考勤记录没有日期：计入全时段的考核，不计入任何一个月的考核";
    /// Monthly scorecards without agent time.
    NoteMonthlyNoAgentTime = "note.monthly_no_agent_time",
        en: "agent time (logged-in time, occupancy, utilisation) is kept for the whole span only: a month's card \
             has no value for it",
        zh: "座席工时（登录时长、占用率、利用率）只按全时段统计：按月考核中这些指标无值";
    /// A compared period without calls.
    NoteComparePeriodEmpty { period: String } = "note.compare_period_empty",
        en: "the period {period} has no calls in the files read: its figures are empty in the comparison",
        zh: "周期 {period} 在所读文件中没有通话：对比中该周期的数据为空";
    /// The day and interval tables cover a limited span.
    NoteSlotSpan { days: u32, calls: u64, from: String } = "note.slot_span",
        en: "the day, interval and weekday tables cover the last {days} days of data (from {from}); {calls} earlier \
             calls are in the totals, queues and agents only",
        zh: "按日、按时段和按星期的表只覆盖数据的最后 {days} 天（自 {from} 起）；更早的 {calls} 通电话只计入总计、队列和座席";
    /// Patience beyond the Erlang A range.
    NotePatienceTooLong { patience_s: f64, limit_s: f64 } = "note.patience_too_long",
        en: "staffing: the estimated caller patience {patience_s} s is beyond the {limit_s} s Erlang A is computed for \
             (almost nobody hangs up): Erlang A is left out, Erlang C stands",
        zh: "排班：估计的来电者耐心 {patience_s} 秒超过计算 Erlang A 的上限 {limit_s} 秒（几乎无人放弃）：不计算 Erlang A，\
             以 Erlang C 为准";

    // ---------------------------------------------------------------- incomplete phone-system calls
    /// No ENTERQUEUE.
    CallNoEnterQueue = "call.no_enterqueue",
        en: "no ENTERQUEUE (the call began before the log, or its first events are missing)",
        zh: "没有 ENTERQUEUE（通话在日志开始前就已开始，或其最初的事件缺失）";
    /// CONNECT before ENTERQUEUE.
    CallConnectBeforeEnter = "call.connect_before_enter",
        en: "CONNECT is earlier than ENTERQUEUE (events out of order)",
        zh: "CONNECT 早于 ENTERQUEUE（事件顺序错乱）";
    /// Several CONNECTs without a transfer.
    CallConnectsWithoutTransfer { connects: usize } = "call.connects_without_transfer",
        en: "{connects} CONNECT events without a transfer between them",
        zh: "有 {connects} 个 CONNECT 事件，其间没有转接";
    /// Connected and never completed.
    CallNoComplete = "call.no_complete",
        en: "connected but no COMPLETE or TRANSFER event (still talking when the log ends?)",
        zh: "已接通但没有 COMPLETE 或 TRANSFER 事件（日志结束时仍在通话？）";
    /// Completed without CONNECT.
    CallCompleteWithoutConnect { event: String } = "call.complete_without_connect",
        en: "{event} without CONNECT (events missing)",
        zh: "{event} 之前没有 CONNECT（事件缺失）";
    /// No end event.
    CallNoEndEvent = "call.no_end_event",
        en: "no end event: still waiting when the log ends, or its last events are in a file not loaded",
        zh: "没有结束事件：日志结束时仍在排队，或其最后的事件在未载入的文件中";
    /// A CDR leg ANSWERED without an answer time.
    CallAnsweredNoTime = "call.answered_no_time",
        en: "leg is ANSWERED but has no answer time",
        zh: "分段标记为 ANSWERED，但没有应答时间";

    /// A rebuilt duration outside 0 s – 7 days.
    CallDurationOutOfRange { what: &'static str, value_s: i64 } = "call.duration_out_of_range",
        en: "{what} of {value_s} s is outside 0 s – 7 days: left out",
        zh: "{what} {value_s} 秒不在 0 秒至 7 天之间：未计入";

    // ---------------------------------------------------------------- staffing
    /// An input that must be a finite number ≥ 0.
    StaffingNotNonNegative { what: Term, value: f64 } = "staffing.not_non_negative",
        en: "{what} must be a finite number ≥ 0, not {value}",
        zh: "{what}必须是 ≥ 0 的有限数，不能是 {value}";
    /// An input that must be a finite number > 0.
    StaffingNotPositive { what: Term, value: f64 } = "staffing.not_positive",
        en: "{what} must be a finite number > 0, not {value}",
        zh: "{what}必须是 > 0 的有限数，不能是 {value}";
    /// A share that must be in (0, 1].
    StaffingNotFraction { what: Term, value: f64 } = "staffing.not_fraction",
        en: "{what} must be in (0, 1], not {value}",
        zh: "{what}必须在 (0, 1] 之间，不能是 {value}";
    /// Shrinkage outside [0, 1).
    StaffingShrinkageRange { value: f64 } = "staffing.shrinkage_range",
        en: "shrinkage must be in [0, 1), not {value}",
        zh: "缺勤率必须在 [0, 1) 之间，不能是 {value}";
    /// Patience too long for Erlang A's series.
    StaffingPatienceTooLong { patience: f64, rate: f64, limit: f64 } = "staffing.patience_too_long",
        en: "patience {patience} s is too long for {rate} calls per second (more than {limit} arrivals per mean \
             patience); use Erlang C for callers this patient",
        zh: "耐心时长 {patience} 秒对每秒 {rate} 通来电来说太长（平均耐心时间内超过 {limit} 通来电）；\
             这样有耐心的来电请用 Erlang C";
    /// Erlang A's series did not converge.
    StaffingNoConvergence = "staffing.no_convergence",
        en: "Erlang A series did not converge for these inputs",
        zh: "对这些输入，Erlang A 的级数不收敛";
    /// Traffic too large to compute.
    StaffingTrafficTooLarge = "staffing.traffic_too_large",
        en: "traffic (calls * AHT / interval) is too large",
        zh: "话务量（电话数 × AHT / 时段长度）过大";
    /// Shrinkage too close to 1.
    StaffingShrinkageTooClose { value: f64 } = "staffing.shrinkage_too_close",
        en: "shrinkage {value} is too close to 1",
        zh: "缺勤率 {value} 太接近 1";
    /// Erlang C cannot keep up.
    StaffingUnstable { agents: u32, traffic_erlangs: f64 } = "staffing.unstable",
        en: "unstable: {agents} agents cannot keep up with {traffic_erlangs} erlangs of traffic; the queue would grow \
             without bound",
        zh: "不稳定：{agents} 名座席处理不了 {traffic_erlangs} 爱尔兰的话务量，队列会无限增长";
    /// No target given.
    StaffingNoTarget = "staffing.no_target",
        en: "no target: give a service level target or a maximum wait probability",
        zh: "没有目标：请给出服务水平目标或最大等待概率";
    /// Targets out of reach.
    StaffingUnreachable { max_agents: u32 } = "staffing.unreachable",
        en: "the targets cannot be met with up to {max_agents} agents",
        zh: "最多 {max_agents} 名座席也无法达到目标";
    /// One model of the calculator failed.
    StaffingModel { model: &'static str, detail: Box<Message> } = "staffing.model",
        en: "{model}: {detail}",
        zh: "{model}：{detail}";

    // ---------------------------------------------------------------- sample data
    /// A sample of too few or too many days.
    SampleDays { value: u32, max: u32 } = "sample.days",
        en: "the sample has 1 to {max} days, not {value}",
        zh: "示例数据的天数须在 1 到 {max} 之间，不能是 {value}";
    /// A sample in a language the generator does not write.
    SampleLang { value: String } = "sample.lang",
        en: "the sample's language must be en or zh, not '{value}'",
        zh: "示例数据的语言必须是 en 或 zh，不能是“{value}”";

    // ---------------------------------------------------------------- time zone of epoch timestamps
    /// Which zone epoch timestamps (and timestamps with a UTC offset) were shown in, and why.
    TzUsed { zone: String, why: Box<Message> } = "reason.tz_used",
        en: "epoch timestamps and times with a UTC offset are shown in {zone}: {why}",
        zh: "纪元时间戳和带 UTC 偏移的时间按 {zone} 显示：{why}";
    /// The settings name the zone.
    TzFromSettings = "reason.tz_from_settings",
        en: "the zone set in the settings",
        zh: "设置中指定的时区";
    /// No zone set: the browser's.
    TzBrowser = "reason.tz_browser",
        en: "no zone set, so this browser's time zone",
        zh: "未指定时区，因此使用本浏览器的时区";
    /// No zone set: the computer's.
    TzSystem = "reason.tz_system",
        en: "no zone set, so this computer's time zone",
        zh: "未指定时区，因此使用本机的时区";
    /// No zone set and none known.
    TzDefault = "reason.tz_default",
        en: "no zone set and none known for this computer, so UTC",
        zh: "未指定时区，也无法得知本机时区，因此使用 UTC";
    /// The local zone is not one the engine knows.
    TzLocalUnknown { zone: String } = "reason.tz_local_unknown",
        en: "no zone set and this computer's zone '{zone}' is not one the engine knows, so UTC",
        zh: "未指定时区，且本机时区“{zone}”无法识别，因此使用 UTC";
    /// A Western single-byte (or other) encoding found by the statistical detector.
    EncodingDetected { name: String } = "reason.encoding_detected",
        en: "not UTF-8 and no common Chinese characters as GBK or Big5; the byte statistics fit {name} (chardetng)",
        zh: "不是 UTF-8，按 GBK 或 Big5 解码也没有常用汉字；字节统计符合 {name}（chardetng）";

    // ---------------------------------------------------------------- labels of exported tables
    // Sheet and column names of the xlsx and CSV exports and the words of the text report: the
    // page renders the same codes (`label.*`) from `messages()`, so CLI and page name a table alike.
    /// Label: Files.
    SheetFiles = "label.files",
        en: "Files",
        zh: "文件";
    /// Label: Totals.
    SheetTotals = "label.totals",
        en: "Totals",
        zh: "总计";
    /// Label: Queues.
    SheetQueues = "label.queues",
        en: "Queues",
        zh: "队列";
    /// Label: Agents.
    SheetAgents = "label.agents",
        en: "Agents",
        zh: "座席";
    /// Label: Teams.
    SheetTeams = "label.teams",
        en: "Teams",
        zh: "班组";
    /// Label: Days.
    SheetDays = "label.days",
        en: "Days",
        zh: "日报";
    /// Label: Weeks.
    SheetWeeks = "label.weeks",
        en: "Weeks",
        zh: "周报";
    /// Label: Months.
    SheetMonths = "label.months",
        en: "Months",
        zh: "月报";
    /// Label: the scorecard per month.
    SheetScorecardMonths = "label.scorecard_months",
        en: "Scorecard by month",
        zh: "月度考核";
    /// Label: agents by period.
    SheetAgentPeriods = "label.agent_periods",
        en: "Agent trends",
        zh: "座席趋势";
    /// Label: teams by period.
    SheetTeamPeriods = "label.team_periods",
        en: "Team trends",
        zh: "班组趋势";
    /// Label: agent × queue.
    SheetAgentQueues = "label.agent_queues",
        en: "Agents by queue",
        zh: "座席 × 队列";
    /// Label: the comparison sheet.
    SheetComparison = "label.comparison",
        en: "Comparison",
        zh: "周期对比";
    /// Label: day, week or month.
    ColGrain = "label.grain",
        en: "Day, week or month",
        zh: "日、周或月";
    /// Label: which grouping a comparison row is of.
    ColGrouping = "label.grouping",
        en: "Grouping",
        zh: "分组";
    /// Label: the period shown.
    ColCurrent { period: String } = "label.current_period",
        en: "This period ({period})",
        zh: "本期（{period}）";
    /// Label: the period compared with.
    ColPrevious { period: String } = "label.previous_period",
        en: "Compared period ({period})",
        zh: "对比期（{period}）";
    /// Label: the change.
    ColChange = "label.change",
        en: "Change",
        zh: "变化";
    /// Label: the relative change.
    ColRelativeChange = "label.relative_change",
        en: "Change %",
        zh: "变化率";
    /// Label: better or worse.
    ColVerdict = "label.verdict",
        en: "Better or worse",
        zh: "好转或变差";
    /// The grain of a trend row: a day.
    GrainDay = "label.grain_day",
        en: "day",
        zh: "日";
    /// A week.
    GrainWeek = "label.grain_week",
        en: "week",
        zh: "周";
    /// An appraisal month.
    GrainMonth = "label.grain_month",
        en: "month",
        zh: "月";
    /// A change for the better.
    VerdictBetter = "label.verdict_better",
        en: "better",
        zh: "好转";
    /// A change for the worse.
    VerdictWorse = "label.verdict_worse",
        en: "worse",
        zh: "变差";
    /// No change.
    VerdictSame = "label.verdict_same",
        en: "unchanged",
        zh: "持平";
    /// A KPI without a better direction.
    VerdictNeutral = "label.verdict_neutral",
        en: "no better direction",
        zh: "无好坏方向";
    /// A change that cannot be judged.
    VerdictUnknown = "label.verdict_unknown",
        en: "unknown (a period has no value)",
        zh: "未知（某一期无数据）";
    /// Label: Period.
    ColPeriod = "label.period_id",
        en: "Week or month",
        zh: "周或月";
    /// Label: First day.
    ColFirstDay = "label.first_day",
        en: "First day",
        zh: "首日";
    /// Label: Last day.
    ColLastDay = "label.last_day",
        en: "Last day",
        zh: "末日";
    /// Label: Intervals.
    SheetIntervals = "label.intervals",
        en: "Intervals",
        zh: "时段";
    /// Label: Weekday × hour.
    SheetWeekdayHour = "label.weekday_hour",
        en: "Weekday × hour",
        zh: "星期×小时";
    /// Label: Staffing.
    SheetStaffing = "label.staffing",
        en: "Staffing",
        zh: "排班需求";
    /// Label: Scorecard.
    SheetScorecard = "label.scorecard",
        en: "Scorecard",
        zh: "绩效考核";
    /// Label: QA and surveys.
    SheetPeople = "label.people",
        en: "QA and surveys",
        zh: "质检与满意度";
    /// Label: QA evaluators.
    SheetEvaluators = "label.evaluators",
        en: "QA evaluators",
        zh: "质检员";
    /// Label: Call-back list.
    SheetCallbacks = "label.callbacks",
        en: "Call-back list",
        zh: "回拨名单";
    /// Label: KPI.
    ColKpi = "label.kpi",
        en: "KPI",
        zh: "指标";
    /// Label: KPI id.
    ColKpiId = "label.kpi_id",
        en: "KPI id",
        zh: "指标代码";
    /// Label: Value.
    ColValue = "label.value",
        en: "Value",
        zh: "数值";
    /// Label: Numerator.
    ColNumerator = "label.numerator",
        en: "Numerator",
        zh: "分子";
    /// Label: Denominator.
    ColDenominator = "label.denominator",
        en: "Denominator",
        zh: "分母";
    /// Label: File.
    ColFile = "label.file",
        en: "File",
        zh: "文件";
    /// Label: Format.
    ColProfile = "label.profile",
        en: "Format",
        zh: "格式";
    /// Label: Encoding.
    ColEncoding = "label.encoding",
        en: "Encoding",
        zh: "编码";
    /// Label: Rows read.
    ColRowsRead = "label.rows_read",
        en: "Rows read",
        zh: "读取行数";
    /// Label: Rows used.
    ColRowsUsed = "label.rows_used",
        en: "Rows used",
        zh: "使用行数";
    /// Label: Rows skipped.
    ColRowsSkipped = "label.rows_skipped",
        en: "Rows skipped",
        zh: "跳过行数";
    /// Label: Rows rejected.
    ColRowsRejected = "label.rows_rejected",
        en: "Rows rejected",
        zh: "拒绝行数";
    /// Label: Duplicates.
    ColDuplicates = "label.duplicates",
        en: "Duplicates",
        zh: "重复行数";
    /// Label: Time zone.
    ColTimeZone = "label.time_zone",
        en: "Time zone",
        zh: "时区";
    /// Label: Queue.
    ColQueue = "label.queue",
        en: "Queue",
        zh: "队列";
    /// Label: Agent ID.
    ColAgent = "label.agent",
        en: "Agent ID",
        zh: "座席工号";
    /// Label: Name.
    ColName = "label.name",
        en: "Name",
        zh: "姓名";
    /// Label: Team.
    ColTeam = "label.team",
        en: "Team",
        zh: "班组";
    /// Label: Day.
    ColDay = "label.day",
        en: "Day",
        zh: "日期";
    /// Label: Weekday.
    ColWeekday = "label.weekday",
        en: "Weekday",
        zh: "星期";
    /// Label: Hour.
    ColHour = "label.hour",
        en: "Hour",
        zh: "小时";
    /// Label: Interval start.
    ColInterval = "label.interval",
        en: "Interval start",
        zh: "时段开始";
    /// Label: Interval.
    ColIntervalOfDay = "label.interval_of_day",
        en: "Interval",
        zh: "时段";
    /// Label: Days in data.
    ColDaysCounted = "label.days_counted",
        en: "Days in data",
        zh: "数据天数";
    /// Label: Mean offered calls.
    ColOfferedMean = "label.offered_mean",
        en: "Mean offered calls",
        zh: "平均呼入量";
    /// Label: Handle time used (s).
    ColAhtUsed = "label.aht_used",
        en: "Handle time used (s)",
        zh: "所用处理时长（秒）";
    /// Label: Agents needed (Erlang C).
    ColErlangC = "label.erlang_c",
        en: "Agents needed (Erlang C)",
        zh: "所需座席（Erlang C）";
    /// Label: Positions with shrinkage (Erlang C).
    ColErlangCPositions = "label.erlang_c_positions",
        en: "Positions with shrinkage (Erlang C)",
        zh: "含缺勤的岗位数（Erlang C）";
    /// Label: Agents needed (Erlang A).
    ColErlangA = "label.erlang_a",
        en: "Agents needed (Erlang A)",
        zh: "所需座席（Erlang A）";
    /// Label: Rank.
    ColRank = "label.rank",
        en: "Rank",
        zh: "排名";
    /// Label: the total row of a period table.
    ColPeriodTotal = "label.period_total",
        en: "Total",
        zh: "合计";
    /// Label: Total points.
    ColTotal = "label.total",
        en: "Total points",
        zh: "总分";
    /// Label: Grade.
    ColGrade = "label.grade",
        en: "Grade",
        zh: "等级";
    /// Label: Pay coefficient.
    ColCoefficient = "label.coefficient",
        en: "Pay coefficient",
        zh: "绩效系数";
    /// Label: Status.
    ColStatus = "label.status",
        en: "Status",
        zh: "状态";
    /// Label: Evaluator.
    ColEvaluator = "label.evaluator",
        en: "Evaluator",
        zh: "质检员";
    /// Label: Evaluations.
    ColEvaluations = "label.evaluations",
        en: "Evaluations",
        zh: "质检次数";
    /// Label: Mean score.
    ColMeanScore = "label.mean_score",
        en: "Mean score",
        zh: "平均分";
    /// Label: Bias (points).
    ColBias = "label.bias",
        en: "Bias (points)",
        zh: "偏差（分）";
    /// Label: Flagged.
    ColFlagged = "label.flagged",
        en: "Flagged",
        zh: "已标记";
    /// Label: Caller.
    ColCaller = "label.caller",
        en: "Caller",
        zh: "来电号码";
    /// Label: Time.
    ColTime = "label.time",
        en: "Time",
        zh: "时间";
    /// Label: Wait (s).
    ColWait = "label.wait",
        en: "Wait (s)",
        zh: "等待（秒）";
    /// Label: Outcome.
    ColOutcome = "label.outcome",
        en: "Outcome",
        zh: "结果";
    /// Label: Called again.
    ColCalledAgain = "label.called_again",
        en: "Called again",
        zh: "再次来电";
    /// Label: Got through.
    ColGotThrough = "label.got_through",
        en: "Got through",
        zh: "已接通";
    /// Label: Got through at.
    ColGotThroughAt = "label.got_through_at",
        en: "Got through at",
        zh: "接通时间";
    /// Label: yes.
    ColYes = "label.yes",
        en: "yes",
        zh: "是";
    /// Label: no.
    ColNo = "label.no",
        en: "no",
        zh: "否";
    /// Label: Period.
    TextPeriod = "label.period",
        en: "Period",
        zh: "时间范围";
    /// Label: Note.
    TextNote = "label.note",
        en: "Note",
        zh: "说明";
    /// Every file read, the report being built (the page's progress, the CLI's progress line).
    TextBuildingReport = "label.building_report",
        en: "Building the report…",
        zh: "正在生成报告…";
    /// The accounting of one file's rows.
    TextRowsAccount { read: u64, used: u64, skipped: u64, rejected: u64 } = "label.rows_account",
        en: "rows read {read} = used {used} + skipped {skipped} + rejected {rejected}",
        zh: "读取 {read} 行 = 使用 {used} + 跳过 {skipped} + 拒绝 {rejected}";
    /// Label: By queue.
    TextByQueue = "label.by_queue",
        en: "By queue",
        zh: "按队列";
    /// Label: By agent.
    TextByAgent = "label.by_agent",
        en: "By agent",
        zh: "按座席";
    /// A QA summary line.
    TextQaSummary { evaluations: u64, mean: String, auto_fails: u64 } = "label.qa_summary",
        en: "QA: {evaluations} evaluations, mean {mean}, {auto_fails} auto-fails",
        zh: "质检：{evaluations} 次评分，平均 {mean} 分，{auto_fails} 次一票否决";
    /// An evaluator line.
    TextEvaluatorLine { evaluator: String, evaluations: u64, mean: String, bias: String } = "label.evaluator_line",
        en: "evaluator {evaluator}: {evaluations} evaluations, mean {mean}, bias {bias}",
        zh: "质检员 {evaluator}：{evaluations} 次评分，平均 {mean} 分，偏差 {bias}";
    /// Label: FLAGGED.
    TextFlagged = "label.flagged_mark",
        en: "FLAGGED",
        zh: "已标记";
    /// The calibration line.
    TextCalibrationLine { calls: u64, alpha: String } = "label.calibration_line",
        en: "calibration: {calls} calls scored by several evaluators, Krippendorff's alpha {alpha}",
        zh: "校准：{calls} 通电话由多名质检员评分，Krippendorff α {alpha}";
    /// The scorecard heading.
    TextScorecardTitle { name: String } = "label.scorecard_title",
        en: "Scorecard {name}:",
        zh: "绩效考核 {name}：";
    /// Label: unreadable.
    TextUnreadable = "label.unreadable",
        en: "unreadable",
        zh: "无法读取";
    /// Label: skipped by rule.
    TextSkippedBy = "label.skipped_by",
        en: "skipped by rule",
        zh: "跳过规则";
    /// Label: rejected line.
    TextRejectedLine = "label.rejected_line",
        en: "rejected line",
        zh: "拒绝的行";
    /// Label: error.
    TextError = "label.error",
        en: "error",
        zh: "错误";
    /// Label: (unknown).
    TextUnknown = "label.unknown",
        en: "(unknown)",
        zh: "（未知）";
    /// Label: insufficient data.
    TextInsufficient = "label.insufficient",
        en: "insufficient data",
        zh: "数据不足";
    /// Label: centre.
    TextCentre = "label.centre",
        en: "centre",
        zh: "全中心";
    /// Label: Monday.
    Weekday0 = "label.weekday_0",
        en: "Monday",
        zh: "星期一";
    /// Label: Tuesday.
    Weekday1 = "label.weekday_1",
        en: "Tuesday",
        zh: "星期二";
    /// Label: Wednesday.
    Weekday2 = "label.weekday_2",
        en: "Wednesday",
        zh: "星期三";
    /// Label: Thursday.
    Weekday3 = "label.weekday_3",
        en: "Thursday",
        zh: "星期四";
    /// Label: Friday.
    Weekday4 = "label.weekday_4",
        en: "Friday",
        zh: "星期五";
    /// Label: Saturday.
    Weekday5 = "label.weekday_5",
        en: "Saturday",
        zh: "星期六";
    /// Label: Sunday.
    Weekday6 = "label.weekday_6",
        en: "Sunday",
        zh: "星期日";
    /// Label: Campaign.
    ColCampaign = "label.campaign",
        en: "Campaign",
        zh: "外呼项目";
    /// Label: the result code of outbound calls.
    ColResult = "label.result",
        en: "Result",
        zh: "外呼结果";
    /// Label: outbound calls with a result.
    ColCalls = "label.calls",
        en: "Calls",
        zh: "通话数";
    /// Label: the chat agent (客服).
    ColChatAgent = "label.chat_agent",
        en: "Agent (客服)",
        zh: "客服";
    /// Label: the row of all (totals) in a table.
    TextAllRows = "label.all_rows",
        en: "total",
        zh: "合计";
    /// Heading: outbound by campaign.
    TextOutboundByCampaign = "label.outbound_by_campaign",
        en: "Outbound by campaign",
        zh: "外呼（按项目）";
    /// Heading: outbound by agent.
    TextOutboundByAgent = "label.outbound_by_agent",
        en: "Outbound by agent",
        zh: "外呼（按座席）";
    /// Heading: chat by 客服.
    TextChatByAgent = "label.chat_by_agent",
        en: "Chat by agent (客服)",
        zh: "在线客服（按客服）";
    /// Sheet: outbound campaigns.
    SheetCampaigns = "label.campaigns",
        en: "Campaigns",
        zh: "外呼项目";
    /// Sheet: outbound results by code.
    SheetOutboundResults = "label.outbound_results",
        en: "Outbound results",
        zh: "外呼结果";
    /// Sheet: chat conversion by hour of the day.
    SheetChatHours = "label.chat_hours",
        en: "Chat by hour",
        zh: "咨询时段";
    /// Sheet: the state at the end of the log.
    SheetNow = "label.now",
        en: "Now",
        zh: "当前状态";
    /// Label: Sessions.
    ColSessions = "label.sessions",
        en: "Sessions",
        zh: "会话数";
    /// Label: Buyers.
    ColBuyers = "label.buyers",
        en: "Buyers",
        zh: "买家数";
    /// Label: Sessions per day.
    ColSessionsPerDay = "label.sessions_per_day",
        en: "Sessions per day",
        zh: "日均会话数";
    /// Label: 客服 writing in the hour.
    ColAgentsOn = "label.agents_on",
        en: "Agents writing (per day)",
        zh: "在线客服（日均）";
    /// Label: top converters writing in the hour.
    ColTopOn = "label.top_on",
        en: "Top converters on",
        zh: "在线的高转化客服";
    /// Label: top converters not writing in the hour.
    ColTopOff = "label.top_off",
        en: "Top converters not on",
        zh: "不在线的高转化客服";
    /// Label: a busy hour.
    ColBusy = "label.busy",
        en: "Busy hour",
        zh: "繁忙时段";
    /// Label: Calls waiting.
    ColWaiting = "label.waiting",
        en: "Calls waiting",
        zh: "排队等待";
    /// Label: Longest wait (s).
    ColLongestWait = "label.longest_wait",
        en: "Longest wait (s)",
        zh: "最长等待（秒）";
    /// Label: Agents logged in.
    ColLoggedIn = "label.logged_in",
        en: "Agents logged in",
        zh: "已登录座席";
    /// Label: Agents available.
    ColAvailable = "label.available",
        en: "Available",
        zh: "空闲";
    /// Label: Agents paused.
    ColPaused = "label.paused",
        en: "Paused",
        zh: "暂停";
    /// Label: Agents on a call.
    ColOnCall = "label.on_call",
        en: "On a call",
        zh: "通话中";
    /// Writing an export failed.
    ExportFailed { detail: String } = "error.export_failed",
        en: "the export could not be written: {detail}",
        zh: "无法写出导出文件：{detail}";
    /// A sample of a channel the generator does not make.
    SampleChannel { value: String } = "sample.channel",
        en: "the sample's channel must be calls, chat or outbound, not '{value}'",
        zh: "示例数据的渠道必须是 calls、chat 或 outbound，不能是“{value}”";
}

impl Message {
    /// Boxes a message for a parameter of another.
    pub fn boxed(self) -> Box<Message> {
        Box::new(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_templates_use_only_named_placeholders() {
        let mut codes: Vec<&str> = TEMPLATES.iter().map(|t| t.0).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "a code is declared twice");
        for (code, en, zh) in TEMPLATES {
            let names = |t: &str| -> Vec<String> {
                let mut v: Vec<String> =
                    t.split('{').skip(1).filter_map(|p| p.split_once('}').map(|x| x.0.to_string())).collect();
                v.sort();
                v.dedup();
                v
            };
            assert!(!zh.is_empty() && !en.is_empty(), "{code}");
            assert_eq!(names(en), names(zh), "{code}: English and Chinese use different parameters");
            let chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
            assert!(zh.chars().any(chinese) || en == zh, "{code}: not Chinese");
        }
    }

    #[test]
    fn messages_render_in_both_languages_and_serialise_code_params_text() {
        let m = Message::BadDate { value: "2024-02-31".into() };
        assert_eq!(m.to_string(), "unknown or impossible date '2024-02-31'");
        assert_eq!(m.render(Lang::Zh), "无法识别或不存在的日期“2024-02-31”");
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["code"], "value.bad_date");
        assert_eq!(v["params"]["value"], "2024-02-31");
        assert_eq!(v["text"], "unknown or impossible date '2024-02-31'");
        let nested = Message::SetByUserWith { detail: Message::QueueLogFile.boxed() };
        assert!(nested.render(Lang::Zh).starts_with("由用户设定；Asterisk queue_log 文件"));
        assert_eq!(serde_json::to_value(&nested).unwrap()["params"]["detail"]["code"], "reason.queue_log_file");
    }
}
