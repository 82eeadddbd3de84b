//! The streaming analyzer: settings in, byte chunks in, report out. A façade: reading is
//! `ingest`'s, tallying `kpi`'s, phone-system logs `pbx`'s, and building the report `report`'s.

mod call_index;
mod range_state;
#[cfg(not(target_arch = "wasm32"))]
mod ranges;

use crate::model::text::trim;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::chat::Chat;
use crate::error::{Error, ErrorKind, Message, Result};
use crate::ingest::{FileIngest, FileSummary, Item, ReadOptions, Sink};
use crate::kpi::Aggregates;
use crate::model::call::hash_id;
use crate::model::chat::ChatRecord;
use crate::model::filter::{Filter, Outside};
use crate::model::pbx::PbxRecord;
use crate::model::people::{PeopleRecord, RosterRow};
use crate::model::time::MS_PER_DAY;
use crate::pbx::{Pbx, PbxCall};
use crate::people::{CoachingNote, People};
use crate::report::{self, is_snapshot, Read, Report, Snapshot, SnapshotFile, MAX_SNAPSHOT_BYTES, SNAPSHOT_FORMAT};
use crate::settings::{LocalZone, Settings, TimeZoneUsed};
use call_index::{Added, CallIndex};
pub use range_state::{RangeReader, HEAD_BYTES};
#[cfg(not(target_arch = "wasm32"))]
pub use ranges::{RangeStats, ReadAt};

/// Reads any number of files, chunk by chunk, into one report.
///
/// ```
/// use callscore::{Analyzer, Settings};
/// let mut a = Analyzer::new(Settings::default()).unwrap();
/// a.begin_file("calls.csv");
/// a.push(b"call id,start time,agent,wait,talk,outcome\n1,2024-01-02 09:00:00,A,12,100,ANSWERED\n").unwrap();
/// let report = a.finish();
/// assert_eq!(report.totals.answered, 1);
/// ```
pub struct Analyzer {
    settings: Settings,
    /// The zone epoch timestamps are read in, and why (fixed for the analyzer's life).
    zone: TimeZoneUsed,
    /// How files are read (fixed for the analyzer's life).
    read: ReadOptions,
    files: Vec<FileSummary>,
    current: Option<FileIngest>,
    /// Whether the open file is a snapshot (its bytes are kept until it ends) or a log.
    sniff: Sniff,
    /// What the snapshots loaded so far add beside their tallies.
    loaded: Loaded,
    /// The most threads a file was read with ([`Analyzer::read_file`]): the report's build may
    /// use as many (1 unless told).
    threads: usize,
    /// Where the rows of every file go.
    store: Store,
    /// Intervals' requirements another worker worked out for the next report's build
    /// ([`Analyzer::seed_staffing`]).
    staffing_seeds: Option<report::StaffingSeeds>,
    /// The open file's size, as the front end said, until its first [`SIZE_SAMPLE`] bytes are read.
    size_hint: Option<SizeHint>,
}

/// The bytes of a file read before its calls so far say how many the whole file holds.
const SIZE_SAMPLE: u64 = 1 << 20;

/// A file's size and what has been read of it (see [`Analyzer::expect_bytes`]).
#[derive(Clone, Copy)]
struct SizeHint {
    bytes: u64,
    read: u64,
    /// The calls remembered before the file began.
    calls_before: usize,
}

/// The most bytes held back while telling a snapshot from a log (blanks before the first key).
const UNDECIDED_MAX: usize = 1 << 16;

/// What the first bytes of the open file said.
enum Sniff {
    /// Too few bytes yet to tell (held back from the reader).
    Undecided(Vec<u8>),
    /// A snapshot: its bytes, read whole when the file ends.
    Snapshot(Vec<u8>),
    /// A log, read as it arrives.
    Log,
}

/// The snapshots loaded: how many, their notes and coaching records, and what they left out.
#[derive(Default)]
struct Loaded {
    snapshots: u64,
    /// Snapshots whose repeat-caller FCR was judged when they were made.
    with_fcr: u64,
    notes: Vec<Message>,
    coaching: Vec<CoachingNote>,
    left_out: Vec<String>,
}

impl Loaded {
    fn note(&mut self, m: Message) {
        if !self.notes.contains(&m) {
            self.notes.push(m);
        }
    }

    fn merge(&mut self, o: Loaded) {
        self.snapshots += o.snapshots;
        self.with_fcr += o.with_fcr;
        for m in o.notes {
            self.note(m);
        }
        for c in o.coaching {
            if !self.coaching.contains(&c) {
                self.coaching.push(c);
            }
        }
        for w in o.left_out {
            if !self.left_out.contains(&w) {
                self.left_out.push(w);
            }
        }
    }
}

