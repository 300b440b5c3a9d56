import { describe, expect, it } from "vitest";
import { AddedTokens } from "../src/text/added-tokens.js";

/** Hugging Face's rule by definition: the leftmost added token, the longest there; the stretches between them as they are. */
function byDefinition(tokens: readonly string[], text: string): { added: number; between: string[] } {
  const between: string[] = [];
  let added = 0;
  let last = 0;
  for (let i = 0; i < text.length; ) {
    let longest = 0;
    for (const t of tokens) if (t.length > longest && text.startsWith(t, i)) longest = t.length;
    if (longest === 0) {
      i++;
      continue;
    }
    if (i > last) between.push(text.slice(last, i));
    added++;
    last = i += longest;
  }
  if (last < text.length) between.push(text.slice(last));
  return { added, between };
}

/** A seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("added tokens found in raw text", () => {
  // Few first units and many: the rule's pieces either way.
  const sets = {
    "one first unit": ["<unk>", "<s>", "</s>", "<s>x"],
    "three first units": ["<s>", "[CLS]", "[SEP]", "▁<x>", "<<"],
    "many first units": ["<s>", "[CLS]", "{a}", "a", "ab", "bc", "日本", "<start_of_turn>"],
  };
  for (const [name, tokens] of Object.entries(sets)) {
    it(`splits as the rule does, with ${name}`, () => {
      const added = new AddedTokens(tokens);
      const next = random(name.length);
      const alphabet = [
        "<",
        ">",
        "/",
        "s",
        "x",
        "u",
        "n",
        "k",
        "[",
        "]",
        "C",
        "L",
        "S",
        "E",
        "P",
        "a",
        "b",
        "c",
        "{",
        "}",
        "日",
        "本",
        "▁",
        " ",
        "<s>",
        "</s>",
        "[CLS]",
      ];
      for (let n = 0; n < 3000; n++) {
        let text = "";
        const length = Math.floor(next() * 40);
        for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
        const expected = byDefinition(tokens, text);
        const seen: string[] = [];
        const counted = added.count(text, (segment, start) => {
          expect(text.slice(start, start + segment.length)).toBe(segment);
          seen.push(segment);
          return 0;
        });
        expect(seen).toEqual(expected.between);
        expect(counted).toBe(expected.added);
      }
    });
  }
});
