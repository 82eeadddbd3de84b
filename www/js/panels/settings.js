// Settings tab: engine settings (recomputed without reading again where the engine allows, else
// the files are read again) and the targets that colour the overview's tiles. The lists the selects
// offer are the engine's choices() and every control starts from the engine's defaults (catalog.js).
// Appraisal: what a flagged QA evaluator does to QA scores (qa_evaluator_bias, recomputed) and the
// queue whose calls count as complaints (complaint_queue, applied while reading: files read again).
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { fmtUnit } from '../ui/format.js';
import { tiles, defaultSetting, choices } from '../catalog.js';
import { kpiName, idLabel, delimiterName, profileName } from '../messages.js';
import { saveTargets } from '../state.js';
import { downloadJson } from '../ui/export.js';
import { settingsFile, parseSettingsFile } from '../remember.js';

/** FCR windows offered (hours; 0 = off); the engine takes any number, its default is added. */
const FCR_WINDOWS = [0, 24, 48, 168];
/** Chat conversion windows offered (hours; 0 = the same day). */
const CONVERSION_WINDOWS = [0, 1, 24, 48, 72, 168];

/**
 * The Settings tab in `el`; writes state.settings (then actions.settingsChanged(keys)) and
 * state.targets / state.margin (then saves them and calls actions.renderAll()).
 */
export function createSettingsPanel({ el, state, actions }) {
  return { render: () => render(el, state, actions) };
}

