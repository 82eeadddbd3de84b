// Module worker that runs the wasm engine, so the page stays responsive while a file is read.
// It reads each file in 4 MiB chunks (js/file-source.js), one Analyzer.push() per chunk, and
// answers engine-function calls by name. Once loaded it sends the engine's facts (defaults,
// catalogue, message templates, choices, presets) with READY. The messages in and out are those of
// js/protocol.js; js/engine.js is the only page module that talks to this worker.
//
// The pool: engine.js starts several copies of this worker. The one it talks to coordinates; the
// others are helpers joined to it by MessagePorts (POOL, HELPER). A plain text file of 8 MB or more
// is split into byte ranges at line breaks, dealt in turn to the workers (js/ranges.js): the
// coordinator reads the first range (its first 64 KiB decide how the file is read) and the others
// of its turn, while each helper reads its ranges with File.slice into an engine of its own and
// sends back each range's partial state as bytes (transferred); the coordinator adds them in file
// order (Analyzer.absorbRange), or reads a range itself when it did not start at a true record
// boundary or holds calls read before — as the native CLI's threads do (src/analyzer/ranges.rs).
// The report is the one a single reader makes.
import init, * as wasm from './pkg/callscore.js';
import { wasmSource } from './js/host.js';
import {
  MSG, ENGINE_FUNCTIONS, FACT_FUNCTIONS, EXPORT_FORMATS, NO_RUN, isRequest,
  readyMsg, progressMsg, progressTeller, fileMsg, reportMsg, reportPieceMsg, errorMsg,
  callResultMsg, callErrorMsg, engineFacts, engineError, rangeJobMsg, rangeProgressMsg, rangeStateMsg, rangeErrorMsg,
  staffingJobMsg,
} from './js/protocol.js';
import { MIN_RANGE, pieces, rangeReads, readInRanges } from './js/ranges.js';
import { blobSource, hold, release } from './js/file-source.js';

const { Analyzer } = wasm;
for (const fn of [...ENGINE_FUNCTIONS, ...FACT_FUNCTIONS]) {
  if (typeof wasm[fn] !== 'function') throw new Error(`engine has no ${fn}()`);
}

// 4 MiB: large enough that the per-chunk JS↔wasm crossing costs nothing, small enough that memory
// stays flat whatever the file size (one chunk in flight at a time).
const CHUNK = 4 * 1024 * 1024;

// Reports are asked for as the page's copy (finishJson/reportJson `screen`): the tables of periods
// and intervals without each row's numerators and denominators, which the page never shows (its
// tiles show the totals'), and which were a third of a year's report. Exports come from the engine.
const SCREEN = true;

let analyzer = null;
// The analyzer holds a file still open for the live mode (reset = false pushes to it).
let liveFile = null;
let memory = null; // the wasm instance's memory, for the live mode's figures
// Loading the engine or asking it for its facts can fail: either way the engine is unusable (fatal).
const ready = init({ module_or_path: wasmSource() })
  .then((exports) => { memory = exports.memory; postMessage(readyMsg(wasm.version(), engineFacts(wasm))); })
  .then(warmUp)
  .catch((e) => postMessage(errorMsg(NO_RUN, { ...engineError(e), fatal: true }, true)));

// Engine errors become plain objects {kind, code, params, message, …, fatal} (protocol.js).
const asError = engineError;

/** The browser's time zone: the engine reads epoch timestamps in it when the settings name none. */
const localZone = () => {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined; } catch { return undefined; }
};

const GZIP = [0x1f, 0x8b];

/**
 * The chunks of a file for the engine: pieces read one ahead (js/file-source.js: never more
 * than two in memory, the disk read overlapping the parsing), or — when the file starts with
 * gzip's magic bytes, whatever its name — the browser's DecompressionStream output.
 * `onRead(bytes)` reports the file bytes read so far (compressed bytes for a .gz file), for the
 * progress bar.
 */
async function* chunks(file, onRead) {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head.length === 2 && head[0] === GZIP[0] && head[1] === GZIP[1]) {
    let read = 0;
    // Both ends of the pipe are held while it is read (js/file-source.js hold(): a stream nothing
    // refers to can be collected in the middle of a read, which then never ends).
    const source = hold(file.stream());
    const counted = source.pipeThrough(new TransformStream({
      transform(chunk, ctl) { read += chunk.byteLength; ctl.enqueue(chunk); },
    }));
    const unzipped = hold(counted.pipeThrough(new DecompressionStream('gzip')));
    const reader = unzipped.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        onRead(read);
        yield value;
      }
    } finally {
      reader.cancel().catch(() => {});
      release(unzipped);
      release(source);
    }
  }
  let read = 0;
  for await (const piece of pieces(blobSource(file), 0, file.size, CHUNK)) {
    read += piece.length;
    onRead(read);
    yield piece;
  }
}

