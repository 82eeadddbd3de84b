// One file read as byte ranges by several engines (the page's worker pool), with exactly the report
// of one reader: the page's side of the engine's range API (Analyzer.rangeReader, absorbRange,
// extendToBoundary, atRecordBoundary), the same steps as the native CLI's threads
// (src/analyzer/ranges.rs). Used by worker.js (the coordinator and its helpers) and by the Node
// tests, on any source of bytes: {size, read(from, to) → Promise<Uint8Array>, pieces?(from, to, chunk)}.
import { HEAD_BYTES } from './protocol.js';

/** A file is read by as many workers as it holds ranges of this length, at most (as the native CLI's
 * threads); the coordinator's own ranges are shorter than the others ([`ownShare`]). */
export const MIN_RANGE = 4 * 1024 * 1024;

/**
 * Bytes from..to of a source in `chunk`-byte pieces, the next one read while this one is used: the
 * source's own pieces() where it has one (a File: js/file-source.js, whose pieces are valid only
 * until the next is asked for — each is pushed to an engine, which copies it, at once), else its
 * read() a piece at a time.
 */
export async function* pieces(src, from, to, chunk) {
  if (src.pieces) {
    yield* src.pieces(from, to, chunk);
    return;
  }
  const read = (off) => (off < to ? src.read(off, Math.min(off + chunk, to)) : null);
  let next = read(from);
  for (let off = from; off < to; off += chunk) {
    const buf = await next;
    next = read(off + chunk);
    yield buf;
  }
}

/** The first offset after a line break at or after `at` (within the next MIN_RANGE bytes), or null. */
export async function lineStartAfter(src, at) {
  for (let pos = at; pos < src.size && pos < at + MIN_RANGE; pos += HEAD_BYTES) {
    const buf = await src.read(pos, Math.min(pos + HEAD_BYTES, src.size));
    const i = buf.indexOf(10);
    if (i >= 0) return pos + i + 1 < src.size ? pos + i + 1 : null;
  }
  return null;
}

/**
 * (A helper) one byte range `from..to` of a file into its partial state (a Uint8Array, for
 * absorbRange in the coordinator): a fresh engine hears the file's first HEAD_BYTES (how to read
 * it), then reads the range and on to the end of the record there. Its calls are looked up for
 * duplicates when it ends, or each as it comes with `eachCall`. A range found then to hold a call
 * twice (its state would be refused, and the range read by the coordinator alone) is read again
 * here looking each call up. Returns {state, eachCall}: eachCall true when the range was read
 * looking each call up (the helper's next ranges are then read so too: rangeReads).
 * engine: the wasm module's exports; onProgress(bytesOfTheRange, rows).
 */
export async function readRangeState(engine, src, opts, onProgress = () => {}) {
  const eachCall = !!opts.eachCall;
  const state = await readRangeOnce(engine, src, opts, eachCall, onProgress);
  if (state || eachCall) return { state, eachCall };
  // Read again; its progress was told already, up to the range's end.
  return { state: await readRangeOnce(engine, src, opts, true, () => {}), eachCall: true };
}

/**
 * A helper's reader of the ranges it is asked for (readRangeState), which it reads one after
 * another in the order asked (a helper is asked for its next range while it reads one:
 * STATES_WAITING). Once a range of one read of a file (opts.run, from readInRanges) was read
 * looking each call up, so are that read's next ranges, as the CLI's threads do — also one asked
 * for before that was known. → (src, opts, onProgress) → Promise<{state}>.
 */
export function rangeReads(engine) {
  let eachCallRun = null;
  let last = Promise.resolve();
  const readOne = async (src, opts, onProgress) => {
    const eachCall = opts.run != null && opts.run === eachCallRun;
    const result = await readRangeState(engine, src, { ...opts, eachCall }, onProgress);
    if (result.eachCall) eachCallRun = opts.run;
    return { state: result.state };
  };
  return (src, opts, onProgress) => {
    const read = () => readOne(src, opts, onProgress);
    last = last.then(read, read);
    return last;
  };
}

/** readRangeState's one reading: the state, or undefined when it held a call twice. */
async function readRangeOnce(engine, src, { name, settings, zone, from, to, chunk }, eachCall, onProgress) {
  const a = new engine.Analyzer(settings, zone);
  let reader;
  try {
    a.beginFile(name);
    a.push(await src.read(0, Math.min(HEAD_BYTES, src.size)));
    reader = a.rangeReader(from, to, src.size, eachCall);
    if (!reader) throw { kind: 'usage', message: 'this file is read by one reader' };
    let told = from;
    for await (const piece of pieces(src, from, to, chunk)) {
      reader.push(piece);
      const pos = reader.pos();
      if (pos - told >= 4 * chunk) { told = pos; onProgress(pos - from, reader.rowsRead()); }
    }
    while (reader.wantsMore()) {
      const pos = reader.pos();
      const buf = await src.read(pos, Math.min(pos + HEAD_BYTES, src.size));
      if (!buf.length) break;
      reader.extend(buf);
    }
    onProgress(to - from, reader.rowsRead());
    return reader.finish();
  } finally {
    if (reader) reader.free();
    a.free();
  }
}

