// The engine's words in the page's language. The engine says everything as data — a message
// {code, params, text} (notes, warnings, reasons, errors, rules, formulas), a KPI id — and sends
// its templates and KPI names once (catalog.js). msg() fills the template of the page's language
// with the parameters (numbers formatted for the locale, nested messages rendered the same way,
// a few engine words through the page's dictionary); kpiName() names a KPI; formula() gives a
// report's formula of a KPI. The English `text` is shown only for a code this engine build has no
// template for, and that is logged as an error (the browser tests fail on it).
import { t, getLang, locale } from './i18n/index.js';
import { templates, kpiName as catalogName } from './catalog.js';

// Parameters that are a word of the engine's vocabulary (a calculator input, a scoring method),
// sent as its English word: shown through the dictionary (term_<word>), else as sent.
const TERM_PARAMS = new Set(['what', 'method']);
// Parameters that are a KPI id: shown as the catalogue's name of the KPI, else as sent.
const KPI_PARAMS = new Set(['kpi']);

const unknownCodes = new Set();
const formats = new Map();

function numberFormat() {
  const key = locale();
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(key, { maximumFractionDigits: 4 }));
  return formats.get(key);
}

/** A message object of the engine as text in the page's language ('' for none, a string as is). */
export function msg(m) {
  if (m == null) return '';
  if (typeof m !== 'object') return String(m);
  const tpl = m.code != null ? templates()[m.code] : null;
  if (!tpl) return fallback(m);
  const params = m.params || {};
  const text = tpl[getLang()] ?? tpl.en;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? param(name, params[name]) : whole));
}

function param(name, v) {
  if (v == null) return '';
  if (typeof v === 'number') return numberFormat().format(v);
  if (typeof v === 'object') return 'code' in v ? msg(v) : String(v);
  if (TERM_PARAMS.has(name)) return term(v);
  if (KPI_PARAMS.has(name)) return catalogName(v, getLang()) ?? v;
  return String(v);
}

/** An engine word (`service level target`, `pass_fail`) in the page's language. */
export function term(word) {
  const key = `term_${String(word).toLowerCase().replace(/\W+/g, '_')}`;
  const s = t(key);
  return s === key ? String(word) : s;
}

/** A code without a template: the engine's English, and an error for whoever watches the console. */
function fallback(m) {
  const code = m.code ?? '(no code)';
  if (!unknownCodes.has(code)) {
    unknownCodes.add(code);
    console.error(`callscore: no template for the engine's message code ${code}; shown in English`);
  }
  return String(m.text ?? m.message ?? code);
}

/** The codes shown through the English fallback so far (for tests). */
export const fallbackCodes = () => [...unknownCodes];

/** A KPI's name in the page's language, or the id itself when the catalogue does not know it. */
export const kpiName = (id) => catalogName(id, getLang()) ?? id;

/** The report's formula of a KPI (its `definitions` entry) in the page's language, or ''. */
export const formula = (report, id) => msg(report?.definitions?.[id]);

// ---------------------------------------------------------------- the engine's ids as words
/** An id of the engine (a variant, a date order …) through the dictionary key prefix + id, else as is. */
export function idLabel(prefix, id) {
  const key = prefix + id;
  const s = t(key);
  return s === key ? String(id) : s;
}
/** A profile id (generic, queue_log, qa …) in the page's language. */
export const profileName = (id) => idLabel('profile_', id);
/** A skip rule of the import summary (IVR_ONLY, DUPLICATE …) in the page's language. */
export const skipRuleName = (rule) => idLabel('skip_', rule);
/** A call outcome id (answered, abandoned, timed_out …) in the page's language. */
export const outcomeName = (id) => idLabel('out_', id);

const DELIMITERS = { ',': 'comma', ';': 'semicolon', '\t': 'tab', tab: 'tab', '|': 'pipe' };
/** A delimiter character with its name ("comma ,"); the tab by name alone. */
export function delimiterName(c) {
  const name = DELIMITERS[c];
  if (!name) return String(c);
  return name === 'tab' ? t('tab') : `${t(name)} ${c}`;
}
