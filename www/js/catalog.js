// What the page knows about the engine without asking it: the KPIs the overview shows and their
// kind, the default targets, which settings report() can apply without reading the files again,
// the engine's setting defaults, and the names a form offers (scorecard KPIs and methods, QA form
// presets, column fields, outcomes). Every panel asks this module, never a copy of these lists,
// so when the wasm engine exports them (a KPI catalogue, defaultSettings(), the recomputable set)
// only this file changes.

// kind: 'count' | 'rate' (fraction 0–1) | 'time' (seconds). Ids are those of kpis.md / the report.
const TILES = [
  { id: 'offered', kind: 'count' },
  { id: 'answered', kind: 'count' },
  { id: 'abandoned', kind: 'count' },
  { id: 'answer_rate', kind: 'rate' },
  { id: 'abandon_rate', kind: 'rate' },
  { id: 'service_level', kind: 'rate' },
  { id: 'asa', kind: 'time' },
  { id: 'avg_wait_abandoned', kind: 'time' },
  { id: 'max_wait', kind: 'time' },
  { id: 'wait_p90', kind: 'time' },
  { id: 'aht', kind: 'time' },
  { id: 'avg_talk', kind: 'time' },
  { id: 'avg_hold', kind: 'time' },
  { id: 'avg_acw', kind: 'time' },
  { id: 'fcr', kind: 'rate' },
  { id: 'short_call_rate', kind: 'rate' },
  { id: 'transfer_rate', kind: 'rate' },
  { id: 'hold_rate', kind: 'rate' },
  { id: 'short_abandoned', kind: 'count' },
  { id: 'timed_out', kind: 'count' },
  { id: 'ivr_only', kind: 'count' },
];

// Defaults: seed 000's "good centre" (abandon < 3 %, SL ~90 % in 20 s) softened to the common 80/20.
// dir 'min': higher is better (value ≥ target); 'max': lower is better (value ≤ target).
const DEFAULT_TARGETS = {
  service_level: { dir: 'min', value: 0.8 },
  answer_rate: { dir: 'min', value: 0.95 },
  abandon_rate: { dir: 'max', value: 0.03 },
  asa: { dir: 'max', value: 20 },
  max_wait: { dir: 'max', value: 180 },
  wait_p90: { dir: 'max', value: 60 },
  aht: { dir: 'max', value: 300 },
  fcr: { dir: 'min', value: 0.7 },
  short_call_rate: { dir: 'max', value: 0.05 },
  transfer_rate: { dir: 'max', value: 0.1 },
};

/** Settings that Analyzer.report() can apply to what was already read. */
const RECOMPUTABLE = ['sl_threshold_s', 'sl_variant', 'abandon_variant', 'short_abandon_s', 'short_call_s',
  'interval_min', 'fcr_window_h', 'timeout_as_abandoned', 'staffing', 'sl_target', 'max_occupancy', 'shrinkage',
  'scorecard', 'qa_form'];

/** The engine's defaults of the settings the Settings tab shows before a report exists. */
const DEFAULTS = { sl_threshold_s: 20, sl_variant: 'offered', abandon_variant: 'offered', short_abandon_s: 5,
  short_call_s: 10, interval_min: 30, fcr_window_h: 168, tz: 'UTC', timeout_as_abandoned: false,
  encoding: null, delimiter: null, date_order: null, profile: null, dedupe: true };

// KPI ids a scorecard can use even before a file is loaded (docs/scorecards.md).
const SCORECARD_KPIS = ['answered', 'aht', 'avg_talk', 'avg_hold', 'avg_acw', 'fcr', 'service_level',
  'short_call_rate', 'transfer_rate', 'hold_rate', 'occupancy', 'calls_per_hour', 'net_handled',
  'net_handled_vs_target', 'answered_per_hour', 'worked_hours', 'qa_score', 'qa_evaluations', 'qa_autofail_count',
  'qa_autofail_rate', 'csat', 'csat_mean', 'nps', 'ces', 'complaints', 'absenteeism', 'lateness', 'turnover'];
const SCORING_METHODS = ['ratio', 'linear', 'bands', 'rank', 'pass_fail'];
const GATE_EFFECTS = ['cap_grade', 'cap_score', 'zero'];
/** QA form presets (the engine's qaForms() has the same ids). */
const QA_FORMS = ['seed001_checklist', 'seed003_soft'];
/** Fields a column can be mapped to (the `columns` setting). */
const COLUMN_FIELDS = ['call_id', 'arrival', 'date', 'time', 'answer', 'end', 'wait', 'talk', 'hold', 'acw', 'agent',
  'agent_name', 'team', 'queue', 'outcome', 'caller', 'direction', 'resolved', 'transferred', 'satisfaction',
  'complaint'];
/** What an outcome value can count as (the `outcomes` setting). */
const OUTCOME_KINDS = ['answered', 'abandoned', 'timed_out', 'ivr', 'other'];

/** The overview's KPI tiles in order: [{id, kind}]. */
export const tiles = () => TILES.map((k) => ({ ...k }));
/** The targets a fresh page starts with: {kpi: {dir, value}} (a new copy each time). */
export const defaultTargets = () => structuredClone(DEFAULT_TARGETS);
/** The settings report() can apply without reading the files again. */
export const recomputable = () => [...RECOMPUTABLE];
export const isRecomputable = (key) => RECOMPUTABLE.includes(key);
/** The engine's default of one setting (undefined when the page does not know it). */
export const defaultSetting = (key) => DEFAULTS[key];
export const scorecardKpis = () => [...SCORECARD_KPIS];
export const scoringMethods = () => [...SCORING_METHODS];
export const gateEffects = () => [...GATE_EFFECTS];
export const qaFormPresets = () => [...QA_FORMS];
export const columnFields = () => [...COLUMN_FIELDS];
export const outcomeKinds = () => [...OUTCOME_KINDS];
