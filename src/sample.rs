//! Synthetic call records: a realistic month (or decade) of a call centre, as CSV.
//!
//! The page's "try sample data" button and the benchmarks read these files, so the data must look
//! like a real centre *and* be cheap to make. It is produced by a small queueing simulation rather
//! than by drawing each column independently, so that waits, abandons, service level and agent
//! occupancy hang together the way they do in real logs:
//!
//! * arrivals are a Poisson process following a time-of-day curve (quiet at night, peaks at about
//!   10:00 and 14:30), a weekday effect (Monday busiest, weekends light), a little noise per
//!   half-hour, and a few unplanned busy days and surges;
//! * agents work planned shifts (full-time with a lunch hour, part-time, a small night team) with
//!   days off on a rota; staffing follows the expected curve but not the surprises, and a few agents
//!   are off sick each day, so service level varies from interval to interval;
//! * callers wait in one FIFO queue served by a shared pool of agents (longest-idle agent first) and
//!   hang up when their patience runs out or the queue times them out after 300 s;
//! * talk times are lognormal per queue and scaled per agent (one slow agent, one or two "fast" agents
//!   who cut many calls short: the short-call gaming signal);
//! * callers come from a customer pool in which some call again within days, and more so when their
//!   last call was not resolved, which makes first-call resolution meaningful.
//!
//! Simulation cost is O(log agents) per call (a binary heap of agents by the time they are next
//! free) and rows are formatted by hand into a reusable buffer, so output runs at disk speed.
//! Everything is drawn from one seeded PRNG: the same options give the same bytes.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Write};

use chrono::{Datelike, Days, NaiveDate};

/// Language of the header row and of the label columns (queue, team, outcome, transferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderLang {
    #[default]
    En,
    Zh,
}

/// Text encoding of the output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SampleEncoding {
    #[default]
    Utf8,
    /// What most Chinese PBX and CRM exports use; tests the engine's encoding detection.
    Gbk,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// Number of calendar days, starting at `start`.
    pub days: u32,
    /// Size of the agent roster (not all work every day).
    pub agents: u32,
    /// PRNG seed: the same options give byte-identical output.
    pub seed: u64,
    /// Offered calls on an average weekday (Mon–Fri, before busy-day surprises); IVR-only calls
    /// come on top. `None` = [`CALLS_PER_AGENT`] per agent.
    pub calls_per_day: Option<u32>,
    /// First day (local time, midnight).
    pub start: NaiveDate,
    pub lang: HeaderLang,
    pub encoding: SampleEncoding,
}

/// Offered calls per weekday per rostered agent when `calls_per_day` is not given. 40 agents give
/// about 2,600 on an average weekday and 3,000 on a Monday: with five-day weeks, lunch hours and a
/// night team, that keeps occupancy near 80 %, service level around 75 % in 20 s and abandons
/// around 7 %, with bad intervals well below that.
pub const CALLS_PER_AGENT: u32 = 65;

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            days: 30,
            agents: 40,
            seed: 1,
            calls_per_day: None,
            start: NaiveDate::from_ymd_opt(2026, 10, 1).expect("valid date"),
            lang: HeaderLang::En,
            encoding: SampleEncoding::Utf8,
        }
    }
}

impl SampleOptions {
    /// Offered calls on an average weekday.
    pub fn weekday_calls(&self) -> u32 {
        self.calls_per_day
            .unwrap_or(self.agents.saturating_mul(CALLS_PER_AGENT))
    }

    /// Roster size that keeps the default staffing ratio for `calls_per_day` offered calls a day.
    pub fn agents_for_calls(calls_per_day: u32) -> u32 {
        calls_per_day.div_ceil(CALLS_PER_AGENT).max(1)
    }
}

/// Counts of what was written, for tests and for the command's closing message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleSummary {
    /// Data rows (the header is not counted).
    pub rows: u64,
    /// Self-service calls that never asked for an agent (not offered).
    pub ivr: u64,
    /// Calls that reached the agent queue: answered + abandoned + timed out.
    pub offered: u64,
    pub answered: u64,
    pub abandoned: u64,
    pub timed_out: u64,
    pub transferred: u64,
    /// Answered with wait ≤ 20 s (the default service-level threshold).
    pub answered_within_20s: u64,
    /// Bytes written to the output, header included, after encoding.
    pub bytes: u64,
}

/// The English header: the engine's column recognition relies on exactly these names.
pub const HEADER_EN: &str =
    "call_id,arrival_time,answer_time,end_time,queue,agent,agent_name,team,caller,wait,talk,hold,acw,outcome,transferred";
/// The Chinese header, same columns in the same order.
pub const HEADER_ZH: &str =
    "通话ID,来电时间,应答时间,结束时间,技能组,座席工号,座席姓名,班组,主叫号码,排队时长,通话时长,保持时长,事后处理时长,呼叫结果,是否转接";

/// Callers still waiting after this many seconds leave the queue (outcome TIMEOUT).
pub const QUEUE_TIMEOUT_S: i64 = 300;

/// Writes the header and one row per call, in arrival order, to `out`.
///
/// Output is assembled in a 64 KiB buffer of whole rows and handed to `out` in large writes, so
/// `out` need not be buffered. Memory stays bounded
/// whatever `days` is.
pub fn write_sample<W: Write>(opts: &SampleOptions, out: W) -> io::Result<SampleSummary> {
    let mut sim = Simulation::new(opts, out);
    sim.run()?;
    Ok(sim.summary)
}

// ---------------------------------------------------------------------------------------------
// Fixed shape of the centre

const DAY: i64 = 86_400;
/// Planning interval: shifts start and end on half-hours.
const SLOT: i64 = 1_800;
const SLOTS_PER_DAY: usize = 48;
/// Arrival rates are piecewise constant over 5-minute steps (smooth enough, cheap to draw).
const STEP: i64 = 300;

/// Relative arrival intensity per half-hour (00:00, 00:30, …): quiet night, a morning peak at
/// about 10:00, a lunch dip and an afternoon peak at about 14:30, a long tail into the evening.
const HALF_HOUR_SHAPE: [f64; SLOTS_PER_DAY] = [
    0.60, 0.45, 0.35, 0.30, 0.25, 0.22, 0.20, 0.20, 0.20, 0.22, 0.30, 0.40, // 00:00–05:30
    0.60, 0.90, 2.00, 3.00, 4.50, 6.50, 8.50, 9.80, 10.5, 10.2, 9.40, 8.30, // 06:00–11:30
    6.60, 6.00, 6.80, 8.00, 9.00, 9.50, 9.20, 8.60, 7.90, 7.00, 6.00, 5.00, // 12:00–17:30
    4.30, 3.90, 3.70, 3.50, 3.20, 2.80, 2.40, 2.00, 1.50, 1.20, 1.00, 0.80, // 18:00–23:30
];

