// The page's plain modules that need no browser: the worker protocol (one place for message
// types, engine errors as data, a trap is fatal), the page state (every field declared, sealed),
// the engine catalogue the panels use (fed with the facts of the wasm engine built for Node, as the
// worker feeds it in the page, and holding no copy of them) and the message renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as protocol from '../../www/js/protocol.js';
import { createState, saveTargets, initTargets } from '../../www/js/state.js';
import * as catalog from '../../www/js/catalog.js';
import { msg, kpiName, term, fallbackCodes } from '../../www/js/messages.js';
import { setLang } from '../../www/js/i18n/index.js';
import { loadEngine, analyse } from './engine.mjs';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { limitFor, limitedText, limitColumns } from '../../www/js/limits.js';
import { dur, elapsed } from '../../www/js/ui/format.js';

const engine = loadEngine();
const facts = protocol.engineFacts(engine);
catalog.setFacts(facts);

const www = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../www');
const pageSources = (dir = www) => readdirSync(dir).flatMap((f) => {
  const p = path.join(dir, f);
  if (statSync(p).isDirectory()) return ['pkg', 'vendor', 'sample'].includes(f) ? [] : pageSources(p);
  return p.endsWith('.js') ? [p] : [];
});

test('every message constructor makes a message of a declared type, understood by the other side', () => {
  const { MSG } = protocol;
  const requests = [protocol.analyzeMsg(1, [], {}), protocol.recomputeMsg(1, {}), protocol.callMsg(1, 'erlang', {}),
    protocol.exportMsg(1, { format: 'xlsx', lang: 'zh', includeCallers: false }),
    protocol.liveMsg(1, { name: 'queue_log', chunk: null, reset: true, settings: {} }),
    protocol.poolMsg([]), protocol.helperMsg(null)];
  const replies = [protocol.readyMsg('1'), protocol.progressMsg({ runId: 1 }), protocol.fileMsg(1, 0, {}),
    protocol.reportPieceMsg(1, new Uint8Array(0)), protocol.reportMsg(1, {}, { recomputed: true }), protocol.errorMsg(1, { kind: 'x', message: 'y' }, true),
    protocol.callResultMsg(1, 2), protocol.callErrorMsg(1, { kind: 'x', message: 'y' })];
  for (const m of requests) assert.ok(protocol.isRequest(m) && !protocol.isReply(m), m.type);
  for (const m of replies) assert.ok(protocol.isReply(m) && !protocol.isRequest(m), m.type);
  assert.deepEqual(new Set([...requests, ...replies].map((m) => m.type)), new Set(Object.values(MSG)));
  assert.equal(protocol.isRequest({ type: 'nonsense' }), false);
});

test('progress is posted at once, then at most every PROGRESS_MS: ticks sooner than that are dropped', () => {
  let clock = 1000;
  const posted = [];
  const tell = protocol.progressTeller((p) => posted.push(p), () => clock);
  const { PROGRESS_MS } = protocol;
  assert.ok(PROGRESS_MS >= 100 && PROGRESS_MS <= 500, `${PROGRESS_MS} ms: still a moving bar`);
  tell(1); // the first, at once
  clock += PROGRESS_MS - 1;
  tell(2); // too soon
  clock += 1;
  tell(3); // PROGRESS_MS after the first
  tell(4); // same instant
  clock += 10 * PROGRESS_MS;
  tell(5);
  assert.deepEqual(posted, [1, 3, 5]);
});

test('the pieces of a report are decoded as one text wherever they were cut, inside a character too', () => {
  const value = { name: '客服一组 AG1001', kpis: [1, 2.5, null], note: 'ä € 😀' };
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  for (let cut = 0; cut <= bytes.length; cut++) {
    assert.deepEqual(protocol.parseReport([bytes.slice(0, cut), bytes.slice(cut)]), value, `cut at byte ${cut}`);
  }
  assert.deepEqual(protocol.parseReport([...bytes].map((b) => Uint8Array.of(b))), value, 'one byte a piece');
});

