// Scorecard / 绩效考核 tab: choose one of the engine's preset cards (catalog.js) or import a card,
// edit it in a form (editor.js: validated by the engine, the message shown next to the field it
// names), apply it (Analyzer.report() rescoring without a re-read), the ranking with the grade
// distribution, team and centre cards, goals, and one printable review page per agent (review.js).
// The card's notes (e.g. no metric of it has data in the files: nobody graded) are shown once; a
// subject the card cannot grade shows its partial total marked as such, no grade or coefficient.
import { h, clear, nextId } from '../../ui/dom.js';
import { t } from '../../i18n/index.js';
import { int, num, pct, day } from '../../ui/format.js';
import { dataTable } from '../../ui/tables.js';
import { downloadJson } from '../../ui/export.js';
import { ALL_AGENTS as ALL } from '../../state.js';
import { presets } from '../../catalog.js';
import { kpiName, msg } from '../../messages.js';
import { editorSection, validateSoon } from './editor.js';
import { showReview, openReview } from './review.js';
import { raw, kpiLabel } from './labels.js';
import { activeCard, periodPicker, monthlyTrend } from './period.js';

/**
 * The Scorecard tab in `el`. State: card, cardPreset, cardDirty, cardProblem, editorOpen,
 * reviewAgent (state.js). Applying a card sets state.settings.scorecard and calls
 * actions.settingsChanged(['scorecard']); presets come from catalog.js, validation from engine.call().
 */
export function createScorecardPanel({ el, state, engine, actions }) {
  const ctx = {
    el, state, engine, actions,
    validateTimer: 0, // the pending validation of the card being typed
    render: () => render(ctx),
    apply: () => apply(ctx),
  };
  return { render: ctx.render };
}

function render(ctx) {
  const { el: panel, state: app } = ctx;
  const sc = app.report?.scorecard;
  if (!app.card && sc) app.card = structuredClone(sc.definition);
  document.body.dataset.print = app.reviewAgent != null && app.tab === 'scorecard' ? 'review' : '';
  if (showReview(ctx)) return;
  const { sc: shown, month } = activeCard(app);
  clear(panel,
    h('h2', { tabindex: -1 }, t('sc_title')),
    h('p', { class: 'muted no-print' }, t('sc_intro')),
    chooser(ctx),
    editorSection(ctx),
    sc ? [periodPicker(app, ctx.render), results(ctx, shown, month), month ? null : monthlyTrend(app)] : h('p', { class: 'note' }, app.report ? t('sc_no_card') : t('sc_no_files')),
  );
  validateSoon(ctx, 0);
}

// ------------------------------------------------------------------ choose / import / export / apply
function chooser(ctx) {
  const app = ctx.state;
  const id = nextId('preset');
  const list = presets();
  const sel = h('select', { id, name: 'card-preset' },
    h('option', { value: '' }, t('sc_choose')),
    list.map((p) => h('option', { value: p.id }, `${p.id} — ${p.card.name}`)));
  sel.value = app.cardPreset;
  sel.addEventListener('change', () => {
    const p = list.find((x) => x.id === sel.value);
    if (!p) return;
    app.cardPreset = p.id;
    app.card = structuredClone(p.card);
    apply(ctx);
  });
  const fileId = nextId('cardfile');
  const file = h('input', {
    type: 'file', id: fileId, accept: '.json,application/json', class: 'visually-hidden-input', name: 'card-file',
  });
  const msg = h('p', { class: 'error-text', role: 'alert', id: 'card-import-error' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    file.value = '';
    if (!f) return;
    try {
      const card = JSON.parse(await f.text());
      if (!card || typeof card !== 'object' || Array.isArray(card)) throw new Error(t('sc_not_object'));
      app.card = card;
      app.cardPreset = '';
      msg.textContent = '';
      const p = await ctx.engine.call('validateScorecard', card);
      if (!p) apply(ctx);
      else { app.cardProblem = p; ctx.render(); }
    } catch (e) {
      msg.textContent = t('sc_import_error', { message: e.message });
    }
  });
  const cardFileName = () => `${(app.card?.name || 'scorecard').replace(/[\\/:*?"<>|]+/g, '_')}.json`;
  return h('div', { class: 'card-chooser no-print' },
    h('div', { class: 'field' }, h('label', { for: id }, t('sc_preset')), sel),
    h('div', { class: 'chooser-actions' },
      h('label', { class: 'btn', for: fileId }, t('sc_import')), file,
      h('button', { type: 'button', class: 'btn', id: 'export-card', disabled: !app.card,
        onclick: () => downloadJson(cardFileName(), app.card) }, t('sc_export'))),
    msg);
}

