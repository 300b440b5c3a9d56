import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { PairTable } from "../src/bpe/pair-table.js";
import { mayJoin, mergeJoinsOf } from "../src/sentencepiece-bpe/merge-joins.js";
import { byteToken, wholeLineBpeJson } from "./helpers/whole-line-bpe-json.js";

const require = createRequire(import.meta.url);
const { Tokenizer: NativeTokenizer } = require("tokenizers") as typeof import("tokenizers");

/** A whole-line BPE (Llama 2's shape) whose merges join "x" to a following "▁y": a cut before that ▁ would be wrong. */
function tokenizerJson(): object {
  const vocab: Record<string, number> = { "<unk>": 0 };
  for (let b = 0; b < 256; b++) vocab[byteToken(b)] = Object.keys(vocab).length;
  for (const t of ["▁", "x", "y", "z", "▁y", "x▁y", "▁z", "z▁", "z▁▁"]) vocab[t] = Object.keys(vocab).length;
  const merges = ["▁ y", "x ▁y", "▁ z", "z ▁", "z▁ ▁"];
  return wholeLineBpeJson({ vocab, merges, specialTokens: ["<unk>"], prefix: true });
}

describe("whole-line BPE cut between characters no merge joins", () => {
  it("joins exactly the last character of a merge's left part to the first of its right part", () => {
    const json = tokenizerJson() as { model: { vocab: Record<string, number>; merges: string[] } };
    const joins = mergeJoinsOf(json.model.merges, new PairTable(16), new Int32Array(256));
    const cp = (c: string) => c.codePointAt(0)!;
    expect(mayJoin(joins, cp("x"), cp("▁"))).toBe(true);
    expect(mayJoin(joins, cp("z"), cp("▁"))).toBe(true);
    expect(mayJoin(joins, cp("▁"), cp("y"))).toBe(true);
    expect(mayJoin(joins, cp("▁"), cp("▁"))).toBe(true);
    expect(mayJoin(joins, cp("y"), cp("▁"))).toBe(false);
    expect(mayJoin(joins, cp("x"), cp("y"))).toBe(false);
    expect(mayJoin(joins, cp("▁"), cp("x"))).toBe(false);
    expect(joins.bytesJoin).toBe(false);
  });

  it("counts as the native tokenizers where merges cross spaces", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "merge-joins-")), "tokenizer.json");
    writeFileSync(path, JSON.stringify(tokenizerJson()));
    const spec = await resolveTokenizer(`file:${path}`);
    expect(loadModel(spec).model.kind).toBe("sentencepiece-bpe");
    const counter = createCounter(spec);
    const native = NativeTokenizer.fromFile(path);
    const texts = [
      "x y",
      "y x y z",
      "z  y",
      "x y x y x y",
      "yy xy zy z y",
      "x 刊 y",
      "刊 y",
      "x  y",
      " x y ",
      "z z  z   y",
    ];
    for (const text of texts) {
      const expected = (await native.encode(text, null, { addSpecialTokens: false })).getIds().length;
      expect(counter.count(text), text).toBe(expected);
    }
  });
});