/// Volume by weekday, Monday first; Monday–Friday average 1.
const WEEKDAY_FACTOR: [f64; 7] = [1.15, 1.03, 0.97, 0.94, 0.91, 0.50, 0.42];

/// Share of all calls that end in self-service, by day and at night (balance enquiries at 2 am).
const IVR_SHARE_DAY: f64 = 0.08;
const IVR_SHARE_NIGHT: f64 = 0.25;

struct QueueDef {
    en: &'static str,
    zh: &'static str,
    /// Share of offered calls on weekdays and on weekends (business lines are quiet at weekends).
    share_weekday: f64,
    share_weekend: f64,
    /// Mean talk time, seconds, and the lognormal shape.
    talk_mean: f64,
    talk_sigma: f64,
}

const QUEUES: [QueueDef; 4] = [
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

const HOLD_SHARE: f64 = 0.15;
const HOLD_MEAN: f64 = 60.0;
const TRANSFER_SHARE: f64 = 0.05;
/// ACW is uniform 10–60 s, scaled by the agent's speed.
const ACW_MIN: i64 = 10;
const ACW_MAX: i64 = 60;
/// Caller patience: lognormal with this mean (s); a heavy right tail reaches the 300 s timeout.
const PATIENCE_MEAN: f64 = 150.0;
const PATIENCE_SIGMA: f64 = 1.0;

const TEAMS_EN: [&str; 5] = [
    "Team North",
    "Team South",
    "Team East",
    "Team West",
    "Team Central",
];
const TEAMS_ZH: [&str; 5] = ["A组", "B组", "C组", "D组", "E组"];

const CN_SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const CN_GIVEN: [&str; 30] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "晓东", "婷", "雪", "欣怡", "子豪", "浩然", "佳怡",
    "思远",
];
const EN_FIRST: [&str; 20] = [
    "Emma", "Olivia", "James", "Liam", "Sophia", "Noah", "Mia", "Lucas", "Grace", "Daniel",
    "Chloe", "Ethan", "Amy", "Ryan", "Lily", "Jack", "Zoe", "Oscar", "Ella", "Henry",
];
const EN_LAST: [&str; 20] = [
    "Clark", "Smith", "Brown", "Wilson", "Taylor", "Lee", "Walker", "Hall", "Young", "King",
    "Wright", "Green", "Baker", "Adams", "Nelson", "Hill", "Carter", "Mitchell", "Turner",
    "Parker",
];
/// Mobile prefixes, plus three city area codes (landlines: 0 + area + 8 digits = 11 digits too).
const PHONE_PREFIXES: [u64; 16] = [
    130, 131, 135, 136, 137, 138, 139, 150, 152, 158, 176, 186, 188, 189, 21, 10,
];

/// Outcome and yes/no labels per language.
struct Labels {
    header: &'static str,
    answered: &'static str,
    abandoned: &'static str,
    timeout: &'static str,
    ivr: &'static str,
    yes: &'static str,
    no: &'static str,
}

const LABELS_EN: Labels = Labels {
    header: HEADER_EN,
    answered: "ANSWERED",
    abandoned: "ABANDONED",
    timeout: "TIMEOUT",
    ivr: "IVR",
    yes: "Y",
    no: "N",
};
const LABELS_ZH: Labels = Labels {
    header: HEADER_ZH,
    answered: "已接通",
    abandoned: "放弃",
    timeout: "超时",
    ivr: "自助服务",
    yes: "是",
    no: "否",
};

// ---------------------------------------------------------------------------------------------
// PRNG: xoshiro256++ seeded by splitmix64. Small, fast, and stable across platforms and crate
// versions, which is what byte-identical output for a seed needs.

struct Rng {
    s: [u64; 4],
    spare_normal: Option<f64>,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
            spare_normal: None,
        }
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (multiply-shift; the bias is below 2^-40 for the n used here).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform integer in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Exponential with the given mean.
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Standard normal (Box–Muller, keeping the second value for the next call).
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let r = (-2.0 * (1.0 - self.unit()).ln()).sqrt();
        let theta = std::f64::consts::TAU * self.unit();
        self.spare_normal = Some(r * theta.sin());
        r * theta.cos()
    }

    /// Lognormal with the given mean (not median) and shape.
    fn lognormal(&mut self, mean: f64, sigma: f64) -> f64 {
        let mu = mean.ln() - sigma * sigma / 2.0;
        (mu + sigma * self.normal()).exp()
    }
}

// ---------------------------------------------------------------------------------------------
// Roster and shift plan

#[derive(Clone, Copy, PartialEq, Eq)]
enum Contract {
    FullTime,
    PartTime,
    Night,
}

struct Agent {
    /// `id,name,team` already formatted for the CSV.
    csv_fields: String,
    contract: Contract,
    /// Multiplies talk and ACW: 1.0 is average.
    speed: f64,
    /// Share of calls this agent cuts short (< 10 s): the gaming signal a scorecard should catch.
    short_call_rate: f64,
    off_days: [bool; 7],
}

/// One agent's shift on one weekday, in half-hour slots from midnight.
#[derive(Clone, Copy)]
struct PlannedShift {
    agent: u32,
    start_slot: i64,
    len_slots: i64,
    /// Lunch (or the night break) begins this many slots into the shift; lasts one hour.
    break_offset: Option<i64>,
}

const FULL_TIME_SLOTS: i64 = 18; // 9 h including a 1 h lunch
const PART_TIME_SLOTS: i64 = 10; // 5 h, no lunch
const FIRST_DAY_SLOT: i64 = 14; // 07:00
const NIGHT_START_SLOT: i64 = 46; // 23:00 → 08:00 next day

/// Mean handle time used to plan staffing (talk + hold + ACW, weekday mix).
fn planning_aht() -> f64 {
    let talk: f64 = QUEUES.iter().map(|q| q.share_weekday * q.talk_mean).sum();
    talk + HOLD_SHARE * HOLD_MEAN + (ACW_MIN + ACW_MAX) as f64 / 2.0
}