/// Everything read so far, kept apart from the file being read so that a file can hand its rows
/// here while it is borrowed.
struct Store {
    aggregates: Aggregates,
    /// Phone-system events, legs and agent states: calls are rebuilt from them at report time,
    /// because the events of one call may be in any chunk or file.
    pbx: Pbx,
    /// QA, survey, roster, attendance and rating rows, scored at report time.
    people: People,
    /// Chat messages and orders: sessions are rebuilt and orders matched at report time.
    chat: Chat,
    /// Outbound calls read (id and start), when `dedupe` is on: one read twice counts once.
    outbound_seen: FxHashSet<u64>,
    /// The `day` setting: only rows of this day (days since 1970) are counted.
    only_day: Option<i64>,
    /// Every call's identity and id with its agent (when `dedupe` is on): a call read again is a
    /// duplicate, and surveys or QA that name only a call reach the agent who took it.
    calls: CallIndex,
    dedupe: bool,
    /// The settings' filter, applied to every call and people row as it is read.
    filter: Filter,
    /// Each agent's team from the rosters read so far (the team filter's source for calls that
    /// do not name a team; rosters are read first for this).
    roster_teams: FxHashMap<String, String>,
    /// Call ids (hashed) of calls outside the filter's queues, agents or teams, so that a survey
    /// or QA row naming only the call is left out with it.
    outside: FxHashMap<u64, Outside>,
}

impl Analyzer {
    /// An analyzer with these settings (checked first: a bad setting fails before any file).
    /// Epoch timestamps are read in the `tz` setting, or UTC: front ends that know a local zone
    /// use [`Analyzer::with_local_zone`].
    pub fn new(settings: Settings) -> Result<Analyzer> {
        Analyzer::with_local_zone(settings, &LocalZone::Unknown)
    }

    /// An analyzer that reads epoch timestamps in the front end's local zone when the settings
    /// name none (`tz` null): the browser's in the page, the system's in the CLI.
    pub fn with_local_zone(settings: Settings, local: &LocalZone) -> Result<Analyzer> {
        settings.validate()?;
        let zone = settings.time_zone(local);
        let mut read = settings.read_options();
        read.tz = zone.zone.clone();
        let filter = settings.filter()?;
        Ok(Analyzer {
            zone,
            read,
            store: Store {
                aggregates: Aggregates::new(settings.fcr_window_h > 0, settings.complaint_queue.clone()),
                pbx: Pbx::default(),
                people: People::default(),
                chat: Chat::default(),
                outbound_seen: FxHashSet::default(),
                only_day: settings.only_day(),
                calls: CallIndex::default(),
                dedupe: settings.dedupe,
                filter,
                roster_teams: FxHashMap::default(),
                outside: FxHashMap::default(),
            },
            settings,
            staffing_seeds: None,
            files: Vec::new(),
            current: None,
            sniff: Sniff::Log,
            loaded: Loaded::default(),
            size_hint: None,
            threads: 1,
        })
    }

    /// The zone epoch timestamps are read in, and why.
    pub fn time_zone(&self) -> &TimeZoneUsed {
        &self.zone
    }

    /// The settings the analyzer was made with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Starts a new file (ending the one before, if any). Its name is only shown in the report.
    pub fn begin_file(&mut self, name: &str) {
        if self.current.is_some() {
            let _ = self.end_file();
        }
        self.current = Some(FileIngest::new(name, &self.read));
        self.sniff = Sniff::Undecided(Vec::new());
        self.size_hint = None;
    }

    /// Says how many bytes the current file holds, when the front end knows (a file on disk, a
    /// `File` in the page): once its first MiB is read, memory for duplicate detection is set
    /// aside at once for the calls the rest holds at that rate, instead of growing in steps as
    /// they are read. Only a hint: the result is the same with or without it.
    ///
    /// Why not from the size alone: rows are 60 to a few hundred bytes, and a phone system's log
    /// has several events per call; sized for 60 bytes a row, the filter of the benchmark's 1 GB
    /// file (102-byte rows) took 33 MB where its calls need 20.
    pub fn expect_bytes(&mut self, bytes: u64) {
        if self.store.dedupe {
            self.size_hint = Some(SizeHint { bytes, read: 0, calls_before: self.store.calls.len() });
        }
    }

    /// Counts bytes read of the open file against its size hint; after the first
    /// [`SIZE_SAMPLE`], tells the call index how many more calls to expect.
    fn count_read(&mut self, bytes: usize) {
        let Some(hint) = &mut self.size_hint else { return };
        hint.read = hint.read.saturating_add(bytes as u64);
        if hint.read < SIZE_SAMPLE {
            return;
        }
        let SizeHint { bytes: size, read, calls_before } = *hint;
        self.size_hint = None;
        let sampled = self.store.calls.len().saturating_sub(calls_before) as u64;
        // An eighth more, for rows that grow shorter further on; at most a call per 60 bytes (calls
        // merged in from other readers' byte ranges meanwhile are not this file's rate).
        let left = size.saturating_sub(read);
        let rest = u128::from(sampled) * u128::from(left) / u128::from(read);
        let rest = (rest + rest / 8).min(u128::from(left / 60));
        let rest = usize::try_from(rest).unwrap_or(usize::MAX).min(1 << 30);
        self.store.calls.expect(rest);
    }

