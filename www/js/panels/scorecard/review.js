// The printable review page (Scorecard tab): one agent's score broken down metric by metric,
// against the team and centre cards, the rank's sensitivity to each metric, QA items and trend,
// and signature lines; or every agent's page at once, one printed page each. With a review page
// open only that page prints (body[data-print=review], print.css). An agent the card cannot grade
// (insufficient_data) is shown with the partial total, the metrics without data and the sample
// shortfalls named, and no grade or coefficient; re-weighted metrics are named; the engine's
// warnings (e.g. a flagged evaluator's share), who evaluated the agent, CSAT and comments follow
// (appraisal.js). A KPI the engine cannot attribute to agents or teams shows "—" with the reason.
import { h, clear, $ } from '../../ui/dom.js';
import { t } from '../../i18n/index.js';
import { int, num, pct } from '../../ui/format.js';
import { ALL_AGENTS as ALL } from '../../state.js';
import { raw, share, kpiLabel } from './labels.js';
import { msg, kpiName } from '../../messages.js';
import { showValue, limitNotes, limitFor } from '../../limits.js';
import { appraisalSection, agentWarnings } from '../appraisal.js';
import { agentTrend } from '../agenttrend.js';
import { coachingSection } from '../coaching.js';
import { activeCard, periodText, monthlyTrend } from './period.js';

/**
 * Shows the review page state.reviewAgent names (one agent, or ALL_AGENTS) in ctx.el; false when
 * none is open (or the agent is no longer in the ranking: then state.reviewAgent is cleared).
 */
export function showReview(ctx) {
  const app = ctx.state;
  const { sc } = activeCard(app);
  if (app.reviewAgent == null || !sc) return false;
  if (app.reviewAgent === ALL) { allReviews(ctx); return true; }
  const card = sc.agents.find((a) => a.agent === app.reviewAgent);
  if (card) { reviewPage(ctx, card); return true; }
  app.reviewAgent = null;
  document.body.dataset.print = '';
  return false;
}

/** Opens an agent's review page (id) or every agent's (ALL_AGENTS), focus on its heading. */
export function openReview(ctx, id) {
  ctx.state.reviewAgent = id;
  ctx.render();
  $('h2', ctx.el)?.focus();
}

function closeReview(ctx) {
  const id = ctx.state.reviewAgent;
  ctx.state.reviewAgent = null;
  ctx.render();
  (id === ALL ? $('#review-all') : $(`#ranking-table tr[data-agent="${CSS.escape(id)}"]`))?.focus();
}

function reviewPage(ctx, c) {
  const app = ctx.state;
  clear(ctx.el, h('article', { class: 'review-page', dataset: { reviewAgent: c.agent } },
    h('p', { class: 'no-print review-tools' },
      h('button', { type: 'button', class: 'btn', id: 'review-back', onclick: () => closeReview(ctx) }, t('rv_back')),
        ' ',
      h('button', { type: 'button', class: 'btn primary', id: 'review-print', onclick: () => window.print() },
        t('rv_print'))),
    h('h2', { tabindex: -1 }, `${t('rv_title')} · ${c.agent}${c.name ? ` · ${c.name}` : ''}`),
    // The monthly cycle: the agent's trend against team and centre, and the coaching notes.
    withCycle(reviewBody(app, c),
      monthlyTrend(app, c.agent),
      agentTrend(app, c.agent, c.team, ctx.render, { prefix: 'review', chart: false, own: false }),
      coachingSection(app, ctx.actions, c.agent, { month: activeCard(app).month?.period }))));
}