/// Share of a day's calls per half-hour slot.
fn slot_shares() -> [f64; SLOTS_PER_DAY] {
    let total: f64 = HALF_HOUR_SHAPE.iter().sum();
    HALF_HOUR_SHAPE.map(|w| w / total)
}

/// Builds the roster: names, teams, contracts, speeds, days off.
fn build_roster(rng: &mut Rng, agents: u32, weekday_calls: u32, lang: HeaderLang) -> Vec<Agent> {
    let n = agents as usize;
    let shares = slot_shares();
    // Night team: enough for the average night load (00:00–07:00) on most nights, given 5 of 7.
    let night_load = weekday_calls as f64 * shares[..14].iter().sum::<f64>() / 14.0
        * planning_aht()
        / SLOT as f64;
    let night_needed = (night_load + 0.5 * night_load.sqrt()).ceil() * 7.0 / 5.0;
    let n_night = if n >= 10 {
        (night_needed.round() as usize).min(n / 5)
    } else {
        0
    };

    // Names: roughly 70 % Chinese, 30 % English, walked through the combinations with a prime
    // stride so neighbours differ; unique up to 600 Chinese and 400 English names.
    let cn_offset = rng.below(600) as usize;
    let en_offset = rng.below(400) as usize;
    let (mut cn_used, mut en_used) = (0usize, 0usize);
    let teams = n.div_ceil(8).clamp(1, 5);
    let mut roster = Vec::with_capacity(n);
    for i in 0..n {
        // Agent 2 is always English and agent 1 Chinese, so even small rosters have both.
        let english = match i {
            0 => false,
            1 => true,
            _ => rng.chance(0.3),
        };
        let name = if english {
            let k = (en_offset + en_used * 7) % 400;
            en_used += 1;
            format!("{} {}", EN_FIRST[k % 20], EN_LAST[(k / 20 + k) % 20])
        } else {
            let k = (cn_offset + cn_used * 7) % 600;
            cn_used += 1;
            format!("{}{}", CN_SURNAMES[k % 20], CN_GIVEN[(k / 20 + k) % 30])
        };
        let team = match lang {
            HeaderLang::En => TEAMS_EN[i % teams],
            HeaderLang::Zh => TEAMS_ZH[i % teams],
        };
        roster.push(Agent {
            csv_fields: format!("{},{},{}", 1001 + i, name, team),
            contract: Contract::FullTime,
            speed: rng.lognormal(1.0, 0.15),
            short_call_rate: 0.0,
            off_days: [false; 7],
        });
    }

    // Contracts and the odd ones out, on a shuffled order so they are spread over ids and teams.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let n_part = (n - n_night) / 10;
    for (k, &i) in order.iter().enumerate() {
        let a = &mut roster[i];
        if k < n_night {
            a.contract = Contract::Night;
        } else if k < n_night + n_part {
            a.contract = Contract::PartTime;
        }
    }
    let day_full: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| roster[i].contract == Contract::FullTime)
        .collect();
    if n >= 5 {
        if let Some(&slow) = day_full.first() {
            roster[slow].speed = 1.7;
        }
    }
    let n_fast = if n >= 20 {
        2
    } else if n >= 8 {
        1
    } else {
        0
    };
    for &fast in day_full.iter().skip(1).take(n_fast) {
        roster[fast].speed = 0.75;
        roster[fast].short_call_rate = rng.uniform(0.25, 0.4);
    }

    // Days off: everyone works 5 of 7 days; day staff are rostered so that headcount per weekday
    // follows the weekday volume, the night team evenly.
    let day_ids: Vec<usize> = (0..n)
        .filter(|&i| roster[i].contract != Contract::Night)
        .collect();
    let night_ids: Vec<usize> = (0..n)
        .filter(|&i| roster[i].contract == Contract::Night)
        .collect();
    for (ids, weights) in [(day_ids, WEEKDAY_FACTOR), (night_ids, [1.0; 7])] {
        let offs = days_off_rota(rng, ids.len(), &weights);
        for (i, off) in ids.into_iter().zip(offs) {
            roster[i].off_days = off;
        }
    }
    roster
}

/// Two days off per person, chosen so that the number at work on each weekday is proportional to
/// `weights`.
fn days_off_rota(rng: &mut Rng, n: usize, weights: &[f64; 7]) -> Vec<[bool; 7]> {
    let sum: f64 = weights.iter().sum();
    let mut off_left: [i64; 7] =
        weights.map(|w| n as i64 - (5.0 * n as f64 * w / sum).round().min(n as f64) as i64);
    let mut result = Vec::with_capacity(n);
    for _ in 0..n {
        let mut off = [false; 7];
        for _ in 0..2 {
            let first = rng.below(7) as usize; // random tie-break
            let day = (0..7)
                .map(|k| (first + k) % 7)
                .filter(|&d| !off[d])
                .max_by_key(|&d| off_left[d])
                .expect("seven days");
            off[day] = true;
            off_left[day] -= 1;
        }
        result.push(off);
    }
    result
}

