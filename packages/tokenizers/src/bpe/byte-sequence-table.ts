/**
 * Token byte sequences -> token id, looked up directly in a byte buffer or in a string's ASCII
 * characters (no string, no bytes made). Used to ask whether a whole piece is a token — most
 * English pieces are, so this is the first thing counting does for each — and to find the two
 * halves of a token.
 *
 * A slot holds the sequence's hash, id, length and place in the pool, in four adjacent words:
 * a look-up reads one cache line of the table, and the pool only when hash and length agree.
 * The pool keeps the vocabulary's order, so the frequent tokens' bytes lie together (low ranks
 * and ids first) and stay in the processor's cache. A non-ASCII piece is rarely a token (a run
 * of Japanese is several): a bit per hash value (8 per slot, 16 per sequence or more) answers
 * most of those look-ups without reading the table.
 */
/** A table as plain typed arrays: what a worker thread receives to rebuild it. */
export interface ByteSequenceTableModel {
  pool: Uint8Array;
  slots: Int32Array;
  filter: Int32Array;
  entries: number;
  longest: number;
}

/** Words per slot: hash, id, length (0: empty), start in the pool. */
const STRIDE = 4;
const ID = 1;
const LENGTH = 2;
const START = 3;
const FILTER_BITS_PER_SLOT = 8;

export class ByteSequenceTable {
  private pool: Uint8Array = new Uint8Array(1 << 16);
  private poolUsed = 0;
  private slots: Int32Array;
  /** `slots.length - 1`: a hash times STRIDE, masked, is a slot's first word. */
  private wordMask: number;
  /** Bit h is set when some sequence's hash is h in its low bits. */
  private filter: Int32Array;
  private filterMask: number;
  private entries = 0;
  /** The length of the longest sequence: a longer piece cannot be a token. */
  longest = 0;

  constructor(expected = 1 << 16) {
    let slots = 1 << 4;
    while (slots < expected * 2) slots <<= 1;
    this.slots = new Int32Array(slots * STRIDE);
    this.wordMask = slots * STRIDE - 1;
    this.filter = new Int32Array((slots * FILTER_BITS_PER_SLOT) >>> 5);
    this.filterMask = slots * FILTER_BITS_PER_SLOT - 1;
  }

  model(): ByteSequenceTableModel {
    const { slots, entries, longest } = this;
    return { pool: this.pool.subarray(0, this.poolUsed), slots, filter: this.filter, entries, longest };
  }

  static fromModel(model: ByteSequenceTableModel): ByteSequenceTable {
    const table = new ByteSequenceTable(0);
    table.pool = model.pool;
    table.poolUsed = model.pool.length;
    table.slots = model.slots;
    table.wordMask = model.slots.length - 1;
    table.filter = model.filter;
    table.filterMask = model.filter.length * 32 - 1;
    table.entries = model.entries;
    table.longest = model.longest;
    return table;
  }

  /** FNV-1a over bytes[start, end). */
  static hash(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    return h | 0;
  }

  /** The id of bytes[start, end), or -1. `hash` is `ByteSequenceTable.hash` of the same bytes. */
  find(bytes: Uint8Array, start: number, end: number, hash = ByteSequenceTable.hash(bytes, start, end)): number {
    const length = end - start;
    const bit = hash & this.filterMask;
    if (((this.filter[bit >>> 5]! >>> bit) & 1) === 0) return -1;
    const { slots, wordMask, pool } = this;
    let at = (hash << 2) & wordMask;
    for (;;) {
      const l = slots[at + LENGTH]!;
      if (l === 0) return -1;
      if (l === length && slots[at] === hash) {
        const from = slots[at + START]!;
        let i = 0;
        while (i < length && pool[from + i] === bytes[start + i]) i++;
        if (i === length) return slots[at + ID]!;
      }
      at = (at + STRIDE) & wordMask;
    }
  }

  /**
   * The id of text[start, end) when it is all ASCII (one byte a character) and a sequence
   * here, else -1: `find` without encoding the text first.
   */
  findAscii(text: string, start: number, end: number): number {
    const length = end - start;
    if (length > this.longest) return -1;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return -1;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const { slots, wordMask, pool } = this;
    let at = (h << 2) & wordMask;
    for (;;) {
      const l = slots[at + LENGTH]!;
      if (l === 0) return -1;
      if (l === length && slots[at] === h) {
        const from = slots[at + START]! - start;
        let i = start;
        while (i < end && pool[from + i] === text.charCodeAt(i)) i++;
        if (i === end) return slots[at + ID]!;
      }
      at = (at + STRIDE) & wordMask;
    }
  }

  /** Adds a sequence; the first id given for a sequence is kept, an empty one is left out. */
  add(bytes: Uint8Array, id: number): void {
    if (bytes.length === 0) return;
    const hash = ByteSequenceTable.hash(bytes, 0, bytes.length);
    if (this.find(bytes, 0, bytes.length, hash) >= 0) return;
    if ((this.entries + 1) * 2 * STRIDE > this.slots.length) this.grow();
    while (this.poolUsed + bytes.length > this.pool.length) {
      const pool = new Uint8Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(bytes, this.poolUsed);
    this.place(hash, id, bytes.length, this.poolUsed);
    this.poolUsed += bytes.length;
    this.entries++;
    this.longest = Math.max(this.longest, bytes.length);
  }

  private place(hash: number, id: number, length: number, start: number): void {
    const { slots, wordMask } = this;
    let at = (hash << 2) & wordMask;
    while (slots[at + LENGTH] !== 0) at = (at + STRIDE) & wordMask;
    slots[at] = hash;
    slots[at + ID] = id;
    slots[at + LENGTH] = length;
    slots[at + START] = start;
    const bit = hash & this.filterMask;
    this.filter[bit >>> 5]! |= 1 << bit;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.wordMask = this.slots.length - 1;
    this.filter = new Int32Array(((this.slots.length / STRIDE) * FILTER_BITS_PER_SLOT) >>> 5);
    this.filterMask = (this.slots.length / STRIDE) * FILTER_BITS_PER_SLOT - 1;
    for (let at = 0; at < old.length; at += STRIDE)
      if (old[at + LENGTH] !== 0) this.place(old[at]!, old[at + ID]!, old[at + LENGTH]!, old[at + START]!);
  }
}
