//! Simulation: one FIFO queue served by the agents on shift, call by call in arrival order, each
//! row formatted by hand (see `push_time`, `push_padded`) into a buffer that is written out in
//! large pieces.
//!
//! This is the part that makes waits, abandons, service level and occupancy consistent with each
//! other, and the part whose speed decides how fast a decade of calls is written.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Write};

use chrono::{Datelike, Days, NaiveDate};

use super::centre::{
    slot_shares, ACW_MAX, ACW_MIN, DAY, HOLD_MEAN, HOLD_SHARE, IVR_SHARE_DAY, IVR_SHARE_NIGHT, LABELS_EN, LABELS_ZH,
    PATIENCE_MEAN, PATIENCE_SIGMA, PHONE_PREFIXES, QUEUES, SLOT, SLOTS_PER_DAY, STEP, TRANSFER_SHARE, WEEKDAY_FACTOR,
};
use super::rng::Rng;
use super::roster::{build_roster, plan_weekday, Agent, PlannedShift};
use super::{HeaderLang, SampleEncoding, SampleOptions, SampleSummary, QUEUE_TIMEOUT_S};

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
        CallerRing { items: Vec::with_capacity(cap), next: 0, cap: cap.max(1) }
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
    Answered { answer: i64, agent: u32, talk: i64, hold: i64, acw: i64, transferred: bool },
    Abandoned { wait: i64 },
    TimedOut,
}

/// The state of one run of [`super::write_sample`]: roster, shift plans, agents on shift, recent
/// callers, and the output buffer.
pub(super) struct Simulation<'a, W: Write> {
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
    /// What has been written so far; complete once `run` returns.
    pub(super) summary: SampleSummary,
}

const FLUSH_AT: usize = 64 * 1024;

impl<'a, W: Write> Simulation<'a, W> {
    /// Builds the roster and the weekday shift plans for `opts`; nothing is written yet.
    pub(super) fn new(opts: &'a SampleOptions, out: W) -> Self {
        let mut rng = Rng::new(opts.seed);
        let weekday_calls = opts.weekday_calls();
        let roster = build_roster(&mut rng, opts.agents, weekday_calls, opts.lang);
        let plans = std::array::from_fn(|wd| plan_weekday(&roster, wd, weekday_calls));
        let dates = (0..opts.days as u64 + 3)
            .map(|d| {
                let date = opts.start.checked_add_days(Days::new(d)).unwrap_or(NaiveDate::MAX);
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

    /// Writes the header and every day's calls, then flushes `out`.
    pub(super) fn run(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(&self.text.header);
        self.buf.push(b'\n');
        for day in 0..self.opts.days as i64 {
            self.run_day(day)?;
        }
        self.flush()?;
        self.out.flush()
    }

    fn run_day(&mut self, day: i64) -> io::Result<()> {
        let date = self.opts.start.checked_add_days(Days::new(day as u64)).unwrap_or(NaiveDate::MAX);
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
        let mut volume = self.opts.weekday_calls() as f64 * WEEKDAY_FACTOR[weekday] * self.rng.lognormal(1.0, 0.06);
        if self.rng.chance(0.08) {
            volume *= self.rng.uniform(1.1, 1.3);
        }
        let (surge_from, surge_to, surge_factor) = if self.rng.chance(0.1) {
            let from = self.rng.range(8 * 3600, 17 * 3600);
            (from, from + self.rng.range(3600, 3 * 3600), self.rng.uniform(1.3, 1.7))
        } else {
            (0, 0, 1.0)
        };
        let slot_noise: [f64; SLOTS_PER_DAY] = std::array::from_fn(|_| self.rng.lognormal(1.0, 0.1));
        let ivr_mean = 0.1; // arrivals include IVR-only calls on top of `volume` offered
        let arrivals_per_day = volume / (1.0 - ivr_mean);

        let mut seq: u64 = 0;
        for step in 0..DAY / STEP {
            let from = step * STEP;
            let surge = if from >= surge_from && from < surge_to { surge_factor } else { 1.0 };
            let rate = arrivals_per_day * self.step_density[step as usize] * slot_noise[(from / SLOT) as usize] * surge;
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
    fn call(&mut self, day: usize, seq: u64, arrival: i64, night: bool, weekend: bool) -> io::Result<()> {
        let caller = self.pick_caller();
        let ivr_share = if night { IVR_SHARE_NIGHT } else { IVR_SHARE_DAY };
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
                    let talk = self.rng.lognormal(q.talk_mean * speed, q.talk_sigma).round().clamp(8.0, 7_200.0) as i64;
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
                let gap = if self.rng.chance(0.02) { self.rng.range(120, 600) } else { self.rng.range(0, 4) };
                on_shift.free_at = answer + talk + hold + acw + gap;
                self.heap.push(Reverse(on_shift));
                if short || transferred {
                    self.unresolved.push(caller);
                }
                Outcome::Answered { answer, agent: on_shift.agent, talk, hold, acw, transferred }
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
            let share = if weekend { q.share_weekend } else { q.share_weekday };
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
            Outcome::Answered { answer, talk, hold, .. } => (answer + talk + hold, answer - arrival),
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
            Outcome::Answered { talk, hold, acw, transferred, .. } => (talk, hold, acw, transferred),
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
        for (v, width) in [(0, 1), (7, 6), (123_456, 6), (1_234_567, 6), (2_112_345_678, 11), (13_812_345_678, 11)] {
            push_padded(&mut buf, v, width);
            buf.push(b'|');
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "0|000007|123456|1234567|02112345678|13812345678|");
    }

    #[test]
    fn times_are_formatted_on_the_right_day() {
        let dates = vec![*b"2026-10-01", *b"2026-10-02"];
        let mut buf = Vec::new();
        push_time(&mut buf, &dates, 0);
        push_time(&mut buf, &dates, DAY + 13 * 3600 + 5 * 60 + 9);
        assert_eq!(String::from_utf8(buf).unwrap(), "2026-10-01 00:00:002026-10-02 13:05:09");
    }
}
