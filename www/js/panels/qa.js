// Quality / 质检 tab: the QA form used (inferred or chosen), item failure rates, the evaluator check
// (mean, bias against colleagues on the same agents, flag) and calibration agreement
// (Krippendorff's alpha) on calls several evaluators scored. The form presets offered and the
// scoring rule are the engine's (catalog.js, the report's people.qa.rule). The engine's notes on the
// people files (e.g. flagged evaluators' evaluations left out: Settings, qa_evaluator_bias) are shown.
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, num, pct } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { choices } from '../catalog.js';
import { msg, idLabel } from '../messages.js';

/** The Quality tab in `el`; reads state.report, sets state.settings.qa_form (actions.settingsChanged). */
export function createQaPanel({ el, state, actions }) {
  return { render: () => render(el, state, actions) };
}

function render(panel, app, actions) {
  const qa = app.report.people?.qa;
  if (!qa) {
    clear(panel, h('h2', null, t('qa_title')), h('p', { class: 'note' }, t('qa_none')));
    return;
  }
  clear(panel,
    h('h2', null, t('qa_title')),
    formChooser(app, qa, actions),
    h('p', { id: 'qa-summary' }, t('qa_summary', { n: int(qa.evaluations), mean: num(qa.mean_score, 1),
      af: int(qa.auto_fails) })),
    h('p', { class: 'muted small', id: 'qa-rule' }, msg(qa.rule)),
    peopleNotes(app.report.people.notes || []),
    itemsSection(qa),
    evaluatorsSection(qa),
    calibrationSection(qa),
    monthSection(qa));
}

/** The engine's notes about the people files, once. */
function peopleNotes(notes) {
  if (!notes.length) return null;
  return h('section', { class: 'notes', id: 'qa-notes' }, h('h3', null, t('qa_people_notes')),
    h('ul', null, notes.map((n) => h('li', { dataset: { code: n.code ?? '' } }, msg(n)))));
}

function formChooser(app, qa, actions) {
  const id = nextId('qaform');
  const cur = typeof app.settings.qa_form === 'string' ? app.settings.qa_form.replace(/^preset:/, '') : '';
  const itemCount = qa.form.sections.reduce((s, x) => s + x.items.length, 0);
  const sel = h('select', { id, name: 'qa-form' },
    h('option', { value: '' }, `${t('qa_form_inferred')}${qa.form.inferred ? ` (${itemCount})` : ''}`),
    choices('qa_form_preset').map((f) => h('option', { value: f }, f)));
  sel.value = cur;
  sel.addEventListener('change', () => {
    if (sel.value) app.settings.qa_form = `preset:${sel.value}`;
    else delete app.settings.qa_form;
    actions.settingsChanged(['qa_form']);
  });
  const items = qa.form.sections.flatMap((s) => s.items
    .map((i) => `${i.id} (${idLabel('qa_kind_', i.kind)}${i.critical ? ', ' + t('c_critical') : ''})`));
  return h('div', { class: 'no-print qa-form' },
    h('div', { class: 'field' }, h('label', { for: id }, t('qa_form')), sel),
    qa.form.inferred ? h('p', { class: 'muted small' }, t('qa_form_note'), ' ', items.join(' · ')) : h('p',
      { class: 'muted small' }, `${qa.form.name}: ${items.join(' · ')}`));
}

function itemsSection(qa) {
  const max = Math.max(0.0001, ...qa.items.map((i) => i.fail_rate ?? 0));
  const cols = [
    { key: 'item', label: t('c_item'), value: (r) => r.item },
    { key: 'section', label: t('c_section'), value: (r) => r.section },
    { key: 'critical', label: t('c_critical'), value: (r) => (r.critical ? t('yes') : t('no')) },
    { key: 'evaluated', label: t('c_evaluated'), num: true, value: (r) => r.evaluated, fmt: int },
    { key: 'failed', label: t('c_failed'), num: true, value: (r) => r.failed, fmt: int },
    { key: 'fail_rate', label: t('c_fail_rate'), num: true, value: (r) => r.fail_rate,
      fmt: (v) => {
        const bar = h('span', { class: 'bar bad' });
        bar.style.width = `${((v ?? 0) / max) * 100}%`;
        return h('span', null, pct(v, 1), h('span', { class: 'bar-track' }, bar));
      },
    },
  ];
  return h('section', null, h('h3', null, t('qa_items')),
    dataTable(cols, qa.items, { id: 'qa-items', title: t('qa_items'), csvName: 'callscore-qa-items.csv',
      rowData: (r) => ({ item: r.item, failRate: String(r.fail_rate ?? '') }) }));
}

