// Callscore page: loads files into the engine worker, keeps the report, renders the panels.
import { $, $$, h, clear } from './js/dom.js';
import { t, getLang, setLang } from './js/i18n/index.js';
import { bytes, dur, int } from './js/format.js';
import { DEFAULT_TARGETS, DEFAULT_MARGIN } from './js/kpis.js';
import { renderOverview } from './js/overview.js';
import { renderAgents } from './js/agents.js';
import { renderGroups } from './js/groups.js';
import { renderReview } from './js/review.js';
import { renderSettings, RECOMPUTABLE } from './js/settings.js';
import { renderCharts } from './js/charts.js';
import { renderStaffing } from './js/staffing.js';
import { renderAgentTime } from './js/agenttime.js';
import { renderScorecard } from './js/scorecard.js';
import { renderQa } from './js/qa.js';

// ---------------------------------------------------------------- state
export const app = {
  files: [],            // File objects of the last run (kept so a re-run can read them again)
  settings: {},         // engine settings the user changed (snake_case, as the engine takes them)
  report: null,
  targets: loadTargets(),
  margin: DEFAULT_MARGIN,
  tab: 'overview',
  agent: null,          // id of the agent whose page is open, or undefined
  card: null,           // the scorecard being edited in the form (applied as settings.scorecard)
  reviewAgent: null,    // id of the agent whose printable review page is open on the Scorecard tab
  lastRun: null,        // {bytes, rows, ms} for the status line
};

function loadTargets() {
  try {
    const saved = JSON.parse(localStorage.getItem('callscore.targets') || 'null');
    if (saved && typeof saved === 'object') return { ...structuredClone(DEFAULT_TARGETS), ...saved };
  } catch { /* ignore broken storage */ }
  return structuredClone(DEFAULT_TARGETS);
}
export function saveTargets() {
  try { localStorage.setItem('callscore.targets', JSON.stringify(app.targets)); } catch { /* ignore */ }
}

// ---------------------------------------------------------------- worker
let worker = null;
let workerHasData = false; // the worker's analyzer holds the last run (report() possible)
let runId = 0;
let running = false;

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  workerHasData = false;
  worker.onmessage = (ev) => onWorkerMessage(ev.data);
  // An uncaught error inside the worker (e.g. the wasm module failed to load) ends up here.
  worker.onerror = (ev) => {
    ev.preventDefault();
    fail({ kind: 'crash', message: ev.message || 'worker error' }, true);
  };
}

function restartWorker() {
  if (worker) worker.terminate();
  for (const p of pending.values()) p.reject(new Error('engine restarted'));
  pending.clear();
  startWorker();
}

// Small engine functions (the staffing calculator's erlang(), presets(), qaForms(),
// validateScorecard()) run in the worker, where the engine is already loaded: no extra download.
// Answers are matched to requests by id.
const pending = new Map();
let callSeq = 0;

/** Calls an engine function in the worker by name; resolves with its result. */
export function engineCall(fn, arg) {
  if (!worker) startWorker();
  const id = ++callSeq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ type: 'call', id, fn, arg });
  });
}

/** The staffing calculator: Erlang C and A for one set of inputs. */
export const calcErlang = (input) => engineCall('erlang', input);

function onWorkerMessage(msg) {
  if (msg.type === 'call') {
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (p) { if (msg.error) p.reject(Object.assign(new Error(msg.error.message), msg.error)); else p.resolve(msg.result); }
    return;
  }
  if (msg.type === 'ready') {
    $('#engine-version').textContent = `· ${t('engine')} callscore ${msg.version}`;
    return;
  }
  if (msg.runId !== runId) return; // a stale message from a cancelled run
  if (msg.type === 'progress') showProgress(msg);
  else if (msg.type === 'file') {
    if (msg.summary && msg.summary.error) showFileError(msg.summary);
  } else if (msg.type === 'report') {
    running = false;
    workerHasData = true;
    hideProgress();
    // Every file failed: keep whatever was shown before; the error box says why.
    if (!msg.recomputed && msg.report.inputs.length && msg.report.inputs.every((i) => i.error)) {
      document.body.dataset.state = app.report ? 'report' : 'idle';
      workerHasData = false; // the analyzer now holds the failed run, not the report shown
      return;
    }
    app.report = msg.report;
    if (msg.recomputed) setStatus(t('recomputed'));
    else {
      const rows = msg.report.inputs.reduce((s, i) => s + (i.rows_read || 0), 0);
      app.lastRun = { bytes: msg.totalBytes, rows, ms: msg.elapsedMs };
      setStatus(doneText());
      const failed = msg.report.inputs.filter((i) => i.error);
      if (!failed.length) hideError();
    }
    document.body.dataset.state = 'report';
    renderAll();
  } else if (msg.type === 'error') {
    fail(msg.error, msg.fatal);
  }
}

function doneText() {
  const r = app.lastRun;
  if (!r) return '';
  const speed = r.ms > 0 ? bytes(r.bytes / (r.ms / 1000)) : '–';
  const done = t('done_in', { bytes: bytes(r.bytes), rows: int(r.rows), time: dur(r.ms / 1000), speed });
  return Object.keys(largeInputDefaults()).length ? `${done} ${t('large_input_mode')}` : done;
}

