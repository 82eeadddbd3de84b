//! CSV of a table: UTF-8 with a byte-order mark and CRLF line ends (Excel then opens Chinese text
//! correctly), quoted where needed, and safe to open in a spreadsheet.

use super::{Cell, Table};
use crate::model::message::Lang;

/// The table as CSV, header and names in `lang`.
pub fn to_csv(table: &Table, lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = table.columns.iter().map(|c| text_cell(&c.name.render(lang))).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Number(..) | Cell::Empty => c.text(lang),
                _ => text_cell(&c.text(lang)),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One text cell. Text starting with `=` `+` `-` `@`, a tab or a carriage return could be run as
/// a formula by a spreadsheet (CSV injection: an agent name `=HYPERLINK(…)` from a file), so it
/// gets a leading apostrophe — the rule the page's `export.js` applies to its own CSV. Numbers
/// never pass through here: a negative number is data, not a formula.
pub fn text_cell(s: &str) -> String {
    let mut s = s.to_string();
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\r', '\n']) || s.trim() != s {
        s = format!("\"{}\"", s.replace('"', "\"\""));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quoting_is_standard() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text_cell("+1"), "'+1");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("-2"), "'-2");
        assert_eq!(text_cell("张伟"), "张伟");
        assert_eq!(text_cell("a,b"), "\"a,b\"");
        assert_eq!(text_cell(" x"), "\" x\"");
    }
}
