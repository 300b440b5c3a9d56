// Writes the Unigram test models of test/fixtures/tokenizers/: real Unigram models trained by the
// native Hugging Face tokenizers (the reference the counter is held to) on the shared samples,
// then dressed as SentencePiece conversions are (<unk>, <s>, </s> at ids 0-2 as added tokens,
// 256 byte-fallback pieces <0x00>..<0xFF>, "▁" for spaces), in the two shapes they ship in:
//   unigram-metaspace.json   NFKC, Strip (right), Replace(" {2,}" -> "▁"), Metaspace pre-tokenizer
//                            (the generic SpmConverter of transformers, T5/ALBERT-like)
//   unigram-whole-line.json  Prepend("▁"), Replace(" " -> "▁"), no pre-tokenizer: each stretch
//                            between added tokens is one word (the Llama-style conversion LLM-jp uses)
// `node scripts/make-unigram-fixtures.mjs` (needs ../shared/corpus-samples or $CENSUS_SAMPLES;
// takes ~30 s). The outputs are committed: the tests never train.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const native = require("tokenizers");
const root = fileURLToPath(new URL("..", import.meta.url));
const samples = process.env.CENSUS_SAMPLES ?? join(root, "..", "shared", "corpus-samples");
const out = join(root, "test", "fixtures", "tokenizers");
const trainingFiles = ["ja/aozora_bocchan.txt", "ja/ud_gsd_dev_sentences.txt", "en/ud_ewt_dev_web.txt"].map((f) =>
  join(samples, f),
);

function train(configure) {
  const tokenizer = new native.Tokenizer(native.Unigram.empty());
  configure(tokenizer);
  tokenizer.train(trainingFiles);
  const dir = join(tmpdir(), `unigram-fixture-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "trained.json");
  tokenizer.save(file);
  const json = JSON.parse(readFileSync(file, "utf8"));
  rmSync(dir, { recursive: true });
  return json;
}

const hex = (b) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;
const SPECIALS = ["<unk>", "<s>", "</s>"];

/** The trained vocabulary with the SentencePiece conversion's specials and byte pieces first (score 0, as converted). */
function dress(trained, normalizer, preTokenizer) {
  const reserved = new Set([...SPECIALS, ...Array.from({ length: 256 }, (_, b) => hex(b))]);
  const vocab = [
    ...SPECIALS.map((s) => [s, 0]),
    ...Array.from({ length: 256 }, (_, b) => [hex(b), 0]),
    ...trained.model.vocab.filter(([piece]) => !reserved.has(piece)),
  ];
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer,
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: null,
    model: { type: "Unigram", unk_id: 0, vocab, byte_fallback: true },
  };
}

const metaspace = train((t) => t.setPreTokenizer(native.metaspacePreTokenizer()));
writeFileSync(
  join(out, "unigram-metaspace.json"),
  JSON.stringify(
    dress(
      metaspace,
      {
        type: "Sequence",
        normalizers: [
          { type: "NFKC" },
          { type: "Strip", strip_left: false, strip_right: true },
          { type: "Replace", pattern: { Regex: " {2,}" }, content: "▁" },
        ],
      },
      { type: "Metaspace", replacement: "▁", prepend_scheme: "always", split: true },
    ),
  ),
);
const wholeLine = train((t) =>
  t.setNormalizer(native.sequenceNormalizer([native.prependNormalizer("▁"), native.replace(" ", "▁")])),
);
writeFileSync(
  join(out, "unigram-whole-line.json"),
  JSON.stringify(
    dress(
      wholeLine,
      {
        type: "Sequence",
        normalizers: [
          { type: "Prepend", prepend: "▁" },
          { type: "Replace", pattern: { String: " " }, content: "▁" },
        ],
      },
      null,
    ),
  ),
);
console.log(`wrote ${out}/unigram-metaspace.json and unigram-whole-line.json`);
