// Scorecard / 绩效考核: choose or import a card, edit it in a form (validated by the engine, the
// message shown next to the field it names), apply it (Analyzer.report() rescoring without a
// re-read), the ranking with the grade distribution, team and centre cards, goals, and one
// printable review page per agent.
import { h, clear, nextId, $ } from './dom.js';
import { t, getLang } from './i18n/index.js';
import { int, num, pct, day } from './format.js';
import { dataTable } from './tables.js';
import { downloadJson } from './export.js';
import { engineCall, settingsChanged } from '../app.js';

let presetList = null;     // [{id, card}] from the engine, fetched once from the worker
let presetLoading = null;
let problem = null;        // {path, message} of the card being edited, or null
let validateTimer = 0;
const ALL = '\u0000all'; // app.reviewAgent value: every agent's review page, one printed page each

// KPI ids a card can use even before a file is loaded (docs/scorecards.md).
const BASE_KPIS = ['answered', 'aht', 'avg_talk', 'avg_hold', 'avg_acw', 'fcr', 'service_level', 'short_call_rate',
  'transfer_rate', 'hold_rate', 'occupancy', 'calls_per_hour', 'net_handled', 'net_handled_vs_target', 'answered_per_hour',
  'worked_hours', 'qa_score', 'qa_evaluations', 'qa_autofail_count', 'qa_autofail_rate', 'csat', 'csat_mean', 'nps', 'ces',
  'complaints', 'absenteeism', 'lateness', 'turnover'];
const METHODS = ['ratio', 'linear', 'bands', 'rank', 'pass_fail'];
const EFFECTS = ['cap_grade', 'cap_score', 'zero'];

/** The engine's rule and gate sentences (English) in the page's language. */
function localRule(rule) {
  if (getLang() !== 'zh' || !rule) return rule;
  const dir = (d) => (d === 'higher' ? '越高越好' : '越低越好');
  return rule
    .replace(/^ratio: value \/ (\S+) × 100, at most (\S+)$/, '比例：实际值 / $1 × 100，最高 $2 分')
    .replace(/^ratio: (\S+) \/ value × 100, at most (\S+)$/, '比例：$1 / 实际值 × 100，最高 $2 分')
    .replace(/^linear: 100 at (\S+), 0 at (\S+), (higher|lower) is better$/, (m, a, b, d) => `线性：${a} 得 100 分，${b} 得 0 分，${dir(d)}`)
    .replace(/^bands: (.*)$/, (m, x) => `分档：${x.replace(/; /g, '；')}`)
    .replace(/^rank: percentile within the group, (higher|lower) is better$/, (m, d) => `排名：组内百分位，${dir(d)}`)
    .replace(/^pass\/fail: 100 when (≥|≤) (\S+), else 0$/, '达标：$1 $2 得 100 分，否则 0 分')
    .replace(/ is above the maximum (\S+)/, ' 高于上限 $1').replace(/ is below the minimum (\S+)/, ' 低于下限 $1')
    .replace(/: score set to 0$/, '：得分为 0').replace(/: score capped at (\S+)$/, '：得分最高 $1').replace(/: grade at most (.+)$/, '：等级最高为 $1');
}

