// Charts tab: calls per interval for one day or all days, the weekday × hour heatmap (a plain
// table of coloured cells), the patience curve, calls per day and the per-queue bars. Charts are
// drawn only while the tab is visible (they need its width); app.js re-renders it on resize.
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, pct, dur, num, stamp, day as fmtDay } from '../ui/format.js';
import {
  COLORS, tzDate, timeAxis, countAxis, pctAxis, countSeries, pctSeries, dailyChart, plotChart, dateLabel, queueBars,
} from '../ui/charts.js';
import { kpiName } from '../messages.js';

/** The Charts tab in `el`; reads state.report, keeps state.chartDay and state.heatMetric. */
export function createChartsPanel({ el, state }) {
  const plots = new Map(); // chart name → its live uPlot, destroyed before it is drawn again
  const keep = (name, p) => {
    plots.get(name)?.destroy();
    if (p) plots.set(name, p); else plots.delete(name);
  };
  return { render: () => render(el, state, keep) };
}

function render(panel, app, keep) {
  const r = app.report;
  const intervalBox = h('div', { class: 'chart', id: 'chart-interval' });
  const dailyBox = h('div', { class: 'chart', id: 'chart-daily' });
  const patienceBox = h('div', { class: 'chart', id: 'chart-patience' });
  const heatBox = h('div', { class: 'heat-wrap', id: 'chart-heatmap' });

  // Interval chart: one day at a time reads best; "all days" shows the whole period (zoomable).
  const dayId = nextId('day');
  // Days with calls per interval: by_day also has days of only chats or outbound calls, and the
  // interval tables keep the last 400 days of calls (report.limits, note.slot_span).
  const intervalDays = new Set(r.by_interval.map((x) => x.start?.slice(0, 10)).filter(Boolean));
  const days = r.by_day.map((d) => d.day).filter((d) => d && intervalDays.has(d));
  const daySel = h('select', { id: dayId },
    h('option', { value: '' }, t('all_days')), days.map((d) => h('option', { value: d }, fmtDay(d))));
  daySel.value = app.chartDay && days.includes(app.chartDay) ? app.chartDay : (days[0] ?? '');
  daySel.addEventListener('change', () => {
    app.chartDay = daySel.value;
    keep('interval', intervalChart(intervalBox, r, daySel.value));
  });

  const metricId = nextId('heat');
  const metricSel = h('select', { id: metricId },
    ['offered', 'service_level', 'abandon_rate', 'asa'].map((m) => h('option', { value: m }, kpiName(m))));
  metricSel.value = app.heatMetric;
  metricSel.addEventListener('change', () => { app.heatMetric = metricSel.value; heatmap(heatBox, r,
    metricSel.value); });

  const tot = r.totals;
  clear(panel,
    h('h2', null, t('tab_charts')),
    h('p', { class: 'muted small no-print' }, t('zoom_hint')),
    h('section', { class: 'chart-block' }, h('h3', null, t('chart_interval')),
      h('div', { class: 'chart-tools' }, h('label', { for: dayId }, t('chart_interval_day')), daySel),
      intervalBox),
    h('section', { class: 'chart-block' }, h('h3', null, t('chart_heatmap')),
      h('div', { class: 'chart-tools' }, h('label', { for: metricId }, t('heat_metric')), metricSel),
      heatBox),
    h('section', { class: 'chart-block' }, h('h3', null, t('chart_patience')),
      h('p', { class: 'muted' }, t('percentiles', {
        p50: dur(tot.wait_p50), p80: dur(tot.wait_p80), p90: dur(tot.wait_p90), p95: dur(tot.wait_p95),
      })),
      patienceBox),
    h('section', { class: 'chart-block' }, h('h3', null, t('chart_daily')), dailyBox),
    h('section', { class: 'chart-block' }, h('h3', null, t('queue_compare')),
      queueBars(r.by_queue.filter((q) => q.offered > 0 || q.queue != null))),
  );
  keep('interval', intervalChart(intervalBox, r, daySel.value));
  heatmap(heatBox, r, metricSel.value);
  keep('patience', patienceChart(patienceBox, r.patience_curve));
  keep('daily', dailyChart(dailyBox, r.by_day));
}

