//! Properties of the phone-system readers: the report depends only on the set of events and
//! legs read — not on their order within a call, the chunking, or the split into files — and no
//! input, however malformed, panics or loses a row.

mod common;

use callscore::{Analyzer, Settings};
use proptest::prelude::*;

fn lab_log() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pbx/lab_queue_log.txt");
    let mut s = std::fs::read_to_string(path).expect("tests/data/pbx/lab_queue_log.txt");
    // Sessions, pauses, overflow, a transfer and an unknown event on top of the real lab log.
    s.push_str(
        "1675555700|NONE|Support|PJSIP/400|ADDMEMBER|\n1675555700|NONE|sales|PJSIP/400|ADDMEMBER|PAUSED\n\
         1675555750|NONE|NONE|PJSIP/400|UNPAUSEALL|\n1675556000|NONE|NONE|PJSIP/400|PAUSEALL|Lunch\n\
         1675557000|NONE|NONE|PJSIP/400|UNPAUSEALL|\n1675558000|NONE|Support|PJSIP/400|REMOVEMEMBER|\n\
         1677019500|o1|sales|NONE|ENTERQUEUE||5550001|1\n1677019520|o1|sales|NONE|EXITWITHTIMEOUT|1|1|20\n\
         1677019520|o1|Support|NONE|ENTERQUEUE||5550001|1\n1677019525|o1|Support|PJSIP/400|RINGNOANSWER|4000\n\
         1677019530|o1|Support|PJSIP/400|CONNECT|10|o1.1|2\n1677019590|o1|Support|PJSIP/400|ATTENDEDTRANSFER|BRIDGE|b1|10|60|1\n\
         1677019600|o2|sales|NONE|ENTERQUEUE||5550001|1\n1677019601|o2|sales|NONE|SOMETHINGNEW|\n",
    );
    s
}

const MASTER: &str = "\
\"\",\"5551000\",\"100\",\"in\",\"\",\"SIP/t-1\",\"PJSIP/400-0001\",\"Queue\",\"Support,,,\",\"2023-02-05 00:09:12\",\"2023-02-05 00:09:12\",\"2023-02-05 00:09:25\",13,13,\"ANSWERED\",\"DOCUMENTATION\",\"1675555752.0\",\"\",\"\",\"1675555752.0\",0
\"\",\"5559999\",\"100\",\"in\",\"\",\"SIP/t-2\",\"PJSIP/1-0002\",\"Dial\",\"PJSIP/1\",\"2023-02-06 23:00:00\",\"2023-02-06 23:00:04\",\"2023-02-06 23:01:00\",60,56,\"ANSWERED\",\"DOCUMENTATION\",\"x9\",\"\",\"\",\"x9\",2
\"\",\"5559999\",\"101\",\"in\",\"\",\"SIP/t-2\",\"PJSIP/2-0003\",\"Dial\",\"PJSIP/2\",\"2023-02-06 23:00:00\",\"\",\"2023-02-06 23:00:04\",4,0,\"NO ANSWER\",\"DOCUMENTATION\",\"x9.1\",\"\",\"\",\"x9\",3
\"\",\"5558888\",\"101\",\"in\",\"\",\"SIP/t-3\",\"PJSIP/2-0004\",\"Dial\",\"PJSIP/2\",\"2023-02-07 08:00:00\",\"\",\"2023-02-07 08:00:30\",30,0,\"NO ANSWER\",\"DOCUMENTATION\",\"y1\",\"\",\"\",\"y1\",4
\"\",\"5558888\",\"102\",\"in\",\"\",\"SIP/t-3\",\"PJSIP/3-0005\",\"Dial\",\"PJSIP/3\",\"2023-02-07 08:00:00\",\"\",\"2023-02-07 08:00:02\",2,0,\"BUSY\",\"DOCUMENTATION\",\"y1.1\",\"\",\"\",\"y1\",5
";

fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..v.len()).rev() {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
}

fn report_of(files: &[(&str, &[u8])], sizes: &[usize]) -> serde_json::Value {
    common::kpi_json(&common::analyse_chunked(&Settings::default(), files, sizes))
}

