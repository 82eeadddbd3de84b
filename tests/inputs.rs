//! The input forms of `inputs.md`: encodings, delimiters, title rows, workbooks, value forms,
//! and a clear error for files that are not call records.

mod common;

use callscore::{Analyzer, ErrorKind, Settings};

const CSV: &str = "call id;start time;agent;queue;wait;talk;acw;outcome\n\
                   1;2024-05-06 09:00:05;A1;Sales;5;100;10;ANSWERED\n\
                   2;2024-05-06 09:10:00;;Sales;40;;;ABANDONED\n\
                   3;2024-05-06 10:20:00;A2;Support;25;300;20;ANSWERED\n";

fn expect_three_calls(r: &callscore::Report) {
    assert_eq!(r.inputs[0].error, None, "{:?}", r.inputs[0].error);
    assert_eq!((r.totals.offered, r.totals.answered, r.totals.abandoned), (Some(3), 2, Some(1)));
    assert_eq!(r.totals.asa, Some(15.0));
    assert_eq!(r.totals.aht, Some(215.0));
    assert_eq!(r.totals.service_level, Some(1.0 / 3.0));
}

#[test]
fn utf16_le_and_be_with_bom_read_like_utf8() {
    let mut le = vec![0xFF, 0xFE];
    le.extend(CSV.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let r = common::analyse_chunked(&Settings::default(), &[("le.txt", &le)], &[3, 1, 5]);
    assert_eq!(r.inputs[0].encoding, Some("UTF-16LE"));
    assert_eq!(r.inputs[0].delimiter.as_deref(), Some(";"));
    expect_three_calls(&r);
    let mut be = vec![0xFE, 0xFF];
    be.extend(CSV.encode_utf16().flat_map(|u| u.to_be_bytes()));
    expect_three_calls(&common::analyse(&Settings::default(), "be.txt", &be));
}

#[test]
fn tab_and_pipe_delimiters_are_detected() {
    for d in ['\t', '|', ','] {
        let text = CSV.replace(';', &d.to_string());
        let r = common::analyse(&Settings::default(), "x.txt", text.as_bytes());
        expect_three_calls(&r);
    }
}

#[test]
fn big5_chinese_headers_are_detected_and_mapped() {
    let text = "來電時間,座席工號,排隊時長,通話時長,呼叫結果\n2024-05-06 09:00:00,1001,10,60,ANSWERED\n2024-05-06 09:01:00,,70,,ABANDONED\n";
    let (bytes, _, _) = encoding_rs::BIG5.encode(text);
    let r = common::analyse(&Settings::default(), "big5.csv", &bytes);
    assert_eq!(r.inputs[0].encoding, Some("Big5"));
    // Traditional header names match their simplified synonyms.
    assert_eq!(r.inputs[0].mapping, vec![Some("arrival"), Some("agent"), Some("wait"), Some("talk"), Some("outcome")]);
    assert_eq!((r.totals.offered, r.totals.answered), (Some(2), 1));
}

#[test]
fn title_rows_above_the_header_are_skipped_by_a_named_rule() {
    let text = format!("呼叫明细报表\n导出时间: 2024-05-07\n\n{CSV}");
    let r = common::analyse(&Settings::default(), "report.csv", text.as_bytes());
    expect_three_calls(&r);
    let f = &r.inputs[0];
    assert_eq!(f.header_line, Some(4));
    assert_eq!(f.skipped.get("ABOVE_HEADER"), Some(&2));
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
}

#[test]
fn chinese_durations_two_column_dates_and_units_in_headers() {
    let text = "日期,时间,座席,排队时长(秒),通话时长(分),是否接通\n\
                2024/5/6,9:00,甲,1分5秒,2,是\n\
                2024/5/6,9:30,乙,5,1.5,是\n\
                2024/5/6,9:45,,20,0,否\n";
    let r = common::analyse(&Settings::default(), "zh.csv", text.as_bytes());
    assert_eq!(r.inputs[0].error, None);
    assert_eq!((r.totals.answered, r.totals.abandoned), (2, Some(1)));
    assert_eq!(r.totals.asa, Some(35.0));
    assert_eq!(r.totals.avg_talk, Some(105.0), "talk given in minutes per the header");
}

#[test]
fn an_xlsx_workbook_reads_like_its_csv() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Agent call report").unwrap();
    for (r, line) in CSV.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            let (row, col) = (r as u32 + 2, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if c != 0 => sheet.write_number(row, col, n).unwrap(),
                _ => sheet.write_string(row, col, cell).unwrap(),
            };
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let r = common::analyse_chunked(&Settings::default(), &[("calls.xlsx", &bytes)], &[1000]);
    assert_eq!(r.inputs[0].kind, "workbook");
    assert_eq!(r.inputs[0].header_line, Some(3));
    expect_three_calls(&r);
    let missing = Settings { sheet: Some("Nope".into()), ..Settings::default() };
    let r = common::analyse(&missing, "calls.xlsx", &bytes);
    assert!(r.inputs[0].error.as_ref().unwrap().message().to_string().contains("no sheet 'Nope'"));
}

