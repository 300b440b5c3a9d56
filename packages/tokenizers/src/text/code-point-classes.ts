import { GENERAL_CATEGORIES, type UnicodeVersion } from "./unicode-classes.generated.js";
import { isWhiteSpace } from "./white-space.js";

/**
 * What the pre-tokenizer patterns ask of a code point, as bits of one byte per code point:
 * the general categories of a pinned Unicode version (the same sets the translated regular
 * expressions use), Unicode White_Space (their `\s`) and CR/LF. A lone surrogate is a code
 * point of its own to a /v regex, with none of these properties; so it has no bit here.
 */
export const LETTER = 1;
export const NUMBER = 2;
/** o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`: the letters that may begin a word, with marks. */
export const UPPER_OR_CASELESS = 4;
/** o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`: the letters that may continue a word, with marks. */
export const LOWER_OR_CASELESS = 8;
export const MARK = 16;
/** `\p{P}` or `\p{S}`. */
export const PUNCTUATION_OR_SYMBOL = 32;
export const WHITE_SPACE = 64;
/** `\r` or `\n` (also white space). */
export const NEWLINE = 128;

const tables = new Map<UnicodeVersion, Uint8Array>();

/**
 * The class bits of every code point (0 to U+10FFFF), built once per version and thread from
 * the generated category sets: 1.1 MB, read with one load per character, where the regular
 * expressions test large sets.
 */
export function codePointClasses(version: UnicodeVersion): Uint8Array {
  let table = tables.get(version);
  if (table !== undefined) return table;
  table = new Uint8Array(0x110000);
  const categories = GENERAL_CATEGORIES[version];
  const mark = (body: string, bits: number) => {
    for (const [first, last] of rangesOf(body)) for (let c = first; c <= last; c++) table![c]! |= bits;
  };
  mark(categories.L, LETTER);
  mark(categories.N, NUMBER);
  mark(categories.Lu, UPPER_OR_CASELESS);
  mark(categories.Lt, UPPER_OR_CASELESS);
  mark(categories.Ll, LOWER_OR_CASELESS);
  mark(categories.Lm, UPPER_OR_CASELESS | LOWER_OR_CASELESS);
  mark(categories.Lo, UPPER_OR_CASELESS | LOWER_OR_CASELESS);
  mark(categories.M, UPPER_OR_CASELESS | LOWER_OR_CASELESS | MARK);
  mark(categories.P, PUNCTUATION_OR_SYMBOL);
  mark(categories.S, PUNCTUATION_OR_SYMBOL);
  // White_Space is all in the BMP.
  for (let c = 0; c < 0x10000; c++) if (isWhiteSpace(c)) table[c]! |= WHITE_SPACE;
  table[0x0a]! |= NEWLINE;
  table[0x0d]! |= NEWLINE;
  tables.set(version, table);
  return table;
}

/** The ranges of a generated class body: `\uXXXX` or `\u{X...}` escapes, two of them joined by "-" for a range. */
function rangesOf(body: string): [number, number][] {
  const ranges: [number, number][] = [];
  const unicodeEscape = /\\u\{([0-9a-f]+)\}|\\u([0-9a-f]{4})/y;
  const read = (): number => {
    const at = unicodeEscape.lastIndex;
    const m = unicodeEscape.exec(body);
    if (m === null) throw new Error(`unexpected class body at ${at}: ${body.slice(at, at + 40)}`);
    return Number.parseInt(m[1] ?? m[2]!, 16);
  };
  while (unicodeEscape.lastIndex < body.length) {
    const first = read();
    if (body[unicodeEscape.lastIndex] === "-") {
      unicodeEscape.lastIndex++;
      ranges.push([first, read()]);
    } else ranges.push([first, first]);
  }
  return ranges;
}
