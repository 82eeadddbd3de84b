//! The browser binding: the same three steps as the Rust API, one JS/wasm crossing per chunk.
//!
//! ```js
//! const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
//! const a = new Analyzer({ sl_threshold_s: 20 }, zone); // any Settings field; the browser's zone
//! a.beginFile("calls.csv");
//! for (const chunk of chunks) a.push(chunk);        // Uint8Array, any size
//! const summary = a.endFile();                      // per-file accounting
//! const report = a.finish();                        // plain JS object, same shape as --json
//! const again = a.report({ sl_threshold_s: 30 });   // recompute without reading again
//! const xlsx = a.exportXlsx("zh", false);            // the last report's tables, a Uint8Array
//! const snap = a.snapshot();                        // JSON text: load it later like a file
//! ```

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::staffing::Request;
use crate::{Analyzer as Engine, Lang, LocalZone, Report, Settings, CATALOG, RECOMPUTABLE};

/// Converts to a plain JS object (maps as objects, so the report reads like the CLI's JSON):
/// written as JSON text here and parsed by the browser's `JSON.parse`, one crossing of the
/// boundary, instead of building the object property by property from wasm (serde-wasm-bindgen):
/// a 200 MB file's report (13 MB as JSON) went from 0.84 to 0.76 s under Node.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    parse_json(&to_json(value)?)
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, JsValue> {
    serde_json::to_vec(value).map_err(json_error)
}

/// The value as JSON text in UTF-8, in a `Vec` of exactly its length: serialized once to count its
/// bytes, then written once (for `finish()`/`report()`, which parse it here). Why not a growing
/// `Vec`: wasm memory only grows, and a year's report (47 MB at 1 GB of calls) written into one
/// doubled its way to 64 MB of room beside the 32 MB it was copied from.
fn to_json_exact<T: Serialize>(value: &T) -> Result<Vec<u8>, JsValue> {
    let mut counted = JsonSink::Count(0);
    write_json(&mut counted, value)?;
    let JsonSink::Count(len) = counted else { unreachable!("a count stays a count") };
    let len = usize::try_from(len).map_err(|_| plain_error("report", "the report is too big as JSON"))?;
    let mut out = JsonSink::Whole(Vec::with_capacity(len));
    write_json(&mut out, value)?;
    match out {
        JsonSink::Whole(vec) if vec.len() == len => Ok(vec),
        _ => Err(JsValue::from_str("the report changed while it was written")),
    }
}

/// Bytes of each piece [`to_json_pieces`] writes.
const JSON_PIECE: usize = 1 << 20;

/// The value as JSON text in UTF-8, in JS `Uint8Array`s of exactly [`JSON_PIECE`] bytes (the last
/// one shorter), each with a buffer of its own to transfer. A piece may end inside a character:
/// the page decodes them as one stream (`parseReport` in `www/js/protocol.js`). Why pieces: the
/// text is never whole in wasm memory, which only grows (one piece is), and it is written once,
/// without a counting pass: wasm memory after a 1 GB report (Node, one reader) 568 MB with the
/// exact `Vec`, 521 MB in pieces, and `finishJson()` 2.83 → 2.57 s. (Landed first in 62131ee,
/// reverted for the page's stalls, which turned out to be the browser collecting the file's
/// stream: `www/js/file-source.js`.)
fn to_json_pieces<T: Serialize>(value: &T, on_piece: Option<js_sys::Function>) -> Result<js_sys::Array, JsValue> {
    json_pieces(on_piece, |sink| write_json(sink, value))
}

/// The report under `settings` as [`to_json_pieces`] writes it, or (`screen`) the page's copy
/// (`Analyzer::write_screen_report`: its interval rows written as they are made, not kept), with
/// the report to keep for the exports. `on_piece`: as in [`json_pieces`].
fn report_json_pieces(
    engine: &mut Engine,
    settings: &Settings,
    screen: bool,
    on_piece: Option<js_sys::Function>,
) -> Result<(Last, js_sys::Array), JsValue> {
    if !screen {
        let report = engine.report(settings);
        let pieces = to_json_pieces(&report, on_piece)?;
        return Ok((Last::Whole(report), pieces));
    }
    let mut report = None;
    let pieces = json_pieces(on_piece, |sink| {
        write_buffered(sink, |w| {
            report = Some(engine.write_screen_report(settings, w)?);
            Ok(())
        })
    })?;
    let report = report.ok_or_else(|| JsValue::from_str("the report was not built"))?;
    Ok((Last::IntervalsLeftOut(report), pieces))
}

