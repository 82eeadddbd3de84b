// Builds what the page needs beside www/'s own files, once the wasm engine is in www/pkg/ (run by
// scripts/build from the repository root: `node build/page.mjs`):
//   www/pkg/files.json    the files a hosted copy caches to work offline (read by www/sw.js)
//   target/page/www.bin   every file of www/ in one archive, carried inside `callscore serve`
//   dist/callscore.html   the single self-contained HTML file: page, scripts, styles, charts, the
//                         worker and the wasm engine inlined, under a strict hash-based CSP
// Files are rewritten only when their contents change (so cargo does not rebuild the binary for
// nothing). Prints the single file's size and SHA-256 last.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');
const www = path.join(root, 'www');
const dist = path.join(root, 'dist');
/** The single file must stay small enough to mail (issue 14: under 3 MB in all). */
const MAX_SINGLE_FILE_BYTES = 3_000_000;

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const fail = (message) => { console.error(`build/page.mjs: ${message}`); process.exit(1); };

/** Writes `data` to `file` unless it already holds exactly that; true when it wrote. */
function writeIfChanged(file, data) {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (existsSync(file) && readFileSync(file).equals(bytes)) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return true;
}

/** The page's files (paths relative to www/, '/'-separated, sorted): not notes (*.md) nor dot files. */
function pageFiles(dir = www) {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    if (name.startsWith('.') || name.endsWith('.md')) return [];
    if (statSync(p).isDirectory()) return dir === www && name === 'sample' ? [] : pageFiles(p);
    return [path.relative(www, p).split(path.sep).join('/')];
  });
}

if (!existsSync(path.join(www, 'pkg', 'callscore_bg.wasm'))) fail('www/pkg/ is not built (scripts/build builds it)');

// ------------------------------------------------------------------ offline list for sw.js
{
  const files = pageFiles().filter((f) => f !== 'sw.js' && f !== 'pkg/files.json');
  const version = sha256(files.map((f) => `${f}\0${sha256(readFileSync(path.join(www, f)))}\n`).join(''));
  writeIfChanged(path.join(www, 'pkg', 'files.json'), `${JSON.stringify({ version, files }, null, 1)}\n`);
}

// ------------------------------------------------------------------ archive for `callscore serve`
{
  // Format (read by src/cli/serve.rs): MAGIC, then per file u32 LE path length, path, u32 LE size, data.
  const parts = [Buffer.from('CALLSCORE-WWW 1\n')];
  for (const f of pageFiles()) {
    const name = Buffer.from(f);
    const data = readFileSync(path.join(www, f));
    const len = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
    parts.push(len(name.length), name, len(data.length), data);
  }
  writeIfChanged(path.join(root, 'target', 'page', 'www.bin'), Buffer.concat(parts));
}

// ------------------------------------------------------------------ the single HTML file
/** esbuild plugin: build/single/host.js in place of www/js/host.js, and the wasm as a module. */
function singleFile(wasmBase64) {
  return {
    name: 'callscore-single-file',
    setup(build) {
      build.onResolve({ filter: /(^|\/)host\.js$/ }, (args) => {
        const p = path.resolve(args.resolveDir, args.path);
        return p === path.join(www, 'js', 'host.js') ? { path: path.join(here, 'single', 'host.js') } : undefined;
      });
      build.onResolve({ filter: /^callscore:wasm$/ }, () => ({ path: 'wasm', namespace: 'callscore' }));
      build.onLoad({ filter: /.*/, namespace: 'callscore' }, () => ({
        contents: `export const WASM_GZIP_BASE64 = ${JSON.stringify(wasmBase64)};`,
        loader: 'js',
      }));
    },
  };
}

/** One script of all the modules `entry` imports. format: 'esm' for the page's module script;
 * 'iife' for the worker, which runs as a classic worker (Chromium refuses a module worker from a
 * blob: URL on file://, where the page's origin is opaque). */
async function bundle(entry, format, wasmBase64) {
  const result = await esbuild.build({
    entryPoints: [path.join(www, entry)],
    bundle: true,
    format,
    // The wasm-bindgen glue reads import.meta.url only when given no module, which never happens here.
    logOverride: { 'empty-import-meta': 'silent' },
    minify: true,
    charset: 'ascii', // the inlined text is ASCII: no encoding can change what the hash covers
    target: ['es2022'],
    legalComments: 'inline',
    write: false,
    logLevel: 'warning',
    plugins: [singleFile(wasmBase64)],
  });
  return result.outputFiles[0].text.trimEnd();
}

