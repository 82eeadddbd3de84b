// Overview tab: the catalogue's KPI tiles (catalog.js) coloured against the targets, each explaining
// its formula (the report's definitions, in the page's language) on hover and focus; the period, the
// files read, the zone epoch timestamps were read in, every other figure of the totals (NPS, CES,
// average queue time, turnover …) and the engine's notes; whole-report exports (JSON and Excel,
// written by the engine: aggregates only unless the call-back list is ticked) and print.
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { dateTime, num, fmtUnit } from '../ui/format.js';
import { download } from '../ui/export.js';
import { tiles, kpis } from '../catalog.js';
import { getLang } from '../i18n/index.js';
import { msg, kpiName, formula } from '../messages.js';
import { comparisonTiles } from './comparison.js';

/** The Overview tab in `el`; reads state.report, state.targets and state.margin; exports via `engine`. */
export function createOverviewPanel({ el, state, engine }) {
  return { render: () => render(el, state, engine) };
}

/** Kept across re-renders: whether the whole-report exports include the call-back list. */
let includeCallers = false;

/**
 * The report shown, written by the engine in the worker (the CLI's --json / --xlsx bytes): private
 * unless the box is ticked. A failure is shown next to the buttons.
 */
async function exportReport(engine, format, note, app) {
  note.textContent = '';
  try {
    const lang = getLang() === 'zh' ? 'zh' : 'en';
    const data = await engine.exportReport({ format, lang, includeCallers });
    if (format === 'json') download('callscore-report.json', data, 'application/json');
    else if (format === 'snapshot') download(snapshotName(app), data, 'application/json');
    else download('callscore-report.xlsx', data,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  } catch (e) {
    note.textContent = t('export_failed', { message: e.code ? msg(e) : e.message });
  }
}

/**
 * `callscore-snapshot-YYYY-MM.json`: the latest appraisal month of the report (a snapshot is
 * usually one month's), else the month of the last call.
 */
export function snapshotName(app) {
  const r = app?.report;
  const month = r?.by_month?.length ? r.by_month[r.by_month.length - 1].period
    : (r?.period?.last || '').slice(0, 7);
  return `callscore-snapshot-${/^\d{4}-\d{2}$/.test(month) ? month : 'data'}.json`;
}

/** 'good' | 'warn' | 'bad' | null (no target or no value). */
function status(value, target, margin) {
  if (value == null || !target || target.value == null || Number.isNaN(target.value)) return null;
  const tv = target.value;
  if (target.dir === 'min') {
    if (value >= tv) return 'good';
    return value >= tv * (1 - margin) ? 'warn' : 'bad';
  }
  if (value <= tv) return 'good';
  return value <= tv * (1 + margin) ? 'warn' : 'bad';
}

const statusLabel = (s) => ({ good: t('meets'), warn: t('near'), bad: t('misses') }[s] || t('no_target'));

function render(panel, app, engine) {
  const r = app.report;
  const tot = r.totals;
  const grid = h('div', { class: 'tiles' }, shownTiles(r).map((k) => tile(k, tot, r, app)));

  const files = r.inputs.map((i) => i.file).join(', ');
  const note = h('span', { class: 'muted small', id: 'export-note', role: 'status' });
  const boxId = nextId('callers');
  const box = h('input', { type: 'checkbox', id: boxId, name: 'include_callers' });
  box.checked = includeCallers;
  box.addEventListener('change', () => { includeCallers = box.checked; });
  // Only mention the zone when some file had epoch timestamps: text times are never shifted.
  const zoned = r.time_zone && r.inputs.some((i) => i.time_zone);
  clear(panel,
    h('div', { class: 'panel-head' },
      h('h2', null, t('tab_overview')),
      h('div', { class: 'no-print exports' },
        h('button', { type: 'button', class: 'btn', id: 'export-json',
          onclick: () => exportReport(engine, 'json', note) }, t('export_json')),
        ' ',
        h('button', { type: 'button', class: 'btn', id: 'export-xlsx',
          onclick: () => exportReport(engine, 'xlsx', note) }, t('export_xlsx')),
        ' ',
        h('button', { type: 'button', class: 'btn', id: 'save-snapshot', title: t('save_snapshot_title'),
          onclick: () => exportReport(engine, 'snapshot', note, app) }, t('save_snapshot')),
        ' ',
        h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, t('print')),
        h('div', { class: 'check small' }, box, ' ', h('label', { for: boxId }, t('export_include_callers'))),
        note)),
    h('p', { class: 'muted' },
      t('period', { first: dateTime(r.period?.first), last: dateTime(r.period?.last) }), ' · ',
      t('files_read', { n: r.inputs.length }), ': ', files,
      zoned ? h('span', { id: 'time-zone' }, ' · ', msg(r.time_zone.reason)) : null),
    grid,
    comparisonTiles(r),
    moreFigures(r),
    r.notes.length ? h('section', { class: 'notes' }, h('h3', null, t('notes')),
      h('ul', null, r.notes.map((n) => h('li', { dataset: { code: n.code } }, msg(n))))) : null,
  );
}

