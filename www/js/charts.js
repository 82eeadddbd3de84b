// Charts with the vendored uPlot (canvas; styles only through CSSOM, so the strict CSP holds),
// and a plain table for the weekday × hour heatmap.
import uPlot from '../vendor/uPlot.esm.js';
import { h, clear, nextId } from './dom.js';
import { t, locale } from './i18n/index.js';
import { int, pct, dur, num, stamp, day as fmtDay } from './format.js';

const COLORS = { offered: '#6b7785', answered: '#2f7dd1', abandoned: '#d9534f', sl: '#1a7f37', rate: '#9a6700' };
const plots = []; // live uPlot instances, destroyed before a re-render

function destroyAll() {
  while (plots.length) plots.pop().destroy();
}

export function renderCharts(panel, app) {
  destroyAll();
  const r = app.report;
  const intervalBox = h('div', { class: 'chart', id: 'chart-interval' });
  const dailyBox = h('div', { class: 'chart', id: 'chart-daily' });
  const patienceBox = h('div', { class: 'chart', id: 'chart-patience' });
  const heatBox = h('div', { class: 'heat-wrap', id: 'chart-heatmap' });

  // Interval chart: one day at a time reads best; "all days" shows the whole period (zoomable).
  const dayId = nextId('day');
  const days = r.by_day.map((d) => d.day).filter(Boolean);
  const daySel = h('select', { id: dayId },
    h('option', { value: '' }, t('all_days')), days.map((d) => h('option', { value: d }, fmtDay(d))));
  daySel.value = app.chartDay && days.includes(app.chartDay) ? app.chartDay : (days[0] ?? '');
  daySel.addEventListener('change', () => { app.chartDay = daySel.value; intervalChart(intervalBox, r, daySel.value); });

  const metricId = nextId('heat');
  const metricSel = h('select', { id: metricId },
    ['offered', 'service_level', 'abandon_rate', 'asa'].map((m) => h('option', { value: m }, t('k_' + m))));
  metricSel.value = app.heatMetric || 'offered';
  metricSel.addEventListener('change', () => { app.heatMetric = metricSel.value; heatmap(heatBox, r, metricSel.value); });

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
      h('p', { class: 'muted' }, t('percentiles', { p50: dur(tot.wait_p50), p80: dur(tot.wait_p80), p90: dur(tot.wait_p90), p95: dur(tot.wait_p95) })),
      patienceBox),
    h('section', { class: 'chart-block' }, h('h3', null, t('chart_daily')), dailyBox),
    h('section', { class: 'chart-block' }, h('h3', null, t('queue_compare')), queueBars(r.by_queue.filter((q) => q.offered > 0 || q.queue != null))),
  );
  intervalChart(intervalBox, r, daySel.value);
  heatmap(heatBox, r, metricSel.value);
  patienceChart(patienceBox, r.patience_curve);
  dailyChart(dailyBox, r.by_day);
}

const width = (el) => Math.max(320, el.clientWidth || el.parentElement?.clientWidth || 800);

// Times in the report are already local to the report's time zone: show them as written (UTC axis).
const tzDate = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

/** A time axis labelled in the page's language (uPlot's own labels are US-style). */
function timeAxis() {
  return {
    stroke: '#1b1f24', grid: { stroke: '#eef1f4' },
    values: (u, splits, ax, space, incr) => splits.map((ts) => {
      const opts = incr < 86400
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }
        : { month: 'short', day: 'numeric', timeZone: 'UTC' };
      return new Intl.DateTimeFormat(locale(), opts).format(ts * 1000);
    }),
  };
}

