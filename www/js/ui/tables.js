// A sortable, filterable, paged table with a CSV export. Cells are built with textContent only.
// A number column with no value in any row is folded away, named once in a note under the table
// (instead of "not computable" in every cell); long tables show a page at a time, so the end of a
// month of 30-minute intervals (1,440 rows) is a click away, and the CSV has every row.
import { h, nextId } from './dom.js';
import { t } from '../i18n/index.js';
import { int } from './format.js';
import { downloadCsv } from './export.js';

export const PAGE_ROWS = 200; // rows per page: the DOM stays small, every row is reachable
const state = new Map(); // table id → {sortKey, dir, filter, page}: survives re-renders (language switch)

/**
 * columns: [{key, label, value(row) → raw (sort + CSV), fmt(raw, row) → text, num, csv(row)?, note?,
 *            foldNote? (why a column with no value in any row is empty, said once), limited? (never folded)}]
 * opts: {id, title, csvName, filter: (row) → searchable text, onOpen(row), rowData(row) → dataset,
 *        cellData: put each cell's key and raw number in data-key / data-value,
 *        footer: a total row (合计) under every page, never sorted, last in the CSV}
 */
export function dataTable(allColumns, rows, opts) {
  const st = state.get(opts.id) || { sortKey: null, dir: 1, filter: '', page: 0 };
  state.set(opts.id, st);
  // A column the engine limits (limits.js: "—" with its reason, listed above the table) stays.
  const folded = rows.length
    ? allColumns.filter((c) => c.num && !c.limited && rows.every((r) => c.value(r) == null)) : [];
  const columns = allColumns.filter((c) => !folded.includes(c));
  const tbody = h('tbody');
  const count = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager no-print' });
  const heads = new Map();

  function visibleRows() {
    let out = rows;
    const q = st.filter.trim().toLowerCase();
    if (q && opts.filter) out = out.filter((r) => opts.filter(r).toLowerCase().includes(q));
    if (st.sortKey) {
      const col = columns.find((c) => c.key === st.sortKey);
      out = [...out].sort((a, b) => {
        const x = col.value(a), y = col.value(b);
        return x == null || y == null ? cmp(x, y) : cmp(x, y) * st.dir; // nulls last either way
      });
    }
    return out;
  }

  function renderBody() {
    const vis = visibleRows();
    const pages = Math.max(1, Math.ceil(vis.length / PAGE_ROWS));
    st.page = Math.min(Math.max(0, st.page || 0), pages - 1);
    const from = st.page * PAGE_ROWS;
    const shown = vis.slice(from, from + PAGE_ROWS);
    tbody.replaceChildren(...shown.map(row));
    count.textContent = vis.length > PAGE_ROWS
      ? t('rows_page', { from: int(from + 1), to: int(from + shown.length), shown: int(vis.length),
        total: int(rows.length) })
      : t('rows_shown', { shown: int(shown.length), total: int(rows.length) });
    pager.replaceChildren();
    if (pages > 1) {
      const go = (p) => { st.page = p; renderBody(); };
      const btn = (label, p, key) => h('button', {
        type: 'button', class: 'btn small-btn', disabled: p < 0 || p >= pages ? true : null,
        dataset: { page: key }, onclick: () => go(p),
      }, label);
      pager.append(btn(t('page_first'), 0, 'first'), ' ', btn(t('page_prev'), st.page - 1, 'prev'), ' ',
        h('span', { class: 'muted small' }, t('page_of', { page: int(st.page + 1), pages: int(pages) })), ' ',
        btn(t('page_next'), st.page + 1, 'next'), ' ', btn(t('page_last'), pages - 1, 'last'));
    }
    for (const [key, th] of heads) {
      th.setAttribute('aria-sort', st.sortKey === key ? (st.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }

  function row(r) {
    const tr = h('tr', { dataset: opts.rowData ? opts.rowData(r) : undefined });
    if (opts.onOpen) {
      tr.tabIndex = 0;
      tr.classList.add('clickable');
      tr.addEventListener('click', () => opts.onOpen(r));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); opts.onOpen(r); }
      });
    }
    for (const c of columns) {
      const raw = c.value(r);
      // cellData: the raw value rides along (data-key, data-value) for tests and scripts.
      const data = opts.cellData ? { key: c.key, value: typeof raw === 'number' ? String(raw) : undefined } : undefined;
      if (data && data.value === undefined) delete data.value;
      tr.appendChild(h('td', { class: c.num ? 'num' : null, dataset: data }, c.fmt ? c.fmt(raw, r) : raw ?? ''));
    }
    return tr;
  }

  const headRow = h('tr', null, columns.map((c) => {
    const th = h('th', { scope: 'col', class: c.num ? 'num' : null, title: c.note || null });
    const btn = h('button', { type: 'button', class: 'sort' }, c.label);
    btn.addEventListener('click', () => {
      if (st.sortKey === c.key) st.dir = -st.dir;
      else { st.sortKey = c.key; st.dir = c.num ? -1 : 1; } // numbers: biggest first
      renderBody();
    });
    th.appendChild(btn);
    heads.set(c.key, th);
    return th;
  }));

  const table = h('table', { class: 'data', id: opts.id },
    opts.caption ? h('caption', { class: 'sr-only' }, opts.caption) : null,
    h('thead', null, headRow), tbody, opts.footer ? h('tfoot', null, footerRow()) : null);

  function footerRow() {
    const tr = row(opts.footer);
    tr.classList.add('total-row');
    tr.removeAttribute('tabindex');
    tr.dataset.total = '1';
    return tr;
  }

  const tools = h('div', { class: 'table-tools no-print' });
  if (opts.filter) {
    const fid = nextId('filter');
    const input = h('input', {
      type: 'search', id: fid, value: st.filter, placeholder: t('filter_placeholder'), class: 'filter',
    });
    input.addEventListener('input', () => { st.filter = input.value; st.page = 0; renderBody(); });
    tools.append(h('label', { for: fid }, t('filter')), input);
  }
  if (opts.csvName) {
    tools.append(h('button', {
      type: 'button', class: 'btn small-btn', dataset: { export: opts.id },
      onclick: () => downloadCsv(opts.csvName, columns.map((c) => c.label),
        [...visibleRows(), ...(opts.footer ? [opts.footer] : [])]
          .map((r) => columns.map((c) => (c.csv ? c.csv(r) : csvValue(c.value(r)))))),
    }, t('export_csv')));
  }
  renderBody();
  const scroll = h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': opts.title || opts.id },
    table);
  const foldNote = folded.length ? h('p', { class: 'muted small folded', dataset: { folded: folded.map((c) => c.key)
    .join(' ') } }, t('cols_folded', { cols: folded.map((c) => (c.foldNote ? `${c.label} (${c.foldNote})` : c.label))
    .join(', ') })) : null;
  return h('div', { class: 'table-block' }, tools, scroll, count, pager, foldNote);
}

// Numbers are exported rounded (no floating-point noise); text as is (export.js neutralises it).
function csvValue(v) {
  if (typeof v === 'number') return Math.round(v * 10000) / 10000;
  return v;
}

function cmp(a, b) {
  // nulls (not computable) always sort last
  if (a == null && b == null) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
