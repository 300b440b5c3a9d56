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
// IDs: registry ids, or the bench's other rows by its names (unigram-metaspace, unigram-whole-line,
// llm-jp-v3.1.model, albert.model, llama.model); by default gemma3, llama2 and llama.model.
import { join, resolve } from "node:path";
import { benchDocuments, median, testModelRows } from "./bench-texts.mjs";

const args = process.argv.slice(2);
const wall = args.includes("--wall");
const [base, ...ids] = args.filter((a) => a !== "--wall");
if (!base) {
  console.error("usage: node scripts/ab-counters.mjs BASE [--wall] [ID...]");
  process.exit(1);
}
const A = await import(join(resolve(base), "dist", "index.js"));
const B = await import("../packages/tokenizers/dist/index.js");
const documents = await benchDocuments();

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const testModels = Object.fromEntries((await testModelRows()).map((row) => [row.id, row.name]));
const nameOf = (id) => testModels[id] ?? id;

for (const id of ids.length > 0 ? ids : ["gemma3", "llama2", "llama.model"]) {
  const a = A.createCounter({ ...(await A.resolveTokenizer(nameOf(id))), id });
  const b = B.createCounter({ ...(await B.resolveTokenizer(nameOf(id))), id });
  for (const lang of ["ja", "en"]) {
    const all = documents[lang];
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
