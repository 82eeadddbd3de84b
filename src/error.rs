//! The one error type of the crate.
//!
//! Row-level problems are not errors: they become [`crate::Reject`]s in the report and the run
//! goes on. An [`Error`] stops the work on a file (or on the whole run), and says where: the file,
//! and when known the line and column, so a person can open the file and look.

use std::fmt;

/// What went wrong, in a form a program can match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not a kind Callscore reads (or reads yet).
    UnsupportedFormat,
    /// The file is a supported kind but its structure is broken (no header, bad workbook).
    Malformed,
    /// A setting has a value outside what it accepts.
    InvalidSettings,
    /// The API was used out of order (pushing bytes with no file open).
    Usage,
    /// Reading a file from disk failed (the command line only).
    Io,
}

/// An error with the place it happened.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    file: Option<String>,
    line: Option<u64>,
    column: Option<String>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), file: None, line: None, column: None }
    }

    pub(crate) fn in_file(mut self, file: &str) -> Error {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self
    }

    /// Builds an I/O error for the command line, which reads files itself.
    pub fn io(file: &str, err: &std::io::Error) -> Error {
        Error::new(ErrorKind::Io, err.to_string()).in_file(file)
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    pub fn line(&self) -> Option<u64> {
        self.line
    }

    pub fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            if let Some(column) = &self.column {
                write!(f, " (column '{column}')")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
