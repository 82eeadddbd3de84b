//! Files about people rather than calls: QA evaluations (wide and long layouts), surveys, the
//! roster, HR/attendance and supervisor ratings.
//!
//! Each is recognised by its header alone, with a reason the import review shows. They are
//! checked before the call-record profile because a roster ("agent, name, team, hire date") or an
//! attendance sheet ("agent, date, …") would otherwise pass for call records with a date column.
//! Rows keep the usual accounting: used, skipped by a named rule, or rejected with a reason.

use super::Row;
use crate::ingest::fields::normalize_header;
use crate::ingest::values::{normalize_value, parse_flag};
use crate::model::catalog::CATALOG;
use crate::model::message::Message;
use crate::model::people::{
    AttendanceRow, ItemValue, PeopleRecord, QaEvalRow, QaItemValue, RatingRow, RosterRow, SurveyRow, TargetRow,
    COMMENT_CHARS,
};

/// The people profiles, by id.
pub(crate) const PROFILES: [&str; 6] = ["qa", "survey", "roster", "attendance", "ratings", "targets"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Col {
    Agent,
    Name,
    Team,
    Leader,
    Employment,
    Hire,
    Leave,
    Evaluator,
    EvalId,
    CallId,
    Date,
    Item,
    Section,
    Score,
    Max,
    Weight,
    Critical,
    Csat,
    Nps,
    Ces,
    Complaint,
    Scheduled,
    Absent,
    Status,
    Late,
    Rater,
    Dimension,
    Total,
    Comment,
    Kpi,
    Target,
    Floor,
    Period,
    /// Columns a call record has and a people file does not.
    CallField,
}

const ALIASES: &[(Col, &[&str])] = &[
    (
        Col::Agent,
        &[
            "agent",
            "agentid",
            "agentno",
            "座席",
            "座席工号",
            "坐席",
            "坐席工号",
            "工号",
            "员工",
            "员工编号",
            "员工工号",
            "employee",
            "employeeid",
            "staffid",
            "被质检人",
            "被考核人",
            // Online shops call their agents 客服 (seed 003).
            "客服",
            "客服工号",
            "客服昵称",
            "客服账号",
            "客服名",
            "客服名称",
            "接待客服",
        ],
    ),
    (Col::Name, &["name", "agentname", "姓名", "座席姓名", "坐席姓名", "员工姓名", "employeename", "fullname"]),
    (Col::Team, &["team", "group", "班组", "组别", "团队", "小组", "所属组"]),
    (Col::Leader, &["teamleader", "leader", "supervisor", "组长", "班长", "主管", "直属主管"]),
    (Col::Employment, &["employment", "contract", "fulltimeparttime", "用工类型", "全职兼职", "用工性质", "worktype"]),
    (Col::Hire, &["hiredate", "hired", "startdate", "joined", "入职日期", "入职时间", "入职"]),
    (Col::Leave, &["leavedate", "left", "enddate", "terminationdate", "离职日期", "离职时间", "离职"]),
    (
        Col::Evaluator,
        &["evaluator", "reviewer", "qaanalyst", "qa", "auditor", "质检员", "质检人", "质检人员", "评分人", "评估人"],
    ),
    (Col::EvalId, &["evaluationid", "evalid", "evaluation", "reviewid", "质检单号", "评估编号", "质检编号"]),
    (Col::CallId, &["callid", "call", "contactid", "呼叫编号", "通话编号", "录音编号", "来电编号", "工单号"]),
    (
        Col::Date,
        &["date", "evaluationdate", "evaldate", "reviewdate", "surveydate", "日期", "质检日期", "调查日期", "考勤日期"],
    ),
    (Col::Item, &["item", "question", "criterion", "checkitem", "质检项", "考核项", "评分项", "检查项"]),
    (Col::Section, &["section", "category", "类别", "模块", "大项", "分类"]),
    (Col::Score, &["score", "points", "result", "answer", "得分", "结果", "分数"]),
    (Col::Max, &["max", "maxpoints", "maxscore", "possible", "满分", "总分值"]),
    (Col::Weight, &["weight", "权重"]),
    (Col::Critical, &["critical", "致命", "致命项", "关键项", "红线"]),
    (Col::Csat, &["csat", "satisfaction", "满意度", "满意度评价", "满意度评分"]),
    (Col::Nps, &["nps", "recommend", "likelytorecommend", "推荐", "推荐度", "推荐意愿"]),
    (Col::Ces, &["ces", "effort", "customereffort", "费力度", "费力程度"]),
    (Col::Complaint, &["complaint", "投诉", "是否投诉"]),
    (
        Col::Scheduled,
        &["scheduledhours", "scheduled", "shifthours", "排班时长", "排班小时", "应出勤", "应出勤小时", "应出勤时长"],
    ),
    (Col::Absent, &["absenthours", "absent", "absence", "缺勤小时", "缺勤时长", "缺勤"]),
    (Col::Status, &["status", "attendance", "出勤状态", "考勤状态", "出勤"]),
    (Col::Late, &["lateminutes", "late", "tardiness", "迟到分钟", "迟到"]),
    (Col::Rater, &["rater", "ratedby", "appraiser", "考核人", "评价人"]),
    (Col::Dimension, &["dimension", "aspect", "维度", "考核维度"]),
    (Col::Total, &["total", "totalscore", "总分", "合计"]),
    (Col::Comment, &["comment", "comments", "note", "notes", "备注", "评语"]),
    (Col::Kpi, &["kpi", "metric", "indicator", "指标", "考核指标", "指标名称"]),
    (Col::Target, &["target", "goal", "targetvalue", "目标", "目标值", "考核目标"]),
    (Col::Floor, &["floor", "minimum", "保底", "保底值", "最低值", "底线"]),
    (Col::Period, &["period", "month", "appraisalmonth", "月份", "考核周期", "考核月份", "考核月"]),
    (
        Col::CallField,
        &[
            "wait",
            "waittime",
            "talk",
            "talktime",
            "outcome",
            "arrivaltime",
            "answertime",
            "starttime",
            "通话时长",
            "等待时长",
            "来电时间",
            "呼叫结果",
        ],
    ),
];

fn col_of(h: &str) -> Option<Col> {
    let n = normalize_header(h);
    ALIASES.iter().find(|(_, names)| names.contains(&n.as_str())).map(|(c, _)| *c)
}

/// Rating dimensions recognised as columns of a wide ratings file (德能绩勤 and English).
/// Chat/e-commerce metrics (seed 003) are read the same way, from an agent-metrics file.
const RATING_DIMS: &[&str] = &[
    "德",
    "能",
    "绩",
    "勤",
    "态度",
    "能力",
    "业绩",
    "勤力",
    "attitude",
    "ability",
    "results",
    "diligence",
    "inquiryconversion",
    "firstresponsetime",
    "avgresponsetime",
    "responserate",
    "avgordervalue",
    "itemsperorder",
    "unpaidrate",
    "询单转化率",
    "首次响应时间",
    "平均响应时间",
    "回复率",
    "客单价",
    "客件量",
    "流单率",
    "响应率",
    "客件数",
    "接待人数",
    "打字速度",
    "unpaidorderrate",
    "itemsperorder",
    "typingspeed",
    "buyersserved",
];

/// Chat and shop metrics of an agent-metrics file, by their catalogue id (so a Chinese-headed file
/// scores on the chat card like an English one), and whether the value is a rate (a percentage
/// written as 65% or 65 is 0.65).
fn chat_metric(name: &str) -> Option<(&'static str, bool)> {
    Some(match normalize_header(name).as_str() {
        "inquiryconversion" | "询单转化率" => ("inquiry_conversion", true),
        "firstresponsetime" | "首次响应时间" => ("first_response_time", false),
        "avgresponsetime" | "平均响应时间" => ("avg_response_time", false),
        "responserate" | "回复率" | "响应率" => ("response_rate", true),
        "avgordervalue" | "客单价" => ("avg_order_value", false),
        "itemsperorder" | "客件量" | "客件数" => ("items_per_order", false),
        "unpaidrate" | "unpaidorderrate" | "流单率" => ("unpaid_order_rate", true),
        "typingspeed" | "打字速度" => ("typing_speed", false),
        "buyersserved" | "接待人数" => ("buyers_served", false),
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    QaLong,
    QaWide,
    Survey,
    Roster,
    Attendance,
    Ratings,
    Targets,
}

/// Reads one people file.
pub(crate) struct PeopleMapper {
    kind: Kind,
    cols: Vec<Option<Col>>,
    /// Wide QA and wide ratings: (column index, item name, critical by header mark).
    items: Vec<(usize, String, bool)>,
    /// Roster: `target:KPI` / `floor:KPI` columns (column index, KPI id, whether a floor).
    target_cols: Vec<(usize, String, bool)>,
}

impl PeopleMapper {
    /// The profile id this mapper reads.
    pub(crate) fn profile(&self) -> &'static str {
        match self.kind {
            Kind::QaLong | Kind::QaWide => "qa",
            Kind::Survey => "survey",
            Kind::Roster => "roster",
            Kind::Attendance => "attendance",
            Kind::Ratings => "ratings",
            Kind::Targets => "targets",
        }
    }

    /// Field id per column, for the import review.
    pub(crate) fn mapping(&self) -> Vec<Option<&'static str>> {
        (0..self.cols.len())
            .map(|i| {
                if self.items.iter().any(|(c, _, _)| *c == i) {
                    return Some(if self.kind == Kind::Ratings { "rating" } else { "qa_item" });
                }
                if let Some((_, _, floor)) = self.target_cols.iter().find(|(c, _, _)| *c == i) {
                    return Some(if *floor { "floor" } else { "target" });
                }
                self.cols[i].map(|c| match c {
                    Col::Agent => "agent",
                    Col::Name => "agent_name",
                    Col::Team => "team",
                    Col::Leader => "team_leader",
                    Col::Employment => "employment",
                    Col::Hire => "hire_date",
                    Col::Leave => "leave_date",
                    Col::Evaluator => "evaluator",
                    Col::EvalId => "evaluation_id",
                    Col::CallId => "call_id",
                    Col::Date => "date",
                    Col::Item => "item",
                    Col::Section => "section",
                    Col::Score => "score",
                    Col::Max => "max",
                    Col::Weight => "weight",
                    Col::Critical => "critical",
                    Col::Csat => "csat",
                    Col::Nps => "nps",
                    Col::Ces => "ces",
                    Col::Complaint => "complaint",
                    Col::Scheduled => "scheduled_hours",
                    Col::Absent => "absent_hours",
                    Col::Status => "status",
                    Col::Late => "late_minutes",
                    Col::Rater => "rater",
                    Col::Dimension => "dimension",
                    Col::Comment => "comment",
                    Col::Kpi => "kpi",
                    Col::Target => "target",
                    Col::Floor => "floor",
                    Col::Period => "period",
                    Col::Total | Col::CallField => "ignore",
                })
            })
            .collect()
    }

    /// Recognises a people file from its header. `forced` is the profile the user set, if any.
    /// Returns the mapper and the reason shown in the import review.
    pub(crate) fn from_header(fields: &[&str], forced: Option<&str>) -> Option<(PeopleMapper, Message)> {
        let cols: Vec<Option<Col>> = fields.iter().map(|h| col_of(h)).collect();
        let has = |c: Col| cols.contains(&Some(c));
        let unmapped: Vec<(usize, String, bool)> = fields
            .iter()
            .enumerate()
            .filter(|(i, h)| cols[*i].is_none() && !h.trim().is_empty() && target_column(h).is_none())
            .map(|(i, h)| {
                let raw = h.trim_start_matches('\u{feff}').trim();
                let critical = raw.contains('*')
                    || raw.to_lowercase().contains("critical")
                    || raw.contains("致命")
                    || raw.contains("红线");
                let name = raw.trim_end_matches('*').trim().to_string();
                (i, name, critical)
            })
            .collect();
        if !has(Col::Agent) && !(has(Col::CallId) && (has(Col::Csat) || has(Col::Nps) || has(Col::Ces))) {
            return None;
        }
        let call_like = has(Col::CallField);
        let want = |p: &str| forced.is_none_or(|f| f == p);
        let target_cols: Vec<(usize, String, bool)> =
            fields.iter().enumerate().filter_map(|(i, h)| target_column(h).map(|(k, f)| (i, k, f))).collect();
        let make = |kind, items, reason: Message| {
            let target_cols = if kind == Kind::Roster { target_cols.clone() } else { Vec::new() };
            Some((PeopleMapper { kind, cols: cols.clone(), items, target_cols }, reason))
        };
        if want("targets") && !call_like && has(Col::Agent) && has(Col::Kpi) && has(Col::Target) {
            return make(Kind::Targets, Vec::new(), Message::TargetsHeader);
        }
        if want("qa") && has(Col::Item) && has(Col::Score) && has(Col::Agent) {
            return make(Kind::QaLong, Vec::new(), Message::QaLongHeader);
        }
        if want("survey") && !call_like && (has(Col::Csat) || has(Col::Nps) || has(Col::Ces)) {
            let what: Vec<&str> = [(Col::Csat, "CSAT"), (Col::Nps, "NPS"), (Col::Ces, "CES")]
                .iter()
                .filter(|(c, _)| has(*c))
                .map(|(_, n)| *n)
                .collect();
            let scores = what.join(", ");
            let reason =
                if has(Col::Agent) { Message::SurveyByAgent { scores } } else { Message::SurveyByCall { scores } };
            return make(Kind::Survey, Vec::new(), reason);
        }
        if want("roster")
            && !call_like
            && (has(Col::Hire)
                || has(Col::Leave)
                || has(Col::Leader)
                || has(Col::Employment)
                || !target_cols.is_empty())
        {
            return make(Kind::Roster, Vec::new(), Message::RosterHeader);
        }
        if want("attendance")
            && !call_like
            && has(Col::Date)
            && (has(Col::Scheduled) || has(Col::Absent) || has(Col::Status) || has(Col::Late))
        {
            return make(Kind::Attendance, Vec::new(), Message::AttendanceHeader);
        }
        if want("ratings") && !call_like && (has(Col::Rater) || has(Col::Dimension)) {
            let dims: Vec<(usize, String, bool)> = if has(Col::Dimension) { Vec::new() } else { unmapped.clone() };
            if has(Col::Dimension) && has(Col::Score) || !dims.is_empty() {
                let reason = if dims.is_empty() {
                    Message::RatingsLongHeader
                } else {
                    let dimensions = dims.iter().map(|d| d.1.as_str()).collect::<Vec<_>>().join(", ");
                    Message::RatingsRaterHeader { dimensions }
                };
                return make(Kind::Ratings, dims, reason);
            }
        }
        if want("ratings") && !call_like && !has(Col::Evaluator) {
            let dims: Vec<(usize, String, bool)> = unmapped
                .iter()
                .filter(|(_, n, _)| RATING_DIMS.contains(&normalize_header(n).as_str()))
                .cloned()
                .collect();
            if dims.len() >= 2 {
                let names = dims.iter().map(|d| d.1.as_str()).collect::<Vec<_>>().join(", ");
                return make(Kind::Ratings, dims, Message::RatingsHeader { dimensions: names });
            }
        }
        if want("qa") && !call_like && has(Col::Evaluator) && has(Col::Agent) && unmapped.len() >= 2 {
            let names = unmapped.iter().take(3).map(|d| d.1.as_str()).collect::<Vec<_>>().join(", ");
            return make(Kind::QaWide, unmapped.clone(), Message::QaWideHeader { items: unmapped.len(), names });
        }
        None
    }

    fn get<'a>(&self, fields: &[&'a str], c: Col) -> Option<&'a str> {
        let i = self.cols.iter().position(|x| *x == Some(c))?;
        fields.get(i).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    /// The row's comment, cut to [`COMMENT_CHARS`] characters.
    fn comment(&self, fields: &[&str]) -> Option<String> {
        self.get(fields, Col::Comment).map(|c| c.chars().take(COMMENT_CHARS).collect())
    }

    fn num(&self, fields: &[&str], c: Col) -> Result<Option<f64>, (String, Message)> {
        match self.get(fields, c) {
            None => Ok(None),
            Some(s) => {
                parse_number(s).map(Some).ok_or_else(|| (col_name(c).into(), Message::NotANumber { value: s.into() }))
            }
        }
    }

    /// Maps one data row.
    pub(crate) fn map_row<'a>(&self, fields: &[&'a str]) -> Row<'a> {
        match self.map(fields) {
            Ok(Some(rec)) => Row::People(Box::new(rec)),
            Ok(None) => Row::Skip("NO_ANSWER"),
            Err((col, reason)) => Row::Reject(col, reason),
        }
    }

    fn map(&self, fields: &[&str]) -> Result<Option<PeopleRecord>, (String, Message)> {
        let s = |c| self.get(fields, c).map(str::to_string);
        let agent = s(Col::Agent);
        let need_agent = || agent.clone().ok_or_else(|| ("agent".to_string(), Message::NoAgentOnRow));
        let date = match self.get(fields, Col::Date) {
            Some(d) => Some(parse_date(d).ok_or_else(|| ("date".to_string(), Message::NotADate { value: d.into() }))?),
            None => None,
        };
        Ok(Some(match self.kind {
            Kind::QaLong | Kind::QaWide => {
                let agent = need_agent()?;
                let items = if self.kind == Kind::QaLong {
                    let item = s(Col::Item).ok_or_else(|| ("item".to_string(), Message::NoItemOnRow))?;
                    let raw = self.get(fields, Col::Score).unwrap_or("");
                    let value = parse_item(raw)
                        .ok_or_else(|| ("score".to_string(), Message::NotAScore { value: raw.into() }))?;
                    vec![QaItemValue {
                        item,
                        section: s(Col::Section),
                        value,
                        max: self.num(fields, Col::Max)?,
                        weight: self.num(fields, Col::Weight)?,
                        critical: self.get(fields, Col::Critical).and_then(parse_flag),
                    }]
                } else {
                    let mut items = Vec::with_capacity(self.items.len());
                    for (i, name, critical) in &self.items {
                        let raw = fields.get(*i).map_or("", |s| s.trim());
                        let value =
                            parse_item(raw).ok_or_else(|| (name.clone(), Message::NotAScore { value: raw.into() }))?;
                        items.push(QaItemValue {
                            item: name.clone(),
                            section: None,
                            value,
                            max: None,
                            weight: None,
                            critical: critical.then_some(true),
                        });
                    }
                    items
                };
                PeopleRecord::Qa(QaEvalRow {
                    eval_id: s(Col::EvalId),
                    call_id: s(Col::CallId),
                    agent,
                    evaluator: s(Col::Evaluator),
                    date,
                    long: self.kind == Kind::QaLong,
                    items,
                    comment: self.comment(fields),
                })
            }
            Kind::Survey => {
                let csat = self.num(fields, Col::Csat)?;
                let nps = self.num(fields, Col::Nps)?;
                let ces = self.num(fields, Col::Ces)?;
                if let Some(v) = csat.filter(|v| !(1.0..=5.0).contains(v)) {
                    return Err(("csat".into(), Message::OutsideScale { value: v, scale: "1–5" }));
                }
                if let Some(v) = nps.filter(|v| !(0.0..=10.0).contains(v)) {
                    return Err(("nps".into(), Message::OutsideScale { value: v, scale: "0–10" }));
                }
                if let Some(v) = ces.filter(|v| !(1.0..=7.0).contains(v)) {
                    return Err(("ces".into(), Message::OutsideScale { value: v, scale: "1–7" }));
                }
                let complaint = self.get(fields, Col::Complaint).and_then(parse_flag);
                if csat.is_none() && nps.is_none() && ces.is_none() && complaint != Some(true) {
                    return Ok(None);
                }
                if agent.is_none() && s(Col::CallId).is_none() {
                    return Err(("agent".into(), Message::NothingToJoin));
                }
                PeopleRecord::Survey(SurveyRow {
                    call_id: s(Col::CallId),
                    agent,
                    date,
                    csat,
                    nps,
                    ces,
                    complaint: complaint.or(self.cols.contains(&Some(Col::Complaint)).then_some(false)),
                    comment: self.comment(fields),
                })
            }
            Kind::Roster => {
                let hire = match self.get(fields, Col::Hire) {
                    Some(d) => Some(
                        parse_date(d)
                            .ok_or_else(|| ("hire_date".to_string(), Message::NotADate { value: d.into() }))?,
                    ),
                    None => None,
                };
                let leave = match self.get(fields, Col::Leave) {
                    Some(d) => Some(
                        parse_date(d)
                            .ok_or_else(|| ("leave_date".to_string(), Message::NotADate { value: d.into() }))?,
                    ),
                    None => None,
                };
                let part_time = self.get(fields, Col::Employment).map(|e| {
                    let n = normalize_value(e);
                    n.contains("PART") || n.contains("兼职") || n == "PT"
                });
                let agent = need_agent()?;
                let mut targets: Vec<TargetRow> = Vec::new();
                for (i, kpi, floor) in &self.target_cols {
                    let raw = fields.get(*i).map_or("", |s| s.trim());
                    if raw.is_empty() {
                        continue;
                    }
                    let v =
                        parse_number(raw).ok_or_else(|| (kpi.clone(), Message::NotANumber { value: raw.into() }))?;
                    let row = match targets.iter_mut().find(|t| &t.kpi == kpi) {
                        Some(t) => t,
                        None => {
                            let t = TargetRow {
                                agent: agent.clone(),
                                kpi: kpi.clone(),
                                target: None,
                                floor: None,
                                period: None,
                            };
                            targets.push(t);
                            targets.last_mut().expect("just pushed")
                        }
                    };
                    if *floor {
                        row.floor = Some(v);
                    } else {
                        row.target = Some(v);
                    }
                }
                PeopleRecord::Roster(RosterRow {
                    agent,
                    name: s(Col::Name),
                    team: s(Col::Team),
                    leader: s(Col::Leader),
                    part_time,
                    hire,
                    leave,
                    targets,
                })
            }
            Kind::Attendance => {
                let date = date.ok_or_else(|| ("date".to_string(), Message::NoDateOnRow))?;
                let scheduled = self.num(fields, Col::Scheduled)?;
                let status = self.get(fields, Col::Status).map(normalize_value);
                let absent_status = status.as_deref().is_some_and(|s| {
                    s.contains("ABSENT")
                        || s.contains("缺勤")
                        || s.contains("旷工")
                        || s.contains("病假")
                        || s.contains("事假")
                        || s == "SICK"
                });
                let late_status = status.as_deref().is_some_and(|s| s.contains("LATE") || s.contains("迟到"));
                let scheduled_h = scheduled.unwrap_or(8.0);
                let absent_h = match self.num(fields, Col::Absent)? {
                    Some(h) => h,
                    None if absent_status => scheduled_h,
                    None => 0.0,
                };
                if absent_h < 0.0 || scheduled_h < 0.0 || absent_h > scheduled_h + 1e-9 {
                    return Err((
                        "absent_hours".into(),
                        Message::AbsentOverScheduled { absent: absent_h, scheduled: scheduled_h },
                    ));
                }
                let late_min = self.num(fields, Col::Late)?.unwrap_or(0.0);
                PeopleRecord::Attendance(AttendanceRow {
                    agent: need_agent()?,
                    date,
                    scheduled_h,
                    absent_h,
                    late: late_min > 0.0 || late_status,
                })
            }
            Kind::Ratings => {
                let agent = need_agent()?;
                let rater = s(Col::Rater).or_else(|| s(Col::Evaluator));
                let mut rows = Vec::new();
                if self.items.is_empty() {
                    let dim = s(Col::Dimension).ok_or_else(|| ("dimension".to_string(), Message::NoDimensionOnRow))?;
                    let score =
                        self.num(fields, Col::Score)?.ok_or_else(|| ("score".to_string(), Message::NoScoreOnRow))?;
                    rows.push(RatingRow { agent, rater, dimension: dim, score, date });
                } else {
                    for (i, name, _) in &self.items {
                        let raw = fields.get(*i).map_or("", |s| s.trim());
                        if raw.is_empty() {
                            continue;
                        }
                        let mut score = parse_number(raw)
                            .ok_or_else(|| (name.clone(), Message::NotANumber { value: raw.into() }))?;
                        let mut dimension = name.clone();
                        if let Some((id, rate)) = chat_metric(name) {
                            dimension = id.to_string();
                            if rate && (raw.trim_end().ends_with(['%', '％']) || score > 1.0) {
                                score /= 100.0;
                            }
                        }
                        rows.push(RatingRow {
                            agent: agent.clone(),
                            rater: rater.clone(),
                            dimension,
                            score,
                            date: date.clone(),
                        });
                    }
                }
                if rows.is_empty() {
                    return Ok(None);
                }
                PeopleRecord::Ratings(rows)
            }
            Kind::Targets => {
                let agent = need_agent()?;
                let raw_kpi = s(Col::Kpi).ok_or_else(|| ("kpi".to_string(), Message::NoKpiOnRow))?;
                let target = self.num(fields, Col::Target)?;
                let floor = self.num(fields, Col::Floor)?;
                if target.is_none() && floor.is_none() {
                    return Ok(None);
                }
                let period = match self.get(fields, Col::Period) {
                    Some(p) => Some(
                        parse_month(p).ok_or_else(|| ("period".to_string(), Message::NotAMonth { value: p.into() }))?,
                    ),
                    None => None,
                };
                PeopleRecord::Target(TargetRow { agent, kpi: kpi_id(&raw_kpi), target, floor, period })
            }
        }))
    }
}

