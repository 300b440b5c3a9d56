import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createCounter,
  describeCounter,
  loadTokenizer,
  resolveTokenizer,
  UnknownTokenizerError,
} from "@corpus-census/tokenizers";
import { REPO_ROOT } from "../../../test/helpers/catalog-copy.js";
import { referenceCounts } from "./helpers/hf-reference.js";

const TEXT = "吾輩は猫である。名前はまだ無い。 The quick brown fox.";

/** A tokenizer.json none of the count-only families reads (WordPiece): the library counts it. */
const WORDPIECE = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: [],
  normalizer: null,
  pre_tokenizer: { type: "Whitespace" },
  post_processor: null,
  decoder: null,
  model: {
    type: "WordPiece",
    unk_token: "[UNK]",
    continuing_subword_prefix: "##",
    max_input_chars_per_word: 100,
    vocab: { "[UNK]": 0, a: 1, b: 2, "##b": 3, "##a": 4 },
  },
};

describe("loadTokenizer", () => {
  const dir = mkdtempSync(join(tmpdir(), "load-tokenizer-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["o200k_base", "tiktoken"],
    ["llama3", "byte-level-bpe"],
    ["gemma3", "sentencepiece-bpe"],
    [`file:${join(REPO_ROOT, "test/fixtures/tokenizers/unigram-metaspace.json")}`, "unigram"],
    [`file:${join(REPO_ROOT, "test/fixtures/tokenizers/llm-jp-tokenizer-100k.ver3.1.model")}`, "sentencepiece-unigram"],
  ])("%s: counts as createCounter does, with a count-only family (%s)", async (name, implementation) => {
    const tokenizer = await loadTokenizer(name);
    expect(tokenizer.count(TEXT)).toBe(createCounter(await resolveTokenizer(name)).count(TEXT));
    expect(tokenizer.description).toMatchObject({ id: name, implementation, fast: true });
    expect(tokenizer.description.reason).toContain(
      `${implementation === "sentencepiece-unigram" ? "sentencepiece-model" : implementation}/`,
    );
    const { fast, reason } = tokenizer.description;
    expect(describeCounter(tokenizer.description.spec)).toEqual({ implementation, fast, reason });
  });

  it("says the library counts a tokenizer.json no family reads, and why", async () => {
    const path = join(dir, "tokenizer.json");
    writeFileSync(path, JSON.stringify(WORDPIECE));
    const tokenizer = await loadTokenizer(`file:${path}`);
    expect(tokenizer.description).toMatchObject({
      implementation: "library",
      fast: false,
      spec: { kind: "tokenizer.json", path },
    });
    expect(tokenizer.description.reason).toMatch(/@huggingface\/tokenizers/);
    expect(tokenizer.description.reason).toContain("byte-level-bpe: the model is WordPiece, not BPE");
    expect(tokenizer.description.reason).toContain("unigram: the model is WordPiece, not Unigram");
    const { implementation, fast, reason } = tokenizer.description;
    expect(describeCounter(tokenizer.description.spec)).toEqual({ implementation, fast, reason });
    const texts = ["ab a b", "ba bab", "c"];
    expect(texts.map((t) => tokenizer.count(t))).toEqual(await referenceCounts(path, texts, 8));
  });

  it("says why a pattern the counters cannot translate leaves a tokenizer.json to the library", async () => {
    const llama3 = await resolveTokenizer("llama3");
    if (llama3.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    const json = JSON.parse(readFileSync(llama3.path, "utf8")) as {
      pre_tokenizer: { pretokenizers: { pattern?: { Regex: string } }[] };
    };
    json.pre_tokenizer.pretokenizers[0]!.pattern = { Regex: "[^\\S]+" }; // \S inside a class: not translated to a JS regex
    const path = join(dir, "look-behind.json");
    writeFileSync(path, JSON.stringify(json));
    expect(describeCounter(await resolveTokenizer(`file:${path}`)).reason).toMatch(
      /byte-level-bpe: cannot read it \(.+\)/,
    );
  });

  it("rejects a name it cannot resolve", async () => {
    await expect(loadTokenizer("no_such_tokenizer")).rejects.toBeInstanceOf(UnknownTokenizerError);
  });
});
