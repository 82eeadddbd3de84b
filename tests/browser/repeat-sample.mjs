// Runs "Try sample data" again and again, each time in a fresh page, and counts the runs that never
// showed their report: the check for a stall that strikes only now and then (not part of the suite,
// which runs each test once). Run from the repository root, after scripts/build:
//   node tests/browser/repeat-sample.mjs [runs, default 60]
// Env: WWW (the page's folder, default www/), WAIT (seconds before a run counts as stalled, 30),
// CHROMIUM. Prints one line per run (its time, or what the page showed when it stalled) and the
// count last; exits non-zero when a run stalled.
//
// How it was used: before file-source.js held the streams it reads (hold()), 9 of 112 runs on a
// two-core machine stalled with the coordinator's own range half read; with it, none of 200.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const www = path.resolve(process.env.WWW || path.join(here, '../../www'));
const runs = Number(process.argv[2] || 60);
const wait = Number(process.env.WAIT || 30) * 1000;

const server = await serve(www, '/p/');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let stalled = 0;
for (let k = 1; k <= runs; k++) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1300, height: 950 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.pool === 'ready');
  const t0 = Date.now();
  await page.click('#sample');
  try {
    await page.waitForFunction(() => document.body.dataset.state === 'report'
      && document.querySelector('[data-kpi="offered"]'), null, { timeout: wait });
    console.log(`run ${k}: report in ${Date.now() - t0} ms`);
  } catch {
    stalled++;
    const shown = await page.evaluate(() => ({
      state: document.body.dataset.state,
      progress: document.querySelector('#progress')?.innerText.replace(/\s+/g, ' '),
      error: document.querySelector('#error')?.innerText,
    })).catch((e) => e.message);
    console.log(`run ${k}: STALLED, no report after ${wait / 1000} s; the page showed ${JSON.stringify(shown)}`);
  }
  await context.close();
}
console.log(`${stalled} of ${runs} runs stalled`);
await browser.close();
await server.close();
process.exit(stalled ? 1 : 0);