#[test]
fn a_file_that_is_not_call_records_gets_one_clear_error() {
    let mut a = Analyzer::new(Settings::default()).unwrap();
    a.begin_file("notes.txt");
    a.push(b"Dear team,\nplease find attached the monthly figures.\n").unwrap();
    let err = a.end_file().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    assert_eq!(err.file(), Some("notes.txt"));
    assert!(err.message().to_string().contains("no header row with known column names"), "{err}");

    // A queue_log is read now (it used to get a "not supported yet" error).
    a.begin_file("queue_log");
    a.push(b"1706368044|1706368044.0|support|NONE|ENTERQUEUE||0456|1\n").unwrap();
    assert_eq!(a.end_file().unwrap().profile, Some("queue_log"));

    a.begin_file("empty.csv");
    assert_eq!(a.end_file().unwrap_err().message().to_string(), "the file is empty");

    a.begin_file("photo.png");
    let _ = a.push(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(a.end_file().unwrap_err().kind(), ErrorKind::UnsupportedFormat);

    // The report still lists every file with its error, and the page stays usable.
    let r = a.finish();
    assert_eq!(r.inputs.len(), 4);
    assert!(r.inputs.iter().all(|f| f.error.is_some() == (f.file != "queue_log")));
}

#[test]
fn the_pwc_style_export_with_separate_date_and_time_reads() {
    let text = "Call Id,Agent,Date,Month,Time,Topic,Answered (Y/N),Resolved,Speed of answer in seconds,AvgTalkDuration,Satisfaction rating\n\
                ID0001,Diane,1-Jan-21,Jan,9:12,Contract related,Y,Y,109,0:02:23,3\n\
                ID0002,Becky,1-Jan-21,Jan,9:12,Technical Support,N,N,,,\n";
    let r = common::analyse(&Settings::default(), "pwc.csv", text.as_bytes());
    assert_eq!(r.inputs[0].error, None);
    assert_eq!((r.totals.answered, r.totals.abandoned), (1, Some(1)));
    assert_eq!(r.totals.asa, Some(109.0));
    assert_eq!(r.totals.avg_talk, Some(143.0));
    assert_eq!(r.by_day[0].day, "2021-01-01");
}

#[test]
fn real_pwc_dataset_reads_without_rejects() {
    let Some(dir) = common::datasets() else { return };
    let bytes = std::fs::read(dir.join("pwc_call_centre_trends/Call-Center-Dataset.csv")).unwrap();
    let r = common::analyse(&Settings::default(), "pwc.csv", &bytes);
    let f = &r.inputs[0];
    assert_eq!(f.rows_read, 5000);
    assert_eq!(f.rows_rejected, 0, "{:?}", &f.rejects[..f.rejects.len().min(3)]);
    assert_eq!(r.totals.offered, Some(5000));
}
