//! Scorecard maths, checked against numbers worked out by hand.

use std::collections::BTreeMap;

use callscore::points;
use callscore::{score_group, MetricValue, ScorecardDef, Subject};

fn card(json: &str) -> ScorecardDef {
    ScorecardDef::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

fn subject(id: &str, vals: &[(&str, f64)]) -> Subject {
    Subject {
        id: id.into(),
        values: vals.iter().map(|(k, v)| (k.to_string(), MetricValue::plain(*v))).collect::<BTreeMap<_, _>>(),
        ..Default::default()
    }
}

fn one_metric(metric: &str) -> ScorecardDef {
    card(&format!(
        r#"{{"name":"t","categories":[{{"name":"c","weight":1,"metrics":[{metric}]}}],
            "grades":[[90,"A",1.2],[80,"B",1.0],[60,"C",0.8],[0,"D",0.5]]}}"#
    ))
}

fn pts(metric: &str, v: f64) -> f64 {
    let c = one_metric(metric);
    points(&c.categories[0].metrics[0], v, &[v])
}

#[test]
fn ratio_is_value_over_target_capped() {
    let m = r#"{"kpi":"x","weight":1,"target":5000,"score":"ratio","cap":1.2}"#;
    assert_eq!(pts(m, 4500.0), 90.0);
    assert_eq!(pts(m, 6000.0), 120.0);
    assert_eq!(pts(m, 7000.0), 120.0); // capped at 1.2
    assert_eq!(pts(m, -5.0), 0.0);
    // lower is better: target / value
    let m = r#"{"kpi":"x","weight":1,"target":300,"score":"ratio","better":"lower"}"#;
    assert_eq!(pts(m, 600.0), 50.0);
    assert_eq!(pts(m, 200.0), 100.0); // default cap 1
}

#[test]
fn linear_is_100_at_target_0_at_floor_clamped() {
    let m = r#"{"kpi":"x","weight":1,"target":90,"floor":60,"score":"linear"}"#;
    assert_eq!(pts(m, 75.0), 50.0);
    assert_eq!(pts(m, 95.0), 100.0);
    assert_eq!(pts(m, 50.0), 0.0);
    let m = r#"{"kpi":"aht","weight":1,"target":300,"floor":480,"score":"linear","better":"lower"}"#;
    assert_eq!(pts(m, 300.0), 100.0);
    assert_eq!(pts(m, 390.0), 50.0);
    assert_eq!(pts(m, 480.0), 0.0);
    assert_eq!(pts(m, 250.0), 100.0);
}

#[test]
fn bands_take_the_band_of_the_largest_threshold_reached() {
    let m = r#"{"kpi":"absenteeism","weight":1,"score":"bands","better":"lower","bands":[[0.0,100],[0.02,80],[0.05,50],[0.1,0]]}"#;
    assert_eq!(pts(m, 0.0), 100.0);
    assert_eq!(pts(m, 0.019), 100.0);
    assert_eq!(pts(m, 0.02), 80.0); // boundary belongs to the band it starts
    assert_eq!(pts(m, 0.07), 50.0);
    assert_eq!(pts(m, 0.1), 0.0);
    let m = r#"{"kpi":"x","weight":1,"score":"bands","bands":[[10,40],[20,100]]}"#;
    assert_eq!(pts(m, 5.0), 0.0); // below every band, higher is better
    assert_eq!(pts(m, 10.0), 40.0);
    assert_eq!(pts(m, 25.0), 100.0);
}

