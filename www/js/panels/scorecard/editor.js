// The scorecard form editor (Scorecard tab): the card's header, categories and metrics, gates,
// grade table, minimum sample and goals, each control named by the engine's path of its field.
// Every edit is validated by the engine (validateScorecard() in the worker) and its message shown,
// in the page's language, next to the field its path names; the Apply button stays disabled while
// the card has a problem. The KPIs, scoring methods and gate effects offered are the engine's.
// Per metric also: what a subject without data gets (when_missing), its own minimum sample, and
// optional team and centre targets (else a team is scored per agent against the agents' target).
import { h, clear, nextId, $ } from '../../ui/dom.js';
import { t } from '../../i18n/index.js';
import { scorecardKpis, choices } from '../../catalog.js';
import { kpiLabel, share } from './labels.js';
import { msg, idLabel } from '../../messages.js';

/**
 * The folded editor for state.card (ctx: the Scorecard panel's {state, engine, apply, render});
 * state.editorOpen keeps it unfolded across re-renders.
 */
export function editorSection(ctx) {
  const app = ctx.state;
  // A long form: folded by default so the ranking stays in view; the open state survives re-renders.
  const body = h('div');
  const wrap = h('details', { class: 'card-editor-wrap no-print', id: 'card-editor-details', open: app.editorOpen },
    h('summary', null, h('span', { class: 'summary-title' }, t('sc_editor')), ' ',
      h('span', { class: 'muted small' }, t('sc_editor_hint'))), body);
  wrap.addEventListener('toggle', () => { app.editorOpen = wrap.open; });
  const draw = (focusName) => {
    clear(body, app.card ? editor(ctx, draw) : h('p', { class: 'muted' }, t('sc_no_card')));
    if (focusName) body.querySelector(`[name="${CSS.escape(focusName)}"]`)?.focus();
    showProblem(app);
  };
  draw();
  return wrap;
}

/** Asks the engine to validate state.card after `delay` ms (typing restarts the wait). */
export function validateSoon(ctx, delay = 150) {
  const app = ctx.state;
  clearTimeout(ctx.validateTimer);
  if (!app.card) return;
  const card = app.card;
  ctx.validateTimer = setTimeout(async () => {
    let p;
    try {
      p = await ctx.engine.call('validateScorecard', card);
    } catch (e) {
      p = { path: e.path ?? '', message: e.message, code: e.code, params: e.params };
    }
    if (card !== app.card) return;
    app.cardProblem = p;
    showProblem(app);
  }, delay);
}

