// Agent time (座席时间): logged-in, paused by reason, available, occupancy, utilization, 实际工作率,
// calls per hour and missed rings per agent; first login / last logout per day; logged-in agents
// per interval; the pause-reason chart; and the abandoned-caller call-back list.
// Everything comes from the report (queue_log sessions or an agent-state file); text from files is
// only ever set through textContent (ui/dom.js h()).
import { h, clear } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct, dur, dateTime, day as fmtDay } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { kpiName, formula, outcomeName } from '../messages.js';

// Colour per pause reason (cycled); the legend and the table name every reason, so colour is
// never the only carrier of meaning.
const PALETTE = ['#2f7dd1', '#9a6700', '#d9534f', '#1a7f37', '#7b4fc9', '#0f8b8d', '#c2410c', '#6b7785'];

/** True when the report has agent session or state data. */
export function hasAgentTime(r) {
  return !!r && r.by_agent.some((a) => a.logged_in != null);
}

/** The Agent time tab in `el`; reads state.report. */
export function createAgentTimePanel({ el, state }) {
  return { render: () => render(el, state) };
}

function render(panel, app) {
  const r = app.report;
  const parts = [h('h2', { tabindex: -1 }, t('tab_agenttime')), h('p', { class: 'muted' }, t('at_intro'))];
  if (!hasAgentTime(r)) {
    parts.push(h('p', { class: 'needs-state', id: 'agenttime-empty' }, t('at_no_data')));
  } else {
    const agents = r.by_agent.filter((a) => a.logged_in != null);
    parts.push(
      h('section', { class: 'chart-block' },
        h('h3', null, t('at_agents')),
        formulas(r),
        agentTable(r, agents)),
      pauseSection(agents),
      h('section', { class: 'chart-block' }, h('h3', null, t('at_days')), daysTable(r.agent_days)),
      intervalSection(r),
    );
  }
  parts.push(callbackSection(r));
  clear(panel, ...parts);
}

// ------------------------------------------------------------------ per agent
/** The formulas of the table's figures, as the engine writes them (the report's definitions). */
function formulas(r) {
  const ids = ['occupancy', 'utilization', 'work_rate', 'calls_per_hour'];
  return h('div', { class: 'muted small', id: 'agenttime-formulas' },
    h('ul', null, ids.map((id) => {
      const [name, f] = [kpiName(id), formula(r, id)];
      // A formula that starts with the KPI's name (实际工作率 = …) is shown as it is.
      return h('li', null, f.startsWith(name) ? f : t('name_value', { name, value: f }));
    })),
    h('p', null, t('at_flag_note')));
}

function agentTable(r, agents) {
  const sec = (v) => dur(v);
  const paused = (a) => Object.values(a.paused || {}).reduce((s, v) => s + v, 0);
  const cols = [
    { key: 'agent', label: t('c_agent'), value: (a) => a.agent ?? t('unknown') },
    { key: 'logged_in', label: t('at_logged_in'), num: true, value: (a) => a.logged_in, fmt: sec },
    { key: 'paused', label: t('at_paused'), num: true, value: paused, fmt: sec },
    { key: 'available', label: t('at_available'), num: true, value: (a) => a.available, fmt: sec },
    { key: 'occupancy', label: kpiName('occupancy'), num: true, value: (a) => a.occupancy, fmt: (v) => pct(v),
      note: formula(r, 'occupancy') },
    { key: 'utilization', label: kpiName('utilization'), num: true, value: (a) => a.utilization,
      fmt: (v) => pct(v), note: formula(r, 'utilization') },
    { key: 'work_rate', label: t('c_work_rate'), num: true, value: (a) => a.work_rate, fmt: (v) => pct(v),
      note: formula(r, 'work_rate') },
    { key: 'calls_per_hour', label: t('c_calls_per_hour'), num: true, value: (a) => a.calls_per_hour,
      fmt: (v) => num(v, 2), note: formula(r, 'calls_per_hour') },
    { key: 'answered', label: t('c_answered'), num: true, value: (a) => a.answered, fmt: int },
    { key: 'missed', label: t('at_missed'), num: true, value: (a) => a.missed, fmt: int },
    { key: 'open_sessions', label: t('at_open'), num: true, value: (a) => a.open_sessions,
      fmt: (v) => (v ? `⚑ ${int(v)}` : '–'), note: t('at_open_note') },
  ];
  return dataTable(cols, agents, {
    id: 'agenttime-table', title: t('at_agents'), csvName: 'callscore-agent-time.csv',
    filter: (a) => a.agent ?? '',
    rowData: (a) => ({ agent: a.agent ?? '' }),
    cellData: true,
  });
}

