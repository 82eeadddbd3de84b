//! How files are read: the settings that decide detection and parsing. Changing any of them
//! means reading the files again (every other setting is applied when the report is built).

use super::encoding;
use super::fields::Field;
use super::profile::Profile;
use super::values::{DateOrder, TimeZone};
use crate::error::{Error, Message, Result};
use crate::model::call::{OutboundResult, Outcome};

/// The delimiters a file can be split at.
pub(crate) const DELIMITERS: [char; 4] = [',', ';', '\t', '|'];

/// The reading options of one analysis (a projection of the settings).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadOptions {
    /// Time zone for epoch timestamps (IANA name, `UTC`, or an offset like `+08:00`).
    pub tz: String,
    /// A profile id that skips detection.
    pub profile: Option<String>,
    /// An encoding label that skips detection.
    pub encoding: Option<String>,
    /// A delimiter that skips detection: `,` `;` tab or `|`.
    pub delimiter: Option<char>,
    /// `ymd`, `mdy` or `dmy` for ambiguous dates.
    pub date_order: Option<String>,
    /// Column overrides: header text → field id or `ignore`.
    pub columns: Vec<(String, String)>,
    /// Outcome value overrides: value → outcome id.
    pub outcomes: Vec<(String, String)>,
    /// Workbook sheet to read (the first when none).
    pub sheet: Option<String>,
    /// Outbound result overrides: value → `success`, `connected` or `not_connected`.
    pub outbound_results: Vec<(String, String)>,
}

impl ReadOptions {
    /// Checks every value, so that a bad option fails before any file is read.
    pub fn validate(&self) -> Result<()> {
        TimeZone::parse(&self.tz)?;
        if let Some(p) = &self.profile {
            Profile::from_id(p)?;
        }
        if let Some(e) = &self.encoding {
            encoding::by_label(e)?;
        }
        if let Some(d) = self.delimiter {
            if !DELIMITERS.contains(&d) {
                return Err(Error::setting("delimiter", Message::BadDelimiter { value: format!("{d:?}") }));
            }
        }
        if let Some(o) = &self.date_order {
            DateOrder::parse(o)?;
        }
        for (header, field) in &self.columns {
            if Field::from_id(field).is_none() && field != "ignore" {
                let m = Message::UnknownColumnField { header: header.clone(), field: field.clone() };
                return Err(Error::setting("columns", m));
            }
        }
        for (value, outcome) in &self.outcomes {
            if Outcome::from_id(outcome).is_none() {
                let m = Message::UnknownOutcomeId { value: value.clone(), outcome: outcome.clone() };
                return Err(Error::setting("outcomes", m));
            }
        }
        for (value, result) in &self.outbound_results {
            if OutboundResult::from_id(result).is_none() {
                let m = Message::UnknownOutboundResult { value: value.clone(), result: result.clone() };
                return Err(Error::setting("outbound_results", m));
            }
        }
        Ok(())
    }

    /// The profile the user chose, if any (validated by [`ReadOptions::validate`]).
    pub(crate) fn forced(&self) -> Result<Option<Profile>> {
        self.profile.as_deref().map(Profile::from_id).transpose()
    }
}
