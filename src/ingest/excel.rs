//! Excel workbooks (.xlsx, .xls) through calamine.
//!
//! A workbook is a zip (or OLE) container whose directory sits at the end, so it is buffered
//! whole and read when the file ends. Each row becomes text fields and goes through the same
//! header detection and profiles as a CSV: a workbook is just another way to hold the table.
//!
//! Work and memory are bounded by the cells the file really holds, never by what it declares:
//! an .xlsx sheet is read cell by cell (calamine's cell reader) and handed over one row at a
//! time, so a lone cell at `XFD1048576` costs one cell, not the dense grid of 17 billion that a
//! range would allocate; columns past [`MAX_COLUMNS`] are counted and not read; and the shared
//! strings table, which calamine reserves from its declared `uniqueCount`, is checked against the
//! size of its part before calamine opens the file. Both checks run the same natively and in wasm.
//! Only .xlsx and .xls are read (.xlsb and .ods are refused with a message): an .xls sheet is at
//! most 65,536 × 256 cells by its format, the one dense grid that is still built.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Reader, Xls, Xlsx};

use crate::error::{Error, ErrorKind, Message, Result};
use crate::model::time::{days_from_civil, format_ms, MS_PER_DAY};

/// Columns read per row; cells further right are counted in a warning. Call exports have tens.
pub(super) const MAX_COLUMNS: usize = 1024;

/// Zip (xlsx) or OLE compound file (xls) magic.
pub(super) fn is_workbook(buf: &[u8]) -> bool {
    buf.starts_with(b"PK\x03\x04") || buf.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

fn malformed(detail: String) -> Error {
    Error::new(ErrorKind::Malformed, Message::WorkbookUnreadable { detail })
}

/// Reads the chosen sheet (or the first), handing each row that has a cell to `on_row` with its
/// sheet row number (1 = the first row), as text fields. Returns how many cells lay beyond
/// [`MAX_COLUMNS`].
pub(super) fn read_rows(
    bytes: &[u8],
    sheet: Option<&str>,
    on_row: &mut dyn FnMut(u64, &[&str]) -> Result<()>,
) -> Result<u64> {
    if bytes.starts_with(b"PK\x03\x04") {
        check_xlsx(bytes)?;
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| malformed(e.to_string()))?;
        let name = pick_sheet(book.sheet_names(), sheet)?;
        let mut cells = book.worksheet_cells_reader(&name).map_err(|e| malformed(e.to_string()))?;
        let mut row: Vec<String> = Vec::new();
        let mut current: Option<u32> = None;
        let mut ignored = 0u64;
        while let Some(cell) = cells.next_cell().map_err(|e| malformed(e.to_string()))? {
            let (r, c) = cell.get_position();
            if current != Some(r) {
                if let Some(done) = current {
                    emit(done, &row, on_row)?;
                }
                row.clear();
                current = Some(r);
            }
            let c = c as usize;
            if c >= MAX_COLUMNS {
                ignored += 1;
                continue;
            }
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = ref_text(cell.get_value());
        }
        if let Some(done) = current {
            emit(done, &row, on_row)?;
        }
        return Ok(ignored);
    }
    let mut book: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| malformed(e.to_string()))?;
    let name = pick_sheet(book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&name).map_err(|e| malformed(e.to_string()))?;
    let first_row = range.start().map_or(0, |(r, _)| r);
    let mut ignored = 0u64;
    for (i, cells) in range.rows().enumerate() {
        ignored += cells.iter().skip(MAX_COLUMNS).filter(|c| !matches!(c, Data::Empty)).count() as u64;
        let row: Vec<String> = cells.iter().take(MAX_COLUMNS).map(cell_text).collect();
        emit(first_row + i as u32, &row, on_row)?;
    }
    Ok(ignored)
}

fn emit(row_index: u32, row: &[String], on_row: &mut dyn FnMut(u64, &[&str]) -> Result<()>) -> Result<()> {
    let fields: Vec<&str> = row.iter().map(String::as_str).collect();
    on_row(u64::from(row_index) + 1, &fields)
}

