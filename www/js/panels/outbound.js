// Outbound / 外呼 (seed 002): outbound calls per campaign (外呼项目), agent, team and day, with the
// results by code as the dialler wrote them. Outbound calls are counted apart from inbound ones:
// never in offered, ASA, service level or abandon rate.
import { h, clear } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct, dur, day as fmtDay } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { kpiName } from '../messages.js';

/** The Outbound tab in `el`; reads state.report. */
export function createOutboundPanel({ el, state }) {
  return { render: () => render(el, state) };
}

/** A result code as the source wrote it; the engine's two "no code" keys through the dictionary. */
const code = (c) => ({ '(connected)': t('ob_no_code_connected'), '(not connected)': t('ob_no_code_not_connected') }[c]
  ?? c);
const results = (m) => Object.entries(m || {}).sort((a, b) => b[1] - a[1])
  .map(([c, n]) => `${code(c)} ${int(n)}`).join(' · ');

function columns(first, perAgent) {
  const col = (id, fmt) => ({ key: id, label: kpiName(id), num: true, value: (r) => r[id], fmt });
  return [
    ...first,
    col('outbound_attempts', int),
    col('outbound_connects', int),
    col('connect_rate', (v) => pct(v)),
    col('outbound_successes', int),
    col('outbound_conversion', (v) => pct(v)),
    col('outbound_talk', dur),
    col('outbound_contacts', int),
    col('dials_per_contact', (v) => num(v, 2)),
    ...(perAgent ? [col('outbound_per_hour', (v, r) => (r.logged_in == null ? t('needs_state') : num(v, 1)))] : []),
    { key: 'outbound_results', label: kpiName('outbound_results'), value: (r) => results(r.outbound_results) },
  ];
}

function render(panel, app) {
  const r = app.report;
  if (r.totals.outbound_attempts == null) {
    clear(panel, h('h2', null, t('tab_outbound')), h('p', { class: 'empty' }, t('ob_none')));
    return;
  }
  const agents = r.by_agent.filter((a) => a.outbound_attempts > 0);
  const teams = r.by_team.filter((x) => x.outbound_attempts > 0);
  const days = r.by_day.filter((d) => d.outbound_attempts > 0);
  clear(panel,
    h('h2', null, t('tab_outbound')),
    h('p', { class: 'muted', id: 'ob-summary' }, t('ob_summary', { calls: int(r.totals.outbound_attempts),
      connects: int(r.totals.outbound_connects), rate: pct(r.totals.connect_rate),
      successes: int(r.totals.outbound_successes) })),
    h('p', { class: 'muted small' }, t('ob_apart')),
    h('h3', null, t('ob_campaigns')),
    dataTable(columns([{ key: 'campaign', label: t('ob_c_campaign'), value: (x) => x.campaign ?? t('unknown') }],
      false),
      r.by_campaign, { id: 'ob-campaigns-table', title: t('ob_campaigns'), csvName: 'callscore-outbound-campaigns.csv',
        rowData: (x) => ({ campaign: x.campaign ?? '' }), cellData: true }),
    h('h3', null, t('ob_agents')),
    dataTable(columns([
      { key: 'agent', label: t('c_agent'), value: (x) => x.agent ?? t('unknown') },
      { key: 'name', label: t('c_name'), value: (x) => x.name ?? '' },
      { key: 'team', label: t('c_team'), value: (x) => x.team ?? '' },
    ], true), agents, { id: 'ob-agents-table', title: t('ob_agents'), csvName: 'callscore-outbound-agents.csv',
      filter: (x) => `${x.agent ?? ''} ${x.name ?? ''} ${x.team ?? ''}`, rowData: (x) => ({ agent: x.agent ?? '' }),
      cellData: true }),
    teams.length ? [h('h3', null, t('teams_title')),
      dataTable(columns([{ key: 'team', label: t('c_team'), value: (x) => x.team ?? t('unknown') }], false), teams,
        { id: 'ob-teams-table', title: t('teams_title'), csvName: 'callscore-outbound-teams.csv' })] : null,
    h('h3', null, t('days_title')),
    dataTable(columns([{ key: 'day', label: t('c_day'), value: (d) => d.day, fmt: fmtDay }], false), days,
      { id: 'ob-days-table', title: t('days_title'), csvName: 'callscore-outbound-days.csv' }),
  );
}