/// What `write` puts in a sink, in pieces of [`JSON_PIECE`] bytes: returned in an array, or each
/// handed to `on_piece` as soon as it is full (the array then empty), so that the page's worker
/// posts it and the page parses it while the rest of the report is built (at 1 GB of calls the
/// page's copy is 19.4 MB of text, which was all in pieces at once before the page parsed any).
/// The first error `on_piece` throws ends it (the pieces after it are not handed out).
fn json_pieces(
    on_piece: Option<js_sys::Function>,
    write: impl FnOnce(&mut JsonSink) -> Result<(), JsValue>,
) -> Result<js_sys::Array, JsValue> {
    let pieces = Pieces { buf: Vec::with_capacity(JSON_PIECE), done: js_sys::Array::new(), on_piece, failed: None };
    let mut out = JsonSink::Pieces(pieces);
    write(&mut out)?;
    let JsonSink::Pieces(mut pieces) = out else { unreachable!("pieces stay pieces") };
    if !pieces.buf.is_empty() {
        pieces.hand_out();
    }
    match pieces.failed {
        Some(e) => Err(e),
        None => Ok(pieces.done),
    }
}

/// Serializes `value` into `sink` (through [`write_buffered`]).
fn write_json<T: Serialize>(sink: &mut JsonSink, value: &T) -> Result<(), JsValue> {
    write_buffered(sink, |w| serde_json::to_writer(w, value))
}

/// What `write` writes, into `sink` through a 64 KiB buffer: the serializer's many small writes
/// (a key, a comma) land in the buffer, and the sink takes whole blocks.
fn write_buffered(
    sink: &mut JsonSink,
    write: impl FnOnce(&mut std::io::BufWriter<&mut JsonSink>) -> serde_json::Result<()>,
) -> Result<(), JsValue> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, sink);
    write(&mut buffered).map_err(json_error)?;
    std::io::Write::flush(&mut buffered).map_err(|e| JsValue::from_str(&e.to_string()))
}

fn json_error(e: serde_json::Error) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Where the report's JSON goes: counted, into one `Vec`, or out to JS in pieces. One type for
/// every way, so the report's serializer is compiled once (a type per way made the engine 230 KB
/// bigger).
enum JsonSink {
    Count(u64),
    Whole(Vec<u8>),
    Pieces(Pieces),
}

/// The JSON text in pieces of [`JSON_PIECE`] bytes ([`json_pieces`]).
struct Pieces {
    /// The piece being filled.
    buf: Vec<u8>,
    /// The full pieces, when there is no `on_piece`.
    done: js_sys::Array,
    on_piece: Option<js_sys::Function>,
    /// The first error `on_piece` threw.
    failed: Option<JsValue>,
}

impl Pieces {
    fn hand_out(&mut self) {
        let piece = js_sys::Uint8Array::from(&self.buf[..]);
        self.buf.clear();
        match &self.on_piece {
            _ if self.failed.is_some() => {}
            Some(f) => self.failed = f.call1(&JsValue::NULL, &piece).err(),
            None => {
                self.done.push(&piece);
            }
        }
    }
}

impl JsonSink {
    // Out of line: one call in each of the serializer's many writes keeps the engine small
    // (inlined, +60 KB).
    #[inline(never)]
    fn take(&mut self, mut bytes: &[u8]) {
        match self {
            JsonSink::Count(len) => *len += bytes.len() as u64,
            JsonSink::Whole(vec) => vec.extend_from_slice(bytes),
            JsonSink::Pieces(pieces) => {
                while !bytes.is_empty() {
                    let (now, later) = bytes.split_at(bytes.len().min(JSON_PIECE - pieces.buf.len()));
                    pieces.buf.extend_from_slice(now);
                    if pieces.buf.len() == JSON_PIECE {
                        pieces.hand_out();
                    }
                    bytes = later;
                }
            }
        }
    }
}

