// Staffing tab: required agents per interval (Erlang C and A, from the report), the weekday ×
// interval requirement table for rosters, and a what-if calculator that runs the engine's Erlang
// functions in the worker (engine.call('erlang'): no extra download, nothing leaves the page).
// Works before any file is loaded (the calculator alone).
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct, dur, stamp, day as fmtDay, df } from '../ui/format.js';
import { downloadCsv } from '../ui/export.js';
import { uPlot } from '../ui/charts.js';
import { msg } from '../messages.js';

/**
 * The Staffing tab in `el`; reads state.report, keeps state.staffDay, state.staffModel and the
 * calculator's inputs (state.calc, seeded once from a report: state.calcSeeded); staffing targets
 * go to state.settings (actions.settingsChanged); the calculator asks engine.call('erlang').
 */
export function createStaffingPanel({ el, state, engine, actions }) {
  const view = {
    plot: null, // the live staffing chart
    calcSeq: 0, // the calculator's latest request (an older answer is dropped)
    erlang: (input) => engine.call('erlang', input),
    actions,
  };
  return { render: () => render(el, state, view) };
}

function render(panel, app, view) {
  if (view.plot) { view.plot.destroy(); view.plot = null; }
  const r = app.report;
  const s = r?.staffing;
  const calc = app.calc;
  if (r && s && !app.calcSeeded) {
    // Start the calculator from the data: its interval, handle time, targets and patience.
    app.calcSeeded = true;
    calc.interval_min = s.interval_min;
    calc.sl_threshold_s = s.sl_threshold_s;
    calc.sl_target = round(s.sl_target * 100);
    calc.shrinkage = round(s.shrinkage * 100);
    calc.max_occupancy = s.max_occupancy == null ? '' : round(s.max_occupancy * 100);
    if (s.period_aht_s != null) calc.aht_s = Math.round(s.period_aht_s);
    if (s.patience_s != null) calc.patience_s = Math.round(s.patience_s);
  }
  const parts = [h('h2', null, t('tab_staffing')), h('p', { class: 'muted' }, t('staffing_intro'))];
  if (!r) parts.push(h('p', { class: 'empty' }, t('staffing_no_report')));
  else if (!s) parts.push(h('p', { class: 'muted' }, t('staffing_off')));
  else parts.push(intervalSection(r, s, app, view), targetsSection(r, app, view.actions), tableSection(r, s, app));
  parts.push(calculator(app.calc, view));
  clear(panel, ...parts);
  panel.querySelector('[data-draw]')?.dispatchEvent(new Event('draw'));
  runCalc(panel, app.calc, view);
}

const round = (v) => Math.round(v * 100) / 100;

// ------------------------------------------------------------------ interval chart
function intervalSection(r, s, app, view) {
  const box = h('div', { class: 'chart', id: 'chart-staffing', dataset: { draw: '1' } });
  const days = r.by_day.map((d) => d.day).filter(Boolean);
  const dayId = nextId('sday');
  const daySel = h('select', { id: dayId }, days.map((d) => h('option', { value: d }, fmtDay(d))));
  daySel.value = app.staffDay && days.includes(app.staffDay) ? app.staffDay : (busiestDay(r) ?? days[0] ?? '');
  const draw = () => staffingChart(box, r, daySel.value, view);
  daySel.addEventListener('change', () => { app.staffDay = daySel.value; draw(); });
  box.addEventListener('draw', draw);
  // The estimate's method is the engine's (a message code, in the page's language).
  const model = s.patience_s == null
    ? t('staffing_no_patience')
    : t('staffing_patience', { p: dur(s.patience_s), n: int(s.abandoned), method: msg(s.method) });
  const aht = s.aht_basis === 'aht' ? t('staffing_aht_basis_aht') : t('staffing_aht_basis_talk');
  return h('section', { class: 'chart-block' },
    h('h3', null, t('staffing_chart')),
    h('p', { class: 'muted small' }, `${model} ${aht}`),
    h('div', { class: 'chart-tools' }, h('label', { for: dayId }, t('chart_interval_day')), daySel),
    box,
    loggedInLine(r));
}

/** Logged-in agents against the requirement, or what is missing for it. */
function loggedInLine(r) {
  const rows = r.by_interval.filter((x) => x.logged_in_agents != null);
  if (!rows.length) {
    return h('p', { class: 'needs-state', id: 'staffing-logged-in' },
      h('strong', null, t('staffing_logged_in') + ': '), t('needs_state'), ' — ', t('staffing_understaffed_later'));
  }
  const judged = rows.filter((x) => x.understaffed != null);
  const under = judged.filter((x) => x.understaffed).length;
  const avg = rows.reduce((s, x) => s + x.logged_in_agents, 0) / rows.length;
  return h('p', { class: under ? 'understaffed-note' : 'muted', id: 'staffing-logged-in',
    dataset: { understaffed: String(under), intervals: String(judged.length) } },
  h('strong', null, t('staffing_logged_in') + ': '),
  t('staffing_logged_in_line', { avg: num(avg, 1), n: int(under), total: int(judged.length) }));
}

