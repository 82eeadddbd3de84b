//! A duplicate is the same call read again, not the same id: ids that the source reuses (per day,
//! line or trunk, as many ACDs number calls) are different calls; overlapping exports are not.

mod common;

use callscore::{Report, Settings};

/// The August 1999 Anonymous Bank month rewritten as a Chinese ACD export whose 通话ID column is the
/// data set's own `call_id`, which repeats (about 19,700 distinct ids in 42,078 rows).
fn august_as_acd_export(csv: &str) -> String {
    let mut out = String::from("通话ID,来电时间,座席工号,技能组,排队时长,通话时长,呼叫结果,主叫号码\n");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (id, customer, queue, date, entry) =
        (col("call_id"), col("customer_id"), col("type"), col("date"), col("vru_entry"));
    let (q_start, q_time, outcome, ser_time, server) =
        (col("q_start"), col("q_time"), col("outcome"), col("ser_time"), col("server"));
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let queued = f[q_start] != "0:00:00";
        let (result, wait, talk, agent) = match (f[outcome], queued) {
            ("AGENT", _) => ("已接通", if queued { f[q_time] } else { "0" }, f[ser_time], f[server]),
            ("HANG", true) => ("放弃", f[q_time], "", ""),
            ("HANG", false) => ("自助服务", "", "", ""),
            _ => continue, // PHANTOM: not a call
        };
        let agent = if agent == "NO_SERVER" { "" } else { agent };
        let day = &f[date][..10];
        out.push_str(&format!(
            "{},{day} {},{agent},{},{wait},{talk},{result},{}\n",
            f[id], f[entry], f[queue], f[customer]
        ));
    }
    out
}

fn totals(r: &Report) -> serde_json::Value {
    let mut t = serde_json::to_value(&r.totals).expect("serialises");
    // Ratios carry the same numbers as the KPIs; compare the KPIs.
    t.as_object_mut().expect("object").remove("ratios");
    t
}

#[test]
fn recycled_ids_are_separate_calls_and_the_totals_equal_the_original_format() {
    let Some(dir) = common::datasets() else { return };
    let csv = std::fs::read_to_string(dir.join("anonymous_bank_aug1999/august_1999_calls.csv")).expect("dataset");
    let original = common::analyse(&Settings::default(), "august.csv", csv.as_bytes());
    let export = august_as_acd_export(&csv);
    let recycled = common::analyse(&Settings::default(), "acd.csv", export.as_bytes());
    let f = &recycled.inputs[0];
    assert_eq!(f.profile, Some("generic"));
    assert_eq!(f.duplicates, 0, "a reused id with another arrival is another call");
    assert!(f.warnings.iter().any(|w| w.code() == "warning.call_ids_reused"), "{:?}", f.warnings);
    assert_eq!(f.rows_read, f.rows_used + f.rows_skipped + f.rows_rejected);
    assert_eq!(totals(&recycled), totals(&original));
}

#[test]
fn a_file_read_twice_counts_each_call_once() {
    let Some(dir) = common::datasets() else { return };
    let csv = std::fs::read_to_string(dir.join("anonymous_bank_aug1999/august_1999_calls.csv")).expect("dataset");
    for (name, text) in [("bank", csv.clone()), ("acd", august_as_acd_export(&csv))] {
        let once = common::analyse(&Settings::default(), "once.csv", text.as_bytes());
        let body = text.split_once('\n').expect("header").1;
        let twice_text = format!("{text}{body}");
        let twice = common::analyse(&Settings::default(), "twice.csv", twice_text.as_bytes());
        assert_eq!(totals(&twice), totals(&once), "{name}: one file holding everything twice");
        let two_files = common::analyse_chunked(
            &Settings::default(),
            &[("a.csv", text.as_bytes()), ("b.csv", text.as_bytes())],
            &[1 << 20],
        );
        assert_eq!(totals(&two_files), totals(&once), "{name}: two overlapping exports");
        let calls = once.inputs[0].rows_used + once.inputs[0].skipped.get("IVR_ONLY").copied().unwrap_or(0);
        assert_eq!(two_files.inputs[1].duplicates, calls, "{name}: every call of the second file, IVR-only ones too");
    }
}
