import { describe, expect, it } from "vitest";
import { resolveTokenizer } from "@corpus-census/tokenizers";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { AddedTokens } from "../src/text/added-tokens.js";
import {
  astralInfo,
  charInfoOf,
  DENSE_INDEX,
  LEFT_END,
  RIGHT_START,
  SLOW,
  TOKEN,
} from "../src/sentencepiece-bpe/char-info.js";
import { DENSE, mayJoin, type MergeJoins } from "../src/sentencepiece-bpe/merge-joins.js";
import type { SentencePieceBpeModel } from "../src/sentencepiece-bpe/sentencepiece-bpe-counter.js";

// The line scanner reads each character's info (char-info.ts) in place of five tables: for every
// BMP unit of the real models the info must say what those tables say, and the scanner's cut
// rule on two infos must be merge-joins.ts's mayJoin for pairs of the characters text has.

/** The scanner's rule (line-scanner.ts) for whether a merge may join `left` to `right`. */
function joinsByInfo(joins: MergeJoins, left: number, leftInfo: number, right: number, rightInfo: number): boolean {
  const a = leftInfo & DENSE_INDEX;
  const b = rightInfo & DENSE_INDEX;
  if (a !== 0 && b !== 0) {
    const bit = (a - 1) * DENSE + (b - 1);
    return (joins.denseBits[bit >> 3]! & (1 << (bit & 7))) !== 0;
  }
  return (leftInfo & LEFT_END) !== 0 && (rightInfo & RIGHT_START) !== 0 && mayJoin(joins, left, right);
}

describe.each(["gemma3", "llama2"])("%s: the scanner's character info", (name) => {
  it("holds each unit's token, dense index, merge ends, added-token start and surrogates", async () => {
    const model = loadModel(await resolveTokenizer(name)).model as SentencePieceBpeModel;
    expect(model.kind).toBe("sentencepiece-bpe");
    const { charIds, joins } = model;
    const replacement = "▁".charCodeAt(0);
    const mayStart = new AddedTokens(model.addedTokens).mayStart;
    const info = charInfoOf(charIds, joins, replacement, mayStart);
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const f = info[c]!;
      if (c >= 0xd800 && c < 0xe000) {
        if (f !== SLOW) wrong.push(c);
        continue;
      }
      const x = c === 0x20 ? replacement : c;
      const ok =
        (f & DENSE_INDEX) === joins.dense[x] &&
        ((f & LEFT_END) !== 0) === (joins.leftEnds[x] === 1) &&
        ((f & RIGHT_START) !== 0) === (joins.rightStarts[x] === 1) &&
        ((f & TOKEN) !== 0) === charIds[x]! >= 0 &&
        ((f & SLOW) !== 0) === (mayStart[c] === 1);
      if (!ok) wrong.push(c);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("cuts where mayJoin cuts, for pairs of BMP and astral characters", async () => {
    const model = loadModel(await resolveTokenizer(name)).model as SentencePieceBpeModel;
    const { charIds, joins } = model;
    const info = charInfoOf(charIds, joins, -1, undefined);
    const astral = new Set<number>();
    for (let i = 0; i < model.astralIds.length; i += 2) astral.add(model.astralIds[i]!);
    const infoOf = (cp: number) => (cp > 0xffff ? astralInfo(astral.has(cp)) : info[cp]!);
    // Characters that are tokens: every one in the dense table, and a spread of the others.
    const chars = [...Array(0x10000).keys()].filter(
      (c) => (c < 0xd800 || c >= 0xe000) && charIds[c]! >= 0 && (joins.dense[c] !== 0 || c % 7 === 0),
    );
    chars.push(...[...astral].slice(0, 50));
    const wrong: string[] = [];
    let pairs = 0;
    for (let i = 0; i < chars.length; i += 3)
      for (let j = 0; j < chars.length; j += 5) {
        const [l, r] = [chars[i]!, chars[j]!];
        pairs++;
        if (joinsByInfo(joins, l, infoOf(l), r, infoOf(r)) !== mayJoin(joins, l, r)) wrong.push(`${l} ${r}`);
      }
    expect(pairs).toBeGreaterThan(10_000);
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