#[test]
fn rank_is_percentile_in_the_group_with_ties_half() {
    let c = one_metric(r#"{"kpi":"x","weight":1,"score":"rank"}"#);
    let m = &c.categories[0].metrics[0];
    let group = [10.0, 20.0, 20.0, 40.0, 50.0];
    assert_eq!(points(m, 50.0, &group), 100.0);
    assert_eq!(points(m, 10.0, &group), 0.0);
    assert_eq!(points(m, 20.0, &group), 37.5); // 1 worse + ½ tie, over 4 others
    let c = one_metric(r#"{"kpi":"x","weight":1,"score":"rank","better":"lower"}"#);
    assert_eq!(points(&c.categories[0].metrics[0], 10.0, &group), 100.0);
    assert_eq!(points(&c.categories[0].metrics[0], 5.0, &[5.0]), 100.0); // alone in the group
}

#[test]
fn pass_fail_meets_target_inclusive() {
    let m = r#"{"kpi":"x","weight":1,"target":0.9,"score":"pass_fail"}"#;
    assert_eq!(pts(m, 0.9), 100.0);
    assert_eq!(pts(m, 0.8999), 0.0);
    let m = r#"{"kpi":"frt","weight":1,"target":30,"score":"pass_fail","better":"lower"}"#;
    assert_eq!(pts(m, 30.0), 100.0);
    assert_eq!(pts(m, 31.0), 0.0);
}

const TWO_CATS: &str = r#"{"name":"t","min_sample":{"answered":100},
  "categories":[
    {"name":"volume","weight":40,"metrics":[
       {"kpi":"handled","weight":60,"target":5000,"score":"ratio","cap":1.2},
       {"kpi":"aht","weight":40,"target":300,"floor":480,"score":"linear","better":"lower"}]},
    {"name":"quality","weight":60,"metrics":[
       {"kpi":"qa_score","weight":1,"target":90,"floor":60,"score":"linear"}]}],
  "gates":[{"kpi":"qa_autofail_count","max":0,"effect":"cap_grade","grade":"C"}],
  "grades":[[90,"A",1.2],[80,"B",1.0],[60,"C",0.8],[0,"D",0.5]]}"#;

#[test]
fn total_is_weighted_mean_of_normalised_weights_worked_by_hand() {
    let c = card(TWO_CATS);
    // handled 4500 → 90 pts; aht 390 → 50 pts; qa 84 → 80 pts.
    // total = 0.4 × (0.6×90 + 0.4×50) + 0.6 × 80 = 0.4 × 74 + 48 = 77.6
    let s = subject(
        "a",
        &[("handled", 4500.0), ("aht", 390.0), ("qa_score", 84.0), ("answered", 400.0), ("qa_autofail_count", 0.0)],
    );
    let r = &score_group(&c, &[s])[0];
    assert!((r.total - 77.6).abs() < 1e-9, "{}", r.total);
    assert_eq!(r.grade.as_deref(), Some("C"));
    assert_eq!(r.coefficient, Some(0.8));
    assert_eq!(r.status, "ranked");
    let w: Vec<f64> = r.metrics.iter().map(|m| m.weight).collect();
    assert!((w[0] - 0.24).abs() < 1e-12 && (w[1] - 0.16).abs() < 1e-12 && (w[2] - 0.6).abs() < 1e-12);
}

#[test]
fn a_missing_metric_is_left_out_and_the_rest_renormalised() {
    let c = card(TWO_CATS);
    // No qa_score: only the volume category counts, total = 74.
    let s = subject("a", &[("handled", 4500.0), ("aht", 390.0), ("answered", 400.0)]);
    let r = &score_group(&c, &[s])[0];
    assert!((r.total - 74.0).abs() < 1e-9);
    assert_eq!(r.missing, vec!["qa_score".to_string()]);
}

#[test]
fn grade_boundaries_are_inclusive() {
    let c = one_metric(r#"{"kpi":"x","weight":1,"target":100,"floor":0,"score":"linear"}"#);
    for (v, g, coef) in
        [(90.0, "A", 1.2), (89.99, "B", 1.0), (80.0, "B", 1.0), (60.0, "C", 0.8), (59.999, "D", 0.5), (0.0, "D", 0.5)]
    {
        let r = &score_group(&c, &[subject("a", &[("x", v)])])[0];
        assert_eq!(r.grade.as_deref(), Some(g), "value {v}");
        assert_eq!(r.coefficient, Some(coef));
    }
}

#[test]
fn cap_grade_gate_caps_the_grade_not_the_score() {
    let c = card(TWO_CATS);
    let s = subject(
        "a",
        &[("handled", 6000.0), ("aht", 300.0), ("qa_score", 95.0), ("answered", 400.0), ("qa_autofail_count", 1.0)],
    );
    let r = &score_group(&c, &[s])[0];
    assert!(r.total > 100.0 - 1e-9); // 0.24×120 + 0.16×100 + 0.6×100 = 104.8
    assert!((r.total - 104.8).abs() < 1e-9);
    assert_eq!(r.grade.as_deref(), Some("C"));
    assert_eq!(r.gates.len(), 1);
    // at the maximum exactly the gate does not fire
    let s = subject(
        "a",
        &[("handled", 6000.0), ("aht", 300.0), ("qa_score", 95.0), ("answered", 400.0), ("qa_autofail_count", 0.0)],
    );
    assert_eq!(score_group(&c, &[s])[0].grade.as_deref(), Some("A"));
}

#[test]
fn zero_and_cap_score_gates_change_the_total_and_show_the_adjustment() {
    let base = r#"{"name":"t","categories":[{"name":"c","weight":1,"metrics":[{"kpi":"x","weight":1,"target":100,"floor":0,"score":"linear"}]}],
        "gates":[GATE],"grades":[[90,"A",1.2],[0,"D",0.5]]}"#;
    let c = card(
        &base.replace("GATE", r#"{"kpi":"fraud","min":1,"max":1,"effect":"zero"}"#.replace("\"min\":1,", "").as_str()),
    );
    let r = &score_group(&c, &[subject("a", &[("x", 95.0), ("fraud", 2.0)])])[0];
    assert_eq!(r.total, 0.0);
    assert_eq!(r.gate_adjustment, -95.0);
    assert_eq!(r.grade.as_deref(), Some("D"));
    let c = card(&base.replace("GATE", r#"{"kpi":"sl","min":0.8,"effect":"cap_score","score":59}"#));
    let r = &score_group(&c, &[subject("a", &[("x", 95.0), ("sl", 0.7)])])[0];
    assert_eq!(r.total, 59.0);
    let r = &score_group(&c, &[subject("a", &[("x", 95.0), ("sl", 0.8)])])[0];
    assert_eq!(r.total, 95.0);
}

#[test]
fn below_min_sample_is_insufficient_data_not_ranked() {
    let c = card(TWO_CATS);
    let a = subject("a", &[("handled", 4500.0), ("aht", 390.0), ("qa_score", 84.0), ("answered", 400.0)]);
    let b = subject("b", &[("handled", 5000.0), ("aht", 300.0), ("qa_score", 99.0), ("answered", 99.0)]);
    let r = score_group(&c, &[a, b]);
    assert_eq!(r[0].rank, Some(1));
    assert_eq!(r[1].status, "insufficient_data");
    assert_eq!(r[1].rank, None);
    assert_eq!(r[1].grade, None);
    assert_eq!(r[1].insufficient[0].kpi, "answered");
}

#[test]
fn sensitivity_shows_rank_change_when_a_metric_is_dropped() {
    let c = card(
        r#"{"name":"t","categories":[{"name":"c","weight":1,"metrics":[
        {"kpi":"x","weight":1,"target":100,"floor":0,"score":"linear"},
        {"kpi":"y","weight":1,"target":100,"floor":0,"score":"linear"}]}]}"#,
    );
    // a: 100/0 → 50; b: 40/40 → 40. Without y, a still first; without x, b first.
    let r = score_group(&c, &[subject("a", &[("x", 100.0), ("y", 0.0)]), subject("b", &[("x", 40.0), ("y", 40.0)])]);
    assert_eq!(r[0].rank, Some(1));
    let drop_x = r[0].sensitivity.iter().find(|s| s.dropped == "x").unwrap();
    assert_eq!(drop_x.rank, 2);
    assert_eq!(drop_x.rank_change, 1);
    assert_eq!(r[0].max_rank_change, 1);
}

