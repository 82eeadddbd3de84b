// The monthly cycle's page logic (www/js/periods.js) on reports of the wasm engine: the filter
// summary's parts, the period rows of each grain with the 合计 row, the review's period and the one
// before it, and coaching notes kept in the `coaching` setting surviving a recompute (report()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadEngine, analyse, root } from './engine.mjs';
import * as protocol from '../../www/js/protocol.js';
import * as catalog from '../../www/js/catalog.js';
import {
  FILTER_KEYS, filterActive, filterParts, withoutFilters, periodRows, groupPeriodRows, reviewPeriod,
  previousPeriod, upsertCoaching, coachingNote, verdictMark,
} from '../../www/js/periods.js';

const engine = loadEngine();
catalog.setFacts(protocol.engineFacts(engine));
const pwc = [path.join(root, '..', 'shared', 'datasets', 'pwc_call_centre_trends', 'Call-Center-Dataset.csv'),
  '/work/shared/datasets/pwc_call_centre_trends/Call-Center-Dataset.csv'].find(existsSync);

test('the filter settings are the engine\'s, and none of them is recomputable (a change reads again)', () => {
  const defaults = engine.defaultSettings();
  for (const k of FILTER_KEYS) {
    assert.ok(k in defaults, `${k} is an engine setting`);
    assert.ok(!catalog.isRecomputable(k), `${k} is applied while reading`);
  }
  for (const k of ['week_start', 'month_starts_on_day', 'period', 'compare_with', 'coaching']) {
    assert.ok(catalog.isRecomputable(k), `${k} is recomputable`);
  }
});

test('filter summary parts, active or not, cleared', () => {
  assert.equal(filterActive({}), false);
  assert.equal(filterActive({ queues: [], from: null }), false);
  const s = { from: '2021-01-01', queues: ['A', 'B'], exclude_agents: ['x'], tz: 'UTC' };
  assert.equal(filterActive(s), true);
  assert.deepEqual(filterParts(s), [{ key: 'range', from: '2021-01-01', to: null },
    { key: 'queues', values: ['A', 'B'] }, { key: 'exclude_agents', values: ['x'] }]);
  assert.deepEqual(withoutFilters(s), { tz: 'UTC' });
});

test('coaching notes: put in, replaced per agent and period, removed when empty', () => {
  let list = upsertCoaching([], { agent: 'b', period: '2021-02', note: 'n1', plan: '' });
  list = upsertCoaching(list, { agent: 'a', period: '2021-03', note: '', plan: 'p' });
  list = upsertCoaching(list, { agent: 'b', period: '2021-02', note: 'n2', plan: 'p2' });
  assert.deepEqual(list.map((n) => [n.agent, n.period, n.note]), [['a', '2021-03', ''], ['b', '2021-02', 'n2']]);
  assert.equal(coachingNote(list, 'b', '2021-02').plan, 'p2');
  assert.deepEqual(upsertCoaching(list, { agent: 'a', period: '2021-03', note: '', plan: '' }).length, 1);
  assert.equal(verdictMark('better'), '✓');
  assert.equal(verdictMark('worse'), '✗');
});

test('PwC: months and weeks with the 合计 row, review period, previous period, coaching through report()',
  { skip: !pwc && 'PwC dataset not found' }, () => {
    const file = [{ name: 'Call-Center-Dataset.csv', file: pwc }];
    const r = JSON.parse(JSON.stringify(analyse(engine, file)));
    const months = periodRows(r, 'month');
    assert.deepEqual(months.map((m) => m.period), ['2021-01', '2021-02', '2021-03']);
    for (const grain of ['day', 'week', 'month']) {
      const rows = periodRows(r, grain);
      assert.ok(rows.every((x) => x.period && x.first_day && x.last_day), grain);
      const sum = rows.reduce((s, x) => s + x.offered, 0);
      assert.equal(sum, r.period_total.offered, `${grain}: rows add up to the 合计 row`);
    }
    assert.equal(reviewPeriod(r), '2021-03');
    assert.equal(previousPeriod(r, '2021-03'), '2021-02');
    assert.equal(previousPeriod(r, '2021-01'), '2020-12');
    const agent = r.by_agent.find((a) => a.agent != null).agent;
    assert.equal(groupPeriodRows(r.by_agent_period, 'agent', agent, 'month').length, 3);

    // Notes entered on the review page are a setting: the engine's report lists them, a
    // recompute with another setting keeps them, and the review period follows `period`.
    const a = new engine.Analyzer({}, 'UTC');
    a.beginFile('Call-Center-Dataset.csv');
    a.push(new Uint8Array(readFileSync(pwc)));
    a.endFile();
    a.finish();
    const coaching = upsertCoaching([], { agent, period: '2021-02', note: '辅导：先查知识库', plan: 'plan' });
    const r2 = a.report({ coaching, compare_with: 'previous' });
    assert.deepEqual(r2.coaching.map((n) => [n.agent, n.period, n.note]), [[agent, '2021-02', '辅导：先查知识库']]);
    assert.equal(previousPeriod(r2, reviewPeriod(r2)), '2021-02');
    const r3 = a.report({ coaching, compare_with: 'previous', week_start: 'sunday', period: '2021-02' });
    assert.equal(r3.coaching.length, 1);
    assert.equal(reviewPeriod(r3), '2021-02');
    assert.equal(previousPeriod(r3, '2021-02'), '2021-01');
  });
