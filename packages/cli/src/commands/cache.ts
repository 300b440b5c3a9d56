import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot } from "@corpus-census/common";
import { clearModelCache, modelCacheCap, modelCacheDir, modelCacheEntries } from "@corpus-census/tokenizers";
import { defineCommand } from "../command-definition.js";
import type { Output } from "../output.js";
import { renderTable } from "../table.js";
import { UsageError } from "../usage-error.js";

export const cacheDefinition = defineCommand({
  usage: "census cache [--json]\ncensus cache clear [--all]",
  description: `Shows the cache (CENSUS_CACHE_DIR, else $XDG_CACHE_HOME/corpus-census or ~/.cache/corpus-census):
each of its parts with its size, and the built tokenizer models (models/), which stay under
CENSUS_MODEL_CACHE_MB megabytes (default 500): the least recently used go first, and those of
other census versions once unused for an hour.

census cache clear removes the built models (rebuilt when next used, seconds each); --all
removes everything in the cache, the Hub downloads and the catalog stores included.`,
  options: {
    json: { type: "boolean", default: false },
    all: { type: "boolean", default: false },
    catalog: { type: "string" },
  },
  positionals: true,
  run: ({ values, positionals }, out) => cacheCommand(values, positionals, out),
});

function sizeOf(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of readdirSync(path)) {
    try {
      total += sizeOf(join(path, name));
    } catch {
      // removed meanwhile
    }
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function cacheCommand(values: { json: boolean; all: boolean }, positionals: string[], out: Output): number {
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== undefined && action !== "clear"))
    throw new UsageError(`census cache: unexpected argument "${extra[0] ?? action}"`);
  if (values.all && action !== "clear") throw new UsageError("census cache: --all goes with clear");
  const root = cacheRoot();
  if (action === "clear") {
    if (values.all) {
      let bytes = 0;
      let names: string[] = [];
      try {
        names = readdirSync(root);
      } catch {
        // no cache yet
      }
      for (const name of names) {
        const path = join(root, name);
        try {
          bytes += sizeOf(path);
        } catch {
          // removed meanwhile
        }
        rmSync(path, { recursive: true, force: true });
      }
      out.stdout(`census cache: removed everything in ${root} (${mb(bytes)})`);
    } else {
      out.stdout(`census cache: removed the built models in ${modelCacheDir()} (${mb(clearModelCache())})`);
    }
    return 0;
  }
  let names: string[] = [];
  try {
    names = readdirSync(root).sort();
  } catch {
    // no cache yet
  }
  const parts = names.flatMap((name) => {
    try {
      return [{ name, bytes: sizeOf(join(root, name)) }];
    } catch {
      return [];
    }
  });
  const models = modelCacheEntries();
  const modelBytes = models.reduce((sum, m) => sum + m.bytes, 0);
  const current = models.filter((m) => m.current);
  if (values.json) {
    out.stdout(
      JSON.stringify(
        {
          dir: root,
          bytes: parts.reduce((sum, p) => sum + p.bytes, 0),
          parts,
          models: {
            dir: modelCacheDir(),
            capBytes: modelCacheCap(),
            bytes: modelBytes,
            entries: models.map((m) => ({ ...m, lastUsed: m.lastUsed.toISOString() })),
          },
        },
        null,
        2,
      ),
    );
    return 0;
  }
  out.stdout(`${root}: ${mb(parts.reduce((sum, p) => sum + p.bytes, 0))}`);
  if (parts.length > 0)
    out.stdout(
      renderTable(parts, [
        { header: "part", value: (p) => p.name },
        { header: "size", value: (p) => mb(p.bytes), align: "right" },
      ]),
    );
  out.stdout(
    `models: ${models.length} (${mb(modelBytes)} of at most ${mb(modelCacheCap())}, CENSUS_MODEL_CACHE_MB); ${current.length} built by this version (${mb(current.reduce((s, m) => s + m.bytes, 0))}), ${models.length - current.length} by others` +
      (models.length > 0 ? `; least recently used ${models[0]!.lastUsed.toISOString()}` : ""),
  );
  return 0;
}
