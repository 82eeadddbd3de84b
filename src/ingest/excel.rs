//! Excel workbooks (.xlsx, .xls) through calamine.
//!
//! A workbook is a zip (or OLE) container whose directory sits at the end, so it is buffered
//! whole and read when the file ends. Each row becomes text fields and goes through the same
//! header detection and profiles as a CSV: a workbook is just another way to hold the table.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::error::{Error, ErrorKind, Message, Result};
use crate::model::time::{days_from_civil, format_ms, MS_PER_DAY};

/// Zip (xlsx) or OLE compound file (xls) magic.
pub(super) fn is_workbook(buf: &[u8]) -> bool {
    buf.starts_with(b"PK\x03\x04") || buf.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The rows of the chosen sheet (or the first) as text.
pub(super) fn read_rows(bytes: &[u8], sheet: Option<&str>) -> Result<Vec<Vec<String>>> {
    let malformed = |detail: String| Error::new(ErrorKind::Malformed, Message::WorkbookUnreadable { detail });
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| malformed(e.to_string()))?;
    let names = book.sheet_names().to_vec();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            Error::setting("sheet", Message::NoSuchSheet { sheet: s.to_string(), sheets: names.join(", ") })
        })?,
        None => names.first().cloned().ok_or_else(|| Error::new(ErrorKind::Malformed, Message::WorkbookNoSheets))?,
    };
    let range = book.worksheet_range(&name).map_err(|e| malformed(e.to_string()))?;
    Ok(range.rows().map(|row| row.iter().map(cell_text).collect()).collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "Y" } else { "N" }.to_string(),
        Data::DateTime(dt) => serial_text(dt.as_f64(), dt.is_duration()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERR {e}"),
    }
}

/// Excel serial days as text: a duration or time of day as `H:MM:SS`, a date as ISO.
fn serial_text(days: f64, is_duration: bool) -> String {
    let ms = (days * MS_PER_DAY as f64).round() as i64;
    if is_duration || days < 1.0 {
        let s = ms / 1000;
        return format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    }
    let base = days_from_civil(1899, 12, 30).unwrap_or(0) * MS_PER_DAY;
    format_ms(base + ms)
}
