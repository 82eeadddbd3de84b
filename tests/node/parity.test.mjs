// The wasm engine under Node returns the same report as the native command line, for any
// chunking. Run by scripts/test after scripts/build: node --test tests/node/
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alignStaffingFloats, analyse, loadEngine, root } from './engine.mjs';

const cli = process.env.CALLSCORE_BIN || path.join(root, 'target', 'release', 'callscore');
const datasets = process.env.CALLSCORE_DATASETS || path.join(root, '..', 'shared', 'datasets');
const engine = loadEngine();
const scratch = mkdtempSync(path.join(tmpdir(), 'callscore-parity-'));

// The whole report (`--include-callers`: finish() in wasm hands the page everything; the
// exports are made private by the engine, see exports below).
function native(file, args = []) {
  const out = execFileSync(cli, ['report', '--json', '--include-callers', ...args, file], { maxBuffer: 1 << 30 });
  return JSON.parse(out.toString('utf8'));
}

// A small deterministic generator of chunk sizes from 1 byte up.
function sizes(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    const kind = s % 3;
    return kind === 0 ? 1 + (s % 7) : kind === 1 ? 1 + (s % 4096) : 1 + (s % 300000);
  };
}

function sample(name, args) {
  const file = path.join(scratch, name);
  execFileSync(cli, ['sample', '--output', file, ...args]);
  return file;
}

// Staffing floats to 1e-12 and the zone's source words: see alignStaffingFloats in engine.mjs.

const cases = [
  { name: 'sample (UTF-8, English headers)', file: () => sample('en.csv', ['--days', '14', '--seed', '4']) },
  { name: 'sample (GBK, Chinese headers)', file: () => sample('zh.csv', ['--days', '7', '--seed', '5', '--lang', 'zh', '--encoding', 'gbk']) },
  { name: 'Anonymous Bank February 1999', file: () => path.join(datasets, 'anonymous_bank_feb1999/data_anonymous_bank_february.txt') },
  { name: 'Anonymous Bank August 1999', file: () => path.join(datasets, 'anonymous_bank_aug1999/august_1999_calls.csv') },
  { name: 'PwC call-centre file', file: () => path.join(datasets, 'pwc_call_centre_trends/Call-Center-Dataset.csv') },
  { name: 'outbound dialler export (Chinese)',
    file: () => sample('ob.csv', ['--channel', 'outbound', '--days', '9', '--seed', '3', '--lang', 'zh']) },
  { name: 'FreeSWITCH CDR with outbound legs',
    file: () => path.join(datasets, 'freeswitch_cdr_csv/fs_Master_excel_mangled.csv') },
];

for (const c of cases) {
  test(`wasm equals native: ${c.name}`, (t) => {
    const file = c.file();
    if (!existsSync(file)) {
      t.skip(`${file} not present`);
      return;
    }
    const want = native(file);
    for (const seed of [1, 2]) {
      const got = analyse(engine, [{ name: file, file }], {}, sizes(seed));
      assert.deepStrictEqual(alignStaffingFloats(got, want), want);
    }
  });
}

test('wasm equals native: chat logs and orders (a GBK week; the fixture in both languages), other rules', () => {
  const dir = mkdtempSync(path.join(scratch, 'chat-'));
  execFileSync(cli, ['sample', '--channel', 'chat', '--days', '7', '--seed', '4', '--lang', 'zh', '--encoding', 'gbk',
    '-o', dir]);
  const fixture = path.join(root, 'tests', 'data', 'chat');
  const sets = [
    [path.join(dir, 'sample-chat.csv'), path.join(dir, 'sample-orders.csv')],
    [path.join(fixture, 'chat_zh.csv'), path.join(fixture, 'orders_zh.csv')],
    [path.join(fixture, 'chat_en.csv'), path.join(fixture, 'orders_en.csv')],
  ];
  for (const files of sets) {
    const list = files.map((f) => ({ name: f, file: f }));
    const native = (args) => JSON.parse(execFileSync(cli, ['report', '--json', '--include-callers', ...args, ...files],
      { maxBuffer: 1 << 30 }).toString('utf8'));
    const want = native([]);
    assert.deepStrictEqual(alignStaffingFloats(analyse(engine, list, {}, sizes(5)), want), want, files[0]);
    const other = native(['--set', 'conversion_window_h=24', '--set', 'order_attribution="last_chat"']);
    const got = analyse(engine, list, { conversion_window_h: 24, order_attribution: 'last_chat' }, sizes(6));
    assert.deepStrictEqual(alignStaffingFloats(got, other), other, `${files[0]} (other rules)`);
  }
});

test('wasm equals native with non-default settings', () => {
  const file = sample('opts.csv', ['--days', '5', '--seed', '8']);
  const want = native(file, ['--sl-threshold', '30', '--interval', '15', '--fcr-window', '24h', '--sl-variant', 'with-abandoned']);
  const settings = { sl_threshold_s: 30, interval_min: 15, fcr_window_h: 24, sl_variant: 'with_abandoned' };
  assert.deepStrictEqual(alignStaffingFloats(analyse(engine, [{ name: file, file }], settings, sizes(3)), want), want);
});

