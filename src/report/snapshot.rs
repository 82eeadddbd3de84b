//! Snapshots: the mergeable state a report is built from, without raw rows, caller numbers or
//! call ids, written as JSON to keep a month for a year (or send it to HR) and merged exactly with
//! other snapshots and logs later.
//!
//! A snapshot holds the call tallies (phone-system calls already folded in), FCR already judged
//! per group and day (instead of the calls with their hashed caller ids), the people rows with
//! call ids resolved to agents and dropped, the file accounting and the settings. It holds no
//! outbound or chat tallies (their distinct-number counts and sessions need phone numbers and
//! message text); a note names them when the data had any.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Message, Result};
use crate::ingest::{FileSummary, Profile};
use crate::kpi::Aggregates;
use crate::people::People;
use crate::settings::{Settings, RECOMPUTABLE};

/// The format version written in `callscore_snapshot` (the first key of every snapshot).
pub(crate) const FORMAT: u32 = 1;
/// The first key of a snapshot: how a file is recognised as one.
pub(crate) const TAG: &str = "callscore_snapshot";
/// The largest snapshot read (a year of a large centre's tallies is a few tens of MB).
pub(crate) const MAX_SNAPSHOT_BYTES: usize = 512 << 20;

/// One snapshot, as written and read.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    /// The format version: always the first key.
    pub callscore_snapshot: u32,
    /// The engine that wrote it (`callscore 0.1.0`).
    pub engine: String,
    /// The settings it was made with (coaching notes included).
    pub settings: Settings,
    /// The call tallies, FCR judged, no repeat-caller calls and no outbound tallies.
    pub aggregates: Aggregates,
    /// QA, survey, roster, attendance, ratings and target rows, without call ids.
    pub people: People,
    /// The file accounting of every file read.
    pub files: Vec<SnapshotFile>,
    /// What the data had that a snapshot does not keep (`outbound`, `chat`).
    pub left_out: Vec<String>,
}

/// A file's accounting as a snapshot keeps it: counts, no header, preview or rejected lines.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SnapshotFile {
    pub file: String,
    pub kind: String,
    pub profile: Option<String>,
    pub encoding: Option<String>,
    pub bytes: u64,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_skipped: u64,
    pub skipped: BTreeMap<String, u64>,
    pub rows_rejected: u64,
    pub duplicates: u64,
    pub outbound: u64,
}

impl SnapshotFile {
    pub(crate) fn of(f: &FileSummary) -> SnapshotFile {
        SnapshotFile {
            file: f.file.clone(),
            kind: f.kind.to_string(),
            profile: f.profile.map(str::to_string),
            encoding: f.encoding.map(str::to_string),
            bytes: f.bytes,
            rows_read: f.rows_read,
            rows_used: f.rows_used,
            rows_skipped: f.rows_skipped,
            skipped: f.skipped.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            rows_rejected: f.rows_rejected,
            duplicates: f.duplicates,
            outbound: f.outbound,
        }
    }

    /// The file as the report lists it, named `SNAPSHOT › FILE`.
    pub(crate) fn summary(&self, snapshot: &str) -> FileSummary {
        let known = |s: &str, list: &[&'static str]| list.iter().copied().find(|k| *k == s);
        let mut skipped: BTreeMap<&'static str, u64> = BTreeMap::new();
        for (rule, n) in &self.skipped {
            *skipped.entry(known(rule, SKIP_RULES).unwrap_or("OTHER")).or_default() += n;
        }
        FileSummary {
            file: format!("{snapshot} › {}", self.file),
            kind: known(&self.kind, &["text", "workbook", "snapshot"]).unwrap_or("text"),
            profile: self
                .profile
                .as_deref()
                .and_then(|p| known(p, &Profile::IDS).or(known(p, &["people", "snapshot"]))),
            encoding: self
                .encoding
                .as_deref()
                .and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes()))
                .map(|e| e.name()),
            bytes: self.bytes,
            rows_read: self.rows_read,
            rows_used: self.rows_used,
            rows_skipped: self.rows_skipped,
            skipped,
            rows_rejected: self.rows_rejected,
            duplicates: self.duplicates,
            outbound: self.outbound,
            ..FileSummary::default()
        }
    }
}

/// The rules rows are skipped by (any other name in a snapshot counts as `OTHER`).
const SKIP_RULES: &[&str] = &[
    "ABOVE_HEADER",
    "DUPLICATE",
    "IVR_ONLY",
    "OTHER_DAY",
    "UNKNOWN_EVENT",
    "OUTBOUND",
    "PHANTOM",
    "FILTER_DATES",
    "FILTER_QUEUE",
    "FILTER_AGENT",
    "FILTER_TEAM",
    "FILTER_NO_TEAM",
];

