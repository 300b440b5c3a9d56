import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";
import { mismatches, referenceCounts } from "./helpers/hf-reference.js";

// The reference: Hugging Face tokenizers (the Rust library, native Node binding),
// encode with add_special_tokens = false.

const MODELS = ["llama3", "qwen3", "gemma3", "llama2", "deepseek_v3"] as const;

describe.each(MODELS)("%s counts equal Hugging Face tokenizers' encode(add_special_tokens=false)", (model) => {
  it("on the real text samples and on random adversarial strings", { timeout: 240_000 }, async () => {
    const spec = await resolveTokenizer(model);
    if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    const counter = createCounter(spec);
    const random = seededRandom(model.length * 104729);
    const texts = [
      ...realTextLines().flatMap((f) => f.lines.filter((_, i) => i % 3 === 0)),
      ...realTextDocuments().slice(0, 200),
      ...Array.from({ length: 1500 }, () => randomText(random)),
      // Whole lines: documents of many lines, and long random lines (one BPE word each for Gemma 3 and Llama 2).
      ...realTextLines().map((f) => f.lines.slice(0, 400).join("\n")),
      ...Array.from({ length: 60 }, () => randomText(random, 600)),
    ];
    const expected = await referenceCounts(spec.path, texts, 512);
    expect(mismatches(texts, expected, (text) => counter.count(text)).slice(0, 5)).toEqual([]);
    expect(texts.length).toBeGreaterThan(1500);
  });
});

describe("a SentencePiece-style BPE whose normalizer puts a space back", () => {
  it("goes to the library, so a Split on spaces still counts as the reference does", { timeout: 240_000 }, async () => {
    const gemma = await resolveTokenizer("gemma3");
    if (gemma.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    const json = JSON.parse(readFileSync(gemma.path, "utf8")) as {
      normalizer: { type: string; normalizers?: unknown[] };
    };
    // Gemma 3 replaces " " by "▁" and splits on " ": a later Replace of "▁" by " " gives the Split spaces to split on.
    json.normalizer = {
      type: "Sequence",
      normalizers: [json.normalizer, { type: "Replace", pattern: { String: "▁" }, content: " " }],
    };
    const dir = mkdtempSync(join(tmpdir(), "spm-bpe-putback-"));
    try {
      const path = join(dir, "tokenizer.json");
      writeFileSync(path, JSON.stringify(json));
      const spec = await resolveTokenizer(`file:${path}`);
      expect(loadModel(spec).model.kind).toBe("library");
      const texts = [
        "a b  c",
        " leading and trailing ",
        "日本語 の 文",
        ...realTextLines().flatMap((f) => f.lines.slice(0, 20)),
      ];
      const expected = await referenceCounts(path, texts, 64);
      const counter = createCounter(spec);
      expect(texts.map((t) => counter.count(t))).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