/** Every agent's review page in ranking order, each printed on its own page. */
function allReviews(ctx) {
  const app = ctx.state;
  const { sc } = activeCard(app);
  const rows = [...sc.agents].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.total - a.total);
  clear(ctx.el,
    h('p', { class: 'no-print review-tools' },
      h('button', { type: 'button', class: 'btn', id: 'review-back', onclick: () => closeReview(ctx) }, t('rv_back')),
        ' ',
      h('button', { type: 'button', class: 'btn primary', id: 'review-print', onclick: () => window.print() },
        t('rv_print'))),
    h('h2', { tabindex: -1, class: 'no-print' }, t('rv_all_title', { n: rows.length })),
    rows.map((c) => h('article', { class: 'review-page many', dataset: { reviewAgent: c.agent } },
      h('h3', { class: 'review-h' }, `${t('rv_title')} · ${c.agent}${c.name ? ` · ${c.name}` : ''}`),
      withCycle(reviewBody(app, c),
        coachingSection(app, ctx.actions, c.agent, { form: false, month: activeCard(app).month?.period })))));
}

/** A review body with the monthly cycle's sections (those there are) put in above the signature lines. */
function withCycle(body, ...sections) {
  const sign = body.querySelector('.signatures');
  for (const s of sections) if (s) body.insertBefore(s, sign);
  return body;
}