/// Whether bytes begin a snapshot: `Some(true)` when they open a JSON object whose first key is
/// `callscore_snapshot`, `Some(false)` when they cannot, `None` when more bytes are needed.
pub(crate) fn is_snapshot(head: &[u8]) -> Option<bool> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if head.len() < BOM.len() && !head.is_empty() && BOM.starts_with(head) {
        return None;
    }
    let rest = head.strip_prefix(BOM).unwrap_or(head);
    let rest = trim_ws(rest);
    let Some(rest) = rest.strip_prefix(b"{") else {
        return if rest.is_empty() { None } else { Some(false) };
    };
    let rest = trim_ws(rest);
    let key = format!("\"{TAG}\"");
    let key = key.as_bytes();
    if rest.len() < key.len() {
        return if key.starts_with(rest) { None } else { Some(false) };
    }
    Some(rest.starts_with(key))
}

fn trim_ws(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n')).count();
    &b[n..]
}

impl Snapshot {
    /// Reads a snapshot: the format version first (a clear error for another version), then the
    /// whole, then its tallies are checked (every slot they name exists, the caps hold).
    pub(crate) fn read(bytes: &[u8]) -> Result<Snapshot> {
        if bytes.len() > MAX_SNAPSHOT_BYTES {
            return Err(Error::new(
                ErrorKind::Malformed,
                Message::SnapshotTooLarge { limit_mb: (MAX_SNAPSHOT_BYTES >> 20) as u64 },
            ));
        }
        let malformed = |detail: String| Error::new(ErrorKind::Malformed, Message::SnapshotMalformed { detail });
        #[derive(Deserialize)]
        struct Head {
            callscore_snapshot: serde_json::Value,
        }
        let head: Head = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
        match head.callscore_snapshot.as_u64() {
            Some(v) if v == u64::from(FORMAT) => {}
            Some(found) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedFormat,
                    Message::SnapshotVersion { found, supported: FORMAT },
                ))
            }
            None => return Err(malformed(format!("{TAG} is not a version number"))),
        }
        let mut snap: Snapshot = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
        snap.aggregates.check_loaded().map_err(|e| malformed(e.to_string()))?;
        Ok(snap)
    }

    /// The snapshot as JSON.
    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Notes on the settings the snapshot was made with, against `now`: each setting that differs
    /// and that its tallies cannot be recomputed under is named with both values; the ones that
    /// were recomputed are named together.
    pub(crate) fn setting_notes(&self, file: &str, now: &Settings) -> Vec<Message> {
        let (Ok(serde_json::Value::Object(then)), Ok(serde_json::Value::Object(now))) =
            (serde_json::to_value(&self.settings), serde_json::to_value(now))
        else {
            return Vec::new();
        };
        let mut notes = Vec::new();
        let mut recomputed = Vec::new();
        for (key, value) in &then {
            let current = now.get(key).unwrap_or(&serde_json::Value::Null);
            // Coaching notes are merged, not compared; the period asked about is the report's.
            if value == current || matches!(key.as_str(), "coaching" | "period" | "compare_with") {
                continue;
            }
            if RECOMPUTABLE.contains(&key.as_str()) && key != "fcr_window_h" {
                recomputed.push(key.clone());
            } else {
                notes.push(Message::NoteSnapshotSettingDiffers {
                    file: file.to_string(),
                    setting: key.clone(),
                    snapshot: short(value),
                    now: short(current),
                });
            }
        }
        if !recomputed.is_empty() {
            notes.push(Message::NoteSnapshotRecomputed { file: file.to_string(), settings: recomputed.join(", ") });
        }
        notes
    }
}

/// A setting's value in a note: compact JSON, at most 80 characters.
fn short(v: &serde_json::Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_is_recognised_by_its_first_key_even_cut_anywhere() {
        let text = b"\xEF\xBB\xBF { \n\"callscore_snapshot\":1,\"engine\":\"x\"}";
        assert_eq!(is_snapshot(text), Some(true));
        for cut in 0..24 {
            assert_ne!(is_snapshot(&text[..cut]), Some(false), "cut at {cut}");
        }
        assert_eq!(is_snapshot(b"{\"settings\":{}}"), Some(false));
        assert_eq!(is_snapshot(b"call id,start\n"), Some(false));
        assert_eq!(is_snapshot(b"[{\"callscore_snapshot\":1}]"), Some(false));
    }

    #[test]
    fn another_format_version_and_broken_snapshots_are_clear_errors() {
        let e = Snapshot::read(br#"{"callscore_snapshot":2,"engine":"callscore 9.0.0"}"#).unwrap_err();
        assert_eq!(e.message(), &Message::SnapshotVersion { found: 2, supported: FORMAT });
        assert!(e.message().render(crate::model::message::Lang::Zh).contains("格式版本为 2"));
        for bad in [
            &br#"{"callscore_snapshot":1}"#[..],
            br#"{"callscore_snapshot":"one"}"#,
            b"{\"callscore_snapshot\":1,",
            b"{}",
        ] {
            let e = Snapshot::read(bad).unwrap_err();
            assert!(matches!(e.message(), Message::SnapshotMalformed { .. }), "{e:?}");
        }
    }
}
