/**
 * The pieces of a vocabulary as a trie over UTF-16 units, for the prefix walk of Unigram's
 * Viterbi: from a position, every piece that starts there, shortest first. A piece ends on a
 * character boundary, so walking UTF-16 units visits the same pieces in the same order as the
 * Rust library's walk over UTF-8 bytes. Children of the root are one array look-up; deeper ones
 * an open-addressing table keyed by (node, unit), all in typed arrays that threads can share.
 */
export interface PieceTrieModel {
  rootChild: Int32Array;
  parents: Int32Array;
  units: Int32Array;
  children: Int32Array;
  /** The piece ending at each node, or -1. */
  nodePiece: Int32Array;
}

export class PieceTrie {
  readonly rootChild: Int32Array;
  readonly nodePiece: Int32Array;
  private readonly parents: Int32Array;
  private readonly units: Int32Array;
  private readonly children: Int32Array;
  private readonly mask: number;

  /** The trie of `pieces` (a string per id; where a string repeats, the last id is its piece, as in the Rust library's map). */
  static build(pieces: readonly string[]): PieceTrieModel {
    const rootChild = new Int32Array(0x10000).fill(-1);
    let edges = 0;
    for (const p of pieces) edges += Math.max(0, p.length - 1);
    let slots = 16;
    while (slots < edges * 2) slots <<= 1;
    const parents = new Int32Array(slots).fill(-1);
    const units = new Int32Array(slots);
    const children = new Int32Array(slots);
    const nodePiece: number[] = [];
    const mask = slots - 1;
    pieces.forEach((piece, id) => {
      if (piece.length === 0) return;
      let node = rootChild[piece.charCodeAt(0)]!;
      if (node < 0) {
        node = nodePiece.length;
        nodePiece.push(-1);
        rootChild[piece.charCodeAt(0)] = node;
      }
      for (let i = 1; i < piece.length; i++) {
        const unit = piece.charCodeAt(i);
        let slot = slotOf(node, unit, mask);
        while (parents[slot] !== -1 && !(parents[slot] === node && units[slot] === unit)) slot = (slot + 1) & mask;
        if (parents[slot] === -1) {
          parents[slot] = node;
          units[slot] = unit;
          children[slot] = nodePiece.length;
          nodePiece.push(-1);
        }
        node = children[slot]!;
      }
      nodePiece[node] = id;
    });
    return { rootChild, parents, units, children, nodePiece: Int32Array.from(nodePiece) };
  }

  constructor(model: PieceTrieModel) {
    this.rootChild = model.rootChild;
    this.nodePiece = model.nodePiece;
    this.parents = model.parents;
    this.units = model.units;
    this.children = model.children;
    this.mask = model.parents.length - 1;
  }

  /** The child of `node` by `unit`, or -1. */
  child(node: number, unit: number): number {
    const { parents, units, mask } = this;
    let slot = slotOf(node, unit, mask);
    for (;;) {
      const p = parents[slot]!;
      if (p === node && units[slot] === unit) return this.children[slot]!;
      if (p === -1) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** The piece that is exactly text[start, end), or -1. */
  find(text: string, start: number, end: number): number {
    if (end <= start) return -1;
    let node = this.rootChild[text.charCodeAt(start)]!;
    for (let i = start + 1; i < end && node >= 0; i++) node = this.child(node, text.charCodeAt(i));
    return node < 0 ? -1 : this.nodePiece[node]!;
  }
}

function slotOf(node: number, unit: number, mask: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(unit + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  return h & mask;
}
