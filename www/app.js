// Callscore page, the composition root: creates the state, the engine client and the panels, and
// wires the DOM (files, drop, sample, cancel, language, tabs, resize) to them. Panels get what they
// need as arguments (state, engine, actions); nothing imports this module.
import { $, $$, h, clear } from './js/ui/dom.js';
import { t, getLang, setLang } from './js/i18n/index.js';
import { bytes, dur, elapsed, int } from './js/ui/format.js';
import { createEngine, CANCELLED } from './js/engine.js';
import { fileIdentity, keepOffline } from './js/host.js';
import { createState, initTargets } from './js/state.js';
import { setFacts, ready as engineReady, canRecompute } from './js/catalog.js';
import { msg } from './js/messages.js';
import { createOverviewPanel } from './js/panels/overview.js';
import { createChartsPanel } from './js/panels/charts.js';
import { createAgentsPanel } from './js/panels/agents.js';
import { createAgentTimePanel } from './js/panels/agenttime.js';
import { createGroupsPanel } from './js/panels/groups.js';
import { createStaffingPanel } from './js/panels/staffing.js';
import { createScorecardPanel } from './js/panels/scorecard/index.js';
import { createQaPanel } from './js/panels/qa.js';
import { createReviewPanel } from './js/panels/review.js';
import { createSettingsPanel } from './js/panels/settings.js';
import { createGlossaryPanel } from './js/panels/glossary.js';
import { createPeriodsPanel } from './js/panels/periods.js';
import { createFilterBar } from './js/panels/filters.js';
import { fileKind, rememberSettings, recalledSettings } from './js/remember.js';
import { createChatPanel } from './js/panels/chat.js';
import { createOutboundPanel } from './js/panels/outbound.js';
import { createWallboardPanel } from './js/panels/wallboard.js';
import { createLive, canFollow } from './js/live.js';

const state = createState();
let engineFailed = false; // the engine failed before it ever sent its facts
// The errors in the error box, kept as data so a language switch shows them in the new language:
// [{error}] for a failed run, [{error, file}, …] for files that could not be read.
let errorsShown = [];
// ?workers=N asks for a pool of N workers whatever the machine's cores (tests, benchmarks).
const workersAsked = new URLSearchParams(location.search).get('workers');
// <html data-pool="ready">: every worker's engine is loaded (tests and benchmarks wait for it).
const poolReady = () => { document.documentElement.dataset.pool = 'ready'; };
const engine = createEngine({ onReady: engineLoaded, onError: (error) => fail(error), onPoolReady: poolReady,
  workers: workersAsked });

/** The engine's facts arrived (again, after a restart): the panels can be drawn from them. */
function engineLoaded(facts, version) {
  const first = !engineReady();
  setFacts(facts);
  $('#engine-version').textContent = `· ${t('engine')} callscore ${version}`;
  if (first) {
    engineFailed = false;
    initTargets(state);
    renderAll();
  }
}

/** What panels may ask of the page. */
const actions = { settingsChanged, rerun, renderAll, openAgent, closeAgent, showTab, remember, followLog, stopLive,
  liveEvery, liveNow: () => live.tick(), analyzeFiles: (files) => analyze(files) };

// One panel per tab, in the order of the tab buttons. `always`: rendered without a report too;
// `visibleOnly`: drawn only while its tab is shown (charts need the panel's width).
const PANELS = [
  ['overview', createOverviewPanel],
  ['charts', createChartsPanel, { visibleOnly: true }],
  ['agents', createAgentsPanel],
  ['agenttime', createAgentTimePanel],
  ['groups', createGroupsPanel],
  ['periods', createPeriodsPanel],
  ['staffing', createStaffingPanel, { always: true, visibleOnly: true }],
  ['scorecard', createScorecardPanel, { always: true }],
  ['qa', createQaPanel],
  ['chat', createChatPanel],
  ['outbound', createOutboundPanel],
  ['wallboard', createWallboardPanel, { always: true }],
  ['review', createReviewPanel],
  ['glossary', createGlossaryPanel, { always: true }],
  ['settings', createSettingsPanel, { always: true }],
];
const panels = new Map(PANELS.map(([name, create, opts = {}]) => {
  const el = $(`#panel-${name}`);
  return [name, { el, ...opts, ...create({ el, state, engine, actions }) }];
}));

