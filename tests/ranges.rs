//! A file read as byte ranges on several threads gives exactly the report of one reader: any
//! split points, 1–8 ranges, with duplicates and repeat callers across ranges, quoted fields
//! holding line breaks at a range's start, rejects (their line numbers), and queue_log calls whose
//! events fall in different ranges (issue 12).

use callscore::{Analyzer, Settings};
use proptest::prelude::*;

/// A small deterministic generator (the test must not depend on the platform's RNG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn stamp(secs: u64) -> String {
    let (d, s) = (secs / 86_400, secs % 86_400);
    format!("2024-03-{:02} {:02}:{:02}:{:02}", 1 + d % 28, s / 3600, (s / 60) % 60, s % 60)
}

/// Call records: ids that repeat as duplicates (the same row again, often far away) and as reused
/// ids (another arrival), callers who call back, quoted notes with line breaks and commas, and
/// rows that are rejected.
fn call_records(seed: u64, rows: usize, duplicates: bool) -> Vec<u8> {
    let mut r = Rng(seed);
    let mut out = String::from("call_id,queue,agent,caller,arrival,answer,end,outcome,note\n");
    let mut written: Vec<String> = Vec::new();
    let mut t = 0u64;
    for i in 0..rows {
        if duplicates && !written.is_empty() && r.below(40) == 0 {
            let again = written[r.below(written.len() as u64) as usize].clone();
            out.push_str(&again);
            continue;
        }
        t += r.below(90);
        let id = if r.below(50) == 0 { format!("C{}", r.below(i as u64 + 1)) } else { format!("C{i}") };
        let queue = ["Sales", "Support", "Billing"][r.below(3) as usize];
        let caller = format!("+4479{:06}", r.below(300));
        let answered = r.below(4) != 0;
        let agent = if answered { format!("A{}", r.below(12)) } else { String::new() };
        let wait = r.below(120);
        let (answer, end, outcome) = if answered {
            (stamp(t + wait), stamp(t + wait + 30 + r.below(600)), "answered")
        } else {
            (String::new(), stamp(t + wait), "abandoned")
        };
        let arrival = if r.below(97) == 0 { "not a time".to_string() } else { stamp(t) };
        let note = match r.below(8) {
            0 => "\"called about a bill,\nthen a second line\"".to_string(),
            1 => "\"\"\"quoted\"\", with comma\"".to_string(),
            2 => "\"three\nline\nnote\"".to_string(),
            _ => String::new(),
        };
        let row = format!("{id},{queue},{agent},{caller},{arrival},{answer},{end},{outcome},{note}\n");
        out.push_str(&row);
        written.push(row);
    }
    out.into_bytes()
}

/// A queue_log whose calls' events are spread over the file (other calls in between), with some
/// event lines repeated later (an overlapping export).
fn queue_log(seed: u64, calls: usize) -> Vec<u8> {
    let mut r = Rng(seed);
    let mut events: Vec<(u64, String)> = Vec::new();
    for c in 0..calls {
        let t0 = 1_700_000_000 + c as u64 * 40;
        let id = format!("{t0}.{c}");
        let queue = ["Sales", "Support"][r.below(2) as usize];
        events.push((t0, format!("{t0}|{id}|{queue}|NONE|ENTERQUEUE||+4479{:04}|1", r.below(200))));
        let wait = 5 + r.below(300);
        if r.below(4) == 0 {
            events.push((t0 + wait, format!("{}|{id}|{queue}|NONE|ABANDON|1|1|{wait}", t0 + wait)));
        } else {
            let agent = format!("PJSIP/{}", 100 + r.below(8));
            let talk = 20 + r.below(900);
            events.push((t0 + wait, format!("{}|{id}|{queue}|{agent}|CONNECT|{wait}|{id}.1|2", t0 + wait)));
            let end = t0 + wait + talk;
            events.push((end, format!("{end}|{id}|{queue}|{agent}|COMPLETECALLER|{wait}|{talk}|1")));
        }
    }
    events.sort_by_key(|e| e.0);
    let mut out = String::new();
    for (i, (_, line)) in events.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        if i % 97 == 13 {
            let again = &events[r.below(i as u64 + 1) as usize].1;
            out.push_str(again);
            out.push('\n');
        }
    }
    out.into_bytes()
}