/** Shows state.cardProblem next to the field its path names (or clears every message). */
function showProblem(app) {
  const problem = app.cardProblem;
  const form = $('#card-editor');
  if (!form) return;
  for (const el of form.querySelectorAll('.field-error')) { el.textContent = ''; el.hidden = true; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const summary = $('#card-problem');
  const applyBtn = $('#apply-card');
  if (applyBtn) applyBtn.disabled = !!problem;
  if (!problem) {
    if (summary) { summary.className = 'card-ok'; summary.textContent = t('sc_valid'); }
    return;
  }
  if (summary) {
    summary.className = 'error';
    clear(summary, h('strong', null, t('sc_problem')), ': ', h('code', null, problem.path || '—'), ' ',
      problemText(problem));
  }
  // The field the path names, or the nearest enclosing part of the card (a category, a gate …).
  let path = problem.path;
  let box = null;
  while (path && !(box = form.querySelector(`[data-path="${CSS.escape(path)}"]`))) {
    path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (path === problem.path) break;
  }
  if (!box) box = form.querySelector('[data-path=""]');
  const err = box && box.querySelector(':scope > .field-error');
  if (err) {
    err.textContent = problemText(problem);
    err.hidden = false;
    const input = box.querySelector(':scope > input, :scope > select');
    if (input) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', err.id); }
  }
}

/** The engine's message about the card in the page's language (its English when it has no code). */
const problemText = (p) => (p.code ? msg(p) : p.message);

/** KPI ids the selects offer: the catalogue's, those in the report, and those the card uses. */
function kpiOptions(app) {
  const ids = new Set(scorecardKpis());
  const r = app.report;
  const add = (o) => { for (const [k, v] of Object.entries(o || {})) if (typeof v === 'number') ids.add(k); };
  if (r) {
    add(r.by_agent?.find((a) => a.agent != null));
    const p = r.people?.by_agent?.[0];
    if (p) {
      add(p);
      for (const d of Object.keys(p.ratings || {})) { ids.add(`rating:${d}`); ids.add(d); }
      for (const s of Object.keys(p.qa_sections || {})) ids.add(`qa_section:${s}`);
    }
  }
  const c = app.card;
  if (c) {
    for (const cat of c.categories || []) for (const m of cat.metrics || []) if (m.kpi) ids.add(m.kpi);
    for (const g of c.gates || []) if (g.kpi) ids.add(g.kpi);
    for (const g of c.goals || []) if (g.kpi) ids.add(g.kpi);
    for (const k of Object.keys(c.min_sample || {})) ids.add(k);
  }
  return [...ids].sort();
}

/**
 * The controls the form is built from, bound to one card. Every edit marks the card changed and
 * asks the engine to validate it again; a structural edit (the form's shape changes: a method, an
 * added or removed row) redraws the form with focus on the control named `focusName`, any other
 * only updates the weight shares.
 */
function controls(ctx, card, redraw) {
  const app = ctx.state;
  const kpis = kpiOptions(app);
  const changed = (structural, focusName) => {
    app.cardDirty = true;
    const st = $('#card-state');
    if (st) st.textContent = t('sc_pending');
    if (structural) redraw(focusName);
    else updateShares(card);
    validateSoon(ctx);
  };

  // One labelled control with its error slot; `path` is the engine's name of the field.
  const field = (path, label, control, extra) => {
    const errId = nextId('err');
    return h('div', { class: 'field', dataset: { path } }, h('label', { for: control.id }, label), control,
      extra || null, h('span', { class: 'field-error', id: errId, role: 'alert', hidden: true }));
  };
  const text = (obj, key, path, label, { optional = false } = {}) => {
    const input = h('input', { type: 'text', id: nextId('f'), name: path, value: obj[key] ?? '' });
    input.addEventListener('input', () => {
      if (optional && input.value === '') delete obj[key]; else obj[key] = input.value;
      changed(false);
    });
    return field(path, label, input);
  };
  const number = (obj, key, path, label, { optional = false, extra = null, step = 'any' } = {}) => {
    const input = h('input', { type: 'number', step, id: nextId('f'), name: path, value: obj[key] ?? '' });
    input.addEventListener('input', () => {
      const v = input.value.trim();
      if (v === '' && optional) delete obj[key];
      else obj[key] = v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
      changed(false);
    });
    return field(path, label, input, extra);
  };
  const select = (obj, key, path, label, options, { structural = false, def = undefined } = {}) => {
    const sel = h('select', { id: nextId('f'), name: path }, options.map(([v, l]) => h('option', { value: v }, l)));
    sel.value = obj[key] ?? def ?? '';
    sel.addEventListener('change', () => { obj[key] = sel.value; changed(structural, path); });
    return field(path, label, sel);
  };
  const kpiSelect = (obj, key, path) => select(obj, key, path, t('sc_kpi'), kpis.map((k) => [k, kpiLabel(k)]));
  const removeBtn = (label, list, i, focusName) => h('button', { type: 'button', class: 'btn small-btn remove',
    onclick: () => { list.splice(i, 1); changed(true, focusName); } }, label);
  const addBtn = (label, fn, focusName) => h('button', { type: 'button', class: 'btn small-btn add',
    onclick: () => { fn(); changed(true, focusName()); } }, label);
  return { kpis, changed, field, text, number, select, kpiSelect, removeBtn, addBtn };
}

/** The card form: header, categories and their metrics, gates, grades, minimum sample, goals. */
function editor(ctx, redraw) {
  const app = ctx.state;
  const card = app.card;
  const c = controls(ctx, card, redraw);
  const { addBtn } = c;
  const head = headFields(c, card);
  const cats = categoryFields(c, card);
  const gates = gateFields(c, card);
  const grades = gradeTable(c, card);
  const minRows = minSampleFields(c, card);
  const goals = goalFields(c, card);
  const lastDay = app.report?.by_day?.filter((d) => d.day).map((d) => d.day) || [];

  const form = h('form', { id: 'card-editor', class: 'card-editor', novalidate: true, dataset: { path: '' },
    onsubmit: (e) => { e.preventDefault(); if (!app.cardProblem) ctx.apply(); } },
    h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
    head,
    h('p', { class: 'muted small' }, t('sc_weights_note')),
    h('div', { dataset: { path: 'categories' } }, h('span',
      { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }), cats),
    h('p', null, addBtn(t('sc_add_category'), () => card.categories.push({ name: '', weight: 10,
      metrics: [{ kpi: 'answered', weight: 10, score: 'rank', better: 'higher' }] }),
        () => `categories[${card.categories.length - 1}].name`)),
    h('fieldset', null, h('legend', null, t('sc_gates')), gates,
      addBtn(t('sc_add_gate'), () => card.gates.push({ kpi: 'qa_autofail_count', max: 0, effect: 'zero' }),
        () => `gates[${card.gates.length - 1}].kpi`)),
    h('fieldset', null, h('legend', null, t('sc_grades')), grades,
      addBtn(t('sc_add_grade'),
        () => { const lo = card.grades[card.grades.length - 1]; card.grades.push([lo ? lo[0] - 10 : 60, '',
          lo ? lo[2] : 1]); },
        () => `grades[${card.grades.length - 1}][1]`)),
    h('fieldset', null, h('legend', null, t('sc_min_sample')), minRows,
      addBtn(t('sc_add_min'), () => { const k = ['answered', 'qa_evaluations',
        'csat_responses'].find((x) => !(x in card.min_sample)) || 'worked_hours'; card.min_sample[k] = 1; },
        () => `min_sample.${Object.keys(card.min_sample).pop()}`)),
    h('fieldset', null, h('legend', null, t('sc_goals_edit')), goals,
      addBtn(t('sc_add_goal'), () => card.goals.push({ kpi: 'aht', baseline_from: lastDay[0] || '2026-01-01',
        baseline_to: lastDay[Math.min(9, lastDay.length - 1)] || '2026-01-10',
        change: -0.15, deadline: '2026-12-31' }), () => `goals[${card.goals.length - 1}].kpi`)),
    h('div', { id: 'card-problem', role: 'status', 'aria-live': 'polite' }),
    h('p', { class: 'apply-row' },
      h('button', { type: 'submit', class: 'btn primary', id: 'apply-card' }, t('sc_apply')), ' ',
      h('span', { id: 'card-state', class: 'muted' },
        app.cardDirty ? t('sc_pending') : app.report?.scorecard ? t('sc_applied') : '')));
  updateShares(card, form);
  return form;
}


/** The card's name, description, period and level. */
function headFields(c, card) {
  const { text, select } = c;
  return h('div', { class: 'form-grid card-head' },
    text(card, 'name', 'name', t('sc_card_name')),
    text(card, 'description', 'description', t('sc_description'), { optional: true }),
    text(card, 'period', 'period', t('sc_period'), { optional: true }),
    select(card, 'level', 'level', t('sc_level'), ['agent', 'team', 'centre'].map((l) => [l, t('lvl_' + l)]),
      { def: 'agent' }));
}

/** One fieldset per category with its metrics. */
function categoryFields(c, card) {
  const { text, number, addBtn, removeBtn } = c;
  card.categories ||= [];
  return card.categories.map((cat, ci) => {
    const p = `categories[${ci}]`;
    cat.metrics ||= [];
    const metrics = cat.metrics.map((m, mi) => metricEditor(c, m, `${p}.metrics[${mi}]`, mi, cat.metrics));
    return h('fieldset', { class: 'category', dataset: { path: p } },
      h('legend', null, t('sc_category', { n: ci + 1 }), cat.name ? ` · ${cat.name}` : ''),
      h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
      h('div', { class: 'form-grid' },
        text(cat, 'name', `${p}.name`, t('sc_cat_name')),
        number(cat, 'weight', `${p}.weight`, t('sc_cat_weight'),
          { extra: h('span', { class: 'muted small share', dataset: { share: `${ci}` } }) })),
      h('div', { class: 'metrics', dataset: { path: `${p}.metrics` } },
        h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }), metrics),
      h('p', { class: 'row-actions' },
        addBtn(t('sc_add_metric'), () => cat.metrics.push({ kpi: 'aht', weight: 10, score: 'linear', better: 'lower',
          target: 300, floor: 480 }),
          () => `${p}.metrics[${cat.metrics.length - 1}].kpi`),
        ' ', removeBtn(t('sc_remove_category'), card.categories, ci, 'name')));
  });
}

