// Agents tab: the agent report with the columns managers know from their ACD report (seed 003),
// and one agent's page (this agent against the team and the centre, the daily chart, the QA
// evaluations, CSAT, complaints and comments of appraisal.js). KPIs the engine cannot attribute to
// agents or teams (report.limits) show "—" with the reason, listed once above the table.
import { h, clear } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct, dur } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { dailyChart } from '../ui/charts.js';
import { hasAgentTime } from './agenttime.js';
import { kpiName, formula } from '../messages.js';
import { limitColumns, limitNotes, showValue } from '../limits.js';
import { appraisalSection } from './appraisal.js';
import { agentTrend } from './agenttrend.js';

/**
 * The Agents tab in `el`; reads state.report and state.agent (the open agent page, or null).
 * actions.openAgent(id) / actions.closeAgent() open and close an agent's page.
 */
export function createAgentsPanel({ el, state, actions }) {
  let plot = null; // the agent page's daily chart
  const render = () => {
    plot?.destroy();
    plot = null;
    renderAgents(el, state, actions, (p) => { plot = p; });
  };
  return { render };
}

const NEEDS = () => t('needs_state');

const round4 = (v) => (v == null ? null : Math.round(v * 10000) / 10000);

/**
 * The seed-003 columns, then transfers, short calls, FCR. `state`: login data was loaded; the notes
 * of the login-time columns are the report's formulas (the engine's, in the page's language).
 */
function columns(r, state) {
  const sec = (v) => num(v, 1);
  const needs = (id) => (state ? formula(r, id) : t('needs_state_long', { formula: formula(r, id) }));
  return [
    { key: 'agent', label: t('c_agent'), value: (r) => r.agent ?? t('unknown') },
    { key: 'name', label: t('c_name'), value: (r) => r.name ?? '' },
    { key: 'team', label: t('c_team'), value: (r) => r.team ?? '' },
    { key: 'answered', label: t('c_answered'), num: true, value: (r) => r.answered, fmt: int },
    { key: 'avg_talk', label: t('c_avg_talk'), num: true, value: (r) => r.avg_talk, fmt: sec },
    { key: 'total_talk', label: t('c_total_talk'), num: true, value: (r) => r.total_talk, fmt: int },
    { key: 'avg_acw', label: t('c_avg_acw'), num: true, value: (r) => r.avg_acw, fmt: sec },
    { key: 'aht', label: t('c_aht'), num: true, value: (r) => r.aht, fmt: sec, note: 'aht' },
    // 实际工作率 and 每小时呼叫数 need login time (queue_log agent events or an agent-state file):
    // filled when it was loaded, else the cell says what is missing.
    { key: 'work_rate', label: t('c_work_rate'), num: true, value: (r) => r.work_rate,
      fmt: (v, r) => (r.logged_in == null ? NEEDS() : pct(v)),
        csv: (r) => (r.logged_in == null ? NEEDS() : round4(r.work_rate)),
      note: needs('work_rate'), foldNote: NEEDS() },
    { key: 'avg_hold', label: t('c_avg_hold'), num: true, value: (r) => r.avg_hold, fmt: sec },
    { key: 'calls_per_hour', label: t('c_calls_per_hour'), num: true, value: (r) => r.calls_per_hour,
      fmt: (v, r) => (r.logged_in == null ? NEEDS() : num(v, 2)),
        csv: (r) => (r.logged_in == null ? NEEDS() : round4(r.calls_per_hour)),
      note: needs('calls_per_hour'), foldNote: NEEDS() },
    { key: 'total_handle_min', label: t('c_total_handle_min'), num: true,
      value: (r) => (r.total_handle == null ? null : r.total_handle / 60), fmt: (v) => num(v, 1) },
    { key: 'transferred', label: t('c_transferred'), num: true, value: (r) => r.transferred, fmt: int },
    { key: 'transfer_rate', label: t('c_transfer_rate'), num: true, value: (r) => r.transfer_rate, fmt: (v) => pct(v) },
    { key: 'short_calls', label: t('c_short_calls'), num: true, value: (r) => r.short_calls, fmt: int },
    { key: 'short_call_rate', label: t('c_short_call_rate'), num: true, value: (r) => r.short_call_rate,
      fmt: (v) => pct(v) },
    { key: 'fcr', label: t('c_fcr'), num: true, value: (r) => r.fcr, fmt: (v) => pct(v) },
  ];
}

function renderAgents(panel, app, actions, keepPlot) {
  const r = app.report;
  if (app.agent != null) {
    const a = r.by_agent.find((x) => (x.agent ?? '') === app.agent);
    if (a) return agentPage(panel, app, a, actions, keepPlot);
    app.agent = null;
  }
  // The engine keeps calls that reached no agent (abandoned, IVR) under a null agent: not a person.
  const agents = r.by_agent.filter((a) => a.agent != null || a.answered > 0);
  clear(panel,
    h('h2', { tabindex: -1 }, t('agents_title')),
    h('p', { class: 'muted no-print' }, t('agents_hint')),
    limitNotes(r, ['agent'], { id: 'agents-limits' }),
    dataTable(limitColumns(columns(r, hasAgentTime(r)), r, 'agent'), agents, {
      id: 'agents-table', title: t('agents_title'), csvName: 'callscore-agents.csv',
      filter: (a) => `${a.agent ?? ''} ${a.name ?? ''} ${a.team ?? ''}`,
      rowData: (a) => ({ agent: a.agent ?? '' }),
      cellData: true,
      onOpen: (a) => actions.openAgent(a.agent ?? ''), // '' = the (unknown) agent
    }),
  );
}

