// pnpm bench: counting throughput per tokenizer and language, ours against the reference
// libraries, in one run on the same unique text (no repetition that would flatter a cache).
// Tokenizer loading and start-up are excluded: single-thread figures time only the counting
// loop after loading and a warm-up; the all-worker figure times the worker pool (started and
// warmed up first) counting every document in the batches the pipeline sends.
//
// Writes BENCHMARKS.md with the machine and the commit. Needs ../shared/corpus-samples.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const samples = join(root, "..", "shared", "corpus-samples");

if (!existsSync(samples)) {
  console.error(`pnpm bench needs the shared samples at ${samples}`);
  process.exit(1);
}

const { createCounter, resolveTokenizer, loadRegistry, CountPool } = await import("../packages/count/dist/index.js");

function read(file) {
  const bytes = readFileSync(join(samples, file));
  return (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** Documents of unique real text per language (paragraph-sized, as corpora ship them). */
const corpora = {
  ja: [
    read("ja/aozora_bocchan.txt"),
    read("ja/aozora_kojiki_gendaigoyaku.utf8.txt"),
    read("ja/ud_gsd_dev_sentences.txt"),
    read("ja/debian_faq.ja.txt.gz"),
    read("ja/debian_maint-guide.ja.txt.gz"),
    ...readFileSync(join(samples, "ja/wikipedia_jsquad_dev.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).text),
  ],
  en: [read("en/gutenberg_pride_and_prejudice.txt"), read("en/ud_ewt_dev_web.txt"), read("en/debian_maint-guide.en.txt.gz")],
};
/** The CC-100 rule the counter applies: runs of non-empty lines, so the pipeline reads the same documents. */
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
const documents = Object.fromEntries(Object.entries(corpora).map(([lang, texts]) => [lang, texts.flatMap(paragraphs)]));
const megabytes = Object.fromEntries(Object.entries(documents).map(([lang, docs]) => [lang, docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6]));

if (process.argv[2] === "--native-child") {
  await nativeChild(process.argv[3], process.argv[4]);
  process.exit(0);
}

function time(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

function throughput(lang, fn) {
  // One warm-up pass over a tenth of the text (JIT), then the timed pass over all of it.
  const docs = documents[lang];
  fn(docs.slice(0, Math.ceil(docs.length / 10)));
  const { seconds, result } = time(() => fn(docs));
  return { mbps: megabytes[lang] / seconds, tokens: result };
}

const sum = (docs, count) => docs.reduce((n, d) => n + count(d), 0);

/** Reference libraries for the OpenAI encodings. */
function tiktokenReference(encoding) {
  const tiktoken = require("tiktoken");
  const enc = tiktoken.get_encoding(encoding);
  return (docs) => sum(docs, (d) => enc.encode_ordinary(d).length);
}
async function gptTokenizerReference(encoding) {
  const mod = await import(`gpt-tokenizer/encoding/${encoding}`);
  return (docs) => sum(docs, (d) => mod.countTokens(d));
}

/** The native Hugging Face tokenizers, in a child with one thread (set before the library starts). */
function nativeReference(path, lang) {
  const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--native-child", path, lang], {
    env: { ...process.env, RAYON_NUM_THREADS: "1", TOKENIZERS_PARALLELISM: "false" },
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

async function nativeChild(path, lang) {
  const { Tokenizer } = require("tokenizers");
  const tokenizer = Tokenizer.fromFile(path);
  const docs = documents[lang];
  const run = async (list) => {
    let n = 0;
    for (let i = 0; i < list.length; i += 256) {
      const encodings = await tokenizer.encodeBatch(list.slice(i, i + 256), { addSpecialTokens: false });
      for (const e of encodings) n += e.getIds().length;
    }
    return n;
  };
  await run(docs.slice(0, Math.ceil(docs.length / 10)));
  const start = process.hrtime.bigint();
  const tokens = await run(docs);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ mbps: megabytes[lang] / seconds, tokens }));
}

/**
 * Ours on every core: the worker pool census count uses, started and warmed up first (loading
 * excluded), then timed over all documents sent in batches as the pipeline sends them.
 */
async function poolThroughput(spec, lang, workers) {
  const pool = await CountPool.start(workers, { specs: [spec], morphemes: false });
  const docs = documents[lang];
  const batches = [];
  let batch = [];
  let chars = 0;
  for (const d of docs) {
    batch.push(d);
    chars += d.length;
    if (chars >= 64 * 1024) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
  }
  if (batch.length) batches.push(batch);
  const run = async (list) => (await Promise.all(list.map((b) => pool.count(b)))).reduce((n, r) => n + r.tokens[spec.id], 0);
  await run(batches.slice(0, Math.max(workers, Math.ceil(batches.length / 10))));
  const start = process.hrtime.bigint();
  const tokens = await run(batches);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await pool.close();
  return { mbps: megabytes[lang] / seconds, tokens };
}

const workers = cpus().length;
const rows = [];
for (const entry of loadRegistry()) {
  const spec = await resolveTokenizer(entry.id);
  const ours = createCounter(spec);
  for (const lang of ["ja", "en"]) {
    const row = { tokenizer: entry.id, lang, mb: megabytes[lang] };
    const one = throughput(lang, (docs) => sum(docs, (d) => ours.count(d)));
    row.ours1 = one.mbps;
    const all = await poolThroughput(spec, lang, workers);
    row.oursAll = all.mbps;
    const references = {};
    if (spec.kind === "tiktoken") {
      references["tiktoken (WASM)"] = throughput(lang, tiktokenReference(spec.encoding));
      references["gpt-tokenizer"] = throughput(lang, await gptTokenizerReference(spec.encoding === "r50k_base" ? "r50k_base" : spec.encoding));
    } else {
      references["tokenizers (native, 1 thread)"] = nativeReference(spec.path, lang);
    }
    for (const [name, r] of Object.entries(references)) {
      if (r.tokens !== one.tokens) throw new Error(`${entry.id} ${lang}: ${name} counts ${r.tokens} tokens, ours ${one.tokens}`);
    }
    if (all.tokens !== one.tokens) throw new Error(`${entry.id} ${lang}: the worker pool counts ${all.tokens}, one thread ${one.tokens}`);
    row.references = Object.fromEntries(Object.entries(references).map(([k, v]) => [k, v.mbps]));
    row.tokens = one.tokens;
    rows.push(row);
    console.log(`${entry.id.padEnd(12)} ${lang}  ours ${one.mbps.toFixed(2)} MB/s (1 thread), ${all.mbps.toFixed(2)} MB/s (${workers} workers)  ${Object.entries(row.references).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
  }
}

const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const cpu = cpus()[0]?.model ?? "unknown CPU";
const fmt = (x) => (x === undefined ? "—" : x.toFixed(2));
const lines = [
  "# Benchmarks",
  "",
  `Written by \`pnpm bench\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}, commit ${commit}.`,
  `Machine: ${cpu}, ${workers} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  "",
  `Text: unique real text from ../shared/corpus-samples, split into paragraph documents — Japanese ${megabytes.ja.toFixed(2)} MB, English ${megabytes.en.toFixed(2)} MB (UTF-8).`,
  "Throughput in MB/s of UTF-8 text, counting each document without special tokens. Tokenizer loading and start-up",
  "are excluded: one-thread figures time the counting loop after loading (after a warm-up pass over a tenth of the",
  `text); "all workers" is census count's pool of ${workers} worker threads, started and warmed up first, counting all documents in batches.`,
  "Every library's token total was checked equal to ours before its time was recorded.",
  "",
  "| tokenizer | text | tokens | ours, 1 thread | ours, all workers | workers ÷ 1 thread | reference libraries (1 thread) | ours ÷ fastest reference |",
  "|---|---|---:|---:|---:|---:|---|---:|",
  ...rows.map((r) => {
    const refs = Object.entries(r.references);
    const fastest = Math.max(...refs.map(([, v]) => v));
    return `| ${r.tokenizer} | ${r.lang} | ${r.tokens.toLocaleString("en-US")} | ${fmt(r.ours1)} | ${fmt(r.oursAll)} | ${(r.oursAll / r.ours1).toFixed(2)}× | ${refs.map(([k, v]) => `${k} ${fmt(v)}`).join("; ")} | ${(r.ours1 / fastest).toFixed(2)}× |`;
  }),
  "",
];
writeFileSync(join(root, "BENCHMARKS.md"), lines.join("\n"));
console.log(`wrote BENCHMARKS.md (${rows.length} rows)`);