function evaluatorsSection(qa) {
  const cols = [t('c_evaluator'), t('c_evaluations'), t('c_agents'), t('c_mean'), t('c_compared'), t('c_bias'),
    t('c_t'), t('c_flag')];
  return h('section', null, h('h3', null, t('qa_evaluators')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'qa-evaluators' },
      h('thead', null, h('tr', null, cols.map((l, i) => h('th', { scope: 'col', class: i && i < 7 ? 'num' : null },
        l)))),
      h('tbody', null, qa.by_evaluator.map((e) => h('tr', {
        class: e.flagged ? 'flagged' : null,
        dataset: { evaluator: e.evaluator, flagged: String(e.flagged), bias: e.bias == null ? '' : String(e.bias) },
      },
      h('th', { scope: 'row' }, e.evaluator), h('td', { class: 'num' }, int(e.evaluations)),
        h('td', { class: 'num' }, int(e.agents)),
      h('td', { class: 'num' }, num(e.mean_score, 1)), h('td', { class: 'num' }, int(e.compared)),
      h('td', { class: 'num' }, e.bias == null ? '—' : `${e.bias > 0 ? '+' : ''}${num(e.bias, 1)}`),
      h('td', { class: 'num' }, e.t == null ? '—' : num(e.t, 1)),
      h('td', null, e.flagged ? h('strong', null, t('qa_flagged')) : t('qa_ok'))))))),
    h('p', { class: 'muted small' }, t('qa_bias_note')));
}

function calibrationSection(qa) {
  const c = qa.calibration;
  if (!c) return h('section', null, h('h3', null, t('qa_calibration')),
    h('p', { class: 'muted' }, t('qa_no_calibration')));
  const a = c.alpha;
  const verdict = a == null ? ''
    : a >= 0.8 ? t('qa_alpha_good') : a >= 0.667 ? t('qa_alpha_tentative') : t('qa_alpha_poor');
  const evaluators = [...new Set(c.sessions.flatMap((s) => Object.keys(s.scores)))].sort();
  return h('section', null, h('h3', null, t('qa_calibration')),
    h('p', { class: `alpha ${a != null && a < 0.667 ? 'poor' : ''}`, id: 'qa-alpha',
      dataset: { value: a == null ? '' : String(a) } },
      h('strong', null, `${t('qa_alpha')}: `), a == null ? t('not_computable') : num(a, 3),
        verdict ? ` — ${verdict}` : ''),
    h('p', { class: 'muted small' }, t('qa_alpha_means')),
    h('p', null, t('qa_cal_line', { calls: int(c.calls), scores: int(c.scores), ev: int(c.evaluators),
      range: num(c.mean_range, 1) })),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data', id: 'qa-calibration' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('c_call')),
        evaluators.map((e) => h('th', { scope: 'col', class: 'num' }, e)),
        h('th', { scope: 'col', class: 'num' }, t('c_range')))),
      h('tbody', null, c.sessions.map((s) => h('tr', null, h('th', { scope: 'row' }, s.call_id),
        evaluators.map((e) => h('td', { class: 'num' }, s.scores[e] == null ? '—' : num(s.scores[e], 1))),
        h('td', { class: 'num' }, num(s.range, 1))))))));
}

function monthSection(qa) {
  return h('section', null, h('h3', null, t('qa_by_month')),
    h('table', { class: 'data mini' },
      h('thead', null, h('tr', null, [t('c_month'), t('c_evaluations'), t('c_qa_score'),
        t('c_autofails')].map((l, i) => h('th', { scope: 'col', class: i ? 'num' : null }, l)))),
      h('tbody', null, qa.by_month.map((m) => h('tr', null, h('th', { scope: 'row' }, m.key),
        h('td', { class: 'num' }, int(m.evaluations)),
        h('td', { class: 'num' }, num(m.qa_score, 1)), h('td', { class: 'num' }, int(m.auto_fails)))))));
}
