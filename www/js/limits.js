// KPIs the engine cannot attribute to a grouping: `report.limits[]` ({grouping, kpis, reason}) says
// that for agents (teams) the listed KPIs are null in every row, and why (e.g. unanswered calls name
// no agent). Such a null is shown as "—" with the reason (a tooltip and text a screen reader reads),
// never as "not computable" nor as a number; the reasons are listed once above the tables. A null
// without a limit keeps the usual "not computable". Exports write "— (reason)" in the cell.
import { h } from './ui/dom.js';
import { t } from './i18n/index.js';
import { msg, kpiName } from './messages.js';

/** What a limited cell shows. */
export const LIMITED = '—';

/** The limit that makes `kpi` null in every `grouping` row ('agent' | 'team' …), or null. */
export function limitFor(report, grouping, kpi) {
  return (report?.limits || []).find((l) => l.grouping === grouping && l.kpis.includes(kpi)) ?? null;
}

/** The limits of one grouping. */
export const limitsOf = (report, grouping) => (report?.limits || []).filter((l) => l.grouping === grouping);

/** The reason of a limit in the page's language. */
export const limitReason = (limit) => msg(limit.reason);

/**
 * "—" with the limit's reason: a title for the mouse and the reason as visually hidden text, so a
 * screen reader reads the reason instead of a dash.
 */
export function limitedCell(limit) {
  const reason = limitReason(limit);
  return h('span', { class: 'limited', title: reason, dataset: { limit: limit.reason?.code ?? '' } },
    h('span', { 'aria-hidden': 'true' }, LIMITED), h('span', { class: 'sr-only' }, `${LIMITED} ${reason}`));
}

/** The text of a limited value in a CSV export. */
export const limitedText = (limit) => `${LIMITED} (${limitReason(limit)})`;

/**
 * A value of `kpi` in a `grouping` row: the formatted value, or the limited cell when the value is
 * null because of a limit (a null without one goes to `fmt` as before).
 */
export function showValue(report, grouping, kpi, v, fmt) {
  if (v == null) {
    const limit = limitFor(report, grouping, kpi);
    if (limit) return limitedCell(limit);
  }
  return fmt(v);
}

/**
 * Table columns (ui/tables.js) of a `grouping` table with the limited ones wrapped: a null value of a
 * limited KPI (the column's key) shows the limited cell and exports as limitedText(); the others
 * are returned unchanged.
 */
export function limitColumns(columns, report, grouping) {
  return columns.map((c) => {
    const limit = limitFor(report, grouping, c.key);
    if (!limit) return c;
    const fmt = c.fmt || ((v) => v ?? '');
    return { ...c,
      fmt: (v, row) => (v == null ? limitedCell(limit) : fmt(v, row)),
      csv: (row) => (c.value(row) == null ? limitedText(limit) : c.csv ? c.csv(row) : c.value(row)),
      note: [c.note, limitReason(limit)].filter(Boolean).join(' — ') };
  });
}

/**
 * The limits of the groupings once, above a table: "— = not attributable: <reason>" per limit, with
 * the KPIs it covers among `shownKpis` (all its KPIs when omitted); null when there are none.
 */
export function limitNotes(report, groupings, { id = null, shownKpis = null } = {}) {
  const list = groupings.flatMap((g) => limitsOf(report, g));
  if (!list.length) return null;
  return h('div', { class: 'note limits', id, role: 'note' },
    h('strong', null, t('limits_title')), ' ', t('limits_hint', { dash: LIMITED }),
    h('ul', null, list.map((l) => {
      const kpis = shownKpis ? l.kpis.filter((k) => shownKpis.includes(k)) : l.kpis;
      return h('li', { dataset: { grouping: l.grouping, code: l.reason?.code ?? '' } },
        h('span', { class: 'limit-reason' }, limitReason(l)),
        kpis.length ? h('span', { class: 'muted small' }, ` (${kpis.map(kpiName).join(', ')})`) : null);
    })));
}