/** Raw KPI values as they are (the card's targets are in the same units), no rounding noise. */
export function raw(v) {
  if (v == null) return t('not_computable');
  const a = Math.abs(v);
  return num(v, a !== 0 && a < 10 ? 4 : 2).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
const share = (w) => pct(w, 1);

export function renderScorecard(panel, app) {
  if (!presetList) {
    if (!presetLoading) {
      presetLoading = engineCall('presets').then((list) => { presetList = list; renderScorecard(panel, app); },
        () => { presetList = []; renderScorecard(panel, app); });
    }
    clear(panel, h('h2', null, t('sc_title')), h('p', { class: 'muted' }, '…'));
    return;
  }
  const sc = app.report?.scorecard;
  if (!app.card && sc) app.card = structuredClone(sc.definition);
  document.body.dataset.print = app.reviewAgent != null && app.tab === 'scorecard' ? 'review' : '';
  if (app.reviewAgent === ALL && sc) { allReviews(panel, app); return; }
  if (app.reviewAgent != null && sc) {
    const card = sc.agents.find((a) => a.agent === app.reviewAgent);
    if (card) { reviewPage(panel, app, card); return; }
    app.reviewAgent = null;
    document.body.dataset.print = '';
  }
  clear(panel,
    h('h2', { tabindex: -1 }, t('sc_title')),
    h('p', { class: 'muted no-print' }, t('sc_intro')),
    chooser(app),
    editorSection(app),
    sc ? results(app, sc) : h('p', { class: 'note' }, app.report ? t('sc_no_card') : t('sc_no_files')),
  );
  validateSoon(app, 0);
}

// ------------------------------------------------------------------ choose / import / export / apply
function chooser(app) {
  const id = nextId('preset');
  const sel = h('select', { id, name: 'card-preset' },
    h('option', { value: '' }, t('sc_choose')),
    presetList.map((p) => h('option', { value: p.id }, `${p.id} — ${p.card.name}`)));
  sel.value = app.cardPreset ?? '';
  sel.addEventListener('change', () => {
    const p = presetList.find((x) => x.id === sel.value);
    if (!p) return;
    app.cardPreset = p.id;
    app.card = structuredClone(p.card);
    apply(app);
  });
  const fileId = nextId('cardfile');
  const file = h('input', { type: 'file', id: fileId, accept: '.json,application/json', class: 'visually-hidden-input', name: 'card-file' });
  const msg = h('p', { class: 'error-text', role: 'alert', id: 'card-import-error' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    file.value = '';
    if (!f) return;
    try {
      const card = JSON.parse(await f.text());
      if (!card || typeof card !== 'object' || Array.isArray(card)) throw new Error('not a JSON object');
      app.card = card;
      app.cardPreset = '';
      msg.textContent = '';
      const p = await engineCall('validateScorecard', card);
      if (!p) apply(app);
      else { problem = p; app.rerenderScorecard?.(); }
    } catch (e) {
      msg.textContent = t('sc_import_error', { message: e.message });
    }
  });
  return h('div', { class: 'card-chooser no-print' },
    h('div', { class: 'field' }, h('label', { for: id }, t('sc_preset')), sel),
    h('div', { class: 'chooser-actions' },
      h('label', { class: 'btn', for: fileId }, t('sc_import')), file,
      h('button', { type: 'button', class: 'btn', id: 'export-card', disabled: !app.card,
        onclick: () => downloadJson(`${(app.card?.name || 'scorecard').replace(/[\\/:*?"<>|]+/g, '_')}.json`, app.card) }, t('sc_export'))),
    msg);
}

function apply(app) {
  if (!app.card) return;
  app.settings.scorecard = structuredClone(app.card);
  app.cardDirty = false;
  if (app.report) settingsChanged(['scorecard']);
  else app.rerenderScorecard?.();
}

// ------------------------------------------------------------------ validation next to the field
function validateSoon(app, delay = 150) {
  clearTimeout(validateTimer);
  if (!app.card) return;
  const card = app.card;
  validateTimer = setTimeout(async () => {
    let p;
    try { p = await engineCall('validateScorecard', card); } catch (e) { p = { path: '', message: e.message }; }
    if (card !== app.card) return;
    problem = p;
    showProblem();
  }, delay);
}

function showProblem() {
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
    clear(summary, h('strong', null, t('sc_problem')), ': ', h('code', null, problem.path || '—'), ' ', problem.message);
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
    err.textContent = problem.message;
    err.hidden = false;
    const input = box.querySelector(':scope > input, :scope > select');
    if (input) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', err.id); }
  }
}