fn pick_sheet(names: Vec<String>, sheet: Option<&str>) -> Result<String> {
    match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            Error::setting("sheet", Message::NoSuchSheet { sheet: s.to_string(), sheets: names.join(", ") })
        }),
        None => names.first().cloned().ok_or_else(|| Error::new(ErrorKind::Malformed, Message::WorkbookNoSheets)),
    }
}

/// Checks an .xlsx container before calamine opens it: it must be an .xlsx (not .xlsb or .ods),
/// and its shared strings table must not declare more strings than its part has bytes (calamine
/// reserves room for the declared count: `uniqueCount="1000000000000"` in a 2 KB file is 24 TB).
fn check_xlsx(bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| malformed(e.to_string()))?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let normal = |n: &str| n.replace('\\', "/").to_ascii_lowercase();
    if !names.iter().any(|n| normal(n) == "xl/workbook.xml") {
        return Err(Error::new(ErrorKind::UnsupportedFormat, Message::WorkbookNotXlsx));
    }
    for name in names.iter().filter(|n| normal(n).starts_with("xl/worksheets/") && normal(n).ends_with(".xml")) {
        let part = zip.by_name(name).map_err(|e| malformed(e.to_string()))?;
        check_references(part)?;
    }
    for name in names.iter().filter(|n| normal(n).ends_with("sharedstrings.xml")) {
        let mut part = zip.by_name(name).map_err(|e| malformed(e.to_string()))?;
        let size = part.size();
        let mut head = Vec::new();
        part.by_ref().take(4096).read_to_end(&mut head).map_err(|e| malformed(e.to_string()))?;
        if let Some(count) = attribute(&head, b"uniqueCount") {
            // Each string is at least `<si/>`: more strings than bytes is impossible.
            let absurd = count.len() > 18 || count.parse::<u64>().map_or(true, |n| n > size);
            if absurd {
                let m = Message::WorkbookAbsurdCount { part: name.clone(), count, bytes: size };
                return Err(Error::new(ErrorKind::Malformed, m));
            }
        }
    }
    Ok(())
}

/// Checks every cell reference of a sheet (`r="…"` of rows and cells, `ref="…"` of the dimension
/// and merged cells) against Excel's grid, streaming the part once. calamine multiplies a column's
/// letters into a u32 without checking: `r="AAAAAAAAAAAAAA1"` overflows (a panic in checked builds,
/// a wrapped position otherwise), so such a sheet is refused before calamine reads it.
fn check_references(mut part: impl Read) -> Result<()> {
    /// Bytes kept from the end of a window when no attribute value is open there: more than any
    /// pattern, so one cut by the window's end is found in the next.
    const TAIL: usize = 16;
    let mut buf = vec![0u8; 64 * 1024];
    let mut carried = 0;
    loop {
        let n = part.read(&mut buf[carried..]).map_err(|e| malformed(e.to_string()))?;
        let end = carried + n;
        let window = &buf[..end];
        let mut at = 0;
        // Where the next window must start: an open value's attribute, else the last TAIL bytes.
        let mut keep_from = end.saturating_sub(TAIL);
        while let Some((attr, value)) = find_ref_attribute(&window[at..]) {
            let (attr, value) = (at + attr, at + value);
            let Some(close) = window[value..].iter().position(|b| *b == b'"' || *b == b'\'') else {
                keep_from = keep_from.min(attr);
                break;
            };
            for reference in window[value..value + close].split(|b| *b == b':' || *b == b' ') {
                if !reference.is_empty() && !within_grid(reference) {
                    let reference = String::from_utf8_lossy(&reference[..reference.len().min(40)]).into_owned();
                    return Err(Error::new(ErrorKind::Malformed, Message::WorkbookBadReference { reference }));
                }
            }
            at = value + close;
        }
        if n == 0 {
            return Ok(());
        }
        if end - keep_from >= buf.len() / 2 {
            // An attribute value of half the buffer: no cell reference is that long.
            return Err(Error::new(ErrorKind::Malformed, Message::WorkbookBadReference { reference: "…".into() }));
        }
        buf.copy_within(keep_from..end, 0);
        carried = end - keep_from;
    }
}

