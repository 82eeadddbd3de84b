//! The tally of a group of calls and the KPIs computed from it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregate::FcrCounts;
use super::histogram::Histogram;
use super::kpis::{Kpis, Ratio};
use super::rules::{AbandonVariant, KpiRules, SlVariant};
use super::IdMap;
use super::TALK_HIST_CAP_S;
use crate::model::call::{Call, Outcome};

/// Everything a group of calls needs to produce its KPIs.
///
/// Every duration that reaches a tally is within 0 … 7 days (the readers reject the rest), and
/// the sums add with saturation, so no input can make a total wrap to a negative number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Tally {
    pub offered: u64,
    pub answered: u64,
    pub abandoned: u64,
    pub timed_out: u64,
    pub ivr_only: u64,
    pub transferred: u64,
    /// Answered calls whose source says whether they were transferred.
    pub transfer_known: u64,
    pub wait_answered: Histogram,
    pub wait_abandoned: Histogram,
    pub wait_timed_out: Histogram,
    pub wait_answered_ms: i64,
    pub wait_abandoned_ms: i64,
    pub wait_timed_out_ms: i64,
    pub talk_ms: i64,
    pub talk_count: u64,
    pub talk: Histogram,
    pub hold_ms: i64,
    pub hold_count: u64,
    pub hold_positive: u64,
    pub acw_ms: i64,
    pub acw_count: u64,
    /// talk + hold + ACW of the answered calls that have ACW data.
    pub handle_with_acw_ms: i64,
    pub resolved_yes: u64,
    pub resolved_known: u64,
    /// Offered calls with a satisfaction answer, by score 1–5 (index 0 = score 1).
    pub satisfaction: [u64; 5],
    /// Offered calls marked as a complaint, and calls whose source says whether they were.
    pub complaints: u64,
    pub complaint_known: u64,
}

impl Tally {
    pub(crate) fn add(&mut self, call: &Call<'_>) {
        match call.outcome {
            Outcome::Ivr => {
                self.ivr_only += 1;
                return;
            }
            Outcome::Other => return,
            _ => {}
        }
        self.offered += 1;
        if let Some(score) = call.satisfaction.filter(|s| (1..=5).contains(s)) {
            self.satisfaction[usize::from(score - 1)] += 1;
        }
        if let Some(c) = call.complaint {
            self.complaint_known += 1;
            self.complaints += u64::from(c);
        }
        match call.outcome {
            Outcome::Answered => {
                self.answered += 1;
                if let Some(w) = call.wait_ms {
                    self.wait_answered.add_ms(w);
                    self.wait_answered_ms = self.wait_answered_ms.saturating_add(w);
                }
                if let Some(t) = call.talk_ms {
                    self.talk_ms = self.talk_ms.saturating_add(t);
                    self.talk_count += 1;
                    // Only short talk times are ever asked about; the rest need no histogram work.
                    let secs = t / 1000;
                    if secs < i64::from(TALK_HIST_CAP_S) {
                        self.talk.add_secs(secs as u32, 1);
                    }
                }
                if let Some(h) = call.hold_ms {
                    self.hold_ms = self.hold_ms.saturating_add(h);
                    self.hold_count += 1;
                    self.hold_positive += u64::from(h > 0);
                }
                if let Some(a) = call.acw_ms {
                    self.acw_ms = self.acw_ms.saturating_add(a);
                    self.acw_count += 1;
                    let handle = a.saturating_add(call.talk_ms.unwrap_or(0)).saturating_add(call.hold_ms.unwrap_or(0));
                    self.handle_with_acw_ms = self.handle_with_acw_ms.saturating_add(handle);
                }
                if let Some(t) = call.transferred {
                    self.transfer_known += 1;
                    self.transferred += u64::from(t);
                }
                if let Some(r) = call.resolved {
                    self.resolved_known += 1;
                    self.resolved_yes += u64::from(r);
                }
            }
            Outcome::Abandoned => {
                self.abandoned += 1;
                if let Some(w) = call.wait_ms {
                    self.wait_abandoned.add_ms(w);
                    self.wait_abandoned_ms = self.wait_abandoned_ms.saturating_add(w);
                }
            }
            Outcome::TimedOut => {
                self.timed_out += 1;
                if let Some(w) = call.wait_ms {
                    self.wait_timed_out.add_ms(w);
                    self.wait_timed_out_ms = self.wait_timed_out_ms.saturating_add(w);
                }
            }
            Outcome::Ivr | Outcome::Other => unreachable!("handled above"),
        }
    }