/// Plans the shifts of one weekday: night agents on the night shift; each day agent at the start
/// (and lunch time) that adds most cover where the expected load per agent is highest. The result
/// follows the curve roughly, as a planner's would, without knowing the day's surprises.
fn plan_weekday(roster: &[Agent], weekday: usize, weekday_calls: u32) -> Vec<PlannedShift> {
    let shares = slot_shares();
    let aht = planning_aht();
    // Agents wanted per slot by square-root staffing (load + √load), which is what an 80/20
    // target needs roughly; quiet hours need relatively more agents than busy ones.
    let wanted: Vec<f64> = shares
        .iter()
        .map(|s| {
            let load = weekday_calls as f64 * WEEKDAY_FACTOR[weekday] * s * aht / SLOT as f64;
            load + load.sqrt()
        })
        .collect();
    let mut cover = [0.0f64; SLOTS_PER_DAY];
    let mut plan = Vec::new();
    let working = |c: Contract| {
        roster
            .iter()
            .enumerate()
            .filter(move |(_, a)| a.contract == c && !a.off_days[weekday])
            .map(|(i, _)| i as u32)
    };
    // Night breaks staggered (01:30, 02:30, 03:30) so the line is never left empty.
    for (k, agent) in working(Contract::Night).enumerate() {
        let break_offset = Some(5 + 2 * (k as i64 % 3));
        plan.push(PlannedShift {
            agent,
            start_slot: NIGHT_START_SLOT,
            len_slots: FULL_TIME_SLOTS,
            break_offset,
        });
    }
    // Full-timers first: they are the less flexible ones; part-timers then fill the peaks.
    for (contract, len, breaks) in [
        (Contract::FullTime, FULL_TIME_SLOTS, &[7i64, 8, 9][..]),
        (Contract::PartTime, PART_TIME_SLOTS, &[][..]),
    ] {
        for agent in working(contract) {
            let mut best = (f64::MIN, FIRST_DAY_SLOT, None);
            for start in FIRST_DAY_SLOT..=(SLOTS_PER_DAY as i64 - len) {
                let options: Vec<Option<i64>> = if breaks.is_empty() {
                    vec![None]
                } else {
                    breaks.iter().map(|&b| Some(b)).collect()
                };
                for brk in options {
                    let value: f64 = (0..len)
                        .filter(|&k| brk.is_none_or(|b| k != b && k != b + 1))
                        .map(|k| {
                            let s = (start + k) as usize;
                            // Fill shortfalls first, then spread the rest in proportion.
                            (wanted[s] - cover[s]).clamp(0.0, 1.0)
                                + 0.1 * wanted[s] / (cover[s] + 1.0)
                        })
                        .sum();
                    if value > best.0 {
                        best = (value, start, brk);
                    }
                }
            }
            let (_, start, brk) = best;
            for k in 0..len {
                if brk.is_none_or(|b| k != b && k != b + 1) {
                    cover[(start + k) as usize] += 1.0;
                }
            }
            plan.push(PlannedShift {
                agent,
                start_slot: start,
                len_slots: len,
                break_offset: brk,
            });
        }
    }
    plan
}

// ---------------------------------------------------------------------------------------------
// Simulation

/// The text pieces of a row, encoded once up front. Rows are then assembled from these and ASCII
/// digits, so GBK output costs no more than UTF-8 (encoding_rs encodes Chinese into GBK slowly:
/// encoding whole buffers ran at about a seventh of the UTF-8 speed).
struct Texts {
    header: Vec<u8>,
    queues: [Vec<u8>; 4],
    /// `id,name,team` per agent.
    agents: Vec<Vec<u8>>,
    answered: Vec<u8>,
    abandoned: Vec<u8>,
    timeout: Vec<u8>,
    ivr: Vec<u8>,
    yes: Vec<u8>,
    no: Vec<u8>,
}

impl Texts {
    fn new(opts: &SampleOptions, roster: &[Agent]) -> Texts {
        let encode = |s: &str| -> Vec<u8> {
            match opts.encoding {
                SampleEncoding::Utf8 => s.as_bytes().to_vec(),
                SampleEncoding::Gbk => {
                    let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
                    debug_assert!(!unmappable, "every generated character exists in GBK: {s}");
                    bytes.into_owned()
                }
            }
        };
        let (labels, queues) = match opts.lang {
            HeaderLang::En => (&LABELS_EN, QUEUES.each_ref().map(|q| q.en)),
            HeaderLang::Zh => (&LABELS_ZH, QUEUES.each_ref().map(|q| q.zh)),
        };
        Texts {
            header: encode(labels.header),
            queues: queues.map(encode),
            agents: roster.iter().map(|a| encode(&a.csv_fields)).collect(),
            answered: encode(labels.answered),
            abandoned: encode(labels.abandoned),
            timeout: encode(labels.timeout),
            ivr: encode(labels.ivr),
            yes: encode(labels.yes),
            no: encode(labels.no),
        }
    }
}

/// An agent on shift, keyed by when they are next free to take a call.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct OnShift {
    free_at: i64,
    agent: u32,
    end: i64,
    break_at: i64,
    break_len: i64,
    break_taken: bool,
}

/// A fixed-size ring of recent callers, to draw repeat callers from.
struct CallerRing {
    items: Vec<u64>,
    next: usize,
    cap: usize,
}

impl CallerRing {
    fn new(cap: usize) -> CallerRing {
        CallerRing {
            items: Vec::with_capacity(cap),
            next: 0,
            cap: cap.max(1),
        }
    }

    fn push(&mut self, caller: u64) {
        if self.items.len() < self.cap {
            self.items.push(caller);
        } else {
            self.items[self.next] = caller;
            self.next = (self.next + 1) % self.cap;
        }
    }

    fn pick(&self, rng: &mut Rng) -> Option<u64> {
        if self.items.is_empty() {
            None
        } else {
            Some(self.items[rng.below(self.items.len() as u64) as usize])
        }
    }
}

/// How a call ended.
enum Outcome {
    Ivr,
    Answered {
        answer: i64,
        agent: u32,
        talk: i64,
        hold: i64,
        acw: i64,
        transferred: bool,
    },
    Abandoned {
        wait: i64,
    },
    TimedOut,
}

struct Simulation<'a, W: Write> {
    opts: &'a SampleOptions,
    out: W,
    rng: Rng,
    /// Every non-numeric piece of a row, already in the output encoding (see [`Texts`]).
    text: Texts,
    roster: Vec<Agent>,
    plans: [Vec<PlannedShift>; 7],
    heap: BinaryHeap<Reverse<OnShift>>,
    /// Everyone who called recently (repeat callers for any reason, over about two days).
    recent: CallerRing,
    /// Callers whose last call did not settle things (abandoned, timed out, cut short): they are
    /// the likeliest to call back, usually within hours.
    unresolved: CallerRing,
    /// `YYYY-MM-DD` per day index, for days + a margin (calls can end after midnight).
    dates: Vec<[u8; 10]>,
    /// Arrival density per 5-minute step (share of the day's calls per second), smoothed.
    step_density: Vec<f64>,
    buf: Vec<u8>,
    summary: SampleSummary,
}

const FLUSH_AT: usize = 64 * 1024;