    /// Reads the next chunk of the current file. Chunks can be cut anywhere: inside a row,
    /// a quoted field or a multi-byte character. An error means the file cannot be read at all;
    /// it is also recorded in the file's summary, and further chunks of it are ignored.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        let Some(file) = self.current.as_mut() else {
            return Err(Error::new(ErrorKind::Usage, Message::PushBeforeBegin));
        };
        if file.summary.error.is_some() {
            return Ok(());
        }
        match &mut self.sniff {
            Sniff::Log => {}
            Sniff::Snapshot(bytes) => {
                if bytes.len().saturating_add(chunk.len()) > MAX_SNAPSHOT_BYTES {
                    let limit_mb = (MAX_SNAPSHOT_BYTES >> 20) as u64;
                    let e = Error::new(ErrorKind::Malformed, Message::SnapshotTooLarge { limit_mb })
                        .in_file(&file.summary.file);
                    file.summary.error = Some(e.clone());
                    self.sniff = Sniff::Log;
                    return Err(e);
                }
                bytes.extend_from_slice(chunk);
                return Ok(());
            }
            Sniff::Undecided(head) => {
                head.extend_from_slice(chunk);
                // A snapshot's first key comes within its first bytes; blanks without end are a log.
                let decided = is_snapshot(head).or((head.len() > UNDECIDED_MAX).then_some(false));
                match decided {
                    None => return Ok(()),
                    Some(true) => {
                        self.sniff = Sniff::Snapshot(std::mem::take(head));
                        return Ok(());
                    }
                    Some(false) => {
                        let head = std::mem::take(head);
                        self.sniff = Sniff::Log;
                        return self.push(&head);
                    }
                }
            }
        }
        let store = &mut self.store;
        let result = file.push(chunk, store);
        if let Err(e) = &result {
            file.summary.error = Some(e.clone());
        }
        self.count_read(chunk.len());
        result
    }

    /// Whether the open file turned out to be a snapshot (read whole when it ends).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // byte ranges are read natively only
    pub(crate) fn reading_snapshot(&self) -> bool {
        matches!(self.sniff, Sniff::Snapshot(_))
    }

    /// Gives the bytes held back while the open file's kind was undecided to its reader.
    fn decide_as_log(&mut self) -> Result<()> {
        if let Sniff::Undecided(head) = &mut self.sniff {
            let head = std::mem::take(head);
            self.sniff = Sniff::Log;
            if !head.is_empty() {
                return self.push(&head);
            }
        }
        Ok(())
    }

    /// Reads the rows of the open file that have arrived, even before the 64 KiB its detection
    /// waits for: a file that is still growing (a phone system's log, read again every few seconds
    /// from where the last read stopped) can then be reported on after every chunk, with
    /// [`Analyzer::report`], and pushed to again. Call it after a push; it does nothing once the
    /// file's profile is known.
    pub fn flush(&mut self) -> Result<()> {
        if self.current.is_none() {
            return Err(Error::new(ErrorKind::Usage, Message::PushBeforeBegin));
        }
        if !matches!(self.sniff, Sniff::Log) {
            // A snapshot is read whole when it ends; a few undecided bytes wait for more.
            return Ok(());
        }
        let Some(file) = self.current.as_mut() else {
            return Err(Error::new(ErrorKind::Usage, Message::PushBeforeBegin));
        };
        if file.summary.error.is_some() {
            return Ok(());
        }
        let store = &mut self.store;
        let result = file.flush(store);
        if let Err(e) = &result {
            file.summary.error = Some(e.clone());
        }
        result
    }

    /// Ends the current file and returns its summary (rows read, used, skipped, rejected).
    pub fn end_file(&mut self) -> Result<&FileSummary> {
        if self.current.is_none() {
            return Err(Error::new(ErrorKind::Usage, Message::EndWithoutBegin));
        }
        let _ = self.decide_as_log();
        if let Sniff::Snapshot(bytes) = std::mem::replace(&mut self.sniff, Sniff::Log) {
            let mut file = self.current.take().expect("checked above");
            let name = file.summary.file.clone();
            match self.add_snapshot(&name, &bytes) {
                Ok(i) => return Ok(&self.files[i]),
                Err(e) => {
                    file.summary.bytes = bytes.len() as u64;
                    file.summary.error = Some(e.clone());
                    self.files.push(file.summary);
                    return Err(e);
                }
            }
        }
        let Some(mut file) = self.current.take() else {
            return Err(Error::new(ErrorKind::Usage, Message::EndWithoutBegin));
        };
        let mut result = Ok(());
        if file.summary.error.is_none() {
            let store = &mut self.store;
            result = file.finish(store);
            file.note_pbx_rows();
            if let Err(e) = &result {
                file.summary.error = Some(e.clone());
            }
        }
        if file.read_zoned_times() {
            file.summary.time_zone = Some(self.zone.reason.clone());
        }
        self.files.push(file.summary);
        result.map(|()| self.files.last().expect("just pushed"))
    }

    /// Rows read so far in all files, for progress displays.
    pub fn rows_read(&self) -> u64 {
        self.files.iter().map(|f| f.rows_read).sum::<u64>() + self.current.as_ref().map_or(0, |f| f.summary.rows_read)
    }

    /// Ends any open file and builds the report with the analyzer's settings.
    pub fn finish(mut self) -> Report {
        self.close();
        let settings = self.settings.clone();
        self.report(&settings)
    }

    /// Ends the open file, if any (its error, if it has one, stays in its summary).
    pub fn close(&mut self) {
        if self.current.is_some() {
            let _ = self.end_file();
        }
    }

    /// Builds a report from what has been read, under other settings — every setting in
    /// [`crate::RECOMPUTABLE`] changes without reading the files again. (Settings that change how
    /// files are read, like the time zone or the column mapping, need a new analyzer.)
    pub fn report(&mut self, settings: &Settings) -> Report {
        self.report_with(settings, None)
    }

    /// The page's copy of the report under `settings`, as [`Report::write_screen_json`] writes it,
    /// into `out`; its interval rows are written as they are made and not kept (the page's engine
    /// memory, which only grows, had its peak holding them all: 25 MiB of a year's half hours at
    /// 1 GB of calls). Returns the report with its `by_interval` **empty**: a report to write
    /// whole is [`Analyzer::report`]'s.
    pub fn write_screen_report<W: std::io::Write>(
        &mut self,
        settings: &Settings,
        out: &mut W,
    ) -> serde_json::Result<Report> {
        let mut intervals = report::ScreenIntervals::new(out);
        let mut report = self.report_with(settings, Some(&mut |row| intervals.add(row)));
        intervals.end(&mut report)?;
        Ok(report)
    }

    /// Work for another worker while this one judges the repeat callers, the two longest parts of
    /// a big report's build (the page's pool, where the build otherwise runs on one worker while
    /// the others wait): the intervals' staffing under `settings`. [`staffing_seeds`] works it out,
    /// [`Analyzer::seed_staffing`] takes the answer, [`Analyzer::judge_repeat_callers`] does the
    /// judging meanwhile; the report is the same with or without. `None` when there is no pass to
    /// work beside (FCR off, no callers, or judged under this window already), no staffing, or
    /// phone-system logs were read (their calls join a copy of the tallies only as a report is
    /// built).
    pub fn staffing_work(&mut self, settings: &Settings) -> Option<Vec<u8>> {
        if !self.store.pbx.is_empty() {
            return None;
        }
        report::staffing_work(&mut self.store.aggregates, settings)
    }

    /// Judges the repeat callers under `settings` now; the next report's build under the same
    /// window takes the result instead of judging them again.
    pub fn judge_repeat_callers(&mut self, settings: &Settings) {
        if self.store.pbx.is_empty() {
            let _ = self.store.aggregates.fcr(settings.fcr_window_h);
        }
    }

    /// Takes another worker's answer to [`Analyzer::staffing_work`] ([`staffing_seeds`]'s bytes)
    /// for the next report's build. An answer for other data or settings changes no figure (the
    /// build works out what it does not hold); one this engine did not write is an error.
    pub fn seed_staffing(&mut self, seeds: &[u8]) -> Result<()> {
        self.staffing_seeds = Some(report::StaffingSeeds::read(seeds).map_err(worker_answer_invalid)?);
        Ok(())
    }

    fn report_with(&mut self, settings: &Settings, intervals_to: Option<report::IntervalsTo<'_>>) -> Report {
        // Built from the call index's runs alone: its build takes the filter's memory.
        self.store.calls.release_filter();
        if self.loaded.snapshots == 0 {
            return self.report_of_logs(settings, intervals_to);
        }
        let mut with_coaching = settings.clone();
        for c in &self.loaded.coaching {
            if !with_coaching.coaching.contains(c) {
                with_coaching.coaching.push(c.clone());
            }
        }
        let mut report = self.report_of_logs(&with_coaching, intervals_to);
        report.settings.coaching = settings.coaching.clone();
        let l = &self.loaded;
        if settings.fcr_window_h > 0 && l.with_fcr > 0 {
            report.notes.push(Message::NoteSnapshotFcr { snapshots: l.with_fcr });
        }
        if !l.left_out.is_empty() {
            report.notes.push(Message::NoteSnapshotLeftOut { what: l.left_out.join(", ") });
        }
        report.notes.extend(l.notes.iter().cloned());
        report
    }

    fn report_of_logs(&mut self, settings: &Settings, intervals_to: Option<report::IntervalsTo<'_>>) -> Report {
        // Handed on for the build's own (shorter) lifetime.
        let intervals_to = intervals_to.map(|f| f as report::IntervalsTo<'_>);
        let mut files = self.files.clone();
        if let Some(f) = &self.current {
            files.push(f.summary.clone());
        }
        let store = &mut self.store;
        let calls = &store.calls;
        let call_agent = |c: &str| calls.agent(c);
        let call_has_feedback = |c: &str| calls.has_feedback(c);
        if store.pbx.is_empty() {
            let read = Read {
                call_has_feedback: &call_has_feedback,
                aggregates: &mut store.aggregates,
                files,
                pbx: None,
                people: &store.people,
                call_agent: &call_agent,
                chat: &store.chat,
                threads: self.threads,
                intervals_to,
                staffing_seeds: self.staffing_seeds.take(),
            };
            let mut report = report::build(read, settings);
            report.time_zone = Some(self.zone.clone());
            return report;
        }
        // Rebuilt calls join the call-record tallies in a copy, so reports can be rebuilt as
        // often as asked and the rebuilt calls are never added twice.
        let mut aggregates = store.aggregates.clone();
        let out = store.pbx.build_with(&mut |call| {
            if let Some(c) = call.as_call() {
                aggregates.add(&c);
            } else if let Some(c) = call.as_outbound() {
                aggregates.outbound.add(&c);
            }
        });
        let read = Read {
            call_has_feedback: &call_has_feedback,
            aggregates: &mut aggregates,
            files,
            pbx: Some(&out),
            people: &store.people,
            call_agent: &call_agent,
            chat: &store.chat,
            threads: self.threads,
            intervals_to,
            staffing_seeds: self.staffing_seeds.take(),
        };
        let mut report = report::build(read, settings);
        report.time_zone = Some(self.zone.clone());
        report
    }

    /// Adds a snapshot (the bytes of a file [`Analyzer::snapshot`] wrote), as if its files had been
    /// read here: tallies add, FCR is taken as judged when it was made, people rows add, its
    /// coaching records join the settings'. A snapshot made with other settings is recomputed
    /// under this analyzer's where its tallies allow, and a note names each setting they do not.
    /// Returns the index of the snapshot's own entry in the report's file list (its files follow
    /// it, named `SNAPSHOT › FILE`). A snapshot of another format version, or one that is not
    /// what this engine writes, is an error and adds nothing.
    pub fn add_snapshot(&mut self, name: &str, bytes: &[u8]) -> Result<usize> {
        let snap = Snapshot::read(bytes).map_err(|e| e.in_file(name))?;
        let loaded = &mut self.loaded;
        loaded.snapshots += 1;
        loaded.with_fcr += u64::from(snap.aggregates.fcr_judged_calls() > 0);
        for m in snap.setting_notes(name, &self.settings) {
            loaded.note(m);
        }
        self.store.aggregates.merge(snap.aggregates);
        self.store.people.merge(snap.people);
        for c in snap.settings.coaching {
            if !loaded.coaching.contains(&c) && !self.settings.coaching.contains(&c) {
                loaded.coaching.push(c);
            }
        }
        for w in snap.left_out {
            if !loaded.left_out.contains(&w) {
                loaded.left_out.push(w);
            }
        }
        let own = self.files.len();
        self.files.push(FileSummary {
            file: name.to_string(),
            kind: "snapshot",
            profile: Some("snapshot"),
            bytes: bytes.len() as u64,
            ..FileSummary::default()
        });
        self.files.extend(snap.files.iter().map(|f| f.summary(name)));
        Ok(own)
    }

    /// A snapshot of everything read so far, as JSON (its first key is `callscore_snapshot`):
    /// the call tallies with phone-system calls folded in, FCR judged now (per group and day,
    /// without the callers), the people rows with call ids resolved to agents and dropped, the
    /// file accounting and the settings. No raw row, caller number or call id; no outbound or
    /// chat tallies (named in `left_out`). [`Analyzer::add_snapshot`] reads it back.
    pub fn snapshot(&mut self) -> String {
        let store = &mut self.store;
        let mut pbx_outbound = false;
        let aggregates = if store.pbx.is_empty() {
            store.aggregates.judged(self.settings.fcr_window_h)
        } else {
            let mut all = store.aggregates.clone();
            let _ = store.pbx.build_with(&mut |call| {
                if let Some(c) = call.as_call() {
                    all.add(&c);
                } else if let Some(c) = call.as_outbound() {
                    pbx_outbound = true;
                    all.outbound.add(&c);
                }
            });
            all.judged(self.settings.fcr_window_h)
        };
        let mut left_out = self.loaded.left_out.clone();
        for (what, had) in
            [("outbound", pbx_outbound || !store.aggregates.outbound.is_empty()), ("chat", !store.chat.is_empty())]
        {
            if had && !left_out.iter().any(|w| w == what) {
                left_out.push(what.to_string());
            }
        }
        let mut people = store.people.clone();
        // Each survey naming a call looks it up: in one sorted run, not in a pile of them.
        store.calls.sort_runs_into_one();
        let calls = &store.calls;
        people.surveys.retain(|sv| !sv.call_id.as_deref().is_some_and(|c| calls.has_feedback(c)));
        for sv in &mut people.surveys {
            if let Some(call) = sv.call_id.take() {
                sv.agent = sv.agent.take().or_else(|| calls.agent(&call));
            }
        }
        // QA rows keep a pseudonym of their call, never its id: several evaluators scoring one
        // call (a calibration session) still meet on it. The pseudonyms of a snapshot share a
        // prefix made from all its evaluated calls together.
        let mut evaluated: Vec<&str> = people.qa.iter().filter_map(|q| q.call_id.as_deref()).collect();
        evaluated.sort_unstable();
        evaluated.dedup();
        let prefix = hash_id(&evaluated);
        let pseudonyms: FxHashMap<String, String> = evaluated
            .iter()
            .enumerate()
            .map(|(i, c)| (c.to_string(), format!("call-{prefix:016x}-{}", i + 1)))
            .collect();
        for q in &mut people.qa {
            q.call_id = q.call_id.take().and_then(|c| pseudonyms.get(&c).cloned());
        }
        let mut settings = self.settings.clone();
        settings.coaching.extend(self.loaded.coaching.iter().cloned());
        let mut files: Vec<SnapshotFile> = self.files.iter().map(SnapshotFile::of).collect();
        if let Some(f) = &self.current {
            files.push(SnapshotFile::of(&f.summary));
        }
        let snap = Snapshot {
            callscore_snapshot: SNAPSHOT_FORMAT,
            engine: concat!("callscore ", env!("CARGO_PKG_VERSION")).to_string(),
            settings,
            aggregates,
            people,
            files,
            left_out,
        };
        snap.to_json()
    }

    /// The calls rebuilt from queue_log events and CDR legs read so far (CDR calls that are also
    /// in queue_log appear once, from queue_log), in order of call id.
    pub fn pbx_calls(&self) -> Vec<PbxCall> {
        self.store.pbx.build().calls
    }

    /// Adds the work of another analyzer, which read other files (for splitting across workers).
    /// A call id that both analyzers saw is counted twice: split work by file, not inside one.
    pub fn merge(&mut self, mut other: Analyzer) {
        other.close();
        self.store.aggregates.merge(other.store.aggregates);
        let _ = self.store.pbx.merge(other.store.pbx);
        self.files.extend(other.files);
        self.store.people.merge(other.store.people);
        self.store.chat.merge(other.store.chat);
        self.store.outbound_seen.extend(other.store.outbound_seen);
        self.store.calls.merge(&other.store.calls);
        self.loaded.merge(other.loaded);
        self.threads = self.threads.max(other.threads);
    }
}