async function minifyCss(file) {
  const css = readFileSync(path.join(www, file), 'utf8');
  return (await esbuild.transform(css, { loader: 'css', minify: true, charset: 'ascii' })).code.trimEnd();
}

const wasm = readFileSync(path.join(www, 'pkg', 'callscore_bg.wasm'));
const wasmBase64 = gzipSync(wasm, { level: 9 }).toString('base64');
const app = await bundle('app.js', 'esm', '');
const worker = await bundle('worker.js', 'iife', wasmBase64);
if (app.includes(wasmBase64.slice(0, 64))) fail('the page bundle carries the wasm (only the worker should)');

let html = readFileSync(path.join(www, 'index.html'), 'utf8');
const blocks = []; // inlined texts, in document order; each element carries data-inline
const slot = (text) => { blocks.push(text); return `\u0000${blocks.length - 1}\u0000`; };
const hashes = { script: [], style: [] };
const cspHash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const replaceOnce = (pattern, make) => {
  const m = html.match(pattern);
  if (!m) fail(`www/index.html has no ${pattern}: update build/page.mjs`);
  html = html.replace(pattern, make(m));
};

// Styles: each <link rel="stylesheet"> becomes a <style> with the same media.
for (const m of [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"( media="[^"]+")?>/g)]) {
  const css = await minifyCss(m[1]);
  hashes.style.push(cspHash(css));
  html = html.replace(m[0], `<style data-inline${m[2] || ''}>${slot(css)}</style>`);
}
replaceOnce(/<script type="module" src="app\.js"><\/script>/, () => {
  hashes.script.push(cspHash(app));
  return `<script type="module" data-inline>${slot(app)}</script>`;
});
// No manifest (a file has no origin to install from); the icon as a data: URL.
replaceOnce(/<link rel="manifest"[^>]*>\n/, () => '');
replaceOnce(/<link rel="icon" href="icon\.svg"[^>]*>/, () => {
  const svg = readFileSync(path.join(www, 'icon.svg'));
  return `<link rel="icon" href="data:image/svg+xml;base64,${svg.toString('base64')}">`;
});
// The worker (with the engine) and the frame are data blocks: never run by the page itself.
replaceOnce(/<\/body>/, () => [
  `<script type="text/plain" id="callscore-worker" data-inline>${slot(worker)}</script>`,
  `<script type="application/json" id="callscore-frame" data-inline>${slot('')}</script>`,
  '</body>',
].join('\n'));
const license = readFileSync(path.join(www, 'vendor', 'uPlot.LICENSE'), 'utf8').replaceAll('--', '- -').trim();
replaceOnce(/<html[^>]*>\n/, (m) => `${m[0]}<!-- Callscore, one self-contained file: open it in a browser; it makes no
request. Built with uPlot 1.6.32 (charts):\n${license}\n-->\n`);
const csp = [
  "default-src 'none'",
  `script-src ${hashes.script.join(' ')} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  `style-src ${hashes.style.join(' ')}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
replaceOnce(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () =>
  `<meta http-equiv="Content-Security-Policy" content="${csp}">`);

// What the HTML parser reads back with textContent must be exactly what was written: no end tag,
// no comment opener that changes how a script ends, no CR, no NUL.
for (const [i, text] of blocks.entries()) {
  const bad = /<\/(script|style)/i.exec(text) || /<!--/.exec(text) || /[\r\0]/.exec(text);
  if (bad) fail(`inlined block ${i} contains ${JSON.stringify(bad[0])}`);
}
// The frame: the text around the blocks, so the page can rebuild its own bytes (build/single/host.js).
const pieces = html.split(/\u0000\d+\u0000/);
if (pieces.length !== blocks.length + 1) fail('a placeholder went missing');
blocks[blocks.length - 1] = JSON.stringify(pieces).replaceAll('<', '\\u003c');
const out = pieces.map((p, i) => p + (i < blocks.length ? blocks[i] : '')).join('');
const bytes = Buffer.from(out, 'utf8');
if (bytes.length >= MAX_SINGLE_FILE_BYTES) {
  fail(`dist/callscore.html is ${bytes.length} bytes, over ${MAX_SINGLE_FILE_BYTES}`);
}
writeIfChanged(path.join(dist, 'callscore.html'), bytes);
console.log(`dist/callscore.html  ${bytes.length} bytes  sha256 ${sha256(bytes)}`);