/** One metric: KPI, label, weight, scoring method and the fields that method needs. */
function metricEditor(c, m, p, mi, list) {
  const { text, number, select, kpiSelect, removeBtn, addBtn, changed } = c;
  m.score ||= 'linear';
  const method = m.score;
  const fields = [
    kpiSelect(m, 'kpi', `${p}.kpi`),
    text(m, 'label', `${p}.label`, t('sc_label'), { optional: true }),
    number(m, 'weight', `${p}.weight`, t('sc_weight'),
      { extra: h('span', { class: 'muted small share', dataset: { share: p } }) }),
    select(m, 'score', `${p}.score`, t('sc_method'), choices('scoring_method').map((x) => [x, idLabel('m_', x)]),
      { structural: true }),
    select(m, 'better', `${p}.better`, t('sc_better'), [['higher', t('better_higher')], ['lower', t('better_lower')]],
      { def: 'higher' }),
  ];
  if (method !== 'bands' && method !== 'rank') fields.push(number(m, 'target', `${p}.target`, t('sc_target'),
    { optional: true }));
  if (method === 'linear') fields.push(number(m, 'floor', `${p}.floor`, t('sc_floor'), { optional: true }));
  if (method === 'ratio') fields.push(number(m, 'cap', `${p}.cap`, t('sc_cap'), { optional: true }));
  const perHourId = nextId('f');
  const perHour = h('input', { type: 'checkbox', id: perHourId, name: `${p}.per_hour` });
  perHour.checked = !!m.per_hour;
  perHour.addEventListener('change',
    () => { if (perHour.checked) m.per_hour = true; else delete m.per_hour; changed(false); });
  fields.push(h('div', { class: 'field check', dataset: { path: `${p}.per_hour` } }, perHour,
    h('label', { for: perHourId }, t('sc_per_hour'))));
  fields.push(select(m, 'when_missing', `${p}.when_missing`, t('sc_when_missing'),
    whenMissingChoices().map((x) => [x, idLabel('wm_', x)]), { def: whenMissingChoices()[0] }));
  fields.push(number(m, 'min_sample', `${p}.min_sample`, t('sc_metric_min_sample'), { optional: true, step: 1 }));
  // Team and centre targets (and floors for linear scoring): optional, the object dropped when empty.
  if (method !== 'bands' && method !== 'rank') {
    for (const level of ['team', 'centre']) {
      fields.push(levelNumber(c, m, level, 'target', `${p}.${level}.target`, t(`sc_${level}_target`)));
      if (method === 'linear') {
        fields.push(levelNumber(c, m, level, 'floor', `${p}.${level}.floor`, t(`sc_${level}_floor`)));
      }
    }
  }
  let bands = null;
  if (method === 'bands') {
    m.bands ||= [[0, 100]];
    bands = h('div', { class: 'bands', dataset: { path: `${p}.bands` } },
      h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
      h('table', { class: 'data mini' },
        h('caption', null, t('sc_bands')),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('sc_threshold')),
          h('th', { scope: 'col' }, t('sc_points')), h('th'))),
        h('tbody', null, m.bands.map((b, bi) => h('tr', null,
          h('td', null, number(b, 0, `${p}.bands[${bi}][0]`, `${t('sc_threshold')} ${bi + 1}`)),
          h('td', null, number(b, 1, `${p}.bands[${bi}][1]`, `${t('sc_points')} ${bi + 1}`)),
          h('td', null, removeBtn(t('sc_remove'), m.bands, bi, `${p}.score`)))))),
      addBtn(t('sc_add_band'), () => {
        const last = m.bands[m.bands.length - 1] || [0, 100];
        m.bands.push([last[0] + 1, last[1]]);
      }, () => `${p}.bands[${m.bands.length - 1}][0]`));
  } else if (m.bands && !m.bands.length) delete m.bands;
  return h('div', { class: 'metric', dataset: { path: p } },
    h('h4', null, t('sc_metric', { n: mi + 1 }), m.label ? ` · ${m.label}` : ` · ${m.kpi}`),
    h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
    h('div', { class: 'form-grid metric-grid' }, fields), bands,
    h('p', { class: 'row-actions' }, removeBtn(t('sc_remove_metric'), list, mi,
      `${p.replace(/\.metrics\[\d+\]$/, '')}.name`)));
}

