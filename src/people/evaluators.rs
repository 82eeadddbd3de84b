//! Evaluator checks: bias against the other evaluators, and agreement in calibration sessions.

use std::collections::BTreeMap;

use serde::Serialize;

/// Bias this large (QA points, 0–100 scale) and this certain is flagged.
pub(super) const BIAS_FLAG_POINTS: f64 = 5.0;
pub(super) const BIAS_FLAG_T: f64 = 2.0;

/// One QA evaluation as the checks see it.
#[derive(Clone, Debug)]
pub(super) struct EvalScore<'a> {
    pub call_id: Option<&'a str>,
    pub agent: &'a str,
    pub evaluator: &'a str,
    pub score: f64,
}

/// One evaluator's scores against the other evaluators'.
#[derive(Clone, Debug, Serialize)]
pub struct EvaluatorCheck {
    /// The evaluator's name.
    pub evaluator: String,
    /// Evaluations the evaluator did.
    pub evaluations: usize,
    /// Agents the evaluator evaluated.
    pub agents: usize,
    /// Mean score the evaluator gave.
    pub mean_score: f64,
    /// Evaluations of agents that other evaluators also scored (the base of `bias`).
    pub compared: usize,
    /// Mean of (this evaluator's score − the other evaluators' mean for the same agent), over
    /// the compared evaluations; `None` when no agent was also scored by someone else.
    pub bias: Option<f64>,
    /// bias / its standard error.
    pub t: Option<f64>,
    /// |bias| ≥ 5 points and |t| ≥ 2: scores differ systematically from colleagues'.
    pub flagged: bool,
}

