//! Malformed input never panics: every bad row is a reject with a reason, every bad file one
//! clear error, and rows read = used + skipped + rejected still holds.

mod common;

use callscore::{Analyzer, Settings};
use proptest::prelude::*;

const HEADER: &str = "call id,start time,answer time,end time,agent,queue,wait,talk,hold,acw,outcome,caller\n";

/// Each malformed row with the reason a person should see.
const BAD_ROWS: &[(&str, &str)] = &[
    ("1,2024-13-01 09:00:00,,,,,5,,,,ABANDONED,", "unknown or impossible date '2024-13-01 09:00:00'"),
    ("2,yesterday,,,,,5,,,,ABANDONED,", "unknown or impossible date 'yesterday'"),
    ("3,2024-01-01 09:00:00,,,,,-5,,,,ABANDONED,", "negative duration '-5'"),
    ("4,2024-01-01 09:00:00,,,,,5,,,,MAYBE,", "unknown outcome value 'MAYBE' (set what it means in the outcome table)"),
    ("5,2024-01-01 09:00:00,2024-01-01 08:00:00,,A,,,,,,ANSWERED,", "answer time before arrival time"),
    ("6,2024-01-01 09:00:00,2024-01-01 09:00:10,2024-01-01 09:00:05,A,,,,,,ANSWERED,", "end time before answer time"),
    (
        "7,2024-01-01 09:00:00,2024-01-01 09:00:10,2024-01-01 09:01:00,A,,10,500,,,ANSWERED,",
        "talk 500 s is longer than answer → end = 50 s",
    ),
    ("8,,,,,,5,,,,ABANDONED,", "no arrival time"),
    ("9,2024-01-01 09:00:00,,,,,5:99,,,,ABANDONED,", "unknown duration '5:99'"),
    ("10,2024-01-01 25:00:00,,,,,5,,,,ABANDONED,", "unknown time format '2024-01-01 25:00:00'"),
    ("11,2024-01-01 09:00:00,,,,,NaN,,,,ABANDONED,", "unknown duration 'NaN'"),
];

#[test]
fn every_kind_of_bad_row_is_rejected_with_its_reason() {
    let mut text = HEADER.to_string();
    text.push_str("0,2024-01-01 08:00:00,2024-01-01 08:00:05,2024-01-01 08:01:00,A,Q,5,55,0,3,ANSWERED,1\n");
    for (row, _) in BAD_ROWS {
        text.push_str(row);
        text.push('\n');
    }
    let r = common::analyse(&Settings::default(), "bad.csv", text.as_bytes());
    let f = &r.inputs[0];
    assert_eq!(f.rows_used, 1);
    assert_eq!(f.rows_rejected as usize, BAD_ROWS.len());
    for (i, (reject, (_, reason))) in f.rejects.iter().zip(BAD_ROWS).enumerate() {
        assert_eq!(reject.reason.to_string(), *reason);
        assert_eq!(reject.line, i as u64 + 3);
        assert!(reject.column.is_some());
    }
}

#[test]
fn short_rows_long_rows_and_stray_quotes_do_not_break_the_file() {
    let text = format!(
        "{HEADER}1,2024-01-01 09:00:00\n2,2024-01-01 09:00:00,,,,,5,,,,ABANDONED,,extra,fields\n\"3,2024-01-01 09:00:00,,,,,5,,,,ABANDONED,\n4,2024-01-01 09:01:00,,,,,5,,,,ABANDONED,\n"
    );
    let r = common::analyse(&Settings::default(), "odd.csv", text.as_bytes());
    let f = &r.inputs[0];
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    assert!(f.rows_read >= 2);
}

fn check_accounting(bytes: &[u8], sizes: &[usize]) {
    let r = common::analyse_chunked(&Settings::default(), &[("fuzz.csv", bytes)], sizes);
    for f in &r.inputs {
        assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000), size in 1usize..300) {
        check_accounting(&bytes, &[size]);
    }

    #[test]
    fn arbitrary_rows_under_a_real_header_never_panic(
        rows in prop::collection::vec(prop::collection::vec("[0-9:/ .,\"\\-A-Za-z\u{4e00}-\u{4e20}]{0,12}", 0..14), 0..40),
        size in 1usize..300,
    ) {
        let mut text = HEADER.to_string();
        for row in rows {
            text.push_str(&row.join(","));
            text.push('\n');
        }
        check_accounting(text.as_bytes(), &[size]);
    }

    #[test]
    fn arbitrary_bytes_after_a_bank_header_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let mut data = b"vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n".to_vec();
        data.extend(bytes);
        check_accounting(&data, &[64]);
    }
}

#[test]
fn a_corrupt_workbook_is_one_clear_error() {
    let mut a = Analyzer::new(Settings::default()).unwrap();
    a.begin_file("broken.xlsx");
    a.push(b"PK\x03\x04 this is not really a zip").unwrap();
    let err = a.end_file().unwrap_err();
    assert!(err.message().to_string().starts_with("cannot read the workbook"), "{err}");
}

#[test]
fn settings_out_of_range_are_refused_before_reading() {
    for bad in [
        Settings { interval_min: 20, ..Settings::default() },
        Settings { tz: Some("Nowhere/Land".into()), ..Settings::default() },
        Settings { profile: Some("nope".into()), ..Settings::default() },
        Settings { encoding: Some("klingon".into()), ..Settings::default() },
        Settings { columns: vec![("x".into(), "nonsense".into())], ..Settings::default() },
    ] {
        assert!(Analyzer::new(bad).is_err());
    }
}
