//! The streaming analyzer: settings in, byte chunks in, report out. A façade: reading is
//! `ingest`'s, tallying `kpi`'s, phone-system logs `pbx`'s, and building the report `report`'s.

mod call_index;

use crate::error::{Error, ErrorKind, Message, Result};
use crate::ingest::{FileIngest, FileSummary, Item, ReadOptions};
use crate::kpi::Aggregates;
use crate::pbx::{Pbx, PbxCall};
use crate::people::People;
use crate::report::{self, Read, Report};
use crate::settings::Settings;
use call_index::CallAgents;

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
    /// How files are read (fixed for the analyzer's life).
    read: ReadOptions,
    files: Vec<FileSummary>,
    current: Option<FileIngest>,
    /// Where the rows of every file go.
    store: Store,
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
    /// Every call id with its agent (when `dedupe` is on): a repeated id is a duplicate, and
    /// surveys or QA that name only a call reach the agent who took it.
    call_agents: CallAgents,
    dedupe: bool,
}

impl Analyzer {
    /// An analyzer with these settings (checked first: a bad setting fails before any file).
    pub fn new(settings: Settings) -> Result<Analyzer> {
        settings.validate()?;
        Ok(Analyzer {
            read: settings.read_options(),
            store: Store {
                aggregates: Aggregates::new(settings.fcr_window_h > 0),
                pbx: Pbx::default(),
                people: People::default(),
                call_agents: CallAgents::default(),
                dedupe: settings.dedupe,
            },
            settings,
            files: Vec::new(),
            current: None,
        })
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
        let store = &mut self.store;
        let result = file.push(chunk, &mut |item: Item<'_, '_>| store.add_item(item));
        if let Err(e) = &result {
            file.summary.error = Some(e.clone());
        }
        result
    }

    /// Ends the current file and returns its summary (rows read, used, skipped, rejected).
    pub fn end_file(&mut self) -> Result<&FileSummary> {
        let Some(mut file) = self.current.take() else {
            return Err(Error::new(ErrorKind::Usage, Message::EndWithoutBegin));
        };
        let mut result = Ok(());
        if file.summary.error.is_none() {
            let store = &mut self.store;
            result = file.finish(&mut |item: Item<'_, '_>| store.add_item(item));
            file.note_pbx_rows();
            if let Err(e) = &result {
                file.summary.error = Some(e.clone());
            }
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
        let mut files = self.files.clone();
        if let Some(f) = &self.current {
            files.push(f.summary.clone());
        }
        let store = &mut self.store;
        let call_agents = &store.call_agents;
        let call_agent = |c: &str| call_agents.get(c);
        if store.pbx.is_empty() {
            let read = Read {
                aggregates: &mut store.aggregates,
                files,
                pbx: None,
                people: &store.people,
                call_agent: &call_agent,
            };
            return report::build(read, settings);
        }
        // Rebuilt calls join the call-record tallies in a copy, so reports can be rebuilt as
        // often as asked and the rebuilt calls are never added twice.
        let mut aggregates = store.aggregates.clone();
        let out = store.pbx.build_with(&mut |call| {
            if let Some(c) = call.as_call() {
                aggregates.add(&c);
            }
        });
        let read = Read {
            aggregates: &mut aggregates,
            files,
            pbx: Some(&out),
            people: &store.people,
            call_agent: &call_agent,
        };
        report::build(read, settings)
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
        self.store.aggregates.merge(&other.store.aggregates);
        self.store.pbx.merge(other.store.pbx);
        self.files.extend(other.files);
        self.store.people.merge(other.store.people);
        self.store.call_agents.merge(&other.store.call_agents);
    }
}

impl Store {
    fn add_item(&mut self, item: Item<'_, '_>) -> bool {
        match item {
            Item::Call(call) => {
                // With dedupe on, every call id is remembered with its agent: a repeated id is a
                // duplicate, and surveys or QA that name calls find their agent.
                if self.dedupe {
                    if let Some(id) = call.id {
                        if !self.call_agents.insert_first(id, call.agent) {
                            return false;
                        }
                    }
                }
                self.aggregates.add(call);
                true
            }
            Item::Pbx(rec) => self.pbx.add(rec),
            Item::People(rec) => {
                self.people.add(rec);
                true
            }
        }
    }
}