/** Days of generated calls the warm-up reads (about 2.4 MB, 20 k calls; 0.5–0.7 s as the page opens). */
const WARM_UP_DAYS = 7;

/**
 * Runs the engine once over a generated week of calls, as a pooled read of two ranges (the
 * coordinator's steps and a helper's in this one worker) up to the report as JSON, and throws it
 * away. Why: the browser first runs wasm code compiled by its quick baseline compiler and compiles
 * a function with its optimising compiler only once it has been busy — a function running its loop
 * over a whole file is not replaced while it runs — so the first file read in a fresh page ran at
 * half speed (20 MB: 0.86 s the first time, 0.39 s the next, same page). Run after READY: a file
 * chosen meanwhile waits for it. An engine error here is not about the user's files: ignored; a
 * trap leaves the instance unusable: fatal, as when loading fails (the page restarts the worker).
 */
async function warmUp() {
  try {
    const [calls] = wasm.sample({ days: WARM_UP_DAYS, seed: 1, channel: 'calls' });
    const bytes = calls.bytes;
    const src = { size: bytes.length, read: async (from, to) => bytes.slice(from, to) };
    const zone = localZone();
    const opts = { name: calls.name, settings: undefined, zone, chunk: 256 * 1024 };
    const reads = rangeReads(wasm);
    const a = new Analyzer(undefined, zone);
    try {
      a.beginFile(calls.name);
      a.expectBytes(bytes.length);
      await readInRanges(a, src, {
        workers: 2,
        chunk: opts.chunk,
        rangeJob: (_h, from, to, run) => reads(src, { ...opts, from, to, run }),
      });
      a.endFile();
      a.finishJson(SCREEN);
    } finally {
      a.free();
    }
  } catch (e) {
    const error = engineError(e);
    if (error.fatal) postMessage(errorMsg(NO_RUN, error, true));
  }
}

// ---------------------------------------------------------------- the pool
/** Files smaller than this are read by one worker (splitting costs more than it saves). */
const POOL_MIN_BYTES = 8 * 1024 * 1024;
let helpers = []; // (coordinator) MessagePorts to the helper workers
let jobSeq = 0;
const jobs = new Map(); // job id → {resolve, onProgress}

function setPool(ports) {
  for (const p of helpers) p.close();
  for (const j of jobs.values()) j.resolve({ error: { kind: 'pool', message: 'pool replaced' } });
  jobs.clear();
  helpers = ports;
  for (const port of ports) {
    port.onmessage = (ev) => {
      const m = ev.data;
      const job = jobs.get(m?.id);
      if (!job) return;
      if (m.progress) { job.onProgress(m.bytes, m.rows); return; }
      jobs.delete(m.id);
      job.resolve(m.error ? { error: m.error } : { state: m.state });
    };
  }
}

/** Asks a helper for a range's partial state: resolves {state} or {error} (never rejects). */
function runJob(port, job, onProgress) {
  return ask(port, (id) => rangeJobMsg(id, job), [], onProgress);
}

/** Posts a helper the message `msgOf(id)` of a new job: resolves {state} or {error} (never rejects). */
function ask(port, msgOf, transfer = [], onProgress = () => {}) {
  const id = ++jobSeq;
  return new Promise((resolve) => {
    jobs.set(id, { resolve, onProgress });
    port.postMessage(msgOf(id), transfer);
  });
}

/**
 * (Coordinator) before a report's first build: a helper works out the intervals' staffing while
 * this worker judges the repeat callers, the two longest parts of a big report's build, which
 * otherwise ran one after the other here while the helpers waited (Analyzer.staffingWork; 1 GB:
 * 190 ms and 430 ms). The report is the same either way: a helper that fails, or an answer that
 * cannot be read, leaves the staffing to the build.
 */
async function staffingBeside() {
  if (!helpers.length) return;
  const work = analyzer.staffingWork();
  if (!work) return;
  const answer = ask(helpers[0], (id) => staffingJobMsg(id, work), [work.buffer]);
  analyzer.judgeRepeatCallers();
  const { state } = await answer;
  if (!state) return;
  try {
    analyzer.seedStaffing(state);
  } catch (e) {
    if (asError(e).fatal) throw e;
  }
}

/**
 * (Helper) reads the byte ranges the coordinator asks for on `port`, one after another in the order
 * asked (helperReads): the coordinator asks for the next while this helper reads one.
 */
function becomeHelper(port) {
  port.onmessage = async (ev) => {
    const job = ev.data;
    try {
      await ready;
      if (job.staffing) {
        const seeds = wasm.staffingSeeds(job.staffing);
        port.postMessage(rangeStateMsg(job.id, seeds), [seeds.buffer]);
        return;
      }
      const { state } =
        await readRange(job, (bytes, rows) => port.postMessage(rangeProgressMsg(job.id, bytes, rows)));
      port.postMessage(rangeStateMsg(job.id, state), [state.buffer]);
    } catch (e) {
      const error = asError(e);
      port.postMessage(rangeErrorMsg(job.id, error));
      // A trapped instance can't be trusted again: say so to the page, which restarts the pool.
      if (error.fatal) postMessage(errorMsg(NO_RUN, error, true));
    }
  };
}

