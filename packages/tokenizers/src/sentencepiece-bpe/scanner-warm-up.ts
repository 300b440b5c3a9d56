/**
 * A short text that takes the scanner's rare paths, counted once when a counter is made: V8
 * compiles a path that its code has never taken as a deoptimization, so the first rare character
 * of real text threw the optimized scanner away and had it compiled again. Gemma 3 on the bench's
 * English deoptimized three times within the timed text (a character outside the vocabulary, its
 * UTF-8 length, a surrogate), each followed by some 15 ms of compiling and slower code meanwhile.
 *
 * The paths: characters outside the vocabulary (byte fallback) of two and three UTF-8 bytes,
 * characters beyond the BMP in the vocabulary and outside it, lone surrogates, an added token,
 * and the start of one that is not there.
 */
export function scannerWarmUpText(
  charIds: Int32Array,
  astralIds: ReadonlyMap<number, number>,
  addedToken: string | undefined,
): string {
  const parts = ["The quick brown fox, 1234 — naïve café; 日本語のテキスト。"];
  const outside = (from: number, to: number) => {
    for (let c = from; c < to; c++) if ((c < 0xd800 || c >= 0xe000) && charIds[c]! < 0) return c;
    return undefined;
  };
  for (const c of [outside(0x80, 0x800), outside(0x800, 0x10000)])
    if (c !== undefined) parts.push(`a${String.fromCharCode(c)}b ${String.fromCharCode(c)}`);
  const astral = astralIds.keys().next();
  if (!astral.done) parts.push(`x${String.fromCodePoint(astral.value)}y`);
  let unknownAstral = 0x10fffd;
  while (astralIds.has(unknownAstral)) unknownAstral--;
  parts.push(`x${String.fromCodePoint(unknownAstral)}y`, "a\ud800b", "c\udc00", "\ud800");
  // The token cut short: a unit an added token starts with, where none is found.
  if (addedToken) parts.push(`a${addedToken}b ${addedToken}`, `${addedToken.slice(0, -1)} c`);
  return parts.join(" ");
}
