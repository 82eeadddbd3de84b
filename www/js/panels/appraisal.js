// One agent's appraisal facts, shown on the agent's page (Agents tab) and on the printable review
// page (Scorecard tab): the QA score with who evaluated the agent and how often (flagged evaluators
// marked), the engine's warnings about it (e.g. most evaluations from a flagged evaluator), CSAT with
// its 1–5 distribution, complaints, and the QA and survey comments. The figures are the report's
// people row of the agent (people files and call records combined), else the agent's call row.
// Comment text and evaluator names come from files: they go through textContent only (dom.js).
import { h } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct, day } from '../ui/format.js';
import { msg, kpiName } from '../messages.js';

/** The agent's people row (people.by_agent) and call row (by_agent); either may be null. */
export function agentRows(report, agent) {
  const people = (report?.people?.by_agent || []).find((p) => p.agent === agent) ?? null;
  const calls = (report?.by_agent || []).find((a) => (a.agent ?? '') === (agent ?? '')) ?? null;
  return { people, calls };
}

/** The engine's warnings about the agent (people row), as a list of notes; null when none. */
export function agentWarnings(report, agent, { id = null } = {}) {
  const { people } = agentRows(report, agent);
  const list = people?.warnings || [];
  if (!list.length) return null;
  return h('ul', { class: 'warnings', id, role: 'note' },
    list.map((w) => h('li', { class: 'warn-text', dataset: { code: w.code ?? '' } }, '⚠ ', msg(w))));
}

/**
 * The appraisal section of one agent. opts: {id: prefix of element ids (one agent on the page),
 * print: comments beyond COMMENTS_PRINTED are left off paper (a review page prints on one page),
 * warnings: false when the page shows agentWarnings() elsewhere}.
 */
export function appraisalSection(report, agent, { id = null, print = false, warnings = true } = {}) {
  const { people, calls } = agentRows(report, agent);
  if (!people && !calls) return null;
  const pick = (k) => people?.[k] ?? calls?.[k] ?? null;
  const fig = (key, text) => [h('dt', null, kpiName(key)),
    h('dd', { dataset: { people: key, value: pick(key) == null ? '' : String(pick(key)) } }, text)];
  const ids = (s) => (id ? `${id}-${s}` : null);
  const complaints = pick('complaints');
  return h('section', { class: 'appraisal', id: ids('appraisal') },
    h('div', { class: 'appraisal-cols' },
      h('div', null,
        h('h4', null, t('pp_qa')),
        h('dl', { class: 'kv' },
          fig('qa_score', pick('qa_score') == null ? t('pp_no_qa') : num(pick('qa_score'), 1)),
          fig('qa_evaluations', int(pick('qa_evaluations') ?? 0))),
        evaluators(people, ids('evaluators')),
        warnings ? agentWarnings(report, agent, { id: ids('warnings') }) : null),
      h('div', null,
        h('h4', null, t('pp_feedback')),
        h('dl', { class: 'kv' },
          fig('csat', pick('csat') == null ? t('pp_no_csat') : pct(pick('csat'))),
          fig('csat_mean', pick('csat_mean') == null ? '—' : num(pick('csat_mean'), 2)),
          fig('csat_responses', int(pick('csat_responses') ?? 0)),
          fig('complaints', complaints == null ? t('pp_complaints_unknown') : int(complaints))),
        distribution(pick('csat_distribution'), ids('csat-dist'))),
      comments(people?.comments || [], ids('comments'), print)));
}

/** Who evaluated the agent and how often; flagged evaluators marked (symbol and word). */
function evaluators(people, id) {
  const list = people?.evaluators || [];
  if (!list.length) return null;
  const total = list.reduce((s, e) => s + e.evaluations, 0);
  return h('div', { class: 'evaluators' },
    h('span', { class: 'muted small' }, t('pp_evaluated_by')),
    h('ul', { class: 'inline-list', id },
      list.map((e) => h('li', { class: e.flagged ? 'flagged' : null,
        dataset: { evaluator: e.evaluator, evaluations: String(e.evaluations), flagged: String(!!e.flagged) } },
        h('span', null, e.evaluator), ' ',
        t('pp_evaluations', { n: int(e.evaluations), share: pct(total ? e.evaluations / total : null, 0) }),
        e.flagged ? h('strong', { class: 'flag' }, ' ⚑ ', t('pp_flagged')) : null))));
}

/** CSAT answers 1–5 as labelled bars with their counts (no canvas: readable and printable). */
function distribution(dist, id) {
  if (!Array.isArray(dist) || !dist.some((n) => n > 0)) return null;
  const max = Math.max(1, ...dist);
  return h('figure', { class: 'csat-dist', id },
    h('figcaption', { class: 'muted small' }, t('pp_csat_dist')),
    h('ul', null, dist.map((n, i) => {
      const bar = h('span', { class: 'gbar' });
      bar.style.width = `${(n / max) * 100}%`; // CSSOM: allowed by the CSP
      return h('li', { dataset: { score: String(i + 1), count: String(n) } },
        h('span', { class: 'glabel' }, String(i + 1)), h('span', { class: 'gtrack', 'aria-hidden': 'true' }, bar),
        h('span', { class: 'gcount' }, int(n)));
    })));
}

/** Comments printed on a review page; the rest are on screen (and on the agent's page). */
const COMMENTS_PRINTED = 3;

/** The QA and survey comments, most recent first as the engine sends them. */
function comments(list, id, print) {
  const head = h('h4', null, t('pp_comments'));
  if (!list.length) {
    return h('div', { class: `comments${print ? ' no-print' : ''}` }, head,
      h('p', { class: 'muted small' }, t('pp_no_comments')));
  }
  const hidden = print ? Math.max(0, list.length - COMMENTS_PRINTED) : 0;
  return h('div', { class: 'comments' }, head,
    h('ul', { id }, list.map((c, i) => h('li', { class: print && i >= COMMENTS_PRINTED ? 'no-print' : null,
      dataset: { source: c.source } },
      h('span', { class: 'muted small' }, [t(`pp_src_${c.source}`), c.date ? day(c.date) : null, c.by]
        .filter(Boolean).join(' · ')), ' ',
      h('span', { class: 'comment-text' }, c.text)))),
    hidden ? h('p', { class: 'muted small print-only' }, t('pp_more_comments', { n: int(hidden) })) : null);
}
