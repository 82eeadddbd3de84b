// Every piece of the page's state, declared here with what it holds. app.js creates it once and
// hands it to the panels; they read and write these fields only (the object is sealed, so a
// field that is not declared here throws instead of appearing on the fly). The targets are kept
// in localStorage, in this browser only; their defaults come from the engine's catalogue
// (initTargets() once the engine's facts are in).
import { defaultTargets } from './catalog.js';

const TARGETS_KEY = 'callscore.targets';
/** Amber: within 20 % of the target. */
export const DEFAULT_MARGIN = 0.2;

/** The staffing calculator's inputs before a report seeds them (strings while typed, '' = none). */
const CALC_DEFAULTS = { calls: 100, aht_s: 180, interval_min: 30, sl_target: 80, sl_threshold_s: 20, shrinkage: 0,
  max_occupancy: '', patience_s: '' };

export function createState() {
  return Object.seal({
    // ---- the run
    files: [], // File objects of the last run (kept so a re-run can read them again)
    settings: {}, // engine settings the user changed (snake_case, as the engine takes them)
    report: null, // the engine's report shown, or null before the first one
    lastRun: null, // {bytes, rows, ms} of the last read, for the status line
    fileKind: null, // the kind of the files read (remember.js fileKind()), null before the first report
    recalled: false, // settings remembered for this kind of file were applied
    // ---- targets (Settings tab, overview colours)
    targets: {}, // {kpi: {dir: 'min'|'max', value}}: initTargets() once the engine is ready; saveTargets()
    margin: DEFAULT_MARGIN, // amber band around a target, a fraction
    // ---- navigation
    tab: 'overview', // the tab shown (data-tab of its button)
    agent: null, // id of the agent whose page is open on the Agents tab ('' = the unknown agent)
    reviewAgent: null, // id of the agent whose review page is open on the Scorecard tab, or ALL_AGENTS
    // ---- the monthly cycle (Periods tab, agent and review pages)
    periodGrain: 'month', // grain of the Periods tab's table: 'day' | 'week' | 'month'
    compareKpi: null, // KPI of the comparison tables (null = service level)
    trendGrain: 'month', // grain of an agent's trend
    trendKpi: null, // KPI of the agent against team and centre (null = AHT)
    // ---- Charts tab
    chartDay: null, // day the interval chart shows ('' = all days, null = the first day)
    heatMetric: 'offered', // KPI the weekday × hour heatmap colours
    // ---- Staffing tab
    staffDay: null, // day of the staffing chart (null = the busiest day)
    staffModel: 'erlang_c', // model of the weekday × interval table: 'erlang_c' | 'erlang_a'
    calc: Object.seal({ ...CALC_DEFAULTS }), // the what-if calculator's inputs (survive re-renders)
    calcSeeded: false, // the calculator was started once from a report's figures
    // ---- Scorecard tab
    card: null, // the scorecard being edited in the form (applied as settings.scorecard)
    cardPeriod: null, // appraisal month whose card is shown (report.scorecards_by_period[].period), null = whole range
    cardPreset: '', // id of the preset the card came from ('' = imported or none)
    cardDirty: false, // the form has changes not applied yet
    cardProblem: null, // {path, message, code, params} of the engine's validateScorecard() for the card, or null
    editorOpen: false, // the card editor (a <details>) is unfolded
    // ---- Wallboard tab: the live mode (js/live.js) as the page shows it
    live: Object.seal({ following: false, file: '', offset: 0, updates: 0, at: null, error: null, every: 10,
      wasmBytes: null }),
  });
}

/** reviewAgent value: every agent's review page at once, one printed page each. */
export const ALL_AGENTS = '\u0000all';

/** The targets: the catalogue's defaults with the ones saved in this browser over them. */
export function initTargets(state) {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(TARGETS_KEY) || 'null');
  } catch { /* ignore broken storage (or none, under Node) */ }
  state.targets = { ...defaultTargets(), ...(saved && typeof saved === 'object' ? saved : {}) };
}

/** Keeps state.targets for the next visit (this browser only). */
export function saveTargets(state) {
  try { localStorage.setItem(TARGETS_KEY, JSON.stringify(state.targets)); } catch { /* ignore */ }
}
