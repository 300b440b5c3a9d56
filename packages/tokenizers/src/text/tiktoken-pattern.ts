import { categoryOperand } from "./unicode-categories.js";
import { GENERAL_CATEGORIES, type GeneralCategory, type UnicodeVersion } from "./unicode-classes.generated.js";

/**
 * tiktoken's pre-tokenizer patterns are written for Rust's fancy-regex. Four things differ
 * in JavaScript and would change counts on real text:
 * - `\p{L}` and the other general categories follow the Unicode version of the library that
 *   compiled the pattern; in JS they follow the ICU of the running Node. They are replaced by
 *   the categories of the given version (unicode-categories.ts), so that characters added to
 *   Unicode since then split as the reference splits them, on any Node. That needs the
 *   regex's /v flag (set subtraction), where more punctuation must be escaped inside classes;
 * - `\s` in Rust is Unicode White_Space (includes U+0085, excludes U+FEFF); in JS it is the
 *   reverse for those two, and a byte-order mark is common at the start of Japanese files;
 * - `(?i:...)` is not supported by Node 20's RegExp; Rust folds case with Unicode simple case
 *   folding, under which `s` also matches U+017F (ſ);
 * - possessive quantifiers (`++`, `?+`, `*+`) do not exist in JS; in these patterns they
 *   never change which text is matched, only how fast.
 */
const WHITE_SPACE = "\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Characters that a /v class reserves (syntax, or doubled punctuators): escaped when literal. "-" stays a range. */
const CLASS_SYNTAX_IN_V_MODE = "()[]{}/|&!#%,:;<=>@`~^$.*+?";

const CASE_FOLD: Record<string, string> = { s: "sSſ", k: "kKK" };

function caseInsensitive(body: string): string {
  return body.replace(/[a-z]/g, (c) => `[${CASE_FOLD[c] ?? c + c.toUpperCase()}]`);
}

/** Whether `regex` ends with a quantifier (+ * ? or {n,m}), not an escaped character or \\p{..}. */
function isQuantifierEnd(regex: string): boolean {
  if (/\{\d+(?:,\d*)?\}$/.test(regex)) return !/\\[pP]\{\d+(?:,\d*)?\}$/.test(regex);
  if (!/[+*?]$/.test(regex)) return false;
  // An odd number of backslashes before it makes it a literal.
  const slashes = /(\\*)[+*?]$/.exec(regex)![1]!.length;
  return slashes % 2 === 0 && !regex.endsWith("(?");
}

/**
 * The pattern for JavaScript, with general categories as in Unicode `unicode`; with ASCII tested
 * first in every Unicode class (`asciiFirst`, which tests turn off to compare with).
 */
export function tiktokenPatternToJs(
  pattern: string,
  unicode: UnicodeVersion,
  options: { asciiFirst?: boolean } = {},
): RegExp {
  const withoutCaseGroups = pattern.replace(/\(\?i:([^)]*)\)/g, (_m, body: string) => `(?:${caseInsensitive(body)})`);
  // One pass that knows whether it is inside a character class: there "+" after "*" is a
  // literal (DeepSeek-V3's class [!"#$%&'()*+,...]), outside it makes a quantifier possessive.
  let result = "";
  let inClass = false;
  const out = withoutCaseGroups;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c === "\\" && i + 1 < out.length) {
      const n = out[i + 1]!;
      if ((n === "p" || n === "P") && out[i + 2] === "{") {
        const close = out.indexOf("}", i + 3);
        const name = out.slice(i + 3, close);
        if (close < 0 || !(name in GENERAL_CATEGORIES[unicode]))
          throw new Error(`unsupported Unicode property \\${n}{${name}} in pattern ${pattern}`);
        if (n === "P" && inClass) throw new Error(`\\P{${name}} inside a character class is not supported`);
        const operand = categoryOperand(unicode, name as GeneralCategory);
        result += n === "p" ? operand : `[^${operand}]`;
        i = close;
        continue;
      }
      if (n === "s") result += inClass ? WHITE_SPACE : `[${WHITE_SPACE}]`;
      else if (n === "S") {
        if (inClass) throw new Error("\\S inside a character class is not supported");
        result += `[^${WHITE_SPACE}]`;
      } else result += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      result += c !== "]" && CLASS_SYNTAX_IN_V_MODE.includes(c) ? `\\${c}` : c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      result += c;
      // A "]" right after "[" or "[^" is a literal, not the end of the class.
      if (out[i + 1] === "^") result += out[++i];
      if (out[i + 1] === "]") result += out[++i];
      continue;
    }
    if (c === "+" && isQuantifierEnd(result)) continue; // possessive: drop
    result += c;
  }
  return new RegExp(options.asciiFirst === false ? result : asciiFirst(result), "gv");
}

/**
 * Each character class with a Unicode property, C, becomes (?:[A]|[C--[ASCII]]) where A is C's
 * ASCII part: the same set of characters, so what the pattern matches does not change; but V8
 * tests the small ASCII class far faster than the large Unicode one, and most characters of
 * most text are ASCII: splitting English runs ~1.6× faster. The branches must not overlap:
 * with (?:[A]|C), a failing match under a quantifier would try both branches for every
 * character, 2^n ways.
 */
export function asciiFirst(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      out += c + (source[i + 1] ?? "");
      i++;
      continue;
    }
    if (c !== "[") {
      out += c;
      continue;
    }
    const end = classEnd(source, i);
    const cls = source.slice(i, end);
    const ascii = cls.includes("\\p{") ? asciiPart(cls) : undefined;
    out += ascii === undefined ? cls : `(?:${ascii}|[${cls}--[\\x00-\\x7f]])`;
    i = end - 1;
  }
  return out;
}

/** The offset just after the class that opens at `start` (classes nest in /v mode). */
function classEnd(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") i++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i + 1;
  }
  throw new Error(`unterminated character class in ${source}`);
}

/** The ASCII characters of a /v class as a class of its own; undefined when it has none or nothing else. */
function asciiPart(cls: string): string | undefined {
  const test = new RegExp(`^${cls}$`, "v");
  const ranges: [number, number][] = [];
  for (let c = 0; c < 0x80; c++) {
    if (!test.test(String.fromCharCode(c))) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else ranges.push([c, c]);
  }
  if (ranges.length === 0) return undefined;
  const hex = (c: number) => `\\x${c.toString(16).padStart(2, "0")}`;
  return `[${ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join("")}]`;
}