// ------------------------------------------------------------------ the form editor
function kpiOptions(app) {
  const ids = new Set(BASE_KPIS);
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

function kpiName(id) {
  const k = t('k_' + id);
  return k === 'k_' + id ? id : `${id} — ${k}`;
}

function editorSection(app) {
  // A long form: folded by default so the ranking stays in view; the open state survives re-renders.
  const body = h('div');
  const wrap = h('details', { class: 'card-editor-wrap no-print', id: 'card-editor-details', open: !!app.editorOpen },
    h('summary', null, h('span', { class: 'summary-title' }, t('sc_editor')), ' ', h('span', { class: 'muted small' }, t('sc_editor_hint'))), body);
  wrap.addEventListener('toggle', () => { app.editorOpen = wrap.open; });
  app.rerenderScorecard = () => renderScorecard($('#panel-scorecard'), app);
  const draw = (focusName) => {
    clear(body, app.card ? editor(app, draw) : h('p', { class: 'muted' }, t('sc_no_card')));
    if (focusName) body.querySelector(`[name="${CSS.escape(focusName)}"]`)?.focus();
    showProblem();
  };
  draw();
  return wrap;
}

function editor(app, redraw) {
  const card = app.card;
  const kpis = kpiOptions(app);
  const changed = (structural, focusName) => {
    app.cardDirty = true;
    const st = $('#card-state');
    if (st) st.textContent = t('sc_pending');
    if (structural) redraw(focusName);
    else updateShares(card);
    validateSoon(app);
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
  const kpiSelect = (obj, key, path) => select(obj, key, path, t('sc_kpi'), kpis.map((k) => [k, kpiName(k)]));
  const removeBtn = (label, list, i, focusName) => h('button', { type: 'button', class: 'btn small-btn remove',
    onclick: () => { list.splice(i, 1); changed(true, focusName); } }, label);
  const addBtn = (label, fn, focusName) => h('button', { type: 'button', class: 'btn small-btn add',
    onclick: () => { fn(); changed(true, focusName()); } }, label);

  // ---- card header
  const head = h('div', { class: 'form-grid card-head' },
    text(card, 'name', 'name', t('sc_card_name')),
    text(card, 'description', 'description', t('sc_description'), { optional: true }),
    text(card, 'period', 'period', t('sc_period'), { optional: true }),
    select(card, 'level', 'level', t('sc_level'), ['agent', 'team', 'centre'].map((l) => [l, t('lvl_' + l)]), { def: 'agent' }));

  // ---- categories and metrics
  card.categories ||= [];
  const cats = card.categories.map((cat, ci) => {
    const p = `categories[${ci}]`;
    cat.metrics ||= [];
    const metrics = cat.metrics.map((m, mi) => metricEditor(m, `${p}.metrics[${mi}]`, mi, cat.metrics));
    return h('fieldset', { class: 'category', dataset: { path: p } },
      h('legend', null, t('sc_category', { n: ci + 1 }), cat.name ? ` · ${cat.name}` : ''),
      h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
      h('div', { class: 'form-grid' },
        text(cat, 'name', `${p}.name`, t('sc_cat_name')),
        number(cat, 'weight', `${p}.weight`, t('sc_cat_weight'), { extra: h('span', { class: 'muted small share', dataset: { share: `${ci}` } }) })),
      h('div', { class: 'metrics', dataset: { path: `${p}.metrics` } },
        h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }), metrics),
      h('p', { class: 'row-actions' },
        addBtn(t('sc_add_metric'), () => cat.metrics.push({ kpi: 'aht', weight: 10, score: 'linear', better: 'lower', target: 300, floor: 480 }),
          () => `${p}.metrics[${cat.metrics.length - 1}].kpi`),
        ' ', removeBtn(t('sc_remove_category'), card.categories, ci, 'name')));
  });

  function metricEditor(m, p, mi, list) {
    m.score ||= 'linear';
    const method = m.score;
    const fields = [
      kpiSelect(m, 'kpi', `${p}.kpi`),
      text(m, 'label', `${p}.label`, t('sc_label'), { optional: true }),
      number(m, 'weight', `${p}.weight`, t('sc_weight'), { extra: h('span', { class: 'muted small share', dataset: { share: p } }) }),
      select(m, 'score', `${p}.score`, t('sc_method'), METHODS.map((x) => [x, t('m_' + x)]), { structural: true }),
      select(m, 'better', `${p}.better`, t('sc_better'), [['higher', t('better_higher')], ['lower', t('better_lower')]], { def: 'higher' }),
    ];
    if (method !== 'bands' && method !== 'rank') fields.push(number(m, 'target', `${p}.target`, t('sc_target'), { optional: true }));
    if (method === 'linear') fields.push(number(m, 'floor', `${p}.floor`, t('sc_floor'), { optional: true }));
    if (method === 'ratio') fields.push(number(m, 'cap', `${p}.cap`, t('sc_cap'), { optional: true }));
    const perHourId = nextId('f');
    const perHour = h('input', { type: 'checkbox', id: perHourId, name: `${p}.per_hour` });
    perHour.checked = !!m.per_hour;
    perHour.addEventListener('change', () => { if (perHour.checked) m.per_hour = true; else delete m.per_hour; changed(false); });
    fields.push(h('div', { class: 'field check', dataset: { path: `${p}.per_hour` } }, perHour, h('label', { for: perHourId }, t('sc_per_hour'))));
    let bands = null;
    if (method === 'bands') {
      m.bands ||= [[0, 100]];
      bands = h('div', { class: 'bands', dataset: { path: `${p}.bands` } },
        h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
        h('table', { class: 'data mini' },
          h('caption', null, t('sc_bands')),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('sc_threshold')), h('th', { scope: 'col' }, t('sc_points')), h('th'))),
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
      h('p', { class: 'row-actions' }, removeBtn(t('sc_remove_metric'), list, mi, `${p.replace(/\.metrics\[\d+\]$/, '')}.name`)));
  }

  // ---- gates
  card.gates ||= [];
  const gradeLabels = (card.grades || []).map((g) => g[1]);
  const gates = card.gates.map((g, gi) => {
    const p = `gates[${gi}]`;
    const f = [kpiSelect(g, 'kpi', `${p}.kpi`),
      number(g, 'min', `${p}.min`, t('sc_min'), { optional: true }),
      number(g, 'max', `${p}.max`, t('sc_max'), { optional: true }),
      select(g, 'effect', `${p}.effect`, t('sc_effect'), EFFECTS.map((e) => [e, t('eff_' + e)]), { structural: true })];
    if (g.effect === 'cap_grade') f.push(select(g, 'grade', `${p}.grade`, t('sc_gate_grade'), [['', '—'], ...gradeLabels.map((l) => [l, l])]));
    if (g.effect === 'cap_score') f.push(number(g, 'score', `${p}.score`, t('sc_gate_score'), { optional: true }));
    if (g.effect !== 'cap_grade') delete g.grade;
    if (g.effect !== 'cap_score') delete g.score;
    return h('div', { class: 'gate', dataset: { path: p } },
      h('h4', null, t('sc_gate', { n: gi + 1 })),
      h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
      h('div', { class: 'form-grid metric-grid' }, f),
      h('p', { class: 'row-actions' }, removeBtn(t('sc_remove'), card.gates, gi, 'name')));
  });

  // ---- grades
  card.grades ||= [];
  const grades = h('table', { class: 'data mini grades', dataset: { path: 'grades' } },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('sc_grade_min')), h('th', { scope: 'col' }, t('sc_grade_label')),
      h('th', { scope: 'col' }, t('sc_grade_coef')), h('th'))),
    h('tbody', null, card.grades.map((g, i) => h('tr', null,
      h('td', null, number(g, 0, `grades[${i}][0]`, `${t('sc_grade_min')} ${i + 1}`)),
      h('td', null, text(g, 1, `grades[${i}][1]`, `${t('sc_grade_label')} ${i + 1}`)),
      h('td', null, number(g, 2, `grades[${i}][2]`, `${t('sc_grade_coef')} ${i + 1}`)),
      h('td', null, removeBtn(t('sc_remove'), card.grades, i, 'name'))))));

  // ---- minimum sample (an object KPI → minimum)
  card.min_sample ||= {};
  const minRows = Object.entries(card.min_sample).map(([k, v], i) => {
    const holder = { kpi: k, v };
    const p = `min_sample.${k}`;
    const kSel = h('select', { id: nextId('f'), name: `min_sample[${i}].kpi` }, kpis.map((x) => h('option', { value: x }, kpiName(x))));
    kSel.value = k;
    kSel.addEventListener('change', () => {
      const entries = Object.entries(card.min_sample).map(([kk, vv]) => (kk === k ? [kSel.value, vv] : [kk, vv]));
      card.min_sample = Object.fromEntries(entries);
      changed(true, `min_sample[${i}].kpi`);
    });
    const input = h('input', { type: 'number', step: 'any', id: nextId('f'), name: p, value: holder.v });
    input.addEventListener('input', () => { card.min_sample[k] = input.value === '' ? null : Number(input.value); changed(false); });
    return h('div', { class: 'form-grid metric-grid', dataset: { path: p } },
      h('div', { class: 'field' }, h('label', { for: kSel.id }, t('sc_kpi')), kSel),
      field(p, t('sc_min_value'), input),
      h('p', { class: 'row-actions' }, h('button', { type: 'button', class: 'btn small-btn remove',
        onclick: () => { delete card.min_sample[k]; changed(true, 'name'); } }, t('sc_remove'))));
  });

  // ---- goals
  card.goals ||= [];
  const goals = card.goals.map((g, gi) => {
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
  const lastDay = app.report?.by_day?.filter((d) => d.day).map((d) => d.day) || [];

  const form = h('form', { id: 'card-editor', class: 'card-editor', novalidate: true, dataset: { path: '' },
    onsubmit: (e) => { e.preventDefault(); if (!problem) apply(app); } },
    h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }),
    head,
    h('p', { class: 'muted small' }, t('sc_weights_note')),
    h('div', { dataset: { path: 'categories' } }, h('span', { class: 'field-error', id: nextId('err'), role: 'alert', hidden: true }), cats),
    h('p', null, addBtn(t('sc_add_category'), () => card.categories.push({ name: '', weight: 10,
      metrics: [{ kpi: 'answered', weight: 10, score: 'rank', better: 'higher' }] }), () => `categories[${card.categories.length - 1}].name`)),
    h('fieldset', null, h('legend', null, t('sc_gates')), gates,
      addBtn(t('sc_add_gate'), () => card.gates.push({ kpi: 'qa_autofail_count', max: 0, effect: 'zero' }), () => `gates[${card.gates.length - 1}].kpi`)),
    h('fieldset', null, h('legend', null, t('sc_grades')), grades,
      addBtn(t('sc_add_grade'), () => { const lo = card.grades[card.grades.length - 1]; card.grades.push([lo ? lo[0] - 10 : 60, '', lo ? lo[2] : 1]); },
        () => `grades[${card.grades.length - 1}][1]`)),
    h('fieldset', null, h('legend', null, t('sc_min_sample')), minRows,
      addBtn(t('sc_add_min'), () => { const k = ['answered', 'qa_evaluations', 'csat_responses'].find((x) => !(x in card.min_sample)) || 'worked_hours'; card.min_sample[k] = 1; },
        () => `min_sample.${Object.keys(card.min_sample).pop()}`)),
    h('fieldset', null, h('legend', null, t('sc_goals_edit')), goals,
      addBtn(t('sc_add_goal'), () => card.goals.push({ kpi: 'aht', baseline_from: lastDay[0] || '2026-01-01', baseline_to: lastDay[Math.min(9, lastDay.length - 1)] || '2026-01-10',
        change: -0.15, deadline: '2026-12-31' }), () => `goals[${card.goals.length - 1}].kpi`)),
    h('div', { id: 'card-problem', role: 'status', 'aria-live': 'polite' }),
    h('p', { class: 'apply-row' },
      h('button', { type: 'submit', class: 'btn primary', id: 'apply-card' }, t('sc_apply')), ' ',
      h('span', { id: 'card-state', class: 'muted' }, app.cardDirty ? t('sc_pending') : app.report?.scorecard ? t('sc_applied') : '')));
  updateShares(card, form);
  return form;
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