/// Per evaluator, the mean deviation from the other evaluators on the same agents.
///
/// Comparing on the same agents matters: an evaluator who happens to review the weakest agents
/// is not biased for giving lower scores, so only the difference against colleagues' scores of
/// the *same* agent counts. One very harsh evaluator also drags the reference of everyone else
/// down and makes fair colleagues look lenient, so flagging is done one evaluator at a time: the
/// most clearly deviating evaluator is flagged, left out of the reference, and the others are
/// measured again, until nobody else deviates.
pub(super) fn evaluator_bias(evals: &[EvalScore<'_>]) -> Vec<EvaluatorCheck> {
    let mut excluded: Vec<String> = Vec::new();
    let mut flagged_checks: Vec<EvaluatorCheck> = Vec::new();
    loop {
        let reference: Vec<EvalScore<'_>> =
            evals.iter().filter(|e| !excluded.iter().any(|x| x == e.evaluator)).cloned().collect();
        let mut checks = bias_against(evals, &reference);
        checks.retain(|c| !excluded.contains(&c.evaluator));
        let worst = checks
            .iter()
            .filter(|c| c.flagged)
            .max_by(|a, b| a.t.unwrap_or(0.0).abs().total_cmp(&b.t.unwrap_or(0.0).abs()))
            .map(|c| c.evaluator.clone());
        match worst {
            // Keep at least two evaluators in the reference.
            Some(w) if checks.len() > 2 => {
                let c = checks.iter().find(|c| c.evaluator == w).cloned();
                flagged_checks.extend(c);
                excluded.push(w);
            }
            _ => {
                checks.extend(flagged_checks);
                checks.sort_by(|a, b| a.evaluator.cmp(&b.evaluator));
                return checks;
            }
        }
    }
}

/// Bias of every evaluator in `evals` against the scores in `reference` (other evaluators only).
fn bias_against(evals: &[EvalScore<'_>], reference: &[EvalScore<'_>]) -> Vec<EvaluatorCheck> {
    // (agent, evaluator) → (Σ score, n)
    let mut by: BTreeMap<(&str, &str), (f64, usize)> = BTreeMap::new();
    let mut per_agent: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for e in reference {
        let x = by.entry((e.agent, e.evaluator)).or_default();
        x.0 += e.score;
        x.1 += 1;
        let a = per_agent.entry(e.agent).or_default();
        a.0 += e.score;
        a.1 += 1;
    }
    let mut evaluators: BTreeMap<&str, Vec<&EvalScore<'_>>> = BTreeMap::new();
    for e in evals {
        evaluators.entry(e.evaluator).or_default().push(e);
    }
    evaluators
        .into_iter()
        .map(|(name, list)| {
            let mean_score = list.iter().map(|e| e.score).sum::<f64>() / list.len() as f64;
            let agents = list.iter().map(|e| e.agent).collect::<std::collections::BTreeSet<_>>().len();
            let mut devs = Vec::new();
            for e in &list {
                let (own_sum, own_n) = by.get(&(e.agent, name)).copied().unwrap_or((0.0, 0));
                let Some(&(all_sum, all_n)) = per_agent.get(e.agent) else { continue };
                let others_n = all_n - own_n;
                if others_n == 0 {
                    continue;
                }
                let others_mean = (all_sum - own_sum) / others_n as f64;
                devs.push(e.score - others_mean);
            }
            let n = devs.len();
            let bias = (n > 0).then(|| devs.iter().sum::<f64>() / n as f64);
            let t = bias.and_then(|b| {
                if n < 2 {
                    return None;
                }
                let var = devs.iter().map(|d| (d - b).powi(2)).sum::<f64>() / (n - 1) as f64;
                let se = (var / n as f64).sqrt();
                (se > 0.0).then(|| b / se)
            });
            let flagged =
                matches!((bias, t), (Some(b), Some(t)) if b.abs() >= BIAS_FLAG_POINTS && t.abs() >= BIAS_FLAG_T);
            EvaluatorCheck {
                evaluator: name.to_string(),
                evaluations: list.len(),
                agents,
                mean_score,
                compared: n,
                bias,
                t,
                flagged,
            }
        })
        .collect()
}

/// Agreement between evaluators who scored the same calls.
#[derive(Clone, Debug, Serialize)]
pub struct Calibration {
    /// Calls scored by two or more evaluators.
    pub calls: usize,
    /// Scores on those calls.
    pub scores: usize,
    /// Evaluators who scored calls also scored by others.
    pub evaluators: usize,
    /// Krippendorff's alpha, interval metric (1 = perfect agreement, 0 = no better than chance).
    pub alpha: Option<f64>,
    /// Mean range (highest − lowest score) per calibration call, QA points.
    pub mean_range: f64,
    /// Per call: id, scores by evaluator.
    pub sessions: Vec<CalibrationCall>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CalibrationCall {
    pub call_id: String,
    pub scores: BTreeMap<String, f64>,
    pub range: f64,
}

/// Krippendorff's alpha (interval) over units that have at least two values.
///
/// D_o = (1/n) Σ_u Σ_{i≠j in u} (v_i − v_j)² / (m_u − 1) and
/// D_e = 1/(n(n−1)) Σ_{i≠j over all pairable values} (v_i − v_j)², α = 1 − D_o / D_e.
/// Pair sums use Σ_{i≠j}(v_i − v_j)² = 2(m Σv² − (Σv)²), so the cost is linear.
pub(super) fn krippendorff_alpha_interval(units: &[Vec<f64>]) -> Option<f64> {
    let pair_sum = |m: f64, s: f64, s2: f64| 2.0 * (m * s2 - s * s);
    let (mut n, mut s, mut s2, mut d_o) = (0.0, 0.0, 0.0, 0.0);
    for u in units.iter().filter(|u| u.len() >= 2) {
        let m = u.len() as f64;
        let us: f64 = u.iter().sum();
        let us2: f64 = u.iter().map(|v| v * v).sum();
        d_o += pair_sum(m, us, us2) / (m - 1.0);
        n += m;
        s += us;
        s2 += us2;
    }
    if n < 2.0 {
        return None;
    }
    let d_o = d_o / n;
    let d_e = pair_sum(n, s, s2) / (n * (n - 1.0));
    (d_e > 0.0).then(|| 1.0 - d_o / d_e)
}

/// Calibration: calls scored by several evaluators (one score per evaluator and call: an
/// evaluator's repeated scores of one call are averaged).
pub(super) fn calibration(evals: &[EvalScore<'_>]) -> Option<Calibration> {
    let mut calls: BTreeMap<&str, BTreeMap<&str, (f64, usize)>> = BTreeMap::new();
    for e in evals {
        if let Some(c) = e.call_id {
            let x = calls.entry(c).or_default().entry(e.evaluator).or_default();
            x.0 += e.score;
            x.1 += 1;
        }
    }
    let mut sessions = Vec::new();
    let mut units = Vec::new();
    let mut evaluators = std::collections::BTreeSet::new();
    for (call, by) in calls {
        if by.len() < 2 {
            continue;
        }
        let scores: BTreeMap<String, f64> = by.iter().map(|(e, (s, n))| (e.to_string(), s / *n as f64)).collect();
        evaluators.extend(by.keys().copied());
        let vals: Vec<f64> = scores.values().copied().collect();
        let range = vals.iter().cloned().fold(f64::MIN, f64::max) - vals.iter().cloned().fold(f64::MAX, f64::min);
        units.push(vals);
        sessions.push(CalibrationCall { call_id: call.to_string(), scores, range });
    }
    if sessions.is_empty() {
        return None;
    }
    let mean_range = sessions.iter().map(|s| s.range).sum::<f64>() / sessions.len() as f64;
    Some(Calibration {
        calls: sessions.len(),
        scores: units.iter().map(Vec::len).sum(),
        evaluators: evaluators.len(),
        alpha: krippendorff_alpha_interval(&units),
        mean_range,
        sessions,
    })
}
