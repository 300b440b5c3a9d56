import { describe, expect, it } from "vitest";
import { ByteBpe } from "../src/bpe/byte-bpe.js";
import { ByteSequenceTable } from "../src/bpe/byte-sequence-table.js";
import { CharPremerge } from "../src/bpe/char-premerge.js";
import { PairTable } from "../src/bpe/pair-table.js";
import { tiktokenBpeParts } from "../src/tiktoken/tiktoken-counter.js";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { bpeByDefinition } from "./helpers/bpe-by-definition.js";

/**
 * Pre-merging characters must never change a count. The reference is the same BPE started
 * from bytes (itself checked against tiktoken and the native tokenizers in the *-exact tests).
 * Each test also shows that without the neighbour check some counts do change, so the inputs
 * reach the cases the check exists for.
 */

interface Vocabulary {
  tokens: Uint8Array[];
  pairs: PairTable;
  byteIds: Int32Array;
  table: ByteSequenceTable | undefined;
}

function counters(v: Vocabulary) {
  const plain = new ByteBpe(v.byteIds, v.pairs, v.table);
  const premerged = new ByteBpe(v.byteIds, v.pairs, v.table, CharPremerge.build(v.pairs, v.tokens, v.byteIds));
  const unchecked = new ByteBpe(
    v.byteIds,
    v.pairs,
    v.table,
    CharPremerge.build(v.pairs, v.tokens, v.byteIds, { ignoreNeighbours: true }),
  );
  return { plain, premerged, unchecked };
}

const ALPHABET = ["あ", "い", "し", "京", "日", "本", "ア", "ー", "é", "ß", "ж", "a", "b", " ", "。", "😀", "\u0301"];

function randomString(random: () => number, alphabet: readonly string[], max: number): string {
  let s = "";
  const n = 1 + Math.floor(random() * max);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)]!;
  return s;
}

/**
 * A BPE vocabulary grown like training but without its regularities: each merge joins two
 * adjacent tokens of a random string as the vocabulary so far splits it — often across a
 * character's edge, splitting characters — and gets a random rank (ties and ranks lower than
 * the merges that made its parts are common).
 */
function randomVocabulary(random: () => number, merges: number): Vocabulary {
  const tokens: Uint8Array[] = [];
  const ids = new Map<string, number>();
  const idOf = (bytes: Uint8Array) => {
    const key = Buffer.from(bytes).toString("latin1");
    let id = ids.get(key);
    if (id === undefined) {
      id = tokens.length;
      tokens.push(bytes);
      ids.set(key, id);
    }
    return id;
  };
  for (let b = 0; b < 256; b++) idOf(Uint8Array.of(b));
  const byteIds = Int32Array.from({ length: 256 }, (_, b) => b);
  const pairs = new PairTable();
  for (let m = 0; m < merges; m++) {
    const bytes = Buffer.from(randomString(random, ALPHABET, 6));
    const split = bpeByDefinition(bytes, pairs);
    if (split.length < 2) continue;
    const at = Math.floor(random() * (split.length - 1));
    const left = split[at]!;
    const right = split[at + 1]!;
    pairs.add(left, right, Math.floor(random() * merges), idOf(Buffer.concat([tokens[left]!, tokens[right]!])));
  }
  return { tokens, pairs, byteIds, table: undefined };
}

