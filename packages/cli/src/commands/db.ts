import { resolve } from "node:path";
import { defineCommand } from "../command-definition.js";
import { buildStore } from "@corpus-census/catalog";
import { replaceAtomically } from "@corpus-census/common";
import { loadCatalogWarning } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const dbDefinition = defineCommand({
  usage: "census db --out FILE [--catalog DIR]",
  description: `Writes the catalog as a SQLite database (tables entries, sizes, flags, source_urls,
scale_references, meta; full-text index entries_fts) for others to query.`,
  options: { out: { type: "string" }, catalog: { type: "string" } },
  positionals: false,
  run: ({ values }, out) => dbCommand(values, out),
});

function dbCommand(values: { out?: string; catalog?: string }, out: Output): number {
  if (!values.out) throw new UsageError("census db needs --out FILE");
  const catalog = loadCatalogWarning(values.catalog, out);
  // Built under a temporary name beside it and renamed: a kill or a full disk leaves the previous file.
  replaceAtomically(values.out, (temporary) => buildStore(catalog, temporary));
  out.stdout(
    `wrote ${resolve(values.out)}: ${catalog.entries.length} entries, ${catalog.references.length} scale references`,
  );
  return 0;
}