/**
 * What a metric without data does to a subject: the engine's choice list when it sends one, else its
 * two documented values (docs/scorecards.md: `insufficient`, the default, and `reweight`).
 */
function whenMissingChoices() {
  const list = choices('when_missing');
  return list.length ? list : ['insufficient', 'reweight'];
}

/** A number of the metric's `team` / `centre` object; the object is removed when it becomes empty. */
function levelNumber(c, m, level, key, path, label) {
  const { field, changed } = c;
  const input = h('input', { type: 'number', step: 'any', id: nextId('f'), name: path, value: m[level]?.[key] ?? '' });
  input.addEventListener('input', () => {
    const v = input.value.trim();
    if (v === '') {
      if (m[level]) delete m[level][key];
      if (m[level] && !Object.keys(m[level]).length) delete m[level];
    } else {
      m[level] ||= {};
      m[level][key] = Number.isFinite(Number(v)) ? Number(v) : null;
    }
    changed(false);
  });
  return field(path, label, input);
}

/** The gates: a KPI outside its bounds zeroes or caps the score or the grade. */
function gateFields(c, card) {
  const { number, select, kpiSelect, removeBtn } = c;
  card.gates ||= [];
  const gradeLabels = (card.grades || []).map((g) => g[1]);
  return card.gates.map((g, gi) => {
    const p = `gates[${gi}]`;
    const f = [kpiSelect(g, 'kpi', `${p}.kpi`),
      number(g, 'min', `${p}.min`, t('sc_min'), { optional: true }),
      number(g, 'max', `${p}.max`, t('sc_max'), { optional: true }),
      select(g, 'effect', `${p}.effect`, t('sc_effect'), choices('gate_effect').map((e) => [e, idLabel('eff_', e)]),
        { structural: true })];
    if (g.effect === 'cap_grade') f.push(select(g, 'grade', `${p}.grade`, t('sc_gate_grade'),
      [['', '—'], ...gradeLabels.map((l) => [l, l])]));
    if (g.effect === 'cap_score') f.push(number(g, 'score', `${p}.score`, t('sc_gate_score'), { optional: true }));
    if (g.effect !== 'cap_grade') delete g.grade;
    if (g.effect !== 'cap_score') delete g.score;
    return h('div', { class: 'gate', dataset: { path: p } },
      h('h4', null, t('sc_gate', { n: gi + 1 })),
      h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
      h('div', { class: 'form-grid metric-grid' }, f),
      h('p', { class: 'row-actions' }, removeBtn(t('sc_remove'), card.gates, gi, 'name')));
  });
}

