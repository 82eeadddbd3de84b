//! Recognising columns by their header, in English and Chinese.
//!
//! Headers are compared after [`normalize_header`]: lower case, without spaces and punctuation,
//! so "Start Time", "start_time" and "START-TIME" are one name. The table is the synonym list of
//! `inputs.md`; a user extends it with column overrides in the settings.

pub(crate) use crate::model::text::normalize_header;

/// A field of a generic call record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Field {
    CallId,
    Arrival,
    Date,
    Time,
    Answer,
    End,
    Wait,
    Talk,
    Hold,
    Acw,
    Agent,
    AgentName,
    Team,
    Queue,
    Outcome,
    Caller,
    Direction,
    Resolved,
    Transferred,
    Satisfaction,
    Complaint,
    Campaign,
    Called,
}

impl Field {
    pub(crate) const COUNT: usize = 23;
    /// Every field, in declaration order (`ALL[f as usize] == f`).
    pub(crate) const ALL: [Field; Field::COUNT] = [
        Field::CallId,
        Field::Arrival,
        Field::Date,
        Field::Time,
        Field::Answer,
        Field::End,
        Field::Wait,
        Field::Talk,
        Field::Hold,
        Field::Acw,
        Field::Agent,
        Field::AgentName,
        Field::Team,
        Field::Queue,
        Field::Outcome,
        Field::Caller,
        Field::Direction,
        Field::Resolved,
        Field::Transferred,
        Field::Satisfaction,
        Field::Complaint,
        Field::Campaign,
        Field::Called,
    ];
}

/// Every field with its id and the header names that mean it.
const SYNONYMS: &[(Field, &str, &[&str])] = &[
    (
        Field::CallId,
        "call_id",
        &["callid", "id", "uniqueid", "linkedid", "通话id", "呼叫编号", "流水号", "呼叫id", "录音编号", "会话id"],
    ),
    (
        Field::Arrival,
        "arrival",
        &[
            "start",
            "starttime",
            "arrival",
            "arrivaltime",
            "enqueuetime",
            "calldate",
            "callstart",
            "starttimestamp",
            "来电时间",
            "进线时间",
            "呼入时间",
            "开始时间",
            "呼叫时间",
            "入队时间",
        ],
    ),
    (Field::Date, "date", &["date", "calldate", "日期", "通话日期"]),
    (Field::Time, "time", &["time", "calltime", "时间"]),
    (
        Field::Answer,
        "answer",
        &["answer", "answertime", "answeredat", "connecttime", "应答时间", "接通时间", "接听时间"],
    ),
    (Field::End, "end", &["end", "endtime", "hangup", "hanguptime", "结束时间", "挂机时间"]),
    (
        Field::Wait,
        "wait",
        &[
            "wait",
            "waittime",
            "queuetime",
            "holdtime",
            "speedofanswer",
            "speedofanswerinseconds",
            "asa",
            "排队时长",
            "等待时长",
            "排队时间",
            "等待时间",
            "振铃时长",
        ],
    ),
    (
        Field::Talk,
        "talk",
        &[
            "talk",
            "talktime",
            "billsec",
            "talkduration",
            "avgtalkduration",
            "duration",
            "通话时长",
            "交谈时长",
            "通话时间",
            "交谈时间",
        ],
    ),
    (Field::Hold, "hold", &["hold", "onhold", "holdduration", "保持时长", "持线时间", "持线时长", "保持时间"]),
    (
        Field::Acw,
        "acw",
        &[
            "acw",
            "wrap",
            "wrapup",
            "wraptime",
            "aftercallwork",
            "事后处理时长",
            "话后处理",
            "话后处理时长",
            "事后处理时间",
        ],
    ),
    (
        Field::Agent,
        "agent",
        &[
            "agent",
            "agentid",
            "extension",
            "座席",
            "座席工号",
            "工号",
            "客服",
            "坐席",
            "坐席工号",
            "员工工号",
            "客服工号",
        ],
    ),
    (Field::AgentName, "agent_name", &["agentname", "座席姓名", "姓名", "坐席姓名", "客服姓名", "员工姓名"]),
    (Field::Team, "team", &["team", "group", "班组", "组别", "小组", "团队"]),
    (Field::Queue, "queue", &["queue", "skill", "split", "ingroup", "topic", "队列", "技能组", "业务类型", "技能"]),
    (
        Field::Outcome,
        "outcome",
        &[
            "disposition",
            "status",
            "answered",
            "answeredyn",
            "result",
            "outcome",
            "呼叫结果",
            "是否接通",
            "接通状态",
            "通话结果",
            "外呼结果",
            "拨打结果",
            "呼叫状态",
            "callresult",
            "结果",
        ],
    ),
    (
        Field::Caller,
        "caller",
        &["caller", "ani", "clid", "src", "customer", "callerid", "主叫号码", "来电号码", "客户号码", "主叫"],
    ),
    (Field::Direction, "direction", &["direction", "inboundoutbound", "calltype", "呼叫方向", "呼叫类型"]),
    (Field::Resolved, "resolved", &["resolved", "fcr", "是否解决", "一次解决"]),
    (Field::Transferred, "transferred", &["transferred", "transfer", "是否转接", "转接"]),
    (
        Field::Satisfaction,
        "satisfaction",
        &["satisfaction", "satisfactionrating", "rating", "csat", "满意度", "满意度评价"],
    ),
    (Field::Complaint, "complaint", &["complaint", "投诉", "是否投诉", "客诉"]),
    (
        Field::Campaign,
        "campaign",
        &[
            "campaign",
            "campaignname",
            "campaignid",
            "外呼项目",
            "项目",
            "项目名称",
            "外呼任务",
            "任务名称",
            "营销活动",
            "活动名称",
        ],
    ),
    (
        Field::Called,
        "called",
        &[
            "callednumber",
            "dialednumber",
            "dialled",
            "dialed",
            "被叫号码",
            "被叫",
            "外呼号码",
            "客户电话",
            "客户手机",
            "联系电话",
            "手机号",
            "电话号码",
            "目标号码",
            "dst",
            "destination",
            "phonenumber",
        ],
    ),
];

