import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cacheRoot, writeAtomically } from "@corpus-census/common";
import { join } from "node:path";
import type { Shard, ShardCounts } from "./estimate-shards.js";

function cacheDir(): string {
  return join(cacheRoot(), "shard-counts");
}

/**
 * Keeps each counted shard's counts on disk, keyed by the shard (name and size) and by how it
 * was counted (tokenizers, format, field), so an interrupted estimate over many shards resumes
 * where it stopped: rerun the same command and counted shards are not read again.
 */
export function resumableShardCounter(
  countShard: (shard: Shard) => Promise<ShardCounts>,
  howCounted: Record<string, unknown>,
): { count: (shard: Shard) => Promise<ShardCounts>; resumed: () => number } {
  const dir = cacheDir();
  let resumed = 0;
  const keyOf = (shard: Shard) =>
    createHash("sha256")
      .update(JSON.stringify({ name: shard.name, bytes: shard.bytes, ...howCounted }))
      .digest("hex");
  return {
    resumed: () => resumed,
    async count(shard) {
      const file = join(dir, `${keyOf(shard)}.json`);
      try {
        const cached = JSON.parse(readFileSync(file, "utf8")) as ShardCounts;
        resumed++;
        // Nothing was read this time.
        return { ...cached, bytesRead: 0 };
      } catch {
        // not counted before
      }
      const counts = await countShard(shard);
      writeAtomically(file, JSON.stringify(counts));
      return counts;
    },
  };
}