impl std::io::Write for JsonSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes).map(|()| bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.take(bytes);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The report under `settings` as a plain JS object, through the same text as `finishJson` (one
/// serializer of the report in the engine). For `finish()`/`report()`, which the page does not use.
fn report_to_js(engine: &mut Engine, settings: &Settings) -> Result<(Last, JsValue), JsValue> {
    let report = engine.report(settings);
    let js = parse_json(&to_json_exact(&report)?)?;
    Ok((Last::Whole(report), js))
}

fn parse_json(json: &[u8]) -> Result<JsValue, JsValue> {
    // serde_json writes UTF-8 only.
    js_sys::JSON::parse(std::str::from_utf8(json).map_err(|e| JsValue::from_str(&e.to_string()))?)
}

/// Settings go through JSON so that serde's checks (unknown fields refused, types, `"preset:NAME"`
/// for a card or QA form) apply exactly as on the command line; once per analysis, not per chunk.
fn settings_from(value: JsValue) -> Result<Settings, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Settings::default());
    }
    let json: String = js_sys::JSON::stringify(&value).map(String::from).unwrap_or_default();
    serde_json::from_str(&json)
        .map_err(|e| message_error("invalid_settings", &crate::Message::SettingsInvalid { detail: e.to_string() }))
}

/// A JS `Error` whose message reads well (English), with the error's data as properties for the
/// page: `kind`, `code`, `params` (to render it in the user's language), `file`, `line`,
/// `column`, `path`.
fn error_to_js(e: &crate::Error) -> JsValue {
    let err: JsValue = js_sys::Error::new(&e.to_string()).into();
    if let Ok(data) = to_js(e) {
        for key in ["kind", "code", "params", "file", "line", "column", "path"] {
            let value = js_sys::Reflect::get(&data, &JsValue::from_str(key)).unwrap_or(JsValue::NULL);
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str(key), &value);
        }
        let detail = js_sys::Reflect::get(&data, &JsValue::from_str("message")).unwrap_or(JsValue::NULL);
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str("detail"), &detail);
    }
    err
}

/// A JS `Error` for a message that is not a [`crate::Error`] (bad input to a small function).
fn message_error(kind: &str, message: &crate::Message) -> JsValue {
    let err = plain_error(kind, &message.to_string());
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(message.code()));
    if let Ok(params) = to_js(&message.params()) {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str("params"), &params);
    }
    err
}

fn plain_error(kind: &str, message: &str) -> JsValue {
    let err: JsValue = js_sys::Error::new(message).into();
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("kind"), &JsValue::from_str(kind));
    err
}

/// The streaming analyzer, as `new Analyzer(settings)` in JS.
#[wasm_bindgen]
pub struct Analyzer {
    inner: Option<Engine>,
    /// The report last handed to the page (by `finish`, `report` and their JSON forms): what the
    /// exports write, so an export is of the figures on screen without sending the report back
    /// into the worker.
    last: Option<Last>,
}

/// The report last handed to the page.
enum Last {
    Whole(Report),
    /// The page's copy's, whose interval rows were written as they were made and not kept: an
    /// export builds the report again, under the same settings, from the same reading.
    IntervalsLeftOut(Report),
}