/** (Helper) the ranges asked for, read one after another (js/ranges.js rangeReads). */
const helperReads = rangeReads(wasm);

/** (Helper) one byte range of a file into its partial state: {state (a Uint8Array)}. */
function readRange({ file, settings, zone, from, to, run }, onProgress) {
  const opts = { name: file.name, settings, zone, from, to, run, chunk: CHUNK };
  return helperReads(blobSource(file), opts, onProgress);
}

/** How many workers read `file` (1: the coordinator alone). */
async function workersFor(file) {
  if (!helpers.length || file.size < POOL_MIN_BYTES) return 1;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head.length === 2 && head[0] === GZIP[0] && head[1] === GZIP[1]) return 1;
  return Math.max(1, Math.min(1 + helpers.length, Math.floor(file.size / MIN_RANGE)));
}

/**
 * (Coordinator) reads `file` into the analyzer with `n` workers (js/ranges.js).
 * progress(bytesDone, helperRows). Returns {merged, reread}.
 */
function readWithPool(file, n, settings, zone, progress) {
  const helperBytes = new Array(n).fill(0); // of the range each helper is reading now
  const helperRows = new Array(n).fill(0);
  let own = 0;
  const sum = (list) => list.reduce((s, b) => s + b, 0);
  const tell = () => progress(own + sum(helperBytes), sum(helperRows));
  const rangeJob = (h, from, to, run) => {
    const job = { file, settings, zone, from, to, run };
    return runJob(helpers[h], job, (bytes, rows) => {
      helperBytes[h] = bytes;
      helperRows[h] = rows;
      tell();
    }).then((r) => { helperBytes[h] = 0; helperRows[h] = 0; return r; });
  };
  const isFatal = (e) => asError(e).fatal;
  const onOwn = (bytes) => { own = bytes; tell(); };
  return readInRanges(analyzer, blobSource(file), { workers: n, chunk: CHUNK, rangeJob, isFatal }, onOwn);
}

async function analyze({ runId, files, settings }) {
  if (analyzer) { try { analyzer.free(); } catch { /* a poisoned instance: ignore */ } }
  analyzer = null;
  liveFile = null;
  const zone = localZone();
  analyzer = new Analyzer(settings, zone);
  const totalBytes = files.reduce((s, f) => s + f.size, 0);
  const t0 = performance.now();
  const ranges = { workers: 1, merged: 0, reread: 0 };
  let before = 0; // bytes of the files already done
  const told = progressTeller((p) =>
    postMessage(progressMsg({ runId, totalBytes, elapsedMs: performance.now() - t0, ...p })));
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    analyzer.beginFile(file.name);
    analyzer.expectBytes(file.size);
    let failed = null;
    let done = 0;
    const n = await workersFor(file);
    if (n > 1) {
      ranges.workers = Math.max(ranges.workers, n);
      // The rows of a helper's state waiting to be added are counted nowhere until it is: the
      // count shown never goes back meanwhile.
      let rowsShown = 0;
      try {
        const r = await readWithPool(file, n, settings, zone, (bytes, helperRows) => {
          rowsShown = Math.max(rowsShown, analyzer.rowsRead() + helperRows);
          told({
            fileIndex: i, fileName: file.name, fileBytes: file.size,
            bytesDone: before + Math.min(file.size, bytes), rows: rowsShown,
          });
        });
        ranges.merged += r.merged;
        ranges.reread += r.reread;
      } catch (e) {
        failed = asError(e);
        if (failed.fatal) throw e;
      }
    } else {
      for await (const chunk of chunks(file, (m) => { done = m; })) {
        try {
          analyzer.push(chunk);
        } catch (e) {
          failed = asError(e);
          if (failed.fatal) throw e;
          break; // this file can't be read: its summary carries the error, go on with the next
        }
        told({
          fileIndex: i, fileName: file.name, fileBytes: file.size, bytesDone: before + done, rows: analyzer.rowsRead(),
        });
      }
    }
    let summary;
    try {
      summary = analyzer.endFile();
    } catch (e) {
      const err = asError(e);
      if (err.fatal) throw e;
      summary = { file: file.name, bytes: file.size, error: err };
    }
    if (failed && summary && !summary.error) summary.error = failed;
    postMessage(fileMsg(runId, i, summary));
    before += file.size;
  }
  // Every file read: the page says the report is being built while it is (1–3 s for 1–2 GB).
  postMessage(progressMsg({
    runId, phase: 'report', bytesDone: totalBytes, totalBytes, rows: analyzer.rowsRead(), elapsedMs: performance.now() - t0,
  }));
  await staffingBeside();
  const report = analyzer.finishJson(SCREEN, pieceTo(runId));
  sendReport(reportMsg(runId, report, { elapsedMs: performance.now() - t0, totalBytes, ranges }));
}

