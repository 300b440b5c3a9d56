/**
 * The pieces of a vocabulary as a double-array trie over UTF-16 units, for the prefix walk of
 * Unigram's Viterbi: from a position, every piece that starts there, shortest first. A piece
 * ends on a character boundary, so walking UTF-16 units visits the same pieces in the same
 * order as the Rust library's walk over UTF-8 bytes.
 *
 * A step is two loads and a compare, with no hashing: units are renumbered 1..K by how often
 * the pieces use them (`codes`, 0 for a unit no piece has), the child of `node` by code c is
 * t = base[node] + c, and it exists when check[t] === node. Frequent units get small codes,
 * so a node's children sit close together. A slot's base, check and piece lie side by side
 * (`cells`), so a step touches one cache line where three arrays touched three: the vocabularies'
 * tries (megabytes) do not fit the cache, and the walk was waiting on memory. Slots are numbered
 * by their first cell (3 × the slot), bases and codes scaled alike, so a step has no multiply.
 * The cells reach K slots past the last base, so a step never reads out of bounds. All typed
 * arrays: threads share them and the model cache stores them.
 */
export interface PieceTrieModel {
  /** Each UTF-16 unit's code times CELLS (0: in no piece). */
  codes: Int32Array;
  /** For each slot (at CELLS × slot): its base, its parent's slot (ROOT_CHECK for the root, FREE for an unused slot) and the piece ending there or -1. */
  cells: Int32Array;
}

/** Cells per slot: base, check, piece. */
const CELLS = 3;
/** The root is slot 0. */
const ROOT = 0;
const ROOT_CHECK = -2;
const FREE = -1;

export class PieceTrie {
  readonly codes: Int32Array;
  readonly cells: Int32Array;

  /** The trie of `pieces` (a string per id; where a string repeats, the last id is its piece, as in the Rust library's map). */
  static build(pieces: readonly string[]): PieceTrieModel {
    return new DoubleArrayBuilder(pieces).model();
  }

  constructor(model: PieceTrieModel) {
    this.codes = model.codes;
    this.cells = model.cells;
  }

  /** The piece that is exactly text[start, end), or -1. */
  find(text: string, start: number, end: number): number {
    if (end <= start) return -1;
    const { codes, cells } = this;
    let node = ROOT;
    for (let i = start; i < end; i++) {
      const t = cells[node]! + codes[text.charCodeAt(i)]!;
      if (cells[t + 1] !== node) return -1;
      node = t;
    }
    return cells[node + 2]!;
  }
}

/**
 * Builds the double array breadth first over the sorted keys: a node is a range of keys sharing
 * its prefix; its children's codes are placed at the first base where all their slots are free.
 */
class DoubleArrayBuilder {
  private readonly keys: string[];
  private readonly ids: Int32Array;
  private readonly codes = new Int32Array(0x10000);
  private maxCode = 0;
  private base: Int32Array;
  private check: Int32Array;
  private nodePiece: Int32Array;
  /** For a free slot itself, for a used one a later slot no nearer free slot precedes. */
  private nextFree: Int32Array;
  private searchFrom = 1;

  constructor(pieces: readonly string[]) {
    const idOf = new Map<string, number>();
    pieces.forEach((piece, id) => {
      if (piece.length > 0) idOf.set(piece, id);
    });
    // The default sort compares UTF-16 units, the order of the walk.
    this.keys = [...idOf.keys()].sort();
    this.ids = Int32Array.from(this.keys, (key) => idOf.get(key)!);
    const uses = new Float64Array(0x10000);
    for (const key of this.keys) for (let i = 0; i < key.length; i++) uses[key.charCodeAt(i)]!++;
    const units = [];
    for (let u = 0; u < 0x10000; u++) if (uses[u]! > 0) units.push(u);
    units.sort((a, b) => uses[b]! - uses[a]! || a - b);
    units.forEach((u, i) => {
      this.codes[u] = i + 1;
    });
    this.maxCode = units.length;
    const size = Math.max(1024, this.keys.length * 2 + this.maxCode + 1);
    this.base = new Int32Array(size);
    this.check = new Int32Array(size).fill(FREE);
    this.nodePiece = new Int32Array(size).fill(-1);
    this.nextFree = Int32Array.from({ length: size }, (_, i) => i);
    this.check[ROOT] = ROOT_CHECK;
    this.nextFree[ROOT] = ROOT + 1;
    this.build();
  }

