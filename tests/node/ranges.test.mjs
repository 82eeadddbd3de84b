// The page's worker pool, on the wasm engine under Node: a file read as 1–8 byte ranges, each range
// read by its own analyzer into a partial state that crosses as bytes (RangeReader.finish →
// Analyzer.absorbRange), through the page's own code (www/js/ranges.js), gives exactly the report
// of one reader — with duplicates and repeat callers (FCR) across ranges, queue_log calls whose
// events fall in different ranges, and quoted line breaks at a range's start (the cases of
// tests/ranges.rs, natively). Run by scripts/test after scripts/build: node --test tests/node/
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './engine.mjs';
import { STATES_WAITING, ownShare, rangeReads, rangeStarts, readInRanges, readRangeState } from '../../www/js/ranges.js';
import { blobSource } from '../../www/js/file-source.js';

const engine = loadEngine();
const ZONE = 'UTC';
const SETTINGS = { tz: 'UTC' };

/** The same generator as tests/ranges.rs (a 64-bit LCG). */
function rng(seed) {
  let s = BigInt.asUintN(64, BigInt(seed));
  const next = () => {
    s = BigInt.asUintN(64, s * 6364136223846793005n + 1442695040888963407n);
    return s >> 33n;
  };
  return (n) => Number(next() % BigInt(n));
}