/**
 * Every figure of the totals that has no tile — the call KPIs beyond the tiles, and NPS, CES,
 * CSAT, complaints, QA, attendance and turnover from people files — with its formula on hover.
 */
function moreFigures(r) {
  const shown = new Set(tiles().map((k) => k.id));
  const rows = [];
  const add = (values) => {
    if (!values) return;
    for (const k of kpis()) {
      if (shown.has(k.id) || !(k.id in values) || typeof values[k.id] === 'object' && values[k.id] !== null) continue;
      if (values[k.id] == null) continue;
      shown.add(k.id);
      rows.push(h('div', { class: 'figure', dataset: { figure: k.id, value: String(values[k.id]) } },
        h('dt', { title: formula(r, k.id) || null }, kpiName(k.id)), h('dd', null, fmtUnit(k.unit, values[k.id]))));
    }
  };
  add(r.totals);
  add(r.people?.totals);
  if (!rows.length) return null;
  return h('section', { class: 'more-figures', id: 'more-figures' }, h('h3', null, t('more_figures')),
    h('dl', { class: 'kv figures' }, rows));
}

/**
 * The catalogue's tiles of the channels the files have: chat tiles with a chat log or orders,
 * outbound tiles with outbound calls, call tiles unless the files hold only chats or outbound calls.
 */
export function shownTiles(r) {
  const chat = r.chat != null;
  const outbound = r.totals.outbound_attempts != null;
  const calls = !(chat || outbound) || r.totals.offered > 0 || r.totals.answered > 0 || r.totals.ivr_only > 0;
  return tiles().filter((k) => (k.channel === 'chat' ? chat : k.channel === 'outbound' ? outbound : calls));
}

function tile(k, tot, r, app) {
  const v = tot[k.id];
  const target = app.targets[k.id];
  const st = status(v, target, app.margin);
  const tipId = nextId('tip');
  const def = formula(r, k.id);
  const ratio = tot.ratios && tot.ratios[k.id];
  const tip = h('div', { class: 'tip', id: tipId, role: 'tooltip' },
    h('strong', null, t('formula'), ': '), def || '–',
    ratio ? h('div', { class: 'ratio' },
      `= ${num(ratio.numerator, ratio.numerator % 1 ? 1 : 0)} / ${num(ratio.denominator, 0)}`,
      v != null ? ` = ${fmtUnit(k.unit, v)}` : '') : null,
    v == null ? h('div', null, t('not_computable_long')) : null,
    target ? h('div', null, `${t('target')}: ${target.dir === 'min' ? '≥' : '≤'} ${fmtUnit(k.unit, target.value)}`,
      ` — ${statusLabel(st)}`) : null,
  );
  return h('div', {
    class: `tile ${st || 'none'}`, tabindex: 0,
    dataset: { kpi: k.id, value: v == null ? '' : String(v), status: st || '' },
    'aria-describedby': tipId,
  },
    h('div', { class: 'tile-label' }, kpiName(k.id)),
    h('div', { class: 'tile-value' }, fmtUnit(k.unit, v)),
    h('div', { class: 'tile-status' },
      st ? `${mark(st)} ${statusLabel(st)}` : (v == null ? t('not_computable_long') : '\u00a0')),
    tip,
  );
}

// A symbol next to the colour, so the status is not told by colour alone.
const mark = (st) => ({ good: '✓', warn: '!', bad: '✗' }[st]);
