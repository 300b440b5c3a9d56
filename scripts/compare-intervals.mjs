#!/usr/bin/env node
// Leave-one-file-out over the calibration samples, two ways: the bootstrap interval of the
// kind's ratio of sums (what census printed before: the sampling noise of the documents only) and the
// prediction interval of the random-effects model over files (now). Prints coverage and mean
// half-width per language. Usage: pnpm build && node scripts/compare-intervals.mjs [manifest]
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { resolveTokenizer, loadRegistry } from "../packages/tokenizers/dist/index.js";
import {
  bootstrapRatios,
  leaveOneFileOut,
  measureSamples,
  summarizeLeftOut,
  unitsOf,
} from "../packages/estimate/dist/index.js";

const manifestPath = resolve(process.argv[2] ?? "scripts/calibration-samples.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const samples = manifest.samples.map((s) => ({
  ...s,
  name: s.file,
  file: join(resolve(dirname(manifestPath), s.root ?? manifest.root ?? "."), s.file),
}));
const specs = await Promise.all(loadRegistry().map((e) => resolveTokenizer(e.id)));
const measured = await measureSamples(samples, specs, { workers: 2 });

const unitValue = (d, unit) =>
  ({
    morphemes: d.morphemes ?? 0,
    "whitespace-words": d.whitespaceWords,
    characters: d.chars,
    "bytes-uncompressed": d.bytes,
  })[unit];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

function before(lang) {
  const out = [];
  for (const [i, left] of measured.entries()) {
    if (left.sample.lang !== lang) continue;
    const rest = measured.filter((m, j) => j !== i && m.sample.lang === lang);
    const sameKind = rest.filter((m) => m.sample.textKind === left.sample.textKind);
    // 0.1's fallback: the kind with the most documents stands in.
    const kinds = [...new Set(rest.map((m) => m.sample.textKind))];
    const widest = kinds.sort(
      (a, b) =>
        sum(rest.filter((m) => m.sample.textKind === b).map((m) => m.documents.length)) -
        sum(rest.filter((m) => m.sample.textKind === a).map((m) => m.documents.length)),
    )[0];
    const pool = (sameKind.length ? sameKind : rest.filter((m) => m.sample.textKind === widest)).flatMap(
      (m) => m.documents,
    );
    const units = unitsOf(lang);
    const numerators = specs.map((_, t) => Float64Array.from(pool, (d) => d.tokens[t]));
    const denominators = units.map((u) => Float64Array.from(pool, (d) => unitValue(d, u)));
    const pairs = specs.flatMap((_, t) => units.map((_, u) => [t, u]));
    const intervals = bootstrapRatios(numerators, denominators, pairs, { replicates: 1000, confidence: 0.95, seed: 1 });
    pairs.forEach(([t, u], p) => {
      const size = sum(left.documents.map((d) => unitValue(d, units[u])));
      const actual = sum(left.documents.map((d) => d.tokens[t]));
      const r = intervals[p];
      if (!size || !Number.isFinite(r.value)) return;
      const predicted = size * r.value;
      out.push({
        covered: size * r.low <= actual && actual <= size * r.high,
        relativeHalfWidth: (size * (r.high - r.low)) / 2 / predicted,
        logError: Math.log(actual / predicted),
        file: left.sample.name,
      });
    });
  }
  return out;
}

const files = measured.map((m) => ({
  file: m.sample.name,
  lang: m.sample.lang,
  textKind: m.sample.textKind,
  units: Object.fromEntries(unitsOf(m.sample.lang).map((u) => [u, sum(m.documents.map((d) => unitValue(d, u)))])),
  tokens: Object.fromEntries(specs.map((s, t) => [s.id, sum(m.documents.map((d) => d.tokens[t]))])),
}));
const after = leaveOneFileOut(files, 0.95);
const pct = (x) => `${(100 * x).toFixed(1)} %`;
console.log("| language | files | method | predictions | held the exact count | mean half-width | RMS log error |");
console.log("|---|---:|---|---:|---:|---:|---:|");
for (const lang of ["ja", "en"]) {
  for (const [name, preds] of [
    ["bootstrap of the kind's ratio (before)", before(lang)],
    ["prediction interval over files (now)", after.filter((p) => p.lang === lang)],
  ]) {
    const s = summarizeLeftOut(preds);
    console.log(
      `| ${lang} | ${s.files} | ${name} | ${s.predictions} | ${pct(s.coverage)} | ±${pct(s.meanRelativeHalfWidth)} | ${pct(s.rmsLogError)} |`,
    );
  }
}
