/**
 * Where a whole-line BPE word (SentencePiece style: spaces already "▁", no pre-tokenizer) may be
 * cut into parts that are merged on their own, with the same number of tokens as the whole.
 *
 * The argument. BPE only ever merges a pair (a, b) that the merges list, into the token a+b.
 * Take a cut at i, where word[i] is "▁" and word[i-1] is a character c. The first token to span
 * the cut would come from a merge whose left part ends at i-1 and whose right part starts at i:
 * a left part whose string ends with c (c is in the vocabulary, so every token covering it is a
 * string of the word's characters), and a right part whose string starts with "▁". If no merge
 * has a right part starting with "▁" and a left part ending with c, no token ever spans the cut,
 * and each pair BPE merges lies on one side. BPE on the parts then merges the same pairs in the
 * same order: within a part, the pair the whole picks is the lowest-ranked and leftmost of that
 * part too, and merges elsewhere do not change it. So the count of the whole is the sum of the
 * counts of the parts.
 *
 * A character outside the vocabulary becomes byte tokens, whose strings are not the character:
 * no cut after one, ever (checked in the text, where the counter finds it has no id).
 */
export interface SpaceCuts {
  /** The character cut before ("▁"). */
  space: number;
  /** 1 for each BMP character after which a cut is not safe. */
  unsafeBefore: Uint8Array;
  /** Astral characters after which a cut is not safe. */
  unsafeAstral: Int32Array;
}

/**
 * The safe cuts of a BPE model whose merges are given as strings, or undefined when cutting is
 * never safe (the space is not one UTF-16 unit, or not a token of its own).
 */
export function spaceCutsOf(
  space: string,
  merges: readonly (string | readonly [string, string])[],
  vocab: Record<string, number>,
): SpaceCuts | undefined {
  if (space.length !== 1 || vocab[space] === undefined) return undefined;
  const unsafeBefore = new Uint8Array(0x10000);
  const astral = new Set<number>();
  for (const merge of merges) {
    const [a, b] = typeof merge === "string" ? (merge.split(" ") as [string, string]) : merge;
    // A merge the table leaves out (a token outside the vocabulary) never happens.
    if (
      !b.startsWith(space) ||
      vocab[a] === undefined ||
      vocab[b] === undefined ||
      vocab[a + b] === undefined ||
      a.length === 0
    )
      continue;
    const last = a.codePointAt(
      a.length >= 2 && a.charCodeAt(a.length - 1) >= 0xdc00 && a.charCodeAt(a.length - 1) < 0xe000
        ? a.length - 2
        : a.length - 1,
    )!;
    if (last > 0xffff) astral.add(last);
    else unsafeBefore[last] = 1;
  }
  return { space: space.charCodeAt(0), unsafeBefore, unsafeAstral: Int32Array.from(astral) };
}
