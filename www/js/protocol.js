// The messages between the page (js/engine.js) and the engine worker (worker.js): their type names,
// their shapes, and one constructor per message. Both sides build and read messages only through
// this module, so the protocol is written down once and a renamed field breaks both sides alike.
//
// Runs: every analyze / recompute carries a runId chosen by the client; whatever the worker sends
// back about that run carries it too, so the client can drop messages of a run it has cancelled.
// Calls: small engine functions (no file data) are asked for by name with an id; the answer has it.
// Errors: {kind, code, params, message, file?, line?, column?, path?, fatal} (engineError()): the
// engine's message code and parameters ride along so the page renders them in its language.
// A fatal one (wasm trap, panic, out of memory) leaves the wasm instance unusable: the client then
// terminates the worker and starts a new one.
// Facts: with READY the worker sends what the engine knows and the page must not copy (setting
// defaults, recomputable settings, the KPI catalogue, message templates, choice lists, presets).

/** The formats the engine exports a report in (EXPORT). */
export const EXPORT_FORMATS = Object.freeze(['json', 'xlsx', 'csv', 'snapshot']);

/** Message type names. */
export const MSG = Object.freeze({
  // page → worker
  ANALYZE: 'analyze', // {type, runId, files: File[], settings}: read the files, then report
  RECOMPUTE: 'recompute', // {type, runId, settings}: report() again from what was read, no re-read
  CALL: 'call', // {type, id, fn, arg}: one engine function, fn one of ENGINE_FUNCTIONS
  // {type, id, format, lang, includeCallers}: the report shown, as the engine writes it (format
  // 'json' → text, 'xlsx' → Uint8Array, 'csv' → [{name, text}]); answered with CALL_RESULT
  EXPORT: 'export',
  // {type, runId, name, chunk: Blob, reset, settings}: the bytes a growing file gained since the last
  // read (reset: a new analysis of the file from its first byte), then report() — the wallboard's live mode
  LIVE: 'live',
  // The worker pool (js/engine.js starts it with the page): one coordinating worker, the one the
  // page talks to, and helpers of the same code, each with its own wasm instance, joined to it by
  // MessagePorts. {type, ports: MessagePort[]}: the coordinator's helpers (replacing any before).
  POOL: 'pool',
  // {type, port}: this worker is a helper: it reads byte ranges asked for on `port` (RANGE).
  HELPER: 'helper',
  // worker → page
  READY: 'ready', // {type, version, facts}: the wasm engine is loaded; facts: engineFacts()
  // {type, runId, fileIndex, fileName, fileBytes, bytesDone, totalBytes, rows, elapsedMs} while the
  // files are read; then {type, runId, phase: 'report', bytesDone, totalBytes, rows, elapsedMs}
  // once, as the report is built (a second or more for a large file: the bar must not sit still)
  PROGRESS: 'progress',
  FILE: 'file', // {type, runId, fileIndex, summary}: one file done (summary.error when it failed)
  // {type, runId, piece}: the next piece of the run's report text (a Uint8Array, transferred), sent
  // as the engine writes it so the page parses it while the rest is written (reportParser)
  REPORT_PIECE: 'report-piece',
  REPORT: 'report', // {type, runId, report, recomputed, elapsedMs?, totalBytes?, live?}: the run's result, report: JSON text in UTF-8 pieces (parseReport), the ones not sent before as REPORT_PIECE
  ERROR: 'error', // {type, runId, error, fatal}: the run failed (runId 0: not tied to a run, e.g. load)
  CALL_RESULT: 'call-result', // {type, id, result} or {type, id, error}: the answer to a CALL
});

/**
 * Engine functions the page may call by name through CALL (exports of pkg/callscore.js):
 * erlang(input) the staffing calculator, validateScorecard(card) → null or {path, message, code, params},
 * sample({days, seed, lang, channel}) → [{name, bytes}] the files of "Try sample data" (channel calls, chat or
 * outbound), made by the engine's generator.
 */
export const ENGINE_FUNCTIONS = Object.freeze(['erlang', 'validateScorecard', 'sample']);

/**
 * The engine exports whose answers never change for one engine build: the worker calls them once
 * and sends the result with READY (js/catalog.js holds it). `engine`: the wasm module's exports.
 */
export const FACT_FUNCTIONS = Object.freeze(['defaultSettings', 'recomputable', 'kpiCatalog', 'messages',
  'choices', 'presets', 'qaForms', 'version']);

/** {defaultSettings, recomputable, kpiCatalog, messages, choices, presets, qaForms, version} of an engine. */
export function engineFacts(engine) {
  return Object.fromEntries(FACT_FUNCTIONS.map((fn) => [fn, engine[fn]()]));
}

/** runId of messages that belong to no run (the worker failed to load, say). */
export const NO_RUN = 0;

