//! The file accounting and import review: what the report says about one input file.
//!
//! Every row read is used, skipped by a named rule, or rejected with its line, column and a
//! reason, so `rows_read = rows_used + rows_skipped + rows_rejected` holds for every file.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Error;

/// How many rejects a file keeps with their details (all are counted).
pub const MAX_REJECTS_KEPT: usize = 10_000;

/// A rejected row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reject {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

/// Everything the report says about one input file, including the import review.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub kind: &'static str,
    pub profile: Option<&'static str>,
    pub profile_reason: String,
    pub encoding: Option<&'static str>,
    pub encoding_reason: String,
    pub delimiter: Option<String>,
    pub header_line: Option<u64>,
    pub header: Vec<String>,
    /// Field id of each header column (null = not used).
    pub mapping: Vec<Option<&'static str>>,
    pub preview: Vec<Vec<String>>,
    pub bytes: u64,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_skipped: u64,
    pub skipped: BTreeMap<&'static str, u64>,
    pub rows_rejected: u64,
    pub rejects: Vec<Reject>,
    pub duplicates: u64,
    /// Event names the profile does not know, with counts (skipped by rule UNKNOWN_EVENT).
    pub unknown_events: BTreeMap<String, u64>,
    /// For event logs and CDRs: how rows become calls.
    pub note: Option<String>,
    pub warnings: Vec<String>,
    /// Set when the file could not be read at all; its rows are then not in the report.
    pub error: Option<Error>,
}

impl FileSummary {
    pub(crate) fn reject(&mut self, line: u64, column: Option<String>, reason: String) {
        self.rows_rejected += 1;
        if self.rejects.len() < MAX_REJECTS_KEPT {
            self.rejects.push(Reject { line, column, reason });
        }
    }

    pub(crate) fn skip(&mut self, rule: &'static str) {
        self.rows_skipped += 1;
        *self.skipped.entry(rule).or_default() += 1;
    }
}