  model(): PieceTrieModel {
    // Room for base + any code after the last used slot: a step never reads out of bounds.
    let last = this.check.length - 1;
    while (last > 0 && this.check[last] === FREE) last--;
    let maxBase = 0;
    for (let s = 0; s <= last; s++) if (this.check[s] !== FREE && this.base[s]! > maxBase) maxBase = this.base[s]!;
    const length = Math.max(last, maxBase) + this.maxCode + 1;
    this.ensure(length);
    const cells = new Int32Array(length * CELLS);
    for (let s = 0; s < length; s++) {
      const check = this.check[s]!;
      cells[s * CELLS] = this.base[s]! * CELLS;
      cells[s * CELLS + 1] = check >= 0 ? check * CELLS : check;
      cells[s * CELLS + 2] = this.nodePiece[s]!;
    }
    return { codes: this.codes.map((code) => code * CELLS), cells };
  }

  private build(): void {
    const { keys } = this;
    // The queue of nodes to place children for: slot, key range [lo, hi), depth.
    let queue = [ROOT, 0, keys.length, 0];
    while (queue.length > 0) {
      const next: number[] = [];
      for (let q = 0; q < queue.length; q += 4) {
        const node = queue[q]!;
        let lo = queue[q + 1]!;
        const hi = queue[q + 2]!;
        const depth = queue[q + 3]!;
        if (keys[lo]!.length === depth) {
          this.nodePiece[node] = this.ids[lo]!;
          lo++;
        }
        if (lo >= hi) continue;
        const childCodes: number[] = [];
        const ranges: number[] = [];
        for (let i = lo; i < hi; ) {
          const unit = keys[i]!.charCodeAt(depth);
          let j = i + 1;
          while (j < hi && keys[j]!.charCodeAt(depth) === unit) j++;
          childCodes.push(this.codes[unit]!);
          ranges.push(i, j);
          i = j;
        }
        const b = this.place(childCodes);
        this.base[node] = b;
        for (let c = 0; c < childCodes.length; c++) {
          const slot = b + childCodes[c]!;
          this.check[slot] = node;
          next.push(slot, ranges[2 * c]!, ranges[2 * c + 1]!, depth + 1);
        }
      }
      queue = next;
    }
  }

  /**
   * A base at which every slot base + code is free: the first from where the search starts,
   * which moves on past stretches found 95% used (as Darts does), or the search would cross
   * the same full stretch for every node.
   */
  private place(childCodes: number[]): number {
    const first = childCodes[0]!;
    const from = this.freeFrom(Math.max(first, this.searchFrom));
    for (let slot = from, tried = 1; ; slot = this.freeFrom(slot + 1), tried++) {
      this.ensure(slot + this.maxCode + 1);
      const b = slot - first;
      let fits = true;
      for (let c = 1; c < childCodes.length && fits; c++) fits = this.check[b + childCodes[c]!] === FREE;
      if (fits) {
        for (const code of childCodes) this.take(b + code);
        if (slot - from > 64 && tried < (slot - from) / 20) this.searchFrom = slot;
        return b;
      }
    }
  }

  /** The first free slot at or after `slot`: a union-find over used slots (each points past itself), with path halving. */
  private freeFrom(slot: number): number {
    this.ensure(slot + 1);
    const next = this.nextFree;
    let s = slot;
    while (next[s] !== s) {
      next[s] = next[next[s]!]!;
      s = next[s]!;
      if (s >= next.length) this.ensure(s + 1);
    }
    return s;
  }

  private take(slot: number): void {
    this.ensure(slot + 2);
    this.nextFree[slot] = slot + 1;
  }

  private ensure(length: number): void {
    if (length <= this.check.length) return;
    const size = Math.max(length, this.check.length * 2);
    const grow = (array: Int32Array, fill: number) => {
      const bigger = new Int32Array(size).fill(fill);
      bigger.set(array);
      return bigger;
    };
    this.base = grow(this.base, 0);
    this.check = grow(this.check, FREE);
    this.nodePiece = grow(this.nodePiece, -1);
    const nextFree = Int32Array.from({ length: size }, (_, i) => i);
    nextFree.set(this.nextFree);
    this.nextFree = nextFree;
  }
}
