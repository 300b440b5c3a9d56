import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { SCANNED_PATTERNS, splitterFor } from "../src/text/pre-tokenizer-splitter.js";
import { wellFormed } from "../src/text/well-formed.js";
import { referenceCounts } from "./helpers/hf-reference.js";

// Issue 26: pre-tokenization without recursion or regex backtracking that grows with a run's
// length, so that a run of millions of characters without a split point counts, exactly.
const require = createRequire(import.meta.url);
const tiktoken = require("tiktoken") as typeof import("tiktoken");

/** Runs without a split point, or with one every few characters, of every kind a pattern treats apart. */
const RUNS: Record<string, string> = {
  dna: "ACGT",
  letter: "a",
  upper: "A",
  "mixed case": "aB",
  "caseless and upper": "あA",
  cjk: "漢字",
  kana: "ひらがな",
  mark: "\u0301",
  "astral letter": "𝐀",
  digit: "7",
  space: " ",
  newline: "\n",
  "space newline": " \n",
  punctuation: "!",
  apostrophe: "'",
  "lone surrogate": "\ud800",
};

/** A text whose charCodeAt counts its calls: a scanner reads its text only through charCodeAt. */
function countingText(text: string): { text: string; reads: () => number } {
  let reads = 0;
  const counting = Object.assign(new String(text), {
    charCodeAt(i: number) {
      reads++;
      return text.charCodeAt(i);
    },
  });
  return { text: counting as unknown as string, reads: () => reads };
}

function readsToSplit(pattern: string, text: string): number {
  const splitter = splitterFor(pattern, "16.0.0");
  const counting = countingText(text);
  splitter.reset(counting.text);
  while (splitter.next());
  return counting.reads();
}

describe("the pre-tokenizer scanners", () => {
  it("read each character of a run a bounded number of times, whatever its length", () => {
    for (const pattern of SCANNED_PATTERNS) {
      for (const [kind, unit] of Object.entries(RUNS)) {
        const short = readsToSplit(pattern, unit.repeat(50_000 / unit.length));
        const long = readsToSplit(pattern, unit.repeat(200_000 / unit.length));
        expect({ kind, pattern, perChar: long / 200_000 <= 8 }).toEqual({ kind, pattern, perChar: true });
        expect(Math.abs(long / short - 4)).toBeLessThan(0.01);
      }
    }
  });
});

const TIKTOKEN_ENCODINGS = ["r50k_base", "cl100k_base", "o200k_base"];
const HF_MODELS = ["llama3", "qwen3", "deepseek_v3"];

describe.each([...TIKTOKEN_ENCODINGS, ...HF_MODELS])("%s on runs without a split point", (name) => {
  it("counts millions of characters of one kind without running out of stack", async () => {
    const counter = createCounter(await resolveTokenizer(name));
    // 5 million letters, then 2 million of each other kind: V8's regular expressions ran out of
    // stack at about 2 million. The time is mostly BPE's, merging each run as one piece.
    // Every reference makes one token of every two bases, at any length it can count (below).
    expect(counter.count("ACGT".repeat(1_250_000))).toBe(2_500_000);
    for (const unit of ["漢字", "7", " ", "!"])
      expect(counter.count(unit.repeat(2_000_000 / unit.length))).toBeGreaterThan(0);
  });

  it("counts runs as the reference does, at lengths the reference can count", async () => {
    const counter = createCounter(await resolveTokenizer(name));
    const texts: string[] = [];
    // tiktoken merges a piece in quadratic time: 10,000 characters take it about half a second.
    const length = TIKTOKEN_ENCODINGS.includes(name) ? 10_000 : 100_000;
    for (const unit of Object.values(RUNS)) texts.push(unit.repeat(Math.ceil(length / unit.length)));
    let expected: number[];
    if (TIKTOKEN_ENCODINGS.includes(name)) {
      const encoding = tiktoken.get_encoding(name as "r50k_base");
      expected = texts.map((t) => encoding.encode_ordinary(wellFormed(t)).length);
      encoding.free();
    } else expected = await referenceCounts(((await resolveTokenizer(name)) as { path: string }).path, texts, 4);
    expect(texts.map((t) => counter.count(t))).toEqual(expected);
    expect(expected[0]).toBe(texts[0]!.length / 2); // RUNS.dna: two bases a token
  });
});
