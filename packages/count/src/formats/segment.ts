import { GENERAL_CATEGORIES } from "@corpus-census/tokenizers/internal";

/**
 * Where a long document may be cut so that counting the parts gives exactly the count of the
 * whole. A cut at i is safe when text[i-1] is a letter, text[i] is a space or one of 、。！？
 * (fullwidth or ASCII) and text[i+1] is a letter: every byte-level BPE pre-tokenizer we ship
 * (tiktoken's r50k/cl100k/o200k patterns, and the regex splits of Llama 3, Qwen3 and DeepSeek-V3)
 * ends a piece at the letter and starts the next with the space or mark as its prefix, so both
 * sides split into the same pieces as the whole. Tokenizers without such a split (SentencePiece-
 * style BPE over the whole text, as Gemma 3's) are never segmented.
 */
// Letters as the tokenizers see them (Unicode 16.0), not as the running Node's ICU does.
const LETTER = new RegExp(`[${GENERAL_CATEGORIES["16.0.0"].L}]`, "u");

/** Whether a whitespace-separated word runs across the cut between `left` and `right`. */
export function joinsWord(left: string, right: string): boolean {
  return left.length > 0 && right.length > 0 && !/\s/u.test(left[left.length - 1]!) && !/\s/u.test(right[0]!);
}

// The cut prefixes in UTF-8: one ASCII byte, or three bytes (、。 E3 80 81/82, ！？ EF BC 81/9F).
function prefixLengthAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b === 0x20 || b === 0x21 || b === 0x3f || b === 0x2c || b === 0x2e) return 1;
  if (i + 2 >= bytes.length) return 0;
  const b1 = bytes[i + 1]!;
  const b2 = bytes[i + 2]!;
  if (b === 0xe3 && b1 === 0x80 && (b2 === 0x81 || b2 === 0x82)) return 3;
  if (b === 0xef && b1 === 0xbc && (b2 === 0x81 || b2 === 0x9f)) return 3;
  return 0;
}

/**
 * The code point of the well-formed UTF-8 sequence of exactly `length` bytes at `at`, or -1 (as
 * a decoder reads it: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
function codePointAt(bytes: Uint8Array, at: number, length: number): number {
  if (at < 0 || at + length > bytes.length) return -1;
  const b0 = bytes[at]!;
  if (length === 1) return b0 < 0x80 ? b0 : -1;
  const lead =
    length === 2 ? b0 >= 0xc2 && b0 <= 0xdf : length === 3 ? b0 >= 0xe0 && b0 <= 0xef : b0 >= 0xf0 && b0 <= 0xf4;
  if (!lead) return -1;
  const b1 = bytes[at + 1]!;
  const low = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const high = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < low || b1 > high) return -1;
  let cp = b0 & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const b = bytes[at + k]!;
    if ((b & 0xc0) !== 0x80) return -1;
    cp = (cp << 6) | (b & 0x3f);
  }
  return cp;
}

function isLetterCodePoint(cp: number): boolean {
  return cp >= 0 && LETTER.test(String.fromCodePoint(cp));
}

/** Whether the code point that ends just before `at` is a letter (only a whole, well-formed sequence counts). */
function isLetterEndingAt(bytes: Uint8Array, at: number): boolean {
  for (let length = 1; length <= 4; length++) {
    const b = bytes[at - length];
    if (b === undefined) return false;
    // UTF-8 is self-synchronising: the first byte that is not a continuation byte starts the sequence.
    if ((b & 0xc0) !== 0x80) return isLetterCodePoint(codePointAt(bytes, at - length, length));
  }
  return false;
}

function isLetterStartingAt(bytes: Uint8Array, at: number): boolean {
  const b = bytes[at];
  if (b === undefined) return false;
  const length = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
  return isLetterCodePoint(codePointAt(bytes, at, length));
}

/**
 * The last safe cut in bytes[from, to) of UTF-8 text (the byte offset of the space or mark), or
 * -1. Looks back at most `window` bytes. (test/helpers/find-cut-in-text.ts states the same rule
 * on text, and the tests hold every cut made here to it.)
 */
export function findCutInUtf8(bytes: Uint8Array, from: number, to: number, window = 1 << 16): number {
  const stop = Math.max(from + 1, to - window);
  for (let i = Math.min(to, bytes.length - 2); i >= stop; i--) {
    const length = prefixLengthAt(bytes, i);
    if (length > 0 && isLetterEndingAt(bytes, i) && isLetterStartingAt(bytes, i + length)) return i;
  }
  return -1;
}
