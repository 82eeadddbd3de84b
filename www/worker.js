// Module worker that runs the wasm engine, so the page stays responsive while a file is read.
// It reads each file with file.slice() in 4 MiB chunks, one Analyzer.push() per chunk, and
// answers engine-function calls by name. The messages in and out are those of js/protocol.js;
// js/engine.js is the only page module that talks to this worker.
import init, { Analyzer, erlang, version, presets, qaForms, validateScorecard } from './pkg/callscore.js';
import {
  MSG, ENGINE_FUNCTIONS, NO_RUN, isRequest, readyMsg, progressMsg, fileMsg, reportMsg, errorMsg, callResultMsg,
  callErrorMsg,
} from './js/protocol.js';

// Small engine functions the page calls by name (no file data involved): ENGINE_FUNCTIONS.
const CALLS = { erlang, presets, qaForms, validateScorecard };
for (const fn of ENGINE_FUNCTIONS) if (typeof CALLS[fn] !== 'function') throw new Error(`engine has no ${fn}()`);

// 4 MiB: large enough that the per-chunk JS↔wasm crossing costs nothing, small enough that memory
// stays flat whatever the file size (one chunk in flight at a time).
const CHUNK = 4 * 1024 * 1024;

let analyzer = null;
const ready = init({ module_or_path: new URL('./pkg/callscore_bg.wasm', import.meta.url) }).then(
  () => postMessage(readyMsg(version())),
  (e) => postMessage(errorMsg(NO_RUN, asError(e), true)),
);

// Engine errors are plain objects {kind, message, …}; anything else (RuntimeError from a trap,
// RangeError from memory growth) is turned into the same shape and marked fatal.
function asError(e) {
  // An engine Error's `message` is its own but not enumerable: spreading alone would drop it.
  if (e && typeof e === 'object' && 'kind' in e && 'message' in e) return { ...e, message: e.message, fatal: false };
  if (typeof e === 'string') return { kind: 'engine', message: e, fatal: false };
  const message = (e && e.message) || String(e);
  const oom = /memory|allocation|out of bounds|grow/i.test(message) && !(e instanceof TypeError);
  return { kind: oom ? 'out_of_memory' : 'crash', message, fatal: true };
}

async function analyze({ runId, files, settings }) {
  if (analyzer) { try { analyzer.free(); } catch { /* a poisoned instance: ignore */ } }
  analyzer = null;
  analyzer = new Analyzer(settings);
  const totalBytes = files.reduce((s, f) => s + f.size, 0);
  const t0 = performance.now();
  let before = 0; // bytes of the files already done
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    analyzer.beginFile(file.name);
    let failed = null;
    // Read one slice ahead while the engine works on the current one: never more than two
    // chunks in memory, and the disk read overlaps the parsing.
    const read = (off) => (off < file.size ? file.slice(off, Math.min(off + CHUNK, file.size)).arrayBuffer() : null);
    let next = read(0);
    for (let off = 0; off < file.size; off += CHUNK) {
      const buf = await next;
      next = read(off + CHUNK);
      try {
        analyzer.push(new Uint8Array(buf));
      } catch (e) {
        failed = asError(e);
        if (failed.fatal) throw e;
        break; // this file can't be read: its summary carries the error, go on with the next
      }
      const done = Math.min(off + CHUNK, file.size);
      postMessage(progressMsg({
        runId, fileIndex: i, fileName: file.name, fileBytes: file.size, bytesDone: before + done, totalBytes,
        rows: analyzer.rowsRead(), elapsedMs: performance.now() - t0,
      }));
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
  const report = analyzer.finish();
  postMessage(reportMsg(runId, report, { elapsedMs: performance.now() - t0, totalBytes }));
}

function recompute({ runId, settings }) {
  if (!analyzer) throw { kind: 'state', message: 'no data has been read yet' };
  postMessage(reportMsg(runId, analyzer.report(settings), { recomputed: true }));
}

function call({ id, fn, arg }) {
  try {
    if (!ENGINE_FUNCTIONS.includes(fn)) throw { kind: 'usage', message: `unknown engine function ${fn}` };
    postMessage(callResultMsg(id, CALLS[fn](arg)));
  } catch (e) {
    postMessage(callErrorMsg(id, { kind: e?.kind || 'invalid_input', message: e?.message || String(e) }));
  }
}

onmessage = async (ev) => {
  const msg = ev.data;
  try {
    if (!isRequest(msg)) throw { kind: 'protocol', message: `unknown message ${JSON.stringify(msg?.type)}` };
    await ready;
    if (msg.type === MSG.ANALYZE) await analyze(msg);
    else if (msg.type === MSG.RECOMPUTE) recompute(msg);
    else if (msg.type === MSG.CALL) call(msg);
  } catch (e) {
    const error = asError(e);
    postMessage(errorMsg(msg?.runId ?? NO_RUN, error, error.fatal));
  }
};
