import { LETTER, MARK, NEWLINE, NUMBER, PUNCTUATION_OR_SYMBOL, WHITE_SPACE } from "./code-point-classes.js";
import { codePointAt, digitsEnd, skipAny, skipNone, whiteSpaceEnd } from "./piece-scanner.js";

/** `\p{N}{1,3}`: DeepSeek-V3's first Split. */
export function digitGroupMatchEnd(text: string, i: number, limit: number, classes: Uint8Array): number {
  return digitsEnd(text, i, limit, classes, 3);
}

/** Where the next number is. */
export function nextDigit(text: string, from: number, limit: number, classes: Uint8Array): number {
  return skipNone(text, from, limit, classes, NUMBER);
}

/** `[一-龥぀-ゟ゠-ヿ]+`: DeepSeek-V3's second Split, runs of CJK ideographs (U+4E00–U+9FA5), hiragana and katakana. */
export function cjkRunMatchEnd(text: string, i: number, limit: number): number {
  while (i < limit && isCjk(text.charCodeAt(i))) i++;
  return i;
}

/** Where the next CJK character is (all in the BMP: no surrogate is one). */
export function nextCjk(text: string, from: number, limit: number): number {
  while (from < limit && !isCjk(text.charCodeAt(from))) from++;
  return from;
}

const isCjk = (c: number) => (c >= 0x4e00 && c <= 0x9fa5) || (c >= 0x3040 && c <= 0x30ff);

/** `[\p{L}\p{M}]` */
const LETTER_OR_MARK = LETTER | MARK;

/**
 * DeepSeek-V3's third Split:
 * `[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 * (with a literal CR and LF in the second class). Numbers, controls and other characters that
 * prefix nothing match nothing: the Split keeps them as pieces between matches.
 */
export function deepSeekWordMatchEnd(text: string, i: number, limit: number, classes: Uint8Array): number {
  const c = text.charCodeAt(i);
  if (isAsciiPunctuation(c) && i + 1 < limit && isAsciiLetter(text.charCodeAt(i + 1))) {
    let j = i + 2;
    while (j < limit && isAsciiLetter(text.charCodeAt(j))) j++;
    return j;
  }
  const cp = codePointAt(text, i, limit);
  const k = classes[cp]!;
  if ((k & LETTER_OR_MARK) !== 0) return skipAny(text, i, limit, classes, LETTER_OR_MARK);
  const next = i + (cp > 0xffff ? 2 : 1);
  const nextClass = next < limit ? classes[codePointAt(text, next, limit)]! : 0;
  // [^\r\n\p{L}\p{P}\p{S}] before letters or marks joins them.
  if ((k & (NEWLINE | PUNCTUATION_OR_SYMBOL)) === 0 && (nextClass & LETTER_OR_MARK) !== 0)
    return skipAny(text, next, limit, classes, LETTER_OR_MARK);
  let symbols = -1;
  if (c === 0x20 && (nextClass & PUNCTUATION_OR_SYMBOL) !== 0) symbols = next;
  else if ((k & PUNCTUATION_OR_SYMBOL) !== 0) symbols = i;
  if (symbols >= 0) {
    const end = skipAny(text, symbols, limit, classes, PUNCTUATION_OR_SYMBOL);
    return skipAny(text, end, limit, classes, NEWLINE);
  }
  if ((k & WHITE_SPACE) !== 0) return whiteSpaceEnd(text, i, limit, classes, true);
  return i;
}

const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** The 32 ASCII punctuation characters `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`. */
const isAsciiPunctuation = (c: number) =>
  (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