// ------------------------------------------------------------------ ranking, distribution, teams, goals
function statusText(s) { return t('st_' + s); }

function results(app, sc) {
  const rows = [...sc.agents].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.total - a.total);
  const cols = [
    { key: 'rank', label: t('c_rank'), num: true, value: (r) => r.rank, fmt: (v) => (v == null ? t('not_ranked') : int(v)) },
    { key: 'agent', label: t('c_agent'), value: (r) => r.agent },
    { key: 'name', label: t('c_name'), value: (r) => r.name ?? '' },
    { key: 'team', label: t('c_team'), value: (r) => r.team ?? '' },
    { key: 'total', label: t('c_total'), num: true, value: (r) => r.total, fmt: (v) => num(v, 1) },
    { key: 'grade', label: t('c_grade'), value: (r) => r.grade ?? '', fmt: (v) => v || '—' },
    { key: 'coefficient', label: t('c_coef'), num: true, value: (r) => r.coefficient, fmt: (v) => (v == null ? '—' : num(v, 2)) },
    { key: 'status', label: t('c_status'), value: (r) => statusText(r.status) },
    { key: 'max_rank_change', label: t('c_max_rank_change'), num: true, value: (r) => r.max_rank_change ?? null, fmt: (v) => (v == null ? '—' : int(v)) },
    { key: 'missing', label: t('c_missing'), value: (r) => (r.missing || []).join(', ') },
  ];
  const ranked = sc.agents.filter((a) => a.status === 'ranked');
  return h('div', null,
    h('section', { class: 'sc-ranking', 'aria-labelledby': 'sc-ranking-title' },
      h('h3', { id: 'sc-ranking-title' }, `${t('sc_ranking')} · ${sc.name}`),
      h('p', { class: 'muted no-print' }, t('sc_ranking_hint'), ' ',
        h('button', { type: 'button', class: 'btn small-btn', id: 'review-all', onclick: () => openReview(app, ALL) }, t('rv_all'))),
      h('div', { class: 'ranking-grid' },
        dataTable(cols, rows, {
          id: 'ranking-table', title: t('sc_ranking'), csvName: 'callscore-ranking.csv',
          filter: (r) => `${r.agent} ${r.name ?? ''} ${r.team ?? ''} ${r.grade ?? ''}`,
          rowData: (r) => ({ agent: r.agent, total: String(r.total), grade: r.grade ?? '', rank: r.rank ?? '', status: r.status }),
          onOpen: (r) => openReview(app, r.agent),
        }),
        gradeChart(sc, sc.agents.length - ranked.length))),
    teamsSection(sc, ranked),
    goalsSection(sc));
}

