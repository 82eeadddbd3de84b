// Periods tab / 周期: the centre's KPIs by day, week or appraisal month (a period picker) with the
// 合计 row (report.period_total: summed tallies, not added rates); the comparison of two periods
// (the `period` and `compare_with` settings, recomputed without reading again) per queue, agent and
// team; each team by period; each agent on each queue. Weeks and months follow the settings
// `week_start` and `month_starts_on_day` (Settings tab).
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { day as fmtDay } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { kpiName } from '../messages.js';
import { kpiColumns } from './groups.js';
import { limitNotes } from '../limits.js';
import { GRAINS, periodRows } from '../periods.js';
import { comparisonTable, comparisonKpis, spanText } from './comparison.js';

/** The Periods tab in `el`; reads state.report, state.periodGrain, state.compareKpi. */
export function createPeriodsPanel({ el, state, actions }) {
  return { render: () => render(el, state, actions) };
}

/** A radio group day / week / month (keyboard: arrows move within it, as for any radio group). */
export function grainPicker(name, value, onChange, legend) {
  return h('fieldset', { class: 'grain-picker no-print', dataset: { picker: name } },
    h('legend', null, legend),
    Object.keys(GRAINS).map((g) => {
      const id = nextId(name);
      const input = h('input', { type: 'radio', name, id, value: g });
      input.checked = g === value;
      input.addEventListener('change', () => { if (input.checked) onChange(g); });
      return h('span', { class: 'radio' }, input, ' ', h('label', { for: id }, t(`grain_${g}`)));
    }));
}

/** The key columns of a period row: the period and its first and last day. */
export const periodColumns = () => [
  { key: 'period', label: t('c_period'), value: (x) => x.period },
  { key: 'first_day', label: t('c_first_day'), value: (x) => x.first_day, fmt: (v) => (v ? fmtDay(v) : '') },
  { key: 'last_day', label: t('c_last_day'), value: (x) => x.last_day, fmt: (v) => (v ? fmtDay(v) : '') },
];

function render(panel, app, actions) {
  const r = app.report;
  const grain = app.periodGrain;
  const redraw = () => render(panel, app, actions);
  const picker = grainPicker('period_grain', grain, (g) => {
    app.periodGrain = g;
    redraw();
    panel.querySelector(`input[name="period_grain"][value="${g}"]`)?.focus();
  }, t('grain_legend'));
  const total = { ...r.period_total, period: t('period_total_row'), first_day: null, last_day: null };
  const rows = periodRows(r, grain);
  const teamRows = (r.by_team_period || []).filter((x) => x.grain === grain);

  clear(panel,
    h('h2', null, t('tab_periods')),
    h('p', { class: 'muted' }, t('periods_hint')),
    picker,
    h('h3', { id: 'period-table-title' }, t(`periods_by_${grain}`)),
    dataTable(kpiColumns(periodColumns(), r, 'day'), rows, { id: 'period-table', title: t(`periods_by_${grain}`),
      csvName: `callscore-${GRAINS[grain].replace('by_', '')}s.csv`, cellData: true, footer: total,
      rowData: (x) => ({ period: x.period }) }),
    comparisonSection(r, app, actions, redraw),
    h('h3', null, t('team_periods_title')),
    limitNotes(r, ['team'], { id: 'team-periods-limits' }),
    dataTable(kpiColumns([{ key: 'team', label: t('c_team'), value: (x) => x.team ?? t('unknown') },
      ...periodColumns()], r, 'team'), teamRows,
    { id: 'team-periods-table', title: t('team_periods_title'), csvName: 'callscore-team-periods.csv', cellData: true,
      filter: (x) => `${x.team ?? ''} ${x.period}`, rowData: (x) => ({ team: x.team ?? '', period: x.period }) }),
    h('h3', null, t('agent_queue_title')),
    limitNotes(r, ['agent'], { id: 'agent-queue-limits' }),
    dataTable(kpiColumns([
      { key: 'agent', label: t('c_agent'), value: (x) => x.agent ?? t('unknown') },
      { key: 'queue', label: t('c_queue'), value: (x) => x.queue ?? t('unknown') }], r, 'agent'),
    r.by_agent_queue || [], { id: 'agent-queue-table', title: t('agent_queue_title'),
      csvName: 'callscore-agent-queues.csv', cellData: true, filter: (x) => `${x.agent ?? ''} ${x.queue ?? ''}`,
      rowData: (x) => ({ agent: x.agent ?? '', queue: x.queue ?? '' }) }),
  );
}

