import { h, clear } from './dom.js';
export const RECOMPUTABLE = ['sl_threshold_s', 'sl_variant', 'abandon_variant', 'short_abandon_s', 'short_call_s', 'interval_min', 'fcr_window_h', 'timeout_as_abandoned'];
export function renderSettings(panel) { clear(panel, h('p', null, 'settings')); }
