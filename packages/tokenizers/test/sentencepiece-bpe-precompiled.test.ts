import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";
import { mismatches, referenceCounts } from "./helpers/hf-reference.js";
import { graphemeText, precompiledNmtNfkc } from "./helpers/precompiled.js";

// The SentencePiece-style BPE models (Llama 2: Prepend and Replace, no pre-tokenizer; Gemma 3:
// Replace and a Split on " ") with a Precompiled nmt_nfkc step first, as a conversion of a
// SentencePiece model with a charsmap would have it, against Hugging Face tokenizers.

const dir = mkdtempSync(join(tmpdir(), "spbpe-precompiled-"));
type Json = { normalizer: { type: string; normalizers?: unknown[] } | null };

async function variant(model: string, name: string, change: (json: Json) => void): Promise<string> {
  const spec = await resolveTokenizer(model);
  if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
  const json = JSON.parse(readFileSync(spec.path, "utf8")) as Json;
  change(json);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

const first = (j: Json) =>
  (j.normalizer = {
    type: "Sequence",
    normalizers: [
      precompiledNmtNfkc(),
      ...(j.normalizer!.type === "Sequence" ? j.normalizer!.normalizers! : [j.normalizer]),
    ],
  });

describe.each(["llama2", "gemma3"])("%s with a Precompiled step counts equal Hugging Face tokenizers'", (model) => {
  it("on the real text samples and text aimed at grapheme clusters", { timeout: 240_000 }, async () => {
    const path = await variant(model, `${model}-precompiled`, first);
    const spec = await resolveTokenizer(`file:${path}`);
    if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    expect(loadModel(spec).model.kind).toBe("sentencepiece-bpe");
    const counter = createCounter(spec);
    const random = seededRandom(model.length * 31337);
    const texts = [
      ...realTextLines().flatMap((f) => f.lines.filter((_, i) => i % 5 === 0)),
      ...realTextDocuments().slice(0, 100),
      ...Array.from({ length: 500 }, () => randomText(random)),
      ...graphemeText(random),
    ];
    const expected = await referenceCounts(path, texts, 256);
    expect(mismatches(texts, expected, (text) => counter.count(text)).slice(0, 5)).toEqual([]);
  });
});

describe("a Precompiled step after the Replace of spaces", () => {
  it("goes to the library when a Split could then match the spaces the charsmap makes", {
    timeout: 120_000,
  }, async () => {
    const path = await variant(
      "gemma3",
      "gemma3-precompiled-last",
      (j) => (j.normalizer = { type: "Sequence", normalizers: [j.normalizer, precompiledNmtNfkc()] }),
    );
    const spec = await resolveTokenizer(`file:${path}`);
    if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    expect(loadModel(spec).model.kind).toBe("library");
  });
});
