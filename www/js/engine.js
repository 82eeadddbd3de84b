// The one client of the engine worker (worker.js): starts it, runs analyses and recomputations,
// calls engine functions by name, cancels (terminate + a fresh worker) and recovers from crashes
// (a fatal error terminates the worker; the next one starts clean). It also starts the worker pool
// with the page: helper workers (the same worker.js) joined to the coordinating worker by
// MessagePorts, so that a large file is read by every core (see worker.js); cancel and crashes end
// every worker of the pool and start a fresh one. A helper holds one range's state at a time (about
// 32 MB of the file), so what its wasm instance keeps after a run is bounded whatever the file. Results come back as promises
// and callbacks; no UI code here, so app.js decides what the page shows.
import {
  MSG, ENGINE_FUNCTIONS, NO_RUN, isReply, analyzeMsg, recomputeMsg, callMsg, exportMsg, liveMsg, toError,
  poolMsg, helperMsg, reportParser,
} from './protocol.js';
import { createWorker } from './host.js';

/** A run that was cancelled or replaced by a newer one rejects with an Error of this kind. */
export const CANCELLED = 'cancelled';

/** The most workers a file is read with (each holds a wasm instance and its range's state). */
export const MAX_WORKERS = 4;

/** Workers for this machine: its cores, at most MAX_WORKERS (`requested`: a number asked for, for tests). */
export function poolSize(requested) {
  const n = Number(requested) || (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1;
  return Math.max(1, Math.min(MAX_WORKERS, Math.floor(n)));
}

/**
 * createEngine({onReady(facts, version), onError(error), onPoolReady(size), workers}):
 *   onReady  the wasm engine of a (new) worker is loaded; facts: what it knows (protocol.js
 *            engineFacts(): defaults, catalogue, message templates, choices, presets)
 *   onError  an error that belongs to no run (the engine failed to load, the worker died idle);
 *            error.fatal tells whether the worker was ended
 *   onPoolReady(size)  every worker of the pool (started with the page, again after a cancel or a
 *            crash) has its engine loaded
 *   workers  how many workers (default: the machine's cores, at most MAX_WORKERS)
 */
export function createEngine({ onReady = () => {}, onError = () => {}, onPoolReady = () => {}, workers } = {}) {
  const size = poolSize(workers);
  let helpersLoaded = 0; // helpers of this pool whose engine is loaded
  let worker = null;
  let helpers = []; // the helper workers of the pool (the coordinator is `worker`)
  let loaded = false; // this worker has said READY (a worker that can't load is not restarted in a loop)
  let hasData = false; // the worker's analyzer holds the run shown (recompute possible)
  let runId = NO_RUN;
  let run = null; // the run in flight: {id, resolve, reject, onProgress, onFile, recompute, parser (of its report)}
  const calls = new Map(); // call id → {resolve, reject}
  let callSeq = 0;

  function start() {
    worker = createWorker();
    loaded = false;
    hasData = false;
    worker.onmessage = (ev) => receive(ev.data);
    // An uncaught error inside the worker (e.g. the wasm module failed to load) ends up here.
    worker.onerror = (ev) => {
      ev.preventDefault();
      crash({ kind: 'crash', message: ev.message || 'worker error' });
    };
    startHelpers();
  }

  /** Starts size - 1 helpers and hands the coordinator a port to each. */
  function startHelpers() {
    const ports = [];
    for (let i = 1; i < size; i++) {
      const h = createWorker();
      const channel = new MessageChannel();
      // A helper only speaks to the page to say it failed (a trap, a failed load): the pool restarts.
      h.onmessage = (ev) => {
        const msg = ev.data;
        if (msg?.type === MSG.READY && helpers.includes(h)) { helpersLoaded++; poolCheck(); }
        if (msg?.type === MSG.ERROR && msg.fatal) crash(msg.error);
      };
      h.onerror = (ev) => {
        ev.preventDefault();
        crash({ kind: 'crash', message: ev.message || 'worker error' });
      };
      h.postMessage(helperMsg(channel.port2), [channel.port2]);
      ports.push(channel.port1);
      helpers.push(h);
    }
    worker.postMessage(poolMsg(ports), ports);
  }

  function stopHelpers() {
    for (const h of helpers) h.terminate();
    helpers = [];
    helpersLoaded = 0;
  }

  /** Every worker of the pool has its engine loaded: a file is read at full speed from now. */
  function poolCheck() {
    if (loaded && helpersLoaded === helpers.length) onPoolReady(size);
  }

  /** Ends the worker; every answer still awaited from it fails. `restart`: start a new one now. */
  function stop(restart, reason) {
    stopHelpers();
    if (worker) worker.terminate();
    worker = null;
    hasData = false;
    for (const c of calls.values()) c.reject(new Error('engine restarted'));
    calls.clear();
    if (run) { const r = run; run = null; r.reject(reason); }
    if (restart) start();
  }

  function crash(error) {
    const inRun = !!run;
    const wasLoaded = loaded;
    // A trapped or out-of-memory instance can't be trusted again. A worker that never loaded
    // would fail again the same way: the next request starts one instead.
    stop(wasLoaded, Object.assign(toError(error), { fatal: true }));
    if (!inRun) onError(Object.assign(toError(error), { fatal: true }));
  }

  function receive(msg) {
    if (!isReply(msg)) return;
    if (msg.type === MSG.CALL_RESULT) {
      const c = calls.get(msg.id);
      calls.delete(msg.id);
      if (c) { if (msg.error) c.reject(toError(msg.error)); else c.resolve(msg.result); }
      return;
    }
    if (msg.type === MSG.READY) { loaded = true; onReady(msg.facts, msg.version); poolCheck(); return; }
    if (msg.type === MSG.ERROR && msg.runId === NO_RUN) {
      if (msg.fatal) crash(msg.error);
      else onError(toError(msg.error));
      return;
    }
    if (!run || msg.runId !== run.id) return; // a stale message from a cancelled run
    if (msg.type === MSG.PROGRESS) run.onProgress?.(msg);
    else if (msg.type === MSG.REPORT_PIECE) {
      try {
        (run.parser ??= reportParser()).push(msg.piece);
      } catch (e) { // never expected: the engine wrote text that is not its JSON
        const r = run;
        run = null;
        r.reject(e);
      }
    } else if (msg.type === MSG.FILE) run.onFile?.(msg.summary);
    else if (msg.type === MSG.REPORT) {
      const r = run;
      run = null;
      // Every file failed: the analyzer now holds the failed run, not a report worth recomputing.
      // JSON text in UTF-8 pieces (transferred), parsed here once (protocol.js): most came before,
      // as they were written (REPORT_PIECE), and were parsed then.
      let report;
      try {
        const parser = r.parser ?? reportParser();
        for (const piece of msg.report) parser.push(piece);
        report = parser.end();
      } catch (e) {
        r.reject(e);
        return;
      }
      const inputs = report.inputs || [];
      hasData = msg.recomputed || !(inputs.length && inputs.every((i) => i.error));
      const { recomputed, elapsedMs, totalBytes, live, ranges } = msg;
      r.resolve({ report, recomputed, elapsedMs, totalBytes, live, ranges });
    } else if (msg.type === MSG.ERROR) {
      if (msg.fatal) { crash(msg.error); return; }
      const r = run;
      run = null;
      r.reject(toError(msg.error));
    }
  }

  function begin(opts, post) {
    if (run) cancel(); // one run at a time: a new one replaces the one in flight
    if (!worker) start();
    runId++;
    return new Promise((resolve, reject) => {
      run = { id: runId, resolve, reject, ...opts };
      post(runId);
    });
  }

  /** Stops the run in flight for real: the worker is terminated and a fresh one started. */
  function cancel() {
    const reason = Object.assign(new Error('cancelled'), { kind: CANCELLED });
    stop(true, reason);
  }

  return {
    /**
     * Reads the files with the engine settings. Resolves {report, elapsedMs, totalBytes, ranges}
     * (ranges: {workers, merged, reread}, how the pool read them); rejects
     * with the engine's error ({kind, code, params, message, file, line, column, fatal}) or kind CANCELLED.
     * onProgress({fileName, bytesDone, totalBytes, rows, elapsedMs, …}; phase: 'report' once every file is
     * read, as the report is built), onFile(summary).
     */
    analyze(files, settings, { onProgress, onFile } = {}) {
      return begin({ onProgress, onFile }, (id) => {
        hasData = false; // the worker drops what it held as soon as it starts reading
        worker.postMessage(analyzeMsg(id, files, settings));
      });
    },
    /**
     * The live mode: pushes `chunk` (a Blob: the bytes the file `name` gained since the last read) to
     * the analyzer the worker keeps open (reset: a new one, from the file's first byte) and resolves
     * {report, live: {bytes, wasmBytes}}. Rejects with kind 'live_reset' when the worker holds no open
     * file (restarted, or another analysis ran): read the file again from the start.
     */
    live({ name, chunk, reset, settings }) {
      return begin({}, (id) => {
        hasData = false;
        worker.postMessage(liveMsg(id, { name, chunk, reset, settings }));
      });
    },
    /** report() again from what was read (see canRecompute); resolves {report, recomputed: true}. */
    recompute(settings) {
      return begin({}, (id) => worker.postMessage(recomputeMsg(id, settings)));
    },
    /** Calls an engine function in the worker by name (ENGINE_FUNCTIONS); resolves with its result. */
    call(fn, arg) {
      if (!ENGINE_FUNCTIONS.includes(fn)) return Promise.reject(new Error(`unknown engine function ${fn}`));
      if (!worker) start();
      const id = ++callSeq;
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve, reject });
        worker.postMessage(callMsg(id, fn, arg));
      });
    },
    /**
     * The report shown, as the engine writes it: {format: 'json' | 'xlsx' | 'csv' | 'snapshot', lang,
     * includeCallers} → JSON text, xlsx bytes, [{name, text}] CSV files, or the snapshot of what was
     * read (JSON text, no caller numbers or call ids). Private by default.
     */
    exportReport(opts) {
      if (!worker || !hasData) return Promise.reject(new Error('no report to export'));
      const id = ++callSeq;
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve, reject });
        worker.postMessage(exportMsg(id, opts));
      });
    },
    cancel,
    /** Starts the worker now (so the engine loads before the first file is chosen). */
    start() { if (!worker) start(); },
    /** Workers in the pool (the coordinator and its helpers), started or not. */
    get workers() { return size; },
    /** A run (analyze or recompute) is in flight. */
    get running() { return !!run; },
    /** The worker holds what was read for the report shown: recompute() is possible. */
    get canRecompute() { return hasData && !run; },
  };
}
