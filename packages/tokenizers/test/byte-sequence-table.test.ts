import { describe, expect, it } from "vitest";
import { tiktokenBpeParts } from "../src/tiktoken/tiktoken-counter.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";

describe("looking up a piece of text among the token byte sequences", () => {
  const { table } = tiktokenBpeParts("r50k_base");

  it("finds an ASCII piece straight from the text as find does from its bytes, and never a non-ASCII one", () => {
    const random = seededRandom(5);
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomText(random, 6);
      const start = Math.floor(random() * text.length);
      const end = start + 1 + Math.floor(random() * Math.min(12, text.length - start));
      const piece = text.slice(start, end);
      const bytes = Buffer.from(piece);
      const expected = /^[\x00-\x7f]*$/.test(piece) ? table.find(bytes, 0, bytes.length) : -1;
      expect(table.findAscii(text, start, end), JSON.stringify(piece)).toBe(expected);
      if (expected >= 0) found++;
    }
    expect(found).toBeGreaterThan(300);
    expect(table.findAscii(" the", 0, 4)).toBe(262); // r50k_base: " the" is token 262
    expect(table.findAscii("x".repeat(200), 0, 200)).toBe(-1); // longer than any token
  });
});

describe("every token of an encoding", () => {
  it.each(["r50k_base", "o200k_base"] as const)(
    "%s: is found with its rank, from bytes and (if ASCII) from text",
    (encoding) => {
      const { table, tokens } = tiktokenBpeParts(encoding);
      let wrong = 0;
      tokens.forEach((token, rank) => {
        if (table.find(token, 0, token.length) !== rank) wrong++;
        if (
          token.every((b) => b < 0x80) &&
          table.findAscii(Buffer.from(token).toString("latin1"), 0, token.length) !== rank
        )
          wrong++;
      });
      expect(wrong).toBe(0);
    },
  );
});
