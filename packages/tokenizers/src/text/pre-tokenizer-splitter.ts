import { codePointClasses } from "./code-point-classes.js";
import { cjkRunMatchEnd, deepSeekWordMatchEnd, digitGroupMatchEnd, nextCjk, nextDigit } from "./deepseek-scanners.js";
import { PatternSplitter } from "./pattern-splitter.js";
import { type MatchEnd, type NextStart, PieceScanner } from "./piece-scanner.js";
import type { PieceSplitter } from "./piece-splitter.js";
import { tiktokenPatternToJs } from "./tiktoken-pattern.js";
import { cl100kMatchEnd, o200kMatchEnd, qwen3MatchEnd, r50kMatchEnd } from "./tiktoken-scanners.js";
import type { UnicodeVersion } from "./unicode-classes.generated.js";

/** DeepSeek-V3's three Splits, in their order. */
const DEEPSEEK_SPLITS = [
  "\\p{N}{1,3}",
  "[一-龥぀-ゟ゠-ヿ]+",
  "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
] as const;

/**
 * The hand-written scanners of the known pre-tokenizer patterns, by the exact pattern string
 * (as tiktoken and the tokenizer.json files write it): they find the pieces the translated
 * regular expression finds, in linear time and without its backtracking stack, which a run of
 * millions of letters exhausts (test/pre-tokenizer-scanner.test.ts holds them to the regex).
 */
const SCANNERS = new Map<string, { matchEnd: MatchEnd; nextStart?: NextStart; wasm?: ScannedPattern }>(
  Object.entries({
    // r50k_base, p50k_base
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+": {
      matchEnd: r50kMatchEnd,
      wasm: "r50k",
    },
    // cl100k_base, Llama 3
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+":
      { matchEnd: cl100kMatchEnd, wasm: "cl100k" },
    // Qwen3 (Qwen2, Qwen2.5)
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+":
      { matchEnd: qwen3MatchEnd, wasm: "qwen3" },
    // o200k_base
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+":
      { matchEnd: o200kMatchEnd, wasm: "o200k" },
    [DEEPSEEK_SPLITS[0]]: { matchEnd: digitGroupMatchEnd, nextStart: nextDigit },
    [DEEPSEEK_SPLITS[1]]: { matchEnd: cjkRunMatchEnd, nextStart: nextCjk },
    [DEEPSEEK_SPLITS[2]]: { matchEnd: deepSeekWordMatchEnd },
  }),
);

/** The pre-tokenizers wasm/byte-bpe.c scans too, by their name there. */
export type ScannedPattern = "r50k" | "cl100k" | "qwen3" | "o200k" | "deepseek_v3";

/** The name in wasm/byte-bpe.c of the pre-tokenizer that splits with `patterns` in turn, if the WebAssembly counter scans it. */
export function wasmScannedPattern(patterns: readonly string[]): ScannedPattern | undefined {
  if (patterns.length === 1) return SCANNERS.get(patterns[0]!)?.wasm;
  if (patterns.length === DEEPSEEK_SPLITS.length && patterns.every((p, i) => p === DEEPSEEK_SPLITS[i]))
    return "deepseek_v3";
  return undefined;
}

/** The patterns that have a hand-written scanner. */
export const SCANNED_PATTERNS: readonly string[] = [...SCANNERS.keys()];

/**
 * The splitter of a pre-tokenizer pattern (as written for Rust's regex or Oniguruma), with the
 * general categories of Unicode `unicode`: its scanner when the pattern is a known one, else the
 * translated regular expression (`regex: true` asks for that in any case, for comparisons).
 */
export function splitterFor(
  pattern: string,
  unicode: UnicodeVersion,
  options: { regex?: boolean } = {},
): PieceSplitter {
  const scanner = options.regex ? undefined : SCANNERS.get(pattern);
  if (scanner !== undefined) return new PieceScanner(scanner.matchEnd, codePointClasses(unicode), scanner.nextStart);
  return new PatternSplitter(tiktokenPatternToJs(pattern, unicode));
}