#[wasm_bindgen]
impl Analyzer {
    /// An analyzer with these settings (any `Settings` field, snake_case; missing ones default).
    /// `local_zone`: the browser's IANA zone, used for epoch timestamps when `settings.tz` is
    /// null (the report's `time_zone` says which zone was used and why).
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue, local_zone: Option<String>) -> Result<Analyzer, JsValue> {
        let settings = settings_from(settings)?;
        let local = local_zone.filter(|z| !z.is_empty()).map_or(LocalZone::Unknown, LocalZone::Browser);
        let engine = Engine::with_local_zone(settings, &local).map_err(|e| error_to_js(&e))?;
        Ok(Analyzer { inner: Some(engine), last: None })
    }

    fn engine(&mut self) -> Result<&mut Engine, JsValue> {
        self.inner.as_mut().ok_or_else(|| message_error("usage", &crate::Message::AnalyzerFinished))
    }

    /// The report under `settings` (`None`: the analyzer's own, once its files are closed) as
    /// `make` builds and writes it for JS, keeping what it returns for the exports.
    fn report_as<T>(
        &mut self,
        settings: Option<JsValue>,
        make: impl FnOnce(&mut Engine, &Settings) -> Result<(Last, T), JsValue>,
    ) -> Result<T, JsValue> {
        let settings = match settings {
            Some(value) => {
                let settings = settings_from(value)?;
                settings.validate().map_err(|e| error_to_js(&e))?;
                Some(settings)
            }
            None => None,
        };
        // The last report goes before the next is built (both at once were the peak of a
        // recomputed report: 34 MB more at 1 GB), once the next is sure to be built.
        self.engine()?;
        self.last = None;
        let engine = self.engine()?;
        let settings = settings.unwrap_or_else(|| {
            engine.close();
            engine.settings().clone()
        });
        let (last, written) = make(engine, &settings)?;
        self.last = Some(last);
        Ok(written)
    }

    /// Work for a helper of the page's pool while this analyzer judges the repeat callers, the
    /// two longest parts of a big report's first build: a `Uint8Array` (transferable) for the
    /// helper's `staffingSeeds`, whose answer goes to `seedStaffing` before `finishJson`; in
    /// between, `judgeRepeatCallers`. `undefined` when there is no such work (FCR off, no
    /// callers, staffing off, phone-system logs). Under the analyzer's settings, as `finishJson`;
    /// the report is the same with or without.
    #[wasm_bindgen(js_name = staffingWork)]
    pub fn staffing_work(&mut self) -> Result<Option<Vec<u8>>, JsValue> {
        let engine = self.engine()?;
        let settings = engine.settings().clone();
        Ok(engine.staffing_work(&settings))
    }

    /// Judges the repeat callers under the analyzer's settings now; `finishJson` takes the result.
    #[wasm_bindgen(js_name = judgeRepeatCallers)]
    pub fn judge_repeat_callers(&mut self) -> Result<(), JsValue> {
        let engine = self.engine()?;
        let settings = engine.settings().clone();
        engine.judge_repeat_callers(&settings);
        Ok(())
    }

    /// Takes a helper's `staffingSeeds` answer for the next report. Throws (`kind` `malformed`)
    /// for bytes this engine did not write.
    #[wasm_bindgen(js_name = seedStaffing)]
    pub fn seed_staffing(&mut self, seeds: &[u8]) -> Result<(), JsValue> {
        self.engine()?.seed_staffing(seeds).map_err(|e| error_to_js(&e))
    }

    /// Starts a file (ending the one before).
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: &str) -> Result<(), JsValue> {
        self.engine()?.begin_file(name);
        Ok(())
    }

    /// The current file's size in bytes, when known: duplicate detection sets its memory aside
    /// once (a hint; the report is the same without it).
    #[wasm_bindgen(js_name = expectBytes)]
    pub fn expect_bytes(&mut self, bytes: f64) -> Result<(), JsValue> {
        self.engine()?.expect_bytes(bytes.max(0.0) as u64);
        Ok(())
    }

    /// Reads one chunk. Throws an `Error` with `kind`, `file`, `line`, `column` when the file
    /// cannot be read.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.engine()?.push(chunk).map_err(|e| error_to_js(&e))
    }

    /// Reads what has arrived of a file that is still growing (see the Rust `Analyzer::flush`): the
    /// wallboard's live mode pushes the bytes added since its last read, then flushes and reports.
    pub fn flush(&mut self) -> Result<(), JsValue> {
        self.engine()?.flush().map_err(|e| error_to_js(&e))
    }

    /// A pool worker's reader of the byte range `from..to` of the current file (`size` bytes),
    /// once the file's first 64 KiB (`HEAD_BYTES`) were pushed to this analyzer: they decide how
    /// the file is read. `undefined` when the file is read by one reader (not UTF-8 text, a
    /// people file or chat log). The range must start after a line break. Its calls are looked
    /// up for duplicates when it ends, or each as it comes with `eachCall` (a range whose
    /// `finish()` gave `undefined`, read again, and the worker's ranges after it).
    #[wasm_bindgen(js_name = rangeReader)]
    pub fn range_reader(
        &mut self,
        from: f64,
        to: f64,
        size: f64,
        each_call: Option<bool>,
    ) -> Result<Option<RangeReader>, JsValue> {
        let (from, to, size) = (from.max(0.0) as u64, to.max(0.0) as u64, size.max(0.0) as u64);
        let each_call = each_call.unwrap_or(false);
        Ok(self
            .engine()?
            .range_reader_looking_up(from, to, size, each_call)
            .map(|inner| RangeReader { inner: Some(inner) }))
    }

    /// Whether the current file is between two records (or failed).
    #[wasm_bindgen(js_name = atRecordBoundary)]
    pub fn at_record_boundary(&self) -> bool {
        self.inner.as_ref().is_some_and(|e| e.at_record_boundary())
    }

    /// Pushes the lines of `bytes` (the file's next bytes) until the current file is between
    /// records; returns how many bytes it used.
    #[wasm_bindgen(js_name = extendToBoundary)]
    pub fn extend_to_boundary(&mut self, bytes: &[u8]) -> Result<f64, JsValue> {
        self.engine()?.extend_to_boundary(bytes).map(|n| n as f64).map_err(|e| error_to_js(&e))
    }

    /// Adds a range's partial state (`RangeReader.finish()` of a pool worker) when the current file
    /// was read exactly up to `pos` and the range starts there: returns where the range ended, or
    /// -1 (nothing added: read the range here from `pos`). A damaged state throws.
    #[wasm_bindgen(js_name = absorbRange)]
    pub fn absorb_range(&mut self, state: &[u8], pos: f64) -> Result<f64, JsValue> {
        let pos = pos.max(0.0) as u64;
        match self.engine()?.absorb_encoded(state, pos) {
            Ok(Some(end)) => Ok(end as f64),
            Ok(None) => Ok(-1.0),
            Err(e) => Err(error_to_js(&e)),
        }
    }

    /// Ends the current file; returns its summary (a failed file's summary carries `error`).
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<JsValue, JsValue> {
        let engine = self.engine()?;
        match engine.end_file() {
            Ok(summary) => to_js(summary),
            Err(e) => Err(error_to_js(&e)),
        }
    }

    /// Rows read so far, for progress displays.
    #[wasm_bindgen(js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |e| e.rows_read() as f64)
    }

    /// The report under the analyzer's settings. The analyzer stays usable for `report()`.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        self.report_as(None, report_to_js)
    }

    /// [`Analyzer::finish`] as JSON text in UTF-8: an array of `Uint8Array` pieces to decode as
    /// one stream (see `to_json_pieces`). The page's worker transfers the pieces and the page
    /// decodes and parses them once: an object meant a parse here and a structured clone on each
    /// side of `postMessage`, and a string a copy in each (a year of calls in 15-minute intervals
    /// makes a report of 13 MB of JSON, a generated 1 GB file of 376 days 47 MB). `screen`: the
    /// page's copy, lines of JSON whose tables of periods and intervals come without their
    /// numerators, denominators and service level variants, and its longest tables as a line of
    /// columns and a line of values per row (`Report::write_screen_json`; `parseReport` in
    /// `www/js/protocol.js` gives back the report; exports are written from the whole report all
    /// the same). `onPiece`: a function each piece is handed to as soon as it is written (the
    /// array returned is then empty), so the page parses the text while the rest is written.
    #[wasm_bindgen(js_name = finishJson)]
    pub fn finish_json(
        &mut self,
        screen: Option<bool>,
        on_piece: Option<js_sys::Function>,
    ) -> Result<js_sys::Array, JsValue> {
        self.report_as(None, |e, s| report_json_pieces(e, s, screen.unwrap_or(false), on_piece))
    }

    /// The report under other settings, without reading the files again.
    pub fn report(&mut self, settings: JsValue) -> Result<JsValue, JsValue> {
        self.report_as(Some(settings), report_to_js)
    }

    /// [`Analyzer::report`] as JSON text in UTF-8 pieces (see [`Analyzer::finish_json`], also for
    /// `screen` and `onPiece`).
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(
        &mut self,
        settings: JsValue,
        screen: Option<bool>,
        on_piece: Option<js_sys::Function>,
    ) -> Result<js_sys::Array, JsValue> {
        self.report_as(Some(settings), |e, s| report_json_pieces(e, s, screen.unwrap_or(false), on_piece))
    }

    /// A snapshot of everything read so far, as JSON text (`callscore report --snapshot` writes
    /// the same): the mergeable tallies, FCR judged per group and day, people rows without call
    /// ids, file accounting and settings. A file whose text is a snapshot is recognised by its
    /// first key when pushed like any other file, and merged.
    pub fn snapshot(&mut self) -> Result<String, JsValue> {
        let engine = self.engine()?;
        engine.close();
        Ok(engine.snapshot())
    }

    /// Calls `write` with the last report, without what identifies callers unless
    /// `include_callers` ([`Report::with_callers_unless`]: set aside, not copied).
    fn with_last<T>(&mut self, include_callers: bool, write: impl FnOnce(&Report) -> T) -> Result<T, JsValue> {
        let finished = || message_error("usage", &crate::Message::AnalyzerFinished);
        if let Some(Last::IntervalsLeftOut(kept)) = &self.last {
            // Built again, whole, and kept whole for the next export. The same report unless more
            // was read since (the page never does that; a script could): then it is not the one
            // the export is of, and the export refuses.
            let settings = kept.settings.clone();
            let again = self.inner.as_mut().ok_or_else(finished)?.report(&settings);
            let same = |r: &Report| serde_json::to_vec(&(&r.inputs, &r.totals)).ok();
            if same(&again) != same(kept) {
                return Err(message_error("usage", &crate::Message::ExportAfterMoreRead));
            }
            self.last = Some(Last::Whole(again));
        }
        match self.last.as_mut() {
            Some(Last::Whole(r)) => Ok(r.with_callers_unless(include_callers, write)),
            _ => Err(finished()),
        }
    }

    /// The last report as JSON text, as `callscore report --json` prints it: aggregates only
    /// unless `include_callers` (then with the call-back list, previews and call ids).
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&mut self, include_callers: bool) -> Result<String, JsValue> {
        self.with_last(include_callers, serde_json::to_string_pretty)?
            .map_err(|e| plain_error("export", &e.to_string()))
    }

    /// Every table of the last report as one `.xlsx` (bytes), names in `lang` (`en`, `zh`), as
    /// `callscore report --xlsx` writes it.
    #[wasm_bindgen(js_name = exportXlsx)]
    pub fn export_xlsx(&mut self, lang: &str, include_callers: bool) -> Result<Vec<u8>, JsValue> {
        let mut book =
            crate::export::xlsx::XlsxBook::new(Lang::from_id(lang).unwrap_or_default()).map_err(|e| error_to_js(&e))?;
        // Each table goes into the workbook as it is made (see export_csv).
        self.with_last(include_callers, |r| crate::export::each_table(r, include_callers, |t| book.add(&t)))?
            .map_err(|e| error_to_js(&e))?;
        book.finish().map_err(|e| error_to_js(&e))
    }

    /// Every table of the last report as CSV text: `[{name, text}]`, `name` the file name
    /// (`queues.csv`), as `callscore report --csv DIR` writes them.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&mut self, lang: &str, include_callers: bool) -> Result<JsValue, JsValue> {
        let lang = Lang::from_id(lang).unwrap_or_default();
        // Each table becomes its text and crosses to JS as it is made (a year's tables and texts
        // held together were hundreds of megabytes).
        let files = js_sys::Array::new();
        self.with_last(include_callers, |r| {
            crate::export::each_table(r, include_callers, |t| {
                let (name, text) = (format!("{}.csv", t.id), crate::export::csv::to_csv(&t, lang));
                files.push(&to_js(&serde_json::json!({ "name": name, "text": text }))?);
                Ok::<(), JsValue>(())
            })
        })??;
        Ok(files.into())
    }
}

