import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { nfkcAsReference } from "../src/sentencepiece/spm-normalizer.js";

// The reference: the native Hugging Face tokenizers' NFKC normalizer (an older Unicode than Node's ICU).
const require = createRequire(import.meta.url);
const reference = (require("tokenizers") as typeof import("tokenizers")).nfkcNormalizer();

describe("NFKC as the native tokenizers compute it", () => {
  it("for every code point, alone and beside combining marks", { timeout: 120_000 }, () => {
    const mismatches: string[] = [];
    const probes = [
      (c: string) => c,
      (c: string) => `a${c}\u0301`,
      (c: string) => `${c}\u0334`,
      (c: string) => `x${c}y`,
      (c: string) => c.normalize("NFD"),
    ];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const c = String.fromCodePoint(cp);
      for (const probe of probes) {
        const text = probe(c);
        if (nfkcAsReference(text) !== reference.normalizeString(text))
          mismatches.push(`U+${cp.toString(16)} in ${JSON.stringify(text)}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Node's own NFKC is not the reference's (U+32FF SQUARE ERA NAME REIWA is newer than the reference's Unicode).
    expect("\u32ff".normalize("NFKC")).not.toBe(reference.normalizeString("\u32ff"));
  });
});
