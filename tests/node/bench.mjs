// Benchmark (not a test): the wasm engine under Node on one file, read in 4 MiB chunks as the
// page's worker does, after telling the engine the file's size as the worker does (without it the
// duplicate filter is rebuilt as it fills: the 200 MB bench file was read in 2.85 s, not 2.1 s).
// Prints MB/s, rows/s and peak memory (RSS) as one JSON line.
//   node tests/node/bench.mjs FILE [settings-json]
import { statSync } from 'node:fs';
import { analyse, loadEngine } from './engine.mjs';

const [file, settingsJson] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/node/bench.mjs FILE [settings-json]');
  process.exit(2);
}
const engine = loadEngine();
const settings = settingsJson ? JSON.parse(settingsJson) : {};
const bytes = statSync(file).size;
const start = process.hrtime.bigint();
const report = analyse(engine, [{ name: file, file }], settings, undefined, { sizes: true });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const rows = report.inputs.reduce((n, f) => n + f.rows_read, 0);
console.log(JSON.stringify({
  engine: 'wasm (node)',
  file,
  mb: +(bytes / 1e6).toFixed(1),
  seconds: +seconds.toFixed(2),
  mb_per_s: +(bytes / 1e6 / seconds).toFixed(1),
  rows_per_s: Math.round(rows / seconds),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  offered: report.totals.offered,
}));
