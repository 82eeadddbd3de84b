// Glossary tab / 指标说明: every KPI of the engine's catalogue (kpiCatalog()) with its name in both
// languages, formula, numerator and denominator, channel (calls, chat, outbound), unit, which direction is better and the groupings
// it is reported for. The formulas are the report's own definitions (under the settings used) when
// a report is shown, else the catalogue's with the default settings filled in. Nothing is written
// here: a KPI added to the catalogue appears on this tab by itself.
import { h, clear } from '../ui/dom.js';
import { t, getLang } from '../i18n/index.js';
import { kpis, defaultSetting } from '../catalog.js';
import { msg } from '../messages.js';
import { dataTable } from '../ui/tables.js';

/** The Glossary tab in `el`; reads state.report (for the formulas under its settings). */
export function createGlossaryPanel({ el, state }) {
  return { render: () => render(el, state) };
}

/** A catalogue text in the page's language with its {placeholders} filled from the settings. */
function filled(text, settings) {
  if (!text) return '';
  const s = text[getLang() === 'zh' ? 'zh' : 'en'] ?? text.en;
  return s.replace(/\{(\w+)\}/g, (m, name) => {
    const key = name === 't' ? 'sl_threshold_s' : name;
    const v = settings?.[key] ?? defaultSetting(key);
    return v == null ? m : String(v);
  });
}

function render(panel, app) {
  const r = app.report;
  const settings = r?.settings;
  const other = getLang() === 'zh' ? 'en' : 'zh';
  const formulaOf = (k) => (r?.definitions?.[k.id] ? msg(r.definitions[k.id]) : filled(k.formula, settings));
  const columns = [
    { key: 'name', label: t('g_name'), value: (k) => filled(k.name), fmt: (v, k) => [h('strong', null, v),
      h('div', { class: 'muted small', lang: other === 'zh' ? 'zh-CN' : 'en' }, k.name[other])] },
    { key: 'id', label: t('g_id'), value: (k) => k.id, fmt: (v) => h('code', null, v) },
    { key: 'formula', label: t('g_formula'), value: formulaOf },
    { key: 'numerator', label: t('g_numerator'), value: (k) => filled(k.numerator, settings) },
    { key: 'denominator', label: t('g_denominator'),
      value: (k) => (k.denominator ? filled(k.denominator, settings) : '–') },
    { key: 'channel', label: t('g_channel'), value: (k) => t(`channel_${k.channel}`) },
    { key: 'unit', label: t('g_unit'), value: (k) => t(`unit_${k.unit}`) },
    { key: 'direction', label: t('g_direction'),
      value: (k) => (k.direction ? t(`better_${k.direction}`) : '–') },
    { key: 'groupings', label: t('g_groupings'),
      value: (k) => k.groupings.map((g) => t(`grouping_${g}`)).join(', ') },
  ];
  clear(panel,
    h('h2', null, t('tab_glossary')),
    h('p', { class: 'muted' }, t('g_hint')),
    dataTable(columns, kpis(), {
      id: 'glossary-table', title: t('tab_glossary'), csvName: 'callscore-kpis.csv',
      filter: (k) => `${k.id} ${k.name.en} ${k.name.zh}`, rowData: (k) => ({ glossary: k.id }),
    }));
}
