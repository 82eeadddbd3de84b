// What the page knows about the engine — nothing of its own. The worker sends the engine's facts
// once with READY (protocol.js engineFacts()): every setting's default, the settings report()
// applies without reading the files again, the KPI catalogue (names, units, directions, groupings,
// formulas, overview tiles, default targets), the message templates, the lists a form offers
// (choices()), the scorecard and QA-form presets and the version. This module holds them and
// answers from them; panels ask it, never a copy. Until setFacts() has been called ready() is
// false and every other function throws: app.js renders the panels only after READY.

let facts = null;
let byId = new Map(); // KPI id → catalogue entry

const REQUIRED = ['defaultSettings', 'recomputable', 'kpiCatalog', 'messages', 'choices', 'presets', 'qaForms',
  'version'];

/** Keeps the engine's facts (a READY message's `facts`); the same facts again change nothing. */
export function setFacts(f) {
  const missing = REQUIRED.filter((k) => f?.[k] == null);
  if (missing.length) throw new Error(`the engine's facts lack ${missing.join(', ')}`);
  facts = deepFreeze(structuredClone(f));
  byId = new Map(facts.kpiCatalog.map((k) => [k.id, k]));
}

/** The engine's facts have arrived. */
export const ready = () => facts != null;

function need() {
  if (!facts) throw new Error('the engine has not sent its facts yet');
  return facts;
}

function deepFreeze(o) {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** The engine's version. */
export const version = () => need().version;

// ---------------------------------------------------------------- KPI catalogue
/**
 * Every KPI: [{id, name: {en, zh}, unit, direction, additive, groupings, numerator, denominator,
 * formula, tile, default_target}] (read-only), tiles first in the overview's order.
 */
export const kpis = () => need().kpiCatalog;
/** One KPI's catalogue entry, or null for an id the engine does not know (e.g. `rating:德`). */
export const kpi = (id) => (need(), byId.get(id) ?? null);
/** The overview's KPI tiles in order: catalogue entries with `tile`. */
export const tiles = () => kpis().filter((k) => k.tile);
/** A KPI's name in `lang` ('en' | 'zh'), or null when the catalogue does not know the id. */
export function kpiName(id, lang) {
  const k = kpi(id);
  return k ? k.name[lang] ?? k.name.en : null;
}

/**
 * The targets a fresh page starts with, from each KPI's `default_target` and `direction`:
 * {kpi: {dir, value}}, dir 'min' when higher is better (value ≥ target), 'max' when lower is
 * better (value ≤ target). A new copy each time.
 */
export function defaultTargets() {
  const out = {};
  for (const k of kpis()) {
    if (k.default_target == null || !k.direction) continue;
    out[k.id] = { dir: k.direction === 'higher' ? 'min' : 'max', value: k.default_target };
  }
  return out;
}

/** KPI ids a scorecard can score an agent on: the catalogue's per-agent and people KPIs. */
export const scorecardKpis = () => kpis()
  .filter((k) => k.groupings.includes('agent') || k.groupings.includes('people')).map((k) => k.id);

// ---------------------------------------------------------------- settings
/** The settings report() can apply without reading the files again. */
export const recomputable = () => [...need().recomputable];
export const isRecomputable = (key) => need().recomputable.includes(key);
/**
 * Whether report() can apply a change of `keys` to what was read with `readSettings` (the shown
 * report's settings): FCR needs per-call memory that is kept only while reading with FCR on.
 */
export const canRecompute = (keys, readSettings) => keys.every((k) => isRecomputable(k)
  && !(k === 'fcr_window_h' && !(readSettings?.fcr_window_h > 0)));
/** The engine's default of one setting (undefined for a name it does not have). */
export const defaultSetting = (key) => need().defaultSettings[key];
/** The values a setting or card field takes (choices(): sl_variant, profile, scoring_method, …). */
export const choices = (name) => [...(need().choices[name] ?? [])];

// ---------------------------------------------------------------- presets and messages
/** The scorecard presets: [{id, card}] (a new copy each time: the editor changes its card). */
export const presets = () => structuredClone(need().presets);
/** The QA form presets: [{id, form}]. */
export const qaForms = () => structuredClone(need().qaForms);
/** Every message and formula template: {code: {en, zh}} with {name} placeholders (read-only). */
export const templates = () => need().messages;