function reviewBody(app, c) {
  const one = app.reviewAgent !== ALL;
  const r = app.report;
  const { sc, month } = activeCard(app);
  const team = sc.teams.find((x) => x.agent === c.team);
  const centre = sc.centre;
  const ranked = sc.agents.filter((a) => a.status === 'ranked').length;
  const label = (m) => (m.label ? `${m.label} (${m.kpi})` : kpiLabel(m.kpi));
  const numDen = (m) => (m.numerator == null || m.denominator == null ? '—'
    : `${raw(m.numerator)} / ${raw(m.denominator)}`);
  const sumContrib = c.metrics.reduce((s, m) => s + m.contribution, 0);
  // The card's KPIs without a value for this agent because agents cannot have them (report.limits).
  const limitedHere = c.metrics.filter((m) => m.value == null && limitFor(r, 'agent', m.kpi)).map((m) => m.kpi);

  const breakdown = h('table', { class: 'data breakdown', id: one ? 'review-breakdown' : null },
    h('thead', null, h('tr', null, [t('c_category'), t('c_metric'), t('c_value'), t('c_num_den'), t('sc_target'),
      t('c_rule'), t('c_points'), t('c_weight'), t('c_contribution')]
      .map((l, i) => h('th', { scope: 'col', class: [2, 3, 4, 6, 7, 8].includes(i) ? 'num' : null }, l)))),
    h('tbody', null, c.metrics.map((m) => h('tr', { class: rowClass(c, m), dataset: { kpi: m.kpi,
      points: m.points == null ? '' : String(m.points), contribution: String(m.contribution) } },
      h('td', null, m.category), h('th', { scope: 'row' }, label(m)),
      h('td', { class: 'num' }, showValue(r, 'agent', m.kpi, m.value, raw)), h('td', { class: 'num' }, numDen(m)),
      h('td', { class: 'num' }, m.target == null ? '—' : raw(m.target)),
      h('td', { class: 'rule' }, msg(m.rule)),
      h('td', { class: 'num' }, m.points == null ? t('not_computable') : num(m.points, 2)),
      h('td', { class: 'num' }, `${share(m.weight)} (${raw(m.raw_weight)})`),
      h('td', { class: 'num' }, num(m.contribution, 2))))),
    h('tfoot', null,
      h('tr', null, h('th', { scope: 'row', colspan: 8 }, t('rv_sum')), h('td', { class: 'num' }, num(sumContrib, 2))),
      h('tr', null, h('th', { scope: 'row', colspan: 8 }, t('rv_gate_adj')),
        h('td', { class: 'num' }, num(c.gate_adjustment, 2))),
      h('tr', { class: 'total-row' }, h('th', { scope: 'row', colspan: 8 }, t('rv_total')),
        h('td', { class: 'num review-total', id: one ? 'review-total' : null, dataset: { value: String(c.total) } },
          num(c.total, 2)))));

  // This agent's values and points against the team and centre cards, metric by metric.
  const find = (card, kpi) => card?.metrics.find((m) => m.kpi === kpi);
  const vs = h('table', { class: 'data compare-card' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('c_metric')),
      h('th', { scope: 'col', class: 'num' }, t('c_this_agent')),
      h('th', { scope: 'col', class: 'num' }, t('c_team_card', { team: c.team ?? t('unknown') })),
      h('th', { scope: 'col', class: 'num' }, t('c_centre_card')))),
    h('tbody', null,
      h('tr', { class: 'total-row' }, h('th', { scope: 'row' }, t('c_total')),
        h('td', { class: 'num' }, `${num(c.total, 1)} · ${c.grade ?? '—'}`),
        h('td', { class: 'num' }, team ? `${num(team.total, 1)} · ${team.grade ?? '—'}` : '—'),
        h('td', { class: 'num' }, centre ? `${num(centre.total, 1)} · ${centre.grade ?? '—'}` : '—')),
      c.metrics.map((m) => {
        // grouping: whose limits apply (a team card's KPI may be one teams cannot have).
        const points = (x) => ` → ${x.points == null ? '—' : num(x.points, 1)}`;
        const cell = (x, grouping) => h('td', { class: 'num' },
          x ? [showValue(r, grouping, x.kpi, x.value, raw), points(x)] : '—');
        return h('tr', null, h('th', { scope: 'row' }, label(m)), cell(m, 'agent'), cell(find(team, m.kpi), 'team'),
          cell(find(centre, m.kpi), 'totals'));
      })));

  const sens = h('table', { class: 'data sensitivity' },
    h('thead', null, h('tr', null, [t('c_dropped'), t('c_total_without'), t('c_rank_without'),
      t('c_rank_change')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : null }, l)))),
    h('tbody', null, (c.sensitivity || []).map((s) => h('tr', null, h('th', { scope: 'row' }, kpiLabel(s.dropped)),
      h('td', { class: 'num' }, num(s.total, 1)), h('td', { class: 'num' }, int(s.rank)),
      h('td', { class: 'num' }, s.rank_change > 0 ? `+${s.rank_change}` : String(s.rank_change))))));

  const qa = r.people?.qa;
  const myItems = (qa?.by_agent_item || []).filter((x) => x.agent === c.agent);
  const centreRate = new Map((qa?.items || []).map((x) => [x.item, x.fail_rate]));
  const qaItems = myItems.length ? h('table', { class: 'data qa-items', id: one ? 'review-qa' : null },
    h('thead', null, h('tr', null, [t('c_item'), t('c_evaluated'), t('c_failed'), t('c_fail_rate'),
      t('c_centre_fail_rate')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : null }, l)))),
    h('tbody', null, [...myItems].sort((a, b) => (b.fail_rate ?? 0) - (a.fail_rate ?? 0)).map((x) => h('tr',
      { dataset: { item: x.item } },
      h('th', { scope: 'row' }, x.item), h('td', { class: 'num' }, int(x.evaluated)),
        h('td', { class: 'num' }, int(x.failed)),
      h('td', { class: 'num' }, pct(x.fail_rate, 0)), h('td', { class: 'num' }, pct(centreRate.get(x.item), 0))))))
    : h('p', { class: 'muted' }, t('rv_no_qa'));
  const months = (qa?.by_agent_month || []).filter((x) => x.key.startsWith(`${c.agent}|`));
  const trend = months.length ? h('table', { class: 'data qa-trend' },
    h('thead', null, h('tr', null, [t('c_month'), t('c_evaluations'), t('c_qa_score'),
      t('c_autofails')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : null }, l)))),
    h('tbody', null, months.map((x) => h('tr', null, h('th', { scope: 'row' }, x.key.split('|')[1]),
      h('td', { class: 'num' }, int(x.evaluations)),
      h('td', { class: 'num' }, num(x.qa_score, 1)), h('td', { class: 'num' }, int(x.auto_fails)))))) : null;

  const headline = c.status === 'ranked'
    ? h('p', { class: 'review-score', id: one ? 'review-status' : null, dataset: { status: c.status } },
      h('span', { class: 'big' }, num(c.total, 1)), ' ',
      h('span', { class: 'grade' }, c.grade ?? '—'),
      ' · ', `${t('c_coef')} ${c.coefficient == null ? '—' : num(c.coefficient, 2)}`, ' · ',
        t('rv_rank', { rank: c.rank, n: ranked }))
    : notGraded(c, one);
  return h('div', { class: 'review-body' },
    h('dl', { class: 'kv review-meta' },
      h('dt', null, t('rv_team')), h('dd', null, c.team ?? t('unknown')),
      h('dt', null, t('rv_card')), h('dd', null, sc.name),
      h('dt', null, t('rv_period')), h('dd', { id: one ? 'review-period' : null,
        dataset: { period: month?.period ?? '' } }, periodText(app, month))),
    headline,
    agentWarnings(r, c.agent, { id: one ? 'review-warnings' : null }),
    c.gates.length ? h('p', { class: 'note' },
      `${t('rv_gates_fired')}: ${c.gates.map((g) => msg(g.detail)).join('; ')}`) : null,
    h('h3', null, t('rv_breakdown')),
    h('p', { class: 'muted small' }, t('rv_breakdown_note')),
    h('div', { class: 'table-scroll' }, breakdown),
    c.missing.length ? h('p', { class: 'muted small' },
      t('rv_missing', { list: c.missing.map(kpiName).join(', ') })) : null,
    (c.reweighted || []).length ? h('p', { class: 'muted small', id: one ? 'review-reweighted' : null },
      t('rv_reweighted', { list: c.reweighted.map(kpiName).join(', ') })) : null,
    limitedHere.length ? limitNotes(r, ['agent'], { shownKpis: limitedHere }) : null,
    h('div', { class: 'review-cols vs-row' },
      h('section', null, h('h3', null, t('rv_vs')), vs),
      h('section', null, h('h3', null, t('rv_sensitivity')), sens,
        h('p', { class: 'muted small' }, t('rv_sens_note')))),
    // The appraisal facts beside the QA items (a review page prints on one page).
    month ? h('p', { class: 'muted small' }, t('rv_whole_range_below')) : null,
    h('div', { class: 'review-cols' },
      h('section', null, h('h3', null, t('rv_qa')), qaItems),
      h('section', null, trend ? [h('h3', null, t('rv_trend')), trend] : null,
        h('h3', null, t('pp_title')),
        appraisalSection(r, c.agent, { id: one ? 'review' : null, print: true, warnings: false }))),
    h('div', { class: 'signatures' },
      h('p', null, t('rv_sign'), h('span', { class: 'line' })),
      h('p', null, t('rv_sign_leader'), h('span', { class: 'line' })),
      h('p', null, t('rv_sign_date'), h('span', { class: 'line' }))));
}