impl<'a, W: Write> Simulation<'a, W> {
    fn new(opts: &'a SampleOptions, out: W) -> Self {
        let mut rng = Rng::new(opts.seed);
        let weekday_calls = opts.weekday_calls();
        let roster = build_roster(&mut rng, opts.agents, weekday_calls, opts.lang);
        let plans = std::array::from_fn(|wd| plan_weekday(&roster, wd, weekday_calls));
        let dates = (0..opts.days as u64 + 3)
            .map(|d| {
                let date = opts
                    .start
                    .checked_add_days(Days::new(d))
                    .unwrap_or(NaiveDate::MAX);
                let mut s = [0u8; 10];
                let text = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
                s.copy_from_slice(&text.as_bytes()[..10]);
                s
            })
            .collect();
        // Linear interpolation between half-hour centres, wrapping round midnight.
        let shares = slot_shares();
        let step_density = (0..DAY / STEP)
            .map(|k| {
                let t = (k * STEP + STEP / 2) as f64 / SLOT as f64 - 0.5; // in slots from the first centre
                let lo = t.floor();
                let frac = t - lo;
                let i = (lo as i64).rem_euclid(SLOTS_PER_DAY as i64) as usize;
                let j = (i + 1) % SLOTS_PER_DAY;
                (shares[i] * (1.0 - frac) + shares[j] * frac) / SLOT as f64
            })
            .collect();
        let text = Texts::new(opts, &roster);
        Simulation {
            opts,
            out,
            rng,
            text,
            roster,
            plans,
            heap: BinaryHeap::new(),
            recent: CallerRing::new(2 * weekday_calls as usize),
            unresolved: CallerRing::new((weekday_calls / 20) as usize),
            dates,
            step_density,
            buf: Vec::with_capacity(FLUSH_AT + 1024),
            summary: SampleSummary::default(),
        }
    }

    fn run(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(&self.text.header);
        self.buf.push(b'\n');
        for day in 0..self.opts.days as i64 {
            self.run_day(day)?;
        }
        self.flush()?;
        self.out.flush()
    }

    fn run_day(&mut self, day: i64) -> io::Result<()> {
        let date = self
            .opts
            .start
            .checked_add_days(Days::new(day as u64))
            .unwrap_or(NaiveDate::MAX);
        let weekday = date.weekday().num_days_from_monday() as usize;
        let weekend = weekday >= 5;
        if day == 0 {
            // The night shift that began the evening before, so the first night is staffed.
            self.start_shifts(-1, (weekday + 6) % 7);
        }
        self.start_shifts(day, weekday);
        self.run_day_calls(day, weekday, weekend)
    }

    /// Puts the agents planned for `day` (a `weekday`) on the heap, less the ~4 % off sick.
    fn start_shifts(&mut self, day: i64, weekday: usize) {
        let day_start = day * DAY;
        for i in 0..self.plans[weekday].len() {
            let p = self.plans[weekday][i];
            if self.rng.chance(0.04) {
                continue;
            }
            let start = day_start + p.start_slot * SLOT + self.rng.range(0, 120); // logins drift
            let end = day_start + (p.start_slot + p.len_slots) * SLOT;
            let (break_at, break_len) = match p.break_offset {
                Some(b) => (day_start + (p.start_slot + b) * SLOT, 3_600),
                None => (i64::MAX, 0),
            };
            self.heap.push(Reverse(OnShift {
                free_at: start,
                agent: p.agent,
                end,
                break_at,
                break_len,
                break_taken: p.break_offset.is_none(),
            }));
        }
    }

    fn run_day_calls(&mut self, day: i64, weekday: usize, weekend: bool) -> io::Result<()> {
        let day_start = day * DAY;
        // The day's volume: weekday effect, day-to-day noise, and the surprises the plan did not
        // know about (a busy day after a statement run, an outage surge of an hour or three).
        let mut volume = self.opts.weekday_calls() as f64
            * WEEKDAY_FACTOR[weekday]
            * self.rng.lognormal(1.0, 0.06);
        if self.rng.chance(0.08) {
            volume *= self.rng.uniform(1.1, 1.3);
        }
        let (surge_from, surge_to, surge_factor) = if self.rng.chance(0.1) {
            let from = self.rng.range(8 * 3600, 17 * 3600);
            (
                from,
                from + self.rng.range(3600, 3 * 3600),
                self.rng.uniform(1.3, 1.7),
            )
        } else {
            (0, 0, 1.0)
        };
        let slot_noise: [f64; SLOTS_PER_DAY] =
            std::array::from_fn(|_| self.rng.lognormal(1.0, 0.1));
        let ivr_mean = 0.1; // arrivals include IVR-only calls on top of `volume` offered
        let arrivals_per_day = volume / (1.0 - ivr_mean);

        let mut seq: u64 = 0;
        for step in 0..DAY / STEP {
            let from = step * STEP;
            let surge = if from >= surge_from && from < surge_to {
                surge_factor
            } else {
                1.0
            };
            let rate = arrivals_per_day
                * self.step_density[step as usize]
                * slot_noise[(from / SLOT) as usize]
                * surge;
            if rate <= 0.0 {
                continue;
            }
            // Poisson arrivals: exponential gaps; memorylessness lets each step restart at its edge.
            let mut t = from as f64;
            loop {
                t += self.rng.exp(1.0 / rate);
                if t >= (from + STEP) as f64 {
                    break;
                }
                seq += 1;
                let sod = t as i64;
                let night = !(7 * 3600..22 * 3600).contains(&sod);
                self.call(day as usize, seq, day_start + sod, night, weekend)?;
            }
        }
        Ok(())
    }

    /// Simulates one call and writes its row.
    fn call(
        &mut self,
        day: usize,
        seq: u64,
        arrival: i64,
        night: bool,
        weekend: bool,
    ) -> io::Result<()> {
        let caller = self.pick_caller();
        let ivr_share = if night {
            IVR_SHARE_NIGHT
        } else {
            IVR_SHARE_DAY
        };
        if self.rng.chance(ivr_share) {
            self.recent.push(caller);
            return self.write_row(day, seq, arrival, caller, None, Outcome::Ivr);
        }
        let queue = self.pick_queue(weekend);
        let patience = (self.rng.lognormal(PATIENCE_MEAN, PATIENCE_SIGMA).round() as i64).max(1);
        let limit = patience.min(QUEUE_TIMEOUT_S);
        let outcome = match self.serve(arrival, limit) {
            Some((answer, mut on_shift)) => {
                let agent = &self.roster[on_shift.agent as usize];
                let (speed, short_rate) = (agent.speed, agent.short_call_rate);
                let short = short_rate > 0.0 && self.rng.chance(short_rate);
                let (talk, hold, acw, transferred) = if short {
                    (self.rng.range(2, 9), 0, self.rng.range(0, 5), false)
                } else {
                    let q = &QUEUES[queue];
                    let talk = self
                        .rng
                        .lognormal(q.talk_mean * speed, q.talk_sigma)
                        .round()
                        .clamp(8.0, 7_200.0) as i64;
                    let hold = if self.rng.chance(HOLD_SHARE) {
                        (self.rng.lognormal(HOLD_MEAN, 0.8).round() as i64).clamp(5, 1_800)
                    } else {
                        0
                    };
                    let acw = (self.rng.range(ACW_MIN, ACW_MAX) as f64 * speed).round() as i64;
                    (talk, hold, acw, self.rng.chance(TRANSFER_SHARE))
                };
                // Between calls: usually a few seconds; now and then a short pause (coffee, a
                // question to the team leader), which is part of why service level wobbles.
                let gap = if self.rng.chance(0.02) {
                    self.rng.range(120, 600)
                } else {
                    self.rng.range(0, 4)
                };
                on_shift.free_at = answer + talk + hold + acw + gap;
                self.heap.push(Reverse(on_shift));
                if short || transferred {
                    self.unresolved.push(caller);
                }
                Outcome::Answered {
                    answer,
                    agent: on_shift.agent,
                    talk,
                    hold,
                    acw,
                    transferred,
                }
            }
            None => {
                self.unresolved.push(caller);
                if patience < QUEUE_TIMEOUT_S {
                    Outcome::Abandoned { wait: patience }
                } else {
                    Outcome::TimedOut
                }
            }
        };
        self.recent.push(caller);
        self.write_row(day, seq, arrival, caller, Some(queue), outcome)
    }

