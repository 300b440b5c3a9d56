/**
 * Token counts of pre-token pieces: natural text repeats its pieces, so each is merged once.
 * Bounded: emptied when full, and long pieces (which rarely repeat) are not kept.
 */
export class PieceCache {
  private readonly map = new Map<string, number>();

  constructor(
    private readonly limit = 200_000,
    private readonly longestPiece = 64,
  ) {}

  /** The count of `piece`, from the cache or from `merge` applied to its UTF-8 bytes (a latin1 string). */
  count(piece: string, merge: (bytes: string) => number): number {
    const cached = this.map.get(piece);
    if (cached !== undefined) return cached;
    const n = merge(Buffer.from(piece, "utf8").toString("latin1"));
    if (piece.length <= this.longestPiece) {
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(piece, n);
    }
    return n;
  }
}