/**
 * The period compared and what with (settings `period`, `compare_with`: recomputed), then the
 * comparison per queue, agent and team for one KPI.
 */
function comparisonSection(r, app, actions, redraw) {
  const months = (r.by_month || []).map((m) => m.period);
  const weeks = (r.by_week || []).map((w) => w.period);
  const labels = [...months.reverse(), ...weeks.reverse()];
  const cur = (k) => app.settings[k] ?? r.settings?.[k] ?? null;
  const set = (k, v) => {
    if (v == null || v === '') delete app.settings[k]; else app.settings[k] = v;
    actions.settingsChanged([k]);
  };
  const options = (list) => list.map((l) => h('option', { value: l }, l));
  const periodId = nextId('cmp');
  const withId = nextId('cmp');
  const period = h('select', { id: periodId, name: 'period' },
    h('option', { value: '' }, t('cmp_latest_month')), options(labels));
  // A label the data does not have (typed into a settings file) is still shown as chosen.
  if (cur('period') && !labels.includes(cur('period'))) period.append(h('option', { value: cur('period') }, cur('period')));
  period.value = cur('period') ?? '';
  period.addEventListener('change', () => set('period', period.value));
  const withSel = h('select', { id: withId, name: 'compare_with' },
    h('option', { value: '' }, t('cmp_none')),
    h('option', { value: 'previous' }, t('cmp_with_previous')),
    h('option', { value: 'last_year' }, t('cmp_with_last_year')),
    h('optgroup', { label: t('cmp_with_pick') }, options(labels)));
  if (cur('compare_with') && !['previous', 'last_year', ...labels].includes(cur('compare_with'))) {
    withSel.append(h('option', { value: cur('compare_with') }, cur('compare_with')));
  }
  withSel.value = cur('compare_with') ?? '';
  withSel.addEventListener('change', () => set('compare_with', withSel.value));

  const c = r.comparison;
  const kpis = comparisonKpis(r);
  if (c && !kpis.includes(app.compareKpi)) app.compareKpi = kpis.includes('service_level') ? 'service_level' : kpis[0];
  const kpiId = nextId('cmp');
  const kpiSel = h('select', { id: kpiId, name: 'compare_kpi' }, kpis.map((k) => h('option', { value: k }, kpiName(k))));
  kpiSel.value = app.compareKpi ?? '';
  kpiSel.addEventListener('change', () => {
    app.compareKpi = kpiSel.value;
    redraw();
    document.querySelector('select[name="compare_kpi"]')?.focus();
  });
  const tables = c ? [
    h('p', { class: 'muted', id: 'comparison-spans' },
      t('cmp_periods', { current: spanText(c.current), previous: spanText(c.previous) })),
    h('div', { class: 'field no-print' }, h('label', { for: kpiId }, t('cmp_kpi')), kpiSel),
    h('p', { class: 'print-only' }, `${t('cmp_kpi')}: ${kpiName(app.compareKpi)}`),
    ...[['by_queue', 'cmp-queues'], ['by_agent', 'cmp-agents'], ['by_team', 'cmp-teams']].flatMap(([field, id]) => [
      h('h4', null, t(`cmp_${field}_title`, { kpi: kpiName(app.compareKpi) })),
      comparisonTable(r, field, id, t(`cmp_${field}_title`, { kpi: kpiName(app.compareKpi) }), app.compareKpi)]),
  ] : [h('p', { class: 'muted', id: 'comparison-none' }, t('cmp_choose'))];
  return h('section', { class: 'comparison-tables', id: 'comparison-section' },
    h('h3', null, t('cmp_title')),
    h('div', { class: 'form-grid no-print' },
      h('div', { class: 'field' }, h('label', { for: periodId }, t('cmp_period')), period),
      h('div', { class: 'field' }, h('label', { for: withId }, t('cmp_with')), withSel)),
    tables);
}
