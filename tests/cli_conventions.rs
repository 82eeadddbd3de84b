//! What ripgrep, xsv and ruff users expect of a command line: `-` is standard input, a directory
//! stands for its files, `.gz` is read transparently, `--lang zh` speaks Chinese with aligned
//! columns, a closed pipe ends quietly, `--help` has examples and exit codes; plus `--settings`
//! from the page's export, the system zone for epoch timestamps, and Windows-1252 files.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_callscore"))
}

fn run(args: &[&str]) -> std::process::Output {
    bin().args(args).output().expect("callscore runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("callscore-conv-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const CSV: &str = "call id,start time,agent,queue,wait,talk,acw,outcome,caller\n\
                   1,2024-05-06 09:00:05,A1,Sales,5,100,10,ANSWERED,111\n\
                   2,2024-05-06 09:10:00,,Sales,40,,,ABANDONED,222\n\
                   3,2024-05-06 10:20:00,A2,Support,25,300,20,ANSWERED,111\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn dash_reads_standard_input() {
    let mut child = bin().args(["report", "--json", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(CSV.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["inputs"][0]["file"], "-");
    assert_eq!(v["totals"]["offered"], 3);
}

#[test]
fn gz_files_are_read_as_what_they_hold_and_directories_as_their_supported_files() {
    let dir = temp_dir("dir");
    std::fs::write(dir.join("a.csv"), CSV).unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let other = CSV.replace("2024-05-06", "2024-05-07");
    std::fs::write(dir.join("sub/b.csv.gz"), gzip(other.as_bytes())).unwrap();
    std::fs::write(dir.join("README.md"), "not data").unwrap();
    std::fs::write(dir.join(".hidden.csv"), "junk").unwrap();
    let gz_alone = json(&["report", "--json", path(&dir.join("sub/b.csv.gz"))]);
    assert_eq!(gz_alone["totals"]["offered"], 3);
    assert_eq!(gz_alone["inputs"][0]["rows_read"], 3);
    let all = json(&["report", "--json", path(&dir)]);
    let files: Vec<&str> = all["inputs"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].ends_with("a.csv") && files[1].ends_with("b.csv.gz"), "{files:?}");
    assert_eq!(all["totals"]["offered"], 6);
    let empty = temp_dir("empty");
    let out = run(&["report", path(&empty)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no supported files"));
}

#[test]
fn settings_file_from_the_page_gives_the_same_figures_as_the_flags() {
    let dir = temp_dir("settings");
    let calls = dir.join("calls.csv");
    std::fs::write(&calls, CSV).unwrap();
    // What the page's "Export settings" writes: its engine settings and its own targets.
    let page = serde_json::json!({
        "callscore": "settings",
        "settings": { "sl_threshold_s": 30, "sl_variant": "answered", "interval_min": 60 },
        "targets": { "service_level": { "dir": "min", "value": 0.8 } }
    });
    let file = dir.join("callscore-settings.json");
    std::fs::write(&file, page.to_string()).unwrap();
    let from_file = json(&["report", "--json", "--settings", path(&file), path(&calls)]);
    let from_flags = json(&[
        "report",
        "--json",
        "--sl-threshold",
        "30",
        "--sl-variant",
        "answered",
        "--interval",
        "60",
        path(&calls),
    ]);
    assert_eq!(from_file["totals"], from_flags["totals"]);
    assert_eq!(from_file["by_interval"], from_flags["by_interval"]);
    assert_eq!(from_file["settings"]["sl_threshold_s"], 30);
    // A flag given with the file wins over it.
    let over = json(&["report", "--json", "--settings", path(&file), "--sl-threshold", "20", path(&calls)]);
    assert_eq!(over["settings"]["sl_threshold_s"], 20);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"sl_treshold_s": 30}"#).unwrap();
    let out = run(&["report", "--settings", path(&bad), path(&calls)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sl_treshold_s"), "unknown keys are refused");
}

/// Terminal columns of a line (CJK characters take two).
fn width(s: &str) -> usize {
    s.chars().map(|c| if ('\u{1100}'..).contains(&c) && !c.is_ascii() && c != '–' { 2 } else { 1 }).sum()
}

#[test]
fn lang_zh_prints_chinese_labels_and_kpi_names_in_columns_aligned_by_display_width() {
    let dir = temp_dir("zh");
    let calls = dir.join("calls.csv");
    let out = run(&["sample", "--days", "2", "--lang", "zh", "-o", path(&calls)]);
    assert!(out.status.success());
    let out = run(&["report", "--lang", "zh", path(&calls)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for word in ["总计", "按队列", "按座席", "座席工号", "呼入量", "服务水平", "平均应答速度", "读取"]
    {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
    assert!(!text.contains("By agent") && !text.contains("Totals"), "{text}");
    // Every line of the agent table (Chinese names, right-aligned numbers) ends in the same column.
    let table: Vec<&str> = text.split("按座席\n").nth(1).unwrap().lines().take_while(|l| !l.is_empty()).collect();
    assert!(table.len() > 5, "{text}");
    assert!(table.iter().any(|l| l.chars().skip(2).take(12).any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
    let widths: Vec<usize> = table.iter().map(|l| width(l)).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "ragged table: {widths:?}\n{}", table.join("\n"));
    // Each header's right edge is a number column's right edge.
    let head = table[0];
    assert!(head.contains("已应答") && head.contains("首次解决率"), "{head}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = temp_dir("pipe");
    let calls = dir.join("calls.csv");
    assert!(run(&["sample", "--days", "20", "-o", path(&calls)]).status.success());
    for args in [vec!["report", "--json", "--include-callers", path(&calls)], vec!["report", path(&calls)]] {
        let mut child = bin().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout); // as `| head -c 16` does
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
    }
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let out = run(&["report", "--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for s in ["Examples:", "Exit status:", "callscore report -", "--include-callers", "--xlsx", "--csv", "--settings"] {
        assert!(text.contains(s), "{s} missing from --help");
    }
}

const QUEUE_LOG: &str = "1714986000|1714986000.1|support|NONE|ENTERQUEUE||111|1\n\
                         1714986010|1714986000.1|support|Local/100@agents|CONNECT|10|1714986000.2|2\n\
                         1714986130|1714986000.1|support|Local/100@agents|COMPLETECALLER|10|120|1\n";

#[test]
fn epoch_timestamps_are_read_in_the_system_zone_unless_set_and_the_report_says_which() {
    let dir = temp_dir("tz");
    let log = dir.join("queue_log");
    std::fs::write(&log, QUEUE_LOG).unwrap();
    let out = bin().args(["report", "--json", path(&log)]).env("TZ", "Asia/Shanghai").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["time_zone"]["zone"], "Asia/Shanghai");
    assert_eq!(v["time_zone"]["source"], "system");
    assert_eq!(v["inputs"][0]["time_zone"]["code"], "reason.tz_used");
    assert_eq!(v["inputs"][0]["time_zone"]["params"]["why"]["code"], "reason.tz_system");
    // 1714986000 is 2024-05-06 09:00 UTC, 17:00 in Shanghai.
    assert_eq!(v["by_interval"][0]["start"], "2024-05-06 17:00");
    let utc = json(&["report", "--json", "--tz", "UTC", path(&log)]);
    assert_eq!(utc["time_zone"]["source"], "settings");
    assert_eq!(utc["by_interval"][0]["start"], "2024-05-06 09:00");

    // Text times without a zone are never shifted, and the file's review names no zone.
    let calls = dir.join("calls.csv");
    std::fs::write(&calls, CSV).unwrap();
    let out = bin().args(["report", "--json", path(&calls)]).env("TZ", "Asia/Shanghai").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["by_interval"][0]["start"], "2024-05-06 09:00");
    assert!(v["inputs"][0]["time_zone"].is_null());
    let text = bin().args(["report", "--lang", "zh", path(&log)]).env("TZ", "Asia/Shanghai").output().unwrap();
    assert!(String::from_utf8(text.stdout).unwrap().contains("按 Asia/Shanghai 显示：未指定时区，因此使用本机的时区"));
}

#[test]
fn a_windows_1252_export_keeps_its_accents() {
    let text = "call id;start time;agent;agent name;queue;wait;talk;outcome;Durée totale\r\n\
                1;2024-05-06 09:00:05;A1;Müller;Küche;5;100;ANSWERED;105\r\n\
                2;2024-05-06 09:05:00;A2;Françoise Lefèvre;Küche;8;90;ANSWERED;98\r\n\
                3;2024-05-06 09:07:00;A1;Müller;Küche;12;60;ANSWERED;72\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let dir = temp_dir("cp1252");
    let file = dir.join("export.csv");
    std::fs::write(&file, &bytes).unwrap();
    let v = json(&["report", "--json", path(&file)]);
    let input = &v["inputs"][0];
    assert_eq!(input["encoding"], "windows-1252", "{}", input["encoding_reason"]);
    assert_eq!(input["encoding_reason"]["code"], "reason.encoding_detected");
    assert!(input["header"].to_string().contains("Durée totale"), "{}", input["header"]);
    let names: Vec<&str> = v["by_agent"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str()).collect();
    assert!(names.contains(&"Müller") && names.contains(&"Françoise Lefèvre"), "{names:?}");
    assert_eq!(v["by_queue"][0]["queue"], "Küche");
}

#[test]
fn a_progress_bar_on_a_terminal_only() {
    let dir = temp_dir("progress");
    let calls = dir.join("calls.csv");
    assert!(run(&["sample", "--days", "3", "-o", path(&calls)]).status.success());
    // Not a terminal (a pipe): no bar, whatever the size.
    let out = run(&["report", "--progress-threshold", "0", path(&calls)]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    // A terminal, through util-linux `script` (a pseudo-terminal): the bar is drawn, then cleared.
    let command = format!("{} report --progress-threshold 0 {}", env!("CARGO_BIN_EXE_callscore"), path(&calls));
    let Ok(out) = Command::new("script").args(["-qec", &command, "/dev/null"]).output() else {
        eprintln!("skipped: no `script` command for a pseudo-terminal");
        return;
    };
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("% ") && screen.contains("MB/s") && screen.contains("\r\x1b[K"), "{screen}");
    let quiet = format!("{command} --no-progress");
    let out = Command::new("script").args(["-qec", &quiet, "/dev/null"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("MB/s"));
}
