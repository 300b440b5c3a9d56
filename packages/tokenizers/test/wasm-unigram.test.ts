import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { UnigramViterbi } from "../src/unigram/unigram-viterbi.js";
import { TieSafeWords } from "../src/unigram/tie-safe-words.js";
import type { TokenizerSpec } from "../src/tokenizer-spec.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";
import { tsAndWasmCounters } from "./helpers/ts-and-wasm-counters.js";

// Unigram's forward pass in WebAssembly (wasm/unigram-viterbi.c) against the TypeScript loop it
// ports, on both flavours: a tokenizer.json's (float64) and a SentencePiece .model's (float32
// storage, where near-ties decide). The sharper tests are the Unigram exactness tests, which hold
// the counts to the native tokenizers and to SentencePiece with the WebAssembly forward pass: a tie
// broken the other way in unigram-viterbi.c fails unigram-float-trap.test.ts, and float32 storage
// left out fails sentencepiece-model-exact.test.ts (both tried).

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/tokenizers/${name}`, import.meta.url));

const MODELS: TokenizerSpec[] = [
  { kind: "tokenizer.json", id: "unigram-metaspace", path: fixture("unigram-metaspace.json") },
  { kind: "tokenizer.json", id: "unigram-whole-line", path: fixture("unigram-whole-line.json") },
  { kind: "sentencepiece-model", id: "llm-jp-v3.1", path: fixture("llm-jp-tokenizer-100k.ver3.1.model") },
];

afterEach(() => {
  delete process.env.CENSUS_WASM;
});

describe.each(MODELS.map((spec) => [spec.id, spec]))("%s with the WebAssembly forward pass", (_, spec) => {
  it("counts as with the TypeScript one on real and random text, long lines and runs", { timeout: 240_000 }, () => {
    const { ts, wasm } = tsAndWasmCounters(spec);
    const random = seededRandom(spec.id.length * 131);
    const texts = [
      ...realTextLines().flatMap((f) => f.lines),
      ...realTextDocuments(),
      ...Array.from({ length: 2000 }, () => randomText(random)),
      ...Array.from({ length: 40 }, () => randomText(random, 2000)),
      "漢字".repeat(5000),
      "a".repeat(10_000),
      "𝐀b".repeat(3000),
    ];
    for (let pass = 0; pass < 2; pass++) {
      const differ = texts.filter((text) => wasm.count(text) !== ts.count(text));
      expect(differ.slice(0, 3)).toEqual([]);
    }
  });
});

describe("a Viterbi whose forward pass runs in WebAssembly", () => {
  it("explains a word after longer stretches were counted there as a Viterbi that never used it", () => {
    // The module's arrays outgrow the explaining pass's own: explaining with them (and with its own
    // shorter table of the units' trie codes) cut the trie walks short and split words differently.
    const { model } = loadModel(MODELS[2]!);
    if (model.kind !== "sentencepiece-unigram") throw new Error("expected a SentencePiece Unigram model");
    const make = () => UnigramViterbi.of(model, "sentencepiece");
    const wasm = make();
    process.env.CENSUS_WASM = "0";
    const ts = make();
    delete process.env.CENSUS_WASM;
    const text = "▁the▁quick▁brown▁fox▁jumps▁over▁the▁lazy▁dog,▁and▁then▁some▁more▁words▁follow▁here".repeat(8);
    // Counted there from 16 units on (WASM_FROM_UNITS): a first short count leaves the module's
    // arrays short, the next explanation grows the TypeScript pass's own a little, a long count
    // then grows the module's far past them.
    const steps: [string, number][] = [
      ["count", 16],
      ["explain", 20],
      ["count", 300],
      ["explain", 60],
      ["count", 20],
      ["explain", 64],
    ];
    for (const [what, length] of steps) {
      if (what === "count") expect(wasm.count(text, 0, length, -5.5)).toBe(ts.count(text, 0, length, -5.5));
      else expect(wasm.explain(text, 0, length)).toEqual(ts.explain(text, 0, length));
    }
  });

  it("counts a stretch as one that never used it after a text whose long word moved the module's arrays", () => {
    // The module grows the paths itself for a text's longest word (countText): a view of the
    // arrays from before, still long enough for the next stretch, would read the old ones.
    const { model } = loadModel(MODELS[2]!);
    if (model.kind !== "sentencepiece-unigram") throw new Error("expected a SentencePiece Unigram model");
    const wasm = UnigramViterbi.of(model, "sentencepiece");
    process.env.CENSUS_WASM = "0";
    const ts = UnigramViterbi.of(model, "sentencepiece");
    delete process.env.CENSUS_WASM;
    const words = new TieSafeWords(wasm, "float32");
    const cut = model.cut!;
    const stretch = "▁the▁quick▁brown▁fox▁jumps▁over";
    // Memory grown first (the word cache, room for texts), so that the later move fits in it
    // and leaves this side's views whole: only the room the module reports tells them apart.
    const short = "▁a▁b".repeat(400);
    expect(words.countText(short, 0, short.length, cut)).toBe(ts.count(short, 0, short.length, 0));
    expect(wasm.count(stretch, 0, 20, -3.25)).toBe(ts.count(stretch, 0, 20, -3.25));
    const long = `▁${"abc".repeat(100)}▁${"漢字かな".repeat(50)}`;
    expect(words.countText(long, 0, long.length, cut)).toBe(ts.count(long, 0, long.length, 0));
    // Other text than before, split otherwise: the old arrays still hold the paths of the first stretch.
    const other = "▁𝐀𝐁𝐂𝐃𝐄𝐅𝐆𝐇𝐈𝐉𝐊𝐋𝐌𝐍𝐎𝐏";
    for (const length of [20, 18]) expect(wasm.count(other, 0, length, -3.25)).toBe(ts.count(other, 0, length, -3.25));
  });
});