// The active filter, above every tab (and printed): panels/filters.js.
const filterBar = createFilterBar({ el: $('#filters'), state, actions });

// ---------------------------------------------------------------- running
function analyze(files) {
  if (!files.length) return;
  if (live.following) stopLive();
  state.files = files;
  state.agent = null;
  state.reviewAgent = null;
  state.cardPeriod = null;
  state.fileKind = null; // known once the engine has recognised the files' header
  state.recalled = false;
  run();
}

/**
 * Settings remembered for this kind of file (keyed by the header the engine recognised): after the
 * first read of new files, if the kind is known and its settings differ from the ones used, they
 * are applied (read again when they change how files are read) and the status says so.
 * Returns true when a re-run was started.
 */
function recall(report) {
  const kind = fileKind(report);
  const first = state.fileKind == null;
  state.fileKind = kind;
  if (!first || !kind) return false;
  const saved = recalledSettings(kind);
  if (!saved || JSON.stringify(saved.settings) === JSON.stringify(state.settings)) return false;
  state.settings = structuredClone(saved.settings);
  if (saved.targets) state.targets = { ...state.targets, ...saved.targets };
  state.recalled = true;
  rerun();
  return true;
}

/** Keeps the settings now in force for this kind of file (called whenever the user changes them). */
function remember() {
  if (state.fileKind) rememberSettings(state.fileKind, state.settings, state.targets);
}

/** Reads state.files again with state.settings (needed for tz, columns, outcomes, encoding …). */
function rerun() {
  remember();
  if (state.files.length) run();
}

function run() {
  hideError();
  setStatus('');
  document.body.dataset.state = 'running';
  const totalBytes = state.files.reduce((s, f) => s + f.size, 0);
  showProgress({ fileName: state.files[0].name, bytesDone: 0, totalBytes, rows: 0, elapsedMs: 0 });
  const onFile = (summary) => { if (summary && summary.error) showFileError(summary); };
  engine.analyze(state.files, engineSettings(), { onProgress: showProgress, onFile }).then((res) => {
    hideProgress();
    // Every file failed: keep whatever was shown before; the error box says why.
    if (res.report.inputs.length && res.report.inputs.every((i) => i.error)) {
      document.body.dataset.state = state.report ? 'report' : 'idle';
      return;
    }
    if (recall(res.report)) return;
    state.report = res.report;
    const rows = res.report.inputs.reduce((s, i) => s + (i.rows_read || 0), 0);
    state.lastRun = { bytes: res.totalBytes, rows, ms: res.elapsedMs };
    // How the pool read the files, for tests and benchmarks: workers, ranges added, ranges re-read.
    const r = res.ranges || { workers: 1, merged: 0, reread: 0 };
    document.body.dataset.ranges = `${r.workers} ${r.merged} ${r.reread}`;
    setStatus('done');
    if (!res.report.inputs.some((i) => i.error)) hideError();
    document.body.dataset.state = 'report';
    renderAll();
  }, failRun);
}

/** Settings changed: recompute from what was read if the engine can, else read the files again. */
function settingsChanged(keys) {
  remember();
  if (!state.report) return;
  // The engine says which settings report() applies to what was read (FCR only if read with it on).
  if (!canRecompute(keys, state.report.settings) || !engine.canRecompute) { rerun(); return; }
  engine.recompute(engineSettings()).then((res) => {
    hideProgress();
    state.report = res.report;
    setStatus('recomputed');
    document.body.dataset.state = 'report';
    renderAll();
  }, failRun);
}

function engineSettings() {
  // Only what the user changed; the engine fills in its defaults. Duplicate detection and
  // repeat-caller FCR stay on at any size: the engine keeps 12 and 14 bytes per call for them.
  return structuredClone(state.settings);
}

