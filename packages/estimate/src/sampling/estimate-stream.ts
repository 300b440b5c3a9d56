import { openDocuments, textStats, type ReadOptions } from "@corpus-census/count";
import { normalQuantile, seededRandom } from "../random.js";
import type { Interval } from "../interval.js";
import type { DocumentTokenCounter } from "./document-counter.js";
import type { SampleEstimate } from "./estimate-file.js";

/**
 * For inputs that cannot be read at random offsets (compressed single files, stdin): the
 * whole stream is decompressed and every document is seen — so documents and bytes are exact —
 * but only a random `fraction` of documents is tokenized, the expensive part. Tokens are a
 * ratio estimate by UTF-8 bytes over the tokenized documents. This is not a prefix: documents
 * are drawn from the whole file.
 */
export async function estimateStreamBySampling(
  input: string,
  counter: DocumentTokenCounter,
  options: ReadOptions & { fraction: number; seed: number; confidence?: number },
): Promise<SampleEstimate> {
  if (!(options.fraction > 0 && options.fraction <= 1))
    throw new RangeError(`sample fraction must be in (0, 1], got ${options.fraction}`);
  const random = seededRandom(options.seed);
  const opened = await openDocuments(input, { ...options, segmentBytes: undefined });
  let documents = 0;
  let totalBytes = 0;
  let totalChars = 0;
  const chosen: string[] = [];
  const chosenBytes: number[] = [];
  try {
    for await (const part of opened.documents) {
      documents++;
      const { bytes, chars } = textStats(part.text);
      totalBytes += bytes;
      totalChars += chars;
      if (random() < options.fraction) {
        chosen.push(part.text);
        chosenBytes.push(bytes);
      }
    }
  } finally {
    opened.close();
  }
  const counts = await counter.count(chosen);
  const n = chosen.length;
  const z = normalQuantile(options.confidence ?? 0.95);
  const sumB = chosenBytes.reduce((a, b) => a + b, 0);
  const tokens: Record<string, Interval> = {};
  counter.tokenizers.forEach((id, t) => {
    const ts = counts.map((c) => c[t]!);
    const sumT = ts.reduce((a, b) => a + b, 0);
    const r = sumT / Math.max(1, sumB);
    const value = r * totalBytes;
    if (n === documents) return void (tokens[id] = { value, low: value, high: value });
    const meanB = sumB / Math.max(1, n);
    const s2 =
      n > 1 ? ts.reduce((acc, ti, i) => acc + (ti - r * chosenBytes[i]!) ** 2, 0) / (n - 1) : Number.POSITIVE_INFINITY;
    const half = z * totalBytes * Math.sqrt(((1 - n / Math.max(1, documents)) * s2) / (Math.max(1, n) * meanB * meanB));
    tokens[id] = { value, low: Math.max(sumT, value - half), high: value + half };
  });
  return {
    estimate: { documents: { value: documents, low: documents, high: documents }, tokens },
    io: { bytesRead: opened.inputBytes, totalBytes: opened.size ?? null },
    text: {
      bytes: { value: totalBytes, low: totalBytes, high: totalBytes },
      characters: { value: totalChars, low: totalChars, high: totalChars },
    },
    method: `the whole ${opened.compression === "none" ? "stream" : `${opened.compression} stream`} decompressed (it cannot be read at random offsets); ${n} of ${documents} documents drawn with probability ${options.fraction} and tokenized; tokens by a ratio estimator on UTF-8 bytes, seed ${options.seed}`,
    draws: n,
    notes: [
      `${opened.compression === "none" ? "stdin" : `a ${opened.compression}-compressed file`} cannot be sampled at random offsets: all ${opened.inputBytes.toLocaleString("en-US")} bytes were read; only tokenization was sampled`,
    ],
  };
}
