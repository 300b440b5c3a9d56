/**
 * A hash table from pieces of text (up to `keyUnits` UTF-16 units) to their token counts, in
 * memory that worker threads share: a piece one worker has merged is a hit for every other.
 *
 * A slot is written once: claimed by compare-and-swap, filled, then published by an atomic store
 * of its state; a reader that loads the published state sees everything written before it (the
 * memory model's message passing), so only state words need atomic reads. A full table takes no
 * more pieces (`full`); whoever made the memory replaces it with new memory, never clears it in
 * place. A race (two threads adding the same piece, a slot claimed meanwhile) costs a duplicate
 * or a miss, never a wrong count: a miss only means the piece is merged again.
 */
export class PieceTable {
  private readonly words: Int32Array;
  private readonly stride: number;
  private readonly mask: number;
  private readonly limit: number;

  /** Memory for a table of `slots` (a power of 2) pieces of up to `keyUnits` UTF-16 units; empty. */
  static memory(slots: number, keyUnits: number, prefault = true): SharedArrayBuffer {
    if (!Number.isInteger(Math.log2(slots))) throw new Error(`a piece table needs a power of 2 slots, not ${slots}`);
    const memory = new SharedArrayBuffer((HEADER_WORDS + slots * strideFor(keyUnits)) * 4);
    // Written now, so that the pages are the process's before counting starts: left to the
    // first look-ups and insertions, each page faults twice (read, then write), and that cost
    // 30 ms of the 75 ms spent on 0.8 MB of English that the counter had not met.
    // For a small input (prefault false) the pages it never touches are not worth the start-up.
    if (prefault) new Int32Array(memory).fill(0);
    return memory;
  }

  constructor(
    readonly memory: SharedArrayBuffer,
    readonly keyUnits: number,
  ) {
    this.words = new Int32Array(memory);
    this.stride = strideFor(keyUnits);
    const slots = slotsIn(memory, keyUnits);
    this.mask = slots - 1;
    this.limit = slots >>> 1;
  }

  /** Whether the table takes no more pieces: half its slots are used, so that probes stay short. */
  get full(): boolean {
    return Atomics.load(this.words, SIZE) >= this.limit;
  }

  /** The count stored for text[start, start + length) (hash `hash`), or -1. */
  find(text: string, start: number, length: number, hash: number): number {
    const { words, stride, mask } = this;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (let probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
      const at = HEADER_WORDS + slot * stride;
      const state = Atomics.load(words, at);
      if (state !== READY) {
        // A slot being filled may belong to this chain; an empty one ends it.
        if (state === WRITING) continue;
        return -1;
      }
      const lengthAndCount = words[at + 2]!;
      if (words[at + 1] === hash && (lengthAndCount & 0xffff) === length && this.holds(at + 3, text, start, length))
        return lengthAndCount >>> 16;
    }
    return -1;
  }

  /** Stores the count of text[start, start + length); a full table, or one with no room near the piece's place, leaves it out. */
  add(text: string, start: number, length: number, hash: number, count: number): void {
    if (length > this.keyUnits || count > 0xffff || this.full) return;
    const { words, stride, mask } = this;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (let probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
      const at = HEADER_WORDS + slot * stride;
      if (Atomics.load(words, at) !== EMPTY || Atomics.compareExchange(words, at, EMPTY, WRITING) !== EMPTY) continue;
      words[at + 1] = hash;
      words[at + 2] = length | (count << 16);
      let w = at + 3;
      let i = start;
      const end = start + length;
      for (; i + 1 < end; i += 2, w++) words[w] = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      if (i < end) words[w] = text.charCodeAt(i);
      Atomics.store(words, at, READY);
      Atomics.add(words, SIZE, 1);
      return;
    }
  }

  /** Whether the key at word `at` is text[start, start + length) (lengths already equal). */
  private holds(at: number, text: string, start: number, length: number): boolean {
    const words = this.words;
    const end = start + length;
    let i = start;
    for (; i + 1 < end; i += 2, at++)
      if (words[at] !== (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16))) return false;
    return i === end || words[at] === text.charCodeAt(i);
  }
}

/** The hash a table is probed with: FNV-1a over pairs of UTF-16 units (as keys are stored), then the length. */
export function pieceHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  let i = start;
  for (; i + 1 < end; i += 2) h = Math.imul(h ^ (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)), 0x01000193);
  if (i < end) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ (end - start), 0x01000193);
}

/** The number of pieces in the table: one word, a cache line away from the first slot, which every insertion adds to. */
const SIZE = 0;
const HEADER_WORDS = 16;
/** States of a slot. */
const EMPTY = 0;
const WRITING = 1;
const READY = 2;
/** Beyond this many slots a probe gives up (a miss): chains stay short while the table is at most half full. */
const MAX_PROBES = 32;

/** Words per slot: state, hash, length and count, then the key's UTF-16 units two to a word. */
function strideFor(keyUnits: number): number {
  return 3 + Math.ceil(keyUnits / 2);
}

function slotsIn(memory: SharedArrayBuffer, keyUnits: number): number {
  const slots = (memory.byteLength / 4 - HEADER_WORDS) / strideFor(keyUnits);
  if (!Number.isInteger(Math.log2(slots)))
    throw new Error(
      `piece table memory of ${memory.byteLength} bytes does not hold a power of 2 slots of ${keyUnits} UTF-16 units`,
    );
  return slots;
}
