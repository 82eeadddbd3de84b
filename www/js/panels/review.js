// Import review tab: what the engine detected in each file and why, its warnings and notes, editable
// column and outcome mappings (re-run with the `columns` / `outcomes` settings; the fields and
// outcomes offered are the engine's choices()), the first rows as parsed, and the rejects with the
// engine's reasons — every engine word in the page's language (messages.js). Columns the profile
// recognises but no KPI uses are listed as "read, not used", columns it does not recognise as "not
// recognised" (inputs[].unused_columns, mapping null), so nothing in a file disappears silently.
import { h, clear, nextId } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, bytes } from '../ui/format.js';
import { dataTable } from '../ui/tables.js';
import { downloadCsv } from '../ui/export.js';
import { choices } from '../catalog.js';
import { msg, idLabel, profileName, skipRuleName, outcomeName, delimiterName } from '../messages.js';

/** A field a column can mean (the engine's id) in the page's language. */
const fieldName = (f) => (f == null || f === 'ignore' ? t('ignore') : idLabel('field_', f));

/**
 * The Import review tab in `el`; reads state.report, writes state.settings.columns / .outcomes and
 * then calls actions.rerun() (a mapping changes how the files are read).
 */
export function createReviewPanel({ el, state, actions }) {
  return { render: () => render(el, state, actions) };
}

function render(panel, app, actions) {
  clear(panel, h('h2', null, t('tab_review')), pbxSummary(app.report.pbx),
    app.report.inputs.map((inp, i) => fileReview(inp, i, app, actions)));
}

/** How queue_log events and CDR legs became calls (only when phone-system logs were read). */
function pbxSummary(p) {
  if (!p) return null;
  // Outcome and transfer ids are the engine's words; event names are the log's own (shown as read).
  const counts = (o, name = String) => {
    const e = Object.entries(o || {});
    return e.length ? e.map(([k, n]) => `${name(k)}: ${int(n)}`).join(', ') : t('pbx_none');
  };
  const kv = [
    ['queue_log_events', t('pbx_events'), int(p.queue_log_events)],
    ['queue_log_calls', t('pbx_calls'), int(p.queue_log_calls)],
    ['outcomes', t('pbx_outcomes'), counts(p.outcomes, outcomeName)],
    ['transfers', t('pbx_transfers'), counts(p.transfers, (k) => idLabel('transfer_', k))],
    ['overflowed', t('pbx_overflowed'), int(p.overflowed)],
    ['ring_no_answer', t('pbx_rna'), int(p.ring_no_answer)],
    ['incomplete', t('pbx_incomplete'), int(p.incomplete)],
    ['unknown_events', t('pbx_unknown'), counts(p.unknown_events)],
    ['cdr_legs', t('pbx_cdr_legs'), int(p.cdr_legs)],
    ['cdr_joined', t('pbx_cdr_joined'), int(p.cdr_joined)],
    ['cdr_outbound', t('pbx_cdr_outbound'), int(p.cdr_outbound)],
    ['cdr_calls', t('pbx_cdr_calls'),
      `${int(p.cdr_calls)}${p.cdr_calls ? ` (${counts(p.cdr_outcomes, outcomeName)})` : ''}`],
    ['agent_state_rows', t('pbx_state_rows'), int(p.agent_state_rows)],
    ['sessions_open', t('pbx_open'), `${int(p.sessions_open_at_end)} / ${int(p.sessions_open_at_start)}`],
  ];
  const LIST = 20;
  const inc = p.incomplete_calls || [];
  return h('section', { class: 'file-review', id: 'pbx-summary' },
    h('h3', null, t('pbx_title')),
    h('dl', { class: 'kv' }, kv.map(([key, k, v]) => [h('dt', null, k),
      h('dd', { dataset: { pbx: key, value: typeof p[key] === 'number' ? String(p[key]) : undefined } }, v)])),
    inc.length ? h('div', null, h('h4', null, `${t('pbx_incomplete')} (${int(p.incomplete)})`),
      h('ul', { class: 'small', id: 'pbx-incomplete' },
        inc.slice(0, LIST).map((c) => h('li', null, h('code', null, c.id), ' — ',
          (c.reasons || []).map(msg).join('; ')))),
      p.incomplete > LIST ? h('p', { class: 'muted small' },
        t('pbx_more', { n: int(p.incomplete - LIST) })) : null) : null);
}

