import { describe, expect, it } from "vitest";
import { parseAddedTokens } from "../src/tokenizer-json/added-tokens.js";
import { describeTokenizerJson } from "../src/tokenizer-json/describe.js";
import { parseModel } from "../src/tokenizer-json/model.js";
import { parseNormalizer } from "../src/tokenizer-json/normalizer.js";
import { parsePreTokenizer } from "../src/tokenizer-json/pre-tokenizer.js";
import { typeName } from "../src/tokenizer-json/unsupported.js";

describe("parseNormalizer", () => {
  it("describes a SentencePiece conversion's sequence step by step", () => {
    const normalizer = parseNormalizer({
      type: "Sequence",
      normalizers: [
        { type: "Prepend", prepend: "▁" },
        { type: "Replace", pattern: { String: " " }, content: "▁" },
        { type: "Strip", strip_left: true },
        { type: "Precompiled", precompiled_charsmap: "AAAA" },
        { type: "NFKC" },
      ],
    });
    expect(normalizer).toEqual({
      type: "Sequence",
      normalizers: [
        { type: "Prepend", prepend: "▁" },
        { type: "Replace", pattern: { String: " " }, content: "▁" },
        { type: "Strip", stripLeft: true, stripRight: false },
        { type: "Precompiled", precompiledCharsmap: "AAAA" },
        { type: "NFKC" },
      ],
    });
  });

  it("is null for no normalizer, and a Sequence without a list is an empty one", () => {
    expect(parseNormalizer(null)).toBeNull();
    expect(parseNormalizer(undefined)).toBeNull();
    expect(parseNormalizer({ type: "Sequence" })).toEqual({ type: "Sequence", normalizers: [] });
  });

  it("says why a variant it does not know, or a known one of another shape, is unsupported", () => {
    expect(parseNormalizer({ type: "BertNormalizer" })).toEqual({
      type: "Unsupported",
      name: "BertNormalizer",
      unsupported: "no normalizer of type BertNormalizer is described",
    });
    expect(parseNormalizer({ type: "Replace", pattern: { String: " " } })).toMatchObject({
      name: "Replace",
      unsupported: expect.stringContaining("content"),
    });
    expect(parseNormalizer({ type: "Prepend", prepend: 1 })).toMatchObject({ type: "Unsupported", name: "Prepend" });
    expect(parseNormalizer("NFC")).toMatchObject({ type: "Unsupported", name: undefined });
  });
});

describe("parsePreTokenizer", () => {
  it("describes Llama 3's Sequence of an isolating Split and a ByteLevel, keeping absent fields absent", () => {
    const pre = parsePreTokenizer({
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: "\\p{N}{1,3}" }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
        { type: "ByteLevel" },
      ],
    });
    expect(pre).toEqual({
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: "\\p{N}{1,3}" }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", addPrefixSpace: false, useRegex: false, trimOffsets: true },
        { type: "ByteLevel", addPrefixSpace: undefined, useRegex: undefined, trimOffsets: undefined },
      ],
    });
  });

  it("describes a Metaspace with its legacy add_prefix_space or its prepend_scheme", () => {
    expect(parsePreTokenizer({ type: "Metaspace", replacement: "▁", add_prefix_space: true })).toMatchObject({
      type: "Metaspace",
      replacement: "▁",
      addPrefixSpace: true,
      prependScheme: undefined,
    });
    expect(
      parsePreTokenizer({ type: "Metaspace", replacement: "▁", prepend_scheme: "first", split: false }),
    ).toMatchObject({
      prependScheme: "first",
      split: false,
    });
  });

  it("says why a pre-tokenizer is unsupported", () => {
    expect(parsePreTokenizer({ type: "Metaspace" })).toMatchObject({
      name: "Metaspace",
      unsupported: expect.stringContaining("replacement"),
    });
    expect(parsePreTokenizer({ type: "Split", behavior: "Isolated" })).toMatchObject({
      name: "Split",
      unsupported: expect.stringContaining("pattern"),
    });
    expect(parsePreTokenizer({ type: "UnicodeScripts" })).toMatchObject({ name: "UnicodeScripts" });
    expect(parsePreTokenizer({ type: "Digits", individual_digits: true })).toEqual({
      type: "Digits",
      individualDigits: true,
    });
  });
});

describe("parseModel", () => {
  it("describes a BPE with its options, null options absent", () => {
    expect(
      parseModel({
        type: "BPE",
        vocab: { a: 0, b: 1, ab: 2 },
        merges: ["a b"],
        byte_fallback: true,
        dropout: null,
        ignore_merges: false,
      }),
    ).toEqual({
      type: "BPE",
      vocab: { a: 0, b: 1, ab: 2 },
      merges: ["a b"],
      byteFallback: true,
      ignoreMerges: false,
      dropout: undefined,
      continuingSubwordPrefix: undefined,
      endOfWordSuffix: undefined,
    });
  });

  it("describes a Unigram whose vocabulary is [piece, score] entries", () => {
    expect(
      parseModel({
        type: "Unigram",
        unk_id: 0,
        vocab: [
          ["<unk>", 0],
          ["▁a", -1.5],
        ],
      }),
    ).toEqual({
      type: "Unigram",
      vocab: [
        ["<unk>", 0],
        ["▁a", -1.5],
      ],
      unkId: 0,
      byteFallback: undefined,
    });
    expect(parseModel({ type: "Unigram", vocab: [] })).toMatchObject({
      name: "Unigram",
      unsupported: "the Unigram vocabulary is empty",
    });
    expect(parseModel({ type: "Unigram", vocab: [["a", "x"]] })).toMatchObject({
      unsupported: "a vocabulary entry is not [piece, score]",
    });
  });

  it("knows WordPiece and WordLevel by name, and says why other models are unsupported", () => {
    expect(parseModel({ type: "WordPiece", vocab: {} })).toEqual({ type: "WordPiece" });
    expect(parseModel({ type: "BPE", vocab: {} })).toMatchObject({
      name: "BPE",
      unsupported: expect.stringContaining("merges"),
    });
    expect(typeName(parseModel({ type: "Mystery" }))).toBe("Mystery");
    expect(typeName(parseModel({ type: "WordLevel" }))).toBe("WordLevel");
  });
});

describe("parseAddedTokens", () => {
  it("reads each entry's content and flags, absent flags false", () => {
    expect(
      parseAddedTokens([
        { id: 0, content: "<s>", special: true },
        { content: "x", lstrip: true, single_word: true, normalized: true },
      ]),
    ).toEqual([
      { content: "<s>", singleWord: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { content: "x", singleWord: true, lstrip: true, rstrip: false, normalized: true, special: false },
    ]);
    expect(parseAddedTokens(undefined)).toEqual([]);
  });
});

describe("describeTokenizerJson", () => {
  it("reads every stage of a tokenizer.json once", () => {
    const description = describeTokenizerJson({
      added_tokens: [{ content: "<|end|>" }],
      normalizer: { type: "NFC" },
      pre_tokenizer: null,
      model: { type: "WordLevel", vocab: {} },
    });
    expect(description.addedTokens.map((t) => t.content)).toEqual(["<|end|>"]);
    expect(description.normalizer).toEqual({ type: "NFC" });
    expect(description.preTokenizer).toBeNull();
    expect(description.model).toEqual({ type: "WordLevel" });
  });

  it("makes every stage unsupported when the file is not an object", () => {
    const description = describeTokenizerJson([]);
    expect(description.model).toMatchObject({ unsupported: "the tokenizer.json is not an object" });
    expect(description.addedTokens).toEqual([]);
  });
});