impl Field {
    pub(crate) fn id(self) -> &'static str {
        SYNONYMS.iter().find(|(f, _, _)| *f == self).map(|(_, id, _)| *id).unwrap_or("?")
    }

    pub(crate) fn from_id(id: &str) -> Option<Field> {
        SYNONYMS.iter().find(|(_, i, _)| *i == id).map(|(f, _, _)| *f)
    }

    /// The field a header name means, if any.
    pub(crate) fn from_header(header: &str) -> Option<Field> {
        let key = normalize_header(header);
        if key.is_empty() {
            return None;
        }
        SYNONYMS.iter().find(|(_, _, names)| names.contains(&key.as_str())).map(|(f, _, _)| *f)
    }
}

/// Seconds per unit when a header names its unit in brackets: "通话时长(分)", "Talk (min)".
/// Durations are read as seconds otherwise.
pub(crate) fn duration_unit_s(h: &str) -> u32 {
    let inner: String = h
        .split(['(', '（', '[', '【'])
        .nth(1)
        .map(|rest| rest.chars().take_while(|c| !matches!(c, ')' | '）' | ']' | '】')).collect())
        .unwrap_or_default();
    match inner.trim().to_lowercase().as_str() {
        "分" | "分钟" | "min" | "mins" | "minutes" | "m" => 60,
        "时" | "小时" | "h" | "hr" | "hours" => 3600,
        _ => 1,
    }
}

/// Column index of each field in one file, decided once from the header.
#[derive(Clone, Debug, Default)]
pub(crate) struct ColumnMap {
    columns: Vec<Option<Field>>,
    /// Seconds per unit of each column's durations (1, 60 or 3600).
    units: Vec<u32>,
}