/** A breakdown row's class: a metric without data, or one left out and re-weighted. */
function rowClass(c, m) {
  if ((c.reweighted || []).includes(m.kpi)) return 'reweighted';
  return c.missing.includes(m.kpi) ? 'missing' : null;
}

/**
 * The headline of an agent the card does not grade: the partial total, the metrics without data
 * and the sample shortfalls named, and that there is no rank, grade or coefficient.
 */
function notGraded(c, one) {
  const shortfalls = (c.insufficient || [])
    .map((s) => `${kpiName(s.kpi)} ${s.value == null ? '—' : raw(s.value)} < ${raw(s.minimum)}`);
  return h('div', { class: 'review-score insufficient', id: one ? 'review-status' : null,
    dataset: { status: c.status } },
  h('p', null, h('span', { class: 'big' }, num(c.total, 1)), ' ', t('rv_partial_total')),
  c.missing.length ? h('p', { class: 'not-graded', dataset: { missing: c.missing.join(' ') } },
    t('rv_not_graded_missing', { list: c.missing.map(kpiName).join(', ') })) : null,
  shortfalls.length ? h('p', { class: 'not-graded', dataset: { insufficient: c.insufficient.map((s) => s.kpi)
    .join(' ') } }, t('rv_not_graded_sample', { list: shortfalls.join(', ') })) : null,
  h('p', { class: 'muted small' }, t('rv_no_grade')));
}