const pad = (n) => String(n).padStart(2, '0');
function stamp(secs) {
  const d = Math.floor(secs / 86400), s = secs % 86400;
  return `2024-03-${pad(1 + (d % 28))} ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** Call records with duplicates, reused ids, callers who call back, quoted notes with line breaks, rejects. */
function callRecords(seed, rows, duplicates) {
  const below = rng(seed);
  const out = ['call_id,queue,agent,caller,arrival,answer,end,outcome,note\n'];
  const written = [];
  let t = 0;
  for (let i = 0; i < rows; i++) {
    if (duplicates && written.length && below(40) === 0) { out.push(written[below(written.length)]); continue; }
    t += below(90);
    const id = below(50) === 0 ? `C${below(i + 1)}` : `C${i}`;
    const queue = ['Sales', 'Support', 'Billing'][below(3)];
    const caller = `+4479${String(below(300)).padStart(6, '0')}`;
    const answered = below(4) !== 0;
    const agent = answered ? `A${below(12)}` : '';
    const wait = below(120);
    const [answer, end, outcome] = answered
      ? [stamp(t + wait), stamp(t + wait + 30 + below(600)), 'answered'] : ['', stamp(t + wait), 'abandoned'];
    const arrival = below(97) === 0 ? 'not a time' : stamp(t);
    const note = ['"called about a bill,\nthen a second line"', '"""quoted"", with comma"', '"three\nline\nnote"'][below(8)] ?? '';
    const row = `${id},${queue},${agent},${caller},${arrival},${answer},${end},${outcome},${note}\n`;
    out.push(row);
    written.push(row);
  }
  return Buffer.from(out.join(''));
}

/** A queue_log whose calls' events are spread over the file, some lines repeated later. */
function queueLog(seed, calls) {
  const below = rng(seed);
  const events = [];
  for (let c = 0; c < calls; c++) {
    const t0 = 1_700_000_000 + c * 40;
    const id = `${t0}.${c}`;
    const queue = ['Sales', 'Support'][below(2)];
    events.push([t0, `${t0}|${id}|${queue}|NONE|ENTERQUEUE||+4479${String(below(200)).padStart(4, '0')}|1`]);
    const wait = 5 + below(300);
    if (below(4) === 0) events.push([t0 + wait, `${t0 + wait}|${id}|${queue}|NONE|ABANDON|1|1|${wait}`]);
    else {
      const agent = `PJSIP/${100 + below(8)}`;
      const talk = 20 + below(900);
      events.push([t0 + wait, `${t0 + wait}|${id}|${queue}|${agent}|CONNECT|${wait}|${id}.1|2`]);
      const end = t0 + wait + talk;
      events.push([end, `${end}|${id}|${queue}|${agent}|COMPLETECALLER|${wait}|${talk}|1`]);
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  const out = [];
  events.forEach(([, line], i) => {
    out.push(line, '\n');
    if (i % 97 === 13) out.push(events[below(i + 1)][1], '\n');
  });
  return Buffer.from(out.join(''));
}

const source = (bytes) => ({ size: bytes.length, read: async (from, to) => new Uint8Array(bytes.subarray(from, to)) });

function oneReader(bytes, settings = SETTINGS) {
  const a = new engine.Analyzer(settings, ZONE);
  a.beginFile('f.csv');
  for (let off = 0; off < bytes.length; off += 100_003) a.push(bytes.subarray(off, off + 100_003));
  a.endFile();
  return JSON.stringify(a.finish());
}

/**
 * readInRanges's rangeJob for helpers as worker.js runs them: each with its own rangeReads (over
 * `engineFor(h)`). `opts`: the job's name, settings, zone and chunk.
 */
function helperJobs(src, opts, engineFor = () => engine) {
  const helpers = new Map();
  return (h, from, to, run) => {
    if (!helpers.has(h)) helpers.set(h, rangeReads(engineFor(h)));
    return helpers.get(h)(src, { ...opts, from, to, run });
  };
}

/**
 * The pool as worker.js runs it, with `n` workers: each helper range read by an analyzer of its
 * own whose state crosses as a copied byte array (as a transferred buffer between workers).
 * `chunk` is small so that ranges are cut into many pieces.
 */
async function inRanges(bytes, n, settings = SETTINGS, chunk = 65_537, splits = undefined, rangeBytes = undefined, src = source(bytes)) {
  const a = new engine.Analyzer(settings, ZONE);
  a.beginFile('f.csv');
  const sizes = [];
  const jobs = helperJobs(src, { name: 'f.csv', settings, zone: ZONE, chunk });
  const rangeJob = async (h, from, to, run) => {
    const { state } = await jobs(h, from, to, run);
    sizes.push(state.length);
    return { state: new Uint8Array(state) };
  };
  const stats = await readInRanges(a, src, { workers: n, chunk, rangeJob, splits, rangeBytes });
  a.endFile();
  return { report: JSON.stringify(a.finish()), stats, sizes };
}

test('call records in 1–8 ranges through encoded states: the one-reader report (duplicates, FCR, quoted line breaks)', async () => {
  for (const [seed, duplicates] of [[3, false], [5, true], [11, true]]) {
    const bytes = callRecords(seed, 6000, duplicates);
    const want = oneReader(bytes);
    assert.match(want, /"fcr"/, 'repeat-caller FCR is in the report');
    for (let n = 1; n <= 8; n++) {
      const { report, stats } = await inRanges(bytes, n);
      assert.equal(report, want, `seed ${seed}, ${n} ranges`);
      assert.ok(stats.merged + stats.reread <= n - 1, JSON.stringify(stats));
      if (n >= 3 && !duplicates) assert.ok(stats.merged > 0, `${n} ranges: some are added as states ${JSON.stringify(stats)}`);
    }
  }
});

test("the intervals' staffing worked out by a helper while the coordinator judges the repeat callers: the one-reader report", () => {
  const bytes = callRecords(7, 6000, true);
  for (const settings of [SETTINGS, { ...SETTINGS, interval_min: 60, sl_target: 0.9 }]) {
    const want = oneReader(bytes, settings);
    const a = new engine.Analyzer(settings, ZONE);
    a.beginFile('f.csv');
    a.push(bytes);
    a.endFile();
    const work = a.staffingWork();
    assert.ok(work instanceof Uint8Array && work.length > 0, 'FCR on, callers read: work to hand out');
    const seeds = engine.staffingSeeds(new Uint8Array(work)); // as a helper gets it, transferred
    a.judgeRepeatCallers();
    assert.equal(a.staffingWork(), undefined, 'judged already: no pass left to work beside');
    assert.throws(() => a.seedStaffing(seeds.subarray(0, seeds.length - 1)),
      (e) => e.code === 'error.worker_answer_invalid', 'an answer cut short is refused');
    a.seedStaffing(seeds);
    assert.equal(JSON.stringify(a.finish()), want, JSON.stringify(settings));
  }
  assert.throws(() => engine.staffingSeeds(new Uint8Array([1, 2, 3])), (e) => e.code === 'error.worker_answer_invalid');
});

test('many small ranges dealt in turn to 2–4 workers (each helper one range at a time): the one-reader report', async () => {
  for (const [bytes, name] of [[callRecords(5, 8000, false), 'call records'], [queueLog(9, 4000), 'queue_log']]) {
    const want = oneReader(bytes);
    for (let workers = 2; workers <= 4; workers++) {
      const { report, stats } = await inRanges(bytes, workers, SETTINGS, 16_411, undefined, 40_000);
      assert.equal(report, want, `${name}, ${workers} workers`);
      assert.ok(stats.merged >= 4, `${name}, ${workers} workers: ${JSON.stringify(stats)}`);
    }
  }
});

test('the pool reading a File as the page does (its stream into reused buffers): the one-reader report', async () => {
  const bytes = callRecords(5, 8000, true);
  const want = oneReader(bytes);
  for (const workers of [1, 2, 3]) {
    const { report, stats } = await inRanges(bytes, workers, SETTINGS, 16_411, undefined, 40_000, blobSource(new Blob([bytes])));
    assert.equal(report, want, `${workers} workers`);
    if (workers > 1) assert.ok(stats.merged + stats.reread > 0, JSON.stringify(stats));
  }
});

test("the coordinator's own ranges are shorter than a helper's but its first: it reads more slowly and adds the helpers' states", () => {
  for (const [size, m, workers] of [[200_000_100, 6, 2], [1_000_000_100, 30, 2], [200_000_100, 8, 4], [50_000_000, 12, 8]]) {
    const starts = rangeStarts(size, m, workers);
    assert.equal(starts.length, m - 1);
    const bounds = [0, ...starts, size];
    const lengths = bounds.slice(1).map((b, j) => b - bounds[j]);
    assert.ok(lengths.every((l) => l > 0), `${lengths}`);
    const own = ownShare(workers);
    assert.ok(own >= 0.25 && own < 1, `${own}`);
    lengths.forEach((l, j) => {
      const helper = lengths[j % workers === 0 ? (j + 1 < m ? j + 1 : j - 1) : j];
      const want = j % workers === 0 && j > 0 ? own * helper : helper;
      assert.ok(Math.abs(l - want) <= 2, `${size}/${m}/${workers}: range ${j} ${l} bytes, want ${want}`);
    });
  }
});

test('a helper reads its next range while its states wait to be added, at most STATES_WAITING + 1 of them', async () => {
  // The coordinator reads slowly (every piece waits 2 ms); the helper at once. Two workers (the
  // helper's ranges are 1, 3, 5, …); a queue_log, whose ranges are all added (no quotes).
  const bytes = queueLog(9, 4000);
  const want = oneReader(bytes);
  const fast = source(bytes);
  const slow = { size: bytes.length, read: (from, to) => new Promise((ok) => setTimeout(() => ok(fast.read(from, to)), 2)) };
  const log = [];
  const a = new engine.Analyzer(SETTINGS, ZONE);
  a.beginFile('f.csv');
  const absorb = a.absorbRange.bind(a);
  a.absorbRange = (state, pos) => { log.push('add'); return absorb(state, pos); };
  const chunk = 16_411;
  let asked = 0;
  const rangeJob = async (h, from, to) => {
    log.push(`ask ${asked++}`);
    return readRangeState(engine, fast, { name: 'f.csv', settings: SETTINGS, zone: ZONE, from, to, chunk });
  };
  const stats = await readInRanges(a, slow, { workers: 2, chunk, rangeJob, rangeBytes: 40_000 });
  a.endFile();
  assert.equal(JSON.stringify(a.finish()), want);
  assert.ok(asked >= 5 && stats.merged === asked, `${asked} asked, ${JSON.stringify(stats)}`);
  // While the coordinator reads its first range the helper reads as many as may wait, and no more
  // (STATES_WAITING + 1); the first state taken to be added frees it for one more: asked before
  // that state is added. Then one more for each state added.
  const adds = log.flatMap((e, i) => (e === 'add' ? [i] : []));
  assert.deepEqual(log.slice(0, adds[0]), Array.from({ length: STATES_WAITING + 2 }, (_, k) => `ask ${k}`));
  assert.ok(adds.slice(0, -STATES_WAITING - 1).every((i) => log[i - 1].startsWith('ask')), log.join(', '));
});

test('a second half that repeats the first: its range holds calls read before and is read again, as one reader counts it', async () => {
  const first = callRecords(11, 3000, false);
  const body = first.subarray(first.indexOf(10) + 1);
  const bytes = Buffer.concat([first, body]);
  const want = oneReader(bytes);
  assert.match(want, /"DUPLICATE":/);
  const { report, stats } = await inRanges(bytes, 2);
  assert.equal(report, want);
  assert.equal(stats.reread, 1, JSON.stringify(stats));
  // In many ranges (two overlapping exports read as one) of two and three workers: each range of
  // the second half read again after its state is looked at.
  for (const workers of [2, 3]) {
    const many = await inRanges(bytes, workers, SETTINGS, 16_411, undefined, 24_000);
    assert.equal(many.report, want, `${workers} workers`);
    assert.ok(many.stats.reread > 5 && many.stats.merged > 2, `${workers} workers: ${JSON.stringify(many.stats)}`);
  }
});

/** Plain call records (no quoted notes), one row in `every` followed by its copy: a repeat inside
 * nearly every range, as exports that repeat rows here and there give. */
function rowsRepeatedInPlace(seed, rows, every) {
  const below = rng(seed);
  const out = ['call_id,queue,agent,caller,arrival,answer,end,outcome\n'];
  for (let i = 0, t = 0; i < rows; i++) {
    t += below(60);
    const answered = below(4) !== 0;
    const wait = below(120);
    const tail = answered
      ? `A${below(12)},+4479${String(below(300)).padStart(6, '0')},${stamp(t)},${stamp(t + wait)},${stamp(t + wait + 90)},answered`
      : `,+4479${String(below(300)).padStart(6, '0')},${stamp(t)},,${stamp(t + wait)},abandoned`;
    const row = `C${i},${['Sales', 'Support'][below(2)]},${tail}\n`;
    out.push(row);
    if (i % every === every - 1) out.push(row);
  }
  return Buffer.from(out.join(''));
}

test("a helper's range that holds a call twice is read again by the helper, looking each call up, and so are its next ranges", async () => {
  const bytes = rowsRepeatedInPlace(21, 12_000, 25);
  const want = oneReader(bytes);
  assert.match(want, /"DUPLICATE":/);
  const src = source(bytes);
  for (const workers of [2, 3]) {
    const a = new engine.Analyzer(SETTINGS, ZONE);
    a.beginFile('f.csv');
    const chunk = 16_411;
    const asked = new Array(workers - 1).fill(0);
    const reads = []; // [helper, looking each call up] per reading of a range
    // Each helper's engine counts its readings of a range.
    const counted = (h) => ({ ...engine, Analyzer: class extends engine.Analyzer {
      rangeReader(from, to, size, each) {
        reads.push([h, !!each]);
        return super.rangeReader(from, to, size, each);
      }
    } });
    const jobs = helperJobs(src, { name: 'f.csv', settings: SETTINGS, zone: ZONE, chunk }, counted);
    const rangeJob = (h, from, to, run) => {
      asked[h]++;
      return jobs(h, from, to, run);
    };
    const stats = await readInRanges(a, src, { workers, chunk, rangeJob, rangeBytes: 30_000 });
    a.endFile();
    assert.equal(JSON.stringify(a.finish()), want, `${workers} workers`);
    // Each helper reads its first range twice (as usual, then looking each call up) and every
    // later one once, looking each call up — the second too, asked for while the first was read,
    // before it was found to hold a call twice.
    for (let h = 0; h < workers - 1; h++) {
      const read = reads.filter(([k]) => k === h).map(([, each]) => each);
      assert.ok(asked[h] >= 4, `helper ${h}: ${asked[h]} ranges`);
      assert.ok(read.length === asked[h] + 1 && !read[0] && read.slice(1).every(Boolean), `helper ${h} read: ${read}`);
    }
    // Their states are added: only a range whose first row repeats the last of the range before
    // (a repeat across the boundary) is read by the coordinator.
    assert.ok(stats.merged >= 8 && stats.reread * 4 < stats.merged, `${workers} workers: ${JSON.stringify(stats)}`);
  }
});

test('queue_log calls whose events fall in different ranges, with repeated events: the one-reader report', async () => {
  const bytes = queueLog(7, 5000);
  const want = oneReader(bytes);
  for (let n = 2; n <= 8; n++) {
    const { report, stats } = await inRanges(bytes, n);
    assert.equal(report, want, `${n} ranges`);
    assert.equal(stats.reread, 0, `queue_log has no quotes: every range is added (${JSON.stringify(stats)})`);
  }
});

test('a range whose start falls inside a quoted field is read again, not wrongly', async () => {
  // Split right before the line break inside a quoted note, past the first 64 KiB: the range
  // starts after it, inside the field (as in tests/ranges.rs).
  const bytes = callRecords(7, 6000, false);
  const want = oneReader(bytes);
  const text = bytes.toString('latin1');
  const inside = [];
  for (let i = text.indexOf('bill,\n'); i >= 0 && inside.length < 3; i = text.indexOf('bill,\n', i + 1)) {
    if (i > 70_000) inside.push(i + 4);
  }
  assert.ok(inside.length > 0);
  const { report, stats } = await inRanges(bytes, inside.length + 1, SETTINGS, 65_537, inside);
  // The same with two workers taking the ranges in turn (the coordinator reads every other one).
  const two = await inRanges(bytes, 2, SETTINGS, 65_537, inside);
  assert.equal(two.report, want);
  assert.equal(report, want);
  assert.ok(stats.reread > 0, JSON.stringify(stats));
});

test('settings travel with the job: dedupe off and FCR off give the one-reader report too', async () => {
  const bytes = callRecords(5, 5000, true);
  for (const settings of [{ ...SETTINGS, dedupe: false }, { ...SETTINGS, fcr_window_h: 0 }]) {
    const want = oneReader(bytes, settings);
    const { report } = await inRanges(bytes, 4, settings);
    assert.equal(report, want, JSON.stringify(settings));
  }
});

test('a damaged state is an error the coordinator survives: the range is read again', async () => {
  const bytes = callRecords(3, 6000, false);
  const want = oneReader(bytes);
  const src = source(bytes);
  for (const damage of [(s) => s.subarray(0, s.length >> 1), (s) => { const c = new Uint8Array(s); c[9] ^= 0xff; return c; }, () => new Uint8Array(3)]) {
    const a = new engine.Analyzer(SETTINGS, ZONE);
    a.beginFile('f.csv');
    const chunk = 65_537;
    const rangeJob = async (k, from, to) => ({
      state: damage((await readRangeState(engine, src, { name: 'f.csv', settings: SETTINGS, zone: ZONE, from, to, chunk })).state),
    });
    const stats = await readInRanges(a, src, { workers: 3, chunk, rangeJob });
    a.endFile();
    assert.equal(JSON.stringify(a.finish()), want);
    assert.equal(stats.merged, 0, JSON.stringify(stats));
  }
  // Straight to the engine: a thrown Error with the engine's code, never a trap.
  const a = new engine.Analyzer(SETTINGS, ZONE);
  a.beginFile('f.csv');
  a.push(bytes.subarray(0, 70_000));
  assert.throws(() => a.absorbRange(new Uint8Array([1, 2, 3]), 70_000), (e) => e.code === 'error.range_state_invalid');
});