    pub(crate) fn merge(&mut self, o: &Tally) {
        self.merge_counts(o);
        self.wait_answered.merge(&o.wait_answered);
        self.wait_abandoned.merge(&o.wait_abandoned);
        self.wait_timed_out.merge(&o.wait_timed_out);
        self.talk.merge(&o.talk);
    }

    /// The sum of many tallies at once: what merging them one by one gives, with each histogram
    /// summed in one pass ([`Histogram::sum`]) — for the report's sums of thousands of slots.
    pub(crate) fn sum(parts: &[&Tally]) -> Tally {
        let mut out = Tally::sum_counts(parts);
        out.wait_answered = Histogram::sum(parts.iter().map(|p| &p.wait_answered));
        out.wait_abandoned = Histogram::sum(parts.iter().map(|p| &p.wait_abandoned));
        out.wait_timed_out = Histogram::sum(parts.iter().map(|p| &p.wait_timed_out));
        out.talk = Histogram::sum(parts.iter().map(|p| &p.talk));
        out
    }

    /// The sum of many tallies' counts, histograms left empty: for figures that read counts only
    /// (a month's satisfaction answers and complaints), where summing every day's histograms
    /// of every queue was most of a big report's monthly scorecards.
    pub(crate) fn sum_counts(parts: &[&Tally]) -> Tally {
        let mut out = Tally::default();
        for part in parts {
            out.merge_counts(part);
        }
        out
    }

    /// This tally without `part` (what merging `part` into the result gives back), or `None` when
    /// `part` holds more of something than this one: for a snapshot's group tallies, written
    /// whole, whose group days' calls are held apart in memory ([`super::Aggregates`]).
    pub(crate) fn minus(&self, part: &Tally) -> Option<Tally> {
        // Every field by name, so that a field added later cannot be forgotten here.
        let Tally {
            offered,
            answered,
            abandoned,
            timed_out,
            ivr_only,
            transferred,
            transfer_known,
            wait_answered,
            wait_abandoned,
            wait_timed_out,
            wait_answered_ms,
            wait_abandoned_ms,
            wait_timed_out_ms,
            talk_ms,
            talk_count,
            talk,
            hold_ms,
            hold_count,
            hold_positive,
            acw_ms,
            acw_count,
            handle_with_acw_ms,
            resolved_yes,
            resolved_known,
            satisfaction,
            complaints,
            complaint_known,
        } = part;
        let ms = |whole: i64, part: i64| whole.checked_sub(part).filter(|d| *d >= 0);
        let mut left = [0u64; 5];
        for ((l, w), p) in left.iter_mut().zip(self.satisfaction).zip(satisfaction) {
            *l = w.checked_sub(*p)?;
        }
        Some(Tally {
            offered: self.offered.checked_sub(*offered)?,
            answered: self.answered.checked_sub(*answered)?,
            abandoned: self.abandoned.checked_sub(*abandoned)?,
            timed_out: self.timed_out.checked_sub(*timed_out)?,
            ivr_only: self.ivr_only.checked_sub(*ivr_only)?,
            transferred: self.transferred.checked_sub(*transferred)?,
            transfer_known: self.transfer_known.checked_sub(*transfer_known)?,
            wait_answered: self.wait_answered.minus(wait_answered)?,
            wait_abandoned: self.wait_abandoned.minus(wait_abandoned)?,
            wait_timed_out: self.wait_timed_out.minus(wait_timed_out)?,
            wait_answered_ms: ms(self.wait_answered_ms, *wait_answered_ms)?,
            wait_abandoned_ms: ms(self.wait_abandoned_ms, *wait_abandoned_ms)?,
            wait_timed_out_ms: ms(self.wait_timed_out_ms, *wait_timed_out_ms)?,
            talk_ms: ms(self.talk_ms, *talk_ms)?,
            talk_count: self.talk_count.checked_sub(*talk_count)?,
            talk: self.talk.minus(talk)?,
            hold_ms: ms(self.hold_ms, *hold_ms)?,
            hold_count: self.hold_count.checked_sub(*hold_count)?,
            hold_positive: self.hold_positive.checked_sub(*hold_positive)?,
            acw_ms: ms(self.acw_ms, *acw_ms)?,
            acw_count: self.acw_count.checked_sub(*acw_count)?,
            handle_with_acw_ms: ms(self.handle_with_acw_ms, *handle_with_acw_ms)?,
            resolved_yes: self.resolved_yes.checked_sub(*resolved_yes)?,
            resolved_known: self.resolved_known.checked_sub(*resolved_known)?,
            satisfaction: left,
            complaints: self.complaints.checked_sub(*complaints)?,
            complaint_known: self.complaint_known.checked_sub(*complaint_known)?,
        })
    }

