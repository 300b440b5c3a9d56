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

  /** The count of `piece`, from the cache or from `countPiece`. */
  count(piece: string, countPiece: (piece: string) => number): number {
    const cached = this.map.get(piece);
    if (cached !== undefined) return cached;
    const n = countPiece(piece);
    if (piece.length <= this.longestPiece) {
      if (this.map.size >= this.limit) this.map.clear();
      // A piece of 13 or more characters is a view into its whole document (a V8 sliced string):
      // kept as a key, it would keep that document alive. This copy holds only the piece.
      this.map.set(piece.length < 13 ? piece : (" " + piece).slice(1), n);
    }
    return n;
  }
}
