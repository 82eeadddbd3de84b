//! Synthetic call records: a realistic month (or decade) of a call centre, as CSV — and, beside
//! them, an online shop's chat log with its order export (`chat`) and a dialler's outbound
//! campaigns (`outbound`).
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

mod centre;
mod chat;
mod files;
mod outbound;
mod people;
mod rng;
mod roster;
mod simulation;

use std::io::{self, Write};

use chrono::NaiveDate;

use simulation::Simulation;

pub use chat::{write_chat, ChatSummary, CHAT_HEADER_EN, CHAT_HEADER_ZH, ORDERS_HEADER_EN, ORDERS_HEADER_ZH};
pub use files::{channel_files, sample_files, Channel, SampleFile, SampleRequest, MAX_REQUEST_DAYS};
pub use outbound::{write_outbound, OutboundSummary, OUTBOUND_HEADER_EN, OUTBOUND_HEADER_ZH};

/// Language of the header row and of the label columns (queue, team, outcome, transferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderLang {
    /// English header (the column names the engine recognises) and labels.
    #[default]
    En,
    /// Chinese header and labels, as a Chinese PBX or CRM export would have them.
    Zh,
}

/// Text encoding of the output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SampleEncoding {
    /// UTF-8, without a byte-order mark.
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
    /// Language of the header row and of the label columns.
    pub lang: HeaderLang,
    /// Text encoding of the output.
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
        self.calls_per_day.unwrap_or(self.agents.saturating_mul(CALLS_PER_AGENT))
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
    /// Offered calls an agent answered.
    pub answered: u64,
    /// Offered calls whose caller hung up while waiting (outcome ABANDONED).
    pub abandoned: u64,
    /// Offered calls the queue dropped after [`QUEUE_TIMEOUT_S`] (outcome TIMEOUT).
    pub timed_out: u64,
    /// Answered calls that were transferred.
    pub transferred: u64,
    /// Answered with wait ≤ 20 s (the default service-level threshold).
    pub answered_within_20s: u64,
    /// Bytes written to the output, header included, after encoding.
    pub bytes: u64,
}

/// The English header: the engine's column recognition relies on exactly these names.
pub const HEADER_EN: &str = concat!(
    "call_id,arrival_time,answer_time,end_time,queue,agent,agent_name,team,",
    "caller,wait,talk,hold,acw,outcome,transferred"
);
/// The Chinese header, same columns in the same order.
pub const HEADER_ZH: &str = concat!(
    "通话ID,来电时间,应答时间,结束时间,技能组,座席工号,座席姓名,班组,",
    "主叫号码,排队时长,通话时长,保持时长,事后处理时长,呼叫结果,是否转接"
);

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
// People files matching the call sample: roster, QA evaluations, surveys, attendance, ratings
// (made in `people`)
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
    /// Rows of `roster.csv`: one per agent.
    pub roster: usize,
    /// Rows of `qa.csv`, calibration scorings included.
    pub evaluations: usize,
    /// Rows of `surveys.csv`.
    pub surveys: usize,
    /// Rows of `attendance.csv`: one per agent and rostered day.
    pub attendance: usize,
    /// Rows of `ratings.csv`: one per agent.
    pub ratings: usize,
}

/// Writes `roster.csv`, `qa.csv` (wide layout, critical item marked with `*`), `surveys.csv`,
/// `attendance.csv` and `ratings.csv` for the agents of the call sample made with the same
/// options (same ids, names and teams). Quality is drawn per agent (the short-call "gamers" score
/// lower), evaluators score different agents, and [`CALIBRATION_CALLS`] calls are scored by all
/// four evaluators.
pub fn write_people(opts: &SampleOptions, dir: &std::path::Path) -> io::Result<PeopleSummary> {
    people::write_files(opts, dir)
}
