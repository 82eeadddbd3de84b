//! Phone-system readers: any bytes read as Asterisk queue_log (file and database forms),
//! CDR Master.csv, FreeSWITCH CDR, an agent-state export, or detected (chunked reading, call and
//! session rebuild, report). It must never panic, and the row accounting must hold.
//!
//! The report is built through `finish()` with staffing, a scorecard and a QA form.
//!
//!   cargo +nightly fuzz run pbx -- -max_total_time=1800 -rss_limit_mb=2048 -malloc_limit_mb=2048
#![no_main]

use callscore::Settings;
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

const PROFILES: [Option<&str>; 5] = [None, Some("queue_log"), Some("asterisk_cdr"), Some("freeswitch_cdr"), Some("agent_state")];

/// Valid first lines, so the fuzzer starts inside each reader rather than at detection.
const PREFIXES: [&[u8]; 6] = [
    b"",
    b"1700000000|c1|support|NONE|ENTERQUEUE||5551000|1\n1700000010|c1|support|PJSIP/1|CONNECT|10|c1.1|2\n",
    b"time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n2023-11-14 22:13:20.000000,c1,q,NONE,ENTERQUEUE,,555,1,,\n",
    b"\"\",\"5551000\",\"100\",\"in\",\"\",\"SIP/t-1\",\"PJSIP/1-0001\",\"Queue\",\"support,,,\",\"2023-11-14 22:15:00\",\"2023-11-14 22:15:00\",\"2023-11-14 22:17:10\",130,130,\"ANSWERED\",\"DOCUMENTATION\",\"c1\",\"\",\"\",\"c1\",1\n",
    b"uid,date_time,callid,queue_name,type,event,param1,param2,param3,entpos,expos,htime,ttime,time\n1,1543527289,c1,IT,Agent/1,ADDMEMBER,,,,0,0,0,0,\"2018-11-29 16:34:49\"\n",
    b"Agent,State,Reason,Start Time,End Time\nA1,Ready,,2024-01-02 09:00:00,2024-01-02 10:00:00\n",
];

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let profile = PROFILES[usize::from(control % 5)];
    let prefix = PREFIXES[usize::from(control / 5) % PREFIXES.len()];
    // read() takes its chunk size from the first byte: keep one the fuzzer controls in front.
    let mut input = Vec::with_capacity(prefix.len() + rest.len());
    match rest.split_first() {
        Some((&chunk, tail)) if !prefix.is_empty() => {
            input.push(chunk);
            input.extend_from_slice(prefix);
            input.extend_from_slice(tail);
        }
        _ => input.extend_from_slice(rest),
    }
    read(profile, &input);
});

/// Reads `data` as one file of the profile, in chunks sized by its first byte, through the whole
/// report, and checks it.
fn read(profile: Option<&str>, data: &[u8]) {
    let control = data.first().copied().unwrap_or(0);
    let settings = Settings { profile: profile.map(str::to_string), ..check::full_settings(control) };
    check::run(settings, &[("fuzz", data)], usize::from(control).max(1));
}
