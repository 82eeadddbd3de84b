// Throughput and memory of the page on a large file, in headless Chromium.
//   node tests/browser/bench.mjs [FILE]      (default: generates ~1 GB with `callscore sample` in a temp dir)
// Reports MB/s from setInputFiles to the report on screen, and the peak resident memory of all the
// browser's processes (sampled from /proc every 200 ms) next to the memory before the file.
import { existsSync, readFileSync, readdirSync, statSync, rmSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const cli = path.resolve(root, process.env.CALLSCORE_BIN || 'target/release/callscore');
let file = process.argv[2];
let tmp = null;
if (!file) {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'callscore-bench-'));
  file = path.join(tmp, 'big.csv');
  console.log('generating ~1 GB sample…');
  execFileSync(cli, ['sample', '--days', '250', '--calls-per-day', '30000', '--seed', '5', '--output', file], { stdio: 'inherit' });
}
const size = statSync(file).size;

/** RSS (bytes) of pid and all its descendants, from /proc. */
function treeRss(pid) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* process ended */ }
  }
  let total = 0;
  const stack = [...(children.get(pid) || [])];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch { /* ended */ }
    stack.push(...(children.get(p) || []));
  }
  return total;
}

const server = await serve(path.join(root, 'www'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
// The browser's processes are all descendants of this node process (minus node itself).
const pid = process.pid;
const page = await browser.newPage();
await page.goto(server.url);
await page.waitForFunction(() => document.querySelector('#engine-version')?.textContent.includes('callscore'));
const base = treeRss(pid);
let peak = base;
const timer = setInterval(() => { peak = Math.max(peak, treeRss(pid)); }, 200);
const t0 = Date.now();
await page.setInputFiles('#files', file);
await page.waitForFunction(() => document.body.dataset.state === 'report' && document.querySelector('[data-kpi="offered"]'), null, { timeout: 900000, polling: 500 });
const secs = (Date.now() - t0) / 1000;
clearInterval(timer);
const offered = await page.getAttribute('[data-kpi="offered"]', 'data-value');
console.log(`page status: ${await page.textContent('#status')}`);
const MB = 1e6;
console.log(`file ${(size / MB).toFixed(0)} MB, ${offered} offered calls`);
console.log(`drop to report: ${secs.toFixed(1)} s = ${(size / MB / secs).toFixed(0)} MB/s`);
console.log(`browser memory (all processes, RSS): ${(base / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB (+${((peak - base) / MB).toFixed(0)} MB)`);
await browser.close();
await server.close();
if (tmp) rmSync(tmp, { recursive: true, force: true });
