// Period over period (report.comparison, from the `period` and `compare_with` settings): the
// overview's comparison tiles (both values, the change, better / worse by the KPI's direction,
// said in words and a symbol, not by colour alone) and the comparison tables per queue, agent and
// team (Periods tab). The verdict words are the engine's (label.verdict_*).
import { h } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { fmtUnit, num, pct, day as fmtDay } from '../ui/format.js';
import { kpi as catalogKpi, tiles } from '../catalog.js';
import { msg, kpiName } from '../messages.js';
import { dataTable } from '../ui/tables.js';
import { verdictMark } from '../periods.js';

const unitOf = (id) => catalogKpi(id)?.unit ?? 'number';

/** A verdict in words with its symbol: "✓ better". */
export const verdictText = (v) => `${verdictMark(v)} ${msg({ code: `label.verdict_${v}`, params: {} })}`;

/** The change of a KPI: signed, in percentage points for rates. */
export function changeText(id, change) {
  if (change == null) return '—';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const unit = unitOf(id);
  if (unit === 'rate') return `${sign}${num(Math.abs(change) * 100, 1)} ${t('cmp_pp')}`;
  return `${sign}${fmtUnit(unit, Math.abs(change))}`;
}

/** "2021-02 (1 Feb 2021 – 28 Feb 2021)". */
export const spanText = (s) => (s ? `${s.label} (${fmtDay(s.first_day)} – ${fmtDay(s.last_day)})` : '—');

/** The overview's comparison: one tile per overview KPI the comparison has; null without one. */
export function comparisonTiles(r) {
  const c = r.comparison;
  if (!c) return null;
  const byKpi = new Map(c.totals.map((x) => [x.kpi, x]));
  const shown = tiles().map((k) => byKpi.get(k.id)).filter(Boolean);
  return h('section', { class: 'comparison', id: 'comparison-tiles' },
    h('h3', null, t('cmp_title')),
    h('p', { class: 'muted', id: 'comparison-periods' },
      t('cmp_periods', { current: spanText(c.current), previous: spanText(c.previous) })),
    h('div', { class: 'tiles cmp-tiles' }, shown.map((x) => cmpTile(x))));
}

function cmpTile(x) {
  const unit = unitOf(x.kpi);
  return h('div', { class: `tile cmp ${x.verdict}`, tabindex: 0,
    dataset: { cmpKpi: x.kpi, verdict: x.verdict, current: x.current == null ? '' : String(x.current),
      previous: x.previous == null ? '' : String(x.previous) } },
  h('div', { class: 'tile-label' }, kpiName(x.kpi)),
  h('div', { class: 'tile-value' }, fmtUnit(unit, x.current)),
  h('div', { class: 'cmp-prev small' }, `${t('cmp_previous')}: ${fmtUnit(unit, x.previous)}`),
  h('div', { class: 'cmp-change small' }, changeText(x.kpi, x.change),
    x.relative == null ? '' : ` (${x.relative > 0 ? '+' : ''}${pct(x.relative)})`),
  h('div', { class: 'tile-status cmp-verdict' }, verdictText(x.verdict)));
}

/** The KPIs a comparison has (for the KPI picker of the tables), catalogue order. */
export const comparisonKpis = (r) => (r.comparison?.totals || []).map((x) => x.kpi);

/**
 * One grouping's comparison table (`by_queue`, `by_agent`, `by_team`) for one KPI: name, both
 * values, change, relative change, verdict.
 */
export function comparisonTable(r, field, id, title, kpiId) {
  const rows = (r.comparison?.[field] || []).map((g) => ({ name: g.name,
    ...(g.changes.find((x) => x.kpi === kpiId) || { kpi: kpiId, verdict: 'unknown' }) }));
  const unit = unitOf(kpiId);
  const cols = [
    { key: 'name', label: t(`cmp_col_${field}`), value: (x) => x.name ?? t('unknown') },
    { key: 'current', label: t('cmp_current'), num: true, value: (x) => x.current, fmt: (v) => fmtUnit(unit, v) },
    { key: 'previous', label: t('cmp_previous'), num: true, value: (x) => x.previous, fmt: (v) => fmtUnit(unit, v) },
    { key: 'change', label: t('cmp_change'), num: true, value: (x) => x.change, fmt: (v) => changeText(kpiId, v) },
    { key: 'relative', label: t('cmp_relative'), num: true, value: (x) => x.relative, fmt: (v) => pct(v) },
    { key: 'verdict', label: msg({ code: 'label.verdict', params: {} }), value: (x) => x.verdict,
      fmt: (v) => h('span', { class: `verdict ${v}` }, verdictText(v)), csv: (x) => verdictText(x.verdict) },
  ];
  return dataTable(cols, rows, { id, title, csvName: `callscore-${id}.csv`, cellData: true,
    filter: (x) => x.name ?? '', rowData: (x) => ({ name: x.name ?? '', verdict: x.verdict }) });
}
