//! Roster and shift plan: the agents (names, teams, contracts, speed, the short-call "gamers"),
//! their days off on a rota, and the shifts planned for each weekday.
//!
//! The call simulation staffs its days from this plan, and the people files describe the same
//! agents, so both build the roster the same way from the same seed.

use super::centre::{
    slot_shares, ACW_MAX, ACW_MIN, CN_GIVEN, CN_SURNAMES, EN_FIRST, EN_LAST, HOLD_MEAN, HOLD_SHARE, QUEUES, SLOT,
    SLOTS_PER_DAY, TEAMS_EN, TEAMS_ZH, WEEKDAY_FACTOR,
};
use super::rng::Rng;
use super::HeaderLang;

/// Employment type, which decides the shift pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Contract {
    /// Day shift of 9 hours with a lunch hour.
    FullTime,
    /// Day shift of 5 hours, no lunch.
    PartTime,
    /// Night shift, 23:00 to 08:00, with a staggered break.
    Night,
}

/// One agent of the roster.
pub(super) struct Agent {
    /// `id,name,team` already formatted for the CSV.
    pub(super) csv_fields: String,
    /// Shift pattern.
    pub(super) contract: Contract,
    /// Multiplies talk and ACW: 1.0 is average.
    pub(super) speed: f64,
    /// Share of calls this agent cuts short (< 10 s): the gaming signal a scorecard should catch.
    pub(super) short_call_rate: f64,
    /// Days off by weekday, Monday first.
    pub(super) off_days: [bool; 7],
}

/// One agent's shift on one weekday, in half-hour slots from midnight.
#[derive(Clone, Copy)]
pub(super) struct PlannedShift {
    /// Index into the roster.
    pub(super) agent: u32,
    /// First slot of the shift (may be late in the day: night shifts run past midnight).
    pub(super) start_slot: i64,
    /// Length in slots, breaks included.
    pub(super) len_slots: i64,
    /// Lunch (or the night break) begins this many slots into the shift; lasts one hour.
    pub(super) break_offset: Option<i64>,
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

/// Builds the roster: names, teams, contracts, speeds, days off.
pub(super) fn build_roster(rng: &mut Rng, agents: u32, weekday_calls: u32, lang: HeaderLang) -> Vec<Agent> {
    let n = agents as usize;
    let shares = slot_shares();
    // Night team: enough for the average night load (00:00–07:00) on most nights, given 5 of 7.
    let night_load = weekday_calls as f64 * shares[..14].iter().sum::<f64>() / 14.0 * planning_aht() / SLOT as f64;
    let night_needed = (night_load + 0.5 * night_load.sqrt()).ceil() * 7.0 / 5.0;
    let n_night = if n >= 10 { (night_needed.round() as usize).min(n / 5) } else { 0 };

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
    let day_full: Vec<usize> = order.iter().copied().filter(|&i| roster[i].contract == Contract::FullTime).collect();
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
    let day_ids: Vec<usize> = (0..n).filter(|&i| roster[i].contract != Contract::Night).collect();
    let night_ids: Vec<usize> = (0..n).filter(|&i| roster[i].contract == Contract::Night).collect();
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
    let mut off_left: [i64; 7] = weights.map(|w| n as i64 - (5.0 * n as f64 * w / sum).round().min(n as f64) as i64);
    let mut result = Vec::with_capacity(n);
    for _ in 0..n {
        let mut off = [false; 7];
        for _ in 0..2 {
            let first = rng.below(7) as usize; // random tie-break
            let day =
                (0..7).map(|k| (first + k) % 7).filter(|&d| !off[d]).max_by_key(|&d| off_left[d]).expect("seven days");
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
pub(super) fn plan_weekday(roster: &[Agent], weekday: usize, weekday_calls: u32) -> Vec<PlannedShift> {
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
        roster.iter().enumerate().filter(move |(_, a)| a.contract == c && !a.off_days[weekday]).map(|(i, _)| i as u32)
    };
    // Night breaks staggered (01:30, 02:30, 03:30) so the line is never left empty.
    for (k, agent) in working(Contract::Night).enumerate() {
        let break_offset = Some(5 + 2 * (k as i64 % 3));
        plan.push(PlannedShift { agent, start_slot: NIGHT_START_SLOT, len_slots: FULL_TIME_SLOTS, break_offset });
    }
    // Full-timers first: they are the less flexible ones; part-timers then fill the peaks.
    for (contract, len, breaks) in
        [(Contract::FullTime, FULL_TIME_SLOTS, &[7i64, 8, 9][..]), (Contract::PartTime, PART_TIME_SLOTS, &[][..])]
    {
        for agent in working(contract) {
            let mut best = (f64::MIN, FIRST_DAY_SLOT, None);
            for start in FIRST_DAY_SLOT..=(SLOTS_PER_DAY as i64 - len) {
                let options: Vec<Option<i64>> =
                    if breaks.is_empty() { vec![None] } else { breaks.iter().map(|&b| Some(b)).collect() };
                for brk in options {
                    let value: f64 = (0..len)
                        .filter(|&k| brk.is_none_or(|b| k != b && k != b + 1))
                        .map(|k| {
                            let s = (start + k) as usize;
                            // Fill shortfalls first, then spread the rest in proportion.
                            (wanted[s] - cover[s]).clamp(0.0, 1.0) + 0.1 * wanted[s] / (cover[s] + 1.0)
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
            plan.push(PlannedShift { agent, start_slot: start, len_slots: len, break_offset: brk });
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_gets_two_days_off_and_weekends_are_thinner() {
        let mut rng = Rng::new(1);
        let offs = days_off_rota(&mut rng, 37, &WEEKDAY_FACTOR);
        assert!(offs.iter().all(|o| o.iter().filter(|&&x| x).count() == 2));
        let at_work = |d: usize| offs.iter().filter(|o| !o[d]).count();
        assert!(at_work(0) > at_work(6) + 10, "Monday {} vs Sunday {}", at_work(0), at_work(6));
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
                    (0..p.len_slots).contains(&k) && p.break_offset.is_none_or(|b| k != b && k != b + 1)
                })
                .count()
        };
        assert!(on_at(20) > 2 * on_at(42), "10:00 {} vs 21:00 {}", on_at(20), on_at(42));
        assert!(on_at(42) >= 2, "evenings are staffed");
    }
}
