/**
 * Token counts of pre-token pieces: natural text repeats its pieces, so each is merged once.
 * A piece is looked up where it lies in its text (hashed from the text's characters, compared
 * with startsWith), so a piece seen before costs no new string: most pieces of natural text are.
 * Bounded: emptied when full, and long pieces (which rarely repeat) are not kept.
 */
export class PieceCache {
  private readonly keys: (string | undefined)[];
  /**
   * Per slot, side by side so that one memory read serves a probe: the hash (of the piece's
   * characters and length) and the count + 1, 0 for an empty slot. The key is read only when
   * the hash matches: a table this size does not fit in a core's cache, and every read costs.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private size = 0;

  constructor(
    private readonly limit = 200_000,
    private readonly longestPiece = 64,
  ) {
    let slots = 16;
    while (slots < limit * 2) slots *= 2;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.slots = new Int32Array(slots * 2);
    this.mask = slots - 1;
  }

  /** The count of the piece text[start, end), from the cache or from `countPiece`. */
  count(text: string, start: number, end: number, countPiece: (piece: string) => number): number {
    const length = end - start;
    if (length > this.longestPiece) return countPiece(start === 0 && end === text.length ? text : text.slice(start, end));
    // FNV-1a over pairs of UTF-16 units, then the length.
    let h = 0x811c9dc5;
    let i = start;
    for (; i + 1 < end; i += 2) h = Math.imul(h ^ (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)), 0x01000193);
    if (i < end) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ length, 0x01000193);
    const { keys, slots, mask } = this;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const stored = slots[(slot << 1) | 1]!;
      if (stored === 0) break;
      if (slots[slot << 1] === h) {
        const key = keys[slot]!;
        if (key.length === length && text.startsWith(key, start)) return stored - 1;
      }
      slot = (slot + 1) & mask;
    }
    // A piece of 13 or more characters sliced from its text is a view of it (a V8 sliced
    // string): kept as a key, it would keep the whole document alive. This copy holds only the piece.
    const slice = text.slice(start, end);
    const piece = length < 13 ? slice : (" " + slice).slice(1);
    const n = countPiece(piece);
    if (this.size >= this.limit) {
      keys.fill(undefined);
      slots.fill(0);
      this.size = 0;
      slot = (h ^ (h >>> 15)) & mask;
    }
    keys[slot] = piece;
    slots[slot << 1] = h;
    slots[(slot << 1) | 1] = n + 1;
    this.size++;
    return n;
  }
}