// ---------------------------------------------------------------- running
export function analyze(files) {
  if (!files.length) return;
  app.files = files;
  app.agent = null;
  app.reviewAgent = null;
  run();
}

/** Reads app.files again with app.settings (needed for tz, columns, outcomes, encoding …). */
export function rerun() {
  if (app.files.length) run();
}

function run() {
  if (running) cancel(true);
  if (!worker) startWorker();
  runId++;
  running = true;
  hideError();
  setStatus('');
  document.body.dataset.state = 'running';
  showProgress({ fileName: app.files[0].name, bytesDone: 0, totalBytes: app.files.reduce((s, f) => s + f.size, 0), rows: 0, elapsedMs: 0 });
  worker.postMessage({ type: 'analyze', runId, files: app.files, settings: engineSettings() });
}

/** Settings changed: recompute from what was read if the engine can, else read the files again. */
export function settingsChanged(keys) {
  if (!app.report) return;
  // FCR needs per-call memory that is only kept while reading with FCR on.
  const fcrWasOff = app.report.settings?.fcr_window_h === 0;
  const canRecompute = keys.every((k) => RECOMPUTABLE.includes(k) && !(k === 'fcr_window_h' && fcrWasOff));
  if (canRecompute && workerHasData && !running) {
    runId++;
    running = true;
    worker.postMessage({ type: 'recompute', runId, settings: engineSettings() });
  } else {
    rerun();
  }
}

/**
 * Above this total size the two features that remember something for every call — duplicate
 * detection by call id and repeat-caller FCR — are off unless the user turned them on, so the
 * tab's memory stays bounded by the number of groups whatever the file size. The status line says so.
 */
const LARGE_INPUT_BYTES = 512 * 1024 * 1024;

function largeInputDefaults() {
  const total = app.files.reduce((s, f) => s + f.size, 0);
  if (total < LARGE_INPUT_BYTES) return {};
  const off = {};
  if (app.settings.dedupe === undefined) off.dedupe = false;
  if (app.settings.fcr_window_h === undefined) off.fcr_window_h = 0;
  return off;
}

function engineSettings() {
  // Only what the user changed; the engine fills in its defaults.
  return { ...largeInputDefaults(), ...structuredClone(app.settings) };
}

/** Cancel stops the work for real: the worker is terminated and a fresh one started. */
function cancel(silent) {
  runId++;
  running = false;
  restartWorker();
  hideProgress();
  document.body.dataset.state = app.report ? 'report' : 'idle';
  if (!silent) setStatus(t('cancelled'));
}

function fail(error, fatal) {
  running = false;
  hideProgress();
  if (fatal) restartWorker(); // a trapped or out-of-memory instance can't be trusted again
  document.body.dataset.state = app.report ? 'report' : 'idle';
  const box = $('#error');
  const text = fatal
    ? t('error_fatal', { kind: error.kind || 'crash', message: error.message || '' })
    : errorText(error);
  clear(box, h('strong', null, t('error_title')), ' ', h('span', null, text));
  box.hidden = false;
}

function errorText(e) {
  let s = e.file ? t('error_file', { file: e.file, message: e.message }) : (e.message || String(e));
  if (e.line) s += t('error_at', { line: e.line, column: e.column ?? '–' });
  return s;
}

function showFileError(summary) {
  const box = $('#error');
  const line = h('p', null, h('strong', null, t('error_title')), ' ', errorText({ file: summary.file, ...summary.error }));
  if (box.hidden) clear(box);
  box.append(line);
  box.hidden = false;
}
function hideError() { const b = $('#error'); b.hidden = true; clear(b); }

// ---------------------------------------------------------------- progress
function showProgress(p) {
  $('#progress').hidden = false;
  $('#progress-label').textContent = t('reading', { file: p.fileName });
  const bar = $('#progress-bar');
  bar.max = p.totalBytes || 1;
  bar.value = p.bytesDone;
  const secs = p.elapsedMs / 1000;
  if (secs > 0.2 && p.bytesDone > 0) {
    const rate = p.bytesDone / secs;
    $('#progress-text').textContent = t('progress', {
      done: bytes(p.bytesDone), total: bytes(p.totalBytes), rows: int(p.rows),
      speed: bytes(rate), left: dur(Math.max(0, (p.totalBytes - p.bytesDone) / rate)),
    });
  } else {
    $('#progress-text').textContent = t('progress_nospeed', { done: bytes(p.bytesDone), total: bytes(p.totalBytes), rows: int(p.rows) });
  }
}
function hideProgress() { $('#progress').hidden = true; }
function setStatus(s) { $('#status').textContent = s; }

