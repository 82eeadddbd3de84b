//! Any bytes, cut into chunks of a size the input chooses, through the whole engine: detection,
//! decoding, CSV records, profiles, tallies and the report. It must never panic, and the row
//! accounting must always hold.
//!
//!   cargo +nightly fuzz run ingest -- -max_total_time=300
#![no_main]

use callscore::{Analyzer, Settings};
use libfuzzer_sys::fuzz_target;

/// Headers that steer the input into each profile, so the fuzzer starts deep in the parsers.
const PREFIXES: [&[u8]; 4] = [
    b"",
    b"call id,start time,answer time,end time,agent,queue,wait,talk,hold,acw,outcome,caller,direction\n",
    b"vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n",
    "通话ID,来电时间,应答时间,座席工号,排队时长,通话时长,呼叫结果,主叫号码\n".as_bytes(),
];

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let chunk = 1 + usize::from(control >> 2);
    let mut input = PREFIXES[usize::from(control & 3)].to_vec();
    input.extend_from_slice(rest);
    let mut a = Analyzer::new(Settings::default()).expect("default settings are valid");
    a.begin_file("fuzz.csv");
    for piece in input.chunks(chunk) {
        if a.push(piece).is_err() {
            break;
        }
    }
    let _ = a.end_file();
    let report = a.finish();
    for f in &report.inputs {
        assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    }
    let _ = serde_json::to_string(&report).expect("the report serialises");
});
