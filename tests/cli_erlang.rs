//! Runs the built `callscore erlang` binary.

use std::process::Command;

fn callscore(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_callscore")).args(args).output().expect("the callscore binary runs")
}

fn run_json(args: &[&str]) -> serde_json::Value {
    let output = callscore(args);
    assert!(output.status.success(), "callscore {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn number(value: &serde_json::Value, field: &str) -> f64 {
    value[field].as_f64().unwrap_or_else(|| panic!("{field} missing in {value}"))
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

const PYWORKFORCE_CASE: &[&str] = &[
    "erlang",
    "--calls",
    "100",
    "--interval",
    "30",
    "--aht",
    "180",
    "--sl-target",
    "0.8",
    "--sl-threshold",
    "20",
    "--max-occupancy",
    "0.85",
    "--shrinkage",
    "0.3",
    "--json",
];

#[test]
fn json_output_gives_required_agents_for_pyworkforce_case() {
    let value = run_json(PYWORKFORCE_CASE);
    assert_eq!(number(&value, "traffic_erlangs"), 10.0);
    let c = &value["erlang_c"];
    assert_eq!(c["raw_positions"], 14);
    assert_eq!(c["positions"], 20);
    assert_eq!(round3(number(c, "service_level")), 0.888);
    assert_eq!(round3(number(c, "occupancy")), 0.714);
    assert_eq!(round3(number(c, "waiting_probability")), 0.174);
    // The reference table gives ASA to 2 decimals of a second.
    assert_eq!((number(c, "asa") * 100.0).round() / 100.0, 7.84);
    assert!(value["erlang_a"].is_null(), "no Erlang A without --patience");
}

#[test]
fn json_output_adds_erlang_a_when_patience_given() {
    let mut args = PYWORKFORCE_CASE.to_vec();
    args.extend(["--patience", "300"]);
    let value = run_json(&args);
    let a = &value["erlang_a"];
    let raw = a["raw_positions"].as_u64().unwrap();
    assert!(raw <= 14, "abandonment cannot raise the requirement, got {raw}");
    assert!(number(a, "service_level") >= 0.8);
    assert!(number(a, "occupancy") <= 0.85);
    let abandon = number(a, "abandon_probability");
    assert!(abandon > 0.0 && abandon < 0.1);
}

#[test]
fn json_output_for_fixed_agents_flags_unstable_erlang_c() {
    let value = run_json(&[
        "erlang",
        "--calls",
        "100",
        "--interval",
        "30",
        "--aht",
        "180",
        "--agents",
        "9",
        "--patience",
        "300",
        "--json",
    ]);
    assert_eq!(value["erlang_c"]["unstable"], true);
    let a = &value["erlang_a"];
    assert_eq!(a["agents"], 9);
    assert!(number(a, "waiting_probability") > 0.5);
    assert!(number(a, "abandon_probability") > 0.0);
}

#[test]
fn fixed_agents_reproduce_erlang_a_reference() {
    let value = run_json(&[
        "erlang",
        "--calls",
        "100",
        "--interval",
        "30",
        "--aht",
        "180",
        "--agents",
        "14",
        "--patience",
        "300",
        "--json",
    ]);
    let a = &value["erlang_a"];
    assert_eq!((number(a, "service_level") * 1e6).round() / 1e6, 0.916792);
    let c = &value["erlang_c"];
    assert_eq!(round3(number(c, "waiting_probability")), 0.174);
}

#[test]
fn text_output_is_readable() {
    let output = callscore(&PYWORKFORCE_CASE[..PYWORKFORCE_CASE.len() - 1]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Erlang C: 14 agents required, 20 positions"), "{text}");
    assert!(text.contains("88.8%"), "{text}");
}

#[test]
fn missing_target_and_bad_input_exit_with_error() {
    let output = callscore(&["erlang", "--calls", "100", "--interval", "30", "--aht", "180"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--sl-target"));
    let output = callscore(&[
        "erlang",
        "--calls",
        "100",
        "--interval",
        "30",
        "--aht",
        "180",
        "--sl-target",
        "0.8",
        "--shrinkage",
        "1.2",
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("shrinkage"));
}
