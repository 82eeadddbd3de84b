// One agent's trend (agent page and review page): the agent's own KPIs by day, week or appraisal
// month (report.by_agent_period; day rows cover the last 92 days), and for one KPI the agent
// against the team (by_team_period) and the centre (by_day / by_week / by_month) per period, as a
// table and, on the agent page, a small chart.
import { h, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { fmtUnit, stamp } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { plotChart, timeAxis, tzDate, dateLabel } from '../ui/charts.js';
import { kpiName } from '../messages.js';
import { kpi as catalogKpi } from '../catalog.js';
import { showValue } from '../limits.js';
import { kpiColumns } from './groups.js';
import { grainPicker, periodColumns } from './periods.js';
import { groupPeriodRows, periodRows } from '../periods.js';

/** KPIs the "against team and centre" table offers (those a period row of an agent has). */
const TREND_KPIS = ['answered', 'avg_talk', 'aht', 'avg_acw', 'avg_hold', 'transfer_rate', 'short_call_rate', 'fcr'];

let plot = null; // the agent page's trend chart (one at a time)

/**
 * The trend section of agent `id` (team `team`): reads and writes state.trendGrain and
 * state.trendKpi; `redraw` re-renders the caller. opts: {prefix (ids), chart, table}.
 */
export function agentTrend(app, id, team, redraw, { prefix = 'agent', chart = true, own = true } = {}) {
  const r = app.report;
  const grain = app.trendGrain;
  const mine = groupPeriodRows(r.by_agent_period, 'agent', id, grain);
  const teamRows = new Map(groupPeriodRows(r.by_team_period, 'team', team, grain).map((x) => [x.period, x]));
  const centre = new Map(periodRows(r, grain).map((x) => [x.period, x]));
  const kpis = TREND_KPIS.filter((k) => mine.some((x) => x[k] != null));
  if (!kpis.includes(app.trendKpi)) app.trendKpi = kpis.includes('aht') ? 'aht' : kpis[0] ?? 'answered';
  const k = app.trendKpi;
  const unit = catalogKpi(k)?.unit ?? 'number';

  const picker = grainPicker(`${prefix}_trend_grain`, grain, (g) => {
    app.trendGrain = g;
    redraw();
    document.querySelector(`input[name="${prefix}_trend_grain"][value="${g}"]`)?.focus();
  }, t('trend_grain'));
  const kpiId = nextId('trend');
  const kpiSel = h('select', { id: kpiId, name: `${prefix}_trend_kpi` }, kpis.map((x) => h('option', { value: x }, kpiName(x))));
  kpiSel.value = k;
  kpiSel.addEventListener('change', () => {
    app.trendKpi = kpiSel.value;
    redraw();
    document.querySelector(`select[name="${prefix}_trend_kpi"]`)?.focus();
  });

  // Counts are compared per agent for the team and centre (a total would dwarf one person).
  const perAgent = unit === 'count';
  const nTeam = r.by_agent.filter((a) => a.agent != null && a.team === team).length;
  const nAll = r.by_agent.filter((a) => a.agent != null).length;
  const avg = (v, n) => (v == null ? null : perAgent ? (n ? v / n : null) : v);
  const vsRows = mine.map((x) => ({ period: x.period, first_day: x.first_day, last_day: x.last_day, me: x[k],
    team: avg(teamRows.get(x.period)?.[k], nTeam), centre: avg(centre.get(x.period)?.[k], nAll) }));
  const fmt = (grouping) => (v) => showValue(r, grouping, k, v, (y) => fmtUnit(unit, y));
  const vsCols = [...periodColumns(),
    { key: 'me', label: t('this_agent'), num: true, value: (x) => x.me, fmt: fmt('agent'), limited: true },
    { key: 'team', label: perAgent ? `${t('team_avg', { team: team ?? t('unknown') })}` : t('trend_team',
      { team: team ?? t('unknown') }), num: true, value: (x) => x.team, fmt: fmt('team'), limited: true },
    { key: 'centre', label: perAgent ? t('centre_avg') : t('trend_centre'), num: true, value: (x) => x.centre,
      fmt: fmt('totals'), limited: true }];

  const box = chart ? h('div', { class: 'chart trend-chart no-print' }) : null;
  if (box) {
    requestAnimationFrame(() => {
      if (!box.isConnected) return;
      plot?.destroy();
      const xs = vsRows.map((x) => stamp(x.first_day));
      const scale = unit === 'rate' ? 100 : 1;
      const col = (key) => vsRows.map((x) => (x[key] == null ? null : x[key] * scale));
      const value = (u, v) => (v == null ? '–' : fmtUnit(unit, v / scale));
      plot = plotChart(box, {
        height: 220, tzDate, scales: { x: { time: true } },
        series: [{ label: t('c_period'), value: (u, ts) => (ts == null ? '' : dateLabel(ts, false)) },
          { label: t('this_agent'), stroke: '#2f7dd1', width: 2, points: { show: true, size: 6 }, value },
          { label: vsCols[4].label, stroke: '#9a6700', width: 2, dash: [6, 4], points: { show: true, size: 5 }, value },
          { label: vsCols[5].label, stroke: '#6b7785', width: 2, dash: [2, 3], points: { show: true, size: 5 }, value }],
        axes: [timeAxis(), { stroke: '#1b1f24', grid: { stroke: '#e6e9ee' }, size: 60,
          values: (u, vals) => vals.map((v) => fmtUnit(unit, v / scale)) }],
      }, [xs, col('me'), col('team'), col('centre')]);
    });
  }

  return h('section', { class: 'agent-trend', id: `${prefix}-trend` },
    h('h3', null, t('trend_title')),
    h('p', { class: 'muted small' }, t('trend_hint')),
    h('div', { class: 'trend-tools' }, picker,
      h('div', { class: 'field no-print' }, h('label', { for: kpiId }, t('trend_kpi')), kpiSel)),
    h('p', { class: 'print-only' }, `${t(`grain_${grain}`)} · ${kpiName(k)}`),
    h('h4', null, t('trend_vs', { kpi: kpiName(k) })),
    dataTable(vsCols, vsRows, { id: `${prefix}-trend-vs`, title: t('trend_vs', { kpi: kpiName(k) }),
      csvName: `callscore-${prefix}-trend-vs.csv`, cellData: true, rowData: (x) => ({ period: x.period }) }),
    box,
    own ? h('h4', null, t('trend_own')) : null,
    own ? dataTable(kpiColumns(periodColumns(), r, 'agent'), mine, { id: `${prefix}-trend-own`,
      title: t('trend_own'), csvName: `callscore-${prefix}-trend.csv`, cellData: true,
      rowData: (x) => ({ period: x.period }) }) : null,
    grain === 'day' ? h('p', { class: 'muted small' }, t('trend_days_note')) : null);
}