// ---------------------------------------------------------------- page → worker
export const analyzeMsg = (runId, files, settings) => ({ type: MSG.ANALYZE, runId, files, settings });
export const recomputeMsg = (runId, settings) => ({ type: MSG.RECOMPUTE, runId, settings });
export const liveMsg = (runId, { name, chunk, reset, settings }) => ({
  type: MSG.LIVE, runId, name, chunk, reset, settings,
});
export const callMsg = (id, fn, arg) => ({ type: MSG.CALL, id, fn, arg });
export const poolMsg = (ports) => ({ type: MSG.POOL, ports });
export const helperMsg = (port) => ({ type: MSG.HELPER, port });

// ---------------------------------------------------------------- coordinator ↔ helper (MessagePort)
// coordinator → helper: {id, file: File, settings, zone, from, to, run}: read file bytes from..to
// (from after a line break) and on to the end of the record there, after the file's first
// HEAD_BYTES (how to read it), looking each call up as it comes once a range of the same run (one
// read of a file) was read so (rangeReads). A helper reads the ranges asked in order.
// helper → coordinator: {id, progress: true, bytes, rows} while reading, then {id, state:
// Uint8Array} (transferred: the range's partial state for Analyzer.absorbRange) or {id, error}.
export const rangeJobMsg = (id, { file, settings, zone, from, to, run }) =>
  ({ id, file, settings, zone, from, to, run });
export const rangeProgressMsg = (id, bytes, rows) => ({ id, progress: true, bytes, rows });
export const rangeStateMsg = (id, state) => ({ id, state });
export const rangeErrorMsg = (id, error) => ({ id, error });
// coordinator → helper: {id, staffing: Uint8Array} (transferred: Analyzer.staffingWork's bytes):
// the intervals' staffing of the report about to be built, worked out while the coordinator judges
// the repeat callers. helper → coordinator: {id, state: Uint8Array} (staffingSeeds' answer, for
// Analyzer.seedStaffing; sent as a range's state is) or {id, error}.
export const staffingJobMsg = (id, work) => ({ id, staffing: work });
/** The bytes of a file its first how-to-read decision is made from (the engine's HEAD_BYTES). */
export const HEAD_BYTES = 64 * 1024;
export const exportMsg = (id, { format, lang, includeCallers }) =>
  ({ type: MSG.EXPORT, id, format, lang, includeCallers: !!includeCallers });

// ---------------------------------------------------------------- worker → page
export const readyMsg = (version, facts) => ({ type: MSG.READY, version, facts });
/** p: {runId, fileIndex, fileName, fileBytes, bytesDone, totalBytes, rows, elapsedMs}, or the report's
 * phase {runId, phase: 'report', bytesDone, totalBytes, rows, elapsedMs} (PROGRESS) */
export const progressMsg = (p) => ({ type: MSG.PROGRESS, ...p });

/**
 * While files are read, their progress is told the page at most this often. Why: each message
 * redraws the page's progress line, and a frame costs the browser's own threads (page, compositor,
 * raster) several milliseconds of processor time in all; told at every piece read (30–40 times a
 * second at 200 MB with two workers) it took time the two workers needed: the report came
 * 4–6 % later (docs/performance.md, thirty-seventh pass).
 */
export const PROGRESS_MS = 200;

/**
 * `post(p)` at most every PROGRESS_MS (by `now()`, in ms): the first call posts at once, a call
 * sooner than that after the last posted is dropped (the next one says more anyway).
 */
export function progressTeller(post, now = () => performance.now()) {
  let toldAt = -Infinity;
  return (p) => {
    const t = now();
    if (t - toldAt < PROGRESS_MS) return;
    toldAt = t;
    post(p);
  };
}
export const fileMsg = (runId, fileIndex, summary) => ({ type: MSG.FILE, runId, fileIndex, summary });
/**
 * extra: {recomputed: true} after RECOMPUTE, {elapsedMs, totalBytes, ranges: {workers, merged, reread}}
 * after ANALYZE (ranges: the pool's work: most workers one file was read with, byte ranges added
 * from helpers, ranges the coordinator read again itself), {live: {bytes,
 * wasmBytes}} after LIVE (bytes read this time, the engine's memory).
 */
export const reportMsg = (runId, report, extra) => ({ type: MSG.REPORT, runId, report, recomputed: false, ...extra });
export const reportPieceMsg = (runId, piece) => ({ type: MSG.REPORT_PIECE, runId, piece });
/**
 * The report of a REPORT message: the engine writes its JSON text in UTF-8 pieces (Uint8Arrays of
 * 1 MiB, each cut at exactly that length, so one may end inside a character: decoded as one
 * stream), so that the text never sits whole in the engine's memory (Analyzer.finishJson).
 * It is the page's copy (worker.js SCREEN): the rows of days, weeks, months, intervals, weekday ×
 * hour, agents' and teams' periods and agent × queue come with empty `ratios` and
 * `service_level_variants`; the totals keep theirs, and the exports (EXPORT) carry them all.
 * Its text is lines of JSON (Report::write_screen_json): its intervals, then `{"report": …}` with
 * its intervals and agents' and teams' periods empty, then those periods — each table as
 * `{"table", "columns"}` and a line per row, its values in the columns' order, or `{"row": …}`
 * whole where its keys are not those. (The intervals come first: the engine writes their rows as it
 * builds them, before the rest of the report exists.) The lines are parsed as they are decoded, a
 * few KiB at a time: one parse of the whole text (19.5 MB at 1 GB of calls) left it, its pieces
 * and its arrays of values, about 100 MB, to be collected after the report was on screen; each
 * piece is let go once decoded (its entry in `pieces` set to null). A text of one line (not the
 * page's copy) is the report.
 */
