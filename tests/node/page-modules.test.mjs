// The page's plain modules that need no browser: the worker protocol (one place for message
// types), the page state (every field declared, sealed) and the engine catalogue the panels use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as protocol from '../../www/js/protocol.js';
import { createState, saveTargets } from '../../www/js/state.js';
import * as catalog from '../../www/js/catalog.js';

const www = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../www');
const pageSources = (dir = www) => readdirSync(dir).flatMap((f) => {
  const p = path.join(dir, f);
  if (statSync(p).isDirectory()) return ['pkg', 'vendor', 'sample'].includes(f) ? [] : pageSources(p);
  return p.endsWith('.js') ? [p] : [];
});

test('every message constructor makes a message of a declared type, understood by the other side', () => {
  const { MSG } = protocol;
  const requests = [protocol.analyzeMsg(1, [], {}), protocol.recomputeMsg(1, {}), protocol.callMsg(1, 'erlang', {})];
  const replies = [protocol.readyMsg('1'), protocol.progressMsg({ runId: 1 }), protocol.fileMsg(1, 0, {}),
    protocol.reportMsg(1, {}, { recomputed: true }), protocol.errorMsg(1, { kind: 'x', message: 'y' }, true),
    protocol.callResultMsg(1, 2), protocol.callErrorMsg(1, { kind: 'x', message: 'y' })];
  for (const m of requests) assert.ok(protocol.isRequest(m) && !protocol.isReply(m), m.type);
  for (const m of replies) assert.ok(protocol.isReply(m) && !protocol.isRequest(m), m.type);
  assert.deepEqual(new Set([...requests, ...replies].map((m) => m.type)), new Set(Object.values(MSG)));
  assert.equal(protocol.isRequest({ type: 'nonsense' }), false);
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