/// One byte range of a file read in a pool worker (`Analyzer.rangeReader`): push the range's
/// bytes, then while `wantsMore()` the bytes from `pos()` on through `extend`, then `finish()`.
#[wasm_bindgen]
pub struct RangeReader {
    inner: Option<crate::RangeReader>,
}

#[wasm_bindgen]
impl RangeReader {
    fn reader(&mut self) -> Result<&mut crate::RangeReader, JsValue> {
        self.inner.as_mut().ok_or_else(|| message_error("usage", &crate::Message::AnalyzerFinished))
    }

    /// Reads the range's next bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.reader()?.push(chunk).map_err(|e| error_to_js(&e))
    }

    /// Reads bytes past the range's end (starting at `pos()`) until a record ends; returns how
    /// many it used.
    pub fn extend(&mut self, bytes: &[u8]) -> Result<f64, JsValue> {
        self.reader()?.extend(bytes).map(|n| n as f64).map_err(|e| error_to_js(&e))
    }

    /// Whether more bytes are needed (inside the range, or a record not over at its end).
    #[wasm_bindgen(js_name = wantsMore)]
    pub fn wants_more(&self) -> bool {
        self.inner.as_ref().is_some_and(|r| r.wants_more())
    }

    /// The next byte of the file the reader needs.
    pub fn pos(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |r| r.pos() as f64)
    }

    /// Rows read so far, for progress displays.
    #[wasm_bindgen(js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |r| r.rows_read() as f64)
    }

    /// Ends the range: its partial state as bytes (a `Uint8Array`, transferable), for
    /// `Analyzer.absorbRange` in the coordinating worker; `undefined` when the range held a call
    /// twice (found as its calls were looked up at its end): the coordinator would refuse the
    /// state and read the range itself, so the worker reads it again with `eachCall` instead.
    pub fn finish(&mut self) -> Result<Option<Vec<u8>>, JsValue> {
        let reader = self.inner.take().ok_or_else(|| message_error("usage", &crate::Message::AnalyzerFinished))?;
        Ok(reader.finish())
    }
}

