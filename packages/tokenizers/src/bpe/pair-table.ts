/**
 * The merges of a BPE vocabulary: (left token id, right token id) -> (rank, merged token id),
 * in open addressing over typed arrays. Integer keys instead of byte strings are what make
 * a rank look-up cheap: no slice, no string hash, no allocation.
 */
/** A pair table as plain typed arrays: what a worker thread receives to rebuild it without the vocabulary. */
export interface PairTableModel {
  lefts: Int32Array;
  rights: Int32Array;
  ranks: Int32Array;
  merged: Int32Array;
  size: number;
}

export class PairTable {
  private lefts: Int32Array;
  private rights: Int32Array;
  /** The rank and merged id of the pair at a slot `find` returned. */
  ranks: Int32Array;
  merged: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1 << 16) {
    let slots = 1 << 4;
    while (slots < expected * 2) slots <<= 1;
    this.lefts = new Int32Array(slots).fill(-1);
    this.rights = new Int32Array(slots);
    this.ranks = new Int32Array(slots);
    this.merged = new Int32Array(slots);
    this.mask = slots - 1;
  }

  private static slotOf(left: number, right: number, mask: number): number {
    let h = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    return h & mask;
  }

  /** The slot of the pair, or -1 when the two tokens do not merge. */
  find(left: number, right: number): number {
    const mask = this.mask;
    const lefts = this.lefts;
    let slot = PairTable.slotOf(left, right, mask);
    for (;;) {
      const l = lefts[slot]!;
      if (l === left && this.rights[slot] === right) return slot;
      if (l === -1) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** Adds a merge; the first rank given for a pair is kept. */
  add(left: number, right: number, rank: number, merged: number): void {
    if (left < 0 || right < 0) throw new Error(`token ids must not be negative (${left}, ${right})`);
    if (this.find(left, right) >= 0) return;
    if ((this.size + 1) * 2 > this.lefts.length) this.grow();
    let slot = PairTable.slotOf(left, right, this.mask);
    while (this.lefts[slot] !== -1) slot = (slot + 1) & this.mask;
    this.lefts[slot] = left;
    this.rights[slot] = right;
    this.ranks[slot] = rank;
    this.merged[slot] = merged;
    this.size++;
  }

  model(): PairTableModel {
    return { lefts: this.lefts, rights: this.rights, ranks: this.ranks, merged: this.merged, size: this.size };
  }

  static fromModel(model: PairTableModel): PairTable {
    const table = new PairTable(0);
    table.lefts = model.lefts;
    table.rights = model.rights;
    table.ranks = model.ranks;
    table.merged = model.merged;
    table.mask = model.lefts.length - 1;
    table.size = model.size;
    return table;
  }

  /** Every merge, in no particular order. */
  forEach(visit: (left: number, right: number, rank: number, merged: number) => void): void {
    const { lefts, rights, ranks, merged } = this;
    for (let s = 0; s < lefts.length; s++) if (lefts[s] !== -1) visit(lefts[s]!, rights[s]!, ranks[s]!, merged[s]!);
  }

  private grow(): void {
    const { lefts, rights, ranks, merged } = this;
    const slots = lefts.length * 2;
    this.lefts = new Int32Array(slots).fill(-1);
    this.rights = new Int32Array(slots);
    this.ranks = new Int32Array(slots);
    this.merged = new Int32Array(slots);
    this.mask = slots - 1;
    this.size = 0;
    for (let s = 0; s < lefts.length; s++) if (lefts[s] !== -1) this.add(lefts[s]!, rights[s]!, ranks[s]!, merged[s]!);
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
