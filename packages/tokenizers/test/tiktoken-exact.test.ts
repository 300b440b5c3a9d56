import { createRequire } from "node:module";
import { afterAll, describe, expect, it } from "vitest";
import { TiktokenCounter } from "../src/tiktoken/tiktoken-counter.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { HAVE_SHARED_SAMPLES, realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";

// The reference: tiktoken (the WASM build of OpenAI's Rust tiktoken), encode_ordinary.
const require = createRequire(import.meta.url);
const tiktoken = require("tiktoken") as typeof import("tiktoken");

const ENCODINGS = ["r50k_base", "cl100k_base", "o200k_base"] as const;

describe.each(ENCODINGS)("%s counts equal tiktoken's encode_ordinary", (encoding) => {
  const reference = tiktoken.get_encoding(encoding);
  const counter = TiktokenCounter.load(encoding, encoding);
  afterAll(() => reference.free());
  const referenceCount = (text: string) => reference.encode_ordinary(text).length;

  it("on every line of the real text samples", () => {
    let lines = 0;
    const mismatches: string[] = [];
    for (const { name, lines: texts } of realTextLines()) {
      for (const line of texts) {
        lines++;
        if (counter.count(line) !== referenceCount(line))
          mismatches.push(`${name}: ${JSON.stringify(line.slice(0, 60))}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(lines).toBeGreaterThan(HAVE_SHARED_SAMPLES ? 10_000 : 40);
  });

  it("on whole multi-paragraph documents", () => {
    for (const text of realTextDocuments().slice(0, 300)) expect(counter.count(text)).toBe(referenceCount(text));
  });

  it("on 3,000 random strings of mixed scripts, whitespace, emoji, combining marks and special-token look-alikes", () => {
    const random = seededRandom(encoding.length * 7919);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(random);
      const expected = referenceCount(text);
      if (counter.count(text) !== expected)
        expect({ seed: encoding.length * 7919, i, text }).toEqual({ count: expected });
    }
  });

  it("on the characters where JavaScript and Rust regular expressions disagree", () => {
    for (const text of [
      "\ufeffhello", // U+FEFF is \s in JS, not White_Space in Rust
      "a\u0085b\u0085\u0085 c", // U+0085 (NEL) is White_Space in Rust, not \s in JS
      "it'ſ", // (?i:'s) also matches ſ under Unicode case folding
      "IT'S",
      "it'S",
      "THEY'RE",
      "WE'LL",
      "I'D",
      "\u180e",
      "\u200b\u200b",
      "x\u2028y",
      "<|endoftext|>",
      "<|endofprompt|>",
      "",
      " ",
      "\n",
      "\r\n\r\n",
      "   \n  foo",
      "foo   ",
      "12345678",
      "١٢٣٤",
    ]) {
      expect(counter.count(text), JSON.stringify(text)).toBe(referenceCount(text));
    }
  });

  it("on long runs without a split point", () => {
    for (const run of [
      "a".repeat(5000),
      "あ".repeat(3000),
      "😀".repeat(1000),
      "ab".repeat(3000),
      " ".repeat(4000),
      "1".repeat(999),
    ]) {
      expect(counter.count(run)).toBe(referenceCount(run));
    }
  });
});
