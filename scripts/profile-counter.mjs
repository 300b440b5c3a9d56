// Where one counter spends its time: an inspector CPU profile around the counting loop only
// (not loading the tokenizer, reading the texts or warming up), printed as self time by function.
// For finding per-piece overhead; compare builds with scripts/ab-counters.mjs, not with this.
//
//   node scripts/profile-counter.mjs ID LANG [ROUNDS]
//
// ID: a registry id (o200k_base, llama3, ...); LANG: en or ja (pnpm bench's texts, split into
// paragraphs); ROUNDS (default 10): passes over the texts while profiling. Build first (pnpm build).
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const samples = process.env.CENSUS_SAMPLES ?? join(root, "..", "shared", "corpus-samples");
const [id, lang, rounds = "10"] = process.argv.slice(2);
const files = {
  en: ["en/gutenberg_pride_and_prejudice.txt", "en/ud_ewt_dev_web.txt", "en/debian_maint-guide.en.txt.gz"],
  ja: [
    "ja/aozora_bocchan.txt",
    "ja/aozora_kojiki_gendaigoyaku.utf8.txt",
    "ja/ud_gsd_dev_sentences.txt",
    "ja/debian_faq.ja.txt.gz",
    "ja/debian_maint-guide.ja.txt.gz",
  ],
}[lang];
if (!id || !files) {
  console.error("usage: node scripts/profile-counter.mjs ID en|ja [ROUNDS]");
  process.exit(1);
}
const { createCounter, resolveTokenizer } = await import("../packages/tokenizers/dist/index.js");
const read = (file) => {
  const bytes = readFileSync(join(samples, file));
  return (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
};
const documents = files.flatMap((file) => read(file).split(/\n\s*\n/));
const counter = createCounter(await resolveTokenizer(id));
for (const document of documents) counter.count(document);

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const started = process.cpuUsage();
let tokens = 0;
for (let r = 0; r < Number(rounds); r++) for (const document of documents) tokens += counter.count(document);
const cpu = process.cpuUsage(started);
const { profile } = await session.post("Profiler.stop");
session.disconnect();

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
for (const sample of profile.samples) {
  const frame = nodes.get(sample).callFrame;
  const where = frame.url ? ` ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}` : "";
  const key = `${frame.functionName || "(anonymous)"}${where}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const seconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `${id} ${lang}: ${tokens} tokens, ${seconds.toFixed(2)} s CPU, ${profile.samples.length} samples; self time:`,
);
for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`${((100 * n) / profile.samples.length).toFixed(1).padStart(5)} %  ${key}`);
