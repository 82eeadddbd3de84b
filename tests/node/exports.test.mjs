// The page's exports are the CLI's: the wasm engine's exportXlsx / exportCsv / exportJson give the
// same bytes as `callscore report --xlsx / --csv / --json` for the same files and settings, and
// are private unless asked (no call id or caller number of the sample in them). The report itself
// reaches the page as JSON text in UTF-8 pieces (finishJson / reportJson): the same report as
// finish() / report().
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEngine, root } from './engine.mjs';
import { parseReport, reportParser } from '../../www/js/protocol.js';

const cli = process.env.CALLSCORE_BIN || path.join(root, 'target', 'release', 'callscore');
const engine = loadEngine();
const dir = mkdtempSync(path.join(tmpdir(), 'callscore-exports-'));
const calls = path.join(dir, 'calls.csv');
execFileSync(cli, ['sample', '--days', '5', '--seed', '9', '--lang', 'zh', '--output', calls]);

/** The wasm analyzer after reading the file, as the page's worker leaves it. */
function analysed(settings = {}) {
  const a = new engine.Analyzer(settings, Intl.DateTimeFormat().resolvedOptions().timeZone);
  a.beginFile(calls);
  a.push(readFileSync(calls));
  a.endFile();
  a.finish();
  return a;
}

test('the report the page receives (finishJson / reportJson: UTF-8 JSON in pieces) is finish() / report()', () => {
  const settings = { sl_threshold_s: 30 };
  const read = () => {
    const a = new engine.Analyzer(settings, 'Asia/Shanghai');
    a.beginFile(calls);
    a.push(readFileSync(calls));
    a.endFile();
    return a;
  };
  const [one, two] = [read(), read()];
  const pieces = one.finishJson();
  assert.ok(Array.isArray(pieces) && pieces.length >= 2, `${pieces.length} piece(s): the report must cross a piece's end`);
  for (const p of pieces) {
    assert.ok(p instanceof Uint8Array && p.buffer.byteLength === p.length, 'a buffer of its own, to transfer');
  }
  assert.ok(pieces.slice(1, -1).every((p) => p.length === pieces[0].length), 'each piece but the last as long as the first');
  assert.ok(pieces.at(-1).length <= pieces[0].length);
  // finish() writes the same report through the count-then-write path (src/wasm.rs, to_json_exact).
  const decoded = parseReport(pieces);
  assert.deepEqual(decoded, two.finish());
  assert.ok(decoded.by_agent.some((x) => /[\u4e00-\u9fff]/.test(x.name || '')), 'Chinese names survive the pieces');
  const again = { sl_threshold_s: 10 };
  assert.deepEqual(parseReport(one.reportJson(again)), two.report(again));
});

test("the page's copy (finishJson / reportJson with screen) is the report without its period rows' ratios, and exports keep them", () => {
  const a = analysed({ sl_threshold_s: 30 });
  const whole = a.report({ sl_threshold_s: 30 });
  const screen = parseReport(a.reportJson({ sl_threshold_s: 30 }, true));
  // The whole report with the numerators, denominators and SL variants of these tables' rows emptied.
  const tables = ['by_day', 'by_week', 'by_month', 'by_agent_period', 'by_team_period', 'by_agent_queue',
    'by_interval', 'by_weekday_hour'];
  const expected = structuredClone(whole);
  for (const t of tables) {
    assert.ok(expected[t].some((r) => Object.keys(r.ratios).length), `${t} has rows with ratios`);
    for (const r of expected[t]) { r.ratios = {}; r.service_level_variants = {}; }
  }
  assert.deepEqual(screen, expected);
  assert.ok(Object.keys(screen.totals.ratios).length, "the tiles' ratios are kept");
  assert.ok(JSON.stringify(screen).length < JSON.stringify(whole).length * 0.8, 'a fifth smaller at least');
  // The export made after the page's copy is the whole report's (its rows' ratios put back).
  const exported = JSON.parse(a.exportJson(false));
  assert.deepEqual(exported.by_interval, whole.by_interval);
  assert.deepEqual(parseReport(a.finishJson(true)).by_day, expected.by_day);
});

test("the page's copy handed out a piece at a time (onPiece) as it is written is the same text, and a throw ends it", () => {
  const a = analysed({ sl_threshold_s: 30 });
  const again = { sl_threshold_s: 20, interval_min: 15 };
  const collected = a.reportJson(again, true);
  const handed = [];
  const rest = a.reportJson(again, true, (piece) => handed.push(piece));
  assert.equal(rest.length, 0, 'every piece handed out');
  assert.ok(handed.length >= 2, `${handed.length} piece(s): the text must cross a piece's end`);
  assert.ok(handed.every((p) => p instanceof Uint8Array && p.buffer.byteLength === p.length), 'each its own buffer');
  assert.deepEqual(Buffer.concat(handed), Buffer.concat(collected));
  const parser = reportParser();
  for (const p of handed) parser.push(p);
  assert.deepEqual(parser.end(), parseReport(collected));
  let calls = 0;
  assert.throws(() => a.reportJson(again, true, () => { calls++; throw new Error('posting failed'); }), /posting failed/);
  assert.equal(calls, 1, 'no piece after the first throw');
});

