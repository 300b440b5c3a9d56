import { describe, expect, it } from "vitest";
import { toNfc } from "../src/text/nfc.js";
import { realTextDocuments } from "../../../test/helpers/samples.js";

// toNfc returns text below U+0300 as it is: that must be what NFC does with it, character by
// character and for every pair (no two characters there compose), and on real text of every script.
describe("toNfc", () => {
  it("leaves every character below U+0300, and every pair of them, as String.prototype.normalize does", () => {
    const changed: number[] = [];
    for (let a = 0; a < 0x300; a++) {
      const one = String.fromCharCode(a);
      if (one.normalize("NFC") !== one) changed.push(a);
      for (let b = 0; b < 0x300; b++) {
        const two = one + String.fromCharCode(b);
        if (two.normalize("NFC") !== two) changed.push(a * 0x10000 + b);
      }
    }
    expect(changed).toEqual([]);
  });

  it("is String.prototype.normalize('NFC') on real and decomposed text", () => {
    const texts = [
      ...realTextDocuments().slice(0, 500),
      "cafe\u0301",
      "e\u0301 plain ascii",
      "\u304b\u3099",
      "A\u030a\u0327",
      "plain ASCII only",
      "Ω",
    ];
    for (const text of texts) expect(toNfc(text)).toBe(text.normalize("NFC"));
    expect(texts.filter((t) => t.normalize("NFC") !== t).length).toBeGreaterThan(0);
  });
});
