import { NEWLINE, NUMBER, WHITE_SPACE } from "./code-point-classes.js";
import type { PieceSplitter } from "./piece-splitter.js";

/**
 * Where a pattern's match at `at` ends (at < limit), or `at` when the pattern matches nothing
 * there; `classes` is codePointClasses() of the pattern's Unicode version. One function per
 * known pattern: plain loops over the class table, never recursing and never going back more
 * than one character, so a run of any length costs time in proportion to its length.
 */
export type MatchEnd = (text: string, at: number, limit: number, classes: Uint8Array) => number;

/**
 * The first position from `from` on where a pattern may match (from itself when it cannot tell):
 * for a pattern whose matches are rare (DeepSeek-V3's digit groups and CJK runs), a tight loop
 * over the text between them instead of a MatchEnd call per code point.
 */
export type NextStart = (text: string, from: number, limit: number, classes: Uint8Array) => number;

const anywhere: NextStart = (_text, from) => from;

/**
 * The matches of a hand-written pre-tokenizer scanner, searched as a global regex searches:
 * where nothing matches, at the next code point. One class for every pattern, the pattern being
 * a function, so that its fields are read at one shape even when a thread counts with several
 * tokenizers (a subclass per pattern made them megamorphic, and the scanner twice as slow).
 */
export class PieceScanner implements PieceSplitter {
  private text = "";
  /** The end of the input: runs and lookaheads stop here. */
  private limit = 0;
  start = 0;
  end = 0;

  constructor(
    private readonly matchEnd: MatchEnd,
    private readonly classes: Uint8Array,
    private readonly nextStart: NextStart = anywhere,
  ) {}

  reset(text: string, start = 0, end = text.length): void {
    this.text = text;
    this.limit = end;
    this.start = start;
    this.end = start;
  }

  next(): boolean {
    const { text, limit, classes } = this;
    // Most patterns match where the last match ended: seeking is only for after a miss.
    let at = this.end;
    while (at < limit) {
      const end = this.matchEnd(text, at, limit, classes);
      if (end > at) {
        this.start = at;
        this.end = end;
        return true;
      }
      at = this.nextStart(text, at + (codePointAt(text, at, limit) > 0xffff ? 2 : 1), limit, classes);
    }
    this.start = this.end = limit;
    return false;
  }
}

/** The code point at i, as a /v regex reads it: a surrogate pair cut by `limit`, or lone, is a code point of its own. */
export function codePointAt(text: string, i: number, limit: number): number {
  const c = text.charCodeAt(i);
  if ((c & 0xfc00) !== 0xd800 || i + 1 >= limit) return c;
  const d = text.charCodeAt(i + 1);
  return (d & 0xfc00) === 0xdc00 ? ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000 : c;
}

/** The end of the run of code points from i that have any of `bits`. */
export function skipAny(text: string, i: number, limit: number, classes: Uint8Array, bits: number): number {
  while (i < limit) {
    const c = codePointAt(text, i, limit);
    if ((classes[c]! & bits) === 0) break;
    i += c > 0xffff ? 2 : 1;
  }
  return i;
}

/** The end of the run of code points from i that have none of `bits`. */
export function skipNone(text: string, i: number, limit: number, classes: Uint8Array, bits: number): number {
  while (i < limit) {
    const c = codePointAt(text, i, limit);
    if ((classes[c]! & bits) !== 0) break;
    i += c > 0xffff ? 2 : 1;
  }
  return i;
}

/** The end of `\p{N}{1,max}` at i (i itself when no number is there). */
export function digitsEnd(text: string, i: number, limit: number, classes: Uint8Array, max: number): number {
  for (let n = 0; n < max && i < limit; n++) {
    const c = codePointAt(text, i, limit);
    if ((classes[c]! & NUMBER) === 0) break;
    i += c > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * The end of the white-space alternatives at i, where white space begins: `\s*[\r\n]+|\s+(?!\S)|\s+`,
 * or without the first when `toNewline` is false. Backtracking makes the first end after the
 * run's last CR or LF; the second leave the run's last character to the next piece (it may
 * prefix a word) unless the run ends the input or is one character long, where the third takes it.
 */
export function whiteSpaceEnd(text: string, i: number, limit: number, classes: Uint8Array, toNewline: boolean): number {
  let j = i;
  let afterNewline = -1;
  // White space is all in the BMP; a surrogate's class is 0.
  while (j < limit) {
    const k = classes[text.charCodeAt(j)]!;
    if ((k & WHITE_SPACE) === 0) break;
    j++;
    if ((k & NEWLINE) !== 0) afterNewline = j;
  }
  if (toNewline && afterNewline > 0) return afterNewline;
  return j === limit || j - i === 1 ? j : j - 1;
}

/**
 * The end of `'s|'t|'re|'ve|'m|'ll|'d` at i, or -1. With `foldCase`, as `(?i:...)` under Rust's
 * simple case folding: any case, and U+017F (ſ) for s (no contraction has a k, so U+212A K never matches).
 */
export function contractionEnd(text: string, i: number, limit: number, foldCase: boolean): number {
  if (i + 1 >= limit || text.charCodeAt(i) !== 0x27) return -1;
  let c = text.charCodeAt(i + 1);
  if (foldCase) c = c === 0x17f ? 0x73 : toLowerAscii(c);
  // s t m d
  if (c === 0x73 || c === 0x74 || c === 0x6d || c === 0x64) return i + 2;
  if (i + 2 >= limit) return -1;
  let d = text.charCodeAt(i + 2);
  if (foldCase) d = toLowerAscii(d);
  // re ve ll
  if ((c === 0x72 && d === 0x65) || (c === 0x76 && d === 0x65) || (c === 0x6c && d === 0x6c)) return i + 3;
  return -1;
}

const toLowerAscii = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
