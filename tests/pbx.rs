//! Phone-system logs: queue_log, CDR Master.csv, FreeSWITCH, agent sessions and states, the
//! call-back list. Golden figures come from tests/golden/pbx.py (see tests/golden/README.md).

mod common;

use callscore::{Analyzer, Report, Settings};
use serde_json::Value;

fn golden(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden file")).expect("golden json")
}

fn analyzer(files: &[(&str, &[u8])]) -> Analyzer {
    let mut a = Analyzer::new(Settings::default()).unwrap();
    for (name, bytes) in files {
        a.begin_file(name);
        a.push(bytes).unwrap();
        a.end_file().unwrap();
    }
    a
}

fn agent<'r>(r: &'r Report, name: &str) -> &'r callscore::AgentRow {
    r.by_agent.iter().find(|a| a.agent.as_deref() == Some(name)).unwrap_or_else(|| panic!("no agent {name}"))
}

#[test]
fn lab_queue_log_every_call_is_rebuilt_as_the_golden_file_says() {
    let Some(dir) = common::datasets() else { return };
    let bytes = std::fs::read(dir.join("asterisk_lab_queue_log/queue_log_pipe_derived.txt")).unwrap();
    let mut a = analyzer(&[("queue_log", &bytes)]);
    let calls = a.pbx_calls();
    let want = golden("pbx_lab_queue_log.json");
    let want = want["calls"].as_array().unwrap();
    assert_eq!(calls.len(), want.len());
    for (got, w) in calls.iter().zip(want) {
        assert_eq!(got.id, w["id"].as_str().unwrap());
        assert_eq!(got.outcome, w["outcome"].as_str().unwrap(), "{}", got.id);
        assert_eq!(got.arrival_ms, w["arrival_epoch"].as_i64().unwrap() * 1000, "{}", got.id);
        assert_eq!(got.caller.as_deref(), w["caller"].as_str(), "{}", got.id);
        assert_eq!(got.queue.as_deref(), w["queue"].as_str(), "{}", got.id);
        assert_eq!(got.agent.as_deref(), w["agent"].as_str(), "{}", got.id);
        assert_eq!(got.wait_ms, w["wait_s"].as_i64().map(|s| s * 1000), "{}", got.id);
        assert_eq!(got.talk_ms, w["talk_s"].as_i64().map(|s| s * 1000), "{}", got.id);
        assert_eq!(got.ring_ms, w["ring_s"].as_i64().map(|s| s * 1000), "{}", got.id);
        let missed: Vec<&str> = w["missed"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        assert_eq!(got.missed, missed, "{}", got.id);
        assert!(got.incomplete.is_empty(), "{}", got.id);
    }
    let r = a.report(&Settings::default());
    assert_eq!(r.inputs[0].rows_read, 85);
    assert_eq!(r.inputs[0].skipped.get("SYSTEM_EVENT"), Some(&64));
    assert_eq!(
        (r.totals.offered, r.totals.answered, r.totals.abandoned, r.totals.timed_out),
        (Some(8), 2, Some(5), Some(1))
    );
    assert_eq!(agent(&r, "PJSIP/400").missed, 2);
}

#[test]
fn pbxware_queue_log_matches_the_golden_counts_and_sums() {
    let Some(dir) = common::datasets() else { return };
    let bytes = std::fs::read(dir.join("pbxware_export/queue_log.csv")).unwrap();
    let mut a = analyzer(&[("queue_log.csv", &bytes)]);
    let r = a.report(&Settings::default());
    let g = golden("pbx_pbxware.json");
    let f = &r.inputs[0];
    assert_eq!(f.profile, Some("queue_log"));
    assert_eq!(f.rows_read, g["rows"].as_u64().unwrap());
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    assert_eq!(f.skipped.get("OUTBOUND_EVENT").copied(), g["skipped_outbound"].as_u64());
    assert_eq!(f.skipped.get("SYSTEM_EVENT").copied(), g["skipped_system"].as_u64());
    assert_eq!(r.totals.answered, g["answered"].as_u64().unwrap());
    assert_eq!(r.totals.abandoned, g["abandoned"].as_u64());
    assert_eq!(r.totals.timed_out, g["timed_out"].as_u64());
    let p = r.pbx.as_ref().unwrap();
    assert_eq!(p.outcomes.get("in_queue").copied(), g["still_in_queue"].as_u64());
    assert_eq!(p.transfers.get("blind").copied(), g["transfers"]["blind"].as_u64());
    assert_eq!(p.transfers.get("attended").copied(), g["transfers"]["attended"].as_u64());
    for (name, n) in g["answered_by_agent"].as_object().unwrap() {
        assert_eq!(agent(&r, name).kpis.answered, n.as_u64().unwrap(), "{name}");
    }
    for (name, n) in g["missed_by_agent"].as_object().unwrap() {
        assert_eq!(agent(&r, name).missed, n.as_u64().unwrap(), "{name}");
    }
    let ratio = |id: &str| r.totals.ratios[id];
    assert_eq!(ratio("asa").numerator, g["wait_answered_s"].as_f64().unwrap());
    assert_eq!(ratio("avg_wait_abandoned").numerator, g["wait_abandoned_s"].as_f64().unwrap());
    assert_eq!(r.totals.total_talk, g["talk_s"].as_f64().unwrap());
    // Callback agents are one row each (the Local/…@callback-agent member rows fold into Agent/…).
    assert!(r.by_agent.iter().all(|a| !a.agent.as_deref().unwrap_or("").starts_with("Local/")));
    // Agent/1144 logs off once with Asterisk's own login duration 78677 s: the replay agrees.
    assert_eq!(agent(&r, "Agent/1144").logged_in, Some(78677.0));
}

#[test]
fn stadion_master_csv_legs_merge_into_the_golden_number_of_calls() {
    let Some(dir) = common::datasets() else { return };
    let bytes = std::fs::read(dir.join("asterisk_master_csv/stadion_Master.csv")).unwrap();
    let r = analyzer(&[("Master.csv", &bytes)]).report(&Settings::default());
    let g = golden("pbx_stadion.json");
    let f = &r.inputs[0];
    assert_eq!(f.profile, Some("asterisk_cdr"));
    assert_eq!(
        (f.rows_read, f.rows_used, f.rows_rejected),
        (g["legs"].as_u64().unwrap(), g["legs"].as_u64().unwrap(), 0)
    );
    let p = r.pbx.as_ref().unwrap();
    assert_eq!(p.cdr_calls, g["calls"].as_u64().unwrap());
    assert_eq!(p.cdr_outcomes.get("answered").copied(), g["answered"].as_u64());
    assert_eq!(p.cdr_outcomes.get("unanswered").copied(), g["unanswered"].as_u64());
    assert_eq!(p.cdr_outcomes.get("not_offered").copied(), g["not_offered"].as_u64());
    assert_eq!(r.totals.answered, g["answered"].as_u64().unwrap());
    assert_eq!(r.totals.offered, Some(g["answered"].as_u64().unwrap() + g["unanswered"].as_u64().unwrap()));
}

#[test]
fn other_cdr_layouts_are_detected_and_exact_duplicate_legs_count_once() {
    let Some(dir) = common::datasets() else { return };
    let kely = std::fs::read(dir.join("asterisk_master_csv/kelysaina_lab_Master.csv")).unwrap();
    let r = analyzer(&[("k.csv", &kely)]).report(&Settings::default());
    assert_eq!(r.inputs[0].profile, Some("asterisk_cdr"));
    assert_eq!((r.totals.offered, r.totals.answered), (Some(14), 11), "PROVENANCE: ANSWERED 11 / NO ANSWER 3");
    let fs = std::fs::read(dir.join("freeswitch_cdr_csv/fs_Master_excel_mangled.csv")).unwrap();
    let r = analyzer(&[("fs.csv", &fs)]).report(&Settings::default());
    assert_eq!(r.inputs[0].profile, Some("freeswitch_cdr"));
    assert_eq!((r.inputs[0].rows_read, r.inputs[0].duplicates), (10, 1));
    assert_eq!(r.pbx.as_ref().unwrap().cdr_calls, 8, "10 rows, one exported twice, one uuid twice with another cause");
}

const QLOG: &str = "\
1700000000|NONE|NONE|NONE|QUEUESTART
1700000000|NONE|sales|PJSIP/1|ADDMEMBER|
1700000000|NONE|support|PJSIP/1|ADDMEMBER|
1700000000|NONE|sales|PJSIP/2|ADDMEMBER|PAUSED
1700000100|c1|sales|NONE|ENTERQUEUE||5551000|1
1700000110|c1|sales|PJSIP/2|RINGNOANSWER|5000
1700000120|c1|sales|NONE|EXITWITHTIMEOUT|1|1|20
1700000120|c1|support|NONE|ENTERQUEUE||5551000|1
1700000130|c1|support|PJSIP/1|CONNECT|10|c1.2|3
1700000230|c1|support|PJSIP/1|COMPLETECALLER|10|100|1
1700000300|c2|sales|NONE|ENTERQUEUE||5552000|1
1700000330|c2|sales|NONE|ABANDON|1|1|30
1700000400|NONE|NONE|PJSIP/1|PAUSEALL|Lunch
1700000500|c3|sales|NONE|ENTERQUEUE||5552000|1
1700000505|c3|sales|PJSIP/2|CONNECT|5|c3.2|2
1700000565|c3|sales|PJSIP/2|BLINDTRANSFER|200|ctx|5|60|1
1700000600|NONE|NONE|PJSIP/1|UNPAUSEALL|
1700000700|c4|sales|NONE|ENTERQUEUE||5553000|1
1700000710|c4|sales|NONE|WEIRDEVENT|x
1700000720|c4|sales|NONE|EXITWITHKEY|5|1|1|20
1700000800|NONE|sales|PJSIP/1|REMOVEMEMBER|
1700000900|NONE|support|PJSIP/1|REMOVEMEMBER|
1700001000|c5|sales|NONE|ENTERQUEUE||5554000|1
";

#[test]
fn overflow_transfers_exits_and_sessions_are_rebuilt() {
    let mut a = analyzer(&[("q.log", QLOG.as_bytes())]);
    let calls = a.pbx_calls();
    let by_id = |id: &str| calls.iter().find(|c| c.id == id).unwrap();
    let c1 = by_id("c1");
    assert_eq!((c1.outcome, c1.queue.as_deref(), c1.queues.len()), ("answered", Some("support"), 2));
    assert_eq!(c1.wait_ms, Some(30_000), "20 s in sales, then 10 s in support");
    assert_eq!(by_id("c3").transfer, Some("blind"));
    assert_eq!(by_id("c4").outcome, "exit_with_key");
    assert_eq!(by_id("c5").outcome, "in_queue");
    assert!(!by_id("c5").incomplete.is_empty());

    let r = a.report(&Settings::default());
    let f = &r.inputs[0];
    assert_eq!(f.unknown_events.get("WEIRDEVENT"), Some(&1));
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    assert_eq!(
        (r.totals.offered, r.totals.answered, r.totals.abandoned, r.totals.timed_out),
        (Some(4), 2, Some(1), Some(1)),
        "overflow answered once"
    );
    let p = r.pbx.as_ref().unwrap();
    assert_eq!((p.overflowed, p.unknown_events.get("WEIRDEVENT")), (1, Some(&1)));

    // PJSIP/1: member of two queues 1700000000–1700000900 (900 s, counted once), paused 200 s for Lunch.
    let a1 = agent(&r, "PJSIP/1");
    assert_eq!(a1.logged_in, Some(900.0));
    assert_eq!(a1.paused.get("Lunch"), Some(&200.0));
    assert_eq!(a1.available, Some(900.0 - 200.0 - 100.0));
    assert_eq!(a1.occupancy, Some(100.0 / 700.0));
    assert_eq!(a1.utilization, Some(100.0 / 900.0));
    assert_eq!(a1.work_rate, Some(100.0 / 900.0));
    assert_eq!(a1.calls_per_hour, Some(1.0 / 0.25));
    assert_eq!(a1.open_sessions, 0);
    // PJSIP/2 joined paused and never left: closed at the log's last event (1700001000), flagged.
    let a2 = agent(&r, "PJSIP/2");
    assert_eq!((a2.logged_in, a2.open_sessions, a2.missed), (Some(1000.0), 1, 1));
    assert_eq!(a2.paused.get("(no reason)"), Some(&1000.0));
    assert!(r
        .agent_days
        .iter()
        .any(|d| d.agent == "PJSIP/1" && d.first_login.as_deref() == Some("2023-11-14 22:13:20")));

    // Call-backs: 5551000 overflowed but was answered (not listed); 5552000 abandoned, then called
    // again and was answered; 5553000 left by key; 5554000 still waits (not listed).
    let cb: Vec<(&str, bool, bool)> =
        r.callbacks.iter().map(|c| (c.caller.as_str(), c.called_again, c.got_through)).collect();
    assert_eq!(cb, vec![("5552000", true, true), ("5553000", false, false)]);
    assert!(r.definitions.contains_key("work_rate") && r.definitions.contains_key("calls_per_hour"));
}

#[test]
fn cdr_and_queue_log_of_the_same_call_are_joined_and_counted_once() {
    let cdr = "\
\"\",\"5551000\",\"100\",\"in\",\"\",\"SIP/t-1\",\"PJSIP/1-0001\",\"Queue\",\"support,,,\",\"2023-11-14 22:15:00\",\"2023-11-14 22:15:00\",\"2023-11-14 22:17:10\",130,130,\"ANSWERED\",\"DOCUMENTATION\",\"c1\",\"\",\"\",\"c1\",1
\"\",\"5559999\",\"100\",\"in\",\"\",\"SIP/t-2\",\"PJSIP/1-0002\",\"Dial\",\"PJSIP/1\",\"2023-11-14 23:00:00\",\"2023-11-14 23:00:04\",\"2023-11-14 23:01:00\",60,56,\"ANSWERED\",\"DOCUMENTATION\",\"x9\",\"\",\"\",\"x9\",2
\"\",\"5559999\",\"101\",\"in\",\"\",\"SIP/t-2\",\"PJSIP/2-0003\",\"Dial\",\"PJSIP/2\",\"2023-11-14 23:00:00\",\"\",\"2023-11-14 23:00:04\",4,0,\"NO ANSWER\",\"DOCUMENTATION\",\"x9.1\",\"\",\"\",\"x9\",3
";
    let r = analyzer(&[("q.log", QLOG.as_bytes()), ("Master.csv", cdr.as_bytes())]).report(&Settings::default());
    let p = r.pbx.as_ref().unwrap();
    assert_eq!((p.cdr_legs, p.cdr_joined, p.cdr_calls), (3, 1, 1));
    assert_eq!((r.totals.offered, r.totals.answered), (Some(5), 3), "4 queue_log calls + 1 CDR-only call");
    let c = callscore::PbxCall::clone(&analyzer(&[("Master.csv", cdr.as_bytes())]).pbx_calls()[1]);
    assert_eq!((c.agent.as_deref(), c.wait_ms, c.talk_ms), (Some("PJSIP/1"), Some(4000), Some(56_000)));
}

#[test]
fn database_forms_read_the_same_calls_as_the_file_form() {
    let mut db = String::from("time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n");
    let mut joined = String::from("id,time,callid,queuename,agent,event,data\n");
    for (i, line) in QLOG.lines().enumerate() {
        let p: Vec<&str> = line.split('|').collect();
        let t = chrono::DateTime::from_timestamp(p[0].parse().unwrap(), 0).unwrap().format("%Y-%m-%d %H:%M:%S%.6f");
        let d: Vec<&str> = (5..10).map(|k| p.get(k).copied().unwrap_or("")).collect();
        db.push_str(&format!("{t},{},{},{},{},{}\n", p[1], p[2], p[3], p[4], d.join(",")));
        joined.push_str(&format!("{i},{t},{},{},{},{},\"{}\"\n", p[1], p[2], p[3], p[4], p[5..].join("|")));
    }
    let file = analyzer(&[("q.log", QLOG.as_bytes())]).pbx_calls();
    for text in [db, joined] {
        let mut a = analyzer(&[("queue_log.csv", text.as_bytes())]);
        assert_eq!(a.report(&Settings::default()).inputs[0].profile, Some("queue_log"));
        assert_eq!(a.pbx_calls(), file);
    }
}

#[test]
fn agent_state_exports_give_logged_in_paused_and_acw_time() {
    let csv = "Agent,State,Reason,Start Time,End Time\n\
               A1,Ready,,2024-01-02 09:00:00,2024-01-02 10:00:00\n\
               A1,Not Ready,Lunch,2024-01-02 10:00:00,2024-01-02 10:30:00\n\
               A1,ACW,,2024-01-02 10:30:00,2024-01-02 10:40:00\n\
               A1,Logout,,2024-01-02 10:40:00,2024-01-02 12:00:00\n\
               A1,Training,,2024-01-02 12:00:00,2024-01-02 12:20:00\n\
               A1,Ready,,2024-01-02 13:00:00,bad\n";
    let calls = "call id,start time,agent,wait,talk,outcome\n1,2024-01-02 09:10:00,A1,5,600,ANSWERED\n";
    let r = analyzer(&[("states.csv", csv.as_bytes()), ("calls.csv", calls.as_bytes())]).report(&Settings::default());
    assert_eq!(r.inputs[0].profile, Some("agent_state"));
    assert_eq!((r.inputs[0].rows_read, r.inputs[0].rows_used, r.inputs[0].rows_rejected), (6, 5, 1));
    let a = agent(&r, "A1");
    assert_eq!(a.logged_in, Some(3600.0 + 1800.0 + 600.0 + 1200.0));
    assert_eq!(a.paused.get("Lunch"), Some(&1800.0));
    assert_eq!(a.paused.get("Training"), Some(&1200.0));
    // handle = talk 600 + ACW 600 from the state file.
    assert_eq!(a.utilization, Some(1200.0 / 7200.0));
    assert_eq!(a.work_rate, Some(600.0 / 7200.0));
    assert_eq!(a.occupancy, Some(1200.0 / (7200.0 - 3000.0)));
}

#[test]
fn forced_profiles_refuse_files_of_another_kind_with_a_clear_message() {
    let settings = Settings { profile: Some("asterisk_cdr".into()), ..Settings::default() };
    let mut a = Analyzer::new(settings).unwrap();
    a.begin_file("x.csv");
    a.push(b"call id,start time,agent\n1,2024-01-01 10:00:00,A\n").unwrap();
    let err = a.end_file().unwrap_err();
    assert!(err.to_string().contains("asterisk_cdr"), "{err}");
    assert!(Settings { profile: Some("nope".into()), ..Settings::default() }.validate().is_err());
    let settings = Settings { profile: Some("queue_log".into()), ..Settings::default() };
    let r = common::analyse(&settings, "q.log", QLOG.as_bytes());
    assert_eq!(r.totals.offered, Some(4));
}

#[test]
fn lab_cdr_export_with_a_header_joins_its_queue_log_by_uniqueid() {
    // cdr_rows.csv is the MySQL `cdr` table with a header: userfield comes before uniqueid and
    // SQL NULL is written as the word. Its 8 queue calls are in queue_log (PROVENANCE.md: callid ==
    // uniqueid == linkedid) and must be counted once; the other rows are direct extension calls.
    let Some(dir) = common::datasets() else { return };
    let d = dir.join("asterisk_lab_queue_log");
    let q = std::fs::read(d.join("queue_log_pipe_derived.txt")).unwrap();
    let c = std::fs::read(d.join("cdr_rows.csv")).unwrap();
    let r = analyzer(&[("queue_log", &q), ("cdr_rows.csv", &c)]).report(&Settings::default());
    let f = &r.inputs[1];
    assert_eq!(f.profile, Some("asterisk_cdr"));
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected, f.skipped.get("HEADER")), (24, 23, 0, Some(&1)));
    let p = r.pbx.as_ref().unwrap();
    assert_eq!((p.queue_log_calls, p.cdr_legs, p.cdr_joined), (8, 23, 8));
    // 19 distinct linkedids in the 23 rows, counted with Python's csv module:
    // len(set(r['linkedid'] for r in csv.DictReader(open('cdr_rows.csv')))).
    assert_eq!(p.cdr_joined + p.cdr_calls, 19);
    let alone = analyzer(&[("queue_log", &q)]).report(&Settings::default());
    let queue_part =
        r.totals.offered.unwrap() - (p.cdr_calls - p.cdr_outcomes.get("not_offered").copied().unwrap_or(0));
    assert_eq!(Some(queue_part), alone.totals.offered, "queue calls are not counted twice");
}

