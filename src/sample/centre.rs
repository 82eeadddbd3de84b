//! Fixed shape of the centre: the time units of the simulation, the arrival profile over the day
//! and the week, the queues with their talk times, and every fixed text of the output (team and
//! agent names, outcome and yes/no labels) in both languages.
//!
//! These are the constants a user of the sample would tune to make a different centre, so they
//! sit together, apart from the roster and the simulation that use them.

use super::{HEADER_EN, HEADER_ZH};

/// Seconds in a day; times in the simulation are seconds from midnight of the first day.
pub(super) const DAY: i64 = 86_400;
/// Planning interval: shifts start and end on half-hours.
pub(super) const SLOT: i64 = 1_800;
/// Half-hour slots in a day.
pub(super) const SLOTS_PER_DAY: usize = 48;
/// Arrival rates are piecewise constant over 5-minute steps (smooth enough, cheap to draw).
pub(super) const STEP: i64 = 300;

/// Relative arrival intensity per half-hour (00:00, 00:30, …): quiet night, a morning peak at
/// about 10:00, a lunch dip and an afternoon peak at about 14:30, a long tail into the evening.
const HALF_HOUR_SHAPE: [f64; SLOTS_PER_DAY] = [
    0.60, 0.45, 0.35, 0.30, 0.25, 0.22, 0.20, 0.20, 0.20, 0.22, 0.30, 0.40, // 00:00–05:30
    0.60, 0.90, 2.00, 3.00, 4.50, 6.50, 8.50, 9.80, 10.5, 10.2, 9.40, 8.30, // 06:00–11:30
    6.60, 6.00, 6.80, 8.00, 9.00, 9.50, 9.20, 8.60, 7.90, 7.00, 6.00, 5.00, // 12:00–17:30
    4.30, 3.90, 3.70, 3.50, 3.20, 2.80, 2.40, 2.00, 1.50, 1.20, 1.00, 0.80, // 18:00–23:30
];

/// Volume by weekday, Monday first; Monday–Friday average 1.
pub(super) const WEEKDAY_FACTOR: [f64; 7] = [1.15, 1.03, 0.97, 0.94, 0.91, 0.50, 0.42];

/// Share of all calls that end in self-service, by day and at night (balance enquiries at 2 am).
pub(super) const IVR_SHARE_DAY: f64 = 0.08;
/// Self-service share at night (before 07:00 and from 22:00).
pub(super) const IVR_SHARE_NIGHT: f64 = 0.25;

/// One queue (skill group): its name in each language, its share of the calls and its talk time.
pub(super) struct QueueDef {
    /// Name in the English output.
    pub(super) en: &'static str,
    /// Name in the Chinese output.
    pub(super) zh: &'static str,
    /// Share of offered calls on weekdays and on weekends (business lines are quiet at weekends).
    pub(super) share_weekday: f64,
    /// Weekend share (see `share_weekday`).
    pub(super) share_weekend: f64,
    /// Mean talk time, seconds, and the lognormal shape.
    pub(super) talk_mean: f64,
    /// Shape (σ of the underlying normal) of the talk-time lognormal.
    pub(super) talk_sigma: f64,
}

/// The queues; weekday and weekend shares each sum to 1.
pub(super) const QUEUES: [QueueDef; 4] = [
    QueueDef {
        en: "Credit cards",
        zh: "信用卡",
        share_weekday: 0.45,
        share_weekend: 0.52,
        talk_mean: 180.0,
        talk_sigma: 0.75,
    },
    QueueDef {
        en: "Retail",
        zh: "个人业务",
        share_weekday: 0.30,
        share_weekend: 0.33,
        talk_mean: 210.0,
        talk_sigma: 0.70,
    },
    QueueDef {
        en: "Business",
        zh: "企业业务",
        share_weekday: 0.15,
        share_weekend: 0.04,
        talk_mean: 290.0,
        talk_sigma: 0.65,
    },
    QueueDef {
        en: "Complaints",
        zh: "投诉",
        share_weekday: 0.10,
        share_weekend: 0.11,
        talk_mean: 350.0,
        talk_sigma: 0.60,
    },
];

/// Share of answered calls with the caller put on hold.
pub(super) const HOLD_SHARE: f64 = 0.15;
/// Mean hold time, seconds, of calls with a hold.
pub(super) const HOLD_MEAN: f64 = 60.0;
/// Share of answered calls transferred.
pub(super) const TRANSFER_SHARE: f64 = 0.05;
/// ACW is uniform 10–60 s, scaled by the agent's speed.
pub(super) const ACW_MIN: i64 = 10;
/// Upper end of the ACW range (see [`ACW_MIN`]).
pub(super) const ACW_MAX: i64 = 60;
/// Caller patience: lognormal with this mean (s); a heavy right tail reaches the 300 s timeout.
pub(super) const PATIENCE_MEAN: f64 = 150.0;
/// Shape of the patience lognormal (see [`PATIENCE_MEAN`]).
pub(super) const PATIENCE_SIGMA: f64 = 1.0;

