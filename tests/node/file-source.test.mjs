// The page's reader of a File (www/js/file-source.js): the bytes of any range of a blob in pieces
// of the chunk asked for, through two reused buffers ("bring your own buffer"), or through slices
// where the browser's blob streams have no such reader — the same bytes either way.
import test from 'node:test';
import assert from 'node:assert/strict';
import { blobPieces, blobSource } from '../../www/js/file-source.js';

const bytesOf = (n, seed) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 9)) & 0xff);

/** Every piece copied as it comes (a piece is valid only until the next one is asked for). */
async function collect(gen) {
  const out = [];
  for await (const piece of gen) out.push(new Uint8Array(piece));
  return out;
}

const join = (pieces) => Uint8Array.from(pieces.flatMap((p) => [...p]));

/** A blob whose stream has no BYOB reader, as in browsers without one. */
function noByob(blob) {
  return {
    size: blob.size,
    slice: (from, to) => noByob(blob.slice(from, to)),
    arrayBuffer: () => blob.arrayBuffer(),
    stream: () => ({ getReader: (opts) => { if (opts?.mode === 'byob') throw new TypeError('no byob'); return blob.stream().getReader(); } }),
  };
}

test('any range of a blob comes out whole, in pieces of the chunk asked for (the last one shorter)', async () => {
  const data = bytesOf(300_007, 1);
  for (const wrap of [(b) => b, noByob]) {
    const blob = wrap(new Blob([data]));
    for (const [from, to, chunk] of [[0, data.length, 65_536], [1, 299_000, 4_099], [12_345, 12_346, 1 << 20], [7, 7, 1000], [1000, 1500, 1]]) {
      const pieces = await collect(blobPieces(blob, from, to, chunk));
      assert.deepEqual(join(pieces), data.subarray(from, to), `${from}..${to} by ${chunk}`);
      assert.ok(pieces.slice(0, -1).every((p) => p.length === chunk), `full pieces but the last (${from}..${to} by ${chunk})`);
      assert.ok(pieces.every((p) => p.length > 0 && p.length <= chunk));
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