// ------------------------------------------------------------------ pause reasons
function pauseSection(agents) {
  const reasons = [...new Set(agents.flatMap((a) => Object.keys(a.paused || {})))].sort();
  const total = (a) => Object.values(a.paused || {}).reduce((s, v) => s + v, 0);
  const withPause = agents.filter((a) => total(a) > 0);
  const head = h('h3', null, t('at_pause_chart'));
  if (!withPause.length) return h('section', { class: 'chart-block' }, head,
    h('p', { class: 'muted' }, t('at_no_pauses')));
  const color = new Map(reasons.map((r, i) => [r, PALETTE[i % PALETTE.length]]));
  const max = Math.max(...withPause.map(total));
  const legend = h('ul', { class: 'legend' }, reasons.map((r) => {
    const sw = h('span', { class: 'swatch' });
    sw.style.backgroundColor = color.get(r);
    return h('li', null, sw, reasonLabel(r));
  }));
  const bars = h('div', { class: 'pause-chart', role: 'img', id: 'pause-chart',
    'aria-label': `${t('at_pause_chart')}: ${withPause.map((a) => `${a.agent} ${dur(total(a))}`).join(', ')}` },
  withPause.map((a) => {
    const track = h('span', { class: 'pause-track' });
    track.style.width = `${(total(a) / max) * 100}%`;
    for (const r of reasons) {
      const v = a.paused[r];
      if (!v) continue;
      const seg = h('span', { class: 'pause-seg', title: `${reasonLabel(r)}: ${dur(v)}`,
        dataset: { reason: r, value: String(v) } });
      seg.style.width = `${(v / total(a)) * 100}%`;
      seg.style.backgroundColor = color.get(r);
      track.append(seg);
    }
    return h('div', { class: 'pause-row', dataset: { agent: a.agent ?? '' } },
      h('span', { class: 'pause-name' }, a.agent ?? t('unknown')), h('span', { class: 'pause-bar' }, track),
      h('span', { class: 'pause-total num' }, dur(total(a))));
  }));
  // The same figures as a table (the chart's text alternative, and a CSV export).
  const cols = [{ key: 'agent', label: t('c_agent'), value: (a) => a.agent ?? t('unknown') },
    ...reasons.map((r) => ({ key: `p:${r}`, label: reasonLabel(r), num: true, value: (a) => a.paused[r] ?? 0,
      fmt: dur })),
    { key: 'total', label: t('at_paused'), num: true, value: total, fmt: dur }];
  return h('section', { class: 'chart-block' }, head, legend, bars,
    h('details', null, h('summary', null, t('at_pause_table')),
      dataTable(cols, withPause, { id: 'pause-table', title: t('at_pause_chart'),
        csvName: 'callscore-pause-reasons.csv' })));
}

const outcomeLabel = outcomeName;
const reasonLabel = (r) => (r === '(no reason)' ? t('at_no_reason') : r);

// ------------------------------------------------------------------ first login / last logout
function daysTable(days) {
  const cols = [
    { key: 'agent', label: t('c_agent'), value: (d) => d.agent },
    { key: 'day', label: t('c_day'), value: (d) => d.day, fmt: (v) => fmtDay(v) },
    { key: 'first_login', label: t('at_first_login'), value: (d) => d.first_login,
      fmt: (v) => (v ? dateTime(v) : '–') },
    { key: 'last_logout', label: t('at_last_logout'), value: (d) => d.last_logout,
      fmt: (v) => (v ? dateTime(v) : '–') },
  ];
  return dataTable(cols, days, { id: 'agent-days-table', title: t('at_days'), csvName: 'callscore-agent-days.csv',
    filter: (d) => `${d.agent} ${d.day}`, rowData: (d) => ({ agent: d.agent, day: d.day }) });
}