    /// Adds everything but the histograms.
    fn merge_counts(&mut self, o: &Tally) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.timed_out += o.timed_out;
        self.ivr_only += o.ivr_only;
        self.transferred += o.transferred;
        self.transfer_known += o.transfer_known;
        self.wait_answered_ms = self.wait_answered_ms.saturating_add(o.wait_answered_ms);
        self.wait_abandoned_ms = self.wait_abandoned_ms.saturating_add(o.wait_abandoned_ms);
        self.wait_timed_out_ms = self.wait_timed_out_ms.saturating_add(o.wait_timed_out_ms);
        self.talk_ms = self.talk_ms.saturating_add(o.talk_ms);
        self.talk_count += o.talk_count;
        self.hold_ms = self.hold_ms.saturating_add(o.hold_ms);
        self.hold_count += o.hold_count;
        self.hold_positive += o.hold_positive;
        self.acw_ms = self.acw_ms.saturating_add(o.acw_ms);
        self.acw_count += o.acw_count;
        self.handle_with_acw_ms = self.handle_with_acw_ms.saturating_add(o.handle_with_acw_ms);
        self.resolved_yes += o.resolved_yes;
        self.resolved_known += o.resolved_known;
        for (a, b) in self.satisfaction.iter_mut().zip(o.satisfaction) {
            *a += b;
        }
        self.complaints += o.complaints;
        self.complaint_known += o.complaint_known;
    }

    /// Whether a tally read from outside (a snapshot) could have been made by adding calls: the
    /// outcomes add up to the offered calls, every part is within its whole, sums are not
    /// negative, and every count is below 2^40 (so that adding many snapshots cannot overflow).
    pub(crate) fn is_consistent(&self) -> bool {
        const MAX: u64 = 1 << 40;
        let counts = [
            self.offered,
            self.ivr_only,
            self.talk_count,
            self.hold_count,
            self.acw_count,
            self.transfer_known,
            self.resolved_known,
            self.complaint_known,
        ];
        let sums = [
            self.wait_answered_ms,
            self.wait_abandoned_ms,
            self.wait_timed_out_ms,
            self.talk_ms,
            self.hold_ms,
            self.acw_ms,
            self.handle_with_acw_ms,
        ];
        let within = |part: u64, whole: u64| part <= whole;
        counts.iter().all(|c| *c < MAX)
            && sums.iter().all(|s| *s >= 0)
            && self.answered.checked_add(self.abandoned).and_then(|s| s.checked_add(self.timed_out))
                == Some(self.offered)
            && within(self.talk_count, self.answered)
            && within(self.hold_count, self.answered)
            && within(self.hold_positive, self.hold_count)
            && within(self.acw_count, self.answered)
            && within(self.transferred, self.transfer_known)
            && within(self.transfer_known, self.answered)
            && within(self.resolved_yes, self.resolved_known)
            && within(self.resolved_known, self.answered)
            && within(self.complaints, self.complaint_known)
            && within(self.complaint_known, self.offered)
            && self.satisfaction.iter().try_fold(0u64, |s, n| s.checked_add(*n)).is_some_and(|s| s <= self.offered)
            && within(self.wait_answered.total(), self.answered)
            && within(self.wait_abandoned.total(), self.abandoned)
            && within(self.wait_timed_out.total(), self.timed_out)
            && within(self.talk.total(), self.talk_count)
    }

    /// Calls whose wait the service level (`variant`) needs and the source did not give: answered
    /// calls, and abandoned ones (timed-out ones too when they count as abandoned) where the
    /// variant counts them or, with short abandons on, must tell which were short. Whether such a
    /// call was answered within the threshold is not known, so with any of them the service level
    /// is null, not a miss: a CDR without answer times showed 0 % for 639 answered calls.
    pub(crate) fn sl_waits_missing(&self, variant: SlVariant, rules: &KpiRules) -> u64 {
        let answered = self.answered.saturating_sub(self.wait_answered.total());
        let abandoned = self.abandoned_waits_missing(rules);
        match variant {
            SlVariant::Offered | SlVariant::Answered => answered,
            SlVariant::OfferedMinusShort if rules.short_abandon_s == 0 => answered,
            SlVariant::OfferedMinusShort | SlVariant::WithAbandoned => answered + abandoned,
        }
    }

    /// Abandoned calls (timed-out ones too when they count as abandoned) the source gives no wait
    /// for: which of them were short abandons, or abandoned within the threshold, is not known.
    pub(crate) fn abandoned_waits_missing(&self, rules: &KpiRules) -> u64 {
        let mut missing = self.abandoned.saturating_sub(self.wait_abandoned.total());
        if rules.timeout_as_abandoned {
            missing += self.timed_out.saturating_sub(self.wait_timed_out.total());
        }
        missing
    }

    /// The KPIs of this group under `rules`. `fcr` comes from the repeat-caller pass.
    pub(crate) fn kpis(&self, rules: &KpiRules, fcr: FcrCounts) -> Kpis {
        let mut k = Kpis::default();
        let mut ratios = IdMap::new();
        let mut rate = |id: &'static str, num: f64, den: f64| -> Option<f64> {
            ratios.insert(id, Ratio { numerator: num, denominator: den });
            (den > 0.0).then(|| num / den)
        };
        let secs = |ms: i64| ms as f64 / 1000.0;

        // Timed-out calls count as abandoned only when the user says so.
        let mut abandoned_waits = self.wait_abandoned.clone();
        let (mut abandoned, mut abandoned_wait_ms) = (self.abandoned, self.wait_abandoned_ms);
        let mut timed_out = self.timed_out;
        if rules.timeout_as_abandoned {
            abandoned_waits.merge(&self.wait_timed_out);
            abandoned += self.timed_out;
            abandoned_wait_ms = abandoned_wait_ms.saturating_add(self.wait_timed_out_ms);
            timed_out = 0;
        }
        // Which abandons were short, or within the threshold, only their waits tell.
        let abandoned_waits_known = self.abandoned_waits_missing(rules) == 0;
        let short_abandoned = if rules.short_abandon_s == 0 {
            Some(0)
        } else {
            abandoned_waits_known.then(|| abandoned_waits.count_at_most(rules.short_abandon_s))
        };
        let t = rules.sl_threshold_s;
        let answered_within = self.wait_answered.count_at_most(t);
        let abandoned_within = abandoned_waits.count_at_most(t);

        k.offered = Some(self.offered);
        k.answered = self.answered;
        k.abandoned = Some(abandoned);
        k.short_abandoned = short_abandoned;
        k.timed_out = Some(timed_out);
        k.ivr_only = Some(self.ivr_only);
        k.transferred = self.transferred;
        k.answered_within_threshold = answered_within;
        k.abandoned_within_threshold = abandoned_waits_known.then_some(abandoned_within);

        let (offered, answered) = (self.offered as f64, self.answered as f64);
        k.answer_rate = rate("answer_rate", answered, offered);
        k.abandon_rate = match rules.abandon_variant {
            AbandonVariant::Offered => rate("abandon_rate", abandoned as f64, offered),
            AbandonVariant::ExcludeShort => short_abandoned
                .and_then(|short| rate("abandon_rate", (abandoned - short) as f64, offered - short as f64)),
            AbandonVariant::AnsweredPlusAbandoned => {
                rate("abandon_rate", abandoned as f64, answered + abandoned as f64)
            }
        };
        let mut by_variant = IdMap::new();
        for variant in SlVariant::ALL {
            let (num, den) = match variant {
                SlVariant::Offered => (answered_within, self.offered),
                SlVariant::Answered => (answered_within, self.answered),
                // Not known without the short abandons (sl_waits_missing then says so).
                SlVariant::OfferedMinusShort => (answered_within, self.offered - short_abandoned.unwrap_or(0)),
                SlVariant::WithAbandoned => (answered_within + abandoned_within, self.offered),
            };
            let known = self.sl_waits_missing(variant, rules) == 0;
            by_variant.insert(variant.id(), (known && den > 0).then(|| num as f64 / den as f64));
            if variant == rules.sl_variant && known {
                k.service_level = rate("service_level", num as f64, den as f64);
            }
        }
        k.service_level_variants = by_variant;

        let answered_waits = self.wait_answered.total() as f64;
        k.asa = rate("asa", secs(self.wait_answered_ms), answered_waits);
        k.avg_wait_abandoned = rate("avg_wait_abandoned", secs(abandoned_wait_ms), abandoned_waits.total() as f64);
        k.avg_queue_time = rate(
            "avg_queue_time",
            secs(self.wait_answered_ms.saturating_add(abandoned_wait_ms)),
            answered_waits + abandoned_waits.total() as f64,
        );
        let mut all_waits = self.wait_answered.clone();
        all_waits.merge(&self.wait_abandoned);
        all_waits.merge(&self.wait_timed_out);
        k.max_wait = all_waits.max().map(f64::from);
        k.wait_p50 = all_waits.quantile(0.50).map(f64::from);
        k.wait_p80 = all_waits.quantile(0.80).map(f64::from);
        k.wait_p90 = all_waits.quantile(0.90).map(f64::from);
        k.wait_p95 = all_waits.quantile(0.95).map(f64::from);

        k.total_talk = secs(self.talk_ms);
        k.avg_talk = rate("avg_talk", secs(self.talk_ms), self.talk_count as f64);
        k.avg_hold =
            if self.hold_count > 0 { rate("avg_hold", secs(self.hold_ms), self.hold_count as f64) } else { None };
        k.hold_rate = if self.hold_count > 0 {
            rate("hold_rate", self.hold_positive as f64, self.hold_count as f64)
        } else {
            None
        };
        if self.acw_count > 0 {
            k.avg_acw = rate("avg_acw", secs(self.acw_ms), self.acw_count as f64);
            k.aht = rate("aht", secs(self.handle_with_acw_ms), self.acw_count as f64);
            k.total_handle = Some(secs(self.handle_with_acw_ms));
        }
        k.short_calls = self.talk.count_below(rules.short_call_s);
        k.short_call_rate = rate("short_call_rate", k.short_calls as f64, self.talk_count as f64);
        k.transfer_rate = if self.transfer_known > 0 {
            rate("transfer_rate", self.transferred as f64, self.transfer_known as f64)
        } else {
            None
        };

        k.fcr_resolved = fcr.resolved;
        k.fcr_repeat = fcr.repeat;
        k.fcr_unknown = fcr.unknown;
        k.fcr = if fcr.resolved + fcr.repeat > 0 {
            rate("fcr", fcr.resolved as f64, (fcr.resolved + fcr.repeat) as f64)
        } else if self.resolved_known > 0 {
            // No caller ids: fall back to the source's own resolved flag.
            rate("fcr", self.resolved_yes as f64, self.resolved_known as f64)
        } else {
            None
        };
        let responses: u64 = self.satisfaction.iter().sum();
        let score_sum: u64 = self.satisfaction.iter().zip(1u64..).map(|(n, s)| n * s).sum();
        k.csat = rate("csat", (self.satisfaction[3] + self.satisfaction[4]) as f64, responses as f64);
        k.csat_mean = rate("csat_mean", score_sum as f64, responses as f64);
        k.csat_responses = responses;
        k.csat_distribution = self.satisfaction;
        k.complaints = (self.complaint_known > 0).then_some(self.complaints);
        k.ratios = ratios;
        k
    }
}

