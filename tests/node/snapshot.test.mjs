// The wasm engine's snapshot equals the native command line's (`report --snapshot`), and each
// engine reads the other's snapshot back to the same report. Run by scripts/test after
// scripts/build: node --test tests/node/
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alignStaffingFloats, loadEngine, root } from './engine.mjs';

const cli = process.env.CALLSCORE_BIN || path.join(root, 'target', 'release', 'callscore');
const engine = loadEngine();
const scratch = mkdtempSync(path.join(tmpdir(), 'callscore-snapshot-'));
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Pushes `bytes` into `a` as file `name`, in chunks of 1 to 5,000 bytes (a snapshot's first key cut anywhere). */
function push(a, name, bytes) {
  a.beginFile(name);
  let off = 0;
  for (let i = 0; off < bytes.length; i++) {
    const n = [1, 3, 7, 5000, 977][i % 5];
    a.push(bytes.subarray(off, off + n));
    off += n;
  }
  a.endFile();
}

/**
 * A snapshot with its hash-map tables in a fixed order: maps with tuple keys are lists of
 * [key, value] pairs written in the order of the hash map, which is no part of the content.
 */
function canonical(v) {
  if (Array.isArray(v)) {
    const items = v.map(canonical);
    const pairs = items.length > 0 && items.every((x) => Array.isArray(x) && x.length === 2 && Array.isArray(x[0]));
    return pairs ? items.sort((x, y) => (JSON.stringify(x[0]) < JSON.stringify(y[0]) ? -1 : 1)) : items;
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

test('the wasm snapshot equals the CLI snapshot, and each engine reads the other one to the same report', () => {
  const file = path.join(scratch, 'calls.csv');
  execFileSync(cli, ['sample', '--days', '40', '--seed', '6', '--start', '2026-01-10', '--output', file]);
  const cliSnap = path.join(scratch, 'cli.json');
  execFileSync(cli, ['report', '--snapshot', cliSnap, file], { stdio: 'ignore' });

  const a = new engine.Analyzer({}, zone);
  push(a, file, readFileSync(file));
  const wasmText = a.snapshot();
  a.free();
  assert.ok(wasmText.startsWith('{"callscore_snapshot":1,'));
  const cliText = readFileSync(cliSnap, 'utf8');
  assert.deepStrictEqual(canonical(JSON.parse(wasmText)), canonical(JSON.parse(cliText)));

  // The CLI's snapshot read by wasm, and by the CLI: the same report.
  const b = new engine.Analyzer({}, zone);
  push(b, 'cli.json', readFileSync(cliSnap));
  const got = b.finish();
  b.free();
  const want = JSON.parse(execFileSync(cli, ['report', '--json', '--include-callers', cliSnap], { maxBuffer: 1 << 30 }));
  got.inputs.forEach((f, i) => { f.file = want.inputs[i].file; });
  assert.deepStrictEqual(alignStaffingFloats(got, want), want);
  assert.ok(got.by_month.length === 2 && got.totals.offered > 10000);
  assert.ok(got.notes.some((n) => n.code === 'note.snapshot_fcr'));
});

test('a snapshot of another format version is a clear error in wasm, with the code and parameters the page renders in its language', () => {
  const a = new engine.Analyzer({}, zone);
  a.beginFile('old.json');
  a.push(new TextEncoder().encode('{"callscore_snapshot": 7, "engine": "callscore 9"}'));
  assert.throws(() => a.endFile(), (e) => e.code === 'error.snapshot_version' && e.params.found === 7
    && e.params.supported === 1 && /format version 7/.test(e.message));
  const report = a.finish();
  assert.equal(report.inputs[0].error.code, 'error.snapshot_version');
  a.free();
});