/** Applies state.card: the report is scored again with it (no re-read), or the tab redrawn. */
function apply(ctx) {
  const app = ctx.state;
  if (!app.card) return;
  app.settings.scorecard = structuredClone(app.card);
  app.cardDirty = false;
  if (app.report) ctx.actions.settingsChanged(['scorecard']);
  else ctx.render();
}

// ------------------------------------------------------------------ ranking, distribution, teams, goals
function statusText(s) { return t('st_' + s); }

/** A subject's total; a card that cannot grade it shows the partial total marked as such. */
const totalText = (c) => (c.status === 'ranked' ? num(c.total, 1) : t('sc_partial', { total: num(c.total, 1) }));

/** The ranking, grades, team and centre cards and goals of `sc`: the whole range's or `month`'s. */
function results(ctx, sc, month) {
  const rows = [...sc.agents].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.total - a.total);
  const cols = [
    { key: 'rank', label: t('c_rank'), num: true, value: (r) => r.rank,
      fmt: (v) => (v == null ? t('not_ranked') : int(v)) },
    { key: 'agent', label: t('c_agent'), value: (r) => r.agent },
    { key: 'name', label: t('c_name'), value: (r) => r.name ?? '' },
    { key: 'team', label: t('c_team'), value: (r) => r.team ?? '' },
    { key: 'total', label: t('c_total'), num: true, value: (r) => r.total, fmt: (v, row) => totalText(row) },
    { key: 'grade', label: t('c_grade'), value: (r) => r.grade ?? '', fmt: (v) => v || '—' },
    { key: 'coefficient', label: t('c_coef'), num: true, value: (r) => r.coefficient,
      fmt: (v) => (v == null ? '—' : num(v, 2)) },
    { key: 'status', label: t('c_status'), value: (r) => statusText(r.status) },
    { key: 'max_rank_change', label: t('c_max_rank_change'), num: true, value: (r) => r.max_rank_change ?? null,
      fmt: (v) => (v == null ? '—' : int(v)) },
    { key: 'missing', label: t('c_missing'), value: (r) => (r.missing || []).map(kpiName).join(', ') },
  ];
  const ranked = sc.agents.filter((a) => a.status === 'ranked');
  return h('div', null,
    (sc.notes || []).length ? h('section', { class: 'notes', id: 'sc-notes' },
      h('ul', null, sc.notes.map((n) => h('li', { class: 'note', dataset: { code: n.code ?? '' } }, msg(n))))) : null,
    h('section', { class: 'sc-ranking', 'aria-labelledby': 'sc-ranking-title' },
      h('h3', { id: 'sc-ranking-title', dataset: { period: month?.period ?? '' } },
        `${t('sc_ranking')} · ${sc.name}${month ? ` · ${month.period}` : ''}`),
      h('p', { class: 'muted no-print' }, t('sc_ranking_hint'), ' ',
        h('button', { type: 'button', class: 'btn small-btn', id: 'review-all', onclick: () => openReview(ctx, ALL) },
          t('rv_all'))),
      h('div', { class: 'ranking-grid' },
        dataTable(cols, rows, {
          id: 'ranking-table', title: t('sc_ranking'), csvName: 'callscore-ranking.csv',
          filter: (r) => `${r.agent} ${r.name ?? ''} ${r.team ?? ''} ${r.grade ?? ''}`,
          rowData: (r) => ({ agent: r.agent, total: String(r.total), grade: r.grade ?? '', rank: r.rank ?? '',
            status: r.status }),
          onOpen: (r) => openReview(ctx, r.agent),
        }),
        gradeChart(sc, sc.agents.length - ranked.length))),
    teamsSection(sc),
    goalsSection(sc));
}

