// The filter bar, above every tab: the active filter in one line (printed too) with a clear button,
// and a form (a <details>, not printed) for the dates and the queues, agents and teams to keep or
// leave out. Filters apply while reading: applying one reads the held files again (with progress).
// The pickers offer every name seen in the reports of the files held (a filtered report names
// fewer, so the names of earlier reports of the same files stay).
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { day as fmtDay } from '../ui/format.js';
import { FILTER_KEYS, FILTER_LISTS, filterActive, filterParts } from '../periods.js';

/** The filter bar in `el`; reads state.report and state.settings, applies through actions.settingsChanged. */
export function createFilterBar({ el, state, actions }) {
  const seen = { files: null, queue: new Set(), agent: new Set(), team: new Set() };
  let open = false;
  const render = () => {
    if (seen.files !== state.files) {
      seen.files = state.files;
      for (const g of ['queue', 'agent', 'team']) seen[g].clear();
    }
    const r = state.report;
    if (r) {
      for (const q of r.by_queue || []) if (q.queue != null) seen.queue.add(q.queue);
      for (const a of r.by_agent || []) if (a.agent != null) seen.agent.add(a.agent);
      for (const x of r.by_team || []) if (x.team != null) seen.team.add(x.team);
    }
    // The names the filter holds stay offered even when no report has them.
    for (const [inc, exc, g] of FILTER_LISTS) {
      for (const v of [...(state.settings[inc] || []), ...(state.settings[exc] || [])]) seen[g].add(v);
    }
    draw(el, state, actions, seen, () => open, (v) => { open = v; });
  };
  return { render };
}

/** The one-line summary of the filter in force, in the page's language ('' when none). */
export function filterSummaryText(settings) {
  return filterParts(settings).map((p) => {
    if (p.key === 'range') {
      return t('flt_range', { from: p.from ? fmtDay(p.from) : '…', to: p.to ? fmtDay(p.to) : '…' });
    }
    return t(`flt_${p.key}_is`, { list: p.values.join(', ') });
  }).join(' · ');
}

function draw(el, app, actions, seen, isOpen, setOpen) {
  const s = app.settings;
  const active = filterActive(s);
  el.hidden = !app.report && !active;
  const clearBtn = h('button', { type: 'button', class: 'btn small-btn no-print', id: 'filter-clear',
    onclick: () => apply(app, actions, {}) }, t('flt_clear'));
  const summary = h('p', { class: 'filter-summary', id: 'filter-summary', dataset: { active: active ? '1' : '' } },
    h('strong', { id: 'filter-title' }, `${t('flt_title')}: `),
    h('span', { id: 'filter-summary-text' }, active ? filterSummaryText(s) : t('flt_none')),
    active ? [' ', clearBtn] : null);

  // The form: dates, then per grouping a mode (keep only / leave out) and a multiple select.
  const fromId = nextId('flt');
  const toId = nextId('flt');
  const from = h('input', { type: 'date', id: fromId, name: 'filter_from', value: s.from ?? '' });
  const to = h('input', { type: 'date', id: toId, name: 'filter_to', value: s.to ?? '' });
  const lists = FILTER_LISTS.map(([inc, exc, g]) => {
    const modeId = nextId('flt');
    const selId = nextId('flt');
    const chosen = new Set(s[exc]?.length ? s[exc] : s[inc] || []);
    const mode = h('select', { id: modeId, name: `filter_${g}_mode` },
      h('option', { value: 'include' }, t('flt_keep')), h('option', { value: 'exclude' }, t('flt_leave_out')));
    mode.value = s[exc]?.length ? 'exclude' : 'include';
    const names = [...seen[g]].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const sel = h('select', { id: selId, name: `filter_${g}`, multiple: true, size: Math.min(6, Math.max(2, names.length)) },
      names.map((n) => {
        const o = h('option', { value: n }, n);
        o.selected = chosen.has(n);
        return o;
      }));
    return { inc, exc, mode, sel, field: h('div', { class: 'field filter-list' },
      h('label', { for: selId }, t(`flt_${g}s`)),
      h('div', { class: 'filter-mode' }, h('label', { class: 'sr-only', for: modeId }, t('flt_mode', { what: t(`flt_${g}s`) })),
        mode),
      sel, h('span', { class: 'muted small' }, t('flt_multi_hint'))) };
  });
  const applyBtn = h('button', { type: 'button', class: 'btn primary', id: 'filter-apply' }, t('flt_apply'));
  applyBtn.addEventListener('click', () => {
    const next = {};
    if (from.value) next.from = from.value;
    if (to.value) next.to = to.value;
    for (const l of lists) {
      const v = [...l.sel.selectedOptions].map((o) => o.value);
      if (v.length) next[l.mode.value === 'exclude' ? l.exc : l.inc] = v;
    }
    apply(app, actions, next);
  });
  const details = h('details', { class: 'filter-form no-print', id: 'filter-form' },
    h('summary', null, t('flt_edit')),
    h('p', { class: 'muted small' }, t('flt_hint')),
    h('div', { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { for: fromId }, t('flt_from')), from),
      h('div', { class: 'field' }, h('label', { for: toId }, t('flt_to')), to),
      lists.map((l) => l.field)),
    h('p', null, applyBtn, ' ', active ? h('button', { type: 'button', class: 'btn', id: 'filter-clear-form',
      onclick: () => apply(app, actions, {}) }, t('flt_clear')) : null));
  details.open = isOpen();
  details.addEventListener('toggle', () => setOpen(details.open));
  clear(el, summary, details);
}

/** Puts `next` (the filter settings) in place of the current filter and reads the files again. */
function apply(app, actions, next) {
  const changed = FILTER_KEYS.filter((k) => JSON.stringify(app.settings[k] ?? null) !== JSON.stringify(next[k] ?? null));
  if (!changed.length) return;
  for (const k of FILTER_KEYS) delete app.settings[k];
  Object.assign(app.settings, next);
  actions.settingsChanged(changed);
}