    /// FIFO service by the longest-idle (or first-free) agent on shift. Returns the answer time
    /// and the agent, popped from the heap (the caller pushes them back, busy); `None` when no
    /// agent is free within `limit` seconds of arrival, in which case nobody is consumed.
    ///
    /// Taking calls in arrival order and giving each to the earliest-free agent is exactly FIFO:
    /// a caller's answer time depends only on the callers ahead. Shift ends and lunch breaks are
    /// applied lazily, when the agent reaches the top of the heap.
    fn serve(&mut self, arrival: i64, limit: i64) -> Option<(i64, OnShift)> {
        loop {
            let top = self.heap.peek()?.0;
            let available = top.free_at.max(arrival);
            if available - arrival > limit {
                return None;
            }
            let Reverse(mut agent) = self.heap.pop().expect("peeked");
            if available >= agent.end {
                continue; // shift over: gone home
            }
            if !agent.break_taken && available >= agent.break_at {
                agent.break_taken = true;
                agent.free_at = agent.free_at.max(agent.break_at) + agent.break_len;
                self.heap.push(Reverse(agent));
                continue;
            }
            // A ring or two before the agent picks up, never beyond the caller's limit.
            let ring = self.rng.range(1, 4).min(limit - (available - arrival));
            return Some((available + ring, agent));
        }
    }

    fn pick_queue(&mut self, weekend: bool) -> usize {
        let mut u = self.rng.unit();
        for (i, q) in QUEUES.iter().enumerate() {
            let share = if weekend {
                q.share_weekend
            } else {
                q.share_weekday
            };
            if u < share {
                return i;
            }
            u -= share;
        }
        QUEUES.len() - 1
    }

    /// About 4 % of calls are call-backs after an unresolved call, 8 % other repeat callers from
    /// the last two days; the rest are new numbers (collisions in 10^8 are negligible).
    fn pick_caller(&mut self) -> u64 {
        let u = self.rng.unit();
        let repeat = if u < 0.04 {
            self.unresolved.pick(&mut self.rng)
        } else if u < 0.12 {
            self.recent.pick(&mut self.rng)
        } else {
            None
        };
        repeat.unwrap_or_else(|| {
            let prefix = PHONE_PREFIXES[self.rng.below(PHONE_PREFIXES.len() as u64) as usize];
            prefix * 100_000_000 + self.rng.below(100_000_000)
        })
    }

    fn write_row(
        &mut self,
        day: usize,
        seq: u64,
        arrival: i64,
        caller: u64,
        queue: Option<usize>,
        outcome: Outcome,
    ) -> io::Result<()> {
        let s = &mut self.summary;
        s.rows += 1;
        let buf = &mut self.buf;
        let text = &self.text;
        // call_id: C + date + sequence within the day
        buf.push(b'C');
        let date = &self.dates[day];
        buf.extend_from_slice(&date[0..4]);
        buf.extend_from_slice(&date[5..7]);
        buf.extend_from_slice(&date[8..10]);
        push_padded(buf, seq, 6);
        buf.push(b',');
        push_time(buf, &self.dates, arrival);
        buf.push(b',');
        let (end, wait) = match outcome {
            Outcome::Ivr => (arrival, 0),
            Outcome::Answered {
                answer, talk, hold, ..
            } => (answer + talk + hold, answer - arrival),
            Outcome::Abandoned { wait } => (arrival + wait, wait),
            Outcome::TimedOut => (arrival + QUEUE_TIMEOUT_S, QUEUE_TIMEOUT_S),
        };
        if let Outcome::Answered { answer, .. } = outcome {
            push_time(buf, &self.dates, answer);
        }
        buf.push(b',');
        push_time(buf, &self.dates, end);
        buf.push(b',');
        if let Some(q) = queue {
            buf.extend_from_slice(&text.queues[q]);
        }
        buf.push(b',');
        match outcome {
            Outcome::Answered { agent, .. } => {
                buf.extend_from_slice(&text.agents[agent as usize]);
            }
            _ => buf.extend_from_slice(b",,"),
        }
        buf.push(b',');
        push_padded(buf, caller, 11);
        buf.push(b',');
        push_padded(buf, wait as u64, 1);
        buf.push(b',');
        let (talk, hold, acw, transferred) = match outcome {
            Outcome::Answered {
                talk,
                hold,
                acw,
                transferred,
                ..
            } => (talk, hold, acw, transferred),
            _ => (0, 0, 0, false),
        };
        for v in [talk, hold, acw] {
            push_padded(buf, v as u64, 1);
            buf.push(b',');
        }
        let label = match outcome {
            Outcome::Ivr => {
                s.ivr += 1;
                &text.ivr
            }
            Outcome::Answered { .. } => {
                s.offered += 1;
                s.answered += 1;
                s.transferred += transferred as u64;
                s.answered_within_20s += (wait <= 20) as u64;
                &text.answered
            }
            Outcome::Abandoned { .. } => {
                s.offered += 1;
                s.abandoned += 1;
                &text.abandoned
            }
            Outcome::TimedOut => {
                s.offered += 1;
                s.timed_out += 1;
                &text.timeout
            }
        };
        buf.extend_from_slice(label);
        buf.push(b',');
        buf.extend_from_slice(if transferred { &text.yes } else { &text.no });
        buf.push(b'\n');
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the buffered rows (already in the output encoding) to the output.
    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.summary.bytes += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
}

/// `YYYY-MM-DD HH:MM:SS` for `t` seconds after midnight of the first day.
fn push_time(buf: &mut Vec<u8>, dates: &[[u8; 10]], t: i64) {
    let day = t.div_euclid(DAY) as usize;
    let sod = t.rem_euclid(DAY);
    buf.extend_from_slice(&dates[day.min(dates.len() - 1)]);
    let (h, m, s) = (sod / 3600, sod / 60 % 60, sod % 60);
    buf.extend_from_slice(&[
        b' ',
        b'0' + (h / 10) as u8,
        b'0' + (h % 10) as u8,
        b':',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b':',
        b'0' + (s / 10) as u8,
        b'0' + (s % 10) as u8,
    ]);
}

/// Decimal `v`, zero-padded to at least `width` digits.
fn push_padded(buf: &mut Vec<u8>, mut v: u64, width: usize) {
    let mut tmp = [b'0'; 20];
    let mut i = tmp.len();
    while v > 0 || i == tmp.len() {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let start = i.min(tmp.len() - width.min(tmp.len()));
    buf.extend_from_slice(&tmp[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded_to_the_width() {
        let mut buf = Vec::new();
        for (v, width) in [
            (0, 1),
            (7, 6),
            (123_456, 6),
            (1_234_567, 6),
            (2_112_345_678, 11),
            (13_812_345_678, 11),
        ] {
            push_padded(&mut buf, v, width);
            buf.push(b'|');
        }
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "0|000007|123456|1234567|02112345678|13812345678|"
        );
    }

    #[test]
    fn times_are_formatted_on_the_right_day() {
        let dates = vec![*b"2026-10-01", *b"2026-10-02"];
        let mut buf = Vec::new();
        push_time(&mut buf, &dates, 0);
        push_time(&mut buf, &dates, DAY + 13 * 3600 + 5 * 60 + 9);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "2026-10-01 00:00:002026-10-02 13:05:09"
        );
    }

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
                [LABELS_EN, LABELS_ZH]
                    .iter()
                    .flat_map(|l| [l.answered, l.abandoned, l.timeout, l.ivr, l.yes, l.no]),
            );
        for t in texts.chain([HEADER_EN, HEADER_ZH]) {
            assert!(!t.contains(['"', '\n', '\r']), "{t}");
            let (_, _, unmappable) = encoding_rs::GBK.encode(t);
            assert!(!unmappable, "{t}");
        }
    }