function countAxis() {
  return { stroke: '#1b1f24', grid: { stroke: '#e6e9ee' }, values: (u, vals) => vals.map((v) => int(v)), size: 60 };
}
function pctAxis() {
  return { scale: '%', side: 1, stroke: '#1b1f24', grid: { show: false }, values: (u, vals) => vals.map((v) => `${v}%`), size: 50 };
}
const countSeries = (key, label, extra = {}) => ({
  label, stroke: COLORS[key], width: 2, value: (u, v) => (v == null ? '–' : int(v)), ...extra,
});
const pctSeries = (label, color, extra = {}) => ({
  label, stroke: color, width: 2, dash: [6, 4], scale: '%', value: (u, v) => (v == null ? '–' : `${num(v, 1)}%`), ...extra,
});

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
  const get = (k, scale = 1) => xs.map((ts) => { const v = byTs.get(ts)?.[k]; return v == null ? (k === 'service_level' ? null : 0) : v * scale; });
  const data = [xs, get('offered'), get('answered'), get('abandoned'), get('service_level', 100)];
  draw(box, {
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

export function dailyChart(box, byDay) {
  const rows = byDay.filter((d) => d.day);
  const xs = rows.map((d) => stamp(d.day));
  const bars = uPlot.paths.bars({ size: [0.6, 40] });
  draw(box, {
    height: 300, tzDate,
    scales: { x: { time: true }, '%': { range: [0, 100] } },
    series: [{ label: t('c_day'), value: (u, ts) => (ts == null ? '' : dateLabel(ts, false)) },
      countSeries('offered', t('s_offered'), { paths: bars, fill: 'rgba(107,119,133,0.35)', width: 0 }),
      countSeries('answered', t('s_answered'), { points: { show: true, size: 5 } }),
      countSeries('abandoned', t('s_abandoned'), { points: { show: true, size: 5 } }),
      pctSeries(t('s_sl'), COLORS.sl),
      pctSeries(t('s_abandon_rate'), COLORS.rate)],
    axes: [timeAxis(), countAxis(), pctAxis()],
  }, [xs, rows.map((d) => d.offered), rows.map((d) => d.answered), rows.map((d) => d.abandoned),
    rows.map((d) => (d.service_level == null ? null : d.service_level * 100)),
    rows.map((d) => (d.abandon_rate == null ? null : d.abandon_rate * 100))]);
}

function patienceChart(box, curve) {
  if (!curve.length) { clear(box, h('p', { class: 'muted' }, t('not_computable_long'))); return; }
  draw(box, {
    height: 300,
    scales: { x: { time: false }, y: { range: [0, 100] } },
    series: [{ label: t('seconds_axis'), value: (u, v) => (v == null ? '' : dur(v)) },
      { label: t('s_still_waiting'), stroke: COLORS.answered, width: 2, value: (u, v) => (v == null ? '–' : `${num(v, 1)}%`) },
      { label: t('s_patience'), stroke: COLORS.abandoned, width: 2, value: (u, v) => (v == null ? '–' : `${num(v, 1)}%`) }],
    axes: [{ stroke: '#1b1f24', grid: { stroke: '#eef1f4' }, values: (u, vals) => vals.map((v) => `${v}s`), label: t('seconds_axis') },
      { stroke: '#1b1f24', grid: { stroke: '#eef1f4' }, values: (u, vals) => vals.map((v) => `${v}%`), size: 50 }],
  }, [curve.map((p) => p.t), curve.map((p) => p.still_waiting * 100), curve.map((p) => p.patience * 100)]);
}

function draw(box, opts, data) {
  clear(box);
  if (!data[0].length) { box.append(h('p', { class: 'muted' }, t('not_computable_long'))); return; }
  const p = new uPlot({ width: width(box), ...opts, legend: { live: true } }, data, box);
  // The canvas is an image to assistive tech: the legend (DOM text) and the tables carry the numbers.
  p.root.setAttribute('role', 'img');
  p.root.setAttribute('aria-label', opts.series.slice(1).map((s) => s.label).join(', '));
  plots.push(p);
}

function dateLabel(ts, withTime) {
  return new Intl.DateTimeFormat(locale(), withTime
    ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }
    : { dateStyle: 'medium', timeZone: 'UTC' }).format(ts * 1000);
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
    h('caption', { class: 'sr-only' }, `${t('chart_heatmap')}: ${t('k_' + metric)}`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }), Array.from({ length: 24 }, (_, hr) => h('th', { scope: 'col' }, String(hr))))),
    h('tbody', null, wd.map((name, w) => h('tr', null, h('th', { scope: 'row' }, name),
      Array.from({ length: 24 }, (_, hr) => {
        const c = cells.get(`${w}-${hr}`);
        const v = c ? c[metric] : null;
        const td = h('td', { title: `${name} ${hr}:00 — ${t('k_' + metric)}: ${v == null ? t('not_computable') : fmt(v)}` }, fmt(v));
        const col = colour(v);
        if (col) { td.style.backgroundColor = col.bg; if (col.dark) td.classList.add('dark'); }
        return td;
      })))));
  clear(box, h('div', { class: 'table-scroll' }, table));
}

/**
 * Per-queue comparison as horizontal bars (plain DOM: categories read better as rows than on a
 * time axis): offered split into answered / abandoned, with service level and abandon rate beside.
 */
export function queueBars(queues) {
  const max = Math.max(1, ...queues.map((q) => q.offered));
  const rows = queues.map((q) => {
    const seg = (n, cls) => {
      const s = h('span', { class: `seg ${cls}`, title: `${t('s_' + cls)}: ${int(n)}` });
      s.style.width = `${(n / max) * 100}%`;
      return s;
    };
    return h('div', { class: 'qbar', role: 'listitem' },
      h('span', { class: 'qname' }, q.queue ?? t('unknown')),
      h('span', { class: 'qtrack', 'aria-hidden': 'true' }, seg(q.answered, 'answered'), seg(q.abandoned, 'abandoned')),
      h('span', { class: 'qnums' },
        `${t('c_offered')} ${int(q.offered)} · ${t('c_answered')} ${int(q.answered)} · ${t('c_service_level')} ${pct(q.service_level)} · ${t('c_abandon_rate')} ${pct(q.abandon_rate)} · ${t('c_asa')} ${num(q.asa, 1)}`));
  });
  return h('div', null, h('div', { class: 'qbars', role: 'list' }, rows),
    h('p', { class: 'legend small' }, h('span', { class: 'key answered' }), t('s_answered'), h('span', { class: 'key abandoned' }), t('s_abandoned')));
}