// ---------------------------------------------------------------- rendering
export function renderAll() {
  // Re-rendering replaces the controls; put keyboard focus back on the same one (by name).
  const active = document.activeElement;
  const key = active && active.closest('.panel') && (active.name || active.dataset.target);
  applyStaticLabels();
  const panels = {
    overview: renderOverview, charts: renderCharts, agents: renderAgents, agenttime: renderAgentTime,
    groups: renderGroups, review: renderReview, settings: renderSettings, staffing: renderStaffing,
    scorecard: renderScorecard, qa: renderQa,
  };
  for (const [name, fn] of Object.entries(panels)) {
    const panel = $(`#panel-${name}`);
    if (!app.report && name !== 'settings' && name !== 'staffing' && name !== 'scorecard') {
      clear(panel, h('p', { class: 'empty' }, t('empty')));
      continue;
    }
    // Charts are drawn only while visible (they need the panel's width); others always.
    if ((name === 'charts' || name === 'staffing') && app.tab !== name) { panel.dataset.stale = '1'; continue; }
    fn(panel, app);
  }
  showTab(app.tab, false);
  if (key) {
    const again = document.querySelector(`.panel [name="${CSS.escape(key)}"], .panel [data-target="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

function applyStaticLabels() {
  for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('#lang').value = getLang();
  $('#tabs').setAttribute('aria-label', t('tab_overview'));
  if (app.lastRun && !running && $('#status').textContent) setStatus(doneText());
}

export function showTab(name, focus) {
  app.tab = name;
  for (const b of $$('[role=tab]')) {
    const on = b.dataset.tab === name;
    b.setAttribute('aria-selected', on ? 'true' : 'false');
    b.tabIndex = on ? 0 : -1;
    if (on && focus) b.focus();
  }
  for (const p of $$('[role=tabpanel]')) p.hidden = p.id !== `panel-${name}`;
  // An open review page prints alone (one page per agent); otherwise every panel prints.
  document.body.dataset.print = name === 'scorecard' && app.reviewAgent != null ? 'review' : '';
  const panel = $(`#panel-${name}`);
  if (name === 'charts' && app.report && panel.dataset.stale !== '0') {
    panel.dataset.stale = '0';
    renderCharts(panel, app);
  }
  if (name === 'staffing' && panel.dataset.stale !== '0') {
    panel.dataset.stale = '0';
    renderStaffing(panel, app);
  }
}

/** Opens an agent's page (from the agent table or the test hooks). */
export function openAgent(id) {
  app.agent = id;
  app.tab = 'agents';
  renderAgents($('#panel-agents'), app);
  showTab('agents', false);
  const heading = $('#panel-agents h2');
  if (heading) heading.focus();
}
export function closeAgent() {
  const id = app.agent;
  app.agent = null;
  renderAgents($('#panel-agents'), app);
  const row = id != null && $(`#panel-agents tr[data-agent="${CSS.escape(id)}"]`);
  if (row) row.focus();
}

// ---------------------------------------------------------------- wiring
function wire() {
  $('#lang').addEventListener('change', (e) => {
    setLang(e.target.value);
    for (const p of $$('[role=tabpanel]')) p.dataset.stale = '1';
    renderAll();
  });
  $('#files').addEventListener('change', (e) => {
    analyze(Array.from(e.target.files));
    e.target.value = ''; // choosing the same file again still fires change
  });
  $('#sample').addEventListener('click', loadSample);
  $('#cancel').addEventListener('click', () => cancel(false));

  // Drag and drop anywhere on the page; the drop zone highlights.
  const drop = $('#drop');
  let depth = 0;
  document.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; drop.classList.add('over'); });
  document.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; drop.classList.remove('over'); } });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    drop.classList.remove('over');
    const files = Array.from(e.dataTransfer?.files || []);
    if (files.length) analyze(files);
  });
  // Keyboard users reach the same thing through the "Choose files" control inside the drop zone.

  // Tabs: click, and arrow keys between tabs (WAI-ARIA tabs pattern).
  const tabs = $$('[role=tab]');
  for (const b of tabs) {
    b.addEventListener('click', () => { if (b.dataset.tab === 'agents') app.agent = app.agent ?? null; showTab(b.dataset.tab, false); });
    b.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(b);
      let j = null;
      if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = tabs.length - 1;
      if (j != null) { e.preventDefault(); showTab(tabs[j].dataset.tab, true); }
    });
  }
  window.addEventListener('resize', () => {
    if (app.tab === 'charts' && app.report) renderCharts($('#panel-charts'), app);
    if (app.tab === 'staffing' && app.report) renderStaffing($('#panel-staffing'), app);
  });
}

async function loadSample() {
  // Same-origin static file made by `callscore sample`; fetched only when the user asks.
  const btn = $('#sample');
  btn.disabled = true;
  try {
    const res = await fetch(new URL('./sample/sample-calls.csv', import.meta.url));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blob = await res.blob();
    analyze([new File([blob], 'sample-calls.csv', { type: 'text/csv' })]);
  } catch (e) {
    fail({ kind: 'sample', message: `sample/sample-calls.csv: ${e.message}` }, false);
  } finally {
    btn.disabled = false;
  }
}

setLang(getLang());
wire();
startWorker();
renderAll();
document.body.dataset.state = 'idle';
