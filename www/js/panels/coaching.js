// Coaching on the review page (辅导记录, 改进行动计划): a note and an improvement plan per agent per
// period, entered here and kept in the `coaching` setting — recomputed without reading again,
// remembered with the other settings for this kind of file and exported in the settings file.
// The review page prints the notes of the previous period (what was agreed last time) and this one's.
import { h, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { day as fmtDay } from '../ui/format.js';
import { reviewPeriod, previousPeriod, upsertCoaching, coachingNote } from '../periods.js';

/** Today, YYYY-MM-DD, in this browser's zone. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A note as printed: period, the note, the plan, who and when. */
function noteBlock(n, cls, id) {
  return h('div', { class: `coaching-note ${cls}`, id, dataset: { period: n.period } },
    h('p', { class: 'coaching-head' }, h('strong', null, n.period),
      n.by || n.date ? ` · ${[n.by, n.date ? fmtDay(n.date) : null].filter(Boolean).join(' · ')}` : ''),
    n.note ? h('p', null, h('span', { class: 'muted' }, `${t('coach_note')}: `), h('span', { class: 'coaching-text' }, n.note)) : null,
    n.plan ? h('p', null, h('span', { class: 'muted' }, `${t('coach_plan')}: `), h('span', { class: 'coaching-text' }, n.plan)) : null);
}

/**
 * The coaching section of agent `agent` on the review page: the previous period's note (printed),
 * this period's, and (one agent only, not printed) the form. `actions.settingsChanged(['coaching'])`
 * recomputes the report with the note.
 */
export function coachingSection(app, actions, agent, { form = true, month = null } = {}) {
  const r = app.report;
  // The appraisal month of the card shown (scorecard/period.js), else the report's review period.
  const period = month ?? reviewPeriod(r);
  const prev = previousPeriod(r, period);
  // The report's notes are the engine's (its agents only); the setting holds what was entered.
  const notes = r.coaching?.length ? r.coaching : app.settings.coaching || [];
  const mine = notes.filter((n) => n.agent === agent);
  const prevNote = prev ? coachingNote(mine, agent, prev) : null;
  const curNote = period ? coachingNote(mine, agent, period) : null;

  // Without a note of either period nothing prints (the review page stays on one printed page).
  const out = h('section', { class: 'coaching', id: form ? 'coaching' : null,
    dataset: { empty: prevNote || curNote ? '' : '1' } },
    h('h3', null, t('coach_title')),
    h('h4', null, t('coach_previous', { period: prev ?? '—' })),
    prevNote ? noteBlock(prevNote, 'previous', form ? 'coaching-previous' : null)
      : h('p', { class: 'muted small', id: form ? 'coaching-previous-none' : null }, t('coach_none')),
    h('h4', null, t('coach_current', { period: period ?? '—' })),
    curNote ? noteBlock(curNote, 'current', form ? 'coaching-current' : null)
      : h('p', { class: 'muted small' }, t('coach_none')));
  if (!form) return out;

  // The form: a period (the report's months, this one first), the note, the plan, who wrote it.
  const months = (r.by_month || []).map((m) => m.period).reverse();
  const periods = [...new Set([period, ...months].filter(Boolean))];
  const ids = { period: nextId('coach'), note: nextId('coach'), plan: nextId('coach'), by: nextId('coach') };
  const sel = h('select', { id: ids.period, name: 'coaching_period' }, periods.map((p) => h('option', { value: p }, p)));
  const note = h('textarea', { id: ids.note, name: 'coaching_note', rows: 3, maxlength: 4000 });
  const plan = h('textarea', { id: ids.plan, name: 'coaching_plan', rows: 3, maxlength: 4000 });
  const by = h('input', { type: 'text', id: ids.by, name: 'coaching_by', maxlength: 200 });
  const fill = () => {
    const n = coachingNote(app.settings.coaching, agent, sel.value) || coachingNote(mine, agent, sel.value);
    note.value = n?.note ?? '';
    plan.value = n?.plan ?? '';
    by.value = n?.by ?? '';
  };
  sel.addEventListener('change', fill);
  fill();
  const status = h('span', { class: 'muted small', role: 'status', id: 'coaching-status' });
  const save = h('button', { type: 'button', class: 'btn primary', id: 'coaching-save' }, t('coach_save'));
  save.addEventListener('click', () => {
    const entry = { agent, period: sel.value, note: note.value.trim(), plan: plan.value.trim(), date: today() };
    if (by.value.trim()) entry.by = by.value.trim();
    const next = upsertCoaching(app.settings.coaching, entry);
    if (next.length) app.settings.coaching = next; else delete app.settings.coaching;
    status.textContent = t('coach_saved');
    actions.settingsChanged(['coaching']);
  });
  out.append(h('details', { class: 'coaching-form no-print', open: true },
    h('summary', null, t('coach_edit')),
    h('div', { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { for: ids.period }, t('coach_period')), sel),
      h('div', { class: 'field' }, h('label', { for: ids.by }, t('coach_by')), by)),
    h('div', { class: 'field' }, h('label', { for: ids.note }, t('coach_note')), note),
    h('div', { class: 'field' }, h('label', { for: ids.plan }, t('coach_plan')), plan),
    h('p', null, save, ' ', status)));
  return out;
}
