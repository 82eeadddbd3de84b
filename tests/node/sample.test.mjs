// The page's "Try sample data": the wasm engine's sample() makes, byte for byte, the files that
// `callscore sample` writes with the same options. Run by scripts/test after scripts/build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEngine, root } from './engine.mjs';

const cli = process.env.CALLSCORE_BIN || path.join(root, 'target', 'release', 'callscore');
const engine = loadEngine();
const cliSample = (args) => execFileSync(cli, ['sample', ...args], { maxBuffer: 1 << 30 });

test('sample() with no options is the default month of `callscore sample`, as a list of named files', () => {
  const files = engine.sample();
  assert.deepEqual(files.map((f) => f.name), ['sample-calls.csv']);
  assert.ok(files[0].bytes instanceof Uint8Array);
  assert.ok(Buffer.from(files[0].bytes).equals(cliSample([])));
});

test('sample({days, seed, lang}) equals the CLI with the same options, Chinese headers too', () => {
  const [calls] = engine.sample({ days: 3, seed: 9, lang: 'zh' });
  const want = cliSample(['--days', '3', '--seed', '9', '--lang', 'zh']);
  assert.ok(Buffer.from(calls.bytes).equals(want));
  assert.match(Buffer.from(calls.bytes).toString('utf8', 0, 200), /^通话ID,来电时间/);
});

test('sample() refuses what it cannot make, with kind invalid_input', () => {
  for (const bad of [{ days: 0 }, { days: 1000 }, { lang: 'fr' }, { colour: 'red' }, { days: 'many' }]) {
    const refused = (e) => e.kind === 'invalid_input' && e.message.length > 0;
    assert.throws(() => engine.sample(bad), refused, JSON.stringify(bad));
  }
});

test('sample({channel}): the chat log and orders, or the outbound export, of `callscore sample --channel`', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'callscore-channels-'));
  cliSample(['--channel', 'chat', '--days', '4', '--seed', '2', '--lang', 'zh', '-o', dir]);
  const chat = engine.sample({ days: 4, seed: 2, lang: 'zh', channel: 'chat' });
  assert.deepEqual(chat.map((f) => f.name), ['sample-chat.csv', 'sample-orders.csv']);
  for (const f of chat) assert.ok(Buffer.from(f.bytes).equals(readFileSync(path.join(dir, f.name))), f.name);
  const [outbound] = engine.sample({ days: 4, seed: 2, channel: 'outbound' });
  assert.equal(outbound.name, 'sample-outbound.csv');
  assert.ok(Buffer.from(outbound.bytes).equals(cliSample(['--channel', 'outbound', '--days', '4', '--seed', '2'])));
  assert.throws(() => engine.sample({ channel: 'fax' }),
    (e) => e.kind === 'invalid_input' && e.code === 'sample.channel');
});