/// A roster column that holds the agent's own target or floor: `target:KPI`, `目标:KPI`,
/// `floor:KPI`, `保底:KPI` (full-width colon too). Returns the KPI id and whether it is a floor.
fn target_column(header: &str) -> Option<(String, bool)> {
    let h = header.trim_start_matches('\u{feff}').trim().replace('：', ":");
    let (prefix, kpi) = h.split_once(':')?;
    let floor = match prefix.trim().to_lowercase().as_str() {
        "target" | "目标" => false,
        "floor" | "保底" => true,
        _ => return None,
    };
    let kpi = kpi.trim();
    (!kpi.is_empty()).then(|| (kpi_id(kpi), floor))
}

/// A KPI as a targets file names it: a catalogue id, or a catalogue name in English or Chinese
/// (平均处理时长 → `aht`); anything else (`rating:德`, `net_handled` …) as written.
fn kpi_id(s: &str) -> String {
    let s = s.trim();
    let n = normalize_header(s);
    CATALOG
        .iter()
        .find(|d| d.kpi.id() == s || normalize_header(d.name.en) == n || normalize_header(d.name.zh) == n)
        .map_or_else(|| s.to_string(), |d| d.kpi.id().to_string())
}

/// An appraisal month: `2024-02`, `2024/2`, `202402`, `2024年2月` → `2024-02`.
fn parse_month(s: &str) -> Option<String> {
    let t = s.trim().trim_end_matches('月');
    let (y, m) = if let Some((y, m)) = t.split_once(['-', '/', '.', '年']) {
        (y.trim().parse::<i32>().ok()?, m.trim().parse::<u32>().ok()?)
    } else if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        (t[..4].parse().ok()?, t[4..].parse().ok()?)
    } else {
        return None;
    };
    ((1000..=9999).contains(&y) && (1..=12).contains(&m)).then(|| format!("{y:04}-{m:02}"))
}