function fileReview(inp, index, app, actions) {
  const skipped = Object.entries(inp.skipped || {}).map(([rule, n]) => `${skipRuleName(rule)}: ${int(n)}`)
    .join(', ');
  const why = (m) => (m ? ` — ${msg(m)}` : '');
  const kv = [
    [t('r_profile'), inp.profile ? `${profileName(inp.profile)}${why(inp.profile_reason)}` : '–'],
    [t('r_encoding'), inp.encoding ? `${inp.encoding}${why(inp.encoding_reason)}` : '–'],
    [t('r_delimiter'), inp.delimiter == null ? '–' : delimiterName(inp.delimiter)],
    [t('r_header_line'), inp.header_line ?? '–'],
    [t('r_bytes'), inp.bytes != null ? bytes(inp.bytes) : '–'],
    [t('r_rows_read'), int(inp.rows_read)],
    [t('r_rows_used'), int(inp.rows_used)],
    [t('r_rows_skipped'), `${int(inp.rows_skipped)}${skipped ? ` (${t('r_skipped_by')}: ${skipped})` : ''}`],
    [t('r_rows_rejected'), int(inp.rows_rejected)],
    [t('r_duplicates'), int(inp.duplicates)],
  ];
  // Only files with epoch timestamps (or times with a UTC offset): which zone, and why.
  if (inp.time_zone) kv.push([t('r_time_zone'), msg(inp.time_zone)]);
  if (inp.note) kv.push([t('r_note'), msg(inp.note)]);
  if (inp.warnings && inp.warnings.length) kv.push([t('r_warnings'), inp.warnings.map(msg).join(' · ')]);

  const box = h('section', { class: `file-review${inp.error ? ' failed' : ''}`, dataset: { file: inp.file } },
    h('h3', null, t('review_title', { file: inp.file })),
    inp.error ? h('p', { class: 'error' },
      `${t('r_error')}: ${msg(inp.error)}${inp.error.line ? ` (${t('r_line')} ${inp.error.line})` : ''}`) : null,
    h('dl', { class: 'kv' }, kv.map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]),
      columnList('unused', t('r_unused'), t('r_unused_hint'), inp.unused_columns || []),
      columnList('unrecognised', t('r_unrecognised'), t('r_unrecognised_hint'), unrecognised(inp))),
  );
  if (inp.header && inp.header.length) box.append(mappingEditor(inp, index, app, actions));
  if (inp.preview && inp.preview.length) box.append(h('h4', null, t('r_preview')), previewTable(inp));
  box.append(rejects(inp, index));
  return box;
}

/** Header columns the profile does not recognise (mapping null; `ignore` = recognised, not used). */
function unrecognised(inp) {
  if (!inp.header || !inp.mapping) return [];
  return inp.header.map((col, c) => (inp.mapping[c] === null ? col || `#${c + 1}` : null)).filter((x) => x != null);
}

/** A dt/dd pair listing column names (text from the file), with what the list means; none: nothing. */
function columnList(kind, label, hint, cols) {
  if (!cols.length) return null;
  return [h('dt', null, label),
    h('dd', { dataset: { columns: kind } },
      h('ul', { class: 'unused-list' }, cols.map((c) => h('li', { dataset: { column: c } }, c))),
      h('span', { class: 'muted small' }, hint))];
}