/** Grade distribution as labelled horizontal bars (DOM: readable, printable, no canvas needed). */
function gradeChart(sc, insufficient) {
  const items = [...sc.grade_distribution.map(([g, n]) => ({ g, n, cls: '' })), { g: t('st_insufficient_data'), n: insufficient, cls: 'insufficient' }];
  const max = Math.max(1, ...items.map((i) => i.n));
  return h('figure', { class: 'grade-chart', id: 'grade-chart' },
    h('figcaption', null, t('sc_grade_dist')),
    h('ul', null, items.map((i) => {
      const bar = h('span', { class: `gbar ${i.cls}` });
      bar.style.width = `${(i.n / max) * 100}%`;
      return h('li', { dataset: { grade: i.cls ? '' : i.g, count: String(i.n) } },
        h('span', { class: 'glabel' }, i.g), h('span', { class: 'gtrack', 'aria-hidden': 'true' }, bar), h('span', { class: 'gcount' }, int(i.n)));
    })));
}

function teamsSection(sc, ranked) {
  const mean = (team) => {
    const xs = ranked.filter((a) => a.team === team).map((a) => a.total);
    return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
  };
  return h('section', null,
    h('h3', null, t('sc_teams')),
    h('p', { class: 'muted small' }, t('sc_team_note')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'team-cards' },
      h('thead', null, h('tr', null, [t('c_team'), t('c_total'), t('c_grade'), t('c_coef'), t('c_agent_mean'), t('c_status')]
        .map((l, i) => h('th', { scope: 'col', class: i && i !== 2 && i !== 5 ? 'num' : null }, l)))),
      h('tbody', null, sc.teams.map((c) => h('tr', { dataset: { team: c.agent, total: String(c.total) } },
        h('th', { scope: 'row' }, c.agent), h('td', { class: 'num' }, num(c.total, 1)), h('td', null, c.grade ?? '—'),
        h('td', { class: 'num' }, c.coefficient == null ? '—' : num(c.coefficient, 2)), h('td', { class: 'num' }, mean(c.agent) == null ? '—' : num(mean(c.agent), 1)),
        h('td', null, statusText(c.status))))))),
    sc.centre ? h('p', { id: 'centre-card', dataset: { total: String(sc.centre.total) } }, h('strong', null, t('sc_centre')), ': ',
      t('sc_centre_line', { total: num(sc.centre.total, 1), grade: sc.centre.grade ?? '—' })) : null);
}