fn one_reader(settings: &Settings, bytes: &[u8]) -> String {
    let mut a = Analyzer::new(settings.clone()).unwrap();
    a.begin_file("f.csv");
    for chunk in bytes.chunks(100_003) {
        let _ = a.push(chunk);
    }
    let _ = a.end_file();
    serde_json::to_string(&a.finish()).unwrap()
}

/// `encoded`: every range's partial state goes through its binary form, as between the page's
/// pool workers (each its own wasm instance).
/// The ranges are dealt in turn to `threads` threads (the analyzer's own every `threads`th).
fn in_ranges_as(
    settings: &Settings,
    bytes: &[u8],
    nominal: &[u64],
    threads: usize,
    encoded: bool,
) -> (String, callscore::RangeStats) {
    let mut a = Analyzer::new(settings.clone()).unwrap();
    let size = bytes.len() as u64;
    let stats = if encoded {
        a.read_file_split_encoded("f.csv", bytes, size, nominal, threads).unwrap()
    } else {
        a.read_file_split("f.csv", bytes, size, nominal, threads, &mut |_| {}).unwrap()
    };
    (serde_json::to_string(&a.finish()).unwrap(), stats)
}

fn split_points(bytes: &[u8], per_mille: &[u64]) -> Vec<u64> {
    per_mille.iter().map(|p| bytes.len() as u64 * p / 1000).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn call_records_in_any_ranges_give_the_one_reader_report(
        seed in any::<u64>(),
        splits in prop::collection::vec(0u64..1000, 0..8),
        dedupe in any::<bool>(),
        duplicates in any::<bool>(),
        threads in 1usize..=4,
        encoded in any::<bool>(),
    ) {
        let bytes = call_records(seed, 2500, duplicates);
        let settings = Settings { dedupe, ..Settings::default() };
        let want = one_reader(&settings, &bytes);
        let (got, _) = in_ranges_as(&settings, &bytes, &split_points(&bytes, &splits), threads, encoded);
        prop_assert!(got == want, "splits {:?}, {} threads", splits, threads);
    }

    #[test]
    fn queue_log_calls_split_across_ranges_give_the_one_reader_report(
        seed in any::<u64>(),
        splits in prop::collection::vec(0u64..1000, 0..8),
        threads in 1usize..=4,
        encoded in any::<bool>(),
    ) {
        let bytes = queue_log(seed, 1500);
        let want = one_reader(&Settings::default(), &bytes);
        let (got, stats) =
            in_ranges_as(&Settings::default(), &bytes, &split_points(&bytes, &splits), threads, encoded);
        prop_assert!(got == want, "splits {:?}, {} threads", splits, threads);
        prop_assert_eq!(stats.ranges_reread, 0, "queue_log has no quotes and no call records");
    }
}

#[test]
fn a_range_that_starts_inside_a_quoted_field_is_read_again_not_wrongly() {
    let bytes = call_records(7, 2500, false);
    let want = one_reader(&Settings::default(), &bytes);
    // Every line break inside a quoted note, past the first 64 KiB: a range starting right after
    // it starts inside the field.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let inside: Vec<u64> =
        text.match_indices("bill,\n").map(|(i, _)| i as u64 + 4).filter(|i| *i > 70_000).take(3).collect();
    assert!(!inside.is_empty());
    // One thread a range, and two taking the ranges in turn.
    for (threads, encoded) in [(inside.len() + 1, false), (inside.len() + 1, true), (2, false), (2, true)] {
        let (got, stats) = in_ranges_as(&Settings::default(), &bytes, &inside, threads, encoded);
        assert_eq!(got, want);
        assert!(stats.ranges_reread > 0, "{stats:?}");
    }
}