export function parseReport(pieces) {
  const parser = reportParser();
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    pieces[i] = null; // let go: the pieces add up to the whole text
    parser.push(piece);
  }
  return parser.end();
}

/**
 * parseReport a piece at a time, as the pieces come (REPORT_PIECE): push(piece) each, in order,
 * then end() → the report.
 */
export function reportParser() {
  const decoder = new TextDecoder();
  let first; // the first line's value that is not a table's: the report, or {report}
  const tables = {}; // the tables' rows by name
  let table = null; // {rows, columns, template} of the table whose rows come
  let rest = ''; // the last line so far, not ended yet
  const take = (line) => {
    const value = JSON.parse(line);
    if (Array.isArray(value)) {
      // A copy of a template that already has every key: objects given their keys one by one
      // (o[key] = v) turn into dictionaries past a dozen keys in V8 — 143 MB for 40,000 rows of
      // 45 keys, against 38 MB as JSON.parse makes them and 29 MB as copies of a template.
      const o = { ...table.template };
      for (let i = 0; i < table.columns.length; i++) o[table.columns[i]] = value[i];
      table.rows.push(o);
    } else if (table && 'row' in value) {
      table.rows.push(value.row);
    } else if ('table' in value && 'columns' in value) {
      const { columns } = value;
      table = { columns, rows: [], template: JSON.parse(JSON.stringify(Object.fromEntries(columns.map((c) => [c, null])))) };
      tables[value.table] = table.rows;
    } else if (first === undefined) {
      first = value;
    }
  };
  const lines = (text) => {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      take(rest + text.slice(from, nl));
      rest = '';
      from = nl + 1;
    }
    rest += text.slice(from);
  };
  // Decoded 32 KiB at a time: strings that short are made and collected in V8's young generation.
  const STEP = 32 * 1024;
  return {
    push(piece) {
      for (let at = 0; at < piece.length; at += STEP) lines(decoder.decode(piece.subarray(at, at + STEP), { stream: true }));
    },
    end() {
      lines(decoder.decode());
      if (rest) take(rest);
      if (!Object.keys(tables).length) return first;
      return Object.assign(first.report, tables);
    },
  };
}
export const errorMsg = (runId, error, fatal) => ({ type: MSG.ERROR, runId, error, fatal: !!fatal });
export const callResultMsg = (id, result) => ({ type: MSG.CALL_RESULT, id, result });
export const callErrorMsg = (id, error) => ({ type: MSG.CALL_RESULT, id, error });

// ---------------------------------------------------------------- checks
const IN = new Set([MSG.ANALYZE, MSG.RECOMPUTE, MSG.CALL, MSG.EXPORT, MSG.LIVE, MSG.POOL, MSG.HELPER]);
const OUT = new Set([MSG.READY, MSG.PROGRESS, MSG.FILE, MSG.REPORT_PIECE, MSG.REPORT, MSG.ERROR, MSG.CALL_RESULT]);

/** A message the worker understands (else the worker answers with an error of kind 'protocol'). */
export const isRequest = (m) => !!m && typeof m === 'object' && IN.has(m.type);
/** A message the page understands (anything else from the worker is ignored). */
export const isReply = (m) => !!m && typeof m === 'object' && OUT.has(m.type);

// ---------------------------------------------------------------- errors
const ERROR_FIELDS = ['kind', 'code', 'params', 'message', 'file', 'line', 'column', 'path'];

/**
 * Anything an engine call threw, as a plain object that survives postMessage: {kind, code, params,
 * message, file, line, column, path, fatal}. The engine's own errors (JS Errors with `kind` or
 * `code`) are not fatal; a wasm trap (RuntimeError: a Rust panic, unreachable, out of bounds),
 * running out of memory or any other throw leaves the instance unusable: fatal.
 */
export function engineError(e) {
  if (typeof e === 'string') return { kind: 'engine', message: e, fatal: false };
  const trap = typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
  if (e && typeof e === 'object' && !trap && ('kind' in e || 'code' in e)) {
    const out = { fatal: false };
    // An Error's message is not enumerable: copy the fields by name, not with a spread.
    for (const k of ERROR_FIELDS) if (e[k] != null) out[k] = e[k];
    out.message ??= String(e.message ?? e.code ?? e.kind);
    return out;
  }
  const message = (e && e.message) || String(e);
  const oom = /memory|allocation|out of bounds|grow/i.test(message) && !(e instanceof TypeError);
  return { kind: oom ? 'out_of_memory' : 'crash', message, fatal: true };
}

/** Engine errors are plain objects {kind, message, …}; turns an answer's error into an Error. */
export function toError(e) {
  if (e instanceof Error) return e;
  return Object.assign(new Error(e?.message || String(e)), e && typeof e === 'object' ? e : {});
}