function busiestDay(r) {
  let best = null;
  for (const d of r.by_day) if (d.day && (!best || d.offered > best.offered)) best = d;
  return best?.day;
}

function staffingChart(box, r, day, view) {
  if (view.plot) { view.plot.destroy(); view.plot = null; }
  const rows = r.by_interval.filter((x) => x.start && x.start.startsWith(day));
  const step = (r.settings.interval_min || 30) * 60;
  const byTs = new Map(rows.map((x) => [stamp(x.start), x]));
  const from = stamp(day);
  const xs = [];
  if (from != null) for (let ts = from; ts < from + 86400; ts += step) xs.push(ts);
  if (!xs.length || !rows.length) { clear(box, h('p', { class: 'muted' }, t('not_computable_long'))); return; }
  const agents = (model) => xs.map((ts) => {
    const row = byTs.get(ts);
    if (!row) return 0;
    const m = row.required_agents?.[model];
    return m ? m.raw_positions : null;
  });
  const data = [xs, xs.map((ts) => byTs.get(ts)?.offered ?? 0), agents('erlang_c'), agents('erlang_a')];
  // Agents logged in (when login data was loaded): a third agent line, and understaffed intervals shaded.
  const logged = rows.some((x) => x.logged_in_agents != null);
  if (logged) data.push(xs.map((ts) => byTs.get(ts)?.logged_in_agents ?? null));
  const under = rows.filter((x) => x.understaffed).map((x) => stamp(x.start));
  const stepped = uPlot.paths.stepped({ align: 1 });
  clear(box);
  const opts = {
    width: Math.max(320, box.clientWidth || box.parentElement?.clientWidth || 800),
    height: 320,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, agents: { range: (u, lo, hi) => [0, Math.max(1, hi * 1.1)] } },
    legend: { live: true },
    series: [
      { label: t('c_interval'), value: (u, ts) => (ts == null ? '' : timeLabel(ts)) },
      { label: t('s_offered'), stroke: '#6b7785', fill: 'rgba(107,119,133,0.15)', width: 2,
        value: (u, v) => (v == null ? '–' : int(v)) },
      { label: t('s_agents_c'), stroke: '#2f7dd1', width: 2, scale: 'agents', paths: stepped,
        value: (u, v) => (v == null ? '–' : int(v)) },
      { label: t('s_agents_a'), stroke: '#9a6700', width: 2, dash: [6, 4], scale: 'agents', paths: stepped,
        value: (u, v) => (v == null ? '–' : int(v)) },
      ...(logged ? [{ label: t('s_logged_in'), stroke: '#1a7f37', width: 2, scale: 'agents', paths: stepped,
        value: (u, v) => (v == null ? '–' : num(v, 2)) }] : []),
    ],
    hooks: {
      // Understaffed intervals: a light red band behind the lines (the text line above says how many).
      drawClear: [(u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.fillStyle = 'rgba(217, 83, 79, 0.14)';
        for (const ts of under) {
          const x0 = u.valToPos(ts, 'x', true), x1 = u.valToPos(ts + step, 'x', true);
          ctx.fillRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
        }
        ctx.restore();
      }],
    },
    axes: [
      { stroke: '#1b1f24', grid: { stroke: '#eef1f4' }, values: (u, splits) => splits.map((ts) => timeLabel(ts)) },
      { stroke: '#1b1f24', grid: { stroke: '#e6e9ee' }, values: (u, vals) => vals.map((v) => int(v)), size: 60,
        label: t('s_offered') },
      { scale: 'agents', side: 1, stroke: '#1b1f24', grid: { show: false },
        values: (u, vals) => vals.map((v) => int(v)), size: 50, label: t('s_agents') },
    ],
  };
  const plot = new uPlot(opts, data, box);
  view.plot = plot;
  plot.root.setAttribute('role', 'img');
  plot.root.setAttribute('aria-label',
    `${t('staffing_chart')}: ${opts.series.slice(1).map((x) => x.label).join(', ')}`);
}

