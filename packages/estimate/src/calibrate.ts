import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import {
  CALIBRATION_UNITS,
  type Calibration,
  type CalibrationUnit,
  type Ratio,
  type TextKind,
} from "@corpus-census/catalog";
import { CountPool, openDocuments, type DocumentCounts, type EncodingOption, type Format } from "@corpus-census/count";
import type { TokenizerSpec } from "@corpus-census/tokenizers";
import { bootstrapRatios } from "./bootstrap.js";

export interface CalibrationSample {
  file: string;
  lang: "ja" | "en";
  textKind: TextKind;
  /** How the file is named in the measurement (a path relative to a known root); default its base name. */
  name?: string;
  /** The format, when detection would not split it into documents as meant (one paragraph per line: "lines"). */
  format?: Format;
}

interface CalibrateOptions {
  workers: number;
  replicates?: number;
  confidence?: number;
  seed?: number;
  toolVersion: string;
  id?: string;
  createdOn?: string;
  /** The samples' encoding (default "auto": UTF-8 unless a sample is clearly Shift_JIS or EUC-JP). */
  encoding?: EncodingOption;
  /** Called before each sample is counted (progress). */
  onSample?: (index: number, total: number, sample: CalibrationSample) => void;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const BATCH_CHARS = 128 * 1024;

/** Counts every document of a sample and returns each one's counts. */
async function countSample(
  sample: CalibrationSample,
  pool: CountPool,
  encoding: EncodingOption,
): Promise<DocumentCounts[]> {
  const opened = await openDocuments(sample.file, {
    format: sample.format,
    wikitext: "plain",
    encoding,
    onError: "fail",
  });
  const results: Promise<DocumentCounts[]>[] = [];
  let batch: string[] = [];
  let chars = 0;
  const flush = () => {
    if (batch.length > 0) results.push(pool.count(batch, true).then((r) => r.perDocument!));
    batch = [];
    chars = 0;
  };
  try {
    for await (const part of opened.documents) {
      if (!part.end) throw new Error(`${sample.file}: a document was cut in parts; calibration needs whole documents`);
      batch.push(part.text);
      chars += part.text.length;
      if (chars >= BATCH_CHARS) flush();
    }
    flush();
  } finally {
    opened.close();
  }
  if (opened.decode.invalidUtf8 > 0)
    throw new Error(
      `${sample.file}: ${opened.decode.invalidUtf8} invalid UTF-8 sequences; calibrate on clean UTF-8 text`,
    );
  return (await Promise.all(results)).flat();
}

function unitValue(d: DocumentCounts, unit: CalibrationUnit): number {
  switch (unit) {
    case "morphemes":
      return d.morphemes ?? 0;
    case "whitespace-words":
      return d.whitespaceWords;
    case "characters":
      return d.chars;
    case "bytes-uncompressed":
      return d.bytes;
  }
}

/** A sample's totals over its documents: each unit (morphemes for Japanese only) and each tokenizer's tokens. */
function sampleTotals(documents: DocumentCounts[], lang: "ja" | "en", specs: TokenizerSpec[]) {
  const sum = (value: (d: DocumentCounts) => number) => documents.reduce((a, d) => a + value(d), 0);
  const units = Object.fromEntries(
    CALIBRATION_UNITS.filter((u) => u !== "morphemes" || lang === "ja").map((u) => [u, sum((d) => unitValue(d, u))]),
  );
  const tokens = Object.fromEntries(specs.map((spec, t) => [spec.id, sum((d) => d.tokens[t]!)]));
  return { units, tokens };
}

/** A sample counted document by document. */
interface MeasuredSample {
  sample: CalibrationSample;
  sha256: string;
  bytes: number;
  documents: DocumentCounts[];
}

/** Counts every sample document by document (morphemes for Japanese samples). */
export async function measureSamples(
  samples: CalibrationSample[],
  specs: TokenizerSpec[],
  options: Pick<CalibrateOptions, "workers" | "encoding" | "onSample">,
): Promise<MeasuredSample[]> {
  // Morphemes are a Japanese unit: English samples are counted without kuromoji.
  const pools = new Map<"ja" | "en", CountPool>();
  const poolFor = async (lang: "ja" | "en") => {
    let pool = pools.get(lang);
    if (!pool) pools.set(lang, (pool = await CountPool.start(options.workers, { specs, morphemes: lang === "ja" })));
    return pool;
  };
  const measured: MeasuredSample[] = [];
  try {
    for (const [index, sample] of samples.entries()) {
      options.onSample?.(index, samples.length, sample);
      const documents = await countSample(sample, await poolFor(sample.lang), options.encoding ?? "auto");
      if (documents.length === 0) throw new Error(`${sample.file}: no documents`);
      measured.push({ sample, sha256: await sha256File(sample.file), bytes: statSync(sample.file).size, documents });
    }
  } finally {
    await Promise.all([...pools.values()].map((p) => p.close()));
  }
  return measured;
}

/**
 * Measures tokens per unit (morpheme, whitespace word, character, UTF-8 byte) for every
 * tokenizer and every (language, text kind) of the samples, with bootstrap intervals over
 * documents, and each sample's own totals (what the prediction intervals are fitted to).
 * Morphemes are measured for Japanese only.
 */
export async function calibrate(
  samples: CalibrationSample[],
  specs: TokenizerSpec[],
  options: CalibrateOptions,
): Promise<Calibration> {
  const replicates = options.replicates ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 1;
  const measured = await measureSamples(samples, specs, options);

  const groups = new Map<string, typeof measured>();
  for (const m of measured) {
    const key = `${m.sample.lang}/${m.sample.textKind}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const ratios: Ratio[] = [];
  let groupIndex = 0;
  for (const [key, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [lang, textKind] = key.split("/") as ["ja" | "en", TextKind];
    const documents = members.flatMap((m) => m.documents);
    const units = CALIBRATION_UNITS.filter((u) => u !== "morphemes" || lang === "ja");
    const numerators = specs.map((_, t) => Float64Array.from(documents, (d) => d.tokens[t]!));
    const denominators = units.map((u) => Float64Array.from(documents, (d) => unitValue(d, u)));
    const pairs: [number, number][] = specs.flatMap((_, t) => units.map((_, u) => [t, u] as [number, number]));
    const intervals = bootstrapRatios(numerators, denominators, pairs, {
      replicates,
      confidence,
      seed: seed + groupIndex++,
    });
    pairs.forEach(([t, u], p) => {
      const tokens = numerators[t]!.reduce((a, b) => a + b, 0);
      const unitTotal = denominators[u]!.reduce((a, b) => a + b, 0);
      if (unitTotal === 0) return;
      ratios.push({
        tokenizer: specs[t]!.id,
        lang,
        textKind,
        unit: units[u]!,
        ...intervals[p]!,
        documents: documents.length,
        tokens,
        unitTotal,
        samples: members.map((m) => m.sha256),
      });
    });
  }
  const createdOn = options.createdOn ?? new Date().toISOString().slice(0, 10);
  return {
    type: "calibration",
    id: options.id ?? `calibration-${createdOn}`,
    createdOn,
    tool: { name: "corpus-census", version: options.toolVersion },
    method: "tokens per unit as a ratio of sums over documents; percentile bootstrap over documents",
    confidence,
    replicates,
    seed,
    morphemeAnalyzer: "kuromoji 0.1.2 (IPADIC), whitespace tokens excluded",
    samples: measured.map((m) => ({
      file: m.sample.name ?? basename(m.sample.file),
      ...(m.sample.format ? { format: m.sample.format } : {}),
      sha256: m.sha256,
      bytes: m.bytes,
      lang: m.sample.lang,
      textKind: m.sample.textKind,
      documents: m.documents.length,
      totals: sampleTotals(m.documents, m.sample.lang, specs),
    })),
    ratios,
  };
}
