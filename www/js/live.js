// The wallboard's live mode: a phone system's log (an Asterisk queue_log, an agent-state file, a
// daily CSV export) followed while it grows. In browsers with the File System Access API the page
// keeps the file's handle and every N seconds asks it for the file again, slices off the bytes added
// since the last read and sends only those to the engine, whose analyzer stays open across reads
// (engine.live()). The figures are today's: the engine is told the local day (the `day` setting) and
// the browser's time zone, and at midnight, or when the log shrinks (rotated), it reads the file again
// from its first byte. Elsewhere the page says how to refresh: choose the file again.
import { CANCELLED } from './engine.js';

/** The browser can keep a file's handle and read it again (Chromium's File System Access API). */
export const canFollow = () => typeof window !== 'undefined' && typeof window.showOpenFilePicker === 'function';

/** Today as YYYY-MM-DD in the browser's time zone. */
export function localDay(now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The browser's IANA time zone (epoch times in queue_log are shown in it). */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * createLive({engine, settings, onReport, onStatus}):
 *   settings()        the engine settings to read with (the user's), day and tz are added
 *   onReport(res)     a new report: {report, live: {bytes, wasmBytes}}
 *   onStatus(s)       {file, offset, updates, at, error} after every read
 */
export function createLive({ engine, settings, onReport, onStatus }) {
  let handle = null;
  let timer = null;
  let offset = 0; // bytes of the file already read
  let day = null;
  let busy = false;
  let updates = 0;
  let name = '';

  async function tick() {
    if (busy || !handle) return;
    busy = true;
    try {
      const file = await handle.getFile();
      name = file.name;
      const today = localDay();
      // A new day, or a log that shrank (rotated): read it again from the start.
      const reset = offset === 0 || file.size < offset || today !== day;
      if (reset) { offset = 0; day = today; }
      if (reset || file.size > offset) {
        const end = file.size;
        // Only the bytes added since the last read.
        const chunk = file.slice(offset, end);
        const tz = settings().tz ?? browserZone();
        const res = await engine.live({ name, chunk, reset, settings: { ...settings(), tz, day } });
        offset = end;
        updates++;
        onReport(res);
      }
      onStatus({ file: name, offset, updates, at: new Date(), error: null });
    } catch (e) {
      // The engine lost the open file (restarted, or another analysis ran): start again next time.
      if (e && e.kind === 'live_reset') offset = 0;
      if (!(e && e.kind === CANCELLED)) onStatus({ file: name, offset, updates, at: new Date(), error: e });
    } finally {
      busy = false;
    }
  }

  return {
    /** Follows the file of `h` (a FileSystemFileHandle), reading it every `seconds`. */
    start(h, seconds) {
      this.stop();
      handle = h;
      offset = 0;
      updates = 0;
      tick();
      timer = setInterval(tick, Math.max(1, seconds) * 1000);
    },
    /** A new interval for the file being followed. */
    every(seconds) {
      if (!handle) return;
      clearInterval(timer);
      timer = setInterval(tick, Math.max(1, seconds) * 1000);
    },
    stop() {
      clearInterval(timer);
      timer = null;
      handle = null;
    },
    /** Reads now (the tests and a "refresh" button). */
    tick,
    get following() { return handle != null; },
    get updates() { return updates; },
    get offset() { return offset; },
  };
}