fn col_name(c: Col) -> &'static str {
    match c {
        Col::Csat => "csat",
        Col::Nps => "nps",
        Col::Ces => "ces",
        Col::Max => "max",
        Col::Weight => "weight",
        Col::Scheduled => "scheduled_hours",
        Col::Absent => "absent_hours",
        Col::Late => "late_minutes",
        Col::Score => "score",
        Col::Target => "target",
        Col::Floor => "floor",
        _ => "value",
    }
}

/// A number, allowing a trailing % (taken as written: "95%" → 95) and full-width digits.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let t: String = s
        .trim()
        .trim_end_matches(['%', '％', '分'])
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .collect();
    t.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A checklist answer: yes/no, N/A, or points.
pub(crate) fn parse_item(raw: &str) -> Option<ItemValue> {
    let n = normalize_value(raw);
    match n.as_str() {
        "" | "NA" | "N/A" | "N.A." | "-" | "不适用" | "无需" | "不涉及" => Some(ItemValue::Na),
        "Y" | "YES" | "PASS" | "TRUE" | "是" | "通过" | "合格" | "达标" | "√" | "✓" => Some(ItemValue::Yes),
        "N" | "NO" | "FAIL" | "FALSE" | "否" | "不通过" | "不合格" | "未达标" | "×" | "✗" => {
            Some(ItemValue::No)
        }
        _ => parse_number(raw).filter(|v| *v >= 0.0).map(ItemValue::Num),
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` or `YYYYMMDD`, optionally followed by a time.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let d = s.trim().split([' ', 'T']).next()?;
    let parts: Vec<&str> = d.split(['-', '/', '.']).collect();
    let (y, m, day) = if parts.len() == 3 {
        (parts[0].parse::<i32>().ok()?, parts[1].parse::<u32>().ok()?, parts[2].parse::<u32>().ok()?)
    } else if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) {
        (d[..4].parse().ok()?, d[4..6].parse().ok()?, d[6..].parse().ok()?)
    } else {
        return None;
    };
    chrono::NaiveDate::from_ymd_opt(y, m, day).map(crate::model::time::ymd)
}
