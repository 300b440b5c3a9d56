import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { counterFromModel, loadModel } from "@corpus-census/tokenizers/internal";
import { readCachedModel, writeCachedModel } from "../src/cache/model-cache.js";
import { REPO_ROOT } from "../../../test/helpers/catalog-copy.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";
import { mismatches, referenceCounts } from "./helpers/hf-reference.js";
import { graphemeText, precompiledNmtNfkc } from "./helpers/precompiled.js";

// The reference: Hugging Face tokenizers (the Rust library, native Node binding), encode with
// add_special_tokens = false, on Unigram models it trained itself (scripts/make-unigram-fixtures.mjs),
// dressed as SentencePiece conversions are.

const FIXTURES = join(REPO_ROOT, "test", "fixtures", "tokenizers");
const dir = mkdtempSync(join(tmpdir(), "unigram-exact-"));

type Json = { model: { byte_fallback?: boolean }; pre_tokenizer: Record<string, unknown> | null; normalizer: unknown };

/** A variant of a fixture, written where both counters read it. */
function variant(fixture: string, name: string, change: (json: Json) => void): string {
  const json = JSON.parse(readFileSync(join(FIXTURES, fixture), "utf8")) as Json;
  change(json);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

const PRECOMPILED = precompiledNmtNfkc();

const MODELS: [string, string][] = [
  ["Metaspace, prepend always, split", join(FIXTURES, "unigram-metaspace.json")],
  [
    "Metaspace, prepend first",
    variant("unigram-metaspace.json", "first", (j) => (j.pre_tokenizer!.prepend_scheme = "first")),
  ],
  [
    "Metaspace, prepend never, no split",
    variant("unigram-metaspace.json", "never-nosplit", (j) =>
      Object.assign(j.pre_tokenizer!, { prepend_scheme: "never", split: false }),
    ),
  ],
  [
    "Metaspace, no byte fallback",
    variant("unigram-metaspace.json", "no-bytes", (j) => (j.model.byte_fallback = false)),
  ],
  ["whole line: Prepend and Replace, no pre-tokenizer", join(FIXTURES, "unigram-whole-line.json")],
  [
    "whole line, no byte fallback",
    variant("unigram-whole-line.json", "line-no-bytes", (j) => (j.model.byte_fallback = false)),
  ],
  [
    'whole line as LLM-jp\'s tokenizer.json writes it: Replace regexes (?<!\\n)^ and " "',
    variant("unigram-whole-line.json", "llm-jp-regexes", (j) => {
      j.normalizer = {
        type: "Sequence",
        normalizers: [
          { type: "Replace", pattern: { Regex: "(?<!\\n)^" }, content: "▁" },
          { type: "Replace", pattern: { Regex: " " }, content: "▁" },
        ],
      };
    }),
  ],
  // As transformers' SpmConverter writes a model with a charsmap: Precompiled, then runs of spaces made one "▁".
  [
    "Precompiled nmt_nfkc, Metaspace",
    variant("unigram-metaspace.json", "precompiled", (j) => {
      j.normalizer = {
        type: "Sequence",
        normalizers: [PRECOMPILED, { type: "Replace", pattern: { Regex: " {2,}" }, content: "\u2581" }],
      };
    }),
  ],
  [
    "Precompiled nmt_nfkc alone, Metaspace, no byte fallback",
    variant("unigram-metaspace.json", "precompiled-alone", (j) => {
      j.normalizer = PRECOMPILED;
      j.model.byte_fallback = false;
    }),
  ],
  [
    "whole line: Precompiled nmt_nfkc before Prepend and Replace",
    variant("unigram-whole-line.json", "line-precompiled", (j) => {
      j.normalizer = {
        type: "Sequence",
        normalizers: [PRECOMPILED, ...(j.normalizer as { normalizers: unknown[] }).normalizers],
      };
    }),
  ],
];

/** Text that stresses a Unigram counter: unknown and astral characters, long lines without spaces, the specials' look-alikes. */
function adversarial(random: () => number): string[] {
  const rare = () => String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5000));
  return [
    "刊行された本",
    "\u{20B9F}\u{20B9F}叱る",
    "🇯🇵 日本 🎌",
    "a\u0301 ﬁ ① ｶﾀｶﾅ ＡＢＣ",
    "<unk>",
    "<unk>刊<unk>",
    "x<unk>y",
    "<s>hello</s> world",
    "<0xE5><0x88>",
    "▁▁▁",
    " leading",
    "trailing   ",
    "  many   spaces  ",
    "\t tab \n newline \r\n",
    "\nafter a newline",
    "a\nb\nc",
    "\n\n",
    "<s>\nx",
    "x\n<s>",
    "\u3000全角スペース\u3000",
    Array.from({ length: 3000 }, rare).join(""),
    Array.from({ length: 2000 }, () => String.fromCodePoint(0x10000 + Math.floor(random() * 0x30000))).join(""),
    "漢字かな交じり文".repeat(2000),
    "abc".repeat(4000) + " " + "日本語".repeat(3000),
    "吾輩は猫である。".repeat(50_000), // a 400,000-character run without a space
    ...Array.from({ length: 200 }, () => randomText(random, 300)),
    ...graphemeText(random),
  ];
}

