//! Interval staffing in the report: `by_interval[].required_agents`, the patience estimate and
//! the weekday × interval table, checked against direct calls of the staffing functions.

mod common;

use callscore::sample::{HeaderLang, SampleEncoding};
use callscore::staffing::{required_agents_a, required_agents_c, Targets, Workload};
use callscore::Settings;

fn sample_report(settings: &Settings) -> callscore::Report {
    let data = common::sample_bytes(14, 7, HeaderLang::En, SampleEncoding::Utf8);
    common::analyse(settings, "sample.csv", &data)
}

fn targets(s: &Settings) -> Targets {
    Targets {
        sl_target: Some(s.sl_target),
        sl_threshold_s: f64::from(s.sl_threshold_s),
        max_occupancy: s.max_occupancy,
        max_wait_probability: None,
        shrinkage: s.shrinkage,
    }
}

#[test]
fn required_agents_equal_a_direct_calculation_for_every_interval() {
    let settings = Settings { max_occupancy: Some(0.85), shrinkage: 0.3, ..Settings::default() };
    let r = sample_report(&settings);
    let staffing = r.staffing.as_ref().expect("staffing is on by default");
    assert_eq!(staffing.aht_basis, "aht", "the sample has ACW");
    let patience = staffing.patience_s.expect("the sample has abandons");
    let mut busy = 0;
    for row in &r.by_interval {
        let req = row.required_agents.expect("required agents");
        assert_eq!((row.logged_in_agents, row.understaffed), (None, None), "no agent session or state data");
        let offered = row.kpis.offered.expect("intervals count offered calls");
        if offered == 0 {
            assert_eq!(req.erlang_c.unwrap().raw_positions, 0, "{}", row.start);
            assert_eq!(req.erlang_c.unwrap().positions, 0, "{}", row.start);
            assert_eq!(req.erlang_a.unwrap().raw_positions, 0, "{}", row.start);
            continue;
        }
        let aht = row.kpis.aht.or(staffing.period_aht_s).unwrap();
        assert_eq!(req.aht_s, Some(aht));
        let w = Workload { calls: offered as f64, interval_s: 1800.0, aht_s: aht };
        assert_eq!(req.erlang_c, Some(required_agents_c(&w, &targets(&settings)).unwrap()), "{}", row.start);
        assert_eq!(req.erlang_a, Some(required_agents_a(&w, patience, &targets(&settings)).unwrap()), "{}", row.start);
        let c = req.erlang_c.unwrap();
        assert!(c.performance.service_level >= 0.8 && c.performance.occupancy <= 0.85);
        assert_eq!(c.positions, (f64::from(c.raw_positions) / 0.7 - 1e-9).ceil() as u32);
        busy += 1;
    }
    assert!(busy > 100, "the sample has busy intervals");
}

#[test]
fn intervals_without_calls_need_no_agents() {
    let model = callscore::staffing::IntervalModel {
        interval_s: 900.0,
        targets: targets(&Settings::default()),
        patience_s: Some(120.0),
    };
    for aht in [None, Some(0.0), Some(300.0)] {
        let req = model.required(0.0, aht);
        assert_eq!(req.erlang_c.unwrap().raw_positions, 0);
        assert_eq!(req.erlang_a.unwrap().raw_positions, 0);
    }
    // Calls but no handle time at all: no figure, never a made-up one.
    let req = model.required(10.0, None);
    assert_eq!((req.erlang_c, req.erlang_a), (None, None));
}

#[test]
fn patience_is_abandons_over_time_at_risk() {
    let r = sample_report(&Settings::default());
    let s = r.staffing.as_ref().unwrap();
    // By hand from the totals: abandoned calls with a wait, and Σ wait of answered + abandoned.
    let t = &r.totals;
    let abandoned = t.ratios["avg_wait_abandoned"].denominator;
    let waited = t.ratios["asa"].numerator + t.ratios["avg_wait_abandoned"].numerator;
    assert!(abandoned > 0.0);
    assert_eq!(s.abandoned as f64, abandoned);
    assert!((s.total_wait_s - waited).abs() < 1e-6);
    assert!((s.patience_s.unwrap() - waited / abandoned).abs() < 1e-9);
}

