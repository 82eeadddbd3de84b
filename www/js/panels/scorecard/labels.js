// How the Scorecard tab shows KPIs: "id — name" with the catalogue's name in the page's language,
// raw KPI values (in the card's own units, no rounding noise) and shares of the total. Shared by
// the ranking, the editor and the review page. The engine's scoring rules and gate details are
// message codes: messages.js msg() renders them.
import { t } from '../../i18n/index.js';
import { num, pct } from '../../ui/format.js';
import { kpi } from '../../catalog.js';
import { kpiName } from '../../messages.js';

/** Raw KPI values as they are (the card's targets are in the same units), no rounding noise. */
export function raw(v) {
  if (v == null) return t('not_computable');
  const a = Math.abs(v);
  return num(v, a !== 0 && a < 10 ? 4 : 2).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
export const share = (w) => pct(w, 1);

/** "aht — AHT" (the catalogue's name), or the id alone for a KPI the catalogue does not know. */
export function kpiLabel(id) {
  return kpi(id) ? `${id} — ${kpiName(id)}` : id;
}
