/**
 * The merges of a BPE vocabulary: (left token id, right token id) -> (rank, merged token id),
 * in open addressing over one typed array. Integer keys instead of byte strings are what make
 * a rank look-up cheap: no slice, no string hash, no allocation.
 *
 * Merging is mostly look-ups, and most of them fail (two adjacent CJK characters rarely merge),
 * in a table of megabytes that a text's pairs touch all over: each was a cache miss. Two
 * filters answer most failures without touching the table: per left token, 32 bits, one per
 * class of right tokens it merges with (indexed by token, so the few thousand tokens a text
 * uses stay in the processor's cache, where a text's pairs would not); then a bit per hash
 * value (16 bits per pair, 32 times smaller than the table). A slot's four words (left, right,
 * rank, merged) are adjacent, so a look-up that gets there costs one miss, not one per field.
 */
/** A pair table as plain typed arrays: what a worker thread receives to rebuild it without the vocabulary. */
export interface PairTableModel {
  slots: Int32Array;
  filter: Int32Array;
  rightClasses: Int32Array;
  size: number;
}

/** Words per slot (`find` relies on it being 4), and where a slot's rank and merged id are from its first word. */
const STRIDE = 4;
export const RANK = 2;
export const MERGED = 3;
/** Filter bits per slot: 8, so 16 per pair at the highest load (a half): ~6 % of failing look-ups reach the table. */
const FILTER_BITS_PER_SLOT = 8;

/** One of 32 classes of right tokens, by a multiplicative hash (the bits of `rightClasses`). */
export function rightClass(right: number): number {
  return Math.imul(right, 0x9e3779b1) >>> 27;
}

export class PairTable {
  /** Per slot: left (-1: empty), right, rank, merged. Read `slots[find(...) + RANK]` and `+ MERGED`. */
  slots: Int32Array;
  /** Bit h of the filter is set when some pair hashes to h (in its low bits). */
  private filter: Int32Array;
  /** Per left token: bit c is set when it merges with a right token of class c (`rightClass`). */
  private rightClasses: Int32Array = new Int32Array(0);
  private mask: number;
  /** `slots.length - 1`: steps a probe from the last slot to the first. */
  private wordMask: number;
  private filterMask: number;
  size = 0;

  constructor(expected = 1 << 16) {
    let slots = 1 << 4;
    while (slots < expected * 2) slots <<= 1;
    this.slots = PairTable.empty(slots);
    this.filter = new Int32Array((slots * FILTER_BITS_PER_SLOT) >>> 5);
    this.mask = slots - 1;
    this.wordMask = slots * STRIDE - 1;
    this.filterMask = slots * FILTER_BITS_PER_SLOT - 1;
  }

  private static empty(slots: number): Int32Array {
    const words = new Int32Array(slots * STRIDE);
    for (let i = 0; i < words.length; i += STRIDE) words[i] = -1;
    return words;
  }

  private static hash(left: number, right: number): number {
    const h = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77);
    return h ^ (h >>> 15);
  }

  /** The first word of the pair's slot, or -1 when the two tokens do not merge. */
  find(left: number, right: number): number {
    const classes = this.rightClasses;
    if (left >= classes.length || ((classes[left]! >>> rightClass(right)) & 1) === 0) return -1;
    const h = PairTable.hash(left, right);
    const bit = h & this.filterMask;
    if (((this.filter[bit >>> 5]! >>> bit) & 1) === 0) return -1;
    const slots = this.slots;
    const wordMask = this.wordMask;
    let at = (h << 2) & wordMask;
    for (;;) {
      const l = slots[at]!;
      if (l === left && slots[at + 1] === right) return at;
      if (l === -1) return -1;
      at = (at + STRIDE) & wordMask;
    }
  }

  /** The rank of the pair, or -1 when the two tokens do not merge. */
  rank(left: number, right: number): number {
    const at = this.find(left, right);
    return at < 0 ? -1 : this.slots[at + RANK]!;
  }

  /** The merged token of the pair, or -1 when the two tokens do not merge. */
  merged(left: number, right: number): number {
    const at = this.find(left, right);
    return at < 0 ? -1 : this.slots[at + MERGED]!;
  }

  /** Adds a merge; the first rank given for a pair is kept. */
  add(left: number, right: number, rank: number, merged: number): void {
    if (left < 0 || right < 0) throw new Error(`token ids must not be negative (${left}, ${right})`);
    if (this.find(left, right) >= 0) return;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const h = PairTable.hash(left, right);
    const bit = h & this.filterMask;
    this.filter[bit >>> 5]! |= 1 << bit;
    if (left >= this.rightClasses.length) {
      const classes = new Int32Array(Math.max(left + 1, this.rightClasses.length * 2));
      classes.set(this.rightClasses);
      this.rightClasses = classes;
    }
    this.rightClasses[left]! |= 1 << rightClass(right);
    let slot = h & this.mask;
    while (this.slots[slot * STRIDE] !== -1) slot = (slot + 1) & this.mask;
    const at = slot * STRIDE;
    this.slots[at] = left;
    this.slots[at + 1] = right;
    this.slots[at + RANK] = rank;
    this.slots[at + MERGED] = merged;
    this.size++;
  }

  model(): PairTableModel {
    return { slots: this.slots, filter: this.filter, rightClasses: this.rightClasses, size: this.size };
  }

  static fromModel(model: PairTableModel): PairTable {
    const table = new PairTable(0);
    const slots = model.slots.length / STRIDE;
    table.slots = model.slots;
    table.filter = model.filter;
    table.rightClasses = model.rightClasses;
    table.mask = slots - 1;
    table.wordMask = model.slots.length - 1;
    table.filterMask = slots * FILTER_BITS_PER_SLOT - 1;
    table.size = model.size;
    return table;
  }

  /** Every merge, in no particular order. */
  forEach(visit: (left: number, right: number, rank: number, merged: number) => void): void {
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += STRIDE)
      if (slots[at] !== -1) visit(slots[at]!, slots[at + 1]!, slots[at + RANK]!, slots[at + MERGED]!);
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.mask + 1) * 2;
    this.slots = PairTable.empty(slots);
    this.filter = new Int32Array((slots * FILTER_BITS_PER_SLOT) >>> 5);
    this.mask = slots - 1;
    this.wordMask = slots * STRIDE - 1;
    this.filterMask = slots * FILTER_BITS_PER_SLOT - 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += STRIDE)
      if (old[at] !== -1) this.add(old[at]!, old[at + 1]!, old[at + RANK]!, old[at + MERGED]!);
  }
}

/**
 * The pair table of a tokenizer.json BPE model: merge i ("a b" or ["a", "b"]) has rank i and
 * yields the token a+b. A merge naming a token outside the vocabulary is left out (the library
 * refuses such a file).
 */
export function pairsFromMerges(
  merges: readonly (string | readonly [string, string])[],
  vocab: Record<string, number>,
): PairTable {
  const pairs = new PairTable(merges.length);
  merges.forEach((merge, rank) => {
    const [a, b] = typeof merge === "string" ? (merge.split(" ") as [string, string]) : merge;
    const left = vocab[a];
    const right = vocab[b];
    const merged = vocab[a + b];
    if (left !== undefined && right !== undefined && merged !== undefined) pairs.add(left, right, rank, merged);
  });
  return pairs;
}