#[test]
fn duplicates_across_ranges_are_counted_as_one_reader_counts_them() {
    // The second half repeats the first: every call of the second range is a duplicate.
    let first = call_records(11, 1500, false);
    let mut bytes = first.clone();
    bytes.extend_from_slice(&first[first.iter().position(|b| *b == b'\n').unwrap() + 1..]);
    let want = one_reader(&Settings::default(), &bytes);
    for encoded in [false, true] {
        let (got, stats) = in_ranges_as(&Settings::default(), &bytes, &[first.len() as u64 - 1], 2, encoded);
        assert_eq!(got, want);
        assert_eq!(stats.ranges_reread, 1, "{stats:?}");
    }
    // In many ranges (two overlapping exports read as one), dealt to two and three threads: each
    // range of the second half is read again after its state is looked at (some ranges' starts
    // fall inside a quoted note: read again too).
    let splits: Vec<u64> = (1..40).map(|k| k * bytes.len() as u64 / 40).collect();
    for (threads, encoded) in [(2, false), (3, true)] {
        let (got, stats) = in_ranges_as(&Settings::default(), &bytes, &splits, threads, encoded);
        assert_eq!(got, want, "{threads} threads");
        assert!(stats.ranges_reread > 5 && stats.ranges_merged > 2, "{threads} threads: {stats:?}");
    }
    assert!(want.contains("\"DUPLICATE\":"));
}

/// Plain call rows (no quoted field: read in batches, the ids announced ahead), some ids reused,
/// and, when `repeats`, a row now and then read again a few rows later (inside one range).
fn plain_call_records(seed: u64, rows: usize, repeats: bool) -> Vec<u8> {
    let mut r = Rng(seed);
    let mut out = String::from("call_id,queue,agent,caller,arrival,answer,end,outcome\n");
    let mut recent: Vec<String> = Vec::new();
    let mut t = 0u64;
    for i in 0..rows {
        if repeats && recent.len() > 5 && r.below(300) == 0 {
            out.push_str(&recent[recent.len() - 1 - r.below(5) as usize].clone());
        }
        t += r.below(60);
        let id = format!("C{:09}", if i > 0 && r.below(200) == 0 { r.below(i as u64) } else { i as u64 });
        let queue = ["Sales", "Support"][r.below(2) as usize];
        let (agent, wait) = (format!("AG{}", 1000 + r.below(20)), r.below(60));
        let row = format!(
            "{id},{queue},{agent},+4479{:08},{},{},{},answered\n",
            r.below(5000),
            stamp(t),
            stamp(t + wait),
            stamp(t + wait + 20 + r.below(400))
        );
        out.push_str(&row);
        recent.push(row);
    }
    out.into_bytes()
}

/// A range's calls are looked up once, when it ends: a range that held a call twice is read
/// again, and the report is the one reader's, with or without repeats, whether the states cross
/// as bytes or not. (The ranges' rows are read in batches, their ids announced ahead for the
/// whole file's duplicate filter: a range reader keeps none, and once failed on being told.)
#[test]
fn ranges_whose_calls_are_looked_up_when_they_end_give_the_one_reader_report() {
    for repeats in [false, true] {
        let bytes = plain_call_records(5, 12_000, repeats);
        let want = one_reader(&Settings::default(), &bytes);
        assert_eq!(want.contains("\"DUPLICATE\":"), repeats);
        assert!(want.contains("warning.call_ids_reused"), "ids reused: a warning");
        let splits = split_points(&bytes, &[100, 200, 300, 400, 500, 600, 700, 800, 900]);
        for (threads, encoded) in [(2, false), (2, true), (4, false), (3, true)] {
            let (got, stats) = in_ranges_as(&Settings::default(), &bytes, &splits, threads, encoded);
            assert_eq!(got, want, "repeats {repeats}, {threads} threads, encoded {encoded}");
            assert!(stats.ranges_merged > 0, "{stats:?}");
        }
    }
}