const timeLabel = (ts) => df({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(ts * 1000);

// ------------------------------------------------------------------ staffing targets (engine settings)
function targetsSection(r, app, actions) {
  const cur = (k) => (k in app.settings ? app.settings[k] : r.settings[k]);
  const field = (k, { pctOf = false, optional = false, min, max }) => {
    const id = nextId('stf');
    const v = cur(k);
    const input = h('input', { type: 'number', id, name: `staffing_${k}`, min, max, step: pctOf ? 1 : 'any',
      value: v == null ? '' : pctOf ? round(v * 100) : v, placeholder: optional ? t('none') : null });
    input.addEventListener('change', () => {
      if (input.value === '' && optional) { app.settings[k] = null; actions.settingsChanged([k]); return; }
      const n = Number(input.value);
      if (!Number.isFinite(n) || n < min || n > max) return;
      app.settings[k] = pctOf ? n / 100 : n;
      actions.settingsChanged([k]);
    });
    return h('div', { class: 'field' }, h('label', { for: id }, t('stf_' + k)), input);
  };
  return h('fieldset', { class: 'no-print' }, h('legend', null, t('staffing_targets')),
    h('div', { class: 'form-grid' },
      field('sl_target', { pctOf: true, min: 1, max: 100 }),
      field('max_occupancy', { pctOf: true, optional: true, min: 1, max: 100 }),
      field('shrinkage', { pctOf: true, min: 0, max: 99 })),
    h('p', { class: 'muted small' }, t('staffing_targets_hint',
      { t: r.settings.sl_threshold_s, i: r.settings.interval_min })));
}

// ------------------------------------------------------------------ weekday × interval table
function tableSection(r, s, app) {
  const models = ['erlang_c', 'erlang_a'];
  const modelId = nextId('smodel');
  const sel = h('select', { id: modelId, name: 'staffing_model' },
    models.map((m) => h('option', { value: m }, t('m_' + m))));
  sel.value = models.includes(app.staffModel) ? app.staffModel : 'erlang_c';
  const wrap = h('div', { class: 'table-scroll' });
  const draw = () => clear(wrap, requirementTable(s, sel.value));
  sel.addEventListener('change', () => { app.staffModel = sel.value; draw(); });
  draw();
  const exportBtn = h('button', { type: 'button', class: 'btn', id: 'export-staffing-csv' }, t('export_csv'));
  exportBtn.addEventListener('click', () => exportTable(s));
  return h('section', { class: 'chart-block' },
    h('h3', null, t('staffing_table')),
    h('p', { class: 'muted small' }, t('staffing_table_hint', { s: pct(s.shrinkage, 0) })),
    h('div', { class: 'chart-tools no-print' }, h('label', { for: modelId }, t('staffing_model')), sel, exportBtn),
    wrap);
}

function requirementTable(s, model) {
  const wd = t('weekdays');
  const weekdays = [...new Set(s.weekday_interval.map((x) => x.weekday))].sort();
  const times = [...new Set(s.weekday_interval.map((x) => x.interval))].sort();
  const cell = new Map(s.weekday_interval.map((x) => [`${x.weekday} ${x.interval}`, x]));
  const max = Math.max(1, ...s.weekday_interval.map((x) => x.required_agents[model]?.positions ?? 0));
  return h('table', { class: 'data staff', id: 'staffing-table', dataset: { model } },
    h('caption', { class: 'sr-only' }, `${t('staffing_table')} (${t('m_' + model)})`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('c_interval_of_day')),
      weekdays.map((w) => h('th', { scope: 'col', class: 'num' }, wd[w])))),
    h('tbody', null, times.map((time) => h('tr', null, h('th', { scope: 'row' }, time), weekdays.map((w) => {
      const x = cell.get(`${w} ${time}`);
      const req = x?.required_agents[model];
      const v = req ? req.positions : null;
      const td = h('td', { class: 'num', title: x ? t('staffing_cell',
        { calls: num(x.offered_mean, 1), aht: dur(x.aht_s), days: x.days }) : null },
        v == null ? '–' : int(v));
      if (v) td.style.backgroundColor = `hsl(212 70% ${96 - (v / max) * 40}%)`;
      return td;
    })))));
}

function exportTable(s) {
  const wd = t('weekdays');
  const header = [t('c_weekday'), t('c_interval_of_day'), t('c_days'), t('c_offered_mean'), t('c_aht_used'),
    t('c_c_raw'), t('c_c_positions'), t('c_a_raw'), t('c_a_positions')];
  const r4 = (v) => (v == null ? null : Math.round(v * 10000) / 10000);
  const rows = s.weekday_interval.map((x) => [wd[x.weekday], x.interval, x.days, r4(x.offered_mean), r4(x.aht_s),
    x.required_agents.erlang_c?.raw_positions, x.required_agents.erlang_c?.positions,
    x.required_agents.erlang_a?.raw_positions, x.required_agents.erlang_a?.positions]);
  downloadCsv('callscore-staffing-weekday-interval.csv', header, rows);
}