/** One select per column; applying sends every column of this file as the `columns` setting. */
function mappingEditor(inp, index, app, actions) {
  const selects = [];
  const rows = inp.header.map((col, c) => {
    const id = nextId('map');
    const current = inp.mapping?.[c] ?? 'ignore';
    const sel = h('select', { id, dataset: { column: col } },
      h('option', { value: 'ignore' }, t('ignore')),
      choices('column_field').filter((f) => f !== 'ignore').map((f) => h('option', { value: f }, fieldName(f))));
    sel.value = current;
    selects.push([col, sel]);
    // What the engine made of the column: read but not used by any KPI, or not recognised.
    const m = inp.mapping?.[c];
    const tag = m === 'ignore' ? t('r_tag_unused') : m === null ? t('r_tag_unrecognised') : null;
    return h('tr', { dataset: { status: m === 'ignore' ? 'unused' : m === null ? 'unrecognised' : 'used' } },
      h('td', null, h('label', { for: id }, col || `#${c + 1}`),
        tag ? h('span', { class: 'muted small map-tag' }, tag) : null), h('td', null, sel));
  });

  // Distinct values of the outcome column in the preview: the ones a user most likely wants to map.
  const oc = (inp.mapping || []).indexOf('outcome');
  const seen = new Set((app.settings.outcomes || []).map(([v]) => v));
  const values = [...(app.settings.outcomes || [])];
  if (oc >= 0) for (const row of inp.preview || []) {
    const v = row[oc];
    if (v != null && v !== '' && !seen.has(v)) { seen.add(v); values.push([v, '']); }
  }
  const outcomeBody = h('tbody');
  const addOutcome = (value = '', as = '') => {
    const vid = nextId('ov');
    const input = h('input', { type: 'text', id: vid, value, class: 'ov-value', 'aria-label': t('r_value') });
    const sel = h('select', { class: 'ov-as', 'aria-label': t('r_counts_as') },
      h('option', { value: '' }, t('auto')), choices('outcome').map((o) => h('option', { value: o }, outcomeName(o))));
    sel.value = as;
    outcomeBody.append(h('tr', null, h('td', null, input), h('td', null, sel)));
  };
  values.forEach(([v, as]) => addOutcome(v, as));
  if (!values.length) addOutcome();

  const apply = () => {
    app.settings.columns = selects.map(([col, sel]) => [col, sel.value]);
    const outs = [];
    for (const tr of outcomeBody.children) {
      const v = tr.querySelector('.ov-value').value;
      const as = tr.querySelector('.ov-as').value;
      if (v !== '' && as) outs.push([v, as]);
    }
    app.settings.outcomes = outs;
    actions.rerun();
  };
  const reset = () => { delete app.settings.columns; delete app.settings.outcomes; actions.rerun(); };

  return h('div', { class: 'mapping' },
    h('h4', null, t('r_mapping')), h('p', { class: 'muted small' }, t('r_mapping_hint')),
    h('div', { class: 'map-grid' },
      h('div', { class: 'table-scroll map-scroll' }, h('table', { class: 'data', dataset: { mapping: index } },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('r_column')),
          h('th', { scope: 'col' }, t('r_field')))),
        h('tbody', null, rows))),
      h('div', null,
        h('h4', null, t('r_outcomes')), h('p', { class: 'muted small' }, t('r_outcomes_hint')),
        h('table', { class: 'data' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('r_value')),
            h('th', { scope: 'col' }, t('r_counts_as')))),
          outcomeBody),
        h('p', null, h('button', { type: 'button', class: 'btn small-btn', onclick: () => addOutcome() },
          t('r_add_outcome'))))),
    h('p', { class: 'no-print' },
      h('button', { type: 'button', class: 'btn primary', dataset: { rerun: index }, onclick: apply }, t('r_rerun')),
        ' ',
      h('button', { type: 'button', class: 'btn', onclick: reset }, t('r_reset'))),
  );
}

function previewTable(inp) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data preview' },
    h('thead', null, h('tr', null, inp.header.map((c, i) => h('th', { scope: 'col' }, c,
      h('div', { class: 'muted small' }, fieldName(inp.mapping?.[i])))))),
    h('tbody', null, inp.preview.map((row) => h('tr', null, row.map((v) => h('td', null, v)))))));
}

function rejects(inp, index) {
  const list = inp.rejects || [];
  const cols = [
    { key: 'line', label: t('r_line'), num: true, value: (r) => r.line, fmt: int },
    { key: 'column', label: t('r_column'), value: (r) => r.column ?? '' },
    { key: 'reason', label: t('r_reason'), value: (r) => msg(r.reason) },
  ];
  if (!list.length) return h('div', null, h('h4', null, t('r_rejects')), h('p', { class: 'muted' }, t('r_no_rejects')));
  return h('div', null,
    h('h4', null, `${t('r_rejects')} (${int(inp.rows_rejected)})`),
    h('p', null, h('button', {
      type: 'button', class: 'btn small-btn', dataset: { rejects: index },
      onclick: () => downloadCsv(`${inp.file}-rejects.csv`, cols.map((c) => c.label),
        list.map((r) => [r.line, r.column ?? '', msg(r.reason)])),
    }, t('r_download_rejects'))),
    dataTable(cols, list, { id: `rejects-${index}`, title: t('r_rejects') }));
}
