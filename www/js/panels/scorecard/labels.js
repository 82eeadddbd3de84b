// How the Scorecard tab shows the engine's words: KPI names, raw KPI values (in the card's own
// units, no rounding noise), shares of the total, and the engine's rule and gate sentences
// (English) in the page's language. Shared by the ranking, the editor and the review page.
import { t, getLang } from '../../i18n/index.js';
import { num, pct } from '../../ui/format.js';

/** The engine's rule and gate sentences (English) in the page's language. */
export function localRule(rule) {
  if (getLang() !== 'zh' || !rule) return rule;
  const dir = (d) => (d === 'higher' ? '越高越好' : '越低越好');
  return rule
    .replace(/^ratio: value \/ (\S+) × 100, at most (\S+)$/, '比例：实际值 / $1 × 100，最高 $2 分')
    .replace(/^ratio: (\S+) \/ value × 100, at most (\S+)$/, '比例：$1 / 实际值 × 100，最高 $2 分')
    .replace(/^linear: 100 at (\S+), 0 at (\S+), (higher|lower) is better$/,
      (m, a, b, d) => `线性：${a} 得 100 分，${b} 得 0 分，${dir(d)}`)
    .replace(/^bands: (.*)$/, (m, x) => `分档：${x.replace(/; /g, '；')}`)
    .replace(/^rank: percentile within the group, (higher|lower) is better$/, (m, d) => `排名：组内百分位，${dir(d)}`)
    .replace(/^pass\/fail: 100 when (≥|≤) (\S+), else 0$/, '达标：$1 $2 得 100 分，否则 0 分')
    .replace(/ is above the maximum (\S+)/, ' 高于上限 $1').replace(/ is below the minimum (\S+)/, ' 低于下限 $1')
    .replace(/: score set to 0$/, '：得分为 0')
    .replace(/: score capped at (\S+)$/, '：得分最高 $1')
    .replace(/: grade at most (.+)$/, '：等级最高为 $1');
}

/** Raw KPI values as they are (the card's targets are in the same units), no rounding noise. */
export function raw(v) {
  if (v == null) return t('not_computable');
  const a = Math.abs(v);
  return num(v, a !== 0 && a < 10 ? 4 : 2).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
export const share = (w) => pct(w, 1);

/** "aht — Avg. handle time", or the id alone when the page has no name for it. */
export function kpiName(id) {
  const k = t('k_' + id);
  return k === 'k_' + id ? id : `${id} — ${k}`;
}