// ------------------------------------------------------------------ what-if calculator
const CALC_FIELDS = [
  ['calls', { min: 0, step: 'any' }], ['aht_s', { min: 0, step: 'any' }], ['interval_min', { min: 1, step: 'any' }],
  ['sl_target', { min: 0, max: 100, step: 'any' }], ['sl_threshold_s', { min: 0, step: 'any' }],
  ['shrinkage', { min: 0, max: 99, step: 'any' }], ['max_occupancy', { min: 0, max: 100, step: 'any', optional: true }],
  ['patience_s', { min: 0, step: 'any', optional: true }],
];

function calculator(calc, view) {
  const inputs = CALC_FIELDS.map(([k, o]) => {
    const id = `calc-${k}`;
    const input = h('input', { type: 'number', id, name: `calc_${k}`, inputmode: 'decimal', min: o.min, max: o.max,
      step: o.step,
      value: calc[k], placeholder: o.optional ? t('none') : null, 'aria-describedby': 'calc-result-status' });
    input.addEventListener('input', () => { calc[k] = input.value; runCalc(input.closest('.panel'), calc, view); });
    return h('div', { class: 'field' }, h('label', { for: id }, t('calc_' + k)), input);
  });
  const rows = ['raw_positions', 'positions', 'service_level', 'asa', 'occupancy', 'waiting_probability',
    'abandon_probability'];
  const table = h('table', { class: 'data calc-out', id: 'calc-result' },
    h('caption', { class: 'sr-only' }, t('calc_result')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('metric')),
      h('th', { scope: 'col', class: 'num' }, t('m_erlang_c')),
        h('th', { scope: 'col', class: 'num' }, t('m_erlang_a')))),
    h('tbody', null, rows.map((k) => h('tr', null, h('th', { scope: 'row' }, t('o_' + k)),
      h('td', { class: 'num', dataset: { model: 'erlang_c', out: k } }, '–'),
      h('td', { class: 'num', dataset: { model: 'erlang_a', out: k } }, '–')))));
  return h('section', { class: 'chart-block', id: 'calc' },
    h('h3', null, t('calc_title')),
    h('p', { class: 'muted small' }, t('calc_hint')),
    h('form', { class: 'form-grid calc-form', onsubmit: (e) => e.preventDefault() }, inputs),
    h('p', { class: 'small', id: 'calc-result-status', 'aria-live': 'polite' }),
    h('div', { class: 'table-scroll' }, table));
}

async function runCalc(panel, calc, view) {
  if (!panel) return;
  const status = panel.querySelector('#calc-result-status');
  const out = panel.querySelectorAll('#calc-result td');
  const val = (k) => (calc[k] === '' || calc[k] == null ? null : Number(calc[k]));
  const input = {
    calls: val('calls'), aht_s: val('aht_s'), interval_min: val('interval_min'),
    sl_target: val('sl_target') == null ? null : val('sl_target') / 100,
    sl_threshold_s: val('sl_threshold_s') ?? 20,
    shrinkage: (val('shrinkage') ?? 0) / 100,
    max_occupancy: val('max_occupancy') == null ? null : val('max_occupancy') / 100,
    patience_s: val('patience_s'),
  };
  const seq = ++view.calcSeq;
  let res, err;
  if ([input.calls, input.aht_s, input.interval_min, input.sl_target].some((v) => v == null || !Number.isFinite(v))) {
    err = t('calc_missing');
  } else {
    // The engine's error in the page's language (message code and parameters).
    try { res = await view.erlang(input); } catch (e) { err = e.code ? msg(e) : e.message || String(e); }
  }
  if (seq !== view.calcSeq) return; // a newer keystroke is being computed
  for (const td of out) {
    const m = res?.[td.dataset.model];
    td.textContent = m ? fmtOut(td.dataset.out, m[td.dataset.out]) : '–';
    td.dataset.value = m && m[td.dataset.out] != null ? String(m[td.dataset.out]) : '';
  }
  status.textContent = err ? err : t('calc_traffic',
    { a: num(res.traffic_erlangs, 2) }) + (res.erlang_a ? '' : ' ' + t('calc_no_patience'));
  status.classList.toggle('error-text', !!err);
}

function fmtOut(k, v) {
  if (v == null) return '–';
  if (k === 'raw_positions' || k === 'positions') return int(v);
  if (k === 'asa') return dur(Math.round(v * 10) / 10);
  return pct(v, 1);
}