function goalsSection(sc) {
  if (!sc.goals.length) return h('section', null, h('h3', null, t('sc_goals')), h('p', { class: 'muted' }, t('sc_no_goals')));
  const v = (x) => (x == null ? t('not_computable') : raw(x));
  return h('section', null, h('h3', null, t('sc_goals')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'goals-table' },
      h('thead', null, h('tr', null, [t('c_kpi'), t('c_baseline'), t('c_goal_target'), t('c_current'), t('c_progress'), t('c_elapsed'), t('c_deadline'), t('c_status')]
        .map((l) => h('th', { scope: 'col' }, l)))),
      h('tbody', null, sc.goals.map((g, i) => {
        const def = sc.definition.goals?.[i];
        const bar = h('span', { class: 'bar me' });
        bar.style.width = `${Math.max(0, Math.min(1, g.progress ?? 0)) * 100}%`;
        return h('tr', { dataset: { kpi: g.kpi, status: g.status, progress: g.progress == null ? '' : String(g.progress) } },
          h('th', { scope: 'row' }, g.label ? `${g.label} (${g.kpi})` : kpiName(g.kpi)),
          h('td', null, v(g.baseline), def ? h('div', { class: 'muted small' }, `${day(def.baseline_from)} – ${day(def.baseline_to)}`) : null),
          h('td', null, v(g.target)),
          h('td', null, v(g.current), g.current_from ? h('div', { class: 'muted small' }, `${day(g.current_from)} – ${day(g.current_to)}`) : null),
          h('td', null, g.progress == null ? t('not_computable') : pct(g.progress, 0), h('span', { class: 'bar-track' }, bar)),
          h('td', null, g.elapsed == null ? t('not_computable') : pct(g.elapsed, 0)),
          h('td', null, day(g.deadline)),
          h('td', { class: `goal-${g.status}` }, t('gs_' + g.status)));
      })))));
}

// ------------------------------------------------------------------ the printable review page
export function openReview(app, id) {
  app.reviewAgent = id;
  renderScorecard($('#panel-scorecard'), app);
  $('#panel-scorecard h2')?.focus();
}
function closeReview(app) {
  const id = app.reviewAgent;
  app.reviewAgent = null;
  renderScorecard($('#panel-scorecard'), app);
  (id === ALL ? $('#review-all') : $(`#ranking-table tr[data-agent="${CSS.escape(id)}"]`))?.focus();
}

function reviewPage(panel, app, c) {
  clear(panel, h('article', { class: 'review-page', dataset: { reviewAgent: c.agent } },
    h('p', { class: 'no-print review-tools' },
      h('button', { type: 'button', class: 'btn', id: 'review-back', onclick: () => closeReview(app) }, t('rv_back')), ' ',
      h('button', { type: 'button', class: 'btn primary', id: 'review-print', onclick: () => window.print() }, t('rv_print'))),
    h('h2', { tabindex: -1 }, `${t('rv_title')} · ${c.agent}${c.name ? ` · ${c.name}` : ''}`),
    reviewBody(app, c)));
}