/** Bytes of one range when a file has many: each helper holds one range's state at a time, so the
 * pool's memory beyond one reader's is a few ranges' states, whatever the file's size. */
export const RANGE_BYTES = 32 * 1024 * 1024;

/**
 * The coordinator's own ranges against a helper's. It read more slowly than a helper in the page's
 * timings (at 200 MB with two workers: 55 MB/s against 59–74 MB/s, from one run to the next; its
 * duplicate filter and store are the whole file's, a helper's its range's), less the time a helper
 * spends encoding its state (40 ms a range); and for each helper it also adds that helper's state
 * (55–170 ms a range, about a tenth of reading it). With ranges of one length the helper waited for
 * its next range, and the 1 GB file took 12.7–14.6 s against 11.3–12.4 s with these shares.
 * (Helpers now keep no duplicate filter: their calls are looked up when their state is added. The
 * coordinator's ranges 0.6 of a helper's instead of 0.71 made no clear difference then: 200 MB
 * 1.26–1.31 s against 1.27–1.38 s, 1 GB 6.09–6.22 s against 6.00–6.19 s; docs/performance.md,
 * thirty-second pass.
 * Since repeat-caller calls cross packed and are added without repacking them, adding a state
 * costs less: a share of 0.04 instead of 0.09 (ranges 0.76 of a helper's instead of 0.71) gave
 * 1 GB 5.59–5.88 s against 5.67–6.19 s (five each), 200 MB 1.26–1.34 s against 1.30–1.35 s
 * (four each); docs/performance.md, thirty-third pass.)
 */
export const OWN_SPEED = 0.8;
export const ADD_SHARE = 0.04;

/** The length of the coordinator's ranges against a helper's, with `workers` workers. */
export const ownShare = (workers) => Math.max(0.25, OWN_SPEED - ADD_SHARE * (workers - 1));

/**
 * A helper reads on while at most this many of its ranges' states wait to be added: its ranges
 * asked for and not yet sent, with those states, are at most STATES_WAITING + 1. So with no state
 * waiting it is asked for the range after the one it reads, and starts it as soon as it has sent
 * a state. Asked one range at a time, a helper waited for its next until the coordinator heard its
 * state, which it does only between the pieces it reads: 40–80 ms at every range in a trace at
 * 200 MB with two workers. (On two cores the page's time did not change measurably: the browser's
 * own threads used what the helper left; docs/performance.md, thirty-seventh pass.)
 */
export const STATES_WAITING = 1;

/** readInRanges's reads so far in this worker: each read's ranges carry its number (rangeReads). */
let runs = 0;

/**
 * Where the ranges of a file of `size` bytes are guessed to start, `m` ranges dealt in turn to
 * `workers` workers (range j to worker j mod workers, range 0 the coordinator's): a helper's range
 * has weight 1, the coordinator's OWN_SPEED − ADD_SHARE × helpers (at least a quarter), except its
 * first, which has no state to add before it and is as long as a helper's. (Shorter, the
 * coordinator waited 0.1–0.18 s for the first helper's state, most of its waiting: at 200 MB with
 * two workers it read the file in 1.10–1.20 s, with this first range in 1.02–1.08 s.)
 */
export function rangeStarts(size, m, workers) {
  const own = ownShare(workers);
  const weights = Array.from({ length: m }, (_, j) => (j % workers === 0 && j > 0 ? own : 1));
  const total = weights.reduce((s, w) => s + w, 0);
  let sum = 0;
  return weights.slice(0, -1).map((w) => Math.floor((size * (sum += w)) / total));
}

/**
 * (The coordinator) reads a whole file into `analyzer` (after its beginFile) with `workers`
 * workers: the file is cut into ranges of about `rangeBytes` (at least one per worker), dealt in
 * turn to the coordinator and its helpers (range j to worker j mod workers; [`rangeStarts`]). The
 * coordinator reads its own ranges itself and adds the helpers' in file order: `rangeJob(h, from,
 * to, run)` → Promise<{state} | {error}> asks helper h for one (run: this read's number, for
 * rangeReads). A helper is asked for its next range while it reads one, unless STATES_WAITING of
 * its states wait to be added, and reads it as soon as it has sent a state (so the pool holds a few
 * ranges' states beyond one reader's memory). A range that cannot be added (its start inside a
 * quoted field, calls read before, a failed helper) is read here.
 * progress(bytesDone): the bytes read here or added, and those of the states waiting.
 * `splits`: where ranges are guessed to start (tests). Returns {merged, reread}.
 */