// Figures compared on the agent page; kind decides formatting, higher: which way is better.
const COMPARE = [
  ['answered', 'count'], ['avg_talk', 'time'], ['avg_hold', 'time'], ['avg_acw', 'time'], ['aht', 'time'],
  ['transfer_rate', 'rate'], ['short_call_rate', 'rate'], ['hold_rate', 'rate'], ['fcr', 'rate'],
];

/** 实际工作率 with its formula (the engine's, which may already start with the name). */
function workRateLabel(r) {
  const [name, f] = [kpiName('work_rate'), formula(r, 'work_rate')];
  return f.startsWith(name) ? f : `${name} (${f})`;
}

function agentPage(panel, app, a, actions, keepPlot) {
  const r = app.report;
  const people = r.by_agent.filter((x) => x.agent != null);
  const teamRows = people.filter((x) => x.team === a.team);
  const team = r.by_team.find((x) => x.team === a.team);
  const fmt = (kind, v) => (kind === 'rate' ? pct(v) : kind === 'time' ? dur(v) : int(v));
  // Counts are compared per agent (a centre total would dwarf one person); rates and times as they are.
  const perAgent = (total, n) => (total == null || !n ? null : total / n);
  const val = (key, kind, row, n) => (kind === 'count' ? perAgent(row?.[key], n) : row?.[key]);

  const rows = COMPARE.map(([key, kind]) => {
    const mine = a[key];
    const tv = val(key, kind, team, teamRows.length);
    const cv = val(key, kind, r.totals, people.length);
    const max = Math.max(mine ?? 0, tv ?? 0, cv ?? 0) || 1;
    const bar = (v, cls) => {
      const b = h('span', { class: `bar ${cls}` });
      b.style.width = `${v == null ? 0 : Math.max(1, (v / max) * 100)}%`; // CSSOM: allowed by the CSP
      return h('span', { class: 'bar-track' }, b);
    };
    const label = kind === 'count' ? `${kpiName(key)} (${t('per_agent_avg')})` : kpiName(key);
    // A KPI the engine cannot attribute to agents (teams) shows "—" with the reason.
    const show = (grouping, v) => showValue(r, grouping, key, v, (x) => fmt(kind, x));
    return h('tr', null,
      h('th', { scope: 'row' }, label),
      h('td', { class: 'num' }, show('agent', mine), bar(mine, 'me')),
      h('td', { class: 'num' }, show('team', tv), bar(tv, 'team')),
      h('td', { class: 'num' }, show('totals', cv), bar(cv, 'centre')));
  });
  // Agent-time figures: this agent, and the mean over the team's / centre's agents with login data.
  const timed = (list) => list.filter((x) => x.logged_in != null);
  const mean = (list, key) => {
    const vs = timed(list).map((x) => x[key]).filter((v) => v != null);
    return vs.length ? vs.reduce((s, v) => s + v, 0) / vs.length : null;
  };
  for (const [key, label, f] of [['logged_in', kpiName('logged_in'), dur], ['occupancy', kpiName('occupancy'), pct],
    ['utilization', kpiName('utilization'), pct], ['work_rate', workRateLabel(r), pct],
    ['calls_per_hour', kpiName('calls_per_hour'), (v) => num(v, 2)]]) {
    if (a.logged_in == null) {
      rows.push(h('tr', null, h('th', { scope: 'row' }, label),
        ...[0, 1, 2].map(() => h('td', { class: 'num muted' }, NEEDS()))));
    } else {
      rows.push(h('tr', { dataset: { metric: key } }, h('th', { scope: 'row' }, label),
        h('td', { class: 'num', dataset: { value: a[key] == null ? '' : String(a[key]) } }, f(a[key])),
        h('td', { class: 'num' }, f(mean(teamRows, key))), h('td', { class: 'num' }, f(mean(people, key)))));
    }
  }

  const id = a.agent ?? t('unknown');
  const name = a.name ? `${id} · ${a.name}` : id;
  const daily = h('div', { class: 'chart' });
  // The agent's own days (the report's daily trend rows cover the last 92 days of the data).
  const ownDays = (r.by_agent_period ?? [])
    .filter((p) => p.grain === 'day' && p.agent === a.agent)
    .map((p) => ({ ...p, day: p.period }));
  clear(panel,
    h('p', { class: 'no-print' }, h('button', { type: 'button', class: 'btn', id: 'agent-back',
      onclick: () => actions.closeAgent() }, t('back'))),
    h('h2', { tabindex: -1, dataset: { agentPage: a.agent ?? '' } }, t('agent_page', { id: name })),
    h('p', { class: 'muted' }, `${t('c_team')}: ${a.team ?? t('unknown')}`),
    h('h3', null, t('agent_vs', { name })),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data compare' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('metric')),
        h('th', { scope: 'col', class: 'num' }, t('this_agent')),
        h('th', { scope: 'col', class: 'num' }, t('team_avg', { team: a.team ?? t('unknown') })),
        h('th', { scope: 'col', class: 'num' }, t('centre_avg')))),
      h('tbody', null, rows))),
    a.agent != null ? h('h3', null, t('pp_title')) : null,
    a.agent != null ? appraisalSection(r, a.agent, { id: 'agent' }) : null,
    agentTrend(app, a.agent ?? null, a.team ?? null, () => agentPage(panel, app, a, actions, keepPlot)),
    h('h3', null, t('daily_trend')),
    h('p', { class: 'note' }, t(ownDays.length ? 'agent_daily_own' : 'agent_daily_missing')),
    daily,
  );
  // Drawn after insertion: the chart needs the container's width.
  requestAnimationFrame(() => { if (daily.isConnected) keepPlot(dailyChart(daily, ownDays.length ? ownDays : r.by_day)); });
}