/// The engine's version, for the page footer.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The staffing calculator: `{calls, interval_min, aht_s, sl_target, sl_threshold_s,
/// max_occupancy, shrinkage, max_wait_probability, patience_s}` → `{traffic_erlangs, erlang_c,
/// erlang_a}`, the shape of `callscore erlang --json` (`erlang_a` is null without `patience_s`).
/// Throws an `Error` with `kind` `invalid_input` and a readable message for values out of range.
#[wasm_bindgen]
pub fn erlang(input: JsValue) -> Result<JsValue, JsValue> {
    let json: String = js_sys::JSON::stringify(&input).map(String::from).unwrap_or_default();
    let request: Request = serde_json::from_str(&json)
        .map_err(|e| message_error("invalid_input", &crate::Message::SettingsInvalid { detail: e.to_string() }))?;
    let required = request.required().map_err(|e| message_error("invalid_input", &e.message()))?;
    to_js(&required)
}

/// (A helper of the page's pool) the intervals' requirements of a coordinator's
/// `Analyzer.staffingWork` (under the settings it was asked with): a `Uint8Array` for its
/// `Analyzer.seedStaffing`. Throws (`kind` `malformed`) for work this engine did not write.
#[wasm_bindgen(js_name = staffingSeeds)]
pub fn staffing_seeds(work: &[u8]) -> Result<Vec<u8>, JsValue> {
    crate::staffing_seeds(work).map_err(|e| error_to_js(&e))
}