/// The intervals' requirements of another analyzer's [`Analyzer::staffing_work`] (under the
/// settings it was asked with), for its [`Analyzer::seed_staffing`]: what a helper of the page's
/// pool works out while the coordinator judges the repeat callers. Work this engine did not write
/// is an error.
pub fn staffing_seeds(work: &[u8]) -> Result<Vec<u8>> {
    report::staffing_seeds(work).map_err(worker_answer_invalid)
}

fn worker_answer_invalid(crate::model::wire::Bad(detail): crate::model::wire::Bad) -> Error {
    Error::new(ErrorKind::Malformed, Message::WorkerAnswerInvalid { detail: detail.to_string() })
}

/// The readers hand every row to the store.
impl Sink for Store {
    fn add(&mut self, item: Item<'_, '_>) -> Added {
        self.add_item(item)
    }

    fn wants_upcoming(&self) -> bool {
        self.dedupe && self.calls.looks_up_each_call()
    }

    fn upcoming(&mut self, ids: &[u64]) {
        self.calls.warm(ids.iter().copied());
    }
}

impl Store {
    /// Why an outbound call is outside the settings' filter, if it is.
    fn outbound_outside(&self, call: &crate::model::call::OutboundCall<'_>) -> Option<Outside> {
        if self.filter.is_open() {
            return None;
        }
        if !self.filter.day_in_range(call.start_ms.div_euclid(MS_PER_DAY)) {
            return Some(Outside::Dates);
        }
        if !self.filter.queues.is_open() && !self.filter.queues.passes(&[call.campaign]) {
            return Some(Outside::Queue);
        }
        self.filter.person(call.agent, call.agent_name, self.team_of(call.team, call.agent)).err()
    }

