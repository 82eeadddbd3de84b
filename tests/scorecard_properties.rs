//! Properties every card must keep, whatever the values: monotone in `better`, invariant to
//! weight scale, and a breakdown that recomputes the total.

use std::collections::BTreeMap;

use callscore::{score_group, Better, Category, Grade, Method, Metric, MetricValue, ScorecardDef, Subject};
use proptest::prelude::*;

fn metric_strategy(i: usize) -> impl Strategy<Value = Metric> {
    (0usize..5, 0.1f64..10.0, prop::bool::ANY, 1.0f64..100.0, 1.0f64..100.0).prop_map(
        move |(method, weight, lower, a, b)| {
            let better = if lower { Better::Lower } else { Better::Higher };
            let (t, f) = if a == b { (a + 1.0, a) } else { (a.max(b), a.min(b)) };
            let (target, floor) = if lower { (f, t) } else { (t, f) };
            let mut m = Metric {
                kpi: format!("k{i}"),
                label: None,
                weight,
                target: Some(target),
                floor: None,
                score: Method::Linear,
                better,
                cap: None,
                bands: Vec::new(),
                per_hour: false,
                when_missing: Default::default(),
                min_sample: None,
                team: None,
                centre: None,
                ramp_up: Vec::new(),
            };
            match method {
                0 => {
                    m.score = Method::Ratio;
                    m.cap = Some(1.2);
                }
                1 => {
                    m.score = Method::Linear;
                    m.floor = Some(floor);
                }
                2 => {
                    m.score = Method::Bands;
                    m.bands = if lower {
                        vec![(0.0, 100.0), (25.0, 70.0), (50.0, 30.0), (75.0, 0.0)]
                    } else {
                        vec![(0.0, 0.0), (25.0, 30.0), (50.0, 70.0), (75.0, 100.0)]
                    };
                }
                3 => m.score = Method::Rank,
                _ => m.score = Method::PassFail,
            }
            m
        },
    )
}

fn card_strategy() -> impl Strategy<Value = ScorecardDef> {
    (
        prop::collection::vec(metric_strategy(0), 1..3),
        prop::collection::vec(metric_strategy(0), 1..3),
        0.1f64..5.0,
        0.1f64..5.0,
    )
        .prop_map(|(a, b, wa, wb)| {
            let mut n = 0;
            let mut name = |mut v: Vec<Metric>| {
                for m in &mut v {
                    m.kpi = format!("k{n}");
                    n += 1;
                }
                v
            };
            let (a, b) = (name(a), name(b));
            ScorecardDef {
                name: "p".into(),
                description: None,
                period: None,
                level: Default::default(),
                min_sample: BTreeMap::new(),
                categories: vec![
                    Category { name: "a".into(), weight: wa, metrics: a },
                    Category { name: "b".into(), weight: wb, metrics: b },
                ],
                gates: Vec::new(),
                grades: vec![Grade(90.0, "A".into(), 1.2), Grade(60.0, "B".into(), 1.0), Grade(0.0, "C".into(), 0.8)],
                goals: Vec::new(),
            }
        })
}

fn subjects(values: &[Vec<f64>]) -> Vec<Subject> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Subject {
            id: format!("a{i}"),
            values: v.iter().enumerate().map(|(k, x)| (format!("k{k}"), MetricValue::plain(*x))).collect(),
            ..Default::default()
        })
        .collect()
}

fn values() -> impl Strategy<Value = Vec<Vec<f64>>> {
    prop::collection::vec(prop::collection::vec(0.0f64..120.0, 4), 2..6)
}

proptest! {
    #[test]
    fn raising_a_metric_in_its_better_direction_never_lowers_the_total(card in card_strategy(), vals in values(), pick in 0usize..4, who in 0usize..6, step in 0.0f64..50.0) {
        prop_assume!(card.validate().is_ok());
        let metrics: Vec<Metric> = card.metrics().map(|(_, m)| m.clone()).collect();
        let k = pick % metrics.len();
        let who = who % vals.len();
        let before = score_group(&card, &subjects(&vals))[who].total;
        let mut raised = vals.clone();
        let delta = if metrics[k].better == Better::Higher { step } else { -step };
        let idx: usize = metrics[k].kpi[1..].parse().unwrap();
        raised[who][idx] = (raised[who][idx] + delta).max(0.0);
        let after = score_group(&card, &subjects(&raised))[who].total;
        prop_assert!(after + 1e-9 >= before, "{before} → {after}");
    }

    #[test]
    fn scaling_all_weights_changes_nothing(card in card_strategy(), vals in values(), factor in 0.01f64..1000.0) {
        prop_assume!(card.validate().is_ok());
        let mut scaled = card.clone();
        for c in &mut scaled.categories {
            c.weight *= factor;
            for m in &mut c.metrics {
                m.weight *= factor;
            }
        }
        let a = score_group(&card, &subjects(&vals));
        let b = score_group(&scaled, &subjects(&vals));
        for (x, y) in a.iter().zip(&b) {
            prop_assert!((x.total - y.total).abs() < 1e-9 * x.total.abs().max(1.0));
            prop_assert_eq!(x.rank, y.rank);
        }
    }

    #[test]
    fn breakdown_sums_to_the_total(card in card_strategy(), vals in values(), drop in prop::option::of(0usize..4)) {
        prop_assume!(card.validate().is_ok());
        let mut subs = subjects(&vals);
        if let Some(d) = drop {
            subs[0].values.remove(&format!("k{d}"));
        }
        for r in score_group(&card, &subs) {
            let sum: f64 = r.metrics.iter().map(|m| m.contribution).sum::<f64>() + r.gate_adjustment;
            prop_assert!((sum - r.total).abs() < 1e-9, "{} vs {}", sum, r.total);
            // and each contribution is points × weight, as printed
            for m in &r.metrics {
                prop_assert!((m.points.unwrap_or(0.0) * m.weight - m.contribution).abs() < 1e-12);
            }
            let w: f64 = r.metrics.iter().map(|m| m.weight).sum();
            prop_assert!((w - 1.0).abs() < 1e-9 || w == 0.0);
        }
    }
}