impl ColumnMap {
    /// Maps a header row. Overrides (header → field id or "ignore") win over the synonym table;
    /// the first column that claims a field keeps it, so a second "time" column stays unused.
    pub(crate) fn from_header(header: &[&str], overrides: &[(String, String)]) -> ColumnMap {
        let mut columns = Vec::with_capacity(header.len());
        let mut taken = Vec::new();
        for h in header {
            let over = overrides.iter().find(|(name, _)| normalize_header(name) == normalize_header(h));
            let field = match over {
                Some((_, id)) => Field::from_id(id),
                None => Field::from_header(h),
            };
            let field = field.filter(|f| !taken.contains(f));
            if let Some(f) = field {
                taken.push(f);
            }
            columns.push(field);
        }
        let units = header.iter().map(|h| duration_unit_s(h)).collect();
        let mut map = ColumnMap { columns, units };
        map.resolve_date_time_pairs();
        map
    }

    /// "calldate" can be a whole timestamp or the date half of date + time; decide by whether a
    /// separate time column exists. Likewise a lone "time" column is the arrival time.
    fn resolve_date_time_pairs(&mut self) {
        let has = |m: &ColumnMap, f| m.columns.contains(&Some(f));
        if has(self, Field::Date) && !has(self, Field::Time) && !has(self, Field::Arrival) {
            self.replace(Field::Date, Field::Arrival);
        }
        if has(self, Field::Time) && !has(self, Field::Date) && !has(self, Field::Arrival) {
            self.replace(Field::Time, Field::Arrival);
        }
    }

    fn replace(&mut self, from: Field, to: Field) {
        for c in &mut self.columns {
            if *c == Some(from) {
                *c = Some(to);
            }
        }
    }

    pub(crate) fn index(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    pub(crate) fn unit_s(&self, index: usize) -> u32 {
        self.units.get(index).copied().unwrap_or(1)
    }

    pub(crate) fn has(&self, field: Field) -> bool {
        self.index(field).is_some()
    }

    pub(crate) fn recognised(&self) -> usize {
        self.columns.iter().filter(|c| c.is_some()).count()
    }

    /// (column index, field id) pairs, for the import review.
    pub(crate) fn mapping(&self) -> Vec<Option<&'static str>> {
        self.columns.iter().map(|c| c.map(Field::id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_regardless_of_case_space_and_punctuation() {
        assert_eq!(Field::from_header("Start Time"), Some(Field::Arrival));
        assert_eq!(Field::from_header("start_time"), Some(Field::Arrival));
        assert_eq!(Field::from_header("来电时间"), Some(Field::Arrival));
        assert_eq!(Field::from_header("座席工号"), Some(Field::Agent));
        assert_eq!(Field::from_header("座席工號"), Some(Field::Agent));
        assert_eq!(Field::from_header("來電時間"), Some(Field::Arrival));
        assert_eq!(Field::from_header("Answered (Y/N)"), Some(Field::Outcome));
        assert_eq!(Field::from_header("排队时长（秒）"), Some(Field::Wait));
        assert_eq!(duration_unit_s("合计通话时间(分)"), 60);
        assert_eq!(duration_unit_s("排队时长（秒）"), 1);
        assert_eq!(Field::from_header("\u{feff}Call Id"), Some(Field::CallId));
    }

    #[test]
    fn date_alone_becomes_the_arrival_time_and_date_plus_time_stay_a_pair() {
        let m = ColumnMap::from_header(&["Date", "Time", "Agent"], &[]);
        assert_eq!(m.index(Field::Date), Some(0));
        assert_eq!(m.index(Field::Time), Some(1));
        let m = ColumnMap::from_header(&["calldate", "src"], &[]);
        assert_eq!(m.index(Field::Arrival), Some(0));
    }

    #[test]
    fn all_lists_every_field_at_its_own_index() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(Field::from_id(f.id()), Some(*f));
        }
    }

    #[test]
    fn overrides_win_over_the_table() {
        let over = vec![("Queue".to_string(), "team".to_string()), ("Agent".to_string(), "ignore".to_string())];
        let m = ColumnMap::from_header(&["Queue", "Agent"], &over);
        assert_eq!(m.index(Field::Team), Some(0));
        assert_eq!(m.index(Field::Agent), None);
    }
}