    /// Whether a time lies outside the `day` setting's day.
    fn other_day(&self, t_ms: i64) -> bool {
        self.only_day.is_some_and(|d| t_ms.div_euclid(MS_PER_DAY) != d)
    }

    fn add_item(&mut self, item: Item<'_, '_>) -> Added {
        match item {
            Item::Call(call) if self.other_day(call.arrival_ms) => Added::OtherDay,
            Item::Outbound(call) if self.other_day(call.start_ms) => Added::OtherDay,
            Item::Chat(ChatRecord::Message(m)) if self.other_day(m.t_ms) => Added::OtherDay,
            Item::Chat(ChatRecord::Order(o)) if self.other_day(o.placed_ms) => Added::OtherDay,
            // Caller events and legs of other days go; agent events and states stay (a session
            // begun yesterday is still open today).
            Item::Pbx(PbxRecord::Event(e)) if !e.kind.is_agent_event() && self.other_day(e.t_ms) => Added::OtherDay,
            Item::Pbx(PbxRecord::Leg(l)) if self.other_day(l.start_ms) => Added::OtherDay,
            Item::Pbx(PbxRecord::State(s)) if self.only_day.is_some_and(|d| s.end_ms.div_euclid(MS_PER_DAY) < d) => {
                Added::OtherDay
            }
            // The settings' filter: chats by date (a session's rows cannot be split by 客服), outbound
            // calls by date, campaign (as a queue), agent and team.
            Item::Chat(ChatRecord::Message(m)) if !self.filter.day_in_range(m.t_ms.div_euclid(MS_PER_DAY)) => {
                Added::Filtered(Outside::Dates.rule())
            }
            Item::Chat(ChatRecord::Order(o)) if !self.filter.day_in_range(o.placed_ms.div_euclid(MS_PER_DAY)) => {
                Added::Filtered(Outside::Dates.rule())
            }
            Item::Outbound(call) if self.outbound_outside(call).is_some() => {
                Added::Filtered(self.outbound_outside(call).map_or("", Outside::rule))
            }
            Item::Chat(ChatRecord::Message(m)) => {
                if self.chat.add_message(m) {
                    Added::New
                } else {
                    Added::Duplicate
                }
            }
            Item::Chat(ChatRecord::Order(o)) => {
                if self.chat.add_order(o) {
                    Added::New
                } else {
                    Added::Duplicate
                }
            }
            Item::Outbound(call) => {
                if self.dedupe {
                    if let Some(id) = call.id {
                        if !self.outbound_seen.insert(hash_id(&[&id.to_string(), &call.start_ms.to_string()])) {
                            return Added::Duplicate;
                        }
                    }
                }
                self.aggregates.outbound.add(call);
                Added::New
            }
            Item::Call(call) => {
                // An open filter (the usual case) passes every call: no team looked up per row.
                let checked = if self.filter.is_open() {
                    Ok(())
                } else {
                    self.filter.call(call, self.team_of(call.team, call.agent))
                };
                if let Err(out) = checked {
                    if let (Some(id), Outside::Queue | Outside::Agent | Outside::Team | Outside::NoTeam) =
                        (call.id, out)
                    {
                        self.outside.insert(id, out);
                    }
                    return Added::Filtered(out.rule());
                }
                // With dedupe on, every call is remembered: the same call read again is a
                // duplicate, and surveys or QA that name calls find their agent.
                let mut added = Added::New;
                if self.dedupe {
                    if let Some(id) = call.id {
                        added = self.calls.add(id, call.arrival_ms, call.agent);
                        if added == Added::Duplicate {
                            return added;
                        }
                        if call.satisfaction.is_some() || call.complaint == Some(true) {
                            self.calls.mark_feedback(id);
                        }
                    }
                }
                self.aggregates.add(call);
                added
            }
            Item::Pbx(rec) => {
                if self.pbx.add(rec) {
                    Added::New
                } else {
                    Added::Duplicate
                }
            }
            Item::People(rec) => {
                if let Err(out) = self.people_filter(&rec) {
                    return Added::Filtered(out.rule());
                }
                self.people.add(rec);
                Added::New
            }
        }
    }