#[test]
fn threads_from_one_to_eight_give_the_same_report() {
    let bytes = call_records(3, 4000, false);
    let want = one_reader(&Settings::default(), &bytes);
    for (threads, encoded) in (1..=8u64).flat_map(|t| [(t, false), (t, true)]) {
        let nominal: Vec<u64> = (1..threads).map(|k| bytes.len() as u64 * k / threads).collect();
        let (got, stats) = in_ranges_as(&Settings::default(), &bytes, &nominal, threads as usize, encoded);
        assert_eq!(got, want, "{threads} threads");
        assert!(stats.ranges_merged + stats.ranges_reread < threads as usize + 1, "{stats:?}");
        // Reused ids across ranges are merged, not read again; only a range whose start falls
        // inside a quoted note is.
        assert!(threads < 3 || stats.ranges_merged > 0, "{threads} threads: {stats:?}");
    }
}

/// A progress display (the CLI's bar) follows a file read with threads as it goes: how far it is
/// read by every thread, never going back, ending at its size. (It was told nothing until the
/// whole file was read.)
#[test]
fn a_file_read_in_ranges_tells_its_progress_as_every_thread_reads() {
    let bytes = call_records(5, 4000, false);
    let size = bytes.len() as u64;
    let nominal = split_points(&bytes, &[125, 250, 375, 500, 625, 750, 875]);
    for threads in [1, 2, 4] {
        let mut told = Vec::new();
        let mut a = Analyzer::new(Settings::default()).unwrap();
        a.read_file_split("f.csv", &bytes[..], size, &nominal, threads, &mut |n| told.push(n)).unwrap();
        assert!(told.windows(2).all(|w| w[0] < w[1]), "{threads} threads: {told:?}");
        assert_eq!(told.last(), Some(&size), "{threads} threads");
        // The first 64 KiB, then at least every range the analyzer reads itself.
        assert!(told.len() > 8usize.div_ceil(threads), "{threads} threads: {told:?}");
        if threads == 2 {
            // The analyzer reads half the ranges: before the end, more than that was told.
            let before_end = told[told.len() - 2];
            assert!(before_end > size * 6 / 10, "{before_end} of {size}: {told:?}");
        }
    }
}

/// The report of a file read with threads is built with them too (the repeat-caller pass on a
/// thread of its own, beside the intervals' staffing): the same report as one thread builds,
/// with repeat callers judged and staffing on, and once more after a snapshot's FCR counts join.
#[test]
fn a_report_built_with_threads_is_the_report_one_thread_builds() {
    let bytes = call_records(5, 4000, true);
    let settings = Settings { staffing: true, fcr_window_h: 4, ..Settings::default() };
    let want = one_reader(&settings, &bytes);
    let totals = &serde_json::from_str::<serde_json::Value>(&want).unwrap()["totals"];
    assert!(totals["fcr_resolved"].as_u64().unwrap() > 0 && totals["fcr_repeat"].as_u64().unwrap() > 0, "{totals}");
    let old = call_records(6, 500, false);
    let mut snapshot = Analyzer::new(settings.clone()).unwrap();
    snapshot.read_file("old.csv", &old[..], old.len() as u64, 1).unwrap();
    let snapshot = snapshot.snapshot();
    let mut b = Analyzer::new(settings.clone()).unwrap();
    b.read_file("f.csv", &bytes[..], bytes.len() as u64, 1).unwrap();
    b.add_snapshot("old.json", snapshot.as_bytes()).unwrap();
    let one = serde_json::to_string(&b.report(&settings)).unwrap();
    for threads in 1..=4 {
        let mut a = Analyzer::new(settings.clone()).unwrap();
        a.read_file("f.csv", &bytes[..], bytes.len() as u64, threads).unwrap();
        assert_eq!(serde_json::to_string(&a.report(&settings)).unwrap(), want, "{threads} threads");
        let mut c = Analyzer::new(settings.clone()).unwrap();
        c.read_file("f.csv", &bytes[..], bytes.len() as u64, threads).unwrap();
        c.add_snapshot("old.json", snapshot.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&c.report(&settings)).unwrap(), one, "{threads} threads, with a snapshot");
    }
}

