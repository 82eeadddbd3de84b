// The hostile-input corpus of issue 11 (tests/hostile/corpus.py) through the wasm engine: every
// file gives the native CLI's report (or its error) exactly, for chunks of 1 B, 7 B, 64 KiB,
// 1 MiB and 4 MiB where the manifest marks it `chunked` (1 MiB and 4 MiB for the few large files),
// and the engine's memory stays under a stated bound. Run by scripts/test after scripts/build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alignStaffingFloats, analyse, loadEngine, root } from './engine.mjs';

const cli = process.env.CALLSCORE_BIN || path.join(root, 'target', 'release', 'callscore');
const engine = loadEngine();
const dir = mkdtempSync(path.join(tmpdir(), 'callscore-hostile-'));
execFileSync('python3', [path.join(root, 'tests', 'hostile', 'corpus.py'), dir]);
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** The wasm engine's linear memory may not pass this (it only grows, so this bounds every file). */
const WASM_MEMORY_BOUND = 1 << 30;

// Staffing floats to 1e-12 and the zone's source words (browser vs system): see engine.mjs.

for (const c of manifest) {
  test(`hostile class ${c.class}: ${c.what} — wasm equals native`, () => {
    const file = path.join(dir, c.file);
    const run = spawnSync(cli, ['report', '--json', '--include-callers', '--tz', 'UTC', file], { maxBuffer: 1 << 30 });
    assert.ok([0, 1, 2].includes(run.status), `exit ${run.status}`);
    const want = JSON.parse(run.stdout.toString('utf8'));
    assert.equal(want.inputs[0].error?.code ?? null, c.error);
    const sizes = c.chunked ? [1, 7, 64 << 10, 1 << 20, 4 << 20] : [1 << 20, 4 << 20];
    for (const size of sizes) {
      const got = analyse(engine, [{ name: file, file }], { tz: 'UTC' }, () => size);
      assert.deepStrictEqual(alignStaffingFloats(got, want), want, `chunks of ${size} B`);
    }
  });
}

test('the wasm engine stayed within its memory bound over the whole corpus', () => {
  const bytes = engine.memoryBytes();
  assert.ok(bytes > 0 && bytes <= WASM_MEMORY_BOUND, `wasm memory ${bytes} B`);
});
