//! The `callscore report` command-line contract that other tools and tests rely on.

use std::process::Command;

fn callscore(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_callscore")).args(args).output().expect("callscore runs")
}

fn temp_file(name: &str, content: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("callscore-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

const CSV: &str = "call id,start time,agent,queue,wait,talk,acw,outcome,caller\n\
                   1,2024-05-06 09:00:05,A1,Sales,5,100,10,ANSWERED,111\n\
                   2,2024-05-06 09:10:00,,Sales,40,,,ABANDONED,222\n\
                   3,2024-05-06 10:20:00,A2,Support,25,300,20,ANSWERED,111\n\
                   3,2024-05-06 10:20:00,A2,Support,25,300,20,ANSWERED,111\n";

#[test]
fn json_report_has_the_documented_shape() {
    let path = temp_file("calls.csv", CSV.as_bytes());
    let out = callscore(&["report", "--json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let input = &v["inputs"][0];
    for key in ["file", "profile", "encoding", "rows_read", "rows_used", "rows_skipped", "rows_rejected", "rejects"] {
        assert!(input.get(key).is_some(), "inputs[0].{key}");
    }
    assert_eq!(input["rows_read"], 4);
    assert_eq!(input["rows_used"], 3);
    assert_eq!(input["skipped"]["DUPLICATE"], 1);
    let t = &v["totals"];
    assert_eq!(t["offered"], 3);
    assert_eq!(t["answered"], 2);
    assert_eq!(t["abandoned"], 1);
    assert_eq!(t["asa"], 15.0);
    assert_eq!(t["abandon_rate"].as_f64().unwrap(), 1.0 / 3.0);
    assert_eq!(t["ratios"]["abandon_rate"]["numerator"], 1.0);
    assert_eq!(t["ratios"]["abandon_rate"]["denominator"], 3.0);
    assert_eq!(t["max_wait"], 40.0);
    for (array, key) in [("by_queue", "queue"), ("by_agent", "agent"), ("by_day", "day"), ("by_interval", "start")] {
        let rows = v[array].as_array().unwrap_or_else(|| panic!("{array}"));
        assert!(!rows.is_empty(), "{array}");
        assert!(rows.iter().all(|r| r.get(key).is_some() && r.get("offered").is_some()), "{array}[].{key}");
    }
    assert_eq!(v["by_interval"][0]["start"], "2024-05-06 09:00");
}

#[test]
fn options_change_what_is_computed() {
    let path = temp_file("calls2.csv", CSV.as_bytes());
    let p = path.to_str().unwrap();
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["report", "--json", p];
        args.extend_from_slice(extra);
        let out = callscore(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(run(&[])["totals"]["service_level"].as_f64().unwrap(), 1.0 / 3.0);
    assert_eq!(run(&["--sl-threshold", "30"])["totals"]["service_level"].as_f64().unwrap(), 2.0 / 3.0);
    assert_eq!(run(&["--set", "sl_threshold_s=30"])["totals"]["service_level"].as_f64().unwrap(), 2.0 / 3.0);
    assert_eq!(run(&["--set", "sl_variant=\"answered\""])["totals"]["service_level"].as_f64().unwrap(), 0.5);
    assert_eq!(run(&["--sl-variant", "answered"])["totals"]["service_level"].as_f64().unwrap(), 0.5);
    assert_eq!(run(&["--interval", "60"])["by_interval"].as_array().unwrap().len(), 2);
    assert_eq!(run(&["--fcr-window", "off"])["totals"]["fcr"], serde_json::Value::Null);
    assert_eq!(run(&["--outcome", "ABANDONED=timed_out"])["totals"]["timed_out"], 1);
    assert_eq!(run(&["--column", "queue=team"])["by_team"].as_array().unwrap().len(), 2);
}

#[test]
fn text_summary_and_errors_are_readable() {
    let good = temp_file("good.csv", CSV.as_bytes());
    let bad = temp_file("bad.txt", b"hello world\n");
    let out = callscore(&["report", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "one file failed");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("rows read 4 = used 3 + skipped 1 + rejected 0"), "{text}");
    assert!(text.contains("By agent"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.txt") && err.contains("no header row"), "{err}");

    let out = callscore(&["report", "--interval", "20", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interval must be 15, 30 or 60"));
}

#[test]
fn service_level_and_short_abandons_of_calls_without_waits_are_empty_with_a_note_not_zero() {
    // A call export with arrival, talk and outcome but no answer time or wait: no call's wait is
    // known.
    let cdr = "start time,caller,talk,outcome\n\
               2024-05-06 09:00:05,111,32,ANSWERED\n\
               2024-05-06 09:10:00,222,20,ANSWERED\n\
               2024-05-06 09:20:00,333,,ABANDONED\n";
    let path = temp_file("cdr-without-waits.csv", cdr.as_bytes());
    let out = callscore(&["report", "--json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &v["totals"];
    assert_eq!(t["answered"], 2, "{t}");
    assert!(t["service_level"].is_null(), "service level {} from calls without a wait", t["service_level"]);
    assert!(t["service_level_variants"].as_object().unwrap().values().all(|x| x.is_null()));
    assert!(v["by_day"][0]["service_level"].is_null());
    let note = |code: &str| v["notes"].as_array().unwrap().iter().find(|n| n["code"] == code).cloned();
    assert_eq!(note("note.sl_waits_missing").expect("a note says why")["params"]["calls"], 2);
    // Nor is it known which abandoned calls were short.
    assert_eq!(t["abandoned"], 1);
    assert!(t["short_abandoned"].is_null(), "short abandons {}", t["short_abandoned"]);
    assert_eq!(note("note.short_abandon_waits_missing").expect("a note says why")["params"]["calls"], 1);
    // The same calls with their waits have a service level, and no such note.
    let path = temp_file("calls-with-waits.csv", CSV.as_bytes());
    let out = callscore(&["report", "--json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["totals"]["service_level"].is_number());
    assert!(!v["notes"].as_array().unwrap().iter().any(|n| n["code"] == "note.sl_waits_missing"));
}
