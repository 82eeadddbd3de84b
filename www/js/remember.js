// Settings that stay: the page remembers the settings used for each kind of file — the column and
// outcome mapping, time zone, thresholds, targets and the scorecard — in this browser's
// localStorage, keyed by the kind the engine recognised (each file's profile and header). When
// files of a known kind are read again, app.js applies what was remembered. The same settings go
// out and come back as a JSON file (settingsFile(), parseSettingsFile()): the CLI reads that file
// with `callscore report --settings FILE.json` and gives the same figures.

const PREFIX = 'callscore.settings.';

/** FNV-1a, 32 bits, as hex: a short, stable key for a long header. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The kind of the files of a report: every readable file's profile and header (as the engine read
 * them), in a stable order; null when no file was recognised.
 */
export function fileKind(report) {
  const kinds = (report?.inputs || []).filter((i) => i.profile && !i.error)
    .map((i) => `${i.profile}:${(i.header || []).join('\u001f')}`).sort();
  return kinds.length ? hash(kinds.join('\u001e')) : null;
}

/** The settings remembered for a kind: {settings, targets} or null. */
export function recalledSettings(kind) {
  try {
    const v = JSON.parse(localStorage.getItem(PREFIX + kind) || 'null');
    return v && typeof v === 'object' && v.settings && typeof v.settings === 'object' ? v : null;
  } catch {
    return null;
  }
}

/** Keeps the settings and targets for a kind (this browser only). */
export function rememberSettings(kind, settings, targets) {
  try {
    localStorage.setItem(PREFIX + kind, JSON.stringify({ settings, targets }));
  } catch { /* storage full or refused: the page works without it */ }
}

/** The settings file the page exports (and `callscore report --settings` reads). */
export function settingsFile(settings, targets) {
  return { callscore: 'settings', version: 1, settings: structuredClone(settings), targets: structuredClone(targets) };
}

/**
 * A settings file's content → {settings, targets}: the page's own export, or a plain settings
 * object as the CLI also takes. Throws an Error for anything else.
 */
export function parseSettingsFile(text) {
  const v = JSON.parse(text);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a settings object');
  if (v.settings && typeof v.settings === 'object') return { settings: v.settings, targets: v.targets || null };
  return { settings: v, targets: null };
}