/** The grade table: minimum total, label, coefficient. */
function gradeTable(c, card) {
  const { text, number, removeBtn } = c;
  card.grades ||= [];
  return h('table', { class: 'data mini grades', dataset: { path: 'grades' } },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('sc_grade_min')),
      h('th', { scope: 'col' }, t('sc_grade_label')),
      h('th', { scope: 'col' }, t('sc_grade_coef')), h('th'))),
    h('tbody', null, card.grades.map((g, i) => h('tr', null,
      h('td', null, number(g, 0, `grades[${i}][0]`, `${t('sc_grade_min')} ${i + 1}`)),
      h('td', null, text(g, 1, `grades[${i}][1]`, `${t('sc_grade_label')} ${i + 1}`)),
      h('td', null, number(g, 2, `grades[${i}][2]`, `${t('sc_grade_coef')} ${i + 1}`)),
      h('td', null, removeBtn(t('sc_remove'), card.grades, i, 'name'))))));
}

/** The minimum sample: KPI → the least value an agent needs to be ranked. */
function minSampleFields(c, card) {
  const { kpis, field, changed } = c;
  card.min_sample ||= {};
  return Object.entries(card.min_sample).map(([k, v], i) => {
    const holder = { kpi: k, v };
    const p = `min_sample.${k}`;
    const kSel = h('select', { id: nextId('f'), name: `min_sample[${i}].kpi` },
      kpis.map((x) => h('option', { value: x }, kpiLabel(x))));
    kSel.value = k;
    kSel.addEventListener('change', () => {
      const entries = Object.entries(card.min_sample).map(([kk, vv]) => (kk === k ? [kSel.value, vv] : [kk, vv]));
      card.min_sample = Object.fromEntries(entries);
      changed(true, `min_sample[${i}].kpi`);
    });
    const input = h('input', { type: 'number', step: 'any', id: nextId('f'), name: p, value: holder.v });
    input.addEventListener('input',
      () => { card.min_sample[k] = input.value === '' ? null : Number(input.value); changed(false); });
    return h('div', { class: 'form-grid metric-grid', dataset: { path: p } },
      h('div', { class: 'field' }, h('label', { for: kSel.id }, t('sc_kpi')), kSel),
      field(p, t('sc_min_value'), input),
      h('p', { class: 'row-actions' }, h('button', { type: 'button', class: 'btn small-btn remove',
        onclick: () => { delete card.min_sample[k]; changed(true, 'name'); } }, t('sc_remove'))));
  });
}

