// The monthly cycle's plain logic (no DOM, tested under Node): the filter settings and their
// one-line summary, the period table of a grain, the previous period of a label, and the coaching
// notes kept in the `coaching` setting. The panels (filters.js, periods.js, comparison.js,
// agenttrend.js, coaching.js in panels/) draw from these.

/** The filter settings (read while reading the files: a change reads them again). */
export const FILTER_KEYS = ['from', 'to', 'queues', 'exclude_queues', 'agents', 'exclude_agents', 'teams',
  'exclude_teams'];
/** The list filters: [include key, exclude key, the report's grouping that names them]. */
export const FILTER_LISTS = [['queues', 'exclude_queues', 'queue'], ['agents', 'exclude_agents', 'agent'],
  ['teams', 'exclude_teams', 'team']];

/** Whether a filter is in force in `settings`. */
export function filterActive(settings) {
  return FILTER_KEYS.some((k) => {
    const v = settings?.[k];
    return Array.isArray(v) ? v.length > 0 : v != null && v !== '';
  });
}

/**
 * The parts of the one-line filter summary: [{key, values}] in FILTER_KEYS order (from/to as one
 * `range` part {from, to}); the caller words them in the page's language.
 */
export function filterParts(settings) {
  const s = settings || {};
  const parts = [];
  if (s.from || s.to) parts.push({ key: 'range', from: s.from || null, to: s.to || null });
  for (const [inc, exc] of FILTER_LISTS) {
    if (s[inc]?.length) parts.push({ key: inc, values: [...s[inc]] });
    if (s[exc]?.length) parts.push({ key: exc, values: [...s[exc]] });
  }
  return parts;
}

/** Settings without any filter (a copy). */
export function withoutFilters(settings) {
  const out = { ...settings };
  for (const k of FILTER_KEYS) delete out[k];
  return out;
}

/** The grains of the period picker and the report field each one shows. */
export const GRAINS = { day: 'by_day', week: 'by_week', month: 'by_month' };

/** The rows of a grain, each with `period`, `first_day`, `last_day` (days: the day itself). */
export function periodRows(report, grain) {
  const rows = report?.[GRAINS[grain]] || [];
  if (grain !== 'day') return rows;
  return rows.filter((d) => d.day).map((d) => ({ ...d, period: d.day, first_day: d.day, last_day: d.day }));
}

/** An agent's (or a team's) rows of one grain from by_agent_period / by_team_period. */
export function groupPeriodRows(rows, key, name, grain) {
  return (rows || []).filter((x) => (x[key] ?? null) === (name ?? null) && x.grain === grain);
}

/**
 * The appraisal month a review is about: the comparison's current period when it is a month,
 * else the `period` setting, else the latest month of the report; null without months.
 */
export function reviewPeriod(report) {
  const months = (report?.by_month || []).map((m) => m.period);
  const cur = report?.comparison?.current?.label ?? report?.settings?.period;
  if (cur && months.includes(cur)) return cur;
  return months.length ? months[months.length - 1] : (cur ?? null);
}

/**
 * The period before `label`: the one before it among the report's months (or weeks); else, for a
 * month label YYYY-MM, the calendar month before.
 */
export function previousPeriod(report, label) {
  if (!label) return null;
  for (const key of ['by_month', 'by_week']) {
    const list = (report?.[key] || []).map((x) => x.period);
    const i = list.indexOf(label);
    if (i > 0) return list[i - 1];
  }
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
}

/** The coaching notes with `note` put in (replacing the agent's note of the same period). */
export function upsertCoaching(list, note) {
  const rest = (list || []).filter((n) => !(n.agent === note.agent && n.period === note.period));
  if (!note.note && !note.plan) return rest; // an empty note removes it
  return [...rest, note].sort((a, b) => a.agent.localeCompare(b.agent) || a.period.localeCompare(b.period));
}

/** One agent's note of one period from a list (the report's `coaching`, or the setting). */
export const coachingNote = (list, agent, period) =>
  (list || []).find((n) => n.agent === agent && n.period === period) || null;

/** A verdict's symbol, so better / worse is not told by colour alone. */
export const verdictMark = (v) => ({ better: '✓', worse: '✗', same: '=', neutral: '·', unknown: '?' }[v] ?? '?');
