// Chart helpers shared by the panels: uPlot (vendored; canvas, styles only through CSSOM, so the
// strict CSP holds) with axes and legends in the page's language, the daily volume chart (Charts
// tab, agent page) and the per-queue bars (Charts tab, Queues & teams). A chart drawn here belongs
// to the caller, who destroys it before drawing again (plotChart() returns it).
import uPlot from '../../vendor/uPlot.esm.js';
import { h, clear } from './dom.js';
import { t } from '../i18n/index.js';
import { int, pct, num, stamp, df } from './format.js';

export { uPlot };
export const COLORS = {
  offered: '#6b7785', answered: '#2f7dd1', abandoned: '#d9534f', sl: '#1a7f37', rate: '#9a6700',
};

export const width = (el) => Math.max(320, el.clientWidth || el.parentElement?.clientWidth || 800);

// Times in the report are already local to the report's time zone: show them as written (UTC axis).
export const tzDate = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

/** A time axis labelled in the page's language (uPlot's own labels are US-style). */
export function timeAxis() {
  return {
    stroke: '#1b1f24', grid: { stroke: '#eef1f4' },
    values: (u, splits, ax, space, incr) => splits.map((ts) => {
      const opts = incr < 86400
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }
        : { month: 'short', day: 'numeric', timeZone: 'UTC' };
      return df(opts).format(ts * 1000);
    }),
  };
}

export function countAxis() {
  return { stroke: '#1b1f24', grid: { stroke: '#e6e9ee' }, values: (u, vals) => vals.map((v) => int(v)), size: 60 };
}
export function pctAxis() {
  return { scale: '%', side: 1, stroke: '#1b1f24', grid: { show: false },
    values: (u, vals) => vals.map((v) => `${v}%`), size: 50 };
}
export const countSeries = (key, label, extra = {}) => ({
  label, stroke: COLORS[key], width: 2, value: (u, v) => (v == null ? '–' : int(v)),
  ...extra,
});
export const pctSeries = (label, color, extra = {}) => ({
  label, stroke: color, width: 2, dash: [6, 4], scale: '%', value: (u, v) => (v == null ? '–' : `${num(v, 1)}%`),
  ...extra,
});

/** Offered / answered / abandoned per day with SL and abandon rate; returns the uPlot or null. */
export function dailyChart(box, byDay) {
  const rows = byDay.filter((d) => d.day);
  const xs = rows.map((d) => stamp(d.day));
  const bars = uPlot.paths.bars({ size: [0.6, 40] });
  return plotChart(box, {
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

/** Draws a uPlot chart into box (its width), or says "not computable" when there is no data. */
export function plotChart(box, opts, data) {
  clear(box);
  if (!data[0].length) { box.append(h('p', { class: 'muted' }, t('not_computable_long'))); return null; }
  const p = new uPlot({ width: width(box), ...opts, legend: { live: true } }, data, box);
  // The canvas is an image to assistive tech: the legend (DOM text) and the tables carry the numbers.
  p.root.setAttribute('role', 'img');
  p.root.setAttribute('aria-label', opts.series.slice(1).map((s) => s.label).join(', '));
  return p;
}

export function dateLabel(ts, withTime) {
  return df(withTime
    ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }
    : { dateStyle: 'medium', timeZone: 'UTC' }).format(ts * 1000);
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
      h('span', { class: 'qnums' }, [
        `${t('c_offered')} ${int(q.offered)}`, `${t('c_answered')} ${int(q.answered)}`,
        `${t('c_service_level')} ${pct(q.service_level)}`, `${t('c_abandon_rate')} ${pct(q.abandon_rate)}`,
        `${t('c_asa')} ${num(q.asa, 1)}`,
      ].join(' · ')));
  });
  return h('div', null, h('div', { class: 'qbars', role: 'list' }, rows),
    h('p', { class: 'legend small' }, h('span', { class: 'key answered' }), t('s_answered'),
      h('span', { class: 'key abandoned' }), t('s_abandoned')));
}
