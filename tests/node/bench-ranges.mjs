// Benchmark (not a test): the cost of a range's partial state crossing between the page's workers,
// on the wasm engine under Node. The file is read in two ranges as worker.js reads it: the second
// by its own analyzer, whose state is encoded (RangeReader.finish), copied (as a transfer between
// workers would not need to be) and added (Analyzer.absorbRange: decode + merge). Prints the time
// of each step and the state's size as one JSON line.
//   node tests/node/bench-ranges.mjs FILE [settings-json]
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { loadEngine } from './engine.mjs';
import { readInRanges, readRangeState } from '../../www/js/ranges.js';

const [file, settingsJson] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/node/bench-ranges.mjs FILE [settings-json]');
  process.exit(2);
}
const engine = loadEngine();
const settings = settingsJson ? JSON.parse(settingsJson) : {};
const size = statSync(file).size;
const fd = openSync(file, 'r');
const src = {
  size,
  read: async (from, to) => {
    const buf = Buffer.allocUnsafe(to - from);
    const n = readSync(fd, buf, 0, buf.length, from);
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  },
};
const CHUNK = 4 << 20;
const t = { helper_read_s: 0, encode_s: 0, absorb_s: 0 };
let stateBytes = 0;
const now = () => Number(process.hrtime.bigint()) / 1e9;
const a = new engine.Analyzer(settings, 'UTC');
a.beginFile(file);
a.expectBytes(size);
const rangeJob = async (k, from, to) => {
  const t0 = now();
  // readRangeState ends with finish() (the encoding): time it apart by reading without it first.
  const { state } = await readRangeState(engine, src, { name: file, settings, zone: 'UTC', from, to, chunk: CHUNK });
  t.helper_read_s += now() - t0;
  stateBytes += state.length;
  return { state };
};
const origAbsorb = a.absorbRange.bind(a);
a.absorbRange = (state, pos) => { const t0 = now(); const r = origAbsorb(state, pos); t.absorb_s += now() - t0; return r; };
const t0 = now();
const stats = await readInRanges(a, src, { workers: 2, chunk: CHUNK, rangeJob });
a.endFile();
const total = now() - t0;
const report = a.finish();
// The encoding alone: a range of the same file read again, timed around finish().
const b = new engine.Analyzer(settings, 'UTC');
b.beginFile(file);
b.push(await src.read(0, 64 * 1024));
const from = size >> 1;
const start = from + (await src.read(from, from + 65536)).indexOf(10) + 1;
const r = b.rangeReader(start, size, size);
for (let off = start; off < size; off += CHUNK) r.push(await src.read(off, Math.min(off + CHUNK, size)));
const e0 = now();
const again = r.finish();
t.encode_s = now() - e0;
closeSync(fd);
console.log(JSON.stringify({
  file, mb: +(size / 1e6).toFixed(1), rows: report.inputs[0].rows_read, ...stats,
  total_s: +total.toFixed(2), helper_read_and_encode_s: +t.helper_read_s.toFixed(2),
  encode_s: +t.encode_s.toFixed(3), absorb_s: +t.absorb_s.toFixed(3),
  state_mb: +(stateBytes / 1e6).toFixed(1), state_bytes_per_row_of_range: +(again.length / (report.inputs[0].rows_read / 2)).toFixed(1),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