    #[test]
    fn everyone_gets_two_days_off_and_weekends_are_thinner() {
        let mut rng = Rng::new(1);
        let offs = days_off_rota(&mut rng, 37, &WEEKDAY_FACTOR);
        assert!(offs.iter().all(|o| o.iter().filter(|&&x| x).count() == 2));
        let at_work = |d: usize| offs.iter().filter(|o| !o[d]).count();
        assert!(
            at_work(0) > at_work(6) + 10,
            "Monday {} vs Sunday {}",
            at_work(0),
            at_work(6)
        );
    }

    #[test]
    fn shift_plan_follows_the_curve() {
        let mut rng = Rng::new(1);
        let roster = build_roster(&mut rng, 40, 2_600, HeaderLang::En);
        let plan = plan_weekday(&roster, 0, 2_600);
        let on_at = |slot: i64| {
            plan.iter()
                .filter(|p| {
                    let k = slot - p.start_slot;
                    (0..p.len_slots).contains(&k)
                        && p.break_offset.is_none_or(|b| k != b && k != b + 1)
                })
                .count()
        };
        assert!(
            on_at(20) > 2 * on_at(42),
            "10:00 {} vs 21:00 {}",
            on_at(20),
            on_at(42)
        );
        assert!(on_at(42) >= 2, "evenings are staffed");
    }

    #[test]
    fn the_generator_is_stable_for_a_seed() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        assert!((0..1000).all(|_| a.next_u64() == b.next_u64()));
        let mean = (0..100_000).map(|_| a.lognormal(200.0, 0.7)).sum::<f64>() / 100_000.0;
        assert!((mean - 200.0).abs() < 5.0, "lognormal mean {mean}");
    }
}

// ---------------------------------------------------------------------------------------------
// People files matching the call sample: roster, QA evaluations, surveys, attendance, ratings
// ---------------------------------------------------------------------------------------------

/// QA evaluators of the sample. The third one is harsh by design (about 10 points below the
/// others on the same agents): the evaluator check must flag them and nobody else.
pub const SAMPLE_EVALUATORS: [&str; 4] = ["QA-Zhang", "QA-Chen", "QA-Liu", "QA-Davis"];
/// The evaluator with the known bias.
pub const BIASED_EVALUATOR: &str = "QA-Liu";
/// Calls every evaluator scores (calibration sessions).
pub const CALIBRATION_CALLS: usize = 10;

/// What `write_people` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleSummary {
    pub roster: usize,
    pub evaluations: usize,
    pub surveys: usize,
    pub attendance: usize,
    pub ratings: usize,
}

