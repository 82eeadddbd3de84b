// The wasm engine's memory grows in large steps (src/wasm/memory.rs): each growth is followed by
// headroom of a sixteenth of the memory, so the page's JS heap is not collected once per 64 KiB page
// the engine adds (V8 makes a new ArrayBuffer over the whole memory at every growth).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEngine, root } from './engine.mjs';

const cli = process.env.CALLSCORE_BIN || path.join(root, 'target', 'release', 'callscore');
const engine = loadEngine();
const PAGE = 64 * 1024;

test('the engine memory grows in steps of at least a sixteenth of itself, while reading and while reporting', () => {
  // Made by the CLI: the engine's own sample() would leave its freed memory for the reading.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'callscore-memory-')), 'calls.csv');
  execFileSync(cli, ['sample', '--days', '60', '--seed', '3', '--output', file]);
  const bytes = readFileSync(file);
  const a = new engine.Analyzer(undefined, 'UTC');
  const seen = [engine.memoryBytes()];
  try {
    a.beginFile(file);
    for (let off = 0; off < bytes.length; off += 64 * 1024) {
      a.push(bytes.subarray(off, off + 64 * 1024));
      seen.push(engine.memoryBytes());
    }
    a.endFile();
    a.finishJson();
    seen.push(engine.memoryBytes());
  } finally {
    a.free();
  }
  const steps = [];
  for (let i = 1; i < seen.length; i++) if (seen[i] > seen[i - 1]) steps.push([seen[i - 1], seen[i]]);
  assert.ok(steps.length >= 3, `the memory grew only ${steps.length} times: read a larger sample`);
  for (const [from, to] of steps) {
    // The headroom is a sixteenth of the memory after dlmalloc's own step; up to two pages of that
    // may already have been free at the top.
    assert.ok(to - from >= from / 16 - 2 * PAGE, `memory grew from ${from} to ${to} B: a step under a sixteenth`);
  }
});