/// The next ` r="` or ` ref="` attribute: (where it starts, where its value starts).
fn find_ref_attribute(xml: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b' ', &xml[from..]).map(|i| from + i) {
        let rest = &xml[i..];
        for pattern in [&b" r=\""[..], b" r='", b" ref=\"", b" ref='"] {
            if rest.starts_with(pattern) {
                return Some((i, i + pattern.len()));
            }
        }
        from = i + 1;
    }
    None
}

/// `A1` … `XFD1048576`, or a row number alone (a `<row r="…">`), or a column alone.
fn within_grid(reference: &[u8]) -> bool {
    let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = reference.split_at(letters);
    let row_ok = row.is_empty()
        || (row.len() <= 7 && row.iter().all(u8::is_ascii_digit) && {
            let r: u32 = row.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0'));
            (1..=1_048_576).contains(&r)
        });
    let col_ok = col.len() <= 3 && {
        let c: u32 = col.iter().fold(0, |acc, b| acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1);
        c <= 16_384
    };
    row_ok && col_ok && !(col.is_empty() && row.is_empty())
}

/// The digits of `name="…"` (or `'…'`) in the first tag that has it.
fn attribute(xml: &[u8], name: &[u8]) -> Option<String> {
    let at = xml.windows(name.len() + 1).position(|w| w.starts_with(name) && w[name.len()] == b'=')?;
    let rest = &xml[at + name.len() + 1..];
    let quote = *rest.first()?;
    let value = &rest[1..];
    let end = value.iter().position(|b| *b == quote)?;
    Some(String::from_utf8_lossy(&value[..end]).trim().to_string())
}

fn ref_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::Bool(b) => if *b { "Y" } else { "N" }.to_string(),
        DataRef::DateTime(dt) => serial_text(dt.as_f64(), dt.is_duration()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#ERR {e}"),
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "Y" } else { "N" }.to_string(),
        Data::DateTime(dt) => serial_text(dt.as_f64(), dt.is_duration()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERR {e}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// Excel serial days as text: a duration or time of day as `H:MM:SS`, a date as ISO.
fn serial_text(days: f64, is_duration: bool) -> String {
    // Serials past year 9999 (or not finite) are not dates: shown as the number, and rejected as
    // dates by the profile.
    if !days.is_finite() || days.abs() > 3e6 {
        return days.to_string();
    }
    let ms = (days * MS_PER_DAY as f64).round() as i64;
    if is_duration || days < 1.0 {
        let s = ms / 1000;
        return format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    }
    let base = days_from_civil(1899, 12, 30).unwrap_or(0) * MS_PER_DAY;
    format_ms(base + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_outside_the_grid_are_refused_before_calamine_reads_them() {
        assert!(within_grid(b"A1") && within_grid(b"XFD1048576") && within_grid(b"7") && within_grid(b"xfd1"));
        assert!(!within_grid(b"XFE1") && !within_grid(b"A1048577") && !within_grid(b"AAAAAAAAAAAAAA1"));
        assert!(!within_grid(b"A0") && !within_grid(b"A99999999999") && !within_grid(b"A1$"));
        let sheet =
            br#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>"#;
        assert!(check_references(&sheet[..]).is_ok());
        let bad = br#"<worksheet><sheetData><row r="1"><c r="AAAAAAAAAAAAAA1"/></row></sheetData></worksheet>"#;
        assert!(check_references(&bad[..]).is_err());
        // A reference cut by the buffer's end is still read whole.
        let mut long = vec![b' '; 64 * 1024 - 6];
        long.extend_from_slice(br#" r="AAAAAAAAAAAAAA1"/>"#);
        assert!(check_references(&long[..]).is_err());
    }

    #[test]
    fn attributes_are_found_in_either_quote() {
        assert_eq!(attribute(br#"<sst count="3" uniqueCount="2">"#, b"uniqueCount").as_deref(), Some("2"));
        assert_eq!(attribute(b"<x:sst uniqueCount='7'>", b"uniqueCount").as_deref(), Some("7"));
        assert_eq!(attribute(b"<sst>", b"uniqueCount"), None);
    }
}
