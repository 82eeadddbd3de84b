//! The one error type of the crate.
//!
//! Row-level problems are not errors: they become [`crate::Reject`]s in the report and the run
//! goes on. An [`Error`] stops the work on a file (or on the whole run), and says where as data:
//! the file, the line and column when known, and for a bad setting the path of the field
//! (`scorecard.categories[1].metrics[0].weight`), beside a [`Message`] (a code with parameters,
//! rendered in English or Chinese), so no program has to parse a sentence to find the place.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

pub(crate) use crate::model::message::{Lang, Message};

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
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<Inner>);

#[derive(Clone, Debug, PartialEq)]
struct Inner {
    kind: ErrorKind,
    message: Message,
    file: Option<String>,
    line: Option<u64>,
    column: Option<String>,
    path: Option<String>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: Message) -> Error {
        Error(Box::new(Inner { kind, message, file: None, line: None, column: None, path: None }))
    }

    /// A bad setting, with the path of the field it is about.
    pub(crate) fn setting(path: impl Into<String>, message: Message) -> Error {
        Error::new(ErrorKind::InvalidSettings, message).at(path)
    }

    pub(crate) fn in_file(mut self, file: &str) -> Error {
        if self.0.file.is_none() {
            self.0.file = Some(file.to_string());
        }
        self
    }

    /// Puts a field path in front of the one the error has: `categories[0]` then `scorecard`
    /// gives `scorecard.categories[0]`.
    pub(crate) fn at(mut self, outer: impl Into<String>) -> Error {
        let outer = outer.into();
        self.0.path = Some(match self.0.path.take() {
            Some(inner) if inner.starts_with('[') => format!("{outer}{inner}"),
            Some(inner) => format!("{outer}.{inner}"),
            None => outer,
        });
        self
    }

    /// Builds an I/O error for the command line, which reads files itself.
    pub fn io(file: &str, err: &std::io::Error) -> Error {
        Error::new(ErrorKind::Io, Message::Io { detail: err.to_string() }).in_file(file)
    }

    /// What kind of error it is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// What went wrong, as a message (English with `to_string()`, any language with `render`).
    pub fn message(&self) -> &Message {
        &self.0.message
    }

    /// The file it happened in, when it is about a file.
    pub fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }

    /// The line, when known.
    pub fn line(&self) -> Option<u64> {
        self.0.line
    }

    /// The column, when known.
    pub fn column(&self) -> Option<&str> {
        self.0.column.as_deref()
    }

    /// The path of the setting or card field it is about (`categories[1].metrics[0].weight`).
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// The whole error in a language: place, field path and message.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(file) = &self.0.file {
            out.push_str(file);
            if let Some(line) = self.0.line {
                out.push_str(&format!(":{line}"));
            }
            if let Some(column) = &self.0.column {
                out.push_str(&format!(" (column '{column}')"));
            }
            out.push_str(": ");
        }
        if let Some(path) = &self.0.path {
            out.push_str(path);
            out.push_str(": ");
        }
        out.push_str(&self.0.message.render(lang));
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Error {}

impl Serialize for Error {
    /// `{kind, code, params, message, file, line, column, path}`; `message` is the English text.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let e = &self.0;
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("kind", &e.kind)?;
        m.serialize_entry("code", e.message.code())?;
        m.serialize_entry("params", &e.message.params())?;
        m.serialize_entry("message", &e.message.to_string())?;
        m.serialize_entry("file", &e.file)?;
        m.serialize_entry("line", &e.line)?;
        m.serialize_entry("column", &e.column)?;
        m.serialize_entry("path", &e.path)?;
        m.end()
    }
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
