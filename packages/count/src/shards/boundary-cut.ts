import type { Format } from "../formats/detect.js";

/** The formats whose documents can be found from any byte offset: each starts at a line. */
export const CUTTABLE_FORMATS = ["text", "lines", "jsonl"] as const satisfies readonly Format[];
export type CuttableFormat = (typeof CUTTABLE_FORMATS)[number];

export function isCuttable(format: Format): format is CuttableFormat {
  return (CUTTABLE_FORMATS as readonly string[]).includes(format);
}

const LF = 0x0a;
const CR = 0x0d;
/** Bytes before a position that say whether a document starts there ("\n\r\n" at most). */
export const LOOK_BEHIND = 3;

/**
 * Whether a document may start at `p`, judged from the bytes before it (`byteAt(p - 1)`, ...):
 * after any "\n" for lines and JSON Lines; after an empty line ("\n\n" or "\n\r\n") for text,
 * whose documents are runs of non-empty lines. Cutting a file at such positions and reading the
 * parts on their own gives exactly the documents of the whole (the reader drops empty lines).
 */
function isDocumentStart(format: CuttableFormat, p: number, byteAt: (i: number) => number | undefined): boolean {
  if (p === 0) return true;
  if (byteAt(p - 1) !== LF) return false;
  if (format !== "text") return true;
  const before = byteAt(p - 2);
  return before === LF || (before === CR && byteAt(p - 3) === LF);
}

/**
 * The documents that start in [start, end) of a file, as bytes: from the first document start at
 * or after `start` to the first at or after `end` (or the end of the file). Shards whose ranges
 * tile a file therefore tile its documents: each is read by the shard in whose range it starts.
 * `chunks` must begin at byte `readFrom` = max(0, start - LOOK_BEHIND).
 */
export async function* documentsStartingIn(
  chunks: AsyncIterable<Uint8Array>,
  format: CuttableFormat,
  start: number,
  end: number,
): AsyncIterable<Uint8Array> {
  let position = Math.max(0, start - LOOK_BEHIND);
  // The last bytes before the current chunk, for looking behind across chunks.
  let tail: number[] = [];
  // The first document start at or after `start`, once found.
  let first = -1;
  for await (const chunk of chunks) {
    const chunkStart = position;
    const byteAt = (i: number) => (i >= chunkStart ? chunk[i - chunkStart] : tail[tail.length - (chunkStart - i)]);
    let from = 0;
    if (first === -1) {
      first = findStart(chunk, chunkStart, start, format, byteAt);
      if (first !== -1 && first >= end) return;
      from = first - chunkStart;
    }
    if (first !== -1) {
      const stop = findStart(chunk, chunkStart, end, format, byteAt);
      const to = stop === -1 ? chunk.length : stop - chunkStart;
      if (to > from) yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
      if (stop !== -1) return;
    }
    position += chunk.length;
    tail = (chunk.length >= LOOK_BEHIND ? [...chunk.subarray(chunk.length - LOOK_BEHIND)] : [...tail, ...chunk]).slice(
      -LOOK_BEHIND,
    );
  }
}

/** The first document start p ≥ `min` within the chunk (p in [chunkStart, chunkStart + length]), or -1. */
function findStart(
  chunk: Uint8Array,
  chunkStart: number,
  min: number,
  format: CuttableFormat,
  byteAt: (i: number) => number | undefined,
): number {
  if (min <= 0 && chunkStart === 0) return 0;
  // p = x + 1 where chunk holds x, the "\n" before p.
  let x = Math.max(min - 1, chunkStart) - chunkStart;
  for (x = chunk.indexOf(LF, x); x !== -1; x = chunk.indexOf(LF, x + 1)) {
    const p = chunkStart + x + 1;
    if (p >= min && isDocumentStart(format, p, byteAt)) return p;
  }
  return -1;
}