// ---------------------------------------------------------------- the wallboard's live mode
const live = createLive({
  engine,
  settings: () => ({ ...state.settings }),
  onReport: (res) => {
    state.report = res.report;
    state.live.wasmBytes = res.live?.wasmBytes ?? null;
    document.body.dataset.state = 'report';
    renderLive();
  },
  onStatus: (s) => {
    Object.assign(state.live, { file: s.file, offset: s.offset, updates: s.updates, at: s.at, error: s.error });
    panels.get('wallboard').render();
  },
});

/** After a live read: the board and the tab shown are drawn again (the others when next shown). */
function renderLive() {
  for (const [name, p] of panels) {
    if (name === 'wallboard' || name === state.tab) continue;
    p.el.dataset.stale = '1';
  }
  panels.get('wallboard').render();
  const shown = panels.get(state.tab);
  if (state.tab !== 'wallboard' && shown) shown.render();
}

/** Asks for a log file (File System Access API) and follows it. */
async function followLog() {
  if (!canFollow()) return;
  let handles;
  try {
    handles = await window.showOpenFilePicker({ multiple: false });
  } catch {
    return; // the user closed the picker
  }
  if (!handles?.length) return;
  hideError();
  state.files = [];
  state.live.following = true;
  state.live.error = null;
  live.start(handles[0], state.live.every);
  panels.get('wallboard').render();
}

function stopLive() {
  live.stop();
  state.live.following = false;
  panels.get('wallboard').render();
}

function liveEvery(seconds) {
  state.live.every = seconds;
  live.every(seconds);
}

/** Cancel stops the work for real: the engine terminates its worker and starts a fresh one. */
function cancel() {
  engine.cancel();
  hideProgress();
  document.body.dataset.state = state.report ? 'report' : 'idle';
  setStatus('cancelled');
}

/** A run or recomputation failed (a cancelled one says nothing: whoever cancelled it took over). */
function failRun(error) {
  if (error.kind === CANCELLED) return;
  fail(error);
}

function fail(error) {
  if (!engineReady()) { engineFailed = true; renderAll(); }
  hideProgress();
  document.body.dataset.state = state.report ? 'report' : 'idle';
  errorsShown = [{ error }];
  drawErrors();
}

function drawErrors() {
  const box = $('#error');
  if (!errorsShown.length) { box.hidden = true; clear(box); return; }
  const one = (text) => [h('strong', null, t('error_title')), ' ', h('span', null, text)];
  if (errorsShown.length === 1 && !errorsShown[0].file) {
    clear(box, ...one(fatalOrText(errorsShown[0].error)));
  } else {
    clear(box, errorsShown.map(({ error, file }) => h('p', null, ...one(errorText({ file, ...error })))));
  }
  box.hidden = false;
}

/** Fatal: the engine has already ended that worker; the next run starts a fresh one. */
const fatalOrText = (error) => (error.fatal
  ? t('error_fatal', { kind: error.kind || 'crash', message: error.message || '' })
  : errorText(error));

/** An error in the page's language: the engine's message code when it has one, else its message. */
function errorText(e) {
  const message = e.code ? msg(e) : (e.message || String(e));
  let s = e.file ? t('error_file', { file: e.file, message }) : message;
  if (e.line) s += t('error_at', { line: e.line, column: e.column ?? '–' });
  return s;
}

function showFileError(summary) {
  errorsShown.push({ error: summary.error, file: summary.file });
  drawErrors();
}
function hideError() { errorsShown = []; drawErrors(); }

// ---------------------------------------------------------------- progress and status
/**
 * The progress text is announced to screen readers at most every LIVE_MS (the worker reports
 * progress many times a second; a live region updated that often floods a screen reader). The
 * visible text and bar follow every report.
 */
const LIVE_MS = 3000;
let lastLive = 0;