/// Team names in the English output; agents are spread over up to five teams.
pub(super) const TEAMS_EN: [&str; 5] = ["Team North", "Team South", "Team East", "Team West", "Team Central"];
/// Team names in the Chinese output.
pub(super) const TEAMS_ZH: [&str; 5] = ["A组", "B组", "C组", "D组", "E组"];

/// Chinese surnames; combined with [`CN_GIVEN`] for about 70 % of agents.
pub(super) const CN_SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高",
    "罗",
];
/// Chinese given names.
pub(super) const CN_GIVEN: [&str; 30] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "晓东", "婷", "雪", "欣怡", "子豪", "浩然", "佳怡", "思远",
];
/// English first names; combined with [`EN_LAST`] for about 30 % of agents.
pub(super) const EN_FIRST: [&str; 20] = [
    "Emma", "Olivia", "James", "Liam", "Sophia", "Noah", "Mia", "Lucas", "Grace", "Daniel", "Chloe", "Ethan", "Amy",
    "Ryan", "Lily", "Jack", "Zoe", "Oscar", "Ella", "Henry",
];
/// English last names.
pub(super) const EN_LAST: [&str; 20] = [
    "Clark", "Smith", "Brown", "Wilson", "Taylor", "Lee", "Walker", "Hall", "Young", "King", "Wright", "Green",
    "Baker", "Adams", "Nelson", "Hill", "Carter", "Mitchell", "Turner", "Parker",
];
/// Mobile prefixes, plus three city area codes (landlines: 0 + area + 8 digits = 11 digits too).
pub(super) const PHONE_PREFIXES: [u64; 16] =
    [130, 131, 135, 136, 137, 138, 139, 150, 152, 158, 176, 186, 188, 189, 21, 10];

/// Outcome and yes/no labels per language.
pub(super) struct Labels {
    /// The header row, without the line end.
    pub(super) header: &'static str,
    /// Outcome of answered calls.
    pub(super) answered: &'static str,
    /// Outcome of calls the caller gave up on.
    pub(super) abandoned: &'static str,
    /// Outcome of calls the queue timed out.
    pub(super) timeout: &'static str,
    /// Outcome of self-service calls.
    pub(super) ivr: &'static str,
    /// `transferred` of transferred calls.
    pub(super) yes: &'static str,
    /// `transferred` of all other calls.
    pub(super) no: &'static str,
}

/// Labels of the English output.
pub(super) const LABELS_EN: Labels = Labels {
    header: HEADER_EN,
    answered: "ANSWERED",
    abandoned: "ABANDONED",
    timeout: "TIMEOUT",
    ivr: "IVR",
    yes: "Y",
    no: "N",
};
/// Labels of the Chinese output.
pub(super) const LABELS_ZH: Labels = Labels {
    header: HEADER_ZH,
    answered: "已接通",
    abandoned: "放弃",
    timeout: "超时",
    ivr: "自助服务",
    yes: "是",
    no: "否",
};

/// Share of a day's calls per half-hour slot.
pub(super) fn slot_shares() -> [f64; SLOTS_PER_DAY] {
    let total: f64 = HALF_HOUR_SHAPE.iter().sum();
    HALF_HOUR_SHAPE.map(|w| w / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields are written without quoting, and the GBK option must not need replacement characters.
    #[test]
    fn fixed_texts_need_no_quoting_and_exist_in_gbk() {
        let texts = QUEUES
            .iter()
            .flat_map(|q| [q.en, q.zh])
            .chain(TEAMS_EN)
            .chain(TEAMS_ZH)
            .chain(CN_SURNAMES)
            .chain(CN_GIVEN)
            .chain(EN_FIRST)
            .chain(EN_LAST)
            .chain(
                [LABELS_EN, LABELS_ZH].iter().flat_map(|l| [l.answered, l.abandoned, l.timeout, l.ivr, l.yes, l.no]),
            );
        for t in texts.chain([HEADER_EN, HEADER_ZH]) {
            assert!(!t.contains(['"', '\n', '\r']), "{t}");
            let (_, _, unmappable) = encoding_rs::GBK.encode(t);
            assert!(!unmappable, "{t}");
        }
    }
}