test('a file that cannot be read is reported, not thrown away silently', () => {
  const file = path.join(scratch, 'notes.txt');
  writeFileSync(file, 'Dear team,\nthe figures are attached.\n');
  const report = analyse(engine, [{ name: file, file }]);
  assert.equal(report.inputs[0].error.kind, 'unsupported_format');
  assert.match(report.inputs[0].error.message, /no header row/);
});

test('bad settings are refused with a message', () => {
  assert.throws(() => new engine.Analyzer({ interval_min: 20 }), (e) => /interval must be 15, 30 or 60/.test(e.message));
  assert.throws(() => new engine.Analyzer({ no_such_setting: 1 }), /unknown field/);
});

test('the calculator function erlang() equals callscore erlang --json', () => {
  const cases = [
    [{ calls: 100, interval_min: 30, aht_s: 180, sl_target: 0.8, sl_threshold_s: 20, max_occupancy: 0.85, shrinkage: 0.3 },
      ['--calls', '100', '--interval', '30', '--aht', '180', '--sl-target', '0.8', '--sl-threshold', '20', '--max-occupancy', '0.85', '--shrinkage', '0.3']],
    [{ calls: 340, interval_min: 15, aht_s: 260, sl_target: 0.9, sl_threshold_s: 15, patience_s: 200 },
      ['--calls', '340', '--interval', '15', '--aht', '260', '--sl-target', '0.9', '--sl-threshold', '15', '--patience', '200']],
  ];
  for (const [input, args] of cases) {
    const want = JSON.parse(execFileSync(cli, ['erlang', '--json', ...args]).toString());
    const got = engine.erlang(input);
    assert.deepStrictEqual(alignStaffingFloats({ staffing: got }, { staffing: want }), { staffing: want });
  }
  assert.equal(engine.erlang(cases[0][0]).erlang_c.raw_positions, 14);
  assert.throws(() => engine.erlang({ calls: 1, interval_min: 30, aht_s: 180, sl_target: 2 }), /service level target/);
  assert.throws(() => engine.erlang({ calls: 1, interval_min: 30, aht_s: 180, sl_target: 0.8, nope: 1 }), /unknown field/);
});

test('scorecards: a preset or a card object in the settings equals callscore report --scorecard, people files included', () => {
  const dir = mkdtempSync(path.join(scratch, 'people-'));
  const calls = path.join(dir, 'calls.csv');
  execFileSync(cli, ['sample', '--days', '10', '--seed', '6', '--output', calls, '--with-qa', path.join(dir, 'people')]);
  const files = [calls, ...['roster', 'qa', 'surveys', 'attendance', 'ratings'].map((n) => path.join(dir, 'people', `${n}.csv`))];
  const nativeAll = (args) => JSON.parse(execFileSync(cli, ['report', '--json', '--include-callers', ...args, ...files],
    { maxBuffer: 1 << 30 }).toString('utf8'));
  const list = files.map((f) => ({ name: f, file: f }));
  for (const id of ['seed002', 'deneng', 'small']) {
    const want = nativeAll(['--scorecard', `preset:${id}`, '--qa-form', 'preset:seed001_checklist']);
    const got = analyse(engine, list, { scorecard: `preset:${id}`, qa_form: 'preset:seed001_checklist' }, sizes(7));
    assert.deepStrictEqual(alignStaffingFloats(got, want), want, id);
  }
  // presets() gives the cards themselves; a card object scores as its preset does.
  const presets = engine.presets();
  assert.deepEqual(presets.map((p) => p.id), ['seed002', 'deneng', 'small', 'chat', 'soft_qa']);
  assert.deepEqual(engine.qaForms().map((f) => f.id), ['seed001_checklist', 'seed003_soft']);
  const card = presets.find((p) => p.id === 'small').card;
  const byObject = analyse(engine, list, { scorecard: card });
  const byName = analyse(engine, list, { scorecard: 'preset:small' });
  assert.deepStrictEqual(byObject.scorecard, byName.scorecard);
});

test('validateScorecard names the offending field', () => {
  const card = structuredClone(engine.presets().find((p) => p.id === 'seed002').card);
  assert.equal(engine.validateScorecard(card), null);
  card.categories[1].metrics[0].weight = -1;
  assert.deepEqual(engine.validateScorecard(card), {
    path: 'categories[1].metrics[0].weight', message: 'must be a number ≥ 0, not -1',
    code: 'field.must_be_non_negative', params: { value: -1 },
  });
  card.categories[1].metrics[0].weight = 10;
  card.grades[1][0] = 95;
  assert.equal(engine.validateScorecard(card).path, 'grades[1][0]');
  assert.throws(() => new engine.Analyzer({ scorecard: 'preset:nope' }), /unknown scorecard preset 'nope'/);
  const bad = engine.validateScorecard({ name: 'x', categories: [], extra: 1 });
  assert.equal(bad.path, '');
  assert.match(bad.message, /unknown field `extra`/);
});
