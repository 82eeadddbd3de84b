// Wallboard / 展示板 (seed 000) and 数据大屏 (seed 004): the few figures a floor watches — calls
// waiting, service level, abandon rate, ASA, answered, agents logged in and available, the day's top
// agents, and chat or outbound figures when the files have them — in large type, coloured against
// the targets, in rotating panels on a full-screen view with no control visible (Esc or a click
// leaves it). Live: the tab follows a phone system's log that keeps growing (js/live.js); where the
// browser cannot keep a file open, it says to choose the file again to refresh.
import { h, clear, $ } from '../ui/dom.js';
import { t } from '../i18n/index.js';
import { int, pct, dur, dateTime, day as fmtDay, bytes } from '../ui/format.js';
import { kpiName } from '../messages.js';
import { canFollow } from '../live.js';

/** Seconds each panel of the full-screen board is shown. */
export const ROTATE_S = 10;
/** Refresh intervals offered for the live mode, seconds. */
const EVERY = [2, 5, 10, 30, 60];

/**
 * The Wallboard tab in `el`; reads state.report, state.targets, state.margin and state.live.
 * actions.followLog(), actions.stopLive(), actions.liveEvery(s) drive the live mode,
 * actions.analyzeFiles(files) reads a chosen file again where the live mode is not available.
 */
export function createWallboardPanel({ el, state, actions }) {
  const overlay = $('#wallboard');
  let rotation = null;
  let shown = 0;

  function drawOverlay() {
    if (overlay.hidden) return;
    if (!state.report) { closeBoard(); return; }
    const panels = boardPanels(state);
    shown %= panels.length;
    clear(overlay, boardHead(state), h('div', { class: 'wb-stage' },
      panels.map((p, i) => { p.hidden = i !== shown; return p; })));
    overlay.dataset.panel = String(shown);
    overlay.dataset.panels = String(panels.length);
  }

  function openBoard() {
    if (!state.report) return;
    overlay.hidden = false;
    document.body.classList.add('wallboard-open');
    shown = 0;
    drawOverlay();
    clearInterval(rotation);
    rotation = setInterval(() => { shown++; drawOverlay(); }, ROTATE_S * 1000);
    // Full screen where the browser lets the page (not in every embedded or headless browser).
    overlay.requestFullscreen?.().catch(() => {});
    overlay.focus();
  }

  function closeBoard() {
    clearInterval(rotation);
    rotation = null;
    overlay.hidden = true;
    document.body.classList.remove('wallboard-open');
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
  }

  overlay.addEventListener('click', closeBoard);
  overlay.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeBoard(); });
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement && !overlay.hidden) closeBoard();
  });

  function render() {
    const r = state.report;
    const live = state.live;
    const follow = canFollow();
    const every = h('select', { id: 'live-every', name: 'live-every' },
      EVERY.map((s) => h('option', { value: s }, t('wb_every_s', { n: s }))));
    every.value = String(live.every);
    every.addEventListener('change', () => actions.liveEvery(Number(every.value)));
    const refresh = h('input', { type: 'file', id: 'live-refresh', class: 'visually-hidden-input',
      accept: '.csv,.tsv,.txt,.log,text/csv,text/plain' });
    refresh.addEventListener('change', () => {
      const files = Array.from(refresh.files || []);
      if (files.length) actions.analyzeFiles(files);
      refresh.value = '';
    });
    clear(el,
      h('h2', null, t('tab_wallboard')),
      h('p', { class: 'muted' }, t('wb_hint')),
      h('div', { class: 'actions wb-actions' },
        h('button', { type: 'button', class: 'btn primary', id: 'wallboard-open', disabled: r ? null : true,
          onclick: openBoard }, t('wb_open'))),
      h('fieldset', { class: 'wb-live' }, h('legend', null, t('wb_live')),
        follow
          ? h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'btn', id: 'live-watch', onclick: () => actions.followLog() },
              t('wb_follow')),
            h('label', { for: 'live-every' }, t('wb_every')), every,
            live.following ? h('button', { type: 'button', class: 'btn', id: 'live-now',
              onclick: () => actions.liveNow() }, t('wb_read_now')) : null,
            live.following ? h('button', { type: 'button', class: 'btn danger', id: 'live-stop',
              onclick: () => actions.stopLive() }, t('wb_stop')) : null)
          : h('div', { id: 'live-unsupported' }, h('p', null, t('wb_no_follow')),
            h('label', { class: 'btn', for: 'live-refresh' }, t('wb_choose_again')), refresh),
        h('p', { id: 'live-status', class: 'muted small', 'aria-live': 'polite',
          dataset: { updates: String(live.updates), offset: String(live.offset), wasm: String(live.wasmBytes ?? '') } },
        liveStatus(live))),
      r ? h('section', { class: 'wb-preview', 'aria-label': t('wb_preview') }, boardHead(state),
        h('div', { class: 'wb-grid' }, boardPanels(state))) : h('p', { class: 'empty' }, t('empty')),
    );
    drawOverlay();
  }

  return { render, openBoard, closeBoard };
}

function liveStatus(live) {
  if (live.error) return t('wb_live_error', { message: live.error.message || String(live.error) });
  if (!live.following) return t('wb_live_off');
  return t('wb_live_on', { file: live.file || '…', bytes: bytes(live.offset), n: int(live.updates),
    time: live.at ? live.at.toLocaleTimeString() : '–' });
}

