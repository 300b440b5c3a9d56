import { describe, expect, it } from "vitest";
import { ByteBpe } from "../src/bpe/byte-bpe.js";
import { PieceCache } from "../src/cache/piece-cache.js";
import { tiktokenModel } from "../src/tiktoken/tiktoken-counter.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";

/**
 * A piece is counted where it lies in its text (countAt, countRange): the same as counting
 * it cut out as a string, whatever the range — CJK runs long and short (the long ones skip
 * the piece cache), ASCII, and ranges that cut a surrogate pair (a lone half is U+FFFD).
 */
describe("counting a piece in place", () => {
  const bpe = ByteBpe.fromModel(tiktokenModel("o200k_base", "o200k_base").bpe);
  const reference = ByteBpe.fromModel(tiktokenModel("o200k_base", "o200k_base").bpe);
  const cache = new PieceCache(PieceCache.memory(false));

  it("counts text[start, end) as the string text.slice(start, end)", () => {
    const random = seededRandom(2712);
    const cjk = "日本語の文章を数える漢字かなカタカナ、。「」";
    let checked = 0;
    for (let i = 0; i < 4000; i++) {
      let text = randomText(random, 8);
      if (i % 2 === 0) {
        const run = 1 + Math.floor(random() * 60);
        let s = "";
        for (let k = 0; k < run; k++) s += cjk[Math.floor(random() * cjk.length)];
        text = i % 4 === 0 ? s : text + s + "😀";
      }
      const start = Math.floor(random() * text.length);
      const end = start + 1 + Math.floor(random() * (text.length - start));
      const expected = reference.count(text.slice(start, end));
      expect(bpe.countRange(text, start, end), JSON.stringify(text.slice(start, end))).toBe(expected);
      // Twice: once merged and stored, once from the cache.
      expect(bpe.countAt(text, start, end, cache)).toBe(expected);
      expect(bpe.countAt(text, start, end, cache)).toBe(expected);
      checked++;
    }
    expect(checked).toBe(4000);
  });
});
