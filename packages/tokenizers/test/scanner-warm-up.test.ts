import { describe, expect, it } from "vitest";
import { scannerWarmUpText } from "../src/sentencepiece-bpe/scanner-warm-up.js";

/** Token ids for ASCII and "é" only, as a small vocabulary would have. */
function asciiCharIds(): Int32Array {
  const ids = new Int32Array(0x10000).fill(-1);
  for (let c = 0; c < 0x80; c++) ids[c] = c;
  ids[0xe9] = 0x80;
  return ids;
}

const units = (text: string) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

describe("the text a SentencePiece-style BPE counter warms its scanner up on", () => {
  it("holds a character outside the vocabulary of two and of three UTF-8 bytes", () => {
    const charIds = asciiCharIds();
    const text = scannerWarmUpText(charIds, new Map(), undefined);
    const outside = units(text).filter((c) => (c < 0xd800 || c >= 0xe000) && charIds[c]! < 0);
    expect(outside.some((c) => c >= 0x80 && c < 0x800)).toBe(true);
    expect(outside.some((c) => c >= 0x800)).toBe(true);
  });

  it("holds characters beyond the BMP in the vocabulary and outside it, and lone surrogates", () => {
    const astralIds = new Map([[0x1f600, 200]]);
    const text = scannerWarmUpText(asciiCharIds(), astralIds, undefined);
    const astral = [...text].map((c) => c.codePointAt(0)!).filter((cp) => cp > 0xffff);
    expect(astral).toContain(0x1f600);
    expect(astral.some((cp) => !astralIds.has(cp))).toBe(true);
    const u = units(text);
    const lone = u.filter(
      (c, i) =>
        (c >= 0xd800 && c < 0xdc00 && !(u[i + 1]! >= 0xdc00 && u[i + 1]! < 0xe000)) ||
        (c >= 0xdc00 && c < 0xe000 && !(u[i - 1]! >= 0xd800 && u[i - 1]! < 0xdc00)),
    );
    expect(lone.length).toBeGreaterThan(0);
  });

  it("holds the added token it is given, and its start without its end", () => {
    const text = scannerWarmUpText(asciiCharIds(), new Map(), "<start_of_turn>");
    expect(text).toContain("<start_of_turn>");
    expect(text).toContain("<start_of_turn c");
  });
});
