//! Exports: private by default (no caller number or call id of the input in the JSON, CSV or
//! xlsx unless asked for), and the workbook holds exactly the CSV tables.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use callscore::export::{self, csv::to_csv, xlsx::to_xlsx, Cell, NumberFormat};
use callscore::{Analyzer, Lang, Settings};

fn callscore(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_callscore")).args(args).output().expect("callscore runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("callscore-exports-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A sample month (3 days) with its people files: call records with call ids and caller
/// numbers, QA evaluations of calls (calibration calls scored by several evaluators), surveys.
fn sample(dir: &Path) -> Vec<PathBuf> {
    let calls = dir.join("calls.csv");
    let people = dir.join("people");
    let out = callscore(&[
        "sample",
        "--days",
        "3",
        "--seed",
        "7",
        "-o",
        calls.to_str().unwrap(),
        "--with-qa",
        people.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files = vec![calls];
    let mut others: Vec<PathBuf> = std::fs::read_dir(&people).unwrap().map(|e| e.unwrap().path()).collect();
    others.sort();
    files.extend(others);
    files
}

/// Values of the columns whose header names a call id or a caller, in every CSV input.
fn identifying_values(files: &[PathBuf]) -> Vec<String> {
    let mut values = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
        let wanted: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                let h = h.to_ascii_lowercase();
                h.contains("call_id") || h.contains("call id") || h.contains("caller") || h == "callid"
            })
            .map(|(i, _)| i)
            .collect();
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            for &i in &wanted {
                if let Some(v) = cells.get(i).map(|v| v.trim()).filter(|v| v.len() >= 6) {
                    values.push(v.to_string());
                }
            }
        }
    }
    values.sort();
    values.dedup();
    assert!(values.len() > 100, "the sample has call ids and caller numbers ({} found)", values.len());
    values
}