/** Grade distribution as labelled horizontal bars (DOM: readable, printable, no canvas needed). */
function gradeChart(sc, insufficient) {
  const items = [...sc.grade_distribution.map(([g, n]) => ({ g, n, cls: '' })),
    { g: t('st_insufficient_data'), n: insufficient, cls: 'insufficient' }];
  const max = Math.max(1, ...items.map((i) => i.n));
  return h('figure', { class: 'grade-chart', id: 'grade-chart' },
    h('figcaption', null, t('sc_grade_dist')),
    h('ul', null, items.map((i) => {
      const bar = h('span', { class: `gbar ${i.cls}` });
      bar.style.width = `${(i.n / max) * 100}%`;
      return h('li', { dataset: { grade: i.cls ? '' : i.g, count: String(i.n) } },
        h('span', { class: 'glabel' }, i.g), h('span', { class: 'gtrack', 'aria-hidden': 'true' }, bar),
          h('span', { class: 'gcount' }, int(i.n)));
    })));
}

function teamsSection(sc) {
  return h('section', null,
    h('h3', null, t('sc_teams')),
    h('p', { class: 'muted small' }, t('sc_team_note')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'team-cards' },
      h('thead', null, h('tr', null, [t('c_team'), t('c_total'), t('c_grade'), t('c_coef'), t('c_agent_mean'),
        t('c_status')]
        .map((l, i) => h('th', { scope: 'col', class: i && i !== 2 && i !== 5 ? 'num' : null }, l)))),
      h('tbody', null, sc.teams.map((c) => h('tr', { dataset: { team: c.agent, total: String(c.total) } },
        h('th', { scope: 'row' }, c.agent), h('td', { class: 'num' }, totalText(c)), h('td', null, c.grade ?? '—'),
        h('td', { class: 'num' }, c.coefficient == null ? '—' : num(c.coefficient, 2)),
          h('td', { class: 'num' }, c.agent_mean == null ? '—' : num(c.agent_mean, 1)),
        h('td', null, statusText(c.status))))))),
    sc.centre ? h('p', { id: 'centre-card', dataset: { total: String(sc.centre.total) } },
      h('strong', null, t('sc_centre')), ': ',
      t('sc_centre_line', { total: totalText(sc.centre), grade: sc.centre.grade ?? '—' })) : null);
}

function goalsSection(sc) {
  if (!sc.goals.length) return h('section', null, h('h3', null, t('sc_goals')),
    h('p', { class: 'muted' }, t('sc_no_goals')));
  const v = (x) => (x == null ? t('not_computable') : raw(x));
  return h('section', null, h('h3', null, t('sc_goals')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'goals-table' },
      h('thead', null, h('tr', null, [t('c_kpi'), t('c_baseline'), t('c_goal_target'), t('c_current'), t('c_progress'),
        t('c_elapsed'), t('c_deadline'), t('c_status')]
        .map((l) => h('th', { scope: 'col' }, l)))),
      h('tbody', null, sc.goals.map((g, i) => {
        const def = sc.definition.goals?.[i];
        const bar = h('span', { class: 'bar me' });
        bar.style.width = `${Math.max(0, Math.min(1, g.progress ?? 0)) * 100}%`;
        return h('tr', { dataset: { kpi: g.kpi, status: g.status,
          progress: g.progress == null ? '' : String(g.progress) } },
          h('th', { scope: 'row' }, g.label ? `${g.label} (${g.kpi})` : kpiLabel(g.kpi)),
          h('td', null, v(g.baseline), def ? h('div', { class: 'muted small' },
            `${day(def.baseline_from)} – ${day(def.baseline_to)}`) : null),
          h('td', null, v(g.target)),
          h('td', null, v(g.current), g.current_from ? h('div', { class: 'muted small' },
            `${day(g.current_from)} – ${day(g.current_to)}`) : null),
          h('td', null, g.progress == null ? t('not_computable') : pct(g.progress, 0),
            h('span', { class: 'bar-track' }, bar)),
          h('td', null, g.elapsed == null ? t('not_computable') : pct(g.elapsed, 0)),
          h('td', null, day(g.deadline)),
          h('td', { class: `goal-${g.status}` }, t('gs_' + g.status)));
      })))));
}