function render(panel, app, actions) {
  const cur = (k) => (k in app.settings ? app.settings[k] : app.report?.settings?.[k] ?? defaultSetting(k));
  const set = (k, v) => {
    if (v === '' || v == null) delete app.settings[k];
    else app.settings[k] = v;
    actions.settingsChanged([k]);
  };

  const numberField = (k, min, max) => {
    const id = nextId('set');
    const input = h('input', { type: 'number', id, name: k, min, max, step: 1, value: cur(k) });
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (Number.isFinite(v) && v >= min && v <= max) set(k, v);
    });
    return h('div', { class: 'field' }, h('label', { for: id }, t(k)), input);
  };
  const selectField = (k, options, { num = false, note = null } = {}) => {
    const id = nextId('set');
    const sel = h('select', { id, name: k }, options.map(([v, label]) => h('option', { value: v ?? '' }, label)));
    const c = cur(k);
    sel.value = c == null ? '' : String(c);
    sel.addEventListener('change', () => set(k, sel.value === '' ? null : num ? Number(sel.value) : sel.value));
    return h('div', { class: 'field' }, h('label', { for: id }, t(k)), sel,
      note ? h('span', { class: 'muted small' }, note) : null);
  };

  // Time zone: a few common ones, the browser's own, or any IANA name / offset typed in.
  const tzId = nextId('set');
  const listId = nextId('tzlist');
  const browserTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // Empty: epoch timestamps are read in this browser's zone (the engine is told it; the import
  // review says which zone was used and why).
  const tzInput = h('input', { type: 'text', id: tzId, name: 'tz', list: listId, value: cur('tz') ?? '',
    spellcheck: 'false', placeholder: t('tz_browser', { zone: browserTz }) });
  tzInput.addEventListener('change', () => set('tz', tzInput.value.trim() || null));
  const tzField = h('div', { class: 'field' }, h('label', { for: tzId }, t('tz')), tzInput,
    h('datalist', { id: listId }, [...new Set(['UTC', 'Asia/Shanghai', '+08:00', 'Asia/Hong_Kong', 'Asia/Taipei',
      'Europe/London', 'America/New_York', browserTz])]
      .map((z) => h('option', { value: z }))),
    h('span', { class: 'muted small' }, t('rerun_needed')));

  const checkId = nextId('set');
  const check = h('input', { type: 'checkbox', id: checkId, name: 'timeout_as_abandoned' });
  check.checked = !!cur('timeout_as_abandoned');
  check.addEventListener('change', () => set('timeout_as_abandoned', check.checked));

  // Dropping repeated call ids keeps every id in memory; a very large file can do without.
  const dedupeId = nextId('set');
  const dedupe = h('input', { type: 'checkbox', id: dedupeId, name: 'dedupe' });
  dedupe.checked = cur('dedupe') !== false;
  dedupe.addEventListener('change', () => set('dedupe', dedupe.checked));

  // The complaint queue: any queue name, the report's queues offered; empty = none.
  const cqId = nextId('set');
  const cqList = nextId('cqlist');
  const cq = h('input', { type: 'text', id: cqId, name: 'complaint_queue', list: cqList,
    value: cur('complaint_queue') ?? '', spellcheck: 'false' });
  cq.addEventListener('change', () => set('complaint_queue', cq.value.trim() || null));
  const queueNames = (app.report?.by_queue || []).map((q) => q.queue).filter((q) => q != null);
  const cqField = h('div', { class: 'field' }, h('label', { for: cqId }, t('complaint_queue')), cq,
    h('datalist', { id: cqList }, queueNames.map((q) => h('option', { value: q }))),
    h('span', { class: 'muted small' }, `${t('complaint_queue_hint')} ${t('rerun_needed')}`));

  const rerunNote = t('rerun_needed');
  clear(panel,
    h('h2', null, t('settings_title')),
    h('p', { class: 'muted' }, t('settings_hint')),
    settingsFileTools(app, actions),
    h('fieldset', null, h('legend', null, kpiName('service_level') + ' · ' + kpiName('abandon_rate')),
      h('div', { class: 'form-grid' },
        numberField('sl_threshold_s', 0, 3600),
        selectField('sl_variant', choices('sl_variant').map((v) => [v, idLabel('slv_', v)])),
        numberField('short_abandon_s', 0, 600),
        selectField('abandon_variant', choices('abandon_variant').map((v) => [v, idLabel('abv_', v)])),
        numberField('short_call_s', 0, 600),
        selectField('interval_min', choices('interval_min').map((v) => [v, String(v)]), { num: true }),
        selectField('fcr_window_h', fcrWindows().map((v) => [v, fcrLabel(v)]), { num: true }),
        h('div', { class: 'field check' }, check, h('label', { for: checkId }, t('timeout_as_abandoned'))))),
    h('fieldset', null, h('legend', null, t('r_profile') + ' · ' + t('tz')),
      h('div', { class: 'form-grid' },
        tzField,
        selectField('encoding', [[null, t('auto')], ...choices('encoding').map((e) => [e, e.toUpperCase()])],
          { note: rerunNote }),
        selectField('delimiter', [[null, t('auto')], ...choices('delimiter').map((d) => [d, delimiterName(d)])],
          { note: rerunNote }),
        selectField('date_order', [[null, t('auto')], ...choices('date_order').map((d) => [d, idLabel('do_', d)])],
          { note: rerunNote }),
        selectField('profile', [[null, t('auto')], ...choices('profile').map((p) => [p, profileName(p)])],
          { note: rerunNote }),
        h('div', { class: 'field check' }, dedupe, h('label', { for: dedupeId }, t('dedupe'))))),
    h('fieldset', null, h('legend', null, t('period_settings')),
      h('div', { class: 'form-grid' },
        selectField('week_start', choices('week_start').map((v) => [v, t(`week_start_${v}`)])),
        numberField('month_starts_on_day', 1, 28))),
    h('fieldset', null, h('legend', null, t('appraisal_settings')),
      h('div', { class: 'form-grid' },
        selectField('qa_evaluator_bias', choices('qa_evaluator_bias').map((v) => [v, idLabel('qeb_', v)]),
          { note: t('qa_evaluator_bias_hint') }),
        cqField)),
    h('fieldset', null, h('legend', null, t('tab_chat')),
      h('div', { class: 'form-grid' },
        numberField('chat_session_gap_min', 1, 1440),
        selectField('conversion_window_h', [...new Set([...CONVERSION_WINDOWS, defaultSetting('conversion_window_h')])]
          .map((v) => [v, v === 0 ? t('chat_window_same_day') : t('hours', { n: v })]), { num: true }),
        selectField('order_attribution', choices('order_attribution').map((v) => [v, idLabel('attr_', v)])))),
    targetsFieldset(app, actions),
  );
}