#[test]
fn invalid_cards_name_the_offending_field() {
    let cases = [
        (
            TWO_CATS.replace(r#""weight":40,"target":300"#, r#""weight":-1,"target":300"#),
            "categories[0].metrics[1].weight",
        ),
        (TWO_CATS.replace(r#""floor":480"#, r#""floor":200"#), "categories[0].metrics[1].floor"),
        (TWO_CATS.replace(r#""target":5000,"#, ""), "categories[0].metrics[0].target"),
        (TWO_CATS.replace(r#""grade":"C""#, r#""grade":"Z""#), "gates[0].grade"),
        (TWO_CATS.replace(r#"[80,"B",1.0]"#, r#"[95,"B",1.0]"#), "grades[1][0]"),
        (TWO_CATS.replace(r#""weight":1,"target":90"#, r#""weight":0,"target":90"#), "categories[1].metrics"),
    ];
    for (json, path) in cases {
        let e = ScorecardDef::from_json(&json).expect_err(path).to_string();
        assert!(e.contains(path), "{e} should name {path}");
    }
    let bad_bands = r#"{"name":"t","categories":[{"name":"c","weight":1,"metrics":[{"kpi":"x","weight":1,"score":"bands","better":"lower","bands":[[0,50],[1,80]]}]}]}"#;
    let e = ScorecardDef::from_json(bad_bands).expect_err("rising points").to_string();
    assert!(e.contains("categories[0].metrics[0].bands[1][1]"), "{e}");
}

#[test]
fn every_preset_parses_and_validates() {
    for (id, _) in callscore::PRESETS {
        callscore::preset(id).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    for (id, _) in callscore::QA_FORMS {
        callscore::qa_form_preset(id).unwrap_or_else(|e| panic!("{id}: {e}")).validate().unwrap();
    }
}