fn calls_of(files: &[(&str, String)]) -> Vec<callscore::PbxCall> {
    let mut a = Analyzer::new(Settings::default()).unwrap();
    for (name, text) in files {
        a.begin_file(name);
        let _ = a.push(text.as_bytes());
        let _ = a.end_file();
    }
    a.pbx_calls()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn event_order_does_not_change_calls_or_report(seed in any::<u64>()) {
        let log = lab_log();
        let mut lines: Vec<&str> = log.lines().collect();
        shuffle(&mut lines, seed);
        let shuffled = lines.join("\n") + "\n";
        prop_assert_eq!(calls_of(&[("q", shuffled.clone())]), calls_of(&[("q", log.clone())]));
        prop_assert_eq!(
            report_of(&[("q", shuffled.as_bytes()), ("m", MASTER.as_bytes())], &[1 << 20]),
            report_of(&[("q", log.as_bytes()), ("m", MASTER.as_bytes())], &[1 << 20])
        );
    }

    #[test]
    fn chunking_does_not_change_the_report(sizes in prop::collection::vec(1usize..150, 1..12)) {
        let log = lab_log();
        let files: [(&str, &[u8]); 2] = [("q", log.as_bytes()), ("m", MASTER.as_bytes())];
        prop_assert_eq!(report_of(&files, &sizes), report_of(&files, &[1 << 20]));
    }

    #[test]
    fn splitting_the_log_into_files_does_not_change_the_report(seed in any::<u64>(), parts in 2usize..5) {
        let log = lab_log();
        let mut lines: Vec<&str> = log.lines().collect();
        shuffle(&mut lines, seed);
        // Deal lines into files, events of one call landing in different files.
        let mut files = vec![String::new(); parts];
        for (i, l) in lines.iter().enumerate() {
            files[i % parts].push_str(l);
            files[i % parts].push('\n');
        }
        let mut legs: Vec<&str> = MASTER.lines().collect();
        shuffle(&mut legs, seed ^ 7);
        let (m1, m2) = legs.split_at(legs.len() / 2);
        let (m1, m2) = (m1.join("\n") + "\n", m2.join("\n") + "\n");
        let mut split: Vec<(&str, &[u8])> = files.iter().map(|f| ("part", f.as_bytes())).collect();
        split.push(("m1", m1.as_bytes()));
        split.push(("m2", m2.as_bytes()));
        prop_assert_eq!(report_of(&split, &[1 << 20]), report_of(&[("q", log.as_bytes()), ("m", MASTER.as_bytes())], &[1 << 20]));
    }

    #[test]
    fn merged_analyzers_equal_one(seed in any::<u64>()) {
        let log = lab_log();
        let mut lines: Vec<&str> = log.lines().collect();
        shuffle(&mut lines, seed);
        let (a, b) = lines.split_at(lines.len() / 2);
        let (a, b) = (a.join("\n") + "\n", b.join("\n") + "\n");
        let mut one = Analyzer::new(Settings::default()).unwrap();
        let mut two = Analyzer::new(Settings::default()).unwrap();
        one.begin_file("a");
        one.push(a.as_bytes()).unwrap();
        two.begin_file("b");
        two.push(b.as_bytes()).unwrap();
        one.merge(two);
        prop_assert_eq!(common::kpi_json(&one.finish()), report_of(&[("q", log.as_bytes())], &[1 << 20]));
    }

    #[test]
    fn arbitrary_bytes_never_panic_in_any_pbx_profile(data in prop::collection::vec(any::<u8>(), 0..600)) {
        for p in [Some("queue_log"), Some("asterisk_cdr"), Some("freeswitch_cdr"), Some("agent_state"), None] {
            common::read_checked(p, &data);
        }
    }

    #[test]
    fn arbitrary_queue_log_lines_are_used_skipped_or_rejected_with_reasons(
        lines in prop::collection::vec("[0-9]{0,11}(\\.[0-9])?\\|[a-z0-9.]{0,4}\\|(q|NONE)?\\|(A|NONE)?\\|(ENTERQUEUE|CONNECT|COMPLETECALLER|ABANDON|PAUSE|ADDMEMBER|REMOVEMEMBER|RINGNOANSWER|XYZ|)(\\|[0-9a-z\"]{0,3}){0,6}", 1..40)
    ) {
        let text = format!("1700000000|NONE|NONE|NONE|QUEUESTART\n{}\n", lines.join("\n"));
        common::read_checked(Some("queue_log"), text.as_bytes());
        let r = common::analyse(&Settings { profile: Some("queue_log".into()), ..Settings::default() }, "q", text.as_bytes());
        for rej in &r.inputs[0].rejects {
            prop_assert!(!rej.reason.to_string().is_empty() && rej.column.is_some());
        }
    }

    #[test]
    fn arbitrary_master_csv_rows_never_panic(rows in prop::collection::vec(prop::collection::vec("[0-9A-Z \":./-]{0,12}", 0..23), 1..20)) {
        let mut text = MASTER.to_string();
        for r in &rows {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        common::read_checked(Some("asterisk_cdr"), text.as_bytes());
        common::read_checked(None, text.as_bytes());
    }
}