/// The sample data of "Try sample data", made by the engine's generator: `{days, seed, lang}` (each
/// optional: 30, 1, `"en"`) → `[{name, bytes}]`, `bytes` a `Uint8Array`, one entry per file (the
/// page analyses them all). Throws an `Error` with `kind` `invalid_input` for values out of range.
#[wasm_bindgen]
pub fn sample(request: JsValue) -> Result<JsValue, JsValue> {
    let request: crate::sample::SampleRequest = if request.is_undefined() || request.is_null() {
        Default::default()
    } else {
        let json: String = js_sys::JSON::stringify(&request).map(String::from).unwrap_or_default();
        serde_json::from_str(&json)
            .map_err(|e| message_error("invalid_input", &crate::Message::SettingsInvalid { detail: e.to_string() }))?
    };
    let files = request.files().map_err(|e| message_error("invalid_input", &e))?;
    let list = js_sys::Array::new();
    for file in files {
        let entry = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&entry, &JsValue::from_str("name"), &JsValue::from_str(&file.name));
        let bytes = js_sys::Uint8Array::from(file.bytes.as_slice());
        let _ = js_sys::Reflect::set(&entry, &JsValue::from_str("bytes"), &bytes);
        list.push(&entry);
    }
    Ok(list.into())
}

/// Every setting with its default value: the page's controls start from it (no copy of a default
/// in the page).
#[wasm_bindgen(js_name = defaultSettings)]
pub fn default_settings() -> Result<JsValue, JsValue> {
    to_js(&Settings::default())
}

