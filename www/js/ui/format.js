// Locale-aware formatting with Intl. null means "not computable" and is shown as such, never as 0.
import { locale, t } from '../i18n/index.js';

// Formatters made once per language and options: making one costs far more than formatting with
// it, and a report formats thousands of numbers and dates (the dates alone took 50 ms of a large
// report's drawing when each made its own).
const cache = new Map();
function formatter(Kind, opts) {
  const key = Kind.name + locale() + JSON.stringify(opts);
  if (!cache.has(key)) cache.set(key, new Kind(locale(), opts));
  return cache.get(key);
}
const nf = (opts) => formatter(Intl.NumberFormat, opts);
/** A date formatter for the page's language (cached). */
export const df = (opts) => formatter(Intl.DateTimeFormat, opts);

export const NA = () => t('not_computable');

export function int(v) {
  return v == null ? NA() : nf({ maximumFractionDigits: 0 }).format(v);
}

export function num(v, digits = 1) {
  return v == null ? NA() : nf({ maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

/** A fraction 0–1 as a percentage. */
export function pct(v, digits = 1) {
  if (v == null) return NA();
  return nf({ style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

/**
 * A KPI value by its catalogue unit (catalog.js): rate a percentage, seconds a duration, count a
 * whole number, flag yes/no, per_hour / agents / points / score / hours with decimals.
 */
export function fmtUnit(unit, v) {
  if (v == null) return NA();
  if (unit === 'rate') return pct(v);
  if (unit === 'seconds') return dur(v);
  if (unit === 'count') return int(v);
  if (unit === 'flag') return v ? t('yes') : t('no');
  if (unit === 'per_minute') return num(v, 0);
  return num(v, unit === 'per_hour' || unit === 'amount' || unit === 'average' ? 2 : 1);
}

/** `n` seconds with at most `digits` decimals ("12.4 s", "12,4 秒"). */
const secs = (n, digits = 0) =>
  nf({ style: 'unit', unit: 'second', unitDisplay: 'narrow', maximumFractionDigits: digits }).format(n);

/** Seconds as "12.4 s" under a minute, "4 min 19 s" above, "3 h 5 min" above an hour. */
export function dur(v) {
  if (v == null) return NA();
  const min = (n) => nf({ style: 'unit', unit: 'minute', unitDisplay: 'narrow', maximumFractionDigits: 0 }).format(n);
  const hr = (n) => nf({ style: 'unit', unit: 'hour', unitDisplay: 'narrow', maximumFractionDigits: 0 }).format(n);
  if (Math.abs(v) < 60) return secs(v, Number.isInteger(v) ? 0 : 1);
  const total = Math.round(v);
  const sp = locale().startsWith('zh') ? '' : ' ';
  if (total < 3600) return `${min(Math.floor(total / 60))}${sp}${secs(total % 60)}`;
  return `${hr(Math.floor(total / 3600))}${sp}${min(Math.floor((total % 3600) / 60))}`;
}

/**
 * How long a run took: under a second to the hundredth (a small file's 0.05 s is not "0 s"), else
 * as [dur]. One argument only, like dur: both are passed to map() and as column formatters.
 */
export function elapsed(seconds) {
  return seconds != null && seconds < 1 ? secs(seconds, 2) : dur(seconds);
}

export function bytes(n) {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return nf({ style: 'unit', unit: units[i], unitDisplay: 'narrow', maximumFractionDigits: i ? 1 : 0 }).format(n);
}

/** "2026-10-01" → locale date (the report's days are already in the report's time zone). */
export function day(s) {
  if (!s) return t('unknown');
  const [y, m, d] = s.split('-').map(Number);
  return df({ dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** "2026-10-01 08:30[:15]" → locale date-time, shown as written (report time zone). */
export function dateTime(s) {
  if (!s) return t('unknown');
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?/.exec(s);
  if (!m) return s;
  const ms = Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  const opts = { dateStyle: 'medium', timeStyle: m[6] ? 'medium' : 'short', timeZone: 'UTC' };
  return df(opts).format(ms);
}

/** "YYYY-MM-DD HH:MM" → seconds since epoch as if UTC (charts display it back in UTC, i.e. as written). */
export function stamp(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d))?/.exec(s || '');
  return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0)) / 1000 : null;
}