test('a run\'s time under a second is shown to the hundredth, not as 0 s; longer as a duration', () => {
  setLang('en');
  assert.equal(elapsed(0.048), '0.05s');
  assert.equal(elapsed(75), '1m 15s');
  assert.equal(dur(0.048), '0s', 'a KPI duration keeps its one decimal');
  // Passed to map(), as the panels do: the index is no second argument to either.
  assert.deepEqual([12.4, 0.5, 75].map(dur), ['12.4s', '0.5s', '1m 15s']);
  assert.deepEqual([0.048, 75].map(elapsed), ['0.05s', '1m 15s']);
  setLang('zh');
  assert.equal(elapsed(0.048), '0.05秒');
  assert.equal(elapsed(2.5), '2.5秒');
  setLang('en');
});

test('message type names are spelled out only in js/protocol.js', () => {
  const names = Object.values(protocol.MSG);
  const offenders = [];
  for (const file of pageSources()) {
    if (file.endsWith(path.join('js', 'protocol.js'))) continue;
    const text = readFileSync(file, 'utf8');
    const where = path.relative(www, file);
    // A message built in place, or a type compared with a string, instead of protocol.js's names.
    if (/postMessage\(\s*\{/.test(text)) offenders.push(`${where}: postMessage({…})`);
    for (const n of names) {
      if (new RegExp(`\\.type\\s*[!=]==?\\s*['"\`]${n}['"\`]`).test(text)) offenders.push(`${where}: ${n}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('no page module imports app.js (the composition root)', () => {
  const offenders = pageSources().filter((f) => /from\s+['"][./]*app\.js['"]/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => path.relative(www, f)), []);
});

test('the page state is sealed: an undeclared field throws', () => {
  const state = createState();
  assert.ok(Object.isSealed(state));
  assert.throws(() => { state.somethingNew = 1; }, TypeError);
  state.chartDay = '2026-01-01'; // declared fields can be written
  assert.equal(state.chartDay, '2026-01-01');
  initTargets(state); // once the engine's facts are in
  assert.deepEqual(state.targets, catalog.defaultTargets());
  saveTargets(state); // no localStorage under Node: ignored, no throw
});

test('the catalogue: targets name overview tiles, copies are fresh, recomputable keys are known', () => {
  const ids = new Set(catalog.tiles().map((k) => k.id));
  for (const id of Object.keys(catalog.defaultTargets())) assert.ok(ids.has(id), id);
  const a = catalog.defaultTargets();
  a.aht.value = 1;
  assert.notEqual(catalog.defaultTargets().aht.value, 1);
  assert.ok(catalog.isRecomputable('sl_threshold_s') && !catalog.isRecomputable('tz'));
  assert.equal(catalog.defaultSetting('sl_threshold_s'), 20);
});

test('the catalogue answers from the engine: tiles, targets, defaults, recomputable, choices, scorecard KPIs', () => {
  const cat = engine.kpiCatalog();
  assert.deepEqual(catalog.tiles().map((k) => k.id), cat.filter((k) => k.tile).map((k) => k.id));
  for (const k of cat.filter((x) => x.default_target != null)) {
    assert.deepEqual(catalog.defaultTargets()[k.id],
      { dir: k.direction === 'higher' ? 'min' : 'max', value: k.default_target }, k.id);
  }
  assert.deepEqual(catalog.defaultTargets().service_level, { dir: 'min', value: 0.8 });
  assert.deepEqual(catalog.defaultTargets().abandon_rate, { dir: 'max', value: 0.03 });
  for (const [key, v] of Object.entries(engine.defaultSettings())) {
    assert.deepEqual(catalog.defaultSetting(key), v, key);
  }
  assert.deepEqual(catalog.recomputable(), engine.recomputable());
  // FCR recomputes only when the files were read with it on.
  assert.ok(catalog.canRecompute(['fcr_window_h'], { fcr_window_h: 168 }));
  assert.ok(!catalog.canRecompute(['fcr_window_h'], { fcr_window_h: 0 }));
  assert.ok(!catalog.canRecompute(['sl_threshold_s', 'tz'], { fcr_window_h: 168 }));
  for (const [name, list] of Object.entries(engine.choices())) assert.deepEqual(catalog.choices(name), list, name);
  const sk = catalog.scorecardKpis();
  for (const id of ['answered', 'aht', 'fcr', 'occupancy', 'qa_score', 'csat', 'absenteeism', 'net_handled']) {
    assert.ok(sk.includes(id), id);
  }
  assert.ok(!sk.includes('required_agents') && !sk.includes('callbacks'));
  assert.deepEqual(catalog.presets().map((p) => p.id), engine.choices().scorecard_preset);
  assert.equal(catalog.kpiName('service_level', 'zh'), '服务水平');
  assert.equal(catalog.kpi('rating:德'), null);
});

test('the page holds no copy of the engine\'s facts: no KPI id, choice list or default in catalog.js', () => {
  const text = readFileSync(path.join(www, 'js', 'catalog.js'), 'utf8').replace(/\/\/.*$/gm, '');
  const literals = new Set([...text.matchAll(/'([^'\n]*)'/g)].map((m) => m[1]));
  const ids = engine.kpiCatalog().map((k) => k.id);
  // The catalogue's grouping names (agent, people) are its vocabulary, asked about by name.
  const groupings = new Set(engine.kpiCatalog().flatMap((k) => k.groupings));
  const choiceIds = Object.values(engine.choices()).flat()
    .filter((v) => typeof v === 'string' && v.length > 2 && !groupings.has(v));
  const defaults = Object.keys(engine.defaultSettings()).filter((k) => k !== 'fcr_window_h');
  const copies = [...ids, ...choiceIds, ...defaults].filter((id) => literals.has(id));
  assert.deepEqual(copies, []);
  const oldLists = ['TILES', 'DEFAULT_TARGETS', 'RECOMPUTABLE', 'DEFAULTS', 'SCORECARD_KPIS', 'SCORING_METHODS',
    'GATE_EFFECTS', 'QA_FORMS', 'COLUMN_FIELDS', 'OUTCOME_KINDS'];
  assert.deepEqual(oldLists.filter((n) => new RegExp(`\\b${n}\\b`).test(text)), []);
});

test('engine errors cross postMessage as data; a trap or any other throw is fatal', () => {
  const engineErr = Object.assign(new Error('wait 90 s contradicts'), { kind: 'invalid_input', code: 'x.y',
    params: { wait: 90 }, line: 3 });
  const e = protocol.engineError(engineErr);
  assert.deepEqual(e, { fatal: false, kind: 'invalid_input', code: 'x.y', params: { wait: 90 },
    message: 'wait 90 s contradicts', line: 3 });
  assert.deepEqual(structuredClone(e), e);
  assert.equal(protocol.engineError(new WebAssembly.RuntimeError('unreachable')).fatal, true);
  // A trap is fatal even if someone hung a kind on it.
  assert.equal(protocol.engineError(Object.assign(new WebAssembly.RuntimeError('unreachable'), { kind: 'x' })).fatal,
    true);
  assert.equal(protocol.engineError(new TypeError('x is not a function')).fatal, true);
  assert.equal(protocol.engineError({ kind: 'protocol', message: 'unknown message' }).fatal, false);
  assert.equal(protocol.engineError('boom').message, 'boom');
  // The engine's own thrown errors carry their code (an erlang() input out of range).
  let thrown;
  try { engine.erlang({ calls: 100, aht_s: 180, interval_min: 30, sl_target: 1.5, sl_threshold_s: 20 }); } catch (x) {
    thrown = x;
  }
  const fromEngine = protocol.engineError(thrown);
  assert.equal(fromEngine.fatal, false);
  assert.ok(fromEngine.code && fromEngine.message, JSON.stringify(fromEngine));
});

test('msg() renders every engine template in both languages, nested messages and terms included', () => {
  const templates = engine.messages();
  for (const lang of ['en', 'zh']) {
    setLang(lang);
    for (const [code, tpl] of Object.entries(templates)) {
      const names = [...new Set((tpl.en.match(/\{(\w+)\}/g) || []).map((x) => x.slice(1, -1)))];
      const params = Object.fromEntries(names.map((n) => [n, 7]));
      const out = msg({ code, params, text: 'ENGLISH FALLBACK' });
      assert.doesNotMatch(out, /\{\w+\}|ENGLISH FALLBACK/, `${lang} ${code}: ${out}`);
    }
  }
  setLang('zh');
  const nested = { code: 'reason.set_by_user_with', params: { detail: { code: 'reason.queue_log_file', params: {},
    text: 'Asterisk queue_log file' } }, text: 'set by the user; Asterisk queue_log file' };
  assert.match(msg(nested), /^由用户设定；Asterisk queue_log 文件/);
  assert.equal(msg({ code: 'reject.wait_contradicts', params: { wait: 1200, derived: 20 }, text: '' }),
    '排队时长 1,200 秒与“应答时间 − 来电时间 = 20 秒”矛盾');
  assert.match(msg({ code: 'staffing.not_fraction', params: { what: 'service level target', value: 1.5 } }),
    /^服务水平目标必须在 \(0, 1\] 之间/);
  assert.equal(term('pass_fail'), '达标');
  assert.equal(kpiName('aht'), '平均处理时间');
  assert.equal(kpiName('rating:德'), 'rating:德');
  assert.deepEqual(fallbackCodes(), []);
  const original = console.error;
  const logged = [];
  console.error = (...a) => logged.push(a.join(' '));
  try {
    assert.equal(msg({ code: 'no.such_code', params: {}, text: 'English text' }), 'English text');
  } finally { console.error = original; }
  assert.deepEqual(fallbackCodes(), ['no.such_code']);
  assert.match(logged[0], /no\.such_code/);
  setLang('en');
  assert.equal(msg({ code: 'reject.wait_contradicts', params: { wait: 90, derived: 20 } }),
    'wait 90 s contradicts answer − arrival = 20 s');
});

test('limits.js: a KPI the engine cannot attribute to teams is "—" with its reason; limited KPIs are '
  + 'queue-side', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'callscore-limits-'));
  try {
    const files = engine.sample({ days: 5, seed: 1, lang: 'zh' }).map((f) => {
      const file = path.join(dir, f.name);
      writeFileSync(file, f.bytes);
      return { name: f.name, file };
    });
    const report = analyse(engine, files);
    assert.ok(report.limits.length > 0, 'the sample names no agent or team on unanswered calls');
    for (const l of report.limits) for (const k of l.kpis) assert.equal(catalog.kpi(k)?.queue_side, true, k);
    setLang('zh');
    const limit = limitFor(report, 'team', 'abandon_rate');
    assert.equal(limit.reason.code, 'note.unanswered_without_team');
    assert.equal(limitedText(limit), `— (${msg(limit.reason)})`);
    assert.match(limitedText(limit), /通未接通电话中只有 0 通注明了班组/);
    assert.equal(limitFor(report, 'team', 'answered'), null, 'answered calls name their team');
    assert.equal(limitFor(report, 'queue', 'abandon_rate'), null, 'queues have no limit');
    const plain = { key: 'answered', value: (r) => r.answered };
    const cols = limitColumns([{ key: 'abandon_rate', value: (r) => r.abandon_rate }, plain], report, 'team');
    assert.equal(cols[0].csv(report.by_team[0]), limitedText(limit), 'exported as "— (reason)"');
    assert.equal(cols[1], plain, 'a column without a limit is left as it is');
    setLang('en');
    assert.match(limitedText(limit), /^— \(only 0 of [\d,]+ unanswered calls name a team/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a trap inside an engine call is fatal: the client fails the call, reports it and starts a new worker', async () => {
  const { createEngine } = await import('../../www/js/engine.js');
  const workers = [];
  // A stand-in for the module worker: answers READY, and a trap (as worker.js reports one) to a call.
  globalThis.Worker = class {
    constructor() { workers.push(this); queueMicrotask(() => this.reply(protocol.readyMsg('x', facts))); }
    reply(m) { this.onmessage?.({ data: m }); }
    postMessage(m) {
      const trap = protocol.engineError(new WebAssembly.RuntimeError('unreachable'));
      const fatal = protocol.errorMsg(protocol.NO_RUN, trap, true);
      if (m.type === protocol.MSG.CALL) queueMicrotask(() => this.reply(fatal));
    }
    terminate() { this.terminated = true; }
  };
  try {
    const errors = [];
    let readies = 0;
    const onReady = (f) => { if (f === facts) readies++; };
    const client = createEngine({ onReady, onError: (e) => errors.push(e) });
    client.start();
    await new Promise((r) => setTimeout(r, 0));
    await assert.rejects(client.call('erlang', {}), /engine restarted/);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].fatal, true);
    assert.equal(errors[0].kind, 'crash');
    assert.equal(workers.length, 2, 'a fresh worker');
    assert.ok(workers[0].terminated, 'the trapped one is ended');
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(readies, 2, 'the new worker sends the facts again');
  } finally {
    delete globalThis.Worker;
  }
});