/// The settings `report()` applies without reading the files again (`fcr_window_h` only when the
/// files were read with FCR on: `report.settings.fcr_window_h > 0`).
#[wasm_bindgen]
pub fn recomputable() -> Result<JsValue, JsValue> {
    to_js(&RECOMPUTABLE)
}

/// The values each choice setting and card field takes (variants, interval lengths, date orders,
/// delimiters, profiles, column fields, outcomes, scoring methods, gate effects, preset ids).
#[wasm_bindgen]
pub fn choices() -> Result<JsValue, JsValue> {
    to_js(&crate::choices())
}

/// The KPI catalogue: `[{id, unit, direction, additive, groupings, numerator, denominator, formula,
/// tile, default_target}]`, tiles first in the order the overview shows them.
#[wasm_bindgen(js_name = kpiCatalog)]
pub fn kpi_catalog() -> Result<JsValue, JsValue> {
    to_js(&CATALOG)
}

/// The engine's linear memory in bytes. It only grows, so after a run it is that run's peak: the
/// hostile-input tests hold it under a stated bound.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}

/// The scorecard presets shipped in the engine: `[{id, card}]`, `card` the parsed JSON the page's
/// editor starts from (`settings.scorecard` also takes `"preset:ID"`).
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsValue> {
    let list: Vec<serde_json::Value> =
        crate::PRESETS.iter().map(|(id, text)| serde_json::json!({ "id": id, "card": parsed(text) })).collect();
    to_js(&list)
}

/// A preset's JSON as a value (presets are checked by the tests, so they parse).
fn parsed(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_default()
}

/// The QA form presets: `[{id, form}]` (`settings.qa_form` also takes `"preset:ID"`).
#[wasm_bindgen(js_name = qaForms)]
pub fn qa_forms() -> Result<JsValue, JsValue> {
    let list: Vec<serde_json::Value> =
        crate::QA_FORMS.iter().map(|(id, text)| serde_json::json!({ "id": id, "form": parsed(text) })).collect();
    to_js(&list)
}

/// Checks a card (a JS object) the way `report()` would: `null` when valid, else
/// `{path, message, code, params}` with the path of the offending field
/// (`categories[1].metrics[0].weight`), so the page can show the message next to that field in the
/// user's language. A shape error from serde (wrong type, unknown field) has path `""`.
#[wasm_bindgen(js_name = validateScorecard)]
pub fn validate_scorecard(card: JsValue) -> Result<JsValue, JsValue> {
    let json: String = js_sys::JSON::stringify(&card).map(String::from).unwrap_or_default();
    to_js(&scorecard_problem(&json))
}

/// The first problem of a card as `{path, message, code, params}`, or None.
pub fn scorecard_problem(json: &str) -> Option<serde_json::Value> {
    let e = crate::ScorecardDef::from_json(json).err()?;
    let m = e.message();
    Some(serde_json::json!({
        "path": e.path().unwrap_or(""),
        "message": m.to_string(),
        "code": m.code(),
        "params": m.params(),
    }))
}

/// Every message the engine produces and every KPI formula: `{code: {en, zh}}` templates with
/// `{name}` placeholders for the `params` that come with each message in the report.
#[wasm_bindgen]
pub fn messages() -> Result<JsValue, JsValue> {
    let mut all = serde_json::Map::new();
    for (code, en, zh) in crate::TEMPLATES {
        all.insert(code.to_string(), serde_json::json!({ "en": en, "zh": zh }));
    }
    for (code, en, zh) in crate::formula_templates() {
        all.insert(code, serde_json::json!({ "en": en, "zh": zh }));
    }
    to_js(&all)
}
