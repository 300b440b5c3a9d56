import { normalQuantile, seededRandom } from "../random.js";
import type { Interval } from "../interval.js";
import type { SampleEstimate } from "./estimate-file.js";

export interface Shard {
  name: string;
  /** Bytes of the shard as stored (compressed when it is). */
  bytes: number;
  /** Where to read it, when that is not its name (a Hub file's download URL). */
  url?: string;
}

export interface ShardCounts {
  documents: number;
  tokens: Record<string, number>;
  /** Bytes actually read (the whole shard). */
  bytesRead: number;
  /** UTF-8 bytes and code points of the shard's text (absent from counts cached by older versions). */
  textBytes?: number;
  characters?: number;
}

/**
 * Estimates a corpus of many shards from whole shards drawn at random without replacement,
 * until they hold `fraction` of the bytes: a ratio estimator by bytes (total = Σt / Σb × B),
 * with a normal interval from the spread between shards and the finite-population correction.
 */
export async function estimateShardsBySampling(
  shards: Shard[],
  countShard: (shard: Shard) => Promise<ShardCounts>,
  options: { fraction: number; seed: number; confidence?: number; tokenizers: string[] },
): Promise<SampleEstimate & { sampledShards: string[] }> {
  if (!(options.fraction > 0 && options.fraction <= 1))
    throw new RangeError(`sample fraction must be in (0, 1], got ${options.fraction}`);
  if (shards.length === 0) throw new Error("no shards to sample");
  const total = shards.reduce((n, s) => n + s.bytes, 0);
  const random = seededRandom(options.seed);
  const order = shards
    .map((s, i) => ({ s, key: random(), i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.s);
  const chosen: { shard: Shard; counts: ShardCounts }[] = [];
  let covered = 0;
  for (const shard of order) {
    if (covered >= options.fraction * total && chosen.length >= Math.min(2, shards.length)) break;
    chosen.push({ shard, counts: await countShard(shard) });
    covered += shard.bytes;
  }
  const n = chosen.length;
  const N = shards.length;
  const z = normalQuantile(options.confidence ?? 0.95);
  const b = chosen.map((c) => c.shard.bytes);
  const sumB = b.reduce((x, y) => x + y, 0);
  const meanB = sumB / n;
  const ratioEstimate = (t: number[]): Interval => {
    const sumT = t.reduce((x, y) => x + y, 0);
    const r = sumT / Math.max(1, sumB);
    const value = r * total;
    if (n === N) return { value, low: value, high: value };
    if (n < 2) return { value, low: 0, high: Number.POSITIVE_INFINITY };
    const s2 = t.reduce((acc, ti, i) => acc + (ti - r * b[i]!) ** 2, 0) / (n - 1);
    const varR = ((1 - n / N) * s2) / (n * meanB * meanB);
    const half = z * total * Math.sqrt(varR);
    return { value, low: Math.max(sumT, value - half), high: value + half };
  };
  const tokens: Record<string, Interval> = {};
  for (const id of options.tokenizers) tokens[id] = ratioEstimate(chosen.map((c) => c.counts.tokens[id] ?? 0));
  const haveText = chosen.every((c) => c.counts.textBytes !== undefined && c.counts.characters !== undefined);
  return {
    estimate: { documents: ratioEstimate(chosen.map((c) => c.counts.documents)), tokens },
    io: { bytesRead: chosen.reduce((x, c) => x + c.counts.bytesRead, 0), totalBytes: total },
    ...(haveText
      ? {
          text: {
            bytes: ratioEstimate(chosen.map((c) => c.counts.textBytes!)),
            characters: ratioEstimate(chosen.map((c) => c.counts.characters!)),
          },
        }
      : {}),
    method: `${n} of ${N} shards drawn at random without replacement and counted whole; ratio estimator by shard bytes, seed ${options.seed}`,
    draws: n,
    notes: n < 2 ? ["fewer than two shards were sampled: no interval"] : [],
    sampledShards: chosen.map((c) => c.shard.name),
  };
}