/** Every agent's review page in ranking order, each printed on its own page. */
function allReviews(panel, app) {
  const sc = app.report.scorecard;
  const rows = [...sc.agents].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.total - a.total);
  clear(panel,
    h('p', { class: 'no-print review-tools' },
      h('button', { type: 'button', class: 'btn', id: 'review-back', onclick: () => closeReview(app) }, t('rv_back')), ' ',
      h('button', { type: 'button', class: 'btn primary', id: 'review-print', onclick: () => window.print() }, t('rv_print'))),
    h('h2', { tabindex: -1, class: 'no-print' }, t('rv_all_title', { n: rows.length })),
    rows.map((c) => h('article', { class: 'review-page many', dataset: { reviewAgent: c.agent } },
      h('h3', { class: 'review-h' }, `${t('rv_title')} · ${c.agent}${c.name ? ` · ${c.name}` : ''}`),
      reviewBody(app, c))));
}

function reviewBody(app, c) {
  const one = app.reviewAgent !== ALL;
  const r = app.report;
  const sc = r.scorecard;
  const team = sc.teams.find((x) => x.agent === c.team);
  const centre = sc.centre;
  const ranked = sc.agents.filter((a) => a.status === 'ranked').length;
  const days = r.by_day.filter((d) => d.day).map((d) => d.day);
  const label = (m) => (m.label ? `${m.label} (${m.kpi})` : kpiName(m.kpi));
  const numDen = (m) => (m.numerator == null || m.denominator == null ? '—' : `${raw(m.numerator)} / ${raw(m.denominator)}`);
  const sumContrib = c.metrics.reduce((s, m) => s + m.contribution, 0);

  const breakdown = h('table', { class: 'data breakdown', id: one ? 'review-breakdown' : null },
    h('thead', null, h('tr', null, [t('c_category'), t('c_metric'), t('c_value'), t('c_num_den'), t('sc_target'), t('c_rule'), t('c_points'), t('c_weight'), t('c_contribution')]
      .map((l, i) => h('th', { scope: 'col', class: [2, 3, 4, 6, 7, 8].includes(i) ? 'num' : null }, l)))),
    h('tbody', null, c.metrics.map((m) => h('tr', { dataset: { kpi: m.kpi, points: m.points == null ? '' : String(m.points), contribution: String(m.contribution) } },
      h('td', null, m.category), h('th', { scope: 'row' }, label(m)),
      h('td', { class: 'num' }, raw(m.value)), h('td', { class: 'num' }, numDen(m)),
      h('td', { class: 'num' }, m.target == null ? '—' : raw(m.target)),
      h('td', { class: 'rule' }, localRule(m.rule)),
      h('td', { class: 'num' }, m.points == null ? t('not_computable') : num(m.points, 2)),
      h('td', { class: 'num' }, `${share(m.weight)} (${raw(m.raw_weight)})`),
      h('td', { class: 'num' }, num(m.contribution, 2))))),
    h('tfoot', null,
      h('tr', null, h('th', { scope: 'row', colspan: 8 }, t('rv_sum')), h('td', { class: 'num' }, num(sumContrib, 2))),
      h('tr', null, h('th', { scope: 'row', colspan: 8 }, t('rv_gate_adj')), h('td', { class: 'num' }, num(c.gate_adjustment, 2))),
      h('tr', { class: 'total-row' }, h('th', { scope: 'row', colspan: 8 }, t('rv_total')), h('td', { class: 'num review-total', id: one ? 'review-total' : null, dataset: { value: String(c.total) } }, num(c.total, 2)))));

  // This agent's values and points against the team and centre cards, metric by metric.
  const find = (card, kpi) => card?.metrics.find((m) => m.kpi === kpi);
  const vs = h('table', { class: 'data compare-card' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('c_metric')),
      h('th', { scope: 'col', class: 'num' }, t('c_this_agent')),
      h('th', { scope: 'col', class: 'num' }, t('c_team_card', { team: c.team ?? t('unknown') })),
      h('th', { scope: 'col', class: 'num' }, t('c_centre_card')))),
    h('tbody', null,
      h('tr', { class: 'total-row' }, h('th', { scope: 'row' }, t('c_total')), h('td', { class: 'num' }, `${num(c.total, 1)} · ${c.grade ?? '—'}`),
        h('td', { class: 'num' }, team ? `${num(team.total, 1)} · ${team.grade ?? '—'}` : '—'),
        h('td', { class: 'num' }, centre ? `${num(centre.total, 1)} · ${centre.grade ?? '—'}` : '—')),
      c.metrics.map((m) => {
        const cell = (x) => h('td', { class: 'num' }, x ? `${raw(x.value)} → ${x.points == null ? '—' : num(x.points, 1)}` : '—');
        return h('tr', null, h('th', { scope: 'row' }, label(m)), cell(m), cell(find(team, m.kpi)), cell(find(centre, m.kpi)));
      })));

  const sens = h('table', { class: 'data sensitivity' },
    h('thead', null, h('tr', null, [t('c_dropped'), t('c_total_without'), t('c_rank_without'), t('c_rank_change')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : null }, l)))),
    h('tbody', null, (c.sensitivity || []).map((s) => h('tr', null, h('th', { scope: 'row' }, kpiName(s.dropped)),
      h('td', { class: 'num' }, num(s.total, 1)), h('td', { class: 'num' }, int(s.rank)),
      h('td', { class: 'num' }, s.rank_change > 0 ? `+${s.rank_change}` : String(s.rank_change))))));

  const qa = r.people?.qa;
  const myItems = (qa?.by_agent_item || []).filter((x) => x.agent === c.agent);
  const centreRate = new Map((qa?.items || []).map((x) => [x.item, x.fail_rate]));
  const qaItems = myItems.length ? h('table', { class: 'data qa-items', id: one ? 'review-qa' : null },
    h('thead', null, h('tr', null, [t('c_item'), t('c_evaluated'), t('c_failed'), t('c_fail_rate'), t('c_centre_fail_rate')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : null }, l)))),
    h('tbody', null, [...myItems].sort((a, b) => (b.fail_rate ?? 0) - (a.fail_rate ?? 0)).map((x) => h('tr', { dataset: { item: x.item } },
      h('th', { scope: 'row' }, x.item), h('td', { class: 'num' }, int(x.evaluated)), h('td', { class: 'num' }, int(x.failed)),
      h('td', { class: 'num' }, pct(x.fail_rate, 0)), h('td', { class: 'num' }, pct(centreRate.get(x.item), 0))))))
    : h('p', { class: 'muted' }, t('rv_no_qa'));
  const months = (qa?.by_agent_month || []).filter((x) => x.key.startsWith(`${c.agent}|`));
  const trend = months.length ? h('table', { class: 'data qa-trend' },
    h('thead', null, h('tr', null, [t('c_month'), t('c_evaluations'), t('c_qa_score'), t('c_autofails')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : null }, l)))),
    h('tbody', null, months.map((x) => h('tr', null, h('th', { scope: 'row' }, x.key.split('|')[1]), h('td', { class: 'num' }, int(x.evaluations)),
      h('td', { class: 'num' }, num(x.qa_score, 1)), h('td', { class: 'num' }, int(x.auto_fails)))))) : null;

  const headline = c.status === 'ranked'
    ? h('p', { class: 'review-score' }, h('span', { class: 'big' }, num(c.total, 1)), ' ', h('span', { class: 'grade' }, c.grade ?? '—'),
      ' · ', `${t('c_coef')} ${c.coefficient == null ? '—' : num(c.coefficient, 2)}`, ' · ', t('rv_rank', { rank: c.rank, n: ranked }))
    : h('p', { class: 'review-score insufficient' }, h('span', { class: 'big' }, num(c.total, 1)), ' ',
      t('rv_insufficient', { list: c.insufficient.map((s) => `${s.kpi} ${s.value == null ? '—' : raw(s.value)} < ${raw(s.minimum)}`).join(', ') }));

  return h('div', { class: 'review-body' },
    h('dl', { class: 'kv review-meta' },
      h('dt', null, t('rv_team')), h('dd', null, c.team ?? t('unknown')),
      h('dt', null, t('rv_card')), h('dd', null, sc.name),
      h('dt', null, t('rv_period')), h('dd', null, days.length ? `${day(days[0])} – ${day(days[days.length - 1])}` : '—')),
    headline,
    c.gates.length ? h('p', { class: 'note' }, `${t('rv_gates_fired')}: ${c.gates.map((g) => localRule(g.detail)).join('; ')}`) : null,
    h('h3', null, t('rv_breakdown')),
    h('p', { class: 'muted small' }, t('rv_breakdown_note')),
    h('div', { class: 'table-scroll' }, breakdown),
    c.missing.length ? h('p', { class: 'muted small' }, t('rv_missing', { list: c.missing.join(', ') })) : null,
    h('div', { class: 'review-cols' },
      h('section', null, h('h3', null, t('rv_vs')), vs),
      h('section', null, h('h3', null, t('rv_sensitivity')), sens, h('p', { class: 'muted small' }, t('rv_sens_note')))),
    h('div', { class: 'review-cols' },
      h('section', null, h('h3', null, t('rv_qa')), qaItems),
      trend ? h('section', null, h('h3', null, t('rv_trend')), trend) : null),
    h('div', { class: 'signatures' },
      h('p', null, t('rv_sign'), h('span', { class: 'line' })),
      h('p', null, t('rv_sign_leader'), h('span', { class: 'line' })),
      h('p', null, t('rv_sign_date'), h('span', { class: 'line' }))));
}