/// Writes `roster.csv`, `qa.csv` (wide layout, critical item marked with `*`), `surveys.csv`,
/// `attendance.csv` and `ratings.csv` for the agents of the call sample made with the same
/// options (same ids, names and teams). Quality is drawn per agent (the short-call "gamers" score
/// lower), evaluators score different agents, and `CALLIBRATION_CALLS` calls are scored by all
/// four evaluators.
pub fn write_people(opts: &SampleOptions, dir: &std::path::Path) -> io::Result<PeopleSummary> {
    let mut rng = Rng::new(opts.seed);
    let roster = build_roster(&mut rng, opts.agents, opts.weekday_calls(), opts.lang);
    let mut rng = Rng::new(opts.seed ^ 0x5EED_0F9E_0F1E);
    let mut sum = PeopleSummary::default();
    let day = |d: u32| opts.start.checked_add_days(Days::new(u64::from(d))).unwrap_or(opts.start);
    let last = day(opts.days.saturating_sub(1));
    let split = |a: &Agent| -> (String, String, String) {
        let mut it = a.csv_fields.splitn(3, ',');
        (it.next().unwrap_or("").into(), it.next().unwrap_or("").into(), it.next().unwrap_or("").into())
    };
    let quality: Vec<f64> = roster
        .iter()
        .map(|a| (0.86 + 0.05 * rng.normal() - if a.short_call_rate > 0.0 { 0.12 } else { 0.0 }).clamp(0.5, 0.98))
        .collect();

    // Roster: team leaders are the first agent of each team; two leavers in the period.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("roster.csv"))?);
    writeln!(w, "agent,name,team,team_leader,employment,hire_date,leave_date")?;
    let mut leaders: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for (i, a) in roster.iter().enumerate() {
        let (id, name, team) = split(a);
        let leader = leaders.entry(team.clone()).or_insert_with(|| name.clone()).clone();
        let hire = opts.start - Days::new(30 + rng.below(1500));
        let leave = if i == 5 || i == 17 { day(opts.days * 2 / 3).format("%Y-%m-%d").to_string() } else { String::new() };
        let emp = if a.contract == Contract::PartTime { "part-time" } else { "full-time" };
        writeln!(w, "{id},{name},{team},{leader},{emp},{},{leave}", hire.format("%Y-%m-%d"))?;
        sum.roster += 1;
    }
    w.flush()?;

    // QA, wide layout.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("qa.csv"))?);
    writeln!(w, "evaluation_id,call_id,agent,evaluator,date,greeting_15s,offer_help_30s,active_listening,asking_questions,correct_information*,solution_offered,objections_handled,positive_close")?;
    let mut eval_no = 0;
    let mut write_eval = |w: &mut io::BufWriter<std::fs::File>, rng: &mut Rng, call: &str, agent: usize, ev: &str, date: NaiveDate| -> io::Result<()> {
        eval_no += 1;
        let harsh = ev == BIASED_EVALUATOR;
        let q = quality[agent];
        let yn = |rng: &mut Rng| if rng.chance(if harsh { q - 0.12 } else { q }) { "Y" } else { "N" };
        let scale = |rng: &mut Rng| {
            let v = (5.0 * q + 0.6 * rng.normal() - if harsh { 0.7 } else { 0.0 }).round();
            v.clamp(1.0, 5.0) as i64
        };
        let (id, _, _) = split(&roster[agent]);
        let (g, o) = (yn(rng), if rng.chance(0.1) { "NA" } else { yn(rng) });
        let (l, a) = (scale(rng), scale(rng));
        let c = if rng.chance(0.03) { 1 } else { scale(rng).max(3) };
        let (s, ob) = (scale(rng), if rng.chance(0.3) { "NA".to_string() } else { scale(rng).to_string() });
        let p = yn(rng);
        writeln!(w, "E{eval_no:05},{call},{id},{ev},{},{g},{o},{l},{a},{c},{s},{ob},{p}", date.format("%Y-%m-%d"))?;
        Ok(())
    };
    for (i, _) in roster.iter().enumerate() {
        let n = 5 + rng.below(3) as usize;
        for k in 0..n {
            let ev = SAMPLE_EVALUATORS[(i + k + rng.below(2) as usize) % SAMPLE_EVALUATORS.len()];
            let d = day(rng.below(u64::from(opts.days)) as u32);
            let call = format!("Q{}{:06}", d.format("%Y%m%d"), sum.evaluations + 1);
            write_eval(&mut w, &mut rng, &call, i, ev, d)?;
            sum.evaluations += 1;
        }
    }
    for k in 0..CALIBRATION_CALLS.min(roster.len()) {
        let agent = (k * 7) % roster.len();
        let d = day((k as u32 * 3) % opts.days.max(1));
        let call = format!("CAL{k:03}");
        for ev in SAMPLE_EVALUATORS {
            write_eval(&mut w, &mut rng, &call, agent, ev, d)?;
            sum.evaluations += 1;
        }
    }
    w.flush()?;

    // Surveys, joined to agents directly.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("surveys.csv"))?);
    writeln!(w, "date,agent,csat,nps,ces,complaint")?;
    for (i, a) in roster.iter().enumerate() {
        let (id, _, _) = split(a);
        for _ in 0..(20 + rng.below(20)) {
            let q = quality[i];
            let csat = (1.0 + 4.0 * q + 0.8 * rng.normal()).round().clamp(1.0, 5.0);
            let nps = (10.0 * q + 1.5 * rng.normal()).round().clamp(0.0, 10.0);
            let ces = (7.0 - 5.0 * q + rng.normal()).round().clamp(1.0, 7.0);
            let complaint = if csat <= 2.0 && rng.chance(0.3) { "Y" } else { "N" };
            let d = day(rng.below(u64::from(opts.days)) as u32);
            writeln!(w, "{},{id},{csat},{nps},{ces},{complaint}", d.format("%Y-%m-%d"))?;
            sum.surveys += 1;
        }
    }
    w.flush()?;

    // Attendance: every rostered day; one agent is often absent.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("attendance.csv"))?);
    writeln!(w, "agent,date,scheduled_hours,absent_hours,late_minutes")?;
    for (i, a) in roster.iter().enumerate() {
        let (id, _, _) = split(a);
        let p_absent = if i == 3 { 0.12 } else { 0.015 + 0.02 * rng.unit() };
        let hours = if a.contract == Contract::PartTime { 4.0 } else { 8.0 };
        for dn in 0..opts.days {
            let d = day(dn);
            if d > last || a.off_days[d.weekday().num_days_from_monday() as usize] {
                continue;
            }
            let absent = if rng.chance(p_absent) { hours } else { 0.0 };
            let late = if absent == 0.0 && rng.chance(0.04) { 5 + rng.below(25) } else { 0 };
            writeln!(w, "{id},{},{hours},{absent},{late}", d.format("%Y-%m-%d"))?;
            sum.attendance += 1;
        }
    }
    w.flush()?;

    // Supervisor ratings (德能勤) by the team leader.
    let mut w = io::BufWriter::new(std::fs::File::create(dir.join("ratings.csv"))?);
    writeln!(w, "agent,rater,德,能,勤")?;
    for (i, a) in roster.iter().enumerate() {
        let (id, _, team) = split(a);
        let rater = leaders.get(&team).cloned().unwrap_or_default();
        let r = |rng: &mut Rng, base: f64| (base + 6.0 * rng.normal()).round().clamp(50.0, 100.0);
        let q = quality[i] * 100.0;
        writeln!(w, "{id},{rater},{},{},{}", r(&mut rng, q), r(&mut rng, q - 2.0), r(&mut rng, 85.0))?;
        sum.ratings += 1;
    }
    w.flush()?;
    Ok(sum)
}
