// Chat & orders / 在线客服 (seed 003): the chat KPIs per 客服, team and day (the engine's catalogue
// names them, in both languages), how orders were matched to 客服 (the engine's rule, as a message),
// and the seed's advice as a table: conversion per 客服 beside buyer volume per hour of the day, with
// the busy hours where the top converters are not on.
import { h, clear } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct, day as fmtDay } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { kpiName, msg } from '../messages.js';

/** The Chat & orders tab in `el`; reads state.report. */
export function createChatPanel({ el, state }) {
  return { render: () => render(el, state) };
}

const sec = (v) => num(v, 1);
const money = (v) => num(v, 2);

/** The chat KPI columns after the key columns `first`. */
function columns(first, perAgent) {
  const col = (id, fmt) => ({ key: id, label: kpiName(id), num: true, value: (r) => r[id], fmt });
  return [
    ...first,
    col('buyers_served', int),
    col('chat_sessions', int),
    col('buyer_messages', int),
    col('first_response_time', sec),
    col('avg_response_time', sec),
    col('response_rate', (v) => pct(v)),
    col('inquiry_conversion', (v) => pct(v)),
    col('orders_placed', int),
    col('orders_paid', int),
    col('paid_amount', money),
    col('avg_order_value', money),
    col('items_per_order', (v) => num(v, 2)),
    col('unpaid_order_rate', (v) => pct(v)),
    col('typing_speed', (v) => num(v, 0)),
    ...(perAgent ? [col('max_concurrent_sessions', int)] : []),
  ];
}

function render(panel, app) {
  const r = app.report;
  const c = r.chat;
  if (!c) {
    clear(panel, h('h2', null, t('tab_chat')), h('p', { class: 'empty' }, t('chat_none')));
    return;
  }
  const agents = r.by_agent.filter((a) => a.agent != null && (a.chat_sessions > 0 || a.orders_placed > 0));
  const teams = r.by_team.filter((x) => x.chat_sessions > 0 || x.orders_placed > 0);
  const days = r.by_day.filter((d) => d.chat_sessions > 0 || d.orders_placed > 0);
  const window = c.conversion_window_h ? t('chat_window_h', { n: c.conversion_window_h }) : t('chat_window_day');
  clear(panel,
    h('h2', null, t('tab_chat')),
    h('p', { class: 'muted', id: 'chat-summary' }, t('chat_summary', {
      messages: int(c.messages), sessions: int(c.sessions), buyers: int(c.buyers), orders: int(c.orders) })),
    h('ul', { class: 'small' },
      h('li', { id: 'chat-attribution', dataset: { code: c.attribution.code } }, msg(c.attribution)),
      h('li', null, window),
      h('li', null, t('chat_text_note'))),
    h('h3', null, t('chat_agents')),
    dataTable(columns([
      { key: 'agent', label: t('c_agent'), value: (x) => x.agent },
      { key: 'team', label: t('c_team'), value: (x) => x.team ?? '' },
    ], true), agents, { id: 'chat-agents-table', title: t('chat_agents'), csvName: 'callscore-chat-agents.csv',
      filter: (x) => `${x.agent ?? ''} ${x.team ?? ''}`, rowData: (x) => ({ agent: x.agent ?? '' }), cellData: true }),
    h('h3', null, t('chat_hours')),
    h('p', { class: 'muted small' }, t('chat_hours_hint')),
    hoursTable(c.conversion_hours),
    teams.length ? [h('h3', null, t('teams_title')),
      dataTable(columns([{ key: 'team', label: t('c_team'), value: (x) => x.team ?? t('unknown') }], false), teams,
        { id: 'chat-teams-table', title: t('teams_title'), csvName: 'callscore-chat-teams.csv' })] : null,
    h('h3', null, t('days_title')),
    dataTable(columns([{ key: 'day', label: t('c_day'), value: (d) => d.day, fmt: fmtDay }], false), days,
      { id: 'chat-days-table', title: t('days_title'), csvName: 'callscore-chat-days.csv' }),
  );
}

/** Conversion beside buyer volume per hour of the day; busy hours without a top converter marked. */
function hoursTable(ch) {
  const top = ch.top_converters || [];
  const list = top.length
    ? h('p', { id: 'top-converters' }, `${t('chat_top')}: `, top.map((x, i) => [i ? ', ' : '',
      h('strong', null, x.agent), ` ${pct(x.inquiry_conversion)} (${int(x.buyers_served)})`]))
    : h('p', { class: 'muted small', id: 'top-converters' }, t('chat_no_top'));
  const rows = ch.hours || [];
  const region = { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('chat_hours') };
  const heads = [t('c_hour'), t('chat_c_sessions_day'), t('chat_c_buyers'), t('chat_c_agents_on'), t('chat_c_top_on'),
    t('chat_c_top_off')];
  return h('div', null, list, h('div', region,
    h('table', { class: 'data', id: 'chat-hours-table' },
      h('thead', null, h('tr', null,
        heads.map((x, i) => h('th', { scope: 'col', class: i && i < 4 ? 'num' : null }, x)))),
      h('tbody', null, rows.map((x) => h('tr', { class: x.busy && x.top_off.length ? 'gap' : x.busy ? 'busy' : null,
        dataset: { hour: String(x.hour), busy: x.busy ? '1' : '0', gap: x.busy && x.top_off.length ? '1' : '0' } },
      h('td', null, `${String(x.hour).padStart(2, '0')}:00${x.busy ? ` · ${t('chat_busy')}` : ''}`),
      h('td', { class: 'num' }, num(x.sessions_per_day, 1)),
      h('td', { class: 'num' }, int(x.buyers)),
      h('td', { class: 'num' }, num(x.agents_on, 1)),
      h('td', null, x.top_on.join(', ') || '–'),
      h('td', null, x.top_off.length ? `${x.busy ? '⚠ ' : ''}${x.top_off.join(', ')}` : '–')))))));
}