// ------------------------------------------------------------------ per interval
function intervalSection(r) {
  const rows = r.by_interval.filter((x) => x.logged_in_agents != null);
  const under = rows.filter((x) => x.understaffed).length;
  const cols = [
    { key: 'start', label: t('c_interval'), value: (x) => x.start, fmt: (v) => dateTime(v) },
    { key: 'offered', label: t('c_offered'), num: true, value: (x) => x.offered, fmt: int },
    { key: 'required', label: t('s_agents_c'), num: true,
      value: (x) => x.required_agents?.erlang_c?.raw_positions ?? null, fmt: int },
    { key: 'logged_in_agents', label: t('at_logged_in_agents'), num: true, value: (x) => x.logged_in_agents,
      fmt: (v) => num(v, 2) },
    { key: 'available_agents', label: t('at_available_agents'), num: true, value: (x) => x.available_agents,
      fmt: (v) => num(v, 2) },
    { key: 'understaffed', label: t('at_understaffed'),
      value: (x) => (x.understaffed == null ? null : x.understaffed ? 1 : 0),
      fmt: (v) => (v == null ? '–' : v ? `⚠ ${t('yes')}` : t('no')),
        csv: (x) => (x.understaffed == null ? '' : x.understaffed ? t('yes') : t('no')) },
  ];
  return h('section', { class: 'chart-block' },
    h('h3', null, t('at_intervals')),
    h('p', { class: 'muted small' }, t('at_intervals_hint',
      { n: int(under), total: int(rows.length), i: r.settings.interval_min })),
    dataTable(cols, rows, { id: 'agent-intervals-table', title: t('at_intervals'),
      csvName: 'callscore-logged-in-per-interval.csv',
      rowData: (x) => ({ start: x.start, understaffed: String(!!x.understaffed) }), cellData: true }));
}

// ------------------------------------------------------------------ call-back list
function callbackSection(r) {
  const list = r.callbacks || [];
  const head = h('h3', { id: 'callbacks-title' }, t('at_callbacks'));
  if (!list.length) return h('section', { class: 'chart-block', id: 'callbacks' }, head,
    h('p', { class: 'muted' }, t('at_no_callbacks')));
  const yes = (v) => (v ? t('yes') : t('no'));
  const pending = list.filter((c) => !c.got_through).length;
  const cols = [
    { key: 'caller', label: t('at_caller'), value: (c) => c.caller },
    { key: 'time', label: t('at_time'), value: (c) => c.time, fmt: (v) => dateTime(v), csv: (c) => c.time },
    { key: 'queue', label: t('c_queue'), value: (c) => c.queue ?? '' },
    { key: 'wait', label: t('at_wait'), num: true, value: (c) => c.wait, fmt: dur },
    { key: 'outcome', label: t('at_outcome'), value: (c) => outcomeLabel(c.outcome) },
    { key: 'called_again', label: t('at_called_again'), value: (c) => yes(c.called_again) },
    { key: 'got_through', label: t('at_got_through'), value: (c) => yes(c.got_through) },
    { key: 'got_through_at', label: t('at_got_through_at'), value: (c) => c.got_through_at ?? '',
      fmt: (v) => (v ? dateTime(v) : '–'), csv: (c) => c.got_through_at ?? '' },
  ];
  return h('section', { class: 'chart-block', id: 'callbacks' }, head,
    h('p', { class: 'muted small' }, t('at_callbacks_hint', { n: int(list.length), pending: int(pending) })),
    dataTable(cols, list, { id: 'callbacks-table', title: t('at_callbacks'), csvName: 'callscore-callbacks.csv',
      filter: (c) => `${c.caller} ${c.queue ?? ''}`,
      rowData: (c) => ({ caller: c.caller, gotThrough: String(c.got_through) }) }));
}
