// Which KPIs the overview shows, how each is formatted, and the targets that colour the tiles.
import { int, pct, dur } from './format.js';
import { t } from './i18n/index.js';

// kind: 'count' | 'rate' (fraction 0–1) | 'time' (seconds). Ids are those of kpis.md / the report.
export const TILES = [
  { id: 'offered', kind: 'count' },
  { id: 'answered', kind: 'count' },
  { id: 'abandoned', kind: 'count' },
  { id: 'answer_rate', kind: 'rate' },
  { id: 'abandon_rate', kind: 'rate' },
  { id: 'service_level', kind: 'rate' },
  { id: 'asa', kind: 'time' },
  { id: 'avg_wait_abandoned', kind: 'time' },
  { id: 'max_wait', kind: 'time' },
  { id: 'wait_p90', kind: 'time' },
  { id: 'aht', kind: 'time' },
  { id: 'avg_talk', kind: 'time' },
  { id: 'avg_hold', kind: 'time' },
  { id: 'avg_acw', kind: 'time' },
  { id: 'fcr', kind: 'rate' },
  { id: 'short_call_rate', kind: 'rate' },
  { id: 'transfer_rate', kind: 'rate' },
  { id: 'hold_rate', kind: 'rate' },
  { id: 'short_abandoned', kind: 'count' },
  { id: 'timed_out', kind: 'count' },
  { id: 'ivr_only', kind: 'count' },
];

export function fmtKind(kind, v) {
  if (kind === 'rate') return pct(v);
  if (kind === 'time') return dur(v);
  return int(v);
}

// Defaults: seed 000's "good centre" (abandon < 3 %, SL ~90 % in 20 s) softened to the common 80/20.
// dir 'min': higher is better (value ≥ target); 'max': lower is better (value ≤ target).
export const DEFAULT_TARGETS = {
  service_level: { dir: 'min', value: 0.8 },
  answer_rate: { dir: 'min', value: 0.95 },
  abandon_rate: { dir: 'max', value: 0.03 },
  asa: { dir: 'max', value: 20 },
  max_wait: { dir: 'max', value: 180 },
  wait_p90: { dir: 'max', value: 60 },
  aht: { dir: 'max', value: 300 },
  fcr: { dir: 'min', value: 0.7 },
  short_call_rate: { dir: 'max', value: 0.05 },
  transfer_rate: { dir: 'max', value: 0.1 },
};
export const DEFAULT_MARGIN = 0.2; // amber: within 20 % of the target

/** 'good' | 'warn' | 'bad' | null (no target or no value). */
export function status(value, target, margin) {
  if (value == null || !target || target.value == null || Number.isNaN(target.value)) return null;
  const tv = target.value;
  if (target.dir === 'min') {
    if (value >= tv) return 'good';
    return value >= tv * (1 - margin) ? 'warn' : 'bad';
  }
  if (value <= tv) return 'good';
  return value <= tv * (1 + margin) ? 'warn' : 'bad';
}

export const statusLabel = (s) => ({ good: t('meets'), warn: t('near'), bad: t('misses') }[s] || t('no_target'));
