// Benchmark (not a test): seconds from a new setting to the report on screen again, the files not
// read again — what a manager waits for at every threshold they try.
//   node tests/browser/time-to-recompute.mjs FILE [RUNS=3]
// The file is read once; then, RUNS times, the service-level threshold is set to another value in
// Settings (Enter), and the clock runs from that key press to one frame after the service level
// tile carries its new value (a MutationObserver, then requestAnimationFrame and a task).
import path from 'node:path';
import { printMedian, startPage } from './page-timing.mjs';

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/browser/time-to-recompute.mjs FILE [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg || 3);
const { url, browser, close } = await startPage();
const seconds = [];
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('input[type=file]').first().setInputFiles(file);
  await page.waitForFunction(() => document.body.dataset.state === 'report', null, { timeout: 600_000 });
  const input = page.locator('input[name="sl_threshold_s"]');
  for (let i = 0; i < runs; i++) {
    if (!(await input.isVisible())) await page.click('#tab-settings');
    const before = await page.getAttribute('[data-kpi="service_level"]', 'data-value');
    await page.evaluate((before) => {
      window.recomputed = new Promise((resolve) => {
        let t0 = null;
        const start = (e) => { if (e.key === 'Enter') t0 = performance.now(); };
        document.addEventListener('keydown', start, true);
        new MutationObserver(() => {
          const now = document.querySelector('[data-kpi="service_level"]')?.getAttribute('data-value');
          if (t0 == null || now == null || now === before) return;
          document.removeEventListener('keydown', start, true);
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        }).observe(document.body, { subtree: true, attributes: true, childList: true });
      });
    }, before);
    await input.fill(String(25 + 7 * i));
    await input.press('Enter');
    const ms = await page.evaluate(() => window.recomputed);
    seconds.push(ms / 1000);
    console.log(`run ${i + 1}: ${(ms / 1000).toFixed(3)} s`);
  }
} finally {
  await close();
}
printMedian(path.basename(file), seconds, 'recomputations');
