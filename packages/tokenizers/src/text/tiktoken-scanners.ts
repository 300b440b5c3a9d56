import {
  LETTER,
  LOWER_OR_CASELESS,
  MARK,
  NEWLINE,
  NUMBER,
  UPPER_OR_CASELESS,
  WHITE_SPACE,
} from "./code-point-classes.js";
import { codePointAt, contractionEnd, digitsEnd, skipAny, skipNone, whiteSpaceEnd } from "./piece-scanner.js";

/** What `[^\s\p{L}\p{N}]` excludes: a code point with none of these bits is "other" (marks, punctuation, symbols, controls, lone surrogates...). */
const LETTER_NUMBER_OR_SPACE = LETTER | NUMBER | WHITE_SPACE;

/**
 * r50k_base's and p50k_base's pattern (GPT-2's):
 * `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
 */
export function r50kMatchEnd(text: string, i: number, limit: number, classes: Uint8Array): number {
  const c = text.charCodeAt(i);
  if (c === 0x27) {
    const end = contractionEnd(text, i, limit, false);
    if (end > 0) return end;
  }
  // A space before a letter, number or other run joins it; before white space it is white space.
  const s = c === 0x20 && i + 1 < limit ? i + 1 : i;
  const k = classes[codePointAt(text, s, limit)]!;
  if ((k & LETTER) !== 0) return skipAny(text, s, limit, classes, LETTER);
  if ((k & NUMBER) !== 0) return skipAny(text, s, limit, classes, NUMBER);
  if ((k & WHITE_SPACE) === 0) return skipNone(text, s, limit, classes, LETTER_NUMBER_OR_SPACE);
  return whiteSpaceEnd(text, i, limit, classes, false);
}

/**
 * cl100k_base's pattern, which Llama 3 splits with too:
 * `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
 */
export function cl100kMatchEnd(text: string, i: number, limit: number, classes: Uint8Array): number {
  return cl100kStyleMatchEnd(text, i, limit, classes, 3);
}

/** Qwen3's (Qwen2's) pattern: cl100k_base's with `\p{N}` for `\p{N}{1,3}`, a digit at a time. */
export function qwen3MatchEnd(text: string, i: number, limit: number, classes: Uint8Array): number {
  return cl100kStyleMatchEnd(text, i, limit, classes, 1);
}

function cl100kStyleMatchEnd(text: string, i: number, limit: number, classes: Uint8Array, maxDigits: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x27) {
    const end = contractionEnd(text, i, limit, true);
    if (end > 0) return end;
  }
  const cp = codePointAt(text, i, limit);
  const k = classes[cp]!;
  if ((k & LETTER) !== 0) return skipAny(text, i, limit, classes, LETTER);
  const next = i + (cp > 0xffff ? 2 : 1);
  // [^\r\n\p{L}\p{N}] before letters joins them.
  if ((k & (NEWLINE | NUMBER)) === 0 && next < limit && (classes[codePointAt(text, next, limit)]! & LETTER) !== 0)
    return skipAny(text, next, limit, classes, LETTER);
  if ((k & NUMBER) !== 0) return digitsEnd(text, i, limit, classes, maxDigits);
  const other = otherRunAt(text, i, limit, classes, c, k);
  if (other > 0) return skipAny(text, other, limit, classes, NEWLINE);
  return whiteSpaceEnd(text, i, limit, classes, true);
}

/**
 * o200k_base's pattern:
 * `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
 * `|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
 * `|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
 * Marks are in both case classes and are also "other": a mark with nothing to prefix is a word of its own.
 */
export function o200kMatchEnd(text: string, i: number, limit: number, classes: Uint8Array): number {
  const c = text.charCodeAt(i);
  const cp = codePointAt(text, i, limit);
  const k = classes[cp]!;
  let word = -1;
  if ((k & LETTER) !== 0) {
    word = lowerWordEnd(text, i, limit, classes);
    if (word < 0) word = upperWordEnd(text, i, limit, classes);
  } else if ((k & (NEWLINE | NUMBER)) === 0) {
    // The first two alternatives with their prefix, then without it (the order of backtracking).
    const next = i + (cp > 0xffff ? 2 : 1);
    word = lowerWordEnd(text, next, limit, classes);
    if (word < 0 && (k & MARK) !== 0) word = lowerWordEnd(text, i, limit, classes);
    if (word < 0) word = upperWordEnd(text, next, limit, classes);
  }
  if (word > 0) {
    const contraction = contractionEnd(text, word, limit, true);
    return contraction > 0 ? contraction : word;
  }
  if ((k & NUMBER) !== 0) return digitsEnd(text, i, limit, classes, 3);
  let other = otherRunAt(text, i, limit, classes, c, k);
  if (other > 0) {
    // [\r\n/]*
    while (other < limit) {
      const d = text.charCodeAt(other);
      if (d !== 0x0a && d !== 0x0d && d !== 0x2f) break;
      other++;
    }
    return other;
  }
  return whiteSpaceEnd(text, i, limit, classes, true);
}

/**
 * The end of ` ?[^\s\p{L}\p{N}]+` at i (`c` the code unit there, `k` its code point's class), or -1.
 */
function otherRunAt(text: string, i: number, limit: number, classes: Uint8Array, c: number, k: number): number {
  const s =
    c === 0x20 && i + 1 < limit && (classes[codePointAt(text, i + 1, limit)]! & LETTER_NUMBER_OR_SPACE) === 0
      ? i + 1
      : i;
  if (s === i && (k & LETTER_NUMBER_OR_SPACE) !== 0) return -1;
  return skipNone(text, s, limit, classes, LETTER_NUMBER_OR_SPACE);
}

/**
 * The end of `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` at s, or -1. The greedy
 * first class gives back characters until the second matches: after the whole upper run if a
 * lowercase letter follows it (then the lower run), else at the run's last caseless letter or
 * mark (one character, since what follows it in the run is Lu or Lt).
 */
function lowerWordEnd(text: string, s: number, limit: number, classes: Uint8Array): number {
  let j = s;
  let afterLastCaseless = -1;
  while (j < limit) {
    const cp = codePointAt(text, j, limit);
    const k = classes[cp]!;
    if ((k & UPPER_OR_CASELESS) === 0) {
      if ((k & LOWER_OR_CASELESS) !== 0) return skipAny(text, j, limit, classes, LOWER_OR_CASELESS);
      break;
    }
    j += cp > 0xffff ? 2 : 1;
    if ((k & LOWER_OR_CASELESS) !== 0) afterLastCaseless = j;
  }
  return afterLastCaseless;
}

/** The end of `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` at s, or -1. */
function upperWordEnd(text: string, s: number, limit: number, classes: Uint8Array): number {
  const upper = skipAny(text, s, limit, classes, UPPER_OR_CASELESS);
  return upper === s ? -1 : skipAny(text, upper, limit, classes, LOWER_OR_CASELESS);
}
