import { afterEach, describe, expect, it } from "vitest";
import { resolveTokenizer } from "@corpus-census/tokenizers";
import { hasPieceCache, loadModel } from "@corpus-census/tokenizers/internal";
import type { ByteBpeModel } from "../src/bpe/byte-bpe.js";
import { WasmByteBpe, wasmPatternOf } from "../src/bpe/wasm-byte-bpe.js";
import { tiktokenModel } from "../src/tiktoken/tiktoken-counter.js";
import { codePointClasses } from "../src/text/code-point-classes.js";
import type { PieceSplitter } from "../src/text/piece-splitter.js";
import { type ScannedPattern, SCANNED_PATTERNS, splitterFor } from "../src/text/pre-tokenizer-splitter.js";
import { wellFormed } from "../src/text/well-formed.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";
import { randomStrings } from "./helpers/scanner-alphabet.js";
import { tsAndWasmCounters } from "./helpers/ts-and-wasm-counters.js";

// The WebAssembly byte-level BPE counter (wasm/byte-bpe.c) against the TypeScript one it ports:
// the same pieces from its scanners, the same counts from its cache, merges and pre-merge. The
// TypeScript counter is itself held to tiktoken and to Hugging Face tokenizers by
// tiktoken-exact.test.ts and tokenizer-json-exact.test.ts, which now count with the WebAssembly one.

let r50k: ByteBpeModel | undefined;
const r50kTables = () => (r50k ??= tiktokenModel("r50k_base", "r50k_base").bpe);

const MODELS = ["r50k_base", "cl100k_base", "o200k_base", "llama3", "qwen3", "deepseek_v3"] as const;

/** The registry tokenizer's counter in TypeScript and in WebAssembly. */
const bothCounters = async (name: string) => tsAndWasmCounters(await resolveTokenizer(name));

afterEach(() => {
  delete process.env.CENSUS_WASM;
});

/** The pre-tokenizers the WebAssembly counter scans: each tiktoken-style pattern alone, and DeepSeek-V3's three Splits. */
const PRE_TOKENIZERS: { name: ScannedPattern; patterns: string[]; gapsArePieces: boolean }[] = [
  ...SCANNED_PATTERNS.filter((p) => wasmPatternOf([p], r50kTables()) !== undefined).map((p) => ({
    name: wasmPatternOf([p], r50kTables())!,
    patterns: [p],
    gapsArePieces: false,
  })),
  {
    name: "deepseek_v3",
    patterns: SCANNED_PATTERNS.filter((p) => wasmPatternOf([p], r50kTables()) === undefined),
    gapsArePieces: true,
  },
];

/**
 * The pieces the TypeScript splitters cut the well-formed text into, as the UTF-8 byte offsets of
 * their ends: matches of the first, each cut by the next, and with `gapsArePieces` the text
 * between matches too (ByteLevelBpeCounter.countSplit's walk).
 */
function tsPieceEnds(splitters: PieceSplitter[], raw: string, gapsArePieces: boolean): number[] {
  const text = wellFormed(raw);
  const ends: number[] = [];
  let bytes = 0;
  let last = 0;
  const leaf = (end: number) => {
    bytes += Buffer.byteLength(text.slice(last, end));
    last = end;
    ends.push(bytes);
  };
  const split = (level: number, start: number, end: number): void => {
    const piece = (from: number, to: number) => (level + 1 < splitters.length ? split(level + 1, from, to) : leaf(to));
    const splitter = splitters[level]!;
    const matches: [number, number][] = [];
    splitter.reset(text, start, end);
    while (splitter.next()) matches.push([splitter.start, splitter.end]);
    let at = start;
    for (const [from, to] of matches) {
      if (from > at && gapsArePieces) piece(at, from);
      piece(from, to);
      at = to;
    }
    if (at < end && gapsArePieces) piece(at, end);
  };
  split(0, 0, text.length);
  return ends;
}