/// PBXware's queue_log spans under four days: with the 7-day window no answered call's window
/// fits inside the data, so FCR is not computed (null with the reason), never 0 %.
#[test]
fn fcr_on_a_log_shorter_than_the_window_is_null_with_the_reason() {
    let Some(dir) = common::datasets() else { return };
    let bytes = std::fs::read(dir.join("pbxware_export/queue_log.csv")).unwrap();
    let r = analyzer(&[("queue_log.csv", &bytes)]).report(&Settings::default());
    assert_eq!(r.totals.fcr, None);
    assert_eq!((r.totals.fcr_resolved, r.totals.fcr_repeat), (0, 0));
    assert!(r.totals.fcr_unknown > 0);
    let note = r.notes.iter().find(|n| n.code() == "note.fcr_none_judged").expect("the reason is in the notes");
    assert!(note.to_string().contains("shorter than the 7-day window"), "{note}");
    assert!(r.by_agent.iter().all(|a| a.kpis.fcr.is_none()), "no agent gets an FCR either");
}

#[test]
fn pbxware_cdr_table_is_read_by_column_name_into_the_golden_calls_and_waits() {
    let Some(dir) = common::datasets() else { return };
    let bytes = std::fs::read(dir.join("pbxware_export/cdr.csv")).unwrap();
    let r = analyzer(&[("cdr.csv", &bytes)]).report(&Settings::default());
    let g = golden("pbx_pbxware_cdr.json");
    let n = |k: &str| g[k].as_u64().unwrap();
    let f = &r.inputs[0];
    assert_eq!(f.profile, Some("asterisk_cdr"), "not read as generic call records (one row per leg)");
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (n("legs") + 1, n("legs"), 0), "the header skipped");
    let p = r.pbx.as_ref().unwrap();
    assert_eq!((p.cdr_legs, p.cdr_calls, p.cdr_outbound), (n("legs"), n("calls"), n("outbound")));
    assert_eq!(p.cdr_outcomes.get("answered").copied(), Some(n("answered")));
    assert_eq!(p.cdr_outcomes.get("unanswered").copied(), Some(n("unanswered")));
    assert_eq!(p.cdr_outcomes.get("not_offered").copied(), Some(n("not_offered")));
    let t = &r.totals;
    assert_eq!(t.offered, Some(n("answered") + n("unanswered")));
    // Waits from calldate + duration − billsec: ASA's sum and the service level.
    assert_eq!(t.ratios["asa"].numerator, g["answered_wait_sum_s"].as_f64().unwrap());
    assert_eq!(t.answered_within_threshold, n("answered_within_20s"));
    let sl = t.service_level.expect("every answered call has a wait");
    assert!((sl - g["service_level_20s_offered"].as_f64().unwrap()).abs() < 1e-12, "{sl}");
    // Calls forwarded to mobiles are answered by `Local/+9194…@local-call` channels: the agent
    // table names no outside number.
    let digits = |s: &str| s.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
    let agents: Vec<&str> = r.by_agent.iter().filter_map(|a| a.agent.as_deref()).collect();
    assert!(agents.iter().all(|a| digits(a) < 7), "{agents:?}");
    assert!(agents.contains(&"Local/***@local-call"), "{agents:?}");
    // PBXware's dispositions (ANSWERED …) say nothing of sales: no conversion, not 0 %.
    assert_eq!((t.outbound.outbound_successes, t.outbound.outbound_conversion), (None, None));
}
