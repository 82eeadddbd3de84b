// Loads the wasm engine built for Node (scripts/build writes target/pkg-node) and runs files
// through it chunk by chunk, exactly as the page's worker does.
import { createRequire } from 'node:module';
import { openSync, readSync, closeSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = path.join(root, 'target', 'pkg-node', 'callscore.js');

export function loadEngine() {
  if (!existsSync(pkg)) {
    throw new Error(`${pkg} is missing: run scripts/build first`);
  }
  return createRequire(import.meta.url)(pkg);
}

/// Analyses files with the wasm engine. `nextChunkSize()` gives each chunk's size. The engine is
/// told the local zone as the page tells it the browser's (here Node's, the system's), and with
/// `sizes`, each file's size before its bytes, as the page does (only a hint: the result is the same).
export function analyse(engine, files, settings = {}, nextChunkSize = () => 4 << 20, { sizes = false } = {}) {
  const a = new engine.Analyzer(settings, Intl.DateTimeFormat().resolvedOptions().timeZone);
  for (const { name, file } of files) {
    a.beginFile(name);
    if (sizes) a.expectBytes(statSync(file).size);
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(nextChunkSize());
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        try {
          a.push(buf.subarray(0, n));
        } catch (e) {
          break; // the error is kept in the file's summary
        }
      }
    } finally {
      closeSync(fd);
    }
    try {
      a.endFile();
    } catch (e) {
      // recorded in the report's inputs[].error
    }
  }
  try {
    return a.finish();
  } finally {
    a.free(); // now, not when collected: a big file's analyzer holds its tallies and its report
  }
}

/**
 * The same zone, told apart only by who knew it: the page's engine hears the browser's zone (here
 * Node's), the CLI finds the system's. The zone must be equal; the source words may differ.
 */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);
const canonical = (z) => (UTC_NAMES.has(z) ? 'UTC' : z); // Node says UTC where the system says Etc/UTC

export function sameZone(got, want) {
  assert.equal(canonical(got.time_zone?.zone), canonical(want.time_zone?.zone));
  assert.equal(got.time_zone.source === 'browser' || got.time_zone.source === want.time_zone.source, true);
  got.time_zone = want.time_zone;
  got.inputs.forEach((f, i) => {
    if (f.time_zone && want.inputs[i]?.time_zone) {
      assert.equal(canonical(f.time_zone.params.zone), canonical(want.inputs[i].time_zone.params.zone));
      f.time_zone = want.inputs[i].time_zone;
    }
  });
  return got;
}

// Erlang A's exp/ln come from the platform's maths library (glibc natively, Rust's libm port in
// wasm), which may differ in the last bit. Staffing figures that are not whole numbers are
// therefore compared to 1e-12 (relative); agent counts, and everything outside staffing, exactly.
// The report's zone is compared with sameZone.
export function alignStaffingFloats(got, want, inStaffing = false) {
  if (!inStaffing && got?.time_zone && want?.time_zone && got.inputs) sameZone(got, want);
  if (got && want && typeof got === 'object' && typeof want === 'object') {
    for (const k of Object.keys(got)) {
      const deeper = inStaffing || k === 'staffing' || k === 'required_agents';
      const g = got[k], w = want[k];
      if (deeper && typeof g === 'number' && typeof w === 'number' && !Number.isInteger(w)
          && Math.abs(g - w) <= 1e-12 * Math.max(1, Math.abs(w))) got[k] = w;
      else alignStaffingFloats(g, w, deeper);
    }
  }
  return got;
}
