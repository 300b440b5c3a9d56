import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { counterFromModel, loadModel } from "@corpus-census/tokenizers/internal";
import { serdeF64 } from "../src/tokenizer-json/serde-f64.js";
import { referenceCounts } from "./helpers/hf-reference.js";

// A Unigram model built so that the native library's float parse (serde_json without
// float_roundtrip) decides a Viterbi tie: for each pair of letters xy, the pieces "x", "y" and
// "xy", where "xy"'s literal parses an ulp away from JSON.parse's value and the sum of "x"'s and
// "y"'s scores (literals both parsers agree on) is exactly one of the two values. One parse
// sees a tie (the first offer, "xy", stays: 1 token), the other a strict inequality.

/** 17-digit literals (as a shortest round-trip writer gives them) that serde_json reads an ulp above JSON.parse, then below, alternately. */
function trapLiterals(count: number): string[] {
  const out: string[] = [];
  for (let i = 1; out.length < count; i++) {
    const literal = (-(4 + i * 0.000123456789)).toPrecision(17);
    const nativeAbove = out.length % 2 === 0;
    if (nativeAbove ? serdeF64(literal) > Number(literal) : serdeF64(literal) < Number(literal)) out.push(literal);
  }
  return out;
}

/** "x" and "y" literals both parsers read alike, whose float64 sum (y + x, as the Viterbi adds) is exactly `target`. */
function splitOf(target: number): [string, string] {
  for (const x of [-1, -2, -0.5, -0.25, -1.5, -3]) {
    const y = target - x;
    const literal = String(y);
    if (serdeF64(literal) === y && Number(literal) === y && y + x === target && y < 0) return [String(x), literal];
  }
  throw new Error(`no split of ${target}`);
}

function trapModel(): { json: string; words: string[]; native: number[]; jsonParse: number[] } {
  const pieces: [string, string][] = [["<unk>", "0"]];
  const words: string[] = [];
  const native: number[] = [];
  const jsonParse: number[] = [];
  trapLiterals(6).forEach((z, i) => {
    const [a, b] = [String.fromCharCode(97 + 2 * i), String.fromCharCode(98 + 2 * i)];
    // The higher of the two readings ties (1 token), the lower loses to "x" + "y" (2): natively 1, then 2, alternately.
    const target = Math.max(serdeF64(z), Number(z));
    const [x, y] = splitOf(target);
    pieces.push([a, x], [b, y], [a + b, z]);
    words.push(a + b);
    native.push(serdeF64(z) >= target ? 1 : 2);
    jsonParse.push(Number(z) >= target ? 1 : 2);
  });
  const vocab = pieces.map(([p, s]) => `[${JSON.stringify(p)},${s}]`).join(",");
  const json = `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"Unigram","unk_id":0,"vocab":[${vocab}],"byte_fallback":false}}`;
  return { json, words, native, jsonParse };
}

describe("Unigram scores are read as the native tokenizers read them (the float-parse trap)", () => {
  const { json, words, native, jsonParse } = trapModel();
  const path = join(mkdtempSync(join(tmpdir(), "float-trap-")), "tokenizer.json");
  writeFileSync(path, json);

  it("the fixture hits the trap: the two parses split each word differently", () => {
    expect(native).not.toEqual(jsonParse);
    for (const [i, n] of native.entries()) expect(n, words[i]).not.toBe(jsonParse[i]);
  });

  it("our counts equal the native library's, and a correctly rounded parse's would not", async () => {
    const texts = [...words, words.join(""), words.map((w) => w.repeat(3)).join("")];
    const reference = await referenceCounts(path, texts, 16);
    expect(reference.slice(0, words.length)).toEqual(native);
    const spec = await resolveTokenizer(`file:${path}`);
    const ours = createCounter(spec);
    expect(texts.map((t) => ours.count(t))).toEqual(reference);

    const { model } = loadModel(spec);
    if (model.kind !== "unigram") throw new Error("expected the Unigram counter");
    const parsed = JSON.parse(json) as { model: { vocab: [string, number][] } };
    const correctlyRounded = counterFromModel({
      ...model,
      scores: Float64Array.from(parsed.model.vocab, ([, s]) => s),
    });
    expect(words.map((w) => correctlyRounded.count(w))).toEqual(jsonParse);
    expect(texts.map((t) => correctlyRounded.count(t))).not.toEqual(reference);
  });
});
