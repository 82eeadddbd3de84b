//! A table of rows as lines of JSON without a copy of every key in every row, for the page's copy
//! of a report: a line `{"table": name, "columns": [keys]}`, then a line per row, `[values]`. Its
//! long tables (half-hour intervals, agents' and teams' days, weeks and months) were most of its
//! text (35 MB at 1 GB of calls), most of that the same 45 keys again in every row, written in the
//! engine, copied, decoded and parsed in the page (`www/js/protocol.js` puts the rows back
//! together). A line per row lets the page parse each row as it decodes the text, instead of
//! holding the whole text and what one parse of it makes (about 100 MB at 1 GB, until collected).
//!
//! A row is written as its values in the order of the first row's keys; a row whose keys are not
//! those (a field skipped when empty) is written whole, as `{"row": {…}}`, so no row is ever
//! changed. JSON text has no line break but between lines: serde_json escapes them in strings.

use std::io::Write;

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};

/// Writes `rows` as the table `name` (see [`Columns`]).
pub(crate) fn write_columns<W: Write, T: Serialize>(out: &mut W, name: &str, rows: &[T]) -> serde_json::Result<()> {
    let mut table = Columns::new(name);
    for r in rows {
        table.row(out, r)?;
    }
    table.end(out)
}

/// One table being written: its line of columns, then a line per row (its values, or
/// `{"row": {…}}` when its keys differ from the first row's), straight to `out` row by row (the
/// engine's `out` is buffered), so a long table is never held whole — nor made whole, when its rows
/// come as they are built (the intervals: `Analyzer::write_screen_report`).
pub(crate) struct Columns<'a> {
    name: &'a str,
    /// The first row's keys (as JSON strings), once its line of columns is written; the others'
    /// are compared with them.
    columns: Option<Vec<Vec<u8>>>,
    row: RowWriter,
}

impl<'a> Columns<'a> {
    pub(crate) fn new(name: &'a str) -> Columns<'a> {
        Columns { name, columns: None, row: RowWriter::default() }
    }

    /// Writes the next row (after the line of columns, when it is the first).
    pub(crate) fn row<W: Write, T: Serialize>(&mut self, out: &mut W, r: &T) -> serde_json::Result<()> {
        let io = serde_json::Error::io;
        self.row.start();
        let as_values = r.serialize(&mut self.row).is_ok();
        let columns = match &self.columns {
            Some(columns) => columns,
            None => {
                let columns = if as_values { self.row.keys().to_vec() } else { Vec::new() };
                write_head(out, self.name, &columns)?;
                self.columns.insert(columns)
            }
        };
        if as_values && self.row.keys() == columns.as_slice() {
            out.write_all(&self.row.values).map_err(io)?;
        } else {
            out.write_all(b"{\"row\":").map_err(io)?;
            serde_json::to_writer(&mut *out, r)?;
            out.write_all(b"}").map_err(io)?;
        }
        out.write_all(b"\n").map_err(io)
    }

    /// Ends the table: a table without rows still has its line (of no columns).
    pub(crate) fn end<W: Write>(self, out: &mut W) -> serde_json::Result<()> {
        match self.columns {
            Some(_) => Ok(()),
            None => write_head(out, self.name, &[]),
        }
    }
}

fn write_head<W: Write>(out: &mut W, name: &str, columns: &[Vec<u8>]) -> serde_json::Result<()> {
    let io = serde_json::Error::io;
    out.write_all(b"{\"table\":").map_err(io)?;
    serde_json::to_writer(&mut *out, name)?;
    out.write_all(b",\"columns\":[").map_err(io)?;
    for (i, key) in columns.iter().enumerate() {
        if i > 0 {
            out.write_all(b",").map_err(io)?;
        }
        out.write_all(key).map_err(io)?;
    }
    out.write_all(b"]}\n").map_err(io)
}

/// Serializes one row (a struct, or a map when it has flattened fields) as `[values]`, keeping
/// its keys (as JSON strings) to compare with the table's columns.
#[derive(Default)]
struct RowWriter {
    /// `[` and the values so far; `]` once the row has ended.
    values: Vec<u8>,
    /// Buffers for keys, reused from row to row: the first `n` are this row's.
    keys: Vec<Vec<u8>>,
    n: usize,
}

impl RowWriter {
    fn start(&mut self) {
        self.values.clear();
        self.values.push(b'[');
        self.n = 0;
    }

    fn keys(&self) -> &[Vec<u8>] {
        &self.keys[..self.n]
    }

    fn key(&mut self, key: &impl Serialize) -> serde_json::Result<()> {
        if self.keys.len() <= self.n {
            self.keys.push(Vec::new());
        }
        let k = &mut self.keys[self.n];
        k.clear();
        serde_json::to_writer(&mut *k, key)
    }

    fn value(&mut self, value: &impl Serialize) -> serde_json::Result<()> {
        if self.n > 0 {
            self.values.push(b',');
        }
        self.n += 1;
        serde_json::to_writer(&mut self.values, value)
    }