/// Tallies added up per key: every (key, tally) given joins its key's sum, each key's tallies
/// summed at once ([`Tally::sum`]), not merged into a growing tally one by one. The parts are
/// sorted by key (stably: a key's parts keep their order) and each key's run summed from one list
/// reused, not gathered in a list per key (18,000 of them for a year's intervals).
pub(crate) fn sums_by<'a, K: Ord>(parts: impl IntoIterator<Item = (K, &'a Tally)>) -> BTreeMap<K, Tally> {
    added_by(parts, Tally::sum)
}

/// [`sums_by`] with only the counts added ([`Tally::sum_counts`], histograms left empty): for
/// figures that read counts alone. The staffing table's weekday × interval cells need each
/// cell's offered calls and handle time, no wait or talk distribution: summing every slot's
/// histograms into them too made a generated 1 GB file's report rebuild (wasm, Node, the
/// repeat-caller pass already done) take 622–639 ms instead of 577–600.
pub(crate) fn counts_by<'a, K: Ord>(parts: impl IntoIterator<Item = (K, &'a Tally)>) -> BTreeMap<K, Tally> {
    added_by(parts, Tally::sum_counts)
}

fn added_by<'a, K: Ord>(
    parts: impl IntoIterator<Item = (K, &'a Tally)>,
    sum: fn(&[&Tally]) -> Tally,
) -> BTreeMap<K, Tally> {
    let mut parts: Vec<(K, &Tally)> = parts.into_iter().collect();
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let mut sums = Vec::new();
    let mut run: Vec<&Tally> = Vec::new();
    let mut parts = parts.into_iter().peekable();
    while let Some((key, t)) = parts.next() {
        run.push(t);
        if parts.peek().is_none_or(|(next, _)| *next != key) {
            sums.push((key, sum(&run)));
            run.clear();
        }
    }
    // In key order: the map is built in one pass (inserting one by one split its nodes, moving
    // whole tallies about).
    sums.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::call::{Call, Outcome};

    fn rules(sl_variant: SlVariant) -> KpiRules {
        KpiRules {
            sl_threshold_s: 20,
            sl_variant,
            abandon_variant: AbandonVariant::default(),
            short_abandon_s: 5,
            short_call_s: 10,
            timeout_as_abandoned: false,
            fcr_window_h: 168,
        }
    }

    /// Calls with these outcomes and waits (seconds; `None`: the source gives none).
    fn tally(calls: &[(Outcome, Option<i64>)]) -> Tally {
        let mut t = Tally::default();
        for (i, (outcome, wait_s)) in calls.iter().enumerate() {
            let mut c = Call::new(i as i64 * 1000, *outcome);
            c.wait_ms = wait_s.map(|s| s * 1000);
            t.add(&c);
        }
        t
    }

    #[test]
    fn tallies_summed_at_once_equal_tallies_merged_one_by_one() {
        use Outcome::{Abandoned, Answered, TimedOut};
        let parts: Vec<Tally> = (0..12i64)
            .map(|p| {
                let calls: Vec<(Outcome, Option<i64>)> = (0..p * 7)
                    .map(|i| ([Answered, Abandoned, TimedOut][(i % 3) as usize], Some((i * 97 + p * 13) % 900)))
                    .collect();
                let mut t = tally(&calls);
                t.talk.add_secs((p as u32) * 80, 2);
                t.talk_ms += p * 160_000;
                t.satisfaction[(p % 5) as usize] += 1;
                t
            })
            .collect();
        let mut merged = Tally::default();
        for t in &parts {
            merged.merge(t);
        }
        assert_eq!(Tally::sum(&parts.iter().collect::<Vec<_>>()), merged);
        let by_parity = sums_by(parts.iter().enumerate().map(|(i, t)| (i % 2, t)));
        let mut odd = Tally::default();
        for t in parts.iter().skip(1).step_by(2) {
            odd.merge(t);
        }
        assert_eq!(by_parity.len(), 2);
        assert_eq!(by_parity[&1], odd);
    }

    #[test]
    fn service_level_is_null_not_zero_when_answered_calls_have_no_wait() {
        use Outcome::{Abandoned, Answered};
        // A CDR without answer times: every answered call's wait unknown.
        let t = tally(&[(Answered, None), (Answered, None), (Abandoned, Some(30))]);
        for variant in SlVariant::ALL {
            let k = t.kpis(&rules(variant), FcrCounts::default());
            assert_eq!(k.service_level, None, "{variant:?}");
            assert!(k.service_level_variants.values().all(Option::is_none), "{variant:?}");
            assert!(!k.ratios.contains_key("service_level"), "no ratio for a figure not computed");
            assert_eq!(t.sl_waits_missing(variant, &rules(variant)), 2);
        }
        // One answered call without a wait among others that have one: still not known.
        let t = tally(&[(Answered, Some(5)), (Answered, None), (Answered, Some(40))]);
        assert_eq!(t.kpis(&rules(SlVariant::Offered), FcrCounts::default()).service_level, None);
        // Every answered wait known: computed as before (1 of 3 offered within 20 s).
        let t = tally(&[(Answered, Some(5)), (Answered, Some(25)), (Abandoned, Some(40))]);
        let k = t.kpis(&rules(SlVariant::Offered), FcrCounts::default());
        assert_eq!(k.service_level, Some(1.0 / 3.0));
        assert_eq!(t.sl_waits_missing(SlVariant::Offered, &rules(SlVariant::Offered)), 0);
    }

    #[test]
    fn abandoned_calls_without_a_wait_leave_out_only_the_variants_that_need_their_wait() {
        use Outcome::{Abandoned, Answered};
        let t = tally(&[(Answered, Some(5)), (Answered, Some(25)), (Abandoned, None)]);
        let k = t.kpis(&rules(SlVariant::Offered), FcrCounts::default());
        let v = &k.service_level_variants;
        assert_eq!(v["offered"], Some(1.0 / 3.0));
        assert_eq!(v["answered"], Some(0.5));
        assert_eq!(v["offered_minus_short"], None, "was the abandoned call a short abandon? not known");
        assert_eq!(v["with_abandoned"], None, "was it abandoned within 20 s? not known");
        assert_eq!(k.short_abandoned, None, "short abandons: not known, not 0");
        assert_eq!(k.abandoned_within_threshold, None);
        let mut exclude_short = rules(SlVariant::Offered);
        exclude_short.abandon_variant = AbandonVariant::ExcludeShort;
        assert_eq!(t.kpis(&exclude_short, FcrCounts::default()).abandon_rate, None);
        exclude_short.abandon_variant = AbandonVariant::Offered;
        assert_eq!(t.kpis(&exclude_short, FcrCounts::default()).abandon_rate, Some(1.0 / 3.0));
        let mut no_short = rules(SlVariant::OfferedMinusShort);
        no_short.short_abandon_s = 0;
        assert_eq!(t.kpis(&no_short, FcrCounts::default()).service_level, Some(1.0 / 3.0));
        // Timed-out calls without a wait matter once they count as abandoned.
        let t = tally(&[(Answered, Some(5)), (Outcome::TimedOut, None)]);
        let mut r = rules(SlVariant::WithAbandoned);
        assert_eq!(t.kpis(&r, FcrCounts::default()).service_level, Some(0.5));
        r.timeout_as_abandoned = true;
        assert_eq!(t.kpis(&r, FcrCounts::default()).service_level, None);
    }
}