/**
 * Export the settings (with the mapping, scorecard and targets) as JSON — the file
 * `callscore report --settings` reads — and import such a file; settings are also remembered for
 * each kind of file in this browser.
 */
function settingsFileTools(app, actions) {
  const note = h('span', { class: 'muted small', role: 'status', id: 'settings-file-note' });
  const fileId = nextId('setfile');
  const input = h('input', { type: 'file', id: fileId, accept: '.json,application/json',
    class: 'visually-hidden-input', name: 'settings_file' });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const { settings, targets } = parseSettingsFile(await file.text());
      app.settings = structuredClone(settings);
      if (targets) { app.targets = { ...app.targets, ...targets }; saveTargets(app); }
      app.card = app.settings.scorecard && typeof app.settings.scorecard === 'object'
        ? structuredClone(app.settings.scorecard) : app.card;
      note.textContent = t('settings_imported', { file: file.name });
      if (app.files.length) actions.rerun(); else actions.renderAll();
    } catch (e) {
      note.textContent = t('settings_import_failed', { message: e.message });
    }
  });
  return h('p', { class: 'no-print settings-file' },
    h('button', { type: 'button', class: 'btn small-btn', id: 'settings-export',
      onclick: () => downloadJson('callscore-settings.json', settingsFile(app.settings, app.targets)) },
    t('settings_export')), ' ',
    h('label', { class: 'btn small-btn', for: fileId }, t('settings_import')), input, ' ',
    h('span', { class: 'muted small' }, t('settings_remembered')), ' ', note);
}

/** The FCR windows offered: the usual ones and the engine's default, in order. */
function fcrWindows() {
  const all = new Set([...FCR_WINDOWS, defaultSetting('fcr_window_h')]);
  return [...all].filter((v) => v != null).sort((a, b) => a - b);
}
const fcrLabel = (v) => (v === 0 ? t('fcr_off')
  : v % 24 === 0 && v > 48 ? t('days', { n: v / 24 }) : t('hours', { n: v }));

/** Targets colour the tiles; kept in localStorage (this browser only). */
function targetsFieldset(app, actions) {
  const rows = tiles().filter((k) => app.targets[k.id]).map((k) => {
    const tg = app.targets[k.id];
    const id = nextId('tg');
    // Rates are edited as percentages, times as seconds.
    const rate = k.unit === 'rate';
    const shown = rate ? +(tg.value * 100).toFixed(2) : tg.value;
    const input = h('input', { type: 'number', id, step: rate ? 0.1 : 1, min: 0, value: shown,
      dataset: { target: k.id } });
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (!Number.isFinite(v)) return;
      tg.value = rate ? v / 100 : v;
      saveTargets(app);
      actions.remember();
      actions.renderAll();
    });
    return h('div', { class: 'target-row' },
      h('label', { for: id }, kpiName(k.id)),
      h('span', { 'aria-hidden': 'true' }, tg.dir === 'min' ? '≥' : '≤'),
      h('span', null, input, ' ', rate ? '%' : k.unit === 'seconds' ? 's' : ''),
      h('span', { class: 'sr-only' }, `${tg.dir === 'min' ? '≥' : '≤'} ${fmtUnit(k.unit, tg.value)}`));
  });
  const mid = nextId('tg');
  const margin = h('input', { type: 'number', id: mid, min: 0, max: 100, step: 1,
    value: Math.round(app.margin * 100) });
  margin.addEventListener('change', () => {
    const v = Number(margin.value);
    if (Number.isFinite(v) && v >= 0) { app.margin = v / 100; actions.renderAll(); }
  });
  return h('fieldset', null, h('legend', null, t('targets_title')),
    h('p', { class: 'muted small' }, t('targets_hint')),
    h('div', { class: 'targets' }, rows,
      h('div', { class: 'target-row' }, h('label', { for: mid }, t('margin')), h('span'),
        h('span', null, margin, ' %'))));
}