function showProgress(p) {
  $('#progress').hidden = false;
  const bar = $('#progress-bar');
  const figures = { done: bytes(p.bytesDone), total: bytes(p.totalBytes), rows: int(p.rows) };
  const building = p.phase === 'report';
  if (building) {
    // Read: the report is being built, for as long as it takes (no fraction of it is known).
    $('#progress-label').textContent = msg({ code: 'label.building_report' });
    bar.removeAttribute('value');
    $('#progress-text').textContent = t('progress_report', figures);
  } else {
    $('#progress-label').textContent = t('reading', { file: p.fileName });
    bar.max = p.totalBytes || 1;
    bar.value = p.bytesDone;
    const secs = p.elapsedMs / 1000;
    if (secs > 0.2 && p.bytesDone > 0) {
      const rate = p.bytesDone / secs;
      const left = dur(Math.max(0, (p.totalBytes - p.bytesDone) / rate));
      $('#progress-text').textContent = t('progress', { ...figures, speed: bytes(rate), left });
    } else {
      $('#progress-text').textContent = t('progress_nospeed', figures);
    }
  }
  // Announced at the start, at a change of phase, else at most every LIVE_MS.
  const now = Date.now();
  if (building || p.bytesDone === 0 || now - lastLive >= LIVE_MS) {
    lastLive = now;
    $('#progress-live').textContent = `${$('#progress-label').textContent} ${$('#progress-text').textContent}`;
  }
}
function hideProgress() { $('#progress').hidden = true; $('#progress-live').textContent = ''; lastLive = 0; }
/** What the status line says: '' | 'done' (the last read) | an i18n key; kept so that a language
 * change says the same thing in the new language. */
let statusKind = '';

function setStatus(kind) {
  statusKind = kind;
  $('#status').textContent = kind === 'done' ? doneText() : kind ? t(kind) : '';
}

function doneText() {
  const r = state.lastRun;
  if (!r) return '';
  const speed = r.ms > 0 ? bytes(r.bytes / (r.ms / 1000)) : '–';
  let done = t('done_in', { bytes: bytes(r.bytes), rows: int(r.rows), time: elapsed(r.ms / 1000), speed });
  if (state.recalled) done += ` ${t('settings_recalled')}`;
  return done;
}

// ---------------------------------------------------------------- rendering
function renderAll() {
  // Re-rendering replaces the controls; put keyboard focus back on the same one (by name).
  const active = document.activeElement;
  const key = active && active.closest('.panel') && (active.name || active.dataset.target);
  applyStaticLabels();
  if (engineReady()) filterBar.render();
  for (const [name, p] of panels) {
    // Every panel is drawn from the engine's facts: nothing to show before they arrive.
    if (!engineReady()) {
      const text = t(engineFailed ? 'engine_failed' : 'engine_loading');
      clear(p.el, h('p', { class: 'empty engine-loading', dataset: { loading: name } }, text));
      p.el.dataset.stale = '1';
      continue;
    }
    if (!state.report && !p.always) {
      clear(p.el, h('p', { class: 'empty' }, t('empty')));
      continue;
    }
    // Only the panel shown is drawn now (its figures on screen sooner: every panel drawn at once
    // took 106 ms of a 200 MB run); the others when shown, when the page is idle, or before
    // printing. Charts only while visible (they need the panel's width).
    if (state.tab !== name) {
      p.el.dataset.stale = '1';
      if (!p.visibleOnly) drawLater(name);
      continue;
    }
    p.render();
    p.el.dataset.stale = '0';
  }
  showTab(state.tab, false);
  if (key) {
    const sel = `.panel [name="${CSS.escape(key)}"], .panel [data-target="${CSS.escape(key)}"]`;
    document.querySelector(sel)?.focus();
  }
}

/** Panels left to draw when the page is idle, one per idle moment. */
const laterPanels = new Set();
let laterPending = false;
const whenIdle = globalThis.requestIdleCallback || ((fn) => setTimeout(fn, 1));

function drawLater(name) {
  laterPanels.add(name);
  if (laterPending) return;
  laterPending = true;
  whenIdle(drawNextLater);
}

