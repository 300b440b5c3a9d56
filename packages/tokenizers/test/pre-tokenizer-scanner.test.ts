import { describe, expect, it } from "vitest";
import type { PieceSplitter } from "../src/text/piece-splitter.js";
import { SCANNED_PATTERNS, splitterFor } from "../src/text/pre-tokenizer-splitter.js";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { randomStrings } from "./helpers/scanner-alphabet.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";

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