export async function readInRanges(analyzer, src, opts, progress = () => {}) {
  const { workers, chunk, rangeJob, isFatal = () => false, splits, rangeBytes = RANGE_BYTES } = opts;
  const run = ++runs;
  const size = src.size;
  const m = Math.max(workers, Math.ceil(size / rangeBytes));
  const nominal = splits ? [...splits].sort((x, y) => x - y) : rangeStarts(size, m, workers);
  let own = 0;
  let waitingBytes = 0; // of the helpers' states received, not yet added
  const tell = () => progress(own + waitingBytes);
  const pushRange = async (from, to) => {
    for await (const piece of pieces(src, from, to, chunk)) {
      analyzer.push(piece);
      own += piece.length;
      tell();
    }
  };
  /** Pushes lines from `from` until the file is between records; returns where it stopped. */
  const extendHere = async (from) => {
    let pos = from;
    while (!analyzer.atRecordBoundary() && pos < size) {
      const buf = await src.read(pos, Math.min(pos + HEAD_BYTES, size));
      if (!buf.length) return size;
      const used = analyzer.extendToBoundary(buf);
      pos += used;
      own += used;
    }
    return pos;
  };
  /** Reads from..to here (from `pos` if the file was read past `from`), then to a record's end. */
  const readHere = async (pos, to) => {
    const end = Math.max(to, pos);
    await pushRange(pos, end);
    return end >= size ? size : extendHere(end);
  };
  // The first HEAD_BYTES decide how the file is read: only they are read before the helpers start
  // (a whole chunk here kept them waiting for it).
  const head = Math.min(size, HEAD_BYTES);
  await pushRange(0, head);
  const starts = [];
  for (const at of nominal) {
    const s = await lineStartAfter(src, Math.max(at, head));
    if (s != null && (!starts.length || s > starts[starts.length - 1])) starts.push(s);
  }
  const probe = starts.length && workers > 1 ? analyzer.rangeReader(starts[0], size, size) : undefined;
  if (!probe) { // one reader (not UTF-8 text, a people file, a chat log, no line break to split at)
    await pushRange(head, size);
    return { merged: 0, reread: 0 };
  }
  probe.free();
  // Range j: bounds[j] (range 0 starts after the head, already read).
  const bounds = [[head, starts[0]], ...starts.map((s, k) => [s, k + 1 < starts.length ? starts[k + 1] : size])];
  const pending = new Array(bounds.length).fill(null);
  // Per helper: its next range not yet asked for, its ranges asked for and not yet sent, its
  // states waiting.
  const next = Array.from({ length: workers - 1 }, (_, h) => h + 1);
  const asked = new Array(workers - 1).fill(0);
  const waiting = new Array(workers - 1).fill(0);
  const ask = (h) => {
    const j = next[h];
    if (asked[h] + waiting[h] > STATES_WAITING || j >= bounds.length) return;
    asked[h]++;
    next[h] = j + workers;
    pending[j] = rangeJob(h, bounds[j][0], bounds[j][1], run);
    const arrived = () => {
      asked[h]--;
      waiting[h]++;
      waitingBytes += bounds[j][1] - bounds[j][0];
      ask(h);
    };
    pending[j].then(arrived, arrived);
    ask(h);
  };
  for (let h = 0; h < workers - 1; h++) ask(h);
  let pos = await readHere(head, starts[0]);
  let merged = 0;
  let reread = 0;
  for (let j = 1; j < bounds.length; j++) {
    if (j % workers === 0) { // the coordinator's own range
      pos = await readHere(pos, bounds[j][1]);
      continue;
    }
    const h = (j % workers) - 1;
    const result = await pending[j];
    pending[j] = null;
    waiting[h]--;
    waitingBytes -= bounds[j][1] - bounds[j][0];
    ask(h); // this helper's next range, while this one is added
    let end = -1;
    if (result.state) {
      // A damaged state (never expected) is read here like a range that cannot be added.
      try { end = analyzer.absorbRange(result.state, pos); } catch (e) { if (isFatal(e)) throw e; }
    }
    if (end >= 0) {
      merged++;
      own += end - pos;
      pos = end;
      tell();
      continue;
    }
    reread++;
    pos = await readHere(pos, bounds[j][1]);
  }
  if (pos < size) await pushRange(pos, size);
  return { merged, reread };
}