/** Posts a REPORT message, its report's pieces (finishJson, reportJson) transferred, not copied. */
const sendReport = (msg) => postMessage(msg, msg.report.map((piece) => piece.buffer));

/** finishJson/reportJson's onPiece for a run: each piece of its report posted (transferred) as
 * soon as the engine has written it, so the page parses it while the rest is written. */
const pieceTo = (runId) => (piece) => postMessage(reportPieceMsg(runId, piece), [piece.buffer]);

/**
 * The live mode: the bytes a growing file gained since the last read are pushed to an analyzer kept
 * open across reads (a file cut in the middle of a line waits for the rest, as in any chunking),
 * then flush() reads what has arrived and report() gives the figures so far. reset starts again from
 * the file's first byte (a new file, a new day, a rotated log). Only the new bytes cross over.
 */
async function live({ runId, name, chunk, reset, settings }) {
  if (reset || !analyzer || liveFile !== name) {
    if (!reset) throw { kind: 'live_reset', message: 'the engine holds no open file: read it again from the start' };
    if (analyzer) { try { analyzer.free(); } catch { /* ignore */ } }
    analyzer = new Analyzer(settings, localZone());
    analyzer.beginFile(name);
    liveFile = name;
  }
  const buf = new Uint8Array(await chunk.arrayBuffer());
  for (let off = 0; off < buf.length; off += CHUNK) analyzer.push(buf.subarray(off, Math.min(off + CHUNK, buf.length)));
  analyzer.flush();
  const report = analyzer.reportJson(settings, SCREEN, pieceTo(runId));
  const wasmBytes = memory ? memory.buffer.byteLength : null;
  sendReport(reportMsg(runId, report, { live: { bytes: buf.length, wasmBytes } }));
}

function recompute({ runId, settings }) {
  if (!analyzer) throw { kind: 'state', message: 'no data has been read yet' };
  const report = analyzer.reportJson(settings, SCREEN, pieceTo(runId));
  sendReport(reportMsg(runId, report, { recomputed: true }));
}

/** The report shown, written by the engine (the same bytes as the CLI's --json, --xlsx, --csv). */
function exportReport({ id, format, lang, includeCallers }) {
  try {
    if (!analyzer) throw { kind: 'state', message: 'no report to export yet' };
    if (!EXPORT_FORMATS.includes(format)) throw { kind: 'usage', message: `unknown export format ${format}` };
    const result = format === 'json' ? analyzer.exportJson(includeCallers)
      : format === 'xlsx' ? analyzer.exportXlsx(lang, includeCallers)
        : format === 'snapshot' ? analyzer.snapshot() // never with callers: a snapshot holds none
          : analyzer.exportCsv(lang, includeCallers);
    postMessage(callResultMsg(id, result));
  } catch (e) {
    const error = asError(e);
    if (error.fatal) postMessage(errorMsg(NO_RUN, error, true));
    else postMessage(callErrorMsg(id, error));
  }
}

function call({ id, fn, arg }) {
  if (!ENGINE_FUNCTIONS.includes(fn)) {
    postMessage(callErrorMsg(id, { kind: 'usage', message: `unknown engine function ${fn}`, fatal: false }));
    return;
  }
  try {
    postMessage(callResultMsg(id, wasm[fn](arg)));
  } catch (e) {
    const error = asError(e);
    // A trap inside the call poisons the instance: say so as a fatal error (the page restarts the
    // worker, which also fails this call); an ordinary engine error is the call's answer.
    if (error.fatal) postMessage(errorMsg(NO_RUN, error, true));
    else postMessage(callErrorMsg(id, error));
  }
}

onmessage = async (ev) => {
  const msg = ev.data;
  try {
    if (!isRequest(msg)) throw { kind: 'protocol', message: `unknown message ${JSON.stringify(msg?.type)}` };
    if (msg.type === MSG.POOL) { setPool(msg.ports); return; }
    if (msg.type === MSG.HELPER) { becomeHelper(msg.port); return; }
    await ready;
    if (msg.type === MSG.ANALYZE) await analyze(msg);
    else if (msg.type === MSG.RECOMPUTE) recompute(msg);
    else if (msg.type === MSG.CALL) call(msg);
    else if (msg.type === MSG.EXPORT) exportReport(msg);
    else if (msg.type === MSG.LIVE) await live(msg);
  } catch (e) {
    const error = asError(e);
    postMessage(errorMsg(msg?.runId ?? NO_RUN, error, error.fatal));
  }
};