describe("the WebAssembly counter's scanners", () => {
  it("serve the four tiktoken-style patterns and DeepSeek-V3's three Splits: every pattern with a scanner", () => {
    expect(PRE_TOKENIZERS.map((p) => p.name)).toEqual(["r50k", "cl100k", "qwen3", "o200k", "deepseek_v3"]);
    expect(PRE_TOKENIZERS.flatMap((p) => p.patterns).sort()).toEqual([...SCANNED_PATTERNS].sort());
  });

  describe.each(PRE_TOKENIZERS.map((p) => [p.name, p]))("%s", (_, { name, patterns, gapsArePieces }) => {
    // Only the scanner is looked at here: any model's tables will do.
    let counter: WasmByteBpe | undefined;
    const wasm = () =>
      (counter ??= new WasmByteBpe(r50kTables(), name, codePointClasses("16.0.0"), gapsArePieces, "r50k_base"));
    const splitters = patterns.map((p) => splitterFor(p, "16.0.0"));
    const tsEnds = (text: string) => tsPieceEnds(splitters, text, gapsArePieces);

    it("cut 20,000 random strings that cross every class boundary as the TypeScript scanners do", () => {
      const mismatches: string[] = [];
      for (const text of randomStrings(name.length + 7, 20_000, 24))
        if (wasm().pieceEnds(text).join(",") !== tsEnds(text).join(",")) mismatches.push(JSON.stringify(text));
      expect(mismatches.slice(0, 5)).toEqual([]);
    });

    it("end a run at the text's end, whatever the input buffer holds after it (runs are read 16 bytes at a time)", () => {
      const texts = ["a", "ab", "The quick", "naïve", "日本a", "a1", "abc\n", "  x"];
      for (const length of [15, 16, 17, 31, 32, 33]) texts.push("a".repeat(length), ` ${"B".repeat(length)}`);
      for (const text of texts) {
        // Letters, digits, spaces and newlines left in the buffer past the text by a longer one.
        wasm().pieceEnds(`${"x".repeat(40)}1234 \n\n${"y".repeat(40)}`);
        expect(wasm().pieceEnds(text), JSON.stringify(text)).toEqual(tsEnds(text));
      }
    });

    it("cut the real samples as the TypeScript scanners do", () => {
      const texts = [...realTextLines().map((f) => f.lines.join("\n")), ...realTextDocuments().slice(0, 300)];
      for (const text of texts) expect(wasm().pieceEnds(text)).toEqual(tsEnds(text));
    });
  });
});

describe.each(MODELS)("%s in WebAssembly", (name) => {
  it("is what counts, and keeps no cache for other threads", async () => {
    const { model } = loadModel(await resolveTokenizer(name));
    expect(hasPieceCache(model)).toBe(false);
    process.env.CENSUS_WASM = "0";
    expect(hasPieceCache(model)).toBe(true);
  });

  it("counts as the TypeScript counter on real and random text, twice over (merged, then from its cache)", async () => {
    const { ts, wasm } = await bothCounters(name);
    const random = seededRandom(name.length * 7919);
    const texts = [
      ...realTextLines().flatMap((f) => f.lines),
      ...realTextDocuments(),
      ...Array.from({ length: 2000 }, () => randomText(random)),
      ...randomStrings(name.length, 2000, 40),
    ];
    for (let pass = 0; pass < 2; pass++) {
      const differ = texts.filter((text) => wasm.count(text) !== ts.count(text));
      expect(differ.slice(0, 3)).toEqual([]);
    }
  });

  it("counts long runs without a split point as the TypeScript counter (the heap merge, uncached pieces)", async () => {
    const { ts, wasm } = await bothCounters(name);
    for (const unit of ["a", "ab", "漢字", "ひらがな", "7", " ", "!?", "\u0301", "𝐀", "\ud800"]) {
      const text = unit.repeat(Math.ceil(30_000 / unit.length));
      expect(wasm.count(text), JSON.stringify(unit)).toBe(ts.count(text));
    }
  });

  it("counts as the TypeScript counter after its cache filled and started again", async () => {
    const { ts, wasm } = await bothCounters(name);
    // 200,000 distinct words: more than the 65,536 pieces the WebAssembly cache keeps before it empties.
    const random = seededRandom(17);
    const letters = "abcdefghijklmnopqrstuvwxyzあいうえお漢字";
    const words = Array.from({ length: 200_000 }, (_, i) => {
      let word = i.toString(36);
      for (let k = 0; k < 3; k++) word += letters[Math.floor(random() * letters.length)];
      return word.replace(/[0-9]/g, (d) => letters[Number(d)]!);
    });
    for (let at = 0; at < words.length; at += 10_000) {
      const text = words.slice(at, at + 10_000).join(" ");
      expect(wasm.count(text)).toBe(ts.count(text));
    }
    const again = words.slice(0, 10_000).join(" ");
    expect(wasm.count(again)).toBe(ts.count(again));
  });
});

describe("its errors", () => {
  it("name the tokenizer: a vocabulary the module cannot take", () => {
    const model = { ...r50kTables(), packedPairs: undefined };
    expect(() => new WasmByteBpe(model, "r50k", codePointClasses("16.0.0"), false, "my-tokenizer")).toThrow(
      "my-tokenizer's WebAssembly BPE counter cannot take this vocabulary",
    );
  });
});

describe("forget", () => {
  it("empties the WebAssembly counter's cache, and counts stay the same", () => {
    const counter = new WasmByteBpe(r50kTables(), "r50k", codePointClasses("16.0.0"), false, "r50k_base");
    const text = realTextDocuments().slice(0, 20).join("\n") || "a few words, and a few more words";
    const tokens = counter.count(text);
    expect(counter.cachedPieces()).toBeGreaterThan(0);
    counter.forget();
    expect(counter.cachedPieces()).toBe(0);
    expect(counter.count(text)).toBe(tokens);
  });
});
