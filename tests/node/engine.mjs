// Loads the wasm engine built for Node (scripts/build writes target/pkg-node) and runs files
// through it chunk by chunk, exactly as the page's worker does.
import { createRequire } from 'node:module';
import { openSync, readSync, closeSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
/// told the local zone as the page tells it the browser's (here Node's, the system's).
export function analyse(engine, files, settings = {}, nextChunkSize = () => 4 << 20) {
  const a = new engine.Analyzer(settings, Intl.DateTimeFormat().resolvedOptions().timeZone);
  for (const { name, file } of files) {
    a.beginFile(name);
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
  return a.finish();
}