/** The day the board is about: the live day, else the last day of the data. */
function boardDay(r) {
  const days = r.by_day || [];
  if (r.settings.day) {
    return { day: r.settings.day, row: days.find((d) => d.day === r.settings.day) || null, live: true };
  }
  const row = days.at(-1) || null;
  return { day: row ? row.day : null, row, live: false };
}

function boardHead(state) {
  const r = state.report;
  const { day, live } = boardDay(r);
  const at = r.now?.at;
  return h('header', { class: 'wb-head' },
    h('div', { class: 'wb-title' }, t('wb_title')),
    h('div', { class: 'wb-when' }, live ? t('wb_today', { day: fmtDay(day) }) : t('wb_day', { day: fmtDay(day) }),
      at ? ` · ${t('wb_at', { time: dateTime(at) })}` : ''));
}

/** 'good' | 'warn' | 'bad' | '' against the page's targets (as the overview colours them). */
function status(id, v, state) {
  const tg = state.targets[id];
  if (v == null || !tg || tg.value == null) return '';
  const m = state.margin;
  if (tg.dir === 'min') return v >= tg.value ? 'good' : v >= tg.value * (1 - m) ? 'warn' : 'bad';
  return v <= tg.value ? 'good' : v <= tg.value * (1 + m) ? 'warn' : 'bad';
}
const MARK = { good: '✓', warn: '!', bad: '✗' };

function tile(key, label, value, shown, st = '') {
  return h('div', { class: `wb-tile ${st || 'none'}`, dataset: { wb: key, value: value == null ? '' : String(value) } },
    h('div', { class: 'wb-label' }, label),
    h('div', { class: 'wb-value' }, shown),
    h('div', { class: 'wb-mark', 'aria-hidden': 'true' }, st ? MARK[st] : '\u00a0'));
}

/** The board's panels for the report of `state` (each a section; the full-screen view rotates them). */
export function boardPanels(state) {
  const r = state.report;
  const { row, live } = boardDay(r);
  const k = row || r.totals;
  const now = r.now;
  const kt = (id, v, shown) => tile(id, kpiName(id), v, shown, status(id, v, state));
  const panels = [];
  panels.push(h('section', { class: 'wb-panel', dataset: { wbPanel: 'queue' } },
    tile('waiting', t('wb_waiting'), now ? now.waiting : null, now ? int(now.waiting) : t('wb_needs_log')),
    tile('longest_wait', t('wb_longest'), now?.longest_wait_s ?? null,
      now ? (now.waiting ? dur(now.longest_wait_s) : '–') : t('wb_needs_log')),
    kt('service_level', k.service_level, pct(k.service_level, 0)),
    kt('abandon_rate', k.abandon_rate, pct(k.abandon_rate, 1)),
    kt('asa', k.asa, dur(k.asa)),
    kt('answered', k.answered, int(k.answered))));
  const agents = (r.by_agent || []).filter((a) => a.agent != null && a.answered > 0)
    .sort((a, b) => b.answered - a.answered || String(a.agent).localeCompare(String(b.agent))).slice(0, 5);
  panels.push(h('section', { class: 'wb-panel', dataset: { wbPanel: 'agents' } },
    tile('logged_in', t('wb_logged_in'), now ? now.logged_in : null, now ? int(now.logged_in) : t('wb_needs_state')),
    tile('available', t('wb_available'), now ? now.available : null, now ? int(now.available) : t('wb_needs_state')),
    tile('on_call', t('wb_on_call'), now ? now.on_call : null, now ? int(now.on_call) : t('wb_needs_state')),
    tile('paused', t('wb_paused'), now ? now.paused : null, now ? int(now.paused) : t('wb_needs_state')),
    h('div', { class: 'wb-top', dataset: { wb: 'top_agents' } },
      h('div', { class: 'wb-label' }, live ? t('wb_top_today') : t('wb_top_period')),
      agents.length ? h('ol', null, agents.map((a) => h('li', { dataset: { agent: a.agent } },
        h('span', { class: 'wb-name' }, a.name ? `${a.name}` : a.agent),
        h('span', { class: 'wb-count' }, int(a.answered))))) : h('p', null, t('wb_no_agents')))));
  const c = row ? row : r.totals;
  if (r.chat) {
    panels.push(h('section', { class: 'wb-panel', dataset: { wbPanel: 'chat' } },
      kt('buyers_served', c.buyers_served, int(c.buyers_served)),
      kt('first_response_time', c.first_response_time, dur(c.first_response_time)),
      kt('response_rate', c.response_rate, pct(c.response_rate, 0)),
      kt('inquiry_conversion', c.inquiry_conversion, pct(c.inquiry_conversion, 0))));
  }
  if (r.totals.outbound_attempts != null) {
    panels.push(h('section', { class: 'wb-panel', dataset: { wbPanel: 'outbound' } },
      kt('outbound_attempts', c.outbound_attempts, int(c.outbound_attempts)),
      kt('connect_rate', c.connect_rate, pct(c.connect_rate, 0)),
      kt('outbound_successes', c.outbound_successes, int(c.outbound_successes)),
      kt('outbound_conversion', c.outbound_conversion, pct(c.outbound_conversion, 0))));
  }
  return panels;
}
