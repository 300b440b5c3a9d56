/**
 * Token byte sequences -> token id, looked up directly in a byte buffer (no string made).
 * Used to ask whether a whole piece is a token, and to find the two halves of a token.
 */
/** A table as plain typed arrays: what a worker thread receives to rebuild it. */
export interface ByteSequenceTableModel {
  pool: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
  ids: Int32Array;
  slots: Int32Array;
  entries: number;
  longest: number;
}

export class ByteSequenceTable {
  private pool: Uint8Array = new Uint8Array(1 << 16);
  private poolUsed = 0;
  private starts: Int32Array;
  private lengths: Int32Array;
  private ids: Int32Array;
  private slots: Int32Array;
  private mask: number;
  private entries = 0;
  /** The length of the longest sequence: a longer piece cannot be a token. */
  longest = 0;

  constructor(expected = 1 << 16) {
    let slots = 1 << 4;
    while (slots < expected * 2) slots <<= 1;
    this.slots = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
    this.starts = new Int32Array(expected);
    this.lengths = new Int32Array(expected);
    this.ids = new Int32Array(expected);
  }

  model(): ByteSequenceTableModel {
    const { starts, lengths, ids, slots, entries, longest } = this;
    return {
      pool: this.pool.subarray(0, this.poolUsed),
      starts: starts.subarray(0, entries),
      lengths: lengths.subarray(0, entries),
      ids: ids.subarray(0, entries),
      slots,
      entries,
      longest,
    };
  }

  static fromModel(model: ByteSequenceTableModel): ByteSequenceTable {
    const table = new ByteSequenceTable(0);
    table.pool = model.pool;
    table.poolUsed = model.pool.length;
    table.starts = model.starts;
    table.lengths = model.lengths;
    table.ids = model.ids;
    table.slots = model.slots;
    table.mask = model.slots.length - 1;
    table.entries = model.entries;
    table.longest = model.longest;
    return table;
  }

  /** FNV-1a over bytes[start, end). */
  static hash(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    return h >>> 0;
  }

  /** The id of bytes[start, end), or -1. `hash` is `ByteSequenceTable.hash` of the same bytes. */
  find(bytes: Uint8Array, start: number, end: number, hash = ByteSequenceTable.hash(bytes, start, end)): number {
    const length = end - start;
    const { slots, mask, pool } = this;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === -1) return -1;
      if (this.lengths[entry] === length) {
        const at = this.starts[entry]!;
        let same = true;
        for (let i = 0; i < length; i++) {
          if (pool[at + i] !== bytes[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return this.ids[entry]!;
      }
      slot = (slot + 1) & mask;
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
    const { slots, mask, pool } = this;
    let slot = (h >>> 0) & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === -1) return -1;
      if (this.lengths[entry] === length) {
        const at = this.starts[entry]! - start;
        let i = start;
        while (i < end && pool[at + i] === text.charCodeAt(i)) i++;
        if (i === end) return this.ids[entry]!;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Adds a sequence; the first id given for a sequence is kept. */
  add(bytes: Uint8Array, id: number): void {
    const hash = ByteSequenceTable.hash(bytes, 0, bytes.length);
    if (this.find(bytes, 0, bytes.length, hash) >= 0) return;
    if ((this.entries + 1) * 2 > this.slots.length) this.grow();
    if (this.entries === this.ids.length) {
      this.starts = grown(this.starts);
      this.lengths = grown(this.lengths);
      this.ids = grown(this.ids);
    }
    while (this.poolUsed + bytes.length > this.pool.length) {
      const pool = new Uint8Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    const entry = this.entries++;
    this.pool.set(bytes, this.poolUsed);
    this.starts[entry] = this.poolUsed;
    this.lengths[entry] = bytes.length;
    this.ids[entry] = id;
    this.poolUsed += bytes.length;
    this.longest = Math.max(this.longest, bytes.length);
    this.place(entry, hash);
  }

  private place(entry: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let e = 0; e < this.entries; e++) {
      const at = this.starts[e]!;
      this.place(e, ByteSequenceTable.hash(this.pool, at, at + this.lengths[e]!));
    }
  }
}

function grown(array: Int32Array): Int32Array {
  const out = new Int32Array(array.length * 2);
  out.set(array);
  return out;
}
