// www/js/host.js for the single HTML file (build/page.mjs bundles this module in its place):
// everything the page needs is inside the file, so it works from file:// with no request at all.
//  - the worker's code is a data block of the page (<script type="text/plain">), started from a
//    Blob URL as a classic worker (the page's Content-Security-Policy allows `worker-src blob:` for
//    exactly that; Chromium refuses module workers from blob: URLs on file://);
//  - the wasm engine is inside the worker's code, gzip-compressed and base64-encoded, unpacked with
//    the browser's DecompressionStream;
//  - the file computes its own SHA-256 from its own text (see fileIdentity).
import { WASM_GZIP_BASE64 } from 'callscore:wasm';

let workerUrl = null;

/** The engine worker, from the worker code inlined in the page. */
export function createWorker() {
  if (!workerUrl) {
    const code = document.getElementById('callscore-worker').textContent;
    workerUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  }
  return new Worker(workerUrl);
}

/** (In the worker) the engine's bytes, for the wasm-bindgen init(). */
export async function wasmSource() {
  const gz = Uint8Array.from(atob(WASM_GZIP_BASE64), (c) => c.charCodeAt(0));
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * {sha256, size} of this HTML file, equal to what `sha256sum` and `ls -l` say of it. A file cannot
 * contain its own hash, so the page rebuilds its exact text: the build lists the text around
 * every inlined block (<script type="application/json" id="callscore-frame">), and each block's
 * text is read back with textContent, which for <script> and <style> is the text as written.
 */
export async function fileIdentity() {
  const frame = JSON.parse(document.getElementById('callscore-frame').textContent);
  const blocks = [...document.querySelectorAll('[data-inline]')].map((el) => el.textContent);
  if (blocks.length !== frame.length - 1) return null;
  let text = frame[0];
  blocks.forEach((b, i) => { text += b + frame[i + 1]; });
  const data = new TextEncoder().encode(text);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return { sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''), size: data.length };
}

/** A file opened from disk has no service worker (and needs none: it is all here). */
export function keepOffline() {
  document.documentElement.dataset.offline = 'no';
}