function intervalChart(box, r, day) {
  let rows = r.by_interval.filter((x) => x.start);
  if (day) rows = rows.filter((x) => x.start.startsWith(day));
  // Fill the intervals without calls with zeros, so lines don't bridge quiet hours.
  const step = (r.settings.interval_min || 30) * 60;
  const byTs = new Map(rows.map((x) => [stamp(x.start), x]));
  const xs = [];
  if (rows.length) {
    let from = stamp(rows[0].start), to = stamp(rows[rows.length - 1].start);
    if (day) { from = stamp(day); to = from + 86400 - step; }
    for (let ts = from; ts <= to; ts += step) xs.push(ts);
  }
  const get = (k, scale = 1) => xs.map((ts) => {
    const v = byTs.get(ts)?.[k];
    return v == null ? (k === 'service_level' ? null : 0) : v * scale;
  });
  const data = [xs, get('offered'), get('answered'), get('abandoned'), get('service_level', 100)];
  return plotChart(box, {
    height: 320, tzDate,
    scales: { x: { time: true }, '%': { range: [0, 100] } },
    series: [{ label: t('c_interval'), value: (u, ts) => (ts == null ? '' : dateLabel(ts, true)) },
      countSeries('offered', t('s_offered'), { fill: 'rgba(107,119,133,0.12)' }),
      countSeries('answered', t('s_answered')),
      countSeries('abandoned', t('s_abandoned')),
      pctSeries(t('s_sl'), COLORS.sl, { spanGaps: false })],
    axes: [timeAxis(), countAxis(), pctAxis()],
  }, data);
}

function patienceChart(box, curve) {
  if (!curve.length) { clear(box, h('p', { class: 'muted' }, t('not_computable_long'))); return null; }
  return plotChart(box, {
    height: 300,
    scales: { x: { time: false }, y: { range: [0, 100] } },
    series: [{ label: t('seconds_axis'), value: (u, v) => (v == null ? '' : dur(v)) },
      { label: t('s_still_waiting'), stroke: COLORS.answered, width: 2,
        value: (u, v) => (v == null ? '–' : `${num(v, 1)}%`) },
      { label: t('s_patience'), stroke: COLORS.abandoned, width: 2,
        value: (u, v) => (v == null ? '–' : `${num(v, 1)}%`) }],
    axes: [{ stroke: '#1b1f24', grid: { stroke: '#eef1f4' }, values: (u, vals) => vals.map((v) => `${v}s`),
      label: t('seconds_axis') },
      { stroke: '#1b1f24', grid: { stroke: '#eef1f4' }, values: (u, vals) => vals.map((v) => `${v}%`), size: 50 }],
  }, [curve.map((p) => p.t), curve.map((p) => p.still_waiting * 100), curve.map((p) => p.patience * 100)]);
}

/** Weekday × hour as a table of coloured cells (readable, printable, keyboard and screen-reader friendly). */
function heatmap(box, r, metric) {
  const cells = new Map(r.by_weekday_hour.map((c) => [`${c.weekday}-${c.hour}`, c]));
  const vals = r.by_weekday_hour.map((c) => c[metric]).filter((v) => v != null);
  const lo = Math.min(...vals), hi = Math.max(...vals);
  const isRate = metric === 'service_level' || metric === 'abandon_rate';
  const fmt = (v) => (v == null ? '' : isRate ? pct(v, 0) : metric === 'asa' ? num(v, 0) : int(v));
  // Good is green, bad is red for the KPIs; volume is a single blue ramp.
  const colour = (v) => {
    if (v == null) return null;
    const f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    if (metric === 'offered') return { bg: `hsl(212 70% ${96 - f * 58}%)`, dark: f > 0.55 };
    const good = metric === 'service_level' ? f : 1 - f;
    return { bg: `hsl(${Math.round(good * 120)} 65% ${88 - Math.abs(good - 0.5) * 30}%)`, dark: false };
  };
  const wd = t('weekdays');
  const table = h('table', { class: 'heat', dataset: { metric } },
    h('caption', { class: 'sr-only' }, `${t('chart_heatmap')}: ${kpiName(metric)}`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }),
      Array.from({ length: 24 }, (_, hr) => h('th', { scope: 'col' }, String(hr))))),
    h('tbody', null, wd.map((name, w) => h('tr', null, h('th', { scope: 'row' }, name),
      Array.from({ length: 24 }, (_, hr) => {
        const c = cells.get(`${w}-${hr}`);
        const v = c ? c[metric] : null;
        const td = h('td',
          { title: `${name} ${hr}:00 — ${kpiName(metric)}: ${v == null ? t('not_computable') : fmt(v)}` }, fmt(v));
        const col = colour(v);
        if (col) { td.style.backgroundColor = col.bg; if (col.dark) td.classList.add('dark'); }
        return td;
      })))));
  clear(box, h('div', { class: 'table-scroll' }, table));
}