#[test]
fn weekday_interval_table_is_the_mean_over_the_days_present() {
    let settings = Settings { interval_min: 60, ..Settings::default() };
    let r = sample_report(&settings);
    let s = r.staffing.as_ref().unwrap();
    // 14 days: every weekday twice, 24 hourly intervals each.
    assert_eq!(s.weekday_interval.len(), 7 * 24);
    assert_eq!(s.aht_basis, "aht", "the sample has ACW");
    for row in &s.weekday_interval {
        assert_eq!(row.days, 2);
        let hour: u32 = row.interval[..2].parse().unwrap();
        let intervals: Vec<_> = r
            .by_interval
            .iter()
            .filter(|i| {
                let day = r.by_day.iter().find(|d| i.start.starts_with(&d.day)).unwrap();
                day.weekday == row.weekday && i.start[11..13].parse::<u32>().unwrap() == hour
            })
            .collect();
        let offered: u64 = intervals.iter().map(|i| i.kpis.offered.expect("intervals count offered calls")).sum();
        assert!((row.offered_mean - offered as f64 / 2.0).abs() < 1e-9, "{} {}", row.weekday, row.interval);
        // The cell's own handle time: its intervals' handle time over their calls with ACW (the
        // cells are summed from counts alone, so a handle time that needed more would show here).
        let aht_ratios: Vec<_> = intervals.iter().filter_map(|i| i.kpis.ratios.get("aht")).collect();
        let handle_s: f64 = aht_ratios.iter().map(|r| r.numerator).sum();
        let calls: f64 = aht_ratios.iter().map(|r| r.denominator).sum();
        if calls > 0.0 {
            let aht = row.aht_s.expect("a cell with handled calls has a handle time");
            assert!((aht - handle_s / calls).abs() < 1e-9 * aht, "{} {}: {aht}", row.weekday, row.interval);
        }
        if let Some(aht) = row.aht_s {
            let w = Workload { calls: row.offered_mean, interval_s: 3600.0, aht_s: aht };
            assert_eq!(row.required_agents.erlang_c, Some(required_agents_c(&w, &targets(&settings)).unwrap()));
        } else {
            assert_eq!(row.offered_mean, 0.0);
        }
    }
}

#[test]
fn without_acw_talk_time_is_used_and_said() {
    let settings = Settings { columns: vec![("acw".into(), "ignore".into())], ..Settings::default() };
    let r = sample_report(&settings);
    let s = r.staffing.as_ref().unwrap();
    assert_eq!(s.aht_basis, "avg_talk");
    assert!(
        r.notes.iter().map(|n| n.to_string()).any(|n| n.starts_with("staffing:") && n.contains("avg_talk")),
        "{:?}",
        r.notes
    );
    let row = r.by_interval.iter().find(|i| i.kpis.answered > 0).unwrap();
    assert_eq!(row.required_agents.unwrap().aht_s, row.kpis.avg_talk);
}

#[test]
fn staffing_can_be_switched_off_and_settings_are_checked() {
    let r = sample_report(&Settings { staffing: false, ..Settings::default() });
    assert!(r.staffing.is_none());
    assert!(r.by_interval.iter().all(|i| i.required_agents.is_none()));
    for bad in [
        Settings { sl_target: 0.0, ..Settings::default() },
        Settings { sl_target: 1.5, ..Settings::default() },
        Settings { shrinkage: 1.0, ..Settings::default() },
        Settings { max_occupancy: Some(0.0), ..Settings::default() },
    ] {
        assert!(callscore::Analyzer::new(bad).is_err());
    }
}