    fn end(&mut self) -> serde_json::Result<()> {
        self.values.push(b']');
        Ok(())
    }
}

fn not_a_row() -> serde_json::Error {
    ser::Error::custom("a table row is a struct or a map")
}

/// Everything but a struct or a map is refused (the row is then written whole).
macro_rules! refuse {
    ($($name:ident($($t:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $t),*) -> serde_json::Result<()> { Err(not_a_row()) })*
    };
}

impl Serializer for &mut RowWriter {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> serde_json::Result<()> {
        Err(not_a_row())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> serde_json::Result<()> {
        Err(not_a_row())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> serde_json::Result<()> {
        Err(not_a_row())
    }

    fn serialize_seq(self, _: Option<usize>) -> serde_json::Result<Self::SerializeSeq> {
        Err(not_a_row())
    }

    fn serialize_tuple(self, _: usize) -> serde_json::Result<Self::SerializeTuple> {
        Err(not_a_row())
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> serde_json::Result<Self::SerializeTupleStruct> {
        Err(not_a_row())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> serde_json::Result<Self::SerializeTupleVariant> {
        Err(not_a_row())
    }

    fn serialize_map(self, _: Option<usize>) -> serde_json::Result<Self> {
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> serde_json::Result<Self> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> serde_json::Result<Self::SerializeStructVariant> {
        Err(not_a_row())
    }
}

impl SerializeStruct for &mut RowWriter {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> serde_json::Result<()> {
        self.key(&key)?;
        self.value(&value)
    }

    fn end(self) -> serde_json::Result<()> {
        RowWriter::end(self)
    }
}

impl SerializeMap for &mut RowWriter {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> serde_json::Result<()> {
        self.key(&key)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> serde_json::Result<()> {
        self.value(&value)
    }

    fn end(self) -> serde_json::Result<()> {
        RowWriter::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::{json, Value};

    #[derive(Serialize)]
    struct Inner {
        a: Option<f64>,
        b: Vec<u32>,
    }

    #[derive(Serialize)]
    struct Row {
        name: String,
        #[serde(flatten)]
        inner: Inner,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'static str>,
    }

    /// The table's name, columns and lines, and its rows as the page puts them back together
    /// (`www/js/protocol.js`).
    fn rebuilt(text: &[u8]) -> (String, Vec<Value>, Vec<Value>, Vec<Value>) {
        let mut lines = text.split(|&b| b == b'\n');
        let head: Value = serde_json::from_slice(lines.next().unwrap()).unwrap();
        let columns = head["columns"].as_array().unwrap().clone();
        let lines: Vec<Value> = lines.filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
        let rows = lines
            .iter()
            .map(|r| match r {
                Value::Array(values) => {
                    Value::Object(columns.iter().map(|c| c.as_str().unwrap().to_owned()).zip(values.clone()).collect())
                }
                whole => whole["row"].clone(),
            })
            .collect();
        (head["table"].as_str().unwrap().to_owned(), columns, lines, rows)
    }

    #[test]
    fn a_table_written_as_columns_gives_back_every_row_and_writes_its_keys_once() {
        let rows: Vec<Row> = (0..5000)
            .map(|i| Row {
                name: format!("agent \"{i}\" 客服"),
                inner: Inner { a: (i % 3 != 0).then_some(f64::from(i) / 7.0), b: vec![i, 2] },
                // A few rows with a field the others skip: written whole.
                note: (i % 1000 == 999).then_some("late"),
            })
            .collect();
        let mut out = Vec::new();
        write_columns(&mut out, "people", &rows).unwrap();
        assert!(out.ends_with(b"\n"));
        let (name, columns, lines, got) = rebuilt(&out);
        assert_eq!((name.as_str(), columns), ("people", vec![json!("name"), json!("a"), json!("b")]));
        assert_eq!(lines.len(), 5000, "a line a row");
        // Both read back with the same parser (serde_json's default one may round a float's
        // last digit; the page's JSON.parse does not).
        let plain = serde_json::to_vec(&rows).unwrap();
        let want: Vec<Value> = serde_json::from_slice(&plain).unwrap();
        assert_eq!(got.len(), want.len());
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "row {i}");
        }
        let whole = lines.iter().filter(|r| r.is_object()).count();
        assert_eq!(whole, 5);
        assert!(out.len() * 10 < plain.len() * 8, "{} bytes against {}", out.len(), plain.len());
    }

    #[test]
    fn an_empty_table_and_a_table_of_one_row_are_written_as_columns_too() {
        let mut out = Vec::new();
        write_columns::<_, Row>(&mut out, "none", &[]).unwrap();
        assert_eq!(out, b"{\"table\":\"none\",\"columns\":[]}\n");
        let one = [Row { name: "x".into(), inner: Inner { a: None, b: vec![] }, note: Some("n") }];
        out.clear();
        write_columns(&mut out, "one", &one).unwrap();
        assert_eq!(rebuilt(&out).3, vec![json!({"name": "x", "a": null, "b": [], "note": "n"})]);
    }
}
