import { describe, expect, it } from "vitest";
import type { PieceSplitter } from "../src/text/piece-splitter.js";
import { SCANNED_PATTERNS, splitterFor } from "../src/text/pre-tokenizer-splitter.js";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";

/**
 * Characters and short strings at every boundary the scanners' classes draw: ASCII classes,
 * contractions in every case with ſ and K, CJK and kana at the edges of DeepSeek-V3's ranges,
 * marks, Lt and Lm letters, astral letters and numbers, letters newer than Unicode 16.0, lone
 * surrogates, and white space JS and Unicode disagree on.
 */
const ALPHABET = [
  ..."aZsStTrReEvVmMlLdDkKxQ",
  ..."0179",
  ...'!/-.,$+_`~[\\"#@^|{}',
  ..."'''",
  ..."     \t\n\n\r\v\f",
  "\r\n",
  "\u017f", // ſ, folds to s
  "\u212a", // Kelvin sign, folds to k
  ..."'s'S'ſ't'T're'RE'rE've'Ve'm'M'll'LL'lL'd'D'K'k",
  ..."日本語\u4e00\u9fa5\u9fa6\u4dff",
  ..."かカー\u3040\u309f\u30a0\u30ff\u3100ｶﾀ",
  "\u0301",
  "\u3099",
  "\u20dd", // Me
  "\u0903", // Mc
  "ǅ",
  "ᾈ", // Lt
  "ʰ",
  "ゝ", // Lm
  ..."اあÀΣßσ",
  "𝐀",
  "𝐚",
  "𠀀",
  "\u{10d4a}", // a letter since Unicode 16.0
  "\u{323b0}", // a letter since 17.0 only
  "𝟎",
  "\u{10d40}",
  "𐄇", // astral numbers
  ..."²Ⅻ½٣१",
  "\ud800",
  "\udc00",
  "\udbff", // lone surrogates
  ..."\u0085\u00a0\u3000\ufeff\u200b\u2028\u2029\u1680\u202f\u205f\u0000\u007f€。、",
  "😀",
  "👍🏽",
];

/** `n` strings of up to `maxLength` items of ALPHABET, the same on every run. */
function randomStrings(seed: number, n: number, maxLength: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const length = 1 + Math.floor(random() * maxLength);
    let text = "";
    for (let j = 0; j < length; j++) {
      const item = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
      // Sometimes a run of one item: runs are where greedy classes give characters back.
      text += random() < 0.1 ? item.repeat(2 + Math.floor(random() * 6)) : item;
    }
    out.push(text);
  }
  return out;
}

function pieces(splitter: PieceSplitter, text: string, start = 0, end = text.length): string {
  const out: number[] = [];
  splitter.reset(text, start, end);
  while (splitter.next()) out.push(splitter.start, splitter.end);
  return out.join(",");
}

describe.each(SCANNED_PATTERNS.map((p) => [p]))("the scanner of %s", (pattern) => {
  const scanner = splitterFor(pattern, "16.0.0");
  const regex = splitterFor(pattern, "16.0.0", { regex: true });

  it("is a scanner, not the regex", () => {
    expect(scanner.constructor.name).not.toBe(regex.constructor.name);
  });

  it("finds the regex's pieces in the real samples", () => {
    const texts = [...realTextLines().map((f) => f.lines.join("\n")), realTextDocuments().join("\n")];
    for (const text of texts) {
      // Compared in parts: the regex's stack is not what is tested here.
      for (let at = 0; at < text.length; at += 200_000) {
        const part = text.slice(at, at + 200_000);
        expect(pieces(scanner, part)).toBe(pieces(regex, part));
      }
    }
  });

  it("finds the regex's pieces in 20,000 random strings that cross every class boundary", () => {
    const mismatches: string[] = [];
    for (const text of randomStrings(pattern.length, 20_000, 24)) {
      if (pieces(scanner, text) !== pieces(regex, text)) mismatches.push(JSON.stringify(text));
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("stops where it is told, as the regex stops at the end of its input", () => {
    const random = seededRandom(pattern.length + 1);
    for (const text of randomStrings(pattern.length + 2, 5_000, 24)) {
      const start = Math.floor(random() * text.length);
      const end = start + Math.floor(random() * (text.length - start + 1));
      expect(pieces(scanner, text, start, end)).toBe(pieces(regex, text, start, end));
    }
  });
});
