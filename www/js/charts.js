import { h, clear } from './dom.js';
export function renderCharts(panel) { clear(panel, h('p', null, 'charts')); }
export function dailyChart() {}
