import { GENERAL_CATEGORIES } from "../tokenizers/unicode-classes.generated.js";

/**
 * Where a long document may be cut so that counting the parts gives exactly the count of the
 * whole. A cut at i is safe when text[i-1] is a letter, text[i] is a space or one of 、。！？
 * (fullwidth or ASCII) and text[i+1] is a letter: every byte-level BPE pre-tokenizer we ship
 * (tiktoken's r50k/cl100k/o200k patterns, and the regex splits of Llama 3, Qwen3 and DeepSeek-V3)
 * ends a piece at the letter and starts the next with the space or mark as its prefix, so both
 * sides split into the same pieces as the whole. Tokenizers without such a split (SentencePiece-
 * style BPE over the whole text, as Gemma 3's) are never segmented.
 */
const CUT_PREFIX = new Set([" ", "、", "。", "！", "？", "!", "?", ",", "."]);
// Letters as the tokenizers see them (Unicode 16.0), not as the running Node's ICU does.
const LETTER = new RegExp(`[${GENERAL_CATEGORIES["16.0.0"].L}]`, "u");

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff) return false; // the second half of a pair is never where a letter starts
  if (c >= 0xd800 && c <= 0xdbff) return LETTER.test(text.slice(i, i + 2));
  return LETTER.test(text[i]!);
}

function isLetterBefore(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return LETTER.test(text.slice(i - 2, i));
  return LETTER.test(text[i - 1]!);
}

/** The last safe cut in text[from, to), or -1. Looks back at most `window` characters. */
export function findCut(text: string, from: number, to: number, window = 1 << 16): number {
  const stop = Math.max(from + 1, to - window);
  for (let i = Math.min(to, text.length - 2); i >= stop; i--) {
    if (CUT_PREFIX.has(text[i]!) && isLetterBefore(text, i) && isLetterAt(text, i + 1)) return i;
  }
  return -1;
}

/** Whether a whitespace-separated word runs across the cut between `left` and `right`. */
export function joinsWord(left: string, right: string): boolean {
  return left.length > 0 && right.length > 0 && !/\s/u.test(left[left.length - 1]!) && !/\s/u.test(right[0]!);
}
