//! The file accounting and import review: what the report says about one input file.
//!
//! Every row read is used, skipped by a named rule, or rejected with its line, column and a
//! reason, so `rows_read = rows_used + rows_skipped + rows_rejected` holds for every file.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Message};
use crate::model::wire::{Bad, Reader, Wire, WireResult, Writer};

/// How many rejects a file keeps with their details (all are counted).
pub const MAX_REJECTS_KEPT: usize = 10_000;

/// A rejected row: where, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reject {
    /// The line the row starts on (1 = the first line of the file).
    pub line: u64,
    /// The column to blame: its header, or a field name of a header-less format.
    pub column: Option<String>,
    /// Why the row cannot be used.
    pub reason: Message,
}

/// Everything the report says about one input file, including the import review.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FileSummary {
    /// The name the file was given (a path on the command line, the file name in the page).
    pub file: String,
    /// `text` or `workbook`.
    pub kind: &'static str,
    /// The profile it was read with (`generic`, `anonymous_bank`, `queue_log`, …).
    pub profile: Option<&'static str>,
    /// Why that profile.
    pub profile_reason: Option<Message>,
    /// The encoding it was read in.
    pub encoding: Option<&'static str>,
    /// Why that encoding.
    pub encoding_reason: Option<Message>,
    /// The delimiter (`,`, `;`, `tab`, `|`).
    pub delimiter: Option<String>,
    /// The line of the header row.
    pub header_line: Option<u64>,
    /// The header's column names.
    pub header: Vec<String>,
    /// Field id of each header column (null = not recognised, `ignore` = recognised, not used).
    pub mapping: Vec<Option<&'static str>>,
    /// Columns the profile recognises that no KPI uses ("read, not used").
    pub unused_columns: Vec<String>,
    /// The first rows after the header, as read.
    pub preview: Vec<Vec<String>>,
    /// Bytes read.
    pub bytes: u64,
    /// Rows read: used + skipped + rejected.
    pub rows_read: u64,
    /// Rows that became calls, events or people records.
    pub rows_used: u64,
    /// Rows skipped by a named rule.
    pub rows_skipped: u64,
    /// Skipped rows per rule (`IVR_ONLY`, `PHANTOM`, `DUPLICATE`, `OUTBOUND`, …).
    pub skipped: BTreeMap<&'static str, u64>,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// The first [`MAX_REJECTS_KEPT`] rejects with their reasons.
    pub rejects: Vec<Reject>,
    /// Rows that repeat one already read (also in `skipped.DUPLICATE`).
    pub duplicates: u64,
    /// Rows that were outbound calls (counted apart from inbound calls; part of `rows_used`).
    pub outbound: u64,
    /// Event names the profile does not know, with counts (skipped by rule UNKNOWN_EVENT).
    pub unknown_events: BTreeMap<String, u64>,
    /// For event logs and CDRs: how rows become calls.
    pub note: Option<Message>,
    /// The zone epoch timestamps and times with a UTC offset were shown in, and why; absent when
    /// the file had none (text times without a zone are taken as written, never shifted).
    pub time_zone: Option<Message>,
    /// What the user should know about how the file was read.
    pub warnings: Vec<Message>,
    /// Set when the file could not be read at all; its rows are then not in the report.
    pub error: Option<Error>,
}

impl FileSummary {
    pub(crate) fn reject(&mut self, line: u64, column: Option<String>, reason: Message) {
        self.rows_rejected += 1;
        if self.rejects.len() < MAX_REJECTS_KEPT {
            self.rejects.push(Reject { line, column, reason });
        }
    }

    /// Adds the accounting of a byte range of the same file read by another reader, whose line
    /// numbers start after `lines_before` line breaks (the ranges are added in file order).
    pub(crate) fn absorb(&mut self, o: FileSummary, lines_before: u64) {
        self.bytes += o.bytes;
        self.rows_read += o.rows_read;
        self.rows_used += o.rows_used;
        self.rows_skipped += o.rows_skipped;
        for (rule, n) in o.skipped {
            *self.skipped.entry(rule).or_default() += n;
        }
        self.rows_rejected += o.rows_rejected;
        let room = MAX_REJECTS_KEPT.saturating_sub(self.rejects.len());
        self.rejects.extend(o.rejects.into_iter().take(room).map(|r| Reject { line: r.line + lines_before, ..r }));
        self.duplicates += o.duplicates;
        for (name, n) in o.unknown_events {
            *self.unknown_events.entry(name).or_default() += n;
        }
        for w in o.warnings {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
    }

    /// Rows that were counted as used and turn out to repeat rows of another range: duplicates.
    pub(crate) fn used_were_duplicates(&mut self, n: u64) {
        if n == 0 {
            return;
        }
        self.rows_used -= n;
        self.duplicates += n;
        self.rows_skipped += n;
        *self.skipped.entry("DUPLICATE").or_default() += n;
    }

    /// The binary form of a byte range's accounting: the fields [`FileSummary::absorb`] adds.
    pub(crate) fn put_range_wire(&self, w: &mut Writer) {
        self.file.put(w);
        for n in [self.bytes, self.rows_read, self.rows_used, self.rows_skipped, self.rows_rejected, self.duplicates] {
            w.var(n);
        }
        let skipped: Vec<(&'static str, u64)> = self.skipped.iter().map(|(k, v)| (*k, *v)).collect();
        skipped.put(w);
        w.var(self.rejects.len() as u64);
        for r in &self.rejects {
            r.line.put(w);
            r.column.put(w);
            r.reason.put(w);
        }
        let unknown: Vec<(String, u64)> = self.unknown_events.iter().map(|(k, v)| (k.clone(), *v)).collect();
        unknown.put(w);
        self.warnings.put(w);
    }

    /// Read back from [`FileSummary::put_range_wire`].
    pub(crate) fn get_range_wire(r: &mut Reader<'_>) -> WireResult<FileSummary> {
        let mut s = FileSummary { file: String::get(r)?, ..Default::default() };
        for n in [
            &mut s.bytes,
            &mut s.rows_read,
            &mut s.rows_used,
            &mut s.rows_skipped,
            &mut s.rows_rejected,
            &mut s.duplicates,
        ] {
            *n = r.var()?;
        }
        s.skipped = Vec::<(&'static str, u64)>::get(r)?.into_iter().collect();
        let rejects = r.count(3)?;
        if rejects > MAX_REJECTS_KEPT {
            return Err(Bad("more rejects than a file keeps"));
        }
        for _ in 0..rejects {
            s.rejects.push(Reject { line: Wire::get(r)?, column: Wire::get(r)?, reason: Wire::get(r)? });
        }
        s.unknown_events = Vec::<(String, u64)>::get(r)?.into_iter().collect();
        s.warnings = Wire::get(r)?;
        Ok(s)
    }

    pub(crate) fn skip(&mut self, rule: &'static str) {
        self.rows_skipped += 1;
        *self.skipped.entry(rule).or_default() += 1;
    }
}
