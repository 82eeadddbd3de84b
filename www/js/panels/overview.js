// Overview tab: the catalogue's KPI tiles (catalog.js) coloured against the targets, each explaining
// its formula (the report's definitions, in the page's language) on hover and focus; the period, the
// files read and the engine's notes; JSON export and print.
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { dateTime, num, fmtUnit } from '../ui/format.js';
import { downloadJson } from '../ui/export.js';
import { tiles } from '../catalog.js';
import { msg, kpiName, formula } from '../messages.js';

/** The Overview tab in `el`; reads state.report, state.targets and state.margin. */
export function createOverviewPanel({ el, state }) {
  return { render: () => render(el, state) };
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

function render(panel, app) {
  const r = app.report;
  const tot = r.totals;
  const grid = h('div', { class: 'tiles' }, shownTiles(r).map((k) => tile(k, tot, r, app)));

  const files = r.inputs.map((i) => i.file).join(', ');
  clear(panel,
    h('div', { class: 'panel-head' },
      h('h2', null, t('tab_overview')),
      h('div', { class: 'no-print' },
        h('button', { type: 'button', class: 'btn', id: 'export-json',
          onclick: () => downloadJson('callscore-report.json', r) }, t('export_json')),
        ' ',
        h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, t('print')))),
    h('p', { class: 'muted' },
      t('period', { first: dateTime(r.period?.first), last: dateTime(r.period?.last) }), ' · ',
      t('files_read', { n: r.inputs.length }), ': ', files, ' · ', r.settings.tz),
    grid,
    r.notes.length ? h('section', { class: 'notes' }, h('h3', null, t('notes')),
      h('ul', null, r.notes.map((n) => h('li', { dataset: { code: n.code } }, msg(n))))) : null,
  );
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