describe.each(MODELS)("Unigram (%s) counts equal Hugging Face tokenizers'", (_name, path) => {
  it("on the real text samples, whole documents and adversarial text", { timeout: 240_000 }, async () => {
    const spec = await resolveTokenizer(`file:${path}`);
    if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    expect(loadModel(spec).model.kind).toBe("unigram");
    const counter = createCounter(spec);
    const random = seededRandom(path.length * 7919);
    const texts = [
      ...realTextLines().flatMap((f) => f.lines.filter((_, i) => i % 3 === 0)),
      ...realTextLines().map((f) => f.lines.slice(0, 300).join("\n")),
      ...realTextDocuments().slice(0, 200),
      ...Array.from({ length: 1000 }, () => randomText(random)),
      ...adversarial(random),
    ];
    const expected = await referenceCounts(path, texts, 256);
    expect(mismatches(texts, expected, (text) => counter.count(text)).slice(0, 5)).toEqual([]);
  });
});

describe("a Unigram model with a Precompiled step", () => {
  it('counts as the reference every BMP character after NBSP and before "a" (clusters of 2 to 5 bytes)', {
    timeout: 240_000,
  }, async () => {
    // NBSP has an nmt_nfkc rule (to " "), so a cluster "\u00a0X" of under 6 bytes becomes " " alone:
    // this compares, character by character, which ones extend a cluster (Extend, SpacingMark,
    // ZWJ) here and in the reference; "Xa" does the same for a Prepend X that has a rule.
    const path = MODELS.find(([name]) => name.startsWith("Precompiled"))![1];
    const spec = await resolveTokenizer(`file:${path}`);
    if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    expect(loadModel(spec).model.kind).toBe("unigram");
    const counter = createCounter(spec);
    const texts: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const c = String.fromCharCode(cp);
      texts.push(`b\u00a0${c}b`, `b${c}ab`);
    }
    const expected = await referenceCounts(path, texts, 4096);
    const mismatches = texts.flatMap((text, i) =>
      counter.count(text) === expected[i] ? [] : [`${JSON.stringify(text)}: ${counter.count(text)} vs ${expected[i]}`],
    );
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("counts the same read back from the model cache, its charsmap in shared memory", {
    timeout: 120_000,
  }, async () => {
    const previous = process.env.CENSUS_CACHE_DIR;
    process.env.CENSUS_CACHE_DIR = mkdtempSync(join(tmpdir(), "unigram-cache-"));
    try {
      const spec = await resolveTokenizer(`file:${MODELS.find(([name]) => name.startsWith("Precompiled"))![1]}`);
      if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
      const built = loadModel(spec);
      writeCachedModel(spec, built.model, built.segmentable);
      const cached = readCachedModel(spec)!;
      expect(cached.model.kind).toBe("unigram");
      const direct = createCounter(spec);
      const fromCache = counterFromModel(cached.model);
      const random = seededRandom(17);
      for (const text of [...realTextDocuments().slice(0, 60), ...graphemeText(random).slice(0, 200)])
        expect(fromCache.count(text)).toBe(direct.count(text));
    } finally {
      if (previous === undefined) delete process.env.CENSUS_CACHE_DIR;
      else process.env.CENSUS_CACHE_DIR = previous;
    }
  });
});

describe("Unigram models the counter does not implement", () => {
  it("go to the library (a normalizer it does not know or cannot read, no unknown id)", async () => {
    for (const [name, change] of [
      ["lowercase", (j: Json) => (j.normalizer = { type: "Lowercase" })],
      ["no-unk", (j: Json) => ((j.model as { unk_id: number | null }).unk_id = null)],
      ["whitespace-split", (j: Json) => (j.pre_tokenizer = { type: "WhitespaceSplit" })],
      ["precompiled-broken", (j: Json) => (j.normalizer = { type: "Precompiled", precompiled_charsmap: "AAAA" })],
      ["precompiled-missing", (j: Json) => (j.normalizer = { type: "Precompiled" })],
    ] as const) {
      const spec = await resolveTokenizer(`file:${variant("unigram-metaspace.json", name, change)}`);
      if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
      expect(loadModel(spec).model.kind, name).toBe("library");
    }
  });
});