function drawNextLater() {
  laterPending = false;
  const [name] = laterPanels;
  if (name === undefined) return;
  laterPanels.delete(name);
  drawIfStale(name);
  if (laterPanels.size) { laterPending = true; whenIdle(drawNextLater); }
}

/**
 * Draws a panel left stale: not shown when the report came, or left behind by a live read. Charts
 * (visibleOnly) are drawn whenever they are shown, since their width may have changed.
 */
function drawIfStale(name) {
  const p = panels.get(name);
  const due = p && (p.visibleOnly ? p.el.dataset.stale !== '0' : p.el.dataset.stale === '1');
  if (!due || !engineReady() || !(state.report || p.always)) return;
  p.el.dataset.stale = '0';
  p.render();
}

function applyStaticLabels() {
  for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('#lang').value = getLang();
  drawErrors();
  $('#tabs').setAttribute('aria-label', t('tabs_label'));
  if (!engine.running) setStatus(statusKind);
}

function showTab(name, focus) {
  state.tab = name;
  for (const b of $$('[role=tab]')) {
    const on = b.dataset.tab === name;
    b.setAttribute('aria-selected', on ? 'true' : 'false');
    b.tabIndex = on ? 0 : -1;
    if (on && focus) b.focus();
  }
  for (const el of $$('[role=tabpanel]')) el.hidden = el.id !== `panel-${name}`;
  // An open review page prints alone (one page per agent); otherwise every panel prints.
  document.body.dataset.print = name === 'scorecard' && state.reviewAgent != null ? 'review' : '';
  drawIfStale(name);
}

/** Opens an agent's page (from the agent table). */
function openAgent(id) {
  state.agent = id;
  state.tab = 'agents';
  panels.get('agents').render();
  showTab('agents', false);
  $('#panel-agents h2')?.focus();
}
function closeAgent() {
  const id = state.agent;
  state.agent = null;
  panels.get('agents').render();
  const row = id != null && $(`#panel-agents tr[data-agent="${CSS.escape(id)}"]`);
  if (row) row.focus();
}

// ---------------------------------------------------------------- wiring
function wire() {
  $('#lang').addEventListener('change', (e) => {
    setLang(e.target.value);
    for (const el of $$('[role=tabpanel]')) el.dataset.stale = '1';
    renderAll();
  });
  $('#files').addEventListener('change', (e) => {
    analyze(Array.from(e.target.files));
    e.target.value = ''; // choosing the same file again still fires change
  });
  $('#sample').addEventListener('click', loadSample);
  $('#cancel').addEventListener('click', cancel);

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
    b.addEventListener('click', () => showTab(b.dataset.tab, false));
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
  // Every panel prints (but an open review page): draw those not drawn yet.
  window.addEventListener('beforeprint', () => {
    for (const [name, p] of panels) if (!p.visibleOnly) drawIfStale(name);
  });
  window.addEventListener('resize', () => {
    const p = panels.get(state.tab);
    if (p.visibleOnly && state.report && engineReady()) p.render();
  });
}

async function loadSample() {
  // Made in the worker by the engine's own generator (`callscore sample` with the same options):
  // no request, and the same in the single file. Every file it returns is analysed.
  const btn = $('#sample');
  btn.disabled = true;
  try {
    const channel = $('#sample-channel').value || 'calls';
    const files = await engine.call('sample', { days: 30, seed: 1, lang: getLang() === 'zh' ? 'zh' : 'en', channel });
    analyze(files.map((f) => new File([f.bytes], f.name, { type: 'text/csv' })));
  } catch (e) {
    fail({ kind: 'sample', message: e.message });
  } finally {
    btn.disabled = false;
  }
}

/** The single HTML file shows its own size and SHA-256 (what `sha256sum` prints for it). */
async function showFileIdentity() {
  const id = await fileIdentity().catch(() => null);
  if (id) $('#file-id').textContent = `· ${bytes(id.size)} · SHA-256 ${id.sha256}`;
}

setLang(getLang());
wire();
engine.start();
renderAll();
document.body.dataset.state = 'idle';
showFileIdentity();
keepOffline();
