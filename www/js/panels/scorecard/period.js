// The appraisal month a card is shown for (seed 002: 每月考核). When the data spans several
// appraisal months the engine scores the card once per month (report.scorecards_by_period, each on
// that month's calls and dated people rows); the Scorecard tab and the review page show either the
// whole range's card or one month's, and the month-by-month totals and grades as a trend.
import { h } from '../../ui/dom.js';
import { t } from '../../i18n/index.js';
import { num, day } from '../../ui/format.js';

/** The report's monthly cards ([] when the data is one month or no card is applied). */
export const monthlyCards = (report) => report?.scorecards_by_period || [];

/**
 * The card shown: `{ sc, month }` where `month` is the PeriodScorecard of state.cardPeriod, or null
 * for the whole range (also when that month is no longer in the report: the choice is dropped).
 */
export function activeCard(app) {
  const months = monthlyCards(app.report);
  const month = app.cardPeriod == null ? null : months.find((m) => m.period === app.cardPeriod) ?? null;
  if (!month) app.cardPeriod = null;
  return { sc: month ? month.scorecard : app.report?.scorecard, month };
}

/** The review page's period: the appraisal month's days, or the whole range's first and last day. */
export function periodText(app, month) {
  if (month) return `${month.period} (${day(month.first_day)} – ${day(month.last_day)})`;
  const days = (app.report?.by_day || []).filter((d) => d.day).map((d) => d.day);
  return days.length ? `${day(days[0])} – ${day(days[days.length - 1])}` : '—';
}

/** The picker: whole range or one appraisal month (only when the engine scored months). */
export function periodPicker(app, onChange) {
  const months = monthlyCards(app.report);
  if (!months.length) return null;
  const sel = h('select', { id: 'card-period', name: 'card-period' },
    h('option', { value: '' }, t('sc_period_all')),
    months.map((m) => h('option', { value: m.period }, `${m.period} (${day(m.first_day)} – ${day(m.last_day)})`)));
  sel.value = app.cardPeriod ?? '';
  sel.addEventListener('change', () => {
    app.cardPeriod = sel.value || null;
    onChange();
  });
  return h('div', { class: 'field' }, h('label', { for: 'card-period' }, t('sc_card_period')), sel);
}

/** A card result as "total · grade" ("—" for no grade; a partial total marked). */
function cell(c) {
  if (!c) return '—';
  const total = c.status === 'ranked' ? num(c.total, 1) : t('sc_partial', { total: num(c.total, 1) });
  return `${total} · ${c.grade ?? '—'}`;
}

/**
 * Month by month: each agent's total and grade, with the centre's (the trend of totals and grades).
 * `only`: one agent's row (the review page), else every agent of the whole-range card.
 */
export function monthlyTrend(app, only = null) {
  const months = monthlyCards(app.report);
  if (!months.length) return null;
  const whole = app.report.scorecard;
  const ids = only != null ? [only] : (whole?.agents || []).map((a) => a.agent);
  const find = (m, id) => m.scorecard.agents.find((a) => a.agent === id);
  const tag = only != null ? 'review-months' : 'card-months';
  return h('section', { class: 'card-months' },
    h('h3', null, t('sc_months')),
    h('p', { class: 'muted small' }, t('sc_months_note')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: tag },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('c_agent')),
        months.map((m) => h('th', { scope: 'col', class: 'num' }, m.period)))),
      h('tbody', null,
        ids.map((id) => h('tr', { dataset: { agent: id } }, h('th', { scope: 'row' }, id),
          months.map((m) => {
            const c = find(m, id);
            return h('td', { class: 'num', dataset: { period: m.period, total: c ? String(c.total) : '',
              grade: c?.grade ?? '' } }, cell(c));
          }))),
        only == null ? h('tr', { class: 'total-row', dataset: { agent: '' } },
          h('th', { scope: 'row' }, t('sc_centre')),
          months.map((m) => h('td', { class: 'num', dataset: { period: m.period,
            total: m.scorecard.centre ? String(m.scorecard.centre.total) : '' } }, cell(m.scorecard.centre))))
          : null))));
}
