// Module worker that runs the wasm engine, so the page stays responsive while a file is read.
//
// Messages in:  {type:'analyze', runId, files:[File], settings}
//               {type:'recompute', runId, settings}          (report() without reading again)
//               {type:'erlang', id, input}                   (staffing calculator → {type:'erlang', id, result|error})
//               {type:'call', id, fn, arg}                   (presets / qaForms / validateScorecard → {type:'call', id, result|error})
// Messages out: {type:'ready', version}
//               {type:'progress', runId, fileIndex, fileName, fileBytes, bytesDone, totalBytes, rows, elapsedMs}
//               {type:'file', runId, fileIndex, summary}
//               {type:'report', runId, report, elapsedMs, totalBytes}
//               {type:'error', runId, error:{kind, message, file, line, column}, fatal}
// A fatal error (wasm trap, panic, out of memory) leaves the instance unusable: the page then
// terminates this worker and starts a new one.

import init, { Analyzer, erlang, version, presets, qaForms, validateScorecard } from './pkg/callscore.js';

// Small engine functions the page calls by name (no file data involved).
const CALLS = { erlang, presets, qaForms, validateScorecard };

// 4 MiB: large enough that the per-chunk JS↔wasm crossing costs nothing, small enough that memory
// stays flat whatever the file size (one chunk in flight at a time).
const CHUNK = 4 * 1024 * 1024;

let analyzer = null;
const ready = init({ module_or_path: new URL('./pkg/callscore_bg.wasm', import.meta.url) }).then(
  () => postMessage({ type: 'ready', version: version() }),
  (e) => postMessage({ type: 'error', runId: 0, fatal: true, error: asError(e) }),
);

// Engine errors are plain objects {kind, message, …}; anything else (RuntimeError from a trap,
// RangeError from memory growth) is turned into the same shape and marked fatal.
function asError(e) {
  if (e && typeof e === 'object' && 'kind' in e && 'message' in e) return { ...e, fatal: false };
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
      postMessage({
        type: 'progress', runId, fileIndex: i, fileName: file.name, fileBytes: file.size,
        bytesDone: before + done, totalBytes, rows: analyzer.rowsRead(), elapsedMs: performance.now() - t0,
      });
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
    postMessage({ type: 'file', runId, fileIndex: i, summary });
    before += file.size;
  }
  const report = analyzer.finish();
  postMessage({ type: 'report', runId, report, elapsedMs: performance.now() - t0, totalBytes });
}

function recompute({ runId, settings }) {
  if (!analyzer) throw { kind: 'state', message: 'no data has been read yet' };
  const report = analyzer.report(settings);
  postMessage({ type: 'report', runId, report, recomputed: true });
}

onmessage = async (ev) => {
  const msg = ev.data;
  try {
    await ready;
    if (msg.type === 'analyze') await analyze(msg);
    else if (msg.type === 'recompute') recompute(msg);
    else if (msg.type === 'call') {
      try {
        if (!CALLS[msg.fn]) throw { kind: 'usage', message: `unknown engine function ${msg.fn}` };
        postMessage({ type: 'call', id: msg.id, result: CALLS[msg.fn](msg.arg) });
      } catch (e) {
        postMessage({ type: 'call', id: msg.id, error: { kind: e?.kind || 'invalid_input', message: e?.message || String(e) } });
      }
    }
  } catch (e) {
    const error = asError(e);
    postMessage({ type: 'error', runId: msg.runId, error, fatal: error.fatal });
  }
};