    /// A row's team: its own, else its agent's in a roster read before it.
    fn team_of<'t>(&'t self, team: Option<&'t str>, agent: Option<&str>) -> Option<&'t str> {
        team.filter(|t| !trim(t).is_empty())
            .or_else(|| agent.and_then(|a| self.roster_teams.get(trim(a))).map(String::as_str))
    }

    /// Whether a people row is inside the filter. A roster row's team is remembered first, for the
    /// calls of its agent; a row that names only a call goes with that call.
    fn people_filter(&mut self, rec: &PeopleRecord) -> std::result::Result<(), Outside> {
        if self.filter.is_open() {
            if let PeopleRecord::Roster(r) = rec {
                self.remember_team(r);
            }
            return Ok(());
        }
        let f = &self.filter;
        let dated = |date: &Option<String>| if f.date_in_range(date.as_deref()) { Ok(()) } else { Err(Outside::Dates) };
        let by_call = |call_id: &Option<String>| match call_id.as_deref().map(|c| hash_id(&[c.trim()])) {
            Some(h) => self.outside.get(&h).map_or(Ok(()), |o| Err(*o)),
            None => Ok(()),
        };
        match rec {
            PeopleRecord::Qa(q) => {
                dated(&q.date)?;
                by_call(&q.call_id)?;
                f.person(Some(&q.agent), None, self.team_of(None, Some(&q.agent)))
            }
            PeopleRecord::Survey(sv) => {
                dated(&sv.date)?;
                by_call(&sv.call_id)?;
                match sv.agent.as_deref() {
                    Some(a) => f.person(Some(a), None, self.team_of(None, Some(a))),
                    None => Ok(()),
                }
            }
            PeopleRecord::Roster(r) => {
                self.remember_team(r);
                let f = &self.filter;
                f.person(Some(&r.agent), r.name.as_deref(), r.team.as_deref())
            }
            PeopleRecord::Attendance(a) => {
                dated(&Some(a.date.clone()))?;
                f.person(Some(&a.agent), None, self.team_of(None, Some(&a.agent)))
            }
            PeopleRecord::Target(t) => f.person(Some(&t.agent), None, self.team_of(None, Some(&t.agent))),
            PeopleRecord::Ratings(rows) => match rows.first() {
                Some(r) => {
                    dated(&r.date)?;
                    f.person(Some(&r.agent), None, self.team_of(None, Some(&r.agent)))
                }
                None => Ok(()),
            },
        }
    }

