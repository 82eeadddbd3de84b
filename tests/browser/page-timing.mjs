// What the page timing benchmarks (time-to-report.mjs, time-to-recompute.mjs) share: www/ served
// and a headless Chromium, and the line they end with.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

/** Serves www/ and starts Chromium: {url (the page, with `query`), browser, close()}. */
export async function startPage(query = '') {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../www');
  const server = await serve(root);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  return {
    url: server.url + query,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Prints "LABEL: median S s of N WHAT". */
export function printMedian(label, seconds, what) {
  const sorted = [...seconds].sort((a, b) => a - b);
  console.log(`${label}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} s of ${seconds.length} ${what}`);
}
