/** The piece SentencePiece's byte fallback uses for byte `b`: <0x00> ... <0xFF>. */
export const byteToken = (b: number): string => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;

/** The ids of the pieces that are one character: BMP characters by code unit (-1: none), and the rest as code point, id, code point, id... */
export function charTablesOf(pieces: Iterable<[string, number]>): { charIds: Int32Array; astralIds: Int32Array } {
  const charIds = new Int32Array(0x10000).fill(-1);
  const astral: number[] = [];
  for (const [piece, id] of pieces) {
    const cp = piece.codePointAt(0)!;
    if (piece.length === 1) charIds[cp] = id;
    else if (piece.length === 2 && cp > 0xffff) astral.push(cp, id);
  }
  return { charIds, astralIds: Int32Array.from(astral) };
}