    fn remember_team(&mut self, r: &RosterRow) {
        if let Some(team) = r.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            self.roster_teams.insert(r.agent.trim().to_string(), team.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated month of calls (with callers, so FCR has a pass to judge) read by a fresh
    /// analyzer under `settings`.
    fn sample_month(settings: &Settings) -> Analyzer {
        let mut csv = Vec::new();
        crate::sample::write_sample(&crate::sample::SampleOptions::default(), &mut csv).expect("sample");
        let mut a = Analyzer::new(settings.clone()).expect("settings");
        a.begin_file("month.csv");
        a.push(&csv).expect("reads");
        a.end_file().expect("ends");
        a
    }

    #[test]
    fn staffing_worked_out_by_another_worker_gives_the_same_report() {
        let settings = Settings::default();
        let json = |r: &Report| serde_json::to_string(r).expect("serializes");
        let plain = json(&sample_month(&settings).report(&settings));
        let mut a = sample_month(&settings);
        let work = a.staffing_work(&settings).expect("FCR on, callers read: work to hand out");
        let seeds = staffing_seeds(&work).expect("our own work");
        a.judge_repeat_callers(&settings);
        a.seed_staffing(&seeds).expect("our own answer");
        assert!(json(&a.report(&settings)) == plain, "the same report with the helper's answer");

        // The build takes every interval's requirement from the answer: made-up counts show.
        let mut a = sample_month(&settings);
        let made_up = report::StaffingSeeds::read(&seeds).expect("reads").with_erlang_c(9_999);
        a.staffing_seeds = Some(made_up);
        let r = a.report(&settings);
        let with_calls: Vec<_> = r.by_interval.iter().filter(|row| row.kpis.offered.unwrap_or(0) > 0).collect();
        assert!(with_calls.len() > 300, "a month of intervals with calls");
        for row in with_calls {
            let c = row.required_agents.and_then(|r| r.erlang_c).expect("a requirement");
            assert_eq!(c.raw_positions, 9_999, "interval {} from the answer", row.start);
        }

        // An answer under another model (another service-level target) is left aside.
        let other = Settings { sl_target: 0.95, ..settings.clone() };
        let mut a = sample_month(&settings);
        let work = a.staffing_work(&other).expect("work");
        a.seed_staffing(&staffing_seeds(&work).expect("answer")).expect("reads");
        assert!(json(&a.report(&settings)) == plain, "an answer under other targets changes nothing");
    }

    #[test]
    fn staffing_work_and_answers_not_written_here_are_refused() {
        let settings = Settings::default();
        let mut a = sample_month(&settings);
        let work = a.staffing_work(&settings).expect("work");
        let seeds = staffing_seeds(&work).expect("answer");
        assert!(staffing_seeds(&work[..work.len() / 2]).is_err(), "work cut short");
        for cut in [0, 1, seeds.len() / 3, seeds.len() - 1] {
            let e = a.seed_staffing(&seeds[..cut]).expect_err("an answer cut short");
            assert_eq!(e.message().code(), "error.worker_answer_invalid");
        }
        let mut longer = seeds.clone();
        longer.push(0);
        assert!(a.seed_staffing(&longer).is_err(), "bytes past the answer");
        let no_fcr = Settings { fcr_window_h: 0, ..settings.clone() };
        assert!(a.staffing_work(&no_fcr).is_none(), "no repeat-caller pass to work beside");
        let no_staffing = Settings { staffing: false, ..settings.clone() };
        assert!(a.staffing_work(&no_staffing).is_none(), "no staffing");
        a.judge_repeat_callers(&settings);
        assert!(a.staffing_work(&settings).is_none(), "the repeat callers judged under this window already");
        let wider = Settings { fcr_window_h: 48, ..settings };
        assert!(a.staffing_work(&wider).is_some(), "a new window is a new pass");
    }

    /// A call export of `rows` rows of about 200 bytes each (a long queue name), and its bytes.
    fn wide_export(rows: usize) -> Vec<u8> {
        let mut out = String::from("通话ID,来电时间,座席工号,技能组,排队时长,通话时长,呼叫结果,主叫号码\n");
        let queue = "Retail banking — cards; loans and mortgages (Shanghai centre; second floor; east wing)";
        for i in 0..rows {
            let (h, m, s) = (8 + i / 3600 % 10, i / 60 % 60, i % 60);
            out.push_str(&format!(
                "C{i:08},2024-03-01 {h:02}:{m:02}:{s:02},A{:03},{queue},12,95,已接通,138{i:08}\n",
                i % 40
            ));
        }
        out.into_bytes()
    }

    fn read(size_hint: Option<u64>, data: &[u8]) -> Analyzer {
        let mut a = Analyzer::new(Settings::default()).expect("default settings");
        a.begin_file("wide.csv");
        if let Some(bytes) = size_hint {
            a.expect_bytes(bytes);
        }
        for chunk in data.chunks(64 << 10) {
            a.push(chunk).expect("reads");
        }
        a
    }

    #[test]
    fn the_duplicate_filter_is_sized_from_the_calls_in_a_files_first_mib_not_from_60_bytes_a_row() {
        let rows = 12_000;
        let data = wide_export(rows);
        let per_row = data.len() / rows;
        assert!(per_row > 150, "{per_row} bytes a row");
        // The front end says the file is 200 MiB; its first 2.4 MiB are pushed.
        let size = 200u64 << 20;
        let a = read(Some(size), &data);
        let calls = (size / per_row as u64) as usize;
        let room = a.store.calls.filter_capacity();
        assert!(room >= calls, "room for {room} calls, the file holds {calls}");
        assert!(room < calls * 3 / 2, "room for {room} calls, the file holds {calls}");
        assert!(room < (size / 60) as usize / 2, "not sized for 60 bytes a row");
        // Only a hint: what is read is the same without it.
        let mut without = read(None, &data);
        let mut with = read(Some(size), &data);
        assert_eq!(with.store.calls.len(), rows);
        let json = |a: &mut Analyzer| serde_json::to_string(&a.report(&Settings::default())).expect("serializes");
        assert_eq!(json(&mut with), json(&mut without));
    }
}
