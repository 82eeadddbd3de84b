// Where the page's own parts come from when it is served as files (www/ on any static host, or
// `callscore serve`): the worker and the wasm engine are files next to this one. The single-file
// build (build/page.mjs) bundles build/single/host.js in place of this module, with the same
// exports, where they are inlined in the HTML file instead.

/** The engine worker (worker.js, a module worker). */
export function createWorker() {
  return new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
}

/** What the worker hands to the wasm-bindgen init(): the URL of the engine. */
export function wasmSource() {
  return new URL('../pkg/callscore_bg.wasm', import.meta.url);
}

/** {sha256, size} of the single HTML file; a served page has no such identity (null). */
export async function fileIdentity() {
  return null;
}

/**
 * Lets a hosted copy work offline after the first visit: registers sw.js (which caches only this
 * page's files). Never on file://. Sets <html data-offline> to 'ready' once the files are cached,
 * 'no' where there is no service worker (an insecure origin, a browser without it).
 */
export function keepOffline() {
  const mark = (v) => { document.documentElement.dataset.offline = v; };
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) { mark('no'); return; }
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url)).then(
    () => navigator.serviceWorker.ready.then(() => mark('ready')),
    () => mark('no'),
  );
}
