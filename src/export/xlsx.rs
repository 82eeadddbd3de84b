//! The report as one Excel workbook: a sheet per table, numbers as numbers with their format
//! (rates as percentages of the fractions, seconds with one decimal), header row frozen.
//!
//! Written with `rust_xlsxwriter` (no default features: its only dependency is `zip` with
//! deflate, which calamine already brings in for reading workbooks, so the wasm engine grows by
//! the writer's own code alone). Writing an Open XML package by hand would mean maintaining
//! styles, shared strings and content types ourselves for no gain.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{Cell, NumberFormat, Table};
use crate::error::{Error, ErrorKind, Result};
use crate::model::message::{Lang, Message};

/// The tables as an `.xlsx` file, sheet and column names in `lang`.
pub fn to_xlsx(tables: &[Table], lang: Lang) -> Result<Vec<u8>> {
    let mut book = XlsxBook::new(lang)?;
    for table in tables {
        book.add(table)?;
    }
    book.finish()
}

/// An `.xlsx` file written a table at a time (a sheet each), so that a caller making the tables
/// one by one ([`super::each_table`]) need not hold them all: the workbook keeps its cells in its
/// own, smaller form.
pub struct XlsxBook {
    book: Workbook,
    lang: Lang,
    header: Format,
    formats: [(NumberFormat, Format); 4],
    used: Vec<String>,
}

impl XlsxBook {
    /// An empty workbook whose sheet and column names will be in `lang`.
    pub fn new(lang: Lang) -> Result<XlsxBook> {
        let mut book = Workbook::new();
        // A fixed creation date: the same report gives the same bytes (and wasm32 has no clock here).
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).map_err(failed)?;
        book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        let formats = [
            (NumberFormat::Integer, Format::new().set_num_format("0")),
            (NumberFormat::Decimal, Format::new().set_num_format("0.0")),
            (NumberFormat::Decimal2, Format::new().set_num_format("0.00")),
            (NumberFormat::Percent, Format::new().set_num_format("0.0%")),
        ];
        Ok(XlsxBook { book, lang, header: Format::new().set_bold().set_text_wrap(), formats, used: Vec::new() })
    }

    /// Adds `table` as the next sheet.
    pub fn add(&mut self, table: &Table) -> Result<()> {
        self.write(table).map_err(failed)
    }

    fn write(&mut self, table: &Table) -> std::result::Result<(), XlsxError> {
        let XlsxBook { book, lang, header, formats, used } = self;
        let lang = *lang;
        let format_of = |f: NumberFormat| &formats.iter().find(|(k, _)| *k == f).expect("every format").1;
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.name.render(lang), used))?;
        let mut widths: Vec<usize> = Vec::with_capacity(table.columns.len());
        for (c, col) in table.columns.iter().enumerate() {
            let name = col.name.render(lang);
            widths.push(width(&name).min(24));
            sheet.write_string_with_format(0, col_index(c), name, header)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                write_cell(sheet, r, col_index(c), cell, lang, &format_of)?;
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width(&cell.text(lang)).min(40));
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(col_index(c), (*w as f64 + 2.0).max(8.0))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(())
    }

    /// The file's bytes (a workbook of no table has one empty sheet).
    pub fn finish(mut self) -> Result<Vec<u8>> {
        if self.used.is_empty() {
            self.book.add_worksheet();
        }
        self.book.save_to_buffer().map_err(failed)
    }
}

fn failed(e: XlsxError) -> Error {
    Error::new(ErrorKind::Io, Message::ExportFailed { detail: e.to_string() })
}

fn write_cell<'a>(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    lang: Lang,
    format_of: &impl Fn(NumberFormat) -> &'a Format,
) -> std::result::Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Number(v, f) if v.is_finite() => {
            sheet.write_number_with_format(r, c, *v, format_of(*f))?;
        }
        Cell::Number(..) => {}
        // Text is always a string cell: a name like "=HYPERLINK(…)" is never a formula here.
        other => {
            sheet.write_string(r, c, other.text(lang))?;
        }
    }
    Ok(())
}

fn col_index(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Terminal-like width: wide (CJK) characters count two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2 } else { 1 }).sum()
}

/// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(31).collect::<String>();
    let mut candidate = clean.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" {n}");
        candidate = format!("{}{suffix}", clean.chars().take(31 - suffix.len()).collect::<String>());
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}
