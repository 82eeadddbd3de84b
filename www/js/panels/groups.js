// Queues & teams tab: queues, teams, days and intervals, the same KPI columns grouped differently,
// plus a per-queue bar chart. A KPI the engine cannot attribute to a grouping (report.limits: e.g.
// abandons to teams) shows "—" with the reason, listed once above the table (limits.js).
import { h, clear } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct, day as fmtDay, dateTime } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { queueBars } from '../ui/charts.js';
import { limitColumns, limitNotes } from '../limits.js';

/**
 * KPI columns shared by every group table; `first` are the key columns of the grouping, `grouping`
 * its name in report.limits ('queue', 'team', 'day', 'interval').
 */
export function kpiColumns(first, r, grouping) {
  return limitColumns([
    ...first,
    { key: 'offered', label: t('c_offered'), num: true, value: (r) => r.offered, fmt: int },
    { key: 'answered', label: t('c_answered'), num: true, value: (r) => r.answered, fmt: int },
    { key: 'abandoned', label: t('c_abandoned'), num: true, value: (r) => r.abandoned, fmt: int },
    { key: 'abandon_rate', label: t('c_abandon_rate'), num: true, value: (r) => r.abandon_rate, fmt: (v) => pct(v) },
    { key: 'service_level', label: t('c_service_level'), num: true, value: (r) => r.service_level, fmt: (v) => pct(v) },
    { key: 'asa', label: t('c_asa'), num: true, value: (r) => r.asa, fmt: (v) => num(v, 1) },
    { key: 'max_wait', label: t('c_max_wait'), num: true, value: (r) => r.max_wait, fmt: int },
    { key: 'avg_talk', label: t('c_avg_talk'), num: true, value: (r) => r.avg_talk, fmt: (v) => num(v, 1) },
    { key: 'aht', label: t('c_aht'), num: true, value: (r) => r.aht, fmt: (v) => num(v, 1) },
    { key: 'transfer_rate', label: t('c_transfer_rate'), num: true, value: (r) => r.transfer_rate, fmt: (v) => pct(v) },
    { key: 'fcr', label: t('c_fcr'), num: true, value: (r) => r.fcr, fmt: (v) => pct(v) },
  ], r, grouping);
}

const unknown = (v) => v ?? t('unknown');

/** The Queues & teams tab in `el`; reads state.report. */
export function createGroupsPanel({ el, state }) {
  return { render: () => render(el, state) };
}

function render(panel, app) {
  const r = app.report;
  const queues = r.by_queue.filter((q) => q.offered > 0 || q.queue != null);
  const teamCols = kpiColumns([{ key: 'team', label: t('c_team'), value: (x) => unknown(x.team) }], r, 'team');
  const cellOpts = { cellData: true };
  clear(panel,
    h('h2', null, t('tab_groups')),
    h('h3', null, t('queue_compare')),
    queueBars(queues),
    h('h3', null, t('queues_title')),
    limitNotes(r, ['queue'], { id: 'queues-limits' }),
    dataTable(kpiColumns([{ key: 'queue', label: t('c_queue'), value: (q) => unknown(q.queue) }], r, 'queue'),
      queues, { id: 'queues-table', title: t('queues_title'), csvName: 'callscore-queues.csv', ...cellOpts }),
    h('h3', null, t('teams_title')),
    limitNotes(r, ['team'], { id: 'teams-limits', shownKpis: teamCols.map((c) => c.key) }),
    dataTable(teamCols, r.by_team, { id: 'teams-table', title: t('teams_title'), csvName: 'callscore-teams.csv',
      rowData: (x) => ({ team: x.team ?? '' }), ...cellOpts }),
    h('h3', null, t('days_title')),
    dataTable(kpiColumns([
      { key: 'day', label: t('c_day'), value: (d) => d.day, fmt: fmtDay },
      { key: 'weekday', label: t('c_weekday'), value: (d) => d.weekday, fmt: (w) => t('weekdays')[w] ?? '' },
    ], r, 'day'), r.by_day, { id: 'days-table', title: t('days_title'), csvName: 'callscore-days.csv' }),
    // Intervals run to thousands of rows: on screen and in the CSV, left out of the printout.
    h('div', { class: 'no-print' },
      h('h3', null, t('intervals_title')),
      dataTable(kpiColumns([{ key: 'start', label: t('c_interval'), value: (x) => x.start, fmt: dateTime }], r,
        'interval'), r.by_interval,
        { id: 'intervals-table', title: t('intervals_title'), csvName: 'callscore-intervals.csv' })),
  );
}
