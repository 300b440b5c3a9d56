/**
 * Counts of pre-token pieces already merged: natural text repeats its pieces. Bounded: it is
 * emptied when full, and long pieces (which rarely repeat) are not kept.
 */
export class PieceCache {
  private readonly map = new Map<string, number>();

  constructor(
    private readonly limit = 200_000,
    private readonly longestPiece = 64,
  ) {}

  get(piece: string): number | undefined {
    return this.map.get(piece);
  }

  set(piece: string, count: number): void {
    if (piece.length > this.longestPiece) return;
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(piece, count);
  }
}
