import { h, clear } from './dom.js';
export function renderReview(panel) { clear(panel, h('p', null, 'review')); }