/// Whether `text` holds `value` as a whole token (not inside a longer number).
fn holds(text: &str, value: &str) -> bool {
    text.match_indices(value).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + value.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Every cell of every sheet of a workbook, as text.
fn workbook_text(path: &Path) -> String {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&name);
        out.push('\n');
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for c in row {
                out.push_str(&c.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

fn exports_text(dir: &Path, extra: &[&str], files: &[PathBuf]) -> (String, Vec<String>) {
    let json = dir.join("report.json");
    let xlsx = dir.join("report.xlsx");
    let csv = dir.join("csv");
    let mut args: Vec<String> = vec!["report".into(), "--json".into(), "--scorecard".into(), "preset:seed002".into()];
    args.extend(["--xlsx".into(), xlsx.display().to_string(), "--csv".into(), csv.display().to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(files.iter().map(|f| f.display().to_string()));
    let out = Command::new(env!("CARGO_BIN_EXE_callscore")).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(&json, &out.stdout).unwrap();
    let mut texts = vec![
        ("report.json".to_string(), String::from_utf8(out.stdout).unwrap()),
        ("report.xlsx".to_string(), workbook_text(&xlsx)),
    ];
    for e in std::fs::read_dir(&csv).unwrap() {
        let p = e.unwrap().path();
        texts.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
    }
    let names: Vec<String> = texts.iter().map(|(n, _)| n.clone()).collect();
    (texts.into_iter().map(|(n, t)| format!("=== {n}\n{t}")).collect::<Vec<_>>().join("\n"), names)
}

#[test]
fn no_caller_number_or_call_id_in_any_export_unless_asked_for() {
    let dir = temp_dir("private");
    let files = sample(&dir);
    let secrets = identifying_values(&files);
    let (all, names) = exports_text(&dir, &[], &files);
    assert!(names.iter().any(|n| n.ends_with("agents.csv")) && names.iter().any(|n| n.ends_with("people.csv")));
    let leaked: Vec<&String> = secrets.iter().filter(|v| holds(&all, v)).take(5).collect();
    assert!(leaked.is_empty(), "identifying values in the exports: {leaked:?}");
    // The exports are not empty of data: agents (by name) and their figures are there.
    let calls = std::fs::read_to_string(&files[0]).unwrap();
    let name = calls.lines().nth(1).unwrap().split(',').nth(6).unwrap().to_string();
    assert!(all.contains("service_level") && all.contains(&name), "exports hold the report ({name})");

    // Opting in brings the call-back list table and the previews (call ids, caller numbers) back.
    let (all, names) = exports_text(&dir, &["--include-callers"], &files);
    assert!(names.iter().any(|n| n.ends_with("callbacks.csv")));
    let shown = secrets.iter().filter(|v| holds(&all, v)).count();
    assert!(shown > 10, "with --include-callers the previews have call ids and caller numbers ({shown})");
}

/// Reads a CSV text (RFC 4180 quoting) into rows of cells.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

fn report_with_everything() -> callscore::Report {
    let dir = temp_dir("tables");
    let files = sample(&dir);
    let settings = Settings { scorecard: Some(callscore::preset("seed002").unwrap()), ..Settings::default() };
    let mut a = Analyzer::new(settings).unwrap();
    for f in &files {
        a.begin_file(&f.display().to_string());
        a.push(&std::fs::read(f).unwrap()).unwrap();
        a.end_file().unwrap();
    }
    a.finish()
}

#[test]
fn the_workbook_read_back_with_calamine_equals_the_csv_tables_in_both_languages() {
    let report = report_with_everything();
    let tables = export::tables(&report, false);
    let ids: Vec<&str> = tables.iter().map(|t| t.id).collect();
    for id in ["files", "totals", "queues", "agents", "teams", "days", "intervals", "staffing", "scorecard", "people"] {
        assert!(ids.contains(&id), "table {id} missing from {ids:?}");
    }
    assert!(!ids.contains(&"callbacks"), "the call-back list only on request");
    for lang in [Lang::En, Lang::Zh] {
        let bytes = to_xlsx(&tables, lang).unwrap();
        let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
        let sheets = book.sheet_names();
        assert_eq!(sheets.len(), tables.len());
        if lang == Lang::Zh {
            assert!(sheets.contains(&"座席".to_string()) && sheets.contains(&"时段".to_string()), "{sheets:?}");
        }
        for (table, sheet) in tables.iter().zip(&sheets) {
            let csv = parse_csv(&to_csv(table, lang));
            let range = book.worksheet_range(sheet).unwrap();
            let (h, w) = range.get_size();
            assert_eq!(h, csv.len(), "{}: rows", table.id);
            assert_eq!(w, table.columns.len(), "{}: columns", table.id);
            for (r, csv_row) in csv.iter().enumerate() {
                for (c, text) in csv_row.iter().enumerate() {
                    let cell = range.get((r, c)).unwrap_or(&Data::Empty);
                    let same = match cell {
                        Data::Empty => text.is_empty(),
                        Data::Float(f) => text.parse::<f64>().ok() == Some(*f),
                        Data::Int(i) => text.parse::<f64>().ok() == Some(*i as f64),
                        Data::String(s) => s == text || text.strip_prefix('\'') == Some(s.as_str()),
                        other => other.to_string() == *text,
                    };
                    assert!(same, "{} {lang:?} row {r} column {c}: xlsx {cell:?} vs CSV {text:?}", table.id);
                }
            }
        }
        if lang == Lang::Zh {
            let agents = tables.iter().find(|t| t.id == "agents").unwrap();
            let names: Vec<String> = agents.columns.iter().map(|c| c.name.render(Lang::Zh)).collect();
            assert!(names.contains(&"座席工号".to_string()) && names.contains(&"服务水平".to_string()), "{names:?}");
        }
    }
    // Rates are numbers with a percentage format, not text: the service level of every queue.
    let queues = tables.iter().find(|t| t.id == "queues").unwrap();
    let sl = queues.columns.iter().position(|c| c.key == "service_level").unwrap();
    let percent = |c: &Cell| matches!(c, Cell::Number(v, NumberFormat::Percent) if (0.0..=1.0).contains(v));
    assert!(queues.rows.iter().all(|r| percent(&r[sl]) || r[sl] == Cell::Empty));
    assert!(queues.rows.iter().filter(|r| percent(&r[sl])).count() >= 3);
}

#[test]
fn text_from_files_is_never_a_formula_in_csv() {
    let csv = "call id,start time,agent,agent name,wait,talk,acw,outcome\n\
               1,2024-05-06 09:00:05,A1,=HYPERLINK(\"http://x\"),5,100,10,ANSWERED\n";
    let report = callscore::Analyzer::new(Settings::default())
        .map(|mut a| {
            a.begin_file("x.csv");
            a.push(csv.as_bytes()).unwrap();
            a.end_file().unwrap();
            a.finish()
        })
        .unwrap();
    let tables = export::tables(&report, false);
    let agents = tables.iter().find(|t| t.id == "agents").unwrap();
    let text = to_csv(agents, Lang::En);
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
}

/// Values of the named columns of a CSV file (header names, case-insensitive), at least 6 long.
fn column_values(path: &Path, columns: &[&str]) -> Vec<String> {
    let rows = parse_csv(&std::fs::read_to_string(path).unwrap());
    let header: Vec<String> = rows[0].iter().map(|h| h.to_ascii_lowercase()).collect();
    let wanted: Vec<usize> =
        header.iter().enumerate().filter(|(_, h)| columns.contains(&h.as_str())).map(|(i, _)| i).collect();
    assert_eq!(wanted.len(), columns.len(), "{header:?}");
    let mut values: Vec<String> = rows[1..]
        .iter()
        .flat_map(|r| wanted.iter().filter_map(|&i| r.get(i).cloned()))
        .filter(|v| v.trim().len() >= 6)
        .collect();
    values.sort();
    values.dedup();
    values
}

#[test]
fn chat_outbound_and_now_are_tables_without_message_text_and_private_by_default() {
    let dir = temp_dir("channels");
    let chat = dir.join("chat");
    let outbound = dir.join("outbound.csv");
    for (channel, out) in [("chat", &chat), ("outbound", &outbound)] {
        let o = callscore(&["sample", "--channel", channel, "--days", "2", "--seed", "3", "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (messages, orders) = (chat.join("sample-chat.csv"), chat.join("sample-orders.csv"));
    // Message text is never kept, whatever is asked for; the ids only with --include-callers (the
    // import previews).
    let text = column_values(&messages, &["message"]);
    assert!(text.len() > 10, "the sample has message text");
    let mut secrets = column_values(&messages, &["session_id", "buyer"]);
    secrets.extend(column_values(&orders, &["order_id", "buyer"]));
    secrets.extend(column_values(&outbound, &["call_id", "called_number"]));
    assert!(secrets.len() > 100, "the samples have buyers, orders and numbers ({})", secrets.len());
    let queue_log = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pbx/lab_queue_log.txt");
    let files = [messages, orders, outbound, queue_log];

    for extra in [&[][..], &["--include-callers"][..]] {
        let (all, names) = exports_text(&dir, extra, &files);
        for table in ["campaigns.csv", "outbound_results.csv", "chat_hours.csv", "now.csv", "agents.csv"] {
            assert!(names.iter().any(|n| n.ends_with(table)), "{table} missing from {names:?}");
        }
        let leaked: Vec<&String> = text.iter().filter(|v| all.contains(v.as_str())).take(5).collect();
        assert!(leaked.is_empty(), "chat text in the exports ({extra:?}): {leaked:?}");
        if extra.is_empty() {
            let leaked: Vec<&String> = secrets.iter().filter(|v| holds(&all, v)).take(5).collect();
            assert!(leaked.is_empty(), "buyers, sessions, orders or numbers in the exports: {leaked:?}");
        }
        assert!(all.contains("inquiry_conversion") && all.contains("outbound_attempts"), "the KPIs are there");
    }

    // The tables in both languages, with the catalogue's and the label messages' names.
    let settings = Settings::default();
    let mut a = Analyzer::new(settings).unwrap();
    for f in &files {
        a.begin_file(&f.display().to_string());
        a.push(&std::fs::read(f).unwrap()).unwrap();
        a.end_file().unwrap();
    }
    let report = a.finish();
    let tables = export::tables(&report, false);
    let find = |id: &str| tables.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("no {id} table"));
    assert_eq!(find("campaigns").rows.len(), report.by_campaign.len());
    assert_eq!(find("now").rows.len(), 1);
    let hours = report.chat.as_ref().unwrap().conversion_hours.hours.len();
    assert_eq!(find("chat_hours").rows.len(), hours);
    let results: f64 = find("outbound_results")
        .rows
        .iter()
        .filter(|r| r[0] == Cell::Word(callscore::Message::TextAllRows))
        .map(|r| match r[2] {
            Cell::Number(v, _) => v,
            _ => 0.0,
        })
        .sum();
    assert_eq!(results as u64, report.totals.outbound.outbound_attempts.unwrap());
    let names: Vec<String> = find("campaigns").columns.iter().map(|c| c.name.render(Lang::Zh)).collect();
    assert!(names.contains(&"外呼项目".to_string()), "{names:?}");
    for lang in [Lang::En, Lang::Zh] {
        let bytes = to_xlsx(&tables, lang).unwrap();
        let book = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names().len(), tables.len());
    }
}

/// The page's copy of a report (`finishJson`/`reportJson` with `screen`) leaves out the
/// numerators, denominators and service level variants of the rows of periods, intervals and
/// agent × queue — nothing else, the totals' kept for the tiles — and the report kept for exports
/// has them all again afterwards.
#[test]
fn the_pages_copy_leaves_out_only_the_row_tables_ratios_and_the_report_keeps_them() {
    let mut report = report_with_everything();
    let whole = serde_json::to_value(&report).unwrap();
    let screen = report.with_row_detail_set_aside(|r| serde_json::to_value(r).unwrap());
    assert_eq!(serde_json::to_value(&report).unwrap(), whole, "put back as they were");

    // Written from the whole report's JSON: those two maps emptied in the tables named.
    let mut expected = whole.clone();
    let tables = [
        "by_day",
        "by_week",
        "by_month",
        "by_agent_period",
        "by_team_period",
        "by_agent_queue",
        "by_interval",
        "by_weekday_hour",
    ];
    for table in tables {
        let rows = expected[table].as_array_mut().unwrap();
        let with_ratios = rows.iter().filter(|r| r["ratios"].as_object().is_some_and(|m| !m.is_empty())).count();
        assert!(with_ratios > 0, "{table}: the sample must have rows with ratios");
        for row in rows {
            row["ratios"] = serde_json::json!({});
            row["service_level_variants"] = serde_json::json!({});
        }
    }
    assert_eq!(screen, expected);
    assert!(!screen["totals"]["ratios"].as_object().unwrap().is_empty(), "the tiles' ratios are kept");
    assert!(!screen["by_agent"][0]["ratios"].as_object().unwrap().is_empty(), "other tables keep theirs");
}

/// The page's exports write the report it keeps with what identifies callers set aside, not a
/// copy of it: the same as the copy `without_callers` gives, and the report whole again after.
#[test]
fn callers_set_aside_for_an_export_give_the_report_without_callers_and_come_back() {
    let mut report = report_with_everything();
    let whole = serde_json::to_value(&report).unwrap();
    let without = serde_json::to_value(report.clone().without_callers()).unwrap();
    let calibration = "/people/qa/calibration/sessions";
    assert!(whole["inputs"].as_array().unwrap().iter().any(|f| !f["preview"].as_array().unwrap().is_empty()));
    assert!(!whole.pointer(calibration).unwrap().as_array().unwrap().is_empty(), "calibration calls in the sample");
    assert!(without.pointer(calibration).unwrap().as_array().unwrap().is_empty());

    let aside = report.with_callers_unless(false, |r| serde_json::to_value(r).unwrap());
    assert_eq!(aside, without);
    assert_eq!(serde_json::to_value(&report).unwrap(), whole, "put back as they were");
    let kept = report.with_callers_unless(true, |r| serde_json::to_value(r).unwrap());
    assert_eq!(kept, whole);
}

/// The page's copy as JSON text put back together as `www/js/protocol.js` does: each table's line
/// of columns and its rows' lines (a row of values, or `{"row": …}` whole) into the table of that
/// name of the report's line. Returns the report and the tables' names in the order they came.
fn screen_text_put_back(text: &[u8]) -> (serde_json::Value, Vec<String>) {
    assert!(text.ends_with(b"\n"));
    let mut report = None;
    let mut tables: Vec<(String, Vec<String>, Vec<serde_json::Value>)> = Vec::new();
    for line in text[..text.len() - 1].split(|&b| b == b'\n') {
        match serde_json::from_slice(line).unwrap() {
            serde_json::Value::Array(values) => {
                let (_, columns, rows) = tables.last_mut().expect("a row after its table's line");
                assert_eq!(values.len(), columns.len());
                rows.push(serde_json::Value::Object(columns.iter().cloned().zip(values).collect()));
            }
            mut head if head.get("table").is_some() => {
                let name = head["table"].as_str().unwrap().to_owned();
                let columns = head["columns"].take();
                let columns = columns.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
                tables.push((name, columns, Vec::new()));
            }
            mut whole if whole.get("row").is_some() => tables.last_mut().unwrap().2.push(whole["row"].take()),
            mut line => {
                assert!(report.is_none(), "one report line");
                report = Some(line["report"].take());
            }
        }
    }
    let mut report = report.expect("a report line");
    let mut names = Vec::new();
    for (name, _, rows) in tables {
        assert_eq!(report[&name], serde_json::json!([]), "{name} left in the report");
        report[&name] = serde_json::Value::Array(rows);
        names.push(name);
    }
    (report, names)
}

/// The page's copy as JSON text (`Report::write_screen_json`): its intervals, the report, and its
/// agents' and teams' periods, the long tables a line of columns and a line per row of values,
/// which put back as `www/js/protocol.js` does give the copy above; the text is much shorter, and
/// the report is whole again after.
#[test]
fn the_pages_copy_as_text_gives_back_the_copy_with_its_long_tables_as_columns() {
    let mut report = report_with_everything();
    let whole = serde_json::to_vec(&report).unwrap();
    let screen = report.with_row_detail_set_aside(|r| serde_json::to_vec(r).unwrap());
    let screen: serde_json::Value = serde_json::from_slice(&screen).unwrap();
    let mut text = Vec::new();
    report.write_screen_json(&mut text).unwrap();
    assert_eq!(serde_json::to_vec(&report).unwrap(), whole, "put back as it was");

    let (rebuilt, names) = screen_text_put_back(&text);
    assert_eq!(names, ["by_interval", "by_agent_period", "by_team_period"]);
    for name in &names {
        assert!(!rebuilt[name].as_array().unwrap().is_empty(), "{name}: every row as values");
    }
    assert_eq!(rebuilt, screen);
    assert!(text.len() * 10 < serde_json::to_vec(&screen).unwrap().len() * 9, "{} bytes", text.len());
}

/// The analyzer writes the page's copy with its interval rows written as they are built, not kept:
/// the same text as the whole report's `write_screen_json`, under settings other than the
/// analyzer's too, and the report it returns is that report but for its (empty) intervals.
#[test]
fn the_pages_copy_written_while_built_is_the_whole_reports_and_keeps_no_intervals() {
    let dir = temp_dir("screen-while-built");
    let files = sample(&dir);
    let settings = Settings { scorecard: Some(callscore::preset("seed002").unwrap()), ..Settings::default() };
    let mut a = Analyzer::new(settings.clone()).unwrap();
    for f in &files {
        a.begin_file(&f.display().to_string());
        a.push(&std::fs::read(f).unwrap()).unwrap();
        a.end_file().unwrap();
    }
    let quarter_hours = Settings { interval_min: 15, sl_threshold_s: 10, ..settings.clone() };
    for settings in [settings, quarter_hours] {
        let mut whole = a.report(&settings);
        assert!(whole.by_interval.len() > 1, "the sample has intervals");
        let mut expected = Vec::new();
        whole.write_screen_json(&mut expected).unwrap();

        let mut text = Vec::new();
        let kept = a.write_screen_report(&settings, &mut text).unwrap();
        assert_eq!(String::from_utf8(text).unwrap(), String::from_utf8(expected).unwrap());
        assert!(kept.by_interval.is_empty(), "the rows were written, not kept");
        whole.by_interval.clear();
        assert_eq!(serde_json::to_value(&kept).unwrap(), serde_json::to_value(&whole).unwrap());
    }
}
