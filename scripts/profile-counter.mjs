// Where one counter spends its time: an inspector CPU profile around the counting loop only
// (not loading the tokenizer, reading the texts or warming up), printed as self time by function.
// For finding per-piece overhead; compare builds with scripts/ab-counters.mjs, not with this.
//
//   node scripts/profile-counter.mjs ID LANG [ROUNDS]
//
// ID: a registry id (o200k_base, llama3, ...) or one of the bench's other rows (unigram-metaspace,
// llm-jp-v3.1.model, ...); LANG: en or ja (pnpm bench's texts, split into paragraphs); ROUNDS
// (default 10): passes over the texts while profiling. Build first (pnpm build).
import { Session } from "node:inspector/promises";
import { benchDocuments, testModelRows } from "./bench-texts.mjs";

const [id, lang, rounds = "10"] = process.argv.slice(2);
if (!id || (lang !== "en" && lang !== "ja")) {
  console.error("usage: node scripts/profile-counter.mjs ID en|ja [ROUNDS]");
  process.exit(1);
}
const { createCounter, resolveTokenizer } = await import("../packages/tokenizers/dist/index.js");
const documents = (await benchDocuments())[lang];
const testModel = (await testModelRows()).find((row) => row.id === id);
const counter = createCounter({ ...(await resolveTokenizer(testModel?.name ?? id)), id });
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