/// A page worker's state of the range `from..` (to the end), as `readRangeState` reads it: its
/// own analyzer, only the file's first 64 KiB pushed (how to read it), then a
/// [`callscore::RangeReader`] of the range; read again looking each call up when the range held
/// a call twice. The state, and whether it was read again.
fn page_worker_state(bytes: &[u8], from: u64) -> (Vec<u8>, bool) {
    let size = bytes.len() as u64;
    let read = |each_call: bool| {
        let mut helper = Analyzer::new(Settings::default()).unwrap();
        helper.begin_file("f.csv");
        helper.push(&bytes[..callscore::HEAD_BYTES as usize]).unwrap();
        let mut reader = helper.range_reader_looking_up(from, size, size, each_call).unwrap();
        for chunk in bytes[from as usize..].chunks(70_001) {
            reader.push(chunk).unwrap();
        }
        assert!(!reader.wants_more());
        reader.finish()
    };
    match read(false) {
        Some(state) => (state, false),
        None => (read(true).expect("a range read looking each call up gives its state"), true),
    }
}

/// The page's coordinator: reads up to `from` itself, then adds `state`, or reads the range
/// itself when the state is refused. The report, and whether the state was added.
fn page_coordinator(bytes: &[u8], from: u64, state: &[u8]) -> Result<(String, bool), callscore::Error> {
    let mut a = Analyzer::new(Settings::default()).unwrap();
    a.begin_file("f.csv");
    a.push(&bytes[..from as usize]).unwrap();
    assert!(a.at_record_boundary());
    let added = match a.absorb_encoded(state, from)? {
        Some(end) => {
            assert_eq!(end, bytes.len() as u64);
            true
        }
        None => {
            a.push(&bytes[from as usize..]).unwrap();
            false
        }
    };
    Ok((serde_json::to_string(&a.finish()).unwrap(), added))
}

/// The first line start past the middle of `bytes`.
fn middle_line(bytes: &[u8]) -> u64 {
    let half = bytes.len() / 2;
    (bytes[half..].iter().position(|b| *b == b'\n').unwrap() + half + 1) as u64
}

/// The page's pool as the engine sees it: a worker reads its range and hands back bytes; the
/// coordinator adds them in order, or reads the range itself. A damaged state is an error, never
/// a panic.
#[test]
fn a_range_state_crosses_as_bytes_and_a_damaged_one_is_an_error() {
    let bytes = call_records(5, 3000, true);
    let want = one_reader(&Settings::default(), &bytes);
    let from = middle_line(&bytes);
    let (state, _) = page_worker_state(&bytes, from);
    let coordinate = |state: &[u8]| page_coordinator(&bytes, from, state).map(|(report, _)| report);
    assert_eq!(coordinate(&state).unwrap(), want);
    // Cut anywhere, or a byte flipped: an error or (a flipped count) a state that still decodes —
    // never a panic.
    for cut in (0..state.len()).step_by(state.len() / 97 + 1) {
        assert!(coordinate(&state[..cut]).is_err(), "cut at {cut}");
    }
    for at in (0..state.len()).step_by(state.len() / 211 + 1) {
        let mut bad = state.clone();
        bad[at] ^= 0x5a;
        let _ = coordinate(&bad);
    }
}

/// A page worker's range that held a call twice gives no state when it ends (it looked nothing
/// up as it read; sealing found the repeat): the worker reads it again looking each call up, and
/// that state is added, the report the one reader's. Without repeats the first state is added.
#[test]
fn a_page_workers_range_holding_a_call_twice_is_read_again_by_the_worker_and_added() {
    for repeats in [false, true] {
        let bytes = plain_call_records(8, 12_000, repeats);
        let from = middle_line(&bytes);
        let (state, read_again) = page_worker_state(&bytes, from);
        assert_eq!(read_again, repeats);
        let (got, added) = page_coordinator(&bytes, from, &state).unwrap();
        assert_eq!(got, one_reader(&Settings::default(), &bytes), "repeats {repeats}");
        assert!(added, "repeats {repeats}");
    }
}