test("an export after the page's copy is of that report, built again whole; after more was read it refuses", () => {
  const a = analysed({ sl_threshold_s: 30 });
  const again = { sl_threshold_s: 20, interval_min: 15 };
  const whole = a.report(again);
  parseReport(a.reportJson(again, true)); // its interval rows written, not kept
  assert.deepEqual(JSON.parse(a.exportJson(false)).by_interval, whole.by_interval);
  assert.deepEqual(JSON.parse(a.exportJson(false)).totals, whole.totals, 'a second export too');
  parseReport(a.reportJson(again, true));
  a.beginFile('more.csv');
  a.push(readFileSync(calls));
  a.endFile();
  assert.throws(() => a.exportJson(false), (e) => e.code === 'error.export_after_more_read' && e.kind === 'usage');
  parseReport(a.reportJson(again, true));
  assert.equal(JSON.parse(a.exportJson(false)).inputs.length, 2, 'the next report exports');
});

test("parseReport puts the screen copy's tables back: rows of values as objects in the columns' order, a row sent whole kept", () => {
  const report = { report: { engine: 'x', by_interval: [], by_agent_period: [] } };
  const intervals = [
    { table: 'by_interval', columns: ['start', 'offered', 'asa'] },
    ['2024-01-01 00:00', 3, null],
    { row: { start: 'b', offered: 1, asa: 2, note: 'n' } },
    ['c', 4, 5],
  ];
  const periods = [{ table: 'by_agent_period', columns: [] }];
  const want = {
    engine: 'x',
    by_interval: [{ start: '客服2024-01-01 00:00', offered: 3, asa: null }, { start: 'b', offered: 1, asa: 2, note: 'n' },
      { start: 'c', offered: 4, asa: 5 }],
    by_agent_period: [],
  };
  // The engine's order (intervals written while the report is built, then the report) and the
  // report first.
  for (const lines of [[...intervals, report, ...periods], [report, ...intervals, ...periods]]) {
    const bytes = new TextEncoder().encode(lines.map((l) => `${JSON.stringify(l)}\n`).join('').replace('2024', '客服2024'));
    // Cut anywhere, inside the three bytes of 客 and next to a line's end too: the pieces are
    // decoded as one stream, and a line ends only at its line break.
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(parseReport([bytes.slice(0, cut), bytes.slice(cut)]), want, `cut at byte ${cut}`);
    }
    const pieces = [...bytes].map((b) => Uint8Array.of(b));
    const parsed = parseReport(pieces);
    assert.deepEqual(parsed, want, 'one byte a piece');
    assert.deepEqual(Object.keys(parsed.by_interval[0]), ['start', 'offered', 'asa']);
    assert.ok(pieces.every((p) => p === null), 'each piece let go once decoded');
  }
  // A report that is not a screen copy (one line) comes back as it is.
  assert.deepEqual(parseReport([new TextEncoder().encode('{"report":1}')]), { report: 1 });
});

test('exportXlsx equals callscore report --xlsx, byte for byte, in both languages', () => {
  const a = analysed({ sl_threshold_s: 30 });
  for (const lang of ['zh', 'en']) {
    const out = path.join(dir, `report-${lang}.xlsx`);
    execFileSync(cli, ['report', '--sl-threshold', '30', '--lang', lang, '--xlsx', out, calls], { stdio: 'ignore' });
    assert.ok(Buffer.from(a.exportXlsx(lang, false)).equals(readFileSync(out)), lang);
  }
});

test('exportCsv equals the files of callscore report --csv DIR', () => {
  const a = analysed();
  const out = path.join(dir, 'csv');
  execFileSync(cli, ['report', '--lang', 'zh', '--csv', out, calls], { stdio: 'ignore' });
  const files = a.exportCsv('zh', false);
  assert.deepEqual(files.map((f) => f.name).sort(), readdirSync(out).sort());
  for (const f of files) assert.equal(f.text, readFileSync(path.join(out, f.name), 'utf8'), f.name);
  assert.ok(files.find((f) => f.name === 'agents.csv').text.includes('座席工号'));
});

test('exportJson is private unless asked: no call id or caller number of the file', () => {
  const a = analysed();
  const [, first] = readFileSync(calls, 'utf8').split('\n');
  const cells = first.split(',');
  const [callId, caller] = [cells[0], cells[8]];
  assert.match(callId, /^C\d+$/);
  assert.match(caller, /^\d{11}$/);
  const priv = a.exportJson(false);
  assert.ok(!priv.includes(callId) && !priv.includes(caller));
  assert.deepEqual(JSON.parse(priv).callbacks, []);
  const full = JSON.parse(a.exportJson(true));
  assert.ok(full.inputs[0].preview.length > 0, 'the preview rows come back when asked');
  assert.ok(JSON.stringify(full).includes(callId));
  const native = JSON.parse(execFileSync(cli, ['report', '--json', calls], { maxBuffer: 1 << 28 }).toString());
  assert.deepEqual(JSON.parse(priv).totals, native.totals);
});
