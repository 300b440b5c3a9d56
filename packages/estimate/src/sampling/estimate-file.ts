import { textStats } from "@corpus-census/count";
import { normalQuantile, seededRandom } from "../random.js";
import type { Interval } from "../interval.js";
import type { DocumentTokenCounter } from "./document-counter.js";
import type { RandomAccessSource } from "./random-access.js";
import { LineReader, unitAt, type SampledFormat, type SampledUnit } from "./units.js";

export interface SampleEstimate {
  estimate: { documents: Interval; tokens: Record<string, Interval> };
  io: { bytesRead: number; totalBytes: number | null };
  /**
   * UTF-8 bytes and code points of the documents' text, estimated like the tokens (exact when
   * every document was seen): what a saved run is checked against in the catalog's sizes.
   */
  text?: { bytes: Interval; characters: Interval };
  method: string;
  draws: number;
  notes: string[];
}

interface FileSampleOptions {
  format: SampledFormat;
  field?: string;
  /** Share of the file's bytes to read, in (0, 1]: draws go on until this much has been read. */
  fraction: number;
  seed: number;
  confidence?: number;
  /** Draws fetched at once (for remote files, requests in flight). */
  parallel?: number;
}

/**
 * Estimates a file's documents and tokens from documents drawn at uniform random byte offsets:
 * a draw picks the unit (document + following empty lines) holding the byte, with probability
 * p = length / size, so t / p is an unbiased estimate of the total (Hansen–Hurwitz). Draws
 * continue until `fraction` of the file has been read; the interval is normal, from the spread
 * of t / p between draws.
 */
export async function estimateFileBySampling(
  source: RandomAccessSource,
  counter: DocumentTokenCounter,
  options: FileSampleOptions,
): Promise<SampleEstimate> {
  if (!(options.fraction > 0 && options.fraction <= 1))
    throw new RangeError(`sample fraction must be in (0, 1], got ${options.fraction}`);
  const size = source.size;
  const random = seededRandom(options.seed);
  const reader = new LineReader(source);
  const parallel = options.parallel ?? 8;
  const units: SampledUnit[] = [];
  const budget = options.fraction * size;
  const startBytes = source.bytesRead;
  while (source.bytesRead - startBytes < budget && size > 0) {
    const offsets = Array.from({ length: parallel }, () => Math.floor(random() * size));
    units.push(...(await Promise.all(offsets.map((o) => unitAt(reader, o, options.format, options.field, size)))));
  }
  const texts = units.filter((u) => u.text !== undefined).map((u) => u.text!);
  const counted = await counter.count(texts);
  const n = units.length;
  const z = normalQuantile(options.confidence ?? 0.95);
  const estimateOf = (value: (unit: SampledUnit, k: number) => number): Interval => {
    // y = t / p = t × size / length for each draw.
    const ys = units.map((u, i) => (value(u, i) * size) / Math.max(1, u.end - u.start));
    const mean = ys.reduce((a, b) => a + b, 0) / Math.max(1, n);
    const variance = n > 1 ? ys.reduce((a, y) => a + (y - mean) ** 2, 0) / (n - 1) : Number.POSITIVE_INFINITY;
    const half = z * Math.sqrt(variance / Math.max(1, n));
    return { value: mean, low: Math.max(0, mean - half), high: mean + half };
  };
  // Token counts of the drawn documents, aligned with `units` (the leading unit has none).
  const perUnit: (number[] | undefined)[] = [];
  let k = 0;
  for (const u of units) perUnit.push(u.text === undefined ? undefined : counted[k++]);
  const tokens: Record<string, Interval> = {};
  counter.tokenizers.forEach((id, t) => (tokens[id] = estimateOf((_u, i) => perUnit[i]?.[t] ?? 0)));
  const stats = units.map((u) => (u.text === undefined ? undefined : textStats(u.text)));
  return {
    estimate: { documents: estimateOf((u) => (u.text === undefined ? 0 : 1)), tokens },
    io: { bytesRead: source.bytesRead, totalBytes: size },
    text: {
      bytes: estimateOf((_u, i) => stats[i]?.bytes ?? 0),
      characters: estimateOf((_u, i) => stats[i]?.chars ?? 0),
    },
    method: `documents at ${n} uniform random byte offsets (Hansen–Hurwitz estimator, normal ${Math.round((options.confidence ?? 0.95) * 100)}% interval), seed ${options.seed}`,
    draws: n,
    notes: [
      ...(n < 30 ? [`only ${n} draws: the interval is rough; sample a larger fraction`] : []),
      "documents are estimated from 1/length of the drawn documents; short documents are rarely drawn, so that interval is less reliable than the tokens'",
    ],
  };
}
