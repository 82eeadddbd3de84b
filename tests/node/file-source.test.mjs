// The page's reader of a File (www/js/file-source.js): the bytes of any range of a blob in pieces
// of the chunk asked for, through two reused buffers ("bring your own buffer"), or — where the
// browser's blob streams have no such reader — a slice at a time through read(): the same bytes
// either way.
import test from 'node:test';
import assert from 'node:assert/strict';
import { blobPieces, blobSource, streamsHeld } from '../../www/js/file-source.js';
import { pieces } from '../../www/js/ranges.js';

const bytesOf = (n, seed) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 9)) & 0xff);

/** Every piece copied as it comes (a piece is valid only until the next one is asked for). */
async function collect(gen) {
  const out = [];
  for await (const piece of gen) out.push(new Uint8Array(piece));
  return out;
}

const join = (pieces) => Uint8Array.from(pieces.flatMap((p) => [...p]));

test('any range of a blob comes out whole, in pieces of the chunk asked for (the last one shorter)', async () => {
  const data = bytesOf(300_007, 1);
  const blob = new Blob([data]);
  const src = blobSource(blob);
  assert.ok(src.pieces, 'Node\'s blob streams have BYOB readers');
  const ways = {
    'reused buffers': (from, to, chunk) => blobPieces(blob, from, to, chunk),
    'the source, as the readers take it': (from, to, chunk) => pieces(src, from, to, chunk),
    'slices (no BYOB reader)': (from, to, chunk) => pieces({ size: src.size, read: src.read }, from, to, chunk),
  };
  for (const [way, read] of Object.entries(ways)) {
    for (const [from, to, chunk] of [[0, data.length, 65_536], [1, 299_000, 4_099], [12_345, 12_346, 1 << 20], [7, 7, 1000], [1000, 1500, 1]]) {
      const got = await collect(read(from, to, chunk));
      const what = `${way}: ${from}..${to} by ${chunk}`;
      assert.deepEqual(join(got), data.subarray(from, to), what);
      assert.ok(got.slice(0, -1).every((p) => p.length === chunk), `full pieces but the last (${what})`);
      assert.ok(got.every((p) => p.length > 0 && p.length <= chunk), what);
    }
  }
});

test('no new buffer per piece: once the next piece is given, the one before is being filled again', async () => {
  const data = bytesOf(100_000, 2);
  const views = [];
  for await (const piece of blobPieces(new Blob([data]), 0, data.length, 10_000)) {
    const k = views.length;
    assert.deepEqual(piece, data.subarray(k * 10_000, (k + 1) * 10_000), `piece ${k} as given`);
    // Handed to the stream for the next read (transferred: the old view is emptied), not dropped.
    if (k > 0) assert.equal(views[k - 1].byteLength, 0, `piece ${k - 1}'s buffer is read into again`);
    views.push(piece);
  }
  assert.equal(views.length, 10);
});

test('a read stopped early ends the stream; the blob reads again whole', async () => {
  const data = bytesOf(50_000, 3);
  const blob = new Blob([data]);
  for await (const piece of blobPieces(blob, 0, data.length, 4096)) {
    assert.equal(piece.length, 4096);
    break;
  }
  const src = blobSource(blob);
  assert.equal(src.size, data.length);
  assert.deepEqual(await src.read(100, 200), data.subarray(100, 200));
  assert.deepEqual(join(await collect(src.pieces(0, data.length, 8192))), data);
});

test('a stream is held while it is read, and let go when its reader stops (done, stopped early, failed)', async () => {
  // Chromium can collect a stream whose pending read nothing else refers to: the read never ends.
  const data = bytesOf(40_000, 4);
  const blob = new Blob([data]);
  const a = blobPieces(blob, 0, data.length, 4096);
  const b = blobPieces(blob, 100, 30_000, 4096);
  await a.next();
  assert.equal(streamsHeld(), 1, 'the first reader\'s stream');
  await b.next();
  assert.equal(streamsHeld(), 2, 'two readers at once: both held');
  for await (const piece of a) assert.ok(piece.length > 0);
  assert.equal(streamsHeld(), 1, 'a read to its end lets its stream go');
  await b.return();
  assert.equal(streamsHeld(), 0, 'a read stopped early lets its stream go');
  const c = blobPieces(blob, 0, data.length, 4096);
  await c.next();
  await assert.rejects(c.throw(new Error('the engine failed')));
  assert.equal(streamsHeld(), 0, 'so does a read whose consumer failed');
});
