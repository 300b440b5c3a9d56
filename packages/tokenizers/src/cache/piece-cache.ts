import { PieceTable, pieceHash } from "./piece-table.js";

/** The shared memory of one tokenizer's piece cache: made once, used by every worker that counts with it. */
export interface PieceCacheMemory {
  short: SharedArrayBuffer;
  long: SharedArrayBuffer;
}

/**
 * Token counts of pre-token pieces: natural text repeats its pieces, so each is merged once, and
 * once for all the workers whose caches use the same memory. A piece is looked up where it lies
 * in its text (hashed and compared from the text's characters), so a piece seen before costs no
 * new string. Bounded: two tables of fixed size (short pieces, and pieces up to 64 UTF-16 units;
 * longer ones rarely repeat and are not kept). A full table is replaced with an empty one: by
 * the cache itself if it made its memory, else by whoever gave it the memory (`renewed`, `use`).
 */
export class PieceCache {
  private short!: PieceTable;
  private long!: PieceTable;
  private readonly renewsItself: boolean;

  /** Memory for a cache: 2^18 slots for pieces of up to 26 units (16 MiB) and 2^15 for up to 64 (4.4 MiB), half of each used at most. */
  static memory(prefault = true): PieceCacheMemory {
    return {
      short: PieceTable.memory(SHORT_SLOTS, SHORT_UNITS, prefault),
      long: PieceTable.memory(LONG_SLOTS, LONG_UNITS, prefault),
    };
  }

  /** The memory with each full table replaced by an empty one, or undefined if no table is full. */
  static renewed(memory: PieceCacheMemory): PieceCacheMemory | undefined {
    const short = new PieceTable(memory.short, SHORT_UNITS).full;
    const long = new PieceTable(memory.long, LONG_UNITS).full;
    if (!short && !long) return undefined;
    return {
      short: short ? PieceTable.memory(SHORT_SLOTS, SHORT_UNITS) : memory.short,
      long: long ? PieceTable.memory(LONG_SLOTS, LONG_UNITS) : memory.long,
    };
  }

  /** A cache on `memory` (shared with other threads' caches), or on memory of its own. */
  constructor(memory?: PieceCacheMemory) {
    this.renewsItself = memory === undefined;
    this.use(memory ?? PieceCache.memory());
  }

  use(memory: PieceCacheMemory): void {
    this.short = new PieceTable(memory.short, SHORT_UNITS);
    this.long = new PieceTable(memory.long, LONG_UNITS);
  }

  /** The count of the piece text[start, end), from the cache or from `countPiece`. */
  count(text: string, start: number, end: number, countPiece: (piece: string) => number): number {
    const length = end - start;
    if (length > LONG_UNITS) return countPiece(start === 0 && end === text.length ? text : text.slice(start, end));
    const hash = pieceHash(text, start, end);
    const cached = (length <= SHORT_UNITS ? this.short : this.long).find(text, start, length, hash);
    if (cached >= 0) return cached;
    const count = countPiece(text.slice(start, end));
    this.store(text, start, length, hash, count);
    return count;
  }

  /** `count` for a counter that reads the piece where it lies: a miss makes no string either. */
  countAt(text: string, start: number, end: number, countRange: RangeCounter): number {
    const length = end - start;
    if (length > LONG_UNITS) return countRange.countRange(text, start, end);
    const hash = pieceHash(text, start, end);
    const cached = (length <= SHORT_UNITS ? this.short : this.long).find(text, start, length, hash);
    if (cached >= 0) return cached;
    const count = countRange.countRange(text, start, end);
    this.store(text, start, length, hash, count);
    return count;
  }

  private store(text: string, start: number, length: number, hash: number, count: number): void {
    if ((length <= SHORT_UNITS ? this.short : this.long).full) {
      if (this.renewsItself) this.use(PieceCache.renewed({ short: this.short.memory, long: this.long.memory })!);
      else return;
    }
    (length <= SHORT_UNITS ? this.short : this.long).add(text, start, length, hash, count);
  }
}

/** What counts a piece that `PieceCache.countAt` does not hold: text[start, end), read in place. */
export interface RangeCounter {
  countRange(text: string, start: number, end: number): number;
}

/** 26 units: with its state, hash, length and count, a short slot is 16 words, one 64-byte cache line. */
const SHORT_UNITS = 26;
const SHORT_SLOTS = 1 << 18;
const LONG_UNITS = 64;
const LONG_SLOTS = 1 << 15;
