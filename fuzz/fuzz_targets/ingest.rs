//! Any bytes, cut into chunks of a size the input chooses, through the whole engine: detection,
//! decoding, CSV records, profiles, tallies, and the report with staffing, a scorecard and a QA
//! form, built twice (once recomputed under other settings). It must never panic, and the row
//! accounting and the sums must always hold (see `check.rs`).
//!
//!   cargo +nightly fuzz run ingest -- -max_total_time=1800 -rss_limit_mb=2048 -malloc_limit_mb=2048
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

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
    check::run(check::full_settings(control), &[("fuzz.csv", &input)], chunk);
});
