import { describe, expect, it } from "vitest";
import { morphemePieces } from "../src/morphemes.js";

describe("the pieces handed to kuromoji", () => {
  it("are lines, long ones cut after whitespace or punctuation, never longer than 2,048 characters", () => {
    const english = "word ".repeat(5000);
    const japanese = "吾輩は猫である、".repeat(1000);
    const unbroken = "あ".repeat(5000);
    for (const text of [english, japanese, unbroken, `${japanese}\n${english}`]) {
      const pieces = [...morphemePieces(text)];
      for (const p of pieces) expect(p.length).toBeLessThanOrEqual(2048);
      expect(pieces.join("")).toBe(text.replace(/\n/g, ""));
    }
    expect([...morphemePieces(japanese)][0]!.endsWith("、")).toBe(true);
  });
});