/** The goals: a KPI from a baseline period to a target by a deadline. */
function goalFields(c, card) {
  const { field, text, number, kpiSelect, removeBtn, changed } = c;
  card.goals ||= [];
  return card.goals.map((g, gi) => {
    const p = `goals[${gi}]`;
    const date = (key, label) => {
      const input = h('input', { type: 'date', id: nextId('f'), name: `${p}.${key}`, value: g[key] ?? '' });
      input.addEventListener('input', () => { g[key] = input.value; changed(false); });
      return field(`${p}.${key}`, label, input);
    };
    return h('div', { class: 'gate', dataset: { path: p } },
      h('h4', null, t('sc_goal', { n: gi + 1 })),
      h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
      h('div', { class: 'form-grid metric-grid' },
        kpiSelect(g, 'kpi', `${p}.kpi`), text(g, 'label', `${p}.label`, t('sc_label'), { optional: true }),
        date('baseline_from', t('sc_baseline_from')), date('baseline_to', t('sc_baseline_to')),
        number(g, 'target', `${p}.target`, t('sc_target'), { optional: true }),
        number(g, 'change', `${p}.change`, t('sc_change'), { optional: true }),
        date('deadline', t('sc_deadline'))),
      h('p', { class: 'row-actions' }, removeBtn(t('sc_remove'), card.goals, gi, 'name')));
  });
}

/** The normalised share of the total each category and metric gets (shown next to its weight). */
function updateShares(card, root = document) {
  const w = (x) => (typeof x === 'number' && x > 0 ? x : 0);
  const catSum = card.categories.reduce((s, c) => s + w(c.weight), 0);
  card.categories.forEach((c, ci) => {
    const cs = catSum > 0 ? w(c.weight) / catSum : 0;
    const el = root.querySelector(`.share[data-share="${ci}"]`);
    if (el) el.textContent = t('sc_share', { pct: share(cs) });
    const ms = (c.metrics || []).reduce((s, m) => s + w(m.weight), 0);
    (c.metrics || []).forEach((m, mi) => {
      const e = root.querySelector(`.share[data-share="categories[${ci}].metrics[${mi}]"]`);
      if (e) e.textContent = t('sc_share', { pct: share(ms > 0 ? cs * w(m.weight) / ms : 0) });
    });
  });
}

