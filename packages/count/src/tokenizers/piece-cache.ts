/**
 * Token counts of pre-token pieces: natural text repeats its pieces, so each is merged once.
 * A piece is looked up where it lies in its text (hashed from the text's characters, compared
 * with startsWith), so a piece seen before costs no new string: most pieces of natural text are.
 * Bounded: emptied when full, and long pieces (which rarely repeat) are not kept.
 */
export class PieceCache {
  private readonly keys: (string | undefined)[];
  private readonly hashes: Int32Array;
  private readonly counts: Int32Array;
  private readonly mask: number;
  private size = 0;

  constructor(
    private readonly limit = 200_000,
    private readonly longestPiece = 64,
  ) {
    let slots = 16;
    while (slots < limit * 2) slots *= 2;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The count of the piece text[start, end), from the cache or from `countPiece`. */
  count(text: string, start: number, end: number, countPiece: (piece: string) => number): number {
    const length = end - start;
    if (length > this.longestPiece) return countPiece(start === 0 && end === text.length ? text : text.slice(start, end));
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const { keys, hashes, mask } = this;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const key = keys[slot];
      if (key === undefined) break;
      if (hashes[slot] === h && key.length === length && text.startsWith(key, start)) return this.counts[slot]!;
      slot = (slot + 1) & mask;
    }
    // A piece of 13 or more characters sliced from its text is a view of it (a V8 sliced
    // string): kept as a key, it would keep the whole document alive. This copy holds only the piece.
    const slice = text.slice(start, end);
    const piece = length < 13 ? slice : (" " + slice).slice(1);
    const n = countPiece(piece);
    if (this.size >= this.limit) {
      keys.fill(undefined);
      this.size = 0;
      slot = (h ^ (h >>> 15)) & mask;
      while (keys[slot] !== undefined) slot = (slot + 1) & mask;
    }
    keys[slot] = piece;
    hashes[slot] = h;
    this.counts[slot] = n;
    this.size++;
    return n;
  }
}