describe("starting BPE from whole characters", () => {
  it("counts as BPE from bytes on random vocabularies with ties, unordered ranks and merges across characters", () => {
    const random = seededRandom(20261122);
    let texts = 0;
    let uncheckedDiffer = 0;
    for (let trial = 0; trial < 60; trial++) {
      const vocabulary = randomVocabulary(random, 40 + Math.floor(random() * 300));
      const { plain, premerged, unchecked } = counters(vocabulary);
      for (let i = 0; i < 300; i++) {
        const text = randomString(random, ALPHABET, 40);
        const expected = plain.count(text);
        if (premerged.count(text) !== expected) expect({ trial, text }).toEqual({ count: expected });
        if (unchecked.count(text) !== expected) uncheckedDiffer++;
        texts++;
      }
    }
    expect(texts).toBe(18_000);
    // Without the neighbour check the same inputs do count differently.
    expect(uncheckedDiffer).toBeGreaterThan(10);
  });

  describe.each(["r50k_base", "cl100k_base", "o200k_base"] as const)("%s", (encoding) => {
    const parts = tiktokenBpeParts(encoding);
    const { plain, premerged, unchecked } = counters(parts);
    const premerge = CharPremerge.build(parts.pairs, parts.tokens, parts.byteIds);

    it("pre-merges most Japanese characters", () => {
      const japanese = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。カタカナ、ひらがな、漢字";
      const premergedChars = [...japanese].filter((c) => premerge.premerges(c.codePointAt(0)!)).length;
      expect(premergedChars / [...japanese].length).toBeGreaterThan(0.4);
    });

    it("counts as BPE from bytes next to every neighbour that prevents a pre-merge", () => {
      // Each preventing neighbour is written as text (a partial character completed with the
      // first character that fits) on its side of the character, and counted as one piece.
      let texts = 0;
      let uncheckedDiffer = 0;
      const mismatches: string[] = [];
      for (let cp = 0x80; cp < 0x10000; cp++) {
        for (const { side, bytes } of premerge.preventingNeighbours(cp)) {
          const neighbour = asText(bytes);
          if (neighbour === undefined) continue;
          const c = String.fromCharCode(cp);
          for (const text of side === "before"
            ? [neighbour + c, neighbour + c + c]
            : [c + neighbour, c + c + neighbour]) {
            texts++;
            const expected = plain.count(text);
            if (premerged.count(text) !== expected) mismatches.push(JSON.stringify(text));
            if (unchecked.count(text) !== expected) uncheckedDiffer++;
          }
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(texts).toBeGreaterThan(1000);
      expect(uncheckedDiffer).toBeGreaterThan(0);
    });
  });
});

/** Bytes as text: leading continuation bytes completed by a character that ends with them, trailing partial ones by one that starts with them. */
function asText(bytes: Uint8Array): string | undefined {
  let lead = 0;
  while (lead < bytes.length && (bytes[lead]! & 0xc0) === 0x80) lead++;
  let head = new Uint8Array(0);
  if (lead > 0) {
    const found = charsByEdge.endingWith.get(Buffer.from(bytes.subarray(0, lead)).toString("hex"));
    if (found === undefined) return undefined;
    head = found.subarray(0, found.length - lead);
  }
  const whole = Buffer.concat([head, bytes]);
  // A character cut at the end: complete it with the first character that starts with its bytes.
  let start = whole.length - 1;
  while (start > 0 && (whole[start]! & 0xc0) === 0x80) start--;
  const tail = whole.subarray(start);
  const expectedLength = tail[0]! < 0x80 ? 1 : tail[0]! >= 0xf0 ? 4 : tail[0]! >= 0xe0 ? 3 : 2;
  let text = whole;
  if (tail.length < expectedLength) {
    const found = charsByEdge.startingWith.get(Buffer.from(tail).toString("hex"));
    if (found === undefined) return undefined;
    text = Buffer.concat([whole, found.subarray(tail.length)]);
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(text);
}

/** The first BMP character (in code point order) ending with, and starting with, each byte sequence shorter than it. */
const charsByEdge = (() => {
  const endingWith = new Map<string, Buffer>();
  const startingWith = new Map<string, Buffer>();
  for (let cp = 0x80; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const b = Buffer.from(String.fromCharCode(cp));
    for (let k = 1; k < b.length; k++) {
      const end = b.subarray(b.length - k).toString("hex");
      if (!endingWith.has(end)) endingWith.set(end, b);
      const start = b.subarray(0, k).toString("hex");
      if (!startingWith.has(start)) startingWith.set(start, b);
    }
  }
  return { endingWith, startingWith };
})();
