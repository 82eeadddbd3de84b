// A File (or any Blob) as a source of bytes for the engine's readers (js/ranges.js, worker.js):
// read(from, to) for the few small reads (a file's head, the line break a range starts after, the
// end of a record), and pieces(from, to, chunk) for the long sequential reads, which take nearly
// all the bytes.
//
// Why pieces() reads the blob's stream into two reused buffers ("bring your own buffer") rather
// than File.slice().arrayBuffer() per chunk: every arrayBuffer() is a new allocation that the
// worker zeroes page by page, fills and then leaves to the garbage collector. Read in a worker
// with nothing else to do, a 200 MB file took about 660 ms of the browser's processor time in
// 4 MiB slices against about 380 ms through reused buffers — on a two-core machine running two
// workers, time taken from the engine. Where the browser's blob streams have no such reader
// (getReader({mode: 'byob'}) throws), the source has no pieces() and its readers read it a slice at
// a time with read(), one read ahead (js/ranges.js pieces()).

/** Whether this browser's blob streams give "bring your own buffer" readers. */
const BYOB = (() => {
  try {
    new Blob([]).stream().getReader({ mode: 'byob' }).releaseLock();
    return true;
  } catch {
    return false;
  }
})();

/**
 * The streams being read, held here until their reader is done with them. Why: Chromium (156 here)
 * can collect a blob's stream while a read of it is pending when nothing but that read's own
 * promise chain refers to it — the worker awaiting the read is then never resumed: no error, no
 * data, the run simply stops (seen as a page that never showed its report, about 1 run in 10 of
 * the 30-day sample in a two-worker page, in the first or a later 4 MiB read). Held from a
 * module-level set, none was lost in 200 runs (tests/browser/repeat-sample.mjs). Every reader of a stream in the worker takes its
 * stream through hold() and gives it back with release() when it stops, whatever the reason.
 */
const reading = new Set();
export function hold(stream) {
  reading.add(stream);
  return stream;
}
export function release(stream) {
  reading.delete(stream);
}
/** How many streams are held now (tests: none once every reader has stopped). */
export const streamsHeld = () => reading.size;

/** `blob` as a source: {size, read(from, to), pieces(from, to, chunk) where BYOB readers exist}. */
export function blobSource(blob) {
  const src = { size: blob.size, read: async (from, to) => new Uint8Array(await blob.slice(from, to).arrayBuffer()) };
  if (BYOB) src.pieces = (from, to, chunk) => blobPieces(blob, from, to, chunk);
  return src;
}

/**
 * Buffers of a whole chunk left by a read that ended, for the next: a 1 GB file is read as about
 * 30 ranges a worker, and two new 4 MiB buffers for each were 240 MiB of buffers left to the
 * garbage collector, collected when it saw fit — part of the page's memory while it read.
 */
const spareBuffers = [];
const SPARE_BUFFERS = 2;
const bufferOf = (size) => {
  const i = spareBuffers.findIndex((b) => b.byteLength === size);
  return i >= 0 ? spareBuffers.splice(i, 1)[0] : new ArrayBuffer(size);
};
const giveBack = (buffer, size) => {
  if (buffer && buffer.byteLength === size && spareBuffers.length < SPARE_BUFFERS) spareBuffers.push(buffer);
};

/**
 * Bytes from..to of `blob` in pieces of `chunk` bytes (the last one shorter), the next piece
 * read while this one is used. A piece is a view of a buffer that is reused: it is valid until
 * the next piece is asked for (the engine copies what it is given).
 */
export async function* blobPieces(blob, from, to, chunk) {
  const stream = hold(blob.slice(from, to).stream());
  const reader = stream.getReader({ mode: 'byob' });
  const size = Math.max(1, Math.min(chunk, to - from));
  let pending = fill(reader, bufferOf(size));
  let spare = null;
  let last = null; // the buffer of the piece handed out last
  try {
    for (;;) {
      const { buffer, filled, done } = await pending;
      pending = null;
      if (!done) {
        pending = fill(reader, spare ?? bufferOf(size));
        spare = null;
      }
      last = buffer;
      if (filled) yield new Uint8Array(buffer, 0, filled);
      if (done) return;
      spare = buffer; // given back by the consumer: the next fill's buffer
    }
  } finally {
    // Stopped early (an error, a cancelled run): the read in flight ends with the stream.
    if (pending) pending.catch(() => {});
    reader.cancel().catch(() => {});
    release(stream);
    // Asked for the piece after the last, or stopped: no piece handed out is in use any more.
    if (!pending) {
      giveBack(last, chunk);
      giveBack(spare, chunk);
    }
  }
}

/** Fills `buffer` from a BYOB reader: {buffer (the same memory, handed back), filled, done}. */
async function fill(reader, buffer) {
  let filled = 0;
  while (filled < buffer.byteLength) {
    const { done, value } = await reader.read(new Uint8Array(buffer, filled));
    // The read takes the buffer over and hands it back in `value` (absent only if cancelled).
    if (value) {
      buffer = value.buffer;
      filled += value.byteLength;
    }
    if (done) return { buffer, filled, done: true };
  }
  return { buffer, filled, done: false };
}
